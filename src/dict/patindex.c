/* The words verb patterns need, and each verb's patterns indexed by them
 * (dict.h, "which patterns can match a sentence").  Built by
 * an_dict_compile() when the patterns or the synsets changed. */
#include "dict/dict.h"

#include <stdlib.h>
#include <string.h>

size_t an_word_reqlen(const an_elem *e)
{
    size_t wl = e->len;
    if (!wl)
        return 0;
    char last = e->word[wl - 1];
    int verbish = e->endings == END_VERB || e->endings == END_VERB_STRICT;
    /* the coder's match_word: COUNTRY -> COUNTRIES, MAKE -> MAKING */
    if (e->match != WM_NOEND && ((e->endings != END_NONE && wl >= 2 && last == 'Y') ||
                                 (verbish && last == 'E')))
        return wl - 1;
    return wl;
}

const an_needslot *an_needix_get(const an_needix *x, const char *key, size_t len)
{
    if (!x->cap)
        return NULL;
    uint64_t h = an_hash(key, len);
    for (size_t j = h & (x->cap - 1); x->slots[j].n; j = (j + 1) & (x->cap - 1)) {
        const an_needslot *s = &x->slots[j];
        if (s->h == h && s->klen == len && !memcmp(s->key, key, len))
            return s;
    }
    return NULL;
}

/* ---------------- growable arrays ---------------- */

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

/* array p (*cap elements of size bytes, n used) with room for one more:
 * p itself, or p grown (*cap updated), or NULL when out of memory */
static void *room_for_one(void *p, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return p;
    size_t nc = *cap ? *cap * 2 : 32;
    void *nv = an_realloc(p, nc * size);
    if (nv)
        *cap = nc;
    return nv;
}

static int u32_push(u32vec *b, uint32_t x)
{
    uint32_t *nv = room_for_one(b->v, b->n, &b->cap, sizeof *b->v);
    if (!nv)
        return -1;
    b->v = nv;
    b->v[b->n++] = x;
    return 0;
}

/* ---------------- word ids ---------------- */

typedef struct wslot {
    const an_elem *e; /* NULL: empty */
    uint64_t h;
    uint32_t id;
} wslot;

typedef struct pkpair {
    uint32_t id, idx;
} pkpair;

typedef struct pkvec {
    pkpair *v;
    size_t n, cap;
} pkvec;

typedef struct build {
    wslot *ws;
    size_t wcap, wn;
    an_needent *ents;
    size_t nent, entcap;
    uint32_t nids;
    u32vec nb, rest, off; /* a verb's needs, patterns without a key, offsets */
    pkvec pairs;          /* a verb's keys */
} build;

static uint64_t word_hash(const an_elem *e)
{
    uint64_t kind = (uint64_t)e->match << 8 | e->endings;
    return an_hash(e->word, e->len) ^ (kind * 0x9E3779B97F4A7C15ull);
}

static int same_word(const an_elem *a, const an_elem *b)
{
    return a->len == b->len && a->match == b->match && a->endings == b->endings &&
           !memcmp(a->word, b->word, a->len);
}

static int add_ent(build *B, uint32_t id, const an_elem *e)
{
    an_needent *nv = room_for_one(B->ents, B->nent, &B->entcap, sizeof *B->ents);
    if (!nv)
        return -1;
    B->ents = nv;
    B->ents[B->nent].id = id;
    B->ents[B->nent].klen = (uint32_t)an_word_reqlen(e);
    B->ents[B->nent++].word = e;
    return 0;
}

