/* TABARI conformance: codes TABARI's own validation suite (Validate.text and
 * the dictionaries of Validate.project) and compares every record's events,
 * as a multiset of SRC / TGT / EVT, with the expectations in its comment.
 *
 *   tabari_validate [-v] [--floor N] PROJECT_DIR
 *
 * Honours { OPTION: ... } records, {---} (no event), {###} (discarded) and
 * {+++} (too complex).  Prints one line per failing record and the closing
 * "tabari: N passed, M failed"; exits 1 when fewer than --floor records pass.
 * Uses only the public API. */
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXEV 64

typedef struct expect {
    int kind; /* 0 events, 1 none, 2 discard, 3 complex, 4 option-only */
    char ev[MAXEV][3][64];
    int nev;
    char options[8][256];
    int nopt;
} expect;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        s[--n] = 0;
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    memmove(s, s + i, strlen(s + i) + 1);
}

static void parse_expect(const char *comment, expect *e)
{
    memset(e, 0, sizeof *e);
    int have_events = 0, have_status = 0, have_disabled = 0;
    const char *p = comment;
    while (p && (p = strchr(p, '{'))) {
        /* ignore "-{...}" (disabled expectations) */
        const char *q = p - 1;
        while (q >= comment && (*q == ' ' || *q == '\t'))
            q--;
        int disabled = q >= comment && *q == '-';
        const char *end = strchr(p, '}');
        if (!end) /* an OPTION record whose closing brace is missing */
            end = p + strlen(p);
        char body[512];
        size_t n = (size_t)(end - p - 1);
        if (n >= sizeof body)
            n = sizeof body - 1;
        memcpy(body, p + 1, n);
        body[n] = 0;
        trim(body);
        p = *end ? end + 1 : end;
        if (disabled) {
            have_disabled = 1;
            continue;
        }
        if (!strncmp(body, "OPTION:", 7)) {
            if (e->nopt < 8) {
                snprintf(e->options[e->nopt], sizeof e->options[0], "%.250s", body + 7);
                trim(e->options[e->nopt]);
                e->nopt++;
            }
            continue;
        }
        char compact[512];
        size_t k = 0;
        for (size_t i = 0; body[i] && k + 1 < sizeof compact; i++)
            if (body[i] != ' ')
                compact[k++] = body[i];
        compact[k] = 0;
        if (!strcmp(compact, "---")) {
            e->kind = 1;
            have_status = 1;
            continue;
        }
        if (!strcmp(compact, "###")) {
            e->kind = 2;
            have_status = 1;
            continue;
        }
        if (!strcmp(compact, "+++")) {
            e->kind = 3;
            have_status = 1;
            continue;
        }
        char *a = strtok(body, "/");
        char *b = a ? strtok(NULL, "/") : NULL;
        char *c = b ? strtok(NULL, "/") : NULL;
        if (!a || !b || !c || e->nev >= MAXEV)
            continue;
        trim(a);
        trim(b);
        trim(c);
        snprintf(e->ev[e->nev][0], 64, "%s", a);
        snprintf(e->ev[e->nev][1], 64, "%s", b);
        snprintf(e->ev[e->nev][2], 64, "%s", c);
        e->nev++;
        have_events = 1;
    }
    if (have_events)
        e->kind = 0;
    else if (!have_status && have_disabled)
        e->kind = 5; /* its author disabled the only expectation: not checked */
    else if (!have_status)
        e->kind = e->nopt ? 4 : 1;
}

