/* Story readers: TABARI records and PETRARCH XML. */
#include "test.h"
#include "annals.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* defined in test_read.c */
typedef struct rt_diag {
    int n;
    char all[16384];
} rt_diag;
void rt_diag_fn(void *user, const annals_error *e);
char *rt_read_all(const char *name, const char *data, size_t len, annals_input_format fmt,
                  size_t limit, rt_diag *d, int *last_rc, unsigned long *skipped);
char *rt_temp_file(const char *suffix, const char *data, size_t len);

static char *tabari(const char *data, rt_diag *d, unsigned long *skipped)
{
    int rc;
    return rt_read_all("in.text", data, strlen(data), ANNALS_INPUT_TABARI, 0, d, &rc, skipped);
}

static char *xml(const char *data, rt_diag *d, int *rc, unsigned long *skipped)
{
    return rt_read_all("in.xml", data, strlen(data), ANNALS_INPUT_PETRARCH_XML, 0, d, rc, skipped);
}

/* ---------------- TABARI ---------------- */

TEST(read_tabari_records)
{
    rt_diag d = {0};
    unsigned long sk;
    char *out = tabari("\n"
                       "######\n"
                       "# a comment block\n"
                       "\n"
                       "950101  REC-01\n"
                       "Arnor restored ties   with\n"
                       "Gondor on Saturday. \n"
                       "/*\\n-------- \n"
                       "\\n[first test]\n"
                       "\\n{ ARN / GON / 064 } */   \n"
                       "\n"
                       "\n"
                       "300615 REC-02 with a long id\n"
                       "Text /* inline */ continues\\nafter a hard return.\n"
                       "\t \n"
                       "310101\tREC-03\n"
                       "19990228 REC-04\n"
                       "Dates of eight digits work too.\n",
                       &d, &sk);
    CHECK_STR(out, "5 REC-01 1995-01-01 [Arnor restored ties with Gondor on Saturday.] "
                   "/--------\n[first test]\n{ ARN / GON / 064 }/\n"
                   "13 REC-02 with a long id 2030-06-15 [Text continues after a hard return.] "
                   "/inline/\n"
                   "16 REC-03 1931-01-01 [19990228 REC-04 Dates of eight digits work too.]\n");
    CHECK_INT(d.n, 0);
    CHECK_INT(sk, 0);
    free(out);
}

TEST(read_tabari_comment_only_record_and_missing_id)
{
    rt_diag d = {0};
    unsigned long sk;
    char *out = tabari("950101 OPT-1\n"
                       "/* { OPTION: SET: TIME SHIFT = FALSE } */\n"
                       "\n"
                       "950102\n"
                       "A record without an id.\n",
                       &d, &sk);
    CHECK_STR(out, "1 OPT-1 1995-01-01 [] /{ OPTION: SET: TIME SHIFT = FALSE }/\n"
                   "4 in.text:4 1995-01-02 [A record without an id.]\n");
    CHECK_INT(d.n, 0);
    free(out);
}

TEST(read_tabari_warnings_are_located)
{
    rt_diag d = {0};
    unsigned long sk;
    char *out = tabari("stray text before any header\n"
                       "and its second line\n"
                       "\n"
                       "9501201  BAD-DATE\n"
                       "The date has seven digits.\n"
                       "\n"
                       "951341 BAD-MONTH\n"
                       "Month thirteen.\n"
                       "\n"
                       "a block that is not a record\n"
                       "\n"
                       "950101 OPEN\n"
                       "Text /* never closed\n"
                       "\n"
                       "950102 LAST\n"
                       "Done.\n",
                       &d, &sk);
    CHECK_STR(out, "4 BAD-DATE 1995-01-20 [The date has seven digits.]\n"
                   "7 BAD-MONTH - [Month thirteen.]\n"
                   "12 OPEN 1995-01-01 [Text] /never closed/\n"
                   "15 LAST 1995-01-02 [Done.]\n");
    CHECK_INT(d.n, 5);
    CHECK(strstr(d.all, "in.text:1:1: warning: text before the first record header") != NULL);
    CHECK(strstr(d.all, "in.text:4:1: warning: date \"9501201\" in record header has 7 digits; "
                        "read as \"950120\"") != NULL);
    CHECK(strstr(d.all, "in.text:7:1: warning: invalid date \"951341\"") != NULL);
    CHECK(strstr(d.all, "in.text:10:1: warning: block without a record header") != NULL);
    CHECK(strstr(d.all, "in.text:13: warning: comment opened here is not closed") != NULL);
    free(out);
}

