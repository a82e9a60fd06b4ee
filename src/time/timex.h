/* Temporal tagger internals shared by the files of src/time (not public API). */
#ifndef ANNALS_TIME_TIMEX_H
#define ANNALS_TIME_TIMEX_H

#include "annals.h"
#include "util/util.h"

/* Calendar arithmetic on the proleptic Gregorian calendar. */
long an_days_from_civil(int y, int m, int d);
void an_civil_from_days(long z, int *y, int *m, int *d);
int an_weekday(long z);              /* 0 = Monday .. 6 = Sunday */
int an_days_in_month(int y, int m);  /* 0 when m is out of range */
int an_iso_week(int y, int m, int d, int *iso_year);
/* Parses "YYYY-MM-DD" (exactly, a real date). 0 ok, -1 otherwise. */
int an_parse_ymd(const char *s, int *y, int *m, int *d);

/* The mode the last annals_tagger_tag() call actually used (AUTO resolved
 * to NEWS or NARRATIVE). */
annals_date_mode an_tagger_used_mode(const annals_tagger *t);

/* 1 when a TIMEX3 value names a point or period on the calendar that an
 * event can be dated by ("1956", "1956-10-19", "195X", "1941-SP"), 0 for
 * durations, sets, PRESENT_REF and values with unknown parts. */
int an_timex_is_calendar(const annals_timex *x);

#endif
