/* The event store's PostgreSQL back end (libpq).  Same schema as SQLite;
 * a story's sentence and event rows go in with COPY. */
#include "store/store.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

static void pg_err(annals_store *s, annals_error *err, const char *what, const PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : NULL;
    if (!msg || !*msg)
        msg = PQerrorMessage((PGconn *)s->conn);
    char clean[400];
    snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : "unknown error");
    size_t n = strlen(clean);
    while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
        clean[--n] = 0;
    for (char *p = clean; *p; p++)
        if (*p == '\n')
            *p = ' ';
    an_store_err(s, err, PQstatus((PGconn *)s->conn) == CONNECTION_OK ? ANNALS_ERR_DB
                                                                        : ANNALS_ERR_IO,
                 "%s: %s", what, clean);
}

static void pg_notice(void *arg, const char *message)
{
    annals_store *s = arg;
    /* "relation ... already exists, skipping" and the like are expected. */
    if (s->diag && !strstr(message, "already exists"))
        an_warn(s->diag, s->diag_user, s->name, 0, 0, "%s", message);
}

annals_status an_pg_open(annals_store *s, const char *uri, annals_error *err)
{
    PGconn *c = PQconnectdb(uri);
    s->conn = c;
    if (!c) {
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        return err->code;
    }
    if (PQstatus(c) != CONNECTION_OK) {
        pg_err(s, err, "cannot connect", NULL);
        err->code = ANNALS_ERR_IO;
        return err->code;
    }
    PQsetNoticeProcessor(c, pg_notice, s);
    if (PQsetClientEncoding(c, "UTF8") != 0) {
        pg_err(s, err, "cannot set the client encoding", NULL);
        return err->code;
    }
    if (s->read_only && an_pg_exec(s, "SET default_transaction_read_only = on", err))
        return err->code;
    return ANNALS_OK;
}

void an_pg_close(annals_store *s)
{
    PGconn *c = s->conn;
    if (!c)
        return;
    if (s->in_batch && PQstatus(c) == CONNECTION_OK)
        PQclear(PQexec(c, "ROLLBACK"));
    PQfinish(c);
    s->conn = NULL;
}

annals_status an_pg_exec(annals_store *s, const char *sql, annals_error *err)
{
    PGresult *res = PQexec((PGconn *)s->conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_err(s, err, "query failed", res);
        PQclear(res);
        return err->code;
    }
    PQclear(res);
    return ANNALS_OK;
}

an_rows *an_pg_query(annals_store *s, const char *sql, int nparams, const char *const *params,
                     annals_error *err)
{
    an_rows *r = an_calloc(1, sizeof *r);
    if (!r) {
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->s = s;
    PGresult *res = PQexecParams((PGconn *)s->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_err(s, err, "query failed", res);
        PQclear(res);
        an_free(r);
        return NULL;
    }
    r->res = res;
    r->nrows = PQntuples(res);
    r->row = -1;
    return r;
}

int an_pg_rows_next(an_rows *r, annals_error *err)
{
    (void)err;
    if (r->row + 1 >= r->nrows)
        return 0;
    r->row++;
    return 1;
}

const char *an_pg_rows_text(an_rows *r, int col)
{
    PGresult *res = r->res;
    if (!res || r->row < 0 || r->row >= r->nrows || col >= PQnfields(res) ||
        PQgetisnull(res, r->row, col))
        return NULL;
    return PQgetvalue(res, r->row, col);
}

void an_pg_rows_free(an_rows *r)
{
    PQclear(r->res);
    r->res = NULL;
}

/* ---- COPY text format ---- */

static void copy_str(an_buf *b, const char *v, size_t n)
{
    if (!v) {
        an_buf_puts(b, "\\N");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        switch (c) {
        case '\\': an_buf_puts(b, "\\\\"); break;
        case '\t': an_buf_puts(b, "\\t"); break;
        case '\n': an_buf_puts(b, "\\n"); break;
        case '\r': an_buf_puts(b, "\\r"); break;
        default: an_buf_putc(b, c);
        }
    }
}

static void copy_cstr(an_buf *b, const char *v) { copy_str(b, v, v ? strlen(v) : 0); }

static int pg_copy(annals_store *s, const char *sql, const an_buf *rows, annals_error *err)
{
    PGconn *c = s->conn;
    PGresult *res = PQexec(c, sql);
    if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
        pg_err(s, err, "COPY failed", res);
        PQclear(res);
        return -1;
    }
    PQclear(res);
    int ok = rows->len == 0 || PQputCopyData(c, rows->p, (int)rows->len) == 1;
    if (PQputCopyEnd(c, ok ? NULL : "annals: sending rows failed") != 1)
        ok = 0;
    int failed = 0;
    while ((res = PQgetResult(c)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && !failed) {
            pg_err(s, err, "COPY failed", res);
            failed = 1;
        }
        PQclear(res);
    }
    if (!ok && !failed)
        pg_err(s, err, "COPY failed", NULL);
    return ok && !failed ? 0 : -1;
}

