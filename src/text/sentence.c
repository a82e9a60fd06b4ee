/* Rule-based sentence splitter (see text.h).
 *
 * One left-to-right pass.  A sentence ends
 *   - after a run of terminators (. ! ? and U+2026) plus any closing quotes
 *     or brackets, when white space and then an uppercase letter, a digit or
 *     an opening quote/bracket follow, unless the single period closes an
 *     abbreviation, an initial or a dotted acronym (see period_ends());
 *   - at a blank line (paragraph break);
 *   - when it reaches max_bytes: it is cut at the last white space before
 *     the limit (or at the limit when there is none).
 * Every look-back or look-ahead is bounded by a small constant, or covers
 * bytes the main loop then skips, so the time is linear in the length. */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

#define NONE ((size_t)-1)

int an_spanvec_push(an_spanvec *sv, size_t start, size_t end)
{
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        if (cap > ((size_t)-1) / sizeof *sv->v)
            return -1;
        an_span *v = an_realloc(sv->v, cap * sizeof *v);
        if (!v)
            return -1;
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n].start = start;
    sv->v[sv->n].end = end;
    sv->n++;
    return 0;
}

void an_spanvec_free(an_spanvec *sv)
{
    an_free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* ---------------- character classes ---------------- */

/* Byte length of a terminator at t[i] (. ! ? …), or 0. */
static size_t term_len(const unsigned char *t, size_t i, size_t len)
{
    if (t[i] == '.' || t[i] == '!' || t[i] == '?')
        return 1;
    if (t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && t[i + 2] == 0xA6)
        return 3;
    return 0;
}

/* Byte length of a closing quote or bracket at t[i], or 0. */
static size_t closer_len(const unsigned char *t, size_t i, size_t len)
{
    unsigned char c = t[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}')
        return 1;
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] == 0x9D || t[i + 2] == 0x99))
        return 3; /* ” ’ */
    if (c == 0xC2 && i + 1 < len && t[i + 1] == 0xBB)
        return 2; /* » */
    return 0;
}

/* An opening quote or bracket at t[i]? */
static int is_opener(const unsigned char *t, size_t i, size_t len)
{
    unsigned char c = t[i];
    if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '{')
        return 1;
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] == 0x9C || t[i + 2] == 0x98))
        return 1; /* “ ‘ */
    if (c == 0xC2 && i + 1 < len && (t[i + 1] == 0xAB || t[i + 1] == 0xBF || t[i + 1] == 0xA1))
        return 1; /* « ¿ ¡ */
    return 0;
}

/* The code point at t[i] when it is a non-ASCII uppercase/titlecase letter;
 * its byte length in *k.  0 otherwise. */
static int utf8_upper(const unsigned char *t, size_t i, size_t len, size_t *k)
{
    if (t[i] < 0x80)
        return 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(t + i, (utf8proc_ssize_t)(len - i < 4 ? len - i : 4), &cp);
    if (n <= 0)
        return 0;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT)
        return 0;
    *k = (size_t)n;
    return 1;
}

/* May a sentence start at t[m]? */
static int starts_sentence(const unsigned char *t, size_t m, size_t len)
{
    size_t k;
    return an_isupper(t[m]) || an_isdigit(t[m]) || is_opener(t, m, len) ||
           utf8_upper(t, m, len, &k);
}

/* ---------------- word lists ---------------- */

/* The lists are arrays of NUL-padded entries of one width, every word
 * shorter than the width (keep it so when adding a word): a word of n bytes
 * has its NUL at [n], which one load tests before anything else.  IN_LIST(list, w, n): is w[0..n) (no
 * NUL bytes) a word of the list, ignoring case? */
