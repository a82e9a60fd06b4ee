/* Story readers: JSON Lines, plain text, opening, format detection, and the
 * helpers the other test_read_*.c files share. */
#include "test.h"
#include "annals.h"
#include "util/util.h"

#include <stdlib.h>
#include <unistd.h>

/* ---- shared helpers (declared again in test_read_formats.c) ---- */

typedef struct rt_diag {
    int n;
    char all[16384];
} rt_diag;

void rt_diag_fn(void *user, const annals_error *e);
char *rt_read_all(const char *name, const char *data, size_t len, annals_input_format fmt,
                  size_t limit, rt_diag *d, int *last_rc, unsigned long *skipped);
char *rt_temp_file(const char *suffix, const char *data, size_t len);

void rt_diag_fn(void *user, const annals_error *e)
{
    rt_diag *d = user;
    char b[1400];
    annals_error_format(e, b, sizeof b);
    d->n++;
    size_t have = strlen(d->all), add = strlen(b);
    if (have + add + 2 < sizeof d->all) {
        memcpy(d->all + have, b, add);
        d->all[have + add] = '\n';
        d->all[have + add + 1] = 0;
    }
}

/* Reads every story into a dump, one line per story:
 *   LINE ID DATE [TEXT] {meta} /comment/ (parse) S(is_sentence)
 * The caller frees the result. */
char *rt_read_all(const char *name, const char *data, size_t len, annals_input_format fmt,
                  size_t limit, rt_diag *d, int *last_rc, unsigned long *skipped)
{
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = fmt;
    o.diag = rt_diag_fn;
    o.diag_user = d;
    o.limits.max_story_bytes = limit;
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_reader *r = annals_reader_open_memory(name, data, len, &o, &err);
    an_buf b;
    an_buf_init(&b);
    an_buf_puts(&b, "");
    if (!r) {
        *last_rc = -2;
        return an_buf_steal(&b);
    }
    annals_story s;
    int rc;
    while ((rc = annals_reader_next(r, &s, &err)) == 1) {
        CHECK(strlen(s.text) == s.text_len);
        CHECK_STR(s.source_file, name);
        an_buf_printf(&b, "%lu %s %s [%s]", s.line, s.id, s.date ? s.date : "-", s.text);
        if (s.meta_json)
            an_buf_printf(&b, " %s", s.meta_json);
        if (s.comment)
            an_buf_printf(&b, " /%s/", s.comment);
        if (s.parse)
            an_buf_printf(&b, " (%s)", s.parse);
        if (s.is_sentence)
            an_buf_puts(&b, " S");
        an_buf_putc(&b, '\n');
    }
    if (rc < 0) {
        char m[1400];
        annals_error_format(&err, m, sizeof m);
        an_buf_printf(&b, "ERROR %s\n", m);
    }
    *last_rc = rc;
    if (skipped)
        *skipped = annals_reader_skipped(r);
    annals_reader_close(r);
    return an_buf_steal(&b);
}

