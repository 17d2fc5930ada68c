//! The PostgreSQL backend: a pool of connections (deadpool-postgres over tokio-postgres), each
//! call one transaction. Same tables and semantics as `sqlite.rs`; rows' columns and per-column
//! versions are JSONB.
//!
//! Concurrency: a push locks its college's row (`SELECT … FOR UPDATE`) before it reads anything,
//! so pushes of one college queue up and each sees the one before it committed, while pushes of
//! different colleges touch disjoint rows and run in parallel. A pull reads one snapshot
//! (`REPEATABLE READ READ ONLY`), so its version and its rows agree.
//!
//! Row-level security: every table keyed by college has `ENABLE` + `FORCE ROW LEVEL SECURITY`
//! and the policy `college_scope` (the row's college is `current_setting('xiaoqi.college_id')`).
//! A college-scoped transaction (push, pull, version) runs as the NOLOGIN role `xiaoqi_app`
//! (`SET LOCAL ROLE`), which has only the privileges those need and is subject to the policies
//! even though the connecting user may be a superuser; it sets `xiaoqi.college_id` locally.
//! Queries still say `WHERE college_id = $1`: the policy is the second lock, not the first.
//! Administration (colleges, tokens, authentication) runs as the connecting user; the policy
//! `admin_all` lets the user that created the schema see every row when it is not a superuser.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime, Transaction};
use tokio_postgres::error::SqlState;
use tokio_postgres::{IsolationLevel, NoTls};
use xiaoqi_protocol::tables::rank;
use xiaoqi_protocol::{College, Cursor, Mutation, Op, PullReply, PushReply, Role, RowState};

use super::{Principal, Result, Storage, StorageError, new_token, token_hash};
use crate::clock;
use crate::figures::RawRow;
use crate::merge::{self, Loaded, Plan, StoredRow};

/// The role college-scoped transactions run as.
pub const APP_ROLE: &str = "xiaoqi_app";
/// Connections the pool keeps at most.
pub const POOL_SIZE: usize = 16;

/// Identifiers compared and ordered by bytes (`COLLATE "C"`), as SQLite does, so a pull walks
/// rows in the same order on both backends.
const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS colleges (
    id         TEXT COLLATE "C" PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    city       TEXT,
    version    BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    hash       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    college_id TEXT COLLATE "C" REFERENCES colleges (id),
    label      TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS devices (
    college_id TEXT COLLATE "C" NOT NULL,
    device_id  TEXT COLLATE "C" NOT NULL,
    acked      BIGINT NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (college_id, device_id)
);
CREATE TABLE IF NOT EXISTS rows (
    college_id TEXT COLLATE "C" NOT NULL,
    table_name TEXT COLLATE "C" NOT NULL,
    row_id     TEXT COLLATE "C" NOT NULL,
    version    BIGINT NOT NULL,
    rank       BIGINT NOT NULL,
    columns    JSONB NOT NULL,
    meta       JSONB NOT NULL,
    PRIMARY KEY (college_id, table_name, row_id)
);
CREATE INDEX IF NOT EXISTS rows_by_version ON rows (college_id, version, rank, row_id);
CREATE TABLE IF NOT EXISTS row_keys (
    college_id TEXT COLLATE "C" NOT NULL,
    table_name TEXT COLLATE "C" NOT NULL,
    key_cols   TEXT COLLATE "C" NOT NULL,
    key_value  TEXT COLLATE "C" NOT NULL,
    row_id     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (college_id, table_name, key_cols, key_value, row_id)
);
CREATE INDEX IF NOT EXISTS row_keys_row ON row_keys (college_id, table_name, row_id);
CREATE TABLE IF NOT EXISTS changes (
    college_id  TEXT COLLATE "C" NOT NULL,
    version     BIGINT NOT NULL,
    device_id   TEXT COLLATE "C" NOT NULL,
    mutation_id BIGINT NOT NULL,
    change_id   TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    op          TEXT NOT NULL,
    columns     JSONB NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (college_id, device_id, mutation_id)
);
"#;

/// The app role, its privileges and the policies. Every step checks first, so opening an
/// initialised database takes no lock stronger than a read.
const SECURITY: &str = r#"
DO $$
DECLARE
    t text;
    scope_col text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xiaoqi_app') THEN
        BEGIN
            CREATE ROLE xiaoqi_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster made it just now
        END;
    END IF;
    IF NOT pg_has_role(current_user, 'xiaoqi_app', 'MEMBER') THEN
        EXECUTE format('GRANT xiaoqi_app TO %I', current_user);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO xiaoqi_app', current_schema());
    FOREACH t IN ARRAY ARRAY['colleges', 'tokens', 'devices', 'rows', 'row_keys', 'changes'] LOOP
        scope_col := CASE WHEN t = 'colleges' THEN 'id' ELSE 'college_id' END;
        IF NOT EXISTS (SELECT FROM pg_class WHERE oid = to_regclass(t)
                       AND relrowsecurity AND relforcerowsecurity) THEN
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_policy WHERE polrelid = to_regclass(t)
                       AND polname = 'college_scope') THEN
            EXECUTE format('CREATE POLICY college_scope ON %I USING (%I = current_setting(%L, true))',
                           t, scope_col, 'xiaoqi.college_id');
        END IF;
        IF NOT EXISTS (SELECT FROM pg_policy WHERE polrelid = to_regclass(t)
                       AND polname = 'admin_all') THEN
            EXECUTE format('CREATE POLICY admin_all ON %I TO %I USING (true) WITH CHECK (true)',
                           t, current_user);
        END IF;
    END LOOP;
