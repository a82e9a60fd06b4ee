/* TABARI text records (TABARI manual, section 4.3):
 *
 *     YYMMDD ID...            header: a digit in column 1 after a blank line
 *     text line 1             text lines until a blank line
 *     text line 2 (slash-star) a comment (star-slash)
 *
 * Text between slash-star and star-slash (possibly over several lines) goes
 * to story.comment, the rest of the lines, joined by single spaces, is the
 * story text.  The two-character sequence backslash-n is TABARI's hard
 * return: a space in the text, a line break in the comment.  Blocks that do
 * not start with a digit are comment blocks; those starting with '#' are
 * skipped silently, others with a warning. */
#include "read/read.h"

#include <string.h>

static int is_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!an_isspace((unsigned char)p[i]))
            return 0;
    return 1;
}

/* Appends p[0..n) to the story text: white space and backslash-n collapse to
 * single spaces. */
static int text_add(annals_reader *r, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (an_isspace(c)) {
            r->tab_space = 1;
            i++;
            continue;
        }
        if (c == '\\' && i + 1 < n && p[i + 1] == 'n') {
            r->tab_space = 1;
            i += 2;
            continue;
        }
        /* a run of bytes copied as they are, single spaces between words
           included (they would collapse to themselves) */
        size_t j = i + 1;
        for (;;) {
            if (j < n && !an_isspace((unsigned char)p[j]) && p[j] != '\\')
                j++;
            else if (j + 1 < n && p[j] == ' ' && !an_isspace((unsigned char)p[j + 1]) &&
                     p[j + 1] != '\\')
                j += 2;
            else
                break;
        }
        if (r->tab_space && r->text.len && an_buf_putc(&r->text, ' '))
            return -1;
        r->tab_space = 0;
        if (an_buf_append(&r->text, p + i, j - i))
            return -1;
        i = j;
    }
    return 0;
}

/* Appends one trimmed comment line (if not empty). */
static int comment_line(annals_reader *r, const char *p, size_t n)
{
    while (n && an_isspace((unsigned char)*p)) {
        p++;
        n--;
    }
    while (n && an_isspace((unsigned char)p[n - 1]))
        n--;
    if (!n)
        return 0;
    if (r->comment.len && an_buf_putc(&r->comment, '\n'))
        return -1;
    return an_buf_append(&r->comment, p, n);
}

/* Appends a comment segment: backslash-n starts a new line. */
static int comment_add(annals_reader *r, const char *p, size_t n)
{
    size_t s = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] == '\\' && p[i + 1] == 'n') {
            if (comment_line(r, p + s, i - s))
                return -1;
            s = i + 2;
            i++;
        }
    }
    return comment_line(r, p + s, n - s);
}

static const char *find2(const char *p, size_t n, char a, char b)
{
    const char *e = p + n;
    while (n >= 2 && (p = memchr(p, a, n - 1)) != NULL) {
        if (p[1] == b)
            return p;
        p++;
        n = (size_t)(e - p);
    }
    return NULL;
}

/* One text line of a record. */
static int record_line(annals_reader *r, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (r->tab_in_comment) {
            const char *e = find2(p + i, n - i, '*', '/');
            size_t stop = e ? (size_t)(e - p) : n;
            if (comment_add(r, p + i, stop - i))
                return -1;
            if (!e)
                break;
            r->tab_in_comment = 0;
            i = stop + 2;
            r->tab_space = 1;
        } else {
            const char *b = find2(p + i, n - i, '/', '*');
            size_t stop = b ? (size_t)(b - p) : n;
            if (text_add(r, p + i, stop - i))
                return -1;
            if (!b)
                break;
            r->tab_in_comment = 1;
            r->tab_comment_line = r->lineno;
            i = stop + 2;
        }
    }
    r->tab_space = 1; /* lines are joined with a space */
    return 0;
}

/* Parses a header line into r->id and r->date; returns 1 when the date is
 * valid, 0 when not (warned), -1 nomem. */
