//! Endpoints for the tests, both on 127.0.0.1: our own small endpoint in Rust (it speaks the
//! protocol and can be told to misbehave), and Meta's example endpoint in Node.js, copied from
//! `../shared/third-party/meta-endpoint-examples` and started with a key pair made here.

use std::io::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::bin::WAFLOW;
use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::generic_array::typenum::U16;
use aes_gcm::aead::{Aead, KeyInit, OsRng};
use aes_gcm::aes::Aes128;
use aes_gcm::{AesGcm, Key};
use assert_cmd::Command;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::sha2::Sha256;
use rsa::{Oaep, RsaPrivateKey};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../../crates/waflow-core/tests/support/shared.rs"]
mod shared;

type Cipher = AesGcm<Aes128, U16>;

/// `waflow` with a clean environment for these tests.
pub fn waflow() -> Command {
    let mut cmd = Command::new(WAFLOW);
    cmd.env_remove("NO_COLOR").env("NO_COLOR", "1");
    cmd
}

/// A scratch directory holding the public key (`public.pem`) and any flow a test writes.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    pub fn new(public_pem: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("public.pem"), public_pem).unwrap();
        Scratch { dir }
    }

    pub fn key(&self) -> PathBuf {
        self.dir.path().join("public.pem")
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// What our endpoint answers to one decrypted request.
pub enum Answer {
    /// This JSON, encrypted as the protocol says.
    Json(Value),
    /// This JSON, encrypted under the request's IV instead of the inverted one.
    WrongIv(Value),
    /// These bytes, encrypted as the protocol says (not JSON).
    EncryptedText(&'static str),
    /// A status with an empty body.
    Status(u16),
    /// This body as it is, with status 200.
    Raw(String, &'static str),
    /// A redirect to this location.
    Redirect(String),
    /// The answer after a pause.
    After(Duration, Box<Answer>),
}

type Handler = dyn Fn(&Value) -> Answer + Send + Sync;

/// The key pair of our endpoint (1024 bits: made once per test run, and quick in a debug build).
fn private_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut OsRng, 1024).unwrap())
}

/// The public key of our endpoint, PEM.
pub fn public_pem() -> String {
    private_key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
}

/// Our endpoint, serving on 127.0.0.1 until dropped.
pub struct RustEndpoint {
    pub url: String,
    /// Every decrypted request, in order.
    pub requests: Arc<Mutex<Vec<Value>>>,
    _runtime: tokio::runtime::Runtime,
}

impl RustEndpoint {
    pub fn start(handler: impl Fn(&Value) -> Answer + Send + Sync + 'static) -> RustEndpoint {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}/flow", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let seen = Arc::clone(&requests);
        runtime.spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let handler = Arc::clone(&handler);
                let seen = Arc::clone(&seen);
                tokio::spawn(serve(socket, handler, seen));
            }
        });
        RustEndpoint {
            url,
            requests,
            _runtime: runtime,
        }
    }

    pub fn requests(&self) -> Vec<Value> {
        self.requests.lock().unwrap().clone()
    }
}

