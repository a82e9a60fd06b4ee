/* Queries over the event store: events of a dyad, dyad time series, the
 * most active dyads, and the table/csv/json writers of a series. */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int annals_period_parse(const char *name, annals_period *out)
{
    static const char *const names[] = {"year", "quarter", "month"};
    for (int i = 0; i < 3; i++)
        if (name && !strcmp(name, names[i])) {
            *out = (annals_period)i;
            return 0;
        }
    return -1;
}

static const char *period_name(annals_period p)
{
    return p == ANNALS_PERIOD_MONTH ? "month" : p == ANNALS_PERIOD_QUARTER ? "quarter" : "year";
}

int annals_dyad_format_parse(const char *name, annals_dyad_format *out)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (name && !strcmp(name, names[i])) {
            *out = (annals_dyad_format)i;
            return 0;
        }
    return -1;
}

/* Builds "col = $k" / "substr(col, 1, 3) = $k" into b. */
static void match_expr(an_buf *b, const char *col, int exact, int k)
{
    if (exact)
        an_buf_printf(b, "e.%s = $%d", col, k);
    else
        an_buf_printf(b, "substr(e.%s, 1, 3) = $%d", col, k);
}

static void direction(an_buf *b, int ksrc, int ktgt, int exact)
{
    an_buf_puts(b, "(");
    if (ksrc)
        match_expr(b, "source", exact, ksrc);
    if (ksrc && ktgt)
        an_buf_puts(b, " AND ");
    if (ktgt)
        match_expr(b, "target", exact, ktgt);
    if (!ksrc && !ktgt)
        an_buf_puts(b, "1 = 1");
    an_buf_puts(b, ")");
}

annals_status annals_store_foreach_event(annals_store *s, const char *a, const char *b, int exact,
                                         int both_directions, size_t limit, annals_event_fn fn,
                                         void *user, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!s || !fn) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_store_foreach_event: NULL argument");
        return ANNALS_ERR_ARG;
    }
    char a3[4], b3[4];
    const char *params[2];
    int np = 0, ka = 0, kb = 0;
    if (a) {
        snprintf(a3, sizeof a3, "%s", a);
        params[np] = exact ? a : a3;
        ka = ++np;
    }
    if (b) {
        snprintf(b3, sizeof b3, "%s", b);
        params[np] = exact ? b : b3;
        kb = ++np;
    }
    an_buf q;
    an_buf_init(&q);
    an_buf_puts(&q, "SELECT e.story, e.sentence, e.sentence_start, e.sentence_end, x.text, "
                    "e.date, e.date_precision, e.date_text, e.date_source, e.source, e.target, "
                    "e.code, e.source_text, e.target_text, e.verb_text, e.issues "
                    "FROM events e LEFT JOIN sentences x ON x.story = e.story AND x.idx = "
                    "e.sentence WHERE e.source IS NOT NULL AND e.target IS NOT NULL AND (");
    direction(&q, ka, kb, exact);
    if (both_directions) {
        an_buf_puts(&q, " OR ");
        direction(&q, kb, ka, exact);
    }
    an_buf_puts(&q, ") ORDER BY (e.date IS NULL), e.date, e.story, e.seq");
    if (limit)
        an_buf_printf(&q, " LIMIT %zu", limit);
    if (q.failed) {
        an_buf_free(&q);
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        return err->code;
    }
    an_rows *r = an_store_query(s, q.p, np, params, err);
    an_buf_free(&q);
    if (!r)
        return err->code;
    int rc;
    while ((rc = an_rows_next(r, err)) == 1) {
        annals_event ev;
        memset(&ev, 0, sizeof ev);
        ev.story_id = an_rows_text(r, 0);
        ev.sentence = (unsigned)strtoul(an_rows_text(r, 1) ? an_rows_text(r, 1) : "0", NULL, 10);
        ev.sentence_start = an_rows_text(r, 2) ? strtoull(an_rows_text(r, 2), NULL, 10) : 0;
        ev.sentence_end = an_rows_text(r, 3) ? strtoull(an_rows_text(r, 3), NULL, 10) : 0;
        ev.sentence_text = an_rows_text(r, 4);
        ev.date = an_rows_text(r, 5);
        ev.date_precision = an_rows_text(r, 6);
        ev.date_text = an_rows_text(r, 7);
        ev.date_source = an_rows_text(r, 8);
        ev.source = an_rows_text(r, 9);
        ev.target = an_rows_text(r, 10);
        ev.code = an_rows_text(r, 11);
        ev.source_text = an_rows_text(r, 12);
        ev.target_text = an_rows_text(r, 13);
        ev.verb_text = an_rows_text(r, 14);
        ev.issues = an_rows_text(r, 15);
        ev.cameo = annals_cameo_lookup(ev.code);
        if (fn(user, &ev))
            break;
    }
    an_rows_free(r);
    return rc < 0 ? err->code : ANNALS_OK;
}

