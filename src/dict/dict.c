/* Dictionary object: creation, the first-word index, compilation, loading
 * dispatch by path (project, ini, directory, single file). */
#include "dict/dict.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void annals_limits_default(annals_limits *lim)
{
    lim->max_story_bytes = 64u << 20;
    lim->max_sentence_tokens = 4096;
    lim->max_events_per_sentence = 256;
    lim->max_dict_entries = 16u << 20;
}

static void limits_fill(annals_limits *dst, const annals_limits *src)
{
    annals_limits def;
    annals_limits_default(&def);
    *dst = def;
    if (!src)
        return;
    if (src->max_story_bytes)
        dst->max_story_bytes = src->max_story_bytes;
    if (src->max_sentence_tokens)
        dst->max_sentence_tokens = src->max_sentence_tokens;
    if (src->max_events_per_sentence)
        dst->max_events_per_sentence = src->max_events_per_sentence;
    if (src->max_dict_entries)
        dst->max_dict_entries = src->max_dict_entries;
}

void an_dopts_default(an_dopts *o)
{
    memset(o, 0, sizeof *o);
    o->code_by = CODEBY_CLAUSE;
    o->comma_min = 2;
    o->comma_max = 10;
    o->comma_emin = 2;
    o->comma_emax = 10;
    o->comma_bmin = 128;
    o->comma_bmax = 0;
    o->time_shift = -1;
    o->minimum_words = -1;
    o->require_dyad = 1;
}

annals_dict *annals_dict_new(const annals_dict_options *opt, annals_error *err)
{
    annals_dict *d = an_calloc(1, sizeof *d);
    if (!d) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    an_arena_init(&d->arena, 256 * 1024);
    if (opt) {
        d->diag = opt->diag;
        d->diag_user = opt->diag_user;
        d->lenient = opt->lenient;
    }
    limits_fill(&d->limits, opt ? &opt->limits : NULL);
    an_dopts_default(&d->opts);
    return d;
}

void annals_dict_free(annals_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->ix.cap; i++)
        an_free(d->ix.slots[i].v);
    an_free(d->ix.slots);
    for (size_t i = 0; i < d->issue_ix.cap; i++)
        an_free(d->issue_ix.slots[i].v);
    an_free(d->issue_ix.slots);
    an_patterns_unindex(d);
    for (size_t i = 0; i < d->verbs.n; i++) {
        an_verb *v = d->verbs.v[i];
        if (v->root == v)
            an_free(v->pats);
    }
    for (size_t i = 0; i < d->synsets.n; i++)
        an_free(((an_synset *)d->synsets.v[i])->members);
    an_ptrvec_free(&d->actors);
    an_ptrvec_free(&d->agents);
    an_ptrvec_free(&d->verbs);
    an_ptrvec_free(&d->plains);
    an_ptrvec_free(&d->synsets);
    an_ptrvec_free(&d->issues);
    an_arena_free(&d->arena);
    an_free(d);
}

/* ---------------- index ---------------- */

static int ix_grow(an_index *ix)
{
    size_t ncap = ix->cap ? ix->cap * 2 : 4096;
    an_ixslot *ns = an_calloc(ncap, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < ix->cap; i++) {
        an_ixslot *s = &ix->slots[i];
        if (!s->key)
            continue;
        size_t j = s->hash & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = *s;
    }
    an_free(ix->slots);
    ix->slots = ns;
    ix->cap = ncap;
    return 0;
}

static an_ixslot *ix_find(const an_index *ix, const char *key, size_t len, uint64_t h)
{
    if (!ix->cap)
        return NULL;
    size_t j = h & (ix->cap - 1);
    while (ix->slots[j].key) {
        an_ixslot *s = &ix->slots[j];
        if (s->hash == h && s->klen == len && memcmp(s->key, key, len) == 0)
            return s;
        j = (j + 1) & (ix->cap - 1);
    }
    return NULL;
}

annals_status an_dict_index_add(annals_dict *d, const an_elem *first, uint8_t type, void *entry,
                                annals_error *err)
{
    return an_index_add(&d->ix, first, type, entry, err);
}

const an_ixslot *an_index_get(const an_index *ix, const char *key, size_t len)
{
    return ix_find(ix, key, len, an_hash(key, len));
}