static int in_list(const char *list, size_t width, size_t count, const unsigned char *w, size_t n)
{
    if (!n || n >= width)
        return 0;
    int c0 = an_tolower(w[0]);
    for (const char *end = list + width * count; list < end; list += width)
        if (list[n] == 0 && an_tolower((unsigned char)list[0]) == c0 &&
            an_strncaseeq(list, (const char *)w, n))
            return 1;
    return 0;
}
#define IN_LIST(list, w, n) in_list((list)[0], sizeof (list)[0], sizeof(list) / sizeof (list)[0], w, n)

/* Never end a sentence: titles before names, Latin abbreviations. */
static const char k_titles[][8] = {
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Gen", "Gens", "Lt", "Col", "Maj",
    "Capt", "Cpt", "Adm", "Sgt", "Cpl", "Pvt", "Cmdr", "Brig", "Gov", "Sen", "Sens", "Rep",
    "Reps", "Pres", "Prof", "St", "Ste", "Mt", "Ft", "Rev", "Fr", "Hon", "Msgr", "Amb",
    "Atty", "Supt", "Insp", "Lieut", "Sec", "Secy", "Rt", "Gov-Gen"};
static const char k_latin[][8] = {"e.g", "i.e", "cf", "vs", "approx", "viz", "al", "ca", "incl", "esp"};
/* Before a number: No. 5, Vol. 2. */
static const char k_numbered[][8] = {"No", "Nos", "Vol", "Vols", "Art", "Fig",
                                     "pp", "p",  "Ch",  "Para", "Sec"};
static const char k_months[][8] = {"Jan", "Feb",  "Mar", "Apr", "Jun", "Jul",
                                   "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"};
/* Often end a sentence: split only before a typical sentence starter. */
static const char k_soft[][8] = {"Inc", "Corp", "Ltd",  "Co",   "Bros", "Jr",  "Sr",   "Esq",  "Plc",
                                 "etc", "Dept", "Univ", "Assn", "Ave",  "Blvd", "Rd", "Gov't"};
/* Words that typically start a sentence. */
static const char k_starters[][16] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "In", "On", "At",
    "By", "For", "From", "With", "As", "After", "Before", "When", "While", "If", "But",
    "And", "Or", "So", "Yet", "However", "Meanwhile", "Also", "This", "That", "These",
    "Those", "There", "Then", "Thus", "Today", "Yesterday", "Tomorrow", "Last", "Next",
    "Earlier", "Later", "His", "Her", "Its", "Their", "Our", "My", "Some", "Many", "Most",
    "All", "Both", "Each", "Several", "Officials", "Police", "According", "Since",
    "During", "Despite", "Although", "Though", "Because", "Under", "Among", "Now",
    "Still", "Such", "One", "Two", "Three", "No", "Not", "What", "Who", "Why", "How",
    "Where", "Until", "Following", "Instead", "Nevertheless", "Moreover", "Furthermore",
    "Indeed", "Even", "Only"};

/* Is the word at t[m] a typical sentence starter (or an opening quote)? */
static int starter_at(const unsigned char *t, size_t m, size_t len)
{
    if (is_opener(t, m, len))
        return 1;
    size_t e = m;
    while (e < len && e - m < 16 && an_isalpha(t[e]))
        e++;
    if (e == m || e - m >= 16)
        return 0;
    if (e < len && (t[e] == '.' || (t[e] & 0x80) || t[e] == '\'' || t[e] == '-'))
        return 0; /* "I." is an initial, not the pronoun */
    return IN_LIST(k_starters, t + m, e - m);
}

static int tok_char(unsigned char c) { return an_isalnum(c) || c == '.' || c == '\'' || c == '-' || c >= 0x80; }

/* (letter .)+ letter: U.S, U.N, a.m */
static int is_acronym(const unsigned char *w, size_t n)
{
    if (n < 3 || !(n & 1))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if ((i & 1) ? w[i] != '.' : !an_isalpha(w[i]))
            return 0;
    }
    return 1;
}

/* Decides whether the single period at t[i] ends the sentence, given the
 * sentence start s and the next non-space position m. */
