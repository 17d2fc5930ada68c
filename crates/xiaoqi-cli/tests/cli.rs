//! The built `xiaoqi` binary on temporary databases: output, JSON shapes and exit codes.

use assert_cmd::Command;
use serde_json::Value;

mod common;

use common::{Db, db, fails, json, stdout, xiaoqi};

const ROBOTICS: &str = r#"{"name":"工业机器人应用与维护","code":"0126-4","level":"预备技师","length_years":6,"department":"智能制造系"}"#;

#[test]
fn info_prints_the_path_and_schema_version() {
    let d = db();
    let out = stdout(xiaoqi(&d).arg("info"));
    assert!(
        out.contains(&format!("database: {}", d.path.display())),
        "{out}"
    );
    let latest = xiaoqi_core::db::migrations::latest_version();
    assert!(out.contains(&format!("schema_version: {latest}")), "{out}");
    let j = json(xiaoqi(&d).args(["info", "--json"]));
    assert_eq!(j["schema_version"], latest);
}

#[test]
fn info_without_db_uses_the_app_data_directory() {
    let home = tempfile::tempdir().expect("home");
    let out = Command::cargo_bin("xiaoqi")
        .expect("binary")
        .arg("info")
        .env_remove("XIAOQI_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cn.xiaoqi.desktop/xiaoqi.db"), "{text}");
    assert!(
        home.path()
            .join("data/cn.xiaoqi.desktop/xiaoqi.db")
            .exists()
    );
}

#[test]
fn programs_and_graduates_round_trip_through_the_cli() {
    let d = db();
    let pid = stdout(xiaoqi(&d).args(["programs", "add", "--json", ROBOTICS]))
        .trim()
        .to_string();
    assert_eq!(pid.len(), 36, "a UUID: {pid}");
    let p = json(xiaoqi(&d).args(["programs", "get", &pid, "--json"]));
    assert_eq!(p["name"], "工业机器人应用与维护");
    assert_eq!(p["level"], "预备技师");

    let gid = stdout(xiaoqi(&d).args([
        "graduates",
        "add",
        "--json",
        r#"{"name":"张三","gender":"男","student_number":"2021001","id_number":"11010519491231002x","program":"工业机器人应用与维护","cohort":2025,"class_name":"2019级机器人1班"}"#,
    ]))
    .trim()
    .to_string();
    let g = json(xiaoqi(&d).args(["graduates", "get", &gid, "--json"]));
    assert_eq!(g["id"], gid.as_str());
    assert_eq!(g["id_number"], "11010519491231002X");
    assert_eq!(g["program"], "工业机器人应用与维护");

    stdout(xiaoqi(&d).args([
        "graduates",
        "update",
        &gid,
        "--json",
        r#"{"phone":"13812345678","cohort":2024}"#,
    ]));
    let g = json(xiaoqi(&d).args(["graduates", "get", "2021001", "--json"]));
    assert_eq!(g["phone"], "13812345678");
    assert_eq!(g["cohort"], 2024);
    assert_eq!(g["name"], "张三");

    let table = stdout(xiaoqi(&d).args(["graduates", "list"]));
    assert!(
        table.contains("1101**********002X"),
        "the table masks ID numbers: {table}"
    );
    assert!(table.contains("138****5678"), "and phones: {table}");
    assert!(!table.contains("11010519491231002X"));

    let found = json(xiaoqi(&d).args(["graduates", "list", "--search", "zs", "--json"]));
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    assert_eq!(found[0]["id"], gid.as_str());

    stdout(xiaoqi(&d).args(["graduates", "delete", &gid]));
    assert_eq!(
        json(xiaoqi(&d).args(["graduates", "list", "--json"])),
        Value::Array(vec![])
    );
    stdout(xiaoqi(&d).args(["programs", "delete", &pid]));
    assert_eq!(
        json(xiaoqi(&d).args(["programs", "list", "--json"])),
        Value::Array(vec![])
    );
}

