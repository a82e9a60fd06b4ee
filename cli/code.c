/* annals code: read stories, code them, write events. */
#include "cli.h"
#include "parallel.h"
#include "progress.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void code_usage(FILE *f)
{
    fprintf(f,
            "Usage: annals code [OPTIONS] [FILE...]\n"
            "Codes stories into CAMEO events and writes one event per line to stdout.\n"
            "FILE '-' or no FILE reads standard input (JSON Lines unless --input-format).\n\n"
            "Options:\n"
            "  -d, --dict PATH          dictionary: a TABARI .project, a PETRARCH .ini, a\n"
            "                           directory, or one dictionary file (repeatable);\n"
            "                           default: annals' own dictionaries\n"
            "  -i, --input-format FMT   jsonl | tabari | text | petrarch-xml (default: by\n"
            "                           file extension; stdin: jsonl)\n"
            "  -f, --format FMT         jsonl (default) | tsv\n"
            "      --date YYYY-MM-DD    story date for plain-text input\n"
            "      --option 'CMD'       apply a TABARI .options command (repeatable), e.g.\n"
            "                           --option 'SET: CODE BY SENTENCE'\n"
            "      --split | --no-split split stories into sentences (default: yes, except\n"
            "                           TABARI records, which are coded whole)\n"
            "      --lenient            report malformed dictionary lines as warnings and\n"
            "                           skip them (for old dictionaries with typos)\n"
            "  -j, --jobs N             code with N threads; output keeps input order\n"
            "      --dates MODE         anchor relative dates to the story date (news), to\n"
            "                           the last date in the text (narrative), or choose\n"
            "                           per story (auto, the default)\n"
            "      --no-dates           give every event its story's date\n"
            "      --db URI             store stories, sentences and events in a SQLite file\n"
            "                           or a PostgreSQL database (postgresql://...); stories\n"
            "                           already stored are skipped (events are not printed;\n"
            "                           storing runs on a thread of its own, beside the\n"
            "                           -j coding threads)\n"
            "      --replace            with --db: recode and replace stored stories\n"
            "  -q, --quiet              no warnings and no progress line on stderr (the\n"
            "                           progress line shows only on a terminal)\n"
            "  -h, --help               this help\n\n"
            "Exit status: 0 success; 1 runtime failure (e.g. output cannot be written);\n"
            "2 bad usage, unreadable input or a malformed dictionary.\n");
}

typedef struct opts {
    const char *dicts[64];
    int ndicts;
    const char *options[64];
    int noptions;
    annals_input_format in;
    annals_output_format out;
    const char *date;
    int split; /* -1 default */
    int quiet;
    int lenient;
    int jobs;
    const char *db;
    int replace;
    int no_dates;
    annals_date_mode dates;
} opts;

static int need_arg(int i, int argc, char **argv)
{
    if (i + 1 >= argc) {
        cli_msg("option '%s' needs an argument", argv[i]);
        return 0;
    }
    return 1;
}

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = atoi(s + 5), d = atoi(s + 8);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Codes every story of r on this thread, printing the events (--db and -j N
 * go through code_parallel()). */
static int code_serial(annals_dict *dict, const annals_coder_options *copt, annals_reader *r,
                       annals_writer *w, progress *pr)
{
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_coder *c = annals_coder_new(dict, copt, &err);
    if (!c) {
        cli_error(&err);
        return EXIT_FAIL;
    }
    int rc = EXIT_OK;
    annals_story story;
    int got;
    while ((got = annals_reader_next(r, &story, &err)) == 1) {
        if (annals_coder_code(c, &story, &err)) {
            cli_error(&err);
            if (err.code == ANNALS_ERR_NOMEM) {
                rc = EXIT_FAIL;
                break;
            }
            continue;
        }
        progress_story(pr, r, annals_coder_sentence_count(c));
        size_t n = annals_coder_event_count(c);
        for (size_t k = 0; k < n && rc == EXIT_OK; k++) {
            if (annals_writer_event(w, annals_coder_event(c, k), &err)) {
                cli_error(&err);
                rc = EXIT_FAIL;
            }
        }
        if (rc)
            break;
    }
    if (got < 0) {
        cli_error(&err);
        rc = EXIT_USAGE;
    }
    annals_coder_free(c);
    return rc;
}

