/* annals — political event coder.  Subcommand dispatch and shared helpers. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"code", cmd_code, "code stories into CAMEO events"},
    {"dates", cmd_dates, "tag and normalise temporal expressions (TIMEX3)"},
    {"dyad", cmd_dyad, "time series of events between two actors (from a store)"},
    {"report", cmd_report, "self-contained HTML report of a store (charts, events)"},
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: annals COMMAND [OPTIONS] [FILE...]\n"
               "       annals --version | --help\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\nRun 'annals COMMAND --help' for a command's options.\n"
               "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n");
}

void cli_error(const annals_error *err)
{
    char buf[1200];
    annals_error_format(err, buf, sizeof buf);
    fprintf(stderr, "annals: %s\n", buf);
}

void cli_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("annals: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_diag(void *user, const annals_error *diag)
{
    if (user)
        (*(unsigned long *)user)++;
    cli_error(diag);
}

int cli_close_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_msg("error writing output: %s", strerror(errno ? errno : EIO));
        return -1;
    }
    if (fclose(stdout) != 0) {
        cli_msg("error closing output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("annals %s\n", annals_version());
        return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    cli_msg("unknown command '%s' (see 'annals --help')", argv[1]);
    return EXIT_USAGE;
}
