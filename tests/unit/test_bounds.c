/* Bounded work: hostile inputs cost time linear in their size.  Each case
 * runs at size N and 2N and checks the time ratio (linear ~2x, quadratic
 * 4x; the bound is 3x, with the smaller run at least a few milliseconds so
 * the ratio means something), never an absolute time, except the one
 * documented budget (a 1,000,000-entry dictionary loads in under 10 s,
 * scaled for sanitizer builds).  Also: regressions for inputs the fuzz
 * targets found (fuzz/fuzz_*.c). */
#include "test.h"
#include "annals.h"
#include "util/util.h"

#include <stdlib.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define BD_SLOW 5.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BD_SLOW 5.0
#endif
#endif
#ifndef BD_SLOW
#define BD_SLOW 1.0
#endif

static double bd_now(void)
{
    struct timespec ts;
    /* CPU time of this process: the coder runs on this thread, and CPU time
       is far less disturbed than wall time by other jobs on a loaded machine */
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char bd_actors[] = "SOVIET_UNION_\n+USSR_\n\t[SUN]\nCHINA_\n+CHINESE_\n\t[CHN]\n"
                                "INDIA_ [IND]\nTROOPS_ [~MIL]\n";
static const char bd_agents[] = "TROOPS_ [~MIL]\n";
static const char bd_verbs[] = "ACCUSE_ [112]\nATTACK_ [190]\nMEET_ [036:036]\n{MET_}\n";

static annals_dict *bd_dict(void)
{
    annals_error err;
    annals_dict *d = annals_dict_new(NULL, &err);
    CHECK(d != NULL);
    if (!d)
        return NULL;
    CHECK_INT(annals_dict_load_memory(d, "b.actors", bd_actors, sizeof bd_actors - 1,
                                      ANNALS_DICT_ACTORS, ANNALS_SYNTAX_TABARI, &err), ANNALS_OK);
    CHECK_INT(annals_dict_load_memory(d, "b.agents", bd_agents, sizeof bd_agents - 1,
                                      ANNALS_DICT_AGENTS, ANNALS_SYNTAX_TABARI, &err), ANNALS_OK);
    CHECK_INT(annals_dict_load_memory(d, "b.verbs", bd_verbs, sizeof bd_verbs - 1,
                                      ANNALS_DICT_VERBS, ANNALS_SYNTAX_TABARI, &err), ANNALS_OK);
    return d;
}

typedef struct bd_run {
    annals_status st;
    size_t events, sentences;
    unsigned warnings;
} bd_run;

static void bd_diag(void *user, const annals_error *e)
{
    (void)e;
    (*(unsigned *)user)++;
}

/* codes `text` as one story; returns the seconds it took */
static double bd_code(const annals_dict *d, const char *text, size_t len, size_t max_tokens,
                      bd_run *out)
{
    annals_error err;
    annals_coder_options co;
    memset(&co, 0, sizeof co);
    co.limits.max_sentence_tokens = max_tokens;
    co.diag = bd_diag;
    memset(out, 0, sizeof *out);
    co.diag_user = &out->warnings;
    annals_coder *c = annals_coder_new(d, &co, &err);
    CHECK(c != NULL);
    if (!c)
        return 0;
    annals_story s;
    memset(&s, 0, sizeof s);
    s.id = "bounds";
    s.date = "1969-03-02";
    s.text = text;
    s.text_len = len;
    s.source_file = "bounds";
    s.line = 1;
    double t0 = bd_now();
    out->st = annals_coder_code(c, &s, &err);
    double t = bd_now() - t0;
    out->events = annals_coder_event_count(c);
    out->sentences = annals_coder_sentence_count(c);
    annals_coder_free(c);
    return t;
}

/* text of `n` repetitions of `unit`, then `tail`; caller frees */
static char *bd_repeat(const char *head, const char *unit, size_t n, const char *tail, size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    if (!s)
        return NULL;
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    *len = hl + ul * n + tl;
    return s;
}

/* the smaller of two timings of f at size n (less scheduler noise) */
typedef double (*bd_case)(const annals_dict *d, size_t n, bd_run *r);
static double bd_best(bd_case f, const annals_dict *d, size_t n, bd_run *r)
{
    double a = f(d, n, r);
    if (a > 0.5)
        return a; /* long enough to be measured once */
    double b = f(d, n, r);
    return a < b ? a : b;
}

/* checks time(2n) / time(n) < 3, growing n until time(n) is measurable */
static void bd_linear(const char *what, bd_case f, size_t n, size_t nmax, bd_run *r1, bd_run *r2)
{
    annals_dict *d = bd_dict();
    if (!d)
        return;
    double t1 = bd_best(f, d, n, r1);
    while (t1 < 0.01 && n * 2 <= nmax) {
        n *= 2;
        t1 = bd_best(f, d, n, r1);
    }
    double t2 = bd_best(f, d, 2 * n, r2);
    double ratio = t2 / (t1 > 1e-4 ? t1 : 1e-4);
    if (ratio > 3.0) { /* one more measurement before calling it quadratic */
        t1 = bd_best(f, d, n, r1);
        t2 = bd_best(f, d, 2 * n, r2);
        ratio = t2 / (t1 > 1e-4 ? t1 : 1e-4);
    }
    if (getenv("ANNALS_BOUNDS_VERBOSE"))
        printf("  %s: n=%zu %.4fs, 2n %.4fs, ratio %.2f\n", what, n, t1, t2, ratio);
    if (ratio > 3.0)
        t_fail(__FILE__, __LINE__, "%s: %zu -> %.4f s but %zu -> %.4f s (ratio %.2f, linear is 2)",
               what, n, t1, 2 * n, t2, ratio);
    annals_dict_free(d);
}

/* ---- a long sentence with no punctuation (10 MB at 2N) ---- */
static double case_long_sentence(const annals_dict *d, size_t n, bd_run *r)
{
    size_t len;
    char *s = bd_repeat("China attacked India ", "and the long talks went on ", n, "", &len);
    if (!s)
        return 0;
    double t = bd_code(d, s, len, 0, r);
    free(s);
    return t;
}

TEST(bounds_10mb_sentence_without_punctuation)
{
    bd_run r1, r2;
    /* 27 bytes a unit: 2 x 194,000 units = 10.5 MB */
    bd_linear("unpunctuated sentence", case_long_sentence, 194000, 194000, &r1, &r2);
    CHECK_INT(r2.st, ANNALS_OK);
    CHECK_INT(r2.events, 1);   /* the event at its start is still coded */
    CHECK(r2.warnings >= 1);   /* and the token limit is reported */
}

/* ---- 100,000 tokens in many sentences ---- */
static double case_many_tokens(const annals_dict *d, size_t n, bd_run *r)
{
    size_t len;
    char *s = bd_repeat("", "Chinese troops attacked the USSR near the river. ", n, "", &len);
    double t = bd_code(d, s, len, 0, r);
    free(s);
    return t;
}

TEST(bounds_100000_tokens)
{
    bd_run r1, r2;
    /* 9 tokens a sentence: 2 x 5,600 sentences = 100,800 tokens */
    bd_linear("100,000 tokens", case_many_tokens, 5600, 5600, &r1, &r2);
    CHECK_INT(r2.st, ANNALS_OK);
    CHECK_INT(r2.sentences, 11200);
    CHECK_INT(r2.events, 11200);
}

/* ---- 10,000 actors in one sentence ---- */
static double case_many_actors(const annals_dict *d, size_t n, bd_run *r)
{
    size_t len;
    char *s = bd_repeat("", "China, India, ", n / 2, "and the USSR attacked Chinese troops.", &len);
    double t = bd_code(d, s, len, 100000, r);
    free(s);
    return t;
}

TEST(bounds_10000_actors_in_one_sentence)
{
    bd_run r1, r2;
    bd_linear("10,000 actors", case_many_actors, 5000, 5000, &r1, &r2);
    CHECK_INT(r2.st, ANNALS_OK);
    CHECK_INT(r2.sentences, 1);
    CHECK(r2.events >= 1);
    annals_limits lim;
    annals_limits_default(&lim);
    CHECK(r2.events <= lim.max_events_per_sentence); /* the documented cap holds */
}

/* ---- nested parentheses and quotes ---- */
static double case_nested(const annals_dict *d, size_t n, bd_run *r)
{
    size_t hl, tl;
    char *head = bd_repeat("", "(\"", n, "", &hl);
    char *tail = bd_repeat("", "\")", n, "", &tl);
    size_t len;
    char *s = bd_repeat(head, "China attacked India", 1, tail, &len);
    double t = bd_code(d, s, len, 0, r);
    free(head);
    free(tail);
    free(s);
    return t;
}

TEST(bounds_1000_nested_parentheses_and_quotes)
{
    bd_run r1, r2;
    bd_linear("nested brackets", case_nested, 1000, 64000, &r1, &r2);
    CHECK_INT(r2.st, ANNALS_OK);
    CHECK(r2.sentences >= 1);
}

/* ---- a dictionary of 1,000,000 actors ---- */
static char *bd_actor_file(size_t n, size_t *len)
{
    char *s = malloc(n * 32 + 1);
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        /* distinct first words built from letters: ACTORQ..., codes AAA.. */
        char w[16];
        size_t k = i;
        int wl = 0;
        do {
            w[wl++] = (char)('A' + k % 26);
            k /= 26;
        } while (k);
        w[wl] = 0;
        o += (size_t)sprintf(s + o, "Q%s_LAND_ [X%c%c]\n", w, 'A' + (int)(i % 26),
                             'A' + (int)(i / 26 % 26));
    }
    *len = o;
    return s;
}

