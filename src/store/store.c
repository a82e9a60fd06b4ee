/* The event store: open/put/commit/close and queries, SQLite back end.
 * PostgreSQL is in pg.c; both share the schema (schema.c) and the row
 * iterator declared in store.h. */
#include "store/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void an_store_err(annals_store *s, annals_error *err, annals_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    an_err_vset(err, code, s ? s->name : "", 0, 0, fmt, ap);
    va_end(ap);
}

const char *an_sentence_status_name(annals_sentence_status st)
{
    switch (st) {
    case ANNALS_SENT_DISCARDED: return "discarded";
    case ANNALS_SENT_COMPLEX: return "complex";
    case ANNALS_SENT_NULL: return "null";
    case ANNALS_SENT_CODED: break;
    }
    return "coded";
}

const char *an_store_now(annals_store *s)
{
    time_t t = time(NULL);
    if (!s->stamp[0] || (long long)t != s->stamp_time) {
        struct tm tm;
        s->stamp_time = (long long)t;
        if (!gmtime_r(&t, &tm) ||
            !strftime(s->stamp, sizeof s->stamp, "%Y-%m-%dT%H:%M:%SZ", &tm))
            strcpy(s->stamp, "1970-01-01T00:00:00Z");
    }
    return s->stamp;
}

int an_store_check_story(annals_store *s, const annals_story *story,
                         const annals_sentence_info *sents, size_t nsents,
                         const annals_event *const *events, size_t nevents, annals_error *err)
{
    if (!story || !story->id || !story->id[0]) {
        an_store_err(s, err, ANNALS_ERR_ARG, "a story needs a non-empty id");
        return -1;
    }
    if (nsents && !sents) {
        an_store_err(s, err, ANNALS_ERR_ARG, "story '%s': %zu sentences but no array", story->id,
                     nsents);
        return -1;
    }
    if (nevents && !events) {
        an_store_err(s, err, ANNALS_ERR_ARG, "story '%s': %zu events but no array", story->id,
                     nevents);
        return -1;
    }
    size_t len = story->text ? (story->text_len ? story->text_len : strlen(story->text)) : 0;
    for (size_t i = 0; i < nsents; i++)
        if (sents[i].start > sents[i].end || sents[i].end > len) {
            an_store_err(s, err, ANNALS_ERR_ARG,
                         "story '%s': sentence %zu spans bytes %zu-%zu, outside the %zu-byte text",
                         story->id, i + 1, sents[i].start, sents[i].end, len);
            return -1;
        }
    for (size_t i = 0; i < nevents; i++)
        if (!events[i] || events[i]->sentence == 0) {
            an_store_err(s, err, ANNALS_ERR_ARG, "story '%s': event %zu has no sentence index",
                         story->id, i + 1);
            return -1;
        }
    return 0;
}

/* ------------------------------------------------------------------ */
/* SQLite                                                              */
/* ------------------------------------------------------------------ */

static void sq_err(annals_store *s, annals_error *err, const char *what)
{
    int rc = sqlite3_extended_errcode(s->db);
    const char *msg = sqlite3_errmsg(s->db);
    annals_status code = (rc & 0xff) == SQLITE_NOMEM ? ANNALS_ERR_NOMEM
                         : ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
                            (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY)
                             ? ANNALS_ERR_IO
                             : ANNALS_ERR_DB;
    int se = sqlite3_system_errno(s->db);
    int prim = rc & 0xff;
    if (se && (prim == SQLITE_CANTOPEN || prim == SQLITE_IOERR || prim == SQLITE_FULL ||
               prim == SQLITE_READONLY))
        an_store_err(s, err, code, "%s: %s (%s)", what, msg, strerror(se));
    else
        an_store_err(s, err, code, "%s: %s", what, msg);
}

static const char *const sq_sql[AN_ST_COUNT] = {
    "SELECT 1 FROM stories WHERE id = $1",
    "DELETE FROM events WHERE story = $1",
    "DELETE FROM sentences WHERE story = $1",
    "DELETE FROM stories WHERE id = $1",
    "INSERT INTO stories (id, date, source_file, line, meta, n_sentences, n_events, stored_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    /* an event's sentence beyond the story's list; events may share one */
    "INSERT OR IGNORE INTO sentences (story, idx, start_byte, end_byte, text, status) "
    "VALUES ($1, $2, $3, $4, $5, $6)",
    "SAVEPOINT annals_story",
    "RELEASE annals_story",
};

