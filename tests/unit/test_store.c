/* The event store (SQLite; PostgreSQL when ANNALS_PG_URI is set). */
#include "test.h"
#include "annals.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[256];

static const char *tmpdir(void)
{
    if (!g_dir[0]) {
        snprintf(g_dir, sizeof g_dir, "/tmp/annals-store-XXXXXX");
        if (!mkdtemp(g_dir))
            return "/tmp";
    }
    return g_dir;
}

__attribute__((destructor)) static void cleanup(void)
{
    if (g_dir[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", g_dir);
    }
}

static void db_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir(), name);
}

static const char k_text[] = "Moscow praised Beijing. Beijing thanked Moscow warmly.";

/* A story with two sentences and `nev` events (codes from `codes`). */
typedef struct fx {
    annals_story story;
    annals_sentence_info sents[2];
    annals_event ev[4];
    const annals_event *evp[4];
    size_t nev;
} fx;

static void make_story(fx *f, const char *id, const char *date, const char *const *codes,
                       size_t nev)
{
    memset(f, 0, sizeof *f);
    f->story.id = id;
    f->story.date = date;
    f->story.text = k_text;
    f->story.text_len = strlen(k_text);
    f->story.source_file = "test.jsonl";
    f->story.line = 7;
    f->story.meta_json = "{\"source\":\"test\"}";
    f->sents[0] = (annals_sentence_info){0, 23, ANNALS_SENT_CODED};
    f->sents[1] = (annals_sentence_info){24, strlen(k_text), ANNALS_SENT_CODED};
    f->nev = nev;
    for (size_t i = 0; i < nev; i++) {
        annals_event *e = &f->ev[i];
        e->story_id = id;
        e->sentence = (unsigned)(i % 2 + 1);
        e->sentence_start = f->sents[i % 2].start;
        e->sentence_end = f->sents[i % 2].end;
        e->date = date;
        e->date_precision = date ? "day" : NULL;
        e->source = i % 2 ? "CHNGOV" : "SUNGOV";
        e->target = i % 2 ? "SUN" : "CHN";
        e->code = codes[i];
        e->cameo = annals_cameo_lookup(codes[i]);
        e->source_text = i % 2 ? "Beijing" : "Moscow";
        e->verb_text = i % 2 ? "thanked" : "praised";
        e->target_text = i % 2 ? "Moscow" : "Beijing";
        e->issues = i == 0 ? "TRADE" : NULL;
        f->evp[i] = e;
    }
}

typedef struct collected {
    int n;
    char codes[16][8];
    char sentence[16][80];
    double gold[16];
    int has_cameo[16];
} collected;

static int collect(void *user, const annals_event *ev)
{
    collected *c = user;
    if (c->n < 16) {
        snprintf(c->codes[c->n], 8, "%s", ev->code ? ev->code : "");
        snprintf(c->sentence[c->n], 80, "%s", ev->sentence_text ? ev->sentence_text : "");
        c->has_cameo[c->n] = ev->cameo != NULL;
        c->gold[c->n] = ev->cameo ? ev->cameo->goldstein : 0;
    }
    c->n++;
    return 0;
}

/* The behaviour every back end must have: put, skip, replace, batches,
 * atomic stories, queries. */
