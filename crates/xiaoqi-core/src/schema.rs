//! The record tables that sync, and the columns of each that a change may carry. Every SQL
//! identifier built from a change is checked against this list first.

/// A synced record table: its name and the columns a change may set (besides `id`).
#[derive(Debug)]
pub struct TableDef {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

#[cfg(test)]
const COMMON: [&str; 4] = ["college_id", "created_at", "updated_at", "deleted_at"];

pub const COLLEGES: TableDef = TableDef {
    name: "colleges",
    columns: &[
        "college_id",
        "name",
        "code",
        "city",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const PROGRAMS: TableDef = TableDef {
    name: "programs",
    columns: &[
        "college_id",
        "name",
        "code",
        "level",
        "length_years",
        "department",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const GRADUATES: TableDef = TableDef {
    name: "graduates",
    columns: &[
        "college_id",
        "name",
        "gender",
        "student_number",
        "id_number",
        "phone",
        "program_id",
        "cohort",
        "class_name",
        "homeroom_teacher",
        "skill_level",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

/// Every synced table, parents before children (the order a snapshot is applied in).
pub const TABLES: &[&TableDef] = &[&COLLEGES, &PROGRAMS, &GRADUATES];

/// Looks a table up by name; `None` for anything not synced.
pub fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().copied().find(|t| t.name == name)
}

impl TableDef {
    pub fn has_column(&self, col: &str) -> bool {
        self.columns.contains(&col)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_table_carries_the_common_columns() {
        for t in super::TABLES {
            for c in super::COMMON {
                assert!(t.has_column(c), "{} lacks {c}", t.name);
            }
        }
    }
}
