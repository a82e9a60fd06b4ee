/* TABARI dictionary syntax: .actors, .agents, .verbs, .options, .project.
 * Reference: TABARI 0.8.4 manual, chapters 5, 6 and 8. */
#include "dict/dict.h"

#include <stdlib.h>
#include <string.h>

typedef struct lx {
    annals_dict *d;
    const char *name;
    const char *text;
    size_t len, pos;
    unsigned long lineno;
    const char *line; /* current line (not NUL-terminated) */
    size_t llen;
    annals_error *err;
    int pattern_endings; /* "#@ pattern-endings" seen in this file */
    int petrarch;        /* PETRARCH-2 dialect: '#' comments, "--- X [C] ---" blocks,
                            synsets anywhere, (PREP NOUN) and {ADJ NOUN} in patterns */
    unsigned long transforms; /* PETRARCH '~' transformation lines skipped */
    const char *shadow, *shadow_orig; /* a working copy of part of the line */
    size_t shadow_len;
} lx;

static int is_finish(const char *s, size_t n)
{
    /* "~FINISH" (also "~~FINISH ..."); a verb called FINISH is not the end */
    if (!n || *s != '~')
        return 0;
    while (n && *s == '~') {
        s++;
        n--;
    }
    return n >= 6 && memcmp(s, "FINISH", 6) == 0;
}

static int next_line(lx *L)
{
    if (L->pos >= L->len)
        return 0;
    const char *s = L->text + L->pos;
    const char *e = memchr(s, '\n', L->len - L->pos);
    size_t n = e ? (size_t)(e - s) : L->len - L->pos;
    L->pos += n + (e ? 1 : 0);
    L->lineno++;
    if (n && s[n - 1] == '\r')
        n--;
    L->line = s;
    L->llen = n;
    if (n >= 18 && !memcmp(s, "#@ pattern-endings", 18))
        L->pattern_endings = 1;
    return 1;
}

static annals_status lerr(lx *L, const char *at, const char *fmt, ...) AN_PRINTF(3, 4);
static annals_status lerr(lx *L, const char *at, const char *fmt, ...)
{
    if (at && L->shadow && at >= L->shadow && at <= L->shadow + L->shadow_len)
        at = L->shadow_orig + (at - L->shadow);
    unsigned long col = 1;
    if (at && at >= L->line && at <= L->line + L->llen)
        col = (unsigned long)(at - L->line) + 1;
    va_list ap;
    va_start(ap, fmt);
    an_err_vset(L->err, ANNALS_ERR_PARSE, L->name, L->lineno, col, fmt, ap);
    va_end(ap);
    return ANNALS_ERR_PARSE;
}

static void lwarn(lx *L, const char *at, const char *msg)
{
    unsigned long col = at ? (unsigned long)(at - L->line) + 1 : 1;
    an_warn(L->d->diag, L->d->diag_user, L->name, L->lineno, col, "%s", msg);
    L->d->warnings++;
}

/* In lenient mode a parse error in one line becomes a warning and the
 * line is skipped; returns the status to continue with. */
static annals_status recover(lx *L, annals_status st)
{
    if (st != ANNALS_ERR_PARSE || !L->d->lenient || !L->err)
        return st;
    annals_error e = *L->err;
    e.is_warning = 1;
    char msg[600];
    snprintf(msg, sizeof msg, "%s; line skipped", e.message);
    an_warn(L->d->diag, L->d->diag_user, e.file, e.line, e.column, "%s", msg);
    L->d->warnings++;
    return ANNALS_OK;
}

static annals_status nomem(lx *L)
{
    an_err_set(L->err, ANNALS_ERR_NOMEM, L->name, L->lineno, 0, "out of memory");
    return ANNALS_ERR_NOMEM;
}

/* trims; returns the part of the line before a ';' comment */
static void trim(const char **s, size_t *n)
{
    while (*n && an_isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && an_isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static size_t strip_comment_x(const char *s, size_t n, int hash)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && depth)
            depth--;
        else if ((s[i] == ';' || (hash && s[i] == '#')) && !depth)
            return i;
    }
    return n;
}

#define strip_comment(s, n) strip_comment_x((s), (n), L->petrarch)

static int is_comment_line_x(const char *s, size_t n, int petrarch)
{
    if (n >= 2 && s[0] == '#' && s[1] == '@')
        return 1; /* pragmas are read by next_line() */
    while (n && an_isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (petrarch && n >= 2 && !memcmp(s, "<!", 2)) /* also the malformed "<! --" */
        return 1;
    return n == 0 || *s == '#' || *s == '/';
}

#define is_comment_line(s, n) is_comment_line_x((s), (n), L->petrarch)

/* ~FINISH ends a file (TABARI); entries after it are ignored, which is
 * said once so that nobody loses them silently */
static void after_finish(lx *L)
{
    unsigned long at = L->lineno;
    while (next_line(L)) {
        if (!is_comment_line(L->line, L->llen)) {
            char msg[160];
            snprintf(msg, sizeof msg, "entries after ~FINISH (line %lu) are ignored", at);
            lwarn(L, NULL, msg);
            break;
        }
    }
}

/* what the current line is: -1 ~FINISH (the rest of the file is
 * checked and ignored), 0 a comment or blank line, 1 content */
static int line_kind(lx *L)
{
    if (is_finish(L->line, L->llen)) {
        after_finish(L);
        return -1;
    }
    return is_comment_line(L->line, L->llen) ? 0 : 1;
}

/* the next line with content, comment stripped and trimmed; 0 at the end
 * of the file, at ~FINISH, or when a parse error stands (*st, after the
 * lenient recovery) */
static int next_content(lx *L, annals_status *st, const char **sp, size_t *np)
{
    while (next_line(L)) {
        if (*st && (*st = recover(L, *st)))
            return 0;
        int lk = line_kind(L);
        if (lk < 0)
            return 0;
        if (!lk)
            continue;
        const char *s = L->line;
        size_t n = strip_comment(s, L->llen);
        trim(&s, &n);
        if (n == 0)
            continue;
        *sp = s;
        *np = n;
        return 1;
    }
    return 0;
}

static int word_char(int c)
{
    return c && c != ' ' && c != '\t' && c != '_' && c != '~' && c != '=' && c != '{' &&
           c != '}' && c != '|' && c != '[' && c != ']';
}

/* ---------------- phrase / pattern parsing ---------------- */

typedef struct elvec {
    an_elem *v;
    size_t n, cap;
} elvec;

static int elvec_push(elvec *ev, const an_elem *e)
{
    if (ev->n == ev->cap) {
        size_t nc = ev->cap ? ev->cap * 2 : 8;
        an_elem *nv = an_realloc(ev->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        ev->v = nv;
        ev->cap = nc;
    }
    ev->v[ev->n++] = *e;
    return 0;
}

static int seq_finish(annals_dict *d, elvec *ev, an_seq *out)
{
    out->n = (uint16_t)ev->n;
    out->el = NULL;
    if (ev->n) {
        out->el = an_arena_alloc(&d->arena, ev->n * sizeof *out->el);
        if (!out->el)
            return -1;
        memcpy(out->el, ev->v, ev->n * sizeof *out->el);
    }
    an_free(ev->v);
    ev->v = NULL;
    ev->n = ev->cap = 0;
    return 0;
}

enum { PM_PHRASE = 0, PM_PATTERN = 1 };

/* Parses s[0..n) into elements. In PM_PHRASE mode only words are allowed.
 * endings: END_* applied to the last word. */
static annals_status parse_elems(lx *L, const char *s, size_t n, int mode, int endings,
                                 an_seq *out);

static annals_status parse_alt(lx *L, const char *s, size_t n, size_t *used, an_alt **out)
{
    /* s points just after '{'; find the matching '}' */
    size_t depth = 1, i = 0;
    size_t optstart = 0;
    elvec dummy = {0};
    (void)dummy;
    an_seq opts[64];
    int nopts = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '{')
            depth++;
        else if (c == '}' || (c == '|' && depth == 1)) {
            if (c == '}' && --depth > 0)
                continue;
            if (nopts >= 64)
                return lerr(L, s + i, "too many alternatives (at most 64)");
            annals_status st = parse_elems(L, s + optstart, i - optstart, PM_PATTERN, END_NOUN,
                                           &opts[nopts]);
            if (st)
                return st;
            if (opts[nopts].n == 0)
                return lerr(L, s + i, "empty alternative in { ... | ... }");
            nopts++;
            optstart = i + 1;
            if (c == '}')
                break;
        }
    }
    if (i >= n)
        return lerr(L, s - 1, "'{' without a matching '}'");
    an_alt *a = an_arena_alloc(&L->d->arena, sizeof *a);
    if (!a)
        return nomem(L);
    a->opts = an_arena_alloc(&L->d->arena, (size_t)nopts * sizeof *a->opts);
    if (!a->opts)
        return nomem(L);
    memcpy(a->opts, opts, (size_t)nopts * sizeof *a->opts);
    a->n = (uint16_t)nopts;
    *out = a;
    *used = i + 1;
    return ANNALS_OK;
}

