/* PETRARCH-2 dictionaries: CAMEO 2.0 verbs, Phoenix actors and agents (the
 * TABARI loaders in their PETRARCH dialect), discards, issues, and the
 * PETR_config.ini that names them.  Reference: PETRARCH's dictionaries.rst. */
#include "dict/dict.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct pl {
    const char *name, *text;
    size_t len, pos;
    unsigned long lineno;
    const char *s;
    size_t n;
} pl;

static int pl_next(pl *p)
{
    if (p->pos >= p->len)
        return 0;
    const char *s = p->text + p->pos;
    const char *e = memchr(s, '\n', p->len - p->pos);
    size_t n = e ? (size_t)(e - s) : p->len - p->pos;
    p->pos += n + (e ? 1 : 0);
    p->lineno++;
    /* '#' comments, blanks */
    const char *h = memchr(s, '#', n);
    if (h)
        n = (size_t)(h - s);
    while (n && an_isspace((unsigned char)s[n - 1]))
        n--;
    while (n && an_isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n >= 4 && !memcmp(s, "<!--", 4))
        n = 0;
    p->s = s;
    p->n = n;
    return 1;
}

/* builds a word sequence from a discard or issue phrase: blank-separated words
 * that must follow one another; a final '_' means whole word, otherwise a stem */
static annals_status phrase_seq(annals_dict *d, pl *p, const char *s, size_t n, an_seq *out,
                                int endings, annals_error *err)
{
    an_elem tmp[64];
    int k = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '_' || s[i] == '-'))
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '_' && s[j] != '-')
            j++;
        if (j == i)
            break;
        if (k == 64) {
            an_err_set(err, ANNALS_ERR_PARSE, p->name, p->lineno, 1, "phrase longer than 64 words");
            return ANNALS_ERR_PARSE;
        }
        an_elem *e = &tmp[k++];
        memset(e, 0, sizeof *e);
        e->kind = EL_WORD;
        e->adj = k > 1;
        char *w = an_arena_alloc(&d->arena, j - i + 1);
        if (!w)
            goto nomem;
        for (size_t c = 0; c < j - i; c++)
            w[c] = (char)an_toupper((unsigned char)s[i + c]);
        w[j - i] = 0;
        e->word = w;
        e->len = (uint16_t)(j - i);
        e->match = j < n && s[j] == '_' ? WM_EXACT : WM_STEM;
        e->endings = (uint8_t)endings;
        i = j;
    }
    if (!k) {
        an_err_set(err, ANNALS_ERR_PARSE, p->name, p->lineno, 1, "expected a phrase");
        return ANNALS_ERR_PARSE;
    }
    out->n = (uint16_t)k;
    out->el = an_arena_alloc(&d->arena, (size_t)k * sizeof *out->el);
    if (!out->el)
        goto nomem;
    memcpy(out->el, tmp, (size_t)k * sizeof *out->el);
    return ANNALS_OK;
nomem:
    an_err_set(err, ANNALS_ERR_NOMEM, p->name, p->lineno, 0, "out of memory");
    return ANNALS_ERR_NOMEM;
}

/* Discards: "PHRASE" drops the sentence, "+PHRASE" the whole story.  They
 * become actor entries with a discard code so that matching stays one pass. */
