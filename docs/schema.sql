-- annals event store: the documented schema (schema version 2).
--
-- annals creates these tables when they are missing, in SQLite (a file path)
-- and in PostgreSQL (a postgresql:// URI); the statements below are the exact
-- ones it runs (a unit test keeps this file and the code in step).  The same
-- SQL is valid in both: BIGINT and DOUBLE PRECISION have integer and real
-- affinity in SQLite.  SQLite also gets PRAGMA user_version = 2.
--
-- Version 1 had the same tables and two events indexes, events_source_target
-- on (source, target) and events_date on (date).  A writer that opens a
-- version 1 store drops them and sets version 2; readers read either.
--
-- Conventions: byte offsets are into the story text (UTF-8), 0-based, end
-- exclusive; sentence indexes are 1-based, as in annals_event.sentence; a
-- story is stored whole (story row, its sentences, its events) or not at all.

-- Key/value facts about the store: schema_version ('2'), created_by.
CREATE TABLE IF NOT EXISTS annals_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The CAMEO code table annals was built with (data/cameo/cameo.tsv).
CREATE TABLE IF NOT EXISTS cameo_codes (
    code        TEXT PRIMARY KEY,            -- '057', '1823', '14'
    root        INTEGER NOT NULL,            -- 1..20
    quad        INTEGER NOT NULL CHECK (quad BETWEEN 1 AND 4),
    goldstein   DOUBLE PRECISION NOT NULL,   -- -10..10
    name        TEXT NOT NULL,
    description TEXT NOT NULL
);

-- One row per coded story; its presence means the story is complete.
CREATE TABLE IF NOT EXISTS stories (
    id          TEXT PRIMARY KEY,
    date        TEXT,                        -- 'YYYY-MM-DD' or NULL
    source_file TEXT,                        -- the input it came from
    line        BIGINT,                      -- where it starts in that input
    meta        TEXT,                        -- JSON object of other fields, or NULL
    n_sentences INTEGER NOT NULL,
    n_events    INTEGER NOT NULL,
    stored_at   TEXT NOT NULL                -- UTC, 'YYYY-MM-DDTHH:MM:SSZ'
);

-- Every sentence of a story, with what the coder did with it.
CREATE TABLE IF NOT EXISTS sentences (
    story      TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,             -- 1-based
    start_byte BIGINT NOT NULL,
    end_byte   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('coded', 'discarded', 'complex', 'null')),
    PRIMARY KEY (story, idx)
);

-- Every event, with all fields of annals_event and the CAMEO facts of its code.
CREATE TABLE IF NOT EXISTS events (
    story          TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,         -- 0-based order within the story
    sentence       INTEGER NOT NULL,         -- sentences.idx
    sentence_start BIGINT,
    sentence_end   BIGINT,
    date           TEXT,                     -- ISO 8601 at its precision, or NULL
    date_precision TEXT,                     -- 'day', 'month', 'year', ...
    date_text      TEXT,                     -- the temporal expression used
    date_source    TEXT,                     -- 'sentence', 'context', 'story'
    source         TEXT,                     -- actor codes, e.g. 'SUNGOV'
    target         TEXT,
    code           TEXT,                     -- event code as the dictionary gives it
    root           INTEGER,                  -- CAMEO facts; NULL when not CAMEO
    quad           INTEGER,
    goldstein      DOUBLE PRECISION,
    source_text    TEXT,                     -- matched text (evidence spans)
    target_text    TEXT,
    verb_text      TEXT,
    issues         TEXT,                     -- 'ISSUE1,ISSUE2' or NULL
    PRIMARY KEY (story, seq)
);

-- No secondary index.  annals selects events by country, a prefix of the
-- actor codes that no index serves, so its queries scan events (about 0.1 s
-- a dyad for 100,000 stories), while an index costs a b-tree insert for every
-- stored event (one on (source, target) makes storing into SQLite about 27%
-- dearer on 5,000 stories, more on large stores).  For your own queries you
-- may add one, e.g. CREATE INDEX my_dyads ON events (source, target); annals
-- keeps it, and annals dyad --exact uses it.