TEST(read_tabari_encoding_crlf_bom)
{
    rt_diag d = {0};
    unsigned long sk;
    const char data[] = "\xEF\xBB\xBF"
                        "950101 ENC-1\r\n"
                        "First line fine.\r\n"
                        "Second \xC3\xA9 line \xFE bad, \xFF again.\r\n"
                        "Third \0 line.\r\n"
                        "\r\n"
                        "950102 ENC-2\r\n"
                        "Clean record.\r\n";
    int rc;
    char *out = rt_read_all("in.text", data, sizeof data - 1, ANNALS_INPUT_TABARI, 0, &d, &rc, &sk);
    CHECK_STR(out, "1 ENC-1 1995-01-01 [First line fine. Second \xC3\xA9 line \xEF\xBF\xBD bad, "
                   "\xEF\xBF\xBD again. Third line.]\n"
                   "6 ENC-2 1995-01-02 [Clean record.]\n");
    CHECK_INT(d.n, 1); /* one per record */
    CHECK(strstr(d.all, "in.text:3:15: warning: invalid UTF-8") != NULL);
    free(out);
}

TEST(read_tabari_record_over_limit)
{
    rt_diag d = {0};
    unsigned long sk;
    int rc;
    const char *data = "950101 SHORT\nBrief.\n\n"
                       "950102 LONG\nThis record has far more text than the limit allows,\n"
                       "spread over two lines.\n\n"
                       "950103 AFTER\nAlso brief.\n";
    char *out = rt_read_all("in.text", data, strlen(data), ANNALS_INPUT_TABARI, 40, &d, &rc, &sk);
    CHECK_STR(out, "1 SHORT 1995-01-01 [Brief.]\n8 AFTER 1995-01-03 [Also brief.]\n");
    CHECK_INT(sk, 1);
    CHECK(strstr(d.all, "in.text:4: warning: record longer than the limit of 40 bytes") != NULL);
    free(out);
}

TEST(read_tabari_empty_and_comment_only_files)
{
    rt_diag d = {0};
    unsigned long sk;
    char *out = tabari("", &d, &sk);
    CHECK_STR(out, "");
    CHECK(strstr(d.all, "in.text: warning: no stories in in.text") != NULL);
    free(out);
    rt_diag d2 = {0};
    out = tabari("#####\n# only comments\n#####\n\n", &d2, &sk);
    CHECK_STR(out, "");
    CHECK_INT(d2.n, 1);
    CHECK(strstr(d2.all, "no stories in in.text") != NULL);
    free(out);
}

