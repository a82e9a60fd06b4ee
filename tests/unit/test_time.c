/* Unit tests for the temporal tagger (src/time). */
#include "test.h"
#include "time/eventdate.h"
#include "time/timex.h"

#include <stdlib.h>
#include <string.h>

/* Tags `text` and renders every expression as "text=value" joined by '|'. */
static const char *tagged(const char *text, const char *dct, annals_date_mode mode)
{
    static char buf[4096];
    buf[0] = 0;
    annals_error err;
    annals_tagger *t = annals_tagger_new(&err);
    if (!t)
        return "(no tagger)";
    const annals_timex *xs;
    size_t n;
    if (annals_tagger_tag(t, text, strlen(text), dct, mode, &xs, &n, &err) != ANNALS_OK) {
        annals_tagger_free(t);
        return "(error)";
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf - 200; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%.*s=%s", i ? "|" : "", (int)(xs[i].end - xs[i].start),
                              text + xs[i].start, xs[i].value);
    annals_tagger_free(t);
    return buf;
}

#define NEWS ANNALS_DATES_NEWS
#define NARR ANNALS_DATES_NARRATIVE

TEST(time_calendar)
{
    CHECK_INT(an_days_from_civil(1970, 1, 1), 0);
    CHECK_INT(an_days_from_civil(2000, 3, 1), 11017);
    int y, m, d;
    an_civil_from_days(11017, &y, &m, &d);
    CHECK_INT(y, 2000);
    CHECK_INT(m, 3);
    CHECK_INT(d, 1);
    CHECK_INT(an_weekday(an_days_from_civil(1956, 10, 23)), 1); /* a Tuesday */
    CHECK_INT(an_days_in_month(1900, 2), 28);
    CHECK_INT(an_days_in_month(2000, 2), 29);
    int iy;
    CHECK_INT(an_iso_week(2013, 3, 22, &iy), 12);
    CHECK_INT(an_iso_week(2010, 1, 2, &iy), 53);
    CHECK_INT(iy, 2009);
    CHECK_INT(an_parse_ymd("1956-10-19", &y, &m, &d), 0);
    CHECK_INT(an_parse_ymd("1956-02-30", &y, &m, &d), -1);
    CHECK_INT(an_parse_ymd("1956-1-19", &y, &m, &d), -1);
}

TEST(time_absolute_orders)
{
    CHECK_STR(tagged("Signed on May 31, 1924 in Peking.", NULL, NEWS), "May 31, 1924=1924-05-31");
    CHECK_STR(tagged("Signed on 31 May 1924.", NULL, NEWS), "31 May 1924=1924-05-31");
    CHECK_STR(tagged("Dated 1924-05-31 and 1950-02.", NULL, NEWS), "1924-05-31=1924-05-31|1950-02=1950-02");
    CHECK_STR(tagged("Filed 5/31/1924 and 31.05.1924.", NULL, NEWS), "5/31/1924=1924-05-31|31.05.1924=1924-05-31");
    CHECK_STR(tagged("In 1955, on January 25, talks began.", NULL, NARR), "1955=1955|January 25=1955-01-25");
    CHECK_STR(tagged("It was the same 1956, October 19, in Moscow.", NULL, NARR),
              "the same 1956, October 19=1956-10-19");
    CHECK_STR(tagged("By Sept. 30 the talks ended.", "1989-11-02", NEWS), "Sept. 30=1989-09-30");
    CHECK_STR(tagged("In February 1950 a treaty was signed.", NULL, NEWS), "February 1950=1950-02");
}

TEST(time_ranges)
{
    CHECK_STR(tagged("The war of 1924-1927 ended.", NULL, NEWS), "1924=1924|1927=1927");
    CHECK_STR(tagged("He toured from September 15 to September 27, 1959.", "2001-01-01", NEWS),
              "September 15=1959-09-15|September 27, 1959=1959-09-27");
}

TEST(time_decades_centuries)
{
    CHECK_STR(tagged("In the 1950s and the mid-1950s and the '60s.", NULL, NEWS),
              "the 1950s=195X|the mid-1950s=195X|the '60s=196X");
    CHECK_STR(tagged("Throughout the XX century.", NULL, NEWS), "the XX century=19XX");
    CHECK_STR(tagged("By the twentieth century and the 19th century.", NULL, NEWS),
              "the twentieth century=19XX|the 19th century=18XX");
    CHECK_STR(tagged("In the second decade of the XXI century.", NULL, NEWS),
              "the second decade of the XXI century=201X");
}