static int sq_exec(annals_store *s, const char *sql, annals_error *err, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        sq_err(s, err, what);
        return -1;
    }
    return 0;
}

static int sq_user_version(annals_store *s, annals_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
        sq_err(s, err, "cannot read the schema version");
        return -1;
    }
    int v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    else
        sq_err(s, err, "cannot read the schema version");
    sqlite3_finalize(st);
    return v;
}

/* Row i of cameo_codes as the six text parameters of its INSERT. */
static void cameo_row(size_t i, char num[3][16], const char *p[6])
{
    const annals_cameo_info *c = annals_cameo_at(i);
    snprintf(num[0], sizeof num[0], "%d", c->root);
    snprintf(num[1], sizeof num[1], "%d", c->quad);
    snprintf(num[2], sizeof num[2], "%.1f", c->goldstein);
    const char *row[6] = {c->code, num[0], num[1], num[2], c->name, annals_cameo_description(c)};
    memcpy(p, row, sizeof row);
}

#define CAMEO_INSERT                                                                             \
    "INSERT INTO cameo_codes (code, root, quad, goldstein, name, description) VALUES "

/* Fills cameo_codes when it does not hold exactly the built-in table (SQLite
 * prepares the INSERT once). */
static annals_status fill_cameo(annals_store *s, annals_error *err)
{
    an_rows *r = an_store_query(s, "SELECT count(*) FROM cameo_codes", 0, NULL, err);
    if (!r)
        return err->code;
    long long have = -1;
    if (an_rows_next(r, err) == 1 && an_rows_text(r, 0))
        have = atoll(an_rows_text(r, 0));
    an_rows_free(r);
    size_t n = annals_cameo_count();
    if (have == (long long)n)
        return ANNALS_OK;
    if (an_store_exec(s, "DELETE FROM cameo_codes", err))
        return err->code;
    char num[3][16];
    const char *p[6];
    if (!s->is_pg) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, CAMEO_INSERT "(?, ?, ?, ?, ?, ?)", -1, &st, NULL) !=
            SQLITE_OK) {
            sq_err(s, err, "cannot store the CAMEO codes");
            return err->code;
        }
        int rc = SQLITE_DONE;
        for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
            cameo_row(i, num, p);
            for (int k = 0; k < 6; k++)
                sqlite3_bind_text(st, k + 1, p[k], -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            sqlite3_reset(st);
        }
        if (rc != SQLITE_DONE)
            sq_err(s, err, "cannot store the CAMEO codes");
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? ANNALS_OK : err->code;
    }
    for (size_t i = 0; i < n; i++) {
        cameo_row(i, num, p);
        an_rows *q = an_store_query(s, CAMEO_INSERT "($1, $2, $3, $4, $5, $6)", 6, p, err);
        int rc = q ? an_rows_next(q, err) : -1;
        an_rows_free(q);
        if (rc < 0)
            return err->code;
    }
    return ANNALS_OK;
}

/* Creates the schema when missing and checks its version.  Version 1 had
 * the same tables and two events indexes, (source, target) and (date); a
 * writer that opens a version 1 store drops them (version 2 has none). */
