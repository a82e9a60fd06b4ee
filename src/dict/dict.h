/* The one internal dictionary model.  Every loader (TABARI, PETRARCH,
 * annals' own files) fills it; the coder reads it.  All strings live in the
 * dictionary's arena. */
#ifndef ANNALS_DICT_H
#define ANNALS_DICT_H

#include "util/util.h"

/* ---- phrase elements ---- */

enum {
    EL_WORD = 0,   /* a literal word                                */
    EL_VERB,       /* '*' the verb itself                            */
    EL_SOURCE,     /* '$'                                            */
    EL_TARGET,     /* '+'                                            */
    EL_COMPOUND,   /* '%'                                            */
    EL_SKIP,       /* '^' skip an actor                              */
    EL_SYNSET,     /* &NAME                                          */
    EL_ALT,        /* { a | b }                                      */
    EL_ATTRIB      /* '@' attribution (accepted, treated as skip)    */
};

/* word match kinds */
enum {
    WM_STEM = 0,   /* token starts with the word                     */
    WM_EXACT = 1,  /* whole word, regular endings allowed             */
    WM_NOEND = 2   /* whole word, no endings ('=')                    */
};

/* endings families for the last word of a phrase */
enum { END_NONE = 0, END_NOUN = 1, END_VERB = 2,
       END_VERB_STRICT = 3 /* PETRARCH's regular forms only: S, ED, ING; ES after a sibilant */ };

typedef struct an_synset an_synset;
typedef struct an_synindex an_synindex;
typedef struct an_alt an_alt;

typedef struct an_elem {
    uint8_t kind;     /* EL_*                                          */
    uint8_t match;    /* WM_* for EL_WORD                              */
    uint8_t endings;  /* END_* for EL_WORD                             */
    uint8_t adj;      /* must immediately follow the previous element  */
    uint16_t len;     /* word length                                   */
    const char *word; /* EL_WORD                                       */
    an_synset *synset;
    an_alt *alt;
} an_elem;

typedef struct an_seq {
    an_elem *el;
    uint16_t n;
} an_seq;

struct an_alt {
    an_seq *opts;
    uint16_t n;
};

struct an_synset {
    const char *name;   /* without '&'   */
    an_seq *members;
    uint32_t n, cap;
    uint16_t maxlen;    /* longest member, in letters */
    uint32_t need_id;   /* 1 + the an_needix id "a member's longest word
                           is in the sentence", 0 when some member has
                           no word (an_dict_compile)                */
    an_synindex *mix;   /* its members by first letter (many members) */
};

/* The members of a synset that can match at a token with first letter c
 * (and a letter at all), ascending: list[off[slot[c]] .. off[slot[c] + 1]);
 * slot 0 lists the members that do not start with a word, which are also
 * in every other list (an_dict_compile). */
struct an_synindex {
    uint8_t slot[256];
    uint32_t *off;
    uint32_t *list;
};

/* ---- codes ---- */

enum {
    CODE_PLAIN = 0,
    CODE_NULL,      /* ---  */
    CODE_DISCARD,   /* ###  */
    CODE_COMPLEX,   /* +++  */
    CODE_DISCARD_STORY /* PETRARCH "+PHRASE" discard: drop the whole story */
};

typedef struct an_evcode {
    uint8_t kind;        /* CODE_*                                   */
    uint8_t subordinate; /* '?'                                      */
    uint8_t dominant;    /* '!'                                      */
    uint8_t swap;        /* PETRARCH "[:CODE]": source and target swapped */
    const char *code;    /* first event code                         */
    const char *pair;    /* second code of X:Y, or NULL              */
} an_evcode;

typedef struct an_datecode {
    int32_t from, to;    /* YYYYMMDD inclusive; 0 = open              */
    uint8_t kind;        /* CODE_*                                   */
    const char *code;    /* "SUN" or "GME/GMW" (compound) for PLAIN   */
} an_datecode;

/* ---- entries ---- */

typedef struct an_codeset {  /* shared by synonyms */
    an_datecode *dc;
    uint16_t n;
} an_codeset;

typedef struct an_actor {
    an_seq phrase;
    an_codeset *codes;
    const char *head;        /* first phrase of the synonym group      */
    uint32_t line;
} an_actor;

typedef struct an_agent {
    an_seq phrase;
    const char *code;        /* role code without '~'                   */
    uint8_t prefix;          /* 1: "NGO~" (code goes before the actor)  */
    uint8_t kind;            /* CODE_* (agents may be null-coded)       */
} an_agent;

typedef struct an_pattern {
    an_seq pre;              /* elements before '*'                    */
    an_seq post;             /* elements after '*'                     */
    an_evcode code;
    uint16_t length;         /* letters, for ordering                   */
    uint16_t fixed;          /* letters outside alternatives and synsets */
    uint16_t maxlen;         /* most letters a match can have (synsets at their longest) */
    uint16_t tail_maxlen;    /* the largest maxlen of this and the later patterns of its verb */
    uint8_t verb_adj_pre;    /* last pre element must touch the verb    */
    uint8_t verb_adj_post;   /* first post element must touch the verb  */
    uint8_t has_src, has_tgt, has_cmp;
    uint8_t det;             /* spelled for a nominal use: a determiner just
                                before the verb or OF just after it
                                (an_dict_compile)                       */
    int16_t anchor[4];       /* prefix hashes of literal words it needs */
    uint8_t nanchor;
    uint8_t legacy;          /* its anchors can fail although its words
                                match (a short word matched by a form:
                                SPY - SPIES): the coder still tests them */
    uint32_t line;
} an_pattern;