TEST(time_parts_and_seasons)
{
    CHECK_STR(tagged("In early 1941 and at the end of 1932.", NULL, NEWS), "early 1941=1941|the end of 1932=1932");
    CHECK_STR(tagged("In mid-May the envoys met.", "1957-08-01", NARR), "mid-May=1957-05");
    CHECK_STR(tagged("In the spring of 1941 and summer 1942.", NULL, NEWS),
              "the spring of 1941=1941-SP|summer 1942=1942-SU");
    CHECK_STR(tagged("Profit fell in the third quarter.", "1989-11-02", NEWS), "the third quarter=1989-Q3");
    CHECK_STR(tagged("In the first half of 1956 trade grew.", NULL, NEWS), "the first half of 1956=1956-H1");
}

TEST(time_relative_news)
{
    const char *dct = "2013-03-22"; /* a Friday */
    CHECK_STR(tagged("He spoke on Wednesday.", dct, NEWS), "Wednesday=2013-03-20");
    CHECK_STR(tagged("She will speak on Wednesday.", dct, NEWS), "Wednesday=2013-03-27");
    CHECK_STR(tagged("They met last Tuesday.", dct, NEWS), "last Tuesday=2013-03-19");
    CHECK_STR(tagged("Sales rose last month and last year.", dct, NEWS), "last month=2013-02|last year=2012");
    CHECK_STR(tagged("He left two years ago, yesterday and today.", dct, NEWS),
              "two years ago=2011|yesterday=2013-03-21|today=2013-03-22");
    CHECK_STR(tagged("The vote is next week.", dct, NEWS), "next week=2013-W13");
    CHECK_STR(tagged("Talks lasted three years, and the two-year plan failed.", dct, NEWS),
              "three years=P3Y|two-year=P2Y");
    CHECK_STR(tagged("They meet daily and every week.", dct, NEWS), "daily=P1D|every week=P1W");
    CHECK_STR(tagged("It is now clear.", dct, NEWS), "now=PRESENT_REF");
    CHECK_STR(tagged("At 5 p.m. the talks ended.", dct, NEWS), "5 p.m.=2013-03-22T17:00");
}

TEST(time_relative_narrative)
{
    const char *text = "In 1956 the USSR returned Porkkala-Udd to Finland. The following year the talks "
                       "resumed. Two years later they failed.";
    CHECK_STR(tagged(text, "2018-03-09", NARR), "1956=1956|The following year=1957|Two years later=1959");
    /* news mode: deictic expressions use the story date; anaphoric ones the last date */
    CHECK_STR(tagged("In 1956 it was signed. Last year it was annulled.", "2018-03-09", NEWS),
              "1956=1956|Last year=2017");
    CHECK_STR(tagged("In 1956 it was signed. Last year it was annulled.", "2018-03-09", NARR),
              "1956=1956|Last year=1955");
    /* auto: far from the story date means narrative */
    CHECK_STR(tagged("In 1956 it was signed. Last year it was annulled.", "2018-03-09", ANNALS_DATES_AUTO),
              "1956=1956|Last year=1955");
    CHECK_STR(tagged("In 2017 it was signed. Last year it was annulled.", "2018-03-09", ANNALS_DATES_AUTO),
              "2017=2017|Last year=2017");
    CHECK_STR(tagged("On October 19, 1956 they met. On Wednesday they parted.", NULL, NARR),
              "October 19, 1956=1956-10-19|Wednesday=1956-10-24");
    /* no reference time at all: the value stays open */
    CHECK_STR(tagged("The following year they met.", NULL, NARR), "The following year=XXXX");
}