static annals_status ensure_schema(annals_store *s, annals_error *err)
{
    if (!s->is_pg) {
        int v = sq_user_version(s, err);
        if (v < 0)
            return err->code;
        if (v > AN_STORE_SCHEMA_VERSION) {
            an_store_err(s, err, ANNALS_ERR_DB,
                         "schema version %d is newer than this annals supports (%d)", v,
                         AN_STORE_SCHEMA_VERSION);
            return err->code;
        }
        if (s->read_only) {
            if (v == 0) {
                an_store_err(s, err, ANNALS_ERR_DB, "not an annals event store (no schema)");
                return err->code;
            }
            return ANNALS_OK;
        }
        if (sq_exec(s, "BEGIN IMMEDIATE", err, "cannot create the schema"))
            return err->code;
    } else {
        if (s->read_only)
            return ANNALS_OK;
        if (an_store_exec(s, "BEGIN", err))
            return err->code;
    }
    char ver[16];
    snprintf(ver, sizeof ver, "%d", AN_STORE_SCHEMA_VERSION);
    const char *pv[2] = {ver, "annals " ANNALS_VERSION_STRING};
    an_rows *r = NULL;
    if (an_store_exec(s, an_store_schema_sql, err))
        goto fail;
    r = an_store_query(s,
                       "INSERT INTO annals_meta (key, value) VALUES ('schema_version', $1), "
                       "('created_by', $2) ON CONFLICT DO NOTHING",
                       2, pv, err);
    if (!r || an_rows_next(r, err) < 0)
        goto fail;
    an_rows_free(r);
    r = an_store_query(s, "SELECT value FROM annals_meta WHERE key = 'schema_version'", 0, NULL,
                       err);
    if (!r || an_rows_next(r, err) != 1)
        goto fail;
    int was = atoi(an_rows_text(r, 0) ? an_rows_text(r, 0) : "0");
    if (was > AN_STORE_SCHEMA_VERSION) {
        an_store_err(s, err, ANNALS_ERR_DB,
                     "schema version %s is newer than this annals supports (%d)",
                     an_rows_text(r, 0), AN_STORE_SCHEMA_VERSION);
        goto fail;
    }
    an_rows_free(r);
    r = NULL;
    if (was < AN_STORE_SCHEMA_VERSION) {
        if (an_store_exec(s,
                          "DROP INDEX IF EXISTS events_source_target; "
                          "DROP INDEX IF EXISTS events_date",
                          err))
            goto fail;
        r = an_store_query(s, "UPDATE annals_meta SET value = $1 WHERE key = 'schema_version'",
                           1, pv, err);
        if (!r || an_rows_next(r, err) < 0)
            goto fail;
        an_rows_free(r);
        r = NULL;
    }
    if (fill_cameo(s, err))
        goto fail;
    if (!s->is_pg) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", AN_STORE_SCHEMA_VERSION);
        if (sq_exec(s, pragma, err, "cannot set the schema version"))
            goto fail;
    }
    if (an_store_exec(s, "COMMIT", err))
        goto fail;
    if (was < AN_STORE_SCHEMA_VERSION && s->diag)
        an_warn(s->diag, s->diag_user, s->name, 0, 0,
                "store migrated from schema version %d to %d (its events indexes dropped)", was,
                AN_STORE_SCHEMA_VERSION);
    return ANNALS_OK;
fail:
    an_rows_free(r);
    {
        annals_error e2;
        an_store_exec(s, "ROLLBACK", &e2);
    }
    return err->code ? err->code : ANNALS_ERR_DB;
}

static int is_pg_uri(const char *uri)
{
    return !strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11);
}

/* Clear messages for the usual reasons a path cannot be opened, before
 * SQLite reports its generic "unable to open database file". */
static int check_path(annals_store *s, const char *path, annals_error *err)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            an_store_err(s, err, ANNALS_ERR_IO, "is a directory");
            return -1;
        }
        if (access(path, s->read_only ? R_OK : R_OK | W_OK) != 0) {
            an_store_err(s, err, ANNALS_ERR_IO, "cannot open%s: %s",
                         s->read_only ? "" : " for writing", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (errno != ENOENT || s->read_only) {
        an_store_err(s, err, ANNALS_ERR_IO, "%s", strerror(errno));
        return -1;
    }
    char dir[512];
    const char *slash = strrchr(path, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == path)
        strcpy(dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        an_store_err(s, err, ANNALS_ERR_IO, "cannot create: directory %s does not exist", dir);
        return -1;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        an_store_err(s, err, ANNALS_ERR_IO, "cannot create: directory %s: %s", dir,
                     strerror(errno));
        return -1;
    }
    return 0;
}

#ifndef AN_STORE_PAGE_SIZE
#define AN_STORE_PAGE_SIZE "8192"
#endif

static annals_status sq_open(annals_store *s, const char *path, unsigned timeout,
                             annals_error *err)
{
    struct stat sb;
    const char *what = stat(path, &sb) == 0 ? "cannot open" : "cannot create";
    if (check_path(s, path, err))
        return err->code;
    int flags = s->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        if (!s->db) {
            an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
            return err->code;
        }
        sq_err(s, err, what);
        return err->code;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, timeout ? (int)timeout : 5000);
    if (!s->read_only) {
        /* WAL + synchronous=NORMAL: a killed process never corrupts the file
         * or loses a committed batch; only power loss may lose the last. */
        /* Larger pages for a new file (ignored for an existing one): fewer
         * b-tree levels and page headers, fewer WAL frames. */
        if (sq_exec(s, "PRAGMA page_size = " AN_STORE_PAGE_SIZE, err, what) ||
            sq_exec(s, "PRAGMA journal_mode = WAL", err, what) ||
            sq_exec(s, "PRAGMA synchronous = NORMAL", err, what) ||
            /* bulk loads: a larger page cache (with story ids in no order,
               every batch touches pages all over the primary-key indexes)
               and fewer, larger checkpoints */
            sq_exec(s, "PRAGMA cache_size = -65536", err, what) ||
            sq_exec(s, "PRAGMA wal_autocheckpoint = 16384", err, what) ||
            sq_exec(s, "PRAGMA temp_store = MEMORY", err, what))
            return err->code;
    }
    if (s->read_only && sq_exec(s, "PRAGMA foreign_keys = ON", err, what))
        return err->code;
    if (ensure_schema(s, err))
        return err->code;
    /* The writer binds only valid values (an_sentence_status_name() gives
     * one of the four statuses), so the CHECK constraints need not be run
     * for every row: the sentences one costs a temporary table per row. */
    if (!s->read_only && sq_exec(s, "PRAGMA ignore_check_constraints = ON", err, what))
        return err->code;
    if (!s->read_only)
        for (int i = 0; i < AN_ST_COUNT; i++)
            if (sqlite3_prepare_v3(s->db, sq_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                                   NULL) != SQLITE_OK) {
                sq_err(s, err, "cannot prepare statements (is this an annals store?)");
                return err->code;
            }
    return ANNALS_OK;
}

