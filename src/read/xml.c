/* PETRARCH XML reader, streamed with libxml2's xmlTextReader:
 *
 *   <Sentences>
 *     <Config option=".." value=".."/>          (optional, before a Sentence)
 *     <Sentence date="YYYYMMDD" id=".." sentence="True" source="..">
 *       <EventCoding sourcecode=".." targetcode=".." eventcode=".."/>
 *       <EventCoding noevents="True"/>
 *       <Text> ... </Text>
 *       <Parse> ... </Parse>
 *     </Sentence>
 *   </Sentences>
 *
 * Each Sentence is one story with is_sentence = 1 (the "sentence" attribute
 * goes to meta_json like the others: the PETRARCH unit tests use
 * sentence="false" to mark records whose feature is not implemented).
 * meta_json carries the other attributes, "expected" (the EventCoding
 * elements other than noevents, each as an object of its attributes),
 * "noevents": true, "config" (the Config elements since the last
 * Sentence), "environment" (the <Environment> block, on the first
 * Sentence), "markers" (other elements between Sentences, e.g. Stop) and
 * the text of any other child element under its name.  XML comments inside
 * a Sentence become story.comment. */
#include "read/read.h"

#include <jansson.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { CH_NONE, CH_TEXT, CH_PARSE, CH_IGNORE, CH_OTHER };

typedef struct xml_state {
    xmlTextReaderPtr x;
    /* first error seen by the structured handler */
    int have_err;
    unsigned long err_line, err_col;
    char err_msg[400];
    /* between sentences */
    json_t *config;  /* array or NULL */
    json_t *markers; /* array or NULL */
    json_t *env;     /* object or NULL */
    int env_depth;   /* depth of <Environment> + 1, or 0 */
    int env_child;   /* inside an Environment child */
    an_buf env_name, env_text;
    /* input repair (xml_read) */
    int checked, repair, nonblank;
    unsigned long feed_line, feed_col, warned_line;
    unsigned char carry[4];
    size_t ncarry, carry_len;
    unsigned char pend[4];
    size_t npend;
    /* a message from libxml2's generic error channel */
    int have_gen;
    char gen_msg[256];
} xml_state;

#if LIBXML_VERSION >= 21200
static void xml_error(void *user, const xmlError *e)
#else
static void xml_error(void *user, xmlErrorPtr e)
#endif
{
    annals_reader *r = user;
    xml_state *xs = r->xml;
    if (!e)
        return;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = 0;
    for (size_t i = 0; i < n; i++)
        if (msg[i] == '\n')
            msg[i] = ' ';
    unsigned long line = e->line > 0 ? (unsigned long)e->line : 0;
    unsigned long col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
    if (e->level != XML_ERR_FATAL) {
        an_rd_warn(r, line, col, "XML: %s", msg);
        return;
    }
    if (!xs->have_err) {
        xs->have_err = 1;
        xs->err_line = line;
        xs->err_col = col;
        snprintf(xs->err_msg, sizeof xs->err_msg, "%s", msg);
    }
}

/* Decides from the start of the input whether bytes may be repaired as
 * UTF-8: only when no other encoding is declared. */
