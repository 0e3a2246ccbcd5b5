//! The ActionScript client's role played from Python with PyAMF (`py3amf`) against the
//! conformance server (`examples/conformance`): `tests/python/as_client.py` speaks the protocol
//! as the original AmfRpcSocket does and applies its validation rules (shared/PROTOCOL.md).
//!
//! The test builds the conformance server (`cargo build --example conformance`, or takes
//! `AMF_CONFORMANCE_BIN`), starts it on free ports of 127.0.0.1, runs the Python scenario, checks
//! that every step passed and that the server survived, and kills the server however it ends.
//!
//! Without python3 or PyAMF (after trying `python3 -m pip install py3amf`) the test fails under
//! `CI=true` and skips with a note elsewhere.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The steps `as_client.py` reports, each as `PASS <step>` or `FAIL <step>: <why>`.
const STEPS: [&str; 9] = [
    "1 policy",
    "2 echo",
    "3 add-and-errors",
    "4 notify",
    "5 callMe",
    "6 pipelined-50",
    "7 byte-at-a-time",
    "8 ping",
    "9 bad-input",
];

/// The scenario takes about 11 s (it waits for two pings, 5 s apart); this bounds a hang.
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(120);
/// Bounds the build of the conformance server (a cold debug build takes a minute or two).
const BUILD_TIMEOUT: Duration = Duration::from_secs(1200);
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A child process killed (by its own handle) and reaped when dropped, whatever happened.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Collects a child's output on a thread (so the pipe never fills); lines also go to `lines`.
fn collect(
    pipe: impl Read + Send + 'static,
    lines: Option<mpsc::Sender<String>>,
) -> Arc<Mutex<String>> {
    let log = Arc::new(Mutex::new(String::new()));
    let sink = log.clone();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut text = sink.lock().expect("log lock");
            text.push_str(&line);
            text.push('\n');
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    });
    log
}

fn text(log: &Arc<Mutex<String>>) -> String {
    log.lock().expect("log lock").clone()
}

/// Waits for `child` at most `timeout`; `None` if it is still running.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait().expect("try_wait") {
            Some(status) => return Some(status),
            None if Instant::now() >= deadline => return None,
            None => thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// The conformance server's executable: `AMF_CONFORMANCE_BIN`, or a fresh debug build.
fn conformance_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("AMF_CONFORMANCE_BIN") {
        return PathBuf::from(bin);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // `--workspace` resolves features as `cargo test --workspace` does, so the artifacts of
    // the surrounding build are reused.
    let mut build = Command::new(cargo)
        .args([
            "build",
            "--workspace",
            "--example",
            "conformance",
            "--message-format=json",
        ])
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo can be run");
    let stdout = collect(build.stdout.take().expect("piped"), None);
    let stderr = collect(build.stderr.take().expect("piped"), None);
    let mut build = Guard(build);
    let status = wait_with_timeout(&mut build.0, BUILD_TIMEOUT);
    drop(build);
    // Give the collector threads a moment to see the end of the pipes.
    thread::sleep(Duration::from_millis(100));
    assert!(
        status.is_some_and(|s| s.success()),
        "building the conformance server failed ({status:?}):\n{}",
        text(&stderr)
    );
    let messages = text(&stdout);
    let executable = messages
        .lines()
        .filter(|l| {
            l.contains(r#""reason":"compiler-artifact""#) && l.contains(r#""name":"conformance""#)
        })
        .find_map(|l| {
            let start = l.find(r#""executable":""#)? + r#""executable":""#.len();
            let end = start + l[start..].find('"')?;
            Some(PathBuf::from(&l[start..end]))
        });
    executable
        .unwrap_or_else(|| panic!("no executable named conformance in cargo's output:\n{messages}"))
}

/// Two ports that were free a moment ago.
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let b = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let ports = (
        a.local_addr().expect("addr").port(),
        b.local_addr().expect("addr").port(),
    );
    drop((a, b));
    ports
}

/// A running conformance server, its ports, and its output so far (its tracing log goes to
/// stdout).
struct Server {
    process: Guard,
    port: u16,
    policy_port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

/// Starts the server on free ports; retries on new ports if it could not bind them.
fn start_server(binary: &Path) -> Server {
    let mut attempts = String::new();
    for _ in 0..3 {
        let (port, policy_port) = free_ports();
        let mut child = Command::new(binary)
            .args([
                "--port",
                &port.to_string(),
                "--policy-port",
                &policy_port.to_string(),
            ])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let (tx, rx) = mpsc::channel();
        let stdout = collect(child.stdout.take().expect("piped"), Some(tx));
        let stderr = collect(child.stderr.take().expect("piped"), None);
        let mut process = Guard(child);
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        let mut ready = false;
        while Instant::now() < deadline {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(line) if line.starts_with("socket policy on") => {
                    ready = true;
                    break;
                }
                Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {
                    if process.0.try_wait().expect("try_wait").is_some() {
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        if ready {
            return Server {
                process,
                port,
                policy_port,
                stdout,
                stderr,
            };
        }
        drop(process);
        attempts.push_str(&format!(
            "--- ports {port}/{policy_port}:\n{}{}",
            text(&stdout),
            text(&stderr)
        ));
    }
    panic!("the conformance server did not start:\n{attempts}");
}

#[test]
fn pyamf_client_against_conformance_server() {
    let Some(python) = amf_tests::python::require_pyamf("conformance_pyamf") else {
        return;
    };
    let binary = conformance_binary();
    let mut server = start_server(&binary);

    let started = Instant::now();
    let root = workspace_root();
    let mut client = Command::new(&python)
        .arg(root.join("tests/python/as_client.py"))
        .args(["--port", &server.port.to_string()])
        .args(["--policy-port", &server.policy_port.to_string()])
        .current_dir(&root)
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 can be run");
    let stdout = collect(client.stdout.take().expect("piped"), None);
    let stderr = collect(client.stderr.take().expect("piped"), None);
    let mut client = Guard(client);
    let status = wait_with_timeout(&mut client.0, SCENARIO_TIMEOUT);
    drop(client);
    thread::sleep(Duration::from_millis(100));
    let elapsed = started.elapsed();
    let server_alive = server.process.0.try_wait().expect("try_wait").is_none();
    drop(server.process); // kills the server before any assertion can fail
    thread::sleep(Duration::from_millis(100));

    let out = text(&stdout);
    let report = || {
        format!(
            "--- as_client.py stdout:\n{out}--- as_client.py stderr:\n{}--- conformance server \
             stdout:\n{}--- conformance server stderr:\n{}",
            text(&stderr),
            text(&server.stdout),
            text(&server.stderr)
        )
    };
    println!("{out}(scenario ran in {:.1} s)", elapsed.as_secs_f64());

    let Some(status) = status else {
        panic!(
            "as_client.py did not finish within {SCENARIO_TIMEOUT:?}\n{}",
            report()
        );
    };
    let failed: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(failed.is_empty(), "steps failed: {failed:#?}\n{}", report());
    assert!(
        status.success(),
        "as_client.py exited with {status}\n{}",
        report()
    );
    for step in STEPS {
        let pass = format!("PASS {step}");
        assert!(
            out.lines()
                .any(|l| l == pass || l.starts_with(&format!("{pass} ("))),
            "step `{step}` did not report PASS\n{}",
            report()
        );
    }
    assert!(
        server_alive,
        "the conformance server exited during the scenario\n{}",
        report()
    );
}