/* Copies a URI for messages with any password replaced by "***". */
static void redact_uri(char *out, size_t size, const char *uri)
{
    const char *scheme = strstr(uri, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at)
        snprintf(out, size, "%.*s:***%s", (int)(colon - uri), uri, at);
    else
        snprintf(out, size, "%s", uri);
    char *pw = strstr(out, "password=");
    if (pw) {
        char *end = pw + 9;
        while (*end && *end != '&')
            end++;
        memmove(pw + 12, end, strlen(end) + 1);
        memcpy(pw + 9, "***", 3);
    }
}

annals_store *annals_store_open(const char *uri, const annals_store_options *opt,
                                annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!uri || !uri[0]) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "no database given");
        return NULL;
    }
    annals_store *s = an_calloc(1, sizeof *s);
    if (!s) {
        an_err_set(err, ANNALS_ERR_NOMEM, uri, 0, 0, "out of memory");
        return NULL;
    }
    if (opt) {
        s->read_only = opt->read_only;
        s->diag = opt->diag;
        s->diag_user = opt->diag_user;
    }
    annals_status st;
    if (is_pg_uri(uri)) {
        s->is_pg = 1;
        redact_uri(s->name, sizeof s->name, uri);
        st = an_pg_open(s, uri, err);
        if (!st)
            st = ensure_schema(s, err);
    } else {
        snprintf(s->name, sizeof s->name, "%s", uri);
        st = sq_open(s, uri, opt ? opt->busy_timeout_ms : 0, err);
    }
    if (st) {
        annals_store_close(s);
        return NULL;
    }
    return s;
}

static void sq_reset_all(annals_store *s)
{
    for (int i = 0; i < AN_ST_COUNT; i++)
        if (s->st[i]) {
            sqlite3_reset(s->st[i]);
            sqlite3_clear_bindings(s->st[i]);
        }
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < AN_ST_ROWS; i++)
            if (s->ins_rows[w][i]) {
                sqlite3_reset(s->ins_rows[w][i]);
                sqlite3_clear_bindings(s->ins_rows[w][i]);
            }
}

/* Remembers that story `id` is absent, when the lookup ran inside the open
 * batch: BEGIN IMMEDIATE holds the write lock, so nobody can store it before
 * the put that follows (which then needs no second lookup). */
static void remember_absent(annals_store *s, const char *id)
{
    s->absent_ok = 0;
    if (!s->in_batch)
        return;
    size_t n = strlen(id) + 1;
    if (n > s->absent_cap) {
        char *p = an_malloc(n);
        if (!p)
            return;
        an_free(s->absent);
        s->absent = p;
        s->absent_cap = n;
    }
    memcpy(s->absent, id, n);
    s->absent_ok = 1;
}

static int sq_has(annals_store *s, const char *id, annals_error *err)
{
    sqlite3_stmt *st = s->st[AN_ST_HAS];
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    sq_err(s, err, "cannot look up a story");
    return -1;
}

