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
