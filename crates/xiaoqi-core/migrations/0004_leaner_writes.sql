-- Schema version 4: fewer B-trees written per graduate (a 10,000-row import writes each of them
-- 10,000 times). Nothing here changes what is stored.

-- The outbox is ordered by seq and read only in that order: no unique index on change_id (a
-- UUIDv7 made here; the server dedupes by it) and no AUTOINCREMENT bookkeeping row per change.
CREATE TABLE outbox_v4 (
    seq        INTEGER PRIMARY KEY,
    change_id  TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    changes    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO outbox_v4 SELECT seq, change_id, table_name, row_id, op, changes, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;

-- One class index serves the list's class filter and the teachers' class roll (student-number
-- order within a class and cohort).
DROP INDEX graduates_class;
DROP INDEX graduates_class_roll;
CREATE INDEX graduates_class ON graduates (college_id, class_name, cohort, student_number)
    WHERE deleted_at IS NULL;

-- graduate_facts keyed the way the statistics read it (college, cohort, program), so the table
-- is its own covering index. Triggers that remove a graduate's row name the whole key.
DROP TRIGGER graduate_facts_graduate_insert;
DROP TRIGGER graduate_facts_graduate_update;
DROP TRIGGER graduate_facts_placement_insert;
DROP TRIGGER graduate_facts_placement_update;
DROP TRIGGER graduate_facts_employer_update;
DROP TABLE graduate_facts;
CREATE TABLE graduate_facts (
    graduate_id   TEXT NOT NULL,
    college_id    TEXT NOT NULL,
    cohort        INTEGER NOT NULL,
    program_id    TEXT NOT NULL,
    certificate   INTEGER NOT NULL,
    code_list     TEXT,
    grp           TEXT,
    employed      INTEGER NOT NULL,
    in_field      INTEGER,
    salary        INTEGER,
    city          TEXT,
    industry      TEXT,
    employer_type TEXT,
    PRIMARY KEY (college_id, cohort, program_id, graduate_id)
) STRICT, WITHOUT ROWID;
INSERT INTO graduate_facts SELECT * FROM graduate_facts_source;

-- A new graduate has no placement yet (a placement's graduate must exist first).
CREATE TRIGGER graduate_facts_graduate_insert AFTER INSERT ON graduates WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO graduate_facts (graduate_id, college_id, cohort, program_id, certificate, employed)
    VALUES (NEW.id, NEW.college_id, NEW.cohort, NEW.program_id, NEW.skill_level IS NOT NULL, 0);
END;
CREATE TRIGGER graduate_facts_graduate_update
AFTER UPDATE OF cohort, program_id, skill_level, deleted_at, college_id ON graduates BEGIN
    DELETE FROM graduate_facts WHERE college_id = OLD.college_id AND cohort = OLD.cohort
        AND program_id = OLD.program_id AND graduate_id = OLD.id;
    INSERT INTO graduate_facts SELECT * FROM graduate_facts_source WHERE graduate_id = NEW.id;
END;
CREATE TRIGGER graduate_facts_graduate_delete AFTER DELETE ON graduates BEGIN
    DELETE FROM graduate_facts WHERE college_id = OLD.college_id AND cohort = OLD.cohort
        AND program_id = OLD.program_id AND graduate_id = OLD.id;
END;
-- A placement never changes its graduate's key columns: its facts row is replaced in place.
CREATE TRIGGER graduate_facts_placement_insert AFTER INSERT ON placements BEGIN
    INSERT OR REPLACE INTO graduate_facts SELECT * FROM graduate_facts_source WHERE graduate_id = NEW.graduate_id;
END;
CREATE TRIGGER graduate_facts_placement_update
AFTER UPDATE OF graduate_id, code_list, destination_code, employer_id, institution_id, in_field, salary,
    city, industry, superseded_at, deleted_at ON placements BEGIN
    INSERT OR REPLACE INTO graduate_facts SELECT * FROM graduate_facts_source
        WHERE graduate_id IN (NEW.graduate_id, OLD.graduate_id);
END;
CREATE TRIGGER graduate_facts_employer_update AFTER UPDATE OF industry, employer_type ON employers BEGIN
    INSERT OR REPLACE INTO graduate_facts SELECT * FROM graduate_facts_source
        WHERE graduate_id IN (SELECT graduate_id FROM placements
                              WHERE employer_id = NEW.id AND deleted_at IS NULL AND superseded_at IS NULL);
END;