static annals_status parse_elems(lx *L, const char *s, size_t n, int mode, int endings,
                                 an_seq *out)
{
    annals_dict *d = L->d;
    elvec ev = {0};
    size_t i = 0;
    int adj = 0; /* adjacency to the previous element */
    int first = 1;
    int last_word = -1;
    annals_status st = ANNALS_OK;
    while (i < n) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            adj = 0;
            i++;
            continue;
        }
        if (c == '_') {
            adj = 1;
            i++;
            continue;
        }
        an_elem e;
        memset(&e, 0, sizeof e);
        e.adj = (uint8_t)(first ? 0 : adj);
        if (mode == PM_PATTERN && (c == '*' || c == '$' || c == '+' || c == '%' || c == '^' ||
                                   c == '@')) {
            e.kind = c == '*' ? EL_VERB : c == '$' ? EL_SOURCE : c == '+' ? EL_TARGET
                   : c == '%' ? EL_COMPOUND : c == '^' ? EL_SKIP : EL_ATTRIB;
            i++;
        } else if (mode == PM_PATTERN && c == '{') {
            size_t used;
            st = parse_alt(L, s + i + 1, n - i - 1, &used, &e.alt);
            if (st)
                goto done;
            e.kind = EL_ALT;
            i += 1 + used;
        } else if (c == '&' && mode == PM_PATTERN) {
            size_t j = i + 1;
            while (j < n && (an_isalnum((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
                j++;
            if (j == i + 1) {
                st = lerr(L, s + i, "expected a synset name after '&'");
                goto done;
            }
            /* names may contain '_' (&CO_TREATY): take the longest defined
               name; otherwise '_' is the adjacency connector (&TIES_MEMOS) */
            an_synset *sy = NULL;
            {
                size_t k = j;
                while (k < n && (an_isalnum((unsigned char)s[k]) || s[k] == '_'))
                    k++;
                for (; k > j && !sy; k--) {
                    if (s[k - 1] == '_' || (k < n && an_isalnum((unsigned char)s[k])))
                        continue;
                    sy = an_dict_synset(d, s + i + 1, k - i - 1, 0);
                    if (sy)
                        j = k;
                }
            }
            if (!sy)
                sy = an_dict_synset(d, s + i + 1, j - i - 1, 0);
            if (!sy) {
                st = lerr(L, s + i, "synset '&%.*s' is not defined (define it in <SYNSETS> first)",
                          (int)(j - i - 1), s + i + 1);
                goto done;
            }
            e.kind = EL_SYNSET;
            e.synset = sy;
            i = j;
        } else if (c == '}' || c == '|' || c == '[' || c == ']' || c == '~' || c == '=') {
            st = lerr(L, s + i, "unexpected '%c' in phrase", c);
            goto done;
        } else {
            size_t j = i;
            while (j < n && word_char((unsigned char)s[j]))
                j++;
            if (j == i) {
                st = lerr(L, s + i, "unexpected '%c' in phrase", c ? c : '?');
                goto done;
            }
            e.kind = EL_WORD;
            e.len = (uint16_t)(j - i);
            /* upper-case copy (dictionaries are usually upper case already) */
            char *w = an_arena_alloc(&d->arena, j - i + 1);
            if (!w) {
                st = nomem(L);
                goto done;
            }
            for (size_t k = 0; k < j - i; k++)
                w[k] = (char)an_toupper((unsigned char)s[i + k]);
            w[j - i] = 0;
            e.word = w;
            e.match = WM_STEM;
            if (j < n && s[j] == '_') {
                e.match = WM_EXACT;
            } else if (j < n && s[j] == '=') {
                e.match = WM_NOEND;
                j++;
            } else if (j < n && s[j] == '~') {
                e.match = WM_STEM;
                j++;
                adj = 1;
                if (elvec_push(&ev, &e)) {
                    st = nomem(L);
                    goto done;
                }
                last_word = (int)ev.n - 1;
                first = 0;
                i = j;
                continue;
            }
            i = j;
            if (elvec_push(&ev, &e)) {
                st = nomem(L);
                goto done;
            }
            last_word = (int)ev.n - 1;
            first = 0;
            adj = 0;
            continue;
        }
        if (elvec_push(&ev, &e)) {
            st = nomem(L);
            goto done;
        }
        first = 0;
        adj = 0;
    }
    if (mode == PM_PATTERN) {
        /* TABARI: a pattern word ending in '_' matches exactly; annals' own
           files ("#@ pattern-endings") let it take the regular noun endings */
        for (size_t k = 0; k < ev.n; k++)
            if (ev.v[k].kind == EL_WORD)
                ev.v[k].endings = L->pattern_endings ? END_NOUN : END_NONE;
    } else if (last_word >= 0 && endings) {
        ev.v[last_word].endings = (uint8_t)endings;
    }
    if (seq_finish(d, &ev, out))
        st = nomem(L);
done:
    an_free(ev.v);
    return st;
}

/* ---------------- codes ---------------- */

static int special_code(const char *s, size_t n, uint8_t *kind)
{
    /* "---", "- - -", "###", "# # #", "+++" with any inner blanks */
    char c = 0;
    size_t cnt = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            continue;
        if (s[i] != '-' && s[i] != '#' && s[i] != '+')
            return 0;
        if (c && s[i] != c)
            return 0;
        c = s[i];
        cnt++;
    }
    if (cnt != 3)
        return 0;
    *kind = c == '-' ? CODE_NULL : c == '#' ? CODE_DISCARD : CODE_COMPLEX;
    return 1;
}

#define KIND_SKIP 0xFF /* a tolerated bad code: not added */

/* Parses one bracket body of an actor: "CODE", "CODE <D", "CODE >D", "CODE D-D", "---". */
/* Parses a dictionary date; a day past the end of its month (TABARI-era
 * data has "040931") is clamped to the month's last day with a warning. */
static int32_t lenient_date(lx *L, const char *at, const char *s, size_t n)
{
    int32_t d = an_parse_dict_date(s, n);
    if (d >= 0 || (n != 6 && n != 8))
        return d;
    char tmp[9];
    memcpy(tmp, s, n);
    tmp[n] = 0;
    for (int day = 30; day >= 28; day--) {
        tmp[n - 2] = (char)('0' + day / 10);
        tmp[n - 1] = (char)('0' + day % 10);
        int32_t c = an_parse_dict_date(tmp, n);
        if (c >= 0 && (s[n - 2] - '0') * 10 + (s[n - 1] - '0') <= 31) {
            char msg[160];
            snprintf(msg, sizeof msg, "date '%.*s' has no such day; read as %s", (int)n, s, tmp);
            lwarn(L, at, msg);
            return c;
        }
    }
    return -1;
}

static annals_status parse_datecode(lx *L, const char *s, size_t n, an_datecode *out)
{
    memset(out, 0, sizeof *out);
    trim(&s, &n);
    if (n == 0)
        return lerr(L, s, "empty code in [ ]");
    /* the code is the first run of code characters */
    size_t i = 0;
    if (s[0] == '-' || s[0] == '#' || (s[0] == '+' && n >= 3 && s[1] == '+')) {
        /* special code, possibly spaced ("- - -"), possibly followed by a restriction */
        size_t j = 0, cnt = 0;
        while (j < n && cnt < 3) {
            if (s[j] != ' ' && s[j] != '\t')
                cnt++;
            j++;
        }
        if (!special_code(s, j, &out->kind))
            return lerr(L, s, "expected an actor code or ---, ### or +++");
        i = j;
    } else {
        while (i < n && (an_isalnum((unsigned char)s[i]) || s[i] == '/' || s[i] == '~' ||
                         s[i] == '.' || s[i] == '!' || (unsigned char)s[i] >= 0x80))
            i++;
        if (i == 0)
            return lerr(L, s, "expected an actor code");
        if (an_isdigit((unsigned char)s[0])) {
            /* "[991201-010114]" : a date range without a code */
            size_t k = 0;
            while (k < i && an_isdigit((unsigned char)s[k]))
                k++;
            if (k == i && i >= 6)
                return lerr(L, s, "date restriction without a code");
        }
        out->kind = CODE_PLAIN;
        out->code = an_arena_strndup(&L->d->arena, s, i);
        if (!out->code)
            return nomem(L);
        /* a code glued to digits, e.g. AAA950601-990815 */
        size_t k = 0;
        while (k < i && an_isalpha((unsigned char)s[k]))
            k++;
        if (k > 0 && k < i && i - k >= 6 && i < n && s[i] == '-')
            return lerr(L, s + k, "missing blank between the code and its date restriction");
    }
    const char *r = s + i;
    size_t rn = n - i;
    trim(&r, &rn);
    if (rn == 0)
        return ANNALS_OK;
    /* restriction; remove blanks */
    char buf[64];
    size_t bn = 0;
    for (size_t k = 0; k < rn; k++) {
        if (r[k] == ' ' || r[k] == '\t')
            continue;
        if (bn + 1 >= sizeof buf)
            return lerr(L, r, "date restriction too long");
        buf[bn++] = r[k];
    }
    buf[bn] = 0;
    if (buf[0] == '<' || buf[0] == '>') {
        int32_t dt = lenient_date(L, r, buf + 1, bn - 1);
        if (dt < 0 && L->petrarch) {
            char msg[200];
            snprintf(msg, sizeof msg, "invalid date '%.40s' in restriction; this code is ignored",
                     buf + 1);
            lwarn(L, r, msg);
            out->kind = KIND_SKIP;
            return ANNALS_OK;
        }
        if (dt < 0)
            return lerr(L, r, "invalid date '%s' in restriction (expected YYMMDD or YYYYMMDD)",
                        buf + 1);
        if (buf[0] == '<')
            out->to = dt;
        else
            out->from = dt;
        return ANNALS_OK;
    }
    char *dash = strchr(buf, '-');
    if (!dash)
        return lerr(L, r, "expected a date restriction <DATE, >DATE or DATE-DATE");
    int32_t a = lenient_date(L, r, buf, (size_t)(dash - buf));
    int32_t b = lenient_date(L, r, dash + 1, strlen(dash + 1));
    if ((a < 0 || b < 0) && L->petrarch) {
        /* PETRARCH data has known typos such as [ARMUNR 9008223-911221] */
        char msg[200];
        snprintf(msg, sizeof msg, "invalid date range '%.60s'; this code is ignored", buf);
        lwarn(L, r, msg);
        out->kind = KIND_SKIP;
        return ANNALS_OK;
    }
    if (a < 0 || b < 0)
        return lerr(L, r, "invalid date range '%s' (expected YYMMDD-YYMMDD or YYYYMMDD-YYYYMMDD)",
                    buf);
    out->from = a;
    out->to = b;
    return ANNALS_OK;
}

/* Parses an event code body: "057", "032:033", "023?", "111!", "---". */
static annals_status parse_evcode(lx *L, const char *s, size_t n, an_evcode *out)
{
    memset(out, 0, sizeof *out);
    trim(&s, &n);
    if (n == 0)
        return lerr(L, s, "empty code in [ ]");
    if (special_code(s, n, &out->kind))
        return ANNALS_OK;
    out->kind = CODE_PLAIN;
    if (s[n - 1] == '?') {
        out->subordinate = 1;
        n--;
    } else if (s[n - 1] == '!') {
        out->dominant = 1;
        n--;
    }
    trim(&s, &n);
    const char *colon = memchr(s, ':', n);
    size_t an = colon ? (size_t)(colon - s) : n;
    const char *a = s;
    trim(&a, &an);
    if (an == 0 && colon) {
        /* PETRARCH "[:190]": the event with source and target swapped */
        const char *b2 = colon + 1;
        size_t bn2 = (size_t)(s + n - b2);
        trim(&b2, &bn2);
        if (!bn2)
            return lerr(L, s, "expected an event code");
        out->code = an_arena_strndup(&L->d->arena, b2, bn2);
        if (!out->code)
            return nomem(L);
        out->swap = 1;
        return ANNALS_OK;
    }
    if (an == 0)
        return lerr(L, s, "expected an event code");
    for (size_t i = 0; i < an; i++)
        if (a[i] == ' ' || a[i] == '[' || a[i] == ']')
            return lerr(L, a + i, "unexpected character in event code");
    out->code = an_arena_strndup(&L->d->arena, a, an);
    if (!out->code)
        return nomem(L);
    if (colon) {
        const char *b = colon + 1;
        size_t bn = n - an - 1 - (size_t)(a - s);
        bn = (size_t)(s + n - b);
        trim(&b, &bn);
        if (bn == 0)
            return lerr(L, colon, "expected a second code after ':'");
        out->pair = an_arena_strndup(&L->d->arena, b, bn);
        if (!out->pair)
            return nomem(L);
    }
    return ANNALS_OK;
}

/* Splits "PHRASE [CODE] [CODE2]" → phrase part and the list of bracket bodies. */
typedef struct brk {
    const char *s;
    size_t n;
} brk;

static annals_status split_line(lx *L, const char *s, size_t n, const char **ph, size_t *phn,
                                brk *b, int *nb, int maxb)
{
    const char *lb = memchr(s, '[', n);
    *nb = 0;
    *ph = s;
    *phn = lb ? (size_t)(lb - s) : n;
    trim(ph, phn);
    while (lb) {
        const char *rb = memchr(lb, ']', (size_t)(s + n - lb));
        if (!rb)
            return lerr(L, lb, "missing ']'");
        if (*nb >= maxb)
            return lerr(L, lb, "too many [ ] code blocks on one line (at most %d)", maxb);
        b[*nb].s = lb + 1;
        b[*nb].n = (size_t)(rb - lb - 1);
        (*nb)++;
        const char *rest = rb + 1;
        size_t rn = (size_t)(s + n - rest);
        while (rn && an_isspace((unsigned char)*rest)) {
            rest++;
            rn--;
        }
        if (rn == 0)
            break;
        if (*rest != '[')
            return lerr(L, rest, "unexpected text after ']'");
        lb = rest;
    }
    return ANNALS_OK;
}

/* normalise hyphens to underscores in a phrase (TABARI 0.7.3+) */
static char *dehyphen(lx *L, const char *s, size_t n)
{
    char *p = an_arena_strndup(&L->d->arena, s, n);
    if (!p)
        return NULL;
    L->shadow = p;
    L->shadow_orig = s;
    L->shadow_len = n;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '-')
            p[i] = '_';
    return p;
}

