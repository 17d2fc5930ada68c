//! Versioned migrations. Version N is the N-th script; `PRAGMA user_version` holds the version
//! applied. Scripts are append-only: never edit one that has shipped, add the next.

use rusqlite::Connection;

use crate::error::Result;

/// The migration scripts, in order. Index 0 is schema version 1.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_workflow.sql"),
    include_str!("../../migrations/0003_reporting.sql"),
    include_str!("../../migrations/0004_leaner_writes.sql"),
    include_str!("../../migrations/0005_sync.sql"),
    include_str!("../../migrations/0006_parties.sql"),
    include_str!("../../migrations/0007_trust.sql"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies every script above the database's version, each in its own transaction together
/// with the version bump, so a crash leaves the database at a whole version.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest_version())
}

/// Migrates up to `target` (tests build databases of every earlier version with this).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= current || version > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let c = Connection::open_in_memory().expect("memory db");
        c.pragma_update(None, "foreign_keys", "ON").expect("fk");
        c
    }

    #[test]
    fn every_migration_applies_and_leaves_a_sound_schema() {
        let mut c = fresh();
        migrate(&mut c).expect("migrate");
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(v, latest_version());
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(ok, "ok");
        let fk: i64 = c
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .expect("fk");
        assert_eq!(fk, 0);
        // Migrating again is a no-op.
        migrate(&mut c).expect("second migrate");
    }

    /// Lookups an import makes per row walk their key's index, not a whole college (a covering
    /// list index once won the planner's choice over a non-covering key index).
    #[test]
    fn lookups_by_key_use_the_key_index() {
        let mut c = fresh();
        migrate(&mut c).expect("migrate");
        for (sql, index) in [
            (
                "SELECT id FROM graduates WHERE college_id = ?1 AND student_number = ?2 AND deleted_at IS NULL",
                "graduates_student_number (college_id=? AND student_number=?)",
            ),
            (
                "SELECT name FROM graduates WHERE college_id = ?1 AND id_number = ?2 AND deleted_at IS NULL AND id IS NOT ?3",
                "graduates_id_number (college_id=? AND id_number=?)",
            ),
            (
                "SELECT id FROM employers WHERE college_id = ?1 AND credit_code = ?2 AND deleted_at IS NULL",
                "employers_credit_code (college_id=? AND credit_code=?)",
            ),
        ] {
            let n = sql.matches('?').count();
            let plan: Vec<String> = c
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .and_then(|mut s| {
                    s.query_map(rusqlite::params_from_iter(vec!["x"; n]), |r| r.get(3))?
                        .collect()
                })
                .expect("plan");
            assert!(plan.iter().any(|p| p.contains(index)), "{sql}: {plan:?}");
        }
    }

    #[test]
    fn every_record_table_is_sync_ready() {
        let mut c = fresh();
        migrate(&mut c).expect("migrate");
        for table in crate::schema::TABLES {
            let cols: Vec<(String, String)> = c
                .prepare(&format!(
                    "SELECT name, type FROM pragma_table_info('{}')",
                    table.name
                ))
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                .expect("table info");
            for needed in ["id", "college_id", "created_at", "updated_at", "deleted_at"] {
                assert!(
                    cols.iter().any(|(n, _)| n == needed),
                    "{} lacks {needed}",
                    table.name
                );
            }
            for col in table.columns {
                assert!(
                    cols.iter().any(|(n, _)| n == col),
                    "{} lacks synced column {col}",
                    table.name
                );
            }
        }
    }

    #[test]
    fn upgrades_a_database_of_every_earlier_version_keeping_its_data() {
        for start in 0..latest_version() {
            let mut c = fresh();
            migrate_to(&mut c, start).expect("old version");
            if start >= 1 {
                c.execute(
                    "INSERT INTO programs (id, college_id, name, level, length_years, created_at, updated_at)
                     VALUES ('p1', 'c1', '数控加工', '高级工', 3, 't', 't')",
                    [],
                )
                .expect("seed");
                c.execute(
                    "INSERT INTO colleges (id, college_id, name, created_at, updated_at)
                     VALUES ('c1', 'c1', '粤湾技师学院', 't', 't')",
                    [],
                )
                .expect("seed college");
            }
            if start >= 2 {
                c.execute(
                    "INSERT INTO institutions (id, college_id, name, kind, created_at, updated_at)
                     VALUES ('i1', 'c1', '松山湖材料实验室', '研究中心', 't', 't')",
                    [],
                )
                .expect("seed institution");
            }
            migrate(&mut c).expect("upgrade");
            if start >= 1 {
                let name: String = c
                    .query_row("SELECT name FROM programs WHERE id = 'p1'", [], |r| {
                        r.get(0)
                    })
                    .expect("kept");
                assert_eq!(name, "数控加工");
                // Version 6: the college's party details start empty.
                let (name, code, address, contacts): (
                    String,
                    Option<String>,
                    Option<String>,
                    String,
                ) = c
                    .query_row(
                        "SELECT name, credit_code, address, contacts FROM colleges WHERE id = 'c1'",
                        [],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .expect("college kept");
                assert_eq!(
                    (name.as_str(), code, address, contacts.as_str()),
                    ("粤湾技师学院", None, None, "[]")
                );
            }
            if start >= 2 {
                let (name, code, ok, address): (String, Option<String>, bool, Option<String>) = c
                    .query_row(
                        "SELECT name, credit_code, credit_code_ok, address FROM institutions WHERE id = 'i1'",
                        [],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .expect("institution kept");
                assert_eq!(
                    (name.as_str(), code, ok, address),
                    ("松山湖材料实验室", None, true, None)
                );
            }
        }
    }
}
