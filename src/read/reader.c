/* Story readers: opening, format detection, the chunked input layer and
 * the helpers every format shares. */
#include "read/read.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------- format names ---------------- */

int annals_input_format_parse(const char *name, annals_input_format *out)
{
    static const struct {
        const char *name;
        annals_input_format fmt;
    } names[] = {
        {"auto", ANNALS_INPUT_AUTO},          {"jsonl", ANNALS_INPUT_JSONL},
        {"ndjson", ANNALS_INPUT_JSONL},       {"json", ANNALS_INPUT_JSONL},
        {"tabari", ANNALS_INPUT_TABARI},      {"text", ANNALS_INPUT_TEXT},
        {"txt", ANNALS_INPUT_TEXT},           {"petrarch-xml", ANNALS_INPUT_PETRARCH_XML},
        {"petrarch", ANNALS_INPUT_PETRARCH_XML}, {"xml", ANNALS_INPUT_PETRARCH_XML},
    };
    if (!name || !out)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (an_strcaseeq(name, names[i].name)) {
            *out = names[i].fmt;
            return 0;
        }
    }
    return -1;
}

static annals_input_format format_by_name(const char *name)
{
    static const struct {
        const char *ext;
        annals_input_format fmt;
    } exts[] = {
        {".jsonl", ANNALS_INPUT_JSONL},  {".ndjson", ANNALS_INPUT_JSONL},
        {".json", ANNALS_INPUT_JSONL},   {".xml", ANNALS_INPUT_PETRARCH_XML},
        {".txt", ANNALS_INPUT_TEXT},     {".text", ANNALS_INPUT_TABARI},
        {".tabari", ANNALS_INPUT_TABARI},
    };
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (an_has_suffix(name, exts[i].ext))
            return exts[i].fmt;
    return ANNALS_INPUT_AUTO;
}

/* Looks at the start of the input (the first chunk) to guess the format. */
static annals_input_format sniff(annals_reader *r)
{
    const unsigned char *p = (const unsigned char *)r->in + r->in_pos;
    size_t n = r->in_len - r->in_pos, i = 0;
    while (i < n && an_isspace(p[i]))
        i++;
    if (i == n)
        return ANNALS_INPUT_TEXT;
    if (p[i] == '{')
        return ANNALS_INPUT_JSONL;
    if (p[i] == '<')
        return ANNALS_INPUT_PETRARCH_XML;
    /* ^[0-9]{6,8} +\S on the first non-blank line */
    size_t d = i;
    while (d < n && an_isdigit(p[d]))
        d++;
    if (d - i >= 6 && d - i <= 8 && (i == 0 || p[i - 1] == '\n')) {
        size_t s = d;
        while (s < n && (p[s] == ' ' || p[s] == '\t'))
            s++;
        if (s > d && s < n && !an_isspace(p[s]))
            return ANNALS_INPUT_TABARI;
    }
    return ANNALS_INPUT_TEXT;
}

/* ---------------- input layer ---------------- */

int an_rd_fill(annals_reader *r)
{
    if (r->in_pos < r->in_len)
        return 1;
    if (r->in_eof)
        return 0;
    if (!r->f) {
        r->in_eof = 1;
        return 0;
    }
    ssize_t got;
    do
        got = read(fileno(r->f), r->chunk, AN_RD_CHUNK);
    while (got < 0 && errno == EINTR);
    r->in = r->chunk;
    r->in_pos = 0;
    r->in_len = got > 0 ? (size_t)got : 0;
    r->bytes_in += r->in_len;
    if (got <= 0) {
        r->in_eof = 1;
        if (got < 0) {
            r->in_errno = errno ? errno : -1;
            return -1;
        }
        return 0;
    }
    return 1;
}

void an_rd_io_error(annals_reader *r, annals_error *err)
{
    an_err_set(err, ANNALS_ERR_IO, r->name, r->lineno, 0, "read error: %s",
               r->in_errno > 0 ? strerror(r->in_errno) : "unknown error");
}

void an_rd_nomem(annals_reader *r, annals_error *err)
{
    an_err_set(err, ANNALS_ERR_NOMEM, r->name, r->lineno, 0, "out of memory reading input");
    r->failed = 1;
}