/* ---- dyad time series ---- */

/* Period key of an ISO date for `by`: 1 and *key set, 0 when the date is
 * not precise enough (or not a calendar date). */
static int period_key(const char *d, annals_period by, long *key)
{
    if (!d)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!an_isdigit((unsigned char)d[i]))
            return 0;
    long y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    if (d[4] && d[4] != '-')
        return 0;
    if (by == ANNALS_PERIOD_YEAR) {
        *key = y;
        return 1;
    }
    if (d[4] != '-')
        return 0;
    if (by == ANNALS_PERIOD_QUARTER && d[5] == 'Q' && d[6] >= '1' && d[6] <= '4' && !an_isdigit((unsigned char)d[7])) {
        *key = y * 4 + (d[6] - '1');
        return 1;
    }
    if (!an_isdigit((unsigned char)d[5]) || !an_isdigit((unsigned char)d[6]) ||
        an_isdigit((unsigned char)d[7]))
        return 0;
    int m = (d[5] - '0') * 10 + (d[6] - '0');
    if (m < 1 || m > 12)
        return 0;
    *key = by == ANNALS_PERIOD_MONTH ? y * 12 + (m - 1) : y * 4 + (m - 1) / 3;
    return 1;
}

static void period_label(char *out, size_t n, annals_period by, long key)
{
    if (by == ANNALS_PERIOD_YEAR)
        snprintf(out, n, "%04d", (int)(key % 10000));
    else if (by == ANNALS_PERIOD_QUARTER)
        snprintf(out, n, "%04d-Q%d", (int)(key / 4 % 10000), (int)(key % 4) + 1);
    else
        snprintf(out, n, "%04d-%02d", (int)(key / 12 % 10000), (int)(key % 12) + 1);
}

typedef struct dy_item {
    long key;
    int forward;
    char code[8];
    int quad;         /* 0 when not CAMEO */
    double goldstein;
} dy_item;

typedef struct dy_ctx {
    annals_store *s;
    char a[32], b[32];
    int exact;
    annals_period by;
    dy_item *items;
    size_t n, cap;
    unsigned long total, undated, too_coarse;
    int nomem;
} dy_ctx;

static int actor_match(const char *code, const char *want, int exact)
{
    if (!code)
        return 0;
    return exact ? strcmp(code, want) == 0 : strncmp(code, want, 3) == 0;
}

static int dy_collect(void *user, const annals_event *ev)
{
    dy_ctx *c = user;
    c->total++;
    if (!ev->date || !ev->date[0]) {
        c->undated++;
        return 0;
    }
    long key;
    if (!period_key(ev->date, c->by, &key)) {
        c->too_coarse++;
        return 0;
    }
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        dy_item *ni = an_realloc(c->items, nc * sizeof *ni);
        if (!ni) {
            c->nomem = 1;
            return 1;
        }
        c->items = ni;
        c->cap = nc;
    }
    dy_item *it = &c->items[c->n++];
    it->key = key;
    it->forward = actor_match(ev->source, c->a, c->exact) && actor_match(ev->target, c->b, c->exact);
    snprintf(it->code, sizeof it->code, "%s", ev->code ? ev->code : "");
    it->quad = ev->cameo ? ev->cameo->quad : 0;
    it->goldstein = ev->cameo ? ev->cameo->goldstein : 0;
    return 0;
}

static int item_cmp(const void *x, const void *y)
{
    const dy_item *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->forward != b->forward)
        return a->forward > b->forward ? -1 : 1;
    return strcmp(a->code, b->code);
}

/* Fills row from items[lo..hi) (same key and direction, sorted by code). */
static void fill_row(annals_dyad_row *row, const dy_item *it, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++) {
        row->events++;
        if (it[i].quad >= 1 && it[i].quad <= 4) {
            row->quad[it[i].quad - 1]++;
            row->scored++;
            row->goldstein_sum += it[i].goldstein;
        }
    }
    row->goldstein_mean = row->scored ? row->goldstein_sum / (double)row->scored : 0.0;
    /* Runs of equal codes; keep the three longest (earlier code wins ties). */
    for (size_t i = lo; i < hi;) {
        size_t j = i;
        while (j < hi && !strcmp(it[j].code, it[i].code))
            j++;
        unsigned long cnt = (unsigned long)(j - i);
        for (int k = 0; k < 3; k++)
            if (cnt > row->top_count[k]) {
                for (int m = 2; m > k; m--) {
                    row->top_count[m] = row->top_count[m - 1];
                    memcpy(row->top_code[m], row->top_code[m - 1], sizeof row->top_code[m]);
                }
                row->top_count[k] = cnt;
                snprintf(row->top_code[k], sizeof row->top_code[k], "%s", it[i].code);
                break;
            }
        i = j;
    }
}

