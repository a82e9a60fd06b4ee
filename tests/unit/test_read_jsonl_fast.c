/* JSON Lines fast path (src/read/jsonscan.c): the scanner's own results, and
 * the reader's output with the scanner compared with the reader's output
 * with jansson alone, on tricky lines and on many random mutations of them. */
#include "test.h"
#include "annals.h"
#include "read/jsonscan.h"
#include "util/util.h"

#include <stdlib.h>

/* defined in test_read.c */
typedef struct rt_diag {
    int n;
    char all[16384];
} rt_diag;
void rt_diag_fn(void *user, const annals_error *e);
char *rt_read_all(const char *name, const char *data, size_t len, annals_input_format fmt,
                  size_t limit, rt_diag *d, int *last_rc, unsigned long *skipped);

typedef struct jf_case {
    const char *line;
    int status; /* expected an_jscan_object result */
} jf_case;

/* Every line is one record; the texts are our own. */
static const jf_case jf_cases[] = {
    /* the common shape and its variations */
    {"{\"id\":\"a-1\",\"date\":\"2003-03-20\",\"text\":\"Troops crossed the border.\"}", AN_JSCAN_OK},
    {" \t{ \"text\" : \"Talks resumed in the capital.\" ,\r\"id\" : 42 }  ", AN_JSCAN_OK},
    {"{\"text\":\"Quote: \\\"yes\\\" \\\\ back\\/slash \\n new\\tline \\b\\f\\r "
     "\\u00e9t\\u00C9 \\ud83d\\ude00 \\u20AC\",\"id\":\"\\u0041\\u0062\"}",
     AN_JSCAN_OK},
    {"{\"text\":\"a\\u0000b\",\"id\":\"x\\u0000y\"}", AN_JSCAN_OK},
    {"{\"text\":\"NUL date\",\"date\":\"2020-01-01\\u0000\"}", AN_JSCAN_OK},
    {"{\"text\":\"escaped date\",\"date\":\"2020\\u002d02\\u002D29\"}", AN_JSCAN_OK},
    {"{\"text\":\"nested\",\"src\":{\"name\":\"wire\", \"tags\":[\"a\", \"b\", {\"k\" : null}]},"
     "\"n\":-17,\"ok\":true,\"z\":false,\"e\":{ },\"a\":[ ],\"s\":\"tab\\there \\\"q\\\" \\\\\"}",
     AN_JSCAN_OK},
    {"{\"id\":123456789012345678,\"text\":\"eighteen digits\"}", AN_JSCAN_OK},
    {"{\"id\":-5,\"date\":19991231,\"text\":\"integer date\"}", AN_JSCAN_OK},
    {"{\"date\":19990231,\"text\":\"bad integer date\"}", AN_JSCAN_OK},
    {"{\"date\":0,\"text\":\"zero date\"}", AN_JSCAN_OK},
    {"{\"date\":\"2004-05-06T07:08:09Z\",\"text\":\"timestamp\"}", AN_JSCAN_OK},
    {"{\"date\":\"2004-05-06 07:08\",\"text\":\"timestamp with a space\"}", AN_JSCAN_OK},
    {"{\"date\":\"yesterday\",\"text\":\"word date\"}", AN_JSCAN_OK},
    {"{\"date\":\"\",\"text\":\"empty date\"}", AN_JSCAN_OK},
    {"{\"id\":true,\"text\":\"boolean id\"}", AN_JSCAN_OK},
    {"{\"id\":null,\"date\":null,\"text\":\"nulls\"}", AN_JSCAN_OK},
    {"{\"id\":{\"a\":[1,2]},\"text\":\"object id\"}", AN_JSCAN_OK},
    {"{\"id\":\"\",\"text\":\"\"}", AN_JSCAN_OK},
    {"{\"id\":\"q\"}", AN_JSCAN_OK},
    {"{\"text\":null}", AN_JSCAN_OK},
    {"{\"text\":17}", AN_JSCAN_OK},
    {"{\"text\":[\"a\"]}", AN_JSCAN_OK},
    {"{}", AN_JSCAN_OK},
    {"{\"date\":{\"y\":1},\"text\":\"object date\"}", AN_JSCAN_OK},
    {"{\"date\":false,\"text\":\"boolean date\"}", AN_JSCAN_OK},
    {"{\"k\":1,\"text\":\"other keys first\",\"j\":\"x\"}", AN_JSCAN_OK},
    {"{\"\":1,\"text\":\"empty key\"}", AN_JSCAN_OK},
    {"{\"text\":\"raw DEL \x7f and U+2028 \xE2\x80\xA8 and caf\xC3\xA9\",\"m\":\"\x7f\xE2\x80\xA8\"}",
     AN_JSCAN_OK},
    {"{\"text\":\"deep but fine\",\"d\":[[[[[[[[[[{\"x\":[[[]]]}]]]]]]]]]]}", AN_JSCAN_OK},
    {"{\"text\":\"dup keys in a dropped value\",\"id\":{\"a\":1,\"a\":2}}", AN_JSCAN_OK},
    {"{\"text\":\"same key at two levels\",\"o\":{\"o\":{\"o\":1}},\"p\":{\"o\":2}}", AN_JSCAN_OK},
    /* left to jansson */
    {"{\"text\":\"one\",\"text\":\"two\"}", AN_JSCAN_FALLBACK},
    {"{\"id\":\"a\",\"text\":\"t\",\"id\":\"b\"}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"k\":1,\"k\":2}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"o\":{\"a\":1,\"b\":2,\"a\":3}}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"score\":0.5}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"big\":1e400}", AN_JSCAN_FALLBACK},
    {"{\"id\":1.0,\"text\":\"t\"}", AN_JSCAN_FALLBACK},
    {"{\"id\":1234567890123456789,\"text\":\"nineteen digits\"}", AN_JSCAN_FALLBACK},
    {"{\"id\":99999999999999999999,\"text\":\"overflow\"}", AN_JSCAN_FALLBACK},
    {"{\"id\":-0,\"text\":\"minus zero\"}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"m\":\"\\u00e9\"}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"m\":\"a\\/b\"}", AN_JSCAN_FALLBACK},
    {"{\"te\\u0078t\":\"hidden key\"}", AN_JSCAN_FALLBACK},
    {"{\"a\\\"b\":1,\"text\":\"escaped key\"}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"o\":{\"\\u0000\":1}}", AN_JSCAN_FALLBACK},
    {"[\"text\"]", AN_JSCAN_FALLBACK},
    {"\"text\"", AN_JSCAN_FALLBACK},
    {"42", AN_JSCAN_FALLBACK},
    {"\xEF\xBB\xBF{\"text\":\"a byte-order mark inside the file\"}", AN_JSCAN_FALLBACK},
    {"{\"text\":\"t\",\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1,\"i\":1,"
     "\"j\":1,\"k\":1,\"l\":1,\"m\":1,\"n\":1,\"o\":1,\"p\":1,\"q\":1}",
     AN_JSCAN_FALLBACK},
    /* invalid */
    {"{\"text\":\"bad \\x escape\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"raw\ttab\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"\\ud800\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"\\udc00x\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"\\ud800\\u0041\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"\\u12G4\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"abc", AN_JSCAN_INVALID},
    {"{\"text\":\"abc\"", AN_JSCAN_INVALID},
    {"{\"text\":\"abc\\", AN_JSCAN_INVALID},
    {"{\"text\":\"a\"} x", AN_JSCAN_INVALID},
    {"{\"text\":\"a\"}}", AN_JSCAN_INVALID},
    {"{\"text\":\"a\",}", AN_JSCAN_INVALID},
    {"{\"text\" \"a\"}", AN_JSCAN_INVALID},
    {"{\"text\":tru}", AN_JSCAN_INVALID},
    {"{\"text\":\"a\",\"b\":nulls}", AN_JSCAN_INVALID},
    {"{\"id\":012,\"text\":\"t\"}", AN_JSCAN_INVALID},
    {"{\"id\":+1,\"text\":\"t\"}", AN_JSCAN_INVALID},
    {"{\"id\":-,\"text\":\"t\"}", AN_JSCAN_INVALID},
    {"{\"text\":\"t\",\"a\":[1,]}", AN_JSCAN_INVALID},
    {"{\"text\":\"t\",\"a\":[1 2]}", AN_JSCAN_INVALID},
    {"{\"text\":\"t\",\"a\":{1:2}}", AN_JSCAN_INVALID},
    {"{\f\"text\":\"form feed is no JSON space\"}", AN_JSCAN_INVALID},
    {"{text:\"unquoted\"}", AN_JSCAN_INVALID},
    {"{\"text\":'single'}", AN_JSCAN_INVALID},
};
#define JF_N (sizeof jf_cases / sizeof jf_cases[0])

