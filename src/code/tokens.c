/* Tokeniser: TABARI's input filter on UTF-8 text, producing slices. */
#include "code/tokens.h"

#include <string.h>
#include <utf8proc.h>

/* Folds one code point to ASCII (upper case) into out; returns bytes written
 * (0 = the character is a separator). */
static size_t fold_cp(int32_t cp, char *out, size_t cap)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x02BC: case 0x0060: case 0x00B4:
        out[0] = '\'';
        return 1;
    case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: case 0x201E:
        out[0] = '"';
        return 1;
    case 0x00DF: /* sharp s */
        if (cap >= 2) {
            out[0] = 'S';
            out[1] = 'S';
            return 2;
        }
        return 0;
    case 0x00C6: case 0x00E6:
        if (cap >= 2) {
            out[0] = 'A';
            out[1] = 'E';
            return 2;
        }
        return 0;
    case 0x0152: case 0x0153:
        if (cap >= 2) {
            out[0] = 'O';
            out[1] = 'E';
            return 2;
        }
        return 0;
    case 0x00D8: case 0x00F8:
        out[0] = 'O';
        return 1;
    case 0x0141: case 0x0142:
        out[0] = 'L';
        return 1;
    case 0x0110: case 0x0111:
        out[0] = 'D';
        return 1;
    default:
        break;
    }
    utf8proc_int32_t buf[32];
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 32, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                              UTF8PROC_COMPAT, NULL);
    /* the return value is the size needed, which can exceed the buffer
       (U+FDFA decomposes into 18 code points): only read what was written */
    if (n > 32)
        n = 32;
    size_t w = 0;
    for (utf8proc_ssize_t i = 0; i < n && w < cap; i++) {
        if (buf[i] < 0x80 && an_isalnum(buf[i]))
            out[w++] = (char)an_toupper(buf[i]);
    }
    if (w == 0) {
        /* other letters (Cyrillic, CJK...): keep the UTF-8 bytes upper-cased */
        utf8proc_category_t c = utf8proc_category(cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) {
            utf8proc_uint8_t tmp[4];
            utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), tmp);
            if ((size_t)k <= cap) {
                memcpy(out, tmp, (size_t)k);
                return (size_t)k;
            }
        }
    }
    return w;
}

/* classes of bytes (a constant table) */
enum {
    C_WORD = 1,   /* letter, digit, '&', '$', '%': part of a word          */
    C_LOWER = 2,  /* lower-case letter                                     */
    C_UPPER = 4,  /* upper-case letter                                     */
    C_START = 8,  /* starts a token: a word character, ' . , ; "          */
    C_SEP = 16,   /* an ASCII byte that starts no token: a separator       */
    C_MORE = 32   /* after a run of word characters, a byte that may go on
                     with the word: ' . , and the bytes of UTF-8 sequences */
};
#define IS_WORDC(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || \
                     ((c) >= '0' && (c) <= '9') || (c) == '&' || (c) == '$' || (c) == '%')
#define IS_STARTC(c) (IS_WORDC(c) || (c) == '\'' || (c) == '.' || (c) == ',' || (c) == ';' || (c) == '"')
#define CLS(c) ((IS_WORDC(c) ? C_WORD : 0) | ((c) >= 'a' && (c) <= 'z' ? C_LOWER : 0) |          \
                ((c) >= 'A' && (c) <= 'Z' ? C_UPPER : 0) | (IS_STARTC(c) ? C_START : 0) |         \
                ((c) < 0x80 && !IS_STARTC(c) ? C_SEP : 0) |                                       \
                ((c) == '\'' || (c) == '.' || (c) == ',' || (c) >= 0x80 ? C_MORE : 0))
#define CLS4(c) CLS(c), CLS((c) + 1), CLS((c) + 2), CLS((c) + 3)
#define CLS16(c) CLS4(c), CLS4((c) + 4), CLS4((c) + 8), CLS4((c) + 12)
#define CLS64(c) CLS16(c), CLS16((c) + 16), CLS16((c) + 32), CLS16((c) + 48)
static const unsigned char cls[256] = {CLS64(0), CLS64(64), CLS64(128), CLS64(192)};

/* For an ASCII word character, its upper-cased byte, plus UP_LOWER when
 * it is a lower-case letter; 0 for any other byte.  One load classifies a
 * byte and gives what the word gets. */
