/* The temporal tagger: finds temporal expressions in English text and
 * normalises them to TIMEX3 values.
 *
 * One left-to-right pass splits the text into tokens (words, numbers,
 * punctuation) and classifies each word with one hash look-up in a small
 * lexicon.  A second pass walks the tokens and, at each position, tries a
 * fixed set of hand-written matchers over the token classes, keeping the
 * longest match.  A third pass resolves each expression against its
 * reference time: the story date (news) or the last date the text
 * established (narrative).  No regular expressions are involved. */
#include "time/timex.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Lexicon                                                             */
/* ------------------------------------------------------------------ */

enum cls {
    C_NONE = 0,
    C_MONTH,   /* val 1..12; flag F_ABBR for "Jan", "Sept"            */
    C_WDAY,    /* val 0 (Monday) .. 6                                  */
    C_UNIT,    /* val enum unit; flag F_PL for plural                  */
    C_NUMW,    /* number word, val                                     */
    C_ORDW,    /* ordinal word, val                                    */
    C_SEASON,  /* val 1 SP, 2 SU, 3 FA, 4 WI                           */
    C_POD,     /* part of day: val 1 MO, 2 AF, 3 EV, 4 NI              */
    C_DECW,    /* "fifties": val 5                                     */
    C_SETW,    /* "daily": val unit                                    */
    C_MEASURE, /* a following word that makes a number not a year     */
    C_NOYEAR,  /* a preceding word that makes a number not a year     */
    C_HOLI,    /* holiday, val month*100+day (0 = computed)            */
    C_TZ,      /* time zone after a clock time                         */
    C_ROMAN,   /* upper-case Roman numeral (assigned by the tokenizer) */
    C_W        /* a function word: val is its W_ id                    */
};

enum unit { U_NONE = 0, U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_WEEKEND, U_MONTH, U_QUARTER,
            U_YEAR, U_DECADE, U_CENTURY };

enum wid {
    W_THE = 1, W_OF, W_A, W_AN, W_LAST, W_NEXT, W_THIS, W_PAST, W_PREVIOUS, W_COMING,
    W_FOLLOWING, W_SAME, W_THAT, W_CURRENT, W_RECENT, W_UPCOMING, W_EARLY, W_LATE, W_MID,
    W_MIDDLE, W_BEGINNING, W_START, W_END, W_CLOSE, W_HALF, W_AGO, W_LATER, W_EARLIER,
    W_BEFORE, W_AFTER, W_HENCE, W_EVERY, W_EACH, W_TODAY, W_YESTERDAY, W_TOMORROW,
    W_TONIGHT, W_NOW, W_CURRENTLY, W_RECENTLY, W_SOON, W_PREVIOUSLY, W_FUTURE, W_PRESENT,
    W_NOWADAYS, W_FORMERLY, W_LATELY, W_FISCAL, W_NOON, W_MIDNIGHT, W_AM, W_PM, W_BC,
    W_AD, W_BCE, W_CE, W_FEW, W_SEVERAL, W_COUPLE, W_MANY, W_SOME, W_IN, W_ON, W_AT,
    W_SINCE, W_BY, W_FROM, W_TO, W_UNTIL, W_TILL, W_THROUGH, W_AND, W_DURING, W_S, W_ST,
    W_ND, W_RD, W_TH, W_TURN, W_WILL, W_SHALL, W_LL, W_FOR, W_MORE, W_LESS, W_THAN,
    W_ABOUT, W_NEARLY, W_ALMOST, W_LEAST, W_ROUGHLY, W_APPROXIMATELY, W_OVER, W_UP,
    W_LATEST, W_OCLOCK, W_O, W_CLOCK, W_ONE, W_HUNDRED, W_OTHER, W_YEAR_AGO_ADJ,
    W_DAY, W_EVE, W_NEW, W_YEARS_PL, W_WITHIN, W_AROUND, W_EARLIEST, W_BACK, W_PERIOD,
    W_SECOND, W_SECONDS, W_TIME, W_ENDING, W_FIRST, W_FINAL, W_IS, W_ARE, W_PLAN,
    W_EXPECT, W_SCHEDULED, W_WOULD
};

#define F_ABBR 1
#define F_PL 2
#define F_NOCAP 4 /* month name that is also an ordinary word: needs context */

typedef struct lex {
    const char *s;
    unsigned char cls;
    signed char flags;
    short val;
} lex;

static const lex LEXICON[] = {
    {"january", C_MONTH, 0, 1}, {"jan", C_MONTH, F_ABBR, 1}, {"february", C_MONTH, 0, 2},
    {"feb", C_MONTH, F_ABBR, 2}, {"march", C_MONTH, F_NOCAP, 3}, {"mar", C_MONTH, F_ABBR, 3},
    {"april", C_MONTH, 0, 4}, {"apr", C_MONTH, F_ABBR, 4}, {"may", C_MONTH, F_NOCAP, 5},
    {"june", C_MONTH, 0, 6}, {"jun", C_MONTH, F_ABBR, 6}, {"july", C_MONTH, 0, 7},
    {"jul", C_MONTH, F_ABBR, 7}, {"august", C_MONTH, 0, 8}, {"aug", C_MONTH, F_ABBR, 8},
    {"september", C_MONTH, 0, 9}, {"sep", C_MONTH, F_ABBR, 9}, {"sept", C_MONTH, F_ABBR, 9},
    {"october", C_MONTH, 0, 10}, {"oct", C_MONTH, F_ABBR, 10}, {"november", C_MONTH, 0, 11},
    {"nov", C_MONTH, F_ABBR, 11}, {"december", C_MONTH, 0, 12}, {"dec", C_MONTH, F_ABBR, 12},
    {"monday", C_WDAY, 0, 0}, {"tuesday", C_WDAY, 0, 1}, {"wednesday", C_WDAY, 0, 2},
    {"thursday", C_WDAY, 0, 3}, {"friday", C_WDAY, 0, 4}, {"saturday", C_WDAY, 0, 5},
    {"sunday", C_WDAY, 0, 6},
    {"minute", C_UNIT, 0, U_MIN}, {"minutes", C_UNIT, F_PL, U_MIN},
    {"hour", C_UNIT, 0, U_HOUR}, {"hours", C_UNIT, F_PL, U_HOUR},
    {"day", C_UNIT, 0, U_DAY}, {"days", C_UNIT, F_PL, U_DAY},
    {"week", C_UNIT, 0, U_WEEK}, {"weeks", C_UNIT, F_PL, U_WEEK},
    {"weekend", C_UNIT, 0, U_WEEKEND}, {"weekends", C_UNIT, F_PL, U_WEEKEND},
    {"fortnight", C_UNIT, 0, U_WEEK},
    {"month", C_UNIT, 0, U_MONTH}, {"months", C_UNIT, F_PL, U_MONTH},
    {"quarter", C_UNIT, 0, U_QUARTER}, {"quarters", C_UNIT, F_PL, U_QUARTER},
    {"year", C_UNIT, 0, U_YEAR}, {"years", C_UNIT, F_PL, U_YEAR},
    {"decade", C_UNIT, 0, U_DECADE}, {"decades", C_UNIT, F_PL, U_DECADE},
    {"century", C_UNIT, 0, U_CENTURY}, {"centuries", C_UNIT, F_PL, U_CENTURY},
    {"one", C_NUMW, 0, 1}, {"two", C_NUMW, 0, 2}, {"three", C_NUMW, 0, 3},
    {"four", C_NUMW, 0, 4}, {"five", C_NUMW, 0, 5}, {"six", C_NUMW, 0, 6},
    {"seven", C_NUMW, 0, 7}, {"eight", C_NUMW, 0, 8}, {"nine", C_NUMW, 0, 9},
    {"ten", C_NUMW, 0, 10}, {"eleven", C_NUMW, 0, 11}, {"twelve", C_NUMW, 0, 12},
    {"thirteen", C_NUMW, 0, 13}, {"fourteen", C_NUMW, 0, 14}, {"fifteen", C_NUMW, 0, 15},
    {"sixteen", C_NUMW, 0, 16}, {"seventeen", C_NUMW, 0, 17}, {"eighteen", C_NUMW, 0, 18},
    {"nineteen", C_NUMW, 0, 19}, {"twenty", C_NUMW, 0, 20}, {"thirty", C_NUMW, 0, 30},
    {"forty", C_NUMW, 0, 40}, {"fifty", C_NUMW, 0, 50}, {"sixty", C_NUMW, 0, 60},
    {"seventy", C_NUMW, 0, 70}, {"eighty", C_NUMW, 0, 80}, {"ninety", C_NUMW, 0, 90},
    {"dozen", C_NUMW, 0, 12},
    {"first", C_ORDW, 0, 1}, {"second", C_ORDW, 0, 2}, {"third", C_ORDW, 0, 3},
    {"fourth", C_ORDW, 0, 4}, {"fifth", C_ORDW, 0, 5}, {"sixth", C_ORDW, 0, 6},
    {"seventh", C_ORDW, 0, 7}, {"eighth", C_ORDW, 0, 8}, {"ninth", C_ORDW, 0, 9},
    {"tenth", C_ORDW, 0, 10}, {"eleventh", C_ORDW, 0, 11}, {"twelfth", C_ORDW, 0, 12},
    {"thirteenth", C_ORDW, 0, 13}, {"fourteenth", C_ORDW, 0, 14},
    {"fifteenth", C_ORDW, 0, 15}, {"sixteenth", C_ORDW, 0, 16},
    {"seventeenth", C_ORDW, 0, 17}, {"eighteenth", C_ORDW, 0, 18},
    {"nineteenth", C_ORDW, 0, 19}, {"twentieth", C_ORDW, 0, 20},
    {"twenty-first", C_ORDW, 0, 21},
    {"spring", C_SEASON, 0, 1}, {"summer", C_SEASON, 0, 2}, {"fall", C_SEASON, F_NOCAP, 3},
    {"autumn", C_SEASON, 0, 3}, {"winter", C_SEASON, 0, 4},
    {"morning", C_POD, 0, 1}, {"afternoon", C_POD, 0, 2}, {"evening", C_POD, 0, 3},
    {"night", C_POD, 0, 4},
    {"twenties", C_DECW, 0, 2}, {"thirties", C_DECW, 0, 3}, {"forties", C_DECW, 0, 4},
    {"fifties", C_DECW, 0, 5}, {"sixties", C_DECW, 0, 6}, {"seventies", C_DECW, 0, 7},
    {"eighties", C_DECW, 0, 8}, {"nineties", C_DECW, 0, 9},
    {"hourly", C_SETW, 0, U_HOUR}, {"daily", C_SETW, 0, U_DAY}, {"nightly", C_SETW, 0, U_DAY},
    {"weekly", C_SETW, 0, U_WEEK}, {"monthly", C_SETW, 0, U_MONTH},
    {"annually", C_SETW, 0, U_YEAR},
    {"yearly", C_SETW, 0, U_YEAR},
    {"million", C_MEASURE, 0, 0}, {"millions", C_MEASURE, 0, 0}, {"billion", C_MEASURE, 0, 0},
    {"trillion", C_MEASURE, 0, 0}, {"thousand", C_MEASURE, 0, 0}, {"percent", C_MEASURE, 0, 0},
    {"per", C_MEASURE, 0, 0}, {"people", C_MEASURE, 0, 0}, {"persons", C_MEASURE, 0, 0},
    {"men", C_MEASURE, 0, 0}, {"women", C_MEASURE, 0, 0}, {"troops", C_MEASURE, 0, 0},
    {"soldiers", C_MEASURE, 0, 0}, {"tanks", C_MEASURE, 0, 0}, {"tons", C_MEASURE, 0, 0},
    {"tonnes", C_MEASURE, 0, 0}, {"km", C_MEASURE, 0, 0}, {"kilometers", C_MEASURE, 0, 0},
    {"kilometres", C_MEASURE, 0, 0}, {"miles", C_MEASURE, 0, 0}, {"meters", C_MEASURE, 0, 0},
    {"metres", C_MEASURE, 0, 0}, {"feet", C_MEASURE, 0, 0}, {"dollars", C_MEASURE, 0, 0},
    {"rubles", C_MEASURE, 0, 0}, {"roubles", C_MEASURE, 0, 0}, {"yuan", C_MEASURE, 0, 0},
    {"shares", C_MEASURE, 0, 0}, {"votes", C_MEASURE, 0, 0}, {"cases", C_MEASURE, 0, 0},
    {"points", C_MEASURE, 0, 0}, {"acres", C_MEASURE, 0, 0}, {"barrels", C_MEASURE, 0, 0},
    {"deaths", C_MEASURE, 0, 0}, {"dead", C_MEASURE, 0, 0}, {"delegates", C_MEASURE, 0, 0},
    {"prisoners", C_MEASURE, 0, 0}, {"aircraft", C_MEASURE, 0, 0}, {"planes", C_MEASURE, 0, 0},
    {"hrs", C_MEASURE, 0, 0}, {"gmt", C_TZ, 0, 0}, {"utc", C_TZ, 0, 0}, {"est", C_TZ, 0, 0},
    {"edt", C_TZ, 0, 0}, {"cst", C_TZ, 0, 0}, {"pst", C_TZ, 0, 0}, {"pdt", C_TZ, 0, 0},
    {"cdt", C_TZ, 0, 0}, {"mst", C_TZ, 0, 0},
    {"route", C_NOYEAR, 0, 0}, {"highway", C_NOYEAR, 0, 0}, {"flight", C_NOYEAR, 0, 0},
    {"room", C_NOYEAR, 0, 0}, {"page", C_NOYEAR, 0, 0}, {"pages", C_NOYEAR, 0, 0},
    {"number", C_NOYEAR, 0, 0}, {"no", C_NOYEAR, 0, 0}, {"nos", C_NOYEAR, 0, 0},
    {"resolution", C_NOYEAR, 0, 0}, {"model", C_NOYEAR, 0, 0}, {"interstate", C_NOYEAR, 0, 0},
    {"channel", C_NOYEAR, 0, 0}, {"bus", C_NOYEAR, 0, 0}, {"apartment", C_NOYEAR, 0, 0},
    {"suite", C_NOYEAR, 0, 0}, {"street", C_NOYEAR, 0, 0}, {"avenue", C_NOYEAR, 0, 0},
    {"code", C_NOYEAR, 0, 0}, {"article", C_NOYEAR, 0, 0}, {"section", C_NOYEAR, 0, 0},
    {"hill", C_NOYEAR, 0, 0}, {"height", C_NOYEAR, 0, 0},
    {"chapter", C_NOYEAR, 0, 0}, {"item", C_NOYEAR, 0, 0}, {"unit", C_NOYEAR, 0, 0},
    {"division", C_NOYEAR, 0, 0}, {"regiment", C_NOYEAR, 0, 0}, {"battalion", C_NOYEAR, 0, 0},
    {"brigade", C_NOYEAR, 0, 0}, {"gate", C_NOYEAR, 0, 0}, {"platform", C_NOYEAR, 0, 0}, {"about", C_W, 0, W_ABOUT},
    {"christmas", C_HOLI, 0, 1225}, {"halloween", C_HOLI, 0, 1031},
    {"thanksgiving", C_HOLI, 0, 0},
    {"the", C_W, 0, W_THE}, {"of", C_W, 0, W_OF}, {"a", C_W, 0, W_A}, {"an", C_W, 0, W_AN},
    {"last", C_W, 0, W_LAST}, {"next", C_W, 0, W_NEXT}, {"this", C_W, 0, W_THIS},
    {"past", C_W, 0, W_PAST}, {"previous", C_W, 0, W_PREVIOUS}, {"prior", C_W, 0, W_PREVIOUS},
    {"preceding", C_W, 0, W_PREVIOUS}, {"coming", C_W, 0, W_COMING},
    {"following", C_W, 0, W_FOLLOWING}, {"same", C_W, 0, W_SAME}, {"that", C_W, 0, W_THAT},
    {"current", C_W, 0, W_CURRENT}, {"recent", C_W, 0, W_RECENT},
    {"upcoming", C_W, 0, W_UPCOMING}, {"early", C_W, 0, W_EARLY}, {"late", C_W, 0, W_LATE},
    {"mid", C_W, 0, W_MID}, {"middle", C_W, 0, W_MIDDLE}, {"beginning", C_W, 0, W_BEGINNING},
    {"start", C_W, 0, W_START}, {"end", C_W, 0, W_END}, {"close", C_W, 0, W_CLOSE},
    {"half", C_W, 0, W_HALF}, {"ago", C_W, 0, W_AGO}, {"later", C_W, 0, W_LATER},
    {"earlier", C_W, 0, W_EARLIER}, {"before", C_W, 0, W_BEFORE}, {"after", C_W, 0, W_AFTER},
    {"hence", C_W, 0, W_HENCE}, {"every", C_W, 0, W_EVERY}, {"each", C_W, 0, W_EACH},
    {"today", C_W, 0, W_TODAY}, {"yesterday", C_W, 0, W_YESTERDAY},
    {"tomorrow", C_W, 0, W_TOMORROW}, {"tonight", C_W, 0, W_TONIGHT}, {"now", C_W, 0, W_NOW},
    {"currently", C_W, 0, W_CURRENTLY}, {"recently", C_W, 0, W_RECENTLY},
    {"soon", C_W, 0, W_SOON}, {"previously", C_W, 0, W_PREVIOUSLY},
    {"future", C_W, 0, W_FUTURE}, {"present", C_W, 0, W_PRESENT},
    {"nowadays", C_W, 0, W_NOWADAYS}, {"formerly", C_W, 0, W_FORMERLY},
    {"lately", C_W, 0, W_LATELY}, {"fiscal", C_W, 0, W_FISCAL}, {"noon", C_W, 0, W_NOON},
    {"midnight", C_W, 0, W_MIDNIGHT}, {"am", C_W, 0, W_AM}, {"pm", C_W, 0, W_PM},
    {"bc", C_W, 0, W_BC}, {"ad", C_W, 0, W_AD}, {"bce", C_W, 0, W_BCE}, {"ce", C_W, 0, W_CE},
    {"few", C_W, 0, W_FEW}, {"several", C_W, 0, W_SEVERAL}, {"couple", C_W, 0, W_COUPLE},
    {"many", C_W, 0, W_MANY}, {"some", C_W, 0, W_SOME}, {"in", C_W, 0, W_IN},
    {"on", C_W, 0, W_ON}, {"at", C_W, 0, W_AT}, {"since", C_W, 0, W_SINCE},
    {"by", C_W, 0, W_BY}, {"from", C_W, 0, W_FROM}, {"to", C_W, 0, W_TO},
    {"until", C_W, 0, W_UNTIL}, {"till", C_W, 0, W_TILL}, {"through", C_W, 0, W_THROUGH},
    {"and", C_W, 0, W_AND}, {"during", C_W, 0, W_DURING}, {"s", C_W, 0, W_S},
    {"st", C_W, 0, W_ST}, {"nd", C_W, 0, W_ND}, {"rd", C_W, 0, W_RD}, {"th", C_W, 0, W_TH},
    {"turn", C_W, 0, W_TURN}, {"will", C_W, 0, W_WILL}, {"shall", C_W, 0, W_SHALL},
    {"ll", C_W, 0, W_LL}, {"wo", C_W, 0, W_WILL}, {"for", C_W, 0, W_FOR},
    {"more", C_W, 0, W_MORE}, {"less", C_W, 0, W_LESS}, {"fewer", C_W, 0, W_LESS},
    {"than", C_W, 0, W_THAN}, {"nearly", C_W, 0, W_NEARLY}, {"almost", C_W, 0, W_ALMOST},
    {"least", C_W, 0, W_LEAST}, {"roughly", C_W, 0, W_ROUGHLY},
    {"approximately", C_W, 0, W_APPROXIMATELY}, {"over", C_W, 0, W_OVER}, {"up", C_W, 0, W_UP},
    {"latest", C_W, 0, W_LATEST}, {"o", C_W, 0, W_O}, {"clock", C_W, 0, W_CLOCK},
    {"hundred", C_W, 0, W_HUNDRED}, {"other", C_W, 0, W_OTHER}, {"eve", C_W, 0, W_EVE},
    {"new", C_W, 0, W_NEW}, {"within", C_W, 0, W_WITHIN}, {"around", C_W, 0, W_AROUND},
    {"back", C_W, 0, W_BACK}, {"period", C_W, 0, W_PERIOD}, {"seconds", C_W, 0, W_SECONDS},
    {"time", C_W, 0, W_TIME}, {"ending", C_W, 0, W_ENDING}, {"final", C_W, 0, W_FINAL},
    {"is", C_W, 0, W_IS}, {"are", C_W, 0, W_ARE}, {"plans", C_W, 0, W_PLAN},
    {"plan", C_W, 0, W_PLAN}, {"planned", C_W, 0, W_PLAN}, {"expected", C_W, 0, W_EXPECT},
    {"scheduled", C_W, 0, W_SCHEDULED}, {"due", C_W, 0, W_SCHEDULED},
    {"would", C_W, 0, W_WOULD}, {"could", C_W, 0, W_WOULD}, {"might", C_W, 0, W_WOULD},
};

