//! Upgrades: a database made by every earlier schema version (`tests/fixtures/schema-vN.db`,
//! committed, made by `fixtures/fill.rs`) opens with the real `Store::open` on a real file, at
//! the latest version, with every record as it was — read back field by field through the
//! store — the derived tables agreeing with the records, the outbox still syncable, the
//! statistics computable. A database from a newer version is refused, untouched.
//!
//! A missing fixture fails `a_fixture_exists_for_every_earlier_schema_version`; run it with
//! `XIAOQI_UPDATE_FIXTURES=1` to make the missing ones (see `tests/fixtures/README.md`).

mod common;
#[path = "fixtures/fill.rs"]
mod fill;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use sha2::{Digest, Sha256};

use xiaoqi_core::model::{
    AgreementQuery, FairItemQuery, GraduateInput, GraduateQuery, PartnerQuery, PlacementInput,
};
use xiaoqi_core::replica::Keep;
use xiaoqi_core::stats::StatsFilter;
use xiaoqi_core::{CoreError, Store, change, db, outbox, schema};

fn latest() -> i64 {
    db::migrations::latest_version()
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture(version: i64) -> PathBuf {
    fixtures_dir().join(format!("schema-v{version}.db"))
}

/// The versions of the fixtures in the repository, oldest first.
fn fixtures() -> Vec<i64> {
    let mut out: Vec<i64> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_prefix("schema-v")?
                .strip_suffix(".db")?
                .parse()
                .ok()
        })
        .collect();
    out.sort_unstable();
    out
}

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read");
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fixture opened read-only: nothing, not even a journal, is written beside it.
fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open read-only")
}

/// A copy of fixture `version` in a new temporary directory.
fn copy(version: i64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("xiaoqi.db");
    std::fs::copy(fixture(version), &path).expect("copy fixture");
    (dir, path)
}

type Row = BTreeMap<String, Value>;

struct Table {
    columns: Vec<String>,
    rows: Vec<Row>,
}

/// Every table (but SQLite's own) with all its rows, as JSON values.
fn snapshot(conn: &Connection) -> BTreeMap<String, Table> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    names
        .into_iter()
        .map(|name| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1"))
                .expect("select");
            let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
            let rows = stmt
                .query_map([], |r| {
                    let mut row = Row::new();
                    for (i, c) in columns.iter().enumerate() {
                        row.insert(c.clone(), json_of(r.get_ref(i)?));
                    }
                    Ok(row)
                })
                .expect("rows")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("rows");
            (name, Table { columns, rows })
        })
        .collect()
}

fn json_of(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(format!("blob:{b:02x?}")),
    }
}

fn text<'a>(row: &'a Row, col: &str) -> &'a str {
    row.get(col).and_then(Value::as_str).unwrap_or_default()
}

fn live(row: &Row) -> bool {
    row.get("deleted_at").is_none_or(Value::is_null)
}

/// Tables derived from the records (checked by their agreement with the records instead).
const DERIVED: [&str; 3] = ["graduate_counts", "graduate_facts", "fair_counts"];

/// Columns of a record the store never returns: the college every row carries, the deletion
/// (a deleted record is not found), the server version, the search keys derived from the name.
fn internal(table: &str, column: &str) -> bool {
    matches!(column, "college_id" | "deleted_at" | "sync_version")
        || (matches!(table, "graduates" | "employers" | "institutions")
            && matches!(column, "name_initials" | "name_pinyin"))
        || (table == "employers" && column == "name_key")
}

/// Drops null members of objects, at any depth (an absent optional field and a null one are
/// the same value).
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// A stored value and what the store returns for it are the same: an integer flag and a
/// boolean, a JSON list's text and the list.
fn same(stored: &Value, read: &Value) -> bool {
    match (stored, read) {
        (Value::Number(n), Value::Bool(b)) => n.as_i64() == Some(i64::from(*b)),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(s), Value::Array(_) | Value::Object(_)) => serde_json::from_str(s)
            .is_ok_and(|parsed: Value| without_nulls(parsed) == without_nulls(read.clone())),
        (a, b) => a == b,
    }
}

fn to_json<T: serde::Serialize>(r: xiaoqi_core::Result<T>) -> xiaoqi_core::Result<Value> {
    r.map(|v| serde_json::to_value(v).expect("json"))
}