END
$$;
GRANT SELECT, UPDATE (version) ON colleges TO xiaoqi_app;
GRANT SELECT, INSERT, UPDATE ON devices, rows TO xiaoqi_app;
GRANT SELECT, INSERT, DELETE ON row_keys TO xiaoqi_app;
GRANT SELECT, INSERT ON changes TO xiaoqi_app;
"#;

/// Serialises schema set-up among servers opening one database at once.
const INIT_LOCK: i64 = 0x7869_616f_7169; // "xiaoqi"

#[derive(Clone)]
pub struct PostgresStorage {
    pool: Pool,
}

/// A database error with its causes: tokio-postgres says only "db error" and keeps the server's
/// message as the source.
fn db(e: impl std::error::Error) -> StorageError {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    StorageError::Database(message)
}

/// Whether a database address names PostgreSQL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Insert => "insert",
        Op::Update => "update",
        Op::Delete => "delete",
    }
}

fn json_text<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(db)
}

/// What a college-scoped transaction may do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// One snapshot, no writes (pull, version).
    Read,
    Write,
}

/// Starts a transaction scoped to one college: as the app role, with the college set for the
/// row-level policies.
async fn scoped<'c>(
    client: &'c mut deadpool_postgres::Client,
    college_id: &str,
    scope: Scope,
) -> Result<Transaction<'c>> {
    let tx = match scope {
        Scope::Read => {
            client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
        }
        Scope::Write => client.transaction().await,
    }
    .map_err(db)?;
    // Sent together: the second does not wait for the first's reply.
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&college_id];
    tokio::try_join!(
        tx.batch_execute("SET LOCAL ROLE xiaoqi_app"),
        tx.execute("SELECT set_config('xiaoqi.college_id', $1, true)", &params),
    )
    .map_err(db)?;
    Ok(tx)
}

