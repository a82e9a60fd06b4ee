/* annals code's progress line: stories, sentences, rate, percent and ETA. */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, int quiet)
{
    p->on = !quiet && isatty(STDERR_FILENO);
    p->t0 = p->last = now();
    p->stories = p->sentences = 0;
    p->shown = 0;
}

static void draw(progress *p, const annals_reader *r)
{
    double t = now();
    if (t - p->last < 0.25)
        return;
    p->last = t;
    double el = t - p->t0;
    unsigned long long done = 0, total = 0;
    annals_reader_progress(r, &done, &total);
    char eta[48] = "";
    if (total && done && done <= total) {
        double frac = (double)done / (double)total;
        double left = el / frac - el;
        snprintf(eta, sizeof eta, "  %3.0f%%  ETA %d:%02d", frac * 100.0, (int)(left / 60),
                 (int)left % 60);
    }
    if (p->sentences)
        fprintf(stderr, "\rannals: %lu stories, %lu sentences, %.0f sentences/s%s   ", p->stories,
                p->sentences, el > 0 ? (double)p->sentences / el : 0.0, eta);
    else
        fprintf(stderr, "\rannals: %lu stories, %.0f stories/s%s   ", p->stories,
                el > 0 ? (double)p->stories / el : 0.0, eta);
    p->shown = 1;
}

void progress_story(progress *p, const annals_reader *r, unsigned long sentences)
{
    if (!p->on)
        return;
    p->stories++;
    p->sentences += sentences;
    draw(p, r);
}

void progress_batch(progress *p, const annals_reader *r, unsigned long stories)
{
    if (!p->on)
        return;
    p->stories += stories;
    draw(p, r);
}

void progress_done(progress *p)
{
    if (p->on && p->shown)
        fprintf(stderr, "\r%*s\r", 78, "");
}
