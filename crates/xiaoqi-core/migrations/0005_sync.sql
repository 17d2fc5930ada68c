-- Schema version 5: sync with the central server.

-- The server version of each record as this device last received it (0: never synced). A local
-- edit carries it to the server as the version it was made on. Local, never a synced column.
ALTER TABLE colleges ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE graduates ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employers ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE institutions ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE placements ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fairs ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fair_employers ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;

-- The version each outbox change was made on (see above).
ALTER TABLE outbox ADD COLUMN base_version INTEGER NOT NULL DEFAULT 0;

-- Keys two offline devices can both take (the same student number entered on two PCs) are
-- checked by the forms here and by the server across devices, which records a duplicate as a
-- conflict to resolve: a device must be able to hold both rows the server holds.
DROP INDEX programs_name_unique;
CREATE INDEX programs_name ON programs (college_id, name) WHERE deleted_at IS NULL;
DROP INDEX graduates_student_number_unique;
-- Ends in id and deleted_at so that a lookup by number is answered from the index alone (else the
-- planner prefers the covering graduates_sorted and walks the whole college).
CREATE INDEX graduates_student_number ON graduates (college_id, student_number, id, deleted_at) WHERE deleted_at IS NULL;
DROP INDEX graduates_id_number_unique;
CREATE INDEX graduates_id_number ON graduates (college_id, id_number)
    WHERE deleted_at IS NULL AND id_number IS NOT NULL;
DROP INDEX employers_credit_code_unique;
CREATE INDEX employers_credit_code ON employers (college_id, credit_code)
    WHERE deleted_at IS NULL AND credit_code IS NOT NULL;
DROP INDEX institutions_name_unique;
CREATE INDEX institutions_name_live ON institutions (college_id, name) WHERE deleted_at IS NULL;
DROP INDEX placements_current;
CREATE INDEX placements_current ON placements (graduate_id) WHERE deleted_at IS NULL AND superseded_at IS NULL;
DROP INDEX agreements_number_unique;
CREATE INDEX agreements_number ON agreements (college_id, number);
DROP INDEX fair_employers_unique;
CREATE INDEX fair_employers_pair ON fair_employers (fair_id, employer_id) WHERE deleted_at IS NULL;
DROP INDEX applications_unique;
CREATE INDEX applications_pair ON applications (position_id, graduate_id) WHERE deleted_at IS NULL;

-- Conflicts the server recorded, synced like records (see xiaoqi_protocol::tables::SYNC_CONFLICTS).
CREATE TABLE sync_conflicts (
    id           TEXT PRIMARY KEY,
    college_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    table_name   TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    column_name  TEXT,
    other_row_id TEXT,
    kept_value   TEXT,
    lost_value   TEXT,
    kept_device  TEXT,
    lost_device  TEXT,
    kept_user    TEXT,
    lost_user    TEXT,
    kept_at      TEXT,
    lost_at      TEXT,
    resolved_at  TEXT,
    resolved_by  TEXT,
    resolution   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    sync_version INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts (college_id, created_at) WHERE resolved_at IS NULL AND deleted_at IS NULL;