int an_rd_line(annals_reader *r, annals_error *err)
{
    size_t limit = r->lim.max_story_bytes;
    an_buf_clear(&r->line);
    r->line_nl = 0;
    r->line_too_long = 0;
    int any = 0;
    for (;;) {
        int rc = an_rd_fill(r);
        if (rc < 0) {
            an_rd_io_error(r, err);
            r->failed = 1;
            return -1;
        }
        if (rc == 0)
            break;
        const char *p = r->in + r->in_pos;
        size_t avail = r->in_len - r->in_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        any = 1;
        if (!r->line_too_long) {
            size_t room = limit > r->line.len ? limit - r->line.len : 0;
            size_t add = take < room ? take : room;
            if (take > room)
                r->line_too_long = 1;
            if (an_buf_append(&r->line, p, add)) {
                an_rd_nomem(r, err);
                return -1;
            }
        }
        r->in_pos += take;
        if (nl) {
            r->in_pos++;
            r->line_nl = 1;
            break;
        }
    }
    if (!any)
        return 0;
    r->lineno++;
    if (an_rd_cstr(&r->line)) {
        an_rd_nomem(r, err);
        return -1;
    }
    if (r->line.len && r->line.p[r->line.len - 1] == '\r')
        r->line.p[--r->line.len] = 0;
    return 1;
}

/* ---------------- helpers ---------------- */

void an_rd_warn(annals_reader *r, unsigned long line, unsigned long col, const char *fmt, ...)
{
    if (!r->diag)
        return;
    annals_error e;
    va_list ap;
    va_start(ap, fmt);
    an_err_vset(&e, ANNALS_OK, r->name, line, col, fmt, ap);
    va_end(ap);
    e.is_warning = 1;
    r->diag(r->diag_user, &e);
}

static unsigned long char_count(const char *p, size_t n)
{
    unsigned long c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            c++;
    return c;
}

const char *an_rd_utf8(annals_reader *r, const char *p, size_t n, unsigned long line,
                       unsigned long col0, int *warned, an_buf *out)
{
    size_t bad = an_utf8_validate(p, n);
    if (bad == (size_t)-1)
        return p;
    if (!*warned) {
        *warned = 1;
        /* line/column relative to p: p may span several lines */
        unsigned long l = line, c = col0;
        size_t ls = 0;
        for (size_t i = 0; i < bad; i++)
            if (p[i] == '\n') {
                l++;
                ls = i + 1;
            }
        if (ls)
            c = 1;
        c += char_count(p + ls, bad - ls);
        if (p[bad] == 0)
            an_rd_warn(r, l, c, "NUL byte replaced by a space");
        else
            an_rd_warn(r, l, c, "invalid UTF-8 (byte 0x%02X) replaced by U+FFFD",
                       (unsigned)(unsigned char)p[bad]);
    }
    an_buf_clear(out);
    an_utf8_repair(out, p, n);
    if (out->failed || !out->p)
        return NULL;
    return out->p;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!an_isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int an_rd_date(const char *s, size_t n, int yymmdd, char out[11])
{
    int y, m, d;
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        y = num(s, 4);
        m = num(s + 5, 2);
        d = num(s + 8, 2);
    } else if (n == 8) {
        y = num(s, 4);
        m = num(s + 4, 2);
        d = num(s + 6, 2);
    } else if (n == 6 && yymmdd) {
        y = num(s, 2);
        m = num(s + 2, 2);
        d = num(s + 4, 2);
        if (y >= 0)
            y += y <= 30 ? 2000 : 1900;
    } else {
        return -1;
    }
    if (y < 0 || m < 1 || m > 12 || d < 1)
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int maxd = mdays[m - 1] + (m == 2 && leap(y));
    if (d > maxd)
        return -1;
    int v[3] = {y, m, d}, w[3] = {4, 2, 2}, k = 0;
    for (int f = 0; f < 3; f++) {
        if (f)
            out[k++] = '-';
        for (int j = w[f] - 1; j >= 0; j--) {
            out[k + j] = (char)('0' + v[f] % 10);
            v[f] /= 10;
        }
        k += w[f];
    }
    out[k] = 0;
    return 0;
}

void an_rd_finish(annals_reader *r)
{
    if (r->done)
        return;
    r->done = 1;
    if (!r->returned)
        an_rd_warn(r, 0, 0, "no stories in %s", r->name);
}

void an_rd_story_init(annals_reader *r, annals_story *s)
{
    memset(s, 0, sizeof *s);
    s->source_file = r->name;
}

int an_rd_cstr(an_buf *b)
{
    if (!b->p && an_buf_reserve(b, 0))
        return -1;
    b->p[b->len] = 0;
    return 0;
}

int an_rd_default_id(annals_reader *r, unsigned long line)
{
    an_buf_clear(&r->id);
    return an_buf_printf(&r->id, "%s:%lu", r->name, line);
}

/* ---------------- plain text ---------------- */