int main(int argc, char **argv)
{
    int verbose = 0;
    long floor = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            verbose = 1;
        else if (!strcmp(argv[i], "--floor") && i + 1 < argc)
            floor = atol(argv[++i]);
        else
            dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: tabari_validate [-v] [--floor N] DIR_WITH_Validate.project\n");
        return 2;
    }
    char path[4096];
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_dict *d = annals_dict_new(NULL, &err);
    snprintf(path, sizeof path, "%s/Validate.project", dir);
    if (!d || annals_dict_load(d, path, &err)) {
        char m[1200];
        annals_error_format(&err, m, sizeof m);
        fprintf(stderr, "tabari_validate: %s\n", m);
        return 2;
    }
    annals_reader_options ro;
    memset(&ro, 0, sizeof ro);
    ro.format = ANNALS_INPUT_TABARI;
    snprintf(path, sizeof path, "%s/Validate.text", dir);
    annals_reader *r = annals_reader_open(path, &ro, &err);
    if (!r) {
        char m[1200];
        annals_error_format(&err, m, sizeof m);
        fprintf(stderr, "tabari_validate: %s\n", m);
        return 2;
    }
    annals_coder_options co;
    memset(&co, 0, sizeof co);
    co.no_split = 1;
    annals_coder *c = annals_coder_new(d, &co, &err);
    annals_story s;
    int passed = 0, failed = 0, unchecked = 0;
    expect *e = malloc(sizeof *e);
    while (annals_reader_next(r, &s, &err) == 1) {
        const char *comment = s.comment ? s.comment : "";
        if (strstr(s.text, "This is the end of the standard validation records"))
            break;
        parse_expect(comment, e);
        for (int i = 0; i < e->nopt; i++)
            if (annals_dict_set_option(d, e->options[i], &err))
                fprintf(stderr, "%s: option '%s' not understood\n", s.id, e->options[i]);
        if (e->kind == 4)
            continue; /* an option record */
        if (e->kind == 5) {
            unchecked++;
            if (verbose)
                printf("UNCHECKED %s: expectation disabled in the suite (-{...})\n", s.id);
            continue;
        }
        if (annals_coder_code(c, &s, &err)) {
            failed++;
            printf("FAIL %s: coder error %s\n", s.id, err.message);
            continue;
        }
        size_t n = annals_coder_event_count(c);
        annals_sentence_status st = annals_coder_sentence_count(c)
                                        ? annals_coder_sentence_status(c, 0)
                                        : ANNALS_SENT_NULL;
        int ok;
        if (e->kind == 2)
            ok = st == ANNALS_SENT_DISCARDED;
        else if (e->kind == 3)
            ok = st == ANNALS_SENT_COMPLEX;
        else if (e->kind == 1)
            ok = n == 0 && st != ANNALS_SENT_DISCARDED;
        else {
            ok = (int)n == e->nev;
            int used[MAXEV] = {0};
            for (size_t k = 0; ok && k < n; k++) {
                const annals_event *ev = annals_coder_event(c, k);
                int hit = 0;
                for (int j = 0; j < e->nev && !hit; j++) {
                    if (used[j])
                        continue;
                    if (!strcmp(ev->source, e->ev[j][0]) && !strcmp(ev->target, e->ev[j][1]) &&
                        !strcmp(ev->code, e->ev[j][2])) {
                        used[j] = 1;
                        hit = 1;
                    }
                }
                ok = hit;
            }
        }
        if (ok) {
            passed++;
            continue;
        }
        failed++;
        printf("FAIL %s: expected", s.id);
        if (e->kind == 1) printf(" {---}");
        else if (e->kind == 2) printf(" {###}");
        else if (e->kind == 3) printf(" {+++}");
        for (int j = 0; j < e->nev; j++)
            printf(" {%s %s %s}", e->ev[j][0], e->ev[j][1], e->ev[j][2]);
        printf(" got");
        if (st == ANNALS_SENT_DISCARDED) printf(" {###}");
        if (st == ANNALS_SENT_COMPLEX) printf(" {+++}");
        if (!n && st == ANNALS_SENT_CODED) printf(" {---}");
        for (size_t k = 0; k < n; k++) {
            const annals_event *ev = annals_coder_event(c, k);
            printf(" {%s %s %s}", ev->source, ev->target, ev->code);
        }
        printf("\n");
        if (verbose)
            printf("    %s\n", s.text);
    }
    free(e);
    annals_coder_free(c);
    annals_reader_close(r);
    annals_dict_free(d);
    printf("tabari: %d passed, %d failed (%.1f%%; %d records with disabled expectations not "
           "counted; floor %ld)\n",
           passed, failed, passed + failed ? 100.0 * passed / (passed + failed) : 0.0, unchecked,
           floor);
    return passed >= floor ? 0 : 1;
}
