-- Schema version 2: the graduation season's workflow — destination code lists, employers,
-- research institutions, placements, agreements, job fairs. Record tables follow the rules of
-- version 1 (UUIDv7 ids, college_id, timestamps, soft delete, written only through the store).
-- JSON columns hold small ordered lists that always change together (contacts, clauses, history).

-- The college's local minimum monthly wage (CNY), for the pay warning on flexible employment,
-- and the destination code list version new placements use.
ALTER TABLE colleges ADD COLUMN min_wage INTEGER;
ALTER TABLE colleges ADD COLUMN code_list TEXT;

-- Rules that propose the in-field (对口) flag: industries (GB/T 4754 section letters, JSON
-- array) and position keywords (JSON array) that match the program.
ALTER TABLE programs ADD COLUMN industries TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programs ADD COLUMN position_keywords TEXT NOT NULL DEFAULT '[]';

-- Destination code lists (毕业去向代码): reference data with a version, loaded from files; a
-- newer list is loaded without a new release. Not college records, so not synced from here.
CREATE TABLE code_lists (
    version    TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    loaded_at  TEXT NOT NULL
) STRICT;
CREATE TABLE destination_codes (
    version  TEXT NOT NULL REFERENCES code_lists (version),
    code     TEXT NOT NULL,
    -- the code's place in the list as published
    pos      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    grp      TEXT NOT NULL,
    -- employed: counts towards 就业率; not: 待就业 / 暂不就业.
    employed INTEGER NOT NULL,
    -- needs pay at or above the local minimum wage to count (12, 76, 271 in 2021).
    wage_rule INTEGER NOT NULL DEFAULT 0,
    -- needs an employer (contract and agreement employment).
    needs_employer INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (version, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE employers (
    id            TEXT PRIMARY KEY,
    college_id    TEXT NOT NULL,
    name          TEXT NOT NULL,
    credit_code   TEXT,
    -- 0 when the credit code fails its check digit and was saved with the warning accepted.
    credit_code_ok INTEGER NOT NULL DEFAULT 1,
    employer_type TEXT,
    industry      TEXT,
    size          TEXT,
    city          TEXT,
    address       TEXT,
    contacts      TEXT NOT NULL DEFAULT '[]',
    tags          TEXT NOT NULL DEFAULT '[]',
    notes         TEXT,
    -- Derived on every write (not synced): the name without legal-form words, for duplicates;
    -- pinyin initials and full pinyin, for search.
    name_key      TEXT NOT NULL DEFAULT '',
    name_initials TEXT NOT NULL DEFAULT '',
    name_pinyin   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE UNIQUE INDEX employers_credit_code_unique ON employers (college_id, credit_code)
    WHERE deleted_at IS NULL AND credit_code IS NOT NULL;
CREATE INDEX employers_name ON employers (college_id, name_pinyin) WHERE deleted_at IS NULL;
CREATE INDEX employers_key ON employers (college_id, name_key, deleted_at) WHERE deleted_at IS NULL;

CREATE TABLE institutions (
    id            TEXT PRIMARY KEY,
    college_id    TEXT NOT NULL,
    name          TEXT NOT NULL,
    parent_org    TEXT,
    kind          TEXT NOT NULL,
    city          TEXT,
    contacts      TEXT NOT NULL DEFAULT '[]',
    notes         TEXT,
    name_initials TEXT NOT NULL DEFAULT '',
    name_pinyin   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE UNIQUE INDEX institutions_name_unique ON institutions (college_id, name) WHERE deleted_at IS NULL;

-- A class roll in student-number order (the teachers' view), without reading other classes.
CREATE INDEX graduates_class_roll ON graduates (college_id, cohort, class_name, student_number)
    WHERE deleted_at IS NULL;

-- A graduate's destinations: the current one has superseded_at NULL; earlier ones are history.
CREATE TABLE placements (
    id               TEXT PRIMARY KEY,
    college_id       TEXT NOT NULL,
    graduate_id      TEXT NOT NULL REFERENCES graduates (id),
    code_list        TEXT NOT NULL,
    destination_code TEXT NOT NULL,
    employer_id      TEXT REFERENCES employers (id),
    institution_id   TEXT REFERENCES institutions (id),
    position_title   TEXT,
    industry         TEXT,
    city             TEXT,
    start_date       TEXT,
    salary           INTEGER,
    contract_type    TEXT,
    in_field         INTEGER,
    evidence         TEXT NOT NULL DEFAULT '[]',
    verified_by      TEXT,
    verified_at      TEXT,
    superseded_at    TEXT,
    notes            TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
) STRICT;
CREATE UNIQUE INDEX placements_current ON placements (graduate_id)
    WHERE deleted_at IS NULL AND superseded_at IS NULL;
CREATE INDEX placements_employer ON placements (employer_id) WHERE deleted_at IS NULL;
CREATE INDEX placements_institution ON placements (institution_id) WHERE deleted_at IS NULL;
CREATE INDEX placements_history ON placements (graduate_id, created_at);

CREATE TABLE agreements (
    id             TEXT PRIMARY KEY,
    college_id     TEXT NOT NULL,
    number         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    employer_id    TEXT REFERENCES employers (id),
    institution_id TEXT REFERENCES institutions (id),
    programs       TEXT NOT NULL DEFAULT '[]',
    start_date     TEXT,
    end_date       TEXT,
    clauses        TEXT NOT NULL DEFAULT '[]',
    signatories    TEXT NOT NULL DEFAULT '[]',
    status         TEXT NOT NULL,
    history        TEXT NOT NULL DEFAULT '[]',
    notes          TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
) STRICT;
-- Numbers stay unique even among deleted agreements: a number once given is never given again.
CREATE UNIQUE INDEX agreements_number_unique ON agreements (college_id, number);
CREATE INDEX agreements_employer ON agreements (employer_id) WHERE deleted_at IS NULL;
CREATE INDEX agreements_institution ON agreements (institution_id) WHERE deleted_at IS NULL;
CREATE INDEX agreements_end ON agreements (college_id, end_date) WHERE deleted_at IS NULL;

CREATE TABLE fairs (
    id         TEXT PRIMARY KEY,
    college_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    mode       TEXT NOT NULL,
    venue      TEXT,
    notes      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

-- The employers taking part in a fair, with their booth.
CREATE TABLE fair_employers (
    id          TEXT PRIMARY KEY,
    college_id  TEXT NOT NULL,
    fair_id     TEXT NOT NULL REFERENCES fairs (id),
    employer_id TEXT NOT NULL REFERENCES employers (id),
    booth       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE UNIQUE INDEX fair_employers_unique ON fair_employers (fair_id, employer_id) WHERE deleted_at IS NULL;
CREATE INDEX fair_employers_employer ON fair_employers (employer_id) WHERE deleted_at IS NULL;

CREATE TABLE positions (
    id          TEXT PRIMARY KEY,
    college_id  TEXT NOT NULL,
    fair_id     TEXT NOT NULL REFERENCES fairs (id),
    employer_id TEXT NOT NULL REFERENCES employers (id),
    title       TEXT NOT NULL,
    headcount   INTEGER NOT NULL,
    programs    TEXT NOT NULL DEFAULT '[]',
    salary_min  INTEGER,
    salary_max  INTEGER,
    city        TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX positions_fair ON positions (fair_id, employer_id) WHERE deleted_at IS NULL;
CREATE INDEX positions_employer ON positions (employer_id) WHERE deleted_at IS NULL;

CREATE TABLE applications (
    id           TEXT PRIMARY KEY,
    college_id   TEXT NOT NULL,
    position_id  TEXT NOT NULL REFERENCES positions (id),
    graduate_id  TEXT NOT NULL REFERENCES graduates (id),
    -- Copied from the position so a fair's funnel is read from one index.
    fair_id      TEXT NOT NULL REFERENCES fairs (id),
    status       TEXT NOT NULL,
    placement_id TEXT REFERENCES placements (id),
    history      TEXT NOT NULL DEFAULT '[]',
    notes        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE UNIQUE INDEX applications_unique ON applications (position_id, graduate_id) WHERE deleted_at IS NULL;
-- Ends in deleted_at so that a fair's figures are counted from the index alone.
CREATE INDEX applications_fair ON applications (fair_id, status, graduate_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX applications_graduate ON applications (graduate_id) WHERE deleted_at IS NULL;

-- A fair's figures kept by triggers (employers, positions, headcount, applications by status), so
-- the fair page reads a handful of rows instead of counting ten thousand. Derived, never synced.
CREATE TABLE fair_counts (
    fair_id TEXT NOT NULL,
    what    TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (fair_id, what)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER fair_counts_employer_insert AFTER INSERT ON fair_employers WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO fair_counts VALUES (NEW.fair_id, 'employers', 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER fair_counts_employer_update AFTER UPDATE OF fair_id, deleted_at ON fair_employers BEGIN
    UPDATE fair_counts SET n = n - 1 WHERE OLD.deleted_at IS NULL AND fair_id = OLD.fair_id AND what = 'employers';
    INSERT INTO fair_counts SELECT NEW.fair_id, 'employers', 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER fair_counts_position_insert AFTER INSERT ON positions WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO fair_counts VALUES (NEW.fair_id, 'positions', 1) ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO fair_counts VALUES (NEW.fair_id, 'headcount', NEW.headcount) ON CONFLICT DO UPDATE SET n = n + NEW.headcount;
END;
CREATE TRIGGER fair_counts_position_update AFTER UPDATE OF fair_id, headcount, deleted_at ON positions BEGIN
    UPDATE fair_counts SET n = n - 1 WHERE OLD.deleted_at IS NULL AND fair_id = OLD.fair_id AND what = 'positions';
    UPDATE fair_counts SET n = n - OLD.headcount WHERE OLD.deleted_at IS NULL AND fair_id = OLD.fair_id AND what = 'headcount';
    INSERT INTO fair_counts SELECT NEW.fair_id, 'positions', 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO fair_counts SELECT NEW.fair_id, 'headcount', NEW.headcount WHERE NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + NEW.headcount;
END;

CREATE TRIGGER fair_counts_application_insert AFTER INSERT ON applications WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO fair_counts VALUES (NEW.fair_id, 'status:' || NEW.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER fair_counts_application_update AFTER UPDATE OF fair_id, status, deleted_at ON applications BEGIN
    UPDATE fair_counts SET n = n - 1
    WHERE OLD.deleted_at IS NULL AND fair_id = OLD.fair_id AND what = 'status:' || OLD.status;
    INSERT INTO fair_counts SELECT NEW.fair_id, 'status:' || NEW.status, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