static double bd_load(size_t n, size_t *count, annals_status *st)
{
    size_t len = 0;
    char *text = bd_actor_file(n, &len);
    if (!text) {
        *st = ANNALS_ERR_NOMEM;
        *count = 0;
        return 0;
    }
    annals_error err;
    annals_dict *d = annals_dict_new(NULL, &err);
    double t0 = bd_now();
    *st = annals_dict_load_memory(d, "big.actors", text, len, ANNALS_DICT_ACTORS,
                                  ANNALS_SYNTAX_TABARI, &err);
    double t = bd_now() - t0;
    *count = annals_dict_count(d, ANNALS_DICT_ACTORS);
    char code[16];
    if (*st == ANNALS_OK && n > 1000 &&
        (!annals_dict_lookup_actor(d, "Qbm land", NULL, code, sizeof code) || strcmp(code, "XBM") != 0))
        *st = ANNALS_ERR_ARG; /* 'BM' is entry 1 + 12 * 26 = 313 */
    annals_dict_free(d);
    free(text);
    return t;
}

TEST(bounds_dictionary_of_1000000_actors)
{
    size_t c1, c2;
    annals_status s1, s2;
    double t1 = bd_load(500000, &c1, &s1);
    double t2 = bd_load(1000000, &c2, &s2);
    CHECK_INT(s1, ANNALS_OK);
    CHECK_INT(s2, ANNALS_OK);
    CHECK_INT(c1, 500000);
    CHECK_INT(c2, 1000000);
    if (getenv("ANNALS_BOUNDS_VERBOSE"))
        printf("  dictionary: 500k %.3fs, 1M %.3fs\n", t1, t2);
    if (t2 > 10.0 * BD_SLOW)
        t_fail(__FILE__, __LINE__, "1,000,000 actors took %.1f s to load (budget %.0f s)", t2,
               10.0 * BD_SLOW);
    if (t2 / t1 > 3.0)
        t_fail(__FILE__, __LINE__, "dictionary load: 500k %.3f s, 1M %.3f s (ratio %.2f)", t1, t2,
               t2 / t1);
}