#define LEX_SLOTS 1024u

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

enum { K_WORD = 1, K_NUM, K_PUNCT };

typedef struct tok {
    size_t s, e;
    unsigned char kind;
    unsigned char sp;   /* white space (or start of text) before */
    unsigned char cap;  /* first letter upper case */
    unsigned char cls;  /* lexicon class */
    unsigned char flags;
    unsigned char ndig; /* digits of a number */
    char ch;            /* punctuation character ('-' for any dash) */
    int val;            /* lexicon value or number (-1 if too long) */
    uint32_t mask;      /* matchers that can start here and more (see MATCHERS) */
} tok;

/* What an expression means before it is resolved. */
enum skind {
    S_ABS = 1, /* calendar date, maybe without year (y == YUNK)             */
    S_REL,     /* n units from the reference time                           */
    S_WDAY,    /* a weekday near the reference time                         */
    S_LIT,     /* fixed value (durations, sets, PRESENT_REF)                */
    S_TIME,    /* clock time on the reference day                           */
    S_NONE     /* recognised but left without value (not emitted)           */
};

enum sprec { P_DAY = 1, P_WEEK, P_MONTH, P_SEASON, P_QUARTER, P_HALF, P_YEAR, P_DECADE, P_CENTURY,
             P_WEEKEND };

#define YUNK INT_MIN

typedef struct sem {
    int type;  /* annals_timex_type */
    int kind;  /* enum skind */
    int prec;  /* enum sprec */
    int y, m, d, sub; /* sub: season/quarter/half number, ISO week */
    int yexp;  /* year written in the expression */
    int bc;
    int unit, n;
    int anaph; /* relative to the last mentioned date, not the story date */
    int dct;   /* relative to the story date in every mode (today, now) */
    int keep;  /* keep the reference time's precision ("a year earlier") */
    int wday, dir;
    int hour, min, pod;
    int holiday;
    int attr; /* a year used as a modifier ("the 1950 treaty"): sets no narrative anchor */
    int mrel; /* S_ABS without year: 1 + (-1 last, 0 this, +1 next) Month, 0 none */
    char lit[40];
} sem;

typedef struct cand {
    size_t t0, t1; /* token range */
    sem s;
} cand;

#define NLEX (sizeof LEXICON / sizeof LEXICON[0])

struct annals_tagger {
    short lex_slot[LEX_SLOTS]; /* index+1 into LEXICON, 0 = empty */
    uint64_t lex_pad[NLEX][2]; /* each word in 16 bytes, zero-padded */
    uint32_t lex_mask[NLEX];   /* start mask of each lexicon word */
    uint32_t num_mask, punct_mask, apos_mask, roman_mask;
    unsigned char lower[256]; /* the lower-case of an ASCII letter, 0 for any other byte */
    unsigned char space[256]; /* 1 for white space */
    tok *toks;
    size_t ntok, captok;
    cand *cands;
    size_t ncand, capcand;
    annals_timex *out;
    size_t nout, capout;
    const char *text;
    annals_date_mode used;
};

#define LEX_H0 2166136261u
#define LEX_HSTEP(h, ch) (((h) ^ (unsigned char)(ch)) * 16777619u)

static uint32_t lex_hash(const char *s, size_t n)
{
    uint32_t h = LEX_H0;
    for (size_t i = 0; i < n; i++)
        h = LEX_HSTEP(h, s[i]);
    return h;
}

/* The index of the lower-case word w (n < 16 bytes zero-padded to 16, hash
 * h) in LEXICON, or -1. */
static int lex_find(const annals_tagger *t, const char *w, uint32_t h)
{
    uint64_t a, b;
    memcpy(&a, w, 8);
    memcpy(&b, w + 8, 8);
    h &= LEX_SLOTS - 1;
    for (;;) {
        int k = t->lex_slot[h];
        if (!k)
            return -1;
        if (t->lex_pad[k - 1][0] == a && t->lex_pad[k - 1][1] == b)
            return k - 1;
        h = (h + 1) & (LEX_SLOTS - 1);
    }
}

static void build_masks(annals_tagger *t);
static void prune_start(tok *k, const tok *nx);

annals_tagger *annals_tagger_new(annals_error *err)
{
    annals_tagger *t = an_calloc(1, sizeof *t);
    if (!t) {
        an_err_set(err, ANNALS_ERR_NOMEM, "", 0, 0, "out of memory creating the temporal tagger");
        return NULL;
    }
    for (size_t i = 0; i < NLEX; i++) {
        const char *s = LEXICON[i].s;
        size_t n = strlen(s);
        uint32_t h = lex_hash(s, n) & (LEX_SLOTS - 1);
        while (t->lex_slot[h])
            h = (h + 1) & (LEX_SLOTS - 1);
        t->lex_slot[h] = (short)(i + 1);
        char pad[16] = {0};
        memcpy(pad, s, n < sizeof pad ? n : sizeof pad);
        memcpy(t->lex_pad[i], pad, sizeof pad);
    }
    for (int ch = 0; ch < 256; ch++) {
        t->lower[ch] = an_isalpha(ch) ? (unsigned char)an_tolower(ch) : 0;
        t->space[ch] = (unsigned char)an_isspace(ch);
    }
    build_masks(t);
    return t;
}

void annals_tagger_free(annals_tagger *t)
{
    if (!t)
        return;
    an_free(t->toks);
    an_free(t->cands);
    an_free(t->out);
    an_free(t);
}

annals_date_mode an_tagger_used_mode(const annals_tagger *t) { return t ? t->used : ANNALS_DATES_AUTO; }

static int push_tok(annals_tagger *t, const tok *k)
{
    if (t->ntok == t->captok) {
        size_t nc = t->captok ? t->captok * 2 : 256;
        tok *nv = an_realloc(t->toks, nc * sizeof *nv);
        if (!nv)
            return -1;
        t->toks = nv;
        t->captok = nc;
    }
    t->toks[t->ntok++] = *k;
    return 0;
}

static int roman_value(const char *s, size_t n)
{
    int total = 0, prev = 0;
    for (size_t i = n; i-- > 0;) {
        int v;
        switch (s[i]) {
        case 'I': v = 1; break;
        case 'V': v = 5; break;
        case 'X': v = 10; break;
        case 'L': v = 50; break;
        case 'C': v = 100; break;
        default: return 0;
        }
        if (v < prev)
            total -= v;
        else
            total += v;
        prev = v;
    }
    return total;
}

static int tokenize(annals_tagger *t, const char *s, size_t len)
{
    size_t i = 0;
    int sp = 1;
    t->ntok = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (t->space[c]) {
            sp = 1;
            i++;
            continue;
        }
        tok k;
        memset(&k, 0, sizeof k);
        k.s = i;
        k.sp = (unsigned char)sp;
        if (t->lower[c]) {
            /* lower-case and hash the first bytes while finding the end */
            size_t j = i;
            char low[16] = {0};
            uint32_t h = LEX_H0;
            size_t lim = len - i < sizeof low ? len : i + sizeof low;
            unsigned char l;
            while (j < lim && (l = t->lower[(unsigned char)s[j]]) != 0) {
                low[j - i] = (char)l;
                h = LEX_HSTEP(h, l);
                j++;
            }
            while (j < len && t->lower[(unsigned char)s[j]])
                j++;
            k.kind = K_WORD;
            k.e = j;
            k.cap = (unsigned char)an_isupper(c);
            size_t n = j - i;
            if (n < sizeof low) {
                int x = lex_find(t, low, h);
                int rv;
                if (x >= 0) {
                    const lex *e = &LEXICON[x];
                    k.cls = e->cls;
                    k.flags = (unsigned char)e->flags;
                    k.val = e->val;
                    k.mask = t->lex_mask[x];
                } else if (n <= 7 && (rv = roman_value(s + i, n)) > 0) {
                    k.cls = C_ROMAN;
                    k.val = rv;
                    k.mask = t->roman_mask;
                }
            }
            i = j;
        } else if (an_isdigit(c)) {
            size_t j = i;
            long v = 0;
            while (j < len && an_isdigit((unsigned char)s[j])) {
                if (v >= 0 && v < 100000000)
                    v = v * 10 + (s[j] - '0');
                else
                    v = -1;
                j++;
            }
            if (j - i > 9)
                v = -1;
            k.kind = K_NUM;
            k.mask = t->num_mask;
            k.e = j;
            k.ndig = (unsigned char)(j - i > 255 ? 255 : j - i);
            k.val = (int)v;
            i = j;
        } else {
            k.kind = K_PUNCT;
            k.ch = (char)c;
            size_t n = 1;
            if (c >= 0x80) {
                n = an_utf8_seq_len((const unsigned char *)s + i, len - i);
                if (n == 0)
                    n = 1;
                /* en dash, em dash and minus sign count as dashes */
                if (n == 3 && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
                    k.ch = '-';
                else if (n == 3 && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                         ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99))
                    k.ch = '\'';
                else
                    k.ch = '?';
            }
            k.mask = k.ch == '\'' ? t->apos_mask : t->punct_mask;
            k.e = i + n;
            i += n;
        }
        sp = 0;
        if (push_tok(t, &k))
            return -1;
        if (t->ntok > 1)
            prune_start(&t->toks[t->ntok - 2], &t->toks[t->ntok - 1]);
    }
    if (t->ntok)
        prune_start(&t->toks[t->ntok - 1], NULL);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Token predicates                                                    */
