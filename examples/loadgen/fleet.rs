//! Many quiet connections: the idle mode (N connections answering pings: server memory per
//! connection and CPU) and the broadcast mode (one message to N peers: time until the last
//! has it).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use amf_runtime::amf3::Encoder;
use amf_runtime::protocol::envelope::Kind as EnvelopeKind;
use std::io::IoSliceMut;
use std::os::fd::AsRawFd;

use nix::sys::socket::{recvmsg, setsockopt, sockopt, ControlMessageOwned, MsgFlags};
use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};
use tokio::net::{TcpSocket, TcpStream};

use crate::procfs::{own_pid, raise_file_limit, rss_bytes, CpuWatch};
use crate::serve::{Kind, ServerOptions, ServerProcess};
use crate::wire::{self, Incoming, Op, Seq};

/// Settings shared by the idle and broadcast modes.
#[derive(Debug, Clone)]
pub(crate) struct FleetConfig {
    /// How many connections.
    pub(crate) conns: usize,
    /// Client sockets are bound to 127.0.0.1 … 127.0.0.`sources` in turn (each source address
    /// has about 28,000 ephemeral ports).
    pub(crate) sources: u8,
    /// Connections being opened at once.
    pub(crate) connect_concurrency: usize,
    pub(crate) threads: usize,
    pub(crate) server: ServerOptions,
    pub(crate) progress: bool,
}

/// What the connections of a fleet share.
#[derive(Debug)]
struct Fleet {
    /// Connections that answered at least one ping.
    pinged: AtomicUsize,
    /// Pings answered, all connections.
    pings: AtomicU64,
    /// Connections that ended.
    closed: AtomicUsize,
    /// When the kernel put the last `tick` into each connection's socket (its receive
    /// timestamp, ns since the Unix epoch), and the tick's `seq`.
    arrivals: Vec<AtomicU64>,
    tick_seq: Vec<AtomicU64>,
    /// `tick`s received for the current round.
    ticks: AtomicUsize,
    /// Connections read while true: a broadcast round closes it, so that the generator does not
    /// compete for the CPU with the server's sends (the kernel timestamps say when each arrived).
    gate: tokio::sync::watch::Sender<bool>,
    errors: std::sync::Mutex<Option<String>>,
}

impl Fleet {
    fn new(conns: usize) -> Arc<Fleet> {
        Arc::new(Fleet {
            pinged: AtomicUsize::new(0),
            pings: AtomicU64::new(0),
            closed: AtomicUsize::new(0),
            arrivals: (0..conns).map(|_| AtomicU64::new(0)).collect(),
            tick_seq: (0..conns).map(|_| AtomicU64::new(0)).collect(),
            ticks: AtomicUsize::new(0),
            gate: tokio::sync::watch::Sender::new(true),
            errors: std::sync::Mutex::new(None),
        })
    }
}

fn runtime(threads: usize) -> Result<tokio::runtime::Runtime, String> {
    let mut b = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(threads);
        b
    };
    b.enable_all().build().map_err(|e| e.to_string())
}

/// The file limit both processes need for `conns` connections.
fn ensure_file_limit(conns: usize) -> Result<(), String> {
    let want = conns as u64 + 256;
    let have = raise_file_limit(want);
    if have < want {
        return Err(format!(
            "{conns} connections need {want} file descriptors in each process and the limit is {have}: \
             raise the hard limit (`ulimit -Hn`, which needs root with CAP_SYS_RESOURCE)"
        ));
    }
    Ok(())
}