static int period_ends(const unsigned char *t, size_t s, size_t i, size_t m, size_t len)
{
    size_t b = i;
    while (b > s && i - b <= 32 && tok_char(t[b - 1]))
        b--;
    if (i - b > 32 || b == i)
        return 1;
    /* leading apostrophes/hyphens are not part of the word */
    while (b < i && (t[b] == '\'' || t[b] == '-' || t[b] == '.'))
        b++;
    if (b == i)
        return 1;
    const unsigned char *w = t + b;
    size_t n = i - b;
    if (IN_LIST(k_latin, w, n))
        return 0;
    /* the last segment of a dotted token: "Lt.Col" -> "Col" */
    size_t sb = n;
    while (sb > 0 && w[sb - 1] != '.')
        sb--;
    const unsigned char *seg = w + sb;
    size_t sn = n - sb;
    int digit_next = an_isdigit(t[m]);
    if (sn && an_isupper(seg[0]) && IN_LIST(k_titles, seg, sn))
        return 0;
    if (sn && IN_LIST(k_numbered, seg, sn)) {
        if (digit_next || t[m] == '#')
            return 0;
        return 1;
    }
    if (sn && an_isupper(seg[0]) && IN_LIST(k_months, seg, sn))
        return digit_next ? 0 : starter_at(t, m, len);
    if (sn && IN_LIST(k_soft, seg, sn))
        return starter_at(t, m, len);
    if (is_acronym(w, n))
        return starter_at(t, m, len);
    /* a single capital initial: J. F. Kennedy */
    size_t k = 0;
    if ((n == 1 && an_isupper(w[0])) || (utf8_upper(w, 0, n, &k) && k == n))
        return starter_at(t, m, len);
    return 1;
}

/* ---------------- the splitter ---------------- */

static int emit(const unsigned char *t, size_t s, size_t e, an_spanvec *out)
{
    while (s < e && an_isspace(t[s]))
        s++;
    while (e > s && an_isspace(t[e - 1]))
        e--;
    return e > s ? an_spanvec_push(out, s, e) : 0;
}

/* bytes the main loop must look at: white space (1 for a blank, which only
 * moves ws) and the first bytes of terminators (. ! ? and U+2026) */
#define SPECIAL(c) ((c) == ' ' ? 1 : (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f' || \
                    (c) == '\v' || (c) == '.' || (c) == '!' || (c) == '?' || (c) == 0xE2 ? 2 : 0)
#define SP4(c) SPECIAL(c), SPECIAL((c) + 1), SPECIAL((c) + 2), SPECIAL((c) + 3)
#define SP16(c) SP4(c), SP4((c) + 4), SP4((c) + 8), SP4((c) + 12)
static const unsigned char k_special[256] = {SP16(0),   SP16(16),  SP16(32),  SP16(48),
                                             SP16(64),  SP16(80),  SP16(96),  SP16(112),
                                             SP16(128), SP16(144), SP16(160), SP16(176),
                                             SP16(192), SP16(208), SP16(224), SP16(240)};

#define LO8 0x0101010101010101ull
#define HI8 0x8080808080808080ull

/* Whether a byte of v may be one the main loop must look at (k_special 2):
 * below 0x0E (\t \n \v \f \r), '.', '!', '?', or from 0x80 on (0xE2).
 * Subtracting sets the high bit of a byte below the subtrahend (with a
 * borrow into the next byte, which only makes a flagged word stay flagged);
 * v itself flags the bytes from 0x80 on, which subtracting must not clear
 * (the xor constants are ASCII, so those bytes stay at 0x80 and above). */
static inline int maybe_special8(uint64_t v)
{
    uint64_t a = v ^ (LO8 * '.'), b = v ^ (LO8 * '!'), c = v ^ (LO8 * '?');
    return (((v - LO8 * 0x0E) | (a - LO8) | (b - LO8) | (c - LO8) | v) & HI8) != 0;
}