int annals_store_has_story(annals_store *s, const char *story_id, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    if (!s || !story_id) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_store_has_story: NULL argument");
        return -1;
    }
    if (s->is_pg || s->read_only) {
        const char *p[1] = {story_id};
        an_rows *r = an_store_query(s, "SELECT 1 FROM stories WHERE id = $1", 1, p, err);
        if (!r)
            return -1;
        int rc = an_rows_next(r, err);
        an_rows_free(r);
        return rc;
    }
    int rc = sq_has(s, story_id, err);
    if (rc == 0)
        remember_absent(s, story_id);
    return rc;
}

static void bind_str(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_strn(sqlite3_stmt *st, int i, const char *v, size_t n)
{
    sqlite3_bind_text64(st, i, v ? v : "", v ? n : 0, SQLITE_STATIC, SQLITE_UTF8);
}

static int sq_step(annals_store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    (void)s;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* The INSERT of n (1..AN_ST_ROWS) rows of sentences (which = 0) or events
 * (1), prepared when first needed.  One statement for a story's rows instead
 * of one per row; OR FAIL because a multi-row INSERT that may ABORT keeps a
 * statement journal to undo its own rows, while the rows of a failed story
 * are removed anyway (sq_undo_new(), or the savepoint of a replacement). */
static sqlite3_stmt *sq_rows_stmt(annals_store *s, int which, size_t n)
{
    sqlite3_stmt **slot = &s->ins_rows[which][n - 1];
    if (*slot)
        return *slot;
    static const char *const head[2] = {
        "INSERT OR FAIL INTO sentences (story, idx, start_byte, end_byte, text, status) VALUES ",
        "INSERT OR FAIL INTO events (story, seq, sentence, sentence_start, sentence_end, date, "
        "date_precision, date_text, date_source, source, target, code, root, quad, goldstein, "
        "source_text, target_text, verb_text, issues) VALUES "};
    /* ?1, the story id, is shared by the rows: column c (2..) of row k is
     * parameter k * (columns - 1) + c */
    static const char *const row[2] = {"(?1,?,?,?,?,?)",
                                       "(?1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"};
    an_buf b;
    an_buf_init(&b);
    an_buf_puts(&b, head[which]);
    for (size_t i = 0; i < n; i++) {
        if (i)
            an_buf_putc(&b, ',');
        an_buf_puts(&b, row[which]);
    }
    if (b.failed || sqlite3_prepare_v3(s->db, b.p, (int)b.len, SQLITE_PREPARE_PERSISTENT, slot,
                                       NULL) != SQLITE_OK)
        *slot = NULL;
    an_buf_free(&b);
    return *slot;
}

static int sq_put_rows(annals_store *s, const annals_story *story,
                       const annals_sentence_info *sents, size_t nsents,
                       const annals_event *const *events, size_t nevents, int has)
{
    sqlite3_stmt **st = s->st;
    const char *id = story->id;
    if (has)
        for (int k = AN_ST_DEL_EVENTS; k <= AN_ST_DEL_STORY; k++) {
            sqlite3_bind_text(st[k], 1, id, -1, SQLITE_STATIC);
            if (sq_step(s, st[k]))
                return -1;
        }
    sqlite3_stmt *q = st[AN_ST_INS_STORY];
    bind_str(q, 1, id);
    bind_str(q, 2, story->date);
    bind_str(q, 3, story->source_file);
    sqlite3_bind_int64(q, 4, (sqlite3_int64)story->line);
    bind_str(q, 5, story->meta_json);
    sqlite3_bind_int64(q, 6, (sqlite3_int64)nsents);
    sqlite3_bind_int64(q, 7, (sqlite3_int64)nevents);
    bind_str(q, 8, an_store_now(s));
    if (sq_step(s, q))
        return -1;
    for (size_t i = 0; i < nsents;) {
        size_t n = nsents - i < AN_ST_ROWS ? nsents - i : AN_ST_ROWS;
        if (!(q = sq_rows_stmt(s, 0, n)))
            return -1;
        bind_str(q, 1, id);
        for (size_t k = 0; k < n; k++, i++) {
            int b = (int)k * 5;
            sqlite3_bind_int64(q, b + 2, (sqlite3_int64)(i + 1));
            sqlite3_bind_int64(q, b + 3, (sqlite3_int64)sents[i].start);
            sqlite3_bind_int64(q, b + 4, (sqlite3_int64)sents[i].end);
            bind_strn(q, b + 5, story->text ? story->text + sents[i].start : NULL,
                      sents[i].end - sents[i].start);
            bind_str(q, b + 6, an_sentence_status_name(sents[i].status));
        }
        if (sq_step(s, q))
            return -1;
    }
    for (size_t i = 0; i < nevents; i++) {
        const annals_event *e = events[i];
        if (e->sentence > nsents) {
            q = st[AN_ST_INS_SENT_EXTRA];
            bind_str(q, 1, id);
            sqlite3_bind_int64(q, 2, e->sentence);
            sqlite3_bind_int64(q, 3, (sqlite3_int64)e->sentence_start);
            sqlite3_bind_int64(q, 4, (sqlite3_int64)e->sentence_end);
            bind_str(q, 5, e->sentence_text ? e->sentence_text : "");
            bind_str(q, 6, "coded");
            if (sq_step(s, q))
                return -1;
        }
    }
    for (size_t i = 0; i < nevents;) {
        size_t n = nevents - i < AN_ST_ROWS ? nevents - i : AN_ST_ROWS;
        if (!(q = sq_rows_stmt(s, 1, n)))
            return -1;
        bind_str(q, 1, id);
        for (size_t k = 0; k < n; k++, i++) {
            const annals_event *e = events[i];
            const annals_cameo_info *c = e->cameo ? e->cameo : annals_cameo_lookup(e->code);
            int b = (int)k * 18;
            sqlite3_bind_int64(q, b + 2, (sqlite3_int64)i);
            sqlite3_bind_int64(q, b + 3, e->sentence);
            sqlite3_bind_int64(q, b + 4, (sqlite3_int64)e->sentence_start);
            sqlite3_bind_int64(q, b + 5, (sqlite3_int64)e->sentence_end);
            bind_str(q, b + 6, e->date);
            bind_str(q, b + 7, e->date_precision);
            bind_str(q, b + 8, e->date_text);
            bind_str(q, b + 9, e->date_source);
            bind_str(q, b + 10, e->source);
            bind_str(q, b + 11, e->target);
            bind_str(q, b + 12, e->code);
            if (c) {
                sqlite3_bind_int(q, b + 13, c->root);
                sqlite3_bind_int(q, b + 14, c->quad);
                sqlite3_bind_double(q, b + 15, c->goldstein);
            } else {
                sqlite3_bind_null(q, b + 13);
                sqlite3_bind_null(q, b + 14);
                sqlite3_bind_null(q, b + 15);
            }
            bind_str(q, b + 16, e->source_text);
            bind_str(q, b + 17, e->target_text);
            bind_str(q, b + 18, e->verb_text);
            bind_str(q, b + 19, e->issues);
        }
        if (sq_step(s, q))
            return -1;
    }
    return 0;
}

/* Removes what a failed put of a new story wrote; -1 if that failed too. */
static int sq_undo_new(annals_store *s, const char *id)
{
    for (int k = AN_ST_DEL_EVENTS; k <= AN_ST_DEL_STORY; k++) {
        sqlite3_reset(s->st[k]);
        sqlite3_bind_text(s->st[k], 1, id, -1, SQLITE_STATIC);
        if (sq_step(s, s->st[k]))
            return -1;
    }
    return 0;
}

/* A story goes in whole or not at all.  A new story (the usual case) needs
 * no savepoint: if a statement fails, SQLite has undone that statement (or
 * the whole batch, for a full disk or an I/O error) and the rows the story
 * already has are deleted again.  Replacing a stored story uses a savepoint,
 * so that a failure brings its old rows back. */
static annals_status sq_put(annals_store *s, const annals_story *story,
                            const annals_sentence_info *sents, size_t nsents,
                            const annals_event *const *events, size_t nevents, int replace,
                            annals_error *err)
{
    int known_absent = s->absent_ok && s->in_batch && !strcmp(s->absent, story->id);
    s->absent_ok = 0;
    if (!s->in_batch) {
        if (sq_exec(s, "BEGIN IMMEDIATE", err, "cannot begin a batch"))
            return err->code;
        s->in_batch = 1;
    }
    int has = known_absent ? 0 : sq_has(s, story->id, err);
    if (has < 0)
        goto batch_check;
    if (has && !replace)
        return ANNALS_OK; /* already stored */
    if (has && sq_step(s, s->st[AN_ST_SAVEPOINT])) {
        sq_err(s, err, "cannot begin a story");
        goto batch_check;
    }
    if (sq_put_rows(s, story, sents, nsents, events, nevents, has) == 0) {
        if (!has || sq_step(s, s->st[AN_ST_RELEASE]) == 0)
            return ANNALS_OK;
        sq_err(s, err, "cannot store a story");
    } else {
        char what[600];
        snprintf(what, sizeof what, "cannot store story '%.400s'", story->id);
        sq_err(s, err, what);
    }
batch_check:
    sq_reset_all(s);
    if (!sqlite3_get_autocommit(s->db)) {
        annals_error e2;
        if (has > 0) {
            if (!sq_exec(s, "ROLLBACK TO annals_story", &e2, "rollback") &&
                !sq_exec(s, "RELEASE annals_story", &e2, "rollback"))
                return err->code ? err->code : ANNALS_ERR_DB;
        } else if (has < 0 || sq_undo_new(s, story->id) == 0) {
            return err->code ? err->code : ANNALS_ERR_DB;
        }
        /* The story could not be taken out again: drop the batch. */
        sq_reset_all(s);
        sq_exec(s, "ROLLBACK", &e2, "rollback");
    }
    /* SQLite abandoned the whole transaction (disk full, I/O error). */
    s->in_batch = 0;
    size_t n = strlen(err->message);
    snprintf(err->message + n, sizeof err->message - n,
             " (the batch since the last commit was rolled back)");
    return err->code ? err->code : ANNALS_ERR_DB;
}

annals_status annals_store_put(annals_store *s, const annals_story *story,
                               const annals_sentence_info *sents, size_t nsents,
                               const annals_event *const *events, size_t nevents, int replace,
                               annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!s) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_store_put: NULL store");
        return ANNALS_ERR_ARG;
    }
    if (s->read_only) {
        an_store_err(s, err, ANNALS_ERR_ARG, "store was opened read-only");
        return ANNALS_ERR_ARG;
    }
    if (an_store_check_story(s, story, sents, nsents, events, nevents, err))
        return err->code;
    if (s->is_pg)
        return an_pg_put(s, story, sents, nsents, events, nevents, replace, err);
    return sq_put(s, story, sents, nsents, events, nevents, replace, err);
}

