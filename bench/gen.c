/*
 * gen.c — seeded corpus generator for `make bench` and tests/suites/perf.sh.
 *
 *   gen [-s SEED] [-n SENTENCES] [-o FILE]
 *
 * Writes JSON Lines stories ({"id","date","text"}) of 1 to 8 sentences each,
 * exactly SENTENCES sentences in all, built from the templates and word lists
 * below (all written for annals' benchmark: news-wire and history style, about
 * 25 words a sentence, most sentences naming one or two actors and one verb,
 * some naming none).  The output depends only on SEED and SENTENCES: the
 * generator uses its own PRNG (splitmix64), never rand(), and draws at most
 * one random number per expression (C leaves the order of evaluation of
 * function arguments unspecified), so every compiler, libc and machine
 * produces the same bytes.  A summary (stories, sentences, words per
 * sentence) goes to stderr.
 *
 * Sentences never contain a full stop before their end (no "U.S.", no "Mr."),
 * so annals' sentence splitter sees exactly the sentences generated.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t g_state;

static uint64_t next64(void)
{
    uint64_t z = (g_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). The modulo bias is irrelevant for n < 1000. */
static size_t pick(size_t n) { return (size_t)((next64() >> 11) % n); }
static int chance(unsigned percent) { return pick(100) < percent; }

#define PICK(a) ((a)[pick(N_(a))])

/* ---- word lists ------------------------------------------------------- */

/* A country as a noun and as an adjective, and a city in it. */
typedef struct country { const char *noun, *adj, *city; } country;

static const country COUNTRIES[] = {
    {"China", "Chinese", "Beijing"},           {"the Soviet Union", "Soviet", "Moscow"},
    {"India", "Indian", "New Delhi"},          {"Pakistan", "Pakistani", "Islamabad"},
    {"Israel", "Israeli", "Jerusalem"},        {"Egypt", "Egyptian", "Cairo"},
    {"Syria", "Syrian", "Damascus"},           {"Iran", "Iranian", "Tehran"},
    {"Iraq", "Iraqi", "Baghdad"},              {"France", "French", "Paris"},
    {"West Germany", "West German", "Bonn"},   {"Britain", "British", "London"},
    {"Japan", "Japanese", "Tokyo"},            {"Russia", "Russian", "Moscow"},
    {"the United States", "American", "Washington"},
    {"Turkey", "Turkish", "Ankara"},           {"Greece", "Greek", "Athens"},
    {"Cuba", "Cuban", "Havana"},               {"Vietnam", "Vietnamese", "Hanoi"},
    {"North Korea", "North Korean", "Pyongyang"}, {"South Korea", "South Korean", "Seoul"},
    {"Poland", "Polish", "Warsaw"},            {"Hungary", "Hungarian", "Budapest"},
    {"Yugoslavia", "Yugoslav", "Belgrade"},    {"Argentina", "Argentine", "Buenos Aires"},
    {"Brazil", "Brazilian", "Brasilia"},       {"Mexico", "Mexican", "Mexico City"},
    {"Kenya", "Kenyan", "Nairobi"},            {"Nigeria", "Nigerian", "Lagos"},
    {"South Africa", "South African", "Pretoria"}, {"Ethiopia", "Ethiopian", "Addis Ababa"},
    {"Somalia", "Somali", "Mogadishu"},        {"Lebanon", "Lebanese", "Beirut"},
    {"Jordan", "Jordanian", "Amman"},          {"Saudi Arabia", "Saudi", "Riyadh"},
    {"Afghanistan", "Afghan", "Kabul"},        {"Ukraine", "Ukrainian", "Kiev"},
    {"Georgia", "Georgian", "Tbilisi"},        {"Serbia", "Serbian", "Belgrade"},
    {"Croatia", "Croatian", "Zagreb"},         {"Indonesia", "Indonesian", "Jakarta"},
    {"Australia", "Australian", "Canberra"},   {"Canada", "Canadian", "Ottawa"},
    {"Italy", "Italian", "Rome"},              {"Spain", "Spanish", "Madrid"},
    {"Libya", "Libyan", "Tripoli"},            {"Algeria", "Algerian", "Algiers"},
    {"Morocco", "Moroccan", "Rabat"},          {"Sudan", "Sudanese", "Khartoum"},
    {"Czechoslovakia", "Czechoslovak", "Prague"}, {"East Germany", "East German", "East Berlin"},
    {"Thailand", "Thai", "Bangkok"},           {"the Philippines", "Philippine", "Manila"},
    {"Colombia", "Colombian", "Bogota"},       {"Chile", "Chilean", "Santiago"},
    {"Peru", "Peruvian", "Lima"},              {"Venezuela", "Venezuelan", "Caracas"},
    {"Nicaragua", "Nicaraguan", "Managua"},    {"Angola", "Angolan", "Luanda"},
    {"Zimbabwe", "Zimbabwean", "Harare"},      {"Uganda", "Ugandan", "Kampala"},
    {"Romania", "Romanian", "Bucharest"},      {"Bulgaria", "Bulgarian", "Sofia"},
    {"Albania", "Albanian", "Tirana"},         {"Cyprus", "Cypriot", "Nicosia"},
    {"Kuwait", "Kuwaiti", "Kuwait City"},      {"Yemen", "Yemeni", "Sanaa"},
};