/// One record as the current store returns it.
fn read(store: &Store, table: &str, id: &str) -> xiaoqi_core::Result<Value> {
    match table {
        "colleges" => {
            assert_eq!(id, store.college_id(), "the college's id");
            to_json(store.college())
        }
        "programs" => to_json(store.program(id)),
        "graduates" => to_json(store.graduate(id)),
        "employers" => to_json(store.employer(id)),
        "institutions" => to_json(store.institution(id)),
        "placements" => to_json(store.placement(id)),
        "agreements" => to_json(store.agreement(id)),
        "fairs" => to_json(store.fair(id)),
        "fair_employers" => to_json(store.fair_employer(id)),
        "positions" => to_json(store.position(id)),
        "applications" => to_json(store.application(id)),
        other => {
            panic!("the upgrade test does not know how the store reads {other}: add it to `read`")
        }
    }
}

/// Every row of every table the fixture has is in the upgraded database with the values it had
/// (columns added since may hold anything). `meta` may gain keys.
fn rows_are_kept(version: i64, before: &BTreeMap<String, Table>, after: &BTreeMap<String, Table>) {
    for (name, old) in before {
        if DERIVED.contains(&name.as_str()) || name == "destination_codes" {
            continue;
        }
        let new = after
            .get(name)
            .unwrap_or_else(|| panic!("v{version}: table {name} is gone"));
        for c in &old.columns {
            assert!(
                new.columns.contains(c),
                "v{version}: column {name}.{c} is gone"
            );
        }
        let project = |t: &Table| -> Vec<String> {
            let mut rows: Vec<String> = t
                .rows
                .iter()
                .map(|r| {
                    let kept: Row = old
                        .columns
                        .iter()
                        .map(|c| (c.clone(), r[c].clone()))
                        .collect();
                    serde_json::to_string(&kept).expect("json")
                })
                .collect();
            rows.sort();
            rows
        };
        let (was, is) = (project(old), project(new));
        if name == "meta" {
            for row in &was {
                assert!(is.contains(row), "v{version}: meta lost {row}");
            }
        } else {
            assert_eq!(
                was, is,
                "v{version}: the rows of {name} changed in the upgrade"
            );
        }
    }
}

