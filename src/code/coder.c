/* The coder: TABARI's shallow parsing and coding rules (manual chapters 5–7)
 * over the internal dictionary model.  Per sentence: tokenise, classify
 * words with the dictionary index, attach agents, find compounds, resolve
 * pronouns, drop comma-delimited asides, split clauses, match verb patterns,
 * assign source and target, expand compounds and paired codes. */
#include "code/tokens.h"
#include "dict/dict.h"
#include "text/text.h"
#include "time/eventdate.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

/* word types */
enum {
    W_NULL = 0, W_LITR, W_ACTOR, W_AGENT, W_VERB, W_TIME, W_DETERM, W_NOUN, W_ADJ, W_AUX,
    W_BY, W_COMMA, W_PRONOUN, W_CONJ, W_NUMBER, W_QUOTE, W_OFIN
};

typedef struct actref {
    int first, last;        /* token span (inclusive)                    */
    const char *code;       /* resolved code, possibly "A/B"              */
    const char *base;       /* the code before agents were applied        */
    int compound;           /* compound group id, -1 none                 */
    int agent_tok;          /* agent attached, -1                         */
} actref;

typedef struct wtok {
    uint8_t type;
    uint8_t active;         /* not removed by comma-clause elimination    */
    uint8_t in_compound;    /* conj/comma inside a compound phrase        */
    int span_end;           /* last token of the dictionary match          */
    int actor;              /* index into actors when type ACTOR/PRONOUN   */
    an_verb *verb;
    an_agent *agent;
    uint8_t special;        /* CODE_DISCARD/CODE_COMPLEX found here        */
    uint8_t nominal;        /* a verb after a determiner ("the signing of"):
                               only patterns that spell the determiner code */
    uint8_t nslot;          /* annals: a verb word in a noun's place
                               ("power stations"): noun_slot() */
} wtok;

typedef struct ev_tmp {
    const char *src, *tgt, *code;
    int src_actor, tgt_actor, verb_tok, verb_end;
    uint8_t subordinate, dominant;
} ev_tmp;

/* a dictionary phrase of more than one word whose first word matches a
 * token text */
typedef struct ccand {
    const an_seq *q;
    void *entry;
    uint32_t pos;      /* its place among the candidates of the text      */
    uint16_t letters;  /* phrase_letters                                   */
    uint8_t type;      /* IX_*                                             */
    uint16_t next;     /* an adjacent second word: the first letter the
                          next token must have, or 256 * the first + the
                          second when it must have two; else 0           */
    uint8_t second;    /* first letter of a token its second word matches,
                          0 when that can be any                          */
} ccand;

/* What the coder knows of a token text (a word or a number), computed the
 * first time it sees the text: the dictionary entries that can start there
 * (the best one-word entry, which matches wherever the text is, and the
 * longer phrases, sorted by next and pos), its special_type(), and the
 * words patterns need that it matches (an_needix ids). */
typedef struct ccent {
    void *one;          /* best one-word entry, or NULL                  */
    uint32_t one_pos;
    uint16_t one_letters;
    uint8_t one_type;
    uint8_t special;    /* special_type(), W_*                           */
    uint32_t wflags;    /* word_flags(), WF_*                            */
    uint32_t nmulti;
    uint32_t nmulti0;   /* the first nmulti0 of multi have next 0        */
    uint64_t nextbits;  /* bit (first letter & 63) of the adjacent second
                           word of each of the others                    */
    uint32_t nids;
    const ccand *multi;
    const uint32_t *ids; /* the an_needix ids it matches                 */
    const char *key;
    uint32_t klen;
} ccent;

/* the coder's cache: token text -> ccent (in the arena; a sentence's
 * entries stay put, the cache is only cleared between sentences) */
typedef struct ccslot {
    uint64_t h;
    uint64_t w8;        /* the text's first 8 bytes (an_tok_word8)       */
    uint32_t klen;
    ccent *e;
} ccslot;

typedef struct ccache {
    ccslot *slots;
    size_t cap, count;
    an_arena arena;
} ccache;

struct annals_coder {
    const annals_dict *d;
    annals_coder_options opt;
    an_arena arena;
    an_tok *toks;
    size_t tokcap;
    wtok *w;
    size_t wcap;
    actref *actors;
    size_t nactors, actcap;
    int ncompounds;
    /* results */
    annals_event *events;
    size_t nevents, evcap;
    an_spanvec sents;
    annals_sentence_status *sstat;
    size_t sstatcap;
    int32_t date;
    int story_discard;      /* a PETRARCH "+" discard phrase matched */
    annals_tagger *tagger;  /* dates events from their own sentences */
    ccache cc;              /* token text -> what the coder knows of it (ccent) */
    /* the ccent of each token (NULL for commas and quotes) */
    const ccent **tent;
    uint32_t *tflags;       /* the word_flags() of each token (0: commas, quotes) */
    size_t tentcap;
    /* the an_needix ids in the sentence: a bit each, the list of those that
       are keys of some an_patindex and the list of the others (to clear the
       bits for the next sentence) */
    uint64_t *present;
    uint32_t *plist, *pother;
    size_t npresent, nother, idcap;
    struct sent *sent;      /* annals_coder_code()'s sentence state */
    /* pattern_candidates(): a mark per pattern, the result */
    uint64_t *pmark;
    uint32_t *pcand;
    size_t pcap;            /* patterns pmark and pcand hold */
    an_sentdate *sdates;
    size_t sdatecap;
    /* the subject carried from one sentence to the next for pronouns */
    char carry[64];
    char fwd_key[128];
    const char *story_date;
    const annals_story *story;
    int nomem;              /* an allocation failed while coding a sentence */
    int amode;              /* annals_mode(d), for the story being coded */
};

/* ---------------- word matching ---------------- */

static int ends_with_e(const char *w, size_t wl) { return wl && w[wl - 1] == 'E'; }

static int suffix_ok(const char *t, size_t tl, const char *w, size_t wl, int endings)
{
    const char *sfx = t + wl;
    size_t sl = tl - wl;
    if (endings == END_NONE)
        return 0;
    if (endings == END_VERB_STRICT) {
        char last = wl ? w[wl - 1] : 0;
        int sib = last == 'S' || last == 'X' || last == 'Z' || last == 'O' ||
                  (wl >= 2 && (!memcmp(w + wl - 2, "CH", 2) || !memcmp(w + wl - 2, "SH", 2)));
        if ((sl == 1 && sfx[0] == 'S' && !sib) || (sl == 2 && !memcmp(sfx, "ES", 2) && sib) ||
            (sl == 3 && !memcmp(sfx, "ING", 3)) || (sl == 2 && !memcmp(sfx, "ED", 2) && last != 'E') ||
            (sl == 1 && sfx[0] == 'D' && last == 'E'))
            return 1;
        return 0;
    }
    if ((sl == 1 && sfx[0] == 'S') || (sl == 2 && !memcmp(sfx, "'S", 2)) ||
        (sl == 2 && !memcmp(sfx, "ES", 2)) || (sl == 1 && sfx[0] == '\''))
        return 1;
    if (endings == END_VERB || endings == END_NOUN) {
        if ((sl == 2 && (!memcmp(sfx, "ED", 2) || !memcmp(sfx, "EN", 2))) ||
            (sl == 3 && !memcmp(sfx, "ING", 3)))
            return endings == END_VERB;
        if (sl == 1 && sfx[0] == 'D' && ends_with_e(w, wl))
            return endings == END_VERB;
        if (sl == 1 && sfx[0] == 'N' && ends_with_e(w, wl))
            return endings == END_VERB;
    }
    return 0;
}

/* does token t match dictionary word e? */
static int match_word(const an_elem *e, const char *t, size_t tl)
{
    size_t wl = e->len;
    const char *w = e->word;
    int verbish = e->endings == END_VERB || e->endings == END_VERB_STRICT;
    if (tl < wl - (verbish && ends_with_e(w, wl) ? 1 : 0))
        return 0;
    if (tl >= wl && memcmp(t, w, wl) == 0) {
        if (e->match == WM_STEM || tl == wl)
            return 1;
        if (e->match == WM_NOEND)
            return 0;
        if (suffix_ok(t, tl, w, wl, e->endings))
            return 1;
        /* doubled final consonant: STOPPED, PLANNING */
        if (verbish && tl > wl && t[wl] == w[wl - 1] &&
            (!strcmp(t + wl + 1, "ED") || !strcmp(t + wl + 1, "ING") || !strcmp(t + wl + 1, "EN")))
            return 1;
        return 0;
    }
    /* final y: SUPPLY -> SUPPLIED, SUPPLIES; COUNTRY -> COUNTRIES */
    if (e->endings != END_NONE && e->match != WM_NOEND && wl >= 2 && w[wl - 1] == 'Y' &&
        tl == wl + 2 && memcmp(t, w, wl - 1) == 0 &&
        (!memcmp(t + wl - 1, "IES", 3) || (verbish && !memcmp(t + wl - 1, "IED", 3))))
        return 1;
    /* silent e dropped: MAKE -> MAKING */
    if (verbish && e->match != WM_NOEND && ends_with_e(w, wl) && tl == wl + 2 &&
        memcmp(t, w, wl - 1) == 0 && !memcmp(t + wl - 1, "ING", 3))
        return 1;
    return 0;
}

/* ---------------- classification ---------------- */

typedef struct cand {
    uint8_t type;
    void *entry;
    int end;           /* last token matched                   */
    unsigned letters;  /* dictionary phrase letters            */
} cand;

static unsigned phrase_letters(const an_seq *q)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < q->n; i++)
        if (q->el[i].kind == EL_WORD)
            n += q->el[i].len;
    return n;
}

static int is_boundary_tok(const an_tok *t) { return t->kind == TK_COMMA; }

/* matches a word phrase starting at token i, from its element k0 on (the
 * earlier ones matched at i); returns the last token or -1 */
static int match_phrase_from(const an_seq *q, const an_tok *toks, int ntok, int i, uint16_t k0)
{
    int p = i;
    for (uint16_t k = k0; k < q->n; k++) {
        const an_elem *e = &q->el[k];
        if (e->kind != EL_WORD)
            return -1;
        if (k == 0) {
            if (!match_word(e, toks[p].s, toks[p].len))
                return -1;
            continue;
        }
        int found = -1;
        int lim = e->adj ? p + 1 : p + 6;
        for (int j = p + 1; j <= lim && j < ntok; j++) {
            if (is_boundary_tok(&toks[j]))
                break;
            if (toks[j].kind != TK_QUOTE && match_word(e, toks[j].s, toks[j].len)) {
                found = j;
                break;
            }
        }
        if (found < 0)
            return -1;
        p = found;
    }
    return p;
}

static int match_phrase(const an_seq *q, const an_tok *toks, int ntok, int i)
{
    return match_phrase_from(q, toks, ntok, i, 0);
}

static int type_rank(uint8_t ix)
{
    switch (ix) {
    case IX_ACTOR: return 4;
    case IX_AGENT: return 3;
    case IX_NOUN: case IX_ADJ: return 2;
    default: return 1;
    }
}

/* ---- candidates of a token: every index entry whose first word could
 * match it (the word itself, its stems, the word without a regular ending).
 * They depend only on the token's text, so each coder caches them. ---- */

typedef struct cvec {
    const an_ixent *v[256];
    unsigned n;
} cvec;

static void collect_key(const annals_dict *d, const char *k, size_t kl, cvec *out)
{
    const an_ixslot *s = an_dict_index_get(d, k, kl);
    if (!s)
        return;
    for (uint32_t j = 0; j < s->n && out->n < 256; j++) {
        const an_ixent *e = &s->v[j];
        int dup = 0;
        for (unsigned q = 0; q < out->n && !dup; q++)
            dup = out->v[q] == e;
        if (!dup)
            out->v[out->n++] = e;
    }
}

static void collect_candidates(const annals_dict *d, const char *s, size_t n, cvec *out)
{
    out->n = 0;
    collect_key(d, s, n, out);
    /* stems: every prefix length that some stem key has */
    uint32_t lens = d->ix.stem_lens;
    for (size_t l = 1; l < n && l < 32; l++)
        if (lens & (1u << l))
            collect_key(d, s, l, out);
    /* -IED / -IES -> -Y */
    if (n > 4 && n < 60 && (!memcmp(s + n - 3, "IED", 3) || !memcmp(s + n - 3, "IES", 3))) {
        char tmp[64];
        memcpy(tmp, s, n - 3);
        tmp[n - 3] = 'Y';
        collect_key(d, tmp, n - 2, out);
    }
    /* regular endings stripped */
    static const char *const sfx[] = {"'S", "S'", "S", "ES", "ED", "EN", "ING", "D", "N", "'"};
    for (size_t k = 0; k < sizeof sfx / sizeof sfx[0]; k++) {
        size_t sl = strlen(sfx[k]);
        if (n > sl + 1 && !memcmp(s + n - sl, sfx[k], sl)) {
            size_t base = n - sl;
            if (!strcmp(sfx[k], "S'"))
                base = n - 1;
            if (base >= 32 || !(lens & (1u << base)))
                collect_key(d, s, base, out);
            /* MAKING -> MAKE, STOPPED -> STOP */
            if ((!strcmp(sfx[k], "ING") || !strcmp(sfx[k], "ED")) && base < 60) {
                char tmp[64];
                memcpy(tmp, s, base);
                tmp[base] = 'E';
                collect_key(d, tmp, base + 1, out);
                if (base >= 2 && s[base - 1] == s[base - 2])
                    collect_key(d, s, base - 1, out);
            }
        }
    }
}

#define CC_MAX_SLOTS ((size_t)1 << 18)

static void ccache_clear(ccache *cc)
{
    if (cc->slots)
        memset(cc->slots, 0, cc->cap * sizeof *cc->slots);
    cc->count = 0;
    an_arena_reset(&cc->arena);
}

static const an_seq *entry_phrase(const an_ixent *e)
{
    switch (e->type) {
    case IX_ACTOR: return &((an_actor *)e->entry)->phrase;
    case IX_AGENT: return &((an_agent *)e->entry)->phrase;
    case IX_VERB: return &((an_verb *)e->entry)->phrase;
    default: return &((an_plain *)e->entry)->phrase;
    }
}

