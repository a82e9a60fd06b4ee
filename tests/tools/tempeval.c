/* tempeval: scores the temporal tagger on TimeML files (TempEval-3 style).
 *
 *   tempeval [--dates MODE] [--system DIR] [-v] PATH...
 *
 * Each PATH is a .tml file or a directory searched (recursively) for them.
 * For each gold file the text of its <TEXT> element is stripped of tags, the
 * gold TIMEX3s are recorded with their offsets, and the tagger runs on the
 * stripped text with the file's DCT (the TIMEX3 in <DCT>).  With --system,
 * the system's TIMEX3s come instead from DIR/NAME (same file name), which
 * may be a TimeML file or the plain output of 'annals dates'.
 *
 * Prints strict and relaxed precision/recall/F1 on extents (relaxed = any
 * overlap), value accuracy (correct values / relaxed matches) and type
 * accuracy, as "key value" lines.  Values that differ only in how a decade or
 * century is written ("195" and "195X", "19" and "19XX") count as equal.
 * -v lists every miss, spurious expression and wrong value. */
#include "annals.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct tx {
    size_t s, e;
    char type[12];
    char value[64];
} tx;

typedef struct doc {
    char *text;
    size_t len;
    char dct[16];
    tx *g;
    size_t ng;
} doc;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0) {
        fclose(f);
        return NULL;
    }
    char *p = malloc((size_t)n + 1);
    if (!p) {
        fclose(f);
        return NULL;
    }
    size_t r = fread(p, 1, (size_t)n, f);
    fclose(f);
    p[r] = 0;
    *len = r;
    return p;
}

static void attr(const char *tag, size_t taglen, const char *name, char *out, size_t size)
{
    out[0] = 0;
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl + 2 < taglen; i++) {
        if ((i == 0 || tag[i - 1] == ' ') && !strncmp(tag + i, name, nl) && tag[i + nl] == '=' &&
            tag[i + nl + 1] == '"') {
            const char *v = tag + i + nl + 2;
            size_t k = 0;
            while (v + k < tag + taglen && v[k] != '"' && k + 1 < size) {
                out[k] = v[k];
                k++;
            }
            out[k] = 0;
            return;
        }
    }
}

/* Parses a TimeML (or inline-tagged plain) document. */
static int parse_doc(const char *path, doc *d)
{
    size_t n;
    char *raw = slurp(path, &n);
    if (!raw)
        return -1;
    memset(d, 0, sizeof *d);
    const char *dct = strstr(raw, "<DCT>");
    if (dct) {
        const char *v = strstr(dct, "value=\"");
        if (v) {
            v += 7;
            size_t k = 0;
            while (v[k] && v[k] != '"' && k < 10) {
                d->dct[k] = v[k];
                k++;
            }
            d->dct[k] = 0;
        }
    }
    const char *s = raw, *e = raw + n;
    const char *t = strstr(raw, "<TEXT>");
    if (t) {
        s = t + 6;
        const char *te = strstr(s, "</TEXT>");
        if (te)
            e = te;
    }
    d->text = malloc((size_t)(e - s) + 1);
    size_t cap = 64;
    d->g = malloc(cap * sizeof *d->g);
    if (!d->text || !d->g) {
        free(raw);
        return -1;
    }
    size_t k = 0;
    int open = -1;
    for (const char *p = s; p < e; p++) {
        if (*p == '<') {
            const char *q = memchr(p, '>', (size_t)(e - p));
            if (q) {
                size_t tl = (size_t)(q - p + 1);
                if (!strncmp(p, "<TIMEX3", 7)) {
                    if (d->ng == cap) {
                        cap *= 2;
                        tx *ng = realloc(d->g, cap * sizeof *ng);
                        if (!ng) {
                            free(raw);
                            return -1;
                        }
                        d->g = ng;
                    }
                    tx *x = &d->g[d->ng];
                    x->s = k;
                    x->e = k;
                    attr(p, tl, "type", x->type, sizeof x->type);
                    attr(p, tl, "value", x->value, sizeof x->value);
                    open = (int)d->ng++;
                } else if (!strncmp(p, "</TIMEX3", 8) && open >= 0) {
                    d->g[open].e = k;
                    open = -1;
                }
                p = q;
                continue;
            }
        }
        d->text[k++] = *p;
    }
    d->text[k] = 0;
    d->len = k;
    free(raw);
    return 0;
}

