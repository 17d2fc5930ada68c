//! `xiaoqi pdf agreement|report` and `xiaoqi verify-agreement` on the demo college, as an
//! administrator would run them: the PDF written, its fingerprint checked, a changed clause
//! caught, missing party data refused with the list and no file left behind.

mod common;

use common::*;
use serde_json::Value;

fn demo() -> Db {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    d
}

fn first_with_status(d: &Db, status: &str) -> Value {
    let list = json(xiaoqi(d).args(["agreements", "list", "--status", status, "--json"]));
    list.as_array()
        .and_then(|a| a.first())
        .cloned()
        .expect("an agreement")
}

fn fingerprint(out: &str) -> String {
    out.split("核验指纹")
        .nth(1)
        .expect("fingerprint printed")
        .trim()
        .to_string()
}

#[test]
fn an_agreement_prints_and_its_fingerprint_verifies_until_the_text_changes() {
    let d = demo();
    let draft = first_with_status(&d, "草稿");
    let number = draft["number"].as_str().expect("number").to_string();
    let file = d.path.with_file_name("协议.pdf");
    let out = stdout(xiaoqi(&d).args(["pdf", "agreement", &number]).arg(&file));
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    let fp = fingerprint(&out);
    assert_eq!(fp.len(), 14, "{out}");

    stdout(xiaoqi(&d).args(["verify-agreement", &number, &fp]));
    // As someone types it from the paper: lower case, spaces for hyphens.
    stdout(xiaoqi(&d).args([
        "verify-agreement",
        &number,
        &fp.to_lowercase().replace('-', " "),
    ]));
    let v = json(xiaoqi(&d).args(["verify-agreement", &number, &fp, "--json"]));
    assert_eq!(v["matches"], true);
    assert_eq!(v["current"], fp.as_str());

    // Another agreement's fingerprint does not verify this one.
    let other = first_with_status(&d, "履行中");
    let other_out = stdout(
        xiaoqi(&d)
            .args(["pdf", "agreement", other["id"].as_str().expect("id")])
            .arg(d.path.with_file_name("b.pdf")),
    );
    let (code, _) = fails(xiaoqi(&d).args(["verify-agreement", &number, &fingerprint(&other_out)]));
    assert_eq!(code, 1);

    // The clause edited after printing: the paper copy no longer matches.
    let mut clauses = draft["clauses"].clone();
    clauses[0]["body"] = Value::String("双方另行约定。".into());
    let input = serde_json::json!({ "clauses": clauses }).to_string();
    stdout(xiaoqi(&d).args(["agreements", "update", &number, "--json", &input]));
    let out = xiaoqi(&d)
        .args(["verify-agreement", &number, &fp])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("不一致"));

    // Not a fingerprint at all, and an unknown number: both 1.
    let (code, _) = fails(xiaoqi(&d).args(["verify-agreement", &number, "hello"]));
    assert_eq!(code, 1);
    let (code, err) = fails(xiaoqi(&d).args(["verify-agreement", "G0000-2000-999", &fp]));
    assert_eq!(code, 1);
    assert!(err.contains("找不到"), "{err}");
}

#[test]
fn missing_party_data_refuses_the_pdf_with_the_list_and_writes_nothing() {
    let d = demo();
    let a = first_with_status(&d, "履行中");
    let number = a["number"].as_str().expect("number");
    stdout(xiaoqi(&d).args([
        "college",
        "update",
        "--json",
        r#"{"credit_code":"","address":""}"#,
    ]));
    let file = d.path.with_file_name("协议.pdf");
    let (code, err) = fails(xiaoqi(&d).args(["pdf", "agreement", number]).arg(&file));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("统一社会信用代码") && err.contains("地址"),
        "{err}"
    );
    assert!(err.contains("甲方"), "{err}");
    assert!(!file.exists(), "no PDF with blanks");
    let leftovers: Vec<_> = std::fs::read_dir(d.path.parent().expect("dir"))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".part"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_annual_report_of_a_cohort_is_written() {
    let d = demo();
    let file = d.path.with_file_name("2025届就业质量年度报告.pdf");
    let out = stdout(
        xiaoqi(&d)
            .args(["pdf", "report", "--cohort", "2025"])
            .arg(&file),
    );
    let pages: usize = out
        .split('：')
        .nth(1)
        .and_then(|s| s.trim().trim_end_matches('页').trim().parse().ok())
        .expect("page count printed");
    assert!(pages >= 10, "{out}");
    assert!(std::fs::read(&file).expect("written").starts_with(b"%PDF-"));
    // An unwritable place: exit 2, said plainly.
    let (code, err) = fails(xiaoqi(&d).args([
        "pdf",
        "report",
        "--cohort",
        "2025",
        "/nonexistent-dir/r.pdf",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("无法写入"), "{err}");
}
