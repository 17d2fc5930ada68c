//! Keys that must be unique among a college's live rows but that no single device can enforce
//! (two offline PCs may each enter the same student number). The server checks them after every
//! push and records a `duplicate` conflict instead of refusing the batch; devices keep them as
//! plain indexes and check them in their own forms.

/// One such key: the table, the columns whose values together form it, and an extra condition
/// (a column that must be null) for a row to take part.
#[derive(Debug)]
pub struct UniqueKey {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    /// The row takes part only while this column is null (a placement's `superseded_at`).
    pub while_null: Option<&'static str>,
}

const fn key(table: &'static str, columns: &'static [&'static str]) -> UniqueKey {
    UniqueKey {
        table,
        columns,
        while_null: None,
    }
}

pub const UNIQUE_KEYS: &[UniqueKey] = &[
    key("programs", &["name"]),
    key("graduates", &["student_number"]),
    key("graduates", &["id_number"]),
    key("employers", &["credit_code"]),
    key("institutions", &["name"]),
    key("agreements", &["number"]),
    UniqueKey {
        table: "placements",
        columns: &["graduate_id"],
        while_null: Some("superseded_at"),
    },
    key("fair_employers", &["fair_id", "employer_id"]),
    key("applications", &["position_id", "graduate_id"]),
];

/// The keys of one table.
pub fn keys_of(table: &str) -> impl Iterator<Item = &'static UniqueKey> + '_ {
    UNIQUE_KEYS.iter().filter(move |k| k.table == table)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_key_names_synced_columns() {
        for k in super::UNIQUE_KEYS {
            let t = crate::tables::table(k.table).expect("synced table");
            for c in k.columns.iter().chain(k.while_null.iter()) {
                assert!(t.has_column(c), "{}.{c}", k.table);
            }
        }
    }
}