annals_status an_index_add(an_index *ix, const an_elem *first, uint8_t type, void *entry,
                           annals_error *err)
{
    if (first->kind != EL_WORD || first->len == 0)
        return ANNALS_OK; /* not indexable by a word: the coder scans these separately */
    if ((ix->count + 1) * 10 >= ix->cap * 7 && ix_grow(ix)) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory building the index");
        return ANNALS_ERR_NOMEM;
    }
    uint64_t h = an_hash(first->word, first->len);
    an_ixslot *s = ix_find(ix, first->word, first->len, h);
    if (!s) {
        size_t j = h & (ix->cap - 1);
        while (ix->slots[j].key)
            j = (j + 1) & (ix->cap - 1);
        s = &ix->slots[j];
        s->key = first->word;
        s->klen = first->len;
        s->hash = h;
        ix->count++;
    }
    if (s->n == s->cap) {
        uint32_t nc = s->cap ? s->cap * 2 : 2;
        an_ixent *nv = an_realloc(s->v, nc * sizeof *nv);
        if (!nv) {
            an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory building the index");
            return ANNALS_ERR_NOMEM;
        }
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n].type = type;
    s->v[s->n].entry = entry;
    s->n++;
    if (first->match == WM_STEM) {
        if (first->len < 32)
            ix->stem_lens |= 1u << first->len;
        else
            ix->long_stems = 1;
    }
    return ANNALS_OK;
}

const an_ixslot *an_dict_index_get(const annals_dict *d, const char *key, size_t len)
{
    return ix_find(&d->ix, key, len, an_hash(key, len));
}

an_synset *an_dict_synset(annals_dict *d, const char *name, size_t len, int create)
{
    for (size_t i = 0; i < d->synsets.n; i++) {
        an_synset *s = d->synsets.v[i];
        if (strlen(s->name) == len && memcmp(s->name, name, len) == 0)
            return s;
    }
    if (!create)
        return NULL;
    an_synset *s = an_arena_alloc(&d->arena, sizeof *s);
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    s->name = an_arena_strndup(&d->arena, name, len);
    if (!s->name || an_ptrvec_push(&d->synsets, s))
        return NULL;
    return s;
}

/* ---------------- compile ---------------- */

static int pat_cmp(const void *a, const void *b)
{
    const an_pattern *pa = *(an_pattern *const *)a, *pb = *(an_pattern *const *)b;
    if (pa->length != pb->length)
        return pa->length > pb->length ? -1 : 1;
    return pa->line < pb->line ? -1 : pa->line > pb->line;
}

/* the most letters a match of q can cover: words, the longest alternative,
 * the longest member of a synset */
static unsigned seq_maxlen(const an_seq *q)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < q->n; i++) {
        const an_elem *e = &q->el[i];
        if (e->kind == EL_WORD) {
            for (uint16_t k = 0; k < e->len; k++)
                n += an_isalnum((unsigned char)e->word[k]) != 0;
        } else if (e->kind == EL_SYNSET && e->synset) {
            n += e->synset->maxlen;
        } else if (e->kind == EL_ALT) {
            unsigned best = 0;
            for (uint16_t k = 0; k < e->alt->n; k++) {
                unsigned l = seq_maxlen(&e->alt->opts[k]);
                best = l > best ? l : best;
            }
            n += best;
        }
    }
    return n;
}

static int is_det_word(const an_elem *e)
{
    return e->kind == EL_WORD && ((e->len == 3 && !memcmp(e->word, "THE", 3)) ||
                                  (e->len == 1 && e->word[0] == 'A') ||
                                  (e->len == 2 && !memcmp(e->word, "AN", 2)));
}

/* a pattern written for the noun use of a verb: "- THE_* OF_ + BY_ $",
 * or one whose first word after the verb is OF ("* OF_ TREATY BETWEEN %") */
static int det_pattern(const an_pattern *p)
{
    if (p->pre.n > 0 && is_det_word(&p->pre.el[p->pre.n - 1]))
        return 1;
    const an_elem *f = p->post.n ? &p->post.el[0] : NULL;
    return f && f->kind == EL_WORD && f->len == 2 && !memcmp(f->word, "OF", 2);
}

