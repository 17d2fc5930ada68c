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

-- Live graduates per (college, cohort, program, class), kept by triggers so a list total for any
-- of those filters is a sum over a few rows instead of a count over thousands. Derived, never synced.
CREATE TABLE graduate_counts (
    college_id TEXT NOT NULL,
    cohort     INTEGER NOT NULL,
    program_id TEXT NOT NULL,
    class_name TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (college_id, cohort, program_id, class_name)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER graduate_counts_insert AFTER INSERT ON graduates WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO graduate_counts (college_id, cohort, program_id, class_name, n)
    VALUES (NEW.college_id, NEW.cohort, NEW.program_id, coalesce(NEW.class_name, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER graduate_counts_update
AFTER UPDATE OF college_id, cohort, program_id, class_name, deleted_at ON graduates BEGIN
    UPDATE graduate_counts SET n = n - 1
    WHERE OLD.deleted_at IS NULL AND college_id = OLD.college_id AND cohort = OLD.cohort
      AND program_id = OLD.program_id AND class_name = coalesce(OLD.class_name, '');
    INSERT INTO graduate_counts (college_id, cohort, program_id, class_name, n)
    SELECT NEW.college_id, NEW.cohort, NEW.program_id, coalesce(NEW.class_name, ''), 1
    WHERE NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER graduate_counts_delete AFTER DELETE ON graduates WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE graduate_counts SET n = n - 1
    WHERE college_id = OLD.college_id AND cohort = OLD.cohort
      AND program_id = OLD.program_id AND class_name = coalesce(OLD.class_name, '');
END;

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
