//! `amf-loadgen`: the load generator of amf-socket. Every reply is verified.
//!
//! ```text
//! amf-loadgen rps       [--kind amf|tarpc|bare] [--op echo|add] [--conns C] [--depth D] [--secs S]
//!                       [--warmup S] [--client raw|runtime] [--threads T] [--server-threads N]
//!                       [--addr HOST:PORT [--server-pid PID]]
//! amf-loadgen compare   [--conns C] [--depth D] [--runs R] [--secs S] [--warmup S] [--kinds amf,tarpc,bare]
//!                       [--ops echo,add] [--client raw|runtime] [--threads T]
//! amf-loadgen idle      [--conns N] [--sources K] [--hold S] [--window S] [--threads T]
//! amf-loadgen broadcast [--peers N] [--rounds R] [--sources K] [--threads T]
//! amf-loadgen sendfloor [--pairs N] [--rounds R]   (the kernel's own cost of N small sends)
//! amf-loadgen serve     --kind amf|tarpc|bare [--port P] [--threads N] [--heartbeat-ms MS]
//! amf-loadgen smoke     (a short run of every mode with small numbers, for CI)
//! ```
//!
//! Servers run in a child process (`amf-loadgen serve`), so that their CPU time and memory,
//! read from `/proc`, are theirs alone. The tarpc and bare peers need the feature `peers`:
//! `cargo run --release -p amf-examples --features peers --bin amf-loadgen -- compare`.
//!
//! Lines starting with `RESULT` carry the figures as `key=value` pairs for scripts.

mod fleet;
#[cfg(feature = "peers")]
mod peers;
mod procfs;
mod rps;
mod serve;
mod wire;

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use fleet::{BroadcastConfig, FleetConfig, IdleConfig};
use rps::{ClientKind, RunConfig, RunResult};
use serve::{Kind, ServerOptions};
use wire::Op;

/// The error for a peer asked for without the feature that builds it.
#[cfg(not(feature = "peers"))]
pub(crate) fn peers_missing() -> String {
    "the tarpc and bare peers need the feature `peers` (cargo build --release -p amf-examples --features peers)".into()
}

/// `--key value` arguments.
struct Args {
    values: HashMap<String, String>,
}

impl Args {
    fn parse(args: impl Iterator<Item = String>, known: &[&str]) -> Result<Args, String> {
        let mut values = HashMap::new();
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            let key = arg
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument `{arg}`"))?;
            if !known.contains(&key) {
                return Err(format!(
                    "unknown option `--{key}` (known: {})",
                    known.join(", ")
                ));
            }
            let value = args
                .next()
                .ok_or_else(|| format!("--{key} needs a value"))?;
            values.insert(key.to_owned(), value);
        }
        Ok(Args { values })
    }

    fn get<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.values.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key}: invalid value `{v}`")),
        }
    }

    fn opt<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, String> {
        self.values
            .get(key)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("--{key}: invalid value `{v}`"))
            })
            .transpose()
    }

    fn secs(&self, key: &str, default: f64) -> Result<Duration, String> {
        Ok(Duration::from_secs_f64(self.get(key, default)?))
    }

    fn str(&self, key: &str, default: &str) -> String {
        self.values
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    }
}