static void free_doc(doc *d)
{
    free(d->text);
    free(d->g);
}

/* "195X" -> "195", "19XX" -> "19": digits followed only by X's. */
static void canon(const char *v, char *out, size_t size)
{
    snprintf(out, size, "%s", v);
    size_t n = strlen(out), i = 0;
    while (i < n && out[i] >= '0' && out[i] <= '9')
        i++;
    if (i > 0 && i < n) {
        size_t j = i;
        while (j < n && out[j] == 'X')
            j++;
        if (j == n)
            out[i] = 0;
    }
}

typedef struct totals {
    size_t gold, sys, strict, relaxed, value_ok, type_ok, files;
} totals;

static int verbose;
static const char *sysdir;
static annals_date_mode mode = ANNALS_DATES_NEWS;

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

static int score_file(annals_tagger *tg, const char *path, totals *tt)
{
    doc d;
    if (parse_doc(path, &d) != 0) {
        fprintf(stderr, "tempeval: cannot read %s\n", path);
        return -1;
    }
    tx *sx = NULL;
    size_t ns = 0;
    doc sd;
    memset(&sd, 0, sizeof sd);
    if (sysdir) {
        char sp[4096];
        snprintf(sp, sizeof sp, "%s/%s", sysdir, base_name(path));
        if (parse_doc(sp, &sd) != 0) {
            fprintf(stderr, "tempeval: no system file %s\n", sp);
            free_doc(&d);
            return -1;
        }
        if (sd.len != d.len || memcmp(sd.text, d.text, d.len) != 0)
            fprintf(stderr, "tempeval: warning: %s: system text differs from gold text\n", sp);
        sx = sd.g;
        ns = sd.ng;
    } else {
        const annals_timex *xs;
        size_t nx;
        annals_error err;
        if (annals_tagger_tag(tg, d.text, d.len, d.dct[0] ? d.dct : NULL, mode, &xs, &nx, &err) != ANNALS_OK) {
            fprintf(stderr, "tempeval: %s: %s\n", path, err.message);
            free_doc(&d);
            return -1;
        }
        sx = calloc(nx ? nx : 1, sizeof *sx);
        if (!sx) {
            free_doc(&d);
            return -1;
        }
        for (size_t i = 0; i < nx; i++) {
            sx[i].s = xs[i].start;
            sx[i].e = xs[i].end;
            snprintf(sx[i].type, sizeof sx[i].type, "%s", annals_timex_type_name(xs[i].type));
            snprintf(sx[i].value, sizeof sx[i].value, "%s", xs[i].value);
        }
        ns = nx;
    }
    char *used = calloc(ns ? ns : 1, 1);
    if (!used) {
        free_doc(&d);
        return -1;
    }
    tt->files++;
    tt->gold += d.ng;
    tt->sys += ns;
    for (size_t i = 0; i < d.ng; i++) {
        const tx *g = &d.g[i];
        size_t best = ns;
        for (size_t j = 0; j < ns; j++) {
            if (used[j] || sx[j].e <= g->s || sx[j].s >= g->e)
                continue;
            if (best == ns || (sx[j].s == g->s && sx[j].e == g->e))
                best = j;
        }
        if (best == ns) {
            if (verbose)
                printf("MISS  %s: \"%.*s\" %s %s\n", base_name(path), (int)(g->e - g->s), d.text + g->s, g->type,
                       g->value);
            continue;
        }
        used[best] = 1;
        const tx *x = &sx[best];
        tt->relaxed++;
        if (x->s == g->s && x->e == g->e)
            tt->strict++;
        else if (verbose)
            printf("EXTENT %s: gold \"%.*s\" system \"%.*s\"\n", base_name(path), (int)(g->e - g->s),
                   d.text + g->s, (int)(x->e - x->s), d.text + x->s);
        char a[64], b[64];
        canon(g->value, a, sizeof a);
        canon(x->value, b, sizeof b);
        if (!strcmp(a, b))
            tt->value_ok++;
        else if (verbose)
            printf("VALUE %s: \"%.*s\" gold %s system %s (dct %s)\n", base_name(path), (int)(g->e - g->s),
                   d.text + g->s, g->value, x->value, d.dct);
        if (!strcmp(g->type, x->type))
            tt->type_ok++;
    }
    if (verbose)
        for (size_t j = 0; j < ns; j++)
            if (!used[j])
                printf("SPURIOUS %s: \"%.*s\" %s %s\n", base_name(path), (int)(sx[j].e - sx[j].s),
                       d.text + sx[j].s, sx[j].type, sx[j].value);
    free(used);
    if (sysdir)
        free_doc(&sd);
    else
        free(sx);
    free_doc(&d);
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(annals_tagger *tg, const char *path, totals *tt)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "tempeval: %s: no such file or directory\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return score_file(tg, path, tt);
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        names[n] = malloc(l);
        if (!names[n])
            break;
        snprintf(names[n], l, "%s/%s", path, de->d_name);
        n++;
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat s2;
        if (stat(names[i], &s2) == 0 && (S_ISDIR(s2.st_mode) || strstr(names[i], ".tml")))
            if (walk(tg, names[i], tt) != 0)
                rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

int main(int argc, char **argv)
{
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "-v"))
            verbose = 1;
        else if (!strcmp(argv[first], "--system") && first + 1 < argc)
            sysdir = argv[++first];
        else if (!strcmp(argv[first], "--dates") && first + 1 < argc) {
            if (annals_date_mode_parse(argv[++first], &mode) != 0) {
                fprintf(stderr, "tempeval: unknown mode %s\n", argv[first]);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: tempeval [--dates MODE] [--system DIR] [-v] PATH...\n");
            return 2;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "usage: tempeval [--dates MODE] [--system DIR] [-v] PATH...\n");
        return 2;
    }
    annals_error err;
    annals_tagger *tg = annals_tagger_new(&err);
    if (!tg)
        return 1;
    totals tt;
    memset(&tt, 0, sizeof tt);
    int rc = 0;
    for (int i = first; i < argc; i++)
        if (walk(tg, argv[i], &tt) != 0)
            rc = 1;
    annals_tagger_free(tg);
    double sp = tt.sys ? (double)tt.strict / tt.sys : 0, sr = tt.gold ? (double)tt.strict / tt.gold : 0;
    double rp = tt.sys ? (double)tt.relaxed / tt.sys : 0, rr = tt.gold ? (double)tt.relaxed / tt.gold : 0;
    printf("files %zu\ngold %zu\nsystem %zu\n", tt.files, tt.gold, tt.sys);
    printf("strict_p %.4f\nstrict_r %.4f\nstrict_f1 %.4f\n", sp, sr, f1(sp, sr));
    printf("relaxed_p %.4f\nrelaxed_r %.4f\nrelaxed_f1 %.4f\n", rp, rr, f1(rp, rr));
    printf("value_accuracy %.4f\ntype_accuracy %.4f\n", tt.relaxed ? (double)tt.value_ok / tt.relaxed : 0,
           tt.relaxed ? (double)tt.type_ok / tt.relaxed : 0);
    printf("value_f1 %.4f\n", f1(rp, rr) * (tt.relaxed ? (double)tt.value_ok / tt.relaxed : 0));
    if (tt.files == 0) {
        fprintf(stderr, "tempeval: no .tml files found\n");
        rc = 1;
    }
    return rc;
}
