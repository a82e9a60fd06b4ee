/* annals code -j N, and annals code --db.  The main thread reads stories into
 * batches (copying them, since a reader's story is only valid until its next
 * call), worker threads code whole batches, and the main thread writes the
 * results strictly in batch order, so the output is identical to -j 1.
 * Without --db a batch is coded into a memory buffer of output lines; with
 * --db into copies of its sentences and events, which the main thread, the
 * only one that touches the store, stores.  So storing runs beside coding:
 * --db -j 1 is one coding thread and the storing main thread. */
#include "parallel.h"
#include "cli.h"

#include <errno.h>
#include <stddef.h>
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

/* A coded story, for the store: copies of what annals_store_put() needs. */
typedef struct cstory {
    int ok; /* 0: coding failed (reported); nothing to store */
    size_t ns, ne;
    annals_sentence_info *si;
    const annals_event **ev;
} cstory;

/* Bump allocation for the copies of a batch's events; reset per batch. */
typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
} chunk;

typedef struct slot {
    int state;
    sstory st[BATCH];
    int n;
    char *out;
    size_t outlen;
    cstory res[BATCH];
    chunk *arena, *cur;
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
    int db; /* code for the store, not into output lines */
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

static void *arena_alloc(slot *sl, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    while (sl->cur && sl->cur->cap - sl->cur->used < n) {
        if (!sl->cur->next)
            break;
        sl->cur = sl->cur->next;
        sl->cur->used = 0;
    }
    if (!sl->cur || sl->cur->cap - sl->cur->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        if (sl->cur) { /* insert after the current chunk */
            c->next = sl->cur->next;
            sl->cur->next = c;
        } else {
            c->next = sl->arena;
            sl->arena = c;
        }
        sl->cur = c;
    }
    void *r = (char *)sl->cur->data + sl->cur->used;
    sl->cur->used += n;
    return r;
}

static void arena_reset(slot *sl)
{
    sl->cur = sl->arena;
    if (sl->cur)
        sl->cur->used = 0;
}

static void arena_free(slot *sl)
{
    while (sl->arena) {
        chunk *c = sl->arena;
        sl->arena = c->next;
        free(c);
    }
    sl->cur = NULL;
}

/* copies string *f into the arena; 0, or -1 when out of memory */
static int arena_str(slot *sl, const char **f)
{
    if (!*f)
        return 0;
    size_t n = strlen(*f) + 1;
    char *d = arena_alloc(sl, n);
    if (!d)
        return -1;
    memcpy(d, *f, n);
    *f = d;
    return 0;
}

/* copies the story coder c just coded into res */
static int keep_coded(slot *sl, const annals_coder *c, cstory *res)
{
    size_t ns = annals_coder_sentence_count(c), ne = annals_coder_event_count(c);
    res->ns = ns;
    res->ne = ne;
    res->si = arena_alloc(sl, (ns ? ns : 1) * sizeof *res->si);
    res->ev = arena_alloc(sl, (ne ? ne : 1) * sizeof *res->ev);
    annals_event *ev = arena_alloc(sl, (ne ? ne : 1) * sizeof *ev);
    if (!res->si || !res->ev || !ev)
        return -1;
    for (size_t i = 0; i < ns; i++) {
        annals_coder_sentence_span(c, i, &res->si[i].start, &res->si[i].end);
        res->si[i].status = annals_coder_sentence_status(c, i);
    }
    for (size_t i = 0; i < ne; i++) {
        annals_event *e = &ev[i];
        *e = *annals_coder_event(c, i);
        if (arena_str(sl, &e->story_id) || arena_str(sl, &e->sentence_text) ||
            arena_str(sl, &e->date) || arena_str(sl, &e->date_precision) ||
            arena_str(sl, &e->date_text) || arena_str(sl, &e->date_source) ||
            arena_str(sl, &e->source) || arena_str(sl, &e->target) ||
            arena_str(sl, &e->code) || arena_str(sl, &e->source_text) ||
            arena_str(sl, &e->target_text) || arena_str(sl, &e->verb_text) ||
            arena_str(sl, &e->issues))
            return -1;
        res->ev[i] = e;
    }
    res->ok = 1;
    return 0;
}

static void story_of(const sstory *s, annals_story *story)
{
    memset(story, 0, sizeof *story);
    story->id = s->id;
    story->date = s->date;
    story->text = s->text;
    story->text_len = s->text_len;
    story->meta_json = s->meta;
    story->comment = s->comment;
    story->parse = s->parse;
    story->source_file = s->file;
    story->line = s->line;
    story->is_sentence = s->is_sentence;
}

/* --db: codes a batch into copies for the main thread to store */
static void code_slot_db(annals_coder *c, slot *sl)
{
    annals_error err;
    memset(&err, 0, sizeof err);
    arena_reset(sl);
    for (int i = 0; i < sl->n && !sl->failed; i++) {
        annals_story story;
        story_of(&sl->st[i], &story);
        sl->res[i].ok = 0;
        if (annals_coder_code(c, &story, &err)) {
            report_error(&err);
            if (err.code == ANNALS_ERR_NOMEM)
                sl->failed = EXIT_FAIL;
            continue;
        }
        if (keep_coded(sl, c, &sl->res[i])) {
            pthread_mutex_lock(&g_diag_mu);
            cli_msg("out of memory");
            pthread_mutex_unlock(&g_diag_mu);
            sl->failed = EXIT_FAIL;
        }
    }
}

/* --db, on the main thread: stores a coded batch in input order, committing
 * every DB_BATCH stories */
static int store_slot(annals_store *db, slot *sl, int replace, unsigned long *stored)
{
    annals_error err;
    memset(&err, 0, sizeof err);
    for (int i = 0; i < sl->n; i++) {
        const cstory *res = &sl->res[i];
        if (!res->ok)
            continue;
        annals_story story;
        story_of(&sl->st[i], &story);
        if (annals_store_put(db, &story, res->si, res->ns, res->ev, res->ne, replace, &err) ||
            (++*stored % DB_BATCH == 0 && annals_store_commit(db, &err))) {
            cli_error(&err);
            return EXIT_FAIL;
        }
    }
    return EXIT_OK;
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
        annals_story story;
        story_of(&sl->st[i], &story);
        if (annals_coder_code(c, &story, &err)) {
            report_error(&err);
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
    if (!c)
        report_error(&err);
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
        if (c && p->db)
            code_slot_db(c, sl);
        else if (c)
            code_slot(p, c, sl);
        else
            sl->failed = EXIT_FAIL;
        pthread_mutex_lock(&p->mu);
        sl->state = SLOT_DONE;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    annals_coder_free(c);
    return NULL;
}

int code_parallel(annals_dict *dict, const annals_coder_options *copt, annals_reader *r,
                  annals_output_format fmt, int jobs, annals_store *db, int replace,
                  unsigned long *stored, progress *pr)
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
    p.db = db != NULL;
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
                if (db && !replace && story.id) {
                    int has = annals_store_has_story(db, story.id, &err);
                    if (has < 0) {
                        cli_error(&err);
                        rc = EXIT_FAIL;
                        break;
                    }
                    if (has)
                        continue; /* stored by an earlier run */
                }
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
        if (db)
            rc = store_slot(db, sl, replace, stored);
        else if (sl->outlen && fwrite(sl->out, 1, sl->outlen, stdout) != sl->outlen) {
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
        arena_free(&p.slots[s]);
    }
    free(p.slots);
    free(th);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return rc;
}
