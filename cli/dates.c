/* annals dates: tag and normalise temporal expressions, writing the text
 * back byte for byte with inline TimeML TIMEX3 tags. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void dates_usage(FILE *f)
{
    fprintf(f,
            "Usage: annals dates [OPTIONS] [FILE]\n"
            "Finds the temporal expressions of a text and writes the same text, byte for\n"
            "byte, with inline <TIMEX3 tid=.. type=.. value=..> tags around them.\n"
            "FILE '-' or no FILE reads standard input.  A TimeML file (one with <TimeML>\n"
            "or <DCT>) has its tags dropped, only its <TEXT> part (when it has one) is\n"
            "tagged, and its document creation time serves as --dct.\n\n"
            "Options:\n"
            "      --dct YYYY-MM-DD     the story date (document creation time)\n"
            "      --dates MODE         news | narrative | auto (default auto): what\n"
            "                           relative expressions (\"the following year\",\n"
            "                           \"last Tuesday\") are resolved against\n"
            "  -l, --list               print one expression a line instead:\n"
            "                           START<TAB>END<TAB>TYPE<TAB>VALUE<TAB>PRECISION<TAB>TEXT\n"
            "  -h, --help               this help\n\n"
            "Exit status: 0 success; 1 runtime failure; 2 bad usage or unreadable input.\n");
}

static int read_all(const char *path, char **out, size_t *len)
{
    FILE *f = (!path || !strcmp(path, "-")) ? stdin : fopen(path, "rb");
    if (!f) {
        cli_msg("%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    if (!p) {
        cli_msg("out of memory");
        if (f != stdin)
            fclose(f);
        return -1;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > ((size_t)1 << 30)) {
                cli_msg("%s: input too large", path ? path : "-");
                free(p);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
            char *np = realloc(p, cap * 2);
            if (!np) {
                cli_msg("out of memory");
                free(p);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
            p = np;
            cap *= 2;
        }
        size_t r = fread(p + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        cli_msg("%s: read error", path ? path : "-");
        free(p);
        return -1;
    }
    p[n] = 0;
    *out = p;
    *len = n;
    return 0;
}

static const char *find_mem(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k > n)
        return NULL;
    for (size_t i = 0; i + k <= n; i++)
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, k))
            return hay + i;
    return NULL;
}

/* From a TimeML document: the DCT value (into dct) and the text of its
 * <TEXT> element (or the whole document) without tags, into a new buffer. */
static char *timeml_text(const char *doc, size_t n, char *dct, size_t dctsize, size_t *outlen)
{
    const char *d = find_mem(doc, n, "<DCT>");
    if (d) {
        const char *v = find_mem(d, n - (size_t)(d - doc), "value=\"");
        const char *end = find_mem(d, n - (size_t)(d - doc), "</DCT>");
        if (v && (!end || v < end)) {
            v += 7;
            size_t k = 0;
            while (v[k] && v[k] != '"' && k + 1 < dctsize && k < 10) {
                dct[k] = v[k];
                k++;
            }
            dct[k] = 0;
        }
    }
    const char *s = doc, *e = doc + n;
    const char *t = find_mem(doc, n, "<TEXT>");
    if (t) {
        s = t + 6;
        const char *te = find_mem(s, n - (size_t)(s - doc), "</TEXT>");
        if (te)
            e = te;
    }
    char *out = malloc((size_t)(e - s) + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (const char *p = s; p < e; p++) {
        if (*p == '<') {
            const char *q = memchr(p, '>', (size_t)(e - p));
            if (q) {
                p = q;
                continue;
            }
        }
        out[k++] = *p;
    }
    out[k] = 0;
    *outlen = k;
    return out;
}

int cmd_dates(int argc, char **argv)
{
    const char *dct = NULL, *file = NULL;
    annals_date_mode mode = ANNALS_DATES_AUTO;
    int list = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            dates_usage(stdout);
            return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
        } else if (!strcmp(a, "-l") || !strcmp(a, "--list")) {
            list = 1;
        } else if (!strncmp(a, "--dct", 5) || !strncmp(a, "--dates", 7)) {
            int is_dct = !strncmp(a, "--dct", 5) && (a[5] == 0 || a[5] == '=');
            size_t nl = is_dct ? 5 : 7;
            if (!is_dct && !(a[7] == 0 || a[7] == '=')) {
                cli_msg("unknown option '%s' (try 'annals dates --help')", a);
                return EXIT_USAGE;
            }
            if (a[nl] == '=')
                val = a + nl + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                cli_msg("option '%s' needs a value", a);
                return EXIT_USAGE;
            }
            if (is_dct) {
                dct = val;
            } else if (annals_date_mode_parse(val, &mode) != 0) {
                cli_msg("unknown --dates mode '%s' (news, narrative or auto)", val);
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != 0) {
            cli_msg("unknown option '%s' (try 'annals dates --help')", a);
            return EXIT_USAGE;
        } else if (file) {
            cli_msg("only one FILE is accepted");
            return EXIT_USAGE;
        } else {
            file = a;
        }
    }
    char *doc;
    size_t n;
    if (read_all(file, &doc, &n) != 0)
        return EXIT_USAGE;
    const char *text = doc;
    size_t len = n;
    char *stripped = NULL;
    char tdct[16] = "";
    if (find_mem(doc, n < 4096 ? n : 4096, "<TimeML") || find_mem(doc, n, "<DCT>")) {
        stripped = timeml_text(doc, n, tdct, sizeof tdct, &len);
        if (!stripped) {
            cli_msg("out of memory");
            free(doc);
            return EXIT_FAIL;
        }
        text = stripped;
        if (!dct && tdct[0])
            dct = tdct;
    }
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_tagger *t = annals_tagger_new(&err);
    if (!t) {
        cli_error(&err);
        free(stripped);
        free(doc);
        return EXIT_FAIL;
    }
    const annals_timex *xs;
    size_t nx;
    annals_status st = annals_tagger_tag(t, text, len, dct, mode, &xs, &nx, &err);
    if (st != ANNALS_OK) {
        cli_error(&err);
        annals_tagger_free(t);
        free(stripped);
        free(doc);
        return st == ANNALS_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
    }
    if (list) {
        for (size_t i = 0; i < nx; i++)
            printf("%zu\t%zu\t%s\t%s\t%s\t%.*s\n", xs[i].start, xs[i].end, annals_timex_type_name(xs[i].type),
                   xs[i].value, annals_date_precision_name(xs[i].precision), (int)(xs[i].end - xs[i].start),
                   text + xs[i].start);
    } else {
        size_t pos = 0;
        for (size_t i = 0; i < nx; i++) {
            fwrite(text + pos, 1, xs[i].start - pos, stdout);
            printf("<TIMEX3 tid=\"t%zu\" type=\"%s\" value=\"%s\">", i + 1, annals_timex_type_name(xs[i].type),
                   xs[i].value);
            fwrite(text + xs[i].start, 1, xs[i].end - xs[i].start, stdout);
            fputs("</TIMEX3>", stdout);
            pos = xs[i].end;
        }
        fwrite(text + pos, 1, len - pos, stdout);
    }
    annals_tagger_free(t);
    free(stripped);
    free(doc);
    return cli_close_stdout() ? EXIT_FAIL : EXIT_OK;
}