static int has_word(const an_seq *q)
{
    return q->n > 0 && q->el[0].kind == EL_WORD;
}

/* ---------------- actors ---------------- */

typedef struct pending {
    an_ptrvec phrases; /* an_actor* waiting for codes */
    an_datecode dc[64];
    int ndc;
    int active;
    int indented; /* indented code lines seen: no more synonyms */
    unsigned long line;
} pending;

static annals_status flush_group(lx *L, pending *P)
{
    if (!P->active)
        return ANNALS_OK;
    annals_dict *d = L->d;
    if (P->ndc == 0 && L->d->lenient && !L->petrarch) {
        unsigned long save = L->lineno;
        L->lineno = P->line;
        lwarn(L, NULL, "actor has no code; ignored");
        L->lineno = save;
        P->phrases.n = 0;
        P->active = 0;
        P->indented = 0;
        return ANNALS_OK;
    }
    if (P->ndc == 0 && L->petrarch) {
        /* PETRARCH: an actor whose codes all failed or were never given is
           null-coded (its bad dates were reported already) */
        P->phrases.n = 0;
        P->active = 0;
        P->indented = 0;
        return ANNALS_OK;
    }
    if (P->ndc == 0) {
        unsigned long save = L->lineno;
        L->lineno = P->line;
        annals_status st = lerr(L, NULL, "actor has no code (expected [CODE] on the line or on "
                                         "indented lines below it)");
        L->lineno = save;
        return st;
    }
    an_codeset *cs = an_arena_alloc(&d->arena, sizeof *cs);
    if (!cs)
        return nomem(L);
    /* a single restricted code without default gets a null default (manual 6.5.2 note 5);
       our resolver treats "no default" as null already. */
    cs->n = (uint16_t)P->ndc;
    cs->dc = an_arena_alloc(&d->arena, (size_t)P->ndc * sizeof *cs->dc);
    if (!cs->dc)
        return nomem(L);
    memcpy(cs->dc, P->dc, (size_t)P->ndc * sizeof *cs->dc);
    for (size_t i = 0; i < P->phrases.n; i++)
        ((an_actor *)P->phrases.v[i])->codes = cs;
    P->phrases.n = 0;
    P->ndc = 0;
    P->active = 0;
    P->indented = 0;
    return ANNALS_OK;
}

static annals_status add_actor_phrase(lx *L, pending *P, const char *ph, size_t phn, const char *head)
{
    annals_dict *d = L->d;
    if (d->actors.n >= d->limits.max_dict_entries)
        return lerr(L, ph, "more than %zu actor entries (limit)", d->limits.max_dict_entries);
    char *clean = dehyphen(L, ph, phn);
    if (!clean)
        return nomem(L);
    an_actor *a = an_arena_alloc(&d->arena, sizeof *a);
    if (!a)
        return nomem(L);
    memset(a, 0, sizeof *a);
    annals_status st = parse_elems(L, clean, phn, PM_PHRASE, END_NOUN, &a->phrase);
    if (st)
        return st;
    if (!has_word(&a->phrase))
        return lerr(L, ph, "expected an actor phrase");
    if (L->petrarch) /* PETRARCH actors: blanks and '_' both join words */
        for (uint16_t k = 1; k < a->phrase.n; k++)
            a->phrase.el[k].adj = 1;
    a->head = head ? head : a->phrase.el[0].word;
    a->line = (uint32_t)L->lineno;
    if (an_ptrvec_push(&d->actors, a) || an_ptrvec_push(&P->phrases, a))
        return nomem(L);
    return an_dict_index_add(d, &a->phrase.el[0], IX_ACTOR, a, L->err);
}