static void exercise_store(const char *uri)
{
    annals_error err;
    annals_store *s = annals_store_open(uri, NULL, &err);
    CHECK(s != NULL);
    if (!s) {
        char buf[1200];
        annals_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "open: %s\n", buf);
        return;
    }
    static const char *codes_a[] = {"051", "0401", "057"};
    static const char *codes_b[] = {"111"};
    fx a, b;
    make_story(&a, "story-a", "1957-03-02", codes_a, 3);
    make_story(&b, "story-b", "1958-01-01", codes_b, 1);
    CHECK_INT(annals_store_has_story(s, "story-a", &err), 0);
    CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, a.nev, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_has_story(s, "story-a", &err), 1);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_count_stories(s, &err), 1);
    CHECK_INT(annals_store_count_events(s, &err), 3);

    /* Putting it again without replace: skipped, nothing duplicated. */
    CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, a.nev, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_count_events(s, &err), 3);

    /* Replace: the story now has the one event of b's list. */
    fx a2;
    make_story(&a2, "story-a", "1957-03-02", codes_b, 1);
    CHECK_INT(annals_store_put(s, &a2.story, a2.sents, 2, a2.evp, 1, 1, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_count_stories(s, &err), 1);
    CHECK_INT(annals_store_count_events(s, &err), 1);
    CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, a.nev, 1, &err), ANNALS_OK);

    /* An invalid story in the middle of a batch fails alone. */
    fx bad;
    make_story(&bad, "story-bad", NULL, codes_b, 1);
    bad.sents[1].end = 999;
    CHECK_INT(annals_store_put(s, &bad.story, bad.sents, 2, bad.evp, 1, 0, &err), ANNALS_ERR_ARG);
    CHECK(strstr(err.message, "story-bad") != NULL);
    CHECK_INT(annals_store_put(s, &b.story, b.sents, 2, b.evp, b.nev, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_has_story(s, "story-bad", &err), 0);
    CHECK_INT(annals_store_count_stories(s, &err), 2);
    CHECK_INT(annals_store_count_events(s, &err), 4);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);

    /* Queries: country-level match, direction, order, joined sentence. */
    collected c;
    memset(&c, 0, sizeof c);
    CHECK_INT(annals_store_foreach_event(s, "SUN", "CHN", 0, 0, 0, collect, &c, &err), ANNALS_OK);
    CHECK_INT(c.n, 3);
    CHECK_STR(c.codes[0], "051");
    CHECK_STR(c.codes[1], "057");
    CHECK_STR(c.codes[2], "111");
    CHECK_STR(c.sentence[0], "Moscow praised Beijing.");
    CHECK(c.has_cameo[1] && c.gold[1] == 8.0);
    memset(&c, 0, sizeof c);
    CHECK_INT(annals_store_foreach_event(s, "SUN", "CHN", 0, 1, 0, collect, &c, &err), ANNALS_OK);
    CHECK_INT(c.n, 4);
    CHECK_STR(c.codes[1], "0401");
    CHECK(!c.has_cameo[1]);
    CHECK_STR(c.sentence[1], "Beijing thanked Moscow warmly.");
    CHECK_STR(c.codes[3], "111"); /* 1958 last */
    memset(&c, 0, sizeof c);
    CHECK_INT(annals_store_foreach_event(s, "SUN", "CHN", 1, 1, 0, collect, &c, &err), ANNALS_OK);
    CHECK_INT(c.n, 0); /* no event is exactly SUN -> CHN */
    memset(&c, 0, sizeof c);
    CHECK_INT(annals_store_foreach_event(s, "SUNGOV", "CHN", 1, 0, 1, collect, &c, &err),
              ANNALS_OK);
    CHECK_INT(c.n, 1); /* limit 1 */

    /* An uncommitted batch is rolled back on close. */
    fx d;
    make_story(&d, "story-d", "1960-01-01", codes_b, 1);
    CHECK_INT(annals_store_put(s, &d.story, d.sents, 2, d.evp, 1, 0, &err), ANNALS_OK);
    annals_store_close(s);
    s = annals_store_open(uri, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(annals_store_has_story(s, "story-d", &err), 0);
    CHECK_INT(annals_store_count_stories(s, &err), 2);

    /* The CAMEO table is stored. */
    an_rows *r = an_store_query(s, "SELECT count(*), min(code), max(goldstein) FROM cameo_codes",
                                0, NULL, &err);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(an_rows_next(r, &err), 1);
        CHECK_INT(atol(an_rows_text(r, 0)), annals_cameo_count());
        CHECK_STR(an_rows_text(r, 1), "01");
        CHECK_INT(atoi(an_rows_text(r, 2)), 10);
        an_rows_free(r);
    }
    const char *p[1] = {"story-a"};
    r = an_store_query(s,
                       "SELECT e.root, e.quad, e.issues, st.meta, st.n_sentences, x.status "
                       "FROM events e JOIN stories st ON st.id = e.story JOIN sentences x ON "
                       "x.story = e.story AND x.idx = e.sentence WHERE e.story = $1 AND e.seq = 0",
                       1, p, &err);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(an_rows_next(r, &err), 1);
        CHECK_STR(an_rows_text(r, 0), "5");
        CHECK_STR(an_rows_text(r, 1), "1");
        CHECK_STR(an_rows_text(r, 2), "TRADE");
        CHECK_STR(an_rows_text(r, 3), "{\"source\":\"test\"}");
        CHECK_STR(an_rows_text(r, 4), "2");
        CHECK_STR(an_rows_text(r, 5), "coded");
        an_rows_free(r);
    }
    annals_store_close(s);
}