static int pg_params(annals_store *s, const char *sql, int n, const char *const *p,
                     annals_error *err, int *ntuples)
{
    PGresult *res = PQexecParams((PGconn *)s->conn, sql, n, NULL, p, NULL, NULL, 0);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_err(s, err, "cannot store a story", res);
        PQclear(res);
        return -1;
    }
    if (ntuples)
        *ntuples = PQntuples(res);
    PQclear(res);
    return 0;
}

static int pg_put_rows(annals_store *s, const annals_story *story,
                       const annals_sentence_info *sents, size_t nsents,
                       const annals_event *const *events, size_t nevents, int replace,
                       annals_error *err)
{
    const char *id = story->id;
    const char *p1[1] = {id};
    int has = 0;
    if (pg_params(s, "SELECT 1 FROM stories WHERE id = $1", 1, p1, err, &has))
        return -1;
    if (has && !replace)
        return 0;
    if (has && (pg_params(s, "DELETE FROM events WHERE story = $1", 1, p1, err, NULL) ||
                pg_params(s, "DELETE FROM sentences WHERE story = $1", 1, p1, err, NULL) ||
                pg_params(s, "DELETE FROM stories WHERE id = $1", 1, p1, err, NULL)))
        return -1;
    char line[32], ns[32], ne[32];
    snprintf(line, sizeof line, "%lu", story->line);
    snprintf(ns, sizeof ns, "%zu", nsents);
    snprintf(ne, sizeof ne, "%zu", nevents);
    const char *p[8] = {id, story->date, story->source_file, line, story->meta_json, ns, ne,
                        an_store_now(s)};
    if (pg_params(s,
                  "INSERT INTO stories (id, date, source_file, line, meta, n_sentences, "
                  "n_events, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  8, p, err, NULL))
        return -1;

    an_buf b;
    an_buf_init(&b);
    /* Sentences: those given, then any an event names that they lack (first
     * event wins). */
    for (size_t i = 0; i < nsents; i++) {
        copy_cstr(&b, id);
        an_buf_printf(&b, "\t%zu\t%zu\t%zu\t", i + 1, sents[i].start, sents[i].end);
        copy_str(&b, story->text ? story->text + sents[i].start : "",
                 story->text ? sents[i].end - sents[i].start : 0);
        an_buf_printf(&b, "\t%s\n", an_sentence_status_name(sents[i].status));
    }
    for (size_t i = 0; i < nevents; i++) {
        const annals_event *e = events[i];
        if (e->sentence <= nsents)
            continue;
        size_t j = 0;
        while (j < i && events[j]->sentence != e->sentence)
            j++;
        if (j < i)
            continue;
        copy_cstr(&b, id);
        an_buf_printf(&b, "\t%u\t%zu\t%zu\t", e->sentence, e->sentence_start, e->sentence_end);
        copy_cstr(&b, e->sentence_text ? e->sentence_text : "");
        an_buf_puts(&b, "\tcoded\n");
    }
    int rc = 0;
    if (b.failed) {
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        rc = -1;
    } else if (b.len) {
        rc = pg_copy(s, "COPY sentences (story, idx, start_byte, end_byte, text, status) FROM STDIN",
                     &b, err);
    }
    an_buf_clear(&b);
    for (size_t i = 0; rc == 0 && i < nevents; i++) {
        const annals_event *e = events[i];
        const annals_cameo_info *c = e->cameo ? e->cameo : annals_cameo_lookup(e->code);
        copy_cstr(&b, id);
        an_buf_printf(&b, "\t%zu\t%u\t%zu\t%zu", i, e->sentence, e->sentence_start,
                      e->sentence_end);
        const char *f1[7] = {e->date, e->date_precision, e->date_text, e->date_source,
                             e->source, e->target, e->code};
        for (int k = 0; k < 7; k++) {
            an_buf_putc(&b, '\t');
            copy_cstr(&b, f1[k]);
        }
        if (c)
            an_buf_printf(&b, "\t%d\t%d\t%.1f", c->root, c->quad, c->goldstein);
        else
            an_buf_puts(&b, "\t\\N\t\\N\t\\N");
        const char *f2[4] = {e->source_text, e->target_text, e->verb_text, e->issues};
        for (int k = 0; k < 4; k++) {
            an_buf_putc(&b, '\t');
            copy_cstr(&b, f2[k]);
        }
        an_buf_putc(&b, '\n');
    }
    if (rc == 0 && b.failed) {
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        rc = -1;
    } else if (rc == 0 && b.len) {
        rc = pg_copy(s,
                     "COPY events (story, seq, sentence, sentence_start, sentence_end, date, "
                     "date_precision, date_text, date_source, source, target, code, root, quad, "
                     "goldstein, source_text, target_text, verb_text, issues) FROM STDIN",
                     &b, err);
    }
    an_buf_free(&b);
    return rc;
}

annals_status an_pg_put(annals_store *s, const annals_story *story,
                        const annals_sentence_info *sents, size_t nsents,
                        const annals_event *const *events, size_t nevents, int replace,
                        annals_error *err)
{
    if (!s->in_batch) {
        if (an_pg_exec(s, "BEGIN", err))
            return err->code;
        s->in_batch = 1;
    }
    if (an_pg_exec(s, "SAVEPOINT annals_story", err))
        goto lost;
    if (pg_put_rows(s, story, sents, nsents, events, nevents, replace, err) == 0) {
        if (an_pg_exec(s, "RELEASE SAVEPOINT annals_story", err) == 0)
            return ANNALS_OK;
        goto lost;
    }
    {
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (story '%.100s')", story->id);
    }
    if (PQstatus((PGconn *)s->conn) == CONNECTION_OK &&
        PQtransactionStatus((PGconn *)s->conn) != PQTRANS_IDLE) {
        annals_error e2;
        if (an_pg_exec(s, "ROLLBACK TO SAVEPOINT annals_story", &e2) == 0 &&
            an_pg_exec(s, "RELEASE SAVEPOINT annals_story", &e2) == 0)
            return err->code ? err->code : ANNALS_ERR_DB;
    }
lost:
    s->in_batch = 0;
    if (PQstatus((PGconn *)s->conn) == CONNECTION_OK)
        PQclear(PQexec((PGconn *)s->conn, "ROLLBACK"));
    {
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n,
                 " (the batch since the last commit was rolled back)");
    }
    return err->code ? err->code : ANNALS_ERR_DB;
}

annals_status an_pg_commit(annals_store *s, annals_error *err)
{
    s->in_batch = 0;
    if (an_pg_exec(s, "COMMIT", err)) {
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (the batch was rolled back)");
        PQclear(PQexec((PGconn *)s->conn, "ROLLBACK"));
        return err->code;
    }
    return ANNALS_OK;
}