static annals_status add_plain(lx *L, const char *ph, size_t phn, int is_adj)
{
    annals_dict *d = L->d;
    char *clean = dehyphen(L, ph, phn);
    if (!clean)
        return nomem(L);
    an_plain *p = an_arena_alloc(&d->arena, sizeof *p);
    if (!p)
        return nomem(L);
    memset(p, 0, sizeof *p);
    p->is_adj = (uint8_t)is_adj;
    annals_status st = parse_elems(L, clean, phn, PM_PHRASE, is_adj ? END_NONE : END_NOUN,
                                   &p->phrase);
    if (st)
        return st;
    if (!has_word(&p->phrase))
        return lerr(L, ph, "expected a word");
    if (an_ptrvec_push(&d->plains, p))
        return nomem(L);
    return an_dict_index_add(d, &p->phrase.el[0], is_adj ? IX_ADJ : IX_NOUN, p, L->err);
}

static annals_status load_actors(lx *L)
{
    pending P;
    memset(&P, 0, sizeof P);
    int section = 0; /* 0 actors, 1 nouns, 2 adjectives */
    annals_status st = ANNALS_OK;
    const char *head = NULL;
    while (next_line(L)) {
        if (st) {
            /* lenient: the bad line is skipped, its group goes on */
            st = recover(L, st);
            if (st)
                break;
        }
        int lk = line_kind(L);
        if (lk < 0)
            break;
        if (!lk)
            continue;
        const char *s = L->line;
        size_t n = L->llen;
        int indented = an_isspace((unsigned char)s[0]);
        n = strip_comment(s, n);
        trim(&s, &n);
        if (n == 0)
            continue;
        if (s[0] == '<') {
            if (n >= 6 && an_strncaseeq(s, "<NOUN>", 6)) {
                st = flush_group(L, &P);
                section = 1;
            } else if (n >= 4 && an_strncaseeq(s, "<ADJ", 4)) {
                st = flush_group(L, &P);
                section = 2;
            } else if ((n >= 7 && an_strncaseeq(s, "</NOUN>", 7)) ||
                       (n >= 5 && an_strncaseeq(s, "</ADJ", 5))) {
                section = 0;
            } else {
                st = lerr(L, s, "unknown section tag (expected <NOUN>, <ADJECTIVE> or their end tags)");
            }
            continue;
        }
        if (section) {
            st = add_plain(L, s, n, section == 2);
            continue;
        }
        if (indented && s[0] == '[') {
            if (!P.active) {
                st = lerr(L, s, "code line without an actor above it");
                continue;
            }
            P.indented = 1;
            const char *ph;
            size_t phn;
            brk b[64];
            int nb;
            st = split_line(L, s, n, &ph, &phn, b, &nb, 64);
            for (int i = 0; !st && i < nb; i++) {
                if (P.ndc >= 64) {
                    st = lerr(L, b[i].s, "too many codes for one actor (at most 64)");
                    break;
                }
                st = parse_datecode(L, b[i].s, b[i].n, &P.dc[P.ndc]);
                if (!st && P.dc[P.ndc].kind != KIND_SKIP)
                    P.ndc++;
            }
            continue;
        }
        if (s[0] == '+') {
            if (!P.active) {
                st = lerr(L, s, "synonym '+' line without an actor above it");
                if (!L->d->lenient)
                    continue;
                /* lenient: the group's head line was bad; this line heads it */
                st = recover(L, st);
                if (st)
                    continue;
                P.active = 1;
                P.line = L->lineno;
            }
            if (P.indented) {
                st = lerr(L, s, "synonym after the code lines of its group (put '+' lines first)");
                continue;
            }
            const char *ph;
            size_t phn;
            brk b[64];
            int nb;
            st = split_line(L, s + 1, n - 1, &ph, &phn, b, &nb, 64);
            if (!st && phn == 0)
                st = lerr(L, s, "expected a phrase after '+'");
            if (!st)
                st = add_actor_phrase(L, &P, ph, phn, head);
            for (int i = 0; !st && i < nb; i++) {
                if (P.ndc >= 64) {
                    st = lerr(L, b[i].s, "too many codes for one actor");
                    break;
                }
                st = parse_datecode(L, b[i].s, b[i].n, &P.dc[P.ndc]);
                if (!st && P.dc[P.ndc].kind != KIND_SKIP)
                    P.ndc++;
            }
            continue;
        }
        /* a new actor entry */
        st = flush_group(L, &P);
        if (st)
            continue;
        const char *ph;
        size_t phn;
        brk b[64];
        int nb;
        st = split_line(L, s, n, &ph, &phn, b, &nb, 64);
        if (st)
            continue;
        if (phn == 0) {
            st = lerr(L, s, "expected an actor phrase before '['");
            continue;
        }
        P.active = 1;
        P.line = L->lineno;
        st = add_actor_phrase(L, &P, ph, phn, NULL);
        if (st) {
            P.active = 0; /* no group without its head */
            P.phrases.n = 0;
            continue;
        }
        head = ((an_actor *)P.phrases.v[P.phrases.n - 1])->phrase.el[0].word;
        for (int i = 0; !st && i < nb; i++) {
            st = parse_datecode(L, b[i].s, b[i].n, &P.dc[P.ndc]);
            if (!st && P.dc[P.ndc].kind != KIND_SKIP)
                P.ndc++;
        }
        /* codes on the primary line: the group stays open for '+'
           synonyms and indented restrictions (PETRARCH writes both) */
    }
    if (st)
        st = recover(L, st);
    if (!st)
        st = flush_group(L, &P);
    if (!st && section)
        st = lerr(L, NULL, "missing </NOUN> or </ADJECTIVE> before the end of the file");
    an_ptrvec_free(&P.phrases);
    return st;
}

/* ---------------- agents ---------------- */

/* PETRARCH substitution markers: "!PERSON! = MAN, MEN, WOMAN" */
typedef struct marker {
    char name[32];
    char *values; /* blank-separated */
} marker;

/* expands the first marker in ph into a blank-separated list of phrases;
 * NULL when ph has no marker */
static char *expand_markers(lx *L, const marker *mk, int nmk, const char *ph, size_t phn,
                            size_t *outn)
{
    for (int k = 0; k < nmk; k++) {
        size_t ml = strlen(mk[k].name);
        const char *at = NULL;
        for (size_t i = 0; i + ml <= phn; i++)
            if (!memcmp(ph + i, mk[k].name, ml)) {
                at = ph + i;
                break;
            }
        if (!at)
            continue;
        an_buf b;
        an_buf_init(&b);
        const char *v = mk[k].values;
        while (*v) {
            while (*v == ' ')
                v++;
            const char *e = v;
            while (*e && *e != ' ')
                e++;
            if (e > v) {
                if (b.len)
                    an_buf_putc(&b, ' ');
                an_buf_append(&b, ph, (size_t)(at - ph));
                an_buf_append(&b, v, (size_t)(e - v));
                an_buf_append(&b, at + ml, (size_t)(ph + phn - at - ml));
            }
            v = e;
        }
        char *r = b.p ? an_arena_strndup(&L->d->arena, b.p, b.len) : NULL;
        *outn = b.len;
        an_buf_free(&b);
        return r;
    }
    return NULL;
}