annals_status an_dict_compile(annals_dict *d, annals_error *err)
{
    for (size_t i = 0; i < d->verbs.n; i++) {
        an_verb *v = d->verbs.v[i];
        if (v->root != v)
            continue;
        v->any_det = 0;
        for (uint32_t k = 0; k < v->npats; k++) {
            an_pattern *p = v->pats[k];
            unsigned m = seq_maxlen(&p->pre) + seq_maxlen(&p->post);
            p->maxlen = (uint16_t)(m > UINT16_MAX ? UINT16_MAX : m);
            p->det = (uint8_t)det_pattern(p);
            v->any_det |= p->det;
        }
        if (v->npats > 1)
            qsort(v->pats, v->npats, sizeof *v->pats, pat_cmp);
        uint16_t tail = 0;
        for (uint32_t k = v->npats; k-- > 0;) {
            if (v->pats[k]->maxlen > tail)
                tail = v->pats[k]->maxlen;
            v->pats[k]->tail_maxlen = tail;
        }
    }
    if (!d->defer_index && an_patterns_index(d)) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory indexing the verb patterns");
        return ANNALS_ERR_NOMEM;
    }
    d->compiled = 1;
    return ANNALS_OK;
}

const an_datecode *an_codeset_resolve(const an_codeset *cs, int32_t date)
{
    if (!cs)
        return NULL;
    const an_datecode *def = NULL;
    for (uint16_t i = 0; i < cs->n; i++) {
        const an_datecode *c = &cs->dc[i];
        if (!c->from && !c->to) {
            if (!def)
                def = c;
            continue;
        }
        if (!date)
            continue;
        if ((c->from == 0 || date >= c->from) && (c->to == 0 || date <= c->to))
            return c;
    }
    return def;
}

int32_t an_parse_dict_date(const char *s, size_t n)
{
    if (n != 6 && n != 8)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!an_isdigit((unsigned char)s[i]))
            return -1;
    int y, m, dd;
    if (n == 6) {
        y = (s[0] - '0') * 10 + (s[1] - '0');
        y += y <= 30 ? 2000 : 1900;
        m = (s[2] - '0') * 10 + (s[3] - '0');
        dd = (s[4] - '0') * 10 + (s[5] - '0');
    } else {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        m = (s[4] - '0') * 10 + (s[5] - '0');
        dd = (s[6] - '0') * 10 + (s[7] - '0');
    }
    if (m < 1 || m > 12 || dd < 1 || dd > 31)
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (dd > mdays[m - 1])
        return -1;
    if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    return y * 10000 + m * 100 + dd;
}

/* ---------------- loading ---------------- */

static annals_dict_kind kind_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (an_has_suffix(base, ".project"))
        return ANNALS_DICT_PROJECT;
    if (an_has_suffix(base, ".ini"))
        return ANNALS_DICT_PETRARCH_CONFIG;
    if (an_has_suffix(base, ".actors") || an_has_suffix(base, ".actors.txt"))
        return ANNALS_DICT_ACTORS;
    if (an_has_suffix(base, ".agents") || an_has_suffix(base, ".agents.txt"))
        return ANNALS_DICT_AGENTS;
    if (an_has_suffix(base, ".verbs") || an_has_suffix(base, ".verbs.txt"))
        return ANNALS_DICT_VERBS;
    if (an_has_suffix(base, ".options"))
        return ANNALS_DICT_OPTIONS;
    if (an_has_suffix(base, ".discards") || an_has_suffix(base, ".discards.txt"))
        return ANNALS_DICT_DISCARDS;
    if (an_has_suffix(base, ".issues") || an_has_suffix(base, "IssueCoding.txt"))
        return ANNALS_DICT_ISSUES;
    /* PETRARCH-style names: CAMEO.2.0.txt, Phoenix.Countries.actors.txt, ... */
    if (strstr(base, "actors") || strstr(base, "Actors"))
        return ANNALS_DICT_ACTORS;
    if (strstr(base, "agents") || strstr(base, "Agents"))
        return ANNALS_DICT_AGENTS;
    if (strstr(base, "verbs") || strstr(base, "Verbs") || strstr(base, "CAMEO"))
        return ANNALS_DICT_VERBS;
    if (strstr(base, "discards"))
        return ANNALS_DICT_DISCARDS;
    if (strstr(base, "Issue") || strstr(base, "issues"))
        return ANNALS_DICT_ISSUES;
    return ANNALS_DICT_AUTO;
}