static int ccand_cmp(const void *a, const void *b)
{
    const ccand *x = a, *y = b;
    if (x->next != y->next)
        return x->next < y->next ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static uint8_t special_type(const an_tok *t);

/* Closed-class words the coding rules look for, a bit each.  A token's bits
 * are worked out once per distinct text (word_flags(), kept in its ccent)
 * and copied per sentence into c->tflags, so the rules test a bit instead of
 * comparing the token with lists of words. */
enum {
    WF_NEG = 1u << 0,      /* NOT, NEVER, NEITHER, NOR, NO, a word in -N'T    */
    WF_NEITHER = 1u << 1,  /* NEITHER                                       */
    WF_DENY = 1u << 2,     /* DENY, DENIES, DENIED, DENYING                 */
    WF_FUTURE = 1u << 3,   /* WILL, WOULD, SHALL, 'LL                        */
    WF_MODAL = 1u << 4,    /* MIGHT, COULD                                  */
    WF_OPENADV = 1u << 5,  /* opens an adverbial phrase (opening_adverbial) */
    WF_SPEECH = 1u << 6,   /* a verb of saying (speech_at)                  */
    WF_PREVERB = 1u << 7,  /* stands before verbs, not nouns (preverbal_at) */
    WF_LOCPREP = 1u << 8,  /* a preposition of place (locative_actor)       */
    WF_PREP = 1u << 9,     /* a preposition with an object (prep_object)    */
    WF_REGION = 1u << 10,  /* names a part of a country (region_at)         */
    WF_THAT = 1u << 11,    /* THAT                                          */
    WF_CANLIKE = 1u << 12, /* WOULD, COULD, MIGHT, WILL, CAN (spoken_threats) */
    WF_MAY = 1u << 13      /* MAY (the verb, or the month)                  */
};

static const struct {
    const char *w;
    uint32_t f;
} word_classes[] = {
    {"NOT", WF_NEG | WF_PREVERB}, {"NEVER", WF_NEG | WF_PREVERB}, {"NEITHER", WF_NEG | WF_NEITHER},
    {"NOR", WF_NEG}, {"NO", WF_NEG},
    {"DENY", WF_DENY}, {"DENIES", WF_DENY}, {"DENIED", WF_DENY}, {"DENYING", WF_DENY},
    {"WILL", WF_FUTURE | WF_CANLIKE}, {"WOULD", WF_FUTURE | WF_CANLIKE}, {"SHALL", WF_FUTURE},
    {"'LL", WF_FUTURE}, {"MIGHT", WF_MODAL | WF_CANLIKE}, {"COULD", WF_MODAL | WF_CANLIKE},
    {"MAY", WF_MAY}, {"CAN", WF_CANLIKE}, {"THAT", WF_THAT | WF_PREVERB},
    /* opening_adverbial */
    {"DURING", WF_OPENADV}, {"AFTER", WF_OPENADV}, {"BEFORE", WF_OPENADV},
    {"IN", WF_OPENADV | WF_LOCPREP}, {"ON", WF_OPENADV | WF_PREP}, {"AT", WF_OPENADV | WF_LOCPREP},
    {"WHEN", WF_OPENADV | WF_PREVERB}, {"WHILE", WF_OPENADV | WF_PREVERB}, {"FOLLOWING", WF_OPENADV},
    {"DESPITE", WF_OPENADV}, {"AMID", WF_OPENADV}, {"UNDER", WF_OPENADV}, {"AS", WF_OPENADV},
    {"SINCE", WF_OPENADV}, {"UNTIL", WF_OPENADV}, {"BY", WF_OPENADV | WF_PREP},
    {"FROM", WF_OPENADV | WF_PREP}, {"WITHIN", WF_OPENADV}, {"THROUGHOUT", WF_OPENADV | WF_LOCPREP},
    {"ONCE", WF_OPENADV}, {"ALTHOUGH", WF_OPENADV}, {"THOUGH", WF_OPENADV}, {"BECAUSE", WF_OPENADV},
    {"IF", WF_OPENADV | WF_PREVERB}, {"WITHOUT", WF_OPENADV}, {"AGAINST", WF_OPENADV | WF_PREP},
    /* speech_at */
    {"SAID", WF_SPEECH}, {"SAYS", WF_SPEECH}, {"SAY", WF_SPEECH}, {"SAYING", WF_SPEECH},
    {"TOLD", WF_SPEECH}, {"TELLS", WF_SPEECH}, {"ANNOUNCED", WF_SPEECH}, {"ANNOUNCES", WF_SPEECH},
    {"DECLARED", WF_SPEECH}, {"DECLARES", WF_SPEECH}, {"STATED", WF_SPEECH}, {"STATES", WF_SPEECH},
    {"CLAIMED", WF_SPEECH}, {"CLAIMS", WF_SPEECH}, {"REPORTED", WF_SPEECH}, {"REPORTS", WF_SPEECH},
    {"CONFIRMED", WF_SPEECH}, {"CONFIRMS", WF_SPEECH}, {"ADDED", WF_SPEECH}, {"INSISTED", WF_SPEECH},
    {"ALLEGED", WF_SPEECH}, {"ALLEGES", WF_SPEECH}, {"ASSERTED", WF_SPEECH}, {"NOTED", WF_SPEECH},
    {"BELIEVED", WF_SPEECH}, {"ARGUED", WF_SPEECH}, {"REVEALED", WF_SPEECH},
    {"DISCLOSED", WF_SPEECH}, {"FOUND", WF_SPEECH}, {"CONCLUDED", WF_SPEECH},
    /* preverbal_at (with NOT, NEVER, THAT, WHEN, WHILE, IF above) */
    {"TO", WF_PREVERB | WF_PREP}, {"WHO", WF_PREVERB}, {"WHICH", WF_PREVERB}, {"ALSO", WF_PREVERB},
    {"NOW", WF_PREVERB}, {"STILL", WF_PREVERB}, {"OFTEN", WF_PREVERB}, {"ALREADY", WF_PREVERB},
    {"AGAIN", WF_PREVERB}, {"THEN", WF_PREVERB}, {"SOON", WF_PREVERB}, {"JUST", WF_PREVERB},
    {"EVEN", WF_PREVERB}, {"ONLY", WF_PREVERB}, {"ALWAYS", WF_PREVERB}, {"TOO", WF_PREVERB},
    {"YET", WF_PREVERB}, {"SO", WF_PREVERB}, {"THUS", WF_PREVERB}, {"WHERE", WF_PREVERB},
    {"WE", WF_PREVERB}, {"I", WF_PREVERB}, {"YOU", WF_PREVERB}, {"ONE", WF_PREVERB},
    {"ALONE", WF_PREVERB},
    /* locative_actor (with IN, AT, THROUGHOUT above) */
    {"NEAR", WF_LOCPREP}, {"OUTSIDE", WF_LOCPREP}, {"INSIDE", WF_LOCPREP}, {"ACROSS", WF_LOCPREP},
    /* prep_object (with TO, ON, BY, FROM, AGAINST above) */
    {"INTO", WF_PREP}, {"ONTO", WF_PREP}, {"WITH", WF_PREP}, {"OF", WF_PREP}, {"FOR", WF_PREP},
    {"OVER", WF_PREP}, {"TOWARD", WF_PREP}, {"TOWARDS", WF_PREP}, {"ABOUT", WF_PREP},
    {"BETWEEN", WF_PREP}, {"AMONG", WF_PREP},
    /* region_at */
    {"EASTERN", WF_REGION}, {"WESTERN", WF_REGION}, {"NORTHERN", WF_REGION},
    {"SOUTHERN", WF_REGION}, {"CENTRAL", WF_REGION}, {"NORTHEASTERN", WF_REGION},
    {"NORTHWESTERN", WF_REGION}, {"SOUTHEASTERN", WF_REGION}, {"SOUTHWESTERN", WF_REGION},
    {"NORTH-EASTERN", WF_REGION}, {"NORTH-WESTERN", WF_REGION}, {"SOUTH-EASTERN", WF_REGION},
    {"SOUTH-WESTERN", WF_REGION}, {"RURAL", WF_REGION}, {"OCCUPIED", WF_REGION},
    {"NEIGHBOURING", WF_REGION}, {"NEIGHBORING", WF_REGION}, {"WAR-TORN", WF_REGION},
};

/* the WF_* bits of token text s[0..n) */
static uint32_t word_flags(const char *s, size_t n)
{
    uint32_t f = 0;
    for (size_t i = 0; i < sizeof word_classes / sizeof word_classes[0]; i++) {
        const char *w = word_classes[i].w;
        if (w[0] == s[0] && strlen(w) == n && !memcmp(w, s, n))
            f |= word_classes[i].f;
    }
    if (n > 3 && !memcmp(s + n - 3, "N'T", 3))
        f |= WF_NEG | WF_PREVERB;
    if (n > 3 && !memcmp(s + n - 2, "LY", 2))
        f |= WF_PREVERB;
    return f;
}

/* fills e (but its key) for token text s[0..n) from the index, the phrases
 * into multi[256], the ids into *ids (idcap of them; grown with
 * an_realloc when it is not the caller's buffer, *own): -1 out of memory */
static int fill_entry(ccent *e, ccand *multi, uint32_t **ids, size_t *idcap, int *own,
                      const annals_dict *d, const char *s, size_t n)
{
    cvec tmp;
    collect_candidates(d, s, n, &tmp);
    memset(e, 0, sizeof *e);
    e->multi = multi;
    for (unsigned j = 0; j < tmp.n; j++) {
        const an_ixent *x = tmp.v[j];
        const an_seq *q = entry_phrase(x);
        int words = 1;
        for (uint16_t k = 0; k < q->n && words; k++)
            words = q->el[k].kind == EL_WORD;
        /* a phrase with other elements never matches (match_phrase) */
        if (!words || (q->n && !match_word(&q->el[0], s, n)))
            continue;
        unsigned letters = phrase_letters(q);
        if (q->n <= 1) {
            /* the first of the most letters and the highest rank wins */
            if (!e->one || letters > e->one_letters ||
                (letters == e->one_letters && type_rank(x->type) > type_rank(e->one_type))) {
                e->one = x->entry;
                e->one_type = x->type;
                e->one_letters = (uint16_t)letters;
                e->one_pos = j;
            }
            continue;
        }
        ccand *c = &multi[e->nmulti++];
        c->q = q;
        c->entry = x->entry;
        c->pos = j;
        c->letters = (uint16_t)letters;
        c->type = x->type;
        const an_elem *w2 = &q->el[1];
        size_t rl2 = an_word_reqlen(w2);
        c->next = !w2->adj || !w2->len ? 0
                  : rl2 >= 2 ? (uint16_t)(256 * (uint8_t)w2->word[0] + (uint8_t)w2->word[1])
                  : (uint8_t)w2->word[0];
        c->second = rl2 ? (uint8_t)w2->word[0] : 0;
    }
    if (e->nmulti > 1)
        qsort(multi, e->nmulti, sizeof *multi, ccand_cmp);
    for (uint32_t k = 0; k < e->nmulti; k++) {
        uint16_t nx = multi[k].next;
        if (!nx)
            e->nmulti0 = k + 1;
        else
            e->nextbits |= 1ull << ((nx >= 256 ? nx >> 8 : nx) & 63);
    }
    an_tok t;
    memset(&t, 0, sizeof t);
    t.s = s;
    t.len = (uint32_t)n;
    t.kind = n && an_isdigit((unsigned char)s[0]) ? TK_NUMBER : TK_WORD;
    e->special = special_type(&t);
    e->wflags = word_flags(s, n);
    /* the words patterns need that match s: keyed by a prefix of s */
    const an_needix *x = &d->needix;
    for (size_t l = 1; l <= n && x->cap; l++) {
        if (l < 64 ? !((x->lens >> l) & 1) : !x->long_keys)
            continue;
        const an_needslot *sl = an_needix_get(x, s, l);
        for (uint32_t k = 0; sl && k < sl->n; k++) {
            const an_needent *ne = &x->ents[sl->off + k];
            if (!match_word(ne->word, s, n))
                continue;
            uint32_t q = 0;
            while (q < e->nids && (*ids)[q] != ne->id)
                q++;
            if (q < e->nids)
                continue;
            if (e->nids == *idcap) {
                uint32_t *ni = an_realloc(*own ? *ids : NULL, 2 * *idcap * sizeof *ni);
                if (!ni)
                    return -1;
                if (!*own)
                    memcpy(ni, *ids, *idcap * sizeof *ni);
                *ids = ni;
                *own = 1;
                *idcap *= 2;
            }
            (*ids)[e->nids++] = ne->id;
        }
    }
    return 0;
}

static const ccent *token_entry_new(ccache *cc, const annals_dict *d, const char *s, size_t n,
                                    uint64_t w8, uint64_t h, size_t j);

/* the entry of token text s[0..n) (w8: its first 8 bytes, an_tok_word8):
 * from the cache, or computed and cached; NULL when out of memory.  The
 * lookup is kept small (it runs for every token); token_entry_new() fills
 * an entry the first time a text is seen. */
static inline const ccent *token_entry(ccache *cc, const annals_dict *d, const char *s, size_t n,
                                       uint64_t w8)
{
    uint64_t h = n <= 8 ? an_hash_word(w8, n) : an_hash(s, n);
    size_t j = h & (cc->cap - 1);
    if (cc->cap) {
        while (cc->slots[j].e) {
            const ccslot *sl = &cc->slots[j];
            if (sl->h == h && sl->w8 == w8 && sl->klen == n &&
                (n <= 8 || !memcmp(sl->e->key + 8, s + 8, n - 8)))
                return sl->e;
            j = (j + 1) & (cc->cap - 1);
        }
    }
    return token_entry_new(cc, d, s, n, w8, h, j);
}

/* token_entry() for a text not in the cache: j is the free slot its probe
 * ended at (any value while the cache has no slots yet) */
static __attribute__((noinline)) const ccent *token_entry_new(ccache *cc, const annals_dict *d,
                                                              const char *s, size_t n, uint64_t w8,
                                                              uint64_t h, size_t j)
{
    if (!cc->cap) {
        cc->slots = an_calloc(4096, sizeof *cc->slots);
        if (!cc->slots)
            return NULL;
        cc->cap = 4096;
        j = h & (cc->cap - 1);
    }
    if ((cc->count + 1) * 10 >= cc->cap * 7) {
        ccslot *ns = an_calloc(cc->cap * 2, sizeof *ns);
        if (!ns)
            return NULL;
        for (size_t i = 0; i < cc->cap; i++) {
            if (!cc->slots[i].e)
                continue;
            size_t k = cc->slots[i].h & (cc->cap * 2 - 1);
            while (ns[k].e)
                k = (k + 1) & (cc->cap * 2 - 1);
            ns[k] = cc->slots[i];
        }
        an_free(cc->slots);
        cc->slots = ns;
        cc->cap *= 2;
        j = h & (cc->cap - 1);
        while (cc->slots[j].e)
            j = (j + 1) & (cc->cap - 1);
    }
    ccand multi[256];
    uint32_t ibuf[64], *ids = ibuf;
    size_t idcap = sizeof ibuf / sizeof ibuf[0];
    int own = 0;
    ccent tmp;
    int rc = fill_entry(&tmp, multi, &ids, &idcap, &own, d, s, n);
    /* one block: the entry, its ids, its phrases, its key */
    size_t ib = ((size_t)tmp.nids * sizeof *ids + 7) & ~(size_t)7;
    size_t mb = (size_t)tmp.nmulti * sizeof *multi;
    char *blk = rc ? NULL : an_arena_alloc(&cc->arena, sizeof(ccent) + ib + mb + n + 1);
    if (!blk) {
        if (own)
            an_free(ids);
        return NULL;
    }
    ccent *e = (ccent *)(void *)blk;
    uint32_t *ci = (uint32_t *)(void *)(blk + sizeof(ccent));
    ccand *cm = (ccand *)(void *)(blk + sizeof(ccent) + ib);
    char *key = blk + sizeof(ccent) + ib + mb;
    memcpy(key, s, n);
    key[n] = 0;
    if (tmp.nmulti)
        memcpy(cm, multi, mb);
    if (tmp.nids)
        memcpy(ci, ids, tmp.nids * sizeof *ids);
    if (own)
        an_free(ids);
    *e = tmp;
    e->key = key;
    e->klen = (uint32_t)n;
    e->multi = cm;
    e->ids = ci;
    cc->slots[j].h = h;
    cc->slots[j].w8 = w8;
    cc->slots[j].klen = (uint32_t)n;
    cc->slots[j].e = e;
    cc->count++;
    return e;
}

/* before a sentence of n tokens: the cache holds at most CC_MAX_SLOTS
 * texts, so it starts over when the sentence might go beyond */
static void ccache_room(ccache *cc, size_t n)
{
    if (cc->count + n > CC_MAX_SLOTS / 2)
        ccache_clear(cc);
}

/* the longest dictionary phrase at token i: the most letters, then the most
 * tokens, then actors before agents before nouns before verbs, then the
 * first candidate (collect_candidates' order) */
static void best_match(const ccent *sl, const an_tok *toks, int ntok, int i, cand *best)
{
    memset(best, 0, sizeof *best);
    uint32_t bpos = 0;
    if (sl->one) {
        best->type = sl->one_type;
        best->entry = sl->one;
        best->end = i;
        best->letters = sl->one_letters;
        bpos = sl->one_pos;
    }
    if (!sl->nmulti)
        return;
    /* the phrases whose second word may be anywhere, then those whose
       adjacent second word starts with the next token's first letter, or
       with its first two */
    const an_tok *nx = i + 1 < ntok ? &toks[i + 1] : NULL;
    uint16_t want1 = nx && nx->len ? (uint8_t)nx->s[0] : 0;
    uint16_t want2 = nx && nx->len >= 2 ? (uint16_t)(256 * want1 + (uint8_t)nx->s[1]) : 0;
    /* the first letters (modulo 64) of the tokens a second word can match,
       bit 0 once known */
    uint64_t seen = 0;
    const ccand *c = sl->multi, *end = c + sl->nmulti;
    for (int pass = 0; pass < 3; pass++) {
        uint16_t want = pass == 0 ? 0 : pass == 1 ? want1 : want2;
        if (pass == 0 && !sl->nmulti0)
            continue;
        if (pass) {
            if (!want || !((sl->nextbits >> (want1 & 63)) & 1))
                break; /* no phrase goes on with the next token's first letter */
            size_t lo = 0, hi = (size_t)(end - sl->multi);
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (sl->multi[mid].next < want)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            c = sl->multi + lo;
        }
        for (; c < end && c->next == want; c++) {
            if (best->entry && c->letters < best->letters)
                continue; /* cannot be better */
            if (c->second && !seen) {
                seen = 1;
                for (int j = i + 1; j <= i + 6 && j < ntok && !is_boundary_tok(&toks[j]); j++)
                    if (toks[j].kind != TK_QUOTE && toks[j].len)
                        seen |= 1ull << ((uint8_t)toks[j].s[0] & 63);
            }
            if (c->second && !((seen >> (c->second & 63)) & 1))
                continue; /* its second word is not there */
            int e = match_phrase_from(c->q, toks, ntok, i, 1);
            if (e < 0)
                continue;
            int better = !best->entry || c->letters > best->letters;
            if (!better && c->letters == best->letters) {
                int rc = type_rank(c->type), rb = type_rank(best->type);
                better = e > best->end ||
                         (e == best->end && (rc > rb || (rc == rb && c->pos < bpos)));
            }
            if (better) {
                best->type = c->type;
                best->entry = c->entry;
                best->end = e;
                best->letters = c->letters;
                bpos = c->pos;
            }
        }
    }
}

static int streq(const an_tok *t, const char *w)
{
    size_t l = strlen(w);
    return t->len == l && !memcmp(t->s, w, l);
}

static uint8_t special_type(const an_tok *t)
{
    if (t->kind == TK_COMMA)
        return W_COMMA;
    if (t->kind == TK_QUOTE)
        return W_QUOTE;
    if (t->kind == TK_NUMBER)
        return W_NUMBER;
    if (streq(t, "A") || streq(t, "AN") || streq(t, "THE"))
        return W_DETERM;
    if (streq(t, "AND") || streq(t, "BUT") || streq(t, "OR") || streq(t, "NOR"))
        return W_CONJ;
    if (streq(t, "HE") || streq(t, "SHE") || streq(t, "IT") || streq(t, "THEY") ||
        streq(t, "THEM") || streq(t, "THEIR") || streq(t, "HIS") || streq(t, "HER") ||
        streq(t, "ITS") || streq(t, "HIM"))
        return W_PRONOUN;
    if (streq(t, "WAS") || streq(t, "WERE") || streq(t, "BEEN") || streq(t, "BEING") ||
        streq(t, "IS") || streq(t, "ARE") || streq(t, "BE"))
        return W_AUX;
    if (streq(t, "BY"))
        return W_BY;
    if (streq(t, "OF") || streq(t, "IN"))
        return W_OFIN;
    return W_NULL;
}

/* the WF_* bits of token k */
static inline uint32_t tfl(const struct sent *S, int k);

/* a word naming a part of a country ("rebels in eastern Ukraine") */
static int region_at(const struct sent *S, int k) { return (tfl(S, k) & WF_REGION) != 0; }

/* annals' own coding (not under TABARI or PETRARCH options) may use rules
 * that depart from TABARI's for modern prose */
static int annals_mode(const annals_dict *d) { return !d->has_tabari_options && !d->petrarch; }

/* ---------------- coder object ---------------- */

annals_coder *annals_coder_new(const annals_dict *dict, const annals_coder_options *opt,
                               annals_error *err)
{
    if (!dict) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no dictionary");
        return NULL;
    }
    annals_coder *c = an_calloc(1, sizeof *c);
    if (!c) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    c->d = dict;
    if (opt)
        c->opt = *opt;
    annals_limits def;
    annals_limits_default(&def);
    if (!c->opt.limits.max_sentence_tokens)
        c->opt.limits.max_sentence_tokens = def.max_sentence_tokens;
    if (!c->opt.limits.max_events_per_sentence)
        c->opt.limits.max_events_per_sentence = def.max_events_per_sentence;
    if (!c->opt.limits.max_story_bytes)
        c->opt.limits.max_story_bytes = def.max_story_bytes;
    an_arena_init(&c->arena, 64 * 1024);
    an_arena_init(&c->cc.arena, 256 * 1024);
    return c;
}

void annals_coder_free(annals_coder *c)
{
    if (!c)
        return;
    an_free(c->toks);
    an_free(c->w);
    an_free(c->actors);
    an_free(c->events);
    an_free(c->sstat);
    an_spanvec_free(&c->sents);
    an_arena_free(&c->arena);
    annals_tagger_free(c->tagger);
    an_free(c->sdates);
    an_free(c->cc.slots);
    an_arena_free(&c->cc.arena);
    an_free(c->tent);
    an_free(c->tflags);
    an_free(c->present);
    an_free(c->plist);
    an_free(c->pother);
    an_free(c->pmark);
    an_free(c->pcand);
    an_free(c->sent);
    an_free(c);
}

size_t annals_coder_event_count(const annals_coder *c) { return c ? c->nevents : 0; }

const annals_event *annals_coder_event(const annals_coder *c, size_t i)
{
    return c && i < c->nevents ? &c->events[i] : NULL;
}

size_t annals_coder_sentence_count(const annals_coder *c) { return c ? c->sents.n : 0; }

annals_sentence_status annals_coder_sentence_status(const annals_coder *c, size_t i)
{
    return c && i < c->sents.n ? c->sstat[i] : ANNALS_SENT_NULL;
}

void annals_coder_sentence_span(const annals_coder *c, size_t i, size_t *start, size_t *end)
{
    if (!c || i >= c->sents.n) {
        if (start)
            *start = 0;
        if (end)
            *end = 0;
        return;
    }
    if (start)
        *start = c->sents.v[i].start;
    if (end)
        *end = c->sents.v[i].end;
}

/* atoi(s) (strtol's white space, sign and saturation, then int) without
 * the library call */
static int atoi_c(const char *s)
{
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    unsigned long long v = 0;
    int over = 0;
    for (; an_isdigit((unsigned char)*s); s++) {
        if (v > (ULLONG_MAX - 9) / 10)
            over = 1;
        else
            v = v * 10 + (unsigned)(*s - '0');
    }
    long r;
    if (neg)
        r = over || v > (unsigned long long)LONG_MAX + 1 ? LONG_MIN : (long)(0 - v);
    else
        r = over || v > (unsigned long long)LONG_MAX ? LONG_MAX : (long)v;
    return (int)r;
}

static int32_t date_num(const char *s)
{
    if (!s || strlen(s) < 10)
        return 0;
    int y = atoi_c(s), m = atoi_c(s + 5), dd = atoi_c(s + 8);
    if (y <= 0 || m < 1 || m > 12 || dd < 1 || dd > 31)
        return 0;
    return y * 10000 + m * 100 + dd;
}

/* the date (YYYYMMDD) an actor's dated codes are resolved at: the sentence's
 * own date at its precision's middle (1971 -> 19710701, 1971-08 -> 19710815),
 * else the story date */