TEST(time_harmless_input)
{
    /* impossible dates are not tagged as dates */
    CHECK_STR(tagged("It happened on February 30.", "2000-01-01", NEWS), "");
    CHECK_STR(tagged("On February 30, 1956 nothing happened.", NULL, NEWS), "1956=1956");
    CHECK_STR(tagged("Dated 1956-02-30 and 13/45/1956.", NULL, NEWS), "");
    /* two-digit years are not guessed */
    CHECK_STR(tagged("Filed 5/31/56 and in '56 again.", NULL, NEWS), "");
    /* years BC */
    CHECK_STR(tagged("Rome fell to nobody in 44 BC or 300 B.C.", NULL, NEWS), "44 BC=BC0044|300 B.C.=BC0300");
    /* numbers that are not years */
    CHECK_STR(tagged("It cost 300 million and 1950 people came by Route 1950 and $2000.", NULL, NEWS), "");
    CHECK_STR(tagged("About 1,950 troops and 1950.5 tons.", NULL, NEWS), "");
    /* a bad story date is an error, not a crash */
    annals_error err;
    annals_tagger *t = annals_tagger_new(&err);
    const annals_timex *xs;
    size_t n;
    CHECK_INT(annals_tagger_tag(t, "x", 1, "1956-13-01", NEWS, &xs, &n, &err), ANNALS_ERR_ARG);
    CHECK_INT(annals_tagger_tag(t, NULL, 0, NULL, NEWS, &xs, &n, &err), ANNALS_OK);
    CHECK_INT(n, 0);
    annals_tagger_free(t);
}

TEST(time_names_and_modes)
{
    annals_date_mode m;
    CHECK_INT(annals_date_mode_parse("news", &m), 0);
    CHECK_INT(m, ANNALS_DATES_NEWS);
    CHECK_INT(annals_date_mode_parse("narrative", &m), 0);
    CHECK_INT(m, ANNALS_DATES_NARRATIVE);
    CHECK_INT(annals_date_mode_parse("auto", &m), 0);
    CHECK_INT(m, ANNALS_DATES_AUTO);
    CHECK_INT(annals_date_mode_parse("history", &m), -1);
    CHECK_STR(annals_date_precision_name(ANNALS_PREC_DECADE), "decade");
    CHECK_STR(annals_date_precision_name(ANNALS_PREC_DAY), "day");
    CHECK_STR(annals_timex_type_name(ANNALS_TIMEX_DURATION), "DURATION");
    CHECK_STR(annals_timex_type_name(ANNALS_TIMEX_SET), "SET");
}

TEST(time_precision_and_offsets)
{
    annals_error err;
    annals_tagger *t = annals_tagger_new(&err);
    const char *text = "On 19 October 1956 and in October 1956 and in 1956 and the 1950s.";
    const annals_timex *xs;
    size_t n;
    CHECK_INT(annals_tagger_tag(t, text, strlen(text), NULL, NEWS, &xs, &n, &err), ANNALS_OK);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_INT(xs[0].precision, ANNALS_PREC_DAY);
        CHECK_INT(xs[1].precision, ANNALS_PREC_MONTH);
        CHECK_INT(xs[2].precision, ANNALS_PREC_YEAR);
        CHECK_INT(xs[3].precision, ANNALS_PREC_DECADE);
        CHECK_INT(xs[0].start, 3);
        CHECK_INT(xs[0].end, 18);
        CHECK_INT(xs[0].type, ANNALS_TIMEX_DATE);
        CHECK(xs[0].anchored);
    }
    annals_tagger_free(t);
}

TEST(time_alloc_failures)
{
    const char *text = "In 1956 the USSR returned Porkkala-Udd. The following year, on May 3, talks began.";
    for (unsigned long k = 1; k < 12; k++) {
        an_alloc_fail_at(k);
        annals_error err;
        annals_tagger *t = annals_tagger_new(&err);
        if (t) {
            const annals_timex *xs;
            size_t n;
            annals_status st = annals_tagger_tag(t, text, strlen(text), NULL, NARR, &xs, &n, &err);
            CHECK(st == ANNALS_OK || st == ANNALS_ERR_NOMEM);
            if (st == ANNALS_OK)
                CHECK_INT(n, 3);
            annals_tagger_free(t);
        }
        an_alloc_fail_at(0);
    }
}

