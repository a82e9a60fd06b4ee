/* Failure injection: a representative run (load a small dictionary, read and
 * code a few stories, write their events, tag dates) is repeated with the
 * N-th allocation failing, for every N the run makes.  Each run must either
 * fail with ANNALS_ERR_NOMEM and a message, or (where a failed allocation is
 * only an optimisation) produce exactly the output of the run without
 * failures.  No crash; leaks are caught by LeakSanitizer (make asan) and
 * valgrind (tests/suites/valgrind.sh). */
#include "test.h"
#include "annals.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

static const char af_actors[] = "# actors written for the failure-injection test\n"
                                "SOVIET_UNION_\n+USSR_\n+MOSCOW_\n\t[SUN 19221230-19911226]\n\t[RUS]\n"
                                "CHINA_\n+BEIJING_\n+CHINESE_\n\t[CHN]\n"
                                "INDIA_ [IND]\n"
                                "NIKITA_KHRUSHCHEV_\n+KHRUSHCHEV_\n\t[SUNGOV 19530305-19641014]\n\t[---]\n";
static const char af_agents[] = "TROOPS_ [~MIL]\nFOREIGN_MINISTER_ [~GOVFRM]\n";
static const char af_verbs[] = "<SYNSETS>\n&TREATY\n+TREATY_\n+ACCORD_\n</SYNSETS>\n"
                               "ACCUSE_ [112]\nATTACK_ [190]\nMEET_ [036:036]\n{MET_}\n"
                               "SIGN_ [---]\n{SIGNED_ SIGNING_}\n- * &TREATY [057]\n";
static const char af_stories[] =
    "{\"id\":\"a1\",\"date\":\"1962-10-21\",\"text\":\"Chinese troops attacked India yesterday. "
    "New Delhi said nothing.\"}\n"
    "this line is not JSON\n"
    "{\"id\":\"a2\",\"date\":\"1959-09-30\",\"text\":\"Khrushchev met Chinese leaders in Beijing on 30 "
    "September 1959. Two days later the USSR accused China.\"}\n"
    "{\"id\":\"a3\",\"text\":\"In March 1969 Soviet troops attacked Chinese troops. India signed a "
    "treaty with the Soviet Union in August 1971.\"}\n";
static const char af_tag_text[] = "On 2 March 1969 the clash began; three days later it resumed, "
                                  "and by the spring of 1970 talks had started.";

static void af_diag(void *user, const annals_error *e)
{
    (void)e;
    (*(unsigned *)user)++;
}

/* The run: returns ANNALS_OK or the first error; *out gets the events (JSON
 * Lines) and the temporal expressions, malloc'd (NULL when even that failed). */