/* ------------------------------------------------------------------ */

typedef struct ctx {
    annals_tagger *t;
    const tok *k;
    size_t n;
    const char *s;
} ctx;

static int isw(const ctx *c, size_t i, int w) { return i < c->n && c->k[i].cls == C_W && c->k[i].val == w; }
static int iscls(const ctx *c, size_t i, int cl) { return i < c->n && c->k[i].cls == cl; }
static int isp(const ctx *c, size_t i, char ch) { return i < c->n && c->k[i].kind == K_PUNCT && c->k[i].ch == ch; }
static int isnum(const ctx *c, size_t i) { return i < c->n && c->k[i].kind == K_NUM; }
static int glued(const ctx *c, size_t i) { return i < c->n && !c->k[i].sp; }

/* A month name where it can stand: capitalised; "May", "March" and the
 * abbreviations need a number or a date word next to them. */
static int month_at(const ctx *c, size_t i)
{
    if (!iscls(c, i, C_MONTH) || !c->k[i].cap)
        return 0;
    if (c->k[i].flags & (F_NOCAP | F_ABBR)) {
        if (isnum(c, i + 1) || (isp(c, i + 1, '.') && isnum(c, i + 2)))
            return 1;
        if (c->k[i].flags & F_ABBR)
            return isp(c, i + 1, '.') && (c->k[i].e - c->k[i].s) >= 3 && i > 0 &&
                   (isw(c, i - 1, W_IN) || isw(c, i - 1, W_OF) || isw(c, i - 1, W_SINCE));
        if (i > 0) {
            const tok *p = &c->k[i - 1];
            if (p->cls == C_W && (p->val == W_IN || p->val == W_OF || p->val == W_SINCE ||
                                  p->val == W_UNTIL || p->val == W_BY || p->val == W_EARLY ||
                                  p->val == W_LATE || p->val == W_LAST || p->val == W_NEXT ||
                                  p->val == W_THIS || p->val == W_DURING || p->val == W_THROUGH ||
                                  p->val == W_FROM || p->val == W_BEFORE || p->val == W_AFTER ||
                                  p->val == W_TILL || p->val == W_MID || p->val == W_TO))
                return 1;
            if (p->kind == K_PUNCT && p->ch == '-' && i > 1 && isw(c, i - 2, W_MID))
                return 1;
        }
        return 0;
    }
    return 1;
}

static int unit_at(const ctx *c, size_t i, int *pl)
{
    if (i >= c->n)
        return 0;
    if (c->k[i].cls == C_UNIT) {
        if (pl)
            *pl = (c->k[i].flags & F_PL) != 0;
        return c->k[i].val;
    }
    if (c->k[i].cls == C_ORDW && c->k[i].val == 2 && !c->k[i].cap) {
        if (pl)
            *pl = 0;
        return U_SEC;
    }
    if (isw(c, i, W_SECONDS)) {
        if (pl)
            *pl = 1;
        return U_SEC;
    }
    return 0;
}

/* A day of the month, "31" or "31st"; returns the index after it. */
static size_t day_at(const ctx *c, size_t i, int *d)
{
    if (!isnum(c, i) || c->k[i].ndig > 2 || c->k[i].val < 1 || c->k[i].val > 31)
        return 0;
    *d = c->k[i].val;
    size_t j = i + 1;
    if (j < c->n && glued(c, j) && (isw(c, j, W_ST) || isw(c, j, W_ND) || isw(c, j, W_RD) || isw(c, j, W_TH)))
        j++;
    /* "31.5" or "31,000" is not a day */
    if ((isp(c, j, '.') || isp(c, j, ',') || isp(c, j, ':')) && glued(c, j) && isnum(c, j + 1) && glued(c, j + 1))
        return 0;
    return j;
}

/* An ordinal: "third", "3rd", "21st". */
static size_t ord_at(const ctx *c, size_t i, int *v)
{
    if (iscls(c, i, C_ORDW)) {
        *v = c->k[i].val;
        return i + 1;
    }
    if (isnum(c, i) && c->k[i].ndig <= 2 && glued(c, i + 1) &&
        (isw(c, i + 1, W_ST) || isw(c, i + 1, W_ND) || isw(c, i + 1, W_RD) || isw(c, i + 1, W_TH))) {
        *v = c->k[i].val;
        return i + 2;
    }
    return 0;
}

static int measure_after(const ctx *c, size_t j)
{
    if (j >= c->n)
        return 0;
    if (c->k[j].cls == C_MEASURE || c->k[j].cls == C_UNIT)
        return 1;
    if (isp(c, j, '%'))
        return 1;
    if ((isp(c, j, ',') || isp(c, j, '.')) && glued(c, j) && isnum(c, j + 1) && glued(c, j + 1))
        return 1;
    return 0;
}

/* A four-digit year standing alone; returns the index after it. */
static size_t year_at(const ctx *c, size_t i, int *y, int strict)
{
    if (!isnum(c, i) || c->k[i].ndig != 4)
        return 0;
    int v = c->k[i].val;
    if (v < 1000 || v > 2099)
        return 0;
    if (i > 0) {
        const tok *p = &c->k[i - 1];
        if (p->kind == K_PUNCT && !c->k[i].sp &&
            (p->ch == '$' || p->ch == '#' || p->ch == '.' || p->ch == ',' || p->ch == '?' || p->ch == '/' ||
             p->ch == ':'))
            return 0;
        if (p->kind == K_NUM)
            return 0;
        if (p->cls == C_NOYEAR)
            return 0;
        if (p->cls == C_UNIT && !(p->flags & F_PL))
            return 0; /* "day 1000", "week 1952": a count, not a year */
        if (p->kind == K_PUNCT && (p->ch == '.' || p->ch == '#') && i > 1 && c->k[i - 2].cls == C_NOYEAR)
            return 0; /* "No. 1950" */
        if (p->kind == K_WORD && !c->k[i].sp)
            return 0;
        if (strict && p->kind == K_WORD && p->cap && p->cls == C_NONE) {
            /* "Route 1950", "Boeing 1950": a name before the number; at the
             * start of a sentence the capital says nothing */
            int sent_start = (i < 2) || (c->k[i - 2].kind == K_PUNCT &&
                                         (c->k[i - 2].ch == '.' || c->k[i - 2].ch == '"'));
            if (!sent_start)
                return 0;
        }
    }
    size_t j = i + 1;
    if (glued(c, j) && j < c->n && c->k[j].kind == K_WORD && !isw(c, j, W_S))
        return 0;
    if (measure_after(c, j))
        return 0;
    if (isnum(c, j) && !c->k[j].sp)
        return 0;
    /* "1956-02-30" that is no date, "1924-27": not a year alone */
    if ((isp(c, j, '-') || isp(c, j, '/')) && glued(c, j) && isnum(c, j + 1) && glued(c, j + 1) &&
        c->k[j + 1].ndig <= 2)
        return 0;
    *y = v;
    return j;
}

/* ------------------------------------------------------------------ */
/* Matchers: each returns the token index after its match, or 0.       */
/* ------------------------------------------------------------------ */

static void sem_init(sem *s)
{
    memset(s, 0, sizeof *s);
    s->type = ANNALS_TIMEX_DATE;
    s->y = YUNK;
    s->hour = -1;
    s->min = 0;
    s->wday = -1;
}

static void lit(sem *s, int type, const char *v)
{
    s->type = type;
    s->kind = S_LIT;
    size_t n = strlen(v);
    if (n >= sizeof s->lit)
        n = sizeof s->lit - 1;
    memcpy(s->lit, v, n);
    s->lit[n] = 0;
}

/* "two", "twenty-five", "25", "a", "a few", "several" -> n (-1 = some). */
static size_t qty_at(const ctx *c, size_t i, int *n)
{
    if (isnum(c, i)) {
        const tok *k = &c->k[i];
        if (k->ndig > 4 || k->val <= 0)
            return 0;
        if ((isp(c, i + 1, '.') || isp(c, i + 1, ',')) && glued(c, i + 1) && isnum(c, i + 2) && glued(c, i + 2))
            return 0;
        if (i > 0 && (isp(c, i - 1, '.') || isp(c, i - 1, '$')) && !k->sp)
            return 0;
        *n = k->val;
        return i + 1;
    }
    if (iscls(c, i, C_NUMW)) {
        int v = c->k[i].val;
        size_t j = i + 1;
        if (v >= 20 && v % 10 == 0 && j + 1 < c->n && isp(c, j, '-') && glued(c, j) &&
            iscls(c, j + 1, C_NUMW) && c->k[j + 1].val < 10) {
            v += c->k[j + 1].val;
            j += 2;
        } else if (v >= 20 && v % 10 == 0 && iscls(c, j, C_NUMW) && c->k[j].val < 10) {
            v += c->k[j].val;
            j++;
        }
        if (isw(c, j, W_HUNDRED)) {
            v *= 100;
            j++;
        }
        *n = v;
        return j;
    }
    if (isw(c, i, W_A) || isw(c, i, W_AN)) {
        if (isw(c, i + 1, W_FEW)) {
            *n = -1;
            return i + 2;
        }
        if (isw(c, i + 1, W_COUPLE)) {
            *n = 2;
            return isw(c, i + 2, W_OF) ? i + 3 : i + 2;
        }
        if (isw(c, i + 1, W_HUNDRED)) {
            *n = 100;
            return i + 2;
        }
        if (iscls(c, i + 1, C_NUMW) && c->k[i + 1].val == 12) {
            *n = 12;
            return i + 2;
        }
        *n = 1;
        return i + 1;
    }
    if (isw(c, i, W_SEVERAL) || isw(c, i, W_FEW) || isw(c, i, W_MANY)) {
        *n = -1;
        return i + 1;
    }
    return 0;
}

static const char *unit_code(int u)
{
    switch (u) {
    case U_SEC: return "S";
    case U_MIN: return "M";
    case U_HOUR: return "H";
    case U_DAY: return "D";
    case U_WEEK: return "W";
    case U_WEEKEND: return "WE";
    case U_MONTH: return "M";
    case U_QUARTER: return "Q";
    case U_YEAR: return "Y";
    case U_DECADE: return "DE";
    case U_CENTURY: return "CE";
    default: return "";
    }
}

static void duration_value(char *out, size_t size, int n, int u)
{
    int tpart = (u == U_SEC || u == U_MIN || u == U_HOUR);
    if (n < 0) {
        snprintf(out, size, "P%sX%s", tpart ? "T" : "", unit_code(u));
        return;
    }
    if (u == U_DECADE) {
        snprintf(out, size, "P%dY", n * 10);
        return;
    }
    if (u == U_CENTURY) {
        snprintf(out, size, "P%dY", n * 100);
        return;
    }
    if (u == U_WEEKEND) {
        snprintf(out, size, "P%dD", n * 2);
        return;
    }
    snprintf(out, size, "P%s%d%s", tpart ? "T" : "", n, unit_code(u));
}

static int unit_prec(int u)
{
    switch (u) {
    case U_DAY: return P_DAY;
    case U_WEEK: return P_WEEK;
    case U_WEEKEND: return P_WEEKEND;
    case U_MONTH: return P_MONTH;
    case U_QUARTER: return P_QUARTER;
    case U_YEAR: return P_YEAR;
    case U_DECADE: return P_DECADE;
    case U_CENTURY: return P_CENTURY;
    default: return 0;
    }
}

/* Durations and counted offsets: "three years", "two-year", "the past two
 * months", "two years ago", "a year earlier", "more than four decades ago". */
static size_t m_quantity(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    int approx = 0;
    int past = 0, lead = 0;
    if (isw(c, j, W_MORE) || isw(c, j, W_LESS)) {
        if (!isw(c, j + 1, W_THAN))
            return 0;
        j += 2;
        approx = 1;
    } else if (isw(c, j, W_AT) && isw(c, j + 1, W_LEAST)) {
        j += 2;
        approx = 1;
    } else if (isw(c, j, W_ABOUT) || isw(c, j, W_NEARLY) || isw(c, j, W_ALMOST) || isw(c, j, W_ROUGHLY) ||
               isw(c, j, W_APPROXIMATELY) || isw(c, j, W_SOME) || isw(c, j, W_AROUND)) {
        j++;
        approx = 1;
    }
    (void)approx;
    if (!approx && isw(c, j, W_THE) &&
        (isw(c, j + 1, W_PAST) || isw(c, j + 1, W_LAST) || isw(c, j + 1, W_NEXT) || isw(c, j + 1, W_COMING) ||
         isw(c, j + 1, W_FIRST) || isw(c, j + 1, W_FINAL) || isw(c, j + 1, W_PREVIOUS) ||
         isw(c, j + 1, W_FOLLOWING) || (iscls(c, j + 1, C_ORDW) && c->k[j + 1].val == 1))) {
        j += 2;
        lead = 1;
        past = 1;
    } else if (!approx && (isw(c, j, W_PAST) || isw(c, j, W_LAST) || isw(c, j, W_NEXT) || isw(c, j, W_COMING))) {
        j += 1;
        lead = 1;
        past = 1;
    } else if (!approx && isw(c, j, W_THE)) {
        j++;
        lead = 1;
    }
    int n;
    size_t q = qty_at(c, j, &n);
    if (!q)
        return 0;
    if (lead && (isw(c, j, W_A) || isw(c, j, W_AN)) && n == 1)
        return 0; /* "the a year" is nothing */
    if (isw(c, q, W_MORE) && !past)
        q++; /* "20 more years" */
    int half = 0;
    if (n > 0 && isnum(c, q) && c->k[q].val == 1 && isp(c, q + 1, '/') && glued(c, q + 1) && isnum(c, q + 2) &&
        c->k[q + 2].val == 2 && glued(c, q + 2)) {
        half = 1; /* "2 1/2 years" */
        q += 3;
    }
    int pl = 0, u;
    int adj = 0;
    if (isp(c, q, '-') && glued(c, q) && glued(c, q + 1) && (u = unit_at(c, q + 1, &pl)) != 0 && !pl) {
        adj = 1; /* "two-year" */
        q += 2;
        if (isp(c, q, '-') && glued(c, q) && i < c->n && q + 1 < c->n && c->k[q + 1].kind == K_WORD &&
            (c->k[q + 1].e - c->k[q + 1].s) == 3 && an_tolower((unsigned char)c->s[c->k[q + 1].s]) == 'o' &&
            an_tolower((unsigned char)c->s[c->k[q + 1].s + 1]) == 'l')
            return 0; /* "a 6-year-old", an age */
    } else if ((u = unit_at(c, q, &pl)) != 0) {
        q++;
    } else {
        return 0;
    }
    if (n == 1 && pl && !isnum(c, j))
        return 0; /* "a years" */
    if (adj && lead && !past)
        return 0; /* "the two-year plan": the article belongs to the noun */
    if (n > 1 && !pl && !adj && !isnum(c, j))
        return 0;
    if (isnum(c, j) && !adj && n >= 1000 && u == U_YEAR)
        return 0;
    if (u == U_SEC && !pl && n == 1 && !isnum(c, j))
        return 0;
    if (!adj && !lead && (isw(c, q, W_AGO) || isw(c, q, W_EARLIER) || isw(c, q, W_LATER) || isw(c, q, W_BACK) ||
                          isw(c, q, W_HENCE) || (isw(c, q, W_FROM) && isw(c, q + 1, W_NOW)))) {
        if (u == U_SEC || u == U_MIN || u == U_HOUR || u == U_WEEKEND)
            return 0;
        s->kind = S_REL;
        s->type = ANNALS_TIMEX_DATE;
        s->unit = u;
        int neg = isw(c, q, W_AGO) || isw(c, q, W_EARLIER) || isw(c, q, W_BACK);
        s->n = (n < 0 ? 0 : n) * (neg ? -1 : 1);
        if (n < 0) {
            lit(s, ANNALS_TIMEX_DATE, neg ? "PAST_REF" : "FUTURE_REF");
        }
        s->anaph = isw(c, q, W_EARLIER) || isw(c, q, W_LATER);
        s->keep = s->anaph;
        s->prec = unit_prec(u);
        return isw(c, q, W_FROM) ? q + 2 : q + 1;
    }
    s->type = ANNALS_TIMEX_DURATION;
    s->kind = S_LIT;
    if (half && n > 0 && (u == U_YEAR || u == U_HOUR || u == U_DAY))
        snprintf(s->lit, sizeof s->lit, u == U_YEAR ? "P%dY6M" : u == U_HOUR ? "PT%dH30M" : "P%dDT12H", n);
    else
        duration_value(s->lit, sizeof s->lit, n, u);
    return q;
}