TEST(time_sentence_dates)
{
    const char *text = "In 1956 the USSR returned Porkkala-Udd to Finland. The talks went on. "
                       "On October 19, 1956 a declaration was signed. It was praised.";
    an_span sents[4];
    const char *starts[4] = {"In 1956", "The talks", "On October", "It was"};
    for (int i = 0; i < 4; i++) {
        sents[i].start = (size_t)(strstr(text, starts[i]) - text);
        sents[i].end = i < 3 ? (size_t)(strstr(text, starts[i + 1]) - text - 1) : strlen(text);
    }
    annals_error err;
    annals_tagger *t = annals_tagger_new(&err);
    an_sentdate out[4];
    CHECK_INT(an_date_sentences(t, text, strlen(text), sents, 4, "2018-03-09", NARR, out, &err), ANNALS_OK);
    CHECK_STR(out[0].date, "1956");
    CHECK_INT(out[0].source, 1);
    CHECK_INT(out[0].precision, ANNALS_PREC_YEAR);
    CHECK_INT(out[0].text_start, 3);
    CHECK_INT(out[0].text_end, 7);
    CHECK_STR(out[1].date, "1956");
    CHECK_INT(out[1].source, 2);
    CHECK_STR(out[2].date, "1956-10-19");
    CHECK_INT(out[2].source, 1);
    CHECK_STR(out[3].date, "1956-10-19");
    CHECK_INT(out[3].source, 2);
    CHECK_STR(an_date_source_name(out[3].source), "context");
    /* news: sentences without a date get the story date */
    CHECK_INT(an_date_sentences(t, text, strlen(text), sents, 4, "2018-03-09", NEWS, out, &err), ANNALS_OK);
    CHECK_STR(out[1].date, "2018-03-09");
    CHECK_INT(out[1].source, 3);
    CHECK_INT(out[1].text_start, 0);
    CHECK_INT(out[1].text_end, 0);
    CHECK_STR(out[0].date, "1956");
    /* no story date in news mode: nothing */
    CHECK_INT(an_date_sentences(t, text, strlen(text), sents, 4, NULL, NEWS, out, &err), ANNALS_OK);
    CHECK_STR(out[1].date, "");
    CHECK_INT(out[1].source, 0);
    annals_tagger_free(t);
}

TEST(time_words_sets_and_tense)
{
    CHECK_STR(tagged("It was built in nineteen ninety-six.", NULL, NEWS), "nineteen ninety-six=1996");
    CHECK_STR(tagged("They meet each July and every other year.", NULL, NEWS), "each July=XXXX-07|every other year=P2Y");
    /* a partial date far after the story date is last year's, unless the future is meant */
    CHECK_STR(tagged("The talks failed in November.", "2013-03-22", NEWS), "November=2012-11");
    CHECK_STR(tagged("The talks will resume in November.", "2013-03-22", NEWS), "November=2013-11");
    CHECK_STR(tagged("The talks resumed in April.", "2013-03-22", NEWS), "April=2013-04");
    /* the article of an adjective stays outside; ages are not durations */
    CHECK_STR(tagged("The third-quarter profit and the two-year plan.", "1989-11-02", NEWS),
              "third-quarter=1989-Q3|two-year=P2Y");
    /* names are not months; attributive years set no narrative reference */
    CHECK_STR(tagged("The October Revolution came in 1917.", NULL, NEWS), "1917=1917");
    CHECK_STR(tagged("On April 3, 1979 it dropped the 1950 treaty. That autumn talks began.", NULL, NARR),
              "April 3, 1979=1979-04-03|1950=1950|That autumn=1979-FA");
    /* clock time with precision */
    annals_error err;
    annals_tagger *t = annals_tagger_new(&err);
    const annals_timex *xs;
    size_t n;
    CHECK_INT(annals_tagger_tag(t, "at 10:30 a.m. EST", 17, "2013-03-22", NEWS, &xs, &n, &err), ANNALS_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(xs[0].value, "2013-03-22T10:30");
        CHECK_INT(xs[0].type, ANNALS_TIMEX_TIME);
        CHECK_INT(xs[0].precision, ANNALS_PREC_DAY);
    }
    annals_tagger_free(t);
}

/* the tagger tries only the matchers a token can start (src/time/tagger.c,
   MATCHERS[]): expressions that start on THE, A, a number, a Roman numeral
   or a lexicon word must still be found, and ordinary nouns after THE not */
TEST(time_start_masks)
{
    const char *dct = "2013-03-22";
    CHECK_STR(tagged("The minister spoke to the press.", dct, NEWS), "");
    CHECK_STR(tagged("He resigned the same day.", dct, NEWS), "the same day=2013-03-22");
    CHECK_STR(tagged("She left a few years ago.", dct, NEWS), "a few years ago=PAST_REF");
    CHECK_STR(tagged("The talks began in the 1960s.", dct, NEWS), "the 1960s=196X");
    CHECK_STR(tagged("In the XX century wars grew.", dct, NEWS), "the XX century=19XX");
    CHECK_STR(tagged("Troops left on 5 May 1955.", dct, NEWS), "5 May 1955=1955-05-05");
}