fn main() -> ExitCode {
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let result = match command.as_str() {
        "serve" => cmd_serve(args),
        "rps" => cmd_rps(args),
        "compare" => cmd_compare(args),
        "idle" => cmd_idle(args),
        "broadcast" => cmd_broadcast(args),
        "sendfloor" => cmd_send_floor(args),
        "smoke" => cmd_smoke(),
        _ => Err(format!(
            "usage: amf-loadgen serve|rps|compare|idle|broadcast|sendfloor|smoke [options]\n{}",
            "see the header of examples/loadgen/main.rs"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("amf-loadgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cmd_serve(args: impl Iterator<Item = String>) -> Result<(), String> {
    let args = Args::parse(args, &["kind", "port", "threads", "heartbeat-ms"])?;
    let kind = Kind::parse(&args.str("kind", "amf"))?;
    serve::serve(
        kind,
        args.get("port", 0)?,
        args.get("threads", 0)?,
        args.opt("heartbeat-ms")?,
    )
}

const RPS_OPTIONS: &[&str] = &[
    "kind",
    "op",
    "conns",
    "depth",
    "secs",
    "warmup",
    "client",
    "threads",
    "server-threads",
    "addr",
    "server-pid",
    "requests",
];

fn run_config(args: &Args) -> Result<RunConfig, String> {
    let external = match args.opt::<std::net::SocketAddr>("addr")? {
        Some(addr) => Some((addr, args.opt("server-pid")?)),
        None => None,
    };
    Ok(RunConfig {
        kind: Kind::parse(&args.str("kind", "amf"))?,
        op: Op::parse(&args.str("op", "echo"))?,
        client: ClientKind::parse(&args.str("client", "raw"))?,
        conns: args.get("conns", 1)?,
        depth: args.get("depth", 64)?,
        warmup: args.secs("warmup", 1.0)?,
        secs: args.secs("secs", 5.0)?,
        threads: args.get("threads", 1)?,
        server: ServerOptions {
            threads: args.get("server-threads", 0)?,
            heartbeat_ms: None,
        },
        progress: true,
        external,
        max_requests: args.opt("requests")?,
    })
}

fn cmd_rps(args: impl Iterator<Item = String>) -> Result<(), String> {
    let args = Args::parse(args, RPS_OPTIONS)?;
    let config = run_config(&args)?;
    let result = rps::run(&config)?;
    println!("{}", result.line());
    println!("{}", result.record());
    Ok(())
}

/// The median of `values` (the upper one of an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs every peer in turn, `runs` times, and prints medians and ratios.
fn cmd_compare(args: impl Iterator<Item = String>) -> Result<(), String> {
    let mut known = RPS_OPTIONS.to_vec();
    known.extend(["runs", "kinds", "ops"]);
    let args = Args::parse(args, &known)?;
    let base = run_config(&args)?;
    let runs: usize = args.get("runs", 5)?;
    let kinds: Vec<Kind> = args
        .str("kinds", "amf,tarpc,bare")
        .split(',')
        .map(Kind::parse)
        .collect::<Result<_, _>>()?;
    let ops: Vec<Op> = args
        .str("ops", "echo,add")
        .split(',')
        .map(Op::parse)
        .collect::<Result<_, _>>()?;
    let mut results: Vec<(String, Kind, Op, Vec<RunResult>)> = Vec::new();
    for run in 1..=runs {
        eprintln!("== round {run} of {runs}");
        for &kind in &kinds {
            // The bare echo has no `add`: it runs once per round.
            let kind_ops: &[Op] = if kind == Kind::Bare {
                &[Op::Echo]
            } else {
                &ops
            };
            for &op in kind_ops {
                let config = RunConfig {
                    kind,
                    op,
                    progress: false,
                    ..base.clone()
                };
                let result = rps::run(&config)?;
                eprintln!("{}", result.line());
                println!("{}", result.record());
                match results
                    .iter_mut()
                    .find(|(label, ..)| *label == result.label)
                {
                    Some((_, _, _, all)) => all.push(result),
                    None => results.push((result.label.clone(), kind, op, vec![result])),
                }
            }
        }
    }
    let rps_of = |kind: Kind, op: Op| {
        results
            .iter()
            .find(|(_, k, o, _)| *k == kind && (*o == op || kind == Kind::Bare))
            .map(|(_, _, _, all)| median(all.iter().map(|r| r.rps).collect()))
    };
    println!();
    println!(
        "| peer | connections × in flight | req/s (median of {runs}) | × tarpc | of bare | p50 µs | p99 µs | p99.9 µs | server CPU µs/req | generator CPU µs/resp |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (label, kind, op, all) in &results {
        let rps = median(all.iter().map(|r| r.rps).collect());
        let ratio =
            |other: Option<f64>| other.map_or("–".to_owned(), |o| format!("{:.2}", rps / o));
        let server = median(
            all.iter()
                .map(|r| r.server_cpu_us.unwrap_or(f64::NAN))
                .collect(),
        );
        let client = if label.ends_with("(Client)") {
            " (Client)"
        } else {
            ""
        };
        let name = format!(
            "{} {}{client}",
            kind.name(),
            if *kind == Kind::Bare {
                "echo"
            } else {
                op.name()
            }
        );
        println!(
            "| {} | {}×{} | {:.0} | {} | {} | {:.0} | {:.0} | {:.0} | {:.2} | {:.2} |",
            name,
            base.conns,
            base.depth,
            rps,
            ratio(rps_of(Kind::Tarpc, *op)),
            if *kind == Kind::Bare {
                "1".to_owned()
            } else {
                ratio(rps_of(Kind::Bare, *op))
            },
            median(all.iter().map(|r| r.p50_us).collect()),
            median(all.iter().map(|r| r.p99_us).collect()),
            median(all.iter().map(|r| r.p999_us).collect()),
            server,
            median(all.iter().map(|r| r.client_cpu_us).collect()),
        );
    }
    Ok(())
}

fn fleet_config(args: &Args, conns_key: &str, default_conns: usize) -> Result<FleetConfig, String> {
    Ok(FleetConfig {
        conns: args.get(conns_key, default_conns)?,
        sources: args.get("sources", 8)?,
        connect_concurrency: args.get("connect-concurrency", 256)?,
        threads: args.get("threads", 2)?,
        server: ServerOptions {
            threads: args.get("server-threads", 0)?,
            heartbeat_ms: args.opt("heartbeat-ms")?,
        },
        progress: true,
    })
}

fn cmd_idle(args: impl Iterator<Item = String>) -> Result<(), String> {
    let args = Args::parse(
        args,
        &[
            "conns",
            "sources",
            "hold",
            "window",
            "threads",
            "server-threads",
            "connect-concurrency",
            "heartbeat-ms",
        ],
    )?;
    let config = IdleConfig {
        fleet: fleet_config(&args, "conns", 10_000)?,
        hold: args.secs("hold", 6.0)?,
        window: args.secs("window", 10.0)?,
    };
    let result = fleet::idle(&config)?;
    println!("{}", result.line());
    println!("{}", result.record());
    Ok(())
}

fn cmd_broadcast(args: impl Iterator<Item = String>) -> Result<(), String> {
    let args = Args::parse(
        args,
        &[
            "peers",
            "rounds",
            "sources",
            "threads",
            "server-threads",
            "connect-concurrency",
            "heartbeat-ms",
        ],
    )?;
    let config = BroadcastConfig {
        fleet: fleet_config(&args, "peers", 10_000)?,
        rounds: args.get("rounds", 20)?,
    };
    let result = fleet::broadcast(&config)?;
    println!("{}", result.line());
    println!("{}", result.record());
    Ok(())
}

fn cmd_send_floor(args: impl Iterator<Item = String>) -> Result<(), String> {
    let args = Args::parse(args, &["pairs", "rounds"])?;
    let floor = fleet::send_floor(args.get("pairs", 9000)?, args.get("rounds", 10)?)?;
    println!("{}", floor.line());
    println!("{}", floor.record());
    Ok(())
}

/// A short run of every AMF mode, for CI: a few hundred verified requests each, no timing.
fn cmd_smoke() -> Result<(), String> {
    let server = ServerOptions {
        threads: 2,
        heartbeat_ms: Some(200),
    };
    for (op, client, conns, depth) in [
        (Op::Echo, ClientKind::Raw, 2, 8),
        (Op::Add, ClientKind::Raw, 1, 16),
        (Op::Echo, ClientKind::Runtime, 2, 4),
        (Op::Add, ClientKind::Runtime, 1, 4),
    ] {
        let config = RunConfig {
            kind: Kind::Amf,
            op,
            client,
            conns,
            depth,
            warmup: Duration::ZERO,
            secs: Duration::from_secs(30),
            threads: 1,
            server,
            progress: false,
            external: None,
            max_requests: Some(300),
        };
        let result = rps::run(&config)?;
        if result.responses < 300 {
            return Err(format!(
                "{}: only {} verified responses",
                result.label, result.responses
            ));
        }
        println!("{}", result.record());
    }
    let fleet = FleetConfig {
        conns: 20,
        sources: 2,
        connect_concurrency: 8,
        threads: 1,
        server,
        progress: false,
    };
    let idle = fleet::idle(&IdleConfig {
        fleet: fleet.clone(),
        hold: Duration::from_millis(300),
        window: Duration::from_millis(500),
    })?;
    if idle.open_after != idle.conns {
        return Err(format!(
            "idle: {} of {} connections closed",
            idle.conns - idle.open_after,
            idle.conns
        ));
    }
    println!("{}", idle.record());
    let broadcast = fleet::broadcast(&BroadcastConfig { fleet, rounds: 3 })?;
    println!("{}", broadcast.record());
    println!("smoke: every reply verified");
    Ok(())
}