/* Writes data to a new temporary file whose name ends in suffix. */
char *rt_temp_file(const char *suffix, const char *data, size_t len)
{
    char tmpl[256];
    snprintf(tmpl, sizeof tmpl, "/tmp/annals_read_XXXXXX%s", suffix);
    int fd = mkstemps(tmpl, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    return strdup(tmpl);
}

static char *read_jsonl(const char *data, rt_diag *d, int *rc, unsigned long *skipped)
{
    return rt_read_all("in.jsonl", data, strlen(data), ANNALS_INPUT_JSONL, 0, d, rc, skipped);
}

/* ---------------- format names and detection ---------------- */

TEST(read_format_names)
{
    annals_input_format f = ANNALS_INPUT_AUTO;
    CHECK_INT(annals_input_format_parse("jsonl", &f), 0);
    CHECK_INT(f, ANNALS_INPUT_JSONL);
    CHECK_INT(annals_input_format_parse("TABARI", &f), 0);
    CHECK_INT(f, ANNALS_INPUT_TABARI);
    CHECK_INT(annals_input_format_parse("text", &f), 0);
    CHECK_INT(f, ANNALS_INPUT_TEXT);
    CHECK_INT(annals_input_format_parse("petrarch-xml", &f), 0);
    CHECK_INT(f, ANNALS_INPUT_PETRARCH_XML);
    CHECK_INT(annals_input_format_parse("xml", &f), 0);
    CHECK_INT(f, ANNALS_INPUT_PETRARCH_XML);
    CHECK_INT(annals_input_format_parse("auto", &f), 0);
    CHECK_INT(f, ANNALS_INPUT_AUTO);
    f = ANNALS_INPUT_TEXT;
    CHECK_INT(annals_input_format_parse("csv", &f), -1);
    CHECK_INT(f, ANNALS_INPUT_TEXT);
    CHECK_INT(annals_input_format_parse(NULL, &f), -1);
}

TEST(read_auto_by_extension)
{
    rt_diag d = {0};
    int rc;
    /* the same bytes read as JSONL, TABARI or text depending on the name */
    const char *j = "{\"id\":\"a\",\"text\":\"Envoys met.\"}\n";
    char *out = rt_read_all("x.ndjson", j, strlen(j), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "1 a - [Envoys met.]\n");
    free(out);
    out = rt_read_all("x.txt", j, strlen(j), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "1 x.txt - [{\"id\":\"a\",\"text\":\"Envoys met.\"}\n]\n");
    free(out);
    const char *t = "990102 R-1\nThe envoys met.\n";
    out = rt_read_all("dir/x.TABARI", t, strlen(t), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "1 R-1 1999-01-02 [The envoys met.]\n");
    free(out);
    const char *x = "<Sentences><Sentence date=\"20010203\" id=\"s1\"><Text>Talks "
                    "ended.</Text></Sentence></Sentences>";
    out = rt_read_all("x.xml", x, strlen(x), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "1 s1 2001-02-03 [Talks ended.] S\n");
    free(out);
    CHECK_INT(d.n, 0);
}

TEST(read_auto_sniffs_unknown_extension)
{
    rt_diag d = {0};
    int rc;
    const char *j = "\n  {\"text\":\"Envoys met.\"}\n";
    char *out = rt_read_all("feed.dat", j, strlen(j), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "2 feed.dat:2 - [Envoys met.]\n");
    free(out);
    const char *t = "\n20010203   R-9\nThe envoys met again.\n";
    out = rt_read_all("feed.dat", t, strlen(t), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "2 R-9 2001-02-03 [The envoys met again.]\n");
    free(out);
    const char *x = "<?xml version=\"1.0\"?>\n<Sentences><Sentence date=\"20010203\" "
                    "id=\"s1\"><Text>Hi.</Text></Sentence></Sentences>";
    out = rt_read_all("feed.dat", x, strlen(x), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "2 s1 2001-02-03 [Hi.] S\n");
    free(out);
    const char *p = "2001 was a year of talks.\n";
    out = rt_read_all("feed.dat", p, strlen(p), ANNALS_INPUT_AUTO, 0, &d, &rc, NULL);
    CHECK_STR(out, "1 feed.dat - [2001 was a year of talks.\n]\n");
    free(out);
    CHECK_INT(d.n, 0);
}

/* ---------------- JSON Lines ---------------- */

TEST(read_jsonl_fields)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk = 99;
    char *out = read_jsonl("{\"id\": \"k-1\", \"date\": \"1962-10-22\", \"text\": \"The blockade "
                           "began.\"}\n"
                           "\n"
                           "   \n"
                           "{\"id\": 42, \"date\": \"19621028\", \"text\": \"Ships turned back.\", "
                           "\"source\": \"wire\", \"tags\": [1, 2]}\n"
                           "{\"text\": \"No id here.\", \"date\": null, \"id\": null}\n",
                           &d, &rc, &sk);
    CHECK_STR(out, "1 k-1 1962-10-22 [The blockade began.]\n"
                   "4 42 1962-10-28 [Ships turned back.] {\"source\":\"wire\",\"tags\":[1,2]}\n"
                   "5 in.jsonl:5 - [No id here.]\n");
    CHECK_INT(rc, 0);
    CHECK_INT(sk, 0);
    CHECK_INT(d.n, 0);
    free(out);
}

TEST(read_jsonl_bad_date_warns)
{
    rt_diag d = {0};
    int rc;
    char *out = read_jsonl("{\"text\":\"a\",\"date\":\"2021-02-29\"}\n"
                           "{\"text\":\"b\",\"date\":\"yesterday\"}\n"
                           "{\"text\":\"c\",\"date\":\"2024-02-29\"}\n"
                           "{\"text\":\"d\",\"date\":\"2024-03-01T10:00:00Z\"}\n",
                           &d, &rc, NULL);
    CHECK_STR(out, "1 in.jsonl:1 - [a]\n2 in.jsonl:2 - [b]\n3 in.jsonl:3 2024-02-29 [c]\n"
                   "4 in.jsonl:4 2024-03-01 [d]\n");
    CHECK_INT(d.n, 2);
    CHECK(strstr(d.all, "in.jsonl:1: warning: invalid date \"2021-02-29\"") != NULL);
    CHECK(strstr(d.all, "in.jsonl:2: warning: invalid date \"yesterday\"") != NULL);
    free(out);
}

