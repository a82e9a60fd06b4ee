/* Single-pass scanner for one JSON Lines record: see jsonscan.h.
 *
 * What it must never do is accept a line that jansson would read
 * differently.  So it returns AN_JSCAN_FALLBACK for everything whose
 * jansson result is not obvious from the raw text:
 *   - a key with an escape at the top level, or a \u escape in any key
 *     (jansson refuses NUL bytes in keys);
 *   - a duplicate top-level key, or a duplicate key inside another member
 *     (jansson keeps the last value at the first key's place);
 *   - real numbers (jansson re-prints them and refuses overflows),
 *     integers of more than 18 digits (overflow) and -0 (printed as 0);
 *   - \u and \/ escapes inside other members (jansson re-prints them);
 *   - nesting deeper than AN_JS_MAX_DEPTH, or more than AN_JS_MAX_KEYS
 *     keys in an object whose duplicates it must check;
 *   - a line that does not start with '{' (arrays, scalars).
 * Everything else that is not valid JSON is AN_JSCAN_INVALID. */
#include "read/jsonscan.h"

#include <stdint.h>
#include <string.h>

#define AN_JS_MAX_DEPTH 64
#define AN_JS_MAX_KEYS 16
#define AN_JS_MAX_DIGITS 18

/* escapes seen in a string */
#define ESC_ANY 1
#define ESC_U 2     /* \uXXXX */
#define ESC_SLASH 4 /* \/ */

typedef struct sc {
    const char *b, *p, *e;
    an_jscan *js;
    int canon; /* the member being scanned can be copied as it is */
} sc;

typedef struct span {
    const char *p;
    size_t n;
} span;

static int fail(sc *s, const char *at, const char *why)
{
    s->js->err_off = (size_t)(at - s->b);
    s->js->err_why = why;
    return AN_JSCAN_INVALID;
}

