//! The Flash toolchain of `tests/flash/` for Rust tests: the ActionScript compiler
//! (`ascompile.sh`), Ruffle in headless Chromium (`run-ruffle.mjs`), and a server on an ephemeral
//! port of 127.0.0.1 that a SWF reaches through Ruffle's `socketProxy`.
//!
//! Shared by the tests that compile or run ActionScript (`codegen/tests/actionscript.rs`,
//! `codegen/tests/ruffle.rs`, `examples/tests/chat_*.rs`):
//!
//! ```no_run
//! use amf_tests::flash::{self, Tools};
//!
//! if !flash::toolchain(Tools::Ruffle) {
//!     return; // skipped, with a message (never under CI=true: there the setup runs)
//! }
//! let swf = std::env::temp_dir().join("app.swf");
//! flash::compile_app(&[flash::repo().join("my/as3").as_path()], "Main.as", &swf)
//!     .expect_success("Main.as does not compile");
//! let server = flash::TestServer::start(amf_runtime::Server::builder());
//! flash::run_swf(&swf, &[server.port()], &format!("port={}", server.port()), &[])
//!     .expect_success("the SWF did not pass");
//! ```
//!
//! Under `CI=true` (or `1`) [`toolchain`] runs `tests/flash/setup.sh`, which installs what is
//! missing (idempotent, serialised with `flock`), and a failed setup fails the test; elsewhere a
//! missing tool skips the test with a message.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use amf_runtime::{ServerBuilder, ServerHandle};

/// The root of the workspace.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is in the workspace")
}

/// The cache folder of `setup.sh`: `$AMF_TOOLS_DIR`, default `<repo>/.tools/flash`.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("AMF_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".tools/flash"))
}

/// Whether this is CI (`CI=true` or `CI=1`), where the tools are installed and required.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// What a test needs of the toolchain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tools {
    /// The compiler and the Flash Player API (`ascompile.sh`).
    Compiler,
    /// The compiler, Ruffle, playwright-core and Chromium (`run-ruffle.mjs` too).
    Ruffle,
}

/// Whether the tools `need` are there. Under CI, runs `setup.sh` first (only the compiler side
/// for [`Tools::Compiler`]) and panics if it fails; elsewhere prints why the calling test is
/// skipped when a tool is missing. Decided once per test binary.
pub fn toolchain(need: Tools) -> bool {
    static COMPILER: OnceLock<bool> = OnceLock::new();
    static RUFFLE: OnceLock<bool> = OnceLock::new();
    let once = match need {
        Tools::Compiler => &COMPILER,
        Tools::Ruffle => &RUFFLE,
    };
    let ready = *once.get_or_init(|| {
        if in_ci() {
            set_up(need)
        } else {
            installed(need)
        }
    });
    if !ready {
        eprintln!(
            "skipped: the Flash toolchain ({}) is not installed in {} (run tests/flash/setup.sh, or \
             set CI=true to have the tests install it)",
            match need {
                Tools::Compiler => "the ActionScript compiler",
                Tools::Ruffle => "compiler, Ruffle, Chromium",
            },
            tools_dir().display()
        );
    }
    ready
}

fn set_up(need: Tools) -> bool {
    let mut setup = Command::new("bash");
    setup.arg(repo().join("tests/flash/setup.sh"));
    if need == Tools::Compiler {
        setup.env("AMF_SKIP_BROWSER", "1");
    }
    let status = setup.status().expect("bash runs");
    assert!(
        status.success(),
        "tests/flash/setup.sh failed: CI needs the Flash toolchain ({need:?})"
    );
    true
}

