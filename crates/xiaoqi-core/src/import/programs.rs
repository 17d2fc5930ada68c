//! Program rows: matched to existing programs by name.

use super::columns::{Column, RowCells, parse_int};
use super::{Outcome, Seen};
use crate::error::{FieldError, FieldErrors, Result};
use crate::model::{ProgramInput, TrainingLevel};
use crate::store::Store;

pub(super) const COLUMNS: &[Column] = &[
    Column {
        field: "name",
        label: "专业名称",
        synonyms: &["专业"],
        required: true,
    },
    Column {
        field: "code",
        label: "专业代码",
        synonyms: &["代码", "专业编码"],
        required: false,
    },
    Column {
        field: "level",
        label: "培养层次",
        synonyms: &["层次", "培养层级", "办学层次"],
        required: false,
    },
    Column {
        field: "length_years",
        label: "学制",
        synonyms: &["学制年限", "年制"],
        required: false,
    },
    Column {
        field: "department",
        label: "所属系部",
        synonyms: &["系部", "院系", "所属院系", "二级学院", "系"],
        required: false,
    },
    Column {
        field: "industries",
        label: "对口行业",
        synonyms: &[],
        required: false,
    },
    Column {
        field: "position_keywords",
        label: "对口岗位关键词",
        synonyms: &["岗位关键词"],
        required: false,
    },
];

/// A list typed in one cell: `C、I` or `机器人, 运维`.
pub(super) fn split_list(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn import_row(
    store: &mut Store,
    cells: &RowCells<'_>,
    _seen: &mut Seen,
) -> Result<Outcome> {
    let mut errs = FieldErrors::default();
    let mut input = ProgramInput {
        name: cells.text("name"),
        code: cells.text("code"),
        department: cells.text("department"),
        industries: cells.text("industries").map(|t| split_list(&t)),
        position_keywords: cells.text("position_keywords").map(|t| split_list(&t)),
        ..ProgramInput::default()
    };
    if let Some(l) = cells.text("level") {
        match TrainingLevel::parse(&l) {
            Some(v) => input.level = Some(v),
            None => errs.push(FieldError::new(
                "level",
                "format",
                "培养层次应为 中级工、高级工 或 预备技师",
            )),
        }
    }
    if let Some(y) = cells.text("length_years") {
        match parse_int(&y, &["年制", "年"]).and_then(|n| u8::try_from(n).ok()) {
            Some(v) => input.length_years = Some(v),
            None => errs.push(FieldError::new(
                "length_years",
                "format",
                "学制应为年数，如 3",
            )),
        }
    }
    let existing = match input.name.as_deref() {
        Some(name) => store.program_id_by_name(name)?,
        None => None,
    };
    if !errs.is_empty() {
        return Err(super::with_form_errors(
            errs,
            input.check(existing.is_none()),
        ));
    }
    match existing {
        Some(id) => {
            store.update_program(&id, &input)?;
            Ok(Outcome::Updated)
        }
        None => {
            store.create_program(&input)?;
            Ok(Outcome::Inserted)
        }
    }
}