typedef struct jf_bufs {
    an_buf id, date, text, meta;
    an_jscan js;
} jf_bufs;

static void jf_init(jf_bufs *b)
{
    memset(b, 0, sizeof *b);
    an_buf_init(&b->id);
    an_buf_init(&b->date);
    an_buf_init(&b->text);
    an_buf_init(&b->meta);
    b->js.id = &b->id;
    b->js.date = &b->date;
    b->js.text = &b->text;
    b->js.meta = &b->meta;
}

static void jf_free(jf_bufs *b)
{
    an_buf_free(&b->id);
    an_buf_free(&b->date);
    an_buf_free(&b->text);
    an_buf_free(&b->meta);
}

static int jf_scan(jf_bufs *b, const char *line)
{
    return an_jscan_object(&b->js, line, strlen(line));
}

/* The reader's whole result: stories, warnings, skipped count, status. */
static char *jf_read(const char *data, size_t len, int fast)
{
    rt_diag d;
    memset(&d, 0, sizeof d);
    int rc;
    unsigned long sk = 0;
    an_jsonl_set_fast(fast);
    char *out = rt_read_all("in.jsonl", data, len, ANNALS_INPUT_JSONL, 0, &d, &rc, &sk);
    an_jsonl_set_fast(1);
    an_buf b;
    an_buf_init(&b);
    an_buf_printf(&b, "%s--\n%s--\nrc=%d skipped=%lu\n", out, d.all, rc, sk);
    free(out);
    return an_buf_steal(&b);
}