/* The first position from i on (or lim) with k_special 2: eight bytes at a
 * time while none of them may be one, then byte by byte over the eight. */
static size_t skip_plain(const unsigned char *t, size_t i, size_t lim)
{
    for (;;) {
        while (lim - i >= 8) {
            uint64_t v;
            memcpy(&v, t + i, 8);
            if (maybe_special8(v))
                break;
            i += 8;
        }
        size_t stop = lim - i >= 8 ? i + 8 : lim;
        while (i < stop && k_special[t[i]] < 2)
            i++;
        if (i < stop || i == lim)
            return i;
    }
}

int an_split_sentences(const char *text, size_t len, size_t max_bytes, an_spanvec *out)
{
    const unsigned char *t = (const unsigned char *)text;
    if (!t || !len)
        return 0;
    size_t s = 0, ws = NONE, i = 0;
    while (i < len) {
        unsigned char c = t[i];
        if (k_special[c] < 2 && i > s) {
            /* other bytes change nothing until the length limit, blanks
               only the last white space (which only the limit uses) */
            size_t lim = max_bytes && len - s > max_bytes ? s + max_bytes : len;
            if (i < lim) {
                if (!max_bytes) {
                    i = skip_plain(t, i + 1, lim);
                    continue;
                }
                do {
                    if (c == ' ')
                        ws = i;
                    i++;
                } while (i < lim && k_special[c = t[i]] < 2);
                continue;
            }
        }
        if (i == s && an_isspace(c)) {
            s = ++i;
            continue;
        }
        if (an_isspace(c))
            ws = i;
        if (max_bytes && i - s >= max_bytes) {
            size_t cut = ws != NONE && ws > s && ws - s <= max_bytes ? ws : s + max_bytes;
            if (cut == s + max_bytes) {
                /* no white space: cut at the limit, on a character boundary */
                while (cut > s && (t[cut] & 0xC0) == 0x80)
                    cut--;
                if (cut == s)
                    cut = s + max_bytes;
            }
            if (emit(t, s, cut, out))
                return -1;
            s = cut;
            while (s < i && an_isspace(t[s]))
                s++;
            ws = an_isspace(c) && i > s ? i : NONE;
            if (s == i && an_isspace(c)) {
                s = ++i;
                continue;
            }
        }
        if (an_isspace(c)) {
            if (c == '\n') {
                size_t j = i + 1;
                while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r' || t[j] == '\f' ||
                                   t[j] == '\v'))
                    j++;
                if (j < len && t[j] == '\n') {
                    if (emit(t, s, i, out))
                        return -1;
                    s = i = j + 1;
                    ws = NONE;
                    continue;
                }
            }
            i++;
            continue;
        }
        size_t k = term_len(t, i, len);
        if (!k) {
            i++;
            continue;
        }
        /* a run of terminators, then closing quotes/brackets */
        size_t j = i;
        int single_period = t[i] == '.';
        /* (runs stop at the length limit, so that it is checked in time) */
        size_t stop = max_bytes && len - s > max_bytes ? s + max_bytes : len;
        while (j < stop && (k = term_len(t, j, len)) != 0 && j + k <= stop)
            j += k;
        single_period = single_period && j == i + 1;
        size_t q = j;
        while (q < stop && (k = closer_len(t, q, len)) != 0 && q + k <= stop)
            q += k;
        if (j == i) {
            i++;
            continue;
        }
        if (q >= len || !an_isspace(t[q]) || (max_bytes && q - s > max_bytes)) {
            i = q;
            continue;
        }
        size_t m = q;
        while (m < len && an_isspace(t[m]))
            m++;
        if (m >= len || !starts_sentence(t, m, len) ||
            (single_period && !period_ends(t, s, i, m, len))) {
            i = q;
            continue;
        }
        if (emit(t, s, q, out))
            return -1;
        s = i = m;
        ws = NONE;
    }
    if (s < len && emit(t, s, len, out))
        return -1;
    return 0;
}
