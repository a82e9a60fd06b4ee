/* Text module: sentence splitting and tokenisation (internal). */
#ifndef ANNALS_TEXT_H
#define ANNALS_TEXT_H

#include "util/util.h"

typedef struct an_span {
    size_t start, end; /* byte offsets, end exclusive */
} an_span;

typedef struct an_spanvec {
    an_span *v;
    size_t n, cap;
} an_spanvec;

int an_spanvec_push(an_spanvec *sv, size_t start, size_t end); /* 0 ok, -1 nomem */
void an_spanvec_free(an_spanvec *sv);

/* Splits `text` into sentences and appends their spans (trimmed of
 * surrounding white space) to `out`.  Survives abbreviations (U.S., Gen.,
 * Jan., No., Mr.), initials (J. F. Kennedy), decimals (3.5), ellipses,
 * quotes and brackets closing a sentence, and web noise (runs of
 * punctuation, long lines without any).  A sentence longer than
 * `max_bytes` (0 = no limit) is cut at the last white space before the
 * limit.  Works in time linear in `len`.  Returns 0, or -1 on allocation
 * failure. */
int an_split_sentences(const char *text, size_t len, size_t max_bytes, an_spanvec *out);

#endif