/* 1 when both paths give the same result; reports the input otherwise. */
static int jf_same(const char *data, size_t len)
{
    char *fast = jf_read(data, len, 1);
    char *slow = jf_read(data, len, 0);
    int same = strcmp(fast, slow) == 0;
    if (!same)
        t_fail(__FILE__, __LINE__, "fast and jansson paths differ on <%.*s>:\nfast:\n%sjansson:\n%s",
               (int)len, data, fast, slow);
    an_free(fast);
    an_free(slow);
    return same;
}

TEST(jsonl_fast_scanner_status)
{
    jf_bufs b;
    jf_init(&b);
    for (size_t i = 0; i < JF_N; i++) {
        int got = jf_scan(&b, jf_cases[i].line);
        if (got != jf_cases[i].status)
            t_fail(__FILE__, __LINE__, "scanner gave %d, expected %d, on <%s>", got,
                   jf_cases[i].status, jf_cases[i].line);
    }
    jf_free(&b);
}

TEST(jsonl_fast_decodes_members)
{
    jf_bufs b;
    jf_init(&b);
    CHECK_INT(jf_scan(&b, jf_cases[2].line), AN_JSCAN_OK);
    CHECK_INT(b.js.text_kind, AN_JK_STRING);
    CHECK_STR(b.text.p, "Quote: \"yes\" \\ back/slash \n new\tline \b\f\r "
                        "\xC3\xA9t\xC3\x89 \xF0\x9F\x98\x80 \xE2\x82\xAC");
    CHECK_STR(b.id.p, "Ab");
    CHECK_INT(b.js.have_meta, 0);

    CHECK_INT(jf_scan(&b, jf_cases[3].line), AN_JSCAN_OK);
    CHECK_STR(b.text.p, "a b");
    CHECK_STR(b.id.p, "x y");
    CHECK_INT(b.js.text_nul, 1);
    CHECK_INT(b.js.id_nul, 1);

    /* the date keeps its NUL byte, as jansson does */
    CHECK_INT(jf_scan(&b, jf_cases[4].line), AN_JSCAN_OK);
    CHECK_INT(b.date.len, 11);
    CHECK(memcmp(b.date.p, "2020-01-01\0", 11) == 0);

    /* other members: compact, in order, byte for byte */
    CHECK_INT(jf_scan(&b, jf_cases[6].line), AN_JSCAN_OK);
    CHECK_INT(b.js.have_meta, 1);
    CHECK_STR(b.meta.p, "{\"src\":{\"name\":\"wire\",\"tags\":[\"a\",\"b\",{\"k\":null}]},\"n\":-17,"
                        "\"ok\":true,\"z\":false,\"e\":{},\"a\":[],\"s\":\"tab\\there \\\"q\\\" "
                        "\\\\\"}");

    CHECK_INT(jf_scan(&b, jf_cases[8].line), AN_JSCAN_OK);
    CHECK_INT(b.js.id_kind, AN_JK_INT);
    CHECK_STR(b.id.p, "-5");
    CHECK_INT(b.js.date_kind, AN_JK_INT);
    CHECK_STR(b.date.p, "19991231");

    CHECK_INT(jf_scan(&b, "{\"id\":null,\"date\":{},\"text\":[]}"), AN_JSCAN_OK);
    CHECK_INT(b.js.id_kind, AN_JK_NULL);
    CHECK_INT(b.js.date_kind, AN_JK_OTHER);
    CHECK_INT(b.js.text_kind, AN_JK_OTHER);
    CHECK_INT(jf_scan(&b, "{}"), AN_JSCAN_OK);
    CHECK_INT(b.js.text_kind, AN_JK_NONE);
    jf_free(&b);
}