impl PostgresStorage {
    /// Connects to `postgres://…` (or `postgresql://…`) and makes the schema if it is missing.
    pub async fn connect(url: &str) -> Result<Self> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| StorageError::Database(format!("无法解析数据库地址：{e}")))?;
        Self::connect_with(config).await
    }

    pub async fn connect_with(mut config: tokio_postgres::Config) -> Result<Self> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(15)))
            .build()
            .map_err(db)?;
        let storage = Self { pool };
        storage.init().await?;
        Ok(storage)
    }

    /// Closes the pool: connections are dropped as they come back.
    pub fn close(&self) {
        self.pool.close();
    }

    async fn client(&self) -> Result<deadpool_postgres::Client> {
        self.pool
            .get()
            .await
            .map_err(|e| StorageError::Database(format!("无法连接 PostgreSQL：{e}")))
    }

    async fn init(&self) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        // "already exists, skipping" on every start is noise.
        tx.batch_execute("SET LOCAL client_min_messages = warning")
            .await
            .map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
            .await
            .map_err(db)?;
        tx.batch_execute(SCHEMA).await.map_err(db)?;
        tx.batch_execute(SECURITY).await.map_err(|e| {
            StorageError::Database(format!(
                "无法设置角色 {APP_ROLE} 与行级安全策略（首次建表的用户需要 CREATEROLE 权限，\
                 或由管理员先建好 NOLOGIN 角色 {APP_ROLE} 并授予该用户）：{e}"
            ))
        })?;
        tx.commit().await.map_err(db)
    }

    /// Runs a query returning one number inside a transaction scoped to `college_id`, exactly
    /// as a pull is scoped: for diagnostics, and for the test that the policies hold.
    pub async fn scoped_count(&self, college_id: &str, sql: &str) -> Result<i64> {
        let mut client = self.client().await?;
        let tx = scoped(&mut client, college_id, Scope::Read).await?;
        let row = tx.query_one(sql, &[]).await.map_err(db)?;
        let n: i64 = row.try_get(0).map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(n)
    }
}

/// Writes a plan: rows, their keys, the log, the device's ack and the college's version, each
/// kind of row in one statement over arrays.
async fn write_plan(
    tx: &Transaction<'_>,
    college_id: &str,
    device: &str,
    plan: &Plan,
) -> Result<()> {
    let now = clock::now();
    tx.execute(
        "INSERT INTO devices (college_id, device_id, acked, seen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (college_id, device_id) DO UPDATE
             SET acked = excluded.acked, seen_at = excluded.seen_at",
        &[&college_id, &device, &(plan.acked as i64), &now],
    )
    .await
    .map_err(db)?;
    if plan.log.is_empty() {
        return Ok(());
    }
    tx.execute(
        "UPDATE colleges SET version = $2 WHERE id = $1",
        &[&college_id, &(plan.version as i64)],
    )
    .await
    .map_err(db)?;

    let n = plan.rows.len();
    let (mut tables, mut ids, mut versions, mut ranks, mut columns, mut metas) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    // Rows whose keys are rewritten, and the keys they take.
    let (mut keyed_tables, mut keyed_ids) = (Vec::new(), Vec::new());
    let (mut k_tables, mut k_cols, mut k_values, mut k_ids) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((table, row_id), row) in &plan.rows {
        tables.push(table.as_str());
        ids.push(row_id.as_str());
        versions.push(row.version as i64);
        ranks.push(rank(table).map_or(i64::MAX, |r| r as i64));
        columns.push(json_text(&row.columns)?);
        metas.push(merge::encode_meta(&row.meta));
        let mut keys = xiaoqi_protocol::unique::keys_of(table).peekable();
        if keys.peek().is_some() {
            keyed_tables.push(table.as_str());
            keyed_ids.push(row_id.as_str());
            for key in keys {
                if let Some(v) = merge::key_value(key, row) {
                    k_tables.push(table.as_str());
                    k_cols.push(key.columns.join(","));
                    k_values.push(v);
                    k_ids.push(row_id.as_str());
                }
            }
        }
    }
    let put = tx
        .prepare_cached(
            "INSERT INTO rows (college_id, table_name, row_id, version, rank, columns, meta)
             SELECT $1, t, r, v, k, c::jsonb, m::jsonb
             FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[], $6::text[], $7::text[])
                 AS u (t, r, v, k, c, m)
             ON CONFLICT (college_id, table_name, row_id) DO UPDATE
                 SET version = excluded.version, columns = excluded.columns, meta = excluded.meta",
        )
        .await
        .map_err(db)?;
    tx.execute(
        &put,
        &[
            &college_id,
            &tables,
            &ids,
            &versions,
            &ranks,
            &columns,
            &metas,
        ],
    )
    .await
    .map_err(db)?;
    if !keyed_ids.is_empty() {
        let drop_keys = tx
            .prepare_cached(
                "DELETE FROM row_keys k USING unnest($2::text[], $3::text[]) AS u (t, r)
                 WHERE k.college_id = $1 AND k.table_name = u.t AND k.row_id = u.r",
            )
            .await
            .map_err(db)?;
        tx.execute(&drop_keys, &[&college_id, &keyed_tables, &keyed_ids])
            .await
            .map_err(db)?;
    }
    if !k_ids.is_empty() {
        let put_keys = tx
            .prepare_cached(
                "INSERT INTO row_keys (college_id, table_name, key_cols, key_value, row_id)
                 SELECT $1, t, c, v, r
                 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u (t, c, v, r)
                 ON CONFLICT DO NOTHING",
            )
            .await
            .map_err(db)?;
        tx.execute(
            &put_keys,
            &[&college_id, &k_tables, &k_cols, &k_values, &k_ids],
        )
        .await
        .map_err(db)?;
    }

    let n = plan.log.len();
    let (mut m_ids, mut c_ids, mut l_tables, mut l_rows, mut ops, mut l_cols, mut ats) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for l in &plan.log {
        m_ids.push(l.mutation_id as i64);
        c_ids.push(l.change_id.as_str());
        l_tables.push(l.table.as_str());
        l_rows.push(l.row_id.as_str());
        ops.push(op_name(l.op));
        l_cols.push(json_text(&l.columns)?);
        ats.push(l.at.as_str());
    }
    let log = tx
        .prepare_cached(
            "INSERT INTO changes (college_id, version, device_id, mutation_id, change_id,
                 table_name, row_id, op, columns, at)
             SELECT $1, $2, $3, m, c, t, r, o, j::jsonb, a
             FROM unnest($4::int8[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::text[], $10::text[]) AS u (m, c, t, r, o, j, a)",
        )
        .await
        .map_err(db)?;
    tx.execute(
        &log,
        &[
            &college_id,
            &(plan.version as i64),
            &device,
            &m_ids,
            &c_ids,
            &l_tables,
            &l_rows,
            &ops,
            &l_cols,
            &ats,
        ],
    )
    .await
    .map_err(db)?;
    Ok(())
}

