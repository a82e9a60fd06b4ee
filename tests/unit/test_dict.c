/* Dictionary loading: TABARI syntax, errors with file:line:col, lenient mode. */
#include "test.h"
#include "annals.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static annals_dict *load(const char *name, const char *text, annals_dict_kind kind, int lenient,
                         annals_status *st, annals_error *err)
{
    annals_dict_options o;
    memset(&o, 0, sizeof o);
    o.lenient = lenient;
    annals_dict *d = annals_dict_new(&o, err);
    *st = annals_dict_load_memory(d, name, text, strlen(text), kind, ANNALS_SYNTAX_TABARI, err);
    return d;
}

static void fmt(const annals_error *e, char *buf, size_t n) { annals_error_format(e, buf, n); }

TEST(dict_actors_synonyms_and_dates)
{
    annals_status st;
    annals_error err;
    annals_dict *d = load("t.actors",
                          "# comment\n"
                          "NIKITA_KHRUSHCHEV_\n"
                          "+KHRUSHCHEV_\n"
                          "\t[SUNELI 19340101-19530304]\n"
                          "\t[SUNGOV 19530305-19641014]\n"
                          "\t[---]\n"
                          "CHINA_ [CHN] ; comment\n"
                          "EGYPT_ [UAR <711231] [EGY]\n"
                          "~FINISH\n"
                          "IGNORED_ [XXX]\n",
                          ANNALS_DICT_ACTORS, 0, &st, &err);
    CHECK_INT(st, ANNALS_OK);
    CHECK_INT(annals_dict_count(d, ANNALS_DICT_ACTORS), 4);
    char code[32];
    CHECK(annals_dict_lookup_actor(d, "Khrushchev", "1958-07-31", code, sizeof code));
    CHECK_STR(code, "SUNGOV");
    CHECK(annals_dict_lookup_actor(d, "Nikita Khrushchev", "1950-01-01", code, sizeof code));
    CHECK_STR(code, "SUNELI");
    CHECK(annals_dict_lookup_actor(d, "Khrushchev", "1975-01-01", code, sizeof code));
    CHECK_STR(code, "---");
    CHECK(annals_dict_lookup_actor(d, "Egypt", "1965-05-01", code, sizeof code));
    CHECK_STR(code, "UAR");
    CHECK(annals_dict_lookup_actor(d, "Egypt's", "1990-05-01", code, sizeof code));
    CHECK_STR(code, "EGY");
    CHECK(!annals_dict_lookup_actor(d, "Ignored", NULL, code, sizeof code));
    CHECK(!annals_dict_lookup_actor(d, "Chinatown", NULL, code, sizeof code));
    annals_dict_free(d);
}

TEST(dict_tabari_two_digit_years_pivot)
{
    annals_status st;
    annals_error err;
    annals_dict *d = load("t.actors", "ALBRIGHT_ [USAGOV 970123-010120] [---]\n", ANNALS_DICT_ACTORS,
                          0, &st, &err);
    CHECK_INT(st, ANNALS_OK);
    char code[32];
    CHECK(annals_dict_lookup_actor(d, "Albright", "2000-06-01", code, sizeof code));
    CHECK_STR(code, "USAGOV");
    CHECK(annals_dict_lookup_actor(d, "Albright", "2002-06-01", code, sizeof code));
    CHECK_STR(code, "---");
    annals_dict_free(d);
}