TEST(read_jsonl_invalid_utf8_repaired)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    /* line 2: the bad byte is the 19th character */
    char *out = read_jsonl("{\"text\":\"fine\"}\n{\"text\":\"caf\xC3\xA9 bar \xFF baz\"}\n", &d,
                           &rc, &sk);
    CHECK_STR(out, "1 in.jsonl:1 - [fine]\n2 in.jsonl:2 - [caf\xC3\xA9 bar \xEF\xBF\xBD baz]\n");
    CHECK_INT(d.n, 1);
    CHECK(strstr(d.all, "in.jsonl:2:19: warning: invalid UTF-8") != NULL);
    CHECK_INT(sk, 0);
    free(out);
}

TEST(read_jsonl_nul_bytes_replaced)
{
    rt_diag d = {0};
    int rc;
    const char data[] = "{\"text\":\"one\0two\0three\"}\n{\"text\":\"x\\u0000y\"}\n";
    char *out = rt_read_all("in.jsonl", data, sizeof data - 1, ANNALS_INPUT_JSONL, 0, &d, &rc, NULL);
    CHECK_STR(out, "1 in.jsonl:1 - [one two three]\n2 in.jsonl:2 - [x y]\n");
    CHECK_INT(d.n, 2); /* one per record, not per byte */
    CHECK(strstr(d.all, "in.jsonl:1:13: warning: NUL byte replaced by a space") != NULL);
    CHECK(strstr(d.all, "in.jsonl:2: warning: NUL character") != NULL);
    free(out);
}

TEST(read_jsonl_ten_megabyte_line)
{
    size_t n = 10u << 20;
    char *data = malloc(n + 64);
    CHECK(data != NULL);
    if (!data)
        return;
    size_t k = (size_t)sprintf(data, "{\"id\":\"big\",\"text\":\"");
    for (size_t i = 0; i < n; i++)
        data[k + i] = "abcdefgh "[i % 9];
    k += n;
    k += (size_t)sprintf(data + k, "\"}\n{\"text\":\"after\"}\n");
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    rt_diag d = {0};
    o.diag = rt_diag_fn;
    o.diag_user = &d;
    annals_error err;
    annals_reader *r = annals_reader_open_memory("big.jsonl", data, k, &o, &err);
    CHECK(r != NULL);
    annals_story s;
    CHECK_INT(annals_reader_next(r, &s, &err), 1);
    CHECK_STR(s.id, "big");
    CHECK_INT(s.text_len, n);
    CHECK(s.text[n - 1] == "abcdefgh "[(n - 1) % 9]);
    CHECK_INT(annals_reader_next(r, &s, &err), 1);
    CHECK_STR(s.text, "after");
    CHECK_INT(annals_reader_next(r, &s, &err), 0);
    CHECK_INT(d.n, 0);
    annals_reader_close(r);
    /* and with a limit below its size: skipped with a located warning */
    o.limits.max_story_bytes = 1u << 20;
    r = annals_reader_open_memory("big.jsonl", data, k, &o, &err);
    CHECK_INT(annals_reader_next(r, &s, &err), 1);
    CHECK_STR(s.text, "after");
    CHECK_INT(s.line, 2);
    CHECK_INT(annals_reader_skipped(r), 1);
    CHECK(strstr(d.all, "big.jsonl:1: warning: line longer than the limit of 1048576 bytes") !=
          NULL);
    annals_reader_close(r);
    free(data);
}

