//! `import`, `template`, `export` and `report` through the built binary: the JSON shapes and
//! exit codes scripts rely on, and an import killed halfway that leaves nothing behind.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{Db, db, fails, json, stdout, xiaoqi};
use serde_json::Value;
use xiaoqi_core::validate::id_number::id_check_char;

const PROGRAM: &str = r#"{"name":"工业机器人应用与维护","level":"高级工","length_years":3}"#;

fn id(seq: u32) -> String {
    let first17 = format!("44190020050101{seq:03}");
    format!("{first17}{}", id_check_char(first17.as_bytes()))
}

fn setup() -> Db {
    let d = db();
    stdout(xiaoqi(&d).args(["programs", "add", "--json", PROGRAM]));
    d
}

fn write(d: &Db, name: &str, text: &str) -> PathBuf {
    let path = d.path.with_file_name(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn graduates_csv(rows: &[(&str, &str, String)]) -> String {
    let mut s = String::from("姓名,学号,身份证号,专业,毕业年份,班级\n");
    for (name, number, idn) in rows {
        s.push_str(&format!(
            "{name},{number},{idn},工业机器人应用与维护,2025,机器人1班\n"
        ));
    }
    s
}

fn count(d: &Db) -> usize {
    json(xiaoqi(d).args(["graduates", "list", "--json"]))
        .as_array()
        .map_or(0, Vec::len)
}

fn import(d: &Db, file: &Path, extra: &[&str]) -> std::process::Output {
    xiaoqi(d)
        .args(["import", "graduates"])
        .arg(file)
        .args(extra)
        .output()
        .expect("run")
}

#[test]
fn import_prints_exactly_the_report_object_and_exits_0_even_with_rejected_rows() {
    let d = setup();
    let mut bad = id(3);
    bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
    let file = write(
        &d,
        "g.csv",
        &graduates_csv(&[
            ("张三", "S001", id(1)),
            ("李四", "S002", id(2)),
            ("王五", "S003", bad),
        ]),
    );
    let out = import(&d, &file, &["--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let mut keys: Vec<&String> = report.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["inserted", "rejected", "unchanged", "updated"]);
    assert_eq!(
        (
            report["inserted"].as_u64(),
            report["updated"].as_u64(),
            report["unchanged"].as_u64()
        ),
        (Some(2), Some(0), Some(0))
    );
    let rejected = report["rejected"].as_array().expect("rejected");
    assert_eq!(rejected.len(), 1);
    let r = rejected[0].as_object().expect("row");
    let mut keys: Vec<&String> = r.keys().collect();
    keys.sort();
    assert_eq!(keys, ["column", "reason", "row", "value"]);
    assert_eq!(
        (r["row"].as_u64(), r["column"].as_str()),
        (Some(4), Some("身份证号"))
    );
    assert!(
        r["reason"].as_str().unwrap_or_default().contains("校验"),
        "{r:?}"
    );
    assert_eq!(count(&d), 2);

    let again: Value =
        serde_json::from_slice(&import(&d, &file, &["--json"]).stdout).expect("json");
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(count(&d), 2, "never duplicates");
}

#[test]
fn strict_refuses_with_exit_1_and_dry_run_saves_nothing() {
    let d = setup();
    let file = write(
        &d,
        "g.csv",
        &graduates_csv(&[("张三", "S001", id(1)), ("李四", "S002", "123".to_string())]),
    );
    let out = import(&d, &file, &["--strict", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["inserted"].as_u64(), Some(0));
    assert_eq!(report["rejected"].as_array().map(Vec::len), Some(1));
    assert_eq!(count(&d), 0);

    let out = import(&d, &file, &["--dry-run", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["inserted"].as_u64(), Some(1), "what it would do");
    assert_eq!(count(&d), 0);

    let text = String::from_utf8(import(&d, &file, &[]).stdout).expect("utf8");
    assert!(
        text.contains("新增 1") && text.contains("拒绝 1 行"),
        "{text}"
    );
    assert_eq!(count(&d), 1);
}

#[test]
fn unreadable_files_and_unknown_kinds_exit_2() {
    let d = setup();
    let not_xlsx = write(&d, "x.xlsx", "not a workbook");
    assert_eq!(
        fails(xiaoqi(&d).args(["import", "graduates"]).arg(&not_xlsx)).0,
        2
    );
    let missing = d.path.with_file_name("missing.csv");
    let (code, err) = fails(xiaoqi(&d).args(["import", "graduates"]).arg(&missing));
    assert_eq!(code, 2, "{err}");
    let wrong_columns = write(&d, "w.csv", "名称,代码\n甲,1\n");
    let (code, err) = fails(xiaoqi(&d).args(["import", "graduates"]).arg(&wrong_columns));
    assert_eq!(code, 2);
    assert!(err.contains("学号"), "names the missing column: {err}");
    let file = write(&d, "g.csv", &graduates_csv(&[]));
    assert_eq!(
        fails(xiaoqi(&d).args(["import", "students"]).arg(&file)).0,
        2
    );
}

#[test]
fn an_import_killed_halfway_leaves_the_database_whole_and_without_its_rows() {
    let d = setup();
    let rows: Vec<(String, String, String)> = (0..20_000u32)
        .map(|i| (format!("学生{i}"), format!("K{i:05}"), id(i % 1000)))
        .collect();
    // Unique ID numbers are not needed to be slow; repeats are rejected, which is work too.
    let mut text = String::from("姓名,学号,身份证号,专业,毕业年份\n");
    for (name, number, idn) in &rows {
        text.push_str(&format!(
            "{name},{number},{idn},工业机器人应用与维护,2025\n"
        ));
    }
    let file = write(&d, "big.csv", &text);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("xiaoqi"))
        .arg("--db")
        .arg(&d.path)
        .args(["import", "graduates"])
        .arg(&file)
        .env_remove("XIAOQI_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    // The first progress line: rows are being written inside the open transaction.
    let first = lines.next().expect("a progress line").expect("read");
    assert!(first.contains("已处理 1000/20000"), "{first}");
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "killed before it finished");

    let conn = rusqlite::Connection::open(&d.path).expect("open after the crash");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM graduates", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0, "none of the rows of an unfinished import");
    let pending: i64 = conn
        .query_row(
            "SELECT count(*) FROM outbox WHERE table_name = 'graduates'",
            [],
            |r| r.get(0),
        )
        .expect("outbox");
    assert_eq!(pending, 0);
    drop(conn);
    assert_eq!(count(&d), 0);
}

#[test]
fn exports_mask_personal_numbers_unless_asked_and_log_it() {
    let d = setup();
    let file = write(&d, "g.csv", &graduates_csv(&[("张三", "S001", id(1))]));
    stdout(xiaoqi(&d).args(["import", "graduates"]).arg(&file));
    let out = d.path.with_file_name("毕业生.xlsx");
    stdout(
        xiaoqi(&d)
            .args(["export", "graduates"])
            .arg(&out)
            .args(["--cohort", "2025"]),
    );
    let table = xiaoqi_core::sheet::read_table(&out).expect("read back");
    let header: Vec<String> = table.rows[0].cells.iter().map(|c| c.display()).collect();
    let col = header
        .iter()
        .position(|h| h == "身份证号")
        .expect("ID column");
    assert_eq!(table.rows.len(), 2);
    assert_eq!(
        table.rows[1].cell(col).display(),
        xiaoqi_core::validate::id_number::mask_id_number(&id(1))
    );
    let whole = d.path.with_file_name("whole.csv");
    stdout(
        xiaoqi(&d)
            .args(["export", "graduates"])
            .arg(&whole)
            .arg("--whole-ids"),
    );
    let text = std::fs::read_to_string(&whole).expect("csv");
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM for Excel");
    assert!(text.contains(&id(1)));
    let none = d.path.with_file_name("none.xlsx");
    stdout(
        xiaoqi(&d)
            .args(["export", "graduates"])
            .arg(&none)
            .args(["--cohort", "1999"]),
    );
    assert_eq!(
        xiaoqi_core::sheet::read_table(&none)
            .expect("read")
            .rows
            .len(),
        1,
        "header only"
    );
    let conn = rusqlite::Connection::open(&d.path).expect("open");
    let log: Vec<(String, i64, bool)> = conn
        .prepare("SELECT kind, rows, whole_ids FROM export_log ORDER BY at, rowid")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(
        log,
        [
            ("graduates".to_string(), 1, false),
            ("graduates".to_string(), 1, true),
            ("graduates".to_string(), 0, false)
        ]
    );
    let (code, _) = fails(
        xiaoqi(&d)
            .args(["export", "graduates"])
            .arg(d.path.with_file_name("x.pdf")),
    );
    assert_eq!(code, 2);
}

#[test]
fn every_kind_exports_and_its_export_imports_back_unchanged() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    for kind in ["graduates", "placements", "employers", "agreements"] {
        let out = d.path.with_file_name(format!("{kind}.xlsx"));
        stdout(xiaoqi(&d).args(["export", kind]).arg(&out));
        let rows = xiaoqi_core::sheet::read_table(&out)
            .expect("read")
            .rows
            .len();
        assert!(rows > 10, "{kind}: {rows} rows");
        if kind != "agreements" {
            let r = json(xiaoqi(&d).args(["import", kind]).arg(&out).arg("--json"));
            assert_eq!(
                (
                    r["inserted"].as_u64(),
                    r["updated"].as_u64(),
                    r["rejected"].as_array().map(Vec::len)
                ),
                (Some(0), Some(0), Some(0)),
                "{kind}: {r}"
            );
            assert_eq!(r["unchanged"].as_u64(), Some(rows as u64 - 1), "{kind}");
        }
    }
}

#[test]
fn templates_are_written_for_each_kind() {
    let d = db();
    for kind in ["programs", "graduates", "placements", "employers"] {
        let out = d.path.with_file_name(format!("{kind}-template.xlsx"));
        stdout(xiaoqi(&d).args(["template", kind]).arg(&out));
        let t = xiaoqi_core::sheet::read_table(&out).expect("read");
        assert_eq!(t.rows.len(), 1, "{kind}: the header row only");
    }
}

#[test]
fn the_employment_report_json_has_the_contracted_shape() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    let r = json(xiaoqi(&d).args(["report", "employment", "--cohort", "2024", "--json"]));
    assert_eq!(r["cohort"], 2024);
    assert!(r["graduates"].as_u64().unwrap_or(0) > 0);
    assert_eq!(r["code_list"], "2021");
    for key in [
        "employed",
        "contract",
        "flexible",
        "entrepreneurship",
        "further_study",
        "awaiting",
        "not_seeking",
        "in_field",
    ] {
        assert!(r["counts"][key].is_u64(), "counts.{key}");
    }
    for key in [
        "employment",
        "contract",
        "flexible",
        "entrepreneurship",
        "further_study",
        "awaiting",
        "not_seeking",
        "headline_2024",
        "in_field",
    ] {
        let v = r["rates"][key].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&v), "rates.{key} = {v}");
    }
    assert!(r["salary"]["mean"].is_f64() && r["salary"]["median"].is_f64());
    let n = r["graduates"].as_u64().unwrap_or(0);
    let parts: u64 = ["employed", "further_study", "awaiting", "not_seeking"]
        .iter()
        .map(|k| r["counts"][k].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(parts, n, "every graduate in exactly one group");
    let programs = r["by_program"].as_array().expect("by_program");
    assert!(programs.len() >= 2);
    for p in programs {
        assert!(
            p["program"].is_string()
                && p["rates"]["employment"].is_f64()
                && p["counts"]["employed"].is_u64()
        );
    }
    let sum: u64 = programs
        .iter()
        .map(|p| p["graduates"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(sum, n);
    let one = json(xiaoqi(&d).args([
        "report",
        "employment",
        "--cohort",
        "2024",
        "--program",
        "工业机器人应用与维护",
        "--json",
    ]));
    let row = programs
        .iter()
        .find(|p| p["program"] == "工业机器人应用与维护")
        .expect("program row");
    assert_eq!(one["graduates"], row["graduates"]);
    assert_eq!(one["rates"]["employment"], row["rates"]["employment"]);
    let text = stdout(xiaoqi(&d).args(["report", "employment", "--cohort", "2024"]));
    assert!(text.contains("就业率") && text.contains("合计"), "{text}");
    let c = json(xiaoqi(&d).args(["report", "compliance", "--cohort", "2024", "--json"]));
    assert!(c["items"].as_array().is_some_and(|i| !i.is_empty()));
}
