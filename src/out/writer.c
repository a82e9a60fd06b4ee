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

#define LO8 0x0101010101010101ull
#define HI8 0x8080808080808080ull

/* Whether any of the eight bytes of v is below `lim` (at most 0x80): a
 * borrow can flag a byte above a real hit, but never a lone one, so the
 * answer is exact. */
static inline int any_below(uint64_t v, unsigned lim) { return ((v - LO8 * lim) & ~v & HI8) != 0; }

/* Whether any byte of v needs a JSON escape: '"', '\\' or a control
 * character.  A byte of v, of v ^ '"' or of v ^ '\\' below the subtrahend
 * gets its high bit set; & ~v drops the bytes from 0x80 on (which the xor
 * with an ASCII byte keeps there).  A borrow only starts at a real hit. */
static inline int json_special8(uint64_t v)
{
    uint64_t q = v ^ (LO8 * '"'), b = v ^ (LO8 * '\\');
    return (((v - LO8 * 0x20) | (q - LO8) | (b - LO8)) & ~v & HI8) != 0;
}

/* The same for one byte. */
static inline int json_special(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

/* a JSON string of s[0..n) (n = strlen(s)), or null; at most 6 bytes a byte
 * of s, plus 2.  Most strings need no escape: they are checked and copied
 * in words (eight bytes at a time and an overlapping last word; two
 * overlapping halves under eight bytes; first, middle and last byte under
 * four), and only a string with a byte to escape takes the byte loop. */
static char *put_json_str(char *o, const char *s, size_t n)
{
    if (!s)
        return PUT_LIT(o, "null");
    *o++ = '"';
    if (n >= 8) {
        uint64_t v;
        for (size_t k = 0; k + 8 < n; k += 8) {
            memcpy(&v, s + k, 8);
            if (json_special8(v))
                goto escape;
            memcpy(o + k, &v, 8);
        }
        memcpy(&v, s + n - 8, 8);
        if (json_special8(v))
            goto escape;
        memcpy(o + n - 8, &v, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        if (json_special8(a | (uint64_t)b << 32))
            goto escape;
        memcpy(o, &a, 4);
        memcpy(o + n - 4, &b, 4);
    } else if (n) {
        unsigned char a = (unsigned char)s[0], b = (unsigned char)s[n / 2], c = (unsigned char)s[n - 1];
        if (json_special(a) || json_special(b) || json_special(c))
            goto escape;
        o[0] = (char)a;
        o[n / 2] = (char)b;
        o[n - 1] = (char)c;
    }
    o += n;
    *o++ = '"';
    return o;
escape:
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (!json_special(c)) {
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

/* a TSV field s[0..n): tabs and line breaks become blanks (eight bytes at a
 * time while none is below 0x0E, which \t, \n and \r are) */
static char *put_tsv(char *o, const char *s, size_t n)
{
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t v;
        memcpy(&v, s + k, 8);
        if (any_below(v, 0x0E))
            break;
        memcpy(o + k, &v, 8);
    }
    for (; k < n; k++)
        o[k] = s[k] == '\t' || s[k] == '\n' || s[k] == '\r' ? ' ' : s[k];
    return o + n;
}

/* the string members of an event, and their lengths (0 for NULL) */
enum { S_STORY_ID, S_DATE, S_DATE_PRECISION, S_DATE_TEXT, S_DATE_SOURCE, S_SOURCE, S_TARGET,
       S_CODE, S_SOURCE_TEXT, S_TARGET_TEXT, S_VERB_TEXT, S_ISSUES, S_COUNT };

/* fills len[] and returns an upper bound of the bytes a record of e needs,
 * but the constant text */
static size_t fmt_size(const annals_event *e, size_t len[S_COUNT])
{
    const char *s[S_COUNT] = {e->story_id, e->date,   e->date_precision, e->date_text,
                              e->date_source, e->source, e->target,   e->code,
                              e->source_text, e->target_text, e->verb_text, e->issues};
    size_t n = 0;
    for (int i = 0; i < S_COUNT; i++)
        n += len[i] = s[i] ? strlen(s[i]) : 0;
    return n * 6 + 1024;
}

/* ,"name": and the JSON string of the member name (its length len[i]) */
#define PUT_FIELD(o, e, name, len, i) put_json_str(PUT_LIT(o, ",\"" #name "\":"), (e)->name, (len)[i])

static char *format_jsonl(char *o, const annals_event *e, const size_t len[S_COUNT])
{
    o = PUT_LIT(o, "{\"story_id\":");
    o = put_json_str(o, e->story_id, len[S_STORY_ID]);
    o = PUT_LIT(o, ",\"sentence\":");
    o = put_uint(o, e->sentence);
    o = PUT_LIT(o, ",\"sentence_start\":");
    o = put_uint(o, e->sentence_start);
    o = PUT_LIT(o, ",\"sentence_end\":");
    o = put_uint(o, e->sentence_end);
    o = PUT_FIELD(o, e, date, len, S_DATE);
    o = PUT_FIELD(o, e, date_precision, len, S_DATE_PRECISION);
    o = PUT_FIELD(o, e, date_text, len, S_DATE_TEXT);
    o = PUT_FIELD(o, e, date_source, len, S_DATE_SOURCE);
    o = PUT_FIELD(o, e, source, len, S_SOURCE);
    o = PUT_FIELD(o, e, target, len, S_TARGET);
    o = PUT_FIELD(o, e, code, len, S_CODE);
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
    o = PUT_FIELD(o, e, source_text, len, S_SOURCE_TEXT);
    o = PUT_FIELD(o, e, target_text, len, S_TARGET_TEXT);
    o = PUT_FIELD(o, e, verb_text, len, S_VERB_TEXT);
    if (e->issues)
        o = PUT_FIELD(o, e, issues, len, S_ISSUES);
    return PUT_LIT(o, "}\n");
}

/* date, source, target, code, root, quad, goldstein, story_id, sentence, verb_text */
static char *format_tsv(char *o, const annals_event *e, const size_t len[S_COUNT])
{
    o = put_tsv(o, e->date, len[S_DATE]);
    *o++ = '\t';
    o = put_tsv(o, e->source, len[S_SOURCE]);
    *o++ = '\t';
    o = put_tsv(o, e->target, len[S_TARGET]);
    *o++ = '\t';
    o = put_tsv(o, e->code, len[S_CODE]);
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
    o = put_tsv(o, e->story_id, len[S_STORY_ID]);
    *o++ = '\t';
    o = put_uint(o, e->sentence);
    *o++ = '\t';
    o = put_tsv(o, e->verb_text, len[S_VERB_TEXT]);
    *o++ = '\n';
    return o;
}

annals_status annals_writer_event(annals_writer *w, const annals_event *ev, annals_error *err)
{
    if (!w || !ev) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no writer or event");
        return ANNALS_ERR_ARG;
    }
    size_t len[S_COUNT];
    an_buf_clear(&w->rec);
    if (an_buf_reserve(&w->rec, fmt_size(ev, len))) {
        w->rec.failed = 0;
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory formatting an event");
        return ANNALS_ERR_NOMEM;
    }
    char *end = w->fmt == ANNALS_OUTPUT_TSV ? format_tsv(w->rec.p, ev, len)
                                             : format_jsonl(w->rec.p, ev, len);
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
