//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit codes: 0 success · 1 invalid data (the message names the field and why) · 2 usage error or unreadable database.
The database: --db PATH, else $XIAOQI_DB, else the desktop app's own data directory.";

#[derive(Parser, Debug)]
#[command(name = "xiaoqi", version, about = "校企通 (Xiaoqi) command line: the same records as the desktop app", after_help = AFTER_HELP)]
pub struct Cli {
    /// The SQLite database to use (default: $XIAOQI_DB, else the app's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the database path in use and its schema version.
    Info {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Seed the deterministic demo college (programs, 3 cohorts, 1,500+ graduates).
    Demo {
        /// Replace the programs and graduates a database already holds.
        #[arg(long, conflicts_with = "if_empty")]
        force: bool,
        /// Do nothing (and succeed) when the database already holds records (`make run` uses this).
        #[arg(long)]
        if_empty: bool,
    },
    /// Programs (专业). JSON fields: name, code, level (中级工|高级工|预备技师), length_years, department.
    #[command(subcommand)]
    Programs(ProgramCmd),
    /// Graduates (毕业生). JSON fields: name, gender (男|女), student_number, id_number, phone,
    /// program (name) or program_id, cohort, class_name, homeroom_teacher,
    /// skill_level (初级工|中级工|高级工|技师|高级技师), notes.
    #[command(subcommand)]
    Graduates(GraduateCmd),
    /// Check a resident ID number or a unified social credit code; prints the normalised value.
    #[command(subcommand)]
    Validate(ValidateCmd),
}

#[derive(Subcommand, Debug)]
pub enum ProgramCmd {
    /// List every program.
    List(ListOut),
    /// Show one program (by id or name).
    Get {
        id: String,
        #[command(flatten)]
        out: ListOut,
    },
    /// Create a program and print its id, e.g.
    /// --json '{"name":"工业机器人应用与维护","code":"0126-4","level":"预备技师","length_years":6,"department":"智能制造系"}'
    Add(JsonIn),
    /// Change the given fields of a program (by id or name); an empty text clears a field.
    Update {
        id: String,
        #[command(flatten)]
        input: JsonIn,
    },
    /// Delete a program no graduate refers to.
    Delete { id: String },
}

#[derive(Subcommand, Debug)]
pub enum GraduateCmd {
    /// List graduates (every match unless --limit/--offset), sorted by name (pinyin).
    List {
        /// Name, pinyin initials or full pinyin (zs, zhangsan), student number or ID number.
        #[arg(long)]
        search: Option<String>,
        /// Graduation year (届别).
        #[arg(long)]
        cohort: Option<i32>,
        /// Program name (or id).
        #[arg(long)]
        program: Option<String>,
        /// Class name.
        #[arg(long = "class")]
        class_name: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        offset: Option<u32>,
        #[command(flatten)]
        out: ListOut,
    },
    /// Show one graduate (by id or student number).
    Get {
        id: String,
        #[command(flatten)]
        out: ListOut,
    },
    /// Create a graduate and print its id, e.g.
    /// --json '{"name":"张三","gender":"男","student_number":"2021001","id_number":"11010519491231002X","program":"工业机器人应用与维护","cohort":2025}'
    Add(JsonIn),
    /// Change the given fields of a graduate (by id or student number); an empty text clears a field.
    Update {
        id: String,
        #[command(flatten)]
        input: JsonIn,
    },
    /// Delete a graduate (by id or student number).
    Delete { id: String },
}

#[derive(Subcommand, Debug)]
pub enum ValidateCmd {
    /// Resident ID number (GB 11643): 17 digits + check character, real birth date.
    IdNumber { value: String },
    /// Unified social credit code (GB 32100): 18 characters + MOD 31 check.
    CreditCode { value: String },
}

#[derive(Args, Debug)]
pub struct ListOut {
    /// Print JSON (whole records, personal numbers unmasked) instead of a table (masked).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct JsonIn {
    /// The record's fields as a JSON object.
    #[arg(long, value_name = "JSON")]
    pub json: String,
}
