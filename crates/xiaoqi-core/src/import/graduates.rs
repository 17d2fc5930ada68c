//! Graduate rows: matched to existing graduates by student number.

use serde_json::Value;

use super::columns::{Column, RowCells, parse_int};
use super::{Context, Outcome, Seen, repeated};
use crate::error::{FieldError, FieldErrors, Result};
use crate::model::{Gender, GraduateInput, SkillLevel};
use crate::store::Store;
use crate::validate::id_number::{mask_id_number, mask_phone};
use crate::validate::{normalize_identifier, validate_id_number};

const fn col(
    field: &'static str,
    label: &'static str,
    synonyms: &'static [&'static str],
    required: bool,
) -> Column {
    Column {
        field,
        label,
        synonyms,
        required,
    }
}

pub(super) const COLUMNS: &[Column] = &[
    col("name", "姓名", &["学生姓名", "毕业生姓名"], false),
    col("gender", "性别", &[], false),
    col("student_number", "学号", &["学籍号"], true),
    col(
        "id_number",
        "身份证号",
        &["身份证号码", "证件号码", "证件号", "身份证", "公民身份号码"],
        false,
    ),
    col(
        "phone",
        "手机号码",
        &["手机", "手机号", "联系电话", "电话", "联系方式"],
        false,
    ),
    col("program", "专业", &["专业名称", "所学专业"], false),
    col(
        "cohort",
        "毕业年份",
        &["届别", "毕业届别", "届", "毕业年度", "毕业年"],
        false,
    ),
    col("class_name", "班级", &["班级名称", "所在班级"], false),
    col("homeroom_teacher", "班主任", &["班主任姓名"], false),
    col(
        "skill_level",
        "技能等级",
        &["职业技能等级", "技能证书等级", "证书等级", "职业资格等级"],
        false,
    ),
    col("notes", "备注", &[], false),
];

fn parse_enum<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(Value::String(text.trim().to_string())).ok()
}

pub(super) fn import_row(
    store: &mut Store,
    cells: &RowCells<'_>,
    seen: &mut Seen,
    ctx: &mut Context,
) -> Result<Outcome> {
    let mut errs = FieldErrors::default();
    let mut input = GraduateInput {
        name: cells.text("name"),
        student_number: cells.text("student_number"),
        id_number: cells.text("id_number"),
        phone: cells.text("phone"),
        program: cells.text("program"),
        class_name: cells.text("class_name"),
        homeroom_teacher: cells.text("homeroom_teacher"),
        notes: cells.text("notes"),
        ..GraduateInput::default()
    };
    if let Some(g) = cells.text("gender") {
        match parse_enum::<Gender>(&g) {
            Some(v) => input.gender = Some(v),
            None => errs.push(FieldError::new("gender", "format", "性别应为“男”或“女”")),
        }
    }
    if let Some(c) = cells.text("cohort") {
        match parse_int(&c, &["届", "年"]).and_then(|n| i32::try_from(n).ok()) {
            Some(y) => input.cohort = Some(y),
            None => errs.push(FieldError::new(
                "cohort",
                "format",
                "毕业年份应为四位年份，如 2025",
            )),
        }
    }
    if let Some(s) = cells.text("skill_level") {
        match parse_enum::<SkillLevel>(&s) {
            Some(v) => input.skill_level = Some(v),
            None => errs.push(FieldError::new(
                "skill_level",
                "format",
                "技能等级应为 初级工、中级工、高级工、技师 或 高级技师（也可写 五级 到 一级）",
            )),
        }
    }
    let row = cells.row.number;
    let sn = input.student_number.as_deref().map(normalize_identifier);
    if let Some(sn) = sn.as_deref().filter(|s| !s.is_empty())
        && let Some(earlier) = seen.repeat("student_number", sn, row)
    {
        return Err(repeated("student_number", "学号", earlier));
    }
    if let Some(idn) = input
        .id_number
        .as_deref()
        .and_then(|v| validate_id_number(v).ok())
        && let Some(earlier) = seen.repeat("id_number", &idn, row)
    {
        return Err(repeated("id_number", "身份证号", earlier));
    }
    let existing = match sn.as_deref().filter(|s| !s.is_empty()) {
        Some(sn) => store.graduate_id_by_number(sn)?,
        None => None,
    };
    // A masked export imported back: the masked value of what is stored changes nothing.
    let needs_current = existing.is_some()
        && [&input.id_number, &input.phone]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| v.contains('*')));
    let current = match (&existing, needs_current) {
        (Some(id), true) => Some(store.graduate(id)?),
        _ => None,
    };
    for (field, label, mask) in [
        (
            "id_number",
            "身份证号",
            mask_id_number as fn(&str) -> String,
        ),
        ("phone", "手机号码", mask_phone),
    ] {
        let value = if field == "id_number" {
            &mut input.id_number
        } else {
            &mut input.phone
        };
        let Some(v) = value.as_deref().filter(|v| v.contains('*')) else {
            continue;
        };
        let stored = current.as_ref().and_then(|g| {
            if field == "id_number" {
                g.id_number.clone()
            } else {
                g.phone.clone()
            }
        });
        if stored.as_deref().map(mask) == Some(normalize_identifier(v)) {
            *value = None;
        } else {
            errs.push(FieldError::new(
                field,
                "masked",
                format!("{label}是遮盖过的（含 *），无法导入：请导出完整号码后再导入，或清空该列"),
            ));
        }
    }
    if !errs.is_empty() {
        // Report the row's other problems too, as the form would.
        return Err(super::with_form_errors(
            errs,
            input.check(existing.is_none()).1,
        ));
    }
    // A known program by its id (one lookup per program per import); an unknown one keeps its
    // name, so that the store says which program does not exist.
    if let Some(name) = input.program.clone()
        && let Some(id) = ctx.program_id(store, &name)?
    {
        input.program = None;
        input.program_id = Some(id);
    }
    match existing {
        Some(id) => {
            let current = match &current {
                Some(g) => g.clone(),
                None => store.graduate(&id)?,
            };
            store.change_graduate(&current, &input)?;
            Ok(Outcome::Updated)
        }
        None => {
            store.insert_graduate(&input)?;
            Ok(Outcome::Inserted)
        }
    }
}