enum { UP_LOWER = 0x100 };
#define UP(c) (IS_WORDC(c) ? ((c) >= 'a' && (c) <= 'z' ? (c) - 32 + UP_LOWER : (c)) : 0)
#define UP4(c) UP(c), UP((c) + 1), UP((c) + 2), UP((c) + 3)
#define UP16(c) UP4(c), UP4((c) + 4), UP4((c) + 8), UP4((c) + 12)
#define UP64(c) UP16(c), UP16((c) + 16), UP16((c) + 32), UP16((c) + 48)
static const uint16_t k_up[256] = {UP64(0), UP64(64)};

/* A word grows while it has fewer than WORD_MAX bytes (a longer run of
 * letters makes several), by at most 8 bytes a character (fold_cp), which
 * takes at least 2 bytes of text when it is not ASCII: the bytes a word of
 * text[i..end) and its NUL can take, and 8 more that an_tok_word8() may
 * read. */
enum { WORD_MAX = 504 };

static size_t word_room(size_t i, size_t end)
{
    size_t r = end - i < WORD_MAX / 4 ? 4 * (end - i) : WORD_MAX + 7;
    return (r < WORD_MAX + 7 ? r : WORD_MAX + 7) + 1 + 8;
}

/* Token texts are written straight into chunks of the arena (one a
 * sentence, as a rule: 5 bytes for each byte of text bound the folded
 * words and their NULs).  Returns room for the word at text[i..end) and
 * its NUL, or NULL when out of memory. */
static char *room_for_word(char **p, char **e, an_arena *a, size_t i, size_t end)
{
    if ((size_t)(*e - *p) >= WORD_MAX + 16)
        return *p; /* the most word_room() asks for */
    size_t need = word_room(i, end);
    if ((size_t)(*e - *p) < need) {
        size_t sz = end - i < 12000 ? 5 * (end - i) + 24 : 60024;
        if (sz < need)
            sz = need;
        *p = an_arena_alloc(a, sz);
        if (!*p)
            return NULL;
        *e = *p + sz;
    }
    return *p;
}