/* Plural units standing alone: "for years", "in recent months". */
static size_t m_plural_unit(const ctx *c, size_t i, sem *s)
{
    int pl = 0;
    if (isw(c, i, W_RECENT) && unit_at(c, i + 1, &pl) && pl) {
        lit(s, ANNALS_TIMEX_DATE, "PAST_REF");
        return i + 2;
    }
    if (i > 0 && isw(c, i - 1, W_FOR)) {
        int u = unit_at(c, i, &pl);
        if (u && pl && u != U_SEC) {
            s->type = ANNALS_TIMEX_DURATION;
            s->kind = S_LIT;
            duration_value(s->lit, sizeof s->lit, -1, u);
            return i + 1;
        }
    }
    return 0;
}

/* Deictic words: today, yesterday, now, recently, the past, the future. */
static size_t m_deictic(const ctx *c, size_t i, sem *s)
{
    if (i >= c->n || c->k[i].cls != C_W) {
        return 0;
    }
    int w = c->k[i].val;
    int off;
    switch (w) {
    case W_TODAY: off = 0; break;
    case W_YESTERDAY: off = -1; break;
    case W_TOMORROW: off = 1; break;
    case W_TONIGHT:
        s->kind = S_REL;
        s->unit = U_DAY;
        s->dct = 1;
        s->prec = P_DAY;
        s->pod = 4;
        s->type = ANNALS_TIMEX_TIME;
        return i + 1;
    case W_NOW:
    case W_CURRENTLY:
    case W_NOWADAYS:
        if (w == W_NOW && isw(c, i + 1, W_THAT))
            return 0; /* "now that ...", "Now, ..." */
        lit(s, ANNALS_TIMEX_DATE, "PRESENT_REF");
        return i + 1;
    case W_RECENTLY:
    case W_LATELY:
        lit(s, ANNALS_TIMEX_DATE, "PAST_REF");
        return i + 1;
    case W_THE:
        if (isw(c, i + 1, W_FUTURE) && !iscls(c, i + 2, C_UNIT)) {
            lit(s, ANNALS_TIMEX_DATE, "FUTURE_REF");
            return i + 2;
        }
        if (isw(c, i + 1, W_PAST) && !iscls(c, i + 2, C_UNIT) && !qty_at(c, i + 2, &off) &&
            !iscls(c, i + 2, C_WDAY) && !iscls(c, i + 2, C_SEASON) && !iscls(c, i + 2, C_MONTH) &&
            !isw(c, i + 2, W_FEW)) {
            lit(s, ANNALS_TIMEX_DATE, "PAST_REF");
            return i + 2;
        }
        if (isw(c, i + 1, W_PRESENT)) {
            if (i > 0 && (isw(c, i - 1, W_UNTIL) || isw(c, i - 1, W_TO) || isw(c, i - 1, W_AT))) {
                lit(s, ANNALS_TIMEX_DATE, "PRESENT_REF");
                return i + 2;
            }
        }
        return 0;
    default:
        return 0;
    }
    s->kind = S_REL;
    s->unit = U_DAY;
    s->n = off;
    s->dct = 1;
    s->prec = P_DAY;
    size_t j = i + 1;
    if (iscls(c, j, C_POD)) {
        s->pod = c->k[j].val;
        s->type = ANNALS_TIMEX_TIME;
        j++;
    }
    return j;
}

/* "BC", "B.C.", "BCE", "B.C.E." at i; returns the index after it. */
static size_t bc_at(const ctx *c, size_t i)
{
    if (isw(c, i, W_BC) || isw(c, i, W_BCE))
        return i + 1;
    if (i + 3 < c->n + 1 && i < c->n && c->k[i].kind == K_WORD && c->k[i].e - c->k[i].s == 1 &&
        (c->s[c->k[i].s] == 'B') && isp(c, i + 1, '.') && glued(c, i + 1) && i + 2 < c->n &&
        c->k[i + 2].kind == K_WORD && c->k[i + 2].e - c->k[i + 2].s == 1 && c->s[c->k[i + 2].s] == 'C' &&
        glued(c, i + 2)) {
        size_t j = i + 3;
        if (isp(c, j, '.') && glued(c, j))
            j++;
        return j;
    }
    return 0;
}

static size_t ad_at(const ctx *c, size_t i)
{
    if ((isw(c, i, W_AD) || isw(c, i, W_CE)) && c->k[i].cap && (c->k[i].e - c->k[i].s) == 2 &&
        an_isupper((unsigned char)c->s[c->k[i].s + 1]))
        return i + 1;
    if (i + 2 < c->n && c->k[i].kind == K_WORD && c->k[i].e - c->k[i].s == 1 && c->s[c->k[i].s] == 'A' &&
        isp(c, i + 1, '.') && glued(c, i + 1) && c->k[i + 2].kind == K_WORD &&
        c->k[i + 2].e - c->k[i + 2].s == 1 && c->s[c->k[i + 2].s] == 'D' && glued(c, i + 2)) {
        size_t j = i + 3;
        if (isp(c, j, '.') && glued(c, j))
            j++;
        return j;
    }
    return 0;
}

static int valid_ymd(int y, int m, int d)
{
    if (m < 1 || m > 12 || d < 1)
        return 0;
    return d <= an_days_in_month(y == YUNK ? 2000 : y, m);
}

static void set_day(sem *s, int y, int m, int d)
{
    s->kind = S_ABS;
    s->prec = P_DAY;
    s->y = y;
    s->m = m;
    s->d = d;
    s->yexp = y != YUNK;
}

/* the end of a day date: ", 1924" or " 1924" after position k gives the full
 * date, else a day of an unknown year; 0 when the day is not in the month */
static size_t day_then_year(const ctx *c, size_t k, int m, int d, sem *s)
{
    int y;
    size_t k2 = k;
    if (isp(c, k2, ','))
        k2++;
    size_t k3 = year_at(c, k2, &y, 0);
    if (k3) {
        if (!valid_ymd(y, m, d))
            return 0;
        set_day(s, y, m, d);
        return k3;
    }
    if (!valid_ymd(YUNK, m, d))
        return 0;
    set_day(s, YUNK, m, d);
    return k;
}

/* 1924-05-31, 1924/05/31, 1950-02, 5/31/1924, 31.05.1924 */
static size_t m_numeric_date(const ctx *c, size_t i, sem *s)
{
    if (!isnum(c, i))
        return 0;
    const tok *a = &c->k[i];
    if (a->ndig == 4 && i + 2 < c->n && (isp(c, i + 1, '-') || isp(c, i + 1, '/')) && glued(c, i + 1) &&
        isnum(c, i + 2) && glued(c, i + 2) && c->k[i + 2].ndig <= 2) {
        char sep = c->k[i + 1].ch;
        int y = a->val, m = c->k[i + 2].val;
        if (m < 1 || m > 12 || y < 1000)
            return 0;
        if (isp(c, i + 3, sep) && glued(c, i + 3) && isnum(c, i + 4) && glued(c, i + 4)) {
            int d = c->k[i + 4].val;
            if (c->k[i + 4].ndig > 2 || !valid_ymd(y, m, d))
                return 0;
            set_day(s, y, m, d);
            return i + 5;
        }
        if (sep != '-' || c->k[i + 2].ndig != 2 || (isp(c, i + 3, '-') && glued(c, i + 3)))
            return 0;
        s->kind = S_ABS;
        s->prec = P_MONTH;
        s->y = y;
        s->m = m;
        s->yexp = 1;
        return i + 3;
    }
    if (a->ndig <= 2 && i + 4 < c->n && (isp(c, i + 1, '/') || isp(c, i + 1, '.')) && glued(c, i + 1) &&
        isnum(c, i + 2) && glued(c, i + 2) && c->k[i + 2].ndig <= 2 && isp(c, i + 3, c->k[i + 1].ch) &&
        glued(c, i + 3) && isnum(c, i + 4) && glued(c, i + 4) && c->k[i + 4].ndig == 4) {
        int p = a->val, q = c->k[i + 2].val, y = c->k[i + 4].val;
        int m, d;
        if (c->k[i + 1].ch == '/' && p <= 12) {
            m = p;
            d = q;
        } else {
            d = p;
            m = q;
        }
        if (!valid_ymd(y, m, d) || y < 1000)
            return 0;
        set_day(s, y, m, d);
        return i + 5;
    }
    return 0;
}

/* "May 31, 1924", "May 1924", "Sept. 30", "May", "May 31st" */
static size_t m_month_first(const ctx *c, size_t i, sem *s)
{
    if (!month_at(c, i))
        return 0;
    int m = c->k[i].val;
    size_t j = i + 1;
    if (isp(c, j, '.') && glued(c, j) && (c->k[i].flags & F_ABBR))
        j++;
    int d, y;
    size_t k = day_at(c, j, &d);
    if (k && !(isnum(c, j) && c->k[j].ndig == 4))
        return day_then_year(c, k, m, d, s);
    size_t k2 = j;
    if (isp(c, k2, ',') || isw(c, k2, W_OF))
        k2++;
    size_t k3 = year_at(c, k2, &y, 0);
    s->kind = S_ABS;
    s->prec = P_MONTH;
    s->m = m;
    if (k3) {
        s->y = y;
        s->yexp = 1;
        return k3;
    }
    /* "the October Revolution": a name, not a month */
    if (i + 1 < c->n && c->k[i + 1].kind == K_WORD && c->k[i + 1].cap && c->k[i + 1].cls == C_NONE)
        return 0;
    if (j > i + 1 && !(c->k[i].flags & F_ABBR))
        return i + 1;
    return j;
}

/* "last February", "this September", "next May" */
static size_t m_month_rel(const ctx *c, size_t i, sem *s)
{
    int r;
    if (isw(c, i, W_LAST) || isw(c, i, W_PAST))
        r = -1;
    else if (isw(c, i, W_THIS))
        r = 0;
    else if (isw(c, i, W_NEXT) || isw(c, i, W_COMING))
        r = 1;
    else
        return 0;
    if (!iscls(c, i + 1, C_MONTH) || !c->k[i + 1].cap || (c->k[i + 1].flags & F_ABBR))
        return 0;
    s->kind = S_ABS;
    s->prec = P_MONTH;
    s->m = c->k[i + 1].val;
    s->mrel = r + 2;
    return i + 2;
}

/* "31 May 1924", "the 31st of May", "31 May" */
static size_t m_day_first(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    int the = 0;
    if (isw(c, j, W_THE)) {
        j++;
        the = 1;
    }
    int d;
    size_t k = day_at(c, j, &d);
    if (!k)
        return 0;
    if (the && k == j + 1)
        return 0;
    if (isw(c, k, W_OF))
        k++;
    if (!iscls(c, k, C_MONTH) || !c->k[k].cap)
        return 0;
    int m = c->k[k].val;
    k++;
    if (isp(c, k, '.') && glued(c, k) && (c->k[k - 1].flags & F_ABBR))
        k++;
    return day_then_year(c, k, m, d, s);
}

/* "1956", "the same 1956", "fiscal 1989", "1956, October 19", "44 BC", "AD 862",
 * "1950s", "1950's", "'50s" */
static size_t m_year(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    int y;
    if (isw(c, j, W_THE) && isw(c, j + 1, W_SAME))
        j += 2;
    else if (isw(c, j, W_FISCAL))
        j++;
    size_t a = ad_at(c, j);
    if (a && isnum(c, a) && c->k[a].ndig <= 4 && c->k[a].val > 0) {
        s->kind = S_ABS;
        s->prec = P_YEAR;
        s->y = c->k[a].val;
        s->yexp = 1;
        return a + 1;
    }
    /* "44 BC", "300 B.C." */
    if (isnum(c, j) && c->k[j].ndig <= 4 && c->k[j].val > 0) {
        size_t b = bc_at(c, j + 1);
        if (b) {
            s->kind = S_ABS;
            s->prec = P_YEAR;
            s->y = c->k[j].val;
            s->bc = 1;
            s->yexp = 1;
            return b;
        }
    }
    /* decades */
    if (isnum(c, j) && c->k[j].ndig == 4 && c->k[j].val >= 1000 && c->k[j].val % 10 == 0) {
        size_t k = j + 1;
        if (isp(c, k, '\'') && glued(c, k))
            k++;
        if (isw(c, k, W_S) && glued(c, k)) {
            s->kind = S_ABS;
            s->prec = P_DECADE;
            s->y = c->k[j].val;
            s->yexp = 1;
            return k + 1;
        }
    }
    if (isp(c, j, '\'') && isnum(c, j + 1) && glued(c, j + 1) && c->k[j + 1].ndig == 2 &&
        c->k[j + 1].val % 10 == 0 && isw(c, j + 2, W_S) && glued(c, j + 2)) {
        s->kind = S_ABS;
        s->prec = P_DECADE;
        s->y = 1900 + c->k[j + 1].val;
        s->yexp = 1;
        return j + 3;
    }
    size_t k = year_at(c, j, &y, j == i);
    if (!k)
        return 0;
    s->kind = S_ABS;
    s->prec = P_YEAR;
    s->y = y;
    s->yexp = 1;
    size_t b = ad_at(c, k);
    if (b)
        return b;
    if (j == i && i > 0 && (isw(c, i - 1, W_THE) || isw(c, i - 1, W_A) || isw(c, i - 1, W_AN)) && k < c->n &&
        c->k[k].kind == K_WORD && !c->k[k].cap && c->k[k].cls == C_NONE)
        s->attr = 1;
    /* "1956, October 19" */
    if (isp(c, k, ',') && month_at(c, k + 1)) {
        int d;
        size_t q = k + 2;
        if (isp(c, q, '.') && glued(c, q))
            q++;
        size_t e = day_at(c, q, &d);
        if (e && valid_ymd(y, c->k[k + 1].val, d)) {
            set_day(s, y, c->k[k + 1].val, d);
            return e;
        }
    }
    return k;
}

