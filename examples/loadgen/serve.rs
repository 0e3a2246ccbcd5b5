//! The servers under test, each run in a child process (`amf-loadgen serve --kind K`) so that
//! its CPU time and memory are its own.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, Stdio};

use std::time::Duration;

use amf_runtime::{ConnectionConfig, Heartbeat, Router, Server};

use crate::wire::{AddParams, Seq, Small};

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Our runtime: `Server` with a `Router` serving `echo`, `add` and `broadcast`.
    Amf,
    /// tarpc 0.38 with bincode over TCP (feature `peers`).
    Tarpc,
    /// A bare tokio-util length-delimited echo (feature `peers`): the ceiling.
    Bare,
}

impl Kind {
    pub(crate) fn parse(s: &str) -> Result<Kind, String> {
        match s {
            "amf" => Ok(Kind::Amf),
            "tarpc" => Ok(Kind::Tarpc),
            "bare" => Ok(Kind::Bare),
            other => Err(format!("unknown server kind `{other}` (amf, tarpc, bare)")),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Amf => "amf",
            Kind::Tarpc => "tarpc",
            Kind::Bare => "bare",
        }
    }
}

/// The service of the AMF server: `echo` of a [`Small`], `add`, and `broadcast`, which sends
/// message `tick` with the same `{seq}` to every connection (encoded once) and answers how
/// many connections it was queued for.
pub(crate) fn amf_service() -> Router {
    Router::new()
        .request("echo", |_ctx, small: Small| async move {
            Ok::<_, String>(small)
        })
        .request("add", |_ctx, p: AddParams| async move {
            Ok::<_, String>(p.a + p.b)
        })
        .request("broadcast", |ctx, seq: Seq| async move {
            let sent = ctx
                .peer()
                .peers()
                .broadcast("tick", &seq)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(sent as f64)
        })
}

/// Runs server `kind` on 127.0.0.1:`port` (0: any free port) until standard input closes:
/// prints `READY <addr>` once listening.
pub(crate) fn serve(
    kind: Kind,
    port: u16,
    threads: usize,
    heartbeat_ms: Option<u64>,
) -> Result<(), String> {
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if threads > 0 {
        runtime.worker_threads(threads);
    }
    let runtime = runtime.enable_all().build().map_err(|e| e.to_string())?;
    // The parent closes our standard input (or dies): then we stop.
    std::thread::spawn(|| {
        let mut sink = [0u8; 64];
        while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
        std::process::exit(0);
    });
    runtime.block_on(async move {
        match kind {
            Kind::Amf => {
                let mut config = ConnectionConfig::default();
                if let Some(ms) = heartbeat_ms {
                    let interval = Duration::from_millis(ms);
                    config.heartbeat = Some(Heartbeat {
                        interval,
                        timeout: interval * 2,
                    });
                }
                let server = Server::builder()
                    .service(amf_service())
                    .connection_config(config)
                    .max_connections(1_000_000)
                    .max_connections_per_ip(1_000_000)
                    .bind(("127.0.0.1", port))
                    .await
                    .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
                println!("READY {}", server.local_addr().map_err(|e| e.to_string())?);
                server.run().await.map_err(|e| e.to_string())
            }
            #[cfg(feature = "peers")]
            Kind::Tarpc => crate::peers::serve_tarpc(port).await,
            #[cfg(feature = "peers")]
            Kind::Bare => crate::peers::serve_bare(port).await,
            #[cfg(not(feature = "peers"))]
            Kind::Tarpc | Kind::Bare => Err(crate::peers_missing()),
        }
    })
}

/// How to start the server process.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ServerOptions {
    /// Runtime worker threads (0: one per core, tokio's default).
    pub(crate) threads: usize,
    /// The heartbeat interval (the timeout is twice that); `None`: the default 5 s / 10 s.
    pub(crate) heartbeat_ms: Option<u64>,
}

/// A server in a child process, stopped when dropped.
#[derive(Debug)]
pub(crate) struct ServerProcess {
    child: Child,
    /// Where it listens.
    pub(crate) addr: std::net::SocketAddr,
    _stdout: BufReader<ChildStdout>,
}

impl ServerProcess {
    /// Starts `amf-loadgen serve --kind K` and waits until it listens.
    pub(crate) fn start(kind: Kind, options: &ServerOptions) -> Result<ServerProcess, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut command = Command::new(exe);
        command.args([
            "serve",
            "--kind",
            kind.name(),
            "--port",
            "0",
            "--threads",
            &options.threads.to_string(),
        ]);
        if let Some(ms) = options.heartbeat_ms {
            command.args(["--heartbeat-ms", &ms.to_string()]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "error".into()),
            )
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        let addr = line
            .strip_prefix("READY ")
            .and_then(|a| a.trim().parse().ok())
            .ok_or_else(|| {
                format!(
                    "the {} server did not start: `{}`",
                    kind.name(),
                    line.trim()
                )
            })?;
        Ok(ServerProcess {
            child,
            addr,
            _stdout: stdout,
        })
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