int an_rd_text_next(annals_reader *r, annals_story *s, annals_error *err)
{
    if (r->done)
        return 0;
    size_t limit = r->lim.max_story_bytes;
    int too_long = 0;
    an_buf *raw = &r->tmp;
    an_buf_clear(raw);
    for (;;) {
        int rc = an_rd_fill(r);
        if (rc < 0) {
            an_rd_io_error(r, err);
            r->failed = 1;
            return -1;
        }
        if (rc == 0)
            break;
        size_t avail = r->in_len - r->in_pos;
        if (!too_long) {
            if (raw->len + avail > limit) {
                too_long = 1;
            } else if (an_buf_append(raw, r->in + r->in_pos, avail)) {
                an_rd_nomem(r, err);
                return -1;
            }
        }
        r->in_pos = r->in_len;
    }
    if (too_long) {
        r->skipped++;
        an_rd_warn(r, 1, 0, "story longer than the limit of %zu bytes; skipped", limit);
        an_rd_finish(r);
        return 0;
    }
    /* CRLF -> LF */
    size_t w = 0;
    for (size_t i = 0; i < raw->len; i++) {
        if (raw->p[i] == '\r' && i + 1 < raw->len && raw->p[i + 1] == '\n')
            continue;
        raw->p[w++] = raw->p[i];
    }
    raw->len = w;
    if (raw->p)
        raw->p[w] = 0;
    size_t i = 0;
    while (i < raw->len && an_isspace((unsigned char)raw->p[i]))
        i++;
    if (i == raw->len) {
        an_rd_finish(r);
        return 0;
    }
    int warned = 0;
    const char *t = an_rd_utf8(r, raw->p, raw->len, 1, 1, &warned, &r->text);
    if (!t) {
        an_rd_nomem(r, err);
        return -1;
    }
    if (t == raw->p) {
        an_buf_clear(&r->text);
        if (an_buf_append(&r->text, raw->p, raw->len)) {
            an_rd_nomem(r, err);
            return -1;
        }
    }
    an_rd_story_init(r, s);
    s->id = r->base;
    s->date = r->default_date;
    s->text = r->text.p;
    s->text_len = r->text.len;
    s->line = 1;
    s->is_sentence = 0;
    r->returned++;
    r->done = 1;
    return 1;
}

/* ---------------- open / next / close ---------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

static annals_reader *reader_new(const char *name, const annals_reader_options *opt,
                                 annals_error *err)
{
    annals_reader *r = an_calloc(1, sizeof *r);
    if (!r) {
        an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory");
        return NULL;
    }
    annals_limits_default(&r->lim);
    if (opt) {
        r->fmt = opt->format;
        r->diag = opt->diag;
        r->diag_user = opt->diag_user;
        if (opt->limits.max_story_bytes)
            r->lim.max_story_bytes = opt->limits.max_story_bytes;
        if (opt->limits.max_sentence_tokens)
            r->lim.max_sentence_tokens = opt->limits.max_sentence_tokens;
        if (opt->limits.max_events_per_sentence)
            r->lim.max_events_per_sentence = opt->limits.max_events_per_sentence;
        if (opt->limits.max_dict_entries)
            r->lim.max_dict_entries = opt->limits.max_dict_entries;
    }
    r->name = an_strdup(name);
    r->base = r->name ? an_strdup(base_name(name)) : NULL;
    if (!r->name || !r->base) {
        an_free(r->name);
        an_free(r->base);
        an_free(r);
        an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory");
        return NULL;
    }
    if (opt && opt->default_date) {
        char d[11];
        if (an_rd_date(opt->default_date, strlen(opt->default_date), 0, d) == 0) {
            r->default_date = an_strdup(d);
            if (!r->default_date) {
                an_free(r->name);
                an_free(r->base);
                an_free(r);
                an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory");
                return NULL;
            }
        } else {
            an_rd_warn(r, 0, 0, "invalid default date \"%s\" (expected YYYY-MM-DD); ignored",
                       opt->default_date);
        }
    }
    return r;
}

/* Skips a UTF-8 byte-order mark at the start of the input, then settles
 * AUTO by sniffing, and opens the XML parser when needed. */
static annals_reader *reader_start(annals_reader *r, int is_stdin, annals_error *err)
{
    int rc = an_rd_fill(r);
    if (rc < 0) {
        an_rd_io_error(r, err);
        annals_reader_close(r);
        return NULL;
    }
    /* a short first read on a pipe: make sure 3 bytes are there for the BOM */
    if (r->f && rc > 0 && r->in_len - r->in_pos < 3 && !r->in_eof) {
        size_t have = r->in_len;
        while (have < 3) {
            ssize_t got = read(fileno(r->f), r->chunk + have, AN_RD_CHUNK - have);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            have += (size_t)got;
        }
        r->in_len = have;
    }
    if (r->in_len - r->in_pos >= 3 && memcmp(r->in + r->in_pos, "\xEF\xBB\xBF", 3) == 0)
        r->in_pos += 3;
    if (r->fmt == ANNALS_INPUT_AUTO)
        r->fmt = is_stdin ? ANNALS_INPUT_JSONL : format_by_name(r->name);
    if (r->fmt == ANNALS_INPUT_AUTO)
        r->fmt = sniff(r);
    if (r->fmt == ANNALS_INPUT_PETRARCH_XML && an_rd_xml_open(r, err)) {
        annals_reader_close(r);
        return NULL;
    }
    return r;
}