TEST(jsonl_fast_error_columns)
{
    jf_bufs b;
    jf_init(&b);
    /* the column counts characters: the e-acute is one */
    const char *l = "{\"text\":\"caf\xC3\xA9 \\x\"}";
    CHECK_INT(jf_scan(&b, l), AN_JSCAN_INVALID);
    CHECK_INT(an_jscan_col(l, b.js.err_off), 15);
    CHECK_STR(b.js.err_why, "invalid escape");
    l = "{\"text\":\"a\tb\"}";
    CHECK_INT(jf_scan(&b, l), AN_JSCAN_INVALID);
    CHECK_INT(an_jscan_col(l, b.js.err_off), 11);
    CHECK_STR(b.js.err_why, "control character in a string");
    l = "{\"text\":\"\\ud83d\\u0041\"}";
    CHECK_INT(jf_scan(&b, l), AN_JSCAN_INVALID);
    CHECK_INT(an_jscan_col(l, b.js.err_off), 10);
    l = "{\"text\":\"a\"} ,";
    CHECK_INT(jf_scan(&b, l), AN_JSCAN_INVALID);
    CHECK_INT(an_jscan_col(l, b.js.err_off), 14);
    CHECK_STR(b.js.err_why, "text after the object");
    jf_free(&b);
}

TEST(jsonl_fast_matches_jansson_per_line)
{
    for (size_t i = 0; i < JF_N; i++) {
        const char *l = jf_cases[i].line;
        an_buf in;
        an_buf_init(&in);
        /* with a newline, and as a truncated last line */
        an_buf_printf(&in, "%s\n", l);
        jf_same(in.p, in.len);
        jf_same(l, strlen(l));
        an_buf_free(&in);
    }
}

TEST(jsonl_fast_matches_jansson_whole_file)
{
    an_buf in;
    an_buf_init(&in);
    an_buf_puts(&in, "\xEF\xBB\xBF"); /* a leading byte-order mark is skipped */
    for (size_t i = 0; i < JF_N; i++)
        an_buf_printf(&in, "%s\n", jf_cases[i].line);
    an_buf_puts(&in, "{\"text\":\"bad UTF-8 \xFF here\",\"m\":\"\xC3\"}\r\n\n   \n");
    static const char with_nul[] = "{\"text\":\"raw NUL\0 byte\"}\n";
    an_buf_append(&in, with_nul, sizeof with_nul - 1);
    size_t len = in.len;
    jf_same(in.p, len);
    char *fast = jf_read(in.p, len, 1);
    /* the reader did return stories from this file */
    CHECK(strstr(fast, "1 a-1 2003-03-20 [Troops crossed the border.]\n") != NULL);
    CHECK(strstr(fast, "raw NUL  byte") != NULL);
    CHECK(strstr(fast, "{\"src\":{\"name\":\"wire\"") != NULL);
    an_free(fast);
    an_buf_free(&in);
}