/// Every live record reads back through the store field by field; a deleted one is not found;
/// every stored column is read back (or is internal, see [`internal`]).
fn records_read_back(version: i64, store: &Store, before: &BTreeMap<String, Table>) {
    for def in schema::TABLES {
        let Some(table) = before.get(def.name) else {
            continue;
        };
        if def.name == schema::SYNC_CONFLICTS.name {
            continue; // conflicts_read_back
        }
        assert!(
            table.rows.iter().any(live),
            "v{version}: the fixture has no live {}",
            def.name
        );
        let mut compared = BTreeSet::new();
        for row in &table.rows {
            let id = text(row, "id");
            let got = read(store, def.name, id);
            if !live(row) {
                assert!(
                    matches!(got, Err(CoreError::NotFound { .. })),
                    "v{version}: deleted {} {id} reads as {got:?}",
                    def.name
                );
                continue;
            }
            let got = got.unwrap_or_else(|e| panic!("v{version}: {} {id}: {e}", def.name));
            for (col, stored) in row {
                let Some(value) = got.get(col) else { continue };
                assert!(
                    same(stored, value),
                    "v{version}: {} {id}: {col} was {stored}, the store reads {value}",
                    def.name
                );
                compared.insert(col.clone());
            }
            match def.name {
                "graduates" => {
                    let program = before["programs"]
                        .rows
                        .iter()
                        .find(|p| text(p, "id") == text(row, "program_id"))
                        .expect("program");
                    assert_eq!(
                        got["program"], program["name"],
                        "v{version}: {id}'s program"
                    );
                }
                "placements" => {
                    assert_eq!(
                        got["current"],
                        Value::Bool(row["superseded_at"].is_null()),
                        "v{version}: placement {id} current"
                    );
                }
                _ => {}
            }
        }
        for c in &table.columns {
            assert!(
                compared.contains(c) || internal(def.name, c),
                "v{version}: {}.{c} is never read back through the store",
                def.name
            );
        }
    }

    let live_ids = |t: &str| -> BTreeSet<String> {
        before.get(t).map_or_else(BTreeSet::new, |t| {
            t.rows
                .iter()
                .filter(|r| live(r))
                .map(|r| text(r, "id").to_string())
                .collect()
        })
    };
    let ids = |v: Vec<Value>| -> BTreeSet<String> {
        v.iter()
            .map(|r| r["id"].as_str().expect("id").to_string())
            .collect()
    };
    let list = |v: Value| -> Vec<Value> { v.as_array().cloned().expect("list") };
    // The lists (their totals come from the trigger-kept counts).
    let graduates = store
        .graduates(&GraduateQuery::default())
        .expect("graduates");
    assert_eq!(graduates.total as usize, live_ids("graduates").len());
    assert_eq!(
        ids(list(serde_json::to_value(graduates.items).expect("json"))),
        live_ids("graduates")
    );
    assert_eq!(
        ids(list(
            serde_json::to_value(store.programs().expect("programs")).expect("json")
        )),
        live_ids("programs")
    );
    if version >= 2 {
        let all = PartnerQuery {
            limit: Some(1000),
            ..Default::default()
        };
        let employers = store.employers(&all).expect("employers");
        assert_eq!(
            ids(list(serde_json::to_value(employers.items).expect("json"))),
            live_ids("employers")
        );
        let institutions = store.institutions(&all).expect("institutions");
        assert_eq!(
            ids(list(
                serde_json::to_value(institutions.items).expect("json")
            )),
            live_ids("institutions")
        );
        let agreements = store
            .agreements(&AgreementQuery::default())
            .expect("agreements");
        assert_eq!(
            ids(list(serde_json::to_value(agreements).expect("json"))),
            live_ids("agreements")
        );
        assert_eq!(
            ids(list(
                serde_json::to_value(store.fairs().expect("fairs")).expect("json")
            )),
            live_ids("fairs")
        );
        let everything = FairItemQuery {
            limit: Some(1000),
            ..Default::default()
        };
        let positions = store.positions(&everything).expect("positions");
        assert_eq!(
            ids(list(serde_json::to_value(positions.items).expect("json"))),
            live_ids("positions")
        );
        let applications = store.applications(&everything).expect("applications");
        assert_eq!(
            ids(list(
                serde_json::to_value(applications.items).expect("json")
            )),
            live_ids("applications")
        );
        // Each graduate's current destination is the live one not superseded.
        for g in live_ids("graduates") {
            let current = before["placements"]
                .rows
                .iter()
                .find(|p| live(p) && text(p, "graduate_id") == g && p["superseded_at"].is_null())
                .map(|p| text(p, "id").to_string());
            assert_eq!(
                store.current_placement_id(&g).expect("current"),
                current,
                "v{version}: {g}'s current placement"
            );
        }
    }
}

/// A fair's figures as the store reads them equal the counts of its records.
fn fair_figures_agree(version: i64, store: &Store, before: &BTreeMap<String, Table>) {
    let Some(fairs) = before.get("fairs") else {
        return;
    };
    let count = |t: &str, fair: &str, pick: &dyn Fn(&Row) -> bool| -> i64 {
        before[t]
            .rows
            .iter()
            .filter(|r| live(r) && text(r, "fair_id") == fair && pick(r))
            .count() as i64
    };
    for f in fairs.rows.iter().filter(|r| live(r)) {
        let fair = text(f, "id");
        let headcount: i64 = before["positions"]
            .rows
            .iter()
            .filter(|r| live(r) && text(r, "fair_id") == fair)
            .map(|r| r["headcount"].as_i64().expect("headcount"))
            .sum();
        let status = |s: &'static str| move |r: &Row| text(r, "status") == s;
        let expected = serde_json::json!({
            "employers": count("fair_employers", fair, &|_| true),
            "positions": count("positions", fair, &|_| true),
            "headcount": headcount,
            "resumes": count("applications", fair, &|_| true),
            "intentions": count("applications", fair, &status("意向"))
                + count("applications", fair, &status("已签约")),
            "signings": count("applications", fair, &status("已签约")),
        });
        let got = serde_json::to_value(store.fair_figures(fair).expect("figures")).expect("json");
        assert_eq!(got, expected, "v{version}: the figures of fair {fair}");
        assert!(
            expected["signings"].as_i64() > Some(0),
            "the fixture has a signing"
        );
    }
}

