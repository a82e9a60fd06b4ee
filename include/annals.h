/*
 * annals.h — the one public header of libannals, a political event coder.
 *
 * Ownership rule for the whole API (restated on each function):
 *   - Strings passed IN are borrowed for the duration of the call unless a
 *     function says it keeps them.
 *   - Pointers returned OUT are owned by the object that returned them and stay
 *     valid until the next call on that object, or until it is freed, as each
 *     function says.  Objects created by annals_*_new/open are freed by the
 *     matching annals_*_free/close.
 *   - The library never exits, aborts or prints: errors come back as a status
 *     code plus an annals_error; warnings go to the diagnostic callback.
 */
#ifndef ANNALS_H
#define ANNALS_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ANNALS_API __attribute__((visibility("default")))
#else
#define ANNALS_API
#endif

#define ANNALS_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ */
/* Errors and diagnostics                                              */
/* ------------------------------------------------------------------ */

typedef enum annals_status {
    ANNALS_OK = 0,
    ANNALS_ERR_IO = 1,      /* a file could not be opened, read or written  */
    ANNALS_ERR_PARSE = 2,   /* malformed input (dictionary, story, option)  */
    ANNALS_ERR_NOMEM = 3,   /* an allocation failed                         */
    ANNALS_ERR_LIMIT = 4,   /* a documented limit was exceeded              */
    ANNALS_ERR_UTF8 = 5,    /* invalid UTF-8 where it cannot be repaired    */
    ANNALS_ERR_ARG = 6,     /* invalid argument from the caller             */
    ANNALS_ERR_DB = 7,      /* database error (SQLite, PostgreSQL)          */
    ANNALS_ERR_UNSUPPORTED = 8
} annals_status;

/* A located error or warning.  `file` may be empty; line/column are 1-based,
 * 0 when unknown. */
typedef struct annals_error {
    annals_status code;
    int is_warning;
    unsigned long line;
    unsigned long column;
    char file[512];
    char message[512];
} annals_error;

/* Static description of a status code. Never NULL. */
ANNALS_API const char *annals_strerror(annals_status code);

/* Formats `err` as "file:line:col: message" (GNU style; parts that are
 * unknown are left out) into buf. Returns the length that would have been
 * written, like snprintf. */
ANNALS_API int annals_error_format(const annals_error *err, char *buf, size_t size);

/* Warnings (and informational diagnostics) are delivered through this callback
 * while a call runs. `diag` is borrowed for the duration of the callback. */
typedef void (*annals_diag_fn)(void *user, const annals_error *diag);

/* Library version string, e.g. "0.1.0". */
ANNALS_API const char *annals_version(void);

/* ------------------------------------------------------------------ */
/* Limits (documented; every growing structure has one)                */
/* ------------------------------------------------------------------ */

typedef struct annals_limits {
    size_t max_story_bytes;     /* default 64 MiB: longer stories are an error */
    size_t max_sentence_tokens; /* default 4096: longer sentences are split    */
    size_t max_events_per_sentence; /* default 256 (TABARI: 64)            */
    size_t max_dict_entries;    /* default 16M                             */
} annals_limits;

/* Fills `lim` with the defaults above. */
ANNALS_API void annals_limits_default(annals_limits *lim);

/* ------------------------------------------------------------------ */
/* Stories and readers                                                 */
/* ------------------------------------------------------------------ */

typedef enum annals_input_format {
    ANNALS_INPUT_AUTO = 0,     /* by file extension; stdin defaults to jsonl */
    ANNALS_INPUT_JSONL,        /* {"id":..,"date":..,"text":..} per line     */
    ANNALS_INPUT_TABARI,       /* TABARI text records                        */
    ANNALS_INPUT_TEXT,         /* one story per file                         */
    ANNALS_INPUT_PETRARCH_XML  /* <Sentences><Sentence ...>                  */
} annals_input_format;

/* Parses "jsonl", "tabari", "text", "petrarch-xml" (also "xml").
 * Returns 0 and sets *out, or -1 when the name is unknown. */
ANNALS_API int annals_input_format_parse(const char *name, annals_input_format *out);

/* One story.  Every pointer is owned by the reader and valid until the next
 * annals_reader_next() or annals_reader_close().  Strings are NUL-terminated
 * UTF-8 (invalid sequences already repaired and warned about). */
