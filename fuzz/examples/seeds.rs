//! Writes the seed inputs of the corpora (fuzz/corpus/<target>/seed-*) with the app's own code:
//! the import templates and filled workbooks as the importer's tests make them, the CSV files
//! Chinese Excel saves (GBK, UTF-8 with BOM, tabs), a real push body from a store's outbox, and
//! typed identifiers. `cargo run --example seeds` in fuzz/; `.xls` seeds come from seeds_xls.py.

use std::path::Path;

use rust_xlsxwriter::Workbook;
use xiaoqi_core::Store;
use xiaoqi_core::import::{ImportKind, template_xlsx};
use xiaoqi_core::model::{
    EmployerInput, GraduateInput, PlacementInput, ProgramInput, TrainingLevel,
};
use xiaoqi_core::sheet::xlsx_bytes;
use xiaoqi_protocol::PushRequest;

const PROGRAM: &str = "工业机器人应用与维护";

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).expect("corpus dir");
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("seed");
    };

    // import_sheet: a selector byte (bit 0: xlsx 0 / csv 1; bits 1-2: the kind), then the file.
    let with = |kind: usize, csv: bool, bytes: &[u8]| {
        let mut out = vec![(kind << 1) as u8 | u8::from(csv)];
        out.extend_from_slice(bytes);
        out
    };
    for (i, kind) in ImportKind::ALL.into_iter().enumerate() {
        let bytes = xlsx_bytes(&template_xlsx(kind)).expect("template");
        write(
            "import_sheet",
            &format!("template-{}.xlsx", kind.as_str()),
            &with(i, false, &bytes),
        );
    }
    write(
        "import_sheet",
        "graduates-numbers.xlsx",
        &with(1, false, &graduates_xlsx()),
    );
    for (name, kind, text) in csv_files() {
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        write(
            "import_sheet",
            &format!("{name}-gbk.csv"),
            &with(kind, true, &bytes),
        );
        write("csv_decode", &format!("{name}-gbk.csv"), &bytes);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        write(
            "import_sheet",
            &format!("{name}-utf8bom.csv"),
            &with(kind, true, &bom),
        );
        write("csv_decode", &format!("{name}-utf8bom.csv"), &bom);
    }
    let tabs = "姓名\t学号\t专业\t毕业年份\r\n张三\tS1\t工业机器人应用与维护\t2025届\r\n\r\n李四\tS2\t\t2025\r\n";
    write("csv_decode", "tabs-crlf.csv", tabs.as_bytes());
    let quoted = "姓名;学号;备注\n\"王\n五\";S3;\"含,逗号\"\"引号\"\"\"\n;;\n赵六;S4;\n";
    write("csv_decode", "semicolons-quoted.csv", quoted.as_bytes());
    let mut utf16 = b"\xFF\xFE".to_vec();
    for unit in "姓名,学号\r\n张三,S1\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    write("csv_decode", "utf16le.csv", &utf16);

    // push_decode: a store's real outbox as the sync client pushes it.
    let store = outbox_store();
    let mutations = store.outgoing(100).expect("outbox");
    let push = PushRequest {
        device_id: store.device_id().expect("device"),
        mutations,
    };
    write(
        "push_decode",
        "outbox.json",
        serde_json::to_string(&push).expect("json").as_bytes(),
    );
    let small = PushRequest {
        device_id: push.device_id.clone(),
        mutations: push.mutations.iter().take(2).cloned().collect(),
    };
    write(
        "push_decode",
        "two.json",
        serde_json::to_string_pretty(&small)
            .expect("json")
            .as_bytes(),
    );

    // validators: typed values, and tab-separated form rows (name, student number, ID number,
    // phone, destination code, start date, industry, credit code, employer type).
    let values = [
        "11010519491231002X",
        " １１０１０５１９４９１２３１００２ｘ ",
        "4.41900200501011E+17",
        "110105194913310029",
        "91350100M000100Y43",
        "９１３５０１００m０００１００y４３",
        "914403001922038217",
        "138 1234 5678",
        "(0769)-22223333",
        "A1B2-C3D4-E5F6",
        "制造业",
        "民营企业",
        "广东省东莞市 华为技术有限公司（松山湖）",
        "张三\tS2025002\t11010519491231002X\t13812345678\t11\t2025-07-01\tC\t91350100M000100Y43\t39",
        "李四\tS-2025_003\t110105194912310021\t0769-2222333\t10 签就业协议形式就业\t2025/7/1\t制造业\t914403001922038216\t其他企业",
        "\t\t\t\t待就业\t\t\t\t",
    ];
    for (i, v) in values.iter().enumerate() {
        write("validators", &format!("{i:02}"), v.as_bytes());
    }
}

