/* annals code -j N: a reader, N coding threads, output in input order. */
#ifndef ANNALS_CLI_PARALLEL_H
#define ANNALS_CLI_PARALLEL_H

#include "annals.h"
#include "progress.h"

/* Codes every story of r with `jobs` threads sharing dict and writes the
 * events to stdout in input order.  Returns an exit code. */
/* With db (a store URI), each thread stores its stories there instead of
 * printing events (skipping stored ones unless replace). */
int code_parallel(annals_dict *dict, const annals_coder_options *copt, annals_reader *r,
                  annals_output_format fmt, int jobs, const char *db, int replace,
                  progress *pr);

#endif