/* the id of literal word e (a new one for a new word); -1 out of memory */
static int64_t word_id(build *B, const an_elem *e)
{
    if ((B->wn + 1) * 10 >= B->wcap * 7) {
        size_t nc = B->wcap ? B->wcap * 2 : 64;
        wslot *ns = an_calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < B->wcap; i++) {
            if (!B->ws[i].e)
                continue;
            size_t j = B->ws[i].h & (nc - 1);
            while (ns[j].e)
                j = (j + 1) & (nc - 1);
            ns[j] = B->ws[i];
        }
        an_free(B->ws);
        B->ws = ns;
        B->wcap = nc;
    }
    uint64_t h = word_hash(e);
    size_t j = h & (B->wcap - 1);
    for (; B->ws[j].e; j = (j + 1) & (B->wcap - 1))
        if (B->ws[j].h == h && same_word(B->ws[j].e, e))
            return B->ws[j].id;
    if (add_ent(B, B->nids, e))
        return -1;
    B->ws[j].e = e;
    B->ws[j].h = h;
    B->ws[j].id = B->nids;
    B->wn++;
    return B->nids++;
}

/* the literal word of q that requires the longest prefix, or NULL */
static const an_elem *longest_word(const an_seq *q)
{
    const an_elem *best = NULL;
    size_t bl = 0;
    for (uint16_t i = 0; i < q->n; i++) {
        size_t l = q->el[i].kind == EL_WORD ? an_word_reqlen(&q->el[i]) : 0;
        if (l > bl) {
            bl = l;
            best = &q->el[i];
        }
    }
    return best;
}

/* ---------------- the needs index ---------------- */

/* the order of the keys (the letters a word requires) */
static int key_cmp(const an_needent *x, const an_needent *y)
{
    if (x->klen != y->klen)
        return x->klen < y->klen ? -1 : 1;
    return memcmp(x->word->word, y->word->word, x->klen);
}