/* hash of the first min(3, n) characters, in 0..1023: a literal word of a
 * pattern can only match a token whose prefix has the same hash */
static inline int an_prefix_hash(const char *s, size_t n)
{
    size_t k = n < 3 ? n : 3;
    unsigned h = (unsigned)k;
    for (size_t i = 0; i < k; i++)
        h = h * 131u + (unsigned char)s[i];
    return (int)(h & 1023u);
}

/* ---- which patterns can match a sentence (an_dict_compile) ----
 * Every literal word the patterns need (top-level words, the longest word
 * of each option of an alternative) has an id, and so has every synset
 * ("the longest word of one of its members").  A literal word matches only
 * token texts that start with its first an_word_reqlen() letters; the
 * index maps those letters to the words, so that the coder finds, once per
 * token text, the ids it matches (match_word), and per sentence the set of
 * ids present.  A pattern lists the ids it needs (groups: one of each);
 * a verb with many patterns also indexes them by the id of their longest
 * word (or of their synset, or of each option of an alternative), so that
 * the coder looks only at those whose key is present. */
enum { AN_PKEY_MIN_PATS = 24 };

/* the letters of word e that every token it matches starts with */
size_t an_word_reqlen(const an_elem *e);

typedef struct an_needent {
    uint32_t id;
    uint32_t klen;           /* an_word_reqlen(word)                     */
    const an_elem *word;     /* the id is present when a token matches it */
} an_needent;

typedef struct an_needslot {
    const char *key;         /* the first an_word_reqlen() letters       */
    uint64_t h;
    uint32_t klen;
    uint32_t off, n;         /* entries; n == 0: empty slot              */
} an_needslot;

typedef struct an_needix {
    an_needslot *slots;      /* open addressing, cap a power of two      */
    size_t cap;
    an_needent *ents;
    uint64_t lens;           /* bit L: a key of L letters (L < 64)       */
    uint8_t long_keys;       /* keys of 64 letters or more               */
    uint32_t nids;
    uint64_t *keys;          /* bit id: the id is a key of some an_patindex */
    size_t npats, members;   /* what it was built from                   */
} an_needix;

/* the slot of the needs keyed by key[0..len), or NULL */
const an_needslot *an_needix_get(const an_needix *x, const char *key, size_t len);
/* (re)builds the needs and the pattern indexes when the patterns or the
 * synsets changed since the last time (patindex.c); -1 out of memory */
int an_patterns_index(annals_dict *d);
void an_patterns_unindex(annals_dict *d);

typedef struct an_pkslot {
    uint32_t id;             /* key + 1; 0: empty slot                   */
    uint32_t off, n;         /* postings                                 */
} an_pkslot;

typedef struct an_patindex {
    uint64_t bloom[16];      /* bit an_pkbloom_of(key) of every key      */
    an_pkslot *slots;        /* cap = 1 << bits                          */
    unsigned bits;
    uint32_t *post;          /* pattern indices, ascending per key       */
    uint32_t *rest;          /* patterns with no key                     */
    uint32_t nrest;
} an_patindex;

static inline uint32_t an_pkslot_of(uint32_t id, unsigned bits) { return (id * 2654435761u) >> (32 - bits); }
static inline uint32_t an_pkbloom_of(uint32_t id) { return (id * 0x85EBCA6Bu) >> 22; } /* 0..1023 */

typedef struct an_verb {
    an_seq phrase;           /* the root (may be several words)         */
    an_evcode code;
    an_pattern **pats;       /* sorted by length, longest first          */
    uint32_t npats, cap;
    uint32_t *need;          /* what a match of each pattern needs (groups
                                of a count and that many an_needix ids: one
                                id of each group is in the sentence), pattern
                                k's at need[noff[k] .. noff[k + 1])
                                (an_dict_compile)                       */
    uint32_t *noff;
    an_patindex *pix;        /* roots with AN_PKEY_MIN_PATS or more patterns */
    struct an_verb *root;    /* forms point to their root's entry        */
    uint8_t is_time;         /* <TIME> section                          */
    uint8_t is_attrib;       /* <ATTRIB> section                        */
    uint8_t any_det;         /* a root with a pattern with det set      */
    uint32_t line;
} an_verb;

/* issues (PETRARCH issues dictionary): phrases whose presence in a
 * sentence tags its events */
typedef struct an_issue {
    an_seq phrase;
    const char *code;        /* issue code                              */
    uint8_t ignore;          /* "~PHRASE": cancels issue coding of the sentence */
} an_issue;

