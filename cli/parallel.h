/* annals code -j N: a reader, N coding threads, output in input order. */
#ifndef ANNALS_CLI_PARALLEL_H
#define ANNALS_CLI_PARALLEL_H

#include "annals.h"
#include "progress.h"

/* annals code --db commits stories in batches of this many. */
#define DB_BATCH 2000

/* Codes every story of r with `jobs` threads sharing dict and writes the
 * events to stdout in input order.  Returns an exit code.
 * With db, this thread stores the coded stories there in input order instead
 * of printing events (skipping stored ones unless replace; committing every
 * DB_BATCH stories, counted in *stored), while the threads code. */
int code_parallel(annals_dict *dict, const annals_coder_options *copt, annals_reader *r,
                  annals_output_format fmt, int jobs, annals_store *db, int replace,
                  unsigned long *stored, progress *pr);

#endif