typedef struct annals_story {
    const char *id;          /* JSONL "id", TABARI record id, file name, XML id */
    const char *date;        /* "YYYY-MM-DD" or NULL                          */
    const char *text;        /* the story text                                */
    size_t text_len;
    const char *meta_json;   /* JSON object with the other JSONL fields / XML
                                attributes, or NULL                           */
    const char *comment;     /* TABARI: text of the record's comments, or NULL */
    const char *parse;       /* PETRARCH XML: the <Parse> tree, or NULL       */
    const char *source_file; /* the file it came from ("-" for stdin)         */
    unsigned long line;      /* line where the story starts (1-based)         */
    int is_sentence;         /* 1 when the input already is one sentence
                                (PETRARCH XML): no sentence splitting        */
} annals_story;

typedef struct annals_reader_options {
    annals_input_format format;
    const char *default_date;   /* "YYYY-MM-DD" for text input, or NULL */
    annals_diag_fn diag;        /* warnings; may be NULL                */
    void *diag_user;
    annals_limits limits;       /* zeroed fields take the defaults      */
} annals_reader_options;

typedef struct annals_reader annals_reader;

/* Opens `path` ("-" or NULL = stdin). On failure returns NULL and fills err. */
ANNALS_API annals_reader *annals_reader_open(const char *path, const annals_reader_options *opt,
                                             annals_error *err);
/* Reads from memory. `data` is borrowed and must outlive the reader.
 * `name` names the input in messages (copied). */
ANNALS_API annals_reader *annals_reader_open_memory(const char *name, const char *data, size_t len,
                                                    const annals_reader_options *opt,
                                                    annals_error *err);
/* Returns 1 and fills *story; 0 at end of input; -1 on a fatal error (err
 * filled; the reader may not be used again).  A recoverable problem in one
 * record (a malformed JSONL line, say) is reported to the diagnostic callback
 * as a warning naming file:line:col and the record is skipped — the count of
 * such records is available from annals_reader_skipped(). */
ANNALS_API int annals_reader_next(annals_reader *r, annals_story *story, annals_error *err);
ANNALS_API unsigned long annals_reader_skipped(const annals_reader *r);
/* Bytes of input read so far and the input's size (0 when unknown, as for
 * a pipe), for progress reports. */
ANNALS_API void annals_reader_progress(const annals_reader *r, unsigned long long *done,
                                       unsigned long long *total);
ANNALS_API void annals_reader_close(annals_reader *r);

/* ------------------------------------------------------------------ */
/* Dictionaries                                                        */
/* ------------------------------------------------------------------ */

typedef enum annals_dict_kind {
    ANNALS_DICT_AUTO = 0,
    ANNALS_DICT_ACTORS,
    ANNALS_DICT_AGENTS,
    ANNALS_DICT_VERBS,
    ANNALS_DICT_OPTIONS,   /* TABARI .options                */
    ANNALS_DICT_DISCARDS,  /* PETRARCH discards              */
    ANNALS_DICT_ISSUES,    /* PETRARCH issues                */
    ANNALS_DICT_PROJECT,   /* TABARI .project                */
    ANNALS_DICT_PETRARCH_CONFIG /* PETRARCH .ini             */
} annals_dict_kind;

typedef enum annals_dict_syntax {
    ANNALS_SYNTAX_AUTO = 0,
    ANNALS_SYNTAX_TABARI,
    ANNALS_SYNTAX_PETRARCH
} annals_dict_syntax;

typedef struct annals_dict annals_dict;

typedef struct annals_dict_options {
    annals_diag_fn diag;
    void *diag_user;
    annals_limits limits;
    int lenient;   /* 0 (default): a malformed line is an error (file:line:col).
                      1: it is reported as a warning and skipped, for old
                      dictionaries with typos.  Repairable data (a day past the
                      end of its month) is always a warning. */
} annals_dict_options;

/* A new empty dictionary. `opt` may be NULL. */
ANNALS_API annals_dict *annals_dict_new(const annals_dict_options *opt, annals_error *err);
/* Loads `path`: a TABARI .project, a PETRARCH .ini, a directory (every
 * dictionary file in it), or a single dictionary file whose kind is guessed
 * from its name and content.  May be called several times; later files add
 * to earlier ones.  Returns ANNALS_OK or an error with file:line:col. */
ANNALS_API annals_status annals_dict_load(annals_dict *d, const char *path, annals_error *err);
/* Loads one file of a known kind and syntax. */
ANNALS_API annals_status annals_dict_load_file(annals_dict *d, const char *path,
                                               annals_dict_kind kind, annals_dict_syntax syntax,
                                               annals_error *err);