fn installed(need: Tools) -> bool {
    let tools = tools_dir();
    let compiler = tools
        .join("node_modules/@apache-royale/royale-js/royale-asjs/js/lib/mxmlc.jar")
        .exists()
        && tools.join("playerglobal.swc").exists();
    if need == Tools::Compiler {
        return compiler;
    }
    let chromium = std::env::var_os("AMF_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    compiler
        && tools
            .join("node_modules/@ruffle-rs/ruffle/ruffle.js")
            .exists()
        && tools
            .join("node_modules/playwright-core/package.json")
            .exists()
        && chromium.exists()
}

/// How a tool run ended: success, and everything it printed (stdout, then stderr).
#[derive(Debug, Clone)]
pub struct Output {
    /// Whether it exited with 0.
    pub success: bool,
    /// Its stdout followed by its stderr.
    pub text: String,
}

impl Output {
    /// Panics, with `what` and the output, unless the tool succeeded; returns the output.
    #[track_caller]
    pub fn expect_success(self, what: &str) -> Output {
        assert!(self.success, "{what}:\n{}", self.text);
        self
    }

    fn of(command: &mut Command) -> Output {
        let output = command.output().expect("the tool starts");
        Output {
            success: output.status.success(),
            text: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        }
    }
}

/// Runs `tests/flash/ascompile.sh` with `args` (`lib SRC[:SRC...] OUT.swc` or
/// `app SRC[:SRC...] MAIN.as OUT.swf`, then compiler arguments). It fails on any error and on
/// any warning.
pub fn ascompile(args: &[&str]) -> Output {
    Output::of(
        Command::new("bash")
            .arg(repo().join("tests/flash/ascompile.sh"))
            .args(args),
    )
}

/// `sources` as one `ascompile.sh` argument: `a:b:c`.
fn source_path(sources: &[&Path]) -> String {
    sources
        .iter()
        .map(|s| s.to_str().expect("a UTF-8 path"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Compiles `main` (a path, or a file name inside one of `sources`) into the SWF `out`.
pub fn compile_app(sources: &[&Path], main: &str, out: &Path) -> Output {
    ascompile(&[
        "app",
        &source_path(sources),
        main,
        out.to_str().expect("a UTF-8 path"),
    ])
}

/// Compiles every source file of `sources` into the library `out`.
pub fn compile_lib(sources: &[&Path], out: &Path) -> Output {
    ascompile(&[
        "lib",
        &source_path(sources),
        out.to_str().expect("a UTF-8 path"),
    ])
}

/// Runs `swf` in Ruffle in headless Chromium with a `socketProxy` entry
/// `{host: "127.0.0.1", port, proxyUrl: "ws://127.0.0.1:port/"}` for each of `ports` (straight
/// to that port: no proxy in between) and `flashvars`; `extra` goes to `run-ruffle.mjs` as is
/// (e.g. `--ignore-errors`, `--done-regex RE`). Succeeds when the SWF traces `AMF_TEST_DONE`;
/// fails on `AMF_TEST_FAIL`, on an error Ruffle logs, or after 60 s.
pub fn run_swf(swf: &Path, ports: &[u16], flashvars: &str, extra: &[&str]) -> Output {
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/flash/run-ruffle.mjs"))
        .arg("--swf")
        .arg(swf);
    for port in ports {
        command.args(["--socket-proxy", &format!("127.0.0.1:{port}")]);
    }
    command
        .args(["--flashvars", flashvars, "--timeout-ms", "60000"])
        .args(extra);
    Output::of(&mut command)
}

/// A port of 127.0.0.1 that nobody listens on (bound, then released).
pub fn unused_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("an ephemeral port");
    listener.local_addr().expect("bound").port()
}

/// A server on an ephemeral port of 127.0.0.1, running on its own tokio runtime until dropped.
#[derive(Debug)]
pub struct TestServer {
    handle: ServerHandle,
    addr: SocketAddr,
    // Dropped last: it runs the server.
    runtime: tokio::runtime::Runtime,
}

impl TestServer {
    /// Binds `builder` to `127.0.0.1:0` and runs it.
    pub fn start(builder: ServerBuilder) -> TestServer {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        let server = runtime
            .block_on(builder.bind("127.0.0.1:0"))
            .expect("the server binds");
        let addr = server.local_addr().expect("bound");
        let handle = server.handle();
        runtime.spawn(server.run());
        TestServer {
            handle,
            addr,
            runtime,
        }
    }

    /// The port of the server (TCP, WebSocket and socket policy).
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The address of the server.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Controls the server: peers, stats, shutdown.
    pub fn handle(&self) -> &ServerHandle {
        &self.handle
    }

    /// The runtime the server runs on, for the test's own tasks.
    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        &self.runtime
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.shutdown();
    }
}
