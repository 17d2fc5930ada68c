//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Every kind of record takes the same verbs: list|get|add|update|delete, with --json for JSON output.
add/update take the fields as --json '{...}' (names as in the record types, listed per kind in its --help);
add prints the new record's id. Enum values are written in Chinese as the app shows them (English aliases work).
Exit codes: 0 success · 1 invalid data or a refused step (the message names the field and why), or verify-agreement's mismatch · 2 usage error or unreadable database
· 3 (sync) the server cannot be reached, nothing changed here · 4 (sync) the token is refused, or belongs to another college than this database's.
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
    /// Seed the deterministic demo college: programs, 3 cohorts, 1,500+ graduates, employers,
    /// research institutions, agreements, a job fair and placements.
    Demo {
        /// Replace the records a database already holds.
        #[arg(long, conflicts_with = "if_empty")]
        force: bool,
        /// Do nothing (and succeed) when the database already holds records (`make run` uses this).
        #[arg(long)]
        if_empty: bool,
    },
    /// The college this database belongs to (学校信息), 甲方 of its agreements. JSON fields:
    /// name, code, city, min_wage (CNY/month; 0 clears), code_list (the destination code list
    /// new placements use), credit_code (统一社会信用代码; a failed check digit is refused),
    /// address, contacts ([{name, role, phone, email}]).
    #[command(subcommand)]
    College(CollegeCmd),
    /// Programs (专业). JSON fields: name, code, level (中级工|高级工|预备技师), length_years,
    /// department, industries (GB/T 4754 letters or names, for the in-field rule),
    /// position_keywords.
    #[command(subcommand)]
    Programs(RecordCmd),
    /// Graduates (毕业生). JSON fields: name, gender (男|女), student_number, id_number, phone,
    /// program (name) or program_id, cohort, class_name, homeroom_teacher,
    /// skill_level (初级工|中级工|高级工|技师|高级技师), notes.
    /// list filters: --search --cohort --program --class.
    #[command(subcommand)]
    Graduates(RecordCmd),
    /// Placements (毕业去向). JSON fields: graduate (student number) or graduate_id,
    /// destination_code (e.g. 11; see `xiaoqi codes list`), employer (name or credit code) or
    /// employer_id, institution or institution_id, position_title, industry, city, start_date
    /// (YYYY-MM-DD), salary (CNY/month), contract_type (劳动合同|就业协议|劳务合同|其他|无),
    /// in_field (true|false; proposed by the program's rules when absent), verified_by (a name
    /// verifies, "" unverifies), notes. `add` records a new destination (the current one becomes
    /// history); `update` corrects one in place.
    /// list filters: --cohort --class --employer --unverified --history.
    #[command(subcommand)]
    Placements(PlacementCmd),
    /// Employers (用人单位). JSON fields: name, credit_code, employer_type (code, name or alias
    /// such as 民营企业), industry, size (微型|小型|中型|大型), city, address,
    /// contacts ([{name, role, phone, email}]), tags ([...]), notes, accept_warnings (true saves
    /// despite a failed check digit or a near-duplicate name).
    /// list filters: --search --tag.
    #[command(subcommand)]
    Employers(EmployerCmd),
    /// Research institutions (科研机构). JSON fields: name, parent_org,
    /// kind (高校实验室|研究中心|企业研发机构), city, credit_code (the code it signs under, a
    /// university laboratory's being its university's), address, contacts ([{name, role, phone,
    /// email}]), notes, accept_warnings (true saves despite a failed check digit).
    /// list filters: --search.
    #[command(subcommand)]
    Institutions(RecordCmd),
    /// Agreements (协议). JSON fields: kind (校企合作协议|订单班/冠名班|现代学徒制|共建人才培养基地|技研合作协议),
    /// title, employer or employer_id / institution or institution_id, programs ([names or ids]),
    /// start_date, end_date, clauses ([{title, body}]; the kind's template when absent),
    /// signatories ([{side: college|partner, name, title}]), notes. The number is generated.
    /// list filters: --search --status --employer --expiring DAYS.
    #[command(subcommand)]
    Agreements(AgreementCmd),
    /// Job fairs (双选会). JSON fields: name, start_date, end_date, mode (现场|线上|线上线下),
    /// venue, notes. `get` includes the fair's figures and its figures by program.
    #[command(subcommand)]
    Fairs(FairCmd),
    /// Positions (岗位) at a fair. JSON fields: fair_id, employer or employer_id, title,
    /// headcount, programs ([names or ids]), salary_min, salary_max, city, notes.
    /// list filters: --fair --employer.
    #[command(subcommand)]
    Positions(RecordCmd),
    /// Applications (投递简历). JSON fields: position_id, graduate (student number) or
    /// graduate_id, status (已投递|已面试|意向|未录用), notes. Signing: `xiaoqi fairs sign`.
    /// list filters: --fair --employer --status.
    #[command(subcommand)]
    Applications(RecordCmd),
    /// Destination code lists (毕业去向代码): list them, or load a newer one from a JSON file.
    #[command(subcommand)]
    Codes(CodesCmd),
    /// Check a resident ID number or a unified social credit code; prints the normalised value.
    #[command(subcommand)]
    Validate(ValidateCmd),
    /// Import programs|graduates|placements|employers from .xlsx/.xls/.csv (UTF-8 or GBK).
    /// Headers are matched tolerantly (see `xiaoqi template KIND FILE` for the columns and the
    /// other names each accepts). Graduates are matched by student number, employers by credit
    /// code then name, programs by name, placements by graduate: importing again updates, never
    /// duplicates; an empty cell leaves the stored value as it is. Valid rows land in one
    /// transaction. Exit 0 when it ran (even with rejected rows), 1 when --strict refused,
    /// 2 when the file cannot be read.
    Import {
        /// programs | graduates | placements | employers
        kind: String,
        file: PathBuf,
        /// Validate only; nothing is saved (the counts say what an import would do).
        #[arg(long)]
        dry_run: bool,
        /// Save nothing if any row is rejected.
        #[arg(long)]
        strict: bool,
        /// Print one JSON object: {"inserted","updated","unchanged","rejected":[{"row","column","value","reason"}]}.
        #[arg(long)]
        json: bool,
    },
    /// Write the import template of programs|graduates|placements|employers as .xlsx: the
    /// columns (text cells, so ID numbers keep every digit) and a sheet explaining each.
    Template { kind: String, file: PathBuf },
    /// Export programs|graduates|placements|employers|institutions|agreements|fairs to FILE.xlsx
    /// or FILE.csv, with the import templates' columns where a kind can be imported. ID numbers
    /// and phones are masked unless --whole-ids (that choice is recorded in the export log).
    Export {
        kind: String,
        file: PathBuf,
        #[arg(long)]
        cohort: Option<i32>,
        /// Program name (graduates, placements).
        #[arg(long)]
        program: Option<String>,
        /// Class name (graduates, placements).
        #[arg(long = "class")]
        class_name: Option<String>,
        /// Same search as the lists.
        #[arg(long)]
        search: Option<String>,
        /// Write ID numbers and phones whole.
        #[arg(long)]
        whole_ids: bool,
    },
    /// The official statistics of a cohort: `employment` (就业率 and its parts, the 2024
    /// headline rate, in-field rate, salary, local share, certificates, distributions; overall
    /// and by program) or `compliance` (the warnings to clear before reporting).
    #[command(subcommand)]
    Report(ReportCmd),
    /// Sync with the central server: push this database's changes, then pull what the college's
    /// other devices changed. The first sync binds the database to the token's college. Without
    /// --server/--token, the ones saved in the app's settings.
    Sync {
        /// The server's address, e.g. https://sync.example.edu.cn
        #[arg(long, env = "XIAOQI_SERVER", value_name = "URL")]
        server: Option<String>,
        /// This device's token from the server's administrator.
        #[arg(long, env = "XIAOQI_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Print one JSON object: {"college","bound","pushed","conflicts","pulled","version",
        /// "pending","open_conflicts"}.
        #[arg(long)]
        json: bool,
        /// After a successful sync, keep the server and token for the app and later syncs.
        #[arg(long)]
        save: bool,
        /// Rows per pull page (smaller pages for a slow line; at most 5000).
        #[arg(long, hide = true, default_value_t = xiaoqi_sync::Limits::default().page)]
        page: u32,
    },
    /// Conflicts the server recorded when two devices edited the same record.
    #[command(subcommand)]
    Conflicts(ConflictsCmd),
    /// The people who sign in to the desktop app (用户): administrators, career-office staff and
    /// teachers (who see only their classes). The command line itself acts as an administrator,
    /// recorded in the audit log under the operating-system account.
    #[command(subcommand)]
    User(crate::trust::UserCmd),
    /// The audit log (审计日志): every change, sign-in, reveal, export, backup and restore,
    /// hash-chained. `verify` exits 1 and names the first entry edited or deleted.
    #[command(subcommand)]
    Audit(crate::trust::AuditCmd),
    /// How long graduates' personal fields are kept (个人信息保存年限), and clearing them once
    /// past: the anonymous statistics stay.
    #[command(subcommand)]
    Retention(crate::trust::RetentionCmd),
    /// Documents as PDF (A4, ready to print): an agreement for signing, or a cohort's annual
    /// employment-quality report (就业质量年度报告).
    #[command(subcommand)]
    Pdf(PdfCmd),
    /// Back up the database: a consistent copy made while it may be in use (SQLite's online
    /// backup API), written beside OUT and renamed into place. OUT is a file, or a folder where
    /// the copy is named xiaoqi-YYYYMMDD-HHMMSS.db (China's time); without OUT, the backups
    /// folder beside the database, where the app keeps its daily backups (7 daily, 4 weekly).
    Backup {
        #[arg(value_name = "OUT")]
        out: Option<PathBuf>,
        /// List the backups folder instead (newest first).
        #[arg(long, conflicts_with = "out")]
        list: bool,
        /// Print JSON: {"path","name","taken_at","size"} (a list with --list).
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup over the database. The file is checked on a copy first (SQLite, whole,
    /// integrity check, schema version not newer than this program's, the same college unless
    /// the database holds no records yet); only then is the database kept aside as
    /// <name>.before-restore-YYYYMMDD-HHMMSS.db and the copy put in its place. Exit 1 when the
    /// file is refused, 2 when it cannot be read or the database is open in another program
    /// (close the app first); either way nothing changes.
    Restore {
        #[arg(value_name = "IN")]
        file: PathBuf,
        /// Print JSON: {"college_id","college_name","schema_version","migrated_to","graduates",
        /// "placements","employers","replaces_current","kept_aside","new_device"}.
        #[arg(long)]
        json: bool,
    },
    /// Check a printed agreement against the records: the number and the fingerprint in its
    /// foot (or its QR code). Exit 0 when they match the agreement's current content, 1 when not.
    VerifyAgreement {
        number: String,
        fingerprint: String,
        /// Print one JSON object: {"number","title","status","given","current","matches"}.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PdfCmd {
    /// The agreement (by number or id) with both parties' details, its clauses, signature and
    /// stamp blocks, and a fingerprint with QR code in every page's foot. Refused (exit 1) with
    /// the list of what is missing when a party's name, credit code, address, contact or phone
    /// is not recorded.
    Agreement {
        #[arg(value_name = "NUMBER_OR_ID")]
        agreement: String,
        #[arg(value_name = "OUT.pdf")]
        out: PathBuf,
    },
    /// The annual employment-quality report of a cohort: indicators overall and by program,
    /// charts, distributions, partners, job fairs, agreements and the method.
    Report {
        #[arg(long)]
        cohort: i32,
        #[arg(value_name = "OUT.pdf")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConflictsCmd {
    /// Every conflict, open ones first (ID and phone numbers masked unless --reveal).
    List {
        #[arg(long)]
        reveal: bool,
        #[command(flatten)]
        out: Out,
    },
    /// Keep one side of a conflict: `local` is the value this device wrote (when it wrote
    /// neither, the value the record holds now), `remote` the other. The resolution syncs.
    Resolve {
        id: String,
        #[arg(long, value_enum)]
        keep: KeepArg,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum KeepArg {
    Local,
    Remote,
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// Employment indicators. JSON: {"cohort","graduates","code_list","counts":{...},
    /// "rates":{...},"salary":{"count","mean","median"},"distributions":{...},"by_program":[...]},
    /// rates as fractions between 0 and 1 (null when the denominator is 0).
    Employment {
        /// Graduation year; without it, every cohort together.
        #[arg(long)]
        cohort: Option<i32>,
        /// One program (name or id).
        #[arg(long)]
        program: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The compliance check of a cohort, warnings listed per graduate.
    Compliance {
        #[arg(long)]
        cohort: i32,
        #[arg(long)]
        json: bool,
    },
}

/// The college profile: one record, always there.
#[derive(Subcommand, Debug)]
pub enum CollegeCmd {
    /// Show the college profile.
    Get {
        #[command(flatten)]
        out: Out,
    },
    /// Change the given fields of the profile; an empty text clears a field.
    Update {
        #[command(flatten)]
        input: JsonIn,
    },
}

/// The verbs every kind of record takes.
#[derive(Subcommand, Debug)]
pub enum RecordCmd {
    /// List the records (every match unless --limit/--offset).
    List(ListArgs),
    /// Show one record (by id, or by its natural key: name, student number, number).
    Get {
        id: String,
        #[command(flatten)]
        out: Out,
    },
    /// Create a record from --json and print its id.
    Add(JsonIn),
    /// Change the given fields of a record; an empty text clears a field.
    Update {
        id: String,
        #[command(flatten)]
        input: JsonIn,
    },
    /// Delete a record (refused, with the reason, while other records point to it).
    Delete { id: String },
}

#[derive(Subcommand, Debug)]
pub enum PlacementCmd {
    #[command(flatten)]
    Record(RecordCmd),
    /// Attach an evidence file (copied into the app's data folder, stored by content hash).
    Attach {
        id: String,
        file: PathBuf,
        /// 劳动合同|就业协议书|录用通知|社保缴纳证明|录取通知书|营业执照|实习证明|其他
        #[arg(long, default_value = "其他")]
        kind: String,
    },
    /// The teachers' view: a class's graduates with their destinations and the class's figures.
    Class {
        cohort: i32,
        class_name: String,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand, Debug)]
pub enum EmployerCmd {
    #[command(flatten)]
    Record(RecordCmd),
    /// Merge DROP_ID into KEEP_ID: every placement, position, application and agreement moves
    /// to the kept employer, empty fields are filled, contacts and tags united; then the dropped
    /// one is deleted. Prints what moved as JSON.
    Merge { keep_id: String, drop_id: String },
    /// Existing employers a record with this name (or --credit-code) would duplicate, as JSON.
    Duplicates {
        name: String,
        #[arg(long)]
        credit_code: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AgreementCmd {
    #[command(flatten)]
    Record(RecordCmd),
    /// Take one lifecycle step: draft → in review → signed → active → expired or terminated
    /// (草稿 审核中 已签署 履行中 已到期 已终止; English names work too).
    Advance {
        id: String,
        #[arg(long)]
        to: String,
        /// Who takes the step (经办人); default: the login name.
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum FairCmd {
    #[command(flatten)]
    Record(RecordCmd),
    /// Sign an application: --json takes the destination fields (destination_code required,
    /// e.g. {"destination_code":"11","salary":5800,"contract_type":"劳动合同"}); the placement is
    /// recorded for the applicant at the position's employer in the same transaction. Prints the
    /// new placement's id.
    Sign {
        application_id: String,
        #[command(flatten)]
        input: JsonIn,
    },
    /// Add an employer to a fair (or change its booth).
    AddEmployer {
        fair_id: String,
        /// The employer by id, name or credit code.
        employer: String,
        #[arg(long)]
        booth: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CodesCmd {
    /// The loaded code lists, or with --version the codes of one list.
    List {
        #[arg(long)]
        version: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Load a code list from a JSON file: {"version","title","codes":[{"code","name","group",
    /// "employed","wage_rule","needs_employer"}]}.
    Load { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum ValidateCmd {
    /// Resident ID number (GB 11643): 17 digits + check character, real birth date.
    IdNumber { value: String },
    /// Unified social credit code (GB 32100): 18 characters + MOD 31 check.
    CreditCode { value: String },
}

/// Filters of `list`; each kind's help says which it takes.
#[derive(Args, Debug, Default)]
pub struct ListArgs {
    /// Name, pinyin initials or full pinyin (zs, zhangsan), a number or a code.
    #[arg(long)]
    pub search: Option<String>,
    /// Graduation year (届别).
    #[arg(long)]
    pub cohort: Option<i32>,
    /// Program name (or id).
    #[arg(long)]
    pub program: Option<String>,
    /// Class name.
    #[arg(long = "class")]
    pub class_name: Option<String>,
    /// Fair id or name.
    #[arg(long)]
    pub fair: Option<String>,
    /// Employer id, name or credit code.
    #[arg(long)]
    pub employer: Option<String>,
    /// Status (agreements: 草稿…已终止; applications: 已投递…未录用).
    #[arg(long)]
    pub status: Option<String>,
    /// Employer tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only placements not verified yet.
    #[arg(long)]
    pub unverified: bool,
    /// Earlier destinations too (placements).
    #[arg(long)]
    pub history: bool,
    /// Signed or active agreements ending within DAYS days.
    #[arg(long, value_name = "DAYS")]
    pub expiring: Option<u32>,
    #[arg(long)]
    pub limit: Option<u32>,
    #[arg(long)]
    pub offset: Option<u32>,
    #[command(flatten)]
    pub out: Out,
}

#[derive(Args, Debug, Default)]
pub struct Out {
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