/* Roles that follow a country adjective ("Chinese troops") or take "of"
 * ("the foreign minister of Egypt"). Plural ones first. */
static const char *const GROUPS[] = {
    "troops", "police", "officials", "diplomats", "rebels", "protesters", "students",
    "border guards", "security forces", "militants", "lawmakers", "opposition leaders",
    "warships", "soldiers", "negotiators", "workers", "businessmen", "judges",
};
static const char *const PERSONS[] = {
    "foreign minister", "prime minister", "president", "defense minister", "ambassador",
    "interior minister", "army chief", "opposition leader", "finance minister", "envoy",
    "chief negotiator", "trade minister",
};

static const char *const ORGS[] = {
    "the United Nations", "NATO", "the European Union", "the African Union", "the Red Cross",
    "the World Bank", "the International Monetary Fund", "the Arab League", "the Warsaw Pact",
    "OPEC", "the Security Council", "Amnesty International",
};

static const char *const LEADERS[] = {
    "Nikita Khrushchev", "John Kennedy", "Richard Nixon", "Mao Zedong", "Gamal Abdel Nasser",
    "Anwar Sadat", "Menachem Begin", "Mikhail Gorbachev", "Ronald Reagan", "Margaret Thatcher",
    "Charles de Gaulle", "Jawaharlal Nehru", "Josip Broz Tito", "Fidel Castro",
    "Leonid Brezhnev", "Zhou Enlai", "Indira Gandhi", "Helmut Kohl", "Boris Yeltsin",
    "Deng Xiaoping", "Golda Meir", "Hafez al-Assad", "Saddam Hussein", "Nelson Mandela",
};

/* Verb phrases: past tense, then present (for news wire), then the past
 * participle (for "had ..." and passives).  '@' is where the target goes. */
typedef struct verb { const char *past, *pres, *part; } verb;

