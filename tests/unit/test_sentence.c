/* Sentence splitter: every case writes the expected sentences joined by
 * " | ". */
#include "test.h"
#include "text/text.h"

#include <stdlib.h>
#include <time.h>

/* Splits text and joins the sentences with " | " (static buffer). */
static const char *split_n(const char *text, size_t len, size_t max)
{
    static char out[8192];
    an_spanvec sv = {0};
    out[0] = 0;
    if (an_split_sentences(text, len, max, &sv) != 0) {
        snprintf(out, sizeof out, "(error)");
        return out;
    }
    size_t k = 0;
    for (size_t i = 0; i < sv.n; i++) {
        const an_span *s = &sv.v[i];
        if (s->start >= s->end || s->end > len) {
            snprintf(out, sizeof out, "(bad span %zu..%zu)", s->start, s->end);
            break;
        }
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%.*s", i ? " | " : "",
                              (int)(s->end - s->start), text + s->start);
        if (k >= sizeof out)
            break;
    }
    an_spanvec_free(&sv);
    return out;
}

static const char *split(const char *text) { return split_n(text, strlen(text), 0); }

TEST(sentence_basic_terminators)
{
    CHECK_STR(split("The army moved north. The navy stayed. Talks resumed!"),
              "The army moved north. | The navy stayed. | Talks resumed!");
    CHECK_STR(split("Will they sign? Nobody knows."), "Will they sign? | Nobody knows.");
}

TEST(sentence_runs_of_terminators)
{
    CHECK_STR(split("They signed?! Yes, they did."), "They signed?! | Yes, they did.");
    CHECK_STR(split("The talks went on... Then both sides left."),
              "The talks went on... | Then both sides left.");
    CHECK_STR(split("It was late\xE2\x80\xA6 Everyone left."),
              "It was late\xE2\x80\xA6 | Everyone left.");
}

TEST(sentence_no_split_before_lowercase)
{
    CHECK_STR(split("The talks went on... and on into the night."),
              "The talks went on... and on into the night.");
    CHECK_STR(split("\"Why?\" asked the envoy."), "\"Why?\" asked the envoy.");
}

TEST(sentence_titles)
{
    CHECK_STR(split("Mr. Gromyko met Gen. Norstad and Dr. Kissinger. They talked."),
              "Mr. Gromyko met Gen. Norstad and Dr. Kissinger. | They talked.");
    CHECK_STR(split("Lt. Col. Brandt and Capt. Ross of the Adm. Nimitz saw Sen. Byrd."),
              "Lt. Col. Brandt and Capt. Ross of the Adm. Nimitz saw Sen. Byrd.");
    CHECK_STR(split("Gov. Lee and Prof. Tan met Rep. Ortiz and Mrs. Ortiz."),
              "Gov. Lee and Prof. Tan met Rep. Ortiz and Mrs. Ortiz.");
}

TEST(sentence_places_with_abbreviations)
{
    CHECK_STR(split("Crowds gathered in St. Petersburg and Ft. Worth. Police watched."),
              "Crowds gathered in St. Petersburg and Ft. Worth. | Police watched.");
    CHECK_STR(split("Climbers reached Mt. Everest."), "Climbers reached Mt. Everest.");
}

TEST(sentence_months)
{
    CHECK_STR(split("The treaty was signed on Jan. 5 in Paris. It took effect in Sept. 1951."),
              "The treaty was signed on Jan. 5 in Paris. | It took effect in Sept. 1951.");
    CHECK_STR(split("Elections were held in Oct. The results came late."),
              "Elections were held in Oct. | The results came late.");
}

TEST(sentence_initials)
{
    CHECK_STR(split("J. F. Kennedy spoke. V. I. Lenin wrote."),
              "J. F. Kennedy spoke. | V. I. Lenin wrote.");
    CHECK_STR(split("The paper by A. B. Smith appeared."), "The paper by A. B. Smith appeared.");
}

