//! Throughput: C connections × D requests in flight, every reply verified.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::procfs::{own_pid, CpuWatch};
use crate::serve::{Kind, ServerOptions, ServerProcess};
use crate::wire::{self, Incoming, Op, Small};

/// How the generator speaks AMF Socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClientKind {
    /// The protocol pieces of amf-runtime (Encoder, FrameCodec rules, read_envelope) in one
    /// task per connection that writes whatever it can in one write: cheap per request.
    Raw,
    /// `amf_runtime::Client`, one task per request in flight.
    Runtime,
}

impl ClientKind {
    pub(crate) fn parse(s: &str) -> Result<ClientKind, String> {
        match s {
            "raw" => Ok(ClientKind::Raw),
            "runtime" => Ok(ClientKind::Runtime),
            other => Err(format!("unknown client `{other}` (raw, runtime)")),
        }
    }
}

/// One throughput run.
#[derive(Debug, Clone)]
pub(crate) struct RunConfig {
    pub(crate) kind: Kind,
    pub(crate) op: Op,
    pub(crate) client: ClientKind,
    pub(crate) conns: usize,
    pub(crate) depth: usize,
    pub(crate) warmup: Duration,
    pub(crate) secs: Duration,
    pub(crate) threads: usize,
    pub(crate) server: ServerOptions,
    pub(crate) progress: bool,
    /// A server already running (else one is started in a child process), and its pid.
    pub(crate) external: Option<(std::net::SocketAddr, Option<u32>)>,
    /// Ends the window after this many verified responses (smoke runs).
    pub(crate) max_requests: Option<u64>,
}

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunResult {
    pub(crate) label: String,
    pub(crate) responses: u64,
    pub(crate) rps: f64,
    pub(crate) p50_us: f64,
    pub(crate) p99_us: f64,
    pub(crate) p999_us: f64,
    /// Server CPU per response, if its pid is known.
    pub(crate) server_cpu_us: Option<f64>,
    /// The generator's own CPU per response.
    pub(crate) client_cpu_us: f64,
    /// The share of the server's CPU time spent in the kernel.
    pub(crate) server_sys_share: Option<f64>,
    /// Server and generator CPU, in cores, over the window.
    pub(crate) server_cores: Option<f64>,
    pub(crate) client_cores: f64,
}

impl RunResult {
    pub(crate) fn line(&self) -> String {
        let server = self.server_cpu_us.map_or("n/a".to_owned(), |us| {
            let sys = self.server_sys_share.unwrap_or(0.0) * 100.0;
            format!(
                "{us:.2} µs ({:.2} cores, {sys:.0}% in the kernel)",
                self.server_cores.unwrap_or(0.0)
            )
        });
        format!(
            "{:<28} {:>10.0} req/s  p50 {:>7.1} µs  p99 {:>7.1} µs  p99.9 {:>7.1} µs  server CPU/req {}  generator CPU/resp {:.2} µs ({:.2} cores)",
            self.label, self.rps, self.p50_us, self.p99_us, self.p999_us, server, self.client_cpu_us, self.client_cores
        )
    }

    /// One `key=value` line for scripts.
    pub(crate) fn record(&self) -> String {
        format!(
            "RESULT label={} rps={:.0} p50_us={:.1} p99_us={:.1} p999_us={:.1} server_cpu_us={} server_sys_share={} client_cpu_us={:.3} server_cores={} client_cores={:.2}",
            self.label.replace(' ', "_"),
            self.rps,
            self.p50_us,
            self.p99_us,
            self.p999_us,
            self.server_cpu_us.map_or("nan".into(), |v| format!("{v:.3}")),
            self.server_sys_share.map_or("nan".into(), |v| format!("{v:.2}")),
            self.client_cpu_us,
            self.server_cores.map_or("nan".into(), |v| format!("{v:.2}")),
            self.client_cores,
        )
    }
}