#define AN_DYAD_MAX_SPAN 12000

annals_status annals_store_dyad(annals_store *s, const char *a, const char *b, annals_period by,
                                int exact, annals_dyad_series **out, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!s || !a || !b || !out || !a[0] || !b[0] || strlen(a) >= 32 || strlen(b) >= 32) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0,
                   "annals_store_dyad: needs a store and two actor codes (1-31 characters)");
        return ANNALS_ERR_ARG;
    }
    dy_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.exact = exact;
    c.by = by;
    snprintf(c.a, sizeof c.a, "%s", a);
    snprintf(c.b, sizeof c.b, "%s", b);
    annals_status st = annals_store_foreach_event(s, a, b, exact, 1, 0, dy_collect, &c, err);
    if (st == ANNALS_OK && c.nomem) {
        an_store_err(s, err, ANNALS_ERR_NOMEM, "out of memory");
        st = ANNALS_ERR_NOMEM;
    }
    annals_dyad_series *ser = NULL;
    if (st == ANNALS_OK) {
        ser = an_calloc(1, sizeof *ser);
        if (!ser)
            st = ANNALS_ERR_NOMEM;
    }
    if (st == ANNALS_OK) {
        snprintf(ser->a, sizeof ser->a, "%s", a);
        snprintf(ser->b, sizeof ser->b, "%s", b);
        ser->by = by;
        ser->exact = exact;
        ser->total = c.total;
        ser->undated = c.undated;
        ser->too_coarse = c.too_coarse;
        if (c.n)
            qsort(c.items, c.n, sizeof *c.items, item_cmp);
        long first = c.n ? c.items[0].key : 0, last = c.n ? c.items[c.n - 1].key : -1;
        int dense = c.n && last - first < AN_DYAD_MAX_SPAN;
        size_t nperiods = 0;
        if (dense)
            nperiods = (size_t)(last - first + 1);
        else
            for (size_t i = 0; i < c.n; i++)
                nperiods += i == 0 || c.items[i].key != c.items[i - 1].key;
        if (nperiods) {
            ser->rows = an_calloc(nperiods * 2, sizeof *ser->rows);
            if (!ser->rows)
                st = ANNALS_ERR_NOMEM;
        }
        size_t i = 0, r = 0;
        for (long key = first; st == ANNALS_OK && r < nperiods * 2;) {
            if (!dense)
                key = c.items[i].key;
            for (int dir = 1; dir >= 0; dir--) {
                annals_dyad_row *row = &ser->rows[r++];
                period_label(row->period, sizeof row->period, by, key);
                row->forward = dir;
                size_t lo = i;
                while (i < c.n && c.items[i].key == key && c.items[i].forward == dir)
                    i++;
                fill_row(row, c.items, lo, i);
            }
            key++;
        }
        ser->nrows = r;
    }
    an_free(c.items);
    if (st != ANNALS_OK) {
        if (!err->code)
            an_store_err(s, err, st, "out of memory");
        annals_dyad_series_free(ser);
        return st;
    }
    *out = ser;
    return ANNALS_OK;
}

void annals_dyad_series_free(annals_dyad_series *series)
{
    if (!series)
        return;
    an_free(series->rows);
    an_free(series);
}

/* ---- writers ---- */

static void json_str(an_buf *b, const char *s)
{
    an_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            an_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            an_buf_printf(b, "\\u%04x", c);
        else
            an_buf_putc(b, (char)c);
    }
    an_buf_putc(b, '"');
}

static void csv_field(an_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        an_buf_puts(b, s);
        return;
    }
    an_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            an_buf_putc(b, '"');
        an_buf_putc(b, *s);
    }
    an_buf_putc(b, '"');
}

static void top_codes_text(char *out, size_t n, const annals_dyad_row *row)
{
    out[0] = 0;
    size_t len = 0;
    for (int k = 0; k < 3 && row->top_count[k]; k++)
        len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s(%lu)", k ? " " : "",
                                row->top_code[k], row->top_count[k]);
}