/* "two thousand" in [i, j) counts something: "twenty-two thousand", "some
 * two thousand", "two thousand Poles" (a word other than a preposition or
 * conjunction follows) */
static int quantity_words(const ctx *c, size_t i, size_t j)
{
    if (i >= 2 && isp(c, i - 1, '-') && glued(c, i - 1) && iscls(c, i - 2, C_NUMW))
        return 1;
    if (i >= 1 && (isw(c, i - 1, W_SOME) || isw(c, i - 1, W_ABOUT) || isw(c, i - 1, W_NEARLY) ||
                   isw(c, i - 1, W_ALMOST) || isw(c, i - 1, W_OVER) || isw(c, i - 1, W_ROUGHLY) ||
                   isw(c, i - 1, W_APPROXIMATELY) || isw(c, i - 1, W_AROUND)))
        return 1;
    if (j < c->n && c->k[j].kind == K_WORD &&
        !(isw(c, j, W_IN) || isw(c, j, W_ON) || isw(c, j, W_AT) || isw(c, j, W_AND) ||
          isw(c, j, W_TO) || isw(c, j, W_BY) || isw(c, j, W_FOR) || isw(c, j, W_UNTIL) ||
          isw(c, j, W_THROUGH) || isw(c, j, W_DURING) || isw(c, j, W_SINCE) || isw(c, j, W_FROM)))
        return 1;
    return 0;
}

/* Years in words: "nineteen ninety-six", "nineteen eighty", "two thousand". */
static size_t m_year_words(const ctx *c, size_t i, sem *s)
{
    if (iscls(c, i, C_NUMW) && c->k[i].val == 19) {
        size_t j = i + 1;
        int v;
        if (!iscls(c, j, C_NUMW) || c->k[j].val < 20 || c->k[j].val % 10 != 0) {
            if (iscls(c, j, C_NUMW) && c->k[j].val >= 10 && c->k[j].val < 20)
                v = c->k[j].val, j++;
            else
                return 0;
        } else {
            v = c->k[j].val;
            j++;
            if (isp(c, j, '-') && glued(c, j) && iscls(c, j + 1, C_NUMW) && c->k[j + 1].val < 10) {
                v += c->k[j + 1].val;
                j += 2;
            } else if (iscls(c, j, C_NUMW) && c->k[j].val < 10) {
                v += c->k[j].val;
                j++;
            }
        }
        s->kind = S_ABS;
        s->prec = P_YEAR;
        s->y = 1900 + v;
        s->yexp = 1;
        return j;
    }
    if (iscls(c, i, C_NUMW) && c->k[i].val == 2 && i + 1 < c->n && c->k[i + 1].kind == K_WORD &&
        c->k[i + 1].cls == C_MEASURE && (c->k[i + 1].e - c->k[i + 1].s) == 8 &&
        an_tolower((unsigned char)c->s[c->k[i + 1].s]) == 't' && !measure_after(c, i + 2)) {
        s->kind = S_ABS;
        s->prec = P_YEAR;
        s->y = 2000;
        s->yexp = 1;
        size_t j = i + 2;
        if (isw(c, j, W_AND) && iscls(c, j + 1, C_NUMW) && c->k[j + 1].val < 20) {
            s->y += c->k[j + 1].val;
            j += 2;
        } else if (iscls(c, j, C_NUMW) && c->k[j].val < 20) {
            s->y += c->k[j].val;
            j++;
        }
        if (quantity_words(c, i, j)) {
            sem_init(s);
            return 0;
        }
        return j;
    }
    if (isw(c, i, W_THE) && unit_at(c, i + 1, NULL) == U_YEAR && !c->k[i + 1].flags) {
        sem t;
        sem_init(&t);
        size_t e = m_year_words(c, i + 2, &t);
        if (e) {
            *s = t;
            return e;
        }
    }
    return 0;
}

/* "the 1950s" with its article, "the fifties" */
static size_t m_decade_word(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    if (isw(c, j, W_THE))
        j++;
    if (iscls(c, j, C_DECW)) {
        if (j == i)
            return 0;
        s->kind = S_ABS;
        s->prec = P_DECADE;
        s->y = 1900 + 10 * c->k[j].val;
        s->yexp = 1;
        return j + 1;
    }
    if (j > i) {
        sem t;
        sem_init(&t);
        size_t e = m_year(c, j, &t);
        if (e && t.prec == P_DECADE) {
            *s = t;
            return e;
        }
    }
    return 0;
}

/* A century: "the 20th century", "the XX century", "the twentieth century". */
static size_t century_at(const ctx *c, size_t i, int *cent)
{
    size_t j = i;
    if (isw(c, j, W_THE))
        j++;
    int v = 0;
    size_t k = ord_at(c, j, &v);
    if (!k && iscls(c, j, C_ROMAN) && c->k[j].cap) {
        v = c->k[j].val;
        k = j + 1;
        if (isw(c, k, W_TH) && glued(c, k))
            k++;
    }
    if (!k || v < 1 || v > 30)
        return 0;
    if (isp(c, k, '-') && glued(c, k))
        k++;
    int pl;
    if (unit_at(c, k, &pl) != U_CENTURY || pl)
        return 0;
    *cent = v;
    return k + 1;
}

static size_t m_century(const ctx *c, size_t i, sem *s)
{
    int v;
    size_t e = century_at(c, i, &v);
    if (e) {
        s->kind = S_ABS;
        s->prec = P_CENTURY;
        s->y = (v - 1) * 100;
        s->yexp = 1;
        if (bc_at(c, e)) {
            s->bc = 1;
            return bc_at(c, e);
        }
        return e;
    }
    /* "the second decade of the XXI century" */
    size_t j = i;
    if (isw(c, j, W_THE))
        j++;
    int o;
    size_t k = ord_at(c, j, &o);
    int pl;
    if (!k || o < 1 || o > 10 || unit_at(c, k, &pl) != U_DECADE || pl || !isw(c, k + 1, W_OF))
        return 0;
    e = century_at(c, k + 2, &v);
    if (!e)
        return 0;
    s->kind = S_ABS;
    s->prec = P_DECADE;
    s->y = (v - 1) * 100 + (o - 1) * 10;
    s->yexp = 1;
    return e;
}

/* "spring 1941", "the spring of 1941", "the summer", "last fall" */
static size_t m_season(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    int rel = -99;
    int the = 0;
    if (isw(c, j, W_THE)) {
        the = 1;
        j++;
    }
    if (isw(c, j, W_LAST) || isw(c, j, W_PAST) || isw(c, j, W_PREVIOUS))
        rel = -1;
    else if (isw(c, j, W_NEXT) || isw(c, j, W_COMING) || isw(c, j, W_FOLLOWING))
        rel = 1;
    else if (isw(c, j, W_THIS) || isw(c, j, W_THAT) || isw(c, j, W_SAME))
        rel = 0;
    if (rel != -99)
        j++;
    if (!iscls(c, j, C_SEASON))
        return 0;
    int sea = c->k[j].val;
    int y;
    size_t k = j + 1;
    size_t e = 0;
    if (isw(c, k, W_OF) && (e = year_at(c, k + 1, &y, 0)) != 0) {
    } else if ((e = year_at(c, k, &y, 0)) != 0) {
    }
    s->kind = S_ABS;
    s->prec = P_SEASON;
    s->sub = sea;
    if (e) {
        s->y = y;
        s->yexp = 1;
        return e;
    }
    if (rel != -99) {
        s->kind = S_REL;
        s->unit = U_YEAR;
        s->n = rel;
        s->anaph = (isw(c, j - 1, W_FOLLOWING) || isw(c, j - 1, W_PREVIOUS) || isw(c, j - 1, W_SAME) ||
                    isw(c, j - 1, W_THAT));
        return k;
    }
    if ((c->k[j].flags & F_NOCAP) && !c->k[j].cap && !(the && isw(c, k, W_OF)))
        return 0;
    if (!the && !(i > 0 && (isw(c, i - 1, W_IN) || isw(c, i - 1, W_DURING) || isw(c, i - 1, W_SINCE) ||
                            isw(c, i - 1, W_UNTIL) || isw(c, i - 1, W_EARLY) || isw(c, i - 1, W_LATE))))
        return 0;
    if (the && isw(c, k, W_OF))
        return 0;
    return k;
}

/* "the third quarter", "third-quarter", "the first half of 1956", "the quarter" */
static size_t m_quarter(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    if (isw(c, j, W_THE))
        j++;
    if (isw(c, j, W_FISCAL))
        j++;
    int o = 0, pl = 0, u = 0;
    size_t k = ord_at(c, j, &o);
    if (k) {
        size_t q = k;
        if (isp(c, q, '-') && glued(c, q))
            q++;
        if (unit_at(c, q, &pl) == U_QUARTER && !pl && o >= 1 && o <= 4)
            u = 1;
        else if (isw(c, q, W_HALF) && o >= 1 && o <= 2)
            u = 2;
        if (!u)
            return 0;
        if (q > k && j > i)
            return 0; /* "the third-quarter profit": the article belongs to the noun */
        k = q + 1;
        s->kind = S_ABS;
        s->prec = u == 1 ? P_QUARTER : P_HALF;
        s->sub = o;
        int y;
        size_t e;
        if (isw(c, k, W_OF) && isw(c, k + 1, W_FISCAL) && (e = year_at(c, k + 2, &y, 0)) != 0) {
        } else if (isw(c, k, W_OF) && (e = year_at(c, k + 1, &y, 0)) != 0) {
        } else if (isw(c, k, W_FISCAL) && (e = year_at(c, k + 1, &y, 0)) != 0) {
        } else if ((e = year_at(c, k, &y, 0)) != 0) {
        }
        if (e) {
            s->y = y;
            s->yexp = 1;
            return e;
        }
        if (u == 2 && j == i && !(isp(c, k - 2, '-')))
            return 0; /* "first half" without article or year is too vague */
        return k;
    }
    if (j > i && (isw(c, j, W_LATEST) || isw(c, j, W_CURRENT)) && unit_at(c, j + 1, &pl) == U_QUARTER && !pl) {
        s->kind = S_REL;
        s->unit = U_QUARTER;
        s->n = isw(c, j, W_LATEST) ? -1 : 0;
        s->prec = P_QUARTER;
        return j + 2;
    }
    if (j == i + 1 && unit_at(c, j, &pl) == U_QUARTER && !pl && !isw(c, j + 1, W_OF) &&
        !unit_at(c, j + 1, &pl)) {
        s->kind = S_REL;
        s->unit = U_QUARTER;
        s->n = -1;
        s->prec = P_QUARTER;
        return j + 1;
    }
    return 0;
}

/* "Friday", "last Tuesday", "Friday morning", "Wednesday, May 3, 1956" */
static size_t m_weekday(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    int dir = 0;
    if (isw(c, j, W_THE) && (isw(c, j + 1, W_PREVIOUS) || isw(c, j + 1, W_FOLLOWING) || isw(c, j + 1, W_NEXT)) &&
        iscls(c, j + 2, C_WDAY))
        j++;
    else if (isw(c, j, W_THIS) && (isw(c, j + 1, W_PAST) || isw(c, j + 1, W_COMING)) && iscls(c, j + 2, C_WDAY))
        j++;
    if (isw(c, j, W_FOLLOWING)) {
        dir = 1;
        j++;
    } else if (isw(c, j, W_LAST) || isw(c, j, W_PAST) || isw(c, j, W_PREVIOUS)) {
        dir = -1;
        j++;
    } else if (isw(c, j, W_NEXT) || isw(c, j, W_COMING)) {
        dir = 1;
        j++;
    } else if (isw(c, j, W_THIS)) {
        dir = 2;
        j++;
    }
    if (!iscls(c, j, C_WDAY) || !c->k[j].cap)
        return 0;
    s->kind = S_WDAY;
    s->wday = c->k[j].val;
    s->dir = dir;
    s->prec = P_DAY;
    size_t k = j + 1;
    /* a date right after the weekday decides the value */
    size_t q = isp(c, k, ',') ? k + 1 : k;
    sem t;
    sem_init(&t);
    size_t e = m_month_first(c, q, &t);
    if (!e)
        e = m_day_first(c, q, &t);
    if (e && t.prec == P_DAY) {
        *s = t;
        return e;
    }
    if (iscls(c, k, C_POD)) {
        s->pod = c->k[k].val;
        s->type = ANNALS_TIMEX_TIME;
        k++;
    }
    return k;
}

/* "last year", "next month", "this week", "the following year", "the same
 * day", "that year", "last night", "this morning", "the year-earlier quarter" */