/* simple word lists: nouns, adjectives */
typedef struct an_plain {
    an_seq phrase;
    uint8_t is_adj;
} an_plain;

/* ---- the index: first word → candidates ---- */

enum { IX_ACTOR = 1, IX_AGENT = 2, IX_VERB = 3, IX_NOUN = 4, IX_ADJ = 5, IX_ISSUE = 6 };

typedef struct an_ixent {
    uint8_t type;    /* IX_*                    */
    void *entry;     /* an_actor*, an_agent*, an_verb*, an_plain* */
} an_ixent;

typedef struct an_ixslot {
    const char *key;
    uint32_t klen;
    uint64_t hash;
    an_ixent *v;
    uint32_t n, cap;
} an_ixslot;

typedef struct an_index {
    an_ixslot *slots;
    size_t cap, count;
    uint32_t stem_lens; /* bit i set: some stem key of length i (i<32) */
    uint8_t long_stems; /* some stem key of length >= 32               */
} an_index;

/* ---- options (TABARI .options) ---- */

enum { CODEBY_CLAUSE = 0, CODEBY_SENTENCE, CODEBY_ALL };

typedef struct an_dopts {
    int code_by;
    int comma_off;
    int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
    int cx_verbs, cx_actors, cx_pronouns, cx_conj, cx_comma, cx_lateverb;
    int cx_noactprior, cx_noactafter, cx_noverb, cx_nosource, cx_notarget, cx_noevent;
    int minimum_words;
    int convert_agents;
    int time_shift;      /* -1 unset */
    int forward;         /* FORWARD: pronouns may refer to the previous record of the story */
    const char *default_source, *default_target;
    int default_prior;   /* default source whenever no actor precedes the verb */
    int default_after;   /* default target whenever no actor follows the verb  */
    int require_dyad;    /* PETRARCH require_dyad: an event needs a source and a target */
    int new_actor_length; /* PETRARCH new_actor_length: 0, or the longest noun phrase
                             that becomes a quoted actor when no dictionary actor is there */
} an_dopts;

struct annals_dict {
    an_arena arena;
    annals_diag_fn diag;
    void *diag_user;
    annals_limits limits;

    an_ptrvec actors, agents, verbs, plains, synsets, issues;
    an_index ix;          /* exact words and stems, all entry kinds */
    an_index issue_ix;    /* issues are matched apart from word classes */
    int compiled;
    an_needix needix;     /* the words patterns need (an_dict_compile) */
    int defer_index;      /* loading a directory: an_patterns_index() at its end */
    an_dopts opts;
    size_t npatterns;
    unsigned long warnings;
    int has_tabari_options;
    int lenient;          /* malformed lines are warnings and are skipped */
    int petrarch;         /* PETRARCH dictionaries were loaded */
};

/* model helpers (dict.c) */
annals_status an_dict_index_add(annals_dict *d, const an_elem *first, uint8_t type, void *entry,
                                annals_error *err);
const an_ixslot *an_dict_index_get(const annals_dict *d, const char *key, size_t len);
/* the same on another index (issues) */
annals_status an_index_add(an_index *ix, const an_elem *first, uint8_t type, void *entry,
                           annals_error *err);
const an_ixslot *an_index_get(const an_index *ix, const char *key, size_t len);
annals_status an_dict_compile(annals_dict *d, annals_error *err);
an_synset *an_dict_synset(annals_dict *d, const char *name, size_t len, int create);
void an_dopts_default(an_dopts *o);
/* Resolve a date-restricted code set for a date YYYYMMDD (0 = undated).
 * Returns NULL when nothing applies (null code). */
const an_datecode *an_codeset_resolve(const an_codeset *cs, int32_t date);

/* loaders (tabari.c, petrarch.c) */
annals_status an_load_tabari(annals_dict *d, const char *name, const char *text, size_t len,
                             annals_dict_kind kind, annals_error *err);
/* petrarch=1: the PETRARCH-2 dialect of the same formats */
annals_status an_load_tabari_dialect(annals_dict *d, const char *name, const char *text,
                                     size_t len, annals_dict_kind kind, int petrarch,
                                     annals_error *err);
annals_status an_load_tabari_project(annals_dict *d, const char *path, const char *text,
                                     size_t len, annals_error *err);
annals_status an_load_petrarch(annals_dict *d, const char *name, const char *text, size_t len,
                               annals_dict_kind kind, annals_error *err);
/* Applies a PETRARCH [Options] setting ("require_dyad = false"): 0 applied
 * (or accepted with no effect on coding), -1 unknown name, -2 bad value. */
int an_petrarch_option(annals_dict *d, const char *name, size_t nl, const char *val, size_t vl);
/* splits "name = value" (blanks trimmed); 0 when there is no '=' */
int an_split_setting(const char *s, size_t n, const char **name, size_t *nl, const char **val,
                     size_t *vl);
annals_status an_load_petrarch_config(annals_dict *d, const char *path, const char *text,
                                      size_t len, annals_error *err);

/* Parses YYMMDD or YYYYMMDD into YYYYMMDD; -1 if invalid. */
int32_t an_parse_dict_date(const char *s, size_t n);

#endif
