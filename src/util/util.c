/* Internal utilities: allocation hook, buffers, arenas, hashing, errors. */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---------------- allocation ---------------- */

static _Thread_local unsigned long g_alloc_count;
static _Thread_local unsigned long g_alloc_fail;

static int alloc_should_fail(void)
{
    g_alloc_count++;
    return g_alloc_fail != 0 && g_alloc_count == g_alloc_fail;
}

unsigned long an_alloc_fail_at(unsigned long n)
{
    unsigned long c = g_alloc_count;
    g_alloc_count = 0;
    g_alloc_fail = n;
    return c;
}

void *an_malloc(size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *an_calloc(size_t n, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *an_realloc(void *p, size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void an_free(void *p) { free(p); }

char *an_strndup(const char *s, size_t n)
{
    char *r = an_malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

char *an_strdup(const char *s) { return s ? an_strndup(s, strlen(s)) : NULL; }

/* ---------------- buffers ---------------- */

void an_buf_init(an_buf *b) { memset(b, 0, sizeof *b); }

void an_buf_free(an_buf *b)
{
    an_free(b->p);
    an_buf_init(b);
}

void an_buf_clear(an_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = 0;
}

int an_buf_reserve(an_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = an_realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

int an_buf_append(an_buf *b, const void *p, size_t n)
{
    if (an_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

int an_buf_puts(an_buf *b, const char *s) { return an_buf_append(b, s, strlen(s)); }

int an_buf_putc(an_buf *b, char c) { return an_buf_append(b, &c, 1); }

int an_buf_printf(an_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return -1;
    }
    if ((size_t)n < sizeof tmp) {
        va_end(ap2);
        return an_buf_append(b, tmp, (size_t)n);
    }
    if (an_buf_reserve(b, (size_t)n)) {
        va_end(ap2);
        return -1;
    }
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return 0;
}

char *an_buf_steal(an_buf *b)
{
    char *p = b->p;
    if (!p)
        p = an_strdup("");
    an_buf_init(b);
    return p;
}

/* ---------------- arena ---------------- */

struct an_arena_block {
    an_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

void an_arena_init(an_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->total = 0;
}

/* an_arena_alloc() when the head block has no room for n (rounded) bytes:
 * out of line, so that the common case saves no registers */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *arena_alloc_new_block(an_arena *a, size_t n)
{
    an_arena_block *b = a->head;
    size_t sz = a->block_size;
    if (n > sz / 4)
        sz = n; /* big allocations get their own block */
    an_arena_block *nb = an_malloc(sizeof *nb + sz);
    if (!nb)
        return NULL;
    nb->size = sz;
    nb->used = 0;
    if (b && n == sz && b->size - b->used >= 256) {
        /* keep the partially used block at the head */
        nb->next = b->next;
        b->next = nb;
        nb->used = n;
        a->total += sz;
        return nb->data;
    }
    nb->next = b;
    a->head = nb;
    a->total += sz;
    nb->used = n;
    return nb->data;
}

void *an_arena_alloc(an_arena *a, size_t n)
{
    if (n > SIZE_MAX - 15)
        return NULL; /* rounding up would wrap around */
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    an_arena_block *b = a->head;
    if (!b || b->size - b->used < n)
        return arena_alloc_new_block(a, n);
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *an_arena_strndup(an_arena *a, const char *s, size_t n)
{
    char *r = an_arena_alloc(a, n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

char *an_arena_strdup(an_arena *a, const char *s) { return an_arena_strndup(a, s, strlen(s)); }

void an_arena_reset(an_arena *a)
{
    an_arena_block *b = a->head;
    if (!b)
        return;
    /* keep the largest standard block, free the rest */
    an_arena_block *keep = NULL;
    while (b) {
        an_arena_block *next = b->next;
        if (!keep && b->size == a->block_size) {
            keep = b;
        } else {
            an_free(b);
        }
        b = next;
    }
    a->head = keep;
    a->total = 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        a->total = keep->size;
    }
}

void an_arena_free(an_arena *a)
{
    an_arena_block *b = a->head;
    while (b) {
        an_arena_block *next = b->next;
        an_free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* ---------------- hashing ---------------- */

static uint64_t g_seed;

uint64_t an_hash_seed(void)
{
    if (!g_seed) {
        const char *fixed = getenv("ANNALS_HASH_SEED");
        if (fixed && *fixed) {
            g_seed = strtoull(fixed, NULL, 0) | 1;
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            uint64_t s = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15ull ^ (uint64_t)ts.tv_sec ^
                         ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)&g_seed;
            g_seed = s | 1;
        }
    }
    return g_seed;
}

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

/* A seeded 64-bit hash in the spirit of the multiply-rotate family; each
 * 8-byte lane is mixed with the seed, so colliding keys cannot be
 * precomputed without knowing the per-process seed. */
uint64_t an_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t seed = g_seed ? g_seed : an_hash_seed();
    uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ull);
    while (n >= 8) {
        uint64_t k;
        memcpy(&k, p, 8);
        k *= 0x87c37b91114253d5ull;
        k = rotl64(k, 31);
        k *= 0x4cf5ad432745937full;
        h ^= k;
        h = rotl64(h, 27) * 5 + 0x52dce729 + seed;
        p += 8;
        n -= 8;
    }
    /* the last 0-7 bytes in one lane (with the length in h, a different
       lane for every tail of the same length) */
    uint64_t k = 0;
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        k = a | (uint64_t)b << 32;
    } else if (n) {
        k = p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16;
    }
    k *= 0x87c37b91114253d5ull;
    k = rotl64(k, 31);
    k *= 0x4cf5ad432745937full;
    h ^= k;
    return mix64(h);
}

uint64_t an_hash_word(uint64_t w, size_t n)
{
    uint64_t seed = g_seed ? g_seed : an_hash_seed();
    uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ull);
    uint64_t k = w * 0x87c37b91114253d5ull;
    k = rotl64(k, 31);
    k *= 0x4cf5ad432745937full;
    return mix64(h ^ k);
}

/* ---------------- vectors ---------------- */

int an_ptrvec_push(an_ptrvec *pv, void *p)
{
    if (pv->n == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 16;
        void **v = an_realloc(pv->v, cap * sizeof *v);
        if (!v)
            return -1;
        pv->v = v;
        pv->cap = cap;
    }
    pv->v[pv->n++] = p;
    return 0;
}

void an_ptrvec_free(an_ptrvec *pv)
{
    an_free(pv->v);
    pv->v = NULL;
    pv->n = pv->cap = 0;
}

/* ---------------- errors ---------------- */

static const char *const g_status_names[] = {
    "success",
    "input/output error",
    "malformed input",
    "out of memory",
    "limit exceeded",
    "invalid UTF-8",
    "invalid argument",
    "database error",
    "unsupported",
};

const char *annals_strerror(annals_status code)
{
    if ((unsigned)code < sizeof g_status_names / sizeof g_status_names[0])
        return g_status_names[code];
    return "unknown error";
}

const char *annals_version(void) { return ANNALS_VERSION_STRING; }

int annals_error_format(const annals_error *err, char *buf, size_t size)
{
    if (!err)
        return snprintf(buf, size, "unknown error");
    const char *msg = err->message[0] ? err->message : annals_strerror(err->code);
    const char *kind = err->is_warning ? "warning: " : "";
    if (err->file[0] && err->line && err->column)
        return snprintf(buf, size, "%s:%lu:%lu: %s%s", err->file, err->line, err->column, kind, msg);
    if (err->file[0] && err->line)
        return snprintf(buf, size, "%s:%lu: %s%s", err->file, err->line, kind, msg);
    if (err->file[0])
        return snprintf(buf, size, "%s: %s%s", err->file, kind, msg);
    return snprintf(buf, size, "%s%s", kind, msg);
}

void an_err_vset(annals_error *err, annals_status code, const char *file, unsigned long line,
                 unsigned long col, const char *fmt, va_list ap)
{
    if (!err)
        return;
    err->code = code;
    err->is_warning = 0;
    err->line = line;
    err->column = col;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

void an_err_set(annals_error *err, annals_status code, const char *file, unsigned long line,
                unsigned long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    an_err_vset(err, code, file, line, col, fmt, ap);
    va_end(ap);
}

void an_warn(annals_diag_fn fn, void *user, const char *file, unsigned long line,
             unsigned long col, const char *fmt, ...)
{
    if (!fn)
        return;
    annals_error e;
    va_list ap;
    va_start(ap, fmt);
    an_err_vset(&e, ANNALS_OK, file, line, col, fmt, ap);
    va_end(ap);
    e.is_warning = 1;
    fn(user, &e);
}

/* ---------------- files ---------------- */

annals_status an_read_file(const char *path, char **out, size_t *len, size_t max,
                           annals_error *err)
{
    int is_stdin = !path || strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    const char *name = is_stdin ? "-" : path;
    if (!f) {
        an_err_set(err, ANNALS_ERR_IO, name, 0, 0, "cannot open: %s", strerror(errno));
        return ANNALS_ERR_IO;
    }
    an_buf b;
    an_buf_init(&b);
    char chunk[65536];
    size_t n;
    annals_status st = ANNALS_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (max && b.len + n > max) {
            an_err_set(err, ANNALS_ERR_LIMIT, name, 0, 0, "file larger than the limit of %zu bytes",
                       max);
            st = ANNALS_ERR_LIMIT;
            break;
        }
        if (an_buf_append(&b, chunk, n)) {
            an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory reading file");
            st = ANNALS_ERR_NOMEM;
            break;
        }
    }
    if (st == ANNALS_OK && ferror(f)) {
        an_err_set(err, ANNALS_ERR_IO, name, 0, 0, "read error: %s", strerror(errno));
        st = ANNALS_ERR_IO;
    }
    if (!is_stdin)
        fclose(f);
    if (st != ANNALS_OK) {
        an_buf_free(&b);
        return st;
    }
    if (!b.p && an_buf_reserve(&b, 0)) {
        an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    b.p[b.len] = 0;
    *len = b.len;
    *out = b.p;
    return ANNALS_OK;
}

/* ---------------- UTF-8 ---------------- */

size_t an_utf8_seq_len(const unsigned char *p, size_t avail)
{
    if (avail == 0)
        return 0;
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        if (avail >= 2 && (p[1] & 0xC0) == 0x80)
            return 2;
        return 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && p[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0;
        if (c == 0xF4 && p[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

size_t an_utf8_validate(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* eight ASCII bytes, none of them NUL, at a time */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w | ((w - 0x0101010101010101ull) & ~w)) & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            if (p[i] == 0)
                return i;
            i++;
            continue;
        }
        size_t k = an_utf8_seq_len(p + i, n - i);
        if (!k)
            return i;
        i += k;
    }
    return (size_t)-1;
}

size_t an_utf8_repair(an_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, fixes = 0, run = 0;
    while (i < n) {
        if (p[i] >= 0x80 || p[i] == 0) {
            if (run) {
                an_buf_append(b, s + i - run, run);
                run = 0;
            }
            if (p[i] == 0) {
                an_buf_putc(b, ' ');
                fixes++;
                i++;
                continue;
            }
            size_t k = an_utf8_seq_len(p + i, n - i);
            if (k) {
                an_buf_append(b, s + i, k);
                i += k;
            } else {
                an_buf_append(b, "\xEF\xBF\xBD", 3);
                fixes++;
                i++;
            }
            continue;
        }
        run++;
        i++;
    }
    if (run)
        an_buf_append(b, s + i - run, run);
    if (!b->p)
        an_buf_reserve(b, 0);
    return fixes;
}

void an_line_col(const char *s, size_t off, unsigned long *line, unsigned long *col)
{
    unsigned long l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    if (line)
        *line = l;
    if (col)
        *col = c;
}

/* ---------------- strings ---------------- */

int an_strcaseeq(const char *a, const char *b)
{
    while (*a && *b) {
        if (an_tolower((unsigned char)*a) != an_tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
    return *a == *b;
}

int an_strncaseeq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = an_tolower((unsigned char)a[i]), cb = an_tolower((unsigned char)b[i]);
        if (ca != cb)
            return 0;
        if (!ca)
            return 1;
    }
    return 1;
}

int an_has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && an_strcaseeq(s + a - b, suffix);
}