annals_status annals_store_commit(annals_store *s, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!s) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_store_commit: NULL store");
        return ANNALS_ERR_ARG;
    }
    if (!s->in_batch)
        return ANNALS_OK;
    if (s->is_pg)
        return an_pg_commit(s, err);
    if (sq_exec(s, "COMMIT", err, "cannot commit the batch")) {
        if (sqlite3_get_autocommit(s->db))
            s->in_batch = 0;
        else {
            annals_error e2;
            sq_exec(s, "ROLLBACK", &e2, "rollback");
            s->in_batch = 0;
        }
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (the batch was rolled back)");
        return err->code;
    }
    s->in_batch = 0;
    return ANNALS_OK;
}

void annals_store_close(annals_store *s)
{
    if (!s)
        return;
    if (s->is_pg) {
        an_pg_close(s);
    } else if (s->db) {
        for (int i = 0; i < AN_ST_COUNT; i++)
            sqlite3_finalize(s->st[i]);
        for (int w = 0; w < 2; w++)
            for (int i = 0; i < AN_ST_ROWS; i++)
                sqlite3_finalize(s->ins_rows[w][i]);
        if (s->in_batch) {
            annals_error e2;
            sq_exec(s, "ROLLBACK", &e2, "rollback");
        }
        sqlite3_close_v2(s->db);
    }
    an_free(s->absent);
    an_free(s);
}