TEST(store_sqlite_roundtrip)
{
    char path[512];
    db_path(path, sizeof path, "roundtrip.db");
    exercise_store(path);
}

TEST(store_sqlite_story_is_atomic)
{
    char path[512];
    db_path(path, sizeof path, "atomic.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    /* A trigger makes the second event of a story fail half way. */
    CHECK_INT(an_store_exec(s,
                            "CREATE TRIGGER no999 BEFORE INSERT ON events WHEN NEW.code = '999' "
                            "BEGIN SELECT RAISE(ABORT, 'code 999 refused'); END",
                            &err),
              ANNALS_OK);
    static const char *ok[] = {"051"}, *half[] = {"051", "999"};
    fx a, b, c;
    make_story(&a, "a", "1960-01-01", ok, 1);
    make_story(&b, "b", "1960-01-02", half, 2);
    make_story(&c, "c", "1960-01-03", ok, 1);
    CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, 1, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_put(s, &b.story, b.sents, 2, b.evp, 2, 0, &err), ANNALS_ERR_DB);
    CHECK(strstr(err.message, "code 999 refused") != NULL);
    CHECK(strstr(err.message, "'b'") != NULL);
    CHECK_STR(err.file, path);
    CHECK_INT(annals_store_put(s, &c.story, c.sents, 2, c.evp, 1, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_has_story(s, "b", &err), 0);
    CHECK_INT(annals_store_count_stories(s, &err), 2);
    CHECK_INT(annals_store_count_events(s, &err), 2);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    annals_store_close(s);
}

TEST(store_sqlite_full_disk_rolls_back_batch)
{
    char path[512];
    db_path(path, sizeof path, "full.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    static const char *codes[] = {"051", "057", "111", "190"};
    fx f;
    char id[32];
    int i;
    for (i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "kept-%d", i);
        make_story(&f, id, "1961-01-01", codes, 4);
        CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 4, 0, &err), ANNALS_OK);
    }
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    /* Simulate a full disk: the file may not grow any more. */
    CHECK_INT(an_store_exec(s, "PRAGMA max_page_count = 1", &err), ANNALS_OK);
    annals_status st = ANNALS_OK;
    for (i = 0; i < 20000 && st == ANNALS_OK; i++) {
        snprintf(id, sizeof id, "lost-%d", i);
        make_story(&f, id, "1961-01-01", codes, 4);
        st = annals_store_put(s, &f.story, f.sents, 2, f.evp, 4, 0, &err);
    }
    CHECK(st != ANNALS_OK);
    if (st == ANNALS_OK)
        st = annals_store_commit(s, &err);
    CHECK(st != ANNALS_OK);
    CHECK(strstr(err.message, "full") != NULL);
    CHECK_STR(err.file, path);
    char msg[1200];
    annals_error_format(&err, msg, sizeof msg);
    CHECK(strncmp(msg, path, strlen(path)) == 0 && msg[strlen(path)] == ':');
    annals_store_commit(s, &err);
    annals_store_close(s);
    s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_count_stories(s, &err), 5);
    CHECK_INT(annals_store_count_events(s, &err), 20);
    annals_store_close(s);
}

static void expect_open_error(const char *path, int read_only, const char *needle)
{
    annals_error err;
    annals_store_options o = {.read_only = read_only};
    annals_store *s = annals_store_open(path, &o, &err);
    CHECK(s == NULL);
    annals_store_close(s);
    char msg[1200];
    annals_error_format(&err, msg, sizeof msg);
    if (!strstr(msg, needle) || strncmp(msg, path, strlen(path)) != 0)
        t_fail(__FILE__, __LINE__, "open %s: \"%s\" lacks \"%s\"", path, msg, needle);
}