static int32_t sentdate_num(const an_sentdate *sd, int32_t story_date)
{
    const char *d = sd->date;
    if (!d[0] || !an_isdigit((unsigned char)d[0]) || strlen(d) < 4)
        return story_date;
    /* a decade ("the 1950s" is 195X): its middle year */
    if (an_isdigit((unsigned char)d[1]) && an_isdigit((unsigned char)d[2]) && d[3] == 'X')
        return ((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + 5) * 10000 + 701;
    for (int i = 0; i < 4; i++)
        if (!an_isdigit((unsigned char)d[i]))
            return story_date;
    int y = atoi_c(d), m = 7, dd = 1;
    size_t dl = strlen(d);
    if (dl >= 7 && d[4] == '-' && an_isdigit((unsigned char)d[5])) {
        m = atoi_c(d + 5);
        dd = 15;
        if (dl >= 10 && d[7] == '-')
            dd = atoi_c(d + 8);
    }
    if (y <= 0 || m < 1 || m > 12 || dd < 1 || dd > 31)
        return story_date;
    return y * 10000 + m * 100 + dd;
}

/* ---------------- sentence coding ---------------- */

typedef struct sent {
    uint64_t prefixes[16]; /* an_prefix_hash of every token prefix of length 1..3 */
    int have_prefixes;     /* prefixes is filled (legacy_prefixes)          */
    const char *synth_tgt; /* an implied target code (annals: protests) */
    const char *null_src;  /* PETRARCH: a role with no actor as source ("---GOV") */
    int tail_clause;       /* PETRARCH: coding the final ", X said" clause */
    int tgt_carry;         /* annals: the target of the last event, or -1 */
    int carry_verb, carry_lo; /* annals: the verb whose subject is the running
                              source, and the start of its clause, or -1 */
    int own_place;         /* object_after passed over the source's own
                              country named bare ("attacked Damascus") */
    int capped;            /* events were left out at the per-sentence limit */
    uint32_t wflags;       /* the WF_* bits of all its tokens (sentence_words) */
    int any_special;       /* classify() gave a token a special code */
    int any_agent;         /* classify() found an agent */
    annals_coder *c;
    an_tok *t;
    wtok *w;
    int n;
    int status; /* annals_sentence_status */
    ev_tmp ev[512];
    int nev;
} sent;

static inline uint32_t tfl(const sent *S, int k) { return S->c->tflags[k]; }

static const char *combine_agent(annals_coder *c, const char *actor, const an_agent *ag, int former)
{
    const char *role = former ? "ELI" : ag->code;
    size_t rl = strlen(role), al = strlen(actor);
    if (!rl)
        return actor;
    /* already present on a 3-character boundary? */
    if (!ag->prefix) {
        for (size_t k = 0; k + rl <= al; k += 3)
            if (!memcmp(actor + k, role, rl) && k > 0)
                return actor;
    } else {
        if (al >= rl && !memcmp(actor, role, rl))
            return actor;
    }
    char *r = an_arena_alloc(&c->arena, al + rl + 1);
    if (!r)
        return actor;
    if (ag->prefix) {
        memcpy(r, role, rl);
        memcpy(r + rl, actor, al);
    } else {
        memcpy(r, actor, al);
        memcpy(r + al, role, rl);
    }
    r[al + rl] = 0;
    return r;
}

/* applies an agent to a possibly compound code "A/B" */
static const char *apply_agent(annals_coder *c, const char *code, const an_agent *ag, int former)
{
    if (!strchr(code, '/'))
        return combine_agent(c, code, ag, former);
    an_buf b;
    an_buf_init(&b);
    const char *p = code;
    while (*p) {
        const char *q = strchr(p, '/');
        size_t l = q ? (size_t)(q - p) : strlen(p);
        char *one = an_arena_strndup(&c->arena, p, l);
        if (!one)
            break;
        if (b.len)
            an_buf_putc(&b, '/');
        an_buf_puts(&b, combine_agent(c, one, ag, former));
        p = q ? q + 1 : p + l;
    }
    const char *r = b.p ? an_arena_strdup(&c->arena, b.p) : code;
    an_buf_free(&b);
    return r ? r : code;
}

static int add_actor(annals_coder *c, int first, int last, const char *code)
{
    if (c->nactors == c->actcap) {
        size_t nc = c->actcap ? c->actcap * 2 : 32;
        actref *na = an_realloc(c->actors, nc * sizeof *na);
        if (!na) {
            c->nomem = 1;
            return -1;
        }
        c->actors = na;
        c->actcap = nc;
    }
    actref *a = &c->actors[c->nactors];
    a->first = first;
    a->last = last;
    a->code = code;
    a->base = code;
    a->compound = -1;
    a->agent_tok = -1;
    return (int)c->nactors++;
}

/* annals: a word ending in TAIL ("-ED", "-S") */
static int tok_ends(const an_tok *t, const char *tail)
{
    size_t l = strlen(tail);
    return t->len > l + 1 && !memcmp(t->s + t->len - l, tail, l);
}

/* annals: words that stand before a verb, not before a noun ("who
 * supplies", "also demands", "to aid") */
static int preverbal_at(const struct sent *S, int k) { return (tfl(S, k) & WF_PREVERB) != 0; }

/* annals: is the verb-dictionary word at i a noun by its place?  After an
 * adjective, a number or ITS/THEIR/HIS ("economic aid", "two attacks",
 * "its forces"); a plural -S form also after a lower-case word, a noun or a
 * role ("power stations", "border stations", "rebel attacks") when no object
 * follows it ("the army attacks the town" keeps its verb).  Never a past
 * form in -ED. */
static int noun_slot(sent *S, int i)
{
    const an_tok *t = &S->t[i], *p = &S->t[i - 1];
    uint8_t pw = S->w[i - 1].type;
    if (tok_ends(t, "ED"))
        return 0;
    if (pw == W_ADJ || pw == W_NUMBER ||
        (pw == W_PRONOUN && (streq(p, "ITS") || streq(p, "THEIR") || streq(p, "HIS"))))
        return 1;
    if (!tok_ends(t, "S") || tok_ends(t, "SS"))
        return 0;
    if (i + 1 < S->n) {
        const an_tok *nt = &S->t[i + 1];
        const ccent *ne = S->c->tent[i + 1];
        uint8_t ns = ne ? ne->special : special_type(nt);
        if (nt->cap || ns == W_DETERM || ns == W_PRONOUN || ns == W_NUMBER)
            return 0;
    }
    if (pw == W_NOUN || pw == W_AGENT)
        return 1;
    return pw == W_NULL && p->kind == TK_WORD && !p->cap && !preverbal_at(S, i - 1);
}

static void classify(sent *S)
{
    annals_coder *c = S->c;
    const annals_dict *d = c->d;
    int n = S->n;
    int allcaps = 1;
    for (int i = 0; i < n; i++)
        if (S->t[i].lower)
            allcaps = 0;
    c->nactors = 0;
    for (int i = 0; i < n;) {
        wtok *w = &S->w[i];
        w->actor = -1;
        w->span_end = i;
        cand best;
        const ccent *te = c->tent[i]; /* words and numbers */
        if (te && te->nmulti) {
            best_match(te, S->t, n, i, &best);
        } else {
            memset(&best, 0, sizeof best);
            if (te && te->one) { /* best_match() of a text that starts no longer phrase */
                best.type = te->one_type;
                best.entry = te->one;
                best.end = i;
                best.letters = te->one_letters;
            }
        }
        if (!best.entry) {
            w->type = te ? te->special : special_type(&S->t[i]);
            i++;
            continue;
        }
        w->span_end = best.end;
        switch (best.type) {
        case IX_ACTOR: {
            an_actor *a = best.entry;
            const an_datecode *dc = an_codeset_resolve(a->codes, c->date);
            if (!dc || dc->kind == CODE_NULL) {
                w->type = W_NOUN;
            } else if (dc->kind == CODE_DISCARD || dc->kind == CODE_COMPLEX ||
                       dc->kind == CODE_DISCARD_STORY) {
                w->type = W_NOUN;
                w->special = dc->kind;
                S->any_special = 1;
                if (dc->kind == CODE_DISCARD_STORY) {
                    w->special = CODE_DISCARD;
                    c->story_discard = 1;
                }
            } else {
                w->type = W_ACTOR;
                w->actor = add_actor(c, i, best.end, dc->code);
                if (w->actor < 0)
                    w->type = W_NOUN;
            }
            break;
        }
        case IX_AGENT: {
            an_agent *ag = best.entry;
            if (ag->kind == CODE_NULL) {
                w->type = W_NOUN;
            } else if (ag->kind == CODE_DISCARD || ag->kind == CODE_COMPLEX) {
                w->type = W_NOUN;
                w->special = ag->kind;
                S->any_special = 1;
            } else {
                w->type = W_AGENT;
                w->agent = ag;
                S->any_agent = 1;
            }
            break;
        }
        case IX_VERB: {
            an_verb *v = best.entry;
            an_verb *root = v->root;
            if (v->is_time || root->is_time) {
                w->type = W_TIME;
                if (root->code.kind == CODE_DISCARD || root->code.kind == CODE_COMPLEX) {
                    w->special = root->code.kind;
                    S->any_special = 1;
                }
                break;
            }
            if (root->is_attrib) {
                w->type = W_NULL;
                break;
            }
            int prev_det = i > 0 && S->w[i - 1].type == W_DETERM;
            int capitalised = i > 0 && !allcaps && S->t[i].cap && S->t[i].lower;
            /* annals: a noun by its place is a nominal like one after a
               determiner */
            int nslot = !prev_det && !capitalised && i > 0 && best.end == i && annals_mode(d) &&
                        noun_slot(S, i);
            if (prev_det && !capitalised && annals_mode(d)) {
                /* annals: nominalisations code through their own patterns */
                if (root->any_det) {
                    w->type = W_VERB;
                    w->verb = root;
                    w->nominal = 1;
                    break;
                }
            }
            if (prev_det || capitalised) {
                w->type = W_NOUN;
                break;
            }
            if (root->code.kind == CODE_NULL && root->npats == 0) {
                w->type = W_NULL;
                break;
            }
            if (root->code.kind == CODE_DISCARD || root->code.kind == CODE_COMPLEX) {
                w->special = root->code.kind;
                S->any_special = 1;
            }
            w->type = W_VERB;
            w->verb = root;
            w->nslot = (uint8_t)nslot;
            break;
        }
        case IX_NOUN: w->type = W_NOUN; break;
        case IX_ADJ: w->type = W_ADJ; break;
        default: w->type = W_LITR; break;
        }
        /* tokens inside the match are literal parts of it */
        for (int k = i + 1; k <= best.end; k++) {
            S->w[k].type = W_LITR;
            S->w[k].actor = -1;
            S->w[k].span_end = k;
        }
        /* gaps inside a phrase (Al "The Weasel" Gore) keep their own words but
           we skip to after the phrase for classification */
        i = best.end + 1;
    }
}

static int next_tok(sent *S, int i) /* next active token index or n */
{
    for (i++; i < S->n; i++)
        if (S->w[i].active)
            return i;
    return S->n;
}

static int prev_tok(sent *S, int i)
{
    for (i--; i >= 0; i--)
        if (S->w[i].active)
            return i;
    return -1;
}

static void attach_agents(sent *S)
{
    annals_coder *c = S->c;
    if (!S->any_agent)
        return;
    for (int i = 0; i < S->n; i++) {
        wtok *w = &S->w[i];
        if (w->type != W_AGENT)
            continue;
        /* "former" before the agent or before the actor makes an elite (manual 5.4.1) */
        int former = i > 0 && streq(&S->t[i - 1], "FORMER");
        int target = -1;
        int j = w->span_end + 1;
        /* actor immediately before: ACTOR (FORMER) AGENT; PETRARCH also
           "ACTOR'S first deputy AGENT", "ACTOR'S awful and evil AGENT" */
        if (i > 0) {
            int k = i - 1;
            while (k >= 0 && (S->w[k].type == W_LITR || streq(&S->t[k], "FORMER")))
                k--;
            if (c->d->petrarch && k >= 0 && k < i - 1 && S->w[k].type != W_ACTOR)
                k = i - 1;
            if (c->d->petrarch && k >= 0 && S->w[k].type != W_ACTOR) {
                int m = k, skipped = 0;
                while (m >= 0 && skipped < 4 &&
                       (S->w[m].type == W_NULL || S->w[m].type == W_ADJ ||
                        (S->w[m].type == W_CONJ && streq(&S->t[m], "AND"))))
                    m--, skipped++;
                if (m >= 0 && S->w[m].type == W_ACTOR && S->t[m].len > 2 &&
                    !memcmp(S->t[m].s + S->t[m].len - 2, "'S", 2))
                    k = m;
            }
            if (k >= 0 && S->w[k].type == W_ACTOR && c->actors[S->w[k].actor].agent_tok < 0) {
                target = S->w[k].actor;
                if (k > 0 && streq(&S->t[k - 1], "FORMER"))
                    former = 1;
            }
        }
        /* actor immediately after: AGENT ACTOR */
        if (target < 0 && j < S->n && S->w[j].type == W_ACTOR &&
            c->actors[S->w[j].actor].agent_tok < 0)
            target = S->w[j].actor;
        /* AGENT OF/IN (THE) ACTOR; PETRARCH also takes FROM, annals ACROSS
           and THROUGHOUT ("demonstrators across East Germany") */
        if (target < 0 && j < S->n &&
            (S->w[j].type == W_OFIN || (c->d->petrarch && streq(&S->t[j], "FROM")) ||
             (c->amode && (streq(&S->t[j], "ACROSS") || streq(&S->t[j], "THROUGHOUT"))))) {
            int k = j + 1;
            while (k < S->n && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ ||
                                (c->amode && S->w[k].type == W_NULL && region_at(S, k))))
                k++;
            if (k < S->n && S->w[k].type == W_ACTOR && c->actors[S->w[k].actor].agent_tok < 0)
                target = S->w[k].actor;
        }
        if (target < 0) {
            if (c->amode && w->agent->code[0] && !c->d->opts.convert_agents) {
                /* annals: a role with no country ("lawyers", "police") is an
                   actor whose country is filled in from the other side of an
                   event it is the target of */
                size_t cl = strlen(w->agent->code);
                char *code = an_arena_alloc(&c->arena, cl + 2);
                if (code) {
                    code[0] = '~';
                    memcpy(code + 1, w->agent->code, cl + 1);
                    int a = add_actor(c, i, w->span_end, code);
                    if (a >= 0) {
                        w->type = W_ACTOR;
                        w->actor = a;
                        continue;
                    }
                }
            }
            if (c->d->opts.convert_agents) {
                size_t cl = strlen(w->agent->code);
                char *code = an_arena_alloc(&c->arena, cl + 2);
                if (code) {
                    if (w->agent->prefix) {
                        memcpy(code, w->agent->code, cl);
                        code[cl] = '~';
                    } else {
                        code[0] = '~';
                        memcpy(code + 1, w->agent->code, cl);
                    }
                    code[cl + 1] = 0;
                    int a = add_actor(c, i, w->span_end, code);
                    if (a >= 0) {
                        w->type = W_ACTOR;
                        w->actor = a;
                    }
                }
            } else {
                w->type = W_NOUN; /* an agent with no actor is a noun */
            }
            continue;
        }
        actref *a = &c->actors[target];
        a->code = apply_agent(c, a->code, w->agent, former);
        a->agent_tok = i;
        w->type = W_LITR;
        if (i < a->first)
            a->first = i;
        if (w->span_end > a->last) {
            /* ACTOR AGENT: the actor now ends at the agent */
            a->last = w->span_end;
        }
    }
}

/* an NP is (DETERM|ADJ)* ACTOR; returns the actor token or -1 */
static int np_actor(sent *S, int i)
{
    /* PETRARCH's parses take any modifiers into a noun phrase ("the evil
       awful Gondor"); TABARI needs them in its adjective list */
    int loose = S->c->d->petrarch, unknown = 0;
    while (i < S->n && (S->w[i].type == W_DETERM || S->w[i].type == W_ADJ ||
                        (loose && S->w[i].type == W_NULL && S->t[i].kind == TK_WORD &&
                         ++unknown <= 3)))
        i++;
    if (i < S->n && S->w[i].type == W_ACTOR)
        return i;
    return -1;
}

static int actor_end(sent *S, int tok)
{
    const actref *a = &S->c->actors[S->w[tok].actor];
    int e = a->last;
    if (e < tok)
        e = tok;
    return e;
}

/* annals: token i is a noun, a verb word in a noun's place or a plain
 * lower-case word */
static int noun_like(sent *S, int i)
{
    const wtok *w = &S->w[i];
    return w->type == W_NOUN || (w->type == W_VERB && w->nslot) ||
           (w->type == W_NULL && S->t[i].kind == TK_WORD && !S->t[i].cap && !preverbal_at(S, i));
}

/* annals: token i, or the one after it when i is a plain noun modifier
 * ("steel plants"), is a verb word in a noun's place */
static int nslot_next(sent *S, int i)
{
    if (S->w[i].type == W_VERB && S->w[i].nslot)
        return 1;
    return i + 1 < S->n && S->w[i + 1].type == W_VERB && S->w[i + 1].nslot &&
           (S->w[i].type == W_NOUN || S->w[i].type == W_NULL || S->w[i].type == W_AGENT) &&
           !S->t[i].cap && !preverbal_at(S, i);
}

static void find_compounds(sent *S)
{
    annals_coder *c = S->c;
    for (int i = 0; i < S->n; i++) {
        if (S->w[i].type != W_ACTOR)
            continue;
        /* collect NP (, NP)* (AND|OR) NP */
        int members[64];
        int nm = 0;
        int seps[160];
        int ns = 0;
        members[nm++] = i;
        int p = actor_end(S, i) + 1;
        int closed = 0;
        while (p < S->n && nm < 63) {
            /* a coded compound ("the Shire" [FRO/BIL/SAM]) ends a parsed list
               (TABARI validation COMPOUND-07) */
            if (nm > 1 && !c->d->petrarch &&
                strchr(c->actors[S->w[members[nm - 1]].actor].code, '/')) {
                closed = 1;
                break;
            }
            if (S->w[p].type == W_COMMA && p + 1 < S->n && S->w[p + 1].type == W_CONJ &&
                (streq(&S->t[p + 1], "AND") || streq(&S->t[p + 1], "OR"))) {
                /* serial comma: "A, B, and C" */
                seps[ns++] = p;
                p++;
                continue;
            }
            if (S->w[p].type == W_COMMA) {
                int a = np_actor(S, p + 1);
                if (a < 0)
                    break;
                seps[ns++] = p;
                members[nm++] = a;
                p = actor_end(S, a) + 1;
                continue;
            }
            if (S->w[p].type == W_CONJ &&
                (streq(&S->t[p], "AND") || streq(&S->t[p], "OR") || streq(&S->t[p], "NOR"))) {
                int a = np_actor(S, p + 1);
                if (a < 0)
                    break;
                seps[ns++] = p;
                members[nm++] = a;
                p = actor_end(S, a) + 1;
                /* "Gondor and Arnor's Elrond": the possessor and the possessed
                   are both members (TABARI validation DEBUG-23) */
                if (p < S->n && S->w[p].type == W_ACTOR && S->t[a].len > 2 &&
                    !memcmp(S->t[a].s + S->t[a].len - 2, "'S", 2) && nm < 63) {
                    members[nm++] = p;
                    p = actor_end(S, p) + 1;
                }
                closed = 1;
                break;
            }
            break;
        }
        if (!closed) {
            /* commas without a final AND are not a compound list */
            continue;
        }
        /* annals: "A, and B" with two members joins two clauses ("Moscow
           protested to Beijing, and the Chinese embassy was besieged") */
        if (nm == 2 && ns == 2 && S->w[seps[0]].type == W_COMMA && c->amode)
            continue;
        int gid = c->ncompounds++;
        for (int k = 0; k < nm; k++)
            c->actors[S->w[members[k]].actor].compound = gid;
        for (int k = 0; k < ns; k++)
            S->w[seps[k]].in_compound = 1;
        i = p - 1;
    }
    /* compound nouns and adjectives: NOUN CONJ ADJ* NOUN ; ADJ CONJ ADJ */
    for (int i = 1; i + 1 < S->n; i++) {
        if (S->w[i].type != W_CONJ || S->w[i].in_compound)
            continue;
        /* annals: "shipped tanks, aircraft and food to Britain": AND ending
           a list of short noun phrases after a comma, with no verb after it
           in the sentence, ends the list, not the clause */
        if (c->amode && streq(&S->t[i], "AND")) {
            int cm = i - 1, words = 0;
            while (cm > 0 && S->w[cm].type != W_COMMA && S->w[cm].type != W_VERB &&
                   S->w[cm].type != W_CONJ && words < 3)
                cm--, words++;
            int verb_after = 0;
            for (int k = i + 1; k < S->n && !verb_after; k++)
                verb_after = S->w[k].type == W_VERB || S->w[k].type == W_COMMA;
            if (words >= 1 && S->w[cm].type == W_COMMA && !S->w[cm].in_compound && !verb_after) {
                S->w[i].in_compound = 1;
                S->w[cm].in_compound = 1;
                continue;
            }
        }
        uint8_t prev = S->w[i - 1].type;
        int k = i + 1;
        while (k < S->n && S->w[k].type == W_ADJ)
            k++;
        if (prev == W_NOUN && k < S->n && S->w[k].type == W_NOUN)
            S->w[i].in_compound = 1;
        /* annals: nouns the verb dictionary also knows ("power stations and
           steel plants in Indonesia") */
        else if (c->amode && streq(&S->t[i], "AND") && k < S->n &&
                 (S->w[i - 1].nslot || nslot_next(S, k)) && noun_like(S, i - 1) &&
                 (noun_like(S, k) || nslot_next(S, k)))
            S->w[i].in_compound = 1;
        /* annals: two words no dictionary knows, in lower case, joined by
           AND ("tents and blankets", "bread and freedom") */
        else if (c->amode && prev == W_NULL && k < S->n && S->w[k].type == W_NULL &&
                 streq(&S->t[i], "AND") && !S->t[i - 1].cap && !S->t[k].cap &&
                 S->t[i - 1].kind == TK_WORD && S->t[k].kind == TK_WORD)
            S->w[i].in_compound = 1;
        else if (prev == W_ADJ && S->w[i + 1].type == W_ADJ)
            S->w[i].in_compound = 1;
    }
}

/* PETRARCH: an agent governing a compound ("the ambassadors of A, B and C",
 * "lawmakers in A and B") applies to every member */
static void distribute_agents(sent *S)
{
    annals_coder *c = S->c;
    size_t n = c->nactors;
    for (size_t k = 0; k < n; k++) {
        actref *a = &c->actors[k];
        if (a->agent_tok < 0 || a->compound < 0 || a->agent_tok > a->first)
            continue;
        const an_agent *ag = S->w[a->agent_tok].agent;
        if (!ag)
            continue;
        for (size_t j = 0; j < n; j++) {
            actref *b = &c->actors[j];
            if (j == k || b->compound != a->compound || b->agent_tok >= 0)
                continue;
            b->code = apply_agent(c, b->code, ag, 0);
            b->agent_tok = a->agent_tok;
        }
    }
}