#[test]
fn invalid_data_exits_1_naming_the_field() {
    let d = db();
    stdout(xiaoqi(&d).args(["programs", "add", "--json", ROBOTICS]));
    stdout(xiaoqi(&d).args([
        "graduates", "add", "--json",
        r#"{"name":"张三","student_number":"2021001","program":"工业机器人应用与维护","cohort":2025}"#,
    ]));
    let cases = [
        (
            r#"{"name":"李四","student_number":"2021002","id_number":"110105194912310021","program":"工业机器人应用与维护","cohort":2025}"#,
            "id_number",
        ),
        (
            r#"{"name":"李四","student_number":"2021002","program":"不存在的专业","cohort":2025}"#,
            "program",
        ),
        (
            r#"{"name":"李四","student_number":"2021001","program":"工业机器人应用与维护","cohort":2025}"#,
            "student_number",
        ),
        (
            r#"{"name":"李四","student_number":"2021002","program":"工业机器人应用与维护"}"#,
            "cohort",
        ),
        (r#"{"nmae":"李四"}"#, "nmae"),
        ("not json", "--json"),
    ];
    for (input, field) in cases {
        let (code, err) = fails(xiaoqi(&d).args(["graduates", "add", "--json", input]));
        assert_eq!(code, 1, "{input}: {err}");
        assert!(err.contains(field), "{input}: {err}");
    }
    let list = json(xiaoqi(&d).args(["graduates", "list", "--json"]));
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "nothing invalid was saved"
    );
    let (code, err) = fails(xiaoqi(&d).args(["graduates", "get", "no-such-id"]));
    assert_eq!(code, 1, "{err}");
}

#[test]
fn usage_errors_and_unreadable_databases_exit_2() {
    let d = db();
    assert_eq!(
        fails(xiaoqi(&d).args(["graduates", "list", "--bogus"])).0,
        2
    );
    assert_eq!(fails(xiaoqi(&d).args(["nonsense"])).0, 2);
    std::fs::write(&d.path, "学号,姓名\n").expect("write");
    let (code, err) = fails(xiaoqi(&d).arg("info"));
    assert_eq!(code, 2);
    assert!(err.contains("不是一个 SQLite 数据库"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&d.path).expect("read"),
        "学号,姓名\n",
        "left untouched"
    );

    let newer = db();
    rusqlite::Connection::open(&newer.path)
        .and_then(|c| c.execute_batch("PRAGMA user_version = 42;"))
        .expect("newer");
    let (code, err) = fails(xiaoqi(&newer).args(["graduates", "list"]));
    assert_eq!(code, 2);
    assert!(err.contains("更新版本"), "{err}");
}

#[test]
fn validate_prints_the_normalised_value_or_the_reason() {
    let d = db();
    assert_eq!(
        stdout(xiaoqi(&d).args(["validate", "id-number", " 11010519491231002x"])).trim(),
        "11010519491231002X"
    );
    assert_eq!(
        stdout(xiaoqi(&d).args(["validate", "credit-code", "91350100m000100y43"])).trim(),
        "91350100M000100Y43"
    );
    let (code, err) = fails(xiaoqi(&d).args(["validate", "id-number", "110105194912310021"]));
    assert_eq!(code, 1);
    assert!(err.contains("校验位") && err.contains('X'), "{err}");
    let (code, err) = fails(xiaoqi(&d).args(["validate", "credit-code", "91350100M000100Y4"]));
    assert_eq!(code, 1);
    assert!(err.contains("18"), "{err}");
    let (code, err) = fails(xiaoqi(&d).args(["validate", "id-number", "4.41900200501011E+17"]));
    assert_eq!(code, 1);
    assert!(err.contains("科学计数法"), "{err}");
}

