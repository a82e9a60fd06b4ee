/* libFuzzer target for the story readers.
 * Byte 0 chooses the options:
 *   bits 0-2  format (value % 5: auto, jsonl, tabari, text, petrarch-xml)
 *   bit  3    a default date
 *   bit  4    a tiny max_story_bytes (64) to exercise the over-limit paths
 *   bits 5-6  the input name (its extension matters for auto)
 * The rest is the input.  Every story must satisfy the API's promises:
 * NUL-terminated valid UTF-8 text of text_len bytes, an id, a date that is
 * NULL or YYYY-MM-DD, meta_json NULL or a JSON object. */
#include "annals.h"
#include "util/util.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void diag(void *user, const annals_error *e)
{
    char buf[1400];
    annals_error_format(e, buf, sizeof buf);
    if (!e->is_warning || !e->file[0])
        abort(); /* warnings always name the input */
    (*(unsigned long *)user)++;
}

static void check_str(const char *s, size_t n)
{
    if (!s || strlen(s) != n || an_utf8_validate(s, n) != (size_t)-1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"fuzz.jsonl", "fuzz.text", "fuzz.xml", "fuzz.dat"};
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    unsigned long warnings = 0;
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = (annals_input_format)((opt & 7) % 5);
    o.default_date = (opt & 8) ? "2001-02-03" : NULL;
    o.limits.max_story_bytes = (opt & 16) ? 64 : 0;
    o.diag = diag;
    o.diag_user = &warnings;
    annals_error err;
    /* a copy of exactly the input bytes, so ASan sees any overread */
    char *copy = malloc(size - 1 ? size - 1 : 1);
    if (!copy)
        return 0;
    memcpy(copy, data + 1, size - 1);
    annals_reader *r = annals_reader_open_memory(names[(opt >> 5) & 3], copy, size - 1, &o, &err);
    if (!r)
        abort(); /* only allocation failure may stop opening memory */
    annals_story s;
    int rc;
    unsigned long n = 0;
    while ((rc = annals_reader_next(r, &s, &err)) == 1) {
        check_str(s.text, s.text_len);
        check_str(s.id, strlen(s.id));
        if (s.date && (strlen(s.date) != 10 || s.date[4] != '-' || s.date[7] != '-'))
            abort();
        if (s.comment)
            check_str(s.comment, strlen(s.comment));
        if (s.parse)
            check_str(s.parse, strlen(s.parse));
        if (s.meta_json) {
            json_t *j = json_loads(s.meta_json, JSON_ALLOW_NUL, NULL);
            if (!j || !json_is_object(j))
                abort();
            json_decref(j);
        }
        if (!s.source_file || s.line == 0)
            abort();
        n++;
    }
    if (rc < 0 && !err.message[0])
        abort();
    if (rc == 0 && n == 0 && warnings == 0)
        abort(); /* "no stories" is never silent */
    annals_reader_close(r);
    free(copy);
    return 0;
}
