/* devscore — scores the coder on the hand-written development set.
 *
 *   devscore [--dict PATH]... [-v] [--min-precision P] [--min-recall R]
 *            [FILE|DIR]...                    (default: tests/devset)
 *
 * Reads dev files (format: tests/devset/README.md), codes each entry as a
 * story of one sentence with the default dictionaries (or the --dict ones),
 * and compares expected and produced events per sentence as multisets of
 * (source country, target country, CAMEO root): the first three characters
 * of each actor code and the first two digits of the event code.  Prints
 * precision, recall and F1 overall and per root, and with -v every miss and
 * false positive.  Also checks that each code of the CAMEO table has at least
 * one dev sentence.  Exit status: 0 all checks pass, 1 a check fails (a floor,
 * coverage, or a parse error in the dev files), 2 usage or setup error.
 * Uses only the public API (annals.h). */
#include "annals.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NROOTS 21 /* index 1..20 = CAMEO roots 01..20, 0 = anything else */

typedef struct key {
    char src[4], tgt[4], root[3];
} key;

typedef struct entry {
    char *id, *date, *text, *file;
    unsigned long line;
    char **exp; /* "SRC TGT CODE" as written */
    size_t nexp;
    int none;
} entry;

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int verbose;
static unsigned long parse_errors, coder_errors, warnings;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "devscore: out of memory\n");
        exit(2);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xrealloc(NULL, n);
    memcpy(d, s, n);
    return d;
}

static void sv_push(strvec *s, char *p)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static entry *entries;
static size_t nentries, centries;
static strvec file_names; /* the copies entries point to */

static void perr(const char *file, unsigned long line, const char *msg, const char *arg)
{
    fprintf(stderr, "%s:%lu: %s%s%s\n", file, line, msg, arg ? ": " : "", arg ? arg : "");
    parse_errors++;
}

static int is_date(const char *s)
{
    static const char pat[] = "dddd-dd-dd";
    if (strlen(s) != 10)
        return 0;
    for (int i = 0; i < 10; i++) {
        if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return 0;
    }
    return 1;
}

static int is_actor(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 15)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = 0;
    return s;
}

/* Checks the entry just finished. */
static void close_entry(entry *e)
{
    if (!e)
        return;
    if (!e->text || !*e->text)
        perr(e->file, e->line, "entry has no text", e->id);
    if (!e->none && !e->nexp)
        perr(e->file, e->line, "entry has no '= ...' line", e->id);
}

static void parse_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        parse_errors++;
        return;
    }
    char *buf = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    entry *cur = NULL;
    char *file = xstrdup(path);
    sv_push(&file_names, file);
    while (getline(&buf, &cap, f) >= 0) {
        lineno++;
        char *l = trim(buf);
        if (!*l || *l == '#')
            continue;
        if (*l == '@') {
            close_entry(cur);
            if (nentries == centries) {
                centries = centries ? centries * 2 : 256;
                entries = xrealloc(entries, centries * sizeof *entries);
            }
            cur = &entries[nentries++];
            memset(cur, 0, sizeof *cur);
            cur->file = file;
            cur->line = lineno;
            for (char *tok = strtok(l + 1, " \t"); tok; tok = strtok(NULL, " \t")) {
                if (!strncmp(tok, "id=", 3) && tok[3] && !cur->id)
                    cur->id = xstrdup(tok + 3);
                else if (!strncmp(tok, "date=", 5) && !cur->date) {
                    if (!is_date(tok + 5))
                        perr(path, lineno, "bad date (want YYYY-MM-DD)", tok + 5);
                    cur->date = xstrdup(tok + 5);
                } else
                    perr(path, lineno, "unexpected field in '@' line", tok);
            }
            if (!cur->id) {
                perr(path, lineno, "'@' line without id=", NULL);
                char tmp[64];
                snprintf(tmp, sizeof tmp, "(line %lu)", lineno);
                cur->id = xstrdup(tmp);
            }
            if (!cur->date)
                perr(path, lineno, "'@' line without date=", cur->id);
            continue;
        }
        if (!cur) {
            perr(path, lineno, "text before the first '@' line", NULL);
            continue;
        }
        if (*l == '=') {
            char *body = trim(l + 1);
            if (!strcmp(body, "none")) {
                if (cur->nexp || cur->none)
                    perr(path, lineno, "'= none' in an entry that already has an expectation",
                         cur->id);
                cur->none = 1;
                continue;
            }
            if (cur->none)
                perr(path, lineno, "event in an entry marked '= none'", cur->id);
            char src[64], tgt[64], code[64], extra[8];
            int k = sscanf(body, "%63s %63s %63s %7s", src, tgt, code, extra);
            if (k != 3) {
                perr(path, lineno, "want '= SOURCE TARGET CODE' or '= none'", body);
                continue;
            }
            if (!is_actor(src) || !is_actor(tgt)) {
                perr(path, lineno, "bad actor code", body);
                continue;
            }
            if (!annals_cameo_lookup(code)) {
                perr(path, lineno, "unknown CAMEO event code", code);
                continue;
            }
            cur->exp = xrealloc(cur->exp, (cur->nexp + 1) * sizeof *cur->exp);
            char joined[200];
            snprintf(joined, sizeof joined, "%s %s %s", src, tgt, code);
            cur->exp[cur->nexp++] = xstrdup(joined);
            continue;
        }
        if (cur->nexp || cur->none) {
            perr(path, lineno, "text after the expected events", cur->id);
            continue;
        }
        size_t old = cur->text ? strlen(cur->text) : 0, add = strlen(l);
        cur->text = xrealloc(cur->text, old + add + 2);
        if (old)
            cur->text[old++] = ' ';
        memcpy(cur->text + old, l, add + 1);
    }
    close_entry(cur);
    free(buf);
    fclose(f);
}

