-- Schema version 7: people who sign in, and the audit log. Both local to this device, never
-- synced (a user's name travels with each of their edits, in the outbox).

-- Who may use this copy of the app. `role`: admin (users, agreements, settings, whole-value
-- exports), staff (career office), teacher (only the graduates and placements of `classes`, a
-- JSON list of class names). Passwords are argon2id PHC strings, never the password itself.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'teacher')),
    classes       TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    last_login_at TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    disabled_at   TEXT
) STRICT;
CREATE UNIQUE INDEX users_username ON users (lower(username));

-- Every change, sign-in, reveal, export, backup and restore, in order. Each entry holds the
-- hash of the one before (`prev_hash`) and its own (`hash`, SHA-256 over its fields and
-- `prev_hash`), so an edited, removed or reordered entry breaks the chain. AUTOINCREMENT keeps
-- the highest number ever given in sqlite_sequence, so entries deleted from the end show too.
-- `fields` names the columns a change touched, never their values.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    user_id    TEXT,
    user_name  TEXT NOT NULL,
    action     TEXT NOT NULL,
    table_name TEXT,
    row_id     TEXT,
    fields     TEXT NOT NULL,
    detail     TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_row ON audit_log (table_name, row_id);

-- Append-only: the app never updates or deletes an entry, and neither may anything else that
-- goes through SQLite without first dropping these triggers (which the chain then shows).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Who made each waiting change, sent with it when it syncs.
ALTER TABLE outbox ADD COLUMN user_name TEXT;