/* PETRARCH verb dictionaries announce themselves with "####### VERB" blocks or
 * "--- CODE" headers; PETRARCH actor files put codes on indented lines with
 * tabs and date restrictions in "[CODE >YYYYMMDD]" form like TABARI. */
static annals_dict_syntax sniff_syntax(const char *name, const char *text, size_t len,
                                       annals_dict_kind kind)
{
    /* PETRARCH's files are "*.txt"; TABARI's and annals' use .actors/.verbs */
    if (name && an_has_suffix(name, ".txt"))
        return ANNALS_SYNTAX_PETRARCH;
    size_t lim = len < 200000 ? len : 200000;
    if (kind == ANNALS_DICT_VERBS) {
        for (size_t i = 0; i + 4 < lim; i++) {
            if ((i == 0 || text[i - 1] == '\n') && text[i] == '-' && text[i + 1] == '-' &&
                text[i + 2] == '-' && text[i + 3] == ' ')
                return ANNALS_SYNTAX_PETRARCH;
            if ((i == 0 || text[i - 1] == '\n') && text[i] == '#' && text[i + 1] == '#' &&
                text[i + 2] == '#')
                return ANNALS_SYNTAX_PETRARCH;
        }
    }
    if (kind == ANNALS_DICT_DISCARDS || kind == ANNALS_DICT_ISSUES)
        return ANNALS_SYNTAX_PETRARCH;
    return ANNALS_SYNTAX_TABARI;
}

annals_status annals_dict_load_memory(annals_dict *d, const char *name, const char *data,
                                      size_t len, annals_dict_kind kind,
                                      annals_dict_syntax syntax, annals_error *err)
{
    if (!d || !data) {
        an_err_set(err, ANNALS_ERR_ARG, name, 0, 0, "no dictionary or data");
        return ANNALS_ERR_ARG;
    }
    if (kind == ANNALS_DICT_AUTO)
        kind = kind_from_name(name ? name : "");
    if (kind == ANNALS_DICT_AUTO) {
        an_err_set(err, ANNALS_ERR_ARG, name, 0, 0,
                   "cannot tell what kind of dictionary this is from its name (expected "
                   ".actors, .agents, .verbs, .options, .project, .ini, .discards or .issues)");
        return ANNALS_ERR_ARG;
    }
    if (syntax == ANNALS_SYNTAX_AUTO)
        syntax = sniff_syntax(name, data, len, kind);
    d->compiled = 0;
    annals_status st;
    if (kind == ANNALS_DICT_PROJECT)
        st = an_load_tabari_project(d, name, data, len, err);
    else if (kind == ANNALS_DICT_PETRARCH_CONFIG)
        st = an_load_petrarch_config(d, name, data, len, err);
    else if (syntax == ANNALS_SYNTAX_PETRARCH)
        st = an_load_petrarch(d, name, data, len, kind, err);
    else
        st = an_load_tabari(d, name, data, len, kind, err);
    if (st == ANNALS_OK)
        st = an_dict_compile(d, err);
    return st;
}

