/* annals code -j N.  The main thread reads stories into batches (copying
 * them, since a reader's story is only valid until its next call), worker
 * threads code whole batches into memory buffers, and the main thread writes
 * the buffers strictly in batch order, so the output is identical to -j 1. */
#include "parallel.h"
#include "cli.h"
#include "dbout.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 256

typedef struct sstory {
    char *id, *date, *text, *meta, *comment, *parse, *file;
    size_t text_len;
    unsigned long line;
    int is_sentence;
} sstory;

enum { SLOT_EMPTY = 0, SLOT_FILLED, SLOT_TAKEN, SLOT_DONE };

typedef struct slot {
    int state;
    sstory st[BATCH];
    int n;
    char *out;
    size_t outlen;
    int failed; /* exit code when a worker failed */
} slot;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    slot *slots;
    int nslots;
    unsigned long next_take, filled; /* sequence numbers */
    int stop;
    const annals_dict *dict;
    const annals_coder_options *copt;
    annals_output_format fmt;
    const char *db;
    int replace;
} pool;

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    char *r = strdup(s);
    return r;
}

static void free_story(sstory *s)
{
    free(s->id);
    free(s->date);
    free(s->text);
    free(s->meta);
    free(s->comment);
    free(s->parse);
    free(s->file);
    memset(s, 0, sizeof *s);
}

static int copy_story(sstory *d, const annals_story *s)
{
    memset(d, 0, sizeof *d);
    d->id = dup_or_null(s->id);
    d->date = dup_or_null(s->date);
    d->text = malloc(s->text_len + 1);
    if (d->text) {
        memcpy(d->text, s->text, s->text_len);
        d->text[s->text_len] = 0;
    }
    d->meta = dup_or_null(s->meta_json);
    d->comment = dup_or_null(s->comment);
    d->parse = dup_or_null(s->parse);
    d->file = dup_or_null(s->source_file);
    d->text_len = s->text_len;
    d->line = s->line;
    d->is_sentence = s->is_sentence;
    if (!d->text || (s->id && !d->id) || (s->date && !d->date)) {
        free_story(d);
        return -1;
    }
    return 0;
}

static pthread_mutex_t g_diag_mu = PTHREAD_MUTEX_INITIALIZER;

static void locked_diag(void *user, const annals_error *e)
{
    pthread_mutex_lock(&g_diag_mu);
    cli_diag(user, e);
    pthread_mutex_unlock(&g_diag_mu);
}

static void report_error(const annals_error *err)
{
    pthread_mutex_lock(&g_diag_mu);
    cli_error(err);
    pthread_mutex_unlock(&g_diag_mu);
}

/* --db: code and store a batch; one transaction per batch */
static void store_slot(pool *p, annals_coder *c, annals_store *db, slot *sl)
{
    annals_error err;
    memset(&err, 0, sizeof err);
    for (int i = 0; i < sl->n && !sl->failed; i++) {
        sstory *s = &sl->st[i];
        annals_story story;
        memset(&story, 0, sizeof story);
        story.id = s->id;
        story.date = s->date;
        story.text = s->text;
        story.text_len = s->text_len;
        story.meta_json = s->meta;
        story.comment = s->comment;
        story.parse = s->parse;
        story.source_file = s->file;
        story.line = s->line;
        story.is_sentence = s->is_sentence;
        if (!p->replace && story.id) {
            int has = annals_store_has_story(db, story.id, &err);
            if (has < 0) {
                report_error(&err);
                sl->failed = EXIT_FAIL;
                break;
            }
            if (has)
                continue;
        }
        if (annals_coder_code(c, &story, &err)) {
            report_error(&err);
            if (err.code == ANNALS_ERR_NOMEM)
                sl->failed = EXIT_FAIL;
            continue;
        }
        if (db_put_coded(db, c, &story, p->replace, &err)) {
            report_error(&err);
            sl->failed = EXIT_FAIL;
        }
    }
    if (!sl->failed && annals_store_commit(db, &err)) {
        report_error(&err);
        sl->failed = EXIT_FAIL;
    }
}

static void code_slot(pool *p, annals_coder *c, slot *sl)
{
    FILE *mem = open_memstream(&sl->out, &sl->outlen);
    if (!mem) {
        cli_msg("cannot allocate an output buffer: %s", strerror(errno));
        sl->failed = EXIT_FAIL;
        return;
    }
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_writer *w = annals_writer_new(mem, p->fmt, &err);
    for (int i = 0; w && i < sl->n && !sl->failed; i++) {
        sstory *s = &sl->st[i];
        annals_story story;
        memset(&story, 0, sizeof story);
        story.id = s->id;
        story.date = s->date;
        story.text = s->text;
        story.text_len = s->text_len;
        story.meta_json = s->meta;
        story.comment = s->comment;
        story.parse = s->parse;
        story.source_file = s->file;
        story.line = s->line;
        story.is_sentence = s->is_sentence;
        if (annals_coder_code(c, &story, &err)) {
            pthread_mutex_lock(&g_diag_mu);
            cli_error(&err);
            pthread_mutex_unlock(&g_diag_mu);
            if (err.code == ANNALS_ERR_NOMEM)
                sl->failed = EXIT_FAIL;
            continue;
        }
        size_t n = annals_coder_event_count(c);
        for (size_t k = 0; k < n; k++)
            if (annals_writer_event(w, annals_coder_event(c, k), &err)) {
                sl->failed = EXIT_FAIL;
                break;
            }
    }
    if (!w)
        sl->failed = EXIT_FAIL;
    annals_writer_free(w);
    if (fclose(mem) != 0)
        sl->failed = EXIT_FAIL;
}

