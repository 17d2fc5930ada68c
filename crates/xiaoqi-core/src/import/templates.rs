//! The import template of each kind: a header-only sheet whose cells are text (so that ID
//! numbers keep every digit) and a sheet explaining each column and the headers also accepted.

use super::ImportKind;
use crate::sheet::OutSheet;

/// What a column expects, for the template's explanation sheet.
fn hint(kind: ImportKind, field: &str) -> &'static str {
    match (kind, field) {
        (ImportKind::Graduates, "name") => "新增毕业生时必填",
        (ImportKind::Graduates, "gender") => "男 或 女",
        (_, "student_number") => "用来对应已有毕业生：同一学号再次导入会更新而不是重复",
        (_, "id_number") => "18 位，末位可为 X；请保持文本格式，否则 Excel 会丢失末几位",
        (_, "phone") => "11 位手机号",
        (ImportKind::Graduates, "program") => "新增时必填；须是“专业”中已有的专业名称",
        (_, "cohort") => "新增时必填；四位年份，如 2025（也可写 2025届）",
        (_, "skill_level") => "初级工、中级工、高级工、技师、高级技师（或 五级 到 一级）",
        (ImportKind::Programs, "name") => "必填；用来对应已有专业",
        (ImportKind::Programs, "level") => "新增时必填：中级工、高级工 或 预备技师",
        (ImportKind::Programs, "length_years") => "新增时必填：年数，如 3",
        (ImportKind::Programs, "industries") => "对口行业的门类字母或名称，多个用顿号分隔，如 C、I",
        (ImportKind::Programs, "position_keywords") => "岗位名称含这些词即视为对口，多个用顿号分隔",
        (ImportKind::Employers, "name") => "必填；与已有单位名称相近时会被拒绝，以免重复",
        (_, "credit_code") => "18 位统一社会信用代码；用来对应已有单位，请保持文本格式",
        (ImportKind::Employers, "employer_type") => {
            "代码或名称，如 39 或 其他企业；也可写 民营企业、外资企业、事业单位"
        }
        (_, "industry") => "国民经济行业门类字母或名称，如 C 或 制造业",
        (ImportKind::Placements, "name") => "可选；填写时须与学号对应的姓名一致",
        (_, "destination_code") => "毕业去向代码，如 11；也可写代码和名称或去向名称",
        (_, "employer") => "10、11、12、271 必填（或填统一社会信用代码）；须是已有的单位",
        (_, "salary") => "每月元数，如 4500",
        (_, "in_field") => "是 或 否",
        (_, "start_date") => "如 2025-07-01",
        (_, "contract_type") => "劳动合同、就业协议、劳务合同、其他 或 无",
        _ => "",
    }
}

/// The template workbook's sheets: the kind's columns, then the explanation.
pub fn template_xlsx(kind: ImportKind) -> Vec<OutSheet> {
    let columns = kind.columns();
    let data = OutSheet {
        name: kind.label().to_string(),
        headers: columns.iter().map(|c| c.label.to_string()).collect(),
        ..OutSheet::default()
    };
    let help = OutSheet {
        name: "填写说明".to_string(),
        headers: ["列名", "是否必须有此列", "填写说明", "也可用的列名"]
            .map(String::from)
            .to_vec(),
        rows: columns
            .iter()
            .map(|c| {
                vec![
                    c.label.to_string(),
                    if c.required { "是" } else { "否" }.to_string(),
                    hint(kind, c.field).to_string(),
                    c.synonyms.join("、"),
                ]
            })
            .collect(),
        ..OutSheet::default()
    };
    vec![data, help]
}

/// The accepted headers of every kind as Markdown: `docs/import.md` is this text (a test
/// keeps them equal).
pub fn columns_markdown() -> String {
    let mut out = String::from(
        "# Import columns\n\n\
         Generated from `crates/xiaoqi-core/src/import` by `UPDATE_DOCS=1 cargo test -p xiaoqi-core --test import_docs`.\n\n\
         Headers are matched after trimming, folding full-width characters to half-width and dropping spaces, a\n\
         trailing `*` and any bracketed note (`起薪（元/月）` reads as `起薪`). The first row is the header; rows are\n\
         numbered as Excel shows them. An empty cell leaves the stored value as it is. Files: .xlsx, .xls, .csv\n\
         (UTF-8 with or without BOM, or GBK/GB18030 as Chinese Excel saves it).\n",
    );
    for kind in ImportKind::ALL {
        out.push_str(&format!(
            "\n## {} (`xiaoqi import {}`)\n\n| Column | Required column | Also accepted | What to write |\n|---|---|---|---|\n",
            kind.label(),
            kind.as_str()
        ));
        for c in kind.columns() {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                c.label,
                if c.required { "yes" } else { "" },
                c.synonyms.join("、"),
                hint(kind, c.field)
            ));
        }
    }
    out
}