TEST(sentence_acronyms_mid_sentence)
{
    CHECK_STR(split("Guards at the U.S. embassy and U.N. forces waited."),
              "Guards at the U.S. embassy and U.N. forces waited.");
    CHECK_STR(split("The U.S. Senate voted."), "The U.S. Senate voted.");
}

TEST(sentence_acronym_at_sentence_end)
{
    CHECK_STR(split("Troops returned to the U.S. The war was over."),
              "Troops returned to the U.S. | The war was over.");
    CHECK_STR(split("Aid arrived from the U.N. They welcomed it."),
              "Aid arrived from the U.N. | They welcomed it.");
    CHECK_STR(split("The meeting ended at 5 p.m. Monday was quiet."),
              "The meeting ended at 5 p.m. Monday was quiet.");
    CHECK_STR(split("The meeting ended at 5 p.m. In the morning, talks resumed."),
              "The meeting ended at 5 p.m. | In the morning, talks resumed.");
}

TEST(sentence_decimals_and_numbers)
{
    CHECK_STR(split("Output rose 3.5 percent. Exports fell 2.25 percent."),
              "Output rose 3.5 percent. | Exports fell 2.25 percent.");
    CHECK_STR(split("The war ended in 1945. 1946 was calm."),
              "The war ended in 1945. | 1946 was calm.");
}

TEST(sentence_numbered_items)
{
    CHECK_STR(split("Resolution No. 242 was passed. See Vol. 3 for details."),
              "Resolution No. 242 was passed. | See Vol. 3 for details.");
    CHECK_STR(split("He said no. The room was silent."), "He said no. | The room was silent.");
}

TEST(sentence_company_suffixes)
{
    CHECK_STR(split("Shares of Acme Inc. rose. Acme Inc. Chairman Smith resigned."),
              "Shares of Acme Inc. rose. | Acme Inc. Chairman Smith resigned.");
    CHECK_STR(split("He joined Acme Corp. The firm grew."), "He joined Acme Corp. | The firm grew.");
    CHECK_STR(split("Martin Luther King Jr. spoke. Crowds cheered."),
              "Martin Luther King Jr. spoke. | Crowds cheered.");
}

TEST(sentence_latin_abbreviations)
{
    CHECK_STR(split("Several states, e.g. Chad and Mali, abstained. Others voted."),
              "Several states, e.g. Chad and Mali, abstained. | Others voted.");
    CHECK_STR(split("Neighbours, i.e. Benin, objected. Cf. Table 2 for the vote."),
              "Neighbours, i.e. Benin, objected. | Cf. Table 2 for the vote.");
    CHECK_STR(split("Israel vs. Egypt was the topic."), "Israel vs. Egypt was the topic.");
    CHECK_STR(split("They brought tanks, guns etc. and more arms."),
              "They brought tanks, guns etc. and more arms.");
}

TEST(sentence_closing_quotes_belong_to_sentence)
{
    CHECK_STR(split("He said, \"We will fight.\" The crowd cheered."),
              "He said, \"We will fight.\" | The crowd cheered.");
    CHECK_STR(split("She wrote \xE2\x80\x9CNever again.\xE2\x80\x9D Then she left."),
              "She wrote \xE2\x80\x9CNever again.\xE2\x80\x9D | Then she left.");
    CHECK_STR(split("(The vote was close.) Delegates left."),
              "(The vote was close.) | Delegates left.");
}

TEST(sentence_opening_quote_starts_sentence)
{
    CHECK_STR(split("Talks failed. \"We tried,\" the envoy said."),
              "Talks failed. | \"We tried,\" the envoy said.");
    CHECK_STR(split("Talks failed. (Both sides blamed the other.)"),
              "Talks failed. | (Both sides blamed the other.)");
}