static annals_status af_run(char **out, annals_error *err)
{
    unsigned warnings = 0;
    size_t outlen = 0;
    *out = NULL;
    FILE *f = open_memstream(out, &outlen);
    if (!f)
        return ANNALS_ERR_IO;
    annals_status st = ANNALS_OK;
    annals_dict_options dopt;
    memset(&dopt, 0, sizeof dopt);
    dopt.diag = af_diag;
    dopt.diag_user = &warnings;
    annals_dict *d = annals_dict_new(&dopt, err);
    annals_coder *c = NULL;
    annals_reader *r = NULL;
    annals_writer *w = NULL;
    annals_tagger *t = NULL;
    if (!d) {
        st = err->code;
        goto done;
    }
    if ((st = annals_dict_load_memory(d, "af.actors", af_actors, sizeof af_actors - 1,
                                      ANNALS_DICT_ACTORS, ANNALS_SYNTAX_TABARI, err)) ||
        (st = annals_dict_load_memory(d, "af.agents", af_agents, sizeof af_agents - 1,
                                      ANNALS_DICT_AGENTS, ANNALS_SYNTAX_TABARI, err)) ||
        (st = annals_dict_load_memory(d, "af.verbs", af_verbs, sizeof af_verbs - 1,
                                      ANNALS_DICT_VERBS, ANNALS_SYNTAX_TABARI, err)))
        goto done;
    annals_coder_options co;
    memset(&co, 0, sizeof co);
    co.diag = af_diag;
    co.diag_user = &warnings;
    if (!(c = annals_coder_new(d, &co, err))) {
        st = err->code;
        goto done;
    }
    annals_reader_options ro;
    memset(&ro, 0, sizeof ro);
    ro.format = ANNALS_INPUT_JSONL;
    ro.diag = af_diag;
    ro.diag_user = &warnings;
    if (!(r = annals_reader_open_memory("af.jsonl", af_stories, sizeof af_stories - 1, &ro, err)) ||
        !(w = annals_writer_new(f, ANNALS_OUTPUT_JSONL, err))) {
        st = err->code;
        goto done;
    }
    annals_story s;
    int rc;
    while ((rc = annals_reader_next(r, &s, err)) == 1) {
        if ((st = annals_coder_code(c, &s, err)))
            goto done;
        for (size_t i = 0; i < annals_coder_event_count(c); i++)
            if ((st = annals_writer_event(w, annals_coder_event(c, i), err)))
                goto done;
    }
    if (rc < 0) {
        st = err->code;
        goto done;
    }
    if ((st = annals_writer_flush(w, err)))
        goto done;
    fprintf(f, "skipped %lu, warnings %u\n", annals_reader_skipped(r), warnings);
    if (!(t = annals_tagger_new(err))) {
        st = err->code;
        goto done;
    }
    const annals_timex *xs;
    size_t n;
    if ((st = annals_tagger_tag(t, af_tag_text, sizeof af_tag_text - 1, "1969-03-05",
                                ANNALS_DATES_NEWS, &xs, &n, err)))
        goto done;
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%zu-%zu %s %s\n", xs[i].start, xs[i].end, xs[i].value,
                annals_date_precision_name(xs[i].precision));
done:
    annals_tagger_free(t);
    annals_writer_free(w);
    annals_reader_close(r);
    annals_coder_free(c);
    annals_dict_free(d);
    fclose(f);
    return st;
}

TEST(alloc_fail_every_allocation_of_a_run)
{
    annals_error err;
    char *ref = NULL;
    an_alloc_fail_at(0);
    annals_status st = af_run(&ref, &err);
    unsigned long total = an_alloc_fail_at(0);
    CHECK_INT(st, ANNALS_OK);
    CHECK(ref && strstr(ref, "\"code\":\"190\""));           /* events were coded */
    CHECK(ref && strstr(ref, "skipped 1, warnings "));        /* the bad line was skipped */
    CHECK(ref && strstr(ref, "1969-03-02 day"));              /* dates were tagged */
    CHECK(total > 50);
    if (getenv("AF_DEBUG")) fprintf(stderr, "total %lu\n%s", total, ref ? ref : "");
    unsigned long failed_runs = 0, silent = 0;
    for (unsigned long n = 1; n <= total; n++) {
        char *out = NULL;
        memset(&err, 0, sizeof err);
        an_alloc_fail_at(n);
        st = af_run(&out, &err);
        unsigned long made = an_alloc_fail_at(0);
        if (made < n) {
            t_fail(__FILE__, __LINE__, "run %lu made only %lu allocations", n, made);
            free(out);
            break;
        }
        if (st != ANNALS_OK) {
            failed_runs++;
            if (st != ANNALS_ERR_NOMEM || !err.message[0])
                t_fail(__FILE__, __LINE__, "allocation %lu failed: status %d (%s), expected NOMEM", n,
                       (int)st, err.message);
        } else if (!out || !ref || strcmp(out, ref) != 0) {
            silent++;
            if (getenv("AF_DEBUG"))
                fprintf(stderr, "--- run %lu:\n%s", n, out ? out : "(null)");
            if (silent <= 5)
                t_fail(__FILE__, __LINE__,
                       "allocation %lu failed silently: the run succeeded with different output", n);
        }
        free(out);
    }
    CHECK(failed_runs > 0);
    if (silent > 5)
        t_fail(__FILE__, __LINE__, "%lu silent allocation failures in all", silent);
    free(ref);
}
