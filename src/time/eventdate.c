/* Event dating: one date per sentence, from the sentence itself, the
 * narrative context, or the story date. */
#include "time/eventdate.h"
#include "time/timex.h"

#include <stdio.h>
#include <string.h>

const char *an_date_source_name(int source)
{
    switch (source) {
    case 1: return "sentence";
    case 2: return "context";
    case 3: return "story";
    default: return NULL;
    }
}

static void take(an_sentdate *o, const annals_timex *x, int source)
{
    size_t k = 0;
    while (x->value[k] && x->value[k] != 'T' && k + 1 < sizeof o->date) {
        o->date[k] = x->value[k];
        k++;
    }
    o->date[k] = 0;
    o->precision = x->precision;
    o->text_start = x->start;
    o->text_end = x->end;
    o->source = source;
}

annals_status an_date_sentences(annals_tagger *t, const char *text, size_t len,
                                const an_span *sents, size_t nsent, const char *story_date,
                                annals_date_mode mode, an_sentdate *out, annals_error *err)
{
    if (!t || (!text && len) || (!sents && nsent) || (!out && nsent)) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "an_date_sentences: invalid argument");
        return ANNALS_ERR_ARG;
    }
    int y, m, d;
    if (story_date && an_parse_ymd(story_date, &y, &m, &d) != 0)
        story_date = NULL;
    const annals_timex *xs;
    size_t nx;
    annals_status st = annals_tagger_tag(t, text, len, story_date, mode, &xs, &nx, err);
    if (st != ANNALS_OK)
        return st;
    int narrative = an_tagger_used_mode(t) == ANNALS_DATES_NARRATIVE;
    const annals_timex *last = NULL; /* last calendar expression before the current sentence */
    size_t xi = 0;
    for (size_t i = 0; i < nsent; i++) {
        an_sentdate *o = &out[i];
        memset(o, 0, sizeof *o);
        size_t s0 = sents[i].start, s1 = sents[i].end;
        /* sentences normally come in order; restart the scan when one does not */
        if (xi > 0 && (xi >= nx || xs[xi - 1].start >= s0))
            xi = 0;
        while (xi < nx && xs[xi].start < s0)
            xi++;
        /* the narrative context: the last calendar expression before this sentence */
        if (narrative) {
            last = NULL;
            for (size_t q = xi; q-- > 0;)
                if (an_timex_is_calendar(&xs[q])) {
                    last = &xs[q];
                    break;
                }
        }
        const annals_timex *own = NULL;
        for (size_t q = xi; q < nx && xs[q].start < s1; q++) {
            if (xs[q].end <= s1 && an_timex_is_calendar(&xs[q])) {
                own = &xs[q];
                break;
            }
        }
        if (own) {
            take(o, own, 1);
        } else if (narrative && last) {
            take(o, last, 2);
        } else if (story_date) {
            size_t n = strlen(story_date);
            if (n >= sizeof o->date)
                n = sizeof o->date - 1;
            memcpy(o->date, story_date, n);
            o->date[n] = 0;
            o->precision = ANNALS_PREC_DAY;
            o->source = 3;
        }
    }
    return ANNALS_OK;
}
