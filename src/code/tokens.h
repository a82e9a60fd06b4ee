/* Sentence tokens for the coder: slices into the story plus an upper-case,
 * diacritic-folded form (TABARI's input filter, manual section 7.3). */
#ifndef ANNALS_TOKENS_H
#define ANNALS_TOKENS_H

#include "util/util.h"

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

/* Tokenises text[start..end) of a story. Tokens are appended to *out (grown
 * with an_realloc); returns the count or -1 on allocation failure / when
 * more than max tokens would be produced (*toomany set). */
long an_tokenize(an_arena *a, const char *text, size_t start, size_t end, an_tok **out,
                 size_t *cap, size_t max, int *toomany);

#endif