TEST(read_tabari_validation_suite)
{
    const char *sh = t_shared();
    if (!sh) {
        t_skip("../shared not present");
        return;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/conformance/tabari/Validate.text", sh);
    rt_diag d = {0};
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.format = ANNALS_INPUT_AUTO; /* .text -> TABARI */
    o.diag = rt_diag_fn;
    o.diag_user = &d;
    annals_error err;
    annals_reader *r = annals_reader_open(path, &o, &err);
    CHECK(r != NULL);
    if (!r)
        return;
    annals_story s;
    int n = 0, with_events = 0, demo01 = 0;
    while (annals_reader_next(r, &s, &err) == 1) {
        if (n == 0) {
            CHECK_STR(s.id, "START-00");
            CHECK_STR(s.date, "2000-01-01");
            CHECK_INT(s.line, 13);
        }
        if (s.comment && strchr(s.comment, '{'))
            with_events++;
        if (!strcmp(s.id, "DEMO-01")) {
            demo01 = 1;
            CHECK(strstr(s.comment, "{ ARN / GON / 064 }") != NULL);
            CHECK(strncmp(s.text, "Arnor is about to restore full diplomatic ties", 46) == 0);
            CHECK(strstr(s.text, "/*") == NULL);
        }
        n++;
    }
    CHECK_INT(n, 481);
    CHECK(with_events > 400);
    CHECK(demo01);
    CHECK_INT(annals_reader_skipped(r), 0);
    annals_reader_close(r);
}

/* ---------------- PETRARCH XML ---------------- */

TEST(read_xml_sentences)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    char *out = xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<Sentences>\n"
                    "<Config option=\"require_dyad\" value=\"false\"></Config>\n"
                    "<Sentence date = \"19950101\" id =\"T-1\" category=\"DEMO\" "
                    "sentence=\"True\">\n"
                    "<!-- first check -->\n"
                    "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\">"
                    "</EventCoding>\n"
                    "<EventCoding sourcecode=\"GON\" targetcode=\"ARN\" eventcode=\"064\"/>\n"
                    "<Text>\n  Arnor   restored\n ties &amp; trade.\n</Text>\n"
                    "<Parse>\n(ROOT (S (NNP Arnor)))\n</Parse>\n"
                    "</Sentence>\n"
                    "<Stop></Stop>\n"
                    "<Sentence date=\"20080804\" id=\"T-2\" source=\"AFP\" sentence=\"False\">\n"
                    "<EventCoding noevents = \"True\"> </EventCoding>\n"
                    "<Text><![CDATA[Nothing <happened>.]]></Text>\n"
                    "</Sentence>\n"
                    "<Sentence date=\"2008-08-05\">\n<Text>No id.</Text>\n</Sentence>\n"
                    "</Sentences>\n",
                    &d, &rc, &sk);
    CHECK_STR(out,
              "4 T-1 1995-01-01 [Arnor restored ties & trade.] "
              "{\"category\":\"DEMO\",\"sentence\":\"True\",\"expected\":[{\"sourcecode\":\"ARN\","
              "\"targetcode\":\"GON\",\"eventcode\":\"064\"},{\"sourcecode\":\"GON\","
              "\"targetcode\":\"ARN\",\"eventcode\":\"064\"}],\"config\":[{\"option\":"
              "\"require_dyad\",\"value\":\"false\"}]} /first check/ ((ROOT (S (NNP Arnor)))) S\n"
              "17 T-2 2008-08-04 [Nothing <happened>.] {\"source\":\"AFP\",\"sentence\":"
              "\"False\",\"noevents\":true,\"markers\":[\"Stop\"]} S\n"
              "21 in.xml:21 2008-08-05 [No id.] S\n");
    CHECK_INT(rc, 0);
    CHECK_INT(sk, 0);
    CHECK_INT(d.n, 0);
    free(out);
}