/// Graduates as a person types them into Excel: IDs and numbers as numeric cells, a date cell.
fn graduates_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "姓名",
        "学号",
        "身份证号",
        "专业",
        "毕业年份",
        "手机号",
        "入学日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "张三").expect("cell");
    ws.write_number(1, 1, 2_021_001.0).expect("cell");
    ws.write_number(1, 2, 441_900_200_501_011_000.0)
        .expect("cell");
    ws.write_string(1, 3, PROGRAM).expect("cell");
    ws.write_number(1, 4, 2025.0).expect("cell");
    ws.write_number(1, 5, 13_800_138_000.0).expect("cell");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 9, 1).expect("date");
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 6, &date, &format)
        .expect("cell");
    ws.write_string(2, 0, "李四").expect("cell");
    ws.write_string(2, 1, "S2021002").expect("cell");
    ws.write_string(2, 2, "11010519491231002X").expect("cell");
    ws.write_string(2, 3, PROGRAM).expect("cell");
    ws.write_string(2, 4, "2025届").expect("cell");
    ws.write_boolean(2, 5, true).expect("cell");
    book.save_to_buffer().expect("xlsx")
}

/// (name, kind index in ImportKind::ALL, text) of the CSV seeds.
fn csv_files() -> [(&'static str, usize, &'static str); 4] {
    [
        (
            "programs",
            0,
            "专业名称,专业代码,培养层次,学制,所属系部,对口行业\n工业机器人应用与维护,0126-4,预备技师,6,智能制造系,C、I\n汽车维修,0402-4,高级工,3年,,\n",
        ),
        (
            "graduates",
            1,
            "姓名,性别,学号,身份证号,手机号,专业,毕业年份,班级\n张三,男,S2025002,11010519491231002X,13812345678,工业机器人应用与维护,2025,机器人1班\n李四,女,S2025003,4.41900200501011E+17,0769-22223333,工业机器人应用与维护,2025届,\n,,,,,,,\n王五,男,S2025002,110105194912310021,123,不存在的专业,1980,\n",
        ),
        (
            "placements",
            2,
            "学号,姓名,去向代码,用人单位,统一社会信用代码,岗位名称,起薪,是否对口,行业,工作地点,入职日期,合同类型\nS2025001,张三,11 签劳动合同形式就业,东莞市精工机械有限公司,91350100M000100Y43,装配工,4500,是,C,东莞,2025/7/1,劳动合同\nS2025001,,待就业,,,,,,,,,\nS9999,,99,,,,abc,也许,Z,,2025-13-01,\n",
        ),
        (
            "employers",
            3,
            "单位名称,统一社会信用代码,单位性质,行业,规模,所在城市,地址\n东莞市精工机械有限公司,91350100M000100Y43,39,制造业,中型,东莞,松山湖\n华为技术有限公司,914403001922038216,民营企业,I,,深圳,\n坏代码公司,91350100I000100Y43,,,,,\n",
        ),
    ]
}

/// A store whose outbox holds inserts, an update and a delete of several tables.
fn outbox_store() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    s.create_program(&ProgramInput {
        name: Some(PROGRAM.into()),
        code: Some("0126-4".into()),
        level: Some(TrainingLevel::PreTechnician),
        length_years: Some(6),
        department: Some("智能制造系".into()),
        ..Default::default()
    })
    .expect("program");
    for (name, sn, id) in [
        ("张三", "S2025001", Some("11010519491231002X")),
        ("李四", "S2025002", None),
    ] {
        s.create_graduate(&GraduateInput {
            name: Some(name.into()),
            student_number: Some(sn.into()),
            id_number: id.map(String::from),
            phone: Some("13812345678".into()),
            program: Some(PROGRAM.into()),
            cohort: Some(2025),
            class_name: Some("机器人1班".into()),
            ..Default::default()
        })
        .expect("graduate");
    }
    s.create_employer(&EmployerInput {
        name: Some("东莞市精工机械有限公司".into()),
        credit_code: Some("91350100M000100Y43".into()),
        industry: Some("C".into()),
        ..Default::default()
    })
    .expect("employer");
    s.record_placement(&PlacementInput {
        graduate: Some("S2025001".into()),
        destination_code: Some("11".into()),
        employer: Some("东莞市精工机械有限公司".into()),
        position_title: Some("装配工".into()),
        salary: Some(4500),
        start_date: Some("2025-07-01".into()),
        ..Default::default()
    })
    .expect("placement");
    s.update_graduate(
        "S2025002",
        &GraduateInput {
            phone: Some("0769-22223333".into()),
            ..Default::default()
        },
    )
    .expect("update");
    s.delete_graduate("S2025002").expect("delete");
    s
}