static void write_table(an_buf *b, const annals_dyad_series *s)
{
    static const char *const head[10] = {"period", "direction", "events", "v.coop", "m.coop",
                                         "v.confl", "m.confl", "gs.sum", "gs.mean",
                                         "top codes"};
    size_t nr = s->nrows;
    char(*cells)[10][80] = an_calloc(nr ? nr : 1, sizeof *cells);
    if (!cells) {
        b->failed = 1;
        return;
    }
    size_t w[10];
    for (int k = 0; k < 10; k++)
        w[k] = strlen(head[k]);
    for (size_t i = 0; i < nr; i++) {
        const annals_dyad_row *r = &s->rows[i];
        snprintf(cells[i][0], 64, "%s", r->period);
        snprintf(cells[i][1], 80, "%s->%s", r->forward ? s->a : s->b, r->forward ? s->b : s->a);
        snprintf(cells[i][2], 64, "%lu", r->events);
        for (int q = 0; q < 4; q++)
            snprintf(cells[i][3 + q], 64, "%lu", r->quad[q]);
        snprintf(cells[i][7], 64, "%.1f", r->goldstein_sum);
        snprintf(cells[i][8], 64, "%.2f", r->goldstein_mean);
        top_codes_text(cells[i][9], 64, r);
        for (int k = 0; k < 10; k++)
            if (strlen(cells[i][k]) > w[k])
                w[k] = strlen(cells[i][k]);
    }
    for (size_t i = 0; i <= nr; i++) {
        for (int k = 0; k < 10; k++) {
            const char *v = i == 0 ? head[k] : cells[i - 1][k];
            int left = k < 2 || k == 9;
            if (k == 9)
                an_buf_puts(b, v);
            else
                an_buf_printf(b, left ? "%-*s  " : "%*s  ", (int)w[k], v);
        }
        while (b->len && b->p[b->len - 1] == ' ')
            b->p[--b->len] = 0;
        an_buf_putc(b, '\n');
    }
    an_free(cells);
    an_buf_printf(b, "# %lu events of %s and %s (%s level, by %s)", s->total, s->a, s->b,
                  s->exact ? "exact actor" : "country", period_name(s->by));
    if (s->undated || s->too_coarse)
        an_buf_printf(b, "; left out: %lu without a date, %lu dated less precisely than a %s",
                      s->undated, s->too_coarse, period_name(s->by));
    an_buf_putc(b, '\n');
}

static void write_csv(an_buf *b, const annals_dyad_series *s)
{
    an_buf_puts(b, "period,source,target,events,verbal_coop,material_coop,verbal_conflict,"
                   "material_conflict,goldstein_sum,goldstein_mean,top1,top1_count,top2,"
                   "top2_count,top3,top3_count\n");
    for (size_t i = 0; i < s->nrows; i++) {
        const annals_dyad_row *r = &s->rows[i];
        an_buf_printf(b, "%s,", r->period);
        csv_field(b, r->forward ? s->a : s->b);
        an_buf_putc(b, ',');
        csv_field(b, r->forward ? s->b : s->a);
        an_buf_printf(b, ",%lu,%lu,%lu,%lu,%lu,%.1f,%.2f", r->events, r->quad[0], r->quad[1],
                      r->quad[2], r->quad[3], r->goldstein_sum, r->goldstein_mean);
        for (int k = 0; k < 3; k++) {
            an_buf_putc(b, ',');
            csv_field(b, r->top_code[k]);
            if (r->top_count[k])
                an_buf_printf(b, ",%lu", r->top_count[k]);
            else
                an_buf_putc(b, ',');
        }
        an_buf_putc(b, '\n');
    }
}

static void write_json(an_buf *b, const annals_dyad_series *s)
{
    an_buf_puts(b, "{\"a\":");
    json_str(b, s->a);
    an_buf_puts(b, ",\"b\":");
    json_str(b, s->b);
    an_buf_printf(b, ",\"by\":\"%s\",\"exact\":%s,\"total\":%lu,\"undated\":%lu,\"too_coarse\":%lu,"
                     "\"rows\":[",
                  period_name(s->by), s->exact ? "true" : "false", s->total, s->undated,
                  s->too_coarse);
    for (size_t i = 0; i < s->nrows; i++) {
        const annals_dyad_row *r = &s->rows[i];
        an_buf_printf(b, "%s\n{\"period\":\"%s\",\"source\":", i ? "," : "", r->period);
        json_str(b, r->forward ? s->a : s->b);
        an_buf_puts(b, ",\"target\":");
        json_str(b, r->forward ? s->b : s->a);
        an_buf_printf(b, ",\"events\":%lu,\"quad\":[%lu,%lu,%lu,%lu],\"scored\":%lu,"
                         "\"goldstein_sum\":%.1f,\"goldstein_mean\":%.2f,\"top_codes\":[",
                      r->events, r->quad[0], r->quad[1], r->quad[2], r->quad[3], r->scored,
                      r->goldstein_sum, r->goldstein_mean);
        for (int k = 0; k < 3 && r->top_count[k]; k++) {
            an_buf_printf(b, "%s{\"code\":", k ? "," : "");
            json_str(b, r->top_code[k]);
            an_buf_printf(b, ",\"count\":%lu}", r->top_count[k]);
        }
        an_buf_puts(b, "]}");
    }
    an_buf_puts(b, "]}\n");
}