TEST(read_xml_malformed_is_fatal_and_quiet)
{
    /* libxml2 must not print on stderr: capture it */
    fflush(stderr);
    int saved = dup(2);
    char errpath[] = "/tmp/annals_read_stderr_XXXXXX";
    int fd = mkstemp(errpath);
    CHECK(fd >= 0 && saved >= 0);
    dup2(fd, 2);
    rt_diag d = {0};
    int rc;
    char *out = xml("<Sentences>\n<Sentence date=\"20010101\" id=\"a\">\n<Text>Fine.</Text>\n"
                    "</Sentence>\n<Sentence date=\"20010102\" id=\"b\">\n"
                    "<Text>Broken</Txet>\n</Sentence>\n</Sentences>\n",
                    &d, &rc, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
    close(fd);
    unlink(errpath);
    CHECK_INT(rc, -1);
    CHECK(strstr(out, "ERROR in.xml:6:") != NULL);
    CHECK(strstr(out, "malformed XML") != NULL);
    free(out);

    rt_diag d2 = {0};
    out = xml("<Sentences><Sentence date=\"20010101\" id=\"a\"><Text>x</Text></Sentence>", &d2,
              &rc, NULL);
    CHECK_INT(rc, -1);
    CHECK(strstr(out, "ERROR in.xml:1:") != NULL);
    free(out);
}

/* fuzz regression: encoding conversion errors went to libxml2's generic
 * error channel and were printed on stderr */
TEST(read_xml_regress_conversion_error_quiet)
{
    fflush(stderr);
    int saved = dup(2);
    char errpath[] = "/tmp/annals_read_stderr_XXXXXX";
    int fd = mkstemp(errpath);
    CHECK(fd >= 0 && saved >= 0);
    dup2(fd, 2);
    rt_diag d = {0};
    int rc;
    char *out = xml("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<Sentences><Sentence "
                    "date=\"20010101\" id=\"a\"><Text>ok \x81\x20 bad</Text></Sentence>"
                    "</Sentences>\n",
                    &d, &rc, NULL);
    char *out2 = xml("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Sentences/>\n", &d, &rc, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
    close(fd);
    unlink(errpath);
    CHECK(strstr(out, "ERROR in.xml:2:") != NULL);
    CHECK(strstr(out, "input conversion failed") != NULL);
    CHECK(strstr(out2, "ERROR in.xml:1:") != NULL);
    free(out);
    free(out2);
    /* a declared single-byte encoding is converted */
    rt_diag d2 = {0};
    out = xml("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Sentences><Sentence "
              "date=\"20010101\" id=\"a\"><Text>caf\xE9</Text></Sentence></Sentences>\n",
              &d2, &rc, NULL);
    CHECK_STR(out, "2 a 2001-01-01 [caf\xC3\xA9] S\n");
    CHECK_INT(d2.n, 0);
    free(out);
}

TEST(read_xml_encoding_repaired)
{
    rt_diag d = {0};
    int rc;
    const char data[] = "<Sentences>\n<Sentence date=\"20010101\" id=\"a\">\n"
                        "<Text>Caf\xC3\xA9 \xFF and \x01 and \0 end.</Text>\n</Sentence>\n"
                        "</Sentences>\n";
    char *out = rt_read_all("in.xml", data, sizeof data - 1, ANNALS_INPUT_PETRARCH_XML, 0, &d, &rc,
                            NULL);
    CHECK_STR(out, "2 a 2001-01-01 [Caf\xC3\xA9 \xEF\xBF\xBD and and end.] S\n");
    CHECK_INT(rc, 0);
    CHECK_INT(d.n, 1); /* one per line */
    CHECK(strstr(d.all, "in.xml:3:12: warning: invalid UTF-8 (byte 0xFF)") != NULL);
    free(out);
}

TEST(read_xml_limits_empty_and_bom)
{
    rt_diag d = {0};
    int rc;
    unsigned long sk;
    const char *data = "\xEF\xBB\xBF<Sentences>\n"
                       "<Sentence date=\"20010101\" id=\"long\"><Text>This text is longer than "
                       "the limit.</Text></Sentence>\n"
                       "<Sentence date=\"20010102\" id=\"ok\"><Text>Short.</Text></Sentence>\n"
                       "</Sentences>\n";
    char *out = rt_read_all("in.xml", data, strlen(data), ANNALS_INPUT_PETRARCH_XML, 20, &d, &rc,
                            &sk);
    CHECK_STR(out, "3 ok 2001-01-02 [Short.] S\n");
    CHECK_INT(sk, 1);
    CHECK(strstr(d.all, "in.xml:2: warning: sentence longer than the limit of 20 bytes") != NULL);
    free(out);

    rt_diag d2 = {0};
    out = xml("", &d2, &rc, NULL);
    CHECK_STR(out, "");
    CHECK_INT(rc, 0);
    CHECK(strstr(d2.all, "in.xml: warning: no stories in in.xml") != NULL);
    free(out);

    rt_diag d3 = {0};
    out = xml("<Sentences>\n</Sentences>\n", &d3, &rc, NULL);
    CHECK_STR(out, "");
    CHECK_INT(rc, 0);
    CHECK_INT(d3.n, 1);
    CHECK(strstr(d3.all, "no stories in in.xml") != NULL);
    free(out);

    rt_diag d4 = {0};
    out = xml("<Sentences><Sentence id=\"x\" date=\"2001-13-01\"><Text>t</Text></Sentence>"
              "<Sentence id=\"y\"><Text>u</Text></Sentence></Sentences>",
              &d4, &rc, NULL);
    CHECK_STR(out, "1 x - [t] S\n1 y - [u] S\n");
    CHECK(strstr(d4.all, "in.xml:1: warning: invalid date \"2001-13-01\"") != NULL);
    CHECK(strstr(d4.all, "in.xml:1: warning: <Sentence> without a date attribute") != NULL);
    free(out);
}

TEST(read_xml_from_file_across_chunks)
{
    /* a file of 2000 sentences (several input chunks), with a multi-byte
     * character in every one so some are cut by a chunk boundary */
    size_t cap = 2000 * 160 + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf + len, cap - len, "<Sentences>\n");
    for (int i = 0; i < 2000; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "<Sentence date=\"20010101\" id=\"s%d\"><Text>Talks in "
                                "Z\xC3\xBCrich, round %d%*s.</Text></Sentence>\n",
                                i, i, i % 13, "");
    len += (size_t)snprintf(buf + len, cap - len, "</Sentences>\n");
    char *path = rt_temp_file(".xml", buf, len);
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
        snprintf(want, sizeof want, "Talks in Z\xC3\xBCrich, round %d%s.", n, n % 13 ? " " : "");
        if (strcmp(s.text, want) || s.line != (unsigned long)n + 2)
            bad++;
        n++;
    }
    CHECK_INT(n, 2000);
    CHECK_INT(bad, 0);
    CHECK_INT(d.n, 0);
    annals_reader_close(r);
    unlink(path);
    free(path);
    free(buf);
}

