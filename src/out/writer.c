/* Event writers: JSON Lines and the classic tab-separated event file.
 * Each record is formatted into a buffer first and written with one fwrite,
 * so a failed write never leaves half a record behind in our buffer. */
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct annals_writer {
    FILE *out;
    annals_output_format fmt;
    an_buf rec;
};

int annals_output_format_parse(const char *name, annals_output_format *out)
{
    if (!name)
        return -1;
    if (an_strcaseeq(name, "jsonl") || an_strcaseeq(name, "json")) {
        *out = ANNALS_OUTPUT_JSONL;
        return 0;
    }
    if (an_strcaseeq(name, "tsv")) {
        *out = ANNALS_OUTPUT_TSV;
        return 0;
    }
    return -1;
}

annals_writer *annals_writer_new(FILE *out, annals_output_format fmt, annals_error *err)
{
    if (!out) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no output stream");
        return NULL;
    }
    annals_writer *w = an_calloc(1, sizeof *w);
    if (!w) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    w->out = out;
    w->fmt = fmt;
    an_buf_init(&w->rec);
    return w;
}

void annals_writer_free(annals_writer *w)
{
    if (!w)
        return;
    an_buf_free(&w->rec);
    an_free(w);
}

/* Records are formatted straight into the buffer: fmt_size() bounds the
 * bytes a record needs, and the put_* helpers write and return the end. */

static char *put_mem(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

#define PUT_LIT(o, lit) put_mem(o, lit, sizeof lit - 1)

static char *put_str(char *o, const char *s)
{
    while (*s)
        *o++ = *s++;
    return o;
}

static char *put_uint(char *o, unsigned long long v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *o++ = tmp[--n];
    return o;
}

/* printf's %d, and %02d (width 2, zero-padded) */
static char *put_int(char *o, int v, int width2)
{
    if (v < 0) {
        *o++ = '-';
        return put_uint(o, 0ull - (unsigned long long)(long long)v);
    }
    if (width2 && v < 10)
        *o++ = '0';
    return put_uint(o, (unsigned long long)v);
}

/* printf's %.1f: exact for a number of tenths (the CAMEO table), else
 * printf itself */
static char *put_tenths(char *o, double g)
{
    double x = g * 10;
    if (x > -1e15 && x < 1e15) {
        long long k = (long long)(x < 0 ? x - 0.5 : x + 0.5);
        double d = x - (double)k;
        if (d > -1e-6 && d < 1e-6) {
            if (k < 0 || (k == 0 && signbit(g)))
                *o++ = '-';
            unsigned long long u = k < 0 ? 0ull - (unsigned long long)k : (unsigned long long)k;
            o = put_uint(o, u / 10);
            *o++ = '.';
            *o++ = (char)('0' + u % 10);
            return o;
        }
    }
    return o + snprintf(o, 400, "%.1f", g); /* fmt_size leaves room */
}

/* bytes of JSON escapes for control characters, quote and backslash */
static const char json_esc[32][7] = {
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};

/* a JSON string (or null); at most 6 bytes a byte of s, plus 2.  Eight
 * bytes at a time while none is '"', '\\' or a control character. */
static char *put_json_str(char *o, const char *s)
{
    if (!s)
        return PUT_LIT(o, "null");
    *o++ = '"';
    const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    size_t n = strlen(s);
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        uint64_t q = v ^ (lo * '"'), b = v ^ (lo * '\\');
        if ((((v - lo * 0x20) & ~v) | ((q - lo) & ~q) | ((b - lo) & ~b)) & hi)
            break;
        memcpy(o, &v, 8);
        o += 8;
        s += 8;
        n -= 8;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
        } else if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else {
            const char *e = json_esc[c];
            o = put_mem(o, e, strlen(e));
        }
    }
    *o++ = '"';
    return o;
}

/* a TSV field: tabs and line breaks become blanks */
static char *put_tsv(char *o, const char *s)
{
    if (!s)
        return o;
    for (; *s; s++)
        *o++ = *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s;
    return o;
}

static size_t slen(const char *s) { return s ? strlen(s) : 0; }

/* an upper bound of the bytes a record of e needs, but the constant text */
static size_t fmt_size(const annals_event *e)
{
    size_t n = slen(e->story_id) + slen(e->date) + slen(e->date_precision) + slen(e->date_text) +
               slen(e->date_source) + slen(e->source) + slen(e->target) + slen(e->code) +
               slen(e->source_text) + slen(e->target_text) + slen(e->verb_text) + slen(e->issues);
    return n * 6 + 1024;
}

/* the string members of an event written one after the other, before the
 * CAMEO fields and after them */