/* annals: "During his visit to Beijing, Khrushchev promised ...": a
 * possessive in an opening comma phrase refers to the first actor after the
 * comma that closes it; -1 when the pronoun is not in such a phrase */
static int opening_phrase_subject(sent *S, int i)
{
    int k = i + 1;
    while (k < S->n && S->w[k].type != W_COMMA && S->w[k].type != W_CONJ)
        k++;
    if (k >= S->n || S->w[k].type != W_COMMA)
        return -1;
    for (int j = 0; j < i; j++)
        if (S->w[j].type == W_COMMA || S->w[j].type == W_VERB)
            return -1; /* not the sentence's opening phrase */
    int a = next_tok(S, k);
    while (a < S->n && (S->w[a].type == W_DETERM || S->w[a].type == W_ADJ))
        a = next_tok(S, a);
    return a < S->n && S->w[a].type == W_ACTOR ? S->w[a].actor : -1;
}

static int possessive_tok(const an_tok *t);
static int is_actor_tok(sent *S, int i);

static void resolve_pronouns(sent *S)
{
    annals_coder *c = S->c;
    int first_actor = -1, first_compound = -1;
    for (int i = 0; i < S->n; i++) {
        wtok *w = &S->w[i];
        if (!w->active)
            continue; /* actors in dropped comma phrases are not referents */
        if (w->type == W_ACTOR) {
            if (first_actor < 0)
                first_actor = w->actor;
            if (first_compound < 0 && c->actors[w->actor].compound >= 0)
                first_compound = w->actor;
            continue;
        }
        if (w->type != W_PRONOUN)
            continue;
        const an_tok *t = &S->t[i];
        int ref = -1;
        int later = 0; /* fall back to an actor after the pronoun */
        if (streq(t, "HE") || streq(t, "SHE") || streq(t, "IT") || streq(t, "HIM")) {
            ref = first_actor;
            later = 1;
        } else if (streq(t, "ITS") || streq(t, "HIS") || streq(t, "HER")) {
            /* the first actor of the sentence, when it precedes the pronoun */
            if (first_actor >= 0 && c->actors[first_actor].first < i)
                ref = first_actor;
            else if (c->amode)
                ref = opening_phrase_subject(S, i);
        } else {
            ref = first_compound >= 0 ? first_compound : first_actor;
            later = 1;
        }
        const char *code = NULL;
        int compound = -1;
        if (ref >= 0) {
            code = c->actors[ref].code;
            compound = c->actors[ref].compound;
        } else if (c->carry[0]) {
            /* the subject of the previous sentence of the story */
            code = an_arena_strdup(&c->arena, c->carry);
        } else if (later) {
            /* TABARI: the first actor of the sentence, even after the pronoun */
            for (int k = i + 1; k < S->n && ref < 0; k++)
                if (S->w[k].type == W_ACTOR)
                    ref = S->w[k].actor;
            if (ref >= 0) {
                code = c->actors[ref].code;
                compound = c->actors[ref].compound;
            }
        }
        if (!code)
            continue;
        /* annals: "by his Vietnamese counterpart": a possessive before
           another country's actor does not stand for an actor of its own */
        if (c->amode && (possessive_tok(t) || streq(t, "THEIR")) && i + 1 < S->n &&
            S->w[i + 1].active && is_actor_tok(S, i + 1)) {
            const char *nc = c->actors[S->w[i + 1].actor].code;
            if (nc[0] != '~' && strlen(nc) >= 3 && strlen(code) >= 3 && memcmp(nc, code, 3))
                continue;
        }
        int a = add_actor(c, i, i, code);
        if (a < 0)
            continue;
        c->actors[a].compound = compound;
        w->actor = a;
        w->type = W_ACTOR;
        w->special = 0;
        /* a pronoun stands for the referent; the compound members come along */
    }
}


static int count_all(sent *S, int from, int to) /* non-comma tokens in [from,to) */
{
    int n = 0;
    for (int i = from; i < to; i++)
        if (S->w[i].type != W_COMMA && S->w[i].type != W_QUOTE)
            n++;
    return n;
}

/* TABARI's nonrestrictive-clause elimination (manual 7.8, 8.6).  Lengths are
 * chained: after a phrase is dropped, the next one is counted from the start
 * of the dropped one. */
/* annals: ", and Ukraine attacked ..." after the comma at c is a clause of
 * its own (a conjunction, then a verb before the next comma), not an aside */
static int coordinate_clause(sent *S, int c)
{
    if (!S->c->amode || c + 1 >= S->n || S->w[c + 1].type != W_CONJ ||
        S->w[c + 1].in_compound)
        return 0;
    for (int i = c + 2; i < S->n && S->w[i].type != W_COMMA; i++)
        if (S->w[i].type == W_VERB)
            return 1;
    return 0;
}

/* annals: the sentence opens with an adverbial phrase ("During his visit
 * to Beijing, Khrushchev promised ..."), so what follows its comma is the
 * main clause, however short */
static int opening_adverbial(sent *S)
{
    return S->c->amode && S->n > 0 && (tfl(S, 0) & WF_OPENADV);
}

static int speech_at(const sent *S, int k);

/* annals: the final phrase after comma c is a short attribution (", Israel
 * said"): an actor and a verb of saying, nothing else coded */
static int attribution(sent *S, int c)
{
    if (!S->c->amode)
        return 0;
    int actor = 0, speech = 0;
    for (int i = c + 1; i < S->n; i++) {
        if (S->w[i].type == W_ACTOR)
            actor = 1;
        else if (S->w[i].type == W_VERB) {
            if (!speech_at(S, i))
                return 0;
            speech = 1;
        }
    }
    return actor && speech;
}

/* annals: the final phrase after comma c starts with a present participle
 * of a verb of saying, demanding, accusing or rejecting (", accusing them of
 * spying", ", demanding the release of ..."): a second act of the main
 * clause's subject, kept.  Not the participles of consequence (", killing
 * dozens", ", leaving twenty dead"), which tell the same act's outcome. */
static int participle_phrase(sent *S, int c)
{
    static const char *const w[] = {"ACCUSING", "DEMANDING", "URGING", "CALLING", "WARNING",
                                     "THREATENING", "CONDEMNING", "CRITICIZING", "CRITICISING",
                                     "DENOUNCING", "BLAMING", "REJECTING", "PROTESTING",
                                     "APPEALING", "PRAISING", "DENYING", "VOWING", "PLEDGING"};
    if (!S->c->amode || c + 1 >= S->n || S->w[c + 1].type != W_VERB)
        return 0;
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
        if (streq(&S->t[c + 1], w[k]))
            return 1;
    return 0;
}

/* annals: the verb at v opens such a phrase */
static int participle_at(sent *S, int v)
{
    int c = prev_tok(S, v);
    return c >= 0 && S->w[c].type == W_COMMA && !S->w[c].in_compound && participle_phrase(S, c);
}

/* annals: a participle phrase follows in [from, hi) */
static int participle_in(sent *S, int from, int hi)
{
    for (int i = from; i < hi; i++)
        if (S->w[i].active && S->w[i].type == W_VERB && participle_at(S, i))
            return 1;
    return 0;
}

static void drop_comma_clauses(sent *S)
{
    const an_dopts *o = &S->c->d->opts;
    if (o->comma_off)
        return;
    int commas[512];
    int nc = 0;
    for (int i = 0; i < S->n && nc < 512; i++)
        if (S->w[i].type == W_COMMA && !S->w[i].in_compound)
            commas[nc++] = i;
    if (!nc)
        return;
    int chain = -1; /* start of the dropped run, or -1 */
    int len = count_all(S, 0, commas[0]);
    if (len > o->comma_bmin && len <= o->comma_bmax) {
        for (int i = 0; i <= commas[0]; i++)
            S->w[i].active = 0;
        chain = 0;
    }
    for (int k = 0; k + 1 < nc; k++) {
        int from = chain >= 0 ? chain : commas[k] + 1;
        len = count_all(S, from, commas[k + 1]);
        if (len > o->comma_min && len <= o->comma_max && !coordinate_clause(S, commas[k])) {
            for (int i = commas[k]; i <= commas[k + 1]; i++)
                S->w[i].active = 0;
            if (chain < 0)
                chain = commas[k] + 1;
        } else {
            chain = -1;
        }
    }
    int from = chain >= 0 ? chain : commas[nc - 1] + 1;
    len = count_all(S, from, S->n);
    if ((len > o->comma_emin || attribution(S, commas[nc - 1])) && len <= o->comma_emax &&
        !coordinate_clause(S, commas[nc - 1]) && !(nc == 1 && opening_adverbial(S)) &&
        !participle_phrase(S, commas[nc - 1]))
        for (int i = commas[nc - 1]; i < S->n; i++)
            S->w[i].active = 0;
    /* annals' own rule: when the dropped phrases held every verb, the
       sentence's main clause went with them; keep everything */
    if (S->c->amode) {
        int verb_kept = 0, verb_any = 0;
        for (int i = 0; i < S->n; i++)
            if (S->w[i].type == W_VERB) {
                verb_any = 1;
                verb_kept |= S->w[i].active;
            }
        if (verb_any && !verb_kept)
            for (int i = 0; i < S->n; i++)
                S->w[i].active = 1;
    }
}

/* ---------------- pattern matching ---------------- */

typedef struct pmatch {
    int src, tgt, cmp; /* actor indices or -1 */
    int budget;
    int var_letters;   /* letters matched by alternatives */
} pmatch;

static unsigned seq_letters_rt(const an_seq *q)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < q->n; i++)
        if (q->el[i].kind == EL_WORD)
            n += q->el[i].len;
    return n;
}

static int is_actor_tok(sent *S, int i) { return S->w[i].type == W_ACTOR && S->w[i].actor >= 0; }

static int tok_end(sent *S, int i)
{
    if (is_actor_tok(S, i)) {
        int e = S->c->actors[S->w[i].actor].last;
        return e > i ? e : i;
    }
    return S->w[i].span_end > i ? S->w[i].span_end : i;
}

static int match_seq(sent *S, const an_seq *q, int k, int pos, int lo, int hi, int adj_first,
                     pmatch *m, int *endp);

/* the first of options (those listed in idx[0..n), or the first n) that
 * matches at exactly token position p: returns the position after it, or
 * -1.  An option that starts with a word its token does not match is not
 * tried (it would fail; m is as before a failed try). */
static int match_options(sent *S, const an_seq *opts, const uint32_t *idx, uint32_t n, int p, int hi,
                         pmatch *m)
{
    const an_tok *t = &S->t[p];
    for (uint32_t i = 0; i < n; i++) {
        const an_seq *o = &opts[idx ? idx[i] : i];
        if (o->n && o->el[0].kind == EL_WORD &&
            ((o->el[0].len && (t->len == 0 || t->s[0] != o->el[0].word[0])) ||
             !match_word(&o->el[0], t->s, t->len)))
            continue;
        int endp;
        pmatch save = *m;
        if (match_seq(S, o, 0, p, p, hi, 1, m, &endp)) {
            m->var_letters += (int)seq_letters_rt(o);
            return endp;
        }
        *m = save;
    }
    return -1;
}

/* matches element e at exactly token position p; returns the position after it or -1 */
static int match_elem_at(sent *S, const an_elem *e, int p, int hi, pmatch *m)
{
    if (p >= hi || p < 0 || !S->w[p].active)
        return -1;
    switch (e->kind) {
    case EL_WORD:
        if (S->t[p].kind == TK_COMMA)
            return -1;
        /* annals: "in March 1965" is a month, not a march */
        if (S->c->amode && p > 0 && S->t[p].cap && S->t[p].lower &&
            ((e->len == 5 && !memcmp(e->word, "MARCH", 5)) || (e->len == 3 && !memcmp(e->word, "MAY", 3))))
            return -1;
        return match_word(e, S->t[p].s, S->t[p].len) ? next_tok(S, p) : -1;
    case EL_SOURCE: case EL_TARGET: case EL_SKIP: case EL_COMPOUND: case EL_ATTRIB: {
        if (!is_actor_tok(S, p))
            return -1;
        int a = S->w[p].actor;
        if (e->kind == EL_COMPOUND) {
            const actref *ar = &S->c->actors[a];
            if (ar->compound < 0 && !strchr(ar->code, '/'))
                return -1;
            m->cmp = a;
        } else if (e->kind == EL_SOURCE) {
            m->src = a;
        } else if (e->kind == EL_TARGET) {
            m->tgt = a;
        }
        int e2 = tok_end(S, p);
        /* a compound actor: skip the whole compound for ^ and for $ / + */
        int g = S->c->actors[a].compound;
        if (g >= 0) {
            for (int j = e2 + 1; j < hi; j++) {
                if (is_actor_tok(S, j) && S->c->actors[S->w[j].actor].compound == g)
                    e2 = tok_end(S, j);
                else if (!(S->w[j].in_compound || S->w[j].type == W_DETERM || S->w[j].type == W_ADJ))
                    break;
            }
        }
        return next_tok(S, e2);
    }
    case EL_SYNSET: {
        const an_synset *ss = e->synset;
        if (ss->mix) { /* only the members with the token's first letter */
            unsigned l = S->t[p].len ? ss->mix->slot[(unsigned char)S->t[p].s[0]] : 0;
            const uint32_t *li = ss->mix->list + ss->mix->off[l];
            uint32_t nl = ss->mix->off[l + 1] - ss->mix->off[l];
            return match_options(S, ss->members, li, nl, p, hi, m);
        }
        return match_options(S, ss->members, NULL, ss->n, p, hi, m);
    }
    case EL_ALT:
        return match_options(S, e->alt->opts, NULL, e->alt->n, p, hi, m);
    default:
        return -1;
    }
}

/* matches q->el[k..] starting at pos (the first may float unless adj_first
 * or its adj flag), within [lo, hi).  On success sets *endp (position after
 * the last element). */
static int match_seq(sent *S, const an_seq *q, int k, int pos, int lo, int hi, int adj_first,
                     pmatch *m, int *endp)
{
    if (k == q->n) {
        *endp = pos;
        return 1;
    }
    if (--m->budget < 0)
        return 0;
    const an_elem *e = &q->el[k];
    int must_adj = k == 0 ? adj_first : e->adj;
    int is_actor_el = e->kind == EL_SOURCE || e->kind == EL_TARGET || e->kind == EL_SKIP ||
                      e->kind == EL_COMPOUND || e->kind == EL_ATTRIB;
    for (int p = pos; p < hi; p = next_tok(S, p)) {
        if (p < lo || !S->w[p].active) {
            if (must_adj)
                return 0;
            continue;
        }
        if (S->t[p].kind == TK_COMMA && !S->w[p].in_compound)
            return 0;
        pmatch save = *m;
        int np = match_elem_at(S, e, p, hi, m);
        if (np >= 0 && match_seq(S, q, k + 1, np, lo, hi, 0, m, endp))
            return 1;
        *m = save;
        if (must_adj)
            return 0;
        if (is_actor_el && is_actor_tok(S, p))
            return 0; /* $ and + take the first actor in their place */
    }
    return 0;
}

static int actor_covering(sent *S, int p)
{
    if (is_actor_tok(S, p))
        return S->w[p].actor;
    for (size_t k = 0; k < S->c->nactors; k++) {
        const actref *a = &S->c->actors[k];
        if (a->first <= p && p <= a->last && S->w[a->first].type == W_ACTOR)
            return (int)k;
    }
    return -1;
}

/* start of element e if it ends at token p (pre-verb matching runs backward
 * from the verb, so "$ *" takes the actor nearest the verb); -1 if no match */
static int elem_start_ending_at(sent *S, const an_elem *e, int p, int lo, pmatch *m)
{
    switch (e->kind) {
    case EL_WORD:
        if (S->t[p].kind == TK_COMMA)
            return -1;
        return match_word(e, S->t[p].s, S->t[p].len) ? p : -1;
    case EL_SOURCE: case EL_TARGET: case EL_SKIP: case EL_COMPOUND: case EL_ATTRIB: {
        int a = actor_covering(S, p);
        if (a < 0)
            return -1;
        const actref *ar = &S->c->actors[a];
        int start = ar->first < p ? ar->first : p;
        if (S->w[p].type == W_PRONOUN || (is_actor_tok(S, p) && ar->first > p))
            start = p;
        int g = ar->compound;
        if (g >= 0) /* the whole compound phrase */
            for (size_t k = 0; k < S->c->nactors; k++)
                if (S->c->actors[k].compound == g && S->c->actors[k].first < start &&
                    S->c->actors[k].first >= lo && S->w[S->c->actors[k].first].type == W_ACTOR)
                    start = S->c->actors[k].first;
        if (e->kind == EL_COMPOUND) {
            if (g < 0 && !strchr(ar->code, '/'))
                return -1;
            m->cmp = a;
        } else if (e->kind == EL_SOURCE) {
            m->src = a;
        } else if (e->kind == EL_TARGET) {
            m->tgt = a;
        }
        return start;
    }
    case EL_SYNSET: case EL_ALT: {
        int want = next_tok(S, p);
        for (int q = p, steps = 0; q >= lo && steps < 12; q = prev_tok(S, q), steps++) {
            pmatch save = *m;
            int np = match_elem_at(S, e, q, want, m);
            if (np == want)
                return q;
            *m = save;
        }
        return -1;
    }
    default:
        return -1;
    }
}

static int match_seq_rev(sent *S, const an_seq *q, int k, int pos, int lo, int must_adj, pmatch *m)
{
    if (k < 0)
        return 1;
    if (--m->budget < 0)
        return 0;
    const an_elem *e = &q->el[k];
    int is_actor_el = e->kind == EL_SOURCE || e->kind == EL_TARGET || e->kind == EL_SKIP ||
                      e->kind == EL_COMPOUND || e->kind == EL_ATTRIB;
    for (int p = prev_tok(S, pos); p >= lo; p = prev_tok(S, p)) {
        if (S->t[p].kind == TK_COMMA && !S->w[p].in_compound)
            return 0;
        pmatch save = *m;
        int start = elem_start_ending_at(S, e, p, lo, m);
        if (start >= 0 && match_seq_rev(S, q, k - 1, start, lo, e->adj, m))
            return 1;
        *m = save;
        if (must_adj)
            return 0;
        if (is_actor_el && actor_covering(S, p) >= 0)
            return 0; /* $ and + take the nearest actor in their place */
    }
    return 0;
}

/* the region patterns of the verb at [v, vend] match in: the clause [lo, hi)
 * up to the nearest active commas */
static void pattern_region(sent *S, int v, int vend, int lo, int hi, int *l, int *h)
{
    *l = lo;
    *h = hi;
    for (int i = v - 1; i >= lo; i--)
        if (S->w[i].active && S->w[i].type == W_COMMA && !S->w[i].in_compound) {
            *l = i + 1;
            break;
        }
    for (int i = vend + 1; i < hi; i++)
        if (S->w[i].active && S->w[i].type == W_COMMA && !S->w[i].in_compound) {
            *h = i;
            break;
        }
}

/* matches pattern p: its words before the verb end before pre_at (from
 * pre_lo), its words after it start after vend (before h); match_pattern()
 * is the usual case, around the verb at [v, vend] within the region [l, h)
 * (pattern_region) */
static int match_around(sent *S, const an_pattern *p, int pre_at, int pre_lo, int vend, int h,
                        pmatch *m)
{
    m->src = m->tgt = m->cmp = -1;
    m->budget = 4000;
    m->var_letters = 0;
    if (p->pre.n && !match_seq_rev(S, &p->pre, p->pre.n - 1, pre_at, pre_lo, p->verb_adj_pre, m))
        return 0;
    if (p->post.n) {
        int endp;
        int start = next_tok(S, vend);
        if (!match_seq(S, &p->post, 0, start, start, h, p->verb_adj_post, m, &endp))
            return 0;
    }
    return 1;
}

static int match_pattern(sent *S, const an_pattern *p, int v, int vend, int l, int h, pmatch *m)
{
    return match_around(S, p, v, l, vend, h, m);
}

/* match_pattern(), and in annals mode, for a clause that starts with its
 * verb and shares the subject of the clause before ("Vietnamese forces
 * invaded Cambodia and took Phnom Penh"), also with the words before the
 * verb read before that clause's verb, so that patterns which name the
 * subject ("{ FORCES_ | TROOPS_ }_* +") see it. */