/* Loads from memory; `name` is used in messages. */
ANNALS_API annals_status annals_dict_load_memory(annals_dict *d, const char *name, const char *data,
                                                 size_t len, annals_dict_kind kind,
                                                 annals_dict_syntax syntax, annals_error *err);
/* Loads annals' own shipped dictionaries (installed data dir, or the
 * ANNALS_DATA_DIR environment variable, or ./data when run from the tree). */
ANNALS_API annals_status annals_dict_load_default(annals_dict *d, annals_error *err);
/* Applies one TABARI .options command ("COMPLEX: VERBS[5] NOACTPRIOR",
 * "SET: CODE BY SENTENCE", "COMMA: OFF", "DEFAULT: SOURCE [XXX]", ...) or one
 * PETRARCH [Options] setting ("require_dyad = false", "comma_emax = 0",
 * "new_actor_length = 4") to the dictionary's coding options.  Unknown
 * commands and bad values are an ANNALS_ERR_PARSE. */
ANNALS_API annals_status annals_dict_set_option(annals_dict *d, const char *line,
                                                annals_error *err);
/* The directory annals_dict_load_default() would use, or NULL. */
ANNALS_API const char *annals_default_data_dir(void);
/* Looks up the code an actor phrase (e.g. "Nikita Khrushchev") gets on a
 * date ("YYYY-MM-DD", or NULL for the undated default), as the coder would
 * for a sentence consisting of that phrase alone.  Writes it to `out`
 * (NUL-terminated; "---" for a null code) and returns 1, or returns 0 when
 * the phrase is not an actor.  The dictionary must be loaded. */
ANNALS_API int annals_dict_lookup_actor(const annals_dict *d, const char *phrase, const char *date,
                                        char *out, size_t size);
/* Number of entries of a kind (actors phrases, agents, verb patterns, ...). */
ANNALS_API size_t annals_dict_count(const annals_dict *d, annals_dict_kind kind);
ANNALS_API void annals_dict_free(annals_dict *d);

/* ------------------------------------------------------------------ */
/* The CAMEO code table (built in)                                     */
/* ------------------------------------------------------------------ */

typedef struct annals_cameo_info {
    const char *code;     /* "057"                        */
    const char *name;     /* "Sign formal agreement"       */
    int root;             /* 5                             */
    int quad;             /* 1..4                          */
    double goldstein;     /* -10..10                       */
} annals_cameo_info;

/* Looks up a CAMEO event code; NULL when unknown. */
ANNALS_API const annals_cameo_info *annals_cameo_lookup(const char *code);
/* Number of codes in the table and the i-th one (for exports). */
ANNALS_API size_t annals_cameo_count(void);
ANNALS_API const annals_cameo_info *annals_cameo_at(size_t i);

/* ------------------------------------------------------------------ */
/* Temporal expressions                                                */
/* ------------------------------------------------------------------ */

typedef enum annals_timex_type {
    ANNALS_TIMEX_DATE = 0,
    ANNALS_TIMEX_TIME,
    ANNALS_TIMEX_DURATION,
    ANNALS_TIMEX_SET
} annals_timex_type;

typedef enum annals_date_mode {
    ANNALS_DATES_AUTO = 0,
    ANNALS_DATES_NEWS,       /* relative expressions anchor to the story date  */
    ANNALS_DATES_NARRATIVE   /* they anchor to the last absolute date mentioned */
} annals_date_mode;

typedef enum annals_date_precision {
    ANNALS_PREC_NONE = 0,
    ANNALS_PREC_DAY,
    ANNALS_PREC_MONTH,
    ANNALS_PREC_SEASON,
    ANNALS_PREC_QUARTER,
    ANNALS_PREC_YEAR,
    ANNALS_PREC_DECADE,
    ANNALS_PREC_CENTURY
} annals_date_precision;

typedef struct annals_timex {
    size_t start, end;            /* byte offsets into the text               */
    annals_timex_type type;
    char value[40];               /* TIMEX3 value: "1956-10-19", "195X", "P3Y" */
    annals_date_precision precision;
    int anchored;                 /* 1 if resolved against a reference time    */
} annals_timex;

typedef struct annals_tagger annals_tagger;

