//! A new college's profile row (the synced `colleges` record), made by the server so that
//! every device of the college starts from the name, code and city the province gave it.

use std::collections::BTreeMap;

use serde_json::Value;
use xiaoqi_protocol::College;

use crate::merge::{ColumnMeta, Plan, StoredRow};

pub fn plan(c: &College, now: &str) -> Plan {
    let columns = BTreeMap::from([
        ("college_id".to_string(), Value::from(c.id.as_str())),
        ("name".to_string(), Value::from(c.name.as_str())),
        ("code".to_string(), Value::from(c.code.as_str())),
        (
            "city".to_string(),
            c.city.as_deref().map_or(Value::Null, Value::from),
        ),
        ("min_wage".to_string(), Value::Null),
        ("code_list".to_string(), Value::Null),
        // The college's own party details (credit code, address, contacts) are the college's
        // to enter: the profile starts them empty, as a device's new profile does (a device's
        // binding drops its own empty values, so only what it entered is pushed).
        ("credit_code".to_string(), Value::Null),
        ("address".to_string(), Value::Null),
        ("contacts".to_string(), Value::from("[]")),
        ("created_at".to_string(), Value::from(now)),
        ("updated_at".to_string(), Value::from(now)),
        ("deleted_at".to_string(), Value::Null),
    ]);
    let by = ColumnMeta {
        version: 1,
        device: "server".into(),
        user: None,
        at: now.to_string(),
    };
    let row = StoredRow {
        version: 1,
        // Only what the province set counts as written: a device's first minimum wage is not
        // a concurrent edit of the empty profile.
        meta: columns
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, _)| (k.clone(), by.clone()))
            .collect(),
        columns,
    };
    let mut plan = Plan {
        version: 1,
        ..Plan::default()
    };
    plan.rows.insert(("colleges".into(), c.id.clone()), row);
    plan.log.push(crate::merge::Logged {
        mutation_id: 0,
        change_id: crate::clock::new_id(),
        table: "colleges".into(),
        row_id: c.id.clone(),
        op: xiaoqi_protocol::Op::Insert,
        columns: BTreeMap::new(),
        at: now.to_string(),
    });
    plan
}