/// What the connections share with the controller.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Verified responses, all connections.
    pub(crate) completed: AtomicU64,
    /// Latencies are recorded while true.
    pub(crate) measuring: AtomicBool,
    /// Connections stop sending new requests once true.
    pub(crate) stop: AtomicBool,
    /// Latencies in nanoseconds, appended by each connection when it ends.
    pub(crate) latencies: Mutex<Vec<u32>>,
    /// The first error any connection met.
    pub(crate) error: Mutex<Option<String>>,
}

impl Shared {
    pub(crate) fn fail(&self, error: String) {
        self.error.lock().expect("error").get_or_insert(error);
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Runs one throughput measurement.
pub(crate) fn run(config: &RunConfig) -> Result<RunResult, String> {
    let process = match config.external {
        Some(_) => None,
        None => Some(ServerProcess::start(config.kind, &config.server)?),
    };
    let (addr, server_pid) = match (&process, config.external) {
        (Some(p), _) => (p.addr, Some(p.pid())),
        (None, Some(given)) => given,
        (None, None) => unreachable!(),
    };
    let mut runtime = if config.threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(config.threads);
        b
    };
    let runtime = runtime.enable_all().build().map_err(|e| e.to_string())?;
    let result = runtime.block_on(measure(config, addr, server_pid));
    drop(runtime);
    drop(process);
    result
}

async fn measure(
    config: &RunConfig,
    addr: std::net::SocketAddr,
    server_pid: Option<u32>,
) -> Result<RunResult, String> {
    let shared = Arc::new(Shared::default());
    let tasks = start_load(config, addr, &shared).await?;
    let label = format!(
        "{} {} {}x{}{}",
        config.kind.name(),
        config.op.name(),
        config.conns,
        config.depth,
        if config.kind == Kind::Amf && config.client == ClientKind::Runtime {
            " (Client)"
        } else {
            ""
        }
    );

    tokio::time::sleep(config.warmup).await;
    shared.measuring.store(true, Ordering::SeqCst);
    let start = Instant::now();
    let first = shared.completed.load(Ordering::SeqCst);
    let server_cpu = server_pid.map(CpuWatch::start);
    let client_cpu = CpuWatch::start(own_pid());
    let mut last = (start, first);
    let end = start + config.secs;
    let tick = if config.max_requests.is_some() {
        Duration::from_millis(5)
    } else {
        Duration::from_secs(1)
    };
    while Instant::now() < end {
        tokio::time::sleep(tick.min(end.saturating_duration_since(Instant::now()))).await;
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        if config
            .max_requests
            .is_some_and(|max| shared.completed.load(Ordering::SeqCst) - first >= max)
        {
            break;
        }
        if config.progress && last.0.elapsed() >= Duration::from_secs(1) {
            let now = (Instant::now(), shared.completed.load(Ordering::SeqCst));
            let rate = (now.1 - last.1) as f64 / now.0.duration_since(last.0).as_secs_f64();
            eprintln!(
                "  {label}: {:>5.1} s  {:>10.0} req/s  ({} verified)",
                now.0.duration_since(start).as_secs_f64(),
                rate,
                now.1
            );
            last = now;
        }
    }
    let elapsed = start.elapsed();
    let responses = shared.completed.load(Ordering::SeqCst) - first;
    let server_split = server_cpu.map(|w| w.elapsed_split());
    let server_time = server_split.map(|(user, system)| user + system);
    let client_time = client_cpu.elapsed();
    shared.measuring.store(false, Ordering::SeqCst);
    shared.stop.store(true, Ordering::SeqCst);
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
    }
    if let Some(error) = shared.error.lock().expect("error").take() {
        return Err(format!("{label}: {error}"));
    }
    if responses == 0 {
        return Err(format!("{label}: no response in the window"));
    }
    let mut latencies = std::mem::take(&mut *shared.latencies.lock().expect("latencies"));
    latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        f64::from(latencies[i]) / 1000.0
    };
    let per = |d: Duration| d.as_secs_f64() * 1e6 / responses as f64;
    Ok(RunResult {
        label,
        responses,
        rps: responses as f64 / elapsed.as_secs_f64(),
        p50_us: pct(0.50),
        p99_us: pct(0.99),
        p999_us: pct(0.999),
        server_cpu_us: server_time.map(per),
        client_cpu_us: per(client_time),
        server_sys_share: server_split
            .map(|(user, system)| system.as_secs_f64() / (user + system).as_secs_f64().max(1e-9)),
        server_cores: server_time.map(|t| t.as_secs_f64() / elapsed.as_secs_f64()),
        client_cores: client_time.as_secs_f64() / elapsed.as_secs_f64(),
    })
}

