/* The SQLite store's fast paths: events indexes built at close when the
 * store was empty, no second lookup after has_story, no savepoint for a new
 * story (a failed one is deleted again), a savepoint when replacing. */
#include "test.h"
#include "annals.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_bdir[256];

static void bulk_path(char *out, size_t n, const char *name)
{
    if (!g_bdir[0]) {
        snprintf(g_bdir, sizeof g_bdir, "/tmp/annals-bulk-XXXXXX");
        if (!mkdtemp(g_bdir))
            snprintf(g_bdir, sizeof g_bdir, "/tmp");
    }
    snprintf(out, n, "%s/%s", g_bdir, name);
}

__attribute__((destructor)) static void bulk_cleanup(void)
{
    if (g_bdir[0] && strcmp(g_bdir, "/tmp") != 0) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_bdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", g_bdir);
    }
}

static const char k_btext[] = "Lisbon welcomed Madrid. Madrid protested to Lisbon.";

typedef struct bfx {
    annals_story story;
    annals_sentence_info sents[2];
    annals_event ev[2];
    const annals_event *evp[2];
} bfx;

static void bulk_story(bfx *f, const char *id, const char *code0, const char *code1)
{
    memset(f, 0, sizeof *f);
    f->story.id = id;
    f->story.date = "1975-04-02";
    f->story.text = k_btext;
    f->story.text_len = strlen(k_btext);
    f->sents[0] = (annals_sentence_info){0, 23, ANNALS_SENT_CODED};
    f->sents[1] = (annals_sentence_info){24, strlen(k_btext), ANNALS_SENT_CODED};
    const char *codes[2] = {code0, code1};
    for (int i = 0; i < 2; i++) {
        annals_event *e = &f->ev[i];
        e->story_id = id;
        e->sentence = (unsigned)i + 1;
        e->sentence_start = f->sents[i].start;
        e->sentence_end = f->sents[i].end;
        e->date = "1975-04-02";
        e->source = i ? "ESP" : "PRT";
        e->target = i ? "PRT" : "ESP";
        e->code = codes[i];
        e->cameo = annals_cameo_lookup(codes[i]);
        f->evp[i] = e;
    }
}

/* Number of rows of `sql` (a count(*) query) on store s. */
static long long count_of(annals_store *s, const char *sql)
{
    annals_error err;
    an_rows *r = an_store_query(s, sql, 0, NULL, &err);
    if (!r)
        return -1;
    long long n = -1;
    if (an_rows_next(r, &err) == 1 && an_rows_text(r, 0))
        n = atoll(an_rows_text(r, 0));
    an_rows_free(r);
    return n;
}

static const char k_idx_sql[] = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                "name IN ('events_source_target', 'events_date')";

TEST(store_bulk_indexes_built_at_close)
{
    char path[512];
    bulk_path(path, sizeof path, "bulk.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(count_of(s, k_idx_sql), 0); /* empty store: built later */
    bfx f;
    bulk_story(&f, "p1", "051", "111");
    CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 2, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    annals_store_close(s);
    annals_store_options ro = {.read_only = 1};
    s = annals_store_open(path, &ro, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(count_of(s, k_idx_sql), 2);
    CHECK_INT(annals_store_count_events(s, &err), 2);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    annals_store_close(s);
    /* A store that holds stories keeps its indexes while it is written. */
    s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(count_of(s, k_idx_sql), 2);
    annals_store_close(s);
}

TEST(store_bulk_missing_indexes_rebuilt_by_next_writer)
{
    char path[512];
    bulk_path(path, sizeof path, "killed.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    bfx f;
    bulk_story(&f, "k1", "051", "111");
    CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 2, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    /* As if the writer had been killed: it never gets to build them. */
    s->bulk = 0;
    annals_store_close(s);
    annals_store_options ro = {.read_only = 1};
    s = annals_store_open(path, &ro, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(count_of(s, k_idx_sql), 0);
    CHECK_INT(annals_store_count_events(s, &err), 2); /* queries still work */
    annals_store_close(s);
    s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(count_of(s, k_idx_sql), 2);
    annals_store_close(s);
}

TEST(store_put_after_has_story_and_failures)
{
    char path[512];
    bulk_path(path, sizeof path, "paths.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(an_store_exec(s,
                            "CREATE TRIGGER no_1823 BEFORE INSERT ON events WHEN NEW.code = "
                            "'1823' BEGIN SELECT RAISE(ABORT, 'code 1823 refused'); END",
                            &err),
              ANNALS_OK);
    bfx a, b, c;
    bulk_story(&a, "s1", "051", "111");
    CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, 2, 0, &err), ANNALS_OK);
    /* Inside the batch: has_story says absent, put trusts it. */
    bulk_story(&b, "s2", "057", "036");
    CHECK_INT(annals_store_has_story(s, "s2", &err), 0);
    CHECK_INT(annals_store_put(s, &b.story, b.sents, 2, b.evp, 2, 0, &err), ANNALS_OK);
    /* A stored id is still skipped after has_story asked about another. */
    CHECK_INT(annals_store_has_story(s, "s9", &err), 0);
    CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, 2, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_has_story(s, "s1", &err), 1);
    /* A new story whose second event fails leaves no row behind. */
    bulk_story(&c, "s3", "051", "1823");
    CHECK_INT(annals_store_has_story(s, "s3", &err), 0);
    CHECK_INT(annals_store_put(s, &c.story, c.sents, 2, c.evp, 2, 0, &err), ANNALS_ERR_DB);
    CHECK(strstr(err.message, "code 1823 refused") != NULL);
    CHECK(strstr(err.message, "rolled back") == NULL);
    CHECK_INT(annals_store_has_story(s, "s3", &err), 0);
    CHECK_INT(count_of(s, "SELECT count(*) FROM sentences WHERE story = 's3'"), 0);
    CHECK_INT(count_of(s, "SELECT count(*) FROM events WHERE story = 's3'"), 0);
    /* Replacing s2 with a failing version keeps the stored one. */
    bulk_story(&c, "s2", "1823", "051");
    CHECK_INT(annals_store_put(s, &c.story, c.sents, 2, c.evp, 2, 1, &err), ANNALS_ERR_DB);
    CHECK_INT(count_of(s, "SELECT count(*) FROM events WHERE story = 's2' AND code = '057'"), 1);
    CHECK_INT(count_of(s, "SELECT count(*) FROM sentences WHERE story = 's2'"), 2);
    /* A replacement that works. */
    bulk_story(&c, "s2", "111", "111");
    CHECK_INT(annals_store_put(s, &c.story, c.sents, 2, c.evp, 2, 1, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(count_of(s, "SELECT count(*) FROM events WHERE story = 's2' AND code = '111'"), 2);
    CHECK_INT(annals_store_count_stories(s, &err), 2);
    CHECK_INT(annals_store_count_events(s, &err), 4);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    annals_store_close(s);
}