TEST(store_sqlite_open_errors)
{
    char path[512], p2[600];
    db_path(path, sizeof path, "no/such/dir/x.db");
    expect_open_error(path, 0, "does not exist");
    db_path(path, sizeof path, "missing.db");
    expect_open_error(path, 1, "No such file");
    expect_open_error("/proc/annals-test.db", 0, "cannot create");
    expect_open_error(tmpdir(), 0, "is a directory");
    db_path(path, sizeof path, "garbage.db");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        for (int i = 0; i < 200; i++)
            fputs("this is not a database at all ", f);
        fclose(f);
        expect_open_error(path, 0, "not a database");
    }
    /* A store from a newer annals is refused. */
    db_path(p2, sizeof p2, "future.db");
    annals_error err;
    annals_store *s = annals_store_open(p2, NULL, &err);
    CHECK(s != NULL);
    if (s) {
        an_store_exec(s, "PRAGMA user_version = 99", &err);
        annals_store_close(s);
        expect_open_error(p2, 0, "schema version 99 is newer");
    }
    /* Writing to a read-only store is refused. */
    db_path(path, sizeof path, "ro.db");
    s = annals_store_open(path, NULL, &err);
    annals_store_close(s);
    annals_store_options o = {.read_only = 1};
    s = annals_store_open(path, &o, &err);
    CHECK(s != NULL);
    if (s) {
        static const char *codes[] = {"051"};
        fx x;
        make_story(&x, "x", NULL, codes, 1);
        CHECK_INT(annals_store_put(s, &x.story, x.sents, 2, x.evp, 1, 0, &err), ANNALS_ERR_ARG);
        CHECK(strstr(err.message, "read-only") != NULL);
        annals_store_close(s);
    }
    CHECK(annals_store_open(NULL, NULL, &err) == NULL);
    CHECK_INT(err.code, ANNALS_ERR_ARG);
}

/* docs/schema.sql, without its comments, is exactly what the code runs. */
TEST(store_schema_doc_matches_code)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/schema.sql", t_srcdir());
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char doc[16384];
    size_t n = 0;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *c = strstr(line, "--");
        if (c)
            *c = 0;
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == ' '))
            line[--l] = 0;
        if (l && n + l + 2 < sizeof doc) {
            memcpy(doc + n, line, l);
            n += l;
            doc[n++] = '\n';
        }
    }
    doc[n] = 0;
    fclose(f);
    CHECK_STR(doc, an_store_schema_sql);
}

