//! Helpers shared by the core's integration tests.
#![allow(dead_code)]

use xiaoqi_core::Store;
use xiaoqi_core::model::{GraduateInput, Program, ProgramInput, TrainingLevel};

pub fn program(store: &mut Store, name: &str) -> Program {
    store
        .create_program(&ProgramInput {
            name: Some(name.into()),
            code: Some("0126-4".into()),
            level: Some(TrainingLevel::PreTechnician),
            length_years: Some(6),
            department: Some("智能制造系".into()),
            ..Default::default()
        })
        .expect("program")
}

pub fn graduate_input(name: &str, student_number: &str, program: &str) -> GraduateInput {
    GraduateInput {
        name: Some(name.into()),
        student_number: Some(student_number.into()),
        program: Some(program.into()),
        cohort: Some(2025),
        ..Default::default()
    }
}

/// Every row of every synced table, all columns, as JSON values ordered by id.
pub fn dump(conn: &rusqlite::Connection) -> Vec<(String, Vec<Vec<serde_json::Value>>)> {
    xiaoqi_core::schema::TABLES
        .iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {} ORDER BY id", t.name))
                .expect("prepare");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                                rusqlite::types::ValueRef::Integer(v) => v.into(),
                                rusqlite::types::ValueRef::Real(v) => v.into(),
                                rusqlite::types::ValueRef::Text(v) => {
                                    String::from_utf8_lossy(v).into_owned().into()
                                }
                                rusqlite::types::ValueRef::Blob(v) => format!("{v:?}").into(),
                            })
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("rows");
            (t.name.to_string(), rows)
        })
        .collect()
}

/// The trigger-kept graduate_counts agree with a count over the graduates themselves.
pub fn counts_agree(conn: &rusqlite::Connection) -> bool {
    let rows = |sql: &str| -> Vec<(String, i64, String, String, i64)> {
        conn.prepare(sql)
            .expect("prepare")
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    };
    let counted = rows(
        "SELECT college_id, cohort, program_id, coalesce(class_name, ''), count(*) FROM graduates
         WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    );
    let kept = rows(
        "SELECT college_id, cohort, program_id, class_name, n FROM graduate_counts WHERE n != 0 ORDER BY 1, 2, 3, 4",
    );
    counted == kept
}

/// The trigger-kept fair_counts agree with counts over the fairs' records themselves.
pub fn fair_counts_agree(conn: &rusqlite::Connection) -> bool {
    let rows = |sql: &str| -> Vec<(String, String, i64)> {
        conn.prepare(sql)
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    };
    let counted = rows(
        "SELECT * FROM (
            SELECT fair_id, 'employers', count(*) FROM fair_employers WHERE deleted_at IS NULL GROUP BY fair_id
            UNION ALL SELECT fair_id, 'positions', count(*) FROM positions WHERE deleted_at IS NULL GROUP BY fair_id
            UNION ALL SELECT fair_id, 'headcount', sum(headcount) FROM positions WHERE deleted_at IS NULL GROUP BY fair_id
            UNION ALL SELECT fair_id, 'status:' || status, count(*) FROM applications WHERE deleted_at IS NULL
                GROUP BY fair_id, status
         ) ORDER BY 1, 2",
    );
    let kept = rows("SELECT fair_id, what, n FROM fair_counts WHERE n != 0 ORDER BY 1, 2");
    counted == kept
}

/// The trigger-kept graduate_facts agree with the view that computes them from the records.
pub fn facts_agree(conn: &rusqlite::Connection) -> bool {
    let rows = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| Ok(format!("{:?}", r.get_ref(i)?)))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
    };
    rows("SELECT * FROM graduate_facts ORDER BY graduate_id")
        == rows("SELECT * FROM graduate_facts_source ORDER BY graduate_id")
}