long an_tokenize(an_arena *a, const char *text, size_t start, size_t end, an_tok **out,
                 size_t *cap, size_t max, int *toomany)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    size_t i = start;
    char *tp = NULL, *te = NULL; /* the free part of the current chunk */
    /* *out and *cap in locals: the compiler must otherwise reload them
       after every byte written into a word (a char store may alias them) */
    an_tok *v = *out;
    size_t vcap = *cap;
    *toomany = 0;
    while (i < end) {
        unsigned char c = p[i];
        unsigned fc = cls[c];
        if (fc & C_SEP) {
            i++;
            continue;
        }
        an_tok t;
        memset(&t, 0, sizeof t);
        t.start = (uint32_t)i;
        if (!(fc & C_WORD)) {
            if (c == ',' || c == ';' || c == '"') {
                t.kind = c == '"' ? TK_QUOTE : TK_COMMA;
                t.s = c == '"' ? "\"" : ",";
                t.len = 1;
                t.end = (uint32_t)(i + 1);
                i++;
                goto push;
            }
            if (c == '.' || c == '\'') {
                i++;
                continue;
            }
        }
        {
            char *word = room_for_word(&tp, &te, a, i, end);
            if (!word)
                return -1;
            size_t w = 0;
            size_t j = i;
            unsigned any_lower = 0;
            int first = 1;
            if (fc & C_WORD) {
                /* The common case first: the run of ASCII word characters
                   at i, copied upper-cased while k_up[] gives a byte (up to
                   the longest word).  The general loop below would do the
                   same; unless a byte that may go on with the word follows
                   (C_MORE), the run is the whole word, with no apostrophe
                   to strip. */
                const unsigned char *q = p + i;
                size_t kn = end - i < WORD_MAX ? end - i : WORD_MAX;
                unsigned u = k_up[c], lower = 0;
                t.cap = (fc & C_UPPER) != 0;
                for (;;) {
                    word[w++] = (char)(u & 0xFF);
                    lower |= u;
                    if (w == kn || !(u = k_up[q[w]]))
                        break;
                }
                j = i + w;
                if (w == kn || !(cls[p[j]] & C_MORE)) {
                    t.end = (uint32_t)j;
                    t.lower = (lower & UP_LOWER) != 0;
                    t.kind = an_isdigit(c) ? TK_NUMBER : TK_WORD; /* word[0] is c */
                    word[w] = 0;
                    tp = word + w + 1;
                    t.s = word;
                    t.len = (uint32_t)w;
                    i = j;
                    goto push;
                }
                any_lower = lower & UP_LOWER ? C_LOWER : 0;
                first = 0;
            }
            while (j < end && w < WORD_MAX) {
                unsigned char d = p[j];
                if (d < 0x80) {
                    unsigned f = cls[d];
                    if (f & C_WORD) {
                        if (first)
                            t.cap = (f & C_UPPER) != 0;
                        /* the run of word characters (upper-cased), up to
                           the longest word */
                        size_t room = WORD_MAX - w;
                        size_t lim = end - j < room ? end : j + room;
                        do {
                            any_lower |= f;
                            word[w++] = (char)(d - (f & C_LOWER ? 32 : 0));
                            j++;
                        } while (j < lim && ((f = cls[d = p[j]]) & C_WORD));
                    } else if (d == '\'') {
                        /* apostrophe inside or at the end of a word (Syria's, states') */
                        word[w++] = '\'';
                        j++;
                    } else if (d == '.') {
                        /* keep periods after capitals/digits (U.S., 1.5); drop after lower case */
                        unsigned char prev = j > i ? p[j - 1] : 0;
                        /* an upper-case word keeps a period only as an initial
                           or abbreviation (J. / U.S.), not "NATO." */
                        int abbrev = w == 1 || memchr(word, '.', w) != NULL;
                        if (prev && an_isupper(prev) && !abbrev && (j + 1 >= end || !an_isalnum(p[j + 1])))
                            break;
                        if (prev && (an_isupper(prev) || an_isdigit(prev)) && j + 1 < end &&
                            (an_isalnum(p[j + 1]) || an_isspace(p[j + 1]) || p[j + 1] == ',' ||
                             p[j + 1] == '"')) {
                            /* a final period of a sentence ("... the U.S.") is kept too;
                               only a digit-period-space drops it */
                            if (an_isdigit(prev) && !an_isdigit(p[j + 1]))
                                break;
                            word[w++] = '.';
                            j++;
                        } else if (prev && an_isupper(prev) && j + 1 == end) {
                            word[w++] = '.';
                            j++;
                        } else {
                            break;
                        }
                    } else if (d == ',' && j > i && an_isdigit(p[j - 1]) && j + 3 < end &&
                               an_isdigit(p[j + 1]) && an_isdigit(p[j + 2]) && an_isdigit(p[j + 3]) &&
                               (j + 4 >= end || !an_isdigit(p[j + 4]))) {
                        j++; /* 1,500 -> 1500 */
                    } else {
                        break;
                    }
                } else {
                    int32_t cp;
                    utf8proc_ssize_t k = utf8proc_iterate(p + j, (utf8proc_ssize_t)(end - j), &cp);
                    if (k <= 0) {
                        j++;
                        break;
                    }
                    char f[8];
                    size_t fl = fold_cp(cp, f, sizeof f);
                    if (fl == 0)
                        break;
                    if (f[0] == '"')
                        break;
                    utf8proc_category_t cat = utf8proc_category(cp);
                    if (cat == UTF8PROC_CATEGORY_LL)
                        any_lower |= C_LOWER;
                    if (first)
                        t.cap = cat == UTF8PROC_CATEGORY_LU;
                    memcpy(word + w, f, fl);
                    w += fl;
                    j += (size_t)k;
                }
                first = 0;
            }
            if (j == i) { /* a lone character we could not use */
                i++;
                continue;
            }
            /* strip leading/trailing apostrophes except a plural possessive "S'" */
            size_t ws = 0;
            while (ws < w && word[ws] == '\'')
                ws++;
            while (w > ws && word[w - 1] == '\'' && !(w >= 2 && word[w - 2] == 'S'))
                w--;
            if (w == ws) {
                i = j;
                continue;
            }
            t.end = (uint32_t)j;
            t.lower = (any_lower & C_LOWER) != 0;
            t.kind = an_isdigit((unsigned char)word[ws]) ? TK_NUMBER : TK_WORD;
            word[w] = 0;
            tp = word + w + 1;
            t.s = word + ws;
            t.len = (uint32_t)(w - ws);
            i = j;
        }
    push:
        if (n >= max) {
            *toomany = 1;
            return (long)n;
        }
        if (n == vcap) {
            size_t nc = vcap ? vcap * 2 : 64;
            an_tok *nv = an_realloc(v, nc * sizeof *nv);
            if (!nv)
                return -1;
            *out = v = nv;
            *cap = vcap = nc;
        }
        v[n++] = t;
    }
    return (long)n;
}
