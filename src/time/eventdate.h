/* Dating the sentences of a story from their own temporal expressions
 * (internal; the coder calls an_date_sentences once per story). */
#ifndef ANNALS_TIME_EVENTDATE_H
#define ANNALS_TIME_EVENTDATE_H

#include "annals.h"
#include "text/text.h" /* an_span */

typedef struct an_sentdate {
    char date[24];                  /* ISO at its precision ("1956", "1956-10-19"), "" if none */
    annals_date_precision precision;
    size_t text_start, text_end;    /* the expression used, byte offsets in the story; 0,0 if none */
    int source;                     /* 0 none, 1 own sentence, 2 narrative context, 3 story date */
} an_sentdate;

/* Dates each sentence of a story: out[i] for sents[i]. story_date "YYYY-MM-DD" or NULL.
 * A sentence with its own calendar expression (a DATE or TIME whose value is
 * fully known: "1956", "1956-10", "195X") gets the first one (source 1; a
 * TIME gives its day).  In narrative mode (or AUTO resolved to it) a sentence
 * without one inherits the last such expression of the earlier sentences
 * (source 2).  Otherwise it gets the story date (source 3), else nothing.
 * A story date that is not a valid YYYY-MM-DD is treated as absent. */
annals_status an_date_sentences(annals_tagger *t, const char *text, size_t len,
                                const an_span *sents, size_t nsent, const char *story_date,
                                annals_date_mode mode, an_sentdate *out, annals_error *err);

/* Names of an_sentdate.source: "sentence", "context", "story", or NULL for 0. */
const char *an_date_source_name(int source);

#endif