/// Loads the current state of the rows a push names, in one query.
async fn load_rows(
    tx: &Transaction<'_>,
    college_id: &str,
    keys: &[(String, String)],
) -> Result<HashMap<(String, String), StoredRow>> {
    let mut out = HashMap::with_capacity(keys.len());
    if keys.is_empty() {
        return Ok(out);
    }
    let tables: Vec<&str> = keys.iter().map(|(t, _)| t.as_str()).collect();
    let ids: Vec<&str> = keys.iter().map(|(_, r)| r.as_str()).collect();
    let get = tx
        .prepare_cached(
            "SELECT r.table_name, r.row_id, r.version, r.columns::text, r.meta::text
             FROM unnest($2::text[], $3::text[]) AS u (t, id)
             JOIN rows r ON r.college_id = $1 AND r.table_name = u.t AND r.row_id = u.id",
        )
        .await
        .map_err(db)?;
    for r in tx
        .query(&get, &[&college_id, &tables, &ids])
        .await
        .map_err(db)?
    {
        let table: String = r.try_get(0).map_err(db)?;
        let row_id: String = r.try_get(1).map_err(db)?;
        let version: i64 = r.try_get(2).map_err(db)?;
        let columns: String = r.try_get(3).map_err(db)?;
        let meta: String = r.try_get(4).map_err(db)?;
        out.insert(
            (table, row_id),
            StoredRow {
                version: version as u64,
                columns: serde_json::from_str(&columns).map_err(db)?,
                meta: merge::decode_meta(&meta).map_err(db)?,
            },
        );
    }
    Ok(out)
}