#[test]
fn demo_seeds_a_college_once_and_refuses_to_overwrite() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    let programs = json(xiaoqi(&d).args(["programs", "list", "--json"]));
    let names: Vec<&str> = programs
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        names.contains(&"工业机器人应用与维护") && names.contains(&"人工智能技术应用"),
        "{names:?}"
    );
    let all = json(xiaoqi(&d).args(["graduates", "list", "--json"]));
    let all = all.as_array().expect("array");
    assert!(all.len() >= 1500, "{}", all.len());
    let cohorts: std::collections::BTreeSet<i64> =
        all.iter().filter_map(|g| g["cohort"].as_i64()).collect();
    assert!(cohorts.len() >= 3, "{cohorts:?}");
    for g in all {
        let id = g["id_number"].as_str().expect("id number");
        assert!(xiaoqi_core_valid(id), "{id}");
    }
    let paged = json(xiaoqi(&d).args([
        "graduates",
        "list",
        "--json",
        "--limit",
        "10",
        "--offset",
        "5",
        "--cohort",
        "2024",
    ]));
    assert_eq!(paged.as_array().map(Vec::len), Some(10));
    assert!(
        paged
            .as_array()
            .expect("array")
            .iter()
            .all(|g| g["cohort"] == 2024)
    );

    let before = all.len();
    let (code, err) = fails(xiaoqi(&d).arg("demo"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force"), "{err}");
    stdout(xiaoqi(&d).args(["demo", "--if-empty"]));
    assert_eq!(
        json(xiaoqi(&d).args(["graduates", "list", "--json"]))
            .as_array()
            .map(Vec::len),
        Some(before)
    );
    stdout(xiaoqi(&d).args(["demo", "--force"]));
    let again = json(xiaoqi(&d).args(["graduates", "list", "--json"]));
    assert_eq!(
        again.as_array().map(Vec::len),
        Some(before),
        "--force replaces, never duplicates"
    );
    assert_eq!(
        list(&d, "fairs").len(),
        2,
        "--force replaces the season too"
    );
}

fn list(d: &Db, kind: &str) -> Vec<Value> {
    json(xiaoqi(d).args([kind, "list", "--json"]))
        .as_array()
        .cloned()
        .expect("array")
}

#[test]
fn the_demo_has_a_whole_graduation_season() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    assert!(list(&d, "employers").len() >= 10);
    assert!(list(&d, "institutions").len() >= 6);
    // 甲方 of every agreement: a public institution's credit code, an address, a contact.
    let college = json(xiaoqi(&d).args(["college", "get", "--json"]));
    let code = college["credit_code"].as_str().expect("credit code");
    assert!(code.starts_with("12"), "{code}");
    assert_eq!(
        xiaoqi_core::validate::validate_credit_code(code).as_deref(),
        Ok(code)
    );
    assert!(
        college["address"]
            .as_str()
            .is_some_and(|a| a.starts_with("东莞市"))
    );
    assert!(college["contacts"][0]["phone"].is_string(), "{college}");
    let agreements = list(&d, "agreements");
    for kind in [
        "校企合作协议",
        "订单班/冠名班",
        "现代学徒制",
        "共建人才培养基地",
        "技研合作协议",
    ] {
        for status in ["草稿", "审核中", "已签署", "履行中", "已到期", "已终止"] {
            assert!(
                agreements
                    .iter()
                    .any(|a| a["kind"] == kind && a["status"] == status),
                "no {kind} in {status}"
            );
        }
    }
    let fairs = list(&d, "fairs");
    let fair = fairs
        .iter()
        .find(|f| {
            f["name"]
                .as_str()
                .is_some_and(|n| n.contains("双选会") && n.contains("人工智能"))
        })
        .expect("the seed article's fair");
    let fair_id = fair["id"].as_str().expect("id");
    let figures = &fair["figures"];
    for field in [
        "employers",
        "positions",
        "headcount",
        "resumes",
        "intentions",
        "signings",
    ] {
        assert!(
            figures[field].as_u64().unwrap_or(0) > 0,
            "{field}: {figures}"
        );
    }
    let applications = json(xiaoqi(&d).args(["applications", "list", "--fair", fair_id, "--json"]));
    for status in ["已投递", "已面试", "意向", "已签约", "未录用"] {
        assert!(
            applications
                .as_array()
                .expect("array")
                .iter()
                .any(|a| a["status"] == status),
            "no application {status}"
        );
    }
    let full = json(xiaoqi(&d).args(["fairs", "get", fair_id, "--json"]));
    assert!(
        !full["by_program"]
            .as_array()
            .expect("by program")
            .is_empty()
    );
    let placements = list(&d, "placements");
    for cohort in [2023, 2024] {
        let of: Vec<&Value> = placements
            .iter()
            .filter(|p| p["cohort"] == cohort)
            .collect();
        assert!(
            of.iter().any(|p| !p["verified_at"].is_null()),
            "{cohort} verified"
        );
        assert!(
            of.iter().any(|p| p["verified_at"].is_null()),
            "{cohort} unverified"
        );
    }
}