TEST(read_jsonl_empty_input_warns)
{
    rt_diag d = {0};
    int rc;
    char *out = read_jsonl("", &d, &rc, NULL);
    CHECK_STR(out, "");
    CHECK_INT(rc, 0);
    CHECK_INT(d.n, 1);
    CHECK(strstr(d.all, "in.jsonl: warning: no stories in in.jsonl") != NULL);
    free(out);
    /* blank lines only, and only bad lines: also "no stories" */
    rt_diag d2 = {0};
    out = read_jsonl("\n\n  \n", &d2, &rc, NULL);
    CHECK_STR(out, "");
    CHECK(strstr(d2.all, "no stories in in.jsonl") != NULL);
    free(out);
    rt_diag d3 = {0};
    out = read_jsonl("nonsense\n", &d3, &rc, NULL);
    CHECK_INT(d3.n, 2);
    CHECK(strstr(d3.all, "no stories in in.jsonl") != NULL);
    free(out);
}

TEST(read_jsonl_truncated_last_line)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    char *out = read_jsonl("{\"text\":\"one\"}\n{\"text\":\"two\"}\n{\"text\":\"thr", &d, &rc, &sk);
    CHECK_STR(out, "1 in.jsonl:1 - [one]\n2 in.jsonl:2 - [two]\n");
    CHECK_INT(sk, 1);
    CHECK_INT(d.n, 1);
    CHECK(strstr(d.all, "in.jsonl:3:") != NULL);
    CHECK(strstr(d.all, "truncated") != NULL);
    free(out);
    /* a valid final line without a newline is fine */
    rt_diag d2 = {0};
    out = read_jsonl("{\"text\":\"one\"}\n{\"text\":\"two\"}", &d2, &rc, &sk);
    CHECK_STR(out, "1 in.jsonl:1 - [one]\n2 in.jsonl:2 - [two]\n");
    CHECK_INT(d2.n, 0);
    free(out);
}

TEST(read_jsonl_line_over_limit)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    const char *data = "{\"text\":\"short\"}\n"
                       "{\"text\":\"this line is rather longer than the tiny limit\"}\n"
                       "{\"text\":\"ok\"}\n";
    char *out = rt_read_all("lim.jsonl", data, strlen(data), ANNALS_INPUT_JSONL, 30, &d, &rc, &sk);
    CHECK_STR(out, "1 lim.jsonl:1 - [short]\n3 lim.jsonl:3 - [ok]\n");
    CHECK_INT(sk, 1);
    CHECK(strstr(d.all, "lim.jsonl:2: warning: line longer than the limit of 30 bytes") != NULL);
    free(out);
}

TEST(read_jsonl_bad_records_are_located)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    char *out = read_jsonl("{\"text\": \"good\"}\n"
                           "{\"text\": \"x\",}\n"
                           "[1, 2]\n"
                           "{\"title\": \"no text\"}\n"
                           "{\"text\": 17}\n"
                           "\"just a string\"\n"
                           "{\"text\": \"last\", \"id\": [1]}\n",
                           &d, &rc, &sk);
    CHECK_STR(out, "1 in.jsonl:1 - [good]\n7 in.jsonl:7 - [last]\n");
    CHECK_INT(sk, 5);
    CHECK(strstr(d.all, "in.jsonl:2:14: warning: expected a JSON object with a \"text\" string") !=
          NULL);
    CHECK(strstr(d.all, "in.jsonl:3:1: warning: expected a JSON object") != NULL);
    CHECK(strstr(d.all, "in.jsonl:4:1: warning: expected a JSON object") != NULL);
    CHECK(strstr(d.all, "in.jsonl:5:1: warning: expected a JSON object") != NULL);
    CHECK(strstr(d.all, "in.jsonl:6:") != NULL);
    CHECK(strstr(d.all, "in.jsonl:7: warning: \"id\" is not a string or integer") != NULL);
    free(out);
}

TEST(read_jsonl_crlf_and_bom)
{
    rt_diag d = {0};
    int rc;
    char *out = read_jsonl("\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"first\"}\r\n\r\n{\"id\":\"b\","
                           "\"text\":\"second\"}\r\n",
                           &d, &rc, NULL);
    CHECK_STR(out, "1 a - [first]\n3 b - [second]\n");
    CHECK_INT(d.n, 0);
    free(out);
}