static size_t m_relative(const ctx *c, size_t i, sem *s)
{
    size_t j = i;
    int the = 0;
    if (isw(c, j, W_THE)) {
        the = 1;
        j++;
    }
    int n = 0, anaph = 0, ok = 1;
    if (j >= c->n || c->k[j].cls != C_W)
        ok = 0;
    else {
        switch (c->k[j].val) {
        case W_LAST: n = -1; break;
        case W_PAST: n = -1; if (!the) ok = 0; break;
        case W_NEXT: n = 1; anaph = the; break;
        case W_THIS: n = 0; if (the) ok = 0; break;
        case W_CURRENT: n = 0; break;
        case W_COMING: n = 1; break;
        case W_UPCOMING: n = 1; break;
        case W_PREVIOUS: n = -1; anaph = 1; break;
        case W_FOLLOWING: n = 1; anaph = 1; if (!the) ok = 0; break;
        case W_SAME: n = 0; anaph = 1; if (!the) ok = 0; break;
        case W_THAT: n = 0; anaph = 1; if (the) ok = 0; break;
        default: ok = 0;
        }
    }
    int pl = 0, u;
    if (ok && (u = unit_at(c, j + 1, &pl)) != 0 && !pl && u != U_SEC && u != U_MIN && u != U_HOUR) {
        if (c->k[j].val == W_THAT && (u == U_WEEKEND))
            return 0;
        s->kind = S_REL;
        s->unit = u;
        s->n = n;
        s->anaph = anaph;
        s->prec = unit_prec(u);
        return j + 2;
    }
    if (ok && iscls(c, j + 1, C_POD) && !the) {
        int w = c->k[j].val;
        if (w == W_THIS || (w == W_LAST && c->k[j + 1].val == 4)) {
            s->kind = S_REL;
            s->unit = U_DAY;
            s->n = w == W_LAST ? -1 : 0;
            s->dct = 1;
            s->prec = P_DAY;
            s->pod = c->k[j + 1].val;
            s->type = ANNALS_TIMEX_TIME;
            return j + 2;
        }
    }
    /* "year-earlier", "year-ago", "the year-ago quarter" */
    if (unit_at(c, j, &pl) == U_YEAR && !pl && isp(c, j + 1, '-') && glued(c, j + 1) &&
        (isw(c, j + 2, W_EARLIER) || isw(c, j + 2, W_AGO)) && glued(c, j + 2)) {
        s->kind = S_REL;
        s->unit = U_YEAR;
        s->n = -1;
        s->anaph = 1;
        s->keep = 1;
        s->prec = P_YEAR;
        size_t e = j + 3;
        if (the && (unit_at(c, e, &pl) || isw(c, e, W_PERIOD)) && !pl)
            return e + 1;
        if (the)
            return 0;
        return e;
    }
    return 0;
}

/* Clock times: "5 p.m.", "10:30 a.m. EST", "1400 GMT", "noon", "midnight" */
static size_t ampm_at(const ctx *c, size_t i, int *pm)
{
    if (isw(c, i, W_AM) || isw(c, i, W_PM)) {
        *pm = isw(c, i, W_PM);
        size_t j = i + 1;
        if (isp(c, j, '.') && glued(c, j))
            j++;
        return j;
    }
    if (i + 2 < c->n && c->k[i].kind == K_WORD && c->k[i].e - c->k[i].s == 1 && isp(c, i + 1, '.') &&
        glued(c, i + 1) && c->k[i + 2].kind == K_WORD && c->k[i + 2].e - c->k[i + 2].s == 1 &&
        an_tolower((unsigned char)c->s[c->k[i + 2].s]) == 'm' && glued(c, i + 2)) {
        char a = (char)an_tolower((unsigned char)c->s[c->k[i].s]);
        if (a != 'a' && a != 'p')
            return 0;
        *pm = a == 'p';
        size_t j = i + 3;
        if (isp(c, j, '.') && glued(c, j))
            j++;
        return j;
    }
    return 0;
}

static size_t m_time(const ctx *c, size_t i, sem *s)
{
    if (isw(c, i, W_NOON) || isw(c, i, W_MIDNIGHT)) {
        s->kind = S_TIME;
        s->type = ANNALS_TIMEX_TIME;
        s->hour = isw(c, i, W_NOON) ? 12 : 24;
        s->min = 0;
        return i + 1;
    }
    if (!isnum(c, i))
        return 0;
    int h = c->k[i].val, mi = 0;
    size_t j = i + 1;
    if (c->k[i].ndig == 4 && iscls(c, j, C_TZ)) {
        h = c->k[i].val / 100;
        mi = c->k[i].val % 100;
        if (h > 23 || mi > 59)
            return 0;
        s->kind = S_TIME;
        s->type = ANNALS_TIMEX_TIME;
        s->hour = h;
        s->min = mi;
        return j + 1;
    }
    if (c->k[i].ndig > 2 || h > 23)
        return 0;
    int colon = 0;
    if (isp(c, j, ':') && glued(c, j) && isnum(c, j + 1) && glued(c, j + 1) && c->k[j + 1].ndig == 2) {
        mi = c->k[j + 1].val;
        if (mi > 59)
            return 0;
        j += 2;
        colon = 1;
    }
    int pm = -1;
    size_t e = ampm_at(c, j, &pm);
    if (e) {
        if (h < 1 || h > 12)
            return 0;
        if (pm && h < 12)
            h += 12;
        if (!pm && h == 12)
            h = 0;
        j = e;
    } else if (isw(c, j, W_O) && isp(c, j + 1, '\'') && isw(c, j + 2, W_CLOCK)) {
        j += 3;
    } else if (!(colon && (iscls(c, j, C_TZ) || (i > 0 && isw(c, i - 1, W_AT))))) {
        return 0;
    }
    if (iscls(c, j, C_TZ))
        j++;
    s->kind = S_TIME;
    s->type = ANNALS_TIMEX_TIME;
    s->hour = h;
    s->min = mi;
    return j;
}

/* Sets: "daily", "every year", "each Monday", "every other week" */
static size_t m_set(const ctx *c, size_t i, sem *s)
{
    if (iscls(c, i, C_SETW)) {
        s->type = ANNALS_TIMEX_SET;
        s->kind = S_LIT;
        duration_value(s->lit, sizeof s->lit, 1, c->k[i].val);
        return i + 1;
    }
    if (!isw(c, i, W_EVERY) && !isw(c, i, W_EACH))
        return 0;
    size_t j = i + 1;
    int n = 1, pl = 0, u;
    if (isw(c, j, W_OTHER)) {
        n = 2;
        j++;
    } else if (isnum(c, j) || iscls(c, j, C_NUMW)) {
        size_t q = qty_at(c, j, &n);
        if (!q || n < 1)
            return 0;
        j = q;
    }
    if ((u = unit_at(c, j, &pl)) != 0 && (pl == (n > 1) || n == 2)) {
        s->type = ANNALS_TIMEX_SET;
        s->kind = S_LIT;
        duration_value(s->lit, sizeof s->lit, n, u);
        return j + 1;
    }
    if (iscls(c, j, C_WDAY) && n == 1) {
        s->type = ANNALS_TIMEX_SET;
        s->kind = S_LIT;
        snprintf(s->lit, sizeof s->lit, "XXXX-WXX-%d", c->k[j].val + 1);
        return j + 1;
    }
    if (iscls(c, j, C_MONTH) && c->k[j].cap && n == 1) {
        s->type = ANNALS_TIMEX_SET;
        s->kind = S_LIT;
        snprintf(s->lit, sizeof s->lit, "XXXX-%02d", c->k[j].val);
        return j + 1;
    }
    if (iscls(c, j, C_SEASON) && n == 1) {
        static const char *sc[] = {"", "SP", "SU", "FA", "WI"};
        s->type = ANNALS_TIMEX_SET;
        s->kind = S_LIT;
        snprintf(s->lit, sizeof s->lit, "XXXX-%s", sc[c->k[j].val]);
        return j + 1;
    }
    if (iscls(c, j, C_POD) && n == 1) {
        static const char *pc[] = {"", "MO", "AF", "EV", "NI"};
        s->type = ANNALS_TIMEX_SET;
        s->kind = S_LIT;
        snprintf(s->lit, sizeof s->lit, "XXXX-XX-XXT%s", pc[c->k[j].val]);
        return j + 1;
    }
    return 0;
}

/* Holidays: "Christmas", "Christmas Eve", "New Year's Day", "Thanksgiving" */
static size_t m_holiday(const ctx *c, size_t i, sem *s)
{
    size_t j;
    int md;
    if (iscls(c, i, C_HOLI) && c->k[i].cap) {
        md = c->k[i].val;
        j = i + 1;
        if (md == 0) { /* Thanksgiving: fourth Thursday of November */
            md = -1;
            if (unit_at(c, j, NULL) == U_DAY && c->k[j].cap)
                j++;
        } else if (isw(c, j, W_EVE) && c->k[j].cap) {
            md -= 1;
            j++;
        } else if (unit_at(c, j, NULL) == U_DAY && c->k[j].cap) {
            j++;
        }
    } else if (isw(c, i, W_NEW) && c->k[i].cap && unit_at(c, i + 1, NULL) == U_YEAR && c->k[i + 1].cap &&
               isp(c, i + 2, '\'') && isw(c, i + 3, W_S) &&
               ((unit_at(c, i + 4, NULL) == U_DAY) || isw(c, i + 4, W_EVE)) && c->k[i + 4].cap) {
        md = isw(c, i + 4, W_EVE) ? 1231 : 101;
        j = i + 5;
    } else {
        return 0;
    }
    s->kind = S_ABS;
    s->prec = P_DAY;
    s->holiday = md;
    if (md > 0) {
        s->m = md / 100;
        s->d = md % 100;
    } else {
        s->m = 11;
        s->d = 0;
    }
    int y;
    size_t e = year_at(c, j, &y, 0);
    if (!e && isp(c, j, ',') )
        e = year_at(c, j + 1, &y, 0);
    if (e) {
        s->y = y;
        s->yexp = 1;
        return e;
    }
    return j;
}

static int is_calendar_sem(const sem *s) { return s->kind == S_ABS || s->kind == S_REL || s->kind == S_WDAY; }

/* Which matchers can start at a token.  Every matcher looks first at the
 * token it starts on, and only a few kinds of token can open each one: a
 * number, a word of some lexicon classes, a few function words.  The table
 * lists them, so that tokenize() can give each token the set of matchers
 * worth trying there (tok.mask) and m_core() tries only those, in the
 * table's order (the first of equally long matches wins).  A matcher that
 * learns to start on another token must list it here. */
typedef size_t (*matcher)(const ctx *, size_t, sem *);

/* What a token is, as bits: its lexicon class, or one of these. */
#define CB(cl) (1u << (cl))   /* a word of lexicon class cl */
#define PC_NUM (1u << 16)     /* a number */
#define PC_PUNCT (1u << 17)   /* punctuation */
#define PC_APOS (1u << 18)    /* an apostrophe ("'50s"), with PC_PUNCT */

typedef struct mdesc {
    matcher fn;
    uint32_t starts;          /* CB() classes, PC_ bits */
    unsigned char words[40];  /* C_W words (W_ ids), 0-terminated */
} mdesc;

static const mdesc MATCHERS[] = {
    {m_numeric_date, PC_NUM, {0}},
    {m_month_rel, 0, {W_LAST, W_PAST, W_THIS, W_NEXT, W_COMING}},
    {m_month_first, CB(C_MONTH), {0}},
    {m_year_words, CB(C_NUMW), {W_THE}},
    {m_day_first, PC_NUM, {W_THE}},
    {m_year, PC_NUM | PC_APOS, {W_THE, W_FISCAL, W_AD, W_CE, W_A}},
    {m_decade_word, 0, {W_THE}},
    {m_century, PC_NUM | CB(C_ORDW) | CB(C_ROMAN), {W_THE}},
    {m_season, CB(C_SEASON),
     {W_THE, W_LAST, W_PAST, W_PREVIOUS, W_NEXT, W_COMING, W_FOLLOWING, W_THIS, W_THAT, W_SAME}},
    {m_quarter, PC_NUM | CB(C_ORDW), {W_THE, W_FISCAL}},
    {m_weekday, CB(C_WDAY), {W_THE, W_THIS, W_FOLLOWING, W_LAST, W_PAST, W_PREVIOUS, W_NEXT, W_COMING}},
    {m_relative, CB(C_UNIT),
     {W_THE, W_LAST, W_PAST, W_NEXT, W_THIS, W_CURRENT, W_COMING, W_UPCOMING, W_PREVIOUS, W_FOLLOWING,
      W_SAME, W_THAT}},
    {m_quantity, PC_NUM | CB(C_NUMW),
     {W_MORE, W_LESS, W_AT, W_ABOUT, W_NEARLY, W_ALMOST, W_ROUGHLY, W_APPROXIMATELY, W_SOME, W_AROUND,
      W_THE, W_PAST, W_LAST, W_NEXT, W_COMING, W_A, W_AN, W_SEVERAL, W_FEW, W_MANY}},
    {m_plural_unit, CB(C_UNIT), {W_RECENT}},
    {m_deictic, 0,
     {W_TODAY, W_YESTERDAY, W_TOMORROW, W_TONIGHT, W_NOW, W_CURRENTLY, W_NOWADAYS, W_RECENTLY, W_LATELY,
      W_THE}},
    {m_time, PC_NUM, {W_NOON, W_MIDNIGHT}},
    {m_set, CB(C_SETW), {W_EVERY, W_EACH}},
    {m_holiday, CB(C_HOLI), {W_NEW}},
};

#define NMATCH (sizeof MATCHERS / sizeof MATCHERS[0])
#define CORE_BITS ((1u << NMATCH) - 1)
#define MOD_BIT (1u << NMATCH)          /* m_expr's leading modifiers start here */
#define START_BITS (CORE_BITS | MOD_BIT)
#define AFTER_THE (1u << (NMATCH + 1))  /* can follow "the" in an expression */
#define AFTER_A (1u << (NMATCH + 2))    /* can follow "a", "an" in an expression */

_Static_assert(NMATCH + 3 <= 32, "tok.mask holds the matcher bits and three more");
_Static_assert(W_WOULD < 256, "word lists hold W_ ids in bytes");

/* No expression starts with a preposition, conjunction or auxiliary ("in
 * 1956": the expression starts at the year). */
static const mdesc NO_START = {NULL, 0,
                               {W_OF, W_IN, W_ON, W_AT, W_BY, W_TO, W_AND, W_FOR, W_IS, W_ARE, W_WILL,
                                W_SHALL, W_WOULD, W_SINCE, W_UNTIL, W_TILL, W_DURING, W_THROUGH, W_FROM}};
/* m_expr's modifiers: "the end of", "early", "mid-", "later this year" */
static const mdesc MOD_START = {NULL, 0, {W_THE, W_EARLY, W_LATE, W_MID, W_EARLIER, W_LATER, W_MIDDLE}};
/* Every token that any matcher or m_expr reads right after a leading "the"
 * ("the 1950s", "the same year", "the end of"): "the" before anything else
 * starts nothing. */
static const mdesc THE_NEXT = {
    NULL,
    PC_NUM | PC_APOS | CB(C_UNIT) | CB(C_DECW) | CB(C_ORDW) | CB(C_ROMAN) | CB(C_SEASON) | CB(C_NUMW),
    {W_SAME, W_THE, W_FISCAL, W_AD, W_CE, W_A, W_AN, W_LAST, W_PAST, W_PREVIOUS, W_NEXT, W_COMING,
     W_FOLLOWING, W_THIS, W_THAT, W_LATEST, W_CURRENT, W_UPCOMING, W_FINAL, W_SEVERAL, W_FEW, W_MANY,
     W_FUTURE, W_PRESENT, W_END, W_BEGINNING, W_START, W_MIDDLE, W_CLOSE, W_TURN, W_EARLY, W_LATE, W_MID,
     W_EARLIER, W_LATER}};