#[test]
fn every_kind_takes_the_same_verbs_and_refuses_bad_steps() {
    let d = db();
    stdout(xiaoqi(&d).args(["programs", "add", "--json", ROBOTICS]));
    stdout(xiaoqi(&d).args([
        "graduates", "add", "--json",
        r#"{"name":"张三","student_number":"2021001","program":"工业机器人应用与维护","cohort":2025,"class_name":"机器人1班"}"#,
    ]));
    // Employers: a credit code once; a near-identical name only when accepted; merge.
    let huawei = stdout(xiaoqi(&d).args([
        "employers", "add", "--json",
        r#"{"name":"华为技术有限公司","credit_code":"914403001922038216","employer_type":"民营企业","industry":"制造业"}"#,
    ]))
    .trim()
    .to_string();
    let (code, err) = fails(xiaoqi(&d).args([
        "employers",
        "add",
        "--json",
        r#"{"name":"华为技术股份有限公司"}"#,
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("name") && err.contains("可能与已有单位"),
        "{err}"
    );
    let twin = stdout(xiaoqi(&d).args([
        "employers",
        "add",
        "--json",
        r#"{"name":"华为技术股份有限公司","accept_warnings":true}"#,
    ]))
    .trim()
    .to_string();
    let e = json(xiaoqi(&d).args(["employers", "get", &huawei, "--json"]));
    assert_eq!(e["employer_type"], "39");
    // Placements: refused codes exit 1 naming the field; a good one records.
    let (code, err) = fails(xiaoqi(&d).args([
        "placements",
        "add",
        "--json",
        r#"{"graduate":"2021001","destination_code":"99"}"#,
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("destination_code"), "{err}");
    let (code, err) = fails(xiaoqi(&d).args([
        "placements", "add", "--json", r#"{"graduate":"2021001","destination_code":"11","salary":-5,"employer":"华为技术有限公司"}"#,
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("salary"), "{err}");
    let placement = stdout(xiaoqi(&d).args([
        "placements", "add", "--json",
        &format!(r#"{{"graduate":"2021001","destination_code":"11","employer_id":"{twin}","position_title":"机器人运维"}}"#),
    ]))
    .trim()
    .to_string();
    let merged = json(xiaoqi(&d).args(["employers", "merge", &huawei, &twin]));
    assert_eq!(merged["placements"], 1);
    let p = json(xiaoqi(&d).args(["placements", "get", &placement, "--json"]));
    assert_eq!(p["employer_id"], huawei.as_str());
    let class = json(xiaoqi(&d).args(["placements", "class", "2025", "机器人1班", "--json"]));
    assert_eq!(class["recorded"], 1);
    // Agreements: a skipped step exits 1; an allowed one prints the new status.
    let agreement = stdout(xiaoqi(&d).args([
        "agreements",
        "add",
        "--json",
        r#"{"kind":"校企合作协议","employer":"华为技术有限公司"}"#,
    ]))
    .trim()
    .to_string();
    let (code, err) = fails(xiaoqi(&d).args([
        "agreements",
        "advance",
        &agreement,
        "--to",
        "signed",
        "--by",
        "王主任",
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("不能从“草稿”直接改为“已签署”"), "{err}");
    let (code, _) = fails(xiaoqi(&d).args([
        "agreements",
        "advance",
        &agreement,
        "--to",
        "半途",
        "--by",
        "王主任",
    ]));
    assert_eq!(code, 2, "an unknown status is a usage error");
    assert_eq!(
        stdout(xiaoqi(&d).args([
            "agreements",
            "advance",
            &agreement,
            "--to",
            "in_review",
            "--by",
            "王主任"
        ]))
        .trim(),
        "审核中"
    );
    // A fair from position to signing; a second signing exits 1.
    let fair = stdout(xiaoqi(&d).args([
        "fairs", "add", "--json",
        r#"{"name":"春季双选会","start_date":"2025-05-07","end_date":"2025-05-21","mode":"hybrid"}"#,
    ]))
    .trim()
    .to_string();
    let position = stdout(xiaoqi(&d).args([
        "positions", "add", "--json",
        &format!(r#"{{"fair_id":"{fair}","employer":"华为技术有限公司","title":"AI训练师","headcount":3}}"#),
    ]))
    .trim()
    .to_string();
    let application = stdout(xiaoqi(&d).args([
        "applications",
        "add",
        "--json",
        &format!(r#"{{"position_id":"{position}","graduate":"2021001"}}"#),
    ]))
    .trim()
    .to_string();
    let signed = stdout(xiaoqi(&d).args([
        "fairs",
        "sign",
        &application,
        "--json",
        r#"{"destination_code":"11","salary":6000}"#,
    ]))
    .trim()
    .to_string();
    let p = json(xiaoqi(&d).args(["placements", "get", &signed, "--json"]));
    assert_eq!(p["position_title"], "AI训练师");
    assert_eq!(p["current"], true);
    let (code, err) = fails(xiaoqi(&d).args([
        "fairs",
        "sign",
        &application,
        "--json",
        r#"{"destination_code":"11"}"#,
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("重复签约"), "{err}");
    let history = json(xiaoqi(&d).args(["placements", "list", "--history", "--json"]));
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(2),
        "the earlier destination is history"
    );
    // Every kind lists as a JSON array of records with ids.
    for kind in [
        "programs",
        "graduates",
        "placements",
        "employers",
        "institutions",
        "agreements",
        "fairs",
        "positions",
        "applications",
    ] {
        let items = list(&d, kind);
        assert!(items.iter().all(|r| r["id"].is_string()), "{kind}");
    }
    // A filter a kind does not take is a usage error.
    let (code, err) = fails(xiaoqi(&d).args(["fairs", "list", "--cohort", "2025"]));
    assert_eq!(code, 2);
    assert!(err.contains("--cohort"), "{err}");
    // Deleting an employer records point to is refused with the reason.
    let (code, err) = fails(xiaoqi(&d).args(["employers", "delete", &huawei]));
    assert_eq!(code, 1);
    assert!(err.contains("合并"), "{err}");
}

#[test]
fn the_college_profile_carries_its_party_details() {
    let d = db();
    let id = stdout(xiaoqi(&d).args([
        "college",
        "update",
        "--json",
        r#"{"name":"粤湾技师学院","city":"东莞市","credit_code":" 12441900mb2c517308 ",
            "address":"东莞市学府路9号",
            "contacts":[{"name":"陈思远","role":"就业办主任","phone":"138 1234 5678"}]}"#,
    ]));
    let c = json(xiaoqi(&d).args(["college", "get", "--json"]));
    assert_eq!(c["id"], id.trim());
    assert_eq!(c["credit_code"], "12441900MB2C517308", "normalised");
    assert_eq!(c["address"], "东莞市学府路9号");
    assert_eq!(c["contacts"][0]["role"], "就业办主任");
    assert_eq!(c["contacts"][0]["phone"], "13812345678", "JSON is whole");
    let table = stdout(xiaoqi(&d).args(["college", "get"]));
    assert!(
        table.contains("12441900MB2C517308")
            && table.contains("东莞市学府路9号")
            && table.contains("138****5678")
            && !table.contains("13812345678"),
        "the table masks the phone: {table}"
    );
    // A failed check digit is refused: the college cannot keep one.
    let (code, err) = fails(xiaoqi(&d).args([
        "college",
        "update",
        "--json",
        r#"{"credit_code":"12441900MB2C517309"}"#,
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("校验位"), "{err}");
    // An empty text clears; absent fields stay.
    stdout(xiaoqi(&d).args(["college", "update", "--json", r#"{"address":""}"#]));
    let c = json(xiaoqi(&d).args(["college", "get", "--json"]));
    assert_eq!(c["address"], Value::Null);
    assert_eq!(c["credit_code"], "12441900MB2C517308");
}

#[test]
fn institutions_take_a_credit_code_and_an_address() {
    let d = db();
    let id = stdout(xiaoqi(&d).args([
        "institutions",
        "add",
        "--json",
        r#"{"name":"北京大学化学与分子工程学院","parent_org":"北京大学","kind":"高校实验室",
            "credit_code":"12100000MB1D72645N","address":"北京市海淀区颐和园路5号",
            "contacts":[{"name":"周明轩","phone":"010-12345678"}]}"#,
    ]))
    .trim()
    .to_string();
    let i = json(xiaoqi(&d).args(["institutions", "get", &id, "--json"]));
    assert_eq!(i["credit_code"], "12100000MB1D72645N");
    assert_eq!(i["credit_code_ok"], true);
    assert_eq!(i["address"], "北京市海淀区颐和园路5号");
    let table = stdout(xiaoqi(&d).args(["institutions", "list"]));
    assert!(table.contains("12100000MB1D72645N"), "{table}");
    // A code failing its check digit is saved only when the warning is accepted.
    let (code, err) = fails(xiaoqi(&d).args([
        "institutions",
        "update",
        &id,
        "--json",
        r#"{"credit_code":"91350100M000100Y44"}"#,
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("校验位"), "{err}");
    stdout(xiaoqi(&d).args([
        "institutions",
        "update",
        &id,
        "--json",
        r#"{"credit_code":"91350100M000100Y44","accept_warnings":true}"#,
    ]));
    let i = json(xiaoqi(&d).args(["institutions", "get", &id, "--json"]));
    assert_eq!(i["credit_code"], "91350100M000100Y44");
    assert_eq!(i["credit_code_ok"], false);
    let help = stdout(xiaoqi(&d).args(["institutions", "--help"]));
    assert!(
        help.contains("credit_code") && help.contains("address"),
        "{help}"
    );
    let help = stdout(xiaoqi(&d).args(["college", "--help"]));
    assert!(
        help.contains("credit_code") && help.contains("contacts"),
        "{help}"
    );
}

fn xiaoqi_core_valid(id: &str) -> bool {
    xiaoqi_core::validate::validate_id_number(id).as_deref() == Ok(id)
}

#[test]
fn a_read_only_database_is_read_but_never_written() {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root
        || std::process::Command::new("runuser")
            .arg("--help")
            .output()
            .is_err()
    {
        eprintln!("SKIPPED: needs root and runuser to act as a user without write access");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ro.db");
    let bin = assert_cmd::cargo::cargo_bin("xiaoqi");
    let run = |user: Option<&str>, args: &[&str]| {
        let mut c = match user {
            Some(u) => {
                let mut c = std::process::Command::new("runuser");
                c.args(["-u", u, "--"]).arg(&bin);
                c
            }
            None => std::process::Command::new(&bin),
        };
        c.arg("--db")
            .arg(&path)
            .args(args)
            .env_remove("XIAOQI_DB")
            .output()
            .expect("run")
    };
    assert!(
        run(None, &["programs", "add", "--json", ROBOTICS])
            .status
            .success()
    );
    // The folder is open to everyone, the file only readable: as `nobody` it is read-only.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o777),
    )
    .expect("chmod dir");
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .expect("chmod db");
    let list = run(Some("nobody"), &["programs", "list", "--json"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let add = run(
        Some("nobody"),
        &[
            "programs",
            "add",
            "--json",
            r#"{"name":"模具制造","level":"高级工","length_years":5}"#,
        ],
    );
    assert_eq!(add.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&add.stderr).contains("只读"),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let after = run(None, &["programs", "list", "--json"]);
    let programs: Value = serde_json::from_slice(&after.stdout).expect("json");
    let names: Vec<&str> = programs
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["工业机器人应用与维护"],
        "what was saved is intact and nothing was half-written"
    );
}