static int match_shared(sent *S, const an_pattern *p, int v, int vend, int l, int h, int shared,
                        pmatch *m)
{
    if (match_pattern(S, p, v, vend, l, h, m))
        return 1;
    return shared >= 0 && p->pre.n && match_around(S, p, shared, S->carry_lo, vend, h, m);
}

/* ---------------- source / target ---------------- */

static int first_actor_in(sent *S, int from, int to, const char *not_code)
{
    for (int i = from; i < to; i++) {
        if (!S->w[i].active || !is_actor_tok(S, i))
            continue;
        const actref *a = &S->c->actors[S->w[i].actor];
        /* a possessive THEIR standing for a compound counts as a distinct
           target (TABARI validation COMPOUND-24); THEY/THEM do not */
        int pron_compound = S->w[i].type == W_ACTOR && a->compound >= 0 && streq(&S->t[i], "THEIR") &&
                            !S->c->d->petrarch;
        if (not_code && !strcmp(a->code, not_code) && !pron_compound)
            continue;
        return S->w[i].actor;
    }
    return -1;
}

/* is the actor at token i the object of a place preposition ("in Beijing",
 * "at the Bucharest conference")? */
static int locative_actor(sent *S, int i)
{
    int k = prev_tok(S, i);
    while (k >= 0 && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
        k = prev_tok(S, k);
    return k >= 0 && (tfl(S, k) & WF_LOCPREP);
}

/* a verb of saying, whose complement clause has its own subject */
static int speech_at(const sent *S, int k) { return (tfl(S, k) & WF_SPEECH) != 0; }

/* is the actor at token i the object of a preposition ("into East Berlin",
 * "to Ukraine", "with China")? */
static int prep_object(sent *S, int i)
{
    int k = prev_tok(S, i);
    while (k >= 0 && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
        k = prev_tok(S, k);
    return k >= 0 && (tfl(S, k) & WF_PREP);
}

/* is the actor at token i in a BY phrase ("a ceasefire brokered by Moscow")? */
static int after_by(sent *S, int i)
{
    int k = prev_tok(S, i);
    while (k >= 0 && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
        k = prev_tok(S, k);
    return k >= 0 && streq(&S->t[k], "BY");
}

/* annals: ... or a later member of a compound that starts in one ("brokered
 * by the United States and France") */
static int compound_after_by(sent *S, int i)
{
    if (after_by(S, i))
        return 1;
    annals_coder *c = S->c;
    if (!c->amode || !is_actor_tok(S, i))
        return 0;
    int g = c->actors[S->w[i].actor].compound;
    if (g < 0)
        return 0;
    for (size_t k = 0; k < c->nactors; k++)
        if (c->actors[k].compound == g && c->actors[k].first < i &&
            S->w[c->actors[k].first].type == W_ACTOR)
            return after_by(S, c->actors[k].first);
    return 0;
}

/* are two codes the same party: the same country, or the same IGO/NGO
 * ("IGOUNO" and "IGOUNOMIL")? */
static int same_party(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < 3 || lb < 3 || a[0] == '~' || b[0] == '~')
        return 0;
    if (!memcmp(a, "IGO", 3) || !memcmp(a, "NGO", 3))
        return la >= 6 && lb >= 6 && !memcmp(a, b, 6);
    return !memcmp(a, b, 3);
}

/* is there a THAT between tokens a and b (a complement clause)? */
static int that_between(sent *S, int a, int b)
{
    for (int k = a; k < b; k++)
        if (S->w[k].active && streq(&S->t[k], "THAT"))
            return 1;
    return 0;
}

/* annals: a causative verb ("led Taipei to break off relations") */
static int causative_word(const an_tok *t)
{
    static const char *const w[] = {"LED", "FORCED", "PROMPTED", "PERSUADED", "CAUSED", "DROVE",
                                    "PUSHED", "COMPELLED", "OBLIGED", "INDUCED", "CONVINCED",
                                    "SPURRED", "PRESSURED", "LEADS", "FORCES", "PROMPTS", "FORCING",
                                    "PROMPTING", "LEADING"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (streq(t, w[i]))
            return 1;
    return 0;
}

/* annals: "Beijing's recognition led Taipei to break off relations": the
 * actor after a causative verb and before TO is the subject of the verb at
 * v after TO; -1 when there is none */
static int causee(sent *S, int v)
{
    int to = prev_tok(S, v);
    if (to < 1 || !streq(&S->t[to], "TO"))
        return -1;
    int a = prev_tok(S, to);
    while (a >= 0 && S->w[a].type == W_LITR)
        a = prev_tok(S, a);
    if (a < 0 || !is_actor_tok(S, a))
        return -1;
    int k = prev_tok(S, S->c->actors[S->w[a].actor].first);
    while (k >= 0 && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
        k = prev_tok(S, k);
    return k >= 0 && causative_word(&S->t[k]) ? S->w[a].actor : -1;
}

/* annals: a causative verb, an actor and TO ("led Taipei to") in [from, hi) */
static int causative_in(sent *S, int from, int hi)
{
    for (int i = from; i < hi; i++)
        if (S->w[i].active && S->w[i].type == W_VERB && S->w[i].verb && i > 0 && causee(S, i) >= 0)
            return 1;
    return 0;
}

/* the subject: the first actor before the verb; annals' own rules pass over
 * actors that only name a place when another actor is there */
static int subject_before(sent *S, int v, const char *not_code)
{
    int first = first_actor_in(S, 0, v, not_code);
    if (first < 0 || !S->c->amode)
        return first;
    int caused = causee(S, v);
    if (caused >= 0 && (!not_code || strcmp(S->c->actors[caused].code, not_code)))
        return caused;
    /* an actor in the verb's own comma segment is its subject
       ("On Sunday, the Soviet Union rejected ...") */
    int seg = 0;
    for (int i = v - 1; i >= 0; i--)
        if (S->w[i].type == W_COMMA && !S->w[i].in_compound) {
            seg = i + 1;
            break;
        }
    if (seg > 0) {
        for (int i = seg; i < v; i++)
            if (S->w[i].active && is_actor_tok(S, i) && !locative_actor(S, i) &&
                (!not_code || strcmp(S->c->actors[S->w[i].actor].code, not_code)))
                return S->w[i].actor;
    }
    /* reported speech: in "Ukraine said Russian troops looted museums" the
       subject of LOOTED is the actor after SAID, not the first one; after
       "told a delegation that ...", the actor after THAT */
    int pv = -1;
    for (int i = v - 1; i > first && i >= seg; i--)
        if (S->w[i].active && S->w[i].type == W_VERB) {
            pv = speech_at(S, i) ? i : -1;
            break;
        }
    if (pv >= 0)
        for (int i = v - 1; i > pv; i--)
            if ((tfl(S, i) & WF_THAT)) {
                pv = i;
                break;
            }
    if (pv >= 0) {
        /* "told reporters in Moscow he was confident": after TELL with no
           THAT, the first actor is the listener and the next the subject */
        const an_tok *pt = &S->t[pv];
        int listener = streq(pt, "TOLD") || streq(pt, "TELLS") || streq(pt, "TELL");
        int found = -1;
        /* "said soldiers in Myanmar raped ...": a role attached to the place
           after it starts the actor, so it is no prepositional object */
        for (int i = pv + 1; i < v; i++)
            if (S->w[i].active && is_actor_tok(S, i) &&
                ((!locative_actor(S, i) && !prep_object(S, i)) ||
                 S->c->actors[S->w[i].actor].first < i) &&
                (!not_code || strcmp(S->c->actors[S->w[i].actor].code, not_code))) {
                if (!listener)
                    return S->w[i].actor;
                if (found >= 0)
                    return S->w[i].actor;
                found = S->w[i].actor;
                i = tok_end(S, i);
            }
        if (found >= 0)
            return found;
    }
    for (int i = 0; i < v; i++) {
        if (!S->w[i].active || !is_actor_tok(S, i))
            continue;
        const char *code = S->c->actors[S->w[i].actor].code;
        if (not_code && !strcmp(code, not_code))
            continue;
        if (!locative_actor(S, i))
            return S->w[i].actor;
    }
    return first;
}

/* the default target after the verb: the first actor with a code other than
 * the source's; annals' own rules also pass over places ("in Moscow") and
 * a bare adjective of the source's own country ("offered American aid") */
/* actor a is "ITS/HIS/HER/THEIR ..." standing for the source's own country */
static int possessive_tok(const an_tok *t)
{
    return streq(t, "ITS") || streq(t, "HIS") || streq(t, "HER") || streq(t, "THEIR");
}

/* actor a is "ITS/HIS/HER/THEIR (adjectives) ..." standing for the source's
 * own country: the possessive itself, or a role after it ("its troops") */
static int own_possessive(sent *S, int a, const char *src_code)
{
    int f = S->c->actors[a].first;
    const char *code = S->c->actors[a].code;
    if (code[0] == '~') {
        int p = f - 1;
        while (p >= 0 && f - p <= 3 && (S->w[p].type == W_ADJ || S->w[p].type == W_NULL))
            p--;
        if (p < 0 || !possessive_tok(&S->t[p]) || !is_actor_tok(S, p))
            return 0;
        code = S->c->actors[S->w[p].actor].code;
    } else if (!possessive_tok(&S->t[f])) {
        return 0;
    }
    return strlen(code) >= 3 && strlen(src_code) >= 3 && !memcmp(code, src_code, 3);
}

static int object_after(sent *S, int from, int to, const char *not_code, const char *src_code,
                        int skip_places, int skip_by, int skip_roles)
{
    if (!S->c->amode)
        return first_actor_in(S, from, to, not_code);
    /* actors with a country first; a role alone ("lawyers") only when there
       is none.  Pass 0 also prefers another country's actor over one of the
       source's own ("ordered the mobilisation of the Russian army against
       Austria-Hungary"); pass 1 takes the first with a country; pass 2 a role. */
    for (int pass = 0; pass < 3; pass++) {
        for (int i = from; i < to; i++) {
            if (!S->w[i].active || !is_actor_tok(S, i))
                continue;
            const char *code = S->c->actors[S->w[i].actor].code;
            if ((code[0] == '~') != (pass == 2))
                continue;
            /* "India and Pakistan agreed to ease visa rules for businessmen":
               a compound source acting together is not acting on a role */
            if (pass == 2 && skip_roles)
                continue;
            if (pass == 0 && src_code && same_party(code, src_code))
                continue;
            if (not_code && !strcmp(code, not_code))
                continue;
            /* "China pulled its troops back", "Putin put his forces on
               alert": the source's own forces or people are not its target */
            if (src_code && own_possessive(S, S->w[i].actor, src_code))
                continue;
            if (src_code && strlen(code) == 3 && strlen(src_code) > 3 && !memcmp(code, src_code, 3)) {
                if (S->own_place < 0)
                    S->own_place = i;
                continue;
            }
            /* "Kennedy and Khrushchev met in Vienna": the place where a
               compound source acts together is not its target */
            if ((skip_places && locative_actor(S, i) && (skip_places == 1 || that_between(S, from, i))) ||
                (skip_by && compound_after_by(S, i)))
                continue;
            return S->w[i].actor;
        }
    }
    return -1;
}

static int compound_members(sent *S, int a, int *out, int max)
{
    annals_coder *c = S->c;
    int g = c->actors[a].compound;
    if (g < 0) {
        out[0] = a;
        return 1;
    }
    int n = 0;
    for (size_t k = 0; k < c->nactors && n < max; k++) {
        if (c->actors[k].compound != g)
            continue;
        /* pronoun copies share the group id but are not members */
        if (S->w[c->actors[k].first].type == W_PRONOUN)
            continue;
        int dup = 0;
        for (int j = 0; j < n; j++)
            if (!strcmp(c->actors[out[j]].code, c->actors[k].code))
                dup = 1;
        if (!dup)
            out[n++] = (int)k;
    }
    return n ? n : (out[0] = a, 1);
}

static void split_codes(annals_coder *c, const char *code, const char **out, int *n, int max)
{
    if (!strchr(code, '/')) {
        if (*n < max)
            out[(*n)++] = code;
        return;
    }
    const char *p = code;
    while (*p && *n < max) {
        const char *q = strchr(p, '/');
        size_t l = q ? (size_t)(q - p) : strlen(p);
        char *one = an_arena_strndup(&c->arena, p, l);
        if (one && l)
            out[(*n)++] = one;
        p = q ? q + 1 : p + l;
    }
}

static void emit(sent *S, int srca, int tgta, const an_evcode *ec, int v, int vend)
{
    annals_coder *c = S->c;
    int sm[64], tm[64];
    int ns = srca >= 0 ? compound_members(S, srca, sm, 64) : 0;
    int nt = tgta >= 0 ? compound_members(S, tgta, tm, 64) : 0;
    /* with a DEFAULT target active, a target found among the source's own
       compound is that one actor (TABARI validation DEFAULT-07b) */
    if (c->d->opts.default_target && srca >= 0 && tgta >= 0 && srca != tgta &&
        c->actors[srca].compound >= 0 &&
        c->actors[srca].compound == c->actors[tgta].compound) {
        tm[0] = tgta;
        nt = 1;
    }
    const char *scodes[128], *tcodes[128];
    int nsc = 0, ntc = 0;
    int sact[128], tact[128];
    for (int i = 0; i < ns; i++) {
        int before = nsc;
        split_codes(c, c->actors[sm[i]].code, scodes, &nsc, 128);
        for (int k = before; k < nsc; k++)
            sact[k] = sm[i];
    }
    for (int i = 0; i < nt; i++) {
        int before = ntc;
        split_codes(c, c->actors[tm[i]].code, tcodes, &ntc, 128);
        for (int k = before; k < ntc; k++)
            tact[k] = tm[i];
    }
    if (srca == -2 && c->d->opts.default_source) {
        scodes[nsc] = c->d->opts.default_source;
        sact[nsc++] = -1;
    }
    if (tgta == -2 && c->d->opts.default_target) {
        tcodes[ntc] = c->d->opts.default_target;
        tact[ntc++] = -1;
    }
    if (S->synth_tgt && tgta == -5) {
        tcodes[ntc] = S->synth_tgt;
        tact[ntc++] = -1;
    }
    if (srca == -6) {
        scodes[nsc] = S->null_src ? S->null_src : "---";
        sact[nsc++] = -1;
    }
    if (tgta == -6) {
        tcodes[ntc] = "---";
        tact[ntc++] = -1;
    }
    if (!nsc || !ntc)
        return;
    if (c->amode) {
        /* role-only actors ("~COP"): a source of unknown country codes
           nothing; a target takes the source's country */
        int k = 0;
        for (int i = 0; i < nsc; i++) {
            if (scodes[i][0] == '~') {
                /* "Protesters criticised the government of Kenya": a role
                   acting on a country's own institution is of that country */
                const char *t0 = ntc == 1 ? tcodes[0] : NULL;
                size_t tl = t0 ? strlen(t0) : 0;
                /* "Protesters blocked the roads in Baghdad": protesters in a
                   country's place protest against its government */
                int protest_place = t0 && tl == 3 && isupper((unsigned char)t0[0]) &&
                                    tact[0] >= 0 && ec->code && !strncmp(ec->code, "14", 2) &&
                                    memcmp(t0, "IGO", 3) && memcmp(t0, "NGO", 3) && memcmp(t0, "IMG", 3);
                if (!protest_place && (!t0 || tl < 6 || t0[0] == '~' || !memcmp(t0, "IGO", 3) ||
                                       !memcmp(t0, "NGO", 3) || !memcmp(t0, "IMG", 3)))
                    continue;
                char *full = an_arena_alloc(&c->arena, strlen(scodes[i]) + 3);
                if (!full)
                    continue;
                memcpy(full, t0, 3);
                strcpy(full + 3, scodes[i] + 1);
                scodes[i] = full;
                if (protest_place) {
                    char *g = an_arena_alloc(&c->arena, 7);
                    if (!g)
                        continue;
                    memcpy(g, t0, 3);
                    memcpy(g + 3, "GOV", 4);
                    tcodes[0] = g;
                }
            }
            sact[k] = sact[i];
            scodes[k++] = scodes[i];
        }
        nsc = k;
        if (!nsc)
            return;
    }
    for (int i = 0; i < nsc; i++) {
        for (int j = 0; j < ntc; j++) {
            const char *tc = tcodes[j];
            if (tc[0] == '~' && c->amode) {
                if (strlen(scodes[i]) < 3 || !memcmp(scodes[i], "IGO", 3) ||
                    !memcmp(scodes[i], "NGO", 3) || !memcmp(scodes[i], "IMG", 3))
                    continue;
                char *full = an_arena_alloc(&c->arena, strlen(tc) + 3);
                if (!full)
                    continue;
                memcpy(full, scodes[i], 3);
                strcpy(full + 3, tc + 1);
                tc = full;
            }
            if (!strcmp(scodes[i], tc))
                continue;
            /* annals: "Chiang Kai-shek flew to Taiwan": no consultation,
               visit or cooperation (roots 01-06) with one's own country */
            if (c->amode && strlen(tc) == 3 && !strncmp(scodes[i], tc, 3) && ec->code &&
                ec->code[0] == '0' && ec->code[1] >= '1' && ec->code[1] <= '6')
                continue;
            for (int pass = 0; pass < 1 + (ec->pair != NULL); pass++) {
                if (S->nev >= (int)(sizeof S->ev / sizeof S->ev[0]) ||
                    (size_t)S->nev >= c->opt.limits.max_events_per_sentence) {
                    S->capped = 1; /* reported once per sentence */
                    return;
                }
                ev_tmp *e = &S->ev[S->nev];
                e->src = pass ? tc : scodes[i];
                e->tgt = pass ? scodes[i] : tc;
                e->src_actor = pass ? tact[j] : sact[i];
                e->tgt_actor = pass ? sact[i] : tact[j];
                e->code = pass ? ec->pair : ec->code;
                e->verb_tok = v;
                e->verb_end = vend;
                e->subordinate = ec->subordinate;
                e->dominant = ec->dominant;
                int dup = 0;
                for (int k = 0; k < S->nev; k++)
                    if (!strcmp(S->ev[k].src, e->src) && !strcmp(S->ev[k].tgt, e->tgt) &&
                        !strcmp(S->ev[k].code, e->code))
                        dup = 1;
                if (!dup)
                    S->nev++;
            }
        }
    }
}

/* a passive verb form: WAS/WERE/BEEN/IS/ARE/BE (and at most one adverb)
 * right before an inflected verb ("was attacked", "were shot") */
static int passive_form(sent *S, int v)
{
    int p = prev_tok(S, v);
    if (p >= 0 && S->w[p].type == W_NULL && S->t[p].len > 2 &&
        !memcmp(S->t[p].s + S->t[p].len - 2, "LY", 2))
        p = prev_tok(S, p);
    if (p < 0 || S->w[p].type != W_AUX)
        return 0;
    const an_tok *t = &S->t[v];
    if (t->len > 3 && !memcmp(t->s + t->len - 3, "ING", 3))
        return 0; /* "is attacking" */
    const an_seq *ph = &S->w[v].verb->phrase;
    return !(ph->n && ph->el[0].kind == EL_WORD && ph->el[0].len == t->len &&
             !memcmp(ph->el[0].word, t->s, t->len)); /* inflected, not the base form */
}

static int passive_at(sent *S, int v, int vend)
{
    int p1 = prev_tok(S, v);
    int p2 = p1 >= 0 ? prev_tok(S, p1) : -1;
    int aux = (p1 >= 0 && S->w[p1].type == W_AUX) || (p2 >= 0 && S->w[p2].type == W_AUX);
    /* annals: "were jostled and spat upon by crowds": a verb joined by AND
       to a passive one is passive too */
    if (!aux && S->c->amode && p1 >= 0 && streq(&S->t[p1], "AND") && p2 >= 0 &&
        S->w[p2].type == W_VERB) {
        int p3 = prev_tok(S, p2);
        aux = p3 >= 0 && S->w[p3].type == W_AUX;
    }
    if (!aux)
        return 0;
    int nx = next_tok(S, vend);
    if (nx < S->n && S->w[nx].type == W_BY)
        return 1;
    /* one modifier may stand between: "was opposed earlier by" */
    int nx2 = nx < S->n ? next_tok(S, nx) : S->n;
    return nx < S->n && nx2 < S->n && S->w[nx].type == W_NULL && S->w[nx2].type == W_BY;
}

/* annals: the agent of a passive verb: the first actor after a BY later in
 * its clause, past place and time phrases and a possessive pronoun ("was
 * received in Moscow by Brezhnev", "was hosted by his Ugandan counterpart");
 * -1 if none */
static int passive_agent(sent *S, int vend, int hi)
{
    int k = next_tok(S, vend);
    for (; k < hi && S->w[k].type != W_BY; k = next_tok(S, k))
        if (S->w[k].type == W_VERB || S->w[k].type == W_COMMA || S->w[k].type == W_CONJ ||
            S->w[k].type == W_AUX || streq(&S->t[k], "THAT"))
            return -1;
    if (k >= hi)
        return -1;
    for (k = next_tok(S, k); k < hi; k = next_tok(S, k)) {
        if (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ || S->w[k].type == W_LITR)
            continue; /* "by the new President Jimmy Carter" */
        if (streq(&S->t[k], "HIS") || streq(&S->t[k], "HER") || streq(&S->t[k], "ITS") ||
            streq(&S->t[k], "THEIR"))
            continue;
        return is_actor_tok(S, k) ? S->w[k].actor : -1;
    }
    return -1;
}

/* annals: is the verb at v inside the subject of a later passive verb with
 * a BY agent ("the invasion of Crimea was condemned by Germany")?  Only
 * words, no comma, auxiliary or other verb, stand between them. */
static int subject_of_passive(sent *S, int v, int hi)
{
    int k = S->w[v].span_end;
    for (k = next_tok(S, k); k < hi; k = next_tok(S, k)) {
        if (S->w[k].type == W_AUX)
            break;
        if (S->w[k].type == W_VERB || S->w[k].type == W_COMMA || S->w[k].type == W_CONJ ||
            streq(&S->t[k], "THAT"))
            return 0;
    }
    if (k >= hi)
        return 0;
    int v2 = next_tok(S, k);
    if (v2 < hi && S->w[v2].type == W_NULL && S->t[v2].len > 2 &&
        !memcmp(S->t[v2].s + S->t[v2].len - 2, "LY", 2))
        v2 = next_tok(S, v2);
    return v2 < hi && S->w[v2].type == W_VERB && passive_at(S, v2, S->w[v2].span_end);
}

/* are the words every match of root's pattern k needs (an_verb.need) in the
 * sentence? */
static int need_present(const sent *S, const an_verb *root, uint32_t k)
{
    if (!root->noff)
        return 1;
    const uint64_t *present = S->c->present;
    const uint32_t *g = root->need + root->noff[k], *end = root->need + root->noff[k + 1];
    while (g < end) {
        const uint32_t *ge = g + 1 + g[0];
        int any = 0;
        for (g++; g < ge && !any; g++)
            any = (present[*g >> 6] >> (*g & 63)) & 1;
        if (!any)
            return 0;
        g = ge;
    }
    return 1;
}

/* the patterns of root that can match the sentence, ascending (*out, the
 * coder's scratch): every pattern whose needed words all occur; for a root
 * with an index only those keyed by a word of the sentence and those with
 * no key are looked at.  Returns the count; 0 with c->nomem set when the
 * scratch cannot grow. */
static uint32_t pattern_candidates(sent *S, const an_verb *root, const uint32_t **out)
{
    annals_coder *c = S->c;
    uint32_t np = root->npats, n = 0;
    size_t words = ((size_t)np + 63) / 64;
    *out = c->pcand;
    if (np > c->pcap) {
        uint64_t *mk = an_realloc(c->pmark, words * sizeof *mk);
        if (mk)
            c->pmark = mk;
        uint32_t *pc = mk ? an_realloc(c->pcand, np * sizeof *pc) : NULL;
        if (!pc) {
            c->nomem = 1;
            return 0;
        }
        c->pcand = pc;
        c->pcap = np;
    }
    uint32_t *pc = c->pcand;
    *out = pc;
    const an_patindex *x = root->pix;
    if (!x) {
        for (uint32_t k = 0; k < np; k++)
            if (need_present(S, root, k))
                pc[n++] = k;
        return n;
    }
    uint64_t *mark = c->pmark;
    memset(mark, 0, words * sizeof *mark);
    for (uint32_t r = 0; r < x->nrest; r++) {
        uint32_t k = x->rest[r];
        if (need_present(S, root, k))
            mark[k >> 6] |= 1ull << (k & 63);
    }
    size_t smask = ((size_t)1 << x->bits) - 1;
    for (size_t t = 0; t < c->npresent; t++) {
        uint32_t id = c->plist[t], b = an_pkbloom_of(id);
        if (!((x->bloom[b >> 6] >> (b & 63)) & 1))
            continue; /* not a key of this verb */
        for (size_t j = an_pkslot_of(id, x->bits); x->slots[j].id; j = (j + 1) & smask) {
            if (x->slots[j].id != id + 1)
                continue;
            const uint32_t *post = x->post + x->slots[j].off;
            for (uint32_t q = 0; q < x->slots[j].n; q++) {
                uint32_t k = post[q];
                if (need_present(S, root, k))
                    mark[k >> 6] |= 1ull << (k & 63);
            }
            break;
        }
    }
    for (size_t wi = 0; wi < words; wi++)
        for (uint64_t b = mark[wi]; b; b &= b - 1)
            pc[n++] = (uint32_t)(wi * 64 + (unsigned)__builtin_ctzll(b));
    return n;
}

/* S->prefixes, the first time a pattern's legacy anchors are tested */
static void legacy_prefixes(sent *S)
{
    memset(S->prefixes, 0, sizeof S->prefixes);
    for (int i = 0; i < S->n; i++)
        for (size_t l = 1; l <= 3 && l <= S->t[i].len; l++) {
            int h = an_prefix_hash(S->t[i].s, l);
            S->prefixes[h >> 6] |= 1ull << (h & 63);
        }
    S->have_prefixes = 1;
}

/* the old prefix test of a pattern's words (only a pattern with legacy
 * anchors can fail it when its words are there: an_pattern.legacy) */
static int anchors_present(sent *S, const an_pattern *p)
{
    if (!p->legacy)
        return 1;
    if (!S->have_prefixes)
        legacy_prefixes(S);
    for (uint8_t i = 0; i < p->nanchor; i++) {
        int a = p->anchor[i];
        if (!(S->prefixes[a >> 6] & (1ull << (a & 63))))
            return 0;
    }
    return 1;
}

/* the clause [lo, ...) starts with verb v ("... and suspended the talks"):
 * only auxiliaries and one adverb before it */
static int clause_starts_with(sent *S, int lo, int v)
{
    int other = 0;
    for (int i = lo; i < v; i++)
        if (S->w[i].active && S->w[i].type != W_AUX && ++other > 1)
            return 0;
    return other == 0 || S->w[v - 1].type == W_NULL;
}

/* the clause [lo, v) before verb v is "A/AN/THE (words) NOUN": a noun
 * phrase that names no actor is the subject */
static int nonactor_subject(sent *S, int lo, int v)
{
    int i = lo;
    while (i < v && !S->w[i].active)
        i++;
    if (i >= v || S->w[i].type != W_DETERM)
        return 0;
    for (int k = i + 1; k < v; k++)
        if (S->w[k].active && (S->w[k].type == W_ACTOR || S->w[k].type == W_COMMA ||
                               S->w[k].type == W_PRONOUN || S->w[k].type == W_VERB))
            return 0;
    return v - i >= 2;
}

/* codes one clause [lo, hi); *src_carry is the running source actor */
static int negation_at(const sent *S, int k) { return (tfl(S, k) & WF_NEG) != 0; }

/* annals mode: is the verb at v negated ("did not sign", "never attacked",
 * "neither Moscow nor Beijing wanted")? */
static int negated_verb(sent *S, int lo, int v)
{
    int k = v, seen = 0;
    while ((k = prev_tok(S, k)) >= lo && seen < 3) {
        if (negation_at(S, k))
            return 1;
        if (S->w[k].type == W_ACTOR || S->w[k].type == W_COMMA || S->w[k].type == W_VERB)
            break;
        seen++;
    }
    if (S->wflags & WF_NEITHER)
        for (int i = lo; i < v; i++)
            if (S->w[i].active && (tfl(S, i) & WF_NEITHER))
                return 1;
    /* annals: what is denied did not happen ("Pakistan denied that its
       forces had carried out strikes"): verbs after DENY in its clause */
    if (S->c->amode && (S->wflags & WF_DENY))
        for (int i = lo; i < v; i++)
            if (S->w[i].active && (tfl(S, i) & WF_DENY))
                return 1;
    return 0;
}

/* a pattern that spells a negation before the verb ("- NOT_* [---]",
 * "- REFUSED_TO * [...]" does not count) */
static int negated_pattern(const an_pattern *p)
{
    for (uint16_t i = 0; i < p->pre.n; i++) {
        const an_elem *e = &p->pre.el[i];
        if (e->kind == EL_WORD &&
            ((e->len == 3 && !memcmp(e->word, "NOT", 3)) || (e->len == 5 && !memcmp(e->word, "NEVER", 5)) ||
             (e->len > 3 && !memcmp(e->word + e->len - 3, "N'T", 3))))
            return 1;
    }
    return 0;
}

/* annals mode: is the verb at v under an auxiliary of the future (possible
 * = 0: "will send", "would recognise", "shall soon withdraw") or of
 * possibility (possible = 1: "might launch", "could attack", "may impose",
 * not the month "in May")?  Looks back over at most two adverbs. */
static int aux_before(sent *S, int lo, int v, int possible)
{
    int k = v, seen = 0;
    while ((k = prev_tok(S, k)) >= lo && seen < 3) {
        const an_tok *t = &S->t[k];
        uint32_t f = tfl(S, k);
        if (possible ? (f & WF_MODAL) || ((f & WF_MAY) && !(t->cap && k > 0)) : (f & WF_FUTURE) != 0)
            return 1;
        if (S->w[k].type == W_ACTOR || S->w[k].type == W_COMMA || S->w[k].type == W_VERB)
            break;
        seen++;
    }
    return 0;
}

static int future_verb(sent *S, int lo, int v) { return aux_before(S, lo, v, 0); }
static int modal_verb(sent *S, int lo, int v) { return aux_before(S, lo, v, 1); }

/* a word of warning, threatening or hinting ("warned", "threatens",
 * "hinted") in [lo, v) */
static int warning_before(sent *S, int lo, int v)
{
    for (int k = lo; k < v; k++) {
        const an_tok *t = &S->t[k];
        if (!S->w[k].active || t->len < 4)
            continue;
        if (!memcmp(t->s, "WARN", 4) || !memcmp(t->s, "HINT", 4) ||
            (t->len >= 8 && !memcmp(t->s, "THREATEN", 8)))
            return 1;
    }
    return 0;
}

/* CAMEO's "express intent" code (root 03) for a cooperative action (roots
 * 04-08) stated in the future: "will meet" is 036, "would send aid" 033;
 * and the threat (root 13) for a hostile one: "would impose sanctions" 1312 */
static const char *intent_code(const char *code)
{
    static const struct { const char *from, *to; } map[] = {
        {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"06", "031"},
        {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"07", "033"},
        {"0831", "0341"}, {"0832", "0342"}, {"0833", "0343"}, {"0834", "0344"}, {"083", "034"},
        {"081", "0351"}, {"082", "0352"}, {"084", "0353"}, {"085", "0354"}, {"086", "0355"},
        {"087", "0356"}, {"08", "035"}, {"04", "036"}, {"05", "032"},
        /* and a hostile one (roots 16-20) is a threat (root 13) */
        {"161", "1313"}, {"162", "1311"}, {"163", "1312"}, {"164", "134"}, {"165", "135"},
        {"166", "136"}, {"16", "131"}, {"1721", "1321"}, {"1722", "1322"}, {"1723", "1323"},
        {"1724", "1324"}, {"17", "137"}, {"191", "1381"}, {"192", "1382"}, {"18", "1384"},
        {"19", "1384"}, {"204", "1385"}, {"20", "1383"},
    };
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strncmp(code, map[i].from, strlen(map[i].from)))
            return map[i].to;
    return NULL;
}

static int streqn(const char *a, const char *b, size_t n) { return !strncmp(a, b, n); }

/* a country's society rather than its state: opposition, civilians, labour,
 * students, rebels, clergy ("Protest leaders in Hong Kong demanded ...": the
 * demand is on their own government) */
static int society_role(const char *code)
{
    static const char *const roles[] = {"OPP", "CVL", "LAB", "EDU", "REB", "REL", "HRI", "ELI"};
    if (strlen(code) < 6 || !memcmp(code, "IGO", 3) || !memcmp(code, "NGO", 3))
        return 0;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!memcmp(code + 3, roles[i], 3))
            return 1;
    return 0;
}

/* CAMEO roots of words rather than deeds: 1 for statements and appeals
 * (01-02), 2 for demands to threats (10-13), else 0.  Not intentions, meetings and diplomacy, where
 * "met Mao in Beijing" names the host, nor protests, whose place ("outside
 * the Soviet embassy") is their target. */
static int verbal_code(const char *code)
{
    if (!code || !code[0] || !code[1])
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r == 1 || r == 2 ? 1 : r >= 10 && r <= 13 ? 2 : 0;
}

/* a time adverb that is a noun phrase of its own ("said today") */
static int bare_time_word(const an_tok *t)
{
    static const char *const w[] = {"TODAY", "YESTERDAY", "TOMORROW", "TONIGHT", "NOW",
                                     "EARLIER", "LATER"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (streq(t, w[i]))
            return 1;
    return 0;
}

/* PETRARCH: "---" plus the code of the last agent with no actor in
 * [lo, v), or NULL */
static const char *null_agent_code(sent *S, int lo, int v)
{
    for (int i = v - 1; i >= lo; i--) {
        if (!S->w[i].active || S->w[i].type != W_NOUN || !S->w[i].agent || !S->w[i].agent->code[0])
            continue;
        const char *ac = S->w[i].agent->code;
        char *code = an_arena_alloc(&S->c->arena, strlen(ac) + 4);
        if (!code)
            return NULL;
        memcpy(code, "---", 3);
        strcpy(code + 3, ac);
        return code;
    }
    return NULL;
}

static int code_clause(sent *S, int lo, int hi, int clause_idx, int *src_carry, int *found_sub)
{
    (void)clause_idx;
    int coded = 0;
    int sub_saved = -1;
    int neg_scope = 0; /* a negated verb before, in this clause */
    int modal_scope = 0; /* a verb under MIGHT, COULD or MAY before, in this clause */
    for (int v = lo; v < hi; v++) {
        wtok *w = &S->w[v];
        if (!w->active || w->type != W_VERB)
            continue;

        an_verb *root = w->verb;
        int vend = w->span_end;
        /* annals: "North Korea's nuclear test was condemned by Japan": a
           verb before the passive verb of its clause is a noun in its
           subject */
        if (S->c->amode && subject_of_passive(S, v, hi))
            continue;
        const an_evcode *ec = NULL;
        pmatch m = {-1, -1, -1, 0, 0};
        /* annals mode: a negated verb codes only through a pattern that
           spells the negation */
        int neg = S->c->amode && (negated_verb(S, lo, v) || neg_scope);
        /* annals: a negation covers the rest of its clause ("did not send
           jets despite repeated requests", "has not decided whether to send
           tanks") */
        neg_scope = neg;
        int pl, ph;
        pattern_region(S, v, vend, lo, hi, &pl, &ph);
        int shared = S->c->amode && clause_idx > 0 && S->carry_verb >= 0 &&
                             S->carry_verb < lo && *src_carry >= 0 && !neg &&
                             clause_starts_with(S, lo, v)
                         ? S->carry_verb
                         : -1;
        const uint32_t *pcand;
        uint32_t ncand = pattern_candidates(S, root, &pcand);
        uint32_t kstart = 0, kmatched = 0;
    retry:
        ec = NULL;
        m.src = m.tgt = m.cmp = -1;
        for (uint32_t ci = 0; ci < ncand; ci++) {
            uint32_t k = pcand[ci];
            if (k < kstart)
                continue;
            if (w->nominal && !root->pats[k]->det)
                continue;
            if (neg && !negated_pattern(root->pats[k]))
                continue;
            if (!anchors_present(S, root->pats[k]))
                continue; /* a word it needs is nowhere in the sentence */
            if (!match_shared(S, root->pats[k], v, vend, pl, ph, shared, &m))
                continue;
            ec = &root->pats[k]->code;
            kmatched = k + 1;
            /* a match through alternatives counts the letters actually
               matched; longer patterns still get their turn (manual 5.7.1) */
            int actual = root->pats[k]->fixed + m.var_letters;
            /* PETRARCH: a synset or alternative that can cover more letters
               still gets its turn; TABARI and annals: longer patterns only
               (both bounds only fall along the verb's patterns) */
            int petr = S->c->d->petrarch;
            for (uint32_t cj = ci + 1;
                 cj < ncand &&
                 (petr ? root->pats[pcand[cj]]->tail_maxlen : root->pats[pcand[cj]]->length) > actual;
                 cj++) {
                uint32_t j = pcand[cj];
                pmatch m2;
                if (petr && root->pats[j]->maxlen <= actual)
                    continue; /* cannot match more letters (synsets at their longest) */
                if (w->nominal && !root->pats[j]->det)
                    continue;
                if (neg && !negated_pattern(root->pats[j]))
                    continue;
                if (!anchors_present(S, root->pats[j]))
                    continue;
                if (match_shared(S, root->pats[j], v, vend, pl, ph, shared, &m2)) {
                    /* it must also match more letters than the first did */
                    int actual2 = root->pats[j]->fixed + m2.var_letters;
                    if (actual2 <= actual)
                        continue;
                    ec = &root->pats[j]->code;
                    m = m2;
                    actual = actual2;
                    kmatched = j + 1;
                }
            }
            break;
        }
        if (!ec) {
            kmatched = 0;
            m.src = m.tgt = m.cmp = -1;
            if (root->code.kind != CODE_NULL && !w->nominal && !neg)
                ec = &root->code;
        }
        if (!ec)
            continue;
        if (ec->kind == CODE_NULL)
            continue;
        if (ec->kind == CODE_DISCARD) {
            S->status = ANNALS_SENT_DISCARDED;
            return -1;
        }
        if (ec->kind == CODE_COMPLEX) {
            S->status = ANNALS_SENT_COMPLEX;
            return -1;
        }
        /* annals mode: a cooperative action in the future is an intent */
        an_evcode intent;
        const char *deed = ec->code; /* the act, before it becomes an intent or threat */
        if (S->c->amode && ec->kind == CODE_PLAIN && !ec->pair && future_verb(S, lo, v)) {
            const char *ic = intent_code(ec->code);
            if (ic) {
                intent = *ec;
                intent.code = ic;
                ec = &intent;
            }
        } else if (S->c->amode && ec->kind == CODE_PLAIN && ec->code &&
                   (modal_scope || (modal_scope = modal_verb(S, lo, v)))) {
            /* annals: a material act (roots 06-08, 14-20) that only might
               happen is no act; under a warning or a hint it is a threat
               ("hinted that it might launch strikes": 138), or an intent
               for cooperation ("hinted he might make concessions": 035) */
            int r = (ec->code[0] - '0') * 10 + (ec->code[1] - '0');
            if ((r >= 6 && r <= 8) || (r >= 14 && r <= 20)) {
                const char *ic = ec->pair ? NULL : intent_code(ec->code);
                if (!ic && r >= 14)
                    ic = "130";
                if (!ic || !warning_before(S, 0, v))
                    continue;
                intent = *ec;
                intent.code = ic;
                ec = &intent;
            }
        }
        /* source and target (manual 5.8); -2 stands for a DEFAULT code */
        const an_dopts *o = &S->c->d->opts;
        int src = -1, tgt = -1, carried = 0;
        if (m.cmp >= 0) {
            src = tgt = m.cmp;
        } else {
            tgt = m.tgt;
            src = m.src;
            if (src < 0 && S->tail_clause) {
                /* its subject is inside it, or there is none */
                src = first_actor_in(S, lo, v, tgt >= 0 ? S->c->actors[tgt].code : NULL);
            } else if (src < 0) {
                if (*src_carry >= 0 && (clause_idx > 0 || (coded && participle_at(S, v)))) {
                    /* (annals: ", accusing them of spying" is done by the
                       subject of the act before it) */
                    src = *src_carry;
                    carried = 1;
                }
                else
                    src = subject_before(S, v, tgt >= 0 ? S->c->actors[tgt].code : NULL);
                /* a clause that starts with an actor takes it as its subject */
                if (clause_idx > 0) {
                    int f = lo;
                    while (f < hi && (!S->w[f].active || S->w[f].type == W_DETERM || S->w[f].type == W_ADJ))
                        f++;
                    if (f < hi && is_actor_tok(S, f) && f < v)
                        src = S->w[f].actor;
                }
                if (src < 0 && o->default_source && o->default_prior)
                    src = -2;
                /* annals: "Khrushchev's praise of Eisenhower": a verb right
                   after a possessive names its doer (not "Brezhnev's
                   remarks", a statement referred to, not made) */
                int pp = prev_tok(S, v);
                if (S->c->amode && pp >= 0 && is_actor_tok(S, pp) && S->t[pp].len > 2 &&
                    ec->code && !streqn(ec->code, "01", 2) &&
                    !memcmp(S->t[pp].s + S->t[pp].len - 2, "'S", 2) && S->w[pp].actor != tgt)
                    src = S->w[pp].actor;
            }
            int src_after = 0;
            S->own_place = -1;
            /* annals: a subject that is no actor ("A car bomb killed a Hamas
               official") leaves the source unknown */
            /* annals: a nominalisation with no doer before it: "the
               expulsion of diplomats by Britain" is by the agent after BY
               on the object after OF; in "the withdrawal of Cuban troops
               from Angola" the object after OF is the doer when the pattern
               found the target */
            int nom_src = 0;
            if (src == -1 && m.src < 0 && S->c->amode && w->nominal) {
                int n = next_tok(S, vend), obj = -1;
                if (n < hi && streq(&S->t[n], "OF")) {
                    int k = next_tok(S, n);
                    while (k < hi && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
                        k = next_tok(S, k);
                    if (k < hi && is_actor_tok(S, k) && S->c->actors[S->w[k].actor].code[0] != '~') {
                        obj = S->w[k].actor;
                        n = next_tok(S, tok_end(S, k));
                    }
                }
                if (obj >= 0 && n < hi && S->w[n].type == W_BY) {
                    int b = next_tok(S, n);
                    while (b < hi && (S->w[b].type == W_DETERM || S->w[b].type == W_ADJ || S->w[b].type == W_LITR))
                        b = next_tok(S, b);
                    if (b < hi && is_actor_tok(S, b) && S->w[b].actor != obj) {
                        src = S->w[b].actor;
                        if (tgt < 0)
                            tgt = obj;
                        nom_src = 1;
                    }
                } else if (obj >= 0 && tgt >= 0 && obj != tgt) {
                    src = obj;
                    nom_src = 1;
                }
            }
            if (src == -1 && m.src < 0 && S->c->amode && nonactor_subject(S, lo, v))
                continue;
            int by_src = nom_src;
            if (src == -1 && m.src < 0 && S->c->amode && passive_form(S, v)) {
                /* annals: "Oil sanctions were imposed on Rhodesia by
                   Britain": with no actor before a passive verb, the agent
                   after BY is the source */
                for (int i = vend + 1; i < hi && src < 0; i++)
                    if (S->w[i].active && is_actor_tok(S, i) && after_by(S, i) && S->w[i].actor != tgt)
                        src = S->w[i].actor;
                by_src = src >= 0;
            }
            if (src == -1 && m.src < 0) {
                /* no actor before the verb: the first one after it */
                src = first_actor_in(S, vend + 1, S->n, tgt >= 0 ? S->c->actors[tgt].code : NULL);
                src_after = src >= 0;
                /* annals: a clause whose subject names no actor ("More than
                   twenty countries expelled Russian diplomats") has no known
                   source; only a crowd protesting in a place ("Hundreds of
                   thousands marched in Prague") or what comes from a country
                   ("trucks crossed from Egypt") is of the place after it */
                if (src >= 0 && S->c->amode) {
                    int f = S->c->actors[src].first;
                    int k = prev_tok(S, f);
                    while (k > vend && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
                        k = prev_tok(S, k);
                    int protest_place = ec->code && streqn(ec->code, "14", 2) &&
                                        (locative_actor(S, f) || (k > vend && streq(&S->t[k], "THROUGH")));
                    int origin = k > vend && streq(&S->t[k], "FROM");
                    if (!protest_place && !origin)
                        continue;
                }
                if (src < 0 && o->default_source)
                    src = -2;
            }
            /* annals: "Pope Francis and Patriarch Kirill met at Havana
               airport": where a compound source acts together (roots
               01-08) is not its target, even when a pattern took it */
            if (S->c->amode && tgt >= 0 && tgt == m.tgt && src >= 0 && ec->code &&
                ec->code[0] == '0' && S->c->actors[src].compound >= 0 &&
                S->c->actors[tgt].compound != S->c->actors[src].compound &&
                locative_actor(S, S->c->actors[tgt].first))
                tgt = -1;
            if (tgt < 0 && src != -1) {
                const char *sc = src >= 0 ? S->c->actors[src].code : o->default_source;
                int from = src_after ? tok_end(S, S->c->actors[src].first) + 1 : vend + 1;
                int joint = src >= 0 && S->c->actors[src].compound >= 0;
                /* annals: what is said or negotiated "in Moscow" or "across
                   Europe" is not addressed to the place */
                int verbal = verbal_code(ec->code);
                /* places: passed over for a compound source and for
                   statements and appeals; for demands, criticism, rejection
                   and threats only inside a THAT clause ("condemned the coup
                   in Niger" targets Niger) */
                int places = joint || verbal == 1 ? 1 : verbal ? 2 : 0;
                tgt = object_after(S, from, hi, sc, src >= 0 ? S->c->actors[src].code : NULL,
                                   places, joint, joint && ec->code && ec->code[0] == '0');
                /* annals: "looted and burned Ukrainian museums": two verbs
                   joined by AND share the object after the second */
                if (tgt < 0 && S->c->amode && hi < S->n && streq(&S->t[hi], "AND")) {
                    int v2 = next_tok(S, hi);
                    if (v2 >= 0 && v2 < S->n && S->w[v2].active && S->w[v2].type == W_VERB) {
                        int end2 = v2 + 1;
                        while (end2 < S->n && !(S->w[end2].active && S->w[end2].type == W_CONJ &&
                                                !S->w[end2].in_compound))
                            end2++;
                        tgt = object_after(S, S->w[v2].span_end + 1, end2, sc,
                                           src >= 0 ? S->c->actors[src].code : NULL, places, joint,
                                           joint && ec->code && ec->code[0] == '0');
                    }
                }
                if (tgt < 0 && o->default_target && o->default_after) {
                    tgt = -2;
                } else if (tgt < 0) {
                    /* before the verb, within this clause only.  annals,
                       for a source before the verb: inside a THAT clause
                       only ("the commission found that troops had killed"
                       is not on the commission); before the source only
                       the speaker of reported speech ("Ukraine said Russian
                       troops looted museums"); and not in the source's own
                       noun phrase ("American transport planes kept West
                       Berlin supplied"), only after a verb that follows it */
                    int tlo = lo, before_end = v, after_from = v;
                    if (S->c->amode && src >= 0 && S->c->actors[src].first < v) {
                        int sf = S->c->actors[src].first;
                        for (int i = sf - 1; i > lo; i--)
                            if (S->w[i].active && (tfl(S, i) & WF_THAT)) {
                                tlo = i + 1;
                                break;
                            }
                        before_end = tlo;
                        for (int i = sf - 1; i >= tlo; i--)
                            if (S->w[i].active && S->w[i].type == W_VERB && speech_at(S, i)) {
                                before_end = i;
                                break;
                            }
                        after_from = tok_end(S, sf) + 1;
                        while (after_from < v && !(S->w[after_from].active && S->w[after_from].type == W_VERB))
                            after_from++;
                        if (after_from < tlo)
                            after_from = tlo;
                    }
                    tgt = first_actor_in(S, tlo, before_end, sc);
                    if (tgt < 0)
                        tgt = first_actor_in(S, after_from, v, sc);
                    if (tgt == src)
                        tgt = -1;
                    /* annals: not a place ("At the Moscow conference, Mao declared") */
                    if (tgt >= 0 && S->c->amode && verbal &&
                        locative_actor(S, S->c->actors[tgt].first))
                        tgt = -1;
                    /* annals: nor the source's own forces ("pulled its
                       troops back") */
                    if (tgt >= 0 && src >= 0 && S->c->amode &&
                        own_possessive(S, tgt, S->c->actors[src].code))
                        tgt = -1;
                    /* the source's own compound members are not its target */
                    if (tgt >= 0 && src >= 0 && !o->default_target &&
                        S->c->actors[src].compound >= 0 &&
                        S->c->actors[tgt].compound == S->c->actors[src].compound)
                        tgt = -1;
                    if (tgt < 0 && src >= 0 && S->c->actors[src].compound >= 0 && !o->default_target &&
                        !S->c->amode)
                        tgt = src;
                    if (tgt < 0 && o->default_target)
                        tgt = -2;
                }
            }
            /* annals: "China condemned the invasion and suspended the
               talks": a clause that shares the previous one's subject and
               names no one else shares its target too */
            if (tgt == -1 && carried && S->c->amode && S->tgt_carry >= 0 &&
                S->tgt_carry != src && !verbal_code(ec->code) && clause_starts_with(S, lo, v))
                tgt = S->tgt_carry;
            if (ec->swap) {
                int t = src;
                src = tgt;
                tgt = t;
            }
            /* passive: "X was received by Y"; in annals mode also when a
               pattern's target is the agent after BY ("* + AT_") */
            int by_target = m.tgt >= 0 && S->c->amode && tgt == m.tgt &&
                            after_by(S, S->c->actors[m.tgt].first);
            int agent = by_src || !S->c->amode || m.src >= 0 || m.cmp >= 0 || carried ||
                                src < 0 || S->c->actors[src].first >= v || !passive_form(S, v)
                            ? -1
                            : passive_agent(S, vend, hi);
            const an_tok *vt = &S->t[v];
            int hosting = vt->len >= 4 && (!memcmp(vt->s, "RECEIV", vt->len >= 6 ? 6 : 4) ||
                                           !memcmp(vt->s, "WELCOM", vt->len >= 6 ? 6 : 4) ||
                                           !memcmp(vt->s, "HOST", 4));
            /* annals: "Khrushchev was received with honours in Beijing": a
               guest received with no one named is hosted by the place */
            if (agent < 0 && hosting && S->c->amode && !by_src && m.src < 0 && !carried &&
                src >= 0 && tgt >= 0 && S->c->actors[src].first < v && S->c->actors[tgt].first > v &&
                locative_actor(S, S->c->actors[tgt].first) && passive_form(S, v))
                agent = tgt;
            if (agent >= 0 && agent != src) {
                /* annals: "The Egyptian president was received in Moscow by
                   Brezhnev": the agent after BY is the source, the subject
                   the target; and a guest received, welcomed or hosted is
                   hosted (043) */
                tgt = src;
                src = agent;
                if (ec->code && (streqn(ec->code, "04", 2) || streqn(ec->code, "05", 2)) && hosting) {
                    intent = *ec;
                    intent.code = "043";
                    ec = &intent;
                }
            } else if (by_src) {
                /* the source is already the agent */
            } else if (m.src < 0 && (m.tgt < 0 || by_target) && src >= 0 && tgt >= 0 &&
                passive_at(S, v, vend)) {
                int t = src;
                src = tgt;
                tgt = t;
            } else if (S->c->amode && m.src < 0 && m.tgt < 0 && passive_form(S, v)) {
                /* "An American U-2 was shot down over the Soviet Union": the
                   subject is the target and nobody is named as the source */
                continue;
            }
            /* annals: a protest with no one named is against the protesters'
               own government */
            S->synth_tgt = NULL;
            /* annals: armed forces attacking a place of their own country
               ("Syrian forces attacked the suburbs of Damascus") attack its
               civilians (roots 18-20) */
            if (S->c->amode && tgt == -1 && src >= 0 && S->own_place >= 0 && deed &&
                (streqn(deed, "18", 2) || streqn(deed, "19", 2) || streqn(deed, "20", 2))) {
                const char *sc = S->c->actors[src].code;
                char *g = an_arena_alloc(&S->c->arena, 7);
                if (g && strlen(sc) >= 3) {
                    memcpy(g, sc, 3);
                    memcpy(g + 3, "CVL", 4);
                    S->synth_tgt = g;
                    tgt = -5;
                }
            }
            /* annals: a government's concession with no one named (lifting
               martial law, releasing prisoners) is to its own people; not a
               military de-escalation (087: a ceasefire, a withdrawal, a
               lifted blockade), which yields to an enemy */
            if (S->c->amode && tgt == -1 && src >= 0 && S->c->actors[src].compound < 0 &&
                deed && ((streqn(deed, "08", 2) && !streqn(deed, "087", 3)) ||
                             streqn(deed, "172", 3))) {
                /* ... and so is its repression with no one named ("declared
                   martial law", "imposed a curfew": 172x) */
                const char *sc = S->c->actors[src].code;
                size_t sl = strlen(sc);
                /* ... and a court's or parliament's ("struck down the ban") */
                if (((sl >= 6 && (!memcmp(sc + 3, "GOV", 3) || !memcmp(sc + 3, "JUD", 3) ||
                                  !memcmp(sc + 3, "LEG", 3))) ||
                     (sl == 3 && isupper((unsigned char)sc[0]))) &&
                    memcmp(sc, "IGO", 3) && memcmp(sc, "NGO", 3)) {
                    char *g = an_arena_alloc(&S->c->arena, 7);
                    if (g) {
                        memcpy(g, sc, 3);
                        memcpy(g + 3, "CVL", 4);
                        S->synth_tgt = g;
                        tgt = -5;
                    }
                }
            }
            if (S->c->amode && tgt == -1 && src >= 0 && ec->code &&
                (streqn(ec->code, "14", 2) || (streqn(ec->code, "10", 2) && society_role(S->c->actors[src].code)))) {
                const char *sc = S->c->actors[src].code;
                size_t sl = strlen(sc);
                if (sl >= 3 && memcmp(sc, "IGO", 3) && memcmp(sc, "NGO", 3) && sc[0] != '~' &&
                    !(sl >= 6 && !memcmp(sc + 3, "GOV", 3))) {
                    char *g = an_arena_alloc(&S->c->arena, 7);
                    if (g) {
                        memcpy(g, sc, 3);
                        memcpy(g + 3, "GOV", 4);
                        S->synth_tgt = g;
                        tgt = -5;
                    }
                }
            }
        }
        if ((src == -1 || tgt == -1) && kmatched && S->c->amode) {
            /* annals: a pattern that leaves a role empty gives way to the
               next one that fits ("% * TREATY" after "* TREATY") */
            kstart = kmatched;
            goto retry;
        }
        /* PETRARCH require_dyad = false: a missing side is the null actor,
           a missing source with the role of an agent before the verb
           ("a senior official said": ---GOV) */
        S->null_src = NULL;
        if (!o->require_dyad && S->c->d->petrarch && src == -1)
            S->null_src = null_agent_code(S, lo, v);
        /* ... but in the final ", X said today" clause a verb with nothing
           after it but a time word has no object at all (PETRARCH's
           NP-TMP), and codes nothing */
        if (!o->require_dyad && S->c->d->petrarch && S->tail_clause && tgt == -1) {
            int obj = 0;
            for (int i = vend + 1; i < hi && !obj; i++)
                obj = S->w[i].active && S->w[i].type != W_TIME && S->t[i].kind == TK_WORD &&
                      !bare_time_word(&S->t[i]);
            if (!obj)
                continue;
        }
        if (!o->require_dyad && S->c->d->petrarch && (src != -1 || tgt != -1 || S->null_src)) {
            if (src == -1)
                src = -6;
            if (tgt == -1)
                tgt = -6;
        }
        if (src == -1 || tgt == -1)
            continue;
        /* annals: "demonstrators besieged the Soviet embassy in Peking": a
           crowd with no country acting on a foreign mission in a place is
           of the place */
        if (S->c->amode && src >= 0 && tgt >= 0 && S->c->actors[src].code[0] == '~' &&
            S->c->actors[tgt].code[0] != '~' && strlen(S->c->actors[tgt].code) >= 3) {
            int k = next_tok(S, tok_end(S, S->c->actors[tgt].first));
            if (k < hi && (streq(&S->t[k], "IN") || streq(&S->t[k], "AT"))) {
                k = next_tok(S, k);
                while (k < hi && (S->w[k].type == W_DETERM || S->w[k].type == W_ADJ))
                    k = next_tok(S, k);
                const char *pc = k < hi && is_actor_tok(S, k) ? S->c->actors[S->w[k].actor].code : NULL;
                const char *rc = S->c->actors[src].code;
                if (pc && strlen(pc) >= 3 && pc[0] != '~' && memcmp(pc, "IGO", 3) &&
                    memcmp(pc, "NGO", 3) && memcmp(pc, S->c->actors[tgt].code, 3)) {
                    char *full = an_arena_alloc(&S->c->arena, strlen(rc) + 3);
                    int a = full ? add_actor(S->c, S->c->actors[src].first, S->c->actors[src].last, full) : -1;
                    if (a >= 0) {
                        memcpy(full, pc, 3);
                        strcpy(full + 3, rc + 1);
                        src = a;
                    }
                }
            }
        }
        int before = S->nev;
        emit(S, src, tgt, ec, v, vend);
        if (S->nev == before)
            continue;
        if (src >= 0) {
            if (*src_carry != src || S->carry_verb < 0 || S->carry_verb >= lo) {
                /* the verb whose subject it is, when the subject is before it */
                int before_v = S->c->actors[src].first < v && S->c->actors[src].first >= lo;
                S->carry_verb = before_v ? v : -1;
                S->carry_lo = lo;
            }
            *src_carry = src;
        }
        if (tgt >= 0)
            S->tgt_carry = tgt;
        if (ec->subordinate) {
            if (sub_saved < 0)
                sub_saved = before;
            *found_sub = 1;
            continue;
        }
        coded = 1;
        /* annals: "France's recognition of Beijing led Taipei to break off
           relations": the caused act is coded too */
        if (S->c->d->opts.code_by != CODEBY_ALL && !ec->dominant &&
            !(S->c->amode && (causative_in(S, vend + 1, hi) || participle_in(S, vend + 1, hi))))
            break;
    }
    (void)sub_saved;
    return coded;
}

/* PETRARCH (from the parse): a final comma clause with its own subject and
 * verb ("..., a senior official said on Saturday") is a clause of its own.
 * Returns the comma's index, or -1. */
static int final_comma_clause(sent *S)
{
    int comma = -1;
    for (int i = S->n - 1; i > 0 && comma < 0; i--) {
        if (!S->w[i].active)
            return -1;
        if (S->w[i].type == W_COMMA && !S->w[i].in_compound)
            comma = i;
        else if (S->w[i].type == W_CONJ && !S->w[i].in_compound)
            return -1;
    }
    if (comma < 0)
        return -1;
    int j = next_tok(S, comma);
    if (j >= S->n || S->w[j].type == W_VERB)
        return -1; /* ", said X": no subject of its own */
    for (; j < S->n; j = next_tok(S, j))
        if (S->w[j].type == W_VERB)
            return comma;
    return -1;
}

static void check_complexity(sent *S)
{
    const an_dopts *o = &S->c->d->opts;
    if (!S->any_special && !o->cx_verbs && !o->cx_actors && !o->cx_pronouns && !o->cx_conj &&
        !o->cx_noactprior && !o->cx_noactafter && !o->cx_noverb && !o->cx_lateverb)
        return; /* nothing to find */
    int verbs = 0, actors = 0, pronouns = 0, conj = 0, first_verb = -1, actor_before = 0;
    int actor_after = 0;
    for (int i = 0; i < S->n; i++) {
        wtok *w = &S->w[i];
        if (!w->active && !w->special)
            continue; /* dropped comma phrases do not count */
        if (w->special == CODE_DISCARD) {
            S->status = ANNALS_SENT_DISCARDED;
            return;
        }
        if (w->special == CODE_COMPLEX && S->status != ANNALS_SENT_DISCARDED)
            S->status = ANNALS_SENT_COMPLEX;
        if (w->type == W_VERB) {
            verbs++;
            if (first_verb < 0)
                first_verb = i;
        }
        if (w->type == W_ACTOR) {
            actors++;
            if (first_verb < 0)
                actor_before = 1;
            else
                actor_after = 1;
        }
        if (w->type == W_PRONOUN)
            pronouns++;
        if (w->type == W_CONJ && !w->in_compound)
            conj++;
    }
    if (S->status != ANNALS_SENT_CODED)
        return;
    if ((o->cx_verbs && verbs >= o->cx_verbs) || (o->cx_actors && actors >= o->cx_actors) ||
        (o->cx_pronouns && pronouns >= o->cx_pronouns) || (o->cx_conj && conj >= o->cx_conj) ||
        (o->cx_noactprior && first_verb >= 0 && !actor_before) ||
        (o->cx_noactafter && first_verb >= 0 && !actor_after) || (o->cx_noverb && first_verb < 0) ||
        (o->cx_lateverb && (first_verb < 0 || first_verb >= o->cx_lateverb)))
        S->status = ANNALS_SENT_COMPLEX;
}

/* the entries of the sentence's tokens (c->tent) and the words patterns
 * need among them (c->present); -1 with c->nomem set when out of memory */
static int sentence_words(sent *S)
{
    annals_coder *c = S->c;
    size_t nids = c->d->needix.nids;
    if ((size_t)S->n > c->tentcap) {
        const ccent **ne = an_realloc(c->tent, (size_t)S->n * sizeof *ne);
        if (!ne) {
            c->nomem = 1;
            return -1;
        }
        c->tent = ne;
        uint32_t *nf = an_realloc(c->tflags, (size_t)S->n * sizeof *nf);
        if (!nf) {
            c->nomem = 1;
            return -1;
        }
        c->tflags = nf;
        c->tentcap = (size_t)S->n;
    }
    if (nids > c->idcap) {
        uint64_t *np = an_realloc(c->present, (nids + 63) / 64 * sizeof *np);
        if (np)
            c->present = np;
        uint32_t *nl = np ? an_realloc(c->plist, nids * sizeof *nl) : NULL;
        if (nl)
            c->plist = nl;
        uint32_t *no = nl ? an_realloc(c->pother, nids * sizeof *no) : NULL;
        if (!no) {
            c->nomem = 1;
            return -1;
        }
        c->pother = no;
        c->idcap = nids;
        memset(c->present, 0, (nids + 63) / 64 * sizeof *c->present);
    } else {
        /* the previous sentence's bits */
        for (size_t k = 0; k < c->npresent; k++)
            c->present[c->plist[k] >> 6] = 0;
        for (size_t k = 0; k < c->nother; k++)
            c->present[c->pother[k] >> 6] = 0;
    }
    c->npresent = c->nother = 0;
    S->have_prefixes = 0;
    S->wflags = 0;
    const uint64_t *keys = c->d->needix.keys;
    ccache_room(&c->cc, (size_t)S->n);
    for (int i = 0; i < S->n; i++) {
        const an_tok *t = &S->t[i];
        c->tent[i] = NULL;
        c->tflags[i] = 0;
        if (t->kind == TK_COMMA)
            continue; /* commas match no word */
        /* a quote (a string of its own) may match a word, but is no entry */
        uint64_t w8 = 0;
        if (t->kind == TK_QUOTE)
            memcpy(&w8, t->s, 1);
        else
            w8 = an_tok_word8(t);
        const ccent *e = token_entry(&c->cc, c->d, t->s, t->len, w8);
        if (!e) {
            c->nomem = 1;
            return -1;
        }
        if (t->kind != TK_QUOTE) {
            c->tent[i] = e;
            c->tflags[i] = e->wflags;
            S->wflags |= e->wflags;
        }
        for (uint32_t k = 0; k < e->nids; k++) {
            uint32_t id = e->ids[k];
            if (!((c->present[id >> 6] >> (id & 63)) & 1)) {
                c->present[id >> 6] |= 1ull << (id & 63);
                if ((keys[id >> 6] >> (id & 63)) & 1) /* pattern_candidates looks them up */
                    c->plist[c->npresent++] = id;
                else
                    c->pother[c->nother++] = id;
            }
        }
    }
    return 0;
}

/* annals: "Bulganin wrote to Eden that Soviet rockets could reach London",
 * "told his Israeli counterpart that an assault on Rafah would have
 * catastrophic consequences": words said to an addressee, THAT, and a
 * complement with a modal or future and a weapon or a hostile verb word
 * (roots 15-20), not negated, are a threat (root 13) to the addressee.
 * Returns 1 when a statement became a threat. */
static int spoken_threats(sent *S)
{
    int any = 0;
    for (int e = 0; e < S->nev; e++) {
        ev_tmp *ev = &S->ev[e];
        if (!ev->subordinate || !ev->code || strncmp(ev->code, "01", 2) || ev->tgt_actor < 0)
            continue;
        int that = -1;
        for (int i = ev->verb_end + 1; i < S->n && that < 0; i++) {
            if (S->w[i].type == W_VERB || (S->w[i].type == W_CONJ && !S->w[i].in_compound))
                break;
            if ((tfl(S, i) & WF_THAT))
                that = i;
        }
        if (that < 0 || S->c->actors[ev->tgt_actor].first > that)
            continue;
        int modal = 0, hostile = 0, weapon = 0, neg = 0;
        for (int i = that + 1; i < S->n; i++) {
            const an_tok *t = &S->t[i];
            if (tfl(S, i) & WF_CANLIKE)
                modal = 1;
            else if (negation_at(S, i))
                neg = 1;
            else if (S->w[i].type == W_VERB && S->w[i].verb) {
                const char *rc = S->w[i].verb->code.code;
                if (S->w[i].verb->code.kind == CODE_PLAIN && rc && rc[0] && rc[1] &&
                    ((rc[0] == '1' && rc[1] >= '5') || (rc[0] == '2' && rc[1] == '0')))
                    hostile = 1;
            } else if (t->len >= 6 && (!memcmp(t->s, "ROCKET", 6) || !memcmp(t->s, "MISSILE", 6) ||
                                       !memcmp(t->s, "WARHEAD", 6)))
                weapon = 1;
        }
        if (!modal || neg || !(hostile || weapon))
            continue;
        ev->code = weapon ? "138" : "130";
        ev->subordinate = 0;
        any = 1;
    }
    return any;
}

static void code_sentence(sent *S)
{
    annals_coder *c = S->c;
    c->ncompounds = 0;
    S->any_special = S->any_agent = 0;
    if (S->n)
        memset(S->w, 0, (size_t)S->n * sizeof *S->w);
    for (int i = 0; i < S->n; i++) {
        S->w[i].active = 1;
        S->w[i].actor = -1;
    }
    if (sentence_words(S))
        return;
    classify(S);
    attach_agents(S);
    find_compounds(S);
    if (c->d->petrarch)
        distribute_agents(S);
    /* TABARI's MINIMUM WORDS (default 8 under a TABARI .options file; annals'
       own dictionaries code short sentences too).  Commas count as words. */
    int minw = c->d->opts.minimum_words >= 0 ? c->d->opts.minimum_words
             : c->d->has_tabari_options ? 8 : 0;
    int nwords = 0;
    for (int i = 0; i < S->n; i++)
        if (S->t[i].kind != TK_QUOTE)
            nwords++;
    if (minw && nwords < minw) {
        S->status = ANNALS_SENT_NULL;
        return;
    }
    drop_comma_clauses(S);
    resolve_pronouns(S);
    check_complexity(S);
#ifdef ANNALS_TRACE
    {
        static const char *const names[] = {"null", "litr", "ACTOR", "AGENT", "VERB", "time", "det",
                                            "noun", "adj", "aux", "by", ",", "pron", "CONJ", "num",
                                            "quote", "ofin"};
        for (int i = 0; i < S->n; i++)
            fprintf(stderr, "%s/%s%s ", S->t[i].s, names[S->w[i].type],
                    S->w[i].actor >= 0 ? c->actors[S->w[i].actor].code : "");
        fprintf(stderr, " [status %d]\n", S->status);
    }
#endif
    if (S->status != ANNALS_SENT_CODED)
        return;
    /* clauses */
    int src_carry = -1;
    S->tgt_carry = -1;
    S->carry_verb = S->carry_lo = -1;
    int lo = 0, clause = 0, any_sub = 0, any_main = 0;
    int tail = c->d->petrarch ? final_comma_clause(S) : -1;
    /* annals: an opening adverbial phrase ("During his visit to Beijing,")
       is a clause of its own before the main one */
    int head = -1;
    if (opening_adverbial(S))
        for (int i = 0; i < S->n && head < 0; i++)
            if (S->w[i].type == W_COMMA && S->w[i].active && !S->w[i].in_compound)
                head = i;
    for (int i = 0; i <= S->n; i++) {
        if (i < S->n && i != tail && i != head &&
            !(S->w[i].active && S->w[i].type == W_CONJ && !S->w[i].in_compound))
            continue;
        /* the final ", a senior official said" clause has its own subject */
        S->tail_clause = tail >= 0 && lo == tail + 1;
        int r = code_clause(S, lo, i, clause, &src_carry, &any_sub);
        if (r < 0)
            return;
        if (r > 0)
            any_main = 1;
        if (clause == 0 && src_carry < 0)
            src_carry = first_actor_in(S, lo, i, NULL);
        if (c->d->opts.code_by == CODEBY_SENTENCE && S->nev)
            break;
        lo = i + 1;
        clause++;
    }
    if (c->amode)
        any_main |= spoken_threats(S);
    /* subordinate events only when there is no other event */
    if (any_main) {
        int k = 0;
        for (int i = 0; i < S->nev; i++)
            if (!S->ev[i].subordinate)
                S->ev[k++] = S->ev[i];
        S->nev = k;
    }
    (void)any_sub;
    /* dominant codes: only those */
    int dom = 0;
    for (int i = 0; i < S->nev; i++)
        dom |= S->ev[i].dominant;
    if (dom) {
        int k = 0;
        for (int i = 0; i < S->nev; i++)
            if (S->ev[i].dominant)
                S->ev[k++] = S->ev[i];
        S->nev = k;
    }
}

/* ---------------- issues ---------------- */

/* "CODE N, CODE2 M" for the issue phrases found in the sentence, or NULL */
static const char *sentence_issues(sent *S)
{
    annals_coder *c = S->c;
    const annals_dict *d = c->d;
    if (!d->issues.n)
        return NULL;
    const char *codes[64];
    int counts[64];
    int n = 0;
    for (int i = 0; i < S->n; i++) {
        const an_tok *t = &S->t[i];
        if (t->kind != TK_WORD)
            continue;
        for (size_t l = t->len; l >= 1; l--) {
            if (l != t->len && (l >= 32 || !(d->issue_ix.stem_lens & (1u << l))))
                continue;
            const an_ixslot *sl = an_index_get(&d->issue_ix, t->s, l);
            for (uint32_t k = 0; sl && k < sl->n; k++) {
                const an_issue *is = sl->v[k].entry;
                if (match_phrase(&is->phrase, S->t, S->n, i) < 0)
                    continue;
                if (is->ignore)
                    return NULL;
                int j = 0;
                while (j < n && strcmp(codes[j], is->code))
                    j++;
                if (j == n && n < 64) {
                    codes[n] = is->code;
                    counts[n++] = 0;
                }
                if (j < 64)
                    counts[j]++;
            }
        }
    }
    if (!n)
        return NULL;
    an_buf b;
    an_buf_init(&b);
    for (int j = 0; j < n; j++)
        an_buf_printf(&b, "%s%s %d", j ? ", " : "", codes[j], counts[j]);
    const char *r = b.p ? an_arena_strdup(&c->arena, b.p) : NULL;
    an_buf_free(&b);
    return r;
}

/* ---------------- story ---------------- */

static const char *span_text(annals_coder *c, const char *text, size_t a, size_t b)
{
    return an_arena_strndup(&c->arena, text + a, b > a ? b - a : 0);
}

/* s[0..n) into dst[cap], cut to fit, NUL-terminated (snprintf's "%.*s") */
static void copy_str(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = 0;
}

static int push_event(annals_coder *c, const annals_event *e)
{
    if (c->nevents == c->evcap) {
        size_t nc = c->evcap ? c->evcap * 2 : 16;
        annals_event *nv = an_realloc(c->events, nc * sizeof *nv);
        if (!nv)
            return -1;
        c->events = nv;
        c->evcap = nc;
    }
    c->events[c->nevents++] = *e;
    return 0;
}

annals_status annals_coder_code(annals_coder *c, const annals_story *story, annals_error *err)
{
    if (!c || !story || !story->text) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no coder or story");
        return ANNALS_ERR_ARG;
    }
    an_arena_reset(&c->arena);
    c->amode = annals_mode(c->d);
    c->nevents = 0;
    c->sents.n = 0;
    c->story = story;
    c->story_date = story->date;
    c->story_discard = 0;
    /* a new story starts without a carried subject, unless FORWARD links
       records of one story (ids that differ only after their last '-') */
    {
        char key[128];
        const char *id = story->id ? story->id : "";
        const char *dash = strrchr(id, '-');
        size_t kl = dash ? (size_t)(dash - id) : strlen(id);
        copy_str(key, sizeof key, id, kl < 120 ? kl : 120);
        if (!c->d->opts.forward || strcmp(key, c->fwd_key) != 0)
            c->carry[0] = 0;
        copy_str(c->fwd_key, sizeof c->fwd_key, key, strlen(key));
    }
    c->date = date_num(story->date);
    int32_t story_date = c->date;
    const char *text = story->text;
    size_t len = story->text_len;
    if (len > c->opt.limits.max_story_bytes) {
        an_err_set(err, ANNALS_ERR_LIMIT, story->source_file, story->line, 0,
                   "story '%s' is %zu bytes, over the limit of %zu", story->id ? story->id : "",
                   len, c->opt.limits.max_story_bytes);
        return ANNALS_ERR_LIMIT;
    }
    int rc;
    if (story->is_sentence || c->opt.no_split) {
        size_t a = 0, b = len;
        while (a < b && an_isspace((unsigned char)text[a]))
            a++;
        while (b > a && an_isspace((unsigned char)text[b - 1]))
            b--;
        rc = b > a ? an_spanvec_push(&c->sents, a, b) : 0;
    } else {
        rc = an_split_sentences(text, len, 0, &c->sents);
    }
    if (rc) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory splitting sentences");
        return ANNALS_ERR_NOMEM;
    }
    if (c->sents.n > c->sstatcap) {
        annals_sentence_status *ns = an_realloc(c->sstat, c->sents.n * sizeof *ns);
        if (!ns) {
            an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return ANNALS_ERR_NOMEM;
        }
        c->sstat = ns;
        c->sstatcap = c->sents.n;
    }
    /* date every sentence from its own text (or its narrative context) */
    int dated = 0;
    if (!c->opt.no_dates && c->sents.n) {
        if (!c->tagger)
            c->tagger = annals_tagger_new(err);
        if (c->sents.n > c->sdatecap) {
            an_sentdate *nd = an_realloc(c->sdates, c->sents.n * sizeof *nd);
            if (!nd) {
                an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                return ANNALS_ERR_NOMEM;
            }
            c->sdates = nd;
            c->sdatecap = c->sents.n;
        }
        if (!c->tagger)
            return err ? err->code : ANNALS_ERR_NOMEM;
        annals_status ds = an_date_sentences(c->tagger, text, len, c->sents.v, c->sents.n,
                                             story->date, c->opt.dates, c->sdates, err);
        if (ds)
            return ds;
        dated = 1;
    }
    /* the sentence state (its events) is kept from story to story */
    if (!c->sent)
        c->sent = an_malloc(sizeof *c->sent);
    sent *S = c->sent;
    if (!S) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    annals_status st = ANNALS_OK;
    for (size_t si = 0; si < c->sents.n; si++) {
        an_span sp = c->sents.v[si];
        int toomany = 0;
        long nt = an_tokenize(&c->arena, text, sp.start, sp.end, &c->toks, &c->tokcap,
                              c->opt.limits.max_sentence_tokens, &toomany);
        if (nt < 0) {
            an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory tokenising");
            st = ANNALS_ERR_NOMEM;
            break;
        }
        if (toomany)
            an_warn(c->opt.diag, c->opt.diag_user, story->source_file, story->line, 0,
                    "story '%s' sentence %zu has more than %zu tokens; the rest is not coded",
                    story->id ? story->id : "", si + 1, c->opt.limits.max_sentence_tokens);
        if ((size_t)nt > c->wcap) {
            wtok *nw = an_realloc(c->w, (size_t)nt * sizeof *nw);
            if (!nw) {
                an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                st = ANNALS_ERR_NOMEM;
                break;
            }
            c->w = nw;
            c->wcap = (size_t)nt;
        }
        S->c = c;
        S->t = c->toks;
        S->w = c->w;
        S->n = (int)nt;
        S->status = ANNALS_SENT_CODED;
        S->nev = 0;
        S->capped = 0;
        c->nactors = 0;
        c->nomem = 0;
        /* actors' dated codes follow the sentence's own date when it has one
           ("... the Soviet Union in August 1971" in an undated story) */
        c->date = dated ? sentdate_num(&c->sdates[si], story_date) : story_date;
        if (nt > 0)
            code_sentence(S);
        if (S->capped)
            an_warn(c->opt.diag, c->opt.diag_user, story->source_file, story->line, 0,
                    "story '%s' sentence %zu: more than %zu events; the rest are left out",
                    story->id ? story->id : "", si + 1, c->opt.limits.max_events_per_sentence);
        if (c->nomem) {
            an_err_set(err, ANNALS_ERR_NOMEM, story->source_file, story->line, 0,
                       "out of memory coding story '%s'", story->id ? story->id : "");
            st = ANNALS_ERR_NOMEM;
            break;
        }
        /* carry the first actor (its dictionary code, without agents) to the
           next sentence for its pronouns */
        for (int k = 0; k < S->n; k++)
            if (S->w[k].type == W_ACTOR && S->w[k].actor >= 0 &&
                special_type(&S->t[k]) != W_PRONOUN) {
                copy_str(c->carry, sizeof c->carry, c->actors[S->w[k].actor].base,
                         strlen(c->actors[S->w[k].actor].base));
                break;
            }
        c->sstat[si] = (annals_sentence_status)S->status;
        if (S->status == ANNALS_SENT_CODED && S->nev == 0)
            c->sstat[si] = ANNALS_SENT_CODED;
        const char *stext = NULL;
        const char *issues = S->nev ? sentence_issues(S) : NULL;
        for (int k = 0; k < S->nev; k++) {
            ev_tmp *e = &S->ev[k];
            if (!stext)
                stext = span_text(c, text, sp.start, sp.end);
            annals_event out;
            memset(&out, 0, sizeof out);
            out.story_id = story->id;
            out.sentence = (unsigned)(si + 1);
            out.sentence_start = sp.start;
            out.sentence_end = sp.end;
            out.sentence_text = stext;
            out.date = story->date;
            out.date_precision = story->date ? "day" : NULL;
            out.date_source = story->date ? "story" : NULL;
            if (dated) {
                const an_sentdate *sd = &c->sdates[si];
                out.date = sd->date[0] ? an_arena_strdup(&c->arena, sd->date) : NULL;
                out.date_precision = sd->date[0] ? annals_date_precision_name(sd->precision) : NULL;
                out.date_source = an_date_source_name(sd->source);
                out.date_text = sd->text_end > sd->text_start
                                    ? span_text(c, text, sd->text_start, sd->text_end)
                                    : NULL;
            }
            out.source = e->src;
            out.target = e->tgt;
            out.code = e->code;
            if (e->src_actor >= 0) {
                const actref *a = &c->actors[e->src_actor];
                out.source_text = span_text(c, text, c->toks[a->first].start, c->toks[a->last].end);
            }
            if (e->tgt_actor >= 0) {
                const actref *a = &c->actors[e->tgt_actor];
                out.target_text = span_text(c, text, c->toks[a->first].start, c->toks[a->last].end);
            }
            out.verb_text = span_text(c, text, c->toks[e->verb_tok].start, c->toks[e->verb_end].end);
            out.cameo = annals_cameo_lookup(e->code);
            out.issues = issues;
            if (push_event(c, &out)) {
                an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                st = ANNALS_ERR_NOMEM;
                break;
            }
        }
        if (st)
            break;
    }
    if (c->story_discard) {
        /* a story-level discard phrase: nothing of this story is coded */
        c->nevents = 0;
        for (size_t si = 0; si < c->sents.n; si++)
            c->sstat[si] = ANNALS_SENT_DISCARDED;
    }
    return st;
}

int annals_dict_lookup_actor(const annals_dict *d, const char *phrase, const char *date, char *out,
                             size_t size)
{
    if (!d || !phrase || !out || !size)
        return 0;
    annals_coder *c = annals_coder_new(d, NULL, NULL);
    if (!c)
        return 0;
    c->date = date_num(date);
    int toomany;
    size_t len = strlen(phrase);
    long nt = an_tokenize(&c->arena, phrase, 0, len, &c->toks, &c->tokcap, 256, &toomany);
    int found = 0;
    const an_tok *t0 = nt > 0 ? &c->toks[0] : NULL;
    const ccent *te = t0 && (t0->kind == TK_WORD || t0->kind == TK_NUMBER)
                          ? token_entry(&c->cc, d, t0->s, t0->len, an_tok_word8(t0))
                          : NULL;
    if (te) {
        cand best;
        best_match(te, c->toks, (int)nt, 0, &best);
        if (best.entry && best.type == IX_ACTOR && best.end == nt - 1) {
            an_actor *a = best.entry;
            const an_datecode *dc = an_codeset_resolve(a->codes, c->date);
            const char *code = !dc || dc->kind == CODE_NULL ? "---"
                             : dc->kind == CODE_DISCARD ? "###"
                             : dc->kind == CODE_COMPLEX ? "+++" : dc->code;
            snprintf(out, size, "%s", code);
            found = 1;
        }
    }
    annals_coder_free(c);
    return found;
}