annals_status annals_dyad_write(const annals_dyad_series *series, FILE *out,
                                annals_dyad_format fmt, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!series || !out) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_dyad_write: NULL argument");
        return ANNALS_ERR_ARG;
    }
    an_buf b;
    an_buf_init(&b);
    if (fmt == ANNALS_DYAD_CSV)
        write_csv(&b, series);
    else if (fmt == ANNALS_DYAD_JSON)
        write_json(&b, series);
    else
        write_table(&b, series);
    if (b.failed) {
        an_buf_free(&b);
        an_err_set(err, ANNALS_ERR_NOMEM, "", 0, 0, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    size_t len = b.len, w = b.len ? fwrite(b.p, 1, b.len, out) : 0;
    an_buf_free(&b);
    if (w != len) {
        an_err_set(err, ANNALS_ERR_IO, "", 0, 0, "cannot write the series");
        return ANNALS_ERR_IO;
    }
    return ANNALS_OK;
}

/* ---- the most active dyads ---- */

static int count_cmp(const void *x, const void *y)
{
    const annals_dyad_count *a = x, *b = y;
    if (a->events != b->events)
        return a->events > b->events ? -1 : 1;
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

static int usable_actor(const char *c)
{
    return c && c[0] && c[0] != '-' && strlen(c) < 32;
}

annals_status annals_store_top_dyads(annals_store *s, int exact, size_t n,
                                     annals_dyad_count **out, size_t *nout, annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!s || !out || !nout) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_store_top_dyads: NULL argument");
        return ANNALS_ERR_ARG;
    }
    *out = NULL;
    *nout = 0;
    const char *sql = exact ? "SELECT source, target, count(*) FROM events WHERE source IS NOT "
                              "NULL AND target IS NOT NULL GROUP BY source, target"
                            : "SELECT substr(source, 1, 3), substr(target, 1, 3), count(*) FROM "
                              "events WHERE source IS NOT NULL AND target IS NOT NULL GROUP BY "
                              "substr(source, 1, 3), substr(target, 1, 3)";
    an_rows *r = an_store_query(s, sql, 0, NULL, err);
    if (!r)
        return err->code;
    annals_dyad_count *v = NULL;
    size_t nv = 0, cap = 0;
    int rc;
    annals_status st = ANNALS_OK;
    while ((rc = an_rows_next(r, err)) == 1) {
        const char *x = an_rows_text(r, 0), *y = an_rows_text(r, 1);
        if (!usable_actor(x) || !usable_actor(y) || !strcmp(x, y))
            continue;
        if (strcmp(x, y) > 0) {
            const char *t = x;
            x = y;
            y = t;
        }
        unsigned long cnt = strtoul(an_rows_text(r, 2) ? an_rows_text(r, 2) : "0", NULL, 10);
        size_t i = 0;
        while (i < nv && (strcmp(v[i].a, x) || strcmp(v[i].b, y)))
            i++;
        if (i == nv) {
            if (nv == cap) {
                size_t nc = cap ? cap * 2 : 64;
                annals_dyad_count *nvp = an_realloc(v, nc * sizeof *nvp);
                if (!nvp) {
                    st = ANNALS_ERR_NOMEM;
                    break;
                }
                v = nvp;
                cap = nc;
            }
            memset(&v[nv], 0, sizeof v[nv]);
            snprintf(v[nv].a, sizeof v[nv].a, "%s", x);
            snprintf(v[nv].b, sizeof v[nv].b, "%s", y);
            nv++;
        }
        v[i].events += cnt;
    }
    an_rows_free(r);
    if (st == ANNALS_OK && rc < 0)
        st = err->code ? err->code : ANNALS_ERR_DB;
    if (st != ANNALS_OK) {
        if (!err->code)
            an_store_err(s, err, st, "out of memory");
        an_free(v);
        return st;
    }
    if (nv)
        qsort(v, nv, sizeof *v, count_cmp);
    if (n && nv > n)
        nv = n;
    *out = v;
    *nout = nv;
    return ANNALS_OK;
}

void annals_dyad_counts_free(annals_dyad_count *counts) { an_free(counts); }