/* ---- regressions found by the fuzz targets ---- */

/* fuzz_dict: a section tag shorter than the tag it is compared with, at the
 * very end of the input, was read past its end (src/dict/tabari.c).  The
 * buffers are exactly the input, so ASan (make asan) sees any overread. */
TEST(fuzz_regress_short_section_tag_at_end_of_dictionary)
{
    static const char *const tails[] = {"<SY", "<TI", "</S", "<AT", "<"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        for (int kind = 0; kind < 2; kind++) {
            size_t tl = strlen(tails[i]);
            char *buf = malloc(tl);
            memcpy(buf, tails[i], tl);
            annals_error err;
            annals_dict *d = annals_dict_new(NULL, &err);
            annals_status st = annals_dict_load_memory(
                d, kind ? "x.actors" : "x.verbs", buf, tl,
                kind ? ANNALS_DICT_ACTORS : ANNALS_DICT_VERBS, ANNALS_SYNTAX_TABARI, &err);
            CHECK_INT(st, ANNALS_ERR_PARSE); /* an unknown section tag, located */
            CHECK_INT(err.line, 1);
            annals_dict_free(d);
            free(buf);
        }
    }
}

/* fuzz_code found it: a code point whose compatibility decomposition is
 * longer than the tokeniser's buffer (U+FDFA has 18) was read past the end */
TEST(fuzz_regress_long_decomposition)
{
    annals_dict *d = annals_dict_new(NULL, NULL);
    annals_error err;
    const char *actors = "CHINA_ [CHN]\nINDIA_ [IND]\n";
    const char *verbs = "ACCUSE_ [112]\n";
    CHECK_INT(annals_dict_load_memory(d, "r.actors", actors, strlen(actors), ANNALS_DICT_ACTORS,
                                      ANNALS_SYNTAX_TABARI, &err), ANNALS_OK);
    CHECK_INT(annals_dict_load_memory(d, "r.verbs", verbs, strlen(verbs), ANNALS_DICT_VERBS,
                                      ANNALS_SYNTAX_TABARI, &err), ANNALS_OK);
    annals_coder *c = annals_coder_new(d, NULL, &err);
    annals_story s;
    memset(&s, 0, sizeof s);
    s.id = "u";
    s.text = "India \xEF\xB7\xBA accused \xEF\xB7\xBA\xEF\xB7\xBA China.";
    s.text_len = strlen(s.text);
    CHECK_INT(annals_coder_code(c, &s, &err), ANNALS_OK);
    CHECK_INT(annals_coder_event_count(c), 1);
    annals_coder_free(c);
    annals_dict_free(d);
}
