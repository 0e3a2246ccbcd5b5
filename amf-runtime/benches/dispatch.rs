//! The cost of the `#[service]` dispatcher against a hand-written `Router` handler: the same
//! `add` request, pipelined 1,000 at a time over one loopback connection, to a server of each
//! kind, in the same run. Run with `cargo bench -p amf-runtime --bench dispatch`.

#![allow(missing_docs)] // criterion_group! declares an undocumented function

use std::time::{Duration, Instant};

use amf_runtime::amf3::{ClassDef, Decoder, Encoder, Value};
use amf_runtime::protocol::envelope::{read_envelope, Call, Kind};
use amf_runtime::{service, ConnectionConfig, Router, Server};
use criterion::{criterion_group, criterion_main, Criterion};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

const BATCH: usize = 1000;

/// The macro side: one request `calc.add`.
#[service(name = "calc")]
trait Calc {
    async fn add(&self, a: f64, b: f64) -> f64;
}

struct CalcServer;

impl Calc for CalcServer {
    async fn add(&self, a: f64, b: f64) -> f64 {
        a + b
    }
}

/// `{a, b}` decoded by hand, as a user without the macro would write it.
struct AddParams {
    a: f64,
    b: f64,
}

impl<'de> amf_runtime::amf3::Decode<'de> for AddParams {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, amf_runtime::amf3::DecodeError> {
        d.read_object("", |obj| {
            let (mut a, mut b) = (0.0, 0.0);
            while let Some(name) = obj.next_member()? {
                match name {
                    "a" => a = obj.value()?,
                    "b" => b = obj.value()?,
                    _ => {}
                }
            }
            Ok(AddParams { a, b })
        })
    }
}

fn hand_written() -> Router {
    Router::new().request("calc.add", |_ctx, p: AddParams| async move {
        Ok::<_, String>(p.a + p.b)
    })
}

/// BATCH request frames `calc.add {a: i, b: 1}`, in one buffer.
fn batch() -> Vec<u8> {
    static PARAMS: ClassDef = ClassDef::ANONYMOUS;
    let mut encoder = Encoder::new();
    for i in 0..BATCH {
        let params = amf_runtime::amf3::EncodeWith(|e: &mut Encoder| {
            e.write_object_header(&PARAMS)?;
            e.write_dynamic_member("a", &(i as f64))?;
            e.write_dynamic_member("b", &1.0f64)?;
            e.end_dynamic_members();
            Ok(())
        });
        let id = i.to_string();
        encoder
            .frame(&Call {
                kind: Kind::Request,
                message_id: &id,
                command: "calc.add",
                params: &params,
            })
            .unwrap();
    }
    encoder.into_bytes()
}

/// Sends the batch and reads every response, checking each sum; returns the time taken.
async fn round(socket: &mut TcpStream, requests: &[u8], buf: &mut Vec<u8>) -> Duration {
    let start = Instant::now();
    socket.write_all(requests).await.unwrap();
    let mut answered = 0;
    buf.clear();
    while answered < BATCH {
        let mut chunk = [0u8; 65536];
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "server closed the connection");
        buf.extend_from_slice(&chunk[..n]);
        let mut at = 0;
        while buf.len() - at >= 4 {
            let len = u32::from_be_bytes(buf[at..at + 4].try_into().unwrap()) as usize;
            if buf.len() - at - 4 < len {
                break;
            }
            let frame = &buf[at + 4..at + 4 + len];
            let mut d = Decoder::new(frame);
            let incoming = read_envelope(&mut d).unwrap();
            let sum: Value = d
                .decode_at(incoming.payload_at, Decoder::read_value)
                .unwrap();
            let i: f64 = incoming.message_id.parse().unwrap();
            assert_eq!(sum.as_f64(), Some(i + 1.0));
            answered += 1;
            at += 4 + len;
        }
        buf.drain(..at);
    }
    start.elapsed()
}

async fn start(router: Option<Router>) -> TcpStream {
    // No heartbeat: the benchmark's raw socket does not answer pings.
    let mut config = ConnectionConfig::default();
    config.heartbeat = None;
    let builder = Server::builder().connection_config(config);
    let builder = match router {
        Some(router) => builder.service(router),
        None => builder.service(CalcService::new(CalcServer)),
    };
    let server = builder.bind("127.0.0.1:0").await.unwrap();
    let addr = server.local_addr().unwrap();
    tokio::spawn(server.run());
    let socket = TcpStream::connect(addr).await.unwrap();
    socket.set_nodelay(true).unwrap();
    socket
}

fn dispatch(c: &mut Criterion) {
    let runtime = Runtime::new().unwrap();
    let requests = batch();
    let mut group = c.benchmark_group("dispatch: 1000 pipelined calc.add");
    for (name, router) in [
        ("hand-written Router", Some(hand_written())),
        ("#[service] macro", None),
    ] {
        let mut socket = runtime.block_on(start(router));
        let mut buf = Vec::new();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        total += round(&mut socket, &requests, &mut buf).await;
                    }
                    total
                })
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = dispatch
}
criterion_main!(benches);