/* A reusable tagger (not thread-safe; make one per thread). */
ANNALS_API annals_tagger *annals_tagger_new(annals_error *err);
ANNALS_API void annals_tagger_free(annals_tagger *t);
/* Finds and normalises the temporal expressions of `text`.  `dct` is the
 * document creation time "YYYY-MM-DD" or NULL.  The result array is owned by
 * the tagger, valid until the next call; *n receives its length. */
ANNALS_API annals_status annals_tagger_tag(annals_tagger *t, const char *text, size_t len,
                                           const char *dct, annals_date_mode mode,
                                           const annals_timex **out, size_t *n,
                                           annals_error *err);
/* Parses "news", "narrative", "auto". 0 ok, -1 unknown. */
ANNALS_API int annals_date_mode_parse(const char *name, annals_date_mode *out);
ANNALS_API const char *annals_date_precision_name(annals_date_precision p);
ANNALS_API const char *annals_timex_type_name(annals_timex_type t);

/* ------------------------------------------------------------------ */
/* Coding                                                              */
/* ------------------------------------------------------------------ */

typedef struct annals_event {
    const char *story_id;
    unsigned sentence;        /* 1-based sentence index within the story  */
    size_t sentence_start;    /* byte offsets of the sentence in the story */
    size_t sentence_end;
    const char *sentence_text;/* the sentence as it appears in the story   */
    const char *date;         /* ISO 8601 at the known precision, or NULL  */
    const char *date_precision; /* "day", "month", "year", ... or NULL     */
    const char *date_text;    /* the temporal expression used, or NULL     */
    const char *date_source;  /* "sentence", "context", "story" or NULL    */
    const char *source;       /* actor code, e.g. "SUNGOV"                 */
    const char *target;
    const char *code;         /* event code as the dictionary gives it     */
    const char *source_text;  /* matched text of the source actor          */
    const char *target_text;
    const char *verb_text;
    const char *issues;       /* "ISSUE1,ISSUE2" or NULL                   */
    const annals_cameo_info *cameo; /* NULL when the code is not in CAMEO  */
} annals_event;

typedef enum annals_sentence_status {
    ANNALS_SENT_CODED = 0,    /* coded normally (maybe with zero events)  */
    ANNALS_SENT_DISCARDED,    /* a discard phrase matched ([###])         */
    ANNALS_SENT_COMPLEX,      /* rejected as too complex ([+++])          */
    ANNALS_SENT_NULL          /* nothing to code                          */
} annals_sentence_status;

typedef struct annals_coder_options {
    annals_date_mode dates;   /* default AUTO                              */
    int no_dates;             /* 1: events get the story date only         */
    int no_split;             /* 1: each story is one sentence (TABARI
                                 records are coded whole, as TABARI does) */
    annals_diag_fn diag;
    void *diag_user;
    annals_limits limits;
} annals_coder_options;

typedef struct annals_coder annals_coder;

/* A coder borrows `dict` (which must outlive it and not change).  Several
 * coders may share one dict, one per thread. */
ANNALS_API annals_coder *annals_coder_new(const annals_dict *dict, const annals_coder_options *opt,
                                          annals_error *err);
ANNALS_API void annals_coder_free(annals_coder *c);
/* Codes one story.  Events are owned by the coder and valid until the next
 * annals_coder_code() or annals_coder_free().  `story` is borrowed. */
ANNALS_API annals_status annals_coder_code(annals_coder *c, const annals_story *story,
                                           annals_error *err);
ANNALS_API size_t annals_coder_event_count(const annals_coder *c);
ANNALS_API const annals_event *annals_coder_event(const annals_coder *c, size_t i);
ANNALS_API size_t annals_coder_sentence_count(const annals_coder *c);
/* Per-sentence information for the last coded story (i is 0-based). */
ANNALS_API annals_sentence_status annals_coder_sentence_status(const annals_coder *c, size_t i);
ANNALS_API void annals_coder_sentence_span(const annals_coder *c, size_t i, size_t *start,
                                           size_t *end);

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

typedef enum annals_output_format {
    ANNALS_OUTPUT_JSONL = 0,
    ANNALS_OUTPUT_TSV
} annals_output_format;

ANNALS_API int annals_output_format_parse(const char *name, annals_output_format *out);

typedef struct annals_writer annals_writer;

/* A writer on a stdio stream (borrowed; not closed by the writer). */
ANNALS_API annals_writer *annals_writer_new(FILE *out, annals_output_format fmt, annals_error *err);
/* Writes one event.  Output is buffered; a record is either written whole
 * or the call fails (a failed write leaves no half record in the buffer). */