TEST(read_jsonl_stream_from_file)
{
    /* 3000 records, about 200 KB: several input chunks, lines cut by chunk
     * boundaries */
    an_buf b;
    an_buf_init(&b);
    for (int i = 0; i < 3000; i++)
        an_buf_printf(&b, "{\"id\":\"r%d\",\"text\":\"Story number %d is about talks%*s.\"}\r\n",
                      i, i, i % 40, "");
    char *path = rt_temp_file(".jsonl", b.p, b.len);
    CHECK(path != NULL);
    rt_diag d = {0};
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.diag = rt_diag_fn;
    o.diag_user = &d;
    annals_error err;
    annals_reader *r = annals_reader_open(path, &o, &err);
    CHECK(r != NULL);
    annals_story s;
    int n = 0, bad = 0;
    while (r && annals_reader_next(r, &s, &err) == 1) {
        char want[64];
        snprintf(want, sizeof want, "r%d", n);
        if (strcmp(s.id, want) || s.line != (unsigned long)n + 1 || !strstr(s.text, "talks"))
            bad++;
        CHECK_STR(s.source_file, path);
        n++;
    }
    CHECK_INT(n, 3000);
    CHECK_INT(bad, 0);
    CHECK_INT(d.n, 0);
    annals_reader_close(r);
    unlink(path);
    free(path);
    an_buf_free(&b);
}

TEST(read_open_missing_file_and_directory)
{
    annals_error err;
    memset(&err, 0, sizeof err);
    annals_reader *r = annals_reader_open("/nonexistent/annals/story.jsonl", NULL, &err);
    CHECK(r == NULL);
    CHECK_INT(err.code, ANNALS_ERR_IO);
    char m[1400];
    annals_error_format(&err, m, sizeof m);
    CHECK_STR(m, "/nonexistent/annals/story.jsonl: cannot open: No such file or directory");
    r = annals_reader_open("/tmp", NULL, &err);
    CHECK(r == NULL);
    annals_error_format(&err, m, sizeof m);
    CHECK_STR(m, "/tmp: cannot open: Is a directory");
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = (annals_input_format)42;
    CHECK(annals_reader_open_memory("m", "x", 1, &o, &err) == NULL);
    CHECK_INT(err.code, ANNALS_ERR_ARG);
}

TEST(read_after_fatal_error_refuses)
{
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = ANNALS_INPUT_PETRARCH_XML;
    annals_error err;
    const char *x = "<Sentences><Sentence><Text>a</Sentence>";
    annals_reader *r = annals_reader_open_memory("f.xml", x, strlen(x), &o, &err);
    CHECK(r != NULL);
    annals_story s;
    CHECK_INT(annals_reader_next(r, &s, &err), -1);
    CHECK_INT(annals_reader_next(r, &s, &err), -1);
    CHECK_INT(err.code, ANNALS_ERR_ARG);
    annals_reader_close(r);
}

/* ---------------- plain text ---------------- */

TEST(read_text_whole_file_is_one_story)
{
    rt_diag d = {0};
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = ANNALS_INPUT_TEXT;
    o.default_date = "1989-11-09";
    o.diag = rt_diag_fn;
    o.diag_user = &d;
    annals_error err;
    const char *t = "\xEF\xBB\xBFThe wall opened.\r\nCrowds crossed.\r\n\r\nGuards watched.\r\n";
    annals_reader *r = annals_reader_open_memory("news/berlin.txt", t, strlen(t), &o, &err);
    annals_story s;
    CHECK_INT(annals_reader_next(r, &s, &err), 1);
    CHECK_STR(s.id, "berlin.txt");
    CHECK_STR(s.date, "1989-11-09");
    CHECK_STR(s.text, "The wall opened.\nCrowds crossed.\n\nGuards watched.\n");
    CHECK_INT(s.is_sentence, 0);
    CHECK_INT(s.line, 1);
    CHECK_INT(annals_reader_next(r, &s, &err), 0);
    CHECK_INT(annals_reader_next(r, &s, &err), 0);
    CHECK_INT(d.n, 0);
    annals_reader_close(r);
}

TEST(read_text_encoding_and_limits)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    const char t[] = "Line one.\nLine \xC3\xA9two \x80 bad.\nAnd a \0 NUL.\n";
    char *out = rt_read_all("a.txt", t, sizeof t - 1, ANNALS_INPUT_TEXT, 0, &d, &rc, &sk);
    CHECK_STR(out, "1 a.txt - [Line one.\nLine \xC3\xA9two \xEF\xBF\xBD bad.\nAnd a   NUL.\n]\n");
    CHECK_INT(d.n, 1);
    CHECK(strstr(d.all, "a.txt:2:11: warning: invalid UTF-8") != NULL);
    free(out);

    rt_diag d2 = {0};
    out = rt_read_all("big.txt", t, sizeof t - 1, ANNALS_INPUT_TEXT, 16, &d2, &rc, &sk);
    CHECK_STR(out, "");
    CHECK_INT(sk, 1);
    CHECK(strstr(d2.all, "big.txt:1: warning: story longer than the limit of 16 bytes") != NULL);
    CHECK(strstr(d2.all, "no stories in big.txt") != NULL);
    free(out);

    rt_diag d3 = {0};
    out = rt_read_all("blank.txt", " \n\t\n", 4, ANNALS_INPUT_TEXT, 0, &d3, &rc, &sk);
    CHECK_STR(out, "");
    CHECK_INT(d3.n, 1);
    CHECK(strstr(d3.all, "blank.txt: warning: no stories in blank.txt") != NULL);
    free(out);
}