/// Conflicts read back with their two sides, this device's side as local.
fn conflicts_read_back(version: i64, store: &Store, before: &BTreeMap<String, Table>) {
    let Some(table) = before.get("sync_conflicts") else {
        return;
    };
    let device = store.device_id().expect("device");
    let got: BTreeMap<String, Value> = store
        .conflicts(true)
        .expect("conflicts")
        .into_iter()
        .map(|c| (c.id.clone(), serde_json::to_value(c).expect("json")))
        .collect();
    assert!(
        table.rows.iter().any(|r| r["resolved_at"].is_null()),
        "an open conflict"
    );
    for row in table.rows.iter().filter(|r| live(r)) {
        let id = text(row, "id");
        let c = got
            .get(id)
            .unwrap_or_else(|| panic!("v{version}: conflict {id} is gone"));
        for (field, col) in [
            ("id", "id"),
            ("kind", "kind"),
            ("table", "table_name"),
            ("row_id", "row_id"),
            ("column", "column_name"),
            ("other_row_id", "other_row_id"),
            ("created_at", "created_at"),
            ("resolved_at", "resolved_at"),
            ("resolved_by", "resolved_by"),
            ("resolution", "resolution"),
        ] {
            assert_eq!(c[field], row[col], "v{version}: conflict {id}: {col}");
        }
        let (kept, lost) = if c["local"]["current"] == Value::Bool(true) {
            (&c["local"], &c["remote"])
        } else {
            (&c["remote"], &c["local"])
        };
        for (side, prefix) in [(kept, "kept"), (lost, "lost")] {
            for part in ["value", "device", "user", "at"] {
                assert_eq!(
                    side[part],
                    row[&format!("{prefix}_{part}")],
                    "v{version}: conflict {id}: {prefix}_{part}"
                );
            }
        }
        if row["kept_device"] == device.as_str() || row["lost_device"] == device.as_str() {
            assert_eq!(c["local"]["device"], Value::from(device.as_str()));
        }
        assert!(
            c["record"].is_string(),
            "v{version}: conflict {id} names its record"
        );
    }
}

/// The sync state (device, server, cursor, acknowledged mutations) reads back from `meta`.
fn sync_state_reads_back(version: i64, store: &Store, before: &BTreeMap<String, Table>) {
    let meta: BTreeMap<&str, &str> = before["meta"]
        .rows
        .iter()
        .map(|r| (text(r, "key"), text(r, "value")))
        .collect();
    assert_eq!(meta.get("college_id"), Some(&store.college_id()));
    let state = store.sync_state().expect("sync state");
    assert_eq!(state.pending as usize, before["outbox"].rows.len());
    if version < 5 {
        assert_eq!(state.bound_college, None);
        assert_eq!(state.version, 0);
        return;
    }
    let m = |k: &str| meta.get(k).map(|v| (*v).to_string());
    assert_eq!(Some(state.device_id.clone()), m("sync_device"));
    assert_eq!(state.bound_college, m("sync_college"));
    assert_eq!(state.server, m("sync_server"));
    assert_eq!(state.has_token, meta.contains_key("sync_token"));
    assert_eq!(state.user, m("sync_user"));
    assert_eq!(state.last_synced_at, m("sync_last_synced"));
    assert_eq!(Some(state.version.to_string()), m("sync_version"));
    assert_eq!(state.role, m("sync_role"));
    let open = before["sync_conflicts"]
        .rows
        .iter()
        .filter(|r| live(r) && r["resolved_at"].is_null())
        .count();
    assert_eq!(state.open_conflicts as usize, open);
    assert_eq!(
        Some(store.sync_acked().expect("acked").to_string()),
        m("sync_acked")
    );
    let cursor: Value = serde_json::from_str(meta["sync_cursor"]).expect("cursor");
    assert_eq!(
        serde_json::to_value(store.sync_cursor().expect("cursor")).expect("json"),
        cursor
    );
}

