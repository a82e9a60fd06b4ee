/* libFuzzer target for every dictionary reader (annals_dict_load_memory).
 * Byte 0 chooses the options:
 *   bits 0-3  kind and syntax (value % 14, table below): TABARI actors,
 *             agents, verbs, options, project; PETRARCH verbs, actors,
 *             agents, discards, issues, config; actors/verbs/auto with the
 *             syntax sniffed from the content and the kind from the name
 *   bit  4    lenient
 *   bit  5    load in two chunks (split at a line boundary near byte 1's
 *             share of the input): the second load adds to the first, as
 *             repeated --dict options do
 *   bit  6    a tiny max_dict_entries
 * Byte 1 is the split position (ignored unless bit 5).  The rest is the
 * dictionary text; for the TABARI options kind each line is also given to
 * annals_dict_set_option() (TABARI commands, PETRARCH "name = value").  Checks: a failure has a status in range and a message,
 * a parse error names the input; after a successful load the
 * counts are sane, actor lookups and coding a few fixed sentences work. */
#include "annals.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    annals_dict_kind kind;
    annals_dict_syntax syntax;
    const char *name;
} kinds[14] = {
    {ANNALS_DICT_ACTORS, ANNALS_SYNTAX_TABARI, "/nonexistent-fuzz/f.actors"},
    {ANNALS_DICT_AGENTS, ANNALS_SYNTAX_TABARI, "/nonexistent-fuzz/f.agents"},
    {ANNALS_DICT_VERBS, ANNALS_SYNTAX_TABARI, "/nonexistent-fuzz/f.verbs"},
    {ANNALS_DICT_OPTIONS, ANNALS_SYNTAX_TABARI, "/nonexistent-fuzz/f.options"},
    {ANNALS_DICT_PROJECT, ANNALS_SYNTAX_TABARI, "/nonexistent-fuzz/f.project"},
    {ANNALS_DICT_VERBS, ANNALS_SYNTAX_PETRARCH, "/nonexistent-fuzz/CAMEO.verbs"},
    {ANNALS_DICT_ACTORS, ANNALS_SYNTAX_PETRARCH, "/nonexistent-fuzz/Phoenix.actors"},
    {ANNALS_DICT_AGENTS, ANNALS_SYNTAX_PETRARCH, "/nonexistent-fuzz/Phoenix.agents"},
    {ANNALS_DICT_DISCARDS, ANNALS_SYNTAX_PETRARCH, "/nonexistent-fuzz/f.discards"},
    {ANNALS_DICT_ISSUES, ANNALS_SYNTAX_PETRARCH, "/nonexistent-fuzz/f.issues"},
    {ANNALS_DICT_PETRARCH_CONFIG, ANNALS_SYNTAX_PETRARCH, "/nonexistent-fuzz/PETR_config.ini"},
    {ANNALS_DICT_ACTORS, ANNALS_SYNTAX_AUTO, "/nonexistent-fuzz/g.actors"},
    {ANNALS_DICT_VERBS, ANNALS_SYNTAX_AUTO, "/nonexistent-fuzz/g.verbs"},
    {ANNALS_DICT_AUTO, ANNALS_SYNTAX_AUTO, "/nonexistent-fuzz/h.agents"},
};

static const char *const sentences[] = {
    "The Soviet Union accused China of aggression.",
    "Chinese troops attacked India near the border on 3 May 1962.",
    "Officials of the USSR met Beijing envoys, and India said nothing.",
};

static void diag(void *user, const annals_error *e)
{
    (void)user;
    if (!e->message[0])
        abort(); /* a diagnostic always says something */
}

static void check_err(annals_status st, const annals_error *err)
{
    if (st > ANNALS_ERR_UNSUPPORTED || !err->message[0])
        abort();
    if (st == ANNALS_ERR_PARSE && !err->file[0])
        abort(); /* parse errors name the input (and the line, unless the
                    problem is the whole file: a project naming no files) */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned opt = data[0];
    unsigned k = (opt & 15) % 14;
    annals_dict_options o;
    memset(&o, 0, sizeof o);
    o.lenient = (opt >> 4) & 1;
    o.diag = diag;
    if (opt & 64)
        o.limits.max_dict_entries = 4;
    annals_error err;
    annals_dict *d = annals_dict_new(&o, &err);
    if (!d)
        abort();
    size_t len = size - 2;
    char *text = malloc(len ? len : 1); /* exactly the input: ASan sees overreads */
    if (!text)
        abort();
    memcpy(text, data + 2, len);
    size_t cut = len;
    if (opt & 32) {
        cut = len * data[1] / 255;
        while (cut < len && text[cut] != '\n')
            cut++;
        if (cut < len)
            cut++;
    }
    memset(&err, 0, sizeof err);
    annals_status st = annals_dict_load_memory(d, kinds[k].name, text, cut, kinds[k].kind,
                                               kinds[k].syntax, &err);
    if (st == ANNALS_OK && cut < len) {
        memset(&err, 0, sizeof err);
        st = annals_dict_load_memory(d, kinds[k].name, text + cut, len - cut, kinds[k].kind,
                                     kinds[k].syntax, &err);
    }
    if (kinds[k].kind == ANNALS_DICT_OPTIONS) {
        /* each line also as one annals_dict_set_option() call: TABARI
           commands and PETRARCH "name = value" settings */
        size_t pos = 0;
        for (int n = 0; n < 64 && pos < len; n++) {
            const char *nl = memchr(text + pos, '\n', len - pos);
            size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
            char line[256];
            size_t cl = ll < sizeof line - 1 ? ll : sizeof line - 1;
            memcpy(line, text + pos, cl);
            line[cl] = 0;
            annals_error e2;
            memset(&e2, 0, sizeof e2);
            annals_status s2 = annals_dict_set_option(d, line, &e2);
            if (s2 != ANNALS_OK && (s2 > ANNALS_ERR_UNSUPPORTED || !e2.message[0]))
                abort();
            pos += ll + 1;
        }
    }
    if (st != ANNALS_OK) {
        check_err(st, &err);
    } else {
        char code[64];
        static const char *const phrases[] = {"Soviet Union", "China", "", "Chinese troops"};
        for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
            memset(code, 0x7f, sizeof code);
            if (annals_dict_lookup_actor(d, phrases[i], (i & 1) ? "1962-05-03" : NULL, code,
                                         sizeof code) &&
                !memchr(code, 0, sizeof code))
                abort();
        }
        annals_coder_options co;
        memset(&co, 0, sizeof co);
        co.diag = diag;
        annals_coder *c = annals_coder_new(d, &co, &err);
        if (!c) {
            check_err(ANNALS_ERR_ARG, &err);
        } else {
            for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++) {
                annals_story s;
                memset(&s, 0, sizeof s);
                s.id = "f";
                s.date = "1962-05-01";
                s.text = sentences[i];
                s.text_len = strlen(sentences[i]);
                s.source_file = "fuzz";
                s.line = 1;
                st = annals_coder_code(c, &s, &err);
                if (st != ANNALS_OK) {
                    check_err(st, &err);
                    continue;
                }
                for (size_t e = 0; e < annals_coder_event_count(c); e++) {
                    const annals_event *ev = annals_coder_event(c, e);
                    if (!ev || !ev->code || !ev->source || !ev->target ||
                        ev->sentence_end > s.text_len || ev->sentence_start > ev->sentence_end)
                        abort();
                }
            }
            annals_coder_free(c);
        }
    }
    annals_dict_free(d);
    free(text);
    return 0;
}