static int header(annals_reader *r, const char *p, size_t n, unsigned long line)
{
    size_t d = 0;
    while (d < n && an_isdigit((unsigned char)p[d]))
        d++;
    size_t s = d;
    while (s < n && an_isspace((unsigned char)p[s]))
        s++;
    size_t e = n;
    while (e > s && an_isspace((unsigned char)p[e - 1]))
        e--;
    an_buf_clear(&r->id);
    if (e > s) {
        if (an_buf_append(&r->id, p + s, e - s))
            return -1;
    } else if (an_rd_default_id(r, line)) {
        return -1;
    }
    char out[11];
    if ((d == 6 || d == 8) && an_rd_date(p, d, 1, out) == 0) {
        an_buf_clear(&r->date);
        return an_buf_puts(&r->date, out) ? -1 : 1;
    }
    /* a stray digit after a six-digit date ("9501201"): TABARI reads the
       first six; so do we, and say so */
    if (d == 7 && an_rd_date(p, 6, 1, out) == 0) {
        an_rd_warn(r, line, 1,
                   "date \"%.7s\" in record header has 7 digits; read as \"%.6s\" (YYMMDD)", p, p);
        an_buf_clear(&r->date);
        return an_buf_puts(&r->date, out) ? -1 : 1;
    }
    an_rd_warn(r, line, 1,
               "invalid date \"%.*s\" in record header (expected YYMMDD or YYYYMMDD); date "
               "ignored",
               (int)(d > 16 ? 16 : d), p);
    return 0;
}

int an_rd_tabari_next(annals_reader *r, annals_story *s, annals_error *err)
{
    if (r->done)
        return 0;
    size_t limit = r->lim.max_story_bytes;
    int in_record = 0, in_block = 0, too_long = 0, bad_utf8 = 0, have_date = 0;
    unsigned long start = 0;
    for (;;) {
        int rc = an_rd_line(r, err);
        if (rc < 0)
            return -1;
        int eof = rc == 0;
        const char *p = r->line.p;
        size_t n = r->line.len;
        if (!in_record) {
            if (eof) {
                an_rd_finish(r);
                return 0;
            }
            if (!r->line_too_long && is_blank(p, n)) {
                in_block = 0;
                continue;
            }
            if (in_block)
                continue;
            if (!an_isdigit((unsigned char)p[0])) {
                in_block = 1;
                if (p[0] != '#') {
                    if (!r->tab_seen_header)
                        an_rd_warn(r, r->lineno, 1,
                                   "text before the first record header ignored (expected "
                                   "\"YYMMDD ID\")");
                    else
                        an_rd_warn(r, r->lineno, 1,
                                   "block without a record header ignored (expected \"YYMMDD "
                                   "ID\" after a blank line)");
                }
                continue;
            }
            /* a header */
            in_record = 1;
            r->tab_seen_header = 1;
            start = r->lineno;
            too_long = r->line_too_long;
            bad_utf8 = 0;
            an_buf_clear(&r->text);
            an_buf_clear(&r->comment);
            r->tab_in_comment = 0;
            r->tab_space = 0;
            const char *h = an_rd_utf8(r, p, n, start, 1, &bad_utf8, &r->tmp);
            if (!h)
                goto nomem;
            int hr = header(r, h, h == p ? n : r->tmp.len, start);
            if (hr < 0)
                goto nomem;
            have_date = hr;
            continue;
        }
        /* inside a record */
        if (!eof && (r->line_too_long || !is_blank(p, n))) {
            if (r->line_too_long)
                too_long = 1;
            if (too_long)
                continue;
            const char *t = an_rd_utf8(r, p, n, r->lineno, 1, &bad_utf8, &r->tmp);
            if (!t)
                goto nomem;
            if (record_line(r, t, t == p ? n : r->tmp.len))
                goto nomem;
            if (r->text.len + r->comment.len > limit)
                too_long = 1;
            continue;
        }
        /* a blank line or the end of the input closes the record */
        if (too_long) {
            r->skipped++;
            an_rd_warn(r, start, 0, "record longer than the limit of %zu bytes; skipped", limit);
            if (eof) {
                an_rd_finish(r);
                return 0;
            }
            in_record = 0;
            in_block = 0;
            continue;
        }
        if (r->tab_in_comment)
            an_rd_warn(r, r->tab_comment_line, 0,
                       "comment opened here is not closed before the end of the record");
        if (an_rd_cstr(&r->text) || an_rd_cstr(&r->id))
            goto nomem;
        an_rd_story_init(r, s);
        s->id = r->id.p;
        s->date = have_date ? r->date.p : NULL;
        s->text = r->text.p;
        s->text_len = r->text.len;
        s->comment = r->comment.len ? r->comment.p : NULL;
        s->line = start;
        s->is_sentence = 0;
        r->returned++;
        if (eof)
            an_rd_finish(r); /* returned > 0: no warning, just the end */
        return 1;
    }
nomem:
    an_rd_nomem(r, err);
    return -1;
}