/// Connects every connection, then lets them all start at once.
async fn start_load(
    config: &RunConfig,
    addr: std::net::SocketAddr,
    shared: &Arc<Shared>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, String> {
    let go = Arc::new(tokio::sync::Barrier::new(config.conns + 1));
    let mut tasks = Vec::new();
    for _ in 0..config.conns {
        let (shared, go) = (shared.clone(), go.clone());
        let (op, depth) = (config.op, config.depth);
        let task = match (config.kind, config.client) {
            (Kind::Amf, ClientKind::Raw) => {
                let stream = connect(addr).await?;
                tokio::spawn(async move {
                    go.wait().await;
                    if let Err(e) = raw_connection(stream, depth, &shared, Framing::Amf(op)).await {
                        shared.fail(e);
                    }
                })
            }
            (Kind::Amf, ClientKind::Runtime) => {
                let client = amf_runtime::Client::connect(addr.to_string())
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::spawn(async move {
                    go.wait().await;
                    if let Err(e) = runtime_connection(client, depth, op, &shared).await {
                        shared.fail(e);
                    }
                })
            }
            #[cfg(feature = "peers")]
            (Kind::Bare, _) => {
                let stream = connect(addr).await?;
                tokio::spawn(async move {
                    go.wait().await;
                    if let Err(e) = raw_connection(stream, depth, &shared, Framing::Bare).await {
                        shared.fail(e);
                    }
                })
            }
            #[cfg(feature = "peers")]
            (Kind::Tarpc, _) => {
                let client = crate::peers::tarpc_client(addr).await?;
                tokio::spawn(async move {
                    go.wait().await;
                    if let Err(e) = crate::peers::tarpc_connection(client, depth, op, &shared).await
                    {
                        shared.fail(e);
                    }
                })
            }
            #[cfg(not(feature = "peers"))]
            (Kind::Bare | Kind::Tarpc, _) => return Err(crate::peers_missing()),
        };
        tasks.push(task);
    }
    go.wait().await;
    Ok(tasks)
}

pub(crate) async fn connect(addr: std::net::SocketAddr) -> Result<TcpStream, String> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    Ok(stream)
}

/// What the raw generator writes and expects back.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Framing {
    /// AMF Socket requests of `op`.
    Amf(Op),
    /// Length-prefixed payloads of [`BARE_LEN`] bytes that start with the request number.
    #[cfg_attr(not(feature = "peers"), allow(dead_code))]
    Bare,
}

/// The payload size of a bare echo: about the size of an AMF `echo` request.
const BARE_LEN: usize = 96;

/// A connection's writer and checker of frames.
enum Codec {
    Amf(Box<wire::Templates>),
    Bare,
}

impl Codec {
    fn new(framing: Framing) -> Codec {
        match framing {
            Framing::Amf(op) => Codec::Amf(Box::new(wire::Templates::new(op))),
            Framing::Bare => Codec::Bare,
        }
    }

    fn write(&self, out: &mut Vec<u8>, seq: u64) {
        match self {
            Codec::Amf(templates) => templates.write_request(out, seq),
            Codec::Bare => {
                out.extend_from_slice(&(BARE_LEN as u32).to_be_bytes());
                out.extend_from_slice(&seq.to_be_bytes());
                out.extend_from_slice(&[0x5A; BARE_LEN - 8]);
            }
        }
    }

    fn read(&mut self, payload: &[u8], out: &mut Vec<u8>) -> Result<Incoming, String> {
        match self {
            Codec::Amf(templates) => templates.read(payload, out),
            Codec::Bare => {
                if payload.len() != BARE_LEN || payload[8..].iter().any(|&b| b != 0x5A) {
                    return Err("bare echo: wrong payload".into());
                }
                let mut seq = [0; 8];
                seq.copy_from_slice(&payload[..8]);
                Ok(Incoming::Reply(u64::from_be_bytes(seq)))
            }
        }
    }
}

