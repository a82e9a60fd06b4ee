/* Story readers (internal): the shared input layer and the per-format
 * parsers behind annals_reader_*.  Every format streams: input arrives in
 * chunks, lines are assembled in a growing buffer bounded by
 * limits.max_story_bytes, and one record is held in memory at a time. */
#ifndef ANNALS_READ_H
#define ANNALS_READ_H

#include "util/util.h"

#include <stdio.h>

#define AN_RD_CHUNK (64 * 1024)

struct annals_reader {
    annals_input_format fmt;
    char *name;         /* source_file as given ("-" for stdin) */
    char *base;         /* base name: the id of a plain-text story */
    char *default_date; /* normalised, or NULL */
    annals_diag_fn diag;
    void *diag_user;
    annals_limits lim;

    /* input: a file (chunked) or a borrowed memory block */
    FILE *f;
    int own_f;
    char *chunk;
    const char *in;
    size_t in_pos, in_len;
    int in_eof;   /* no more data after in[in_len] */
    unsigned long long bytes_in;    /* bytes read from the file so far */
    unsigned long long bytes_total; /* its size when it is a regular file, else 0 */
    int in_errno; /* a read error happened (errno value, or -1) */

    /* the current line (without its newline and a trailing CR) */
    an_buf line;
    unsigned long lineno;
    int line_nl;       /* the line ended with a newline */
    int line_too_long; /* longer than lim.max_story_bytes (content cut) */

    /* the current story's strings */
    an_buf id, date, text, comment, meta, parse, tmp;
    unsigned long skipped;
    unsigned long returned;
    int done;   /* end of input reached (and reported) */
    int failed; /* a fatal error happened */

    /* TABARI record state */
    int tab_in_comment;
    unsigned long tab_comment_line;
    int tab_space;
    int tab_seen_header;

    /* PETRARCH XML state (xml.c) */
    void *xml;
};

/* ---- input layer (reader.c) ---- */
/* Makes data available in r->in[r->in_pos..r->in_len).  Returns 1 when
 * there is data, 0 at end of input, -1 on a read error. */
int an_rd_fill(annals_reader *r);
/* Reads the next line into r->line.  1 a line, 0 end of input, -1 read
 * error (err filled). */
int an_rd_line(annals_reader *r, annals_error *err);
/* Sets err to the read error of r. */
void an_rd_io_error(annals_reader *r, annals_error *err);

/* ---- helpers ---- */
void an_rd_warn(annals_reader *r, unsigned long line, unsigned long col, const char *fmt, ...)
    AN_PRINTF(4, 5);
/* Checks p[0..n) for invalid UTF-8 and NUL bytes.  When it is clean,
 * returns p.  Otherwise repairs it into `out` (U+FFFD / space), warns once
 * (when *warned is 0; then sets it) naming line and the column of the first
 * bad byte (col0 + characters before it), and returns out->p, or NULL on
 * allocation failure. */
const char *an_rd_utf8(annals_reader *r, const char *p, size_t n, unsigned long line,
                       unsigned long col0, int *warned, an_buf *out);
/* Normalises a date to "YYYY-MM-DD" in out[11]: accepts YYYY-MM-DD,
 * YYYYMMDD and, when `yymmdd` is set, YYMMDD (00-30 -> 20xx, else 19xx).
 * Checks the calendar.  0 ok, -1 invalid. */
int an_rd_date(const char *s, size_t n, int yymmdd, char out[11]);
/* Ends the input: warns "no stories in FILE" when nothing was returned. */
void an_rd_finish(annals_reader *r);
/* Sets the story fields every format shares. */
void an_rd_story_init(annals_reader *r, annals_story *s);
/* Puts "FILE:LINE" into r->id. 0 ok, -1 nomem. */
int an_rd_default_id(annals_reader *r, unsigned long line);
void an_rd_nomem(annals_reader *r, annals_error *err);
/* Makes b->p a valid (possibly empty) NUL-terminated string. 0 ok, -1 nomem. */
int an_rd_cstr(an_buf *b);

/* ---- formats ---- */
int an_rd_jsonl_next(annals_reader *r, annals_story *s, annals_error *err);
int an_rd_tabari_next(annals_reader *r, annals_story *s, annals_error *err);
int an_rd_text_next(annals_reader *r, annals_story *s, annals_error *err);
int an_rd_xml_open(annals_reader *r, annals_error *err);
int an_rd_xml_next(annals_reader *r, annals_story *s, annals_error *err);
void an_rd_xml_close(annals_reader *r);

#endif
