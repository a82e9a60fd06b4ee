/* Sentence tokens for the coder: slices into the story plus an upper-case,
 * diacritic-folded form (TABARI's input filter, manual section 7.3). */
#ifndef ANNALS_TOKENS_H
#define ANNALS_TOKENS_H

#include "util/util.h"

#include <string.h>

enum {
    TK_WORD = 0,
    TK_COMMA,
    TK_QUOTE,
    TK_NUMBER
};

typedef struct an_tok {
    const char *s;      /* normalised text (arena), NUL-terminated */
    uint32_t len;
    uint32_t start, end;/* byte offsets in the story text          */
    uint8_t kind;       /* TK_*                                    */
    uint8_t cap;        /* first letter was upper case in the text */
    uint8_t lower;      /* the token had lower-case letters        */
} an_tok;

/* The first min(len, 8) bytes of the text of a word or number token, in
 * memory order, zero-padded: an_tokenize() leaves 8 readable bytes from
 * the start of every such text. */
static inline uint64_t an_tok_word8(const an_tok *t)
{
    uint64_t v;
    memcpy(&v, t->s, 8);
    if (t->len >= 8)
        return v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return t->len ? v & ~(~0ull >> (8 * t->len)) : 0;
#else
    return v & ((1ull << (8 * t->len)) - 1);
#endif
}

/* Tokenises text[start..end) of a story. Tokens are appended to *out (grown
 * with an_realloc); returns the count or -1 on allocation failure / when
 * more than max tokens would be produced (*toomany set). */
long an_tokenize(an_arena *a, const char *text, size_t start, size_t end, an_tok **out,
                 size_t *cap, size_t max, int *toomany);

#endif
