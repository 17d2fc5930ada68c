//! Destination code lists: reference data with a version. The 2021 list ships with the app (in
//! xiaoqi-protocol's `data/`) and is loaded on first open; a newer list is loaded from a file
//! without a new release.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Store;
use crate::clock;
use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::model::{CodeList, DestinationCode};

/// The list that ships with the app (kept in xiaoqi-protocol, which the server classifies
/// destinations with too), and its version: what new placements use until the college picks
/// another.
pub use xiaoqi_protocol::indicators::{BUILTIN_CODE_LIST, DEFAULT_CODE_LIST};

/// A loaded code list, without its codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CodeListInfo {
    pub version: String,
    pub title: String,
    pub codes: u32,
    pub loaded_at: String,
}

/// Checks a code list before it is loaded: a version, a title, codes that are unique, named
/// and grouped.
fn check(list: &CodeList) -> FieldErrors {
    let mut errs = FieldErrors::default();
    let version = list.version.trim();
    if version.is_empty() || version.len() > 20 {
        errs.push(FieldError::new(
            "version",
            "required",
            "代码表需要版本号（最多 20 个字符）",
        ));
    }
    if list.title.trim().is_empty() {
        errs.push(FieldError::new("title", "required", "代码表需要标题"));
    }
    if list.codes.is_empty() {
        errs.push(FieldError::new(
            "codes",
            "required",
            "代码表里没有任何去向代码",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in list.codes.iter().enumerate() {
        let code = c.code.trim();
        let row = i + 1;
        if code.is_empty() || !code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            errs.push(
                FieldError::new(
                    &format!("codes[{i}].code"),
                    "format",
                    format!("第 {row} 条的代码“{code}”无效"),
                )
                .with("row", row),
            );
        } else if !seen.insert(code.to_string()) {
            errs.push(
                FieldError::new(
                    &format!("codes[{i}].code"),
                    "duplicate",
                    format!("第 {row} 条的代码 {code} 重复"),
                )
                .with("row", row),
            );
        }
        if c.name.trim().is_empty() || c.group.trim().is_empty() {
            errs.push(
                FieldError::new(
                    &format!("codes[{i}].name"),
                    "required",
                    format!("第 {row} 条缺少名称或分组"),
                )
                .with("row", row),
            );
        }
    }
    errs
}

pub(crate) fn destination(
    conn: &Connection,
    version: &str,
    code: &str,
) -> Result<Option<DestinationCode>> {
    Ok(conn
        .prepare_cached(
            "SELECT code, name, grp, employed, wage_rule, needs_employer FROM destination_codes
             WHERE version = ?1 AND code = ?2",
        )?
        .query_row((version, code), from_row)
        .optional()?)
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DestinationCode> {
    Ok(DestinationCode {
        code: r.get(0)?,
        name: r.get(1)?,
        group: r.get(2)?,
        employed: r.get(3)?,
        wage_rule: r.get(4)?,
        needs_employer: r.get(5)?,
    })
}

impl Store {
    /// Loads the shipped list when the database has none.
    pub(super) fn ensure_code_lists(&mut self) -> Result<()> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM code_lists", [], |r| r.get(0))?;
        if n == 0 {
            let list: CodeList = serde_json::from_str(BUILTIN_CODE_LIST)?;
            self.load_code_list(&list)?;
        }
        Ok(())
    }

    /// Loads a code list. Loading a version again with the same codes changes nothing; a
    /// version already loaded with different codes is refused (a list never changes under the
    /// figures that name it).
    pub fn load_code_list(&mut self, list: &CodeList) -> Result<CodeListInfo> {
        check(list).into_result()?;
        let version = list.version.trim().to_string();
        if let Some(existing) = self.code_list(&version)? {
            let codes = self.destination_codes(Some(&version))?;
            let mut given = list.codes.clone();
            for c in &mut given {
                c.code = c.code.trim().to_string();
            }
            if codes.len() == given.len() && given.iter().all(|c| codes.contains(c)) {
                return Ok(existing);
            }
            return Err(CoreError::Invalid(FieldErrors(vec![
                FieldError::new(
                    "version",
                    "exists",
                    format!("版本 {version} 的代码表已载入且内容不同；新的代码表请使用新的版本号"),
                )
                .with("version", &version),
            ])));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO code_lists (version, title, loaded_at) VALUES (?1, ?2, ?3)",
            (&version, list.title.trim(), clock::now()),
        )?;
        for (pos, c) in list.codes.iter().enumerate() {
            tx.execute(
                "INSERT INTO destination_codes (version, code, pos, name, grp, employed, wage_rule, needs_employer)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                (
                    &version,
                    c.code.trim(),
                    pos as i64,
                    c.name.trim(),
                    c.group.trim(),
                    c.employed,
                    c.wage_rule,
                    c.needs_employer,
                ),
            )?;
        }
        tx.commit()?;
        self.code_list(&version)?
            .ok_or_else(|| super::not_found("代码表", &version))
    }

    fn code_list(&self, version: &str) -> Result<Option<CodeListInfo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT l.version, l.title, (SELECT count(*) FROM destination_codes d WHERE d.version = l.version), l.loaded_at
                 FROM code_lists l WHERE l.version = ?1",
                [version],
                |r| {
                    Ok(CodeListInfo {
                        version: r.get(0)?,
                        title: r.get(1)?,
                        codes: r.get(2)?,
                        loaded_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every loaded code list, oldest version first.
    pub fn code_lists(&self) -> Result<Vec<CodeListInfo>> {
        let mut stmt = self
            .conn
            .prepare("SELECT version FROM code_lists ORDER BY version")?;
        let versions: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        versions
            .iter()
            .filter_map(|v| self.code_list(v).transpose())
            .collect()
    }

    /// The version new placements use: the college's choice, else the shipped list.
    pub fn current_code_list(&self) -> Result<String> {
        let chosen: Option<String> = self.conn.query_row(
            "SELECT code_list FROM colleges WHERE id = ?1",
            [&self.college_id],
            |r| r.get(0),
        )?;
        Ok(chosen.unwrap_or_else(|| DEFAULT_CODE_LIST.to_string()))
    }

    /// The codes of a list (the current one when `version` is `None`), in the list's order.
    pub fn destination_codes(&self, version: Option<&str>) -> Result<Vec<DestinationCode>> {
        let version = match version {
            Some(v) => v.to_string(),
            None => self.current_code_list()?,
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, name, grp, employed, wage_rule, needs_employer FROM destination_codes
             WHERE version = ?1 ORDER BY pos",
        )?;
        let rows = stmt.query_map([&version], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