static annals_status load_agents(lx *L)
{
    annals_dict *d = L->d;
    annals_status st = ANNALS_OK;
    an_agent *last = NULL;
    marker mk[16];
    int nmk = 0;
    const char *s;
    size_t n;
    while (next_content(L, &st, &s, &n)) {
        if (s[0] == '<') /* <NOUN> etc. sections are tolerated in agents files */
            continue;
        if (L->petrarch && s[0] == '!') {
            const char *bang = memchr(s + 1, '!', n - 1);
            const char *eq = bang ? memchr(bang, '=', (size_t)(s + n - bang)) : NULL;
            if (eq) {
                /* a substitution marker definition */
                if (nmk == 16 || (size_t)(bang - s + 1) >= sizeof mk[0].name) {
                    st = lerr(L, s, "too many or too long substitution markers");
                    continue;
                }
                memcpy(mk[nmk].name, s, (size_t)(bang - s + 1));
                mk[nmk].name[bang - s + 1] = 0;
                size_t vn = (size_t)(s + n - eq - 1);
                char *vals = an_arena_strndup(&d->arena, eq + 1, vn);
                if (!vals) {
                    st = nomem(L);
                    continue;
                }
                for (char *q = vals; *q; q++)
                    if (*q == ',' || *q == '\t')
                        *q = ' ';
                mk[nmk].values = vals;
                nmk++;
                continue;
            }
        }
        int syn = s[0] == '+';
        if (syn) {
            s++;
            n--;
        }
        const char *ph;
        size_t phn;
        brk b[4];
        int nb;
        st = split_line(L, s, n, &ph, &phn, b, &nb, 4);
        if (st)
            continue;
        int expanded = 0;
        if (nmk) {
            size_t en;
            char *ex = expand_markers(L, mk, nmk, ph, phn, &en);
            if (ex) {
                ph = ex;
                phn = en;
                expanded = 1;
            }
        }
        /* PETRARCH-style {plural} forms: "REBEL_ {REBELS_} [~REB]" */
        const char *plural = NULL;
        size_t pln = 0;
        const char *br = memchr(ph, '{', phn);
        if (br) {
            const char *cb = memchr(br, '}', (size_t)(ph + phn - br));
            if (!cb) {
                st = lerr(L, br, "missing '}'");
                continue;
            }
            plural = br + 1;
            pln = (size_t)(cb - br - 1);
            phn = (size_t)(br - ph);
            trim(&ph, &phn);
        }
        if (phn == 0) {
            st = lerr(L, s, "expected an agent phrase");
            continue;
        }
        an_agent proto;
        memset(&proto, 0, sizeof proto);
        if (nb == 0) {
            if (syn && last) {
                proto = *last;
            } else {
                st = lerr(L, ph + phn, "missing [~CODE] for the agent");
                continue;
            }
        } else {
            const char *c = b[0].s;
            size_t cn = b[0].n;
            trim(&c, &cn);
            uint8_t sk;
            if (special_code(c, cn, &sk)) {
                proto.kind = sk;
                proto.code = "";
            } else {
                const char *t = memchr(c, '~', cn);
                if (!t) {
                    st = lerr(L, c, "agent code needs a '~' connector ([~GOV] or [NGO~])");
                    continue;
                }
                proto.prefix = t != c;
                const char *code = t == c ? c + 1 : c;
                size_t codn = t == c ? cn - 1 : (size_t)(t - c);
                trim(&code, &codn);
                proto.code = an_arena_strndup(&d->arena, code, codn);
                if (!proto.code) {
                    st = nomem(L);
                    break;
                }
            }
        }
        for (int form = 0; form < 1 + (plural != NULL); form++) {
            const char *fs = form ? plural : ph;
            size_t fn = form ? pln : phn;
            trim(&fs, &fn);
            if (!fn)
                continue;
            /* a plural list (or a marker expansion) may hold several forms
               separated by blanks */
            size_t i = 0;
            while (i < fn) {
                size_t j = i;
                if (form || expanded) {
                    while (j < fn && !an_isspace((unsigned char)fs[j]))
                        j++;
                } else {
                    j = fn;
                }
                an_agent *a = an_arena_alloc(&d->arena, sizeof *a);
                if (!a) {
                    st = nomem(L);
                    break;
                }
                *a = proto;
                char *clean = dehyphen(L, fs + i, j - i);
                if (!clean) {
                    st = nomem(L);
                    break;
                }
                /* PETRARCH: a {plural} list (even an empty one) replaces the
                   regular plural of the singular */
                st = parse_elems(L, clean, j - i, PM_PHRASE,
                                 L->petrarch && br && !form ? END_NONE : END_NOUN, &a->phrase);
                if (st)
                    break;
                if (!has_word(&a->phrase)) {
                    st = lerr(L, fs + i, "expected an agent phrase");
                    break;
                }
                if (an_ptrvec_push(&d->agents, a)) {
                    st = nomem(L);
                    break;
                }
                st = an_dict_index_add(d, &a->phrase.el[0], IX_AGENT, a, L->err);
                if (st)
                    break;
                last = a;
                i = j;
                while (i < fn && an_isspace((unsigned char)fs[i]))
                    i++;
            }
            if (st)
                break;
        }
    }
    if (st)
        st = recover(L, st);
    return st;
}

/* ---------------- verbs ---------------- */

static unsigned seq_letters(const an_seq *q)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < q->n; i++) {
        const an_elem *e = &q->el[i];
        if (e->kind == EL_WORD) {
            for (uint16_t k = 0; k < e->len; k++)
                if (an_isalnum((unsigned char)e->word[k]))
                    n++;
        } else if (e->kind == EL_SYNSET) {
            /* a synset adds nothing to a pattern's length: "* DOLLAR" is
               tried before "* &CURRENCY" (TABARI validation SYNSET-07) */
        } else if (e->kind == EL_ALT) {
            unsigned best = 0;
            for (uint16_t k = 0; k < e->alt->n; k++) {
                unsigned l = seq_letters(&e->alt->opts[k]);
                if (l > best)
                    best = l;
            }
            n += best;
        }
    }
    return n;
}

static unsigned fixed_letters(const an_seq *q)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < q->n; i++)
        if (q->el[i].kind == EL_WORD)
            for (uint16_t k = 0; k < q->el[i].len; k++)
                if (an_isalnum((unsigned char)q->el[i].word[k]))
                    n++;
    return n;
}

static annals_status add_pattern(lx *L, an_verb *v, const char *s, size_t n)
{
    annals_dict *d = L->d;
    const char *ph;
    size_t phn;
    brk b[2];
    int nb;
    annals_status st = split_line(L, s, n, &ph, &phn, b, &nb, 2);
    if (st)
        return st;
    if (nb == 0)
        return lerr(L, s + n, "missing [CODE] at the end of the pattern");
    an_pattern *p = an_arena_alloc(&d->arena, sizeof *p);
    if (!p)
        return nomem(L);
    memset(p, 0, sizeof *p);
    p->line = (uint32_t)L->lineno;
    st = parse_evcode(L, b[0].s, b[0].n, &p->code);
    if (st)
        return st;
    an_seq all;
    char *clean = dehyphen(L, ph, phn);
    if (!clean)
        return nomem(L);
    st = parse_elems(L, clean, phn, PM_PATTERN, END_NOUN, &all);
    if (st)
        return st;
    int star = -1;
    for (uint16_t i = 0; i < all.n; i++) {
        if (all.el[i].kind == EL_VERB) {
            if (star >= 0)
                return lerr(L, ph, "more than one '*' in the pattern");
            star = i;
        }
        if (all.el[i].kind == EL_SOURCE)
            p->has_src = 1;
        if (all.el[i].kind == EL_TARGET)
            p->has_tgt = 1;
        if (all.el[i].kind == EL_COMPOUND)
            p->has_cmp = 1;
    }
    if (star < 0)
        return lerr(L, ph, "missing verb marker '*' in the pattern");
    p->pre.el = all.el;
    p->pre.n = (uint16_t)star;
    p->post.el = all.el + star + 1;
    p->post.n = (uint16_t)(all.n - star - 1);
    p->verb_adj_pre = all.el[star].adj; /* "X_*" : verb touches the previous element */
    if (p->post.n)
        p->verb_adj_post = p->post.el[0].adj;
    /* the first pre element has no predecessor; leave adj=0 */
    /* anchors: up to four plain words the pattern needs, longest first */
    p->nanchor = 0;
    for (int half = 0; half < 2; half++) {
        const an_seq *q = half ? &p->post : &p->pre;
        for (uint16_t i = 0; i < q->n && p->nanchor < 4; i++)
            if (q->el[i].kind == EL_WORD)
                p->anchor[p->nanchor++] = (int16_t)an_prefix_hash(q->el[i].word, q->el[i].len);
    }
    p->length = (uint16_t)(seq_letters(&p->pre) + seq_letters(&p->post));
    p->fixed = (uint16_t)(fixed_letters(&p->pre) + fixed_letters(&p->post));
    an_verb *root = v->root;
    if (root->npats == root->cap) {
        uint32_t nc = root->cap ? root->cap * 2 : 4;
        an_pattern **np = an_realloc(root->pats, nc * sizeof *np);
        if (!np)
            return nomem(L);
        root->pats = np;
        root->cap = nc;
    }
    root->pats[root->npats++] = p;
    d->npatterns++;
    return ANNALS_OK;
}

static an_verb *find_root(annals_dict *d, const an_seq *phrase)
{
    if (!has_word(phrase))
        return NULL;
    const an_ixslot *s = an_dict_index_get(d, phrase->el[0].word, phrase->el[0].len);
    if (!s)
        return NULL;
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->v[i].type != IX_VERB)
            continue;
        an_verb *v = s->v[i].entry;
        if (v->root != v || v->phrase.n != phrase->n)
            continue;
        int same = 1;
        for (uint16_t k = 0; k < phrase->n && same; k++) {
            const an_elem *a = &v->phrase.el[k], *b = &phrase->el[k];
            same = a->kind == b->kind && a->len == b->len && a->match == b->match &&
                   (a->kind != EL_WORD || memcmp(a->word, b->word, a->len) == 0);
        }
        if (same)
            return v;
    }
    return NULL;
}

/* PETRARCH verbs are words, not stems, with their regular forms only */
static void petrarch_verb_words(an_seq *q)
{
    for (uint16_t i = 0; i < q->n; i++) {
        an_elem *e = &q->el[i];
        if (e->kind != EL_WORD)
            continue;
        if (e->match == WM_STEM)
            e->match = WM_EXACT;
        e->endings = i + 1 == q->n ? END_VERB_STRICT : END_NONE;
    }
}