/* deterministic generator for the mutations */
static unsigned long long jf_rng = 0x9E3779B97F4A7C15ull;
static unsigned jf_rand(unsigned n)
{
    jf_rng ^= jf_rng << 13;
    jf_rng ^= jf_rng >> 7;
    jf_rng ^= jf_rng << 17;
    return (unsigned)((jf_rng >> 11) % n);
}

TEST(jsonl_fast_matches_jansson_on_mutations)
{
    static const char *const bits[] = {
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud83d", "\\ude00", "\\u0000", "0", "-",
        "1", ".", "e", "9999999999", " ", "\t", "\r", "\f", "null", "true", "x", "\"id\":",
        "\"text\":", "\"date\":", "\"k\":", "\xC3\xA9", "\xE2\x80\xA8", "\x7f", "\xFF", "\x01",
        "\"2001-02-03\"", "20010203", "{\"a\":[1,{}]}"};
    const size_t nbits = sizeof bits / sizeof bits[0];
    jf_bufs b;
    jf_init(&b);
    unsigned long fast_ok = 0, total = 0, differ = 0;
    an_buf m;
    an_buf_init(&m);
    for (int round = 0; round < 3000; round++) {
        const char *seed = jf_cases[jf_rand((unsigned)JF_N)].line;
        an_buf_clear(&m);
        an_buf_puts(&m, seed);
        int edits = 1 + (int)jf_rand(3);
        for (int k = 0; k < edits && m.len > 0; k++) {
            size_t at = jf_rand((unsigned)m.len);
            const char *ins = bits[jf_rand((unsigned)nbits)];
            an_buf t;
            an_buf_init(&t);
            switch (jf_rand(3)) {
            case 0: /* insert */
                an_buf_append(&t, m.p, at);
                an_buf_puts(&t, ins);
                an_buf_append(&t, m.p + at, m.len - at);
                break;
            case 1: /* delete up to 3 bytes */
                an_buf_append(&t, m.p, at);
                {
                    size_t del = 1 + jf_rand(3);
                    if (at + del < m.len)
                        an_buf_append(&t, m.p + at + del, m.len - at - del);
                }
                break;
            default: /* replace one byte */
                an_buf_append(&t, m.p, at);
                an_buf_puts(&t, ins);
                if (at + 1 < m.len)
                    an_buf_append(&t, m.p + at + 1, m.len - at - 1);
                break;
            }
            an_buf_clear(&m);
            if (t.len)
                an_buf_append(&m, t.p, t.len);
            an_buf_free(&t);
        }
        if (!m.p)
            continue;
        total++;
        if (!memchr(m.p, '\n', m.len) && an_utf8_validate(m.p, m.len) == (size_t)-1 &&
            an_jscan_object(&b.js, m.p, m.len) == AN_JSCAN_OK)
            fast_ok++;
        an_buf_putc(&m, '\n');
        if (!jf_same(m.p, m.len) && ++differ > 5)
            break;
    }
    an_buf_free(&m);
    jf_free(&b);
    CHECK_INT(differ, 0);
    /* the comparison covers the fast path, not only the fallback */
    CHECK(total > 2500);
    CHECK(fast_ok * 20 > total);
}

/* ---- random records built from pieces ---- */

static void jf_ws(an_buf *b)
{
    static const char *const ws[] = {"", "", "", " ", "\t", " \r "};
    an_buf_puts(b, ws[jf_rand(6)]);
}

