//! Placement rows: matched to the graduate's current destination by student number. The same
//! destination code corrects it in place; another code records a new destination and keeps
//! the earlier one as history.

use super::columns::{Column, RowCells, parse_int, parse_yes_no};
use super::{Context, Outcome, Seen, repeated};
use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::model::{ContractType, PlacementInput};
use crate::sheet::Cell;
use crate::store::Store;
use crate::validate::{normalize_identifier, validate_credit_code};

const fn col(
    field: &'static str,
    label: &'static str,
    synonyms: &'static [&'static str],
) -> Column {
    Column {
        field,
        label,
        synonyms,
        required: false,
    }
}

pub(super) const COLUMNS: &[Column] = &[
    Column {
        required: true,
        ..col("student_number", "学号", &["学籍号"])
    },
    col("name", "姓名", &["学生姓名", "毕业生姓名"]),
    Column {
        required: true,
        ..col(
            "destination_code",
            "毕业去向代码",
            &["去向代码", "毕业去向", "就业去向", "去向", "毕业去向类别"],
        )
    },
    col(
        "employer",
        "单位名称",
        &[
            "就业单位",
            "用人单位",
            "工作单位",
            "单位",
            "就业单位名称",
            "企业名称",
        ],
    ),
    col(
        "credit_code",
        "统一社会信用代码",
        &["信用代码", "单位信用代码", "社会信用代码"],
    ),
    col(
        "position_title",
        "岗位",
        &["岗位名称", "职位", "工作岗位", "职务"],
    ),
    col(
        "salary",
        "起薪",
        &["月薪", "薪资", "月收入", "起薪标准", "工资"],
    ),
    col(
        "in_field",
        "是否对口",
        &["专业对口", "是否专业对口", "对口", "对口情况"],
    ),
    col("industry", "行业", &["所属行业", "单位行业"]),
    col(
        "city",
        "工作地点",
        &["就业地区", "就业城市", "工作城市", "所在地"],
    ),
    col(
        "start_date",
        "入职日期",
        &["就业日期", "到岗日期", "入职时间"],
    ),
    col("contract_type", "合同类型", &["签约类型", "合同形式"]),
    col("notes", "备注", &[]),
];

/// `10`, `10 签就业协议形式就业`, `10-…` or the destination's name, as its code.
fn destination_code(store: &Store, ctx: &mut Context, text: &str) -> Result<String> {
    let digits: String = text
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    if !digits.is_empty() {
        return Ok(digits);
    }
    let name = text.trim();
    Ok(ctx
        .codes(store)?
        .iter()
        .find(|c| c.name == name)
        .map_or_else(|| name.to_string(), |c| c.code.clone()))
}

/// A date cell or text such as 2025/7/1 or 2025.07.01, as YYYY-MM-DD when it reads as one.
fn date_text(cell: &Cell) -> Option<String> {
    if cell.is_empty() {
        return None;
    }
    let text = cell.display().trim().to_string();
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            match (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>()) {
                (Ok(y), Ok(m), Ok(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
                _ => Some(text),
            }
        }
        _ => Some(text),
    }
}

