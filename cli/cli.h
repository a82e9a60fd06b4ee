/* The annals command-line tool: shared declarations.  The CLI uses only the
 * public API in annals.h. */
#ifndef ANNALS_CLI_H
#define ANNALS_CLI_H

#include "annals.h"

/* Exit codes (documented in annals(1) and the README). */
enum {
    EXIT_OK = 0,      /* success                                        */
    EXIT_FAIL = 1,    /* runtime failure: I/O error, output error, ...  */
    EXIT_USAGE = 2    /* bad usage or bad input (dictionary, options)   */
};

/* Each subcommand: argv[0] is the subcommand name. Returns an exit code. */
int cmd_code(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_dyad(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Prints "annals: <formatted error>" to stderr. */
void cli_error(const annals_error *err);
/* Prints "annals: <message>" to stderr. */
void cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Diagnostic callback that prints warnings to stderr (user = int *count or NULL). */
void cli_diag(void *user, const annals_error *diag);
/* Closes stdout and reports a write error (e.g. ENOSPC on /dev/full).
 * Returns 0 or -1. */
int cli_close_stdout(void);

#endif
