/* JSON Lines reader: one {"id","date","text", ...} object per line.  Each line
 * goes through the scanner of jsonscan.c first; whatever it cannot read exactly
 * as jansson would (and every invalid line) is parsed by jansson. */
#include "read/read.h"
#include "read/jsonscan.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT_MSG "expected a JSON object with a \"text\" string"

/* Copies a JSON string into b, replacing NUL characters (from \u0000) by
 * spaces.  Returns the number replaced, or -1 on nomem. */
static long copy_string(an_buf *b, const json_t *s)
{
    const char *p = json_string_value(s);
    size_t n = json_string_length(s);
    an_buf_clear(b);
    if (an_buf_append(b, p, n))
        return -1;
    if (an_rd_cstr(b))
        return -1;
    long fixes = 0;
    for (size_t i = 0; i < n; i++) {
        if (b->p[i] == 0) {
            b->p[i] = ' ';
            fixes++;
        }
    }
    return fixes;
}

static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!an_isspace((unsigned char)p[i]))
            return 0;
    return 1;
}

/* Normalises a date string s[0..n) (may hold NUL bytes) into r->date.
 * Returns 1 set, 0 invalid (warned), -1 nomem.  s may be r->date.p. */
static int date_from_string(annals_reader *r, const char *s, size_t n, unsigned long line)
{
    char out[11];
    /* a timestamp "YYYY-MM-DDThh:mm..." keeps its date part */
    if (n > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == ' '))
        n = 10;
    if (an_rd_date(s, n, 0, out) == 0) {
        an_buf_clear(&r->date);
        return an_buf_puts(&r->date, out) ? -1 : 1;
    }
    an_rd_warn(r, line, 0, "invalid date \"%.40s\" (expected YYYY-MM-DD); date ignored", s);
    return 0;
}

/* The same for an integer date in its decimal form. */
static int date_from_int(annals_reader *r, const char *tmp, unsigned long line)
{
    char out[11];
    if (an_rd_date(tmp, strlen(tmp), 0, out) == 0) {
        an_buf_clear(&r->date);
        return an_buf_puts(&r->date, out) ? -1 : 1;
    }
    an_rd_warn(r, line, 0, "invalid date %s (expected YYYY-MM-DD); date ignored", tmp);
    return 0;
}

static void date_not_string(annals_reader *r, unsigned long line)
{
    an_rd_warn(r, line, 0, "\"date\" is not a string (expected YYYY-MM-DD); date ignored");
}

/* Normalises a JSON date (string or 8-digit integer) into r->date.
 * Returns 1 set, 0 none (warned when invalid), -1 nomem. */
static int take_date(annals_reader *r, const json_t *d, unsigned long line)
{
    if (!d || json_is_null(d))
        return 0;
    if (json_is_string(d))
        return date_from_string(r, json_string_value(d), json_string_length(d), line);
    if (json_is_integer(d)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(d));
        return date_from_int(r, tmp, line);
    }
    date_not_string(r, line);
    return 0;
}

static void no_text(annals_reader *r, unsigned long line, int absent)
{
    an_rd_warn(r, line, 1, EXPECT_MSG "%s; record skipped",
               absent ? " (no \"text\" field)" : " (\"text\" is not a string)");
}

static void text_nul_warn(annals_reader *r, unsigned long line)
{
    an_rd_warn(r, line, 0, "NUL character in \"text\" replaced by a space");
}

static void bad_id(annals_reader *r, unsigned long line)
{
    an_rd_warn(r, line, 0, "\"id\" is not a string or integer; using %s:%lu", r->name, line);
}

/* Points the story at the reader's buffers. */
static void fill_story(annals_reader *r, annals_story *s, int have_date, int have_meta,
                       unsigned long line)
{
    an_rd_story_init(r, s);
    s->id = r->id.p;
    s->date = have_date ? r->date.p : NULL;
    s->text = r->text.p;
    s->text_len = r->text.len;
    s->meta_json = have_meta ? r->meta.p : NULL;
    s->line = line;
    s->is_sentence = 0;
}

/* Fills the story from a parsed object.  1 ok, 0 skipped (warned), -1
 * nomem. */
