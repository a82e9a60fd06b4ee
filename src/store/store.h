/* The event store (internal): one struct for both back ends, a small row
 * iterator the query code shares, and the PostgreSQL back end's entry points
 * (pg.c).  SQLite lives in store.c. */
#ifndef ANNALS_STORE_H
#define ANNALS_STORE_H

#include "annals.h"
#include "util/util.h"

#include <sqlite3.h>

#define AN_STORE_SCHEMA_VERSION 2

/* docs/schema.sql without comments (schema.c). */
extern const char an_store_schema_sql[];

enum {
    AN_ST_HAS = 0,
    AN_ST_DEL_EVENTS,
    AN_ST_DEL_SENTS,
    AN_ST_DEL_STORY,
    AN_ST_INS_STORY,
    AN_ST_INS_SENT_EXTRA,
    AN_ST_SAVEPOINT, /* prepared once: a story's savepoint, begun and released */
    AN_ST_RELEASE,
    AN_ST_COUNT
};

/* Rows per multi-row INSERT of sentences or events (a story's rows go in
 * with one statement per AN_ST_ROWS rows). */
#define AN_ST_ROWS 16

struct annals_store {
    int is_pg;
    int read_only;
    int in_batch;                /* a transaction is open                   */
    char name[512];              /* path, or URI without password           */
    annals_diag_fn diag;
    void *diag_user;
    sqlite3 *db;
    sqlite3_stmt *st[AN_ST_COUNT];
    sqlite3_stmt *ins_rows[2][AN_ST_ROWS]; /* multi-row INSERTs of sentences
                                  ([0]) and events ([1]): [k] has k+1 rows */
    void *conn;                  /* PGconn *                                */
    char *absent;                /* a story id has_story found missing in   */
    size_t absent_cap;           /* the open batch (absent_ok): put need    */
    int absent_ok;               /* not look it up again                    */
    long long stamp_time;        /* an_store_now(): the second of stamp     */
    char stamp[32];
};

/* Sets err to "<store name>: <what>: <message>". */
void an_store_err(annals_store *s, annals_error *err, annals_status code, const char *fmt, ...)
    AN_PRINTF(4, 5);

/* Rows of a query, as text (NULL for SQL NULL).  Parameters are written
 * $1, $2, ... in the SQL and passed as strings (NULL = SQL NULL). */
typedef struct an_rows {
    annals_store *s;
    sqlite3_stmt *st;            /* SQLite                                  */
    void *res;                   /* PostgreSQL: PGresult *                  */
    int row, nrows;
} an_rows;
an_rows *an_store_query(annals_store *s, const char *sql, int nparams, const char *const *params,
                        annals_error *err);
int an_rows_next(an_rows *r, annals_error *err); /* 1 row, 0 end, -1 error */
const char *an_rows_text(an_rows *r, int col);
void an_rows_free(an_rows *r);
/* Runs SQL that returns no rows. */
annals_status an_store_exec(annals_store *s, const char *sql, annals_error *err);

/* CAMEO sentence status names used in the sentences table. */
const char *an_sentence_status_name(annals_sentence_status st);

/* ---- PostgreSQL back end (pg.c) ---- */
annals_status an_pg_open(annals_store *s, const char *uri, annals_error *err);
void an_pg_close(annals_store *s);
annals_status an_pg_exec(annals_store *s, const char *sql, annals_error *err);
an_rows *an_pg_query(annals_store *s, const char *sql, int nparams, const char *const *params,
                     annals_error *err);
int an_pg_rows_next(an_rows *r, annals_error *err);
const char *an_pg_rows_text(an_rows *r, int col);
void an_pg_rows_free(an_rows *r);
annals_status an_pg_put(annals_store *s, const annals_story *story,
                        const annals_sentence_info *sents, size_t nsents,
                        const annals_event *const *events, size_t nevents, int replace,
                        annals_error *err);
annals_status an_pg_commit(annals_store *s, annals_error *err);

/* Shared helpers for put(): the UTC time stamp of stored_at (formatted once
 * a second) and the checks of a story's arguments. */
const char *an_store_now(annals_store *s);
int an_store_check_story(annals_store *s, const annals_story *story,
                         const annals_sentence_info *sents, size_t nsents,
                         const annals_event *const *events, size_t nevents, annals_error *err);

#endif
