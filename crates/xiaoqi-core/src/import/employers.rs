//! Employer rows: matched to existing employers by credit code, else by exact name. A name
//! near-identical to an existing employer's is rejected (typed duplicates are what hurts most).

use super::columns::{Column, RowCells};
use super::{Outcome, Seen};
use crate::error::Result;
use crate::model::EmployerInput;
use crate::store::Store;
use crate::validate::{normalize_identifier, validate_credit_code};

pub(super) const COLUMNS: &[Column] = &[
    Column {
        field: "name",
        label: "单位名称",
        synonyms: &["企业名称", "用人单位", "用人单位名称", "公司名称", "单位"],
        required: true,
    },
    Column {
        field: "credit_code",
        label: "统一社会信用代码",
        synonyms: &["信用代码", "社会信用代码", "组织机构代码"],
        required: false,
    },
    Column {
        field: "employer_type",
        label: "单位性质",
        synonyms: &["企业性质", "单位类型", "企业类型"],
        required: false,
    },
    Column {
        field: "industry",
        label: "行业",
        synonyms: &["所属行业", "行业门类", "行业类别"],
        required: false,
    },
    Column {
        field: "city",
        label: "所在地",
        synonyms: &["所在城市", "城市", "所在地区", "地区"],
        required: false,
    },
    Column {
        field: "address",
        label: "地址",
        synonyms: &["单位地址", "详细地址"],
        required: false,
    },
    Column {
        field: "notes",
        label: "备注",
        synonyms: &[],
        required: false,
    },
];

pub(super) fn import_row(
    store: &mut Store,
    cells: &RowCells<'_>,
    _seen: &mut Seen,
) -> Result<Outcome> {
    let mut input = EmployerInput {
        name: cells.text("name"),
        credit_code: cells.text("credit_code"),
        employer_type: cells.text("employer_type"),
        industry: cells.text("industry"),
        city: cells.text("city"),
        address: cells.text("address"),
        notes: cells.text("notes"),
        ..EmployerInput::default()
    };
    let by_code = match input.credit_code.as_deref().map(validate_credit_code) {
        Some(Ok(code)) => store.employer_by_code(&code)?,
        Some(Err(_)) => {
            // A code that fails the check but is already on record was accepted with its
            // warning when it was saved: the same code again needs no new consent.
            let raw = normalize_identifier(input.credit_code.as_deref().unwrap_or_default());
            let found = store.employer_by_code(&raw)?;
            if found.is_some() {
                input.accept_warnings = Some(true);
            }
            found
        }
        None => None,
    };
    // By name only when the codes cannot disagree: a different code is a different employer.
    let existing = match (by_code, input.name.as_deref()) {
        (Some(id), _) => Some(id),
        (None, Some(name)) => store
            .employer_by_name(name)?
            .filter(|(_, code)| code.is_none() || input.credit_code.is_none())
            .map(|(id, _)| id),
        (None, None) => None,
    };
    match existing {
        Some(id) => {
            store.update_employer(&id, &input)?;
            Ok(Outcome::Updated)
        }
        None => {
            store.create_employer(&input)?;
            Ok(Outcome::Inserted)
        }
    }
}
