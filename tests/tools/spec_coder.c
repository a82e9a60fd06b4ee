/* Spec-style coder tests: plain-text files of dictionaries, sentences and
 * the events they must produce.
 *
 *   spec_coder FILE.spec...
 *
 * File format (see tests/spec/README.md):
 *   %% actors | %% agents | %% verbs | %% options     a dictionary section (TABARI syntax)
 *   %% petrarch-actors | petrarch-agents | petrarch-verbs   the same in PETRARCH syntax
 *   %% settings                                        annals_dict_set_option() lines
 *   ## NAME                                            a case
 *   date: YYYY-MM-DD                                   optional, after ## NAME
 *   TEXT...                                            the story text (one or more lines)
 *   => SRC TGT CODE                                    an expected event (repeatable)
 *   => none | => discard | => complex                  or a status
 * Dictionary sections come before the first case.  Prints a line per failure
 * and "spec: N passed, M failed". */
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void bput(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            perror("realloc");
            exit(2);
        }
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static int passed, failed;

static void run_case(annals_dict *d, const char *file, const char *name, const char *date,
                     const char *text, buf *expect)
{
    annals_error err;
    annals_coder_options co;
    memset(&co, 0, sizeof co);
    annals_coder *c = annals_coder_new(d, &co, &err);
    annals_story s;
    memset(&s, 0, sizeof s);
    s.id = name;
    s.date = date && *date ? date : NULL;
    s.text = text;
    s.text_len = strlen(text);
    s.source_file = file;
    if (!c || annals_coder_code(c, &s, &err)) {
        printf("FAIL %s: %s: coder error: %s\n", file, name, err.message);
        failed++;
        annals_coder_free(c);
        return;
    }
    /* build "got" lines */
    buf got = {0};
    int discard = 0, complex = 0;
    for (size_t i = 0; i < annals_coder_sentence_count(c); i++) {
        annals_sentence_status st = annals_coder_sentence_status(c, i);
        discard |= st == ANNALS_SENT_DISCARDED;
        complex |= st == ANNALS_SENT_COMPLEX;
    }
    size_t n = annals_coder_event_count(c);
    char line[512];
    for (size_t i = 0; i < n; i++) {
        const annals_event *e = annals_coder_event(c, i);
        int k = snprintf(line, sizeof line, "%s %s %s\n", e->source, e->target, e->code);
        bput(&got, line, (size_t)k);
    }
    if (!n) {
        const char *w = discard ? "discard\n" : complex ? "complex\n" : "none\n";
        bput(&got, w, strlen(w));
    }
    /* compare as multisets of lines */
    int ok = 1;
    char *gcopy = strdup(got.p ? got.p : "");
    int nexp = 0, ngot = 0;
    for (char *p = got.p; p && *p; p = strchr(p, '\n') + 1, ngot++)
        if (!strchr(p, '\n'))
            break;
    char *ecopy = strdup(expect->p ? expect->p : "");
    for (char *ln = strtok(ecopy, "\n"); ln; ln = strtok(NULL, "\n")) {
        nexp++;
        char needle[520];
        snprintf(needle, sizeof needle, "%s\n", ln);
        char *hit = NULL;
        for (char *p = gcopy; (p = strstr(p, needle)); p++) {
            if (p == gcopy || p[-1] == '\n') {
                hit = p;
                break;
            }
        }
        if (!hit) {
            ok = 0;
            break;
        }
        memset(hit, '\x01', strlen(needle) - 1); /* consume it */
    }
    if (nexp != ngot)
        ok = 0;
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: %s\n  text: %s\n  expected:\n", file, name, text);
        for (char *ln = strtok(expect->p ? expect->p : (char *)"", "\n"); ln; ln = strtok(NULL, "\n"))
            printf("    %s\n", ln);
        printf("  got:\n");
        for (char *ln = strtok(got.p ? got.p : (char *)"", "\n"); ln; ln = strtok(NULL, "\n"))
            printf("    %s\n", ln);
    }
    free(gcopy);
    free(ecopy);
    free(got.p);
    annals_coder_free(c);
}

