-- Schema version 1: college profile, programs, graduates, outbox.
-- Every record table is sync-ready: UUIDv7 text id made on the device, college_id,
-- created_at / updated_at (RFC 3339 UTC), soft delete through deleted_at.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE colleges (
    id         TEXT PRIMARY KEY,
    college_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    code       TEXT,
    city       TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE programs (
    id           TEXT PRIMARY KEY,
    college_id   TEXT NOT NULL,
    name         TEXT NOT NULL,
    code         TEXT,
    level        TEXT NOT NULL,
    length_years INTEGER NOT NULL,
    department   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE UNIQUE INDEX programs_name_unique ON programs (college_id, name) WHERE deleted_at IS NULL;

CREATE TABLE graduates (
    id               TEXT PRIMARY KEY,
    college_id       TEXT NOT NULL,
    name             TEXT NOT NULL,
    gender           TEXT,
    student_number   TEXT NOT NULL,
    id_number        TEXT,
    phone            TEXT,
    program_id       TEXT NOT NULL REFERENCES programs (id),
    cohort           INTEGER NOT NULL,
    class_name       TEXT,
    homeroom_teacher TEXT,
    skill_level      TEXT,
    notes            TEXT,
    -- Derived from name on every write (not synced): pinyin initials and full pinyin.
    name_initials    TEXT NOT NULL DEFAULT '',
    name_pinyin      TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
) STRICT;
CREATE UNIQUE INDEX graduates_student_number_unique ON graduates (college_id, student_number) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX graduates_id_number_unique ON graduates (college_id, id_number)
    WHERE deleted_at IS NULL AND id_number IS NOT NULL;
-- List indexes end in deleted_at so that counting a filter never reads the table; search
-- indexes carry id so that a prefix search is answered from the index alone.
CREATE INDEX graduates_initials ON graduates (college_id, name_initials, id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX graduates_sorted ON graduates (college_id, name_pinyin, student_number, id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX graduates_cohort ON graduates (college_id, cohort, name_pinyin, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX graduates_class ON graduates (college_id, class_name, name_pinyin, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX graduates_program ON graduates (program_id, cohort, name_pinyin, deleted_at) WHERE deleted_at IS NULL;

-- Every change to a record table, appended in the same transaction as the change itself.
-- `changes` is a JSON object of the changed columns with their new values.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    changes    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
