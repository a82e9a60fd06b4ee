/* The SQLite store's fast paths: no events index, no second lookup after
 * has_story, no savepoint for a new story (a failed one is deleted again), a
 * savepoint when replacing, several rows per INSERT. */
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

static int count_event(void *user, const annals_event *ev)
{
    (void)ev;
    ++*(long long *)user;
    return 0;
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

/* Version 2 has no events index.  One a user adds is kept and does not
 * change what the queries return. */
TEST(store_events_user_index)
{
    char path[512];
    bulk_path(path, sizeof path, "index.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    static const char k_idx_sql[] = "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                    "AND tbl_name = 'events' AND sql IS NOT NULL";
    CHECK_INT(count_of(s, k_idx_sql), 0);
    bfx f;
    bulk_story(&f, "p1", "051", "111");
    CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 2, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(an_store_exec(s, "CREATE INDEX my_dyads ON events (source, target)", &err),
              ANNALS_OK);
    bulk_story(&f, "p2", "057", "111");
    CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 2, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    annals_store_close(s);
    annals_store_options ro = {.read_only = 1};
    s = annals_store_open(path, &ro, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(count_of(s, k_idx_sql), 1);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    long long n[4] = {0, 0, 0, 0};
    CHECK_INT(annals_store_foreach_event(s, "PRT", "ESP", 0, 0, 0, count_event, &n[0], &err),
              ANNALS_OK);
    CHECK_INT(annals_store_foreach_event(s, "PRT", "ESP", 0, 1, 0, count_event, &n[1], &err),
              ANNALS_OK);
    CHECK_INT(annals_store_foreach_event(s, "ESP", "PRT", 1, 0, 0, count_event, &n[2], &err),
              ANNALS_OK);
    CHECK_INT(annals_store_foreach_event(s, "ESP", NULL, 1, 0, 0, count_event, &n[3], &err),
              ANNALS_OK);
    CHECK_INT(n[0], 2);
    CHECK_INT(n[1], 4);
    CHECK_INT(n[2], 2);
    CHECK_INT(n[3], 2);
    annals_store_close(s);
}

/* A story with more sentences and events than one INSERT takes: every row
 * and every field lands where it belongs. */
TEST(store_put_many_rows)
{
    enum { NS = AN_ST_ROWS * 2 + 5, NE = AN_ST_ROWS * 3 + 1 };
    char text[NS * 16];
    annals_sentence_info si[NS];
    size_t len = 0;
    for (int i = 0; i < NS; i++) {
        si[i].start = len;
        len += (size_t)snprintf(text + len, sizeof text - len, "Item %d.", i + 1);
        si[i].end = len;
        si[i].status = i % 4 == 3 ? ANNALS_SENT_NULL : ANNALS_SENT_CODED;
        text[len++] = ' ';
    }
    text[--len] = 0;
    static char src[NE][16], date[NE][24];
    annals_event ev[NE];
    const annals_event *evp[NE];
    memset(ev, 0, sizeof ev);
    for (int i = 0; i < NE; i++) {
        snprintf(src[i], sizeof src[i], "A%02d", i);
        snprintf(date[i], sizeof date[i], "1980-01-%02d", i % 28 + 1);
        ev[i].sentence = (unsigned)(i % NS) + 1;
        ev[i].sentence_start = si[i % NS].start;
        ev[i].sentence_end = si[i % NS].end;
        ev[i].date = date[i];
        ev[i].source = src[i];
        ev[i].target = "ESP";
        ev[i].code = i % 2 ? "057" : "0401";
        ev[i].cameo = annals_cameo_lookup(ev[i].code);
        ev[i].issues = i == NE - 1 ? "LAST" : NULL;
        evp[i] = &ev[i];
    }
    annals_story st;
    memset(&st, 0, sizeof st);
    st.id = "many";
    st.text = text;
    st.text_len = len;
    char path[512];
    bulk_path(path, sizeof path, "many.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(annals_store_put(s, &st, si, NS, evp, NE, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    CHECK_INT(count_of(s, "SELECT count(*) FROM sentences"), NS);
    CHECK_INT(count_of(s, "SELECT count(*) FROM events"), NE);
    /* Rows whose fields disagree with what was put: none. */
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sentences WHERE story <> 'many' OR text <> 'Item ' || idx || "
             "'.' OR (status = 'null') <> (idx %% 4 = 0) OR substr('%s', start_byte + 1, "
             "end_byte - start_byte) <> text",
             text);
    CHECK_INT(count_of(s, sql), 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM events WHERE source <> printf('A%%02d', seq) OR sentence <> "
             "seq %% %d + 1 OR code <> CASE seq %% 2 WHEN 1 THEN '057' ELSE '0401' END OR "
             "date <> printf('1980-01-%%02d', seq %% 28 + 1) OR (root IS NULL) <> (seq %% 2 = 0) "
             "OR (issues IS NULL) <> (seq <> %d) OR sentence_start <> (SELECT start_byte FROM "
             "sentences x WHERE x.idx = events.sentence)",
             NS, NE - 1);
    CHECK_INT(count_of(s, sql), 0);
    CHECK_INT(count_of(s, "SELECT max(seq) FROM events"), NE - 1);
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
