/* annals dyad: a time series of the events between two actors. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void dyad_usage(FILE *f)
{
    fprintf(f,
            "Usage: annals dyad A B [OPTIONS]\n"
            "Counts the events between actors A and B per period, in each direction: events\n"
            "per quad class (verbal/material cooperation, verbal/material conflict), sum and\n"
            "mean Goldstein score, and the three most frequent event codes.\n"
            "A and B match by country (the first 3 characters of the actor code, so SUNGOV\n"
            "counts as SUN) unless --exact.  Events without a date, or dated less precisely\n"
            "than the period, fall into no period; the output says how many.\n\n"
            "Options:\n"
            "      --db PATH|URI       event store (SQLite file or postgresql:// URI);\n"
            "                          default: events.db\n"
            "  -b, --by PERIOD         year (default) | quarter | month\n"
            "      --exact             match full actor codes\n"
            "  -f, --format FMT        table (default) | csv | json\n"
            "  -h, --help              this help\n\n"
            "Exit status: 0 success; 1 the store cannot be read or output written;\n"
            "2 bad usage.\n");
}

int cmd_dyad(int argc, char **argv)
{
    const char *db = "events.db", *actors[2] = {NULL, NULL};
    int nact = 0, exact = 0;
    annals_period by = ANNALS_PERIOD_YEAR;
    annals_dyad_format fmt = ANNALS_DYAD_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            dyad_usage(stdout);
            return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
        } else if (!strcmp(a, "--db") || !strcmp(a, "-b") || !strcmp(a, "--by") ||
                   !strcmp(a, "-f") || !strcmp(a, "--format")) {
            if (i + 1 >= argc) {
                cli_msg("option '%s' needs an argument", a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--db")) {
                db = v;
            } else if (!strcmp(a, "-b") || !strcmp(a, "--by")) {
                if (annals_period_parse(v, &by)) {
                    cli_msg("unknown period '%s' (expected year, quarter or month)", v);
                    return EXIT_USAGE;
                }
            } else if (annals_dyad_format_parse(v, &fmt)) {
                cli_msg("unknown format '%s' (expected table, csv or json)", v);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--exact")) {
            exact = 1;
        } else if (a[0] == '-' && a[1]) {
            cli_msg("unknown option '%s' (see 'annals dyad --help')", a);
            return EXIT_USAGE;
        } else {
            if (nact == 2) {
                cli_msg("dyad takes two actor codes, got a third: '%s'", a);
                return EXIT_USAGE;
            }
            actors[nact++] = a;
        }
    }
    if (nact != 2) {
        cli_msg("dyad needs two actor codes, e.g. 'annals dyad SUN CHN'");
        return EXIT_USAGE;
    }
    for (int k = 0; k < 2; k++)
        if (!actors[k][0] || strlen(actors[k]) > 31) {
            cli_msg("actor code '%s' must have 1 to 31 characters", actors[k]);
            return EXIT_USAGE;
        }
    annals_error err;
    annals_store_options o;
    memset(&o, 0, sizeof o);
    o.read_only = 1;
    annals_store *s = annals_store_open(db, &o, &err);
    if (!s) {
        cli_error(&err);
        return EXIT_FAIL;
    }
    annals_dyad_series *ser = NULL;
    if (annals_store_dyad(s, actors[0], actors[1], by, exact, &ser, &err)) {
        cli_error(&err);
        annals_store_close(s);
        return EXIT_FAIL;
    }
    annals_store_close(s);
    int rc = EXIT_OK;
    if (annals_dyad_write(ser, stdout, fmt, &err)) {
        cli_error(&err);
        rc = EXIT_FAIL;
    }
    if (fmt == ANNALS_DYAD_CSV && (ser->undated || ser->too_coarse))
        cli_msg("%lu of %lu events left out: %lu without a date, %lu dated less precisely "
                "than the period",
                ser->undated + ser->too_coarse, ser->total, ser->undated, ser->too_coarse);
    annals_dyad_series_free(ser);
    if (cli_close_stdout())
        rc = EXIT_FAIL;
    return rc;
}