static const verb VERBS[] = {
    {"accused @ of violating the ceasefire", "accuses @ of violating the ceasefire",
     "accused @ of violating the ceasefire"},
    {"met with @", "meets with @", "met with @"},
    {"signed a trade agreement with @", "signs a trade agreement with @",
     "signed a trade agreement with @"},
    {"attacked @", "attacks @", "attacked @"},
    {"criticized @", "criticizes @", "criticized @"},
    {"praised @ for its restraint", "praises @ for its restraint", "praised @ for its restraint"},
    {"threatened @ with sanctions", "threatens @ with sanctions", "threatened @ with sanctions"},
    {"expelled two diplomats of @", "expels two diplomats of @", "expelled two diplomats of @"},
    {"called for talks with @", "calls for talks with @", "called for talks with @"},
    {"sent troops to @", "sends troops to @", "sent troops to @"},
    {"imposed sanctions on @", "imposes sanctions on @", "imposed sanctions on @"},
    {"condemned @", "condemns @", "condemned @"},
    {"promised economic aid to @", "promises economic aid to @", "promised economic aid to @"},
    {"rejected a proposal by @", "rejects a proposal by @", "rejected a proposal by @"},
    {"urged @ to withdraw its forces", "urges @ to withdraw its forces",
     "urged @ to withdraw its forces"},
    {"warned @ against any provocation", "warns @ against any provocation",
     "warned @ against any provocation"},
    {"agreed to cooperate with @", "agrees to cooperate with @", "agreed to cooperate with @"},
    {"demanded compensation from @", "demands compensation from @",
     "demanded compensation from @"},
    {"negotiated with @", "negotiates with @", "negotiated with @"},
    {"visited @", "visits @", "visited @"},
    {"welcomed @", "welcomes @", "welcomed @"},
    {"apologized to @", "apologizes to @", "apologized to @"},
    {"clashed with @", "clashes with @", "clashed with @"},
    {"bombed @", "bombs @", "bombed @"},
    {"invaded @", "invades @", "invaded @"},
    {"recognized @", "recognizes @", "recognized @"},
    {"broke off diplomatic relations with @", "breaks off diplomatic relations with @",
     "broken off diplomatic relations with @"},
    {"protested to @", "protests to @", "protested to @"},
    {"shelled positions held by @", "shells positions held by @",
     "shelled positions held by @"},
    {"released prisoners captured from @", "releases prisoners captured from @",
     "released prisoners captured from @"},
    {"mobilized its forces against @", "mobilizes its forces against @",
     "mobilized its forces against @"},
    {"denied the charges made by @", "denies the charges made by @",
     "denied the charges made by @"},
    {"offered to mediate between @ and its neighbors", "offers to mediate between @ and its neighbors",
     "offered to mediate between @ and its neighbors"},
    {"hosted a delegation from @", "hosts a delegation from @", "hosted a delegation from @"},
    {"arrested several citizens of @", "arrests several citizens of @",
     "arrested several citizens of @"},
    {"lent money to @", "lends money to @", "lent money to @"},
    {"blockaded the ports of @", "blockades the ports of @", "blockaded the ports of @"},
    {"supported @", "supports @", "supported @"},
};

/* Participles for "X was ... by Y". */
static const char *const PASSIVES[] = {
    "attacked", "criticized", "condemned", "invaded", "bombed", "praised", "accused",
    "welcomed", "supported", "recognized", "threatened", "visited",
};

static const char *const WEEKDAYS[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};
static const char *const MONTHS[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
};

static const char *const TAILS[] = {
    "after months of difficult negotiations",
    "near the disputed border",
    "amid growing tension in the region",
    "for the second time this year",
    "despite strong objections from its allies",
    "in a statement released late in the evening",
    "during a brief visit to the capital",
    "as fighting spread to the northern provinces",
    "in response to the shooting of a border patrol",
    "before the opening of the annual summit",
    "at a crowded news conference",
    "while the parliament debated the budget",
    "over the dispute about fishing rights",
    "following a week of street protests",
    "in an effort to end the long war",
};

static const char *const TAILS2[] = {
    "in the morning", "earlier in the week", "without giving any reason",
    "for the first time since independence", "in front of foreign journalists",
    "according to people familiar with the matter", "in the border town",
    "at the request of the opposition", "behind closed doors",
};

static const char *const ATTRIB[] = {
    "officials said", "a government spokesman said", "state radio reported",
    "diplomats said", "the official news agency reported", "witnesses said",
    "according to a statement from the ministry", "local newspapers reported",
    "sources close to the talks said", "a senior official told reporters",
};

static const char *const BACKGROUND[] = {
    "The talks are expected to continue next week, and delegations from both sides have been meeting "
    "regularly since the spring",
    "Prices for grain and fuel rose sharply in the capital over the past month, and many shops "
    "remained closed for several days",
    "Heavy rain flooded several villages in the south, and thousands of families were moved to "
    "temporary shelters near the coast",
    "The dispute over the border dates back to a treaty drawn up more than a century ago by "
    "colonial administrators",
    "Analysts said the economy had grown more slowly than expected because exports of oil and "
    "cotton fell during the year",
    "It was the worst violence in the area since the end of the civil war, which lasted almost "
    "ten years",
    "The newspaper said the decision was unlikely to change the balance of power in the region "
    "for some time",
    "Voting was orderly in most districts, although turnout was lower than in the previous "
    "election four years ago",
    "The ministry gave no details about the number of people involved or the cost of the "
    "operation",
    "Hundreds of people gathered in the main square late into the night, singing and waving "
    "flags",
};

static const char *const HIST_OPEN[] = {
    "After the war", "During the long winter of the crisis", "Within a few months",
    "Soon after the revolution", "By the end of the decade", "In the early years of the republic",
    "Following the collapse of the peace conference", "Throughout the following spring",
};