/* ------------------------------------------------------------------ */
/* Queries shared by both back ends                                    */
/* ------------------------------------------------------------------ */

annals_status an_store_exec(annals_store *s, const char *sql, annals_error *err)
{
    if (s->is_pg)
        return an_pg_exec(s, sql, err);
    return sq_exec(s, sql, err, "query failed") ? err->code : ANNALS_OK;
}

an_rows *an_store_query(annals_store *s, const char *sql, int nparams, const char *const *params,
                        annals_error *err)
{
    if (s->is_pg)
        return an_pg_query(s, sql, nparams, params, err);
    an_rows *r = an_calloc(1, sizeof *r);
    if (!r) {
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->s = s;
    if (sqlite3_prepare_v2(s->db, sql, -1, &r->st, NULL) != SQLITE_OK) {
        sq_err(s, err, "query failed");
        an_free(r);
        return NULL;
    }
    for (int i = 0; i < nparams; i++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", i + 1);
        /* $k is usually the k-th parameter: no search through the names */
        const char *at = sqlite3_bind_parameter_name(r->st, i + 1);
        int idx = at && !strcmp(at, name) ? i + 1 : sqlite3_bind_parameter_index(r->st, name);
        if (idx > 0)
            bind_str(r->st, idx, params[i]);
    }
    return r;
}

int an_rows_next(an_rows *r, annals_error *err)
{
    if (r->res || r->s->is_pg)
        return an_pg_rows_next(r, err);
    int rc = sqlite3_step(r->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    sq_err(r->s, err, "query failed");
    return -1;
}

const char *an_rows_text(an_rows *r, int col)
{
    if (r->s->is_pg)
        return an_pg_rows_text(r, col);
    return (const char *)sqlite3_column_text(r->st, col);
}

void an_rows_free(an_rows *r)
{
    if (!r)
        return;
    if (r->s->is_pg)
        an_pg_rows_free(r);
    else
        sqlite3_finalize(r->st);
    an_free(r);
}

static long long count_rows(annals_store *s, const char *sql, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    if (!s) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "NULL store");
        return -1;
    }
    an_rows *r = an_store_query(s, sql, 0, NULL, err);
    if (!r)
        return -1;
    long long n = -1;
    if (an_rows_next(r, err) == 1 && an_rows_text(r, 0))
        n = atoll(an_rows_text(r, 0));
    an_rows_free(r);
    return n;
}