static int ent_cmp(const void *a, const void *b)
{
    const an_needent *x = a, *y = b;
    int c = key_cmp(x, y);
    if (c)
        return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* x's table from B's entries (which it takes) */
static int needix_build(an_needix *x, build *B)
{
    if (B->nent > 1)
        qsort(B->ents, B->nent, sizeof *B->ents, ent_cmp);
    size_t nkeys = 0;
    for (size_t i = 0; i < B->nent; i++)
        nkeys += i == 0 || key_cmp(&B->ents[i], &B->ents[i - 1]) != 0;
    size_t cap = 16;
    while (cap < nkeys * 2)
        cap *= 2;
    x->slots = an_calloc(cap, sizeof *x->slots);
    if (!x->slots)
        return -1;
    x->cap = cap;
    x->ents = B->ents;
    B->ents = NULL;
    for (size_t i = 0; i < B->nent;) {
        const an_elem *w = x->ents[i].word;
        size_t kl = x->ents[i].klen, e = i + 1;
        while (e < B->nent && !key_cmp(&x->ents[e], &x->ents[i]))
            e++;
        uint64_t h = an_hash(w->word, kl);
        size_t j = h & (cap - 1);
        while (x->slots[j].n)
            j = (j + 1) & (cap - 1);
        x->slots[j].key = w->word;
        x->slots[j].klen = (uint32_t)kl;
        x->slots[j].h = h;
        x->slots[j].off = (uint32_t)i;
        x->slots[j].n = (uint32_t)(e - i);
        if (kl < 64)
            x->lens |= 1ull << kl;
        else
            x->long_keys = 1;
        i = e;
    }
    x->nids = B->nids;
    return 0;
}

/* ---------------- pattern needs and keys ---------------- */

static int pk_push(pkvec *b, uint32_t id, uint32_t idx)
{
    pkpair *nv = room_for_one(b->v, b->n, &b->cap, sizeof *b->v);
    if (!nv)
        return -1;
    b->v = nv;
    b->v[b->n].id = id;
    b->v[b->n++].idx = idx;
    return 0;
}

enum { NEED_MAX_OPTS = 256, NO_KEY = UINT32_MAX };

/* The old prefix anchors of a pattern (its first four literal words) are
 * implied by a match, but for a word a token can match without starting
 * with the word's first three letters (SPY - SPIES, an empty word). */
static int legacy_anchors(const an_pattern *p)
{
    int seen = 0;
    for (int half = 0; half < 2; half++) {
        const an_seq *q = half ? &p->post : &p->pre;
        for (uint16_t i = 0; i < q->n && seen < 4; i++) {
            const an_elem *e = &q->el[i];
            if (e->kind != EL_WORD)
                continue;
            seen++;
            size_t k = e->len < 3 ? e->len : 3;
            if (e->len == 0 || an_word_reqlen(e) < k)
                return 1;
        }
    }
    return 0;
}

/* Appends pattern p's need groups to *nb (a count, then that many ids) and
 * its keys to *pairs (index idx; none: to *rest).  0, or -1 out of memory. */
static int pattern_need(build *B, const an_pattern *p, uint32_t idx, u32vec *nb, pkvec *pairs,
                        u32vec *rest)
{
    uint32_t key = NO_KEY, skey = NO_KEY;
    size_t klen = 0;
    size_t akey = 0, anopt = 0; /* the alternative with the fewest options: its ids at nb[akey] */
    for (int half = 0; half < 2; half++) {
        const an_seq *q = half ? &p->post : &p->pre;
        for (uint16_t i = 0; i < q->n; i++) {
            const an_elem *e = &q->el[i];
            if (e->kind == EL_WORD) {
                size_t rl = an_word_reqlen(e);
                if (!rl)
                    continue;
                int64_t id = word_id(B, e);
                if (id < 0 || u32_push(nb, 1) || u32_push(nb, (uint32_t)id))
                    return -1;
                if (rl > klen) {
                    klen = rl;
                    key = (uint32_t)id;
                }
            } else if (e->kind == EL_SYNSET && e->synset && e->synset->need_id) {
                if (u32_push(nb, 1) || u32_push(nb, e->synset->need_id - 1))
                    return -1;
                if (skey == NO_KEY)
                    skey = e->synset->need_id - 1;
            } else if (e->kind == EL_ALT && e->alt && e->alt->n && e->alt->n <= NEED_MAX_OPTS) {
                int all = 1;
                for (uint16_t k = 0; k < e->alt->n && all; k++)
                    all = longest_word(&e->alt->opts[k]) != NULL;
                if (!all)
                    continue;
                if (u32_push(nb, e->alt->n))
                    return -1;
                size_t at = nb->n;
                for (uint16_t k = 0; k < e->alt->n; k++) {
                    int64_t id = word_id(B, longest_word(&e->alt->opts[k]));
                    if (id < 0 || u32_push(nb, (uint32_t)id))
                        return -1;
                }
                if (!anopt || e->alt->n < anopt) {
                    anopt = e->alt->n;
                    akey = at;
                }
            }
        }
    }
    if (!pairs)
        return 0;
    if (key == NO_KEY)
        key = skey;
    if (key != NO_KEY)
        return pk_push(pairs, key, idx);
    if (!anopt)
        return u32_push(rest, idx);
    for (size_t k = 0; k < anopt; k++)
        if (pk_push(pairs, nb->v[akey + k], idx))
            return -1;
    return 0;
}

static int pkpair_cmp(const void *a, const void *b)
{
    const pkpair *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void patindex_free(an_patindex *x)
{
    if (!x)
        return;
    an_free(x->slots);
    an_free(x->post);
    an_free(x->rest);
    an_free(x);
}

static uint32_t *u32_copy(const u32vec *b)
{
    uint32_t *r = an_malloc((b->n ? b->n : 1) * sizeof *r);
    if (r && b->n)
        memcpy(r, b->v, b->n * sizeof *r);
    return r;
}

/* the key table of root v from pairs (sorted here) and rest */
static int index_keys(an_verb *v, pkvec *pairs, const u32vec *rest)
{
    an_patindex *x = an_calloc(1, sizeof *x);
    if (!x)
        return -1;
    if (pairs->n > 1)
        qsort(pairs->v, pairs->n, sizeof *pairs->v, pkpair_cmp);
    /* the same pattern under one key twice (an alternative) once */
    size_t m = 0;
    for (size_t i = 0; i < pairs->n; i++)
        if (!m || pairs->v[i].id != pairs->v[m - 1].id || pairs->v[i].idx != pairs->v[m - 1].idx)
            pairs->v[m++] = pairs->v[i];
    pairs->n = m;
    size_t nkeys = 0;
    for (size_t i = 0; i < pairs->n; i++)
        nkeys += i == 0 || pairs->v[i].id != pairs->v[i - 1].id;
    unsigned bits = 3;
    while (((size_t)1 << bits) < nkeys * 2)
        bits++;
    x->slots = an_calloc((size_t)1 << bits, sizeof *x->slots);
    x->post = an_malloc((pairs->n ? pairs->n : 1) * sizeof *x->post);
    if (!x->slots || !x->post) {
        patindex_free(x);
        return -1;
    }
    x->bits = bits;
    x->rest = u32_copy(rest);
    if (!x->rest) {
        patindex_free(x);
        return -1;
    }
    x->nrest = (uint32_t)rest->n;
    size_t mask = ((size_t)1 << bits) - 1;
    for (size_t i = 0; i < pairs->n;) {
        size_t e = i + 1;
        while (e < pairs->n && pairs->v[e].id == pairs->v[i].id)
            e++;
        size_t j = an_pkslot_of(pairs->v[i].id, bits);
        while (x->slots[j].id)
            j = (j + 1) & mask;
        x->slots[j].id = pairs->v[i].id + 1;
        uint32_t b = an_pkbloom_of(pairs->v[i].id);
        x->bloom[b >> 6] |= 1ull << (b & 63);
        x->slots[j].off = (uint32_t)i;
        x->slots[j].n = (uint32_t)(e - i);
        for (size_t k = i; k < e; k++)
            x->post[k] = pairs->v[k].idx;
        i = e;
    }
    v->pix = x;
    return 0;
}

/* the needs of root v's patterns, and their keys when it has many */
static int index_verb(build *B, an_verb *v)
{
    int big = v->npats >= AN_PKEY_MIN_PATS;
    B->nb.n = B->rest.n = B->off.n = B->pairs.n = 0;
    int rc = 0;
    for (uint32_t k = 0; k < v->npats && !rc; k++) {
        rc = u32_push(&B->off, (uint32_t)B->nb.n);
        if (!rc)
            rc = pattern_need(B, v->pats[k], k, &B->nb, big ? &B->pairs : NULL, &B->rest);
        v->pats[k]->legacy = (uint8_t)legacy_anchors(v->pats[k]);
    }
    if (!rc && big)
        rc = index_keys(v, &B->pairs, &B->rest);
    if (!rc)
        rc = u32_push(&B->off, (uint32_t)B->nb.n);
    v->need = rc ? NULL : u32_copy(&B->nb);
    v->noff = v->need ? u32_copy(&B->off) : NULL;
    if (!v->noff) {
        an_free(v->need);
        v->need = NULL;
        return -1;
    }
    return 0;
}

enum { SYNINDEX_MIN = 8 };

static void synindex_free(an_synindex *x)
{
    if (!x)
        return;
    an_free(x->off);
    an_free(x->list);
    an_free(x);
}

/* a member's first letter, 0 when it does not start with a word (the coder
 * tries those at any token) */
static unsigned char first_letter(const an_seq *m)
{
    return m->n && m->el[0].kind == EL_WORD && m->el[0].len ? (unsigned char)m->el[0].word[0] : 0;
}

/* the members of synset ss by first letter */
static int index_synset(an_synset *ss)
{
    an_synindex *x = an_calloc(1, sizeof *x);
    if (!x)
        return -1;
    uint32_t count[256] = {0};
    for (uint32_t k = 0; k < ss->n; k++)
        count[first_letter(&ss->members[k])]++;
    uint32_t nl = 1, total = count[0];
    for (int c = 1; c < 256; c++)
        if (count[c]) {
            x->slot[c] = (uint8_t)nl++;
            total += count[c] + count[0];
        }
    x->off = an_malloc((nl + 1) * sizeof *x->off);
    x->list = an_malloc((total ? total : 1) * sizeof *x->list);
    if (!x->off || !x->list) {
        synindex_free(x);
        return -1;
    }
    x->off[0] = 0;
    for (int c = 0, l = 0; c < 256; c++)
        if (c == 0 || x->slot[c]) {
            x->off[l + 1] = x->off[l] + count[c] + (c ? count[0] : 0);
            l++;
        }
    uint32_t fill[256];
    for (uint32_t l = 0; l < nl; l++)
        fill[l] = x->off[l];
    for (uint32_t k = 0; k < ss->n; k++) {
        unsigned char c = first_letter(&ss->members[k]);
        if (c) {
            x->list[fill[x->slot[c]]++] = k;
            continue;
        }
        for (uint32_t l = 0; l < nl; l++) /* ascending in every list */
            x->list[fill[l]++] = k;
    }
    ss->mix = x;
    return 0;
}

void an_patterns_unindex(annals_dict *d)
{
    for (size_t i = 0; i < d->synsets.n; i++) {
        an_synset *ss = d->synsets.v[i];
        synindex_free(ss->mix);
        ss->mix = NULL;
    }
    for (size_t i = 0; i < d->verbs.n; i++) {
        an_verb *v = d->verbs.v[i];
        if (v->root != v)
            continue;
        patindex_free(v->pix);
        v->pix = NULL;
        an_free(v->need);
        an_free(v->noff);
        v->need = NULL;
        v->noff = NULL;
    }
    an_free(d->needix.slots);
    an_free(d->needix.ents);
    an_free(d->needix.keys);
    memset(&d->needix, 0, sizeof d->needix);
}

int an_patterns_index(annals_dict *d)
{
    size_t npats = 0, members = 0;
    for (size_t i = 0; i < d->verbs.n; i++) {
        const an_verb *v = d->verbs.v[i];
        if (v->root == v)
            npats += v->npats;
    }
    for (size_t i = 0; i < d->synsets.n; i++)
        members += ((const an_synset *)d->synsets.v[i])->n + 1;
    if (npats == d->needix.npats && members == d->needix.members)
        return 0; /* nothing changed */
    an_patterns_unindex(d);
    build B;
    memset(&B, 0, sizeof B);
    int rc = 0;
    /* a synset is present when the longest word of one of its members is */
    for (size_t i = 0; i < d->synsets.n && !rc; i++) {
        an_synset *ss = d->synsets.v[i];
        ss->need_id = 0;
        if (ss->n >= SYNINDEX_MIN && index_synset(ss)) {
            rc = -1;
            break;
        }
        int all = ss->n > 0;
        for (uint32_t k = 0; k < ss->n && all; k++)
            all = longest_word(&ss->members[k]) != NULL;
        if (!all)
            continue;
        uint32_t id = B.nids++;
        ss->need_id = id + 1;
        for (uint32_t k = 0; k < ss->n && !rc; k++)
            rc = add_ent(&B, id, longest_word(&ss->members[k]));
    }
    for (size_t i = 0; i < d->verbs.n && !rc; i++) {
        an_verb *v = d->verbs.v[i];
        if (v->root == v && v->npats)
            rc = index_verb(&B, v);
    }
    if (!rc)
        rc = needix_build(&d->needix, &B);
    if (!rc) {
        d->needix.keys = an_calloc(((size_t)B.nids + 63) / 64 + 1, sizeof *d->needix.keys);
        rc = d->needix.keys ? 0 : -1;
    }
    for (size_t i = 0; i < d->verbs.n && !rc; i++) {
        const an_verb *v = d->verbs.v[i];
        if (v->root != v || !v->pix)
            continue;
        for (size_t j = 0; j < (size_t)1 << v->pix->bits; j++) {
            uint32_t id = v->pix->slots[j].id;
            if (id)
                d->needix.keys[(id - 1) >> 6] |= 1ull << ((id - 1) & 63);
        }
    }
    an_free(B.ws);
    an_free(B.ents);
    an_free(B.nb.v);
    an_free(B.rest.v);
    an_free(B.off.v);
    an_free(B.pairs.v);
    if (rc) {
        an_patterns_unindex(d);
        return -1;
    }
    d->needix.npats = npats;
    d->needix.members = members;
    return 0;
}
