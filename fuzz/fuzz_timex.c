/* libFuzzer target for the temporal tagger.  Byte 0 picks the mode (low two
 * bits: auto, news, narrative) and whether a story date is given (bit 2);
 * the rest is the text.  Checks: expressions are ordered, non-overlapping,
 * non-empty and inside the text; values are NUL-terminated printable ASCII;
 * a day-precision value names a real calendar day; event dating of the
 * whole text as one sentence succeeds. */
#include "time/eventdate.h"
#include "time/timex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static annals_tagger *t;
    annals_error err;
    if (!t && !(t = annals_tagger_new(&err)))
        abort();
    annals_date_mode mode = (annals_date_mode)(data[0] & 3);
    if (mode > ANNALS_DATES_NARRATIVE)
        mode = ANNALS_DATES_NEWS;
    const char *dct = (data[0] & 4) ? "1998-02-27" : NULL;
    size_t len = size - 1;
    char *s = malloc(len ? len : 1);
    if (!s)
        return 0;
    memcpy(s, data + 1, len);
    const annals_timex *xs;
    size_t n;
    if (annals_tagger_tag(t, s, len, dct, mode, &xs, &n, &err) != ANNALS_OK)
        abort();
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        if (xs[i].start < prev || xs[i].start >= xs[i].end || xs[i].end > len)
            abort();
        prev = xs[i].end;
        size_t vl = strnlen(xs[i].value, sizeof xs[i].value);
        if (vl == 0 || vl == sizeof xs[i].value)
            abort();
        for (size_t k = 0; k < vl; k++)
            if (xs[i].value[k] < 33 || xs[i].value[k] > 126)
                abort();
        if (xs[i].precision == ANNALS_PREC_DAY && an_isdigit((unsigned char)xs[i].value[0])) {
            char day[11];
            memcpy(day, xs[i].value, 10);
            day[10] = 0;
            int y, m, d;
            if (an_parse_ymd(day, &y, &m, &d) != 0)
                abort();
        }
    }
    an_span sp = {0, len};
    an_sentdate sd;
    if (an_date_sentences(t, s, len, &sp, 1, dct, mode, &sd, &err) != ANNALS_OK)
        abort();
    if (sd.source < 0 || sd.source > 3 || sd.text_end > len || sd.text_start > sd.text_end)
        abort();
    free(s);
    return 0;
}
