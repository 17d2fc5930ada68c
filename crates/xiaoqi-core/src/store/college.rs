//! The college profile: one row, made on first open, its id is every record's `college_id`.

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;
use serde_json::Value;

use super::{Store, opt};
use crate::change::{self, Change, Op};
use crate::clock;
use crate::error::{CoreError, Result};
use crate::model::{College, CollegeInput, Contact};
use crate::outbox;
use crate::validate::normalize::clean_text;

impl Store {
    /// The college id recorded in `meta`; on a new database, creates the college row.
    pub(super) fn ensure_college(&mut self) -> Result<String> {
        if let Some(id) = self.meta("college_id")? {
            return Ok(id);
        }
        let id = clock::new_id();
        let now = clock::now();
        let columns = BTreeMap::from([
            ("college_id".to_string(), Value::from(id.clone())),
            ("name".to_string(), Value::from("我的学校")),
            ("code".to_string(), Value::Null),
            ("city".to_string(), Value::Null),
            ("min_wage".to_string(), Value::Null),
            ("code_list".to_string(), Value::Null),
            ("credit_code".to_string(), Value::Null),
            ("address".to_string(), Value::Null),
            (
                "contacts".to_string(),
                super::json_text(&Vec::<Contact>::new()),
            ),
            ("created_at".to_string(), Value::from(now.clone())),
            ("updated_at".to_string(), Value::from(now)),
            ("deleted_at".to_string(), Value::Null),
        ]);
        let c = Change {
            table: "colleges".into(),
            row_id: id.clone(),
            op: Op::Insert,
            columns,
        };
        let tx = self.conn.transaction()?;
        change::apply(&tx, &c)?;
        outbox::append(&tx, &c, None)?;
        crate::audit::append_change(&tx, &crate::model::Actor::system(), &c)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('college_id', ?1)",
            [&id],
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn college(&self) -> Result<College> {
        self.conn
            .query_row(
                "SELECT id, name, code, city, min_wage, code_list, created_at, updated_at,
                        credit_code, address, contacts
                 FROM colleges WHERE id = ?1",
                [&self.college_id],
                |r| {
                    let contacts: String = r.get(10)?;
                    Ok(College {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        code: r.get(2)?,
                        city: r.get(3)?,
                        min_wage: r.get(4)?,
                        code_list: r
                            .get::<_, Option<String>>(5)?
                            .unwrap_or_else(|| super::codes::DEFAULT_CODE_LIST.to_string()),
                        credit_code: r.get(8)?,
                        address: r.get(9)?,
                        contacts: super::from_json_text(&contacts),
                        created_at: r.get(6)?,
                        updated_at: r.get(7)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                kind: "学校",
                id: self.college_id.clone(),
            })
    }

    pub fn update_college(&mut self, input: &CollegeInput) -> Result<College> {
        let (clean, errs) = input.check();
        errs.into_result()?;
        let current = self.college()?;
        let old = super::row_columns(
            &self.conn,
            &crate::schema::COLLEGES,
            &self.college_id,
            &current.id,
        )?
        .unwrap_or_default();
        let mut new = BTreeMap::new();
        if let Some(n) = input.name.as_deref().and_then(clean_text) {
            new.insert("name".to_string(), Value::from(n));
        }
        if let Some(c) = &input.code {
            new.insert("code".to_string(), opt(clean_text(c)));
        }
        if let Some(c) = &input.city {
            new.insert("city".to_string(), opt(clean_text(c)));
        }
        if let Some(c) = clean.credit_code {
            new.insert("credit_code".to_string(), opt(c));
        }
        if let Some(a) = &input.address {
            new.insert("address".to_string(), opt(clean_text(a)));
        }
        if let Some(list) = clean.contacts {
            new.insert("contacts".to_string(), super::json_text(&list));
        }
        if let Some(w) = input.min_wage {
            new.insert("min_wage".to_string(), opt((w > 0).then_some(w)));
        }
        if let Some(v) = &input.code_list {
            let v = v.trim().to_string();
            if !self.code_lists()?.iter().any(|l| l.version == v) {
                return Err(super::invalid(
                    crate::FieldError::new(
                        "code_list",
                        "unknown",
                        format!("没有载入版本 {v} 的去向代码表"),
                    )
                    .with("version", &v),
                ));
            }
            new.insert("code_list".to_string(), Value::from(v));
        }
        let id = current.id.clone();
        self.write(|_, _| {
            Ok(super::update("colleges", &id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.college()
    }
}