static annals_status add_verb_form(lx *L, an_verb *root, const char *s, size_t n)
{
    annals_dict *d = L->d;
    an_verb *v = an_arena_alloc(&d->arena, sizeof *v);
    if (!v)
        return nomem(L);
    memset(v, 0, sizeof *v);
    char *clean = dehyphen(L, s, n);
    if (!clean)
        return nomem(L);
    annals_status st = parse_elems(L, clean, n, PM_PHRASE, END_NONE, &v->phrase);
    if (st)
        return st;
    if (!has_word(&v->phrase))
        return lerr(L, s, "expected a verb form");
    if (L->petrarch)
        petrarch_verb_words(&v->phrase);
    v->root = root;
    v->code = root->code;
    v->is_time = root->is_time;
    v->is_attrib = root->is_attrib;
    v->line = (uint32_t)L->lineno;
    if (an_ptrvec_push(&d->verbs, v))
        return nomem(L);
    return an_dict_index_add(d, &v->phrase.el[0], IX_VERB, v, L->err);
}

static annals_status load_synset_member(lx *L, an_synset *sy, const char *s, size_t n)
{
    if (sy->n == sy->cap) {
        uint32_t nc = sy->cap ? sy->cap * 2 : 8;
        an_seq *nm = an_realloc(sy->members, nc * sizeof *nm);
        if (!nm)
            return nomem(L);
        sy->members = nm;
        sy->cap = nc;
    }
    char *clean = dehyphen(L, s, n);
    if (!clean)
        return nomem(L);
    /* a member may refer to earlier synsets but not to its own */
    for (size_t i = 0; i + 1 < n; i++) {
        if (clean[i] == '&') {
            size_t j = i + 1;
            while (j < n && (an_isalnum((unsigned char)clean[j]) || clean[j] == '_'))
                j++;
            while (j > i + 1 && clean[j - 1] == '_')
                j--;
            if (strlen(sy->name) == j - i - 1 && memcmp(sy->name, clean + i + 1, j - i - 1) == 0)
                return lerr(L, s + i, "synset '&%s' refers to itself", sy->name);
        }
    }
    an_seq *m = &sy->members[sy->n];
    annals_status st = parse_elems(L, clean, n, PM_PATTERN, END_NOUN, m);
    if (st)
        return st;
    if (m->n == 0)
        return lerr(L, s, "empty synset member");
    sy->n++;
    unsigned l = seq_letters(m);
    if (l > sy->maxlen)
        sy->maxlen = (uint16_t)l;
    return ANNALS_OK;
}

/* ---------------- PETRARCH-2 verb dialect ---------------- */

typedef struct pblock {
    an_evcode code;   /* the block's primary code from "--- X [C] ---" */
    int in_synset;    /* '+' lines belong to the synset just defined      */
} pblock;

/* copies s[0..n) dropping the '+' that marks the verb word of a
 * multi-word verb ("WIRE_+TAP", "+BREAK_DOWN") */
static char *unmark_verb(lx *L, const char *s, size_t n, size_t *outn)
{
    char *p = an_arena_alloc(&L->d->arena, n + 1);
    if (!p)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '+')
            p[k++] = s[i] == '-' ? '_' : s[i];
    p[k] = 0;
    *outn = k;
    return p;
}

/* rewrites a PETRARCH pattern into TABARI pattern syntax: "(PREP NOUN)"
 * loses its parentheses and a noun phrase "{ADJ NOUN}" (braces without '|')
 * its braces */
/* PETRARCH's dictionaries spell contractions as TreeBank tokens ("DID N'T");
 * the text says "didn't": join them in place, padding with blanks */
static void join_contractions(char *p, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++) {
        if (p[i] == ' ' && (p[i + 1] == 'N' || p[i + 1] == 'n') && p[i + 2] == '\'' &&
            (p[i + 3] == 'T' || p[i + 3] == 't') && i > 0 && an_isalpha((unsigned char)p[i - 1])) {
            memmove(p + i, p + i + 1, n - i - 1);
            p[n - 1] = ' ';
        }
    }
}

static char *petrarch_pattern(lx *L, const char *s, size_t n)
{
    char *p = an_arena_strndup(&L->d->arena, s, n);
    if (!p)
        return NULL;
    join_contractions(p, n);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '(' || p[i] == ')') {
            p[i] = ' ';
        } else if (p[i] == '{') {
            size_t j = i + 1;
            int bar = 0;
            while (j < n && p[j] != '}') {
                if (p[j] == '|')
                    bar = 1;
                j++;
            }
            if (j < n && !bar) {
                p[i] = ' ';
                p[j] = ' ';
            }
            i = j < n ? j : n;
        }
    }
    /* keep the [CODE] brackets: they come after the pattern */
    return p;
}

static annals_status add_pattern(lx *L, an_verb *v, const char *s, size_t n);
static annals_status add_verb_form(lx *L, an_verb *root, const char *s, size_t n);

static annals_status load_synset_member(lx *L, an_synset *sy, const char *s, size_t n);

static annals_status petrarch_verb_line(lx *L, const char *s, size_t n, an_verb **cur,
                                        an_synset **cursyn, pblock *b, int *handled)
{
    annals_dict *d = L->d;
    *handled = 1;
    if (n >= 3 && !memcmp(s, "---", 3)) {
        /* "--- DESCRIPTION [CODE] ---" starts a verb block */
        const char *lb = memchr(s, '[', n), *rb = lb ? memchr(lb, ']', (size_t)(s + n - lb)) : NULL;
        memset(b, 0, sizeof *b);
        b->code.kind = CODE_NULL;
        if (lb && rb) {
            annals_status st = parse_evcode(L, lb + 1, (size_t)(rb - lb - 1), &b->code);
            if (st)
                return st;
        }
        *cur = NULL;
        *cursyn = NULL;
        return ANNALS_OK;
    }
    if (s[0] == '~') {
        L->transforms++;
        return ANNALS_OK;
    }
    if (s[0] == '&') {
        size_t j = 1;
        while (j < n && (an_isalnum((unsigned char)s[j]) || s[j] == '_'))
            j++;
        while (j > 1 && s[j - 1] == '_')
            j--;
        if (j == 1)
            return lerr(L, s, "expected a synset name after '&'");
        *cursyn = an_dict_synset(d, s + 1, j - 1, 1);
        if (!*cursyn)
            return nomem(L);
        b->in_synset = 1;
        return ANNALS_OK;
    }
    if (s[0] == '+' && b->in_synset && *cursyn) {
        const char *m = s + 1;
        size_t mn = n - 1;
        trim(&m, &mn);
        if (!mn)
            return lerr(L, s, "empty synset member");
        char *j = an_arena_strndup(&L->d->arena, m, mn);
        if (!j)
            return nomem(L);
        join_contractions(j, mn);
        while (mn && j[mn - 1] == ' ')
            mn--;
        L->shadow = j;
        L->shadow_orig = m;
        L->shadow_len = mn;
        return load_synset_member(L, *cursyn, j, mn);
    }
    b->in_synset = 0;
    if (s[0] == '-') {
        /* a pattern: rewrite and let the TABARI path add it */
        if (!*cur)
            return lerr(L, s, "pattern before any verb");
        char *p = petrarch_pattern(L, s + 1, n - 1);
        if (!p)
            return nomem(L);
        L->shadow = p;
        L->shadow_orig = s + 1;
        L->shadow_len = n - 1;
        return add_pattern(L, *cur, p, n - 1);
    }
    /* a verb line: "VERB {FORMS} [CODE]", "+SYNONYM ...", "WIRE_+TAP" */
    const char *v = s[0] == '+' ? s + 1 : s;
    size_t vn = s[0] == '+' ? n - 1 : n;
    const char *forms = memchr(v, '{', vn);
    const char *formsend = forms ? memchr(forms, '}', (size_t)(v + vn - forms)) : NULL;
    if (forms && !formsend)
        return lerr(L, forms, "missing '}' after verb forms");
    const char *lb = memchr(v, '[', vn);
    size_t headn = forms ? (size_t)(forms - v) : lb ? (size_t)(lb - v) : vn;
    const char *h = v;
    trim(&h, &headn);
    if (!headn)
        return lerr(L, s, "expected a verb");
    size_t un;
    char *head = unmark_verb(L, h, headn, &un);
    if (!head)
        return nomem(L);
    annals_status st;
    if (!*cur) {
        /* the block's first verb is the root that owns the patterns */
        char line[1024];
        an_evcode code = b->code;
        if (lb) {
            const char *rb = memchr(lb, ']', (size_t)(v + vn - lb));
            if (!rb)
                return lerr(L, lb, "missing ']'");
            st = parse_evcode(L, lb + 1, (size_t)(rb - lb - 1), &code);
            if (st)
                return st;
        }
        an_verb *root = an_arena_alloc(&d->arena, sizeof *root);
        if (!root)
            return nomem(L);
        memset(root, 0, sizeof *root);
        root->line = (uint32_t)L->lineno;
        snprintf(line, sizeof line, "%s", head);
        st = parse_elems(L, head, un, PM_PHRASE, END_VERB, &root->phrase);
        if (st)
            return st;
        petrarch_verb_words(&root->phrase);
        if (!has_word(&root->phrase))
            return lerr(L, s, "expected a verb");
        root->code = code;
        an_verb *existing = find_root(d, &root->phrase);
        if (existing) {
            if (existing->code.kind == CODE_NULL && code.kind != CODE_NULL)
                existing->code = code;
            *cur = existing;
        } else {
            root->root = root;
            if (an_ptrvec_push(&d->verbs, root))
                return nomem(L);
            st = an_dict_index_add(d, &root->phrase.el[0], IX_VERB, root, L->err);
            if (st)
                return st;
            if (code.kind != CODE_NULL)
                d->npatterns++;
            *cur = root;
        }
    } else {
        st = add_verb_form(L, (*cur)->root, head, un);
        if (st)
            return st;
    }
    /* irregular forms */
    if (forms) {
        size_t i = 1, e = (size_t)(formsend - forms);
        while (i < e) {
            while (i < e && an_isspace((unsigned char)forms[i]))
                i++;
            size_t j = i;
            while (j < e && !an_isspace((unsigned char)forms[j]))
                j++;
            if (j > i) {
                size_t fn;
                char *f = unmark_verb(L, forms + i, j - i, &fn);
                if (!f)
                    return nomem(L);
                st = add_verb_form(L, (*cur)->root, f, fn);
                if (st)
                    return st;
            }
            i = j;
        }
    }
    return ANNALS_OK;
}