ANNALS_API annals_status annals_writer_event(annals_writer *w, const annals_event *ev,
                                             annals_error *err);
/* Flushes and reports any write error (e.g. ENOSPC on /dev/full). */
ANNALS_API annals_status annals_writer_flush(annals_writer *w, annals_error *err);
ANNALS_API void annals_writer_free(annals_writer *w);

/* ------------------------------------------------------------------ */
/* Store, dyad series and report */
/* ------------------------------------------------------------------ */

/* One-sentence description of a CAMEO code (from data/cameo/cameo.tsv), or
 * NULL when `info` is NULL or not a CAMEO code.  Static storage. */
ANNALS_API const char *annals_cameo_description(const annals_cameo_info *info);

/* What the coder did with one sentence of a story: its byte span in the
 * story text (end exclusive) and its status. */
typedef struct annals_sentence_info {
    size_t start, end;
    annals_sentence_status status;
} annals_sentence_info;

/* An event store: a SQLite file, or a PostgreSQL database.  The schema
 * (docs/schema.sql) is created when missing.  Not thread-safe: one store per
 * thread.  Writes are batched: the first put() opens a transaction, commit()
 * ends it; each put() is atomic on its own (a story is stored whole or not at
 * all).  SQLite files use WAL with synchronous=NORMAL, so a killed process
 * leaves the file consistent, holding exactly the committed stories. */
typedef struct annals_store annals_store;

typedef struct annals_store_options {
    int read_only;              /* 1: open an existing store only to query it */
    unsigned busy_timeout_ms;   /* SQLite: wait for a lock; 0 = 5000 ms       */
    annals_diag_fn diag;        /* warnings; may be NULL                      */
    void *diag_user;
} annals_store_options;

/* `uri`: a file path (SQLite) or "postgresql://..." / "postgres://..."
 * (libpq connection URI).  `opt` may be NULL.  On failure returns NULL and
 * fills err with "file: message" (the path, or the URI without password). */
ANNALS_API annals_store *annals_store_open(const char *uri, const annals_store_options *opt,
                                           annals_error *err);
/* 1 when a story with this id is stored, 0 when not, -1 on error (err). */
ANNALS_API int annals_store_has_story(annals_store *s, const char *story_id, annals_error *err);
/* Stores one coded story: the story row, its sentences (`sents[i]` is
 * sentence i+1, its text is cut from story->text) and its events (borrowed;
 * a sentence an event names but `sents` lacks is stored from the event's own
 * sentence fields).  A story already stored is left alone and ANNALS_OK is
 * returned unless `replace` is 1, which replaces it and everything it had.
 * On error nothing of this story is stored; if the database had to abandon
 * the whole batch (disk full, I/O error), the message says so and every
 * story put since the last commit must be put again. */
ANNALS_API annals_status annals_store_put(annals_store *s, const annals_story *story,
                                          const annals_sentence_info *sents, size_t nsents,
                                          const annals_event *const *events, size_t nevents,
                                          int replace, annals_error *err);
/* Ends the current batch (commits it); a no-op when none is open. */
ANNALS_API annals_status annals_store_commit(annals_store *s, annals_error *err);
/* Closes the store.  An uncommitted batch is rolled back, not committed. */
ANNALS_API void annals_store_close(annals_store *s);
/* Checks the store: SQLite's integrity check, and that every story has
 * exactly the event and sentence rows it was stored with.  ANNALS_OK, or
 * ANNALS_ERR_DB naming the first problem. */
ANNALS_API annals_status annals_store_verify(annals_store *s, annals_error *err);
/* Number of stories / events stored, or -1 on error. */
ANNALS_API long long annals_store_count_stories(annals_store *s, annals_error *err);
ANNALS_API long long annals_store_count_events(annals_store *s, annals_error *err);

/* Calls fn for each stored event whose source and target match `a` and `b`
 * (either may be NULL = any actor).  Matching is by country — the first 3
 * characters of the actor code, so "SUN" matches "SUNGOV" — unless `exact`
 * is 1.  When `both_directions` is 1, events from b to a are included too.
 * Events come ordered by date (undated last), story and order in the story;
 * `ev` (with sentence_text and cameo filled) is valid during the callback
 * only.  fn returns 0 to go on, non-zero to stop early.  At most `limit`
 * events (0 = no limit). */