TEST(dict_malformed_line_reports_file_line_col)
{
    annals_status st;
    annals_error err;
    char buf[1200];
    annals_dict *d = load("bad.actors", "CHINA_ [CHN]\nJAPAN_ [JPN\n", ANNALS_DICT_ACTORS, 0, &st,
                          &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    fmt(&err, buf, sizeof buf);
    CHECK_STR(buf, "bad.actors:2:8: missing ']'");
    annals_dict_free(d);

    d = load("bad.verbs", "SIGN_ [---]\n- TREATY_ [057]\n", ANNALS_DICT_VERBS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    fmt(&err, buf, sizeof buf);
    CHECK(strstr(buf, "bad.verbs:2:") == buf);
    CHECK(strstr(buf, "missing verb marker '*'") != NULL);
    annals_dict_free(d);

    d = load("bad.verbs", "- * TREATY_ [057]\n", ANNALS_DICT_VERBS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK(strstr(err.message, "pattern before any verb") != NULL);
    annals_dict_free(d);

    d = load("bad.actors", "[CHN]\n", ANNALS_DICT_ACTORS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    annals_dict_free(d);

    d = load("bad.actors", "CHINA_ [19500101-19600101]\n", ANNALS_DICT_ACTORS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK(strstr(err.message, "without a code") != NULL);
    annals_dict_free(d);

    d = load("bad.agents", "TROOPS_ [MIL]\n", ANNALS_DICT_AGENTS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK(strstr(err.message, "'~'") != NULL);
    annals_dict_free(d);
}

TEST(dict_truncated_file)
{
    annals_status st;
    annals_error err;
    /* cut in the middle of a code block, and inside a <NOUN> section */
    annals_dict *d = load("cut.actors", "CHINA_ [CHN]\nJAPAN_ [JP", ANNALS_DICT_ACTORS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK_INT(err.line, 2);
    annals_dict_free(d);
    d = load("cut.actors", "<NOUN>\nWEAPONS_\n", ANNALS_DICT_ACTORS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK(strstr(err.message, "</NOUN>") != NULL);
    annals_dict_free(d);
    d = load("cut.verbs", "<SYNSETS>\n&X\n+A_\n", ANNALS_DICT_VERBS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    annals_dict_free(d);
    /* an empty file is a valid, empty dictionary */
    d = load("empty.actors", "", ANNALS_DICT_ACTORS, 0, &st, &err);
    CHECK_INT(st, ANNALS_OK);
    CHECK_INT(annals_dict_count(d, ANNALS_DICT_ACTORS), 0);
    annals_dict_free(d);
}

static int g_warnings;
static void count_warning(void *u, const annals_error *e)
{
    (void)u;
    if (e->is_warning)
        g_warnings++;
}

TEST(dict_lenient_skips_bad_lines_with_warnings)
{
    annals_dict_options o;
    memset(&o, 0, sizeof o);
    o.lenient = 1;
    o.diag = count_warning;
    g_warnings = 0;
    annals_error err;
    annals_dict *d = annals_dict_new(&o, &err);
    const char text[] = "CHINA_ [CHN]\nFAE]ROE_ [FRO]\nTIRU\0CHI_ [IND]\nJAPAN_ [JPN 040931-050101]\n";
    annals_status st = annals_dict_load_memory(d, "old.actors", text, sizeof text - 1,
                                               ANNALS_DICT_ACTORS, ANNALS_SYNTAX_TABARI, &err);
    CHECK_INT(st, ANNALS_OK);
    CHECK_INT(g_warnings, 3); /* two skipped lines, one repaired date */
    char code[16];
    CHECK(annals_dict_lookup_actor(d, "Japan", "2004-09-30", code, sizeof code));
    CHECK_STR(code, "JPN");
    CHECK(annals_dict_lookup_actor(d, "China", NULL, code, sizeof code));
    annals_dict_free(d);
}

TEST(dict_entries_after_finish_are_ignored_with_a_warning)
{
    annals_dict_options o;
    memset(&o, 0, sizeof o);
    o.diag = count_warning;
    annals_error err;
    char code[16];
    static const char *const texts[] = {"CHINA_ [CHN]\n~FINISH\n# c\n\nINDIA_ [IND]\n",
                                        "CHINA_ [CHN]\n~FINISH\n# only comments\n\n"};
    for (int k = 0; k < 2; k++) {
        g_warnings = 0;
        annals_dict *d = annals_dict_new(&o, &err);
        CHECK(d != NULL);
        if (!d)
            return;
        CHECK_INT(annals_dict_load_memory(d, "f.actors", texts[k], strlen(texts[k]), ANNALS_DICT_ACTORS,
                                          ANNALS_SYNTAX_TABARI, &err), ANNALS_OK);
        CHECK_INT(g_warnings, k == 0 ? 1 : 0);
        CHECK(annals_dict_lookup_actor(d, "China", NULL, code, sizeof code));
        CHECK(!annals_dict_lookup_actor(d, "India", NULL, code, sizeof code));
        annals_dict_free(d);
    }
}

TEST(dict_nul_byte_is_an_error_when_strict)
{
    annals_dict *d = annals_dict_new(NULL, NULL);
    annals_error err;
    const char text[] = "TIRU\0CHI_ [IND]\n";
    annals_status st = annals_dict_load_memory(d, "nul.actors", text, sizeof text - 1,
                                               ANNALS_DICT_ACTORS, ANNALS_SYNTAX_TABARI, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK_INT(err.line, 1);
    CHECK_INT(err.column, 5);
    annals_dict_free(d);
}

TEST(dict_verbs_synsets_forms_and_patterns)
{
    annals_status st;
    annals_error err;
    annals_dict *d = load("t.verbs",
                          "<SYNSETS>\n&CO_PACT\n+TREATY_\n+ACCORD_\n</SYNSETS>\n"
                          "SIGN_ [---]\n{SIGNED_ SIGNING_}\n- * &CO_PACT [057]\n"
                          "- % * &CO_PACT [057:057]\n"
                          "MEET_ [036]\n{MET_}\n"
                          "MEET_ [---]\n- * { SECRETLY | PRIVATELY } [036]\n",
                          ANNALS_DICT_VERBS, 0, &st, &err);
    CHECK_INT(st, ANNALS_OK);
    /* 3 patterns + MEET's own code; the second MEET_ root merges */
    CHECK_INT(annals_dict_count(d, ANNALS_DICT_VERBS), 4);
    annals_dict_free(d);
    d = load("t.verbs", "SIGN_ [---]\n- * &UNDEFINED [057]\n", ANNALS_DICT_VERBS, 0, &st, &err);
    CHECK_INT(st, ANNALS_ERR_PARSE);
    CHECK(strstr(err.message, "not defined") != NULL);
    annals_dict_free(d);
}

TEST(dict_options_commands)
{
    annals_dict *d = annals_dict_new(NULL, NULL);
    annals_error err;
    CHECK_INT(annals_dict_set_option(d, "COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR", &err), ANNALS_OK);
    CHECK_INT(annals_dict_set_option(d, "SET: CODE BY SENTENCE", &err), ANNALS_OK);
    CHECK_INT(annals_dict_set_option(d, "DEFAULT: SOURCE [SRC] PRIOR TARGET [TGT] AFTER", &err),
              ANNALS_OK);
    CHECK_INT(annals_dict_set_option(d, "COMMA: OFF", &err), ANNALS_OK);
    CHECK_INT(annals_dict_set_option(d, "FROBNICATE: 3", &err), ANNALS_ERR_PARSE);
    annals_dict_free(d);
}

/* codes `text` with d; returns the events as "SRC TGT CODE;..." */
static void code_events(annals_dict *d, const char *text, char *out, size_t n)
{
    annals_error err;
    annals_coder *c = annals_coder_new(d, NULL, &err);
    annals_story s;
    memset(&s, 0, sizeof s);
    s.id = "t";
    s.date = "1995-01-01";
    s.text = text;
    s.text_len = strlen(text);
    out[0] = 0;
    if (!c || annals_coder_code(c, &s, &err)) {
        snprintf(out, n, "error");
    } else {
        for (size_t i = 0; i < annals_coder_event_count(c); i++) {
            const annals_event *e = annals_coder_event(c, i);
            size_t l = strlen(out);
            snprintf(out + l, n - l, "%s %s %s;", e->source, e->target, e->code);
        }
    }
    annals_coder_free(c);
}

TEST(dict_petrarch_settings)
{
    annals_dict *d = annals_dict_new(NULL, NULL);
    annals_error err;
    static const char actors[] = "KENYA [KEN]\nSOMALIA [SOM]\n";
    static const char agents[] = "OFFICIAL [~GOV]\n";
    static const char verbs[] = "--- RESTORE [064] ---\nRESTORE\n--- SAID [023] ---\nSAID\n";
    CHECK_INT(annals_dict_load_memory(d, "a", actors, sizeof actors - 1, ANNALS_DICT_ACTORS,
                                      ANNALS_SYNTAX_PETRARCH, &err), ANNALS_OK);
    CHECK_INT(annals_dict_load_memory(d, "g", agents, sizeof agents - 1, ANNALS_DICT_AGENTS,
                                      ANNALS_SYNTAX_PETRARCH, &err), ANNALS_OK);
    CHECK_INT(annals_dict_load_memory(d, "v", verbs, sizeof verbs - 1, ANNALS_DICT_VERBS,
                                      ANNALS_SYNTAX_PETRARCH, &err), ANNALS_OK);
    const char *text = "Kenya will restore diplomatic ties with Somalia after a long rift, a senior "
                       "official said on Saturday.";
    char got[512];
    /* PETRARCH's defaults: require_dyad, a final phrase of up to 8 words is dropped */
    code_events(d, text, got, sizeof got);
    CHECK_STR(got, "KEN SOM 064;");
    CHECK_INT(annals_dict_set_option(d, "require_dyad = False", &err), ANNALS_OK);
    CHECK_INT(annals_dict_set_option(d, "comma_emax=0", &err), ANNALS_OK);
    code_events(d, text, got, sizeof got);
    CHECK_STR(got, "KEN SOM 064;---GOV --- 023;");
    /* the final phrase dropped again: no null event */
    CHECK_INT(annals_dict_set_option(d, "comma_emax = 8", &err), ANNALS_OK);
    code_events(d, text, got, sizeof got);
    CHECK_STR(got, "KEN SOM 064;");
    CHECK_INT(annals_dict_set_option(d, "write_actor_text = True", &err), ANNALS_OK);
    CHECK_INT(annals_dict_set_option(d, "require_dyad = perhaps", &err), ANNALS_ERR_PARSE);
    CHECK(strstr(err.message, "require_dyad") != NULL);
    CHECK_INT(annals_dict_set_option(d, "comma_max = -3", &err), ANNALS_ERR_PARSE);
    CHECK_INT(annals_dict_set_option(d, "frobnicate = 3", &err), ANNALS_ERR_PARSE);
    annals_dict_free(d);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

TEST(dict_petrarch_config_ini)
{
    char dir[] = "/tmp/annals-ini-XXXXXX";
    if (!mkdtemp(dir)) {
        t_skip("mkdtemp failed");
        return;
    }
    char p[4][300];
    snprintf(p[0], sizeof p[0], "%s/test.actors.txt", dir);
    snprintf(p[1], sizeof p[1], "%s/test.agents.txt", dir);
    snprintf(p[2], sizeof p[2], "%s/test.verbs.txt", dir);
    snprintf(p[3], sizeof p[3], "%s/PETR_config.ini", dir);
    write_text(p[0], "KENYA [KEN]\nSOMALIA [SOM]\n");
    write_text(p[1], "OFFICIAL [~GOV]\n");
    write_text(p[2], "--- RESTORE [064] ---\nRESTORE\n--- SAID [023] ---\nSAID\n");
    write_text(p[3], "[Dictionaries]\n"
                     "verbfile_name = test.verbs.txt\n"
                     "actorfile_list = test.actors.txt\n"
                     "agentfile_name = test.agents.txt\n"
                     "\n[Options]\n"
                     "# coding options\n"
                     "require_dyad = False\n"
                     "comma_emax = 0\n"
                     "write_actor_text = True\n"
                     "no_such_option = 1\n"
                     "comma_min = lots\n");
    annals_dict_options o;
    memset(&o, 0, sizeof o);
    o.diag = count_warning;
    g_warnings = 0;
    annals_error err;
    annals_dict *d = annals_dict_new(&o, &err);
    CHECK_INT(annals_dict_load_file(d, p[3], ANNALS_DICT_PETRARCH_CONFIG, ANNALS_SYNTAX_PETRARCH,
                                    &err), ANNALS_OK);
    CHECK_INT(g_warnings, 2); /* the unknown option and the bad value */
    CHECK_INT(annals_dict_count(d, ANNALS_DICT_ACTORS), 2);
    char got[512];
    code_events(d, "Kenya will restore diplomatic ties with Somalia, a senior official said on Saturday.",
                got, sizeof got);
    CHECK_STR(got, "KEN SOM 064;---GOV --- 023;");
    annals_dict_free(d);
    for (int i = 0; i < 4; i++)
        remove(p[i]);
    rmdir(dir);
}

TEST(dict_load_missing_path)
{
    annals_dict *d = annals_dict_new(NULL, NULL);
    annals_error err;
    CHECK_INT(annals_dict_load(d, "/nonexistent/x.actors", &err), ANNALS_ERR_IO);
    CHECK(strstr(err.message, "No such file") != NULL);
    CHECK_STR(err.file, "/nonexistent/x.actors");
    annals_dict_free(d);
}

TEST(dict_tabari_project_from_shared)
{
    const char *sh = t_shared();
    if (!sh) {
        t_skip("../shared not present");
        return;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/conformance/tabari/Validate.project", sh);
    annals_dict *d = annals_dict_new(NULL, NULL);
    annals_error err;
    CHECK_INT(annals_dict_load(d, path, &err), ANNALS_OK);
    CHECK(annals_dict_count(d, ANNALS_DICT_ACTORS) > 100);
    CHECK(annals_dict_count(d, ANNALS_DICT_VERBS) > 400);
    annals_dict_free(d);
}

/* ---- the pattern index (src/dict/patindex.c): a verb with many patterns
 * looks only at those whose words are in the sentence, in their order, with
 * the results of trying them all; big synsets are tried by first letter ---- */

static const char k_pix_actors[] = "KENYA_ [KEN]\nSOMALIA_ [SOM]\nUGANDA_ [UGA]\n";

/* actors and verbs (TABARI syntax), or NULL after a failed CHECK */
static annals_dict *load_pix(const char *verbs)
{
    annals_status st;
    annals_error err;
    annals_dict *d = load("t.actors", k_pix_actors, ANNALS_DICT_ACTORS, 0, &st, &err);
    if (st == ANNALS_OK)
        st = annals_dict_load_memory(d, "t.verbs", verbs, strlen(verbs), ANNALS_DICT_VERBS,
                                     ANNALS_SYNTAX_TABARI, &err);
    CHECK_INT(st, ANNALS_OK);
    if (st != ANNALS_OK) {
        annals_dict_free(d);
        return NULL;
    }
    return d;
}

/* verbs: head, then 40 patterns keyed by words no sentence has (enough for
 * a verb to be indexed: AN_PKEY_MIN_PATS), then tail */
static char *pix_verbs(const char *head, const char *tail)
{
    size_t cap = 8192, len = 0;
    char *v = malloc(cap);
    if (!v)
        return NULL;
    len += (size_t)snprintf(v + len, cap - len, "%s", head);
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(v + len, cap - len, "- * + FILLERWORD%02d_ [0%02d]\n", i, 10 + i);
    snprintf(v + len, cap - len, "%s", tail);
    return v;
}

/* codes each text[i] and checks its events against want[i] */
static void pix_check(annals_dict *d, const char *const *text, const char *const *want, size_t n)
{
    char got[512];
    for (size_t i = 0; i < n; i++) {
        code_events(d, text[i], got, sizeof got);
        if (strcmp(got, want[i]))
            t_fail(__FILE__, __LINE__, "'%s': got \"%s\", expected \"%s\"", text[i], got, want[i]);
    }
}

TEST(dict_pattern_index_same_choice)
{
    /* keyed by a word, by an alternative, by a synset; one with no key */
    char *verbs = pix_verbs("<SYNSETS>\n&AID\n+FOOD_\n+MEDICINE_\n</SYNSETS>\n"
                            "SEND_ [042]\n{SENT_}\n",
                            "- * TROOPS_ TO_ + [190]\n"
                            "- * { WEAPONS_ | ARMS_ } TO_ + [1823]\n"
                            "- * &AID TO_ + [0233]\n"
                            "- * + [043]\n");
    annals_dict *d = verbs ? load_pix(verbs) : NULL;
    free(verbs);
    if (!d)
        return;
    static const char *const text[] = {
        "Kenya sent troops to Somalia on Monday.",   "Kenya sent weapons to Somalia on Monday.",
        "Kenya sent arms to Uganda on Monday.",      "Kenya sent medicine to Somalia on Monday.",
        "Kenya sent Uganda a letter on Monday.",     "Kenya sent Somalia fillerword07 on Monday."};
    static const char *const want[] = {"KEN SOM 190;", "KEN SOM 1823;", "KEN UGA 1823;",
                                       "KEN SOM 0233;", "KEN UGA 043;", "KEN SOM 017;"};
    pix_check(d, text, want, sizeof text / sizeof text[0]);
    annals_dict_free(d);
}

TEST(dict_pattern_index_big_synset_and_reload)
{
    /* more members than the synset index threshold; the one that matches is
       the last, and a member of two words shares its first letter */
    annals_dict *d = load_pix("<SYNSETS>\n&GOODS\n+APPLES_\n+BANANAS_\n+CARS_\n+DATES_\n+EGGS_\n"
                              "+FIGS_\n+GRAPES_\n+HEAVY_ARMS_\n+HELICOPTERS_\n</SYNSETS>\n"
                              "SELL_ [---]\n{SOLD_}\n- * &GOODS TO_ + [0331]\n");
    if (!d)
        return;
    static const char *const text[] = {"Kenya sold helicopters to Somalia last year.",
                                       "Kenya sold heavy arms to Uganda last year.",
                                       "Kenya sold hats to Uganda last year."};
    static const char *const want[] = {"KEN SOM 0331;", "KEN UGA 0331;", ""};
    pix_check(d, text, want, sizeof text / sizeof text[0]);
    annals_dict_free(d);
    /* a second verbs file adds a pattern to an indexed verb: the index is
       rebuilt and the new pattern counts */
    char *verbs = pix_verbs("PROTEST_ [140]\n", "");
    d = verbs ? load_pix(verbs) : NULL;
    free(verbs);
    if (!d)
        return;
    static const char *const t2[] = {"Kenya protested against Somalia loudly."};
    static const char *const w2[] = {"KEN SOM 140;"};
    pix_check(d, t2, w2, 1);
    static const char more[] = "PROTEST_ [140]\n- * AGAINST_ + [141]\n";
    annals_error err;
    CHECK_INT(annals_dict_load_memory(d, "more.verbs", more, strlen(more), ANNALS_DICT_VERBS,
                                      ANNALS_SYNTAX_TABARI, &err),
              ANNALS_OK);
    static const char *const w3[] = {"KEN SOM 141;"};
    pix_check(d, t2, w3, 1);
    annals_dict_free(d);
}
