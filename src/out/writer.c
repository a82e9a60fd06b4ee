/* Event writers: JSON Lines and the classic tab-separated event file.
 * Each record is formatted into a buffer first and written with one fwrite,
 * so a failed write never leaves half a record behind in our buffer. */
#include "util/util.h"

#include <errno.h>
#include <string.h>

struct annals_writer {
    FILE *out;
    annals_output_format fmt;
    an_buf rec;
};

int annals_output_format_parse(const char *name, annals_output_format *out)
{
    if (!name)
        return -1;
    if (an_strcaseeq(name, "jsonl") || an_strcaseeq(name, "json")) {
        *out = ANNALS_OUTPUT_JSONL;
        return 0;
    }
    if (an_strcaseeq(name, "tsv")) {
        *out = ANNALS_OUTPUT_TSV;
        return 0;
    }
    return -1;
}

annals_writer *annals_writer_new(FILE *out, annals_output_format fmt, annals_error *err)
{
    if (!out) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no output stream");
        return NULL;
    }
    annals_writer *w = an_calloc(1, sizeof *w);
    if (!w) {
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    w->out = out;
    w->fmt = fmt;
    an_buf_init(&w->rec);
    return w;
}

void annals_writer_free(annals_writer *w)
{
    if (!w)
        return;
    an_buf_free(&w->rec);
    an_free(w);
}

static void json_str(an_buf *b, const char *s)
{
    if (!s) {
        an_buf_puts(b, "null");
        return;
    }
    an_buf_putc(b, '"');
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = NULL;
        char tmp[8];
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (*p < 0x20) {
                snprintf(tmp, sizeof tmp, "\\u%04x", *p);
                esc = tmp;
            }
        }
        if (esc) {
            an_buf_append(b, run, (size_t)((const char *)p - run));
            an_buf_puts(b, esc);
            run = (const char *)p + 1;
        }
    }
    an_buf_puts(b, run);
    an_buf_putc(b, '"');
}

static void tsv_field(an_buf *b, const char *s)
{
    if (!s)
        return;
    for (; *s; s++)
        an_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void format_jsonl(an_buf *b, const annals_event *e)
{
    an_buf_puts(b, "{\"story_id\":");
    json_str(b, e->story_id);
    an_buf_printf(b, ",\"sentence\":%u,\"sentence_start\":%zu,\"sentence_end\":%zu,\"date\":",
                  e->sentence, e->sentence_start, e->sentence_end);
    json_str(b, e->date);
    an_buf_puts(b, ",\"date_precision\":");
    json_str(b, e->date_precision);
    an_buf_puts(b, ",\"date_text\":");
    json_str(b, e->date_text);
    an_buf_puts(b, ",\"date_source\":");
    json_str(b, e->date_source);
    an_buf_puts(b, ",\"source\":");
    json_str(b, e->source);
    an_buf_puts(b, ",\"target\":");
    json_str(b, e->target);
    an_buf_puts(b, ",\"code\":");
    json_str(b, e->code);
    if (e->cameo)
        an_buf_printf(b, ",\"root\":\"%02d\",\"quad\":%d,\"goldstein\":%.1f", e->cameo->root,
                      e->cameo->quad, e->cameo->goldstein);
    else
        an_buf_puts(b, ",\"root\":null,\"quad\":null,\"goldstein\":null");
    an_buf_puts(b, ",\"source_text\":");
    json_str(b, e->source_text);
    an_buf_puts(b, ",\"target_text\":");
    json_str(b, e->target_text);
    an_buf_puts(b, ",\"verb_text\":");
    json_str(b, e->verb_text);
    if (e->issues) {
        an_buf_puts(b, ",\"issues\":");
        json_str(b, e->issues);
    }
    an_buf_puts(b, "}\n");
}

/* date, source, target, code, root, quad, goldstein, story_id, sentence, verb_text */
static void format_tsv(an_buf *b, const annals_event *e)
{
    tsv_field(b, e->date);
    an_buf_putc(b, '\t');
    tsv_field(b, e->source);
    an_buf_putc(b, '\t');
    tsv_field(b, e->target);
    an_buf_putc(b, '\t');
    tsv_field(b, e->code);
    an_buf_putc(b, '\t');
    if (e->cameo)
        an_buf_printf(b, "%02d\t%d\t%.1f", e->cameo->root, e->cameo->quad, e->cameo->goldstein);
    else
        an_buf_puts(b, "\t\t");
    an_buf_putc(b, '\t');
    tsv_field(b, e->story_id);
    an_buf_printf(b, "\t%u\t", e->sentence);
    tsv_field(b, e->verb_text);
    an_buf_putc(b, '\n');
}

annals_status annals_writer_event(annals_writer *w, const annals_event *ev, annals_error *err)
{
    if (!w || !ev) {
        an_err_set(err, ANNALS_ERR_ARG, NULL, 0, 0, "no writer or event");
        return ANNALS_ERR_ARG;
    }
    an_buf_clear(&w->rec);
    if (w->fmt == ANNALS_OUTPUT_TSV)
        format_tsv(&w->rec, ev);
    else
        format_jsonl(&w->rec, ev);
    if (w->rec.failed) {
        w->rec.failed = 0;
        an_err_set(err, ANNALS_ERR_NOMEM, NULL, 0, 0, "out of memory formatting an event");
        return ANNALS_ERR_NOMEM;
    }
    if (fwrite(w->rec.p, 1, w->rec.len, w->out) != w->rec.len) {
        an_err_set(err, ANNALS_ERR_IO, NULL, 0, 0, "error writing output: %s",
                   strerror(errno ? errno : EIO));
        return ANNALS_ERR_IO;
    }
    return ANNALS_OK;
}

annals_status annals_writer_flush(annals_writer *w, annals_error *err)
{
    if (!w)
        return ANNALS_OK;
    errno = 0;
    if (fflush(w->out) != 0 || ferror(w->out)) {
        an_err_set(err, ANNALS_ERR_IO, NULL, 0, 0, "error writing output: %s",
                   strerror(errno ? errno : EIO));
        return ANNALS_ERR_IO;
    }
    return ANNALS_OK;
}