TEST(sentence_paragraph_breaks)
{
    CHECK_STR(split("HEADLINE WITHOUT A STOP\n\nThe story starts here."),
              "HEADLINE WITHOUT A STOP | The story starts here.");
    CHECK_STR(split("First paragraph\n  \t \r\nsecond paragraph"),
              "First paragraph | second paragraph");
    CHECK_STR(split("A line wrapped\nin the middle of a sentence."),
              "A line wrapped\nin the middle of a sentence.");
}

TEST(sentence_newline_after_terminator)
{
    CHECK_STR(split("The army moved.\nThe navy stayed."), "The army moved. | The navy stayed.");
}

TEST(sentence_trims_white_space)
{
    CHECK_STR(split("   Leading and trailing.   \n\n\n   Next one.  \n"),
              "Leading and trailing. | Next one.");
    CHECK_STR(split(""), "");
    CHECK_STR(split(" \n\t\n "), "");
}

TEST(sentence_unicode_uppercase_start)
{
    CHECK_STR(split("They met in Paris. \xC3\x89migr\xC3\xA9s protested."),
              "They met in Paris. | \xC3\x89migr\xC3\xA9s protested.");
    CHECK_STR(split("A. \xC3\x96zal spoke."), "A. \xC3\x96zal spoke.");
}

TEST(sentence_digit_start)
{
    CHECK_STR(split("Fighting ended. 200 soldiers went home."),
              "Fighting ended. | 200 soldiers went home.");
}

TEST(sentence_web_noise)
{
    CHECK_STR(split("Home | News | World | Sport\n\n==========\n\nThe summit opened."),
              "Home | News | World | Sport | ========== | The summit opened.");
    CHECK_STR(split("!!!!!!!! ???? .... ...."), "!!!!!!!! ???? .... ....");
}

TEST(sentence_max_bytes_cuts_at_white_space)
{
    /* 30-byte limit on a line without terminators */
    const char *t = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    an_spanvec sv = {0};
    CHECK_INT(an_split_sentences(t, strlen(t), 30, &sv), 0);
    CHECK(sv.n >= 2);
    for (size_t i = 0; i < sv.n; i++) {
        CHECK(sv.v[i].end - sv.v[i].start <= 30);
        CHECK(t[sv.v[i].start] != ' ' && t[sv.v[i].end - 1] != ' ');
    }
    an_spanvec_free(&sv);
    CHECK_STR(split_n(t, strlen(t), 30),
              "alpha beta gamma delta epsilon | zeta eta theta iota kappa");
}

TEST(sentence_max_bytes_hard_cut_keeps_utf8)
{
    /* no white space at all: cut at the limit, never inside a character */
    char t[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++) {
        memcpy(t + n, "\xC3\xA9", 2); /* é */
        n += 2;
        t[n++] = 'x';
    }
    an_spanvec sv = {0};
    CHECK_INT(an_split_sentences(t, n, 16, &sv), 0);
    size_t covered = 0;
    for (size_t i = 0; i < sv.n; i++) {
        CHECK(sv.v[i].end - sv.v[i].start <= 16);
        CHECK(((unsigned char)t[sv.v[i].start] & 0xC0) != 0x80);
        covered += sv.v[i].end - sv.v[i].start;
    }
    CHECK_INT(covered, n);
    an_spanvec_free(&sv);
}

TEST(sentence_long_terminator_run_respects_limit)
{
    char t[300];
    memset(t, '!', sizeof t);
    memcpy(t, "Stop", 4);
    t[250] = ' ';
    t[251] = 'A';
    an_spanvec sv = {0};
    CHECK_INT(an_split_sentences(t, sizeof t, 64, &sv), 0);
    for (size_t i = 0; i < sv.n; i++)
        CHECK(sv.v[i].end - sv.v[i].start <= 64);
    an_spanvec_free(&sv);
}

