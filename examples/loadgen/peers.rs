//! The side-by-side peers (feature `peers`): tarpc 0.38 with bincode over TCP serving the same
//! echo of a small struct (and the same `add`), and a bare tokio-util length-delimited echo.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use futures::{SinkExt, StreamExt};
use tarpc::server::{BaseChannel, Channel};
use tarpc::tokio_serde::formats::Bincode;
use tarpc::{client, context, serde_transport::tcp};
use tokio::net::TcpListener;
use tokio_util::bytes;
use tokio_util::codec::{Framed, LengthDelimitedCodec};

use crate::rps::Shared;
use crate::wire::Op;

/// The small struct, as serde sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Small {
    id: i32,
    name: String,
    value: f64,
}

/// The same two operations as the AMF server.
#[tarpc::service]
pub(crate) trait Bench {
    /// Returns its argument.
    async fn echo(small: Small) -> Small;
    /// Returns `a + b`.
    async fn add(a: f64, b: f64) -> f64;
}

#[derive(Clone)]
struct BenchServer;

impl Bench for BenchServer {
    async fn echo(self, _: context::Context, small: Small) -> Small {
        small
    }

    async fn add(self, _: context::Context, a: f64, b: f64) -> f64 {
        a + b
    }
}

/// Serves tarpc on 127.0.0.1:`port`, each connection's requests as tasks (tarpc's own pattern).
pub(crate) async fn serve_tarpc(port: u16) -> Result<(), String> {
    let mut incoming = tcp::listen(("127.0.0.1", port), Bincode::default)
        .await
        .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    println!("READY {}", incoming.local_addr());
    while let Some(transport) = incoming.next().await {
        let Ok(transport) = transport else { continue };
        let _ = transport.get_ref().set_nodelay(true);
        let channel = BaseChannel::with_defaults(transport);
        tokio::spawn(
            channel
                .execute(BenchServer.serve())
                .for_each(|response| async move {
                    tokio::spawn(response);
                }),
        );
    }
    Ok(())
}

/// Serves the bare echo on 127.0.0.1:`port`: every frame back as it came, flushed when no
/// further frame is ready (one write per batch).
pub(crate) async fn serve_bare(port: u16) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    println!(
        "READY {}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let mut framed = Framed::new(stream, LengthDelimitedCodec::new());
            while let Some(Ok(frame)) = framed.next().await {
                if framed.feed(frame.freeze()).await.is_err() {
                    return;
                }
                while let Some(Some(Ok(frame))) = futures::FutureExt::now_or_never(framed.next()) {
                    if framed.feed(frame.freeze()).await.is_err() {
                        return;
                    }
                }
                if SinkExt::<bytes::Bytes>::flush(&mut framed).await.is_err() {
                    return;
                }
            }
        });
    }
}

/// A tarpc client on its own connection.
pub(crate) async fn tarpc_client(addr: std::net::SocketAddr) -> Result<BenchClient, String> {
    let transport = tcp::connect(addr, Bincode::default)
        .await
        .map_err(|e| e.to_string())?;
    transport
        .get_ref()
        .set_nodelay(true)
        .map_err(|e| e.to_string())?;
    Ok(BenchClient::new(client::Config::default(), transport).spawn())
}

/// One tarpc connection: `depth` tasks, each awaiting one call at a time.
pub(crate) async fn tarpc_connection(
    client: BenchClient,
    depth: usize,
    op: Op,
    shared: &Arc<Shared>,
) -> Result<(), String> {
    let mut tasks = Vec::new();
    for lane in 0..depth as u64 {
        let (client, shared) = (client.clone(), shared.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut seq = lane;
            while !shared.stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let ok = match op {
                    Op::Echo => {
                        let small = Small {
                            id: (seq & 0x0FFF_FFFF) as i32,
                            name: "loadgen".to_owned(),
                            value: 1.5,
                        };
                        let back = client
                            .echo(context::current(), small.clone())
                            .await
                            .map_err(|e| e.to_string())?;
                        back == small
                    }
                    Op::Add => {
                        let (a, b) = ((seq & 0xFFFF_FFFF) as f64, 0.5);
                        client
                            .add(context::current(), a, b)
                            .await
                            .map_err(|e| e.to_string())?
                            == a + b
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
    Ok(())
}