static int valid_format(const annals_reader_options *opt)
{
    return !opt || ((unsigned)opt->format <= (unsigned)ANNALS_INPUT_PETRARCH_XML);
}

annals_reader *annals_reader_open(const char *path, const annals_reader_options *opt,
                                  annals_error *err)
{
    int is_stdin = !path || strcmp(path, "-") == 0;
    const char *name = is_stdin ? "-" : path;
    if (!valid_format(opt)) {
        an_err_set(err, ANNALS_ERR_ARG, name, 0, 0, "unknown input format %d", (int)opt->format);
        return NULL;
    }
    FILE *f = stdin;
    if (!is_stdin) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            an_err_set(err, ANNALS_ERR_IO, name, 0, 0, "cannot open: %s", strerror(EISDIR));
            return NULL;
        }
        f = fopen(path, "rb");
        if (!f) {
            an_err_set(err, ANNALS_ERR_IO, name, 0, 0, "cannot open: %s", strerror(errno));
            return NULL;
        }
    }
    annals_reader *r = reader_new(name, opt, err);
    if (r)
        r->chunk = an_malloc(AN_RD_CHUNK);
    if (!r || !r->chunk) {
        if (!is_stdin)
            fclose(f);
        if (r) {
            annals_reader_close(r);
            an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory");
        }
        return NULL;
    }
    r->f = f;
    r->own_f = !is_stdin;
    r->in = r->chunk;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
        r->bytes_total = (unsigned long long)sb.st_size;
    return reader_start(r, is_stdin, err);
}

void annals_reader_progress(const annals_reader *r, unsigned long long *done,
                            unsigned long long *total)
{
    unsigned long long d = 0, t = 0;
    if (r) {
        if (r->f) {
            d = r->bytes_in;
            t = r->bytes_total;
        } else {
            d = r->in_pos;
            t = r->in_len;
        }
    }
    if (done)
        *done = d;
    if (total)
        *total = t;
}

annals_reader *annals_reader_open_memory(const char *name, const char *data, size_t len,
                                         const annals_reader_options *opt, annals_error *err)
{
    if (!name)
        name = "<memory>";
    if (!data && len) {
        an_err_set(err, ANNALS_ERR_ARG, name, 0, 0, "no data");
        return NULL;
    }
    if (!valid_format(opt)) {
        an_err_set(err, ANNALS_ERR_ARG, name, 0, 0, "unknown input format %d", (int)opt->format);
        return NULL;
    }
    annals_reader *r = reader_new(name, opt, err);
    if (!r)
        return NULL;
    r->in = data ? data : "";
    r->in_pos = 0;
    r->in_len = len;
    r->in_eof = 1;
    return reader_start(r, 0, err);
}

int annals_reader_next(annals_reader *r, annals_story *story, annals_error *err)
{
    if (!r || !story) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_reader_next: NULL argument");
        return -1;
    }
    if (r->failed) {
        an_err_set(err, ANNALS_ERR_ARG, r->name, 0, 0, "reader used after a fatal error");
        return -1;
    }
    int rc;
    switch (r->fmt) {
    case ANNALS_INPUT_JSONL:
        rc = an_rd_jsonl_next(r, story, err);
        break;
    case ANNALS_INPUT_TABARI:
        rc = an_rd_tabari_next(r, story, err);
        break;
    case ANNALS_INPUT_PETRARCH_XML:
        rc = an_rd_xml_next(r, story, err);
        break;
    default:
        rc = an_rd_text_next(r, story, err);
        break;
    }
    if (rc < 0)
        r->failed = 1;
    return rc;
}

unsigned long annals_reader_skipped(const annals_reader *r) { return r ? r->skipped : 0; }

void annals_reader_close(annals_reader *r)
{
    if (!r)
        return;
    an_rd_xml_close(r);
    if (r->f && r->own_f)
        fclose(r->f);
    an_free(r->chunk);
    an_free(r->name);
    an_free(r->base);
    an_free(r->default_date);
    an_buf_free(&r->line);
    an_buf_free(&r->id);
    an_buf_free(&r->date);
    an_buf_free(&r->text);
    an_buf_free(&r->comment);
    an_buf_free(&r->meta);
    an_buf_free(&r->parse);
    an_buf_free(&r->tmp);
    an_free(r);
}