static int is_dev_name(const char *n)
{
    size_t len = strlen(n);
    if (len < 5 || strcmp(n + len - 4, ".txt"))
        return 0;
    return !strncmp(n, "news-", 5) || !strncmp(n, "history-", 8);
}

static void add_path(strvec *files, const char *p)
{
    struct stat st;
    if (stat(p, &st)) {
        perror(p);
        parse_errors++;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        sv_push(files, xstrdup(p));
        return;
    }
    DIR *d = opendir(p);
    if (!d) {
        perror(p);
        parse_errors++;
        return;
    }
    strvec names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (is_dev_name(de->d_name)) {
            size_t n = strlen(p) + strlen(de->d_name) + 2;
            char *full = xrealloc(NULL, n);
            snprintf(full, n, "%s/%s", p, de->d_name);
            sv_push(&names, full);
        }
    }
    closedir(d);
    if (!names.n) {
        fprintf(stderr, "%s: no news-*.txt or history-*.txt files\n", p);
        parse_errors++;
    }
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; i < names.n; i++)
        sv_push(files, names.v[i]);
    free(names.v);
}

static void make_key(key *k, const char *src, const char *tgt, const char *code)
{
    snprintf(k->src, sizeof k->src, "%s", src ? src : "");
    snprintf(k->tgt, sizeof k->tgt, "%s", tgt ? tgt : "");
    snprintf(k->root, sizeof k->root, "%s", code ? code : "");
}

static int key_eq(const key *a, const key *b)
{
    return !strcmp(a->src, b->src) && !strcmp(a->tgt, b->tgt) && !strcmp(a->root, b->root);
}