/* CPU seconds to split n bytes of the repeating pattern pat */
static double split_secs(const char *pat, size_t n, size_t max_len, size_t *nsent)
{
    char *t = malloc(n);
    if (!t)
        return -1.0;
    size_t pl = strlen(pat);
    for (size_t i = 0; i < n; i++)
        t[i] = pat[i % pl];
    an_spanvec sv = {0};
    clock_t c0 = clock();
    int rc = an_split_sentences(t, n, max_len, &sv);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    *nsent = rc == 0 ? sv.n : 0;
    an_spanvec_free(&sv);
    free(t);
    return rc == 0 ? secs : -1.0;
}

TEST(sentence_linear_time_on_adversarial_input)
{
    /* abbreviation-like tokens, dots and spaces: the splitter must stay
       linear.  Compared as a ratio (8x the input may take at most 24x the
       time; a quadratic splitter takes 64x), so the test holds under
       valgrind and on a loaded machine; a small absolute time always passes. */
    static const char *pats[] = {"U.S. Mr. a.b.c.d.e. J. ... ?! \n \n", "."};
    static const size_t max_len[] = {0, 1000};
    for (int k = 0; k < 2; k++) {
        size_t small_n = 512u << 10, big_n = 4u << 20, ns = 0, nb = 0;
        double small = split_secs(pats[k], small_n, max_len[k], &ns);
        double big = split_secs(pats[k], big_n, max_len[k], &nb);
        CHECK(small >= 0 && big >= 0);
        CHECK(nb > 1000);
        CHECK(nb >= ns * 7);
        if (small < 0.01)
            small = 0.01;
        CHECK(big < 0.5 || big < 24 * small);
    }
}

TEST(sentence_spans_are_ordered_and_inside)
{
    const char *t = "One. Two! Three? \"Four.\" (Five.) Six... Seven\n\nEight";
    an_spanvec sv = {0};
    CHECK_INT(an_split_sentences(t, strlen(t), 0, &sv), 0);
    CHECK_INT(sv.n, 8);
    size_t prev = 0;
    for (size_t i = 0; i < sv.n; i++) {
        CHECK(sv.v[i].start >= prev);
        CHECK(sv.v[i].start < sv.v[i].end);
        CHECK(sv.v[i].end <= strlen(t));
        prev = sv.v[i].end;
    }
    an_spanvec_free(&sv);
}

TEST(sentence_appends_to_existing_vector)
{
    an_spanvec sv = {0};
    CHECK_INT(an_spanvec_push(&sv, 0, 3), 0);
    CHECK_INT(an_split_sentences("A b. C d.", 9, 0, &sv), 0);
    CHECK_INT(sv.n, 3);
    CHECK_INT(sv.v[0].end, 3);
    CHECK_INT(sv.v[1].start, 0);
    CHECK_INT(sv.v[1].end, 4);
    CHECK_INT(sv.v[2].start, 5);
    an_spanvec_free(&sv);
    CHECK(sv.v == NULL && sv.n == 0);
}

TEST(sentence_allocation_failure_reported)
{
    an_spanvec sv = {0};
    an_alloc_fail_at(1);
    int rc = an_split_sentences("One. Two. Three.", 16, 0, &sv);
    an_alloc_fail_at(0);
    CHECK_INT(rc, -1);
    an_spanvec_free(&sv);
}

/* fuzz regression: a multi-byte terminator (U+2026) straddling max_bytes at
 * the end of the text gave a sentence one byte over the limit */
TEST(sentence_regress_multibyte_terminator_at_limit)
{
    const char *t = "ab e?d\xE2\x80\xA6";
    an_spanvec sv = {0};
    CHECK_INT(an_split_sentences(t, strlen(t), 8, &sv), 0);
    CHECK(sv.n >= 2);
    for (size_t i = 0; i < sv.n; i++)
        CHECK(sv.v[i].end - sv.v[i].start <= 8);
    CHECK_INT(sv.v[sv.n - 1].end, strlen(t));
    an_spanvec_free(&sv);
    CHECK_STR(split_n(t, strlen(t), 8), "ab | e?d\xE2\x80\xA6");
}