TEST(read_xml_petrarch_files)
{
    const char *sh = t_shared();
    if (!sh) {
        t_skip("../shared not present");
        return;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/conformance/petrarch/PETR.UnitTest.records.xml", sh);
    rt_diag d = {0};
    annals_reader_options o;
    memset(&o, 0, sizeof o);
    o.diag = rt_diag_fn;
    o.diag_user = &d;
    annals_error err;
    annals_reader *r = annals_reader_open(path, &o, &err);
    CHECK(r != NULL);
    if (!r)
        return;
    annals_story s;
    int n = 0, noevents = 0, expected = 0, parses = 0, configs = 0;
    while (annals_reader_next(r, &s, &err) == 1) {
        if (n == 0) {
            CHECK_STR(s.id, "DEMO-00");
            CHECK_STR(s.date, "1995-01-01");
            CHECK(strstr(s.meta_json, "\"environment\":{\"Verbfile\":\"PETR.Validate.verbs.txt\"") !=
                  NULL);
        }
        CHECK_INT(s.is_sentence, 1);
        if (s.parse && !strncmp(s.parse, "(ROOT", 5))
            parses++;
        if (s.meta_json && strstr(s.meta_json, "\"noevents\":true"))
            noevents++;
        if (s.meta_json && strstr(s.meta_json, "\"expected\":["))
            expected++;
        if (s.meta_json && strstr(s.meta_json, "\"config\":["))
            configs++;
        n++;
    }
    CHECK_INT(n, 284);
    CHECK_INT(noevents, 19);
    CHECK_INT(expected, 284 - 19 - 1); /* PATTERN-06 has no EventCoding at all */
    CHECK(parses > 250);
    CHECK(configs >= 10);
    CHECK_INT(d.n, 0);
    annals_reader_close(r);

    snprintf(path, sizeof path, "%s/reference/texts/GigaWord.sample.PETR.xml", sh);
    r = annals_reader_open(path, &o, &err);
    CHECK(r != NULL);
    n = 0;
    while (r && annals_reader_next(r, &s, &err) == 1) {
        if (n == 0) {
            CHECK_STR(s.id, "AFP0808020625_4");
            CHECK_STR(s.date, "2008-08-04");
            CHECK_STR(s.meta_json, "{\"source\":\"AFP\",\"sentence\":\"True\"}");
            CHECK(strncmp(s.text, "The stopover came as the US leader prepared", 43) == 0);
        }
        n++;
    }
    CHECK_INT(n, 76);
    CHECK_INT(d.n, 0);
    annals_reader_close(r);
}