/// One HTTP/1.1 request on `socket`, answered, then the connection closed.
async fn serve(
    mut socket: tokio::net::TcpStream,
    handler: Arc<Handler>,
    seen: Arc<Mutex<Vec<Value>>>,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let (head_end, length) = loop {
        let Ok(n) = socket.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
    };
    while buf.len() < head_end + length {
        let Ok(n) = socket.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body: Value = serde_json::from_slice(&buf[head_end..head_end + length]).unwrap();
    let (request, key, iv) = decrypt(&body);
    seen.lock().unwrap().push(request.clone());
    let mut answer = handler(&request);
    while let Answer::After(pause, next) = answer {
        tokio::time::sleep(pause).await;
        answer = *next;
    }
    let flipped: Vec<u8> = iv.iter().map(|b| !b).collect();
    let (status, headers, body) = match answer {
        Answer::Json(v) => (
            200,
            String::new(),
            encrypt(&key, &flipped, &serde_json::to_vec(&v).unwrap()),
        ),
        Answer::WrongIv(v) => (
            200,
            String::new(),
            encrypt(&key, &iv, &serde_json::to_vec(&v).unwrap()),
        ),
        Answer::EncryptedText(t) => (200, String::new(), encrypt(&key, &flipped, t.as_bytes())),
        Answer::Status(code) => (code, String::new(), String::new()),
        Answer::Raw(text, content_type) => (200, format!("content-type: {content_type}\r\n"), text),
        Answer::Redirect(to) => (307, format!("location: {to}\r\n"), String::new()),
        Answer::After(..) => unreachable!(),
    };
    let response = format!(
        "HTTP/1.1 {status} X\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = socket.write_all(response.as_bytes()).await;
    let _ = socket.write_all(body.as_bytes()).await;
    let _ = socket.shutdown().await;
}

fn decrypt(body: &Value) -> (Value, Vec<u8>, Vec<u8>) {
    let field = |k: &str| STANDARD.decode(body[k].as_str().unwrap()).unwrap();
    let key = private_key()
        .decrypt(Oaep::new::<Sha256>(), &field("encrypted_aes_key"))
        .unwrap();
    let iv = field("initial_vector");
    assert_eq!(
        (key.len(), iv.len()),
        (16, 16),
        "AES-128 key and 16-byte IV"
    );
    let cipher = Cipher::new(Key::<Cipher>::from_slice(&key));
    let plain = cipher
        .decrypt(
            GenericArray::from_slice(&iv),
            field("encrypted_flow_data").as_slice(),
        )
        .unwrap();
    (serde_json::from_slice(&plain).unwrap(), key, iv)
}

fn encrypt(key: &[u8], iv: &[u8], plain: &[u8]) -> String {
    let cipher = Cipher::new(Key::<Cipher>::from_slice(key));
    STANDARD.encode(cipher.encrypt(GenericArray::from_slice(iv), plain).unwrap())
}

/// Whether the tests that need Node.js can run: `false` (after a visible line) when `node` or
/// `npm` is missing, a failure under CI.
pub fn node_available() -> bool {
    let present = |tool: &str| {
        Process::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if present("node") && present("npm") {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "false" | "0"));
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    assert!(
        !ci,
        "{test}: Node.js (node and npm) is needed under CI to run Meta's example endpoint"
    );
    let _ = writeln!(
        std::io::stderr(),
        "{test}: SKIPPED: Node.js (node and npm) is not installed, so Meta's example endpoint cannot run"
    );
    false
}

/// Meta's book-appointment example, copied under the target directory with its `npm install`
/// done (once per test run).
fn meta_example() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let source = shared::shared("third-party/meta-endpoint-examples/book-appointment")?;
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("meta-book-appointment");
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&source, &dir);
        let status = Process::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "npm install in {} failed", dir.display());
        Some(dir)
    })
    .as_deref()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "node_modules" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Meta's example endpoint running under Node.js on 127.0.0.1, with a key pair made for it.
pub struct MetaEndpoint {
    pub url: String,
    pub scratch: Scratch,
    /// Meta's template flow that this endpoint serves.
    pub flow: PathBuf,
    child: Child,
}

impl MetaEndpoint {
    /// Starts it (with `APP_SECRET` when given); `None` when Node.js or the shared material
    /// is missing outside CI.
    pub fn start(app_secret: Option<&str>) -> Option<MetaEndpoint> {
        if !node_available() {
            return None;
        }
        let example = meta_example()?;
        let keys = tempfile::tempdir().unwrap();
        let made = Process::new("node")
            .arg("-e")
            .arg(
                "const c=require('crypto');const fs=require('fs');\
                 const k=c.generateKeyPairSync('rsa',{modulusLength:2048,\
                 publicKeyEncoding:{type:'spki',format:'pem'},\
                 privateKeyEncoding:{type:'pkcs8',format:'pem'}});\
                 fs.writeFileSync('public.pem',k.publicKey);fs.writeFileSync('private.pem',k.privateKey);",
            )
            .current_dir(keys.path())
            .status()
            .unwrap();
        assert!(made.success(), "node could not make a key pair");
        let private = std::fs::read_to_string(keys.path().join("private.pem")).unwrap();
        let public = std::fs::read_to_string(keys.path().join("public.pem")).unwrap();
        let port = free_port();
        let mut node = Process::new("node");
        node.arg("src/server.js")
            .current_dir(example)
            .env("PRIVATE_KEY", private)
            .env("PASSPHRASE", "")
            .env("PORT", port.to_string())
            .env_remove("APP_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(secret) = app_secret {
            node.env("APP_SECRET", secret);
        }
        let child = node.spawn().unwrap();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Meta's example endpoint did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let scratch = Scratch::new(&public);
        let flow = scratch.write(
            "flow.json",
            &std::fs::read_to_string(example.join("flow.json")).unwrap(),
        );
        Some(MetaEndpoint {
            url: format!("http://127.0.0.1:{port}/"),
            scratch,
            flow,
            child,
        })
    }
}

impl Drop for MetaEndpoint {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