pub(super) fn import_row(
    store: &mut Store,
    cells: &RowCells<'_>,
    seen: &mut Seen,
    ctx: &mut Context,
) -> Result<Outcome> {
    let mut errs = FieldErrors::default();
    let row = cells.row.number;
    let Some(sn) = cells
        .text("student_number")
        .map(|s| normalize_identifier(&s))
    else {
        return Err(CoreError::invalid("graduate", "required", "请填写学号"));
    };
    if let Some(earlier) = seen.repeat("student_number", &sn, row) {
        return Err(repeated("student_number", "学号", earlier));
    }
    let Some(graduate_id) = store.graduate_id_by_number(&sn)? else {
        return Err(CoreError::Invalid(crate::error::FieldErrors(vec![
            FieldError::new(
                "student_number",
                "unknown",
                format!("没有学号为 {sn} 的毕业生：请先导入或添加该毕业生"),
            )
            .with("value", &sn),
        ])));
    };
    if let Some(name) = cells.text("name") {
        let graduate = store.graduate(&graduate_id)?;
        if graduate.name != name {
            errs.push(
                FieldError::new(
                    "name",
                    "mismatch",
                    format!(
                        "学号 {sn} 是“{}”的学号，与本行姓名“{name}”不符",
                        graduate.name
                    ),
                )
                .with("student_number", &sn)
                .with("other", &graduate.name),
            );
        }
    }
    let mut input = PlacementInput {
        position_title: cells.text("position_title"),
        industry: cells.text("industry"),
        city: cells.text("city"),
        start_date: date_text(cells.cell("start_date")),
        notes: cells.text("notes"),
        ..PlacementInput::default()
    };
    if let Some(code) = cells.text("destination_code") {
        input.destination_code = Some(destination_code(store, ctx, &code)?);
    }
    match (cells.text("credit_code"), cells.text("employer")) {
        (Some(code), _) => match validate_credit_code(&code) {
            Ok(code) => match store.employer_by_code(&code)? {
                Some(id) => input.employer_id = Some(id),
                None => errs.push(
                    FieldError::new(
                        "credit_code",
                        "unknown",
                        format!("没有统一社会信用代码为 {code} 的用人单位：请先导入或添加该单位"),
                    )
                    .with("value", &code),
                ),
            },
            Err(e) => errs.push(crate::model::employer::credit_code_error(&e)),
        },
        (None, Some(name)) => {
            if store.employer_by_name(&name)?.is_none()
                && let Some(id) = store.institution_id_by_name(&name)?
            {
                // 科研助理 (271) names a research institution in the same column.
                input.institution_id = Some(id);
            } else {
                input.employer = Some(name);
            }
        }
        (None, None) => {}
    }
    if let Some(s) = cells.text("salary") {
        match parse_int(&s, &["元/月", "/月", "元"]).and_then(|n| i32::try_from(n).ok()) {
            Some(v) => input.salary = Some(v),
            None => errs.push(FieldError::new(
                "salary",
                "format",
                "起薪应为每月的元数，如 4500",
            )),
        }
    }
    if let Some(f) = cells.text("in_field") {
        match parse_yes_no(&f) {
            Some(v) => input.in_field = Some(v),
            None => errs.push(FieldError::new(
                "in_field",
                "format",
                "是否对口应填“是”或“否”",
            )),
        }
    }
    if let Some(c) = cells.text("contract_type") {
        match ContractType::parse(&c) {
            Some(v) => input.contract_type = Some(v),
            None => errs.push(FieldError::new(
                "contract_type",
                "format",
                "合同类型应为 劳动合同、就业协议、劳务合同、其他 或 无",
            )),
        }
    }
    match input.destination_code.as_deref() {
        None => errs.push(FieldError::new(
            "destination_code",
            "required",
            "请填写毕业去向代码",
        )),
        Some(code) => {
            let names_one = input.employer.is_some()
                || input.employer_id.is_some()
                || input.institution_id.is_some()
                || cells.text("credit_code").is_some();
            if let Some(d) = ctx.code(store, code)?
                && d.needs_employer
                && !names_one
            {
                errs.push(
                    FieldError::new(
                        "employer",
                        "required",
                        format!(
                            "毕业去向 {}（{}）需要填写单位名称或统一社会信用代码",
                            d.code, d.name
                        ),
                    )
                    .with("code", &d.code),
                );
            }
        }
    }
    errs.into_result()?;
    let current = match store.current_placement_id(&graduate_id)? {
        Some(id) => Some(store.placement(&id)?),
        None => None,
    };
    match current {
        Some(p) if Some(&p.destination_code) == input.destination_code.as_ref() => {
            store.update_placement(&p.id, &input)?;
            Ok(Outcome::Updated)
        }
        Some(_) => {
            input.graduate_id = Some(graduate_id);
            store.record_placement(&input)?;
            Ok(Outcome::Updated)
        }
        None => {
            input.graduate_id = Some(graduate_id);
            store.record_placement(&input)?;
            Ok(Outcome::Inserted)
        }
    }
}