/* "%% settings": one annals_dict_set_option() line each ("require_dyad = false") */
static void load_settings(annals_dict *d, const char *path, const char *text)
{
    char *copy = strdup(text);
    if (!copy) {
        perror("strdup");
        exit(2);
    }
    for (char *ln = strtok(copy, "\n"); ln; ln = strtok(NULL, "\n")) {
        if (!ln[0] || ln[0] == '#')
            continue;
        annals_error err;
        if (annals_dict_set_option(d, ln, &err)) {
            printf("FAIL %s: setting '%s': %s\n", path, ln, err.message);
            failed++;
        }
    }
    free(copy);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    annals_error err;
    annals_dict *d = annals_dict_new(NULL, &err);
    buf sec = {0}, text = {0}, expect = {0};
    char kind[32] = "";
    char name[256] = "", date[32] = "";
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int in_case = 0, dict_done = 0;
    unsigned long lineno = 0, sec_line = 0;
#define FLUSH_SECTION()                                                                            \
    do {                                                                                           \
        if (!strcmp(kind, "settings")) {                                                           \
            load_settings(d, path, sec.p ? sec.p : "");                                            \
            kind[0] = 0;                                                                           \
        }                                                                                          \
        if (kind[0]) {                                                                             \
            int petr = !strncmp(kind, "petrarch-", 9);                                             \
            const char *kn = petr ? kind + 9 : kind;                                               \
            annals_dict_kind k = !strcmp(kn, "actors")   ? ANNALS_DICT_ACTORS                      \
                                 : !strcmp(kn, "agents") ? ANNALS_DICT_AGENTS                      \
                                 : !strcmp(kn, "verbs")  ? ANNALS_DICT_VERBS                       \
                                                         : ANNALS_DICT_OPTIONS;                    \
            char nm[512];                                                                          \
            snprintf(nm, sizeof nm, "%s@%lu", path, sec_line);                                   \
            if (annals_dict_load_memory(d, nm, sec.p ? sec.p : "", sec.n, k,                       \
                                        petr ? ANNALS_SYNTAX_PETRARCH : ANNALS_SYNTAX_TABARI,      \
                                        &err)) {                                                   \
                char m[1200];                                                                      \
                annals_error_format(&err, m, sizeof m);                                            \
                printf("FAIL %s: dictionary: %s\n", path, m);                                      \
                failed++;                                                                          \
            }                                                                                      \
            kind[0] = 0;                                                                           \
            sec.n = 0;                                                                             \
            if (sec.p)                                                                             \
                sec.p[0] = 0;                                                                      \
        }                                                                                          \
    } while (0)
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (!strncmp(line, "%% ", 3)) {
            FLUSH_SECTION();
            sscanf(line + 3, "%31s", kind);
            sec_line = lineno;
            continue;
        }
        if (!strncmp(line, "## ", 3)) {
            if (!dict_done) {
                FLUSH_SECTION();
                dict_done = 1;
            }
            if (in_case)
                run_case(d, path, name, date, text.p ? text.p : "", &expect);
            in_case = 1;
            snprintf(name, sizeof name, "%.*s", (int)strcspn(line + 3, "\n"), line + 3);
            date[0] = 0;
            text.n = expect.n = 0;
            if (text.p) text.p[0] = 0;
            if (expect.p) expect.p[0] = 0;
            continue;
        }
        if (kind[0] && !in_case) {
            bput(&sec, line, (size_t)len);
            continue;
        }
        if (!in_case || line[0] == '#')
            continue;
        if (!strncmp(line, "date: ", 6)) {
            snprintf(date, sizeof date, "%.*s", (int)strcspn(line + 6, "\n "), line + 6);
            continue;
        }
        if (!strncmp(line, "=> ", 3)) {
            const char *e = line + 3;
            size_t n = strcspn(e, "\n");
            /* normalise blanks */
            char tmp[512];
            size_t k = 0;
            int sp = 0;
            for (size_t i = 0; i < n && k + 2 < sizeof tmp; i++) {
                if (e[i] == ' ' || e[i] == '\t') {
                    sp = 1;
                    continue;
                }
                if (sp && k)
                    tmp[k++] = ' ';
                sp = 0;
                tmp[k++] = e[i];
            }
            tmp[k++] = '\n';
            bput(&expect, tmp, k);
            continue;
        }
        if (line[0] == '\n')
            continue;
        bput(&text, line, (size_t)len);
    }
    if (!dict_done)
        FLUSH_SECTION();
    if (in_case)
        run_case(d, path, name, date, text.p ? text.p : "", &expect);
    free(line);
    free(sec.p);
    free(text.p);
    free(expect.p);
    fclose(f);
    annals_dict_free(d);
    return 0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (run_file(argv[i]))
            failed++;
    printf("spec: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