/// The outbox goes up as it was written: one mutation per entry, numbered after the last
/// acknowledged one, with the entry's change, time and base version, and only tables and
/// columns the sync contract knows.
fn outbox_is_syncable(version: i64, store: &Store, before: &BTreeMap<String, Table>) {
    let rows = &before["outbox"].rows;
    assert!(
        !rows.is_empty(),
        "v{version}: the fixture has waiting changes"
    );
    let acked = store.sync_acked().expect("acked");
    let user = before["meta"]
        .rows
        .iter()
        .find(|r| text(r, "key") == "sync_user")
        .map(|r| text(r, "value").to_string());
    let mutations = store.outgoing(100_000).expect("outgoing");
    assert_eq!(
        mutations.len(),
        rows.len(),
        "v{version}: one mutation per entry"
    );
    for (i, (m, r)) in mutations.iter().zip(rows).enumerate() {
        let at = format!("v{version}: outbox entry {}", r["seq"]);
        assert_eq!(m.id, acked + i as u64 + 1, "{at}: mutation id");
        assert_eq!(m.change_id, text(r, "change_id"), "{at}");
        assert_eq!(m.table, text(r, "table_name"), "{at}");
        assert_eq!(m.row_id, text(r, "row_id"), "{at}");
        assert_eq!(serde_json::to_value(m.op).expect("op"), r["op"], "{at}");
        let columns: BTreeMap<String, Value> =
            serde_json::from_str(text(r, "changes")).expect("changes");
        assert_eq!(m.columns, columns, "{at}: columns");
        assert_eq!(m.at, text(r, "created_at"), "{at}");
        assert_eq!(
            m.base_version as i64,
            r.get("base_version").and_then(Value::as_i64).unwrap_or(0),
            "{at}: base version"
        );
        let by = r
            .get("user_name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| user.clone());
        assert_eq!(m.user, by, "{at}: user");
        let def = schema::table(&m.table).unwrap_or_else(|| panic!("{at}: unknown table"));
        for c in m.columns.keys() {
            assert!(
                def.has_column(c),
                "{at}: {} has no synced column {c}",
                m.table
            );
        }
    }
}

/// The synced tables as rows of JSON, without the columns derived from names (recomputed by
/// whichever pinyin rules are current).
fn records(conn: &Connection) -> BTreeMap<String, Vec<Row>> {
    let all = snapshot(conn);
    schema::TABLES
        .iter()
        .map(|t| {
            let rows = all[t.name]
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .filter(|(c, _)| {
                            !matches!(c.as_str(), "name_initials" | "name_pinyin" | "name_key")
                        })
                        .map(|(c, v)| (c.clone(), v.clone()))
                        .collect()
                })
                .collect();
            (t.name.to_string(), rows)
        })
        .collect()
}