static annals_status load_discards(annals_dict *d, const char *name, const char *text, size_t len,
                                   annals_error *err)
{
    pl p = {name, text, len, 0, 0, NULL, 0};
    an_codeset *sentence = an_arena_alloc(&d->arena, sizeof *sentence);
    an_codeset *story = an_arena_alloc(&d->arena, sizeof *story);
    an_datecode *dc = an_arena_alloc(&d->arena, 2 * sizeof *dc);
    if (!sentence || !story || !dc) {
        an_err_set(err, ANNALS_ERR_NOMEM, name, 0, 0, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    memset(dc, 0, 2 * sizeof *dc);
    dc[0].kind = CODE_DISCARD;
    dc[1].kind = CODE_DISCARD_STORY;
    sentence->dc = &dc[0];
    sentence->n = 1;
    story->dc = &dc[1];
    story->n = 1;
    while (pl_next(&p)) {
        if (!p.n)
            continue;
        const char *s = p.s;
        size_t n = p.n;
        int whole = s[0] == '+';
        if (whole) {
            s++;
            n--;
        }
        an_actor *a = an_arena_alloc(&d->arena, sizeof *a);
        if (!a) {
            an_err_set(err, ANNALS_ERR_NOMEM, name, p.lineno, 0, "out of memory");
            return ANNALS_ERR_NOMEM;
        }
        memset(a, 0, sizeof *a);
        annals_status st = phrase_seq(d, &p, s, n, &a->phrase, END_NONE, err);
        if (st)
            return st;
        a->codes = whole ? story : sentence;
        a->head = a->phrase.el[0].word;
        a->line = (uint32_t)p.lineno;
        if (an_ptrvec_push(&d->actors, a)) {
            an_err_set(err, ANNALS_ERR_NOMEM, name, p.lineno, 0, "out of memory");
            return ANNALS_ERR_NOMEM;
        }
        st = an_dict_index_add(d, &a->phrase.el[0], IX_ACTOR, a, err);
        if (st)
            return st;
    }
    return ANNALS_OK;
}

/* Issues: "phrase [CODE]" with n: (noun), v: (verb) and + (blank or hyphen)
 * expansions; "~phrase" (and "~~phrase") cancels issue coding. */
static annals_status load_issues(annals_dict *d, const char *name, const char *text, size_t len,
                                 annals_error *err)
{
    pl p = {name, text, len, 0, 0, NULL, 0};
    const char *category = NULL; /* from <ISSUE CATEGORY="..."> */
    size_t catn = 0;
    while (pl_next(&p)) {
        if (!p.n)
            continue;
        if (p.s[0] == '<') {
            const char *c = NULL;
            for (size_t i = 0; i + 10 <= p.n; i++)
                if (an_strncaseeq(p.s + i, "CATEGORY=", 9)) {
                    c = p.s + i + 9;
                    break;
                }
            category = NULL;
            if (c) {
                if (*c == '"')
                    c++;
                size_t k = 0;
                while (c + k < p.s + p.n && c[k] != '"' && c[k] != '>')
                    k++;
                category = c;
                catn = k;
            }
            continue;
        }
        const char *s = p.s;
        size_t n = p.n;
        int ignore = 0;
        while (n && s[0] == '~') {
            ignore = 1;
            s++;
            n--;
        }
        const char *code = "";
        size_t cn = 0;
        const char *lb = memchr(s, '[', n);
        if (lb) {
            const char *rb = memchr(lb, ']', (size_t)(s + n - lb));
            if (!rb) {
                an_err_set(err, ANNALS_ERR_PARSE, name, p.lineno, (unsigned long)(lb - p.s) + 1,
                           "missing ']'");
                return ANNALS_ERR_PARSE;
            }
            code = lb + 1;
            cn = (size_t)(rb - lb - 1);
            n = (size_t)(lb - s);
        } else if (category) {
            code = category;
            cn = catn;
        } else if (!ignore) {
            an_err_set(err, ANNALS_ERR_PARSE, name, p.lineno, (unsigned long)n + 1,
                       "expected [ISSUE_CODE] after the phrase (or an <ISSUE CATEGORY=...> section)");
            return ANNALS_ERR_PARSE;
        }
        /* strip the n:/v:/+ markers: our matching already allows the regular
           endings, and hyphens are blanks in the text */
        char buf[1024];
        size_t k = 0;
        int endings = END_NONE;
        for (size_t i = 0; i < n && k + 1 < sizeof buf; i++) {
            if ((s[i] == 'n' || s[i] == 'v' || s[i] == 'N' || s[i] == 'V') && i + 1 < n &&
                s[i + 1] == ':' && (i == 0 || s[i - 1] == ' ')) {
                endings = (s[i] == 'v' || s[i] == 'V') ? END_VERB : END_NOUN;
                i++;
                continue;
            }
            buf[k++] = s[i] == '+' ? ' ' : s[i];
        }
        while (k && buf[k - 1] == ' ')
            k--;
        if (!k)
            continue;
        an_issue *is = an_arena_alloc(&d->arena, sizeof *is);
        if (!is) {
            an_err_set(err, ANNALS_ERR_NOMEM, name, p.lineno, 0, "out of memory");
            return ANNALS_ERR_NOMEM;
        }
        memset(is, 0, sizeof *is);
        annals_status st = phrase_seq(d, &p, buf, k, &is->phrase, endings, err);
        if (st)
            return st;
        /* whole words, with the endings the markers asked for */
        for (uint16_t w = 0; w < is->phrase.n; w++)
            is->phrase.el[w].match = WM_EXACT;
        is->ignore = (uint8_t)ignore;
        is->code = an_arena_strndup(&d->arena, code, cn);
        if (!is->code || an_ptrvec_push(&d->issues, is)) {
            an_err_set(err, ANNALS_ERR_NOMEM, name, p.lineno, 0, "out of memory");
            return ANNALS_ERR_NOMEM;
        }
        st = an_index_add(&d->issue_ix, &is->phrase.el[0], IX_ISSUE, is, err);
        if (st)
            return st;
    }
    return ANNALS_OK;
}

annals_status an_load_petrarch(annals_dict *d, const char *name, const char *text, size_t len,
                               annals_dict_kind kind, annals_error *err)
{
    if (!d->petrarch && !d->has_tabari_options) {
        /* PETRARCH's comma-clause defaults (PETR_config.ini): internal and
           final phrases of 3 to 8 words are dropped (TABARI's go to 10) */
        d->opts.comma_max = 8;
        d->opts.comma_emax = 8;
    }
    d->petrarch = 1;
    switch (kind) {
    case ANNALS_DICT_ACTORS:
    case ANNALS_DICT_AGENTS:
    case ANNALS_DICT_VERBS:
        return an_load_tabari_dialect(d, name, text, len, kind, 1, err);
    case ANNALS_DICT_DISCARDS:
        return load_discards(d, name, text, len, err);
    case ANNALS_DICT_ISSUES:
        return load_issues(d, name, text, len, err);
    default:
        an_err_set(err, ANNALS_ERR_UNSUPPORTED, name, 0, 0,
                   "this kind of dictionary has no PETRARCH syntax");
        return ANNALS_ERR_UNSUPPORTED;
    }
}

/* PETRARCH's [Options] (PETR_config.ini, and the <Config option= value=>
 * elements of its unit-test records).  Options that only change what
 * PETRARCH writes or reads (file names, write_actor_text, ...) are accepted
 * and have no effect on the events. */
static int parse_bool(const char *v, size_t n)
{
    if ((n == 4 && an_strncaseeq(v, "true", 4)) || (n == 3 && an_strncaseeq(v, "yes", 3)) ||
        (n == 1 && v[0] == '1'))
        return 1;
    if ((n == 5 && an_strncaseeq(v, "false", 5)) || (n == 2 && an_strncaseeq(v, "no", 2)) ||
        (n == 1 && v[0] == '0'))
        return 0;
    return -1;
}

static int parse_count(const char *v, size_t n)
{
    if (!n || n > 6)
        return -1;
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    return x;
}

int an_petrarch_option(annals_dict *d, const char *name, size_t nl, const char *val, size_t vl)
{
    an_dopts *o = &d->opts;
    static const char *const no_effect[] = {
        "stop_on_error", "write_actor_root", "write_actor_text", "write_event_text",
        "textfile_list", "textfile_name", "eventfile_name", "code_by_sentence",
        "null_verbs", "null_actors", "pause_by_sentence", "pause_by_story"};
    static const struct {
        const char *name;
        size_t off;
    } counts[] = {{"comma_min", offsetof(an_dopts, comma_min)},
                  {"comma_max", offsetof(an_dopts, comma_max)},
                  {"comma_bmin", offsetof(an_dopts, comma_bmin)},
                  {"comma_bmax", offsetof(an_dopts, comma_bmax)},
                  {"comma_emin", offsetof(an_dopts, comma_emin)},
                  {"comma_emax", offsetof(an_dopts, comma_emax)},
                  {"new_actor_length", offsetof(an_dopts, new_actor_length)}};
#define NAME_IS(k) (nl == strlen(k) && an_strncaseeq(name, k, nl))
    if (NAME_IS("require_dyad")) {
        int b = parse_bool(val, vl);
        if (b < 0)
            return -2;
        o->require_dyad = b;
        return 0;
    }
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (NAME_IS(counts[i].name)) {
            int x = parse_count(val, vl);
            if (x < 0)
                return -2;
            *(int *)((char *)o + counts[i].off) = x;
            if (!strncmp(counts[i].name, "comma", 5))
                o->comma_off = 0;
            return 0;
        }
    for (size_t i = 0; i < sizeof no_effect / sizeof no_effect[0]; i++)
        if (NAME_IS(no_effect[i]))
            return 0;
#undef NAME_IS
    return -1;
}

/* splits "name = value" (blanks trimmed); 0 when there is no '=' */
int an_split_setting(const char *s, size_t n, const char **name, size_t *nl, const char **val,
                     size_t *vl)
{
    const char *eq = memchr(s, '=', n);
    if (!eq)
        return 0;
    size_t a = (size_t)(eq - s);
    while (a && an_isspace((unsigned char)s[a - 1]))
        a--;
    const char *v = eq + 1;
    size_t b = (size_t)(s + n - v);
    while (b && an_isspace((unsigned char)*v)) {
        v++;
        b--;
    }
    while (b && an_isspace((unsigned char)v[b - 1]))
        b--;
    *name = s;
    *nl = a;
    *val = v;
    *vl = b;
    return 1;
}

/* the next content line of an .ini inside [section]; *in tracks the section */
static int ini_next(pl *p, const char *section, int *in)
{
    size_t sl = strlen(section);
    while (pl_next(p)) {
        if (!p->n || p->s[0] == ';')
            continue;
        if (p->s[0] == '[') {
            *in = p->n >= sl && an_strncaseeq(p->s, section, sl);
            continue;
        }
        if (*in)
            return 1;
    }
    return 0;
}

static void load_config_options(annals_dict *d, const char *path, const char *text, size_t len)
{
    pl p = {path, text, len, 0, 0, NULL, 0};
    int in_opts = 0;
    while (ini_next(&p, "[Options]", &in_opts)) {
        const char *s = p.s;
        size_t n = p.n;
        const char *name, *val;
        size_t nl, vl;
        if (!an_split_setting(s, n, &name, &nl, &val, &vl))
            continue;
        int r = an_petrarch_option(d, name, nl, val, vl);
        if (r) {
            an_warn(d->diag, d->diag_user, path, p.lineno, 1,
                    r == -1 ? "unknown option '%.*s'; ignored"
                            : "option '%.*s' has a value annals cannot read; ignored",
                    (int)nl, name);
            d->warnings++;
        }
    }
}

/* PETR_config.ini: [Dictionaries] verbfile_name, actorfile_list,
 * agentfile_name, discardfile_name, issuefile_name, relative to the .ini */
annals_status an_load_petrarch_config(annals_dict *d, const char *path, const char *text,
                                      size_t len, annals_error *err)
{
    static const struct {
        const char *key;
        annals_dict_kind kind;
    } keys[] = {{"actorfile_list", ANNALS_DICT_ACTORS},
                {"agentfile_name", ANNALS_DICT_AGENTS},
                {"verbfile_name", ANNALS_DICT_VERBS},
                {"discardfile_name", ANNALS_DICT_DISCARDS},
                {"issuefile_name", ANNALS_DICT_ISSUES}};
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    int found = 0;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        pl p = {path, text, len, 0, 0, NULL, 0};
        int in_dicts = 0;
        while (ini_next(&p, "[Dictionaries]", &in_dicts)) {
            const char *s = p.s;
            size_t n = p.n;
            size_t kl = strlen(keys[k].key);
            if (n < kl || !an_strncaseeq(s, keys[k].key, kl))
                continue;
            const char *eq = memchr(s, '=', n);
            if (!eq)
                continue;
            const char *v = eq + 1;
            size_t vn = (size_t)(s + n - v);
            /* a comma-separated list */
            while (vn) {
                while (vn && (*v == ' ' || *v == ',' || *v == '\t')) {
                    v++;
                    vn--;
                }
                size_t fl = 0;
                while (fl < vn && v[fl] != ',')
                    fl++;
                size_t tl = fl;
                while (tl && (v[tl - 1] == ' ' || v[tl - 1] == '\t'))
                    tl--;
                if (tl) {
                    an_buf full;
                    an_buf_init(&full);
                    if (v[0] != '/' && dirlen)
                        an_buf_printf(&full, "%.*s/", (int)dirlen, path);
                    an_buf_append(&full, v, tl);
                    if (full.failed) {
                        an_err_set(err, ANNALS_ERR_NOMEM, path, p.lineno, 0, "out of memory");
                        return ANNALS_ERR_NOMEM;
                    }
                    annals_status st = annals_dict_load_file(d, full.p, keys[k].kind,
                                                             ANNALS_SYNTAX_PETRARCH, err);
                    an_buf_free(&full);
                    if (st)
                        return st;
                    found++;
                }
                v += fl;
                vn -= fl;
            }
        }
    }
    if (!found) {
        an_err_set(err, ANNALS_ERR_PARSE, path, 0, 0,
                   "no dictionary files named in its [Dictionaries] section");
        return ANNALS_ERR_PARSE;
    }
    load_config_options(d, path, text, len);
    return ANNALS_OK;
}
