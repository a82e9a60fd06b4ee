/* annals report: a self-contained HTML report from an event store. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void report_usage(FILE *f)
{
    fprintf(f,
            "Usage: annals report [OPTIONS] -o FILE.html\n"
            "Writes one self-contained HTML file (no network access needed): a chart of the\n"
            "most active dyads and, for each chosen dyad, a cooperation/conflict timeline\n"
            "(Goldstein per period, stacked quad-class counts) and a sortable, filterable\n"
            "table of its events with the evidence sentence.\n\n"
            "Options:\n"
            "      --db PATH|URI       event store; default: events.db\n"
            "  -o, --output FILE       where to write the report ('-' = stdout); required\n"
            "      --dyad A-B          a dyad to show, e.g. SUN-CHN (repeatable);\n"
            "                          default: the 3 most active dyads\n"
            "  -b, --by PERIOD         year (default) | quarter | month\n"
            "      --exact             match full actor codes, not countries\n"
            "      --title TEXT        page title\n"
            "      --max-events N      rows per event table (default 2000)\n"
            "  -h, --help              this help\n\n"
            "Exit status: 0 success; 1 the store cannot be read or the file written;\n"
            "2 bad usage.\n");
}

int cmd_report(int argc, char **argv)
{
    const char *db = "events.db", *outpath = NULL;
    const char *dyads[64];
    annals_report_options o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            report_usage(stdout);
            return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
        } else if (!strcmp(a, "--exact")) {
            o.exact = 1;
        } else if (!strcmp(a, "--db") || !strcmp(a, "-o") || !strcmp(a, "--output") ||
                   !strcmp(a, "--dyad") || !strcmp(a, "-b") || !strcmp(a, "--by") ||
                   !strcmp(a, "--title") || !strcmp(a, "--max-events")) {
            if (i + 1 >= argc) {
                cli_msg("option '%s' needs an argument", a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--db")) {
                db = v;
            } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
                outpath = v;
            } else if (!strcmp(a, "--dyad")) {
                const char *dash = strchr(v, '-');
                if (!dash || dash == v || !dash[1] || dash - v > 31 || strlen(dash + 1) > 31) {
                    cli_msg("--dyad expects two actor codes joined by '-', e.g. SUN-CHN; got '%s'",
                            v);
                    return EXIT_USAGE;
                }
                if (o.ndyads == 64) {
                    cli_msg("too many --dyad options (at most 64)");
                    return EXIT_USAGE;
                }
                dyads[o.ndyads++] = v;
            } else if (!strcmp(a, "--title")) {
                o.title = v;
            } else if (!strcmp(a, "--max-events")) {
                char *end;
                errno = 0;
                unsigned long n = strtoul(v, &end, 10);
                if (*end || !*v || errno || n == 0 || v[0] == '-') {
                    cli_msg("--max-events expects a positive number, got '%s'", v);
                    return EXIT_USAGE;
                }
                o.max_events = n;
            } else if (annals_period_parse(v, &o.by)) {
                cli_msg("unknown period '%s' (expected year, quarter or month)", v);
                return EXIT_USAGE;
            }
        } else {
            cli_msg("unknown argument '%s' (see 'annals report --help')", a);
            return EXIT_USAGE;
        }
    }
    if (!outpath) {
        cli_msg("report needs an output file: -o report.html");
        return EXIT_USAGE;
    }
    o.dyads = dyads;
    annals_error err;
    annals_store_options so;
    memset(&so, 0, sizeof so);
    so.read_only = 1;
    annals_store *s = annals_store_open(db, &so, &err);
    if (!s) {
        cli_error(&err);
        return EXIT_FAIL;
    }
    int to_stdout = !strcmp(outpath, "-");
    char tmp[4096];
    FILE *f = stdout;
    if (!to_stdout) {
        /* Written beside the target and renamed: never a half report. */
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", outpath, (long)getpid());
        f = fopen(tmp, "w");
        if (!f) {
            cli_msg("%s: %s", outpath, strerror(errno));
            annals_store_close(s);
            return EXIT_FAIL;
        }
    }
    int rc = EXIT_OK;
    if (annals_report_write(s, f, &o, &err)) {
        cli_error(&err);
        rc = err.code == ANNALS_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
    }
    annals_store_close(s);
    if (to_stdout)
        return cli_close_stdout() ? EXIT_FAIL : rc;
    if (fflush(f) != 0 || ferror(f)) {
        if (rc == EXIT_OK)
            cli_msg("%s: %s", outpath, strerror(errno ? errno : EIO));
        rc = rc == EXIT_OK ? EXIT_FAIL : rc;
    }
    if (fclose(f) != 0 && rc == EXIT_OK) {
        cli_msg("%s: %s", outpath, strerror(errno));
        rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK && rename(tmp, outpath) != 0) {
        cli_msg("%s: %s", outpath, strerror(errno));
        rc = EXIT_FAIL;
    }
    if (rc != EXIT_OK)
        unlink(tmp);
    return rc;
}