static void *worker(void *arg)
{
    pool *p = arg;
    annals_error err;
    annals_coder_options co = *p->copt;
    if (co.diag)
        co.diag = locked_diag;
    annals_coder *c = annals_coder_new(p->dict, &co, &err);
    annals_store *db = NULL;
    if (c && p->db) {
        annals_store_options so;
        memset(&so, 0, sizeof so);
        db = annals_store_open(p->db, &so, &err);
        if (!db)
            report_error(&err);
    }
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_take >= p->filled)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->next_take >= p->filled && p->stop)
            break;
        slot *sl = &p->slots[p->next_take % (unsigned long)p->nslots];
        p->next_take++;
        sl->state = SLOT_TAKEN;
        pthread_mutex_unlock(&p->mu);
        if (c && p->db && db)
            store_slot(p, c, db, sl);
        else if (c && !p->db)
            code_slot(p, c, sl);
        else
            sl->failed = EXIT_FAIL;
        pthread_mutex_lock(&p->mu);
        sl->state = SLOT_DONE;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    annals_store_close(db);
    annals_coder_free(c);
    return NULL;
}

int code_parallel(annals_dict *dict, const annals_coder_options *copt, annals_reader *r,
                  annals_output_format fmt, int jobs, const char *db, int replace,
                  progress *pr)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.nslots = jobs * 3;
    p.slots = calloc((size_t)p.nslots, sizeof *p.slots);
    if (!p.slots) {
        cli_msg("out of memory");
        return EXIT_FAIL;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    p.dict = dict;
    p.copt = copt;
    p.fmt = fmt;
    p.db = db;
    p.replace = replace;
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    int started = 0;
    for (int i = 0; th && i < jobs; i++, started++)
        if (pthread_create(&th[i], NULL, worker, &p) != 0)
            break;
    int rc = started ? EXIT_OK : EXIT_FAIL;
    if (!started)
        cli_msg("cannot start threads");
    unsigned long written = 0;
    int eof = !started;
    annals_error err;
    memset(&err, 0, sizeof err);
    while (rc == EXIT_OK && (!eof || written < p.filled)) {
        /* fill free slots */
        while (!eof && p.filled - written < (unsigned long)p.nslots) {
            slot *sl = &p.slots[p.filled % (unsigned long)p.nslots];
            for (int i = 0; i < sl->n; i++)
                free_story(&sl->st[i]);
            free(sl->out);
            sl->out = NULL;
            sl->outlen = 0;
            sl->n = 0;
            sl->failed = 0;
            annals_story story;
            int got = 0;
            while (sl->n < BATCH && (got = annals_reader_next(r, &story, &err)) == 1) {
                if (copy_story(&sl->st[sl->n], &story)) {
                    cli_msg("out of memory");
                    rc = EXIT_FAIL;
                    break;
                }
                sl->n++;
            }
            if (got < 0) {
                cli_error(&err);
                rc = EXIT_USAGE;
            }
            if (got <= 0)
                eof = 1;
            if (sl->n == 0)
                break;
            pthread_mutex_lock(&p.mu);
            sl->state = SLOT_FILLED;
            p.filled++;
            pthread_cond_broadcast(&p.cv);
            pthread_mutex_unlock(&p.mu);
            if (rc != EXIT_OK)
                break;
        }
        if (written >= p.filled)
            continue;
        /* write the oldest batch when it is done */
        slot *sl = &p.slots[written % (unsigned long)p.nslots];
        pthread_mutex_lock(&p.mu);
        while (sl->state != SLOT_DONE)
            pthread_cond_wait(&p.cv, &p.mu);
        pthread_mutex_unlock(&p.mu);
        if (sl->failed) {
            rc = sl->failed;
            break;
        }
        if (sl->outlen && fwrite(sl->out, 1, sl->outlen, stdout) != sl->outlen) {
            cli_msg("error writing output: %s", strerror(errno ? errno : EIO));
            rc = EXIT_FAIL;
        }
        progress_batch(pr, r, (unsigned long)sl->n);
        sl->state = SLOT_EMPTY;
        written++;
    }
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    for (int s = 0; s < p.nslots; s++) {
        for (int i = 0; i < p.slots[s].n; i++)
            free_story(&p.slots[s].st[i]);
        free(p.slots[s].out);
    }
    free(p.slots);
    free(th);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return rc;
}
