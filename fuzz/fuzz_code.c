/* libFuzzer target for the coder: arbitrary text coded with a small fixed
 * dictionary (written for this target), events written as JSON Lines or TSV.
 * Byte 0 chooses the options:
 *   bit 0  no_split            bit 1  no_dates
 *   bits 2-3 date mode (auto, news, narrative, news)
 *   bit 4  a story date        bit 5  tiny limits (6 tokens, 1 event)
 *   bit 6  is_sentence         bit 7  TSV output (else JSON Lines)
 * The rest is cut at each 0x1E byte into stories coded one after another by
 * the same coder (state must not leak between stories).  Checks: every
 * event's fields are set and its spans lie inside its story; sentence
 * indexes are in range; each JSON Lines record parses as one JSON object
 * (when the input is valid UTF-8) and the output has exactly one line per
 * event. */
#include "annals.h"
#include "util/util.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char actors[] =
    "SOVIET_UNION_\n+USSR_\n+MOSCOW_\n\t[SUN 19221230-19911226]\n\t[RUS]\n"
    "CHINA_\n+BEIJING_\n+CHINESE_\n\t[CHN]\n"
    "INDIA_ [IND]\n"
    "NEW_DELHI_ [INDGOV]\n"
    "EAST_AND_WEST_GERMANY_ [DDR/DEU]\n"
    "NIKITA_KHRUSHCHEV_\n+KHRUSHCHEV_\n\t[SUNGOV 19530305-19641014]\n\t[---]\n"
    "UNITED_NATIONS_ [IGOUNO]\n"
    "FOOTBALL_ [###]\n";
static const char agents[] = "TROOPS_ [~MIL]\nFOREIGN_MINISTER_ [~GOVFRM]\nREBELS_ {REBEL_} [~REB]\n";
static const char verbs[] =
    "<SYNSETS>\n&TREATY\n+TREATY_\n+ACCORD_\n</SYNSETS>\n"
    "ACCUSE_ [112]\n"
    "ATTACK_ [190]\n"
    "MEET_ [036:036]\n{MET_}\n"
    "SIGN_ [---]\n{SIGNED_ SIGNING_}\n- * &TREATY [057]\n- * CEASE_FIRE_ WITH + [0871]\n"
    "CLASH_ [190]\n- % * [190:190]\n"
    "SUPPLY_ [070]\n- + WAS * WITH_ WEAPONS_ BY $ [0722]\n"
    "SAY_ [010]\n- $ * THAT [023?]\n";

static annals_dict *dict(void)
{
    static annals_dict *d;
    if (d)
        return d;
    annals_error err;
    d = annals_dict_new(NULL, &err);
    if (!d ||
        annals_dict_load_memory(d, "f.actors", actors, sizeof actors - 1, ANNALS_DICT_ACTORS,
                                ANNALS_SYNTAX_TABARI, &err) ||
        annals_dict_load_memory(d, "f.agents", agents, sizeof agents - 1, ANNALS_DICT_AGENTS,
                                ANNALS_SYNTAX_TABARI, &err) ||
        annals_dict_load_memory(d, "f.verbs", verbs, sizeof verbs - 1, ANNALS_DICT_VERBS,
                                ANNALS_SYNTAX_TABARI, &err)) {
        fprintf(stderr, "fuzz_code: dictionary: %s\n", err.message);
        abort();
    }
    return d;
}

static void diag(void *user, const annals_error *e)
{
    (void)user;
    if (!e->message[0])
        abort();
}

static void code_one(annals_coder *c, annals_writer *w, const char *text, size_t len,
                     unsigned opt, size_t *nevents)
{
    char *copy = malloc(len + 1);
    if (!copy)
        abort();
    memcpy(copy, text, len);
    copy[len] = 0;
    annals_story s;
    memset(&s, 0, sizeof s);
    s.id = "fz-1";
    s.date = (opt & 16) ? "1962-10-20" : NULL;
    s.text = copy;
    s.text_len = len;
    s.source_file = "fuzz";
    s.line = 1;
    s.is_sentence = (opt >> 6) & 1;
    annals_error err;
    annals_status st = annals_coder_code(c, &s, &err);
    if (st != ANNALS_OK) {
        if (!err.message[0] || st != ANNALS_ERR_LIMIT)
            abort(); /* only a documented limit may stop a story */
        free(copy);
        return;
    }
    size_t ns = annals_coder_sentence_count(c), n = annals_coder_event_count(c);
    size_t prev = 0;
    for (size_t i = 0; i < ns; i++) {
        size_t a, b;
        annals_coder_sentence_span(c, i, &a, &b);
        if (a < prev || a > b || b > len)
            abort();
        prev = b;
        if ((unsigned)annals_coder_sentence_status(c, i) > ANNALS_SENT_NULL)
            abort();
    }
    for (size_t i = 0; i < n; i++) {
        const annals_event *ev = annals_coder_event(c, i);
        if (!ev || !ev->source || !ev->target || !ev->code || !ev->story_id)
            abort();
        if (ev->sentence < 1 || ev->sentence > ns || ev->sentence_end > len ||
            ev->sentence_start > ev->sentence_end)
            abort();
        if ((opt & 2) && ev->date && s.date && strcmp(ev->date, s.date) != 0)
            abort(); /* no_dates: the story date only */
        if (annals_writer_event(w, ev, &err) != ANNALS_OK)
            abort();
    }
    *nevents += n;
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    annals_coder_options co;
    memset(&co, 0, sizeof co);
    co.no_split = opt & 1;
    co.no_dates = (opt >> 1) & 1;
    co.dates = (annals_date_mode)((opt >> 2) & 3);
    if (co.dates > ANNALS_DATES_NARRATIVE)
        co.dates = ANNALS_DATES_NEWS;
    co.diag = diag;
    if (opt & 32) {
        co.limits.max_sentence_tokens = 6;
        co.limits.max_events_per_sentence = 1;
    }
    annals_error err;
    annals_coder *c = annals_coder_new(dict(), &co, &err);
    if (!c)
        abort();
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    if (!f)
        abort();
    int tsv = (opt >> 7) & 1;
    annals_writer *w = annals_writer_new(f, tsv ? ANNALS_OUTPUT_TSV : ANNALS_OUTPUT_JSONL, &err);
    if (!w)
        abort();
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    size_t nevents = 0;
    while (p <= end) {
        const char *q = memchr(p, 0x1e, (size_t)(end - p));
        if (!q)
            q = end;
        code_one(c, w, p, (size_t)(q - p), opt, &nevents);
        p = q + 1;
    }
    if (annals_writer_flush(w, &err) != ANNALS_OK)
        abort();
    annals_writer_free(w);
    fclose(f);
    /* invalid UTF-8 given straight to the coder (the readers repair it) may
       reach the output as it is; only then is JSON validity not promised */
    int valid = an_utf8_validate((const char *)data + 1, size - 1) == (size_t)-1;
    size_t lines = 0;
    for (char *l = out; l < out + outlen;) {
        char *nl = memchr(l, '\n', (size_t)(out + outlen - l));
        if (!nl)
            abort(); /* every record ends with a newline */
        if (!tsv && valid) {
            json_error_t je;
            json_t *j = json_loadb(l, (size_t)(nl - l), JSON_ALLOW_NUL, &je);
            if (!j || !json_is_object(j))
                abort();
            json_decref(j);
        }
        lines++;
        l = nl + 1;
    }
    if (lines != nevents)
        abort();
    free(out);
    annals_coder_free(c);
    return 0;
}
