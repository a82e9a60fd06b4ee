/* Test helper for the event store, through the public API only.
 *
 *   store_tool fill DB N BATCH     put stories s000001..N (3 events each),
 *                                  skipping stored ones, commit every BATCH;
 *                                  prints "stored X skipped Y"
 *   store_tool check DB            annals_store_verify(), then prints
 *                                  "stories N events M"
 *   store_tool fixture DB          a small hand-made set of events between
 *                                  SUN, CHN, USA and CUB (1956-1969) for the
 *                                  dyad, report and browser tests
 */
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int die(const annals_error *err)
{
    char buf[1200];
    annals_error_format(err, buf, sizeof buf);
    fprintf(stderr, "store_tool: %s\n", buf);
    return 1;
}

static int fill(const char *db, long n, long batch)
{
    annals_error err;
    annals_store *s = annals_store_open(db, NULL, &err);
    if (!s)
        return die(&err);
    long stored = 0, skipped = 0, pending = 0;
    static const char *codes[3] = {"042", "111", "190"};
    for (long i = 1; i <= n; i++) {
        char id[32], text[256], date[16];
        snprintf(id, sizeof id, "s%06ld", i);
        int has = annals_store_has_story(s, id, &err);
        if (has < 0)
            return die(&err);
        if (has) {
            skipped++;
            continue;
        }
        snprintf(date, sizeof date, "%04ld-%02ld-%02ld", 1950 + i % 20, 1 + i % 12, 1 + i % 28);
        snprintf(text, sizeof text,
                 "Story %ld begins here. The ministers of Ruritania met their neighbours today.",
                 i);
        annals_story st = {.id = id, .date = date, .text = text, .text_len = strlen(text),
                           .source_file = "fill", .line = (unsigned long)i};
        size_t cut = (size_t)(strchr(text, '.') - text) + 1;
        annals_sentence_info si[2] = {{0, cut, ANNALS_SENT_NULL},
                                      {cut + 1, strlen(text), ANNALS_SENT_CODED}};
        annals_event ev[3];
        const annals_event *evp[3];
        for (int k = 0; k < 3; k++) {
            memset(&ev[k], 0, sizeof ev[k]);
            ev[k].story_id = id;
            ev[k].sentence = 2;
            ev[k].sentence_start = si[1].start;
            ev[k].sentence_end = si[1].end;
            ev[k].date = date;
            ev[k].date_precision = "day";
            ev[k].source = k == 1 ? "CHN" : "SUN";
            ev[k].target = k == 1 ? "SUN" : "CHN";
            ev[k].code = codes[k];
            ev[k].cameo = annals_cameo_lookup(codes[k]);
            ev[k].verb_text = "met";
            evp[k] = &ev[k];
        }
        if (annals_store_put(s, &st, si, 2, evp, 3, 0, &err))
            return die(&err);
        stored++;
        if (++pending == batch) {
            if (annals_store_commit(s, &err))
                return die(&err);
            pending = 0;
        }
    }
    if (annals_store_commit(s, &err))
        return die(&err);
    annals_store_close(s);
    printf("stored %ld skipped %ld\n", stored, skipped);
    return 0;
}

static int check(const char *db)
{
    annals_error err;
    annals_store_options o = {.read_only = 1};
    annals_store *s = annals_store_open(db, &o, &err);
    if (!s)
        return die(&err);
    if (annals_store_verify(s, &err)) {
        annals_store_close(s);
        return die(&err);
    }
    long long ns = annals_store_count_stories(s, &err);
    long long ne = ns < 0 ? -1 : annals_store_count_events(s, &err);
    annals_store_close(s);
    if (ns < 0 || ne < 0)
        return die(&err);
    printf("stories %lld events %lld\n", ns, ne);
    return 0;
}

/* ---- the fixture ---- */

typedef struct fx_event {
    const char *src, *tgt, *code, *date, *prec, *src_text, *verb_text, *tgt_text;
    unsigned sentence;
} fx_event;

typedef struct fx_story {
    const char *id, *date, *text;
    fx_event ev[3];
} fx_story;

