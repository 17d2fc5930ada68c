//! Importing programs, graduates, placements and employers from .xlsx/.xls/.csv files.
//!
//! - Headers are matched tolerantly ([`columns::fold_header`]) against each kind's columns and
//!   their synonyms ([`ImportKind::columns`]); `docs/import.md` lists them.
//! - Every row goes through the same store functions (and so the same rules) as the forms. A
//!   row is rejected with its row number as Excel shows it, the column, the value and the
//!   reason; identifiers are normalised first, and numbers whose digits Excel lost are named.
//! - Records are matched to existing ones (graduates by student number, employers by credit
//!   code then name, programs by name, placements by graduate), so importing the same file again
//!   changes nothing and an edited file updates. An empty cell leaves the stored value as it is.
//! - All accepted rows land in one transaction; `strict` keeps none if any row is rejected and
//!   `dry_run` keeps none at all (the counts then say what an import would do).

pub mod columns;
mod employers;
mod graduates;
mod placements;
mod programs;
mod report;
mod templates;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use columns::Column;
pub use report::rejected_rows_xlsx;
pub use templates::{columns_markdown, template_xlsx};

use crate::error::{CoreError, FieldError, Result};
use crate::sheet::{Table, read_table};
use crate::store::Store;
use columns::{HeaderMap, RowCells};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Programs,
    Graduates,
    Placements,
    Employers,
}

impl ImportKind {
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Programs,
        ImportKind::Graduates,
        ImportKind::Placements,
        ImportKind::Employers,
    ];

    pub fn parse(s: &str) -> Option<ImportKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Programs => "programs",
            Self::Graduates => "graduates",
            Self::Placements => "placements",
            Self::Employers => "employers",
        }
    }

    /// The kind in words, zh-CN.
    pub fn label(self) -> &'static str {
        match self {
            Self::Programs => "专业",
            Self::Graduates => "毕业生",
            Self::Placements => "毕业去向",
            Self::Employers => "用人单位",
        }
    }

    /// The columns a file of this kind may have, in template order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Programs => programs::COLUMNS,
            Self::Graduates => graduates::COLUMNS,
            Self::Placements => placements::COLUMNS,
            Self::Employers => employers::COLUMNS,
        }
    }
}

/// How an import treats rejected rows and whether it keeps anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOptions {
    /// Validate only: nothing is kept; the counts say what an import would do.
    #[serde(default)]
    pub dry_run: bool,
    /// Keep nothing if any row is rejected.
    #[serde(default)]
    pub strict: bool,
}

/// One problem of a rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    /// The file column (0-based), when the problem is in one.
    pub col: Option<u32>,
    /// Its header as the file writes it (or the template's, for a missing column).
    pub column: String,
    pub value: String,
    /// In zh-CN words.
    pub reason: String,
    /// The reason's stable code (`id_number.check_digit`) and its values, as `FieldError`
    /// has them, so that the app can say it in the person's language; empty when the problem
    /// is not a field's.
    pub code: String,
    pub params: std::collections::BTreeMap<String, String>,
}

/// A rejected row: its number as Excel shows it (the header is row 1), and its first problem;
/// `problems` holds them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rejected {
    pub row: u32,
    pub column: String,
    pub value: String,
    /// The first problem's reason, followed by the others' (`；另：列 “值”：原因`).
    pub reason: String,
    /// Every problem of the row, the first one included (the app's view; the CLI prints the
    /// four fields above).
    pub problems: Vec<Problem>,
}

/// What an import did. A dry run reports what an import would do and saves nothing; a strict
/// import that found rejected rows saves nothing and reports zero counts beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    pub inserted: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: Vec<Rejected>,
}

/// The outcome of one accepted row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