static inline int js_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static inline void skip_ws(sc *s)
{
    while (s->p < s->e && js_ws((unsigned char)*s->p))
        s->p++;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = (unsigned char)p[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The end of the run of bytes at p that need no attention inside a string
 * (not '"', '\\' or a control character), eight bytes at a time. */
static inline const char *plain_run(const char *p, const char *e)
{
    const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    while (e - p >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        /* a byte of v, v ^ '"' or v ^ '\\' below the subtrahend gets its
           high bit set; & ~v drops the bytes from 0x80 on (the xors with
           ASCII bytes keep them there) */
        uint64_t q = v ^ (lo * '"'), b = v ^ (lo * '\\');
        uint64_t m = ((v - lo * 0x20) | (q - lo) | (b - lo)) & ~v & hi;
        if (m) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* the lowest flagged byte is exact (borrows only run upwards) */
            return p + (__builtin_ctzll(m) >> 3);
#else
            break;
#endif
        }
        p += 8;
    }
    while (p < e && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\')
        p++;
    return p;
}

/* Scans the string at s->p (a '"').  With out, decodes it there: \u0000
 * becomes a NUL byte when keep_nul is set, else a space counted in *nul.
 * Sets *esc to the ESC_* flags seen. */
static int scan_string(sc *s, an_buf *out, int keep_nul, long *nul, int *esc)
{
    const char *p = s->p + 1, *e = s->e;
    int flags = 0;
    if (out)
        an_buf_clear(out);
    for (;;) {
        const char *q = p;
        p = plain_run(p, e);
        if (out && p > q && an_buf_append(out, q, (size_t)(p - q)))
            return AN_JSCAN_NOMEM;
        if (p >= e)
            return fail(s, s->p, "unterminated string");
        if (*p == '"')
            break;
        if (*p != '\\')
            return fail(s, p, "control character in a string");
        /* an escape */
        if (e - p < 2)
            return fail(s, p, "unterminated string");
        char tmp[4];
        size_t tn = 1;
        flags |= ESC_ANY;
        switch (p[1]) {
        case '"': tmp[0] = '"'; break;
        case '\\': tmp[0] = '\\'; break;
        case '/': tmp[0] = '/'; flags |= ESC_SLASH; break;
        case 'b': tmp[0] = '\b'; break;
        case 'f': tmp[0] = '\f'; break;
        case 'n': tmp[0] = '\n'; break;
        case 'r': tmp[0] = '\r'; break;
        case 't': tmp[0] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (e - p < 6 || hex4(p + 2, &cp))
                return fail(s, p, "invalid \\u escape");
            flags |= ESC_U;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(s, p, "lone low surrogate");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (e - p < 12 || p[6] != '\\' || p[7] != 'u' || hex4(p + 8, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return fail(s, p, "high surrogate without a low surrogate");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            if (cp == 0) {
                if (keep_nul) {
                    tmp[0] = 0;
                } else {
                    tmp[0] = ' ';
                    if (nul)
                        (*nul)++;
                }
            } else {
                tn = put_utf8(tmp, cp);
            }
            p += 4; /* with the 2 below: the 6 bytes of \uXXXX */
            break;
        }
        default:
            return fail(s, p, "invalid escape");
        }
        p += 2;
        if (out && an_buf_append(out, tmp, tn))
            return AN_JSCAN_NOMEM;
    }
    s->p = p + 1;
    *esc = flags;
    return AN_JSCAN_OK;
}

/* Scans a number at s->p.  Only integers of up to AN_JS_MAX_DIGITS digits
 * other than -0 are taken; anything else valid is a fallback. */
static int scan_number(sc *s)
{
    const char *p = s->p, *e = s->e, *start = p;
    if (*p == '-')
        p++;
    const char *d = p;
    if (p < e && *p == '0') {
        p++;
    } else if (p < e && *p >= '1' && *p <= '9') {
        while (p < e && an_isdigit((unsigned char)*p))
            p++;
    } else {
        return fail(s, start, "invalid number");
    }
    size_t digits = (size_t)(p - d);
    if (p < e && (*p == '.' || *p == 'e' || *p == 'E'))
        return AN_JSCAN_FALLBACK; /* a real */
    if (digits > AN_JS_MAX_DIGITS || (d > start && digits == 1 && *d == '0'))
        return AN_JSCAN_FALLBACK; /* may overflow; -0 */
    s->p = p;
    return AN_JSCAN_OK;
}

static int scan_literal(sc *s, const char *lit, size_t n)
{
    if ((size_t)(s->e - s->p) < n || memcmp(s->p, lit, n) != 0)
        return fail(s, s->p, "invalid literal");
    s->p += n;
    return AN_JSCAN_OK;
}

static int scan_value(sc *s, int depth, int track);

/* An object below the top level.  With track, duplicate keys make the
 * member non-canonical. */
static int scan_object(sc *s, int depth, int track)
{
    span keys[AN_JS_MAX_KEYS];
    size_t nkeys = 0;
    s->p++;
    skip_ws(s);
    if (s->p < s->e && *s->p == '}') {
        s->p++;
        return AN_JSCAN_OK;
    }
    for (;;) {
        if (s->p >= s->e || *s->p != '"')
            return fail(s, s->p, "expected a key");
        const char *k = s->p;
        int esc, rc = scan_string(s, NULL, 0, NULL, &esc);
        if (rc)
            return rc;
        if (esc & ESC_U)
            return AN_JSCAN_FALLBACK;
        if (track && s->canon) {
            span ks = {k + 1, (size_t)(s->p - k - 2)};
            if (nkeys == AN_JS_MAX_KEYS) {
                s->canon = 0;
            } else {
                for (size_t i = 0; i < nkeys; i++)
                    if (keys[i].n == ks.n && memcmp(keys[i].p, ks.p, ks.n) == 0)
                        s->canon = 0;
                keys[nkeys++] = ks;
            }
        }
        skip_ws(s);
        if (s->p >= s->e || *s->p != ':')
            return fail(s, s->p, "expected ':'");
        s->p++;
        skip_ws(s);
        if ((rc = scan_value(s, depth + 1, track)))
            return rc;
        skip_ws(s);
        if (s->p < s->e && *s->p == ',') {
            s->p++;
            skip_ws(s);
            continue;
        }
        if (s->p < s->e && *s->p == '}') {
            s->p++;
            return AN_JSCAN_OK;
        }
        return fail(s, s->p, "expected ',' or '}'");
    }
}

static int scan_array(sc *s, int depth, int track)
{
    s->p++;
    skip_ws(s);
    if (s->p < s->e && *s->p == ']') {
        s->p++;
        return AN_JSCAN_OK;
    }
    for (;;) {
        int rc = scan_value(s, depth + 1, track);
        if (rc)
            return rc;
        skip_ws(s);
        if (s->p < s->e && *s->p == ',') {
            s->p++;
            skip_ws(s);
            continue;
        }
        if (s->p < s->e && *s->p == ']') {
            s->p++;
            return AN_JSCAN_OK;
        }
        return fail(s, s->p, "expected ',' or ']'");
    }
}

/* Any value at s->p (whitespace already skipped). */
static int scan_value(sc *s, int depth, int track)
{
    if (depth > AN_JS_MAX_DEPTH)
        return AN_JSCAN_FALLBACK;
    if (s->p >= s->e)
        return fail(s, s->p, "expected a value");
    int esc, rc;
    switch (*s->p) {
    case '"':
        if ((rc = scan_string(s, NULL, 0, NULL, &esc)))
            return rc;
        if (esc & (ESC_U | ESC_SLASH))
            s->canon = 0;
        return AN_JSCAN_OK;
    case '{':
        return scan_object(s, depth, track);
    case '[':
        return scan_array(s, depth, track);
    case 't':
        return scan_literal(s, "true", 4);
    case 'f':
        return scan_literal(s, "false", 5);
    case 'n':
        return scan_literal(s, "null", 4);
    default:
        if (*s->p == '-' || an_isdigit((unsigned char)*s->p))
            return scan_number(s);
        return fail(s, s->p, "expected a value");
    }
}

/* The value of "id", "date" or "text": strings are decoded into out, an
 * integer's text is copied there. */
static int scan_member(sc *s, an_buf *out, int keep_nul, long *nul, int *kind)
{
    if (s->p >= s->e)
        return fail(s, s->p, "expected a value");
    int rc, esc;
    const char *v = s->p;
    switch (*v) {
    case '"':
        *kind = AN_JK_STRING;
        return scan_string(s, out, keep_nul, nul, &esc);
    case 'n':
        *kind = AN_JK_NULL;
        return scan_literal(s, "null", 4);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        if ((rc = scan_number(s)))
            return rc;
        *kind = AN_JK_INT;
        an_buf_clear(out);
        return an_buf_append(out, v, (size_t)(s->p - v)) ? AN_JSCAN_NOMEM : AN_JSCAN_OK;
    default:
        *kind = AN_JK_OTHER;
        return scan_value(s, 1, 0);
    }
}

/* Appends the JSON text a[0..z) (valid) without whitespace outside strings. */
static int copy_compact(an_buf *b, const char *a, const char *z)
{
    while (a < z) {
        const char *r = a;
        if (*a == '"') {
            r++;
            while (*r != '"')
                r += *r == '\\' ? 2 : 1;
            r++;
        } else if (js_ws((unsigned char)*a)) {
            a++;
            continue;
        } else {
            while (r < z && *r != '"' && !js_ws((unsigned char)*r))
                r++;
        }
        if (an_buf_append(b, a, (size_t)(r - a)))
            return -1;
        a = r;
    }
    return 0;
}

int an_jscan_object(an_jscan *js, const char *p, size_t n)
{
    sc s = {p, p, p + n, js, 1};
    span other[AN_JS_MAX_KEYS];
    size_t nother = 0;
    int rc;
    js->id_kind = js->date_kind = js->text_kind = AN_JK_NONE;
    js->id_nul = js->text_nul = 0;
    js->have_meta = 0;
    js->err_off = 0;
    js->err_why = NULL;

    skip_ws(&s);
    if (s.p >= s.e || *s.p != '{')
        return AN_JSCAN_FALLBACK;
    s.p++;
    skip_ws(&s);
    if (s.p < s.e && *s.p == '}') {
        s.p++;
        goto end;
    }
    for (;;) {
        if (s.p >= s.e || *s.p != '"')
            return fail(&s, s.p, "expected a key");
        const char *k = s.p;
        int esc;
        if ((rc = scan_string(&s, NULL, 0, NULL, &esc)))
            return rc;
        if (esc)
            return AN_JSCAN_FALLBACK;
        span key = {k + 1, (size_t)(s.p - k - 2)};
        skip_ws(&s);
        if (s.p >= s.e || *s.p != ':')
            return fail(&s, s.p, "expected ':'");
        s.p++;
        skip_ws(&s);
        if (key.n == 2 && memcmp(key.p, "id", 2) == 0) {
            if (js->id_kind != AN_JK_NONE)
                return AN_JSCAN_FALLBACK;
            rc = scan_member(&s, js->id, 0, &js->id_nul, &js->id_kind);
        } else if (key.n == 4 && memcmp(key.p, "date", 4) == 0) {
            if (js->date_kind != AN_JK_NONE)
                return AN_JSCAN_FALLBACK;
            rc = scan_member(&s, js->date, 1, NULL, &js->date_kind);
        } else if (key.n == 4 && memcmp(key.p, "text", 4) == 0) {
            if (js->text_kind != AN_JK_NONE)
                return AN_JSCAN_FALLBACK;
            rc = scan_member(&s, js->text, 0, &js->text_nul, &js->text_kind);
        } else {
            if (nother == AN_JS_MAX_KEYS)
                return AN_JSCAN_FALLBACK;
            for (size_t i = 0; i < nother; i++)
                if (other[i].n == key.n && memcmp(other[i].p, key.p, key.n) == 0)
                    return AN_JSCAN_FALLBACK;
            other[nother++] = key;
            const char *v = s.p;
            s.canon = 1;
            if ((rc = scan_value(&s, 1, 1)))
                return rc;
            if (!s.canon)
                return AN_JSCAN_FALLBACK;
            an_buf *m = js->meta;
            if (!js->have_meta) {
                an_buf_clear(m);
                js->have_meta = 1;
            }
            if (an_buf_putc(m, m->len ? ',' : '{') || an_buf_append(m, k, key.n + 2) ||
                an_buf_putc(m, ':') || copy_compact(m, v, s.p))
                return AN_JSCAN_NOMEM;
        }
        if (rc)
            return rc;
        skip_ws(&s);
        if (s.p < s.e && *s.p == ',') {
            s.p++;
            skip_ws(&s);
            continue;
        }
        if (s.p < s.e && *s.p == '}') {
            s.p++;
            break;
        }
        return fail(&s, s.p, "expected ',' or '}'");
    }
end:
    skip_ws(&s);
    if (s.p < s.e)
        return fail(&s, s.p, "text after the object");
    if (js->have_meta && an_buf_putc(js->meta, '}'))
        return AN_JSCAN_NOMEM;
    return AN_JSCAN_OK;
}

unsigned long an_jscan_col(const char *p, size_t off)
{
    unsigned long col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            col++;
    return col;
}