/* The same after "a", "an" (m_quantity's "a few", "a year", "a two-year";
 * m_year's "A.D."). */
static const mdesc A_NEXT = {NULL, PC_NUM | PC_PUNCT | CB(C_UNIT) | CB(C_ORDW) | CB(C_NUMW),
                             {W_FEW, W_COUPLE, W_HUNDRED, W_MORE, W_SECONDS}};

static int md_has(const mdesc *d, uint32_t what, int val)
{
    if (d->starts & what)
        return 1;
    if (what & CB(C_W))
        for (size_t i = 0; i < sizeof d->words && d->words[i]; i++)
            if (d->words[i] == val)
                return 1;
    return 0;
}

/* The mask of a token that is `what` (CB(class) or PC_ bits) with lexicon
 * value val. */
static uint32_t start_mask(uint32_t what, int val)
{
    uint32_t m = 0;
    for (size_t q = 0; q < NMATCH; q++)
        if (md_has(&MATCHERS[q], what, val))
            m |= 1u << q;
    if (md_has(&NO_START, what, val))
        m = 0;
    if (md_has(&MOD_START, what, val))
        m |= MOD_BIT;
    if (md_has(&THE_NEXT, what, val))
        m |= AFTER_THE;
    if (md_has(&A_NEXT, what, val))
        m |= AFTER_A;
    return m;
}

static void build_masks(annals_tagger *t)
{
    for (size_t i = 0; i < NLEX; i++)
        t->lex_mask[i] = start_mask(CB(LEXICON[i].cls), LEXICON[i].val);
    t->num_mask = start_mask(PC_NUM, 0);
    t->punct_mask = start_mask(PC_PUNCT, 0);
    t->apos_mask = start_mask(PC_PUNCT | PC_APOS, 0);
    t->roman_mask = start_mask(CB(C_ROMAN), 0);
}

/* "the" or "a" whose next token (nx, NULL at the end) cannot continue an
 * expression starts nothing. */
static void prune_start(tok *k, const tok *nx)
{
    if (k->cls != C_W || !(k->mask & START_BITS))
        return;
    uint32_t need;
    if (k->val == W_THE)
        need = AFTER_THE;
    else if (k->val == W_A || k->val == W_AN)
        need = AFTER_A;
    else
        return;
    if (!nx || !(nx->mask & need))
        k->mask &= ~START_BITS;
}

static size_t m_core(const ctx *c, size_t i, sem *best)
{
    uint32_t m = i < c->n ? c->k[i].mask & CORE_BITS : 0;
    if (!m)
        return 0;
    sem buf[2];
    int cur = 0, bi = 0;
    size_t bend = 0;
    while (m) {
        unsigned q = (unsigned)__builtin_ctz(m);
        m &= m - 1;
        sem_init(&buf[cur]);
        size_t e = MATCHERS[q].fn(c, i, &buf[cur]);
        if (e > bend) {
            bend = e;
            bi = cur;
            cur ^= 1;
        }
    }
    if (bend)
        *best = buf[bi];
    return bend;
}

/* A core expression with its leading modifiers: "early 1941", "the end of
 * 1932", "mid-May", "the late 1970s", "earlier this year", "late Tuesday". */
static size_t m_expr(const ctx *c, size_t i, sem *out)
{
    size_t bend = m_core(c, i, out);
    if (!(c->k[i].mask & MOD_BIT))
        return bend;
    size_t j = i;
    int the = 0;
    if (isw(c, j, W_THE)) {
        the = 1;
        j++;
    }
    size_t k = 0;
    if (the && (isw(c, j, W_END) || isw(c, j, W_BEGINNING) || isw(c, j, W_START) || isw(c, j, W_MIDDLE) ||
                isw(c, j, W_CLOSE) || isw(c, j, W_TURN)) &&
        isw(c, j + 1, W_OF)) {
        k = j + 2;
    } else if (the && iscls(c, j, C_ORDW) && c->k[j].val <= 2 && isw(c, j + 1, W_HALF) && isw(c, j + 2, W_OF)) {
        k = j + 3;
    } else if (isw(c, j, W_EARLY) || isw(c, j, W_LATE) || isw(c, j, W_MID) || isw(c, j, W_EARLIER) ||
               isw(c, j, W_LATER) || isw(c, j, W_MIDDLE)) {
        k = j + 1;
        if (isp(c, k, '-') && glued(c, k))
            k++;
    }
    if (k) {
        sem s;
        sem_init(&s);
        size_t e = m_core(c, k, &s);
        int pl = 0, u, the_unit = 0;
        if (!e && isw(c, k, W_THE) && (u = unit_at(c, k + 1, &pl)) != 0 && !pl && u >= U_WEEK && u != U_WEEKEND &&
            !isw(c, k + 2, W_OF)) {
            /* "the end of the year": the year the text is speaking of */
            s.kind = S_REL;
            s.unit = u;
            s.n = 0;
            s.anaph = 1;
            s.prec = unit_prec(u);
            e = k + 2;
            the_unit = 1;
        }
        if (e > bend && is_calendar_sem(&s) && !(the && isw(c, k, W_THE) && s.prec != P_CENTURY && s.prec != P_DECADE && !the_unit)) {
            int ok = 1;
            if (the && !isw(c, j, W_END) && !isw(c, j, W_BEGINNING) && !isw(c, j, W_START) &&
                !isw(c, j, W_MIDDLE) && !isw(c, j, W_CLOSE) && !isw(c, j, W_TURN) && !iscls(c, j, C_ORDW) &&
                s.prec != P_DECADE && s.prec != P_CENTURY)
                ok = 0; /* "the early Friday" is not a date */
            if ((isw(c, j, W_EARLIER) || isw(c, j, W_LATER)) && !(s.kind == S_REL && s.n == 0))
                ok = 0; /* "later 1956" no; "later this year" yes */
            if (iscls(c, j, C_ORDW) && s.prec == P_YEAR && s.kind == S_ABS) {
                s.prec = P_HALF;
                s.sub = c->k[j].val;
            } else if (iscls(c, j, C_ORDW))
                ok = 0;
            if (ok) {
                bend = e;
                *out = s;
            }
        }
    }
    return bend;
}

/* ------------------------------------------------------------------ */
/* Resolution                                                          */
/* ------------------------------------------------------------------ */

typedef struct res {
    int ok;
    int y, m, d, sub, prec, bc;
} res;

static const char *SEASON_CODE[] = {"", "SP", "SU", "FA", "WI"};
static const char *POD_CODE[] = {"", "MO", "AF", "EV", "NI"};

/* printf's "%0Nd" (N = width, the sign counted) at o; returns the end */
static char *put_int(char *o, int v, int width)
{
    char tmp[12];
    int n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        *o++ = '-';
        width--;
    }
    for (; width > n; width--)
        *o++ = '0';
    while (n)
        *o++ = tmp[--n];
    return o;
}

static char *put_str(char *o, const char *s)
{
    while (*s)
        *o++ = *s++;
    return o;
}

/* snprintf(v, size, "%s", b[0..e-b)) */
static void put_value(char *v, size_t size, const char *b, const char *e)
{
    size_t n = (size_t)(e - b);
    if (n >= size)
        n = size - 1;
    memcpy(v, b, n);
    v[n] = 0;
}

/* "XXXX", "BC0044", "1956" at o */
static char *put_year(char *o, int y, int bc)
{
    if (y == YUNK)
        return put_str(o, "XXXX");
    if (bc)
        o = put_str(o, "BC");
    return put_int(o, y, 4);
}

static void fmt_value(char *v, size_t size, const res *r)
{
    char b[64], *o;
    switch (r->prec) {
    case P_DAY:
        o = put_year(b, r->y, r->bc);
        *o++ = '-';
        o = put_int(o, r->m, 2);
        *o++ = '-';
        o = put_int(o, r->d, 2);
        put_value(v, size, b, o);
        return;
    case P_MONTH:
        o = put_year(b, r->y, r->bc);
        *o++ = '-';
        o = put_int(o, r->m, 2);
        put_value(v, size, b, o);
        return;
    case P_YEAR:
        o = put_year(b, r->y, r->bc);
        put_value(v, size, b, o);
        return;
    default:
        break;
    }
    char y[16];
    *put_year(y, r->y, r->bc) = 0;
    switch (r->prec) {
    case P_WEEK:
    case P_WEEKEND: {
        int iy, w = an_iso_week(r->y, r->m, r->d, &iy);
        snprintf(v, size, "%04d-W%02d%s", iy, w, r->prec == P_WEEKEND ? "-WE" : "");
        break;
    }
    case P_SEASON: snprintf(v, size, "%s-%s", y, SEASON_CODE[r->sub & 7 ? (r->sub <= 4 ? r->sub : 0) : 0]); break;
    case P_QUARTER: snprintf(v, size, "%s-Q%d", y, r->sub); break;
    case P_HALF: snprintf(v, size, "%s-H%d", y, r->sub); break;
    case P_DECADE:
        if (r->y == YUNK)
            snprintf(v, size, "XXX");
        else
            snprintf(v, size, "%s%03dX", r->bc ? "BC" : "", r->y / 10);
        break;
    case P_CENTURY:
        if (r->y == YUNK)
            snprintf(v, size, "XX");
        else
            snprintf(v, size, "%s%02dXX", r->bc ? "BC" : "", r->y / 100);
        break;
    default: snprintf(v, size, "XXXX"); break;
    }
}

static int has_month(const res *r)
{
    return r->ok && r->y != YUNK &&
           (r->prec == P_DAY || r->prec == P_WEEK || r->prec == P_WEEKEND || r->prec == P_MONTH ||
            r->prec == P_QUARTER);
}

static int has_day(const res *r)
{
    return r->ok && r->y != YUNK && (r->prec == P_DAY || r->prec == P_WEEK || r->prec == P_WEEKEND);
}

static void set_from_days(res *o, long z)
{
    an_civil_from_days(z, &o->y, &o->m, &o->d);
}

static int shift(const res *ref, int unit, int n, int keep, res *o)
{
    if (!ref->ok || ref->y == YUNK || ref->bc)
        return -1;
    *o = *ref;
    switch (unit) {
    case U_YEAR:
        o->y += n;
        if (!keep || (o->prec != P_QUARTER && o->prec != P_HALF))
            o->prec = P_YEAR;
        return 0;
    case U_DECADE:
        o->y = (ref->y / 10 + n) * 10;
        o->prec = P_DECADE;
        return 0;
    case U_CENTURY:
        o->y = (ref->y / 100 + n) * 100;
        o->prec = P_CENTURY;
        return 0;
    case U_QUARTER: {
        if (!has_month(ref))
            return -1;
        int q = ref->prec == P_QUARTER ? ref->sub : (ref->m - 1) / 3 + 1;
        long idx = (long)ref->y * 4 + q - 1 + n;
        o->y = (int)(idx / 4);
        o->sub = (int)(idx % 4) + 1;
        o->m = (o->sub - 1) * 3 + 1;
        o->d = 1;
        o->prec = P_QUARTER;
        return 0;
    }
    case U_MONTH: {
        if (!has_month(ref))
            return -1;
        long idx = (long)ref->y * 12 + ref->m - 1 + n;
        o->y = (int)(idx / 12);
        o->m = (int)(idx % 12) + 1;
        o->prec = P_MONTH;
        o->d = 1;
        return 0;
    }
    case U_WEEK:
    case U_WEEKEND:
    case U_DAY: {
        if (!has_day(ref))
            return -1;
        long z = an_days_from_civil(ref->y, ref->m, ref->d) + (long)n * (unit == U_DAY ? 1 : 7);
        set_from_days(o, z);
        o->prec = unit == U_DAY || keep ? P_DAY : unit == U_WEEK ? P_WEEK : P_WEEKEND;
        return 0;
    }
    default:
        return -1;
    }
}

static int is_boundary(const ctx *c, size_t i)
{
    if (c->k[i].kind != K_PUNCT)
        return 0;
    char ch = c->k[i].ch;
    if (ch != '.' && ch != '!' && ch != '?')
        return 0;
    return i + 1 >= c->n || c->k[i + 1].sp;
}

static int boundary_between(const ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b && i < c->n; i++)
        if (is_boundary(c, i))
            return 1;
    return 0;
}

/* +1 when the sentence around tokens [t0,t1) speaks of the future. */
#ifndef FUT_WOULD
#define FUT_WOULD 1
#endif
#ifndef PAST_GAP
#define PAST_GAP 2
#endif
static int future_tense(const ctx *c, size_t t0, size_t t1)
{
    size_t lo = t0 > 20 ? t0 - 20 : 0;
    for (size_t i = t0; i-- > lo;) {
        if (is_boundary(c, i))
            break;
        if (isw(c, i, W_WILL) || isw(c, i, W_SHALL) || isw(c, i, W_LL) || isw(c, i, W_SCHEDULED) ||
            isw(c, i, W_PLAN) || isw(c, i, W_EXPECT) || (FUT_WOULD && isw(c, i, W_WOULD)))
            return 1;
    }
    for (size_t i = t1; i < c->n && i < t1 + 12; i++) {
        if (is_boundary(c, i))
            break;
        if (isw(c, i, W_WILL) || isw(c, i, W_SHALL) || isw(c, i, W_LL) || isw(c, i, W_SCHEDULED))
            return 1;
    }
    return 0;
}

static int key_month(const sem *s)
{
    switch (s->prec) {
    case P_SEASON: return s->sub == 4 ? 12 : s->sub * 3;
    case P_QUARTER: return (s->sub - 1) * 3 + 1;
    case P_HALF: return s->sub == 1 ? 1 : 7;
    default: return s->m;
    }
}

static void thanksgiving(res *r)
{
    long z = an_days_from_civil(r->y, 11, 1);
    int wd = an_weekday(z);
    int first_thu = (3 - wd + 7) % 7;
    set_from_days(r, z + first_thu + 21);
}

typedef struct rstate {
    annals_date_mode mode;
    res dct;
    res last;        /* last calendar date the text established */
    size_t sent_tok; /* token where the last explicit year was written */
    int sent_year;   /* that year, YUNK when none */
} rstate;