/// One connection of the raw generator: `depth` requests in flight; each batch of replies read
/// is verified and answered by as many new requests, written in one write.
pub(crate) async fn raw_connection(
    mut stream: TcpStream,
    depth: usize,
    shared: &Shared,
    framing: Framing,
) -> Result<(), String> {
    let (mut reader, mut writer) = stream.split();
    let mut codec = Codec::new(framing);
    let mut out: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut read_buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    // Request `seq` sits in slot `seq % depth`; its send time is kept there.
    let now = Instant::now();
    let mut sent_at = vec![now; depth];
    let mut expected: Vec<u64> = (0..depth as u64).collect();
    for seq in 0..depth as u64 {
        codec.write(&mut out, seq);
    }
    writer.write_all(&out).await.map_err(|e| e.to_string())?;
    out.clear();
    let mut outstanding = depth;
    let mut latencies: Vec<u32> = Vec::new();
    while outstanding > 0 {
        let n = reader
            .read_buf(&mut read_buf)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        let now = Instant::now();
        let stopping = shared.stop.load(Ordering::Relaxed);
        let measuring = shared.measuring.load(Ordering::Relaxed);
        let mut replies = 0u64;
        let used = wire::for_each_frame(&read_buf, |payload| {
            if let Incoming::Reply(seq) = codec.read(payload, &mut out)? {
                let slot = (seq % depth as u64) as usize;
                if expected[slot] != seq {
                    return Err(format!("reply to request {seq}, which is not in flight"));
                }
                replies += 1;
                if measuring {
                    latencies.push(
                        now.duration_since(sent_at[slot])
                            .as_nanos()
                            .min(u128::from(u32::MAX)) as u32,
                    );
                }
                if stopping {
                    expected[slot] = u64::MAX;
                    outstanding -= 1;
                } else {
                    let seq = seq + depth as u64;
                    codec.write(&mut out, seq);
                    expected[slot] = seq;
                    sent_at[slot] = now;
                }
            }
            Ok(())
        })?;
        read_buf.drain(..used);
        if read_buf.capacity() - read_buf.len() < 16 * 1024 {
            read_buf.reserve(64 * 1024);
        }
        shared.completed.fetch_add(replies, Ordering::Relaxed);
        if !out.is_empty() {
            writer.write_all(&out).await.map_err(|e| e.to_string())?;
            out.clear();
        }
    }
    shared
        .latencies
        .lock()
        .expect("latencies")
        .extend_from_slice(&latencies);
    Ok(())
}

/// One connection through `amf_runtime::Client`: `depth` tasks, each awaiting one request at
/// a time.
async fn runtime_connection(
    client: amf_runtime::Client,
    depth: usize,
    op: Op,
    shared: &Arc<Shared>,
) -> Result<(), String> {
    let peer = client.peer().ok_or("not connected")?;
    let mut tasks = Vec::new();
    for lane in 0..depth as u64 {
        let (peer, shared) = (peer.clone(), shared.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut seq = lane;
            while !shared.stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let ok = match op {
                    Op::Echo => {
                        let small = Small::numbered(seq);
                        let back: Small = peer
                            .request("echo", &small)
                            .await
                            .map_err(|e| e.to_string())?;
                        back == small
                    }
                    Op::Add => {
                        let p = wire::AddParams::numbered(seq);
                        let sum: f64 = peer.request("add", &p).await.map_err(|e| e.to_string())?;
                        sum == p.a + p.b
                    }
                };
                if !ok {
                    return Err(format!("wrong result for request {seq}"));
                }
                if shared.measuring.load(Ordering::Relaxed) {
                    latencies.push(sent.elapsed().as_nanos().min(u128::from(u32::MAX)) as u32);
                }
                shared.completed.fetch_add(1, Ordering::Relaxed);
                seq += depth as u64;
            }
            shared
                .latencies
                .lock()
                .expect("latencies")
                .extend_from_slice(&latencies);
            Ok::<(), String>(())
        }));
    }
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    client.close();
    Ok(())
}