annals_status annals_dict_load_file(annals_dict *d, const char *path, annals_dict_kind kind,
                                    annals_dict_syntax syntax, annals_error *err)
{
    char *text;
    size_t len;
    /* a dictionary file is at most 1 GiB ("--dict /dev/zero" must not eat memory) */
    annals_status st = an_read_file(path, &text, &len, (size_t)1 << 30, err);
    if (st)
        return st;
    st = annals_dict_load_memory(d, path, text, len, kind, syntax, err);
    an_free(text);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static annals_status load_dir(annals_dict *d, const char *path, annals_error *err)
{
    DIR *dir = opendir(path);
    if (!dir) {
        an_err_set(err, ANNALS_ERR_IO, path, 0, 0, "cannot open directory: %s", strerror(errno));
        return ANNALS_ERR_IO;
    }
    an_ptrvec names = {0};
    struct dirent *de;
    annals_status st = ANNALS_OK;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.')
            continue;
        annals_dict_kind k = kind_from_name(de->d_name);
        if (k == ANNALS_DICT_AUTO || k == ANNALS_DICT_PROJECT || k == ANNALS_DICT_PETRARCH_CONFIG)
            continue;
        char *n = an_strdup(de->d_name);
        if (!n || an_ptrvec_push(&names, n)) {
            an_free(n);
            st = ANNALS_ERR_NOMEM;
            an_err_set(err, st, path, 0, 0, "out of memory");
            break;
        }
    }
    closedir(dir);
    if (!st && names.n == 0) {
        an_err_set(err, ANNALS_ERR_IO, path, 0, 0, "no dictionary files in directory");
        st = ANNALS_ERR_IO;
    }
    /* order: options first, then actors, agents, verbs; alphabetical within */
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    static const annals_dict_kind order[] = {ANNALS_DICT_OPTIONS, ANNALS_DICT_ACTORS,
                                             ANNALS_DICT_AGENTS,  ANNALS_DICT_VERBS,
                                             ANNALS_DICT_DISCARDS, ANNALS_DICT_ISSUES};
    d->defer_index = 1; /* the patterns are indexed once, after the last file */
    for (size_t o = 0; !st && o < sizeof order / sizeof order[0]; o++) {
        for (size_t i = 0; !st && i < names.n; i++) {
            const char *n = names.v[i];
            if (kind_from_name(n) != order[o])
                continue;
            an_buf full;
            an_buf_init(&full);
            an_buf_printf(&full, "%s/%s", path, n);
            if (full.failed) {
                st = ANNALS_ERR_NOMEM;
                an_err_set(err, st, path, 0, 0, "out of memory");
            } else {
                st = annals_dict_load_file(d, full.p, order[o], ANNALS_SYNTAX_AUTO, err);
            }
            an_buf_free(&full);
        }
    }
    for (size_t i = 0; i < names.n; i++)
        an_free(names.v[i]);
    an_ptrvec_free(&names);
    d->defer_index = 0;
    if (an_patterns_index(d) && !st) {
        an_err_set(err, ANNALS_ERR_NOMEM, path, 0, 0, "out of memory indexing the verb patterns");
        st = ANNALS_ERR_NOMEM;
    }
    return st;
}

annals_status annals_dict_load(annals_dict *d, const char *path, annals_error *err)
{
    struct stat stbuf;
    if (!d || !path) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no dictionary or path");
        return ANNALS_ERR_ARG;
    }
    if (stat(path, &stbuf) != 0) {
        an_err_set(err, ANNALS_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
        return ANNALS_ERR_IO;
    }
    if (S_ISDIR(stbuf.st_mode))
        return load_dir(d, path, err);
    return annals_dict_load_file(d, path, ANNALS_DICT_AUTO, ANNALS_SYNTAX_AUTO, err);
}

const char *annals_default_data_dir(void)
{
    static char buf[4200];
    const char *env = getenv("ANNALS_DATA_DIR");
    if (env && *env)
        return env;
    /* next to the executable: <exe dir>/../data (running from the build tree) */
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(buf, sizeof buf, "%s/../data/dict", exe);
            if (access(buf, R_OK) == 0) {
                snprintf(buf, sizeof buf, "%s/../data", exe);
                return buf;
            }
        }
    }
#ifdef ANNALS_DATADIR
    snprintf(buf, sizeof buf, "%s/dict", ANNALS_DATADIR);
    if (access(buf, R_OK) == 0)
        return ANNALS_DATADIR;
#endif
    if (access("data/dict", R_OK) == 0)
        return "data";
    return NULL;
}

annals_status annals_dict_load_default(annals_dict *d, annals_error *err)
{
    const char *dir = annals_default_data_dir();
    if (!dir) {
        an_err_set(err, ANNALS_ERR_IO, NULL, 0, 0,
                   "annals' dictionaries were not found (set ANNALS_DATA_DIR or use --dict)");
        return ANNALS_ERR_IO;
    }
    an_buf p;
    an_buf_init(&p);
    an_buf_printf(&p, "%s/dict", dir);
    if (p.failed) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    annals_status st = annals_dict_load(d, p.p, err);
    an_buf_free(&p);
    return st;
}

size_t annals_dict_count(const annals_dict *d, annals_dict_kind kind)
{
    if (!d)
        return 0;
    switch (kind) {
    case ANNALS_DICT_ACTORS: return d->actors.n;
    case ANNALS_DICT_AGENTS: return d->agents.n;
    case ANNALS_DICT_VERBS: return d->npatterns;
    case ANNALS_DICT_ISSUES: return d->issues.n;
    default: return 0;
    }
}