/// The rows holding each unique key the plan's rows take, before the push, with the writer of
/// each one's key column; ids in byte order (as SQLite's primary key returns them), so both
/// backends name the same other row.
async fn key_holders(
    tx: &Transaction<'_>,
    college_id: &str,
    plan: &Plan,
) -> Result<merge::Holders> {
    let mut holders = merge::Holders::new();
    let wanted = merge::planned_keys(plan);
    if wanted.is_empty() {
        return Ok(holders);
    }
    let tables: Vec<&str> = wanted.iter().map(|(t, _, _)| t.as_str()).collect();
    let cols: Vec<&str> = wanted.iter().map(|(_, c, _)| c.as_str()).collect();
    let values: Vec<&str> = wanted.iter().map(|(_, _, v)| v.as_str()).collect();
    let find = tx
        .prepare_cached(
            "SELECT k.table_name, k.key_cols, k.key_value, k.row_id, r.meta::text
             FROM unnest($2::text[], $3::text[], $4::text[]) AS u (t, c, v)
             JOIN row_keys k ON k.college_id = $1 AND k.table_name = u.t
                 AND k.key_cols = u.c AND k.key_value = u.v
             JOIN rows r ON r.college_id = k.college_id AND r.table_name = k.table_name
                 AND r.row_id = k.row_id
             ORDER BY k.table_name, k.key_cols, k.key_value, k.row_id",
        )
        .await
        .map_err(db)?;
    for r in tx
        .query(&find, &[&college_id, &tables, &cols, &values])
        .await
        .map_err(db)?
    {
        let key: (String, String, String) = (
            r.try_get(0).map_err(db)?,
            r.try_get(1).map_err(db)?,
            r.try_get(2).map_err(db)?,
        );
        let meta: String = r.try_get(4).map_err(db)?;
        let holder = merge::Holder::from_meta(r.try_get(3).map_err(db)?, &key.1, &meta);
        holders.entry(key).or_default().push(holder);
    }
    Ok(holders)
}

fn no_college(college_id: &str) -> StorageError {
    StorageError::NotFound(format!("没有编号为 {college_id} 的学校"))
}