static int utf8_input(const char *p, size_t n)
{
    if (n >= 2 && (((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF) ||
                   ((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE)))
        return 0; /* UTF-16 */
    if (n >= 2 && p[0] == '<' && p[1] == 0)
        return 0;
    if (n < 5 || memcmp(p, "<?xml", 5) != 0)
        return 1;
    const char *e = memchr(p, '>', n);
    size_t m = e ? (size_t)(e - p) : n;
    for (size_t i = 0; i + 8 < m; i++) {
        if (memcmp(p + i, "encoding", 8) != 0)
            continue;
        size_t j = i + 8;
        while (j < m && (p[j] == ' ' || p[j] == '=' || p[j] == '"' || p[j] == '\''))
            j++;
        return (m - j >= 5 && an_strncaseeq(p + j, "utf-8", 5)) ||
               (m - j >= 4 && an_strncaseeq(p + j, "utf8", 4));
    }
    return 1;
}

/* A bad byte in the XML input: one warning per input line. */
static void bad_byte(annals_reader *r, xml_state *xs, unsigned char c)
{
    if (xs->warned_line == xs->feed_line)
        return;
    xs->warned_line = xs->feed_line;
    if (c == 0)
        an_rd_warn(r, xs->feed_line, xs->feed_col, "NUL byte replaced by a space");
    else if (c < 0x20)
        an_rd_warn(r, xs->feed_line, xs->feed_col,
                   "control character 0x%02X (not allowed in XML) replaced by a space", c);
    else
        an_rd_warn(r, xs->feed_line, xs->feed_col, "invalid UTF-8 (byte 0x%02X) replaced by U+FFFD",
                   c);
}

/* Writes n (<= 4) bytes to buf, or keeps what does not fit for the next
 * call.  Returns 1 when buf is full. */
static int put(xml_state *xs, char *buf, size_t *w, size_t cap, const void *src, size_t n)
{
    const unsigned char *b = src;
    size_t fit = cap - *w < n ? cap - *w : n;
    memcpy(buf + *w, b, fit);
    *w += fit;
    if (fit < n) {
        memcpy(xs->pend, b + fit, n - fit);
        xs->npend = n - fit;
        return 1;
    }
    return *w == cap;
}

/* libxml2 pulls input through here.  Unless another encoding is declared,
 * invalid UTF-8 becomes U+FFFD and NUL/control bytes become spaces (with a
 * warning naming line:col), so that one bad byte does not end the file.  A
 * sequence cut by the end of a chunk is completed from the next one. */
static int xml_read(void *ctx, char *buf, int len)
{
    annals_reader *r = ctx;
    xml_state *xs = r->xml;
    if (len <= 0)
        return 0;
    size_t w = 0, cap = (size_t)len;
    if (xs->npend) {
        size_t n = xs->npend < cap ? xs->npend : cap;
        memcpy(buf, xs->pend, n);
        memmove(xs->pend, xs->pend + n, xs->npend - n);
        xs->npend -= n;
        w = n;
    }
    int full = w == cap;
    while (!full) {
        int rc = an_rd_fill(r);
        if (rc < 0)
            return w ? (int)w : -1;
        if (rc == 0) {
            if (xs->ncarry) { /* an incomplete sequence at the very end */
                bad_byte(r, xs, xs->carry[0]);
                xs->ncarry = 0;
                put(xs, buf, &w, cap, "\xEF\xBF\xBD", 3);
            }
            break;
        }
        const unsigned char *p = (const unsigned char *)r->in + r->in_pos;
        size_t avail = r->in_len - r->in_pos;
        if (!xs->checked) {
            xs->checked = 1;
            xs->repair = utf8_input((const char *)p, avail);
        }
        if (!xs->repair) {
            size_t n = avail < cap - w ? avail : cap - w;
            memcpy(buf + w, p, n);
            r->in_pos += n;
            w += n;
            for (size_t i = 0; i < n; i++)
                if (!an_isspace(p[i]))
                    xs->nonblank = 1;
            full = w == cap;
            continue;
        }
        if (xs->ncarry) {
            /* complete the sequence begun in the previous chunk */
            unsigned char seq[4];
            memcpy(seq, xs->carry, xs->ncarry);
            size_t need = xs->carry_len - xs->ncarry, take = need < avail ? need : avail;
            memcpy(seq + xs->ncarry, p, take);
            size_t k = an_utf8_seq_len(seq, xs->ncarry + take);
            xs->ncarry = 0;
            xs->feed_col++;
            if (k == xs->carry_len) {
                r->in_pos += take;
                full = put(xs, buf, &w, cap, seq, k);
            } else {
                /* the carried continuation bytes go with the bad lead byte */
                bad_byte(r, xs, seq[0]);
                full = put(xs, buf, &w, cap, "\xEF\xBF\xBD", 3);
            }
            continue;
        }
        size_t i = 0;
        while (i < avail && !full) {
            unsigned char c = p[i];
            if (c >= 0x20 && c < 0x80) {
                xs->nonblank |= c != ' ';
                xs->feed_col++;
                i++;
                full = put(xs, buf, &w, cap, &c, 1);
                continue;
            }
            if (c == '\n' || c == '\t' || c == '\r') {
                if (c == '\n') {
                    xs->feed_line++;
                    xs->feed_col = 1;
                } else {
                    xs->feed_col++;
                }
                i++;
                full = put(xs, buf, &w, cap, &c, 1);
                continue;
            }
            if (c < 0x20) {
                bad_byte(r, xs, c);
                xs->feed_col++;
                i++;
                full = put(xs, buf, &w, cap, " ", 1);
                continue;
            }
            xs->nonblank = 1;
            size_t k = an_utf8_seq_len(p + i, avail - i);
            if (k) {
                xs->feed_col++;
                full = put(xs, buf, &w, cap, p + i, k);
                i += k;
                continue;
            }
            /* maybe a valid sequence cut by the end of the chunk */
            size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            if (want && avail - i < want && !r->in_eof) {
                int ok = 1;
                for (size_t j = i + 1; j < avail; j++)
                    ok &= (p[j] & 0xC0) == 0x80;
                if (ok) {
                    memcpy(xs->carry, p + i, avail - i);
                    xs->ncarry = avail - i;
                    xs->carry_len = want;
                    i = avail;
                    break;
                }
            }
            bad_byte(r, xs, c);
            xs->feed_col++;
            i++;
            full = put(xs, buf, &w, cap, "\xEF\xBF\xBD", 3);
        }
        r->in_pos += i;
    }
    return (int)w;
}

static int xml_close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

/* libxml2 reports a few errors (encoding conversion, I/O) through the
 * thread's generic error handler rather than the reader's structured one.
 * While this reader calls into libxml2, that handler is swapped for one that
 * records the message for this reader, and restored afterwards. */
typedef struct xml_guard {
    xmlGenericErrorFunc fn;
    void *ctx;
} xml_guard;

static void xml_generic(void *user, const char *fmt, ...)
{
    annals_reader *r = user;
    xml_state *xs = r->xml;
    if (!xs || xs->have_gen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(xs->gen_msg, sizeof xs->gen_msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(xs->gen_msg);
    while (n && (xs->gen_msg[n - 1] == '\n' || xs->gen_msg[n - 1] == ' '))
        xs->gen_msg[--n] = 0;
    xs->have_gen = n > 0;
}

static void guard_on(annals_reader *r, xml_guard *g)
{
    g->fn = xmlGenericError;
    g->ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(r, xml_generic);
}

static void guard_off(const xml_guard *g) { xmlSetGenericErrorFunc(g->ctx, g->fn); }

int an_rd_xml_open(annals_reader *r, annals_error *err)
{
    xml_state *xs = an_calloc(1, sizeof *xs);
    if (!xs) {
        an_err_set(err, ANNALS_ERR_NOMEM, r->name, 0, 0, "out of memory");
        return -1;
    }
    r->xml = xs;
    xs->feed_line = 1;
    xs->feed_col = 1;
    /* the first chunk is already there: decide whether the input is (to be
     * repaired as) UTF-8; then libxml2 is told so and does not guess */
    xs->checked = 1;
    xs->repair = utf8_input(r->in + r->in_pos, r->in_len - r->in_pos);
    xmlInitParser();
    xml_guard g;
    guard_on(r, &g);
    xs->x = xmlReaderForIO(xml_read, xml_close_cb, r, r->name, xs->repair ? "UTF-8" : NULL,
                           XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
    guard_off(&g);
    if (!xs->x) {
        an_err_set(err, ANNALS_ERR_NOMEM, r->name, 0, 0, "cannot create an XML reader");
        return -1;
    }
    xmlTextReaderSetStructuredErrorHandler(xs->x, xml_error, r);
    return 0;
}

void an_rd_xml_close(annals_reader *r)
{
    xml_state *xs = r->xml;
    if (!xs)
        return;
    if (xs->x)
        xmlFreeTextReader(xs->x);
    json_decref(xs->config);
    json_decref(xs->markers);
    json_decref(xs->env);
    an_buf_free(&xs->env_name);
    an_buf_free(&xs->env_text);
    an_free(xs);
    r->xml = NULL;
}

static int name_is(const xmlChar *name, const char *s)
{
    return name && strcmp((const char *)name, s) == 0;
}

/* Appends collapsed white space: runs become one space, leading/trailing
 * dropped (a pending space is written before the next non-space). */
static int append_collapsed(an_buf *b, const char *p, size_t n, int *space)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (an_isspace(c)) {
            *space = 1;
            continue;
        }
        if (*space && b->len && an_buf_putc(b, ' '))
            return -1;
        *space = 0;
        if (an_buf_putc(b, (char)c))
            return -1;
    }
    return 0;
}

static void trim_buf(an_buf *b)
{
    if (!b->p)
        return;
    size_t s = 0, e = b->len;
    while (s < e && an_isspace((unsigned char)b->p[s]))
        s++;
    while (e > s && an_isspace((unsigned char)b->p[e - 1]))
        e--;
    memmove(b->p, b->p + s, e - s);
    b->len = e - s;
    b->p[b->len] = 0;
}

/* The attributes of the current element as a JSON object (NULL on nomem). */
static json_t *attrs_object(xmlTextReaderPtr x)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (xmlTextReaderMoveToFirstAttribute(x) == 1) {
        do {
            const xmlChar *k = xmlTextReaderConstName(x);
            const xmlChar *v = xmlTextReaderConstValue(x);
            if (k && json_object_set_new(o, (const char *)k, json_string(v ? (const char *)v : "")))
                goto fail;
        } while (xmlTextReaderMoveToNextAttribute(x) == 1);
        xmlTextReaderMoveToElement(x);
    }
    return o;
fail:
    xmlTextReaderMoveToElement(x);
    json_decref(o);
    return NULL;
}

static int push(json_t **arr, json_t *v)
{
    if (!v)
        return -1;
    if (!*arr && !(*arr = json_array())) {
        json_decref(v);
        return -1;
    }
    return json_array_append_new(*arr, v) ? -1 : 0;
}

/* Moves *slot (if any) into meta under key. */
static int steal(json_t *meta, const char *key, json_t **slot)
{
    json_t *v = *slot;
    *slot = NULL;
    return v ? json_object_set_new(meta, key, v) : 0;
}

static int fatal(annals_reader *r, annals_error *err)
{
    xml_state *xs = r->xml;
    if (xs->have_err)
        an_err_set(err, ANNALS_ERR_PARSE, r->name, xs->err_line, xs->err_col, "malformed XML: %s",
                   xs->err_msg);
    else if (xs->have_gen)
        an_err_set(err, ANNALS_ERR_PARSE, r->name,
                   (unsigned long)xmlTextReaderGetParserLineNumber(xs->x),
                   (unsigned long)xmlTextReaderGetParserColumnNumber(xs->x), "malformed XML: %s",
                   xs->gen_msg);
    else if (r->in_errno)
        an_rd_io_error(r, err);
    else
        an_err_set(err, ANNALS_ERR_PARSE, r->name,
                   (unsigned long)xmlTextReaderGetParserLineNumber(xs->x),
                   (unsigned long)xmlTextReaderGetParserColumnNumber(xs->x), "malformed XML");
    r->failed = 1;
    return -1;
}

static int nomem(annals_reader *r, annals_error *err)
{
    an_rd_nomem(r, err);
    return -1;
}

/* Handles an element between Sentences.  0 ok, -1 nomem. */
static int outside_element(annals_reader *r, const xmlChar *name, int depth, int empty)
{
    xml_state *xs = r->xml;
    xmlTextReaderPtr x = xs->x;
    if (xs->env_depth) {
        if (name_is(name, "Config"))
            return push(&xs->config, attrs_object(x));
        if (depth == xs->env_depth && !empty) {
            xs->env_child = 1;
            an_buf_clear(&xs->env_name);
            an_buf_clear(&xs->env_text);
            if (an_buf_puts(&xs->env_name, (const char *)name))
                return -1;
        }
        return 0;
    }
    if (name_is(name, "Config"))
        return push(&xs->config, attrs_object(x));
    if (name_is(name, "Environment")) {
        if (!empty)
            xs->env_depth = depth + 1;
        if (!xs->env && !(xs->env = json_object()))
            return -1;
        return 0;
    }
    if (depth == 0 || name_is(name, "Sentences") || name_is(name, "Validation"))
        return 0;
    json_t *s = json_string((const char *)name);
    return push(&xs->markers, s);
}

static int xml_next(annals_reader *r, annals_story *s, annals_error *err)
{
    xml_state *xs = r->xml;
    xmlTextReaderPtr x = xs->x;
    size_t limit = r->lim.max_story_bytes;
    int in_sentence = 0, sdepth = 0, child = CH_NONE, space = 0, too_long = 0;
    unsigned long start = 0;
    json_t *meta = NULL, *expected = NULL;
    int noevents = 0, have_date = 0;
    an_buf other_name, other_text;
    an_buf_init(&other_name);
    an_buf_init(&other_text);
    int rc;
    while ((rc = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        int depth = xmlTextReaderDepth(x);
        const xmlChar *name = xmlTextReaderConstLocalName(x);
        if (!in_sentence) {
            if (type == XML_READER_TYPE_ELEMENT) {
                int empty = xmlTextReaderIsEmptyElement(x);
                if (!xs->env_depth && name_is(name, "Sentence")) {
                    in_sentence = 1;
                    sdepth = depth;
                    xmlNodePtr node = xmlTextReaderCurrentNode(x);
                    long ln = node ? xmlGetLineNo(node) : -1;
                    start = ln > 0 ? (unsigned long)ln
                                   : (unsigned long)xmlTextReaderGetParserLineNumber(x);
                    child = CH_NONE;
                    space = 0;
                    too_long = 0;
                    noevents = 0;
                    have_date = 0;
                    an_buf_clear(&r->text);
                    an_buf_clear(&r->parse);
                    an_buf_clear(&r->comment);
                    an_buf_clear(&r->id);
                    if (!(meta = json_object()))
                        goto nomem;
                    json_t *attrs = attrs_object(x);
                    if (!attrs)
                        goto nomem;
                    const char *k;
                    json_t *v;
                    json_object_foreach(attrs, k, v) {
                        const char *val = json_string_value(v);
                        if (!strcmp(k, "id")) {
                            if (an_buf_puts(&r->id, val))
                                goto nomem_attrs;
                        } else if (!strcmp(k, "date")) {
                            char d[11];
                            if (an_rd_date(val, strlen(val), 0, d) == 0) {
                                an_buf_clear(&r->date);
                                if (an_buf_puts(&r->date, d))
                                    goto nomem_attrs;
                                have_date = 1;
                            } else {
                                an_rd_warn(r, start, 0,
                                           "invalid date \"%.40s\" (expected YYYYMMDD); date "
                                           "ignored",
                                           val);
                            }
                        } else {
                            if (json_object_set(meta, k, v))
                                goto nomem_attrs;
                        }
                    }
                    if (!json_object_get(attrs, "date"))
                        an_rd_warn(r, start, 0, "<Sentence> without a date attribute");
                    json_decref(attrs);
                    if (empty)
                        goto finish;
                    continue;
                nomem_attrs:
                    json_decref(attrs);
                    goto nomem;
                }
                if (outside_element(r, name, depth, empty))
                    goto nomem;
            } else if (xs->env_child &&
                       (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
                const xmlChar *v = xmlTextReaderConstValue(x);
                if (v && xs->env_text.len < limit && an_buf_puts(&xs->env_text, (const char *)v))
                    goto nomem;
            } else if (type == XML_READER_TYPE_END_ELEMENT && xs->env_depth) {
                if (depth == xs->env_depth && xs->env_child) {
                    xs->env_child = 0;
                    trim_buf(&xs->env_text);
                    if (json_object_set_new(xs->env, xs->env_name.p,
                                            json_string(xs->env_text.p ? xs->env_text.p : "")))
                        goto nomem;
                } else if (depth == xs->env_depth - 1) {
                    xs->env_depth = 0;
                }
            }
            continue;
        }
        /* inside a Sentence */
        switch (type) {
        case XML_READER_TYPE_ELEMENT: {
            int empty = xmlTextReaderIsEmptyElement(x);
            if (depth != sdepth + 1)
                break;
            if (name_is(name, "Text")) {
                child = CH_TEXT;
                if (r->text.len)
                    space = 1;
            } else if (name_is(name, "Parse")) {
                child = CH_PARSE;
            } else if (name_is(name, "EventCoding")) {
                child = CH_IGNORE;
                json_t *o = attrs_object(x);
                if (!o)
                    goto nomem;
                if (json_object_get(o, "noevents")) {
                    noevents = 1;
                    json_decref(o);
                } else if (push(&expected, o)) {
                    goto nomem;
                }
            } else {
                child = CH_OTHER;
                an_buf_clear(&other_name);
                an_buf_clear(&other_text);
                if (an_buf_puts(&other_name, (const char *)name))
                    goto nomem;
            }
            if (empty) {
                if (child == CH_OTHER && json_object_set_new(meta, other_name.p, json_string("")))
                    goto nomem;
                child = CH_NONE;
            }
            break;
        }
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const xmlChar *v = xmlTextReaderConstValue(x);
            if (!v || too_long)
                break;
            size_t n = strlen((const char *)v);
            an_buf *b = child == CH_TEXT    ? &r->text
                        : child == CH_PARSE ? &r->parse
                        : child == CH_OTHER ? &other_text
                                            : NULL;
            if (!b)
                break;
            if (b->len + n > limit) {
                too_long = 1;
                break;
            }
            if (child == CH_TEXT ? append_collapsed(b, (const char *)v, n, &space)
                                 : an_buf_append(b, v, n))
                goto nomem;
            break;
        }
        case XML_READER_TYPE_COMMENT: {
            const xmlChar *v = xmlTextReaderConstValue(x);
            if (!v || too_long)
                break;
            const char *p = (const char *)v;
            size_t n = strlen(p);
            while (n && an_isspace((unsigned char)*p)) {
                p++;
                n--;
            }
            while (n && an_isspace((unsigned char)p[n - 1]))
                n--;
            if (!n)
                break;
            if (r->comment.len + n > limit) {
                too_long = 1;
                break;
            }
            if ((r->comment.len && an_buf_putc(&r->comment, '\n')) ||
                an_buf_append(&r->comment, p, n))
                goto nomem;
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            if (depth == sdepth)
                goto finish;
            if (depth == sdepth + 1) {
                if (child == CH_OTHER) {
                    trim_buf(&other_text);
                    if (json_object_set_new(meta, other_name.p,
                                            json_string(other_text.p ? other_text.p : "")))
                        goto nomem;
                }
                child = CH_NONE;
            }
            break;
        default:
            break;
        }
        continue;

    finish:
        /* the end of a Sentence */
        if (too_long || r->text.len + r->parse.len > limit) {
            r->skipped++;
            an_rd_warn(r, start, 0, "sentence longer than the limit of %zu bytes; skipped", limit);
            json_decref(meta);
            json_decref(expected);
            meta = expected = NULL;
            in_sentence = 0;
            continue;
        }
        if (!r->id.len && an_rd_default_id(r, start))
            goto nomem;
        if (expected && json_object_set_new(meta, "expected", expected)) {
            expected = NULL;
            goto nomem;
        }
        expected = NULL;
        if (noevents && json_object_set_new(meta, "noevents", json_true()))
            goto nomem;
        if (steal(meta, "config", &xs->config) || steal(meta, "environment", &xs->env) ||
            steal(meta, "markers", &xs->markers))
            goto nomem;
        an_buf_clear(&r->meta);
        if (json_object_size(meta)) {
            char *dump = json_dumps(meta, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (!dump)
                goto nomem;
            int bad = an_buf_puts(&r->meta, dump);
            free(dump);
            if (bad)
                goto nomem;
        }
        json_decref(meta);
        meta = NULL;
        trim_buf(&r->parse);
        if (an_rd_cstr(&r->text) || an_rd_cstr(&r->id))
            goto nomem;
        an_rd_story_init(r, s);
        s->id = r->id.p;
        s->date = have_date ? r->date.p : NULL;
        s->text = r->text.p;
        s->text_len = r->text.len;
        s->meta_json = r->meta.len ? r->meta.p : NULL;
        s->comment = r->comment.len ? r->comment.p : NULL;
        s->parse = r->parse.len ? r->parse.p : NULL;
        s->line = start;
        s->is_sentence = 1;
        r->returned++;
        an_buf_free(&other_name);
        an_buf_free(&other_text);
        return 1;
    }
    json_decref(meta);
    json_decref(expected);
    an_buf_free(&other_name);
    an_buf_free(&other_text);
    if (rc < 0 && !xs->nonblank && !r->in_errno) {
        /* an empty or blank file is not malformed XML: it has no stories */
        an_rd_finish(r);
        return 0;
    }
    if (rc < 0)
        return fatal(r, err);
    an_rd_finish(r);
    return 0;

nomem:
    json_decref(meta);
    json_decref(expected);
    an_buf_free(&other_name);
    an_buf_free(&other_text);
    return nomem(r, err);
}

int an_rd_xml_next(annals_reader *r, annals_story *s, annals_error *err)
{
    if (r->done || !r->xml)
        return 0;
    xml_guard g;
    guard_on(r, &g);
    int rc = xml_next(r, s, err);
    guard_off(&g);
    return rc;
}