static annals_status load_verbs(lx *L)
{
    annals_dict *d = L->d;
    annals_status st = ANNALS_OK;
    enum { S_VERBS, S_SYNSETS, S_TIME, S_ATTRIB } section = S_VERBS;
    an_verb *cur = NULL;
    an_synset *cursyn = NULL;
    pblock block;
    memset(&block, 0, sizeof block);
    block.code.kind = CODE_NULL;
    const char *s;
    size_t n;
    while (next_content(L, &st, &s, &n)) {
        if (s[0] == '<') {
            if (n >= 7 && an_strncaseeq(s, "<SYNSET", 7))
                section = S_SYNSETS;
            else if (n >= 6 && an_strncaseeq(s, "<TIME>", 6))
                section = S_TIME;
            else if (n >= 7 && an_strncaseeq(s, "<ATTRIB", 7))
                section = S_ATTRIB;
            else if ((n >= 8 && an_strncaseeq(s, "</SYNSET", 8)) ||
                     (n >= 7 && an_strncaseeq(s, "</TIME>", 7)) ||
                     (n >= 8 && an_strncaseeq(s, "</ATTRIB", 8)))
                section = S_VERBS;
            else
                st = lerr(L, s, "unknown section tag (expected <SYNSETS>, <TIME>, <ATTRIB> or their end tags)");
            cur = NULL;
            cursyn = NULL;
            continue;
        }
        if (section == S_SYNSETS) {
            if (s[0] == '&') {
                size_t j = 1;
                while (j < n && (an_isalnum((unsigned char)s[j]) || s[j] == '_'))
                    j++;
                while (j > 1 && s[j - 1] == '_')
                    j--;
                if (j == 1) {
                    st = lerr(L, s, "expected a synset name after '&'");
                    continue;
                }
                cursyn = an_dict_synset(d, s + 1, j - 1, 1);
                if (!cursyn)
                    st = nomem(L);
                continue;
            }
            if (s[0] == '+') {
                if (!cursyn) {
                    st = lerr(L, s, "synset member without a '&NAME' line above it");
                    continue;
                }
                const char *m = s + 1;
                size_t mn = n - 1;
                trim(&m, &mn);
                if (!mn) {
                    st = lerr(L, s, "empty synset member");
                    continue;
                }
                st = load_synset_member(L, cursyn, m, mn);
                continue;
            }
            st = lerr(L, s, "expected '&NAME' or '+MEMBER' inside <SYNSETS>");
            continue;
        }
        if (L->petrarch) {
            int handled = 0;
            st = petrarch_verb_line(L, s, n, &cur, &cursyn, &block, &handled);
            if (handled || st)
                continue;
        }
        if (s[0] == '-' && (n == 1 || s[1] == ' ' || s[1] == '\t' || s[1] == '_' || s[1] == '*' ||
                            s[1] == '$' || s[1] == '+' || s[1] == '%' || s[1] == '{' || s[1] == '^' ||
                            an_isalpha((unsigned char)s[1]) || s[1] == '&')) {
            if (!cur) {
                st = lerr(L, s, "pattern before any verb");
                continue;
            }
            st = add_pattern(L, cur, s + 1, n - 1);
            continue;
        }
        if (s[0] == '{') {
            if (!cur) {
                st = lerr(L, s, "verb forms {...} before any verb");
                continue;
            }
            const char *cb = memchr(s, '}', n);
            if (!cb) {
                st = lerr(L, s, "missing '}' after verb forms");
                continue;
            }
            size_t i = 1, e = (size_t)(cb - s);
            int nforms = 0;
            while (!st && i < e) {
                while (i < e && an_isspace((unsigned char)s[i]))
                    i++;
                size_t j = i;
                while (j < e && !an_isspace((unsigned char)s[j]))
                    j++;
                if (j > i) {
                    st = add_verb_form(L, cur->root, s + i, j - i);
                    nforms++;
                }
                i = j;
            }
            if (!st && nforms == 0)
                st = lerr(L, s, "no verb forms inside { }");
            continue;
        }
        /* a verb root */
        const char *ph;
        size_t phn;
        brk b[2];
        int nb;
        st = split_line(L, s, n, &ph, &phn, b, &nb, 2);
        if (st)
            continue;
        if (phn == 0) {
            st = lerr(L, s, "expected a verb before '['");
            continue;
        }
        an_verb *v = an_arena_alloc(&d->arena, sizeof *v);
        if (!v) {
            st = nomem(L);
            continue;
        }
        memset(v, 0, sizeof *v);
        v->line = (uint32_t)L->lineno;
        v->is_time = section == S_TIME;
        v->is_attrib = section == S_ATTRIB;
        char *clean = dehyphen(L, ph, phn);
        if (!clean) {
            st = nomem(L);
            continue;
        }
        st = parse_elems(L, clean, phn, PM_PHRASE, END_VERB, &v->phrase);
        if (st)
            continue;
        if (!has_word(&v->phrase)) {
            st = lerr(L, ph, "expected a verb");
            continue;
        }
        if (nb) {
            st = parse_evcode(L, b[0].s, b[0].n, &v->code);
            if (st)
                break;
        } else {
            v->code.kind = CODE_NULL;
        }
        an_verb *existing = find_root(d, &v->phrase);
        if (existing && existing->is_time == v->is_time) {
            /* the same root again (another file or a duplicate): merge patterns */
            if (existing->code.kind == CODE_NULL && v->code.kind != CODE_NULL)
                existing->code = v->code;
            cur = existing;
            continue;
        }
        v->root = v;
        if (an_ptrvec_push(&d->verbs, v)) {
            st = nomem(L);
            continue;
        }
        st = an_dict_index_add(d, &v->phrase.el[0], IX_VERB, v, L->err);
        cur = v;
        if (!st && v->code.kind != CODE_NULL)
            d->npatterns++;
    }
    if (st)
        st = recover(L, st);
    if (!st && L->transforms) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "%lu PETRARCH transformation lines ('~ ...') are not used by annals", L->transforms);
        lwarn(L, NULL, msg);
    }
    if (!st && section != S_VERBS)
        st = lerr(L, NULL, "missing </SYNSETS>, </TIME> or </ATTRIB> before the end of the file");
    return st;
}

/* ---------------- options ---------------- */

static int opt_num(const char *s, const char *key)
{
    const char *p = strstr(s, key);
    if (!p)
        return -1;
    p += strlen(key);
    while (*p == ' ' || *p == '[' || *p == '=')
        p++;
    if (!an_isdigit((unsigned char)*p))
        return -1;
    return atoi(p);
}

static int is_true(const char *v)
{
    while (*v == ' ' || *v == '=')
        v++;
    return *v == 'T' || *v == 't' || *v == '1' || an_strncaseeq(v, "ON", 2);
}

/* Applies one .options command line (upper case). Returns 0, or -1 if unknown
 * (unknown commands are ignored with a warning by the caller). */