long long annals_store_count_stories(annals_store *s, annals_error *err)
{
    return count_rows(s, "SELECT count(*) FROM stories", err);
}

long long annals_store_count_events(annals_store *s, annals_error *err)
{
    return count_rows(s, "SELECT count(*) FROM events", err);
}

annals_status annals_store_verify(annals_store *s, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!s) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_store_verify: NULL store");
        return ANNALS_ERR_ARG;
    }
    if (!s->is_pg) {
        an_rows *r = an_store_query(s, "PRAGMA integrity_check", 0, NULL, err);
        if (!r)
            return err->code;
        int rc = an_rows_next(r, err);
        const char *v = rc == 1 ? an_rows_text(r, 0) : NULL;
        if (rc == 1 && (!v || strcmp(v, "ok") != 0))
            an_store_err(s, err, ANNALS_ERR_DB, "integrity check failed: %s", v ? v : "?");
        an_rows_free(r);
        if (rc != 1 || err->code)
            return err->code ? err->code : ANNALS_ERR_DB;
    }
    an_rows *r = an_store_query(
        s,
        "SELECT id, n_events, (SELECT count(*) FROM events e WHERE e.story = st.id), "
        "n_sentences, (SELECT count(*) FROM sentences x WHERE x.story = st.id) "
        "FROM stories st WHERE n_events <> (SELECT count(*) FROM events e WHERE e.story = st.id) "
        "OR n_sentences > (SELECT count(*) FROM sentences x WHERE x.story = st.id) LIMIT 1",
        0, NULL, err);
    if (!r)
        return err->code;
    int rc = an_rows_next(r, err);
    if (rc == 1)
        an_store_err(s, err, ANNALS_ERR_DB,
                     "story '%s' has %s of its %s events and %s of its %s sentences",
                     an_rows_text(r, 0), an_rows_text(r, 2), an_rows_text(r, 1),
                     an_rows_text(r, 4), an_rows_text(r, 3));
    an_rows_free(r);
    if (rc != 0)
        return err->code ? err->code : ANNALS_ERR_DB;
    r = an_store_query(s,
                       "SELECT e.story, e.seq FROM events e LEFT JOIN stories st ON st.id = "
                       "e.story WHERE st.id IS NULL LIMIT 1",
                       0, NULL, err);
    if (!r)
        return err->code;
    rc = an_rows_next(r, err);
    if (rc == 1)
        an_store_err(s, err, ANNALS_ERR_DB, "event %s of story '%s' has no story row",
                     an_rows_text(r, 1), an_rows_text(r, 0));
    an_rows_free(r);
    return rc == 0 ? ANNALS_OK : (err->code ? err->code : ANNALS_ERR_DB);
}
