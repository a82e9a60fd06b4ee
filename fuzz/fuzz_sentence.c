/* libFuzzer target for the sentence splitter.  Byte 0 picks max_bytes
 * (0 = none, else 8..2048); the rest is the text.  Checks: spans are
 * ordered, non-empty, inside the text, trimmed, within max_bytes, cover
 * every non-space byte, and (for valid UTF-8) start and end on character
 * boundaries. */
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t max = data[0] ? 8u * data[0] : 0;
    size_t len = size - 1;
    char *t = malloc(len ? len : 1);
    if (!t)
        return 0;
    memcpy(t, data + 1, len);
    an_spanvec sv = {0};
    if (an_split_sentences(t, len, max, &sv) != 0)
        abort();
    int valid = an_utf8_validate(t, len) == (size_t)-1;
    size_t prev = 0, covered = 0;
    for (size_t i = 0; i < sv.n; i++) {
        size_t a = sv.v[i].start, b = sv.v[i].end;
        if (a < prev || a >= b || b > len)
            abort();
        if (an_isspace((unsigned char)t[a]) || an_isspace((unsigned char)t[b - 1]))
            abort();
        if (max && b - a > max)
            abort();
        if (valid && (((unsigned char)t[a] & 0xC0) == 0x80 ||
                      (b < len && ((unsigned char)t[b] & 0xC0) == 0x80)))
            abort();
        /* the gap before this span holds only white space */
        for (size_t k = prev; k < a; k++)
            if (!an_isspace((unsigned char)t[k]))
                abort();
        covered += b - a;
        prev = b;
    }
    for (size_t k = prev; k < len; k++)
        if (!an_isspace((unsigned char)t[k]))
            abort();
    (void)covered;
    an_spanvec_free(&sv);
    free(t);
    return 0;
}
