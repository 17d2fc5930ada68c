//! The record tables that sync, and the columns of each that a change may carry. Devices and the
//! server check every table and column a change names against this list before anything else.

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
        "min_wage",
        "code_list",
        "credit_code",
        "address",
        "contacts",
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
        "industries",
        "position_keywords",
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

pub const EMPLOYERS: TableDef = TableDef {
    name: "employers",
    columns: &[
        "college_id",
        "name",
        "credit_code",
        "credit_code_ok",
        "employer_type",
        "industry",
        "size",
        "city",
        "address",
        "contacts",
        "tags",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const INSTITUTIONS: TableDef = TableDef {
    name: "institutions",
    columns: &[
        "college_id",
        "name",
        "parent_org",
        "kind",
        "city",
        "credit_code",
        "credit_code_ok",
        "address",
        "contacts",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const PLACEMENTS: TableDef = TableDef {
    name: "placements",
    columns: &[
        "college_id",
        "graduate_id",
        "code_list",
        "destination_code",
        "employer_id",
        "institution_id",
        "position_title",
        "industry",
        "city",
        "start_date",
        "salary",
        "contract_type",
        "in_field",
        "evidence",
        "verified_by",
        "verified_at",
        "superseded_at",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const AGREEMENTS: TableDef = TableDef {
    name: "agreements",
    columns: &[
        "college_id",
        "number",
        "kind",
        "title",
        "employer_id",
        "institution_id",
        "programs",
        "start_date",
        "end_date",
        "clauses",
        "signatories",
        "status",
        "history",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const FAIRS: TableDef = TableDef {
    name: "fairs",
    columns: &[
        "college_id",
        "name",
        "start_date",
        "end_date",
        "mode",
        "venue",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const FAIR_EMPLOYERS: TableDef = TableDef {
    name: "fair_employers",
    columns: &[
        "college_id",
        "fair_id",
        "employer_id",
        "booth",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const POSITIONS: TableDef = TableDef {
    name: "positions",
    columns: &[
        "college_id",
        "fair_id",
        "employer_id",
        "title",
        "headcount",
        "programs",
        "salary_min",
        "salary_max",
        "city",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

pub const APPLICATIONS: TableDef = TableDef {
    name: "applications",
    columns: &[
        "college_id",
        "position_id",
        "graduate_id",
        "fair_id",
        "status",
        "placement_id",
        "history",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

/// Two edits that met on the server: made by the server, synced to every device of the college,
/// resolved on a device by an ordinary edit (`resolved_*`). `kind` is `column` (two values of one
/// column), `delete` (a delete beat a concurrent update) or `duplicate` (two live rows share a
/// key only the server could check; `other_row_id` names the earlier one).
pub const SYNC_CONFLICTS: TableDef = TableDef {
    name: "sync_conflicts",
    columns: &[
        "college_id",
        "kind",
        "table_name",
        "row_id",
        "column_name",
        "other_row_id",
        "kept_value",
        "lost_value",
        "kept_device",
        "lost_device",
        "kept_user",
        "lost_user",
        "kept_at",
        "lost_at",
        "resolved_at",
        "resolved_by",
        "resolution",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};

/// Every synced table, parents before children (the order a snapshot is applied in).
pub const TABLES: &[&TableDef] = &[
    &COLLEGES,
    &PROGRAMS,
    &GRADUATES,
    &EMPLOYERS,
    &INSTITUTIONS,
    &PLACEMENTS,
    &AGREEMENTS,
    &FAIRS,
    &FAIR_EMPLOYERS,
    &POSITIONS,
    &APPLICATIONS,
    &SYNC_CONFLICTS,
];

/// A table's place in [`TABLES`]: rows of one server version are sent parents first.
pub fn rank(name: &str) -> Option<usize> {
    TABLES.iter().position(|t| t.name == name)
}

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