TEST(read_text_from_file_uses_base_name)
{
    const char *t = "Delegates signed the accord in the capital.";
    char *path = rt_temp_file(".txt", t, strlen(t));
    annals_error err;
    annals_reader *r = annals_reader_open(path, NULL, &err);
    CHECK(r != NULL);
    annals_story s;
    CHECK_INT(annals_reader_next(r, &s, &err), 1);
    const char *base = strrchr(path, '/') + 1;
    CHECK_STR(s.id, base);
    CHECK_STR(s.text, t);
    CHECK(s.date == NULL);
    annals_reader_close(r);
    unlink(path);
    free(path);
}

TEST(read_data_files_in_tree)
{
    static const struct {
        const char *file;
        int stories;
        const char *first_id;
    } files[] = {
        {"sample.jsonl", 3, "cuba-1"},
        {"sample.text", 3, "CUBA-01"},
        {"sample.xml", 2, "CUBA-S1"},
        {"sample.txt", 1, "sample.txt"},
        {"sample.records", 2, "CUBA-T1"}, /* TABARI, found by sniffing */
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/tests/data/read/%s", t_srcdir(), files[i].file);
        rt_diag d = {0};
        annals_reader_options o;
        memset(&o, 0, sizeof o);
        o.diag = rt_diag_fn;
        o.diag_user = &d;
        annals_error err;
        annals_reader *r = annals_reader_open(path, &o, &err);
        CHECK(r != NULL);
        if (!r)
            continue;
        annals_story s;
        int n = 0;
        while (annals_reader_next(r, &s, &err) == 1) {
            if (n == 0)
                CHECK_STR(s.id, files[i].first_id);
            CHECK(s.text_len > 0);
            n++;
        }
        if (n != files[i].stories)
            t_fail(__FILE__, __LINE__, "%s: %d stories, expected %d", files[i].file, n,
                   files[i].stories);
        if (d.n)
            t_fail(__FILE__, __LINE__, "%s: warnings: %s", files[i].file, d.all);
        annals_reader_close(r);
    }
}

/* Every allocation failure on the way must come back as an error, without
 * leaks or crashes (ASan checks the leaks). */
TEST(read_survives_allocation_failures)
{
    static const struct {
        const char *name;
        const char *data;
    } inputs[] = {
        {"f.jsonl", "{\"id\":\"a\",\"date\":\"20200101\",\"text\":\"one \xFF\",\"k\":1}\n\n{\"x\n"},
        {"f.text", "# c\n\n200101 A\nText /* note\nmore */ here.\n\n200102 B\nMore.\n"},
        {"f.txt", "Plain \x80 text.\n"},
        {"f.xml", "<Sentences><Config option=\"a\" value=\"b\"/><Sentence date=\"20200101\" "
                  "id=\"s\" x=\"y\"><!-- c --><EventCoding sourcecode=\"A\"/><Text> a  b "
                  "</Text><Parse>(S)</Parse><Other>o</Other></Sentence></Sentences>"},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        int completed = 0;
        for (unsigned long k = 1; k < 200 && !completed; k++) {
            an_alloc_fail_at(k);
            annals_error err;
            annals_reader *r = annals_reader_open_memory(inputs[i].name, inputs[i].data,
                                                         strlen(inputs[i].data), NULL, &err);
            int rc = 0;
            if (r) {
                annals_story s;
                while ((rc = annals_reader_next(r, &s, &err)) == 1)
                    ;
                annals_reader_close(r);
            }
            unsigned long used = an_alloc_fail_at(0);
            if (r && rc == 0 && used < k)
                completed = 1; /* the failure point was never reached */
            if (rc < 0)
                CHECK(err.code == ANNALS_ERR_NOMEM || err.code == ANNALS_ERR_PARSE);
        }
        CHECK(completed);
    }
}