TEST(store_sqlite_schema_version)
{
    char path[512];
    db_path(path, sizeof path, "version.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    an_rows *r = an_store_query(s, "PRAGMA user_version", 0, NULL, &err);
    CHECK(r && an_rows_next(r, &err) == 1);
    if (r) {
        CHECK_STR(an_rows_text(r, 0), "2");
        an_rows_free(r);
    }
    r = an_store_query(s, "PRAGMA journal_mode", 0, NULL, &err);
    CHECK(r && an_rows_next(r, &err) == 1);
    if (r) {
        CHECK_STR(an_rows_text(r, 0), "wal");
        an_rows_free(r);
    }
    annals_store_close(s);
}

/* The version 1 schema (the same tables, two events indexes), valid in
 * SQLite and PostgreSQL, with one story of two sentences and two events. */
static const char k_schema_v1[] =
    "CREATE TABLE annals_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE cameo_codes (code TEXT PRIMARY KEY, root INTEGER NOT NULL, quad INTEGER NOT "
    "NULL CHECK (quad BETWEEN 1 AND 4), goldstein DOUBLE PRECISION NOT NULL, name TEXT NOT "
    "NULL, description TEXT NOT NULL);"
    "CREATE TABLE stories (id TEXT PRIMARY KEY, date TEXT, source_file TEXT, line BIGINT, meta "
    "TEXT, n_sentences INTEGER NOT NULL, n_events INTEGER NOT NULL, stored_at TEXT NOT NULL);"
    "CREATE TABLE sentences (story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE, idx "
    "INTEGER NOT NULL, start_byte BIGINT NOT NULL, end_byte BIGINT NOT NULL, text TEXT NOT "
    "NULL, status TEXT NOT NULL CHECK (status IN ('coded', 'discarded', 'complex', 'null')), "
    "PRIMARY KEY (story, idx));"
    "CREATE TABLE events (story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE, seq "
    "INTEGER NOT NULL, sentence INTEGER NOT NULL, sentence_start BIGINT, sentence_end BIGINT, "
    "date TEXT, date_precision TEXT, date_text TEXT, date_source TEXT, source TEXT, target "
    "TEXT, code TEXT, root INTEGER, quad INTEGER, goldstein DOUBLE PRECISION, source_text TEXT, "
    "target_text TEXT, verb_text TEXT, issues TEXT, PRIMARY KEY (story, seq));"
    "CREATE INDEX events_source_target ON events (source, target);"
    "CREATE INDEX events_date ON events (date);"
    "INSERT INTO annals_meta VALUES ('schema_version', '1'), ('created_by', 'annals 0.1.0');"
    "INSERT INTO stories VALUES ('v1', '1957-03-02', 'old.jsonl', 1, NULL, 2, 2, "
    "'2026-11-20T10:00:00Z');"
    "INSERT INTO sentences VALUES ('v1', 1, 0, 23, 'Moscow praised Beijing.', 'coded'), "
    "('v1', 2, 24, 54, 'Beijing thanked Moscow warmly.', 'coded');"
    "INSERT INTO events VALUES ('v1', 0, 1, 0, 23, '1957-03-02', 'day', NULL, 'story', "
    "'SUNGOV', 'CHN', '051', 5, 1, 3.4, 'Moscow', 'Beijing', 'praised', NULL), ('v1', 1, 2, 24, "
    "54, '1957-03-02', 'day', NULL, 'story', 'CHNGOV', 'SUN', '051', 5, 1, 3.4, 'Beijing', "
    "'Moscow', 'thanked', NULL);";

static void count_warning(void *user, const annals_error *d)
{
    if (d->is_warning && strstr(d->message, "migrated from schema version 1 to 2"))
        ++*(int *)user;
}

/* Text of the first column of the first row of `sql`, into out ("" if none). */
static void first_text(annals_store *s, const char *sql, char *out, size_t n)
{
    annals_error err;
    out[0] = 0;
    an_rows *r = an_store_query(s, sql, 0, NULL, &err);
    if (r && an_rows_next(r, &err) == 1 && an_rows_text(r, 0))
        snprintf(out, n, "%s", an_rows_text(r, 0));
    an_rows_free(r);
}

/* What a migrated store (either back end) must hold. */
static void check_migrated(annals_store *s, int sqlite)
{
    annals_error err;
    char v[256];
    first_text(s, "SELECT value FROM annals_meta WHERE key = 'schema_version'", v, sizeof v);
    CHECK_STR(v, "2");
    CHECK_INT(annals_store_count_stories(s, &err), 1);
    CHECK_INT(annals_store_count_events(s, &err), 2);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
    collected c;
    memset(&c, 0, sizeof c);
    CHECK_INT(annals_store_foreach_event(s, "SUN", "CHN", 0, 1, 0, collect, &c, &err), ANNALS_OK);
    CHECK_INT(c.n, 2);
    CHECK_STR(c.sentence[1], "Beijing thanked Moscow warmly.");
    first_text(s,
               sqlite ? "SELECT count(*) FROM sqlite_schema WHERE name IN ('events_date', "
                        "'events_source_target')"
                      : "SELECT count(*) FROM pg_indexes WHERE indexname IN ('events_date', "
                        "'events_source_target')",
               v, sizeof v);
    CHECK_STR(v, "0");
    /* New stories go in as before. */
    static const char *codes[] = {"057"};
    fx f;
    make_story(&f, "v2", "1958-01-01", codes, 1);
    CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 1, 0, &err), ANNALS_OK);
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    CHECK_INT(annals_store_count_events(s, &err), 3);
    CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
}

/* A version 1 file is read as it is, and a writer migrates it to version 2
 * (drops the two events indexes), keeping its rows and the user's own index,
 * trigger and view. */