typedef struct jfield {
    const char *key; /* ,"name": */
    size_t off;
} jfield;

#define JF(name) {",\"" #name "\":", offsetof(annals_event, name)}
static const jfield k_before_cameo[] = {JF(date),   JF(date_precision), JF(date_text), JF(date_source),
                                        JF(source), JF(target),         JF(code)};
static const jfield k_after_cameo[] = {JF(source_text), JF(target_text), JF(verb_text)};

static char *put_fields(char *o, const annals_event *e, const jfield *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        o = put_str(o, f[i].key);
        o = put_json_str(o, *(const char *const *)(const void *)((const char *)e + f[i].off));
    }
    return o;
}

static char *format_jsonl(char *o, const annals_event *e)
{
    o = PUT_LIT(o, "{\"story_id\":");
    o = put_json_str(o, e->story_id);
    o = PUT_LIT(o, ",\"sentence\":");
    o = put_uint(o, e->sentence);
    o = PUT_LIT(o, ",\"sentence_start\":");
    o = put_uint(o, e->sentence_start);
    o = PUT_LIT(o, ",\"sentence_end\":");
    o = put_uint(o, e->sentence_end);
    o = put_fields(o, e, k_before_cameo, sizeof k_before_cameo / sizeof k_before_cameo[0]);
    if (e->cameo) {
        o = PUT_LIT(o, ",\"root\":\"");
        o = put_int(o, e->cameo->root, 1);
        o = PUT_LIT(o, "\",\"quad\":");
        o = put_int(o, e->cameo->quad, 0);
        o = PUT_LIT(o, ",\"goldstein\":");
        o = put_tenths(o, e->cameo->goldstein);
    } else {
        o = PUT_LIT(o, ",\"root\":null,\"quad\":null,\"goldstein\":null");
    }
    o = put_fields(o, e, k_after_cameo, sizeof k_after_cameo / sizeof k_after_cameo[0]);
    if (e->issues) {
        o = PUT_LIT(o, ",\"issues\":");
        o = put_json_str(o, e->issues);
    }
    return PUT_LIT(o, "}\n");
}

/* date, source, target, code, root, quad, goldstein, story_id, sentence, verb_text */
static char *format_tsv(char *o, const annals_event *e)
{
    o = put_tsv(o, e->date);
    *o++ = '\t';
    o = put_tsv(o, e->source);
    *o++ = '\t';
    o = put_tsv(o, e->target);
    *o++ = '\t';
    o = put_tsv(o, e->code);
    *o++ = '\t';
    if (e->cameo) {
        o = put_int(o, e->cameo->root, 1);
        *o++ = '\t';
        o = put_int(o, e->cameo->quad, 0);
        *o++ = '\t';
        o = put_tenths(o, e->cameo->goldstein);
    } else {
        o = PUT_LIT(o, "\t\t");
    }
    *o++ = '\t';
    o = put_tsv(o, e->story_id);
    *o++ = '\t';
    o = put_uint(o, e->sentence);
    *o++ = '\t';
    o = put_tsv(o, e->verb_text);
    *o++ = '\n';
    return o;
}

annals_status annals_writer_event(annals_writer *w, const annals_event *ev, annals_error *err)
{
    if (!w || !ev) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no writer or event");
        return ANNALS_ERR_ARG;
    }
    an_buf_clear(&w->rec);
    if (an_buf_reserve(&w->rec, fmt_size(ev))) {
        w->rec.failed = 0;
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory formatting an event");
        return ANNALS_ERR_NOMEM;
    }
    char *end = w->fmt == ANNALS_OUTPUT_TSV ? format_tsv(w->rec.p, ev) : format_jsonl(w->rec.p, ev);
    w->rec.len = (size_t)(end - w->rec.p);
    w->rec.p[w->rec.len] = 0;
    if (fwrite(w->rec.p, 1, w->rec.len, w->out) != w->rec.len) {
        an_err_set(err, ANNALS_ERR_IO, NULL, 0, 0, "error writing output: %s",
                   strerror(errno ? errno : EIO));
        return ANNALS_ERR_IO;
    }
    return ANNALS_OK;
}

annals_status annals_writer_flush(annals_writer *w, annals_error *err)
{
    if (!w)
        return ANNALS_OK;
    errno = 0;
    if (fflush(w->out) != 0 || ferror(w->out)) {
        an_err_set(err, ANNALS_ERR_IO, NULL, 0, 0, "error writing output: %s",
                   strerror(errno ? errno : EIO));
        return ANNALS_ERR_IO;
    }
    return ANNALS_OK;
}