static void jf_string(an_buf *b)
{
    static const char *const parts[] = {
        "Envoys met",     " in the capital", "\\\"quoted\\\"", "\\\\", "\\n", "\\t", "\\/",
        "\\u00e9",        "\\u00C9",          "\\ud83d\\ude00", "\\u0000", "\\u2028", "\xC3\xA9t\xC3\xA9",
        "\xE2\x80\xA8",   "\x7f",             "\\b\\f\\r",      "2001-02-03", "T10:00", " ",
        "\\u002d"};
    an_buf_putc(b, '"');
    int n = (int)jf_rand(4);
    for (int i = 0; i < n; i++)
        an_buf_puts(b, parts[jf_rand(sizeof parts / sizeof parts[0])]);
    an_buf_putc(b, '"');
}

static void jf_value(an_buf *b, int depth)
{
    static const char *const scalars[] = {"0",    "-5",  "17",   "123456789012345678", "19991231",
                                          "true", "false", "null", "2.5",  "-0", "1e3"};
    static const char *const keys[] = {"\"a\"", "\"b\"", "\"\"", "\"x y\""};
    unsigned k = jf_rand(depth > 3 ? 2 : 4);
    if (k == 0) {
        jf_string(b);
    } else if (k == 1) {
        an_buf_puts(b, scalars[jf_rand(sizeof scalars / sizeof scalars[0])]);
    } else {
        int obj = k == 2;
        an_buf_putc(b, obj ? '{' : '[');
        int n = (int)jf_rand(4);
        for (int i = 0; i < n; i++) {
            if (i)
                an_buf_putc(b, ',');
            jf_ws(b);
            if (obj) {
                an_buf_puts(b, keys[jf_rand(4)]);
                jf_ws(b);
                an_buf_putc(b, ':');
                jf_ws(b);
            }
            jf_value(b, depth + 1);
            jf_ws(b);
        }
        an_buf_putc(b, obj ? '}' : ']');
    }
}

static void jf_record(an_buf *b)
{
    static const char *const keys[] = {"\"id\"", "\"date\"", "\"text\"", "\"src\"", "\"n\""};
    static const char *const dates[] = {"\"2001-02-03\"", "\"1999-02-29\"", "\"2000-02-29\"",
                                        "20010203",       "\"2001-02-03T04:05\"", "null"};
    int order[5] = {0, 1, 2, 3, 4};
    for (int i = 4; i > 0; i--) {
        int j = (int)jf_rand((unsigned)i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    int n = 2 + (int)jf_rand(4);
    jf_ws(b);
    an_buf_putc(b, '{');
    for (int i = 0; i < n; i++) {
        if (i)
            an_buf_putc(b, ',');
        jf_ws(b);
        int k = jf_rand(20) ? order[i] : order[0]; /* now and then a duplicate */
        an_buf_puts(b, keys[k]);
        jf_ws(b);
        an_buf_putc(b, ':');
        jf_ws(b);
        if (k == 1 && jf_rand(4))
            an_buf_puts(b, dates[jf_rand(6)]);
        else if (k == 2 && jf_rand(5))
            jf_string(b);
        else
            jf_value(b, 1);
        jf_ws(b);
    }
    an_buf_putc(b, '}');
    jf_ws(b);
}

TEST(jsonl_fast_matches_jansson_on_random_records)
{
    jf_bufs b;
    jf_init(&b);
    unsigned long fast_ok = 0, total = 0, differ = 0;
    an_buf m, file;
    an_buf_init(&m);
    an_buf_init(&file);
    for (int round = 0; round < 3000; round++) {
        an_buf_clear(&m);
        jf_record(&m);
        total++;
        if (an_jscan_object(&b.js, m.p, m.len) == AN_JSCAN_OK)
            fast_ok++;
        an_buf_putc(&m, '\n');
        an_buf_append(&file, m.p, m.len);
        if (!jf_same(m.p, m.len) && ++differ > 5)
            break;
    }
    /* and all of them as one file */
    jf_same(file.p, file.len);
    an_buf_free(&m);
    an_buf_free(&file);
    jf_free(&b);
    CHECK_INT(differ, 0);
    CHECK_INT(total, 3000);
    CHECK(fast_ok * 3 > total);
    CHECK(fast_ok < total); /* the generator also makes fallback lines */
}