int cmd_code(int argc, char **argv)
{
    opts o;
    memset(&o, 0, sizeof o);
    o.split = -1;
    o.jobs = 1;
    const char *files[4096];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            code_usage(stdout);
            return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
        } else if (!strcmp(a, "-d") || !strcmp(a, "--dict")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            if (o.ndicts == 64) {
                cli_msg("too many --dict options (at most 64)");
                return EXIT_USAGE;
            }
            o.dicts[o.ndicts++] = argv[++i];
        } else if (!strcmp(a, "--option")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            if (o.noptions == 64) {
                cli_msg("too many --option options (at most 64)");
                return EXIT_USAGE;
            }
            o.options[o.noptions++] = argv[++i];
        } else if (!strcmp(a, "-i") || !strcmp(a, "--input-format")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            if (annals_input_format_parse(argv[++i], &o.in)) {
                cli_msg("unknown input format '%s' (expected jsonl, tabari, text or petrarch-xml)",
                        argv[i]);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            if (annals_output_format_parse(argv[++i], &o.out)) {
                cli_msg("unknown output format '%s' (expected jsonl or tsv)", argv[i]);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--date")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            o.date = argv[++i];
            if (!valid_date(o.date)) {
                cli_msg("--date expects YYYY-MM-DD, got '%s'", o.date);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--split")) {
            o.split = 1;
        } else if (!strcmp(a, "--no-split")) {
            o.split = 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o.quiet = 1;
        } else if (!strcmp(a, "--lenient")) {
            o.lenient = 1;
        } else if (!strcmp(a, "--db")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            o.db = argv[++i];
        } else if (!strcmp(a, "--replace")) {
            o.replace = 1;
        } else if (!strcmp(a, "--no-dates")) {
            o.no_dates = 1;
        } else if (!strcmp(a, "--dates")) {
            if (!need_arg(i, argc, argv))
                return EXIT_USAGE;
            if (annals_date_mode_parse(argv[++i], &o.dates)) {
                cli_msg("--dates expects news, narrative or auto, got '%s'", argv[i]);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strncmp(a, "-j", 2)) {
            const char *v = a[1] == 'j' && a[2] ? a + 2 : NULL;
            if (!v) {
                if (!need_arg(i, argc, argv))
                    return EXIT_USAGE;
                v = argv[++i];
            }
            char *end;
            long j = strtol(v, &end, 10);
            if (*end || j < 1 || j > 256) {
                cli_msg("--jobs expects a number from 1 to 256, got '%s'", v);
                return EXIT_USAGE;
            }
            o.jobs = (int)j;
        } else if (!strcmp(a, "--")) {
            for (i++; i < argc && nfiles < 4096; i++)
                files[nfiles++] = argv[i];
            break;
        } else if (a[0] == '-' && a[1]) {
            cli_msg("unknown option '%s' (see 'annals code --help')", a);
            return EXIT_USAGE;
        } else {
            if (nfiles == 4096) {
                cli_msg("too many files (at most 4096 per run)");
                return EXIT_USAGE;
            }
            files[nfiles++] = a;
        }
    }
    if (nfiles == 0)
        files[nfiles++] = "-";

    unsigned long warnings = 0;
    annals_diag_fn diag = o.quiet ? NULL : cli_diag;
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_dict_options dopt;
    memset(&dopt, 0, sizeof dopt);
    dopt.diag = diag;
    dopt.diag_user = &warnings;
    dopt.lenient = o.lenient;
    annals_dict *dict = annals_dict_new(&dopt, &err);
    if (!dict) {
        cli_error(&err);
        return EXIT_FAIL;
    }
    annals_status st = ANNALS_OK;
    if (o.ndicts == 0)
        st = annals_dict_load_default(dict, &err);
    for (int i = 0; !st && i < o.ndicts; i++)
        st = annals_dict_load(dict, o.dicts[i], &err);
    for (int i = 0; !st && i < o.noptions; i++)
        st = annals_dict_set_option(dict, o.options[i], &err);
    if (st) {
        cli_error(&err);
        annals_dict_free(dict);
        return st == ANNALS_ERR_NOMEM ? EXIT_FAIL : EXIT_USAGE;
    }
    annals_writer *w = annals_writer_new(stdout, o.out, &err);
    if (!w) {
        cli_error(&err);
        annals_dict_free(dict);
        return EXIT_FAIL;
    }
    int rc = EXIT_OK;
    progress pr;
    progress_init(&pr, o.quiet);
    annals_store *db = NULL;
    unsigned long stored = 0;
    if (o.replace && !o.db) {
        cli_msg("--replace needs --db");
        annals_writer_free(w);
        annals_dict_free(dict);
        return EXIT_USAGE;
    }
    if (o.db) {
        annals_store_options so;
        memset(&so, 0, sizeof so);
        so.diag = diag;
        so.diag_user = &warnings;
        db = annals_store_open(o.db, &so, &err);
        if (!db) {
            cli_error(&err);
            annals_writer_free(w);
            annals_dict_free(dict);
            return EXIT_FAIL;
        }
    }
    for (int f = 0; f < nfiles && rc == EXIT_OK; f++) {
        annals_reader_options ropt;
        memset(&ropt, 0, sizeof ropt);
        ropt.format = o.in;
        ropt.default_date = o.date;
        ropt.diag = diag;
        ropt.diag_user = &warnings;
        annals_reader *r = annals_reader_open(files[f], &ropt, &err);
        if (!r) {
            cli_error(&err);
            rc = EXIT_USAGE;
            break;
        }
        annals_coder_options copt;
        memset(&copt, 0, sizeof copt);
        copt.diag = diag;
        copt.diag_user = &warnings;
        copt.no_dates = o.no_dates;
        copt.dates = o.dates;
        annals_input_format fmt = o.in;
        if (fmt == ANNALS_INPUT_AUTO) {
            const char *dot = strrchr(files[f], '.');
            if (dot && (!strcmp(dot, ".text") || !strcmp(dot, ".tabari")))
                fmt = ANNALS_INPUT_TABARI;
        }
        copt.no_split = o.split == 0 || (o.split < 0 && fmt == ANNALS_INPUT_TABARI);
        if (o.jobs > 1 || db)
            rc = code_parallel(dict, &copt, r, o.out, o.jobs, db, o.replace, &stored, &pr);
        else
            rc = code_serial(dict, &copt, r, w, &pr);
        annals_reader_close(r);
    }
    progress_done(&pr);
    if (db) {
        if (rc == EXIT_OK && annals_store_commit(db, &err)) {
            cli_error(&err);
            rc = EXIT_FAIL;
        }
        annals_store_close(db); /* an uncommitted batch is rolled back */
    }
    if (rc == EXIT_OK && annals_writer_flush(w, &err)) {
        cli_error(&err);
        rc = EXIT_FAIL;
    }
    annals_writer_free(w);
    annals_dict_free(dict);
    if (cli_close_stdout() && rc == EXIT_OK)
        rc = EXIT_FAIL;
    return rc;
}
