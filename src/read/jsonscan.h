/* A single-pass scanner for one JSON Lines record (internal).
 *
 * It reads one JSON object, decodes the "id", "date" and "text" members
 * straight into caller buffers and copies every other member's value text,
 * without insignificant whitespace, into a compact meta object.  It is the
 * fast path of the JSON Lines reader: it accepts only what jansson would
 * accept and turn into exactly the same story, and reports anything else
 * (invalid JSON, duplicate keys, real numbers, \u escapes outside
 * id/date/text, very deep nesting, ...) so the caller can use jansson.
 *
 * Precondition: the input is valid UTF-8 without NUL bytes (the reader
 * repairs every line before parsing it). */
#ifndef ANNALS_JSONSCAN_H
#define ANNALS_JSONSCAN_H

#include "util/util.h"

/* kinds of the id/date/text members */
enum {
    AN_JK_NONE = 0, /* absent */
    AN_JK_NULL,     /* null */
    AN_JK_STRING,   /* a string (decoded into the member's buffer) */
    AN_JK_INT,      /* an integer (its decimal text in the member's buffer) */
    AN_JK_OTHER     /* true, false, an object or an array */
};

/* results of an_jscan_object */
enum {
    AN_JSCAN_NOMEM = -1,
    AN_JSCAN_OK = 0,       /* the fields below describe the record */
    AN_JSCAN_FALLBACK = 1, /* maybe valid, but outside what the scanner handles */
    AN_JSCAN_INVALID = 2   /* not valid JSON: see err_off and err_why */
};

typedef struct an_jscan {
    /* in: where the members go (owned by the caller, reused between calls) */
    an_buf *id, *date, *text, *meta;
    /* out */
    int id_kind, date_kind, text_kind;
    long id_nul, text_nul; /* \u0000 in id / text, each replaced by a space */
    int have_meta;         /* meta holds a compact JSON object of the other members */
    size_t err_off;        /* AN_JSCAN_INVALID: byte offset of the problem */
    const char *err_why;   /* AN_JSCAN_INVALID: what is wrong */
} an_jscan;

/* Scans the object in p[0..n).  The date member keeps a \u0000 as a NUL
 * byte (as jansson does); id and text get a space instead. */
int an_jscan_object(an_jscan *js, const char *p, size_t n);

/* 1-based column (in characters) of byte offset off in p. */
unsigned long an_jscan_col(const char *p, size_t off);

/* Tests only: 0 makes the JSON Lines reader parse every line with jansson,
 * 1 (the default) tries the scanner first. */
void an_jsonl_set_fast(int on);

#endif
