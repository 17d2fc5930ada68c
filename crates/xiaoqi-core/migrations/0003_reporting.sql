-- Schema version 3: import/export and the official statistics.

-- The employment rate (就业率) excludes further study (升学), and 其他录用形式就业 (12) names an
-- employer like 10, 11 and 271: the shipped 2021 list as first loaded said otherwise.
UPDATE destination_codes SET employed = 0 WHERE version = '2021' AND code IN ('801', '802', '85');
UPDATE destination_codes SET needs_employer = 1 WHERE version = '2021' AND code = '12';

-- Exports of personal data are logged (PIPL): what, how many rows, whether ID numbers and
-- phones were written whole, to which file and by whom. Local to this device, never synced.
CREATE TABLE export_log (
    id          TEXT PRIMARY KEY,
    college_id  TEXT NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    whole_ids   INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    operator    TEXT
);
CREATE INDEX export_log_at ON export_log (college_id, at);

-- Each live graduate's figures for the statistics: the cohort's report reads one covering
-- index range instead of joining placements, codes and employers per graduate. Kept by the
-- triggers below from the records (also when changes are replayed), never written directly.
-- `city` is the work city as compared: no spaces, no province, no trailing 市.
CREATE TABLE graduate_facts (
    graduate_id   TEXT PRIMARY KEY,
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
    employer_type TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX graduate_facts_cohort ON graduate_facts (college_id, cohort, program_id, grp, employed,
    in_field, salary, certificate, code_list, city, industry, employer_type);

CREATE VIEW graduate_facts_source AS
SELECT g.id AS graduate_id, g.college_id, g.cohort, g.program_id, g.skill_level IS NOT NULL AS certificate,
       pl.code_list, d.grp, coalesce(d.employed, 0) AS employed, pl.in_field, pl.salary,
       nullif(rtrim(CASE WHEN instr(replace(replace(trim(pl.city), ' ', ''), '　', ''), '省') > 1
                         THEN substr(replace(replace(trim(pl.city), ' ', ''), '　', ''), instr(replace(replace(trim(pl.city), ' ', ''), '　', ''), '省') + 1)
                         ELSE replace(replace(trim(pl.city), ' ', ''), '　', '') END, '市'), '') AS city,
       coalesce(pl.industry, e.industry) AS industry,
       CASE WHEN pl.institution_id IS NOT NULL AND pl.employer_id IS NULL THEN 'institution'
            ELSE e.employer_type END AS employer_type
FROM graduates g
LEFT JOIN placements pl ON pl.graduate_id = g.id AND pl.deleted_at IS NULL AND pl.superseded_at IS NULL
LEFT JOIN destination_codes d ON d.version = pl.code_list AND d.code = pl.destination_code
LEFT JOIN employers e ON e.id = pl.employer_id
WHERE g.deleted_at IS NULL;

INSERT INTO graduate_facts SELECT * FROM graduate_facts_source;

-- A new graduate has no placement yet (a placement's graduate must exist first).
CREATE TRIGGER graduate_facts_graduate_insert AFTER INSERT ON graduates WHEN NEW.deleted_at IS NULL BEGIN
    INSERT OR REPLACE INTO graduate_facts (graduate_id, college_id, cohort, program_id, certificate, employed)
    VALUES (NEW.id, NEW.college_id, NEW.cohort, NEW.program_id, NEW.skill_level IS NOT NULL, 0);
END;
CREATE TRIGGER graduate_facts_graduate_update
AFTER UPDATE OF cohort, program_id, skill_level, deleted_at, college_id ON graduates BEGIN
    DELETE FROM graduate_facts WHERE graduate_id = NEW.id;
    INSERT INTO graduate_facts SELECT * FROM graduate_facts_source WHERE graduate_id = NEW.id;
END;
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
