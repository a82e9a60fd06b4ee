/* spec_dates: runs the temporal-tagger spec files (tests/spec/dates/NAME.spec).
 *
 * A spec file is a list of cases.  Lines:
 *   # comment
 *   dct: YYYY-MM-DD | none     story date for the cases that follow
 *   mode: news | narrative | auto
 *   text: ONE LINE OF TEXT     starts a case
 *   more: MORE TEXT            continues the text after one space
 *   expect: EXTENT = VALUE     an expected expression, in text order
 *   expect: none               the case expects no expression at all
 * A case passes when the tagger finds exactly the expected expressions, with
 * exactly those extents and values.  Prints one line per failing case and
 * "spec-dates: N passed, M failed". */
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = 0;
}

typedef struct kase {
    char text[4096];
    char expect[8192];
    int nexpect;
    int line;
    char dct[16];
    annals_date_mode mode;
} kase;

static void run_case(annals_tagger *t, const char *file, kase *k)
{
    if (!k->text[0])
        return;
    const annals_timex *xs;
    size_t n;
    annals_error err;
    char got[8192];
    got[0] = 0;
    if (annals_tagger_tag(t, k->text, strlen(k->text), k->dct[0] ? k->dct : NULL, k->mode, &xs, &n, &err) !=
        ANNALS_OK) {
        snprintf(got, sizeof got, "(error: %s)", err.message);
    } else {
        size_t p = 0;
        for (size_t i = 0; i < n && p < sizeof got - 100; i++)
            p += (size_t)snprintf(got + p, sizeof got - p, "%s%.*s = %s", i ? " | " : "",
                                  (int)(xs[i].end - xs[i].start), k->text + xs[i].start, xs[i].value);
    }
    if (!strcmp(got, k->expect)) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s:%d: %s\n     got:      %s\n     expected: %s\n", file, k->line, k->text,
               got[0] ? got : "none", k->expect[0] ? k->expect : "none");
    }
    k->text[0] = 0;
    k->expect[0] = 0;
    k->nexpect = 0;
}

static int run_file(annals_tagger *t, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("FAIL %s: cannot open\n", path);
        failed++;
        return -1;
    }
    static kase k;
    memset(&k, 0, sizeof k);
    k.mode = ANNALS_DATES_NEWS;
    char line[8192];
    int ln = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        trim(line);
        if (!line[0] || line[0] == '#')
            continue;
        if (!strncmp(line, "dct:", 4)) {
            const char *v = line + 4;
            while (*v == ' ')
                v++;
            snprintf(k.dct, sizeof k.dct, "%.11s", strcmp(v, "none") ? v : "");
        } else if (!strncmp(line, "mode:", 5)) {
            const char *v = line + 5;
            while (*v == ' ')
                v++;
            if (annals_date_mode_parse(v, &k.mode) != 0) {
                printf("FAIL %s:%d: unknown mode %s\n", path, ln, v);
                failed++;
            }
        } else if (!strncmp(line, "text:", 5)) {
            run_case(t, path, &k);
            const char *v = line + 5;
            while (*v == ' ')
                v++;
            snprintf(k.text, sizeof k.text, "%.4000s", v);
            k.line = ln;
        } else if (!strncmp(line, "more:", 5)) {
            const char *v = line + 5;
            while (*v == ' ')
                v++;
            size_t p = strlen(k.text);
            snprintf(k.text + p, sizeof k.text - p, " %.3000s", v);
        } else if (!strncmp(line, "expect:", 7)) {
            const char *v = line + 7;
            while (*v == ' ')
                v++;
            if (!strcmp(v, "none"))
                continue;
            size_t p = strlen(k.expect);
            snprintf(k.expect + p, sizeof k.expect - p, "%s%s", k.nexpect ? " | " : "", v);
            k.nexpect++;
        } else {
            printf("FAIL %s:%d: cannot parse line: %s\n", path, ln, line);
            failed++;
        }
    }
    run_case(t, path, &k);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    annals_error err;
    annals_tagger *t = annals_tagger_new(&err);
    if (!t)
        return 1;
    for (int i = 1; i < argc; i++)
        run_file(t, argv[i]);
    annals_tagger_free(t);
    printf("spec-dates: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
