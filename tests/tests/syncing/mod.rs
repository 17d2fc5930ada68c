//! What the sync tests share: a real `xiaoqi-server` process on loopback, the `xiaoqi` CLI on
//! device databases, a proxy that loses requests and replies on purpose, and a dump of a
//! database's synced records to compare devices by.
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use xiaoqi_tests::{ProcessGroup, built_binary, free_port, wait_for_port};

pub const BUILD: &str = "`cargo build -p xiaoqi-server -p xiaoqi-cli`";

pub fn server_bin() -> PathBuf {
    built_binary("xiaoqi-server", BUILD).unwrap_or_else(|e| panic!("{e}"))
}

pub fn cli_bin() -> PathBuf {
    built_binary("xiaoqi", BUILD).unwrap_or_else(|e| panic!("{e}"))
}

/// A server process with its data directory; dropping it ends the process.
pub struct Server {
    pub data: PathBuf,
    pub port: u16,
    process: Option<ProcessGroup>,
}

impl Server {
    pub fn start(data: &Path) -> Server {
        let mut s = Server {
            data: data.to_path_buf(),
            port: free_port(),
            process: None,
        };
        s.restart();
        s
    }

    /// Starts the process again on the same port and data (after [`Server::kill`]).
    pub fn restart(&mut self) {
        let mut cmd = Command::new(server_bin());
        cmd.arg("--data")
            .arg(&self.data)
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        self.process = Some(ProcessGroup::spawn("xiaoqi-server", cmd).expect("server starts"));
        wait_for_port(self.port, Duration::from_secs(20), "xiaoqi-server").expect("server listens");
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        if let Some(p) = self.process.take() {
            let _ = Command::new("kill")
                .args(["-KILL", &p.id().to_string()])
                .status();
            drop(p);
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs an admin command on the server's data and returns its stdout, trimmed.
    pub fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(server_bin())
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .output()
            .expect("xiaoqi-server runs");
        assert!(
            out.status.success(),
            "xiaoqi-server {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Adds a college and issues a token for it.
    pub fn college(&self, code: &str, name: &str) -> String {
        self.admin(&["college", "add", "--code", code, "--name", name]);
        self.admin(&["token", "issue", "--college", code])
    }
}

/// Runs `xiaoqi --db DB args…`.
pub fn xiaoqi(db: &Path, args: &[&str]) -> Output {
    Command::new(cli_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("xiaoqi runs")
}

/// Runs `xiaoqi` and returns its stdout, failing the test when it fails.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = xiaoqi(db, args);
    assert!(
        out.status.success(),
        "xiaoqi {args:?} ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `xiaoqi sync --json`: the exit code and the report (null when it failed).
pub fn sync(db: &Path, server: &str, token: &str) -> (i32, Value) {
    let out = xiaoqi(
        db,
        &["sync", "--server", server, "--token", token, "--json"],
    );
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    if !out.status.success() {
        eprintln!("sync: {}", String::from_utf8_lossy(&out.stderr));
    }
    (out.status.code().unwrap_or(-1), report)
}

pub fn synced(db: &Path, server: &str, token: &str) -> Value {
    let (code, report) = sync(db, server, token);
    assert_eq!(code, 0, "sync of {} failed", db.display());
    report
}

/// Every synced column of every row of the synced tables, by (table, id): what two devices of
/// one college must agree on.
pub type Records = BTreeMap<(String, String), BTreeMap<String, Value>>;

pub fn dump(db: &Path) -> Records {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut out = Records::new();
    for t in xiaoqi_protocol::tables::TABLES {
        let sql = format!("SELECT id, {} FROM {}", t.columns.join(", "), t.name);
        let mut stmt = conn.prepare(&sql).expect("select");
        let rows = stmt
            .query_map([], |r| {
                let id: String = r.get(0)?;
                let mut cols = BTreeMap::new();
                for (i, c) in t.columns.iter().enumerate() {
                    let v: rusqlite::types::Value = r.get(i + 1)?;
                    cols.insert(
                        c.to_string(),
                        match v {
                            rusqlite::types::Value::Null => Value::Null,
                            rusqlite::types::Value::Integer(n) => Value::from(n),
                            rusqlite::types::Value::Real(f) => Value::from(f),
                            rusqlite::types::Value::Text(s) => Value::from(s),
                            rusqlite::types::Value::Blob(b) => Value::from(format!("{b:?}")),
                        },
                    );
                }
                Ok(((t.name.to_string(), id), cols))
            })
            .expect("rows");
        for r in rows {
            let (k, v) = r.expect("row");
            out.insert(k, v);
        }
    }
    out
}

/// A scalar read from a database (`meta` values, counts).
pub fn scalar(db: &Path, sql: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| {
        let v: rusqlite::types::Value = r.get(0)?;
        Ok(match v {
            rusqlite::types::Value::Null => None,
            rusqlite::types::Value::Integer(n) => Some(n.to_string()),
            rusqlite::types::Value::Text(s) => Some(s),
            other => Some(format!("{other:?}")),
        })
    })
    .ok()
    .flatten()
}

pub fn outbox_len(db: &Path) -> i64 {
    scalar(db, "SELECT count(*) FROM outbox")
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1)
}

/// Asserts two devices hold the same records, naming the first difference.
pub fn assert_same(a: &Records, b: &Records, what: &str) {
    for (k, v) in a {
        assert_eq!(b.get(k), Some(v), "{what}: {k:?} differs");
    }
    for k in b.keys() {
        assert!(a.contains_key(k), "{what}: {k:?} only on the second device");
    }
}

/// What the proxy does with the next push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request never reaches the server.
    LoseRequest,
    /// The server commits and answers; the answer never reaches the device.
    LoseReply,
}

/// A loopback HTTP proxy in front of the server that can lose a push request or its reply, and
/// keeps every push body it saw (to replay them later, duplicated and out of order).
pub struct Proxy {
    pub port: u16,
    faults: Arc<Mutex<VecDeque<Fault>>>,
    pub pushes: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Proxy {
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("proxy binds");
        let port = listener.local_addr().expect("addr").port();
        let faults: Arc<Mutex<VecDeque<Fault>>> = Arc::default();
        let pushes: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let (f, p) = (faults.clone(), pushes.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (f, p) = (f.clone(), p.clone());
                std::thread::spawn(move || {
                    let _ = serve(client, upstream, &f, &p);
                });
            }
        });
        Proxy {
            port,
            faults,
            pushes,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The next push meets this fault (faults queue up, one per push).
    pub fn fail_next_push(&self, fault: Fault) {
        self.faults.lock().expect("faults").push_back(fault);
    }
}

/// Reads one HTTP/1.1 request (head and Content-Length body).
fn read_request(s: &mut TcpStream) -> std::io::Result<Option<(String, Vec<u8>)>> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = s.read(&mut byte)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&byte[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = s.read(&mut byte)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&byte[..n]);
    }
    Ok(Some((head, body)))
}

fn serve(
    mut client: TcpStream,
    upstream: u16,
    faults: &Mutex<VecDeque<Fault>>,
    pushes: &Mutex<Vec<Vec<u8>>>,
) -> std::io::Result<()> {
    // One request per connection: the server is asked to close after its reply, and so is the
    // device.
    let Some((head, body)) = read_request(&mut client)? else {
        return Ok(());
    };
    let is_push = head.starts_with("POST /v1/push ");
    let fault = if is_push {
        pushes.lock().expect("pushes").push(body.clone());
        faults.lock().expect("faults").pop_front()
    } else {
        None
    };
    if fault == Some(Fault::LoseRequest) {
        return client.shutdown(Shutdown::Both);
    }
    let head = head.replacen("\r\n", "\r\nConnection: close\r\n", 1);
    let mut server = TcpStream::connect(("127.0.0.1", upstream))?;
    server.write_all(head.as_bytes())?;
    server.write_all(&body)?;
    let mut reply = Vec::new();
    server.read_to_end(&mut reply)?;
    if fault == Some(Fault::LoseReply) {
        return client.shutdown(Shutdown::Both);
    }
    client.write_all(&reply)?;
    client.flush()?;
    client.shutdown(Shutdown::Both)?;
    Ok(())
}
