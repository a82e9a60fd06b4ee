/* A progress line on stderr for long runs (only when stderr is a terminal). */
#ifndef ANNALS_CLI_PROGRESS_H
#define ANNALS_CLI_PROGRESS_H

#include "annals.h"

typedef struct progress {
    int on;
    double t0, last;
    unsigned long stories, sentences;
    int shown;
} progress;

/* enabled: stderr is a terminal and not --quiet */
void progress_init(progress *p, int quiet);
/* counts a story (with its sentences) and redraws at most 4 times a second */
void progress_story(progress *p, const annals_reader *r, unsigned long sentences);
/* counts a batch of stories (the parallel path) */
void progress_batch(progress *p, const annals_reader *r, unsigned long stories);
/* clears the line */
void progress_done(progress *p);

#endif