static const char *const HIST_CONSEQ[] = {
    "a step that deeply divided the ruling party",
    "which many historians regard as the turning point of the conflict",
    "although the decision was kept secret for several years",
    "a move that surprised even its closest allies",
    "which led to a sharp rise in tension along the frontier",
    "and the episode was long remembered in both capitals",
};

/* ---- output buffer ---------------------------------------------------- */

typedef struct buf { char *p; size_t len, cap; } buf;

static void put(buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            fputs("gen: out of memory\n", stderr);
            exit(1);
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

/* Capitalises the first letter of the sentence that starts at offset `at`. */
static void cap_at(buf *b, size_t at)
{
    if (at < b->len && b->p[at] >= 'a' && b->p[at] <= 'z')
        b->p[at] = (char)(b->p[at] - 'a' + 'A');
}

/* ---- actors ----------------------------------------------------------- */

/* Writes an actor phrase: a country, "Chinese troops", "the foreign minister
 * of Egypt", "Egypt's foreign minister", an organisation or a leader.
 * `history` favours leaders and bare countries. */
static int actor(buf *b, int history)
{
    const country *c = &PICK(COUNTRIES);
    size_t k = pick(100);
    if (history ? k < 45 : k < 35) {
        put(b, c->noun);
    } else if (k < 55) {
        put(b, c->adj);
        put(b, " ");
        put(b, PICK(GROUPS));
        return 1;
    } else if (k < 68) {
        put(b, "the ");
        put(b, PICK(PERSONS));
        put(b, " of ");
        put(b, c->noun);
    } else if (k < 76) {
        put(b, c->noun[0] == 't' ? c->noun + 4 : c->noun); /* "United States's" */
        put(b, "'s ");
        put(b, PICK(PERSONS));
    } else if (k < 86) {
        put(b, PICK(ORGS));
    } else {
        put(b, PICK(LEADERS));
    }
    return 0;
}

/* Sometimes a second adjunct, for realistic sentence length. */
static void more(buf *b, unsigned percent)
{
    if (chance(percent)) {
        put(b, " ");
        put(b, PICK(TAILS2));
    }
}

/* The verb phrase with the target actor in place of '@'. */
static void verb_phrase(buf *b, const char *v, int history)
{
    const char *at = strchr(v, '@');
    char head[256];
    size_t n = (size_t)(at - v);
    memcpy(head, v, n);
    head[n] = 0;
    put(b, head);
    actor(b, history);
    put(b, at + 1);
}

/* ---- sentences -------------------------------------------------------- */

static void date_phrase(buf *b, int history)
{
    char tmp[64];
    if (history) {
        const char *month = PICK(MONTHS);   /* one pick per statement: argument */
        int year = 1900 + (int)pick(100);   /* order is unspecified in C       */
        snprintf(tmp, sizeof tmp, "In %s %d", month, year);
        put(b, tmp);
    } else {
        put(b, "On ");
        put(b, PICK(WEEKDAYS));
    }
}

/* Appends one sentence (with its final full stop, no leading blank). */
static void sentence(buf *b, int history)
{
    size_t start = b->len;
    const verb *v = &PICK(VERBS);
    size_t t = pick(100);
    if (t < 9) {                               /* background: no actor, no event */
        put(b, PICK(BACKGROUND));
    } else if (!history && t < 30) {           /* On Tuesday, X did Y to Z near ..., officials said */
        date_phrase(b, 0);
        put(b, ", ");
        actor(b, 0);
        put(b, " ");
        verb_phrase(b, v->past, 0);
        put(b, " ");
        put(b, PICK(TAILS));
        more(b, 75);
        put(b, ", ");
        put(b, PICK(ATTRIB));
    } else if (!history && t < 45) {           /* X says / X does Y, reported speech */
        actor(b, 0);
        put(b, " said on ");
        put(b, PICK(WEEKDAYS));
        put(b, " that ");
        actor(b, 0);
        put(b, " had ");
        verb_phrase(b, v->part, 0);
        put(b, " ");
        put(b, PICK(TAILS));
        more(b, 80);
    } else if (!history && t < 57) {           /* present tense headline style, long */
        actor(b, 0);
        put(b, " ");
        verb_phrase(b, v->pres, 0);
        put(b, " ");
        put(b, PICK(TAILS));
        put(b, " and ");
        put(b, PICK(TAILS));
        more(b, 50);
        put(b, ", ");
        put(b, PICK(ATTRIB));
    } else if (!history && t < 66) {           /* quotation */
        put(b, "\\\"We will not accept threats from anyone, and we will defend our people,\\\" ");
        put(b, "the ");
        put(b, PICK(PERSONS));
        put(b, " of ");
        put(b, PICK(COUNTRIES).noun);
        put(b, " told reporters in ");
        put(b, PICK(COUNTRIES).city);
        put(b, " on ");
        put(b, PICK(WEEKDAYS));
        more(b, 60);
    } else if (t < 74) {                       /* passive */
        put(b, actor(b, history) ? " were " : " was ");
        put(b, PICK(PASSIVES));
        put(b, " by ");
        actor(b, history);
        put(b, " ");
        put(b, PICK(TAILS));
        more(b, 75);
        put(b, ", ");
        put(b, PICK(ATTRIB));
    } else if (t < 82) {                       /* two actors, compound subject */
        actor(b, history);
        put(b, " and ");
        actor(b, history);
        put(b, " ");
        verb_phrase(b, v->past, history);
        put(b, " ");
        put(b, PICK(TAILS));
        more(b, 75);
        put(b, ", ");
        put(b, PICK(HIST_CONSEQ));
    } else if (history && t < 92) {            /* In March 1956, X did Y, consequence */
        date_phrase(b, 1);
        put(b, ", ");
        actor(b, 1);
        put(b, " ");
        verb_phrase(b, v->past, 1);
        put(b, " ");
        put(b, PICK(TAILS));
        more(b, 75);
        put(b, ", ");
        put(b, PICK(HIST_CONSEQ));
    } else {                                   /* opener, X did Y and then did Z */
        put(b, PICK(HIST_OPEN));
        put(b, ", ");
        actor(b, history);
        put(b, " ");
        verb_phrase(b, v->past, history);
        put(b, " and then ");
        verb_phrase(b, PICK(VERBS).past, history);
        put(b, " ");
        put(b, PICK(TAILS));
    }
    put(b, ".");
    cap_at(b, start);
}

/* ---- main ------------------------------------------------------------- */

static unsigned long count_words(const char *s, size_t n)
{
    unsigned long w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int blank = s[i] == ' ';
        if (!blank && !in)
            w++;
        in = !blank;
    }
    return w;
}

