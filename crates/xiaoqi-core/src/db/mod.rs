//! Opening the local SQLite database safely: never touch a file that is not ours or is too new.

pub mod migrations;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result};

/// Opens (creating if absent) the database at `path`, checks it, and migrates it to the latest
/// schema. A file that is not SQLite or comes from a newer schema is refused untouched.
pub fn open(path: &Path) -> Result<Connection> {
    if path.exists() {
        preflight(path)?;
    } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    }
    let mut conn = Connection::open(path).map_err(|e| CoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

/// An in-memory database at the latest schema (tests, benchmarks).
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Savepoints (one per imported row) journal in memory, not in temporary files; a big
    // import's pages stay in a 32 MB cache instead of spilling to the WAL mid-transaction.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    // Pages beyond the cache are read through a memory map rather than one read() each (a first
    // sync walks every index of a fresh 100 MB database).
    conn.pragma_update(None, "mmap_size", 268_435_456)?;
    // Lists, imports and statistics build many statement shapes; keep them prepared.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

/// Reads an existing file without writing: it must start with the SQLite header (or be empty)
/// and carry a schema version this program knows.
fn preflight(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| CoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let n = f.read(&mut header).map_err(|e| CoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(CoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| CoreError::NotADatabase {
        path: path.to_path_buf(),
    })?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|_| CoreError::NotADatabase {
            path: path.to_path_buf(),
        })?;
    let supported = migrations::latest_version();
    if version > supported {
        return Err(CoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    Ok(())
}

/// The schema version (`PRAGMA user_version`) of an open database.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}