typedef int (*annals_event_fn)(void *user, const annals_event *ev);
ANNALS_API annals_status annals_store_foreach_event(annals_store *s, const char *a, const char *b,
                                                    int exact, int both_directions, size_t limit,
                                                    annals_event_fn fn, void *user,
                                                    annals_error *err);

typedef enum annals_period {
    ANNALS_PERIOD_YEAR = 0,    /* "1956"    */
    ANNALS_PERIOD_QUARTER,     /* "1956-Q4" */
    ANNALS_PERIOD_MONTH        /* "1956-10" */
} annals_period;

/* Parses "year", "quarter", "month". 0 ok, -1 unknown. */
ANNALS_API int annals_period_parse(const char *name, annals_period *out);

/* One period and one direction of a dyad time series. */
typedef struct annals_dyad_row {
    char period[16];             /* "1956", "1956-Q4" or "1956-10"            */
    int forward;                 /* 1: a -> b, 0: b -> a                      */
    unsigned long events;        /* all events of this period and direction   */
    unsigned long quad[4];       /* per quad class: [0] verbal cooperation,
                                    [1] material cooperation, [2] verbal
                                    conflict, [3] material conflict           */
    unsigned long scored;        /* events whose code has a Goldstein score   */
    double goldstein_sum;
    double goldstein_mean;       /* goldstein_sum / scored, 0 when none       */
    char top_code[3][8];         /* the most frequent codes ("" if fewer);
                                    ties go to the smaller code               */
    unsigned long top_count[3];
} annals_dyad_row;

/* A dyad time series.  Rows run over every period from the first to the last
 * dated event (empty periods included, so charts keep time to scale; at most
 * 12000 periods, beyond which only non-empty periods are listed), two rows
 * per period: a -> b first, then b -> a. */
typedef struct annals_dyad_series {
    char a[32], b[32];           /* the actors as asked for                   */
    annals_period by;
    int exact;
    annals_dyad_row *rows;
    size_t nrows;
    unsigned long total;         /* matching events, dated or not             */
    unsigned long undated;       /* left out: no date                         */
    unsigned long too_coarse;    /* left out: date less precise than `by`
                                    (e.g. only a year with --by month)        */
} annals_dyad_series;

/* Computes the series of a <-> b (actor codes; country level unless exact).
 * *out is freed with annals_dyad_series_free. */
ANNALS_API annals_status annals_store_dyad(annals_store *s, const char *a, const char *b,
                                           annals_period by, int exact,
                                           annals_dyad_series **out, annals_error *err);
ANNALS_API void annals_dyad_series_free(annals_dyad_series *series);

/* Writes a series as "table" (aligned text), "csv" or "json". */
typedef enum annals_dyad_format {
    ANNALS_DYAD_TABLE = 0,
    ANNALS_DYAD_CSV,
    ANNALS_DYAD_JSON
} annals_dyad_format;
ANNALS_API int annals_dyad_format_parse(const char *name, annals_dyad_format *out);
ANNALS_API annals_status annals_dyad_write(const annals_dyad_series *series, FILE *out,
                                           annals_dyad_format fmt, annals_error *err);

/* The most active undirected country pairs (or exact actor pairs), events
 * of an actor with itself left out, most events first. */
typedef struct annals_dyad_count {
    char a[32], b[32];           /* a < b in byte order                       */
    unsigned long events;
} annals_dyad_count;
ANNALS_API annals_status annals_store_top_dyads(annals_store *s, int exact, size_t n,
                                                annals_dyad_count **out, size_t *nout,
                                                annals_error *err);
/* Frees the array returned by annals_store_top_dyads. */
ANNALS_API void annals_dyad_counts_free(annals_dyad_count *counts);

/* A self-contained HTML report (inline SVG charts, inline JS, no network). */
typedef struct annals_report_options {
    const char *const *dyads;    /* "SUN-CHN" each; NULL/0 = the 3 most active */
    size_t ndyads;
    annals_period by;            /* default year                              */
    int exact;
    size_t max_events;           /* rows of the event table per dyad; 0 = 2000 */
    size_t top_dyads;            /* bars in the most-active chart; 0 = 10     */
    const char *title;           /* NULL = "annals report"                    */
} annals_report_options;
/* Writes the report to `out`.  `opt` may be NULL. */
ANNALS_API annals_status annals_report_write(annals_store *s, FILE *out,
                                             const annals_report_options *opt,
                                             annals_error *err);

/* End of: Store, dyad series and report */

#ifdef __cplusplus
}
#endif
#endif /* ANNALS_H */