static int root_index(const char *root)
{
    if (strlen(root) != 2 || root[0] < '0' || root[0] > '9' || root[1] < '0' || root[1] > '9')
        return 0;
    int r = (root[0] - '0') * 10 + (root[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

static void on_diag(void *user, const annals_error *d)
{
    (void)user;
    warnings++;
    if (verbose > 1) {
        char m[1200];
        annals_error_format(d, m, sizeof m);
        fprintf(stderr, "warning: %s\n", m);
    }
}

static double ratio(unsigned long a, unsigned long b)
{
    return b ? (double)a / (double)b : 0.0;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void usage(FILE *o)
{
    fprintf(o, "usage: devscore [--dict PATH]... [-v] [--min-precision P] [--min-recall R]\n"
               "                [FILE|DIR]...   (default: tests/devset)\n");
}

static int parse_double(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    strvec dicts = {0}, paths = {0};
    double min_p = 0, min_r = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
            verbose++;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--dict") && i + 1 < argc)
            sv_push(&dicts, argv[++i]);
        else if (!strcmp(a, "--min-precision") && i + 1 < argc) {
            if (parse_double(argv[++i], &min_p)) {
                fprintf(stderr, "devscore: bad --min-precision '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--min-recall") && i + 1 < argc) {
            if (parse_double(argv[++i], &min_r)) {
                fprintf(stderr, "devscore: bad --min-recall '%s'\n", argv[i]);
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "devscore: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        } else
            sv_push(&paths, (char *)a);
    }
    if (!paths.n)
        sv_push(&paths, "tests/devset");

    strvec files = {0};
    for (size_t i = 0; i < paths.n; i++)
        add_path(&files, paths.v[i]);
    for (size_t i = 0; i < files.n; i++)
        parse_file(files.v[i]);

    /* unique ids */
    strvec ids = {0};
    for (size_t i = 0; i < nentries; i++)
        sv_push(&ids, entries[i].id);
    qsort(ids.v, ids.n, sizeof *ids.v, cmp_str);
    for (size_t i = 1; i < ids.n; i++)
        if (!strcmp(ids.v[i], ids.v[i - 1])) {
            fprintf(stderr, "duplicate id: %s\n", ids.v[i]);
            parse_errors++;
        }

    /* dictionaries and coder */
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_dict_options dopt;
    memset(&dopt, 0, sizeof dopt);
    dopt.diag = on_diag;
    annals_dict *dict = annals_dict_new(&dopt, &err);
    if (!dict) {
        fprintf(stderr, "devscore: cannot create dictionary: %s\n", err.message);
        return 2;
    }
    annals_status st = ANNALS_OK;
    if (!dicts.n)
        st = annals_dict_load_default(dict, &err);
    for (size_t i = 0; i < dicts.n && st == ANNALS_OK; i++)
        st = annals_dict_load(dict, dicts.v[i], &err);
    if (st != ANNALS_OK) {
        char m[1200];
        annals_error_format(&err, m, sizeof m);
        fprintf(stderr, "devscore: cannot load dictionaries: %s\n", m);
        return 2;
    }
    annals_coder_options copt;
    memset(&copt, 0, sizeof copt);
    copt.no_split = 1;
    copt.diag = on_diag;
    annals_coder *coder = annals_coder_new(dict, &copt, &err);
    if (!coder) {
        fprintf(stderr, "devscore: cannot create coder: %s\n", err.message);
        return 2;
    }

    unsigned long exp_r[NROOTS] = {0}, got_r[NROOTS] = {0}, match_r[NROOTS] = {0};
    unsigned long n_exp = 0, n_got = 0, n_match = 0, n_none = 0, n_perfect = 0;
    key *gk = NULL;
    unsigned char *used = NULL;
    size_t gcap = 0;
    strvec expcodes = {0};

    for (size_t i = 0; i < nentries; i++) {
        entry *e = &entries[i];
        if (e->none)
            n_none++;
        for (size_t j = 0; j < e->nexp; j++) {
            char *code = strrchr(e->exp[j], ' ') + 1;
            sv_push(&expcodes, code);
        }
        annals_story s;
        memset(&s, 0, sizeof s);
        s.id = e->id;
        s.date = e->date;
        s.text = e->text ? e->text : "";
        s.text_len = strlen(s.text);
        s.source_file = e->file;
        s.line = e->line;
        s.is_sentence = 1;
        size_t ng = 0;
        if (annals_coder_code(coder, &s, &err) != ANNALS_OK) {
            char m[1200];
            annals_error_format(&err, m, sizeof m);
            fprintf(stderr, "%s:%lu: %s: coder error: %s\n", e->file, e->line, e->id, m);
            coder_errors++;
        } else {
            ng = annals_coder_event_count(coder);
        }
        if (ng > gcap) {
            gcap = ng * 2;
            gk = xrealloc(gk, gcap * sizeof *gk);
            used = xrealloc(used, gcap);
        }
        for (size_t j = 0; j < ng; j++) {
            const annals_event *ev = annals_coder_event(coder, j);
            make_key(&gk[j], ev->source, ev->target, ev->code);
            used[j] = 0;
            got_r[root_index(gk[j].root)]++;
        }
        n_got += ng;
        unsigned long m_here = 0;
        unsigned char missed[256];
        size_t nmiss_track = e->nexp < sizeof missed ? e->nexp : sizeof missed;
        for (size_t j = 0; j < e->nexp; j++) {
            char src[64], tgt[64], code[64];
            sscanf(e->exp[j], "%63s %63s %63s", src, tgt, code);
            key k;
            make_key(&k, src, tgt, code);
            int r = root_index(k.root);
            exp_r[r]++;
            int hit = 0;
            for (size_t g = 0; g < ng; g++) {
                if (!used[g] && key_eq(&k, &gk[g])) {
                    used[g] = 1;
                    hit = 1;
                    break;
                }
            }
            if (hit) {
                match_r[r]++;
                m_here++;
            }
            if (j < nmiss_track)
                missed[j] = (unsigned char)!hit;
        }
        n_exp += e->nexp;
        n_match += m_here;
        int perfect = m_here == e->nexp && m_here == ng;
        n_perfect += (unsigned long)perfect;
        if (verbose && !perfect) {
            printf("%s %s (%s:%lu)\n  text: %s\n  expected:", m_here < e->nexp ? "MISS" : "FALSE",
                   e->id, e->file, e->line, s.text);
            if (!e->nexp)
                printf(" none");
            for (size_t j = 0; j < e->nexp; j++)
                printf("%s %s%s", j ? " |" : "", e->exp[j],
                       j < nmiss_track && missed[j] ? " (missed)" : "");
            printf("\n  got:");
            if (!ng)
                printf(" none");
            for (size_t g = 0; g < ng; g++) {
                const annals_event *ev = annals_coder_event(coder, g);
                printf("%s %s %s %s%s", g ? " |" : "", ev->source ? ev->source : "?",
                       ev->target ? ev->target : "?", ev->code ? ev->code : "?",
                       used[g] ? "" : " (false positive)");
            }
            printf("\n");
        }
    }

    /* report */
    double p = ratio(n_match, n_got), r = ratio(n_match, n_exp);
    printf("sentences: %zu in %zu files (%lu without events), %lu coded exactly\n", nentries,
           files.n, n_none, n_perfect);
    printf("events: expected %lu, got %lu, matched %lu (coder errors %lu, warnings %lu)\n", n_exp,
           n_got, n_match, coder_errors, warnings);
    printf("\n%-4s %-34s %8s %6s %7s %9s %7s %6s\n", "root", "name", "expected", "got", "matched",
           "precision", "recall", "F1");
    for (int i = 1; i <= NROOTS; i++) {
        int ri = i % NROOTS; /* roots 1..20, then "other" */
        if (ri == 0 && !exp_r[0] && !got_r[0])
            continue;
        char rc[4] = "--";
        const char *name = "(not a CAMEO root)";
        if (ri) {
            snprintf(rc, sizeof rc, "%02d", ri);
            const annals_cameo_info *ci = annals_cameo_lookup(rc);
            name = ci ? ci->name : "";
        }
        double rp = ratio(match_r[ri], got_r[ri]), rr = ratio(match_r[ri], exp_r[ri]);
        printf("%-4s %-34.34s %8lu %6lu %7lu %9.3f %7.3f %6.3f\n", rc, name, exp_r[ri], got_r[ri],
               match_r[ri], rp, rr, f1(rp, rr));
    }
    printf("%-4s %-34s %8lu %6lu %7lu %9.3f %7.3f %6.3f\n\n", "all", "", n_exp, n_got, n_match, p,
           r, f1(p, r));
    printf("precision: %.4f\nrecall: %.4f\nf1: %.4f\n", p, r, f1(p, r));

    /* coverage of the CAMEO table */
    qsort(expcodes.v, expcodes.n, sizeof *expcodes.v, cmp_str);
    size_t ncodes = annals_cameo_count(), covered = 0;
    strvec missing = {0};
    for (size_t i = 0; i < ncodes; i++) {
        const annals_cameo_info *ci = annals_cameo_at(i);
        if (!ci || !ci->code)
            continue;
        int ok = 0;
        if (strlen(ci->code) == 2) {
            for (size_t j = 0; j < expcodes.n && !ok; j++)
                ok = !strncmp(expcodes.v[j], ci->code, 2);
        } else {
            const char *c = ci->code;
            ok = bsearch(&c, expcodes.v, expcodes.n, sizeof *expcodes.v, cmp_str) != NULL;
        }
        if (ok)
            covered++;
        else
            sv_push(&missing, (char *)ci->code);
    }
    printf("coverage: %zu/%zu CAMEO codes have a dev sentence\n", covered, ncodes);
    if (missing.n) {
        printf("missing codes:");
        for (size_t i = 0; i < missing.n; i++)
            printf(" %s", missing.v[i]);
        printf("\n");
    }

    int fails = 0;
    int ok_parse = parse_errors == 0 && nentries > 0;
    int ok_p = p + 1e-9 >= min_p, ok_r = r + 1e-9 >= min_r;
    int ok_cov = ncodes > 0 && missing.n == 0;
    printf("check parse: %s (%lu errors)\n", ok_parse ? "pass" : "fail", parse_errors);
    printf("check precision: %s (%.4f, floor %.4f)\n", ok_p ? "pass" : "fail", p, min_p);
    printf("check recall: %s (%.4f, floor %.4f)\n", ok_r ? "pass" : "fail", r, min_r);
    printf("check coverage: %s (%zu missing)\n", ok_cov ? "pass" : "fail", missing.n);
    fails = !ok_parse + !ok_p + !ok_r + !ok_cov;

    annals_coder_free(coder);
    annals_dict_free(dict);
    for (size_t i = 0; i < nentries; i++) {
        entry *e = &entries[i];
        free(e->id);
        free(e->date);
        free(e->text);
        for (size_t j = 0; j < e->nexp; j++)
            free(e->exp[j]);
        free(e->exp);
    }
    free(entries);
    for (size_t i = 0; i < file_names.n; i++)
        free(file_names.v[i]);
    for (size_t i = 0; i < files.n; i++)
        free(files.v[i]);
    free(file_names.v);
    free(files.v);
    free(dicts.v);
    free(paths.v);
    free(ids.v);
    free(expcodes.v);
    free(missing.v);
    free(gk);
    free(used);
    return fails ? 1 : 0;
}