impl Storage for PostgresStorage {
    async fn add_college(&self, code: &str, name: &str, city: Option<&str>) -> Result<College> {
        let c = College {
            id: clock::new_id(),
            code: code.trim().to_string(),
            name: name.trim().to_string(),
            city: city.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
        };
        let taken =
            |other: &str| StorageError::Conflict(format!("学校代码 {} 已属于 {other}", c.code));
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        if let Some(row) = tx
            .query_opt("SELECT name FROM colleges WHERE code = $1", &[&c.code])
            .await
            .map_err(db)?
        {
            let other: String = row.try_get(0).map_err(db)?;
            return Err(taken(&other));
        }
        let now = clock::now();
        tx.execute(
            "INSERT INTO colleges (id, code, name, city, version, created_at)
             VALUES ($1, $2, $3, $4, 1, $5)",
            &[&c.id, &c.code, &c.name, &c.city, &now],
        )
        .await
        .map_err(|e| {
            if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
                // Another administrator added the code just now.
                taken("另一所学校")
            } else {
                db(e)
            }
        })?;
        let plan = crate::profile::plan(&c, &now);
        write_plan(&tx, &c.id, "server", &plan).await?;
        tx.commit().await.map_err(db)?;
        Ok(c)
    }

    async fn issue_token(&self, college_code: Option<&str>, label: Option<&str>) -> Result<String> {
        let token = new_token();
        let client = self.client().await?;
        let college: Option<String> = match college_code {
            Some(code) => Some(
                client
                    .query_opt("SELECT id FROM colleges WHERE code = $1", &[&code])
                    .await
                    .map_err(db)?
                    .ok_or_else(|| StorageError::NotFound(format!("没有代码为 {code} 的学校")))?
                    .try_get(0)
                    .map_err(db)?,
            ),
            None => None,
        };
        let role = if college.is_some() {
            "college"
        } else {
            "province"
        };
        client
            .execute(
                "INSERT INTO tokens (hash, role, college_id, label, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&token_hash(&token), &role, &college, &label, &clock::now()],
            )
            .await
            .map_err(db)?;
        Ok(token)
    }

    async fn revoke_token(&self, token: &str) -> Result<bool> {
        let client = self.client().await?;
        let n = client
            .execute(
                "UPDATE tokens SET revoked_at = $2 WHERE hash = $1 AND revoked_at IS NULL",
                &[&token_hash(token), &clock::now()],
            )
            .await
            .map_err(db)?;
        Ok(n > 0)
    }

    async fn authenticate(&self, token: &str) -> Result<Option<Principal>> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "SELECT t.role, c.id, c.code, c.name, c.city
                 FROM tokens t LEFT JOIN colleges c ON c.id = t.college_id
                 WHERE t.hash = $1 AND t.revoked_at IS NULL",
            )
            .await
            .map_err(db)?;
        let Some(r) = client
            .query_opt(&stmt, &[&token_hash(token)])
            .await
            .map_err(db)?
        else {
            return Ok(None);
        };
        let role: String = r.try_get(0).map_err(db)?;
        let id: Option<String> = r.try_get(1).map_err(db)?;
        let college = match id {
            Some(id) => Some(College {
                id,
                code: r.try_get(2).map_err(db)?,
                name: r.try_get(3).map_err(db)?,
                city: r.try_get(4).map_err(db)?,
            }),
            None => None,
        };
        let role = if role == "college" {
            Role::College
        } else {
            Role::Province
        };
        Ok(Some(Principal { role, college }))
    }

    async fn version(&self, college_id: &str) -> Result<u64> {
        let mut client = self.client().await?;
        let tx = scoped(&mut client, college_id, Scope::Read).await?;
        let v: i64 = tx
            .query_opt("SELECT version FROM colleges WHERE id = $1", &[&college_id])
            .await
            .map_err(db)?
            .ok_or_else(|| no_college(college_id))?
            .try_get(0)
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(v as u64)
    }

    async fn push(
        &self,
        college_id: &str,
        device: &str,
        mutations: Vec<Mutation>,
    ) -> Result<PushReply> {
        let mut client = self.client().await?;
        let tx = scoped(&mut client, college_id, Scope::Write).await?;
        // Pushes of this college wait here for the one before to commit.
        let version: i64 = tx
            .query_opt(
                "SELECT version FROM colleges WHERE id = $1 FOR UPDATE",
                &[&college_id],
            )
            .await
            .map_err(db)?
            .ok_or_else(|| no_college(college_id))?
            .try_get(0)
            .map_err(db)?;
        let acked: i64 = match tx
            .query_opt(
                "SELECT acked FROM devices WHERE college_id = $1 AND device_id = $2",
                &[&college_id, &device],
            )
            .await
            .map_err(db)?
        {
            Some(r) => r.try_get(0).map_err(db)?,
            None => 0,
        };
        let acked = acked as u64;
        // Only valid mutations are looked up (the others refuse the push in `merge::plan`), so
        // nothing a device sent reaches SQL unchecked.
        let mut seen = HashSet::new();
        let keys: Vec<(String, String)> = mutations
            .iter()
            .filter(|m| m.id > acked && merge::check(m).is_ok())
            .map(|m| (m.table.clone(), m.row_id.clone()))
            .filter(|k| seen.insert(k.clone()))
            .collect();
        let loaded = Loaded {
            version: version as u64,
            acked,
            rows: load_rows(&tx, college_id, &keys).await?,
        };
        let now = clock::now();
        let mut plan = merge::plan(
            college_id,
            device,
            loaded,
            &mutations,
            &now,
            &mut clock::new_id,
        )?;
        if !plan.log.is_empty() {
            let holders = key_holders(&tx, college_id, &plan).await?;
            merge::duplicates(&mut plan, college_id, &holders, &now, &mut clock::new_id);
        }
        write_plan(&tx, college_id, device, &plan).await?;
        tx.commit().await.map_err(db)?;
        Ok(PushReply {
            acked: plan.acked,
            version: plan.version,
            applied: plan.log.len() as u32,
            conflicts: plan.conflicts,
        })
    }

    async fn pull(&self, college_id: &str, after: Cursor, limit: u32) -> Result<PullReply> {
        let limit = i64::from(limit.clamp(1, xiaoqi_protocol::MAX_PAGE));
        let mut client = self.client().await?;
        let tx = scoped(&mut client, college_id, Scope::Read).await?;
        let version: i64 = tx
            .query_opt("SELECT version FROM colleges WHERE id = $1", &[&college_id])
            .await
            .map_err(db)?
            .ok_or_else(|| no_college(college_id))?
            .try_get(0)
            .map_err(db)?;
        let page = tx
            .prepare_cached(
                "SELECT table_name, row_id, rank, version, columns::text FROM rows
                 WHERE college_id = $1 AND (version, rank, row_id) > ($2, $3, $4)
                 ORDER BY version, rank, row_id LIMIT $5",
            )
            .await
            .map_err(db)?;
        let found = tx
            .query(
                &page,
                &[
                    &college_id,
                    &(after.version as i64),
                    &i64::from(after.rank),
                    &after.row_id,
                    &limit,
                ],
            )
            .await
            .map_err(db)?;
        let mut rows = Vec::with_capacity(found.len());
        let mut last = None;
        for r in found {
            let table: String = r.try_get(0).map_err(db)?;
            let row_id: String = r.try_get(1).map_err(db)?;
            let rank: i64 = r.try_get(2).map_err(db)?;
            let version: i64 = r.try_get(3).map_err(db)?;
            let columns: String = r.try_get(4).map_err(db)?;
            last = Some(Cursor {
                version: version as u64,
                rank: rank as u32,
                row_id: row_id.clone(),
            });
            rows.push(RowState {
                table,
                row_id,
                version: version as u64,
                columns: serde_json::from_str(&columns).map_err(db)?,
            });
        }
        let remaining: i64 = match &last {
            Some(c) => {
                let count = tx
                    .prepare_cached(
                        "SELECT count(*) FROM rows
                         WHERE college_id = $1 AND (version, rank, row_id) > ($2, $3, $4)",
                    )
                    .await
                    .map_err(db)?;
                tx.query_one(
                    &count,
                    &[
                        &college_id,
                        &(c.version as i64),
                        &i64::from(c.rank),
                        &c.row_id,
                    ],
                )
                .await
                .map_err(db)?
                .try_get(0)
                .map_err(db)?
            }
            None => 0,
        };
        tx.commit().await.map_err(db)?;
        let next = if remaining > 0 { last } else { None };
        Ok(PullReply {
            rows,
            next,
            version: version as u64,
            remaining: remaining as u64,
        })
    }

    async fn colleges(&self) -> Result<Vec<College>> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT id, code, name, city FROM colleges ORDER BY code COLLATE \"C\"",
                &[],
            )
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(College {
                    id: r.try_get(0).map_err(db)?,
                    code: r.try_get(1).map_err(db)?,
                    name: r.try_get(2).map_err(db)?,
                    city: r.try_get(3).map_err(db)?,
                })
            })
            .collect()
    }

    async fn college_rows(
        &self,
        college_id: &str,
        tables: &'static [&'static str],
    ) -> Result<Vec<RawRow>> {
        let mut client = self.client().await?;
        // One snapshot, as the college's app role under its row-level policy.
        let tx = scoped(&mut client, college_id, Scope::Read).await?;
        let stmt = tx
            .prepare_cached(
                "SELECT table_name, row_id, columns::text FROM rows
                 WHERE college_id = $1 AND table_name = ANY($2::text[])",
            )
            .await
            .map_err(db)?;
        let tables: Vec<&str> = tables.to_vec();
        let rows = tx.query(&stmt, &[&college_id, &tables]).await.map_err(db)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(RawRow {
                table: r.try_get(0).map_err(db)?,
                row_id: r.try_get(1).map_err(db)?,
                columns: r.try_get(2).map_err(db)?,
            });
        }
        tx.commit().await.map_err(db)?;
        Ok(out)
    }
}