/// Opens `config.conns` connections, each served by [`quiet_connection`].
async fn open_fleet(
    config: &FleetConfig,
    addr: SocketAddr,
    fleet: &Arc<Fleet>,
) -> Result<Duration, String> {
    let started = Instant::now();
    let permits = Arc::new(tokio::sync::Semaphore::new(
        config.connect_concurrency.max(1),
    ));
    let opened = Arc::new(AtomicUsize::new(0));
    let mut last_report = Instant::now();
    for index in 0..config.conns {
        let permit = permits.clone().acquire_owned().await.expect("semaphore");
        if let Some(error) = fleet.errors.lock().expect("errors").take() {
            return Err(error);
        }
        let source = Ipv4Addr::new(
            127,
            0,
            0,
            1 + (index % usize::from(config.sources.max(1))) as u8,
        );
        let (fleet, opened_here) = (fleet.clone(), opened.clone());
        tokio::spawn(async move {
            let stream = match connect_from(source, addr).await {
                Ok(stream) => stream,
                Err(e) => {
                    fleet
                        .errors
                        .lock()
                        .expect("errors")
                        .get_or_insert(format!("connection {index}: {e}"));
                    return;
                }
            };
            opened_here.fetch_add(1, Ordering::Relaxed);
            drop(permit);
            quiet_connection(stream, index, &fleet).await;
        });
        if config.progress && last_report.elapsed() >= Duration::from_secs(1) {
            eprintln!(
                "  connecting: {} of {}",
                opened.load(Ordering::Relaxed),
                config.conns
            );
            last_report = Instant::now();
        }
    }
    // Wait for the last connects.
    let _ = permits
        .acquire_many(config.connect_concurrency.max(1) as u32)
        .await;
    if let Some(error) = fleet.errors.lock().expect("errors").take() {
        return Err(error);
    }
    Ok(started.elapsed())
}

async fn connect_from(source: Ipv4Addr, addr: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(source), 0))?;
    let stream = socket.connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// A connection that answers pings and notes `tick`s until the server closes it.