static int take_object(annals_reader *r, json_t *root, unsigned long line, annals_story *s)
{
    json_t *text = json_object_get(root, "text");
    if (!text || !json_is_string(text)) {
        no_text(r, line, !text);
        return 0;
    }
    long nul = copy_string(&r->text, text);
    if (nul < 0)
        return -1;
    if (nul)
        text_nul_warn(r, line);

    json_t *id = json_object_get(root, "id");
    int have_id = 0;
    if (id && json_is_string(id)) {
        long k = copy_string(&r->id, id);
        if (k < 0)
            return -1;
        have_id = 1;
    } else if (id && json_is_integer(id)) {
        an_buf_clear(&r->id);
        if (an_buf_printf(&r->id, "%" JSON_INTEGER_FORMAT, json_integer_value(id)))
            return -1;
        have_id = 1;
    } else if (id && !json_is_null(id)) {
        bad_id(r, line);
    }
    if (!have_id && an_rd_default_id(r, line))
        return -1;

    int dr = take_date(r, json_object_get(root, "date"), line);
    if (dr < 0)
        return -1;

    /* every other field goes to meta_json */
    int have_meta = 0;
    json_t *meta = NULL;
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val) {
        if (!strcmp(key, "id") || !strcmp(key, "date") || !strcmp(key, "text"))
            continue;
        if (!meta && !(meta = json_object()))
            return -1;
        if (json_object_set(meta, key, val)) {
            json_decref(meta);
            return -1;
        }
    }
    if (meta) {
        char *dump = json_dumps(meta, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(meta);
        if (!dump)
            return -1;
        an_buf_clear(&r->meta);
        int rc = an_buf_puts(&r->meta, dump);
        free(dump);
        if (rc)
            return -1;
        have_meta = 1;
    }
    fill_story(r, s, dr == 1, have_meta, line);
    return 1;
}

/* The same from the scanner's result (the strings are already in r->id,
 * r->date, r->text and r->meta), with the same warnings in the same order. */
static int take_scanned(annals_reader *r, const an_jscan *js, unsigned long line,
                        annals_story *s)
{
    if (js->text_kind != AN_JK_STRING) {
        no_text(r, line, js->text_kind == AN_JK_NONE);
        return 0;
    }
    if (an_rd_cstr(&r->text))
        return -1;
    if (js->text_nul)
        text_nul_warn(r, line);

    int have_id = js->id_kind == AN_JK_STRING || js->id_kind == AN_JK_INT;
    if (have_id && an_rd_cstr(&r->id))
        return -1;
    if (js->id_kind == AN_JK_OTHER)
        bad_id(r, line);
    if (!have_id && an_rd_default_id(r, line))
        return -1;

    int dr = 0;
    if (js->date_kind == AN_JK_STRING) {
        if (an_rd_cstr(&r->date))
            return -1;
        dr = date_from_string(r, r->date.p, r->date.len, line);
    } else if (js->date_kind == AN_JK_INT) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%.*s", (int)r->date.len, r->date.p);
        dr = date_from_int(r, tmp, line);
    } else if (js->date_kind == AN_JK_OTHER) {
        date_not_string(r, line);
    }
    if (dr < 0)
        return -1;
    fill_story(r, s, dr == 1, js->have_meta, line);
    return 1;
}

static int jl_fast = 1;

void an_jsonl_set_fast(int on) { jl_fast = on; }

int an_rd_jsonl_next(annals_reader *r, annals_story *s, annals_error *err)
{
    if (r->done)
        return 0;
    for (;;) {
        int rc = an_rd_line(r, err);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            an_rd_finish(r);
            return 0;
        }
        unsigned long line = r->lineno;
        const char *p = r->line.p;
        size_t n = r->line.len;
        if (r->line_too_long) {
            r->skipped++;
            an_rd_warn(r, line, 0, "line longer than the limit of %zu bytes; record skipped",
                       r->lim.max_story_bytes);
            continue;
        }
        if (blank(p, n))
            continue;
        int warned = 0;
        p = an_rd_utf8(r, p, n, line, 1, &warned, &r->tmp);
        if (!p) {
            an_rd_nomem(r, err);
            return -1;
        }
        n = p == r->line.p ? n : r->tmp.len;
        if (jl_fast) {
            an_jscan js = {.id = &r->id, .date = &r->date, .text = &r->text, .meta = &r->meta};
            int sr = an_jscan_object(&js, p, n);
            if (sr == AN_JSCAN_NOMEM) {
                an_rd_nomem(r, err);
                return -1;
            }
            if (sr == AN_JSCAN_OK) {
                int got = take_scanned(r, &js, line, s);
                if (got < 0) {
                    an_rd_nomem(r, err);
                    return -1;
                }
                if (got == 0) {
                    r->skipped++;
                    continue;
                }
                r->returned++;
                return 1;
            }
            /* anything else: jansson decides, and words the warning */
        }
        json_error_t je;
        json_t *root = json_loadb(p, n, JSON_ALLOW_NUL, &je);
        if (!root) {
            unsigned long col = je.column > 0 ? (unsigned long)je.column : 1;
            r->skipped++;
            if (!r->line_nl)
                an_rd_warn(r, line, col,
                           "truncated last line (no newline at the end of the input and not "
                           "valid JSON: %s); record skipped",
                           je.text);
            else
                an_rd_warn(r, line, col, EXPECT_MSG " (%s); record skipped", je.text);
            continue;
        }
        if (!json_is_object(root)) {
            const char *what = json_is_array(root) ? "array" : "value";
            json_decref(root);
            r->skipped++;
            an_rd_warn(r, line, 1, EXPECT_MSG " (got a JSON %s); record skipped", what);
            continue;
        }
        int got = take_object(r, root, line, s);
        json_decref(root);
        if (got < 0) {
            an_rd_nomem(r, err);
            return -1;
        }
        if (got == 0) {
            r->skipped++;
            continue;
        }
        r->returned++;
        return 1;
    }
}