static const fx_story fixture[] = {
    {"f01", "1956-10-19",
     "Soviet leaders praised the Chinese delegation in Moscow. Khrushchev signed a trade pact "
     "with Mao Zedong.",
     {{"SUNGOV", "CHNGOV", "051", "1956-10-19", "day", "Soviet leaders", "praised",
       "the Chinese delegation", 1},
      {"SUN", "CHN", "057", "1956-10-19", "day", "Khrushchev", "signed a trade pact",
       "Mao Zedong", 2}}},
    {"f02", "1958-07-31", "Khrushchev visited Beijing for talks with Mao.",
     {{"SUNGOV", "CHNGOV", "042", "1958-07-31", "day", "Khrushchev", "visited", "Beijing", 1},
      {"CHNGOV", "SUNGOV", "043", "1958-07-31", "day", "Mao", "talks with", "Khrushchev", 1}}},
    {"f03", "1960-07-16",
     "Moscow recalled its technical advisers from China. Beijing criticized the Soviet "
     "revisionists.",
     {{"SUN", "CHN", "166", "1960-07-16", "day", "Moscow", "recalled", "China", 1},
      {"CHN", "SUN", "111", "1960-07-16", "day", "Beijing", "criticized", "the Soviet revisionists",
       2}}},
    {"f04", "1963-07-14", "The Chinese press accused Moscow of betrayal.",
     {{"CHNMED", "SUNGOV", "112", "1963-07-14", "day", "The Chinese press", "accused", "Moscow",
       1}}},
    {"f05", "1969-03-02", "Chinese and Soviet troops clashed on Zhenbao Island.",
     {{"CHNMIL", "SUNMIL", "190", "1969-03-02", "day", "Chinese", "clashed", "Soviet troops", 1},
      {"SUNMIL", "CHNMIL", "190", "1969-03-02", "day", "Soviet troops", "clashed", "Chinese", 1}}},
    {"f06", NULL,
     "A <script>alert('x')</script> Soviet note protested to Washington & its allies.",
     {{"SUN", "USA", "114", NULL, NULL, "Soviet note", "protested", "Washington", 1}}},
    {"f07", "1961-06-04", "Kennedy met Khrushchev in Vienna.",
     {{"USAGOV", "SUNGOV", "044", "1961-06-04", "day", "Kennedy", "met", "Khrushchev", 1},
      {"SUNGOV", "USAGOV", "044", "1961-06-04", "day", "Khrushchev", "met", "Kennedy", 1}}},
    {"f08", "1959-12-31", "Relations between Moscow and Beijing cooled during 1959.",
     {{"SUN", "CHN", "160", "1959", "year", "Moscow", "cooled", "Beijing", 1}}},
    {"f09", "1960-01-10", "Chinese officials met Soviet envoys.",
     {{"CHNGOV", "SUNGOV", "0401", "1960-01-10", "day", "Chinese officials", "met",
       "Soviet envoys", 1}}},
    {"f10", "1962-10-25", "Cuban leaders thanked Moscow for its support.",
     {{"CUBGOV", "SUNGOV", "051", "1962-10-25", "day", "Cuban leaders", "thanked", "Moscow", 1}}},
    {"f11", "1957-02-01", "Soviet ministers met in Moscow.",
     {{"SUNGOV", "SUNGOV", "040", "1957-02-01", "day", "Soviet ministers", "met", "Moscow", 1}}},
};

static int put_fixture(const char *db)
{
    annals_error err;
    annals_store *s = annals_store_open(db, NULL, &err);
    if (!s)
        return die(&err);
    for (size_t i = 0; i < sizeof fixture / sizeof fixture[0]; i++) {
        const fx_story *f = &fixture[i];
        annals_story st = {.id = f->id, .date = f->date, .text = f->text,
                           .text_len = strlen(f->text), .source_file = "fixture",
                           .line = (unsigned long)i + 1};
        /* Sentences end at ". " boundaries. */
        annals_sentence_info si[4];
        size_t ns = 0, start = 0, len = strlen(f->text);
        for (size_t k = 0; k < len && ns < 4; k++)
            if (f->text[k] == '.' && (k + 1 == len || f->text[k + 1] == ' ')) {
                si[ns].start = start;
                si[ns].end = k + 1;
                si[ns].status = ANNALS_SENT_CODED;
                ns++;
                start = k + 2;
            }
        annals_event ev[3];
        const annals_event *evp[3];
        size_t ne = 0;
        for (; ne < 3 && f->ev[ne].src; ne++) {
            const fx_event *x = &f->ev[ne];
            annals_event *e = &ev[ne];
            memset(e, 0, sizeof *e);
            e->story_id = f->id;
            e->sentence = x->sentence;
            e->sentence_start = si[x->sentence - 1].start;
            e->sentence_end = si[x->sentence - 1].end;
            e->date = x->date;
            e->date_precision = x->prec;
            e->date_source = x->date ? "story" : NULL;
            e->source = x->src;
            e->target = x->tgt;
            e->code = x->code;
            e->cameo = annals_cameo_lookup(x->code);
            e->source_text = x->src_text;
            e->target_text = x->tgt_text;
            e->verb_text = x->verb_text;
            evp[ne] = e;
        }
        if (annals_store_put(s, &st, si, ns, evp, ne, 1, &err))
            return die(&err);
    }
    if (annals_store_commit(s, &err))
        return die(&err);
    annals_store_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "fill"))
        return fill(argv[2], atol(argv[3]), atol(argv[4]));
    if (argc == 3 && !strcmp(argv[1], "check"))
        return check(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "fixture"))
        return put_fixture(argv[2]);
    fprintf(stderr, "usage: store_tool fill DB N BATCH | check DB | fixture DB\n");
    return 2;
}