/// The official statistics of every cohort equal the counts of the records.
fn statistics_agree(version: i64, store: &Store) {
    let conn = store.connection();
    let cohorts: Vec<i32> = conn
        .prepare("SELECT DISTINCT cohort FROM graduates WHERE deleted_at IS NULL ORDER BY cohort")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("cohorts");
    assert!(!cohorts.is_empty());
    for cohort in cohorts {
        let (graduates, employed, further, awaiting, certificates): (u32, u32, u32, u32, u32) = conn
            .query_row(
                "SELECT count(*),
                        coalesce(sum(d.grp IN ('协议和合同就业', '灵活就业', '创业')), 0),
                        coalesce(sum(d.grp = '升学'), 0),
                        coalesce(sum(d.grp IS NULL OR d.grp IN ('待就业', '未就业')), 0),
                        coalesce(sum(g.skill_level IS NOT NULL), 0)
                 FROM graduates g
                 LEFT JOIN placements p ON p.graduate_id = g.id AND p.deleted_at IS NULL
                      AND p.superseded_at IS NULL
                 LEFT JOIN destination_codes d ON d.version = p.code_list AND d.code = p.destination_code
                 WHERE g.deleted_at IS NULL AND g.cohort = ?1",
                [cohort],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("counts");
        let report = store
            .employment_report(Some(cohort), None)
            .expect("employment report");
        let c = &report.counts;
        assert_eq!(
            (
                report.graduates,
                c.employed,
                c.further_study,
                c.awaiting,
                c.certificates
            ),
            (graduates, employed, further, awaiting, certificates),
            "v{version}: the {cohort} cohort's figures"
        );
        let behind = store
            .graduates_behind(&StatsFilter {
                cohort: Some(cohort),
                employed: true,
                ..Default::default()
            })
            .expect("graduates behind");
        assert_eq!(
            behind.len() as u32,
            employed,
            "v{version}: the graduates behind the rate"
        );
        store.compliance_report(cohort).expect("compliance check");
    }
    store.partner_outcomes(None).expect("partner outcomes");
}

fn derived_tables_agree(version: i64, conn: &Connection) {
    assert!(
        common::counts_agree(conn),
        "v{version}: graduate_counts drifted"
    );
    assert!(
        common::fair_counts_agree(conn),
        "v{version}: fair_counts drifted"
    );
    assert!(
        common::facts_agree(conn),
        "v{version}: graduate_facts drifted"
    );
}

fn sound(version: i64, conn: &Connection) {
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(ok, "ok", "v{version}");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk");
    assert_eq!(fk, 0, "v{version}: dangling references");
    assert_eq!(
        db::schema_version(conn).expect("version"),
        latest(),
        "v{version}"
    );
}

/// Upgrades a copy of fixture `version` and checks everything it held.
fn upgrade(version: i64) {
    let (_dir, path) = copy(version);
    let before = snapshot(&read_only(&path));
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("v{version}: {e}"));
    sound(version, store.connection());
    rows_are_kept(version, &before, &snapshot(store.connection()));
    records_read_back(version, &store, &before);
    fair_figures_agree(version, &store, &before);
    conflicts_read_back(version, &store, &before);
    sync_state_reads_back(version, &store, &before);
    outbox_is_syncable(version, &store, &before);
    derived_tables_agree(version, store.connection());
    statistics_agree(version, &store);
    // The code list as shipped now, with migration 3's corrections where it was loaded before.
    let shipped: xiaoqi_core::model::CodeList =
        serde_json::from_str(xiaoqi_core::store::BUILTIN_CODE_LIST).expect("list");
    assert_eq!(
        store
            .destination_codes(Some(&shipped.version))
            .expect("codes"),
        shipped.codes,
        "v{version}: the shipped code list"
    );

    // It is a working database: an edit joins the outbox after the old entries, with the
    // version its row was at; a destination is recorded; conflicts resolve.
    let pending = store.pending_changes().expect("pending");
    let g = before["graduates"]
        .rows
        .iter()
        .find(|r| live(r))
        .expect("a graduate");
    let gid = text(g, "id");
    store
        .update_graduate(
            gid,
            &GraduateInput {
                phone: Some("13711112222".into()),
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("v{version}: edit: {e}"));
    let last = store
        .outgoing(100_000)
        .expect("outgoing")
        .pop()
        .expect("the edit");
    assert_eq!(
        (last.table.as_str(), last.row_id.as_str()),
        ("graduates", gid)
    );
    assert_eq!(
        last.base_version as i64,
        g.get("sync_version").and_then(Value::as_i64).unwrap_or(0)
    );
    assert_eq!(store.pending_changes().expect("pending"), pending + 1);
    let waiting = before["graduates"]
        .rows
        .iter()
        .filter(|r| live(r))
        .find(|r| {
            store
                .current_placement_id(text(r, "id"))
                .expect("current")
                .is_none()
        })
        .expect("a graduate without a destination");
    store
        .record_placement(&PlacementInput {
            graduate_id: Some(text(waiting, "id").to_string()),
            destination_code: Some("70".into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("v{version}: placement: {e}"));
    if let Some(conflicts) = before.get("sync_conflicts") {
        for c in conflicts.rows.iter().filter(|r| r["resolved_at"].is_null()) {
            store
                .resolve_conflict(text(c, "id"), Keep::Local)
                .unwrap_or_else(|e| panic!("v{version}: resolve: {e}"));
        }
        assert_eq!(store.sync_state().expect("state").open_conflicts, 0);
    }
    derived_tables_agree(version, store.connection());
    sound(version, store.connection());

    // Never synced: the outbox holds every change since the database was made, and replaying it
    // onto an empty database reproduces every record.
    let synced = before["meta"]
        .rows
        .iter()
        .any(|r| text(r, "key") == "sync_acked");
    if !synced {
        let mut replica = db::open_in_memory().expect("replica");
        let tx = replica.transaction().expect("tx");
        for e in outbox::entries(store.connection()).expect("entries") {
            change::apply(&tx, &e.change).expect("apply");
        }
        tx.commit().expect("commit");
        assert!(
            records(store.connection()) == records(&replica),
            "v{version}: replaying the outbox does not reproduce the records"
        );
        assert!(common::counts_agree(&replica));
        assert!(common::fair_counts_agree(&replica));
    }
    // The server takes everything: the outbox empties.
    let acked = store.sync_acked().expect("acked");
    let n = store.pending_changes().expect("pending") as u64;
    assert_eq!(store.acknowledge(acked + n).expect("acknowledge"), n);
    assert_eq!(store.pending_changes().expect("pending"), 0);
}

#[test]
fn a_fixture_exists_for_every_earlier_schema_version() {
    let make = std::env::var_os("XIAOQI_UPDATE_FIXTURES").is_some();
    let mut missing = Vec::new();
    for v in 1..latest() {
        let path = fixture(v);
        if path.exists() {
            continue;
        }
        if make {
            fill::make(&path, v);
            eprintln!("made {}", path.display());
        } else {
            missing.push(v);
        }
    }
    assert!(
        missing.is_empty(),
        "no fixture of schema version(s) {missing:?} in tests/fixtures: make them with \
         `XIAOQI_UPDATE_FIXTURES=1 cargo test -p xiaoqi-core --test upgrades` (after teaching \
         tests/fixtures/fill.rs the tables of each version; see tests/fixtures/README.md) and \
         commit them"
    );
}

#[test]
fn every_fixture_is_a_small_filled_database_of_its_version() {
    let versions = fixtures();
    assert!(!versions.is_empty());
    for v in versions {
        let path = fixture(v);
        assert!(
            v <= latest(),
            "{} is of schema version {v}, this build knows {}",
            path.display(),
            latest()
        );
        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.len() <= 256 * 1024, "v{v}: {} bytes", bytes.len());
        // Rollback journal, not WAL: opening it never writes a -wal or -shm file beside it.
        assert_eq!(
            (bytes[18], bytes[19]),
            (1, 1),
            "v{v}: not in rollback-journal mode"
        );
        for ext in ["db-wal", "db-shm", "db-journal", "db.partial"] {
            assert!(!path.with_extension(ext).exists(), "v{v}: a .{ext} file");
        }
        let conn = read_only(&path);
        assert_eq!(db::schema_version(&conn).expect("version"), v);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity");
        assert_eq!(ok, "ok", "v{v}");
        // Every table of the version holds rows, so that the upgrade test sees each one.
        for (name, table) in snapshot(&conn) {
            assert!(!table.rows.is_empty(), "v{v}: table {name} is empty");
        }
    }
}

#[test]
fn every_fixture_upgrades_with_every_record_kept() {
    let versions = fixtures();
    assert!(
        (1..latest()).all(|v| versions.contains(&v)),
        "fixtures {versions:?}"
    );
    for v in versions {
        let hash = sha256(&fixture(v));
        upgrade(v);
        assert_eq!(sha256(&fixture(v)), hash, "fixture v{v} was modified");
    }
}

#[test]
fn opening_an_upgraded_database_again_changes_nothing() {
    for v in fixtures() {
        let (_dir, path) = copy(v);
        let state = |path: &Path| {
            let store = Store::open(path).unwrap_or_else(|e| panic!("v{v}: {e}"));
            // Reading the sync state makes the device id, once.
            store.sync_state().expect("sync state");
            let conn = store.connection();
            let schema: Vec<(String, Option<String>)> = conn
                .prepare("SELECT name, sql FROM sqlite_master ORDER BY type, name")
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                .expect("schema");
            let tables: BTreeMap<String, Vec<String>> = snapshot(conn)
                .into_iter()
                .map(|(name, t)| {
                    let rows = t
                        .rows
                        .iter()
                        .map(|r| serde_json::to_string(r).expect("json"))
                        .collect();
                    (name, rows)
                })
                .collect();
            (db::schema_version(conn).expect("version"), schema, tables)
        };
        let first = state(&path);
        let second = state(&path);
        assert_eq!(first.0, latest());
        assert!(
            first == second,
            "v{v}: the second open changed the database"
        );
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let newest = *fixtures().last().expect("a fixture");
    let (dir, path) = copy(newest);
    let newer = latest() + 1;
    Connection::open(&path)
        .and_then(|c| c.pragma_update(None, "user_version", newer))
        .expect("newer");
    let hash = sha256(&path);
    let err = match Store::open(&path) {
        Ok(_) => panic!("a newer database was opened"),
        Err(e) => e,
    };
    match &err {
        CoreError::SchemaTooNew {
            path: p,
            found,
            supported,
        } => {
            assert_eq!(
                (p.as_path(), *found, *supported),
                (path.as_path(), newer, latest())
            );
        }
        other => panic!("refused as {other:?}"),
    }
    assert_eq!(err.code(), "error.schema_too_new");
    let message = err.to_string();
    for part in [
        "更新版本的校企通",
        "请先升级",
        "文件未作任何改动",
        &path.display().to_string(),
        &newer.to_string(),
        &latest().to_string(),
    ] {
        assert!(message.contains(part), "{message}: lacks {part}");
    }
    assert_eq!(sha256(&path), hash, "the newer file was modified");
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["xiaoqi.db"], "nothing was written beside it");
}