async fn quiet_connection(mut stream: TcpStream, index: usize, fleet: &Fleet) {
    if let Err(e) = setsockopt(&stream, sockopt::ReceiveTimestampns, &true) {
        fleet
            .errors
            .lock()
            .expect("errors")
            .get_or_insert(format!("SO_TIMESTAMPNS: {e}"));
        return;
    }
    let mut gate = fleet.gate.subscribe();
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Encoder::new();
    let mut pinged = false;
    loop {
        // Wait for the gate to open, then for something to read (or for the gate to close).
        while !*gate.borrow_and_update() {
            if gate.changed().await.is_err() {
                return;
            }
        }
        tokio::select! {
            ready = stream.readable() => if ready.is_err() { break },
            _ = gate.changed() => continue,
        }
        let mut chunk = [0u8; 4096];
        let mut stamp = [0u8; 64];
        let received = stream.try_io(Interest::READABLE, || {
            let mut iov = [IoSliceMut::new(&mut chunk)];
            let msg = recvmsg::<()>(
                stream.as_raw_fd(),
                &mut iov,
                Some(&mut stamp[..]),
                MsgFlags::empty(),
            )
            .map_err(std::io::Error::from)?;
            let mut at = None;
            for cmsg in msg.cmsgs().map_err(std::io::Error::from)? {
                if let ControlMessageOwned::ScmTimestampns(ts) = cmsg {
                    at = Some(ts.tv_sec() as u64 * 1_000_000_000 + ts.tv_nsec() as u64);
                }
            }
            Ok((msg.bytes, at))
        });
        let (n, at) = match received {
            Ok((0, _)) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => break,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut pings = 0;
        let used = wire::for_each_frame(&buf, |payload| {
            match wire::read_frame(payload, Op::Echo, &mut out)? {
                Incoming::Ping => pings += 1,
                Incoming::Tick(seq) => {
                    let at = at.unwrap_or_else(unix_nanos);
                    fleet.arrivals[index].store(at, Ordering::Relaxed);
                    fleet.tick_seq[index].store(u64::from(seq), Ordering::Relaxed);
                    fleet.ticks.fetch_add(1, Ordering::AcqRel);
                }
                Incoming::Reply(_) | Incoming::Other => {}
            }
            Ok(())
        });
        let used = match used {
            Ok(used) => used,
            Err(e) => {
                fleet
                    .errors
                    .lock()
                    .expect("errors")
                    .get_or_insert(format!("connection {index}: {e}"));
                break;
            }
        };
        buf.drain(..used);
        if buf.is_empty() {
            buf = Vec::new();
        }
        if pings > 0 {
            fleet.pings.fetch_add(pings, Ordering::Relaxed);
            if !pinged {
                pinged = true;
                fleet.pinged.fetch_add(1, Ordering::Relaxed);
            }
        }
        if !out.is_empty() {
            if stream.write_all(out.as_bytes()).await.is_err() {
                break;
            }
            out = Encoder::new();
        }
    }
    fleet.closed.fetch_add(1, Ordering::Relaxed);
}

/// Now, in ns since the Unix epoch (the clock of the kernel's receive timestamps).
fn unix_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Idle mode settings.
#[derive(Debug, Clone)]
pub(crate) struct IdleConfig {
    pub(crate) fleet: FleetConfig,
    /// How long to hold the connections after each has answered a ping, before measuring.
    pub(crate) hold: Duration,
    /// The CPU measurement window.
    pub(crate) window: Duration,
}

/// What the idle mode measured.
#[derive(Debug, Clone)]
pub(crate) struct IdleResult {
    pub(crate) conns: usize,
    pub(crate) open_after: usize,
    pub(crate) connect_secs: f64,
    pub(crate) rss_before: u64,
    pub(crate) rss_after: u64,
    pub(crate) server_cores: f64,
    pub(crate) cpu_per_ping_us: f64,
    pub(crate) pings_per_sec: f64,
    pub(crate) generator_rss: u64,
}

impl IdleResult {
    pub(crate) fn line(&self) -> String {
        format!(
            "idle {} connections ({} still open; connected in {:.1} s): server RSS {:.1} MiB (empty: {:.1} MiB) = {:.0} bytes per connection; \
             server CPU {:.3} cores = {:.2} µs per ping answered ({:.0} pings/s); generator RSS {:.0} MiB",
            self.conns,
            self.open_after,
            self.connect_secs,
            self.rss_after as f64 / 1048576.0,
            self.rss_before as f64 / 1048576.0,
            self.rss_after.saturating_sub(self.rss_before) as f64 / self.conns as f64,
            self.server_cores,
            self.cpu_per_ping_us,
            self.pings_per_sec,
            self.generator_rss as f64 / 1048576.0
        )
    }

    pub(crate) fn record(&self) -> String {
        format!(
            "RESULT label=idle_{} conns={} open={} rss_before={} rss_after={} bytes_per_conn={:.0} server_cores={:.4} cpu_per_ping_us={:.3} pings_per_sec={:.0}",
            self.conns,
            self.conns,
            self.open_after,
            self.rss_before,
            self.rss_after,
            self.rss_after.saturating_sub(self.rss_before) as f64 / self.conns as f64,
            self.server_cores,
            self.cpu_per_ping_us,
            self.pings_per_sec
        )
    }
}

/// Runs the idle mode.
pub(crate) fn idle(config: &IdleConfig) -> Result<IdleResult, String> {
    ensure_file_limit(config.fleet.conns)?;
    let server = ServerProcess::start(Kind::Amf, &config.fleet.server)?;
    std::thread::sleep(Duration::from_millis(300));
    let rss_before = rss_bytes(server.pid()).ok_or("cannot read the server's memory")?;
    let fleet = Fleet::new(config.fleet.conns);
    let runtime = runtime(config.fleet.threads)?;
    let result = runtime.block_on(async {
        let connect = open_fleet(&config.fleet, server.addr, &fleet).await?;
        // Every connection answers its first ping within one heartbeat interval (5 s) after the
        // server took it (500 ms of sniffing): wait for that.
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = Instant::now();
        while fleet.pinged.load(Ordering::Relaxed) < config.fleet.conns {
            if Instant::now() > deadline {
                return Err(format!(
                    "only {} of {} connections were pinged within 30 s ({} closed)",
                    fleet.pinged.load(Ordering::Relaxed),
                    config.fleet.conns,
                    fleet.closed.load(Ordering::Relaxed)
                ));
            }
            if config.fleet.progress && last.elapsed() >= Duration::from_secs(1) {
                eprintln!(
                    "  pinged: {} of {}",
                    fleet.pinged.load(Ordering::Relaxed),
                    config.fleet.conns
                );
                last = Instant::now();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(config.hold).await;
        let cpu = CpuWatch::start(server.pid());
        let pings = fleet.pings.load(Ordering::Relaxed);
        let start = Instant::now();
        tokio::time::sleep(config.window).await;
        let used = cpu.elapsed();
        let elapsed = start.elapsed();
        let pings = fleet.pings.load(Ordering::Relaxed) - pings;
        let rss_after = rss_bytes(server.pid()).ok_or("cannot read the server's memory")?;
        Ok(IdleResult {
            conns: config.fleet.conns,
            open_after: config.fleet.conns - fleet.closed.load(Ordering::Relaxed),
            connect_secs: connect.as_secs_f64(),
            rss_before,
            rss_after,
            server_cores: used.as_secs_f64() / elapsed.as_secs_f64(),
            cpu_per_ping_us: used.as_secs_f64() * 1e6 / pings.max(1) as f64,
            pings_per_sec: pings as f64 / elapsed.as_secs_f64(),
            generator_rss: rss_bytes(own_pid()).unwrap_or(0),
        })
    });
    drop(server);
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// Broadcast mode settings.
#[derive(Debug, Clone)]
pub(crate) struct BroadcastConfig {
    pub(crate) fleet: FleetConfig,
    pub(crate) rounds: usize,
}

/// What the broadcast mode measured (medians over the rounds).
#[derive(Debug, Clone)]
pub(crate) struct BroadcastResult {
    pub(crate) peers: usize,
    pub(crate) rounds: usize,
    /// From the request's write to the last peer's read of the message.
    pub(crate) last_ms: f64,
    /// The same, for half the peers.
    pub(crate) median_ms: f64,
    /// The worst round's last delivery.
    pub(crate) worst_ms: f64,
    /// From the request's write to its reply (the server has queued the message to everyone).
    pub(crate) queued_ms: f64,
    pub(crate) server_cpu_ms: f64,
    /// The share of it spent in the kernel.
    pub(crate) server_sys_share: f64,
    pub(crate) generator_cpu_ms: f64,
}

impl BroadcastResult {
    pub(crate) fn line(&self) -> String {
        format!(
            "broadcast to {} peers (median of {} rounds): last peer has it after {:.2} ms (half of them after {:.2} ms; worst round {:.2} ms); \
             reply to the request after {:.2} ms; server CPU {:.2} ms ({:.0}% in the kernel) and generator CPU {:.2} ms per broadcast",
            self.peers,
            self.rounds,
            self.last_ms,
            self.median_ms,
            self.worst_ms,
            self.queued_ms,
            self.server_cpu_ms,
            self.server_sys_share * 100.0,
            self.generator_cpu_ms
        )
    }

    pub(crate) fn record(&self) -> String {
        format!(
            "RESULT label=broadcast_{} peers={} rounds={} last_ms={:.3} median_ms={:.3} worst_ms={:.3} reply_ms={:.3} server_cpu_ms={:.3} server_sys_share={:.2} generator_cpu_ms={:.3}",
            self.peers,
            self.peers,
            self.rounds,
            self.last_ms,
            self.median_ms,
            self.worst_ms,
            self.queued_ms,
            self.server_cpu_ms,
            self.server_sys_share,
            self.generator_cpu_ms
        )
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        f64::NAN
    } else {
        values[values.len() / 2]
    }
}

/// Runs the broadcast mode.
pub(crate) fn broadcast(config: &BroadcastConfig) -> Result<BroadcastResult, String> {
    ensure_file_limit(config.fleet.conns)?;
    let server = ServerProcess::start(Kind::Amf, &config.fleet.server)?;
    let fleet = Fleet::new(config.fleet.conns);
    let runtime = runtime(config.fleet.threads)?;
    let peers = config.fleet.conns;
    let result = runtime.block_on(async {
        open_fleet(&config.fleet, server.addr, &fleet).await?;
        let mut control = Control::connect(server.addr).await?;
        // Wait until the server has taken every connection (after its 500 ms sniff).
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let reached = control.broadcast(0).await?.1;
            if reached > peers {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the server holds {reached} of {} connections after 30 s",
                    peers + 1
                ));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (mut lasts, mut medians, mut queued) = (Vec::new(), Vec::new(), Vec::new());
        let server_cpu = CpuWatch::start(server.pid());
        let generator_cpu = CpuWatch::start(own_pid());
        for round in 1..=config.rounds as u32 {
            // Park every connection at the gate, so that none reads during the round.
            fleet.gate.send_replace(false);
            tokio::time::sleep(Duration::from_millis(100)).await;
            fleet.ticks.store(0, Ordering::SeqCst);
            let sent_at = unix_nanos();
            let sent = Instant::now();
            let (replied, _) = control.broadcast(round).await?;
            let reply_ms = replied.duration_since(sent).as_secs_f64() * 1e3;
            // Let the server finish its sends, then read: the kernel stamped each arrival.
            tokio::time::sleep(
                Duration::from_millis(200).max(Duration::from_secs_f64(reply_ms * 3e-3)),
            )
            .await;
            fleet.gate.send_replace(true);
            let deadline = Instant::now() + Duration::from_secs(10);
            while fleet.ticks.load(Ordering::Acquire) < peers {
                if Instant::now() > deadline {
                    return Err(format!(
                        "round {round}: {} of {peers} peers got the message within 10 s",
                        fleet.ticks.load(Ordering::Acquire)
                    ));
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            let mut delays: Vec<f64> = Vec::with_capacity(peers);
            for (arrival, seq) in fleet.arrivals.iter().zip(&fleet.tick_seq) {
                if seq.load(Ordering::Relaxed) != u64::from(round) {
                    return Err(format!(
                        "round {round}: a peer got tick {} instead",
                        seq.load(Ordering::Relaxed)
                    ));
                }
                delays.push(arrival.load(Ordering::Relaxed).saturating_sub(sent_at) as f64 / 1e6);
            }
            lasts.push(delays.iter().copied().fold(0.0, f64::max));
            medians.push(median(&mut delays));
            queued.push(reply_ms);
            if config.fleet.progress {
                eprintln!(
                    "  round {round}: last {:.2} ms, reply {:.2} ms",
                    lasts.last().unwrap(),
                    reply_ms
                );
            }
        }
        let rounds = config.rounds.max(1) as f64;
        let (user, system) = server_cpu.elapsed_split();
        let server_cpu_ms = (user + system).as_secs_f64() * 1e3 / rounds;
        let server_sys_share = system.as_secs_f64() / (user + system).as_secs_f64().max(1e-9);
        let generator_cpu_ms = generator_cpu.elapsed().as_secs_f64() * 1e3 / rounds;
        let worst_ms = lasts.iter().copied().fold(0.0, f64::max);
        Ok(BroadcastResult {
            peers,
            rounds: config.rounds,
            last_ms: median(&mut lasts),
            median_ms: median(&mut medians),
            worst_ms,
            queued_ms: median(&mut queued),
            server_cpu_ms,
            server_sys_share,
            generator_cpu_ms,
        })
    });
    drop(server);
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// The connection that asks for broadcasts.
struct Control {
    stream: TcpStream,
    buf: Vec<u8>,
    out: Encoder,
    next_seq: u64,
}

impl Control {
    async fn connect(addr: SocketAddr) -> Result<Control, String> {
        Ok(Control {
            stream: crate::rps::connect(addr).await?,
            buf: Vec::with_capacity(4096),
            out: Encoder::new(),
            next_seq: 1,
        })
    }

    /// Asks for broadcast `seq`; returns when the reply came and how many peers it reached.
    async fn broadcast(&mut self, seq: u32) -> Result<(Instant, usize), String> {
        let id = self.next_seq;
        self.next_seq += 1;
        wire::write_call(
            &mut self.out,
            EnvelopeKind::Request,
            id,
            "broadcast",
            &Seq(seq),
        );
        self.stream
            .write_all(self.out.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        self.out.clear();
        loop {
            let read =
                tokio::time::timeout(Duration::from_secs(30), self.stream.read_buf(&mut self.buf))
                    .await;
            if read
                .map_err(|_| "no reply to `broadcast` within 30 s")?
                .map_err(|e| e.to_string())?
                == 0
            {
                return Err("the server closed the control connection".into());
            }
            let now = Instant::now();
            let mut reached = None;
            let used = wire::for_each_frame(&self.buf, |payload| {
                let mut d = amf_runtime::amf3::Decoder::new(payload);
                let incoming = amf_runtime::protocol::envelope::read_envelope(&mut d)
                    .map_err(|e| e.to_string())?;
                if incoming.kind == EnvelopeKind::Response && incoming.message_id.parse() == Ok(id)
                {
                    let n: f64 = d
                        .decode_at(incoming.payload_at, amf_runtime::amf3::Decoder::read_value)
                        .map_err(|e| e.to_string())?
                        .as_f64()
                        .ok_or("broadcast: the reply is not a number")?;
                    reached = Some(n as usize);
                } else if incoming.kind != EnvelopeKind::Response {
                    wire::read_frame(payload, Op::Echo, &mut self.out)?;
                }
                Ok(())
            })?;
            self.buf.drain(..used);
            if !self.out.is_empty() {
                self.stream
                    .write_all(self.out.as_bytes())
                    .await
                    .map_err(|e| e.to_string())?;
                self.out.clear();
            }
            if let Some(n) = reached {
                return Ok((now, n));
            }
        }
    }
}

/// What the kernel alone needs to fan a message out on this machine: one thread writes a small
/// frame to each of `pairs` loopback TCP sockets, with plain blocking sends and no runtime.
#[derive(Debug, Clone)]
pub(crate) struct SendFloor {
    pub(crate) pairs: usize,
    /// Median over the rounds, per send.
    pub(crate) wall_us: f64,
    pub(crate) cpu_us: f64,
    pub(crate) sys_share: f64,
}

impl SendFloor {
    pub(crate) fn line(&self) -> String {
        format!(
            "send floor: one thread writing 90 bytes to each of {} loopback TCP sockets takes {:.2} µs per send ({:.2} µs of CPU, {:.0}% in the kernel): {:.1} ms for 10,000",
            self.pairs,
            self.wall_us,
            self.cpu_us,
            self.sys_share * 100.0,
            self.wall_us * 10.0
        )
    }

    pub(crate) fn record(&self) -> String {
        format!(
            "RESULT label=send_floor pairs={} wall_us={:.3} cpu_us={:.3} sys_share={:.2} ms_per_10000={:.2}",
            self.pairs,
            self.wall_us,
            self.cpu_us,
            self.sys_share,
            self.wall_us * 10.0
        )
    }
}

/// Measures [`SendFloor`] over `rounds` rounds.
pub(crate) fn send_floor(pairs: usize, rounds: usize) -> Result<SendFloor, String> {
    use std::io::{Read, Write};
    ensure_file_limit(pairs * 2)?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut senders = Vec::with_capacity(pairs);
    let mut receivers = Vec::with_capacity(pairs);
    for _ in 0..pairs {
        let receiver = std::net::TcpStream::connect(addr).map_err(|e| e.to_string())?;
        let (sender, _) = listener.accept().map_err(|e| e.to_string())?;
        sender.set_nodelay(true).map_err(|e| e.to_string())?;
        senders.push(sender);
        receivers.push(receiver);
    }
    let frame = [0x5Au8; 90];
    let (mut walls, mut cpus, mut shares) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        let cpu = CpuWatch::start(own_pid());
        let start = Instant::now();
        for sender in &mut senders {
            sender.write_all(&frame).map_err(|e| e.to_string())?;
        }
        let wall = start.elapsed();
        let (user, system) = cpu.elapsed_split();
        let mut sink = [0u8; 256];
        for receiver in &mut receivers {
            receiver
                .read_exact(&mut sink[..frame.len()])
                .map_err(|e| e.to_string())?;
        }
        walls.push(wall.as_secs_f64() * 1e6 / pairs as f64);
        cpus.push((user + system).as_secs_f64() * 1e6 / pairs as f64);
        shares.push(system.as_secs_f64() / (user + system).as_secs_f64().max(1e-9));
    }
    Ok(SendFloor {
        pairs,
        wall_us: median(&mut walls),
        cpu_us: median(&mut cpus),
        sys_share: median(&mut shares),
    })
}