static int apply_option(annals_dict *d, const char *line)
{
    an_dopts *o = &d->opts;
    char up[1024];
    size_t n = 0;
    for (; line[n] && n + 1 < sizeof up; n++)
        up[n] = (char)an_toupper((unsigned char)line[n]);
    up[n] = 0;
    const char *s = up;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!strncmp(s, "COMPLEX", 7)) {
        int v;
        if ((v = opt_num(s, "VERBS")) >= 0) o->cx_verbs = v;
        if ((v = opt_num(s, "ACTORS")) >= 0) o->cx_actors = v;
        if ((v = opt_num(s, "PRONOUNS")) >= 0) o->cx_pronouns = v;
        if ((v = opt_num(s, "CONJ")) >= 0) o->cx_conj = v;
        if ((v = opt_num(s, "COMMA")) >= 0) o->cx_comma = v;
        if ((v = opt_num(s, "LATEVERB")) >= 0) o->cx_lateverb = v;
        o->cx_noactprior = strstr(s, "NOACTPRIOR") != NULL;
        o->cx_noactafter = strstr(s, "NOACTAFTER") != NULL;
        o->cx_noverb = strstr(s, "NOVERB") != NULL;
        o->cx_nosource = strstr(s, "NOSOURCE") != NULL;
        o->cx_notarget = strstr(s, "NOTARGET") != NULL;
        o->cx_noevent = strstr(s, "NOEVENT") != NULL;
        return 0;
    }
    if (!strncmp(s, "COMMA", 5)) {
        if (strstr(s, "OFF")) {
            o->comma_off = 1;
            return 0;
        }
        o->comma_off = 0;
        int v;
        const char *p;
        if ((p = strstr(s, "BMIN")) && (v = opt_num(p, "BMIN")) >= 0) o->comma_bmin = v;
        if ((p = strstr(s, "BMAX")) && (v = opt_num(p, "BMAX")) >= 0) o->comma_bmax = v;
        if ((p = strstr(s, "EMIN")) && (v = opt_num(p, "EMIN")) >= 0) o->comma_emin = v;
        if ((p = strstr(s, "EMAX")) && (v = opt_num(p, "EMAX")) >= 0) o->comma_emax = v;
        for (p = s; (p = strstr(p, "MIN")); p += 3)
            if (p[-1] == ' ' || p[-1] == ':')
                if ((v = opt_num(p, "MIN")) >= 0) o->comma_min = v;
        for (p = s; (p = strstr(p, "MAX")); p += 3)
            if (p[-1] == ' ' || p[-1] == ':')
                if ((v = opt_num(p, "MAX")) >= 0) o->comma_max = v;
        return 0;
    }
    if (!strncmp(s, "SET", 3)) {
        const char *eq = strchr(s, '=');
        if (strstr(s, "CODE BY CLAUSE")) o->code_by = CODEBY_CLAUSE;
        else if (strstr(s, "CODE BY SENTENCE")) o->code_by = CODEBY_SENTENCE;
        else if (strstr(s, "CODE ALL")) o->code_by = CODEBY_ALL;
        else if (strstr(s, "MINIMUM WORDS") && eq) o->minimum_words = atoi(eq + 1);
        else if (strstr(s, "CONVERT AGENT") && eq) o->convert_agents = is_true(eq + 1);
        else if (strstr(s, "TIME SHIFT") && eq) o->time_shift = is_true(eq + 1);
        return 0;
    }
    if (!strncmp(s, "DEFA", 4)) {
        if (strstr(s, "OFF")) {
            o->default_source = o->default_target = NULL;
            o->default_prior = o->default_after = 0;
            return 0;
        }
        const char *src = strstr(s, "SOURCE"), *tgt = strstr(s, "TARGET");
        if (!src && !tgt)
            return -1;
        for (int k = 0; k < 2; k++) {
            const char *at = k ? tgt : src;
            if (!at)
                continue;
            const char *lb = strchr(at, '['), *rb = lb ? strchr(lb, ']') : NULL;
            if (!lb || !rb)
                return -1;
            char *code = an_arena_strndup(&d->arena, lb + 1, (size_t)(rb - lb - 1));
            if (!code)
                return -1;
            const char *mod = rb + 1;
            while (*mod == ' ')
                mod++;
            if (k) {
                o->default_target = code;
                o->default_after = !strncmp(mod, "AFTER", 5);
            } else {
                o->default_source = code;
                o->default_prior = !strncmp(mod, "PRIOR", 5);
            }
        }
        return 0;
    }
    if (!strncmp(s, "FORW", 4)) {
        o->forward = strstr(s, " OFF") == NULL;
        return 0;
    }
    /* output, label, forward, nonevents, issues...: accepted, no effect on events */
    if (!strncmp(s, "OUTP", 4) || !strncmp(s, "LABE", 4) || !strncmp(s, "FORW", 4) ||
        !strncmp(s, "NONE", 4) || !strncmp(s, "ISSU", 4) || !strncmp(s, "FREQ", 4) ||
        !strncmp(s, "DELE", 4) || !strncmp(s, "SOUR", 4) || !strncmp(s, "TARG", 4))
        return 0;
    return -1;
}

annals_status annals_dict_set_option(annals_dict *d, const char *line, annals_error *err)
{
    if (!d || !line) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no dictionary or option");
        return ANNALS_ERR_ARG;
    }
    /* a PETRARCH setting, "require_dyad = false" */
    const char *name, *val;
    size_t nl, vl;
    if (an_split_setting(line, strlen(line), &name, &nl, &val, &vl)) {
        int r = an_petrarch_option(d, name, nl, val, vl);
        if (r == -2) {
            an_err_set(err, ANNALS_ERR_PARSE, NULL, 0, 0, "option '%.*s': bad value '%.*s'",
                       (int)nl, name, (int)vl, val);
            return ANNALS_ERR_PARSE;
        }
        if (r == 0)
            return ANNALS_OK;
    }
    if (apply_option(d, line)) {
        an_err_set(err, ANNALS_ERR_PARSE, NULL, 0, 0, "unknown option command '%s'", line);
        return ANNALS_ERR_PARSE;
    }
    return ANNALS_OK;
}

static annals_status load_options(lx *L)
{
    char buf[1024];
    while (next_line(L)) {
        const char *s = L->line;
        size_t n = L->llen;
        if (n >= 5 && memcmp(s, "~~~~~", 5) == 0)
            break;
        trim(&s, &n);
        if (n == 0 || s[0] == '/' || s[0] == '#' || s[0] == ';')
            continue;
        if (n >= sizeof buf) {
            lwarn(L, s, "option line too long; ignored");
            continue;
        }
        memcpy(buf, s, n);
        buf[n] = 0;
        if (apply_option(L->d, buf) != 0)
            lwarn(L, s, "unknown option command; ignored");
    }
    L->d->has_tabari_options = 1;
    return ANNALS_OK;
}

/* ---------------- entry points ---------------- */

annals_status an_load_tabari(annals_dict *d, const char *name, const char *text, size_t len,
                             annals_dict_kind kind, annals_error *err)
{
    return an_load_tabari_dialect(d, name, text, len, kind, 0, err);
}

annals_status an_load_tabari_dialect(annals_dict *d, const char *name, const char *text,
                                     size_t len, annals_dict_kind kind, int petrarch,
                                     annals_error *err)
{
    lx L;
    memset(&L, 0, sizeof L);
    L.petrarch = petrarch;
    L.pattern_endings = petrarch;
    L.d = d;
    L.name = name ? name : "(memory)";
    L.text = text;
    L.len = len;
    L.err = err;
    /* skip a UTF-8 BOM */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        L.pos = 3;
    switch (kind) {
    case ANNALS_DICT_ACTORS: return load_actors(&L);
    case ANNALS_DICT_AGENTS: return load_agents(&L);
    case ANNALS_DICT_VERBS: return load_verbs(&L);
    case ANNALS_DICT_OPTIONS: return load_options(&L);
    default:
        an_err_set(err, ANNALS_ERR_UNSUPPORTED, L.name, 0, 0,
                   "this kind of dictionary has no TABARI syntax");
        return ANNALS_ERR_UNSUPPORTED;
    }
}

annals_status an_load_tabari_project(annals_dict *d, const char *path, const char *text,
                                     size_t len, annals_error *err)
{
    /* directory of the project file */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    static const struct {
        const char *tag;
        annals_dict_kind kind;
    } tags[] = {{"<optionsfile>", ANNALS_DICT_OPTIONS},
                {"<actorsfile>", ANNALS_DICT_ACTORS},
                {"<agentsfile>", ANNALS_DICT_AGENTS},
                {"<verbsfile>", ANNALS_DICT_VERBS}};
    annals_status st = ANNALS_OK;
    int found = 0;
    /* load in a fixed order: options, actors, agents, verbs */
    for (size_t t = 0; !st && t < sizeof tags / sizeof tags[0]; t++) {
        lx L;
        memset(&L, 0, sizeof L);
        L.d = d;
        L.name = path;
        L.text = text;
        L.len = len;
        L.err = err;
        while (!st && next_line(&L)) {
            const char *s = L.line;
            size_t n = L.llen;
            trim(&s, &n);
            size_t tl = strlen(tags[t].tag);
            if (n <= tl || !an_strncaseeq(s, tags[t].tag, tl))
                continue;
            const char *f = s + tl;
            size_t fn = n - tl;
            trim(&f, &fn);
            if (!fn) {
                st = lerr(&L, s, "expected a file name after %s", tags[t].tag);
                break;
            }
            an_buf full;
            an_buf_init(&full);
            if (f[0] != '/' && dirlen)
                an_buf_printf(&full, "%.*s/", (int)dirlen, path);
            an_buf_append(&full, f, fn);
            if (full.failed) {
                st = nomem(&L);
            } else {
                st = annals_dict_load_file(d, full.p, tags[t].kind, ANNALS_SYNTAX_TABARI, err);
                found++;
            }
            an_buf_free(&full);
        }
    }
    if (!st && !found) {
        an_err_set(err, ANNALS_ERR_PARSE, path, 0, 0,
                   "no <actorsfile>, <verbsfile>, <agentsfile> or <optionsfile> in the project");
        st = ANNALS_ERR_PARSE;
    }
    return st;
}
