/* Internal utilities shared by every module: growable buffers, slices,
 * arenas, a seeded hash, error helpers.  Nothing here is public API. */
#ifndef ANNALS_UTIL_H
#define ANNALS_UTIL_H

#include "annals.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define AN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define AN_UNUSED __attribute__((unused))
#else
#define AN_PRINTF(a, b)
#define AN_UNUSED
#endif

/* ---- allocation (one hook so failure injection can wrap it) ---- */
void *an_malloc(size_t n);
void *an_calloc(size_t n, size_t size);
void *an_realloc(void *p, size_t n);
void an_free(void *p);
char *an_strdup(const char *s);
char *an_strndup(const char *s, size_t n);
/* Failure injection for tests: the n-th allocation from now on fails
 * (0 disables). Returns the number of allocations made since the last call. */
unsigned long an_alloc_fail_at(unsigned long n);

/* ---- borrowed slice ---- */
typedef struct an_slice {
    const char *p;
    size_t n;
} an_slice;

/* ---- owning growable buffer (always NUL-terminated when len>0 or p!=NULL) ---- */
typedef struct an_buf {
    char *p;
    size_t len, cap;
    int failed; /* sticky: an allocation failed */
} an_buf;

void an_buf_init(an_buf *b);
void an_buf_free(an_buf *b);
void an_buf_clear(an_buf *b);
int an_buf_reserve(an_buf *b, size_t extra);     /* 0 ok, -1 nomem */
int an_buf_append(an_buf *b, const void *p, size_t n);
int an_buf_puts(an_buf *b, const char *s);
int an_buf_putc(an_buf *b, char c);
int an_buf_printf(an_buf *b, const char *fmt, ...) AN_PRINTF(2, 3);
/* Takes ownership of the contents (caller frees with an_free); resets b. */
char *an_buf_steal(an_buf *b);

/* ---- arena: bump allocation, freed in one call ---- */
typedef struct an_arena_block an_arena_block;
typedef struct an_arena {
    an_arena_block *head;
    size_t block_size;
    size_t total;
} an_arena;

void an_arena_init(an_arena *a, size_t block_size);
void *an_arena_alloc(an_arena *a, size_t n);          /* 16-byte aligned; NULL on nomem */
char *an_arena_strndup(an_arena *a, const char *s, size_t n);
char *an_arena_strdup(an_arena *a, const char *s);
void an_arena_reset(an_arena *a);                     /* keeps the first block */
void an_arena_free(an_arena *a);

/* ---- hashing (seeded per process to resist flooding) ---- */
uint64_t an_hash(const void *p, size_t n);
/* the seeded hash of a key of at most 8 bytes, w (its bytes in memory
 * order, zero-padded), n its length (not the value an_hash() gives) */
uint64_t an_hash_word(uint64_t w, size_t n);
uint64_t an_hash_seed(void);

/* ---- vectors of pointers ---- */
typedef struct an_ptrvec {
    void **v;
    size_t n, cap;
} an_ptrvec;
int an_ptrvec_push(an_ptrvec *pv, void *p);
void an_ptrvec_free(an_ptrvec *pv);

/* ---- errors ---- */
void an_err_set(annals_error *err, annals_status code, const char *file, unsigned long line,
                unsigned long col, const char *fmt, ...) AN_PRINTF(6, 7);
void an_err_vset(annals_error *err, annals_status code, const char *file, unsigned long line,
                 unsigned long col, const char *fmt, va_list ap);
/* Sends a warning through a diagnostic callback (no-op when fn is NULL). */
void an_warn(annals_diag_fn fn, void *user, const char *file, unsigned long line,
             unsigned long col, const char *fmt, ...) AN_PRINTF(6, 7);

/* ---- files ---- */
/* Reads a whole file (path "-" = stdin) into a NUL-terminated buffer. */
annals_status an_read_file(const char *path, char **out, size_t *len, size_t max,
                           annals_error *err);

/* ---- UTF-8 ---- */
/* Length of the valid UTF-8 sequence at p (1..4) or 0 if invalid. */
size_t an_utf8_seq_len(const unsigned char *p, size_t avail);
/* Returns the byte offset of the first invalid sequence, or (size_t)-1. */
size_t an_utf8_validate(const char *p, size_t n);
/* Copies s into b replacing each invalid byte with U+FFFD; returns number of
 * replacements; NUL bytes are replaced by a space and counted too. */
size_t an_utf8_repair(an_buf *b, const char *s, size_t n);
/* Line and column (1-based, column in characters) of byte offset off. */
void an_line_col(const char *s, size_t off, unsigned long *line, unsigned long *col);

/* ---- ASCII helpers (never pass signed char to ctype) ---- */
static inline int an_isspace(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static inline int an_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int an_isalpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline int an_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int an_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline int an_isalnum(int c) { return an_isalpha(c) || an_isdigit(c); }
static inline int an_toupper(int c) { return an_islower(c) ? c - 32 : c; }
static inline int an_tolower(int c) { return an_isupper(c) ? c + 32 : c; }
int an_strcaseeq(const char *a, const char *b);
int an_strncaseeq(const char *a, const char *b, size_t n);
int an_has_suffix(const char *s, const char *suffix); /* case-insensitive */

#endif