/// Rows of the file already seen, by a key (student number, ID number): a repeat is rejected.
#[derive(Default)]
pub(crate) struct Seen {
    keys: HashMap<(&'static str, String), u32>,
}

impl Seen {
    /// Notes `value` of `field` at `row`; the earlier row's number when it was seen before.
    pub(crate) fn repeat(&mut self, field: &'static str, value: &str, row: u32) -> Option<u32> {
        match self.keys.get(&(field, value.to_string())) {
            Some(&earlier) => Some(earlier),
            None => {
                self.keys.insert((field, value.to_string()), row);
                None
            }
        }
    }
}

/// A row's cell errors together with the form's own for the other fields (one problem per
/// field), as the form would report them.
pub(crate) fn with_form_errors(
    mut errs: crate::error::FieldErrors,
    form: crate::error::FieldErrors,
) -> CoreError {
    for e in form.0 {
        if !errs.0.iter().any(|x| x.field == e.field) {
            errs.push(e);
        }
    }
    CoreError::Invalid(errs)
}

/// The error for a value that repeats an earlier row of the file.
pub(crate) fn repeated(field: &str, what: &str, earlier: u32) -> CoreError {
    CoreError::Invalid(crate::error::FieldErrors(vec![
        FieldError::new(
            field,
            "repeated_in_file",
            format!("{what}与本文件第 {earlier} 行重复"),
        )
        .with("row", earlier.to_string()),
    ]))
}

/// Reads `path` and imports it; see the module docs. `progress(done, total)` is called as rows
/// are processed.
pub fn import_file(
    store: &mut Store,
    kind: ImportKind,
    path: &Path,
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let table = read_table(path)?;
    import_table(store, kind, &table, options, progress)
}

/// Imports a table already read; its first row is the header.
pub fn import_table(
    store: &mut Store,
    kind: ImportKind,
    table: &Table,
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let columns = kind.columns();
    let Some((header, rows)) = table.rows.split_first() else {
        return Ok(ImportReport::default());
    };
    let map = HeaderMap::new(header, columns);
    let missing = map.missing(columns);
    if !missing.is_empty() {
        return Err(CoreError::invalid(
            "file",
            "missing_columns",
            format!(
                "第 {} 行的表头缺少{}必需的列：{}（表头是：{}）。请使用导入模板的列名",
                header.number,
                kind.label(),
                missing.join("、"),
                map.headers
                    .iter()
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ));
    }
    let total = rows.len();
    store.tentatively(|store| {
        let mut report = ImportReport::default();
        let mut seen = Seen::default();
        let mut context = Context::default();
        for (i, row) in rows.iter().enumerate() {
            let cells = RowCells {
                row,
                map: &map,
                columns,
            };
            let before = store.changes_applied();
            let result = match kind {
                ImportKind::Programs => programs::import_row(store, &cells, &mut seen),
                ImportKind::Graduates => {
                    graduates::import_row(store, &cells, &mut seen, &mut context)
                }
                ImportKind::Placements => {
                    placements::import_row(store, &cells, &mut seen, &mut context)
                }
                ImportKind::Employers => employers::import_row(store, &cells, &mut seen),
            };
            match result {
                Ok(outcome) => {
                    let outcome = match outcome {
                        Outcome::Updated if store.changes_applied() == before => Outcome::Unchanged,
                        other => other,
                    };
                    match outcome {
                        Outcome::Inserted => report.inserted += 1,
                        Outcome::Updated => report.updated += 1,
                        Outcome::Unchanged => report.unchanged += 1,
                    }
                }
                // Refused by the checks, before anything was applied: the row is rejected.
                Err(e) if e.is_invalid_data() => {
                    report.rejected.push(rejection(&cells, kind, &e));
                }
                // The database failed mid-write: the whole import is rolled back.
                Err(e) => return Err(e),
            }
            if (i + 1) % 250 == 0 || i + 1 == total {
                progress(i + 1, total);
            }
        }
        let refused = options.strict && !report.rejected.is_empty();
        let keep = !options.dry_run && !refused;
        if options.strict && !report.rejected.is_empty() {
            report.inserted = 0;
            report.updated = 0;
            report.unchanged = 0;
        }
        Ok((report, keep))
    })
}

/// Per-import lookups that rows share (the destination codes of placements).
#[derive(Default)]
pub(crate) struct Context {
    codes: Option<Vec<crate::model::DestinationCode>>,
    programs: HashMap<String, Option<String>>,
}

impl Context {
    /// The id of the program named `name`, looked up once per import.
    pub(crate) fn program_id(&mut self, store: &Store, name: &str) -> Result<Option<String>> {
        if let Some(id) = self.programs.get(name) {
            return Ok(id.clone());
        }
        let id = store.program_id_by_name(name)?;
        self.programs.insert(name.to_string(), id.clone());
        Ok(id)
    }

    /// The current code list's codes, read once per import.
    pub(crate) fn codes(&mut self, store: &Store) -> Result<&[crate::model::DestinationCode]> {
        if self.codes.is_none() {
            self.codes = Some(store.destination_codes(None)?);
        }
        Ok(self.codes.as_deref().unwrap_or_default())
    }

    pub(crate) fn code(
        &mut self,
        store: &Store,
        code: &str,
    ) -> Result<Option<crate::model::DestinationCode>> {
        Ok(self.codes(store)?.iter().find(|c| c.code == code).cloned())
    }
}

/// A failed row as the report shows it.
fn rejection(cells: &RowCells<'_>, kind: ImportKind, e: &CoreError) -> Rejected {
    let fields: Vec<FieldError> = match e {
        CoreError::Invalid(f) => f.0.clone(),
        other => vec![FieldError {
            field: String::new(),
            code: String::new(),
            message: other.to_string(),
            params: Default::default(),
        }],
    };
    let problems: Vec<Problem> = fields
        .iter()
        .map(|f| {
            let field = column_of(kind, &f.field, cells);
            let col = field.and_then(|f| cells.position(f));
            Problem {
                col: col.and_then(|c| u32::try_from(c).ok()),
                column: field.map(|f| cells.header(f)).unwrap_or_default(),
                value: col.map(|c| cells.row.cell(c).display()).unwrap_or_default(),
                reason: f.message.clone(),
                code: f.code.clone(),
                params: f.params.clone(),
            }
        })
        .collect();
    let first = problems.first().cloned().unwrap_or(Problem {
        col: None,
        column: String::new(),
        value: String::new(),
        reason: e.to_string(),
        code: String::new(),
        params: Default::default(),
    });
    let mut reason = first.reason.clone();
    for p in problems.iter().skip(1) {
        reason.push_str(&format!("；另：{}“{}”：{}", p.column, p.value, p.reason));
    }
    Rejected {
        row: cells.row.number,
        column: first.column,
        value: first.value,
        reason,
        problems,
    }
}

/// The import column a record field's error belongs to.
fn column_of(kind: ImportKind, field: &str, cells: &RowCells<'_>) -> Option<&'static str> {
    let base = field.split(['[', '.']).next().unwrap_or(field);
    let aliased = match (kind, base) {
        (_, "program_id") => "program",
        (ImportKind::Placements, "graduate" | "graduate_id") => "student_number",
        (ImportKind::Placements, "employer" | "employer_id" | "institution" | "institution_id") => {
            if cells.position("employer").is_none() && cells.position("credit_code").is_some() {
                "credit_code"
            } else {
                "employer"
            }
        }
        (_, other) => other,
    };
    kind.columns()
        .iter()
        .find(|c| c.field == aliased)
        .map(|c| c.field)
}