TEST(store_sqlite_migrates_version_1)
{
    char path[512];
    db_path(path, sizeof path, "v1.db");
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, k_schema_v1, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           "CREATE INDEX my_code ON events (code);"
                           "CREATE TABLE my_log (story TEXT);"
                           "CREATE TRIGGER my_trig AFTER INSERT ON sentences BEGIN "
                           "INSERT INTO my_log VALUES (NEW.story); END;"
                           "CREATE VIEW my_view AS SELECT e.code, x.text FROM events e JOIN "
                           "sentences x ON x.story = e.story AND x.idx = e.sentence;"
                           "PRAGMA user_version = 1;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);

    annals_error err;
    annals_store_options ro = {.read_only = 1};
    annals_store *s = annals_store_open(path, &ro, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    char v[256];
    collected c;
    memset(&c, 0, sizeof c);
    CHECK_INT(annals_store_foreach_event(s, "SUN", "CHN", 0, 1, 0, collect, &c, &err), ANNALS_OK);
    CHECK_INT(c.n, 2);
    CHECK_STR(c.sentence[0], "Moscow praised Beijing.");
    first_text(s, "PRAGMA user_version", v, sizeof v);
    CHECK_STR(v, "1");
    annals_store_close(s);

    int warned = 0;
    annals_store_options wo = {.diag = count_warning, .diag_user = &warned};
    s = annals_store_open(path, &wo, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(warned, 1);
    first_text(s, "PRAGMA user_version", v, sizeof v);
    CHECK_STR(v, "2");
    first_text(s, "SELECT count(*) FROM sqlite_schema WHERE name IN ('my_code', 'my_trig', "
                  "'my_view')",
               v, sizeof v);
    CHECK_STR(v, "3");
    first_text(s, "SELECT count(*) FROM my_view", v, sizeof v);
    CHECK_STR(v, "2");
    check_migrated(s, 1);
    first_text(s, "SELECT count(*) FROM my_log WHERE story = 'v2'", v, sizeof v);
    CHECK_STR(v, "2"); /* the trigger still runs */
    annals_store_close(s);
    /* Migrated once only. */
    warned = 0;
    s = annals_store_open(path, &wo, &err);
    CHECK(s != NULL);
    CHECK_INT(warned, 0);
    annals_store_close(s);
}

/* PostgreSQL: a fresh database on the server of $ANNALS_PG_URI. */
static void pg_quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

static int pg_uri(char *out, size_t n, char *dbname, size_t dn)
{
    const char *base = getenv("ANNALS_PG_URI");
    if (!base || !*base) {
        const char *ci = getenv("CI");
        if (ci && !strcmp(ci, "true"))
            t_fail(__FILE__, __LINE__, "CI=true but ANNALS_PG_URI is not set (.ci/postgres.sh)");
        else
            t_skip("ANNALS_PG_URI not set");
        return -1;
    }
    PGconn *c = PQconnectdb(base);
    if (PQstatus(c) != CONNECTION_OK) {
        t_fail(__FILE__, __LINE__, "cannot connect to ANNALS_PG_URI: %s", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PQsetNoticeProcessor(c, pg_quiet, NULL);
    snprintf(dbname, dn, "annals_test_%ld", (long)getpid());
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", dbname);
    PQclear(PQexec(c, sql));
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
    PGresult *res = PQexec(c, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        t_fail(__FILE__, __LINE__, "CREATE DATABASE: %s", PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
    if (!ok)
        return -1;
    /* Replace the database name in the URI (the path after host[:port]). */
    const char *hs = strstr(base, "://");
    hs = hs ? hs + 3 : base;
    const char *slash = strchr(hs, '/');
    const char *q = strchr(hs, '?');
    if (slash && q && slash > q)
        slash = NULL;
    size_t keep = slash ? (size_t)(slash - base) : q ? (size_t)(q - base) : strlen(base);
    snprintf(out, n, "%.*s/%s%s", (int)keep, base, dbname, q ? q : "");
    return 0;
}

static void pg_drop(const char *dbname)
{
    PGconn *c = PQconnectdb(getenv("ANNALS_PG_URI"));
    PQsetNoticeProcessor(c, pg_quiet, NULL);
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", dbname);
    PQclear(PQexec(c, sql));
    PQfinish(c);
}

TEST(store_postgresql_roundtrip)
{
    char uri[1024], dbname[64];
    if (pg_uri(uri, sizeof uri, dbname, sizeof dbname))
        return;
    exercise_store(uri);
    /* A story that fails half way (a row the schema refuses) leaves nothing. */
    annals_error err;
    annals_store *s = annals_store_open(uri, NULL, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(an_store_exec(s,
                                "ALTER TABLE events ADD CONSTRAINT no999 CHECK (code <> '999')",
                                &err),
                  ANNALS_OK);
        static const char *ok[] = {"051"}, *half[] = {"051", "999"};
        fx a, b;
        make_story(&a, "pa", "1960-01-01", ok, 1);
        make_story(&b, "pb", "1960-01-02", half, 2);
        CHECK_INT(annals_store_put(s, &a.story, a.sents, 2, a.evp, 1, 0, &err), ANNALS_OK);
        CHECK_INT(annals_store_put(s, &b.story, b.sents, 2, b.evp, 2, 0, &err), ANNALS_ERR_DB);
        CHECK(strstr(err.message, "no999") != NULL);
        CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
        CHECK_INT(annals_store_has_story(s, "pa", &err), 1);
        CHECK_INT(annals_store_has_story(s, "pb", &err), 0);
        CHECK_INT(annals_store_verify(s, &err), ANNALS_OK);
        annals_store_close(s);
    }
    pg_drop(dbname);
    /* A bad server is a clear error naming the URI without its password. */
    CHECK(annals_store_open("postgresql://annals:secret@127.0.0.1:1/none?connect_timeout=2",
                            NULL, &err) == NULL);
    CHECK(strstr(err.file, "secret") == NULL);
    CHECK(strstr(err.file, "127.0.0.1:1") != NULL);
    CHECK(strstr(err.message, "cannot connect") != NULL);
}

/* A version 1 PostgreSQL database: the same tables; the two indexes go. */
TEST(store_postgresql_migrates_version_1)
{
    char uri[1024], dbname[64];
    if (pg_uri(uri, sizeof uri, dbname, sizeof dbname))
        return;
    PGconn *c = PQconnectdb(uri);
    PGresult *res = PQexec(c, k_schema_v1);
    CHECK_INT(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    PQfinish(c);
    int warned = 0;
    annals_error err;
    annals_store_options wo = {.diag = count_warning, .diag_user = &warned};
    annals_store *s = annals_store_open(uri, &wo, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(warned, 1);
        check_migrated(s, 0);
        annals_store_close(s);
    }
    pg_drop(dbname);
}

/* Every allocation failure in the query, series and report code is a clean
 * ANNALS_ERR_NOMEM (no crash, no leak under ASan), and without failures the
 * same calls succeed. */
TEST(store_queries_survive_allocation_failures)
{
    char path[512];
    db_path(path, sizeof path, "nomem.db");
    annals_error err;
    annals_store *s = annals_store_open(path, NULL, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    static const char *codes[] = {"051", "0401", "190"};
    fx f;
    char id[16];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "n%d", i);
        make_story(&f, id, i == 5 ? NULL : "1962-05-01", codes, 3);
        CHECK_INT(annals_store_put(s, &f.story, f.sents, 2, f.evp, 3, 0, &err), ANNALS_OK);
    }
    CHECK_INT(annals_store_commit(s, &err), ANNALS_OK);
    unsigned long n;
    int completed = 0;
    for (n = 1; n < 100000 && !completed; n++) {
        an_alloc_fail_at(n);
        annals_dyad_series *ser = NULL;
        annals_status st1 = annals_store_dyad(s, "SUN", "CHN", ANNALS_PERIOD_MONTH, 0, &ser, &err);
        FILE *out = fopen("/dev/null", "w");
        annals_status st2 = out ? annals_report_write(s, out, NULL, &err) : ANNALS_ERR_IO;
        annals_status st3 = ANNALS_OK;
        if (ser && out)
            st3 = annals_dyad_write(ser, out, ANNALS_DYAD_TABLE, &err);
        if (out)
            fclose(out);
        unsigned long made = an_alloc_fail_at(0);
        if (st1 != ANNALS_OK)
            CHECK_INT(st1, ANNALS_ERR_NOMEM);
        if (st2 != ANNALS_OK)
            CHECK_INT(st2, ANNALS_ERR_NOMEM);
        if (st3 != ANNALS_OK)
            CHECK_INT(st3, ANNALS_ERR_NOMEM);
        if (made < n) {
            /* No allocation failed this time: everything must have worked. */
            CHECK_INT(st1, ANNALS_OK);
            CHECK_INT(st2, ANNALS_OK);
            CHECK(ser && ser->total == 18 && ser->undated == 3);
            completed = 1;
        }
        annals_dyad_series_free(ser);
    }
    CHECK(completed);
    CHECK(n > 5);
    annals_store_close(s);
}