/* Resolves one candidate; fills *x. Returns 1 when it should be emitted. */
static int resolve(const ctx *c, rstate *st, const cand *cd, const cand *next, annals_timex *x)
{
    const sem *s = &cd->s;
    res r;
    memset(&r, 0, sizeof r);
    x->type = (annals_timex_type)s->type;
    x->anchored = 0;
    x->precision = ANNALS_PREC_NONE;
    int narrative = st->mode == ANNALS_DATES_NARRATIVE;
    int update = 0;
    switch (s->kind) {
    case S_LIT: {
        size_t n = strlen(s->lit);
        if (n >= sizeof x->value)
            n = sizeof x->value - 1;
        memcpy(x->value, s->lit, n);
        x->value[n] = 0;
        return 1;
    }
    case S_ABS:
        r.ok = 1;
        r.y = s->y;
        r.m = s->m;
        r.d = s->d;
        r.sub = s->sub;
        r.prec = s->prec;
        r.bc = s->bc;
        if (r.y == YUNK) {
            /* borrow the year of the range's other end: "from May 3 to May 9, 1960" */
            if (next && next->s.kind == S_ABS && next->s.yexp && !next->s.bc && next->t0 <= cd->t1 + 2 &&
                next->t0 > cd->t1) {
                int okgap = 1;
                for (size_t q = cd->t1; q < next->t0; q++)
                    if (!(isp(c, q, '-') || isw(c, q, W_TO) || isw(c, q, W_UNTIL) || isw(c, q, W_THROUGH) ||
                          isw(c, q, W_TILL) || isw(c, q, W_AND)))
                        okgap = 0;
                if (okgap)
                    r.y = next->s.y;
            }
        }
        if (r.y == YUNK && s->mrel) {
            const res *ref = narrative && st->last.ok ? &st->last : st->dct.ok ? &st->dct : &st->last;
            if (has_month(ref)) {
                int k = s->mrel - 2;
                if (k < 0)
                    r.y = s->m < ref->m ? ref->y : ref->y - 1;
                else if (k > 0)
                    r.y = s->m > ref->m ? ref->y : ref->y + 1;
                else
                    r.y = ref->y;
            } else if (ref->ok && ref->y != YUNK) {
                r.y = ref->y + (s->mrel - 2);
            }
        }
        if (r.y == YUNK) {
            if (!narrative && st->sent_year != YUNK && !boundary_between(c, st->sent_tok, cd->t0)) {
                r.y = st->sent_year;
            } else if (narrative && st->last.ok && st->last.y != YUNK && !st->last.bc) {
                r.y = st->last.y;
            } else if (st->dct.ok) {
                r.y = st->dct.y;
                if (!narrative && s->prec != P_DECADE && s->prec != P_CENTURY) {
                    int km = key_month(s);
                    int fut = future_tense(c, cd->t0, cd->t1);
                    if (!fut && (km > st->dct.m + PAST_GAP || (km > st->dct.m && s->prec == P_DAY && km == st->dct.m + PAST_GAP &&
                                                        s->d > st->dct.d + 7)))
                        r.y--;
                    else if (fut && km < st->dct.m - 1)
                        r.y++;
                }
            } else if (st->last.ok && st->last.y != YUNK && !st->last.bc) {
                r.y = st->last.y;
            }
        } else if (s->yexp && !s->bc) {
            st->sent_year = r.y;
            st->sent_tok = cd->t1;
        }
        if (r.prec == P_DAY && r.y != YUNK && !s->holiday && r.d > an_days_in_month(r.y, r.m))
            r.prec = P_MONTH; /* "February 29" in a year without one */
        if (s->holiday < 0 && r.y != YUNK)
            thanksgiving(&r);
        if (s->holiday < 0 && r.y == YUNK)
            r.d = 0, r.prec = P_MONTH;
        update = r.y != YUNK && !r.bc && r.prec != P_DECADE && r.prec != P_CENTURY && !s->attr;
        break;
    case S_REL: {
        const res *ref;
        if (s->dct)
            ref = &st->dct;
        else if (s->anaph || narrative)
            ref = st->last.ok ? &st->last : &st->dct;
        else
            ref = st->dct.ok ? &st->dct : &st->last;
        if (s->prec == P_SEASON) {
            /* "last spring", "this summer", "the following winter" */
            if (!ref->ok || ref->y == YUNK) {
                r.ok = 1;
                r.y = YUNK;
                r.prec = P_SEASON;
                r.sub = s->sub;
                break;
            }
            r = *ref;
            r.prec = P_SEASON;
            r.sub = s->sub;
            int km = key_month(s);
            if (s->n < 0)
                r.y = (has_month(ref) && km < ref->m) ? ref->y : ref->y - 1;
            else if (s->n > 0)
                r.y = (has_month(ref) && km > ref->m) ? ref->y : ref->y + 1;
            update = 1;
            break;
        }
        if (shift(ref, s->unit, s->n, s->keep, &r) != 0) {
            /* no usable reference time: leave the value open */
            r.ok = 1;
            r.y = YUNK;
            r.prec = s->prec ? s->prec : P_YEAR;
            if (r.prec == P_WEEK || r.prec == P_WEEKEND || r.prec == P_DAY) {
                snprintf(x->value, sizeof x->value, "%s", r.prec == P_DAY ? "XXXX-XX-XX" : "XXXX-WXX");
                x->precision = ANNALS_PREC_NONE;
                return 1;
            }
            if (r.prec == P_MONTH || r.prec == P_QUARTER) {
                snprintf(x->value, sizeof x->value, "%s", r.prec == P_MONTH ? "XXXX-XX" : "XXXX-QX");
                x->precision = ANNALS_PREC_NONE;
                return 1;
            }
            r.m = 0;
            break;
        }
        update = !(s->dct && narrative) && r.prec != P_DECADE && r.prec != P_CENTURY;
        if (s->anaph && r.y != YUNK) {
            st->sent_year = r.y; /* "The following year, on May 3" */
            st->sent_tok = cd->t1;
        }
        break;
    }
    case S_WDAY: {
        const res *ref = narrative ? (st->last.ok ? &st->last : &st->dct) : (st->dct.ok ? &st->dct : &st->last);
        if (!has_day(ref)) {
            snprintf(x->value, sizeof x->value, "XXXX-WXX-%d", s->wday + 1);
            if (s->pod)
                snprintf(x->value + strlen(x->value), sizeof x->value - strlen(x->value), "T%s",
                         POD_CODE[s->pod]);
            return 1;
        }
        long z = an_days_from_civil(ref->y, ref->m, ref->d);
        int wd0 = an_weekday(z);
        int back = (wd0 - s->wday + 7) % 7, fwd = (s->wday - wd0 + 7) % 7;
        int dir = s->dir;
        if (dir == 0)
            dir = narrative ? 1 : future_tense(c, cd->t0, cd->t1) ? 3 : -3;
        if (dir == -1)
            z -= back ? back : 7;
        else if (dir == 1)
            z += fwd ? fwd : 7;
        else if (dir == 2)
            z += s->wday - wd0;
        else if (dir == -3)
            z -= back;
        else
            z += fwd;
        r.ok = 1;
        set_from_days(&r, z);
        r.prec = P_DAY;
        update = 1;
        break;
    }
    case S_TIME: {
        const res *ref = narrative ? (st->last.ok ? &st->last : &st->dct) : (st->dct.ok ? &st->dct : &st->last);
        if (!has_day(ref))
            snprintf(x->value, sizeof x->value, "XXXX-XX-XXT%02d:%02d", s->hour, s->min);
        else
            snprintf(x->value, sizeof x->value, "%04d-%02d-%02dT%02d:%02d", ref->y, ref->m, ref->d, s->hour,
                     s->min);
        x->type = ANNALS_TIMEX_TIME;
        x->anchored = has_day(ref);
        x->precision = x->anchored ? ANNALS_PREC_DAY : ANNALS_PREC_NONE;
        return 1;
    }
    default:
        return 0;
    }
    fmt_value(x->value, sizeof x->value, &r);
    if (s->pod && r.prec == P_DAY && r.y != YUNK) {
        size_t l = strlen(x->value);
        snprintf(x->value + l, sizeof x->value - l, "T%s", POD_CODE[s->pod]);
        x->type = ANNALS_TIMEX_TIME;
    }
    switch (r.prec) {
    case P_DAY: x->precision = ANNALS_PREC_DAY; break;
    case P_WEEK:
    case P_WEEKEND:
    case P_MONTH: x->precision = ANNALS_PREC_MONTH; break;
    case P_SEASON: x->precision = ANNALS_PREC_SEASON; break;
    case P_QUARTER: x->precision = ANNALS_PREC_QUARTER; break;
    case P_HALF:
    case P_YEAR: x->precision = ANNALS_PREC_YEAR; break;
    case P_DECADE: x->precision = ANNALS_PREC_DECADE; break;
    case P_CENTURY: x->precision = ANNALS_PREC_CENTURY; break;
    default: x->precision = ANNALS_PREC_NONE;
    }
    x->anchored = r.y != YUNK;
    if (x->type == ANNALS_TIMEX_TIME)
        update = 0;
    if (update && r.y != YUNK)
        st->last = r;
    return 1;
}

static int push_cand(annals_tagger *t, size_t t0, size_t t1, const sem *s)
{
    if (t->ncand == t->capcand) {
        size_t nc = t->capcand ? t->capcand * 2 : 64;
        cand *nv = an_realloc(t->cands, nc * sizeof *nv);
        if (!nv)
            return -1;
        t->cands = nv;
        t->capcand = nc;
    }
    cand *cd = &t->cands[t->ncand++];
    cd->t0 = t0;
    cd->t1 = t1;
    cd->s = *s;
    return 0;
}

static annals_date_mode pick_mode(const annals_tagger *t, const res *dct)
{
    if (!dct->ok)
        return ANNALS_DATES_NARRATIVE;
    size_t n = 0, far = 0, news = 0, seen_year = 0;
    for (size_t i = 0; i < t->ncand; i++) {
        const sem *s = &t->cands[i].s;
        if (s->kind == S_WDAY || (s->kind == S_REL && s->dct) || s->kind == S_TIME)
            news++;
        /* a day or month without year close to the story date: "Aug. 7" */
        if (s->kind == S_ABS && s->y == YUNK && !s->mrel && (s->prec == P_DAY || s->prec == P_MONTH) &&
            !seen_year) {
            int dm = (s->m - dct->m + 12) % 12;
            if (dm <= 2 || dm >= 10)
                news++;
        }
        if (s->kind != S_ABS || !s->yexp || s->bc)
            continue;
        n++;
        seen_year = 1;
        int y = s->y;
        int dy = y > dct->y ? y - dct->y : dct->y - y;
        if (s->prec == P_DECADE)
            dy = dct->y / 10 == y / 10 ? 0 : dy;
        if (s->prec == P_CENTURY)
            dy = dct->y / 100 == y / 100 ? 0 : dy;
        if (dy > 5)
            far++;
    }
    if (n == 0)
        return ANNALS_DATES_NEWS;
    return far * 2 > n && news == 0 ? ANNALS_DATES_NARRATIVE : ANNALS_DATES_NEWS;
}

annals_status annals_tagger_tag(annals_tagger *t, const char *text, size_t len, const char *dct,
                                annals_date_mode mode, const annals_timex **out, size_t *n,
                                annals_error *err)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!t || (!text && len) || !out || !n) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_tagger_tag: invalid argument");
        return ANNALS_ERR_ARG;
    }
    if (mode != ANNALS_DATES_AUTO && mode != ANNALS_DATES_NEWS && mode != ANNALS_DATES_NARRATIVE) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_tagger_tag: unknown date mode %d", (int)mode);
        return ANNALS_ERR_ARG;
    }
    rstate st;
    memset(&st, 0, sizeof st);
    st.sent_year = YUNK;
    if (dct && *dct) {
        if (an_parse_ymd(dct, &st.dct.y, &st.dct.m, &st.dct.d) != 0) {
            an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "document creation time '%.40s' is not a YYYY-MM-DD date",
                       dct);
            return ANNALS_ERR_ARG;
        }
        st.dct.ok = 1;
        st.dct.prec = P_DAY;
    }
    if (tokenize(t, text ? text : "", len) != 0)
        goto nomem;
    ctx c = {t, t->toks, t->ntok, text};
    t->ncand = 0;
    t->nout = 0;
    for (size_t i = 0; i < c.n;) {
        if (!(c.k[i].mask & START_BITS)) {
            i++; /* no expression starts here */
            continue;
        }
        sem s; /* m_expr() fills it when it finds an expression */
        size_t e = m_expr(&c, i, &s);
        if (e > i) {
            if (push_cand(t, i, e, &s) != 0)
                goto nomem;
            i = e;
        } else {
            i++;
        }
    }
    if (mode == ANNALS_DATES_AUTO)
        mode = pick_mode(t, &st.dct);
    t->used = mode;
    st.mode = mode;
    st.last = st.dct;
    if (t->capout < t->ncand) {
        annals_timex *nv = an_realloc(t->out, (t->ncand ? t->ncand : 1) * sizeof *nv);
        if (!nv)
            goto nomem;
        t->out = nv;
        t->capout = t->ncand;
    }
    for (size_t i = 0; i < t->ncand; i++) {
        const cand *cd = &t->cands[i];
        annals_timex *x = &t->out[t->nout];
        memset(x, 0, sizeof *x);
        if (!resolve(&c, &st, cd, i + 1 < t->ncand ? &t->cands[i + 1] : NULL, x))
            continue;
        x->start = c.k[cd->t0].s;
        x->end = c.k[cd->t1 - 1].e;
        t->nout++;
    }
    *out = t->out;
    *n = t->nout;
    return ANNALS_OK;
nomem:
    an_err_set(err, ANNALS_ERR_NOMEM, "", 0, 0, "out of memory in the temporal tagger");
    return ANNALS_ERR_NOMEM;
}

int annals_date_mode_parse(const char *name, annals_date_mode *out)
{
    if (!name || !out)
        return -1;
    if (!strcmp(name, "news"))
        *out = ANNALS_DATES_NEWS;
    else if (!strcmp(name, "narrative"))
        *out = ANNALS_DATES_NARRATIVE;
    else if (!strcmp(name, "auto"))
        *out = ANNALS_DATES_AUTO;
    else
        return -1;
    return 0;
}

const char *annals_date_precision_name(annals_date_precision p)
{
    switch (p) {
    case ANNALS_PREC_DAY: return "day";
    case ANNALS_PREC_MONTH: return "month";
    case ANNALS_PREC_SEASON: return "season";
    case ANNALS_PREC_QUARTER: return "quarter";
    case ANNALS_PREC_YEAR: return "year";
    case ANNALS_PREC_DECADE: return "decade";
    case ANNALS_PREC_CENTURY: return "century";
    default: return "none";
    }
}

const char *annals_timex_type_name(annals_timex_type t)
{
    switch (t) {
    case ANNALS_TIMEX_DATE: return "DATE";
    case ANNALS_TIMEX_TIME: return "TIME";
    case ANNALS_TIMEX_DURATION: return "DURATION";
    case ANNALS_TIMEX_SET: return "SET";
    default: return "DATE";
    }
}

int an_timex_is_calendar(const annals_timex *x)
{
    if (!x || !x->anchored || (x->type != ANNALS_TIMEX_DATE && x->type != ANNALS_TIMEX_TIME))
        return 0;
    const char *v = x->value;
    if (!strncmp(v, "BC", 2))
        return 0;
    for (int i = 0; i < 2; i++)
        if (!an_isdigit((unsigned char)v[i]))
            return 0;
    return x->precision != ANNALS_PREC_NONE;
}