static void usage(void)
{
    fputs("usage: gen [-s SEED] [-n SENTENCES] [-o FILE]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    unsigned long long total = 1000000;
    const char *outpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            total = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            outpath = argv[++i];
        else
            usage();
    }
    FILE *out = stdout;
    if (outpath && !(out = fopen(outpath, "w"))) {
        fprintf(stderr, "gen: %s: %s\n", outpath, strerror(errno));
        return 1;
    }
    g_state = seed;
    buf text = {0}, line = {0};
    unsigned long long done = 0, stories = 0, words = 0;
    while (done < total) {
        unsigned n = 1 + (unsigned)pick(8);
        if (n > total - done)
            n = (unsigned)(total - done);
        int history = chance(30);
        text.len = 0;
        for (unsigned i = 0; i < n; i++) {
            if (i)
                put(&text, " ");
            size_t at = text.len;
            sentence(&text, history);
            words += count_words(text.p + at, text.len - at);
        }
        char head[96];
        stories++;
        int y = history ? 1900 + (int)pick(100) : 1946 + (int)pick(74);
        int mon = 1 + (int)pick(12);
        int day = 1 + (int)pick(28);
        snprintf(head, sizeof head, "{\"id\":\"b%08llu\",\"date\":\"%04d-%02d-%02d\",\"text\":\"",
                 stories, y, mon, day);
        line.len = 0;
        put(&line, head);
        put(&line, text.p);
        put(&line, "\"}\n");
        if (fwrite(line.p, 1, line.len, out) != line.len) {
            fprintf(stderr, "gen: write error: %s\n", strerror(errno));
            return 1;
        }
        done += n;
    }
    if (fflush(out) || (out != stdout && fclose(out))) {
        fprintf(stderr, "gen: write error: %s\n", strerror(errno));
        return 1;
    }
    fprintf(stderr, "gen: seed %" PRIu64 ": %llu stories, %llu sentences, %.1f words/sentence\n",
            seed, stories, done, done ? (double)words / (double)done : 0.0);
    free(text.p);
    free(line.p);
    return 0;
}
