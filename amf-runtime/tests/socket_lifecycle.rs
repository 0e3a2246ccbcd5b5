//! Connections coming and going: reconnection, graceful shutdown, a slow reader cut off,
//! connection limits and the connect hook.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use amf_runtime::amf3::Value;
use amf_runtime::{Backoff, CallError, Client, CloseReason, PeerId, Router};
use common::*;
use tokio::net::TcpSocket;
use tokio::sync::{mpsc, Semaphore};

fn echo() -> Router {
    Router::new().request("echo", |_ctx, params: Value| async move {
        Ok::<_, String>(params)
    })
}

async fn echo_ok(client: &Client, tag: &str) {
    let echoed: Value = within(
        tag,
        client.request("echo", &obj([("tag", Value::from(tag))])),
    )
    .await
    .unwrap_or_else(|e| panic!("{tag}: {e}"));
    assert_eq!(echoed.get("tag"), Some(&Value::from(tag)));
}

#[tokio::test]
async fn client_reconnects_after_the_server_closes_it() {
    common::trace();
    let router = echo()
        .request("hello", |ctx, _p: Value| async move {
            Ok::<_, String>(format!("hello #{}", ctx.peer().id()))
        })
        // The server ends the connection from inside a handler.
        .request("kick", |ctx, _p: Value| async move {
            ctx.peer().close();
            Ok::<_, String>("bye")
        });
    let server = start(server().service(router)).await;

    let mut backoff = Backoff::default();
    backoff.initial = Duration::from_millis(5);
    backoff.max = Duration::from_millis(50);
    backoff.max_attempts = Some(100);
    // The connect hook makes a request of its own (a login, rooms to join again...).
    let (connected_tx, mut connected) =
        mpsc::unbounded_channel::<(PeerId, Result<String, CallError>)>();
    let (ended_tx, mut ended) = mpsc::unbounded_channel::<CloseReason>();
    let client = within(
        "connect",
        Client::builder()
            .reconnect(backoff)
            .on_connect(move |peer| {
                let connected_tx = connected_tx.clone();
                async move {
                    let greeting = peer.request::<String>("hello", &()).await;
                    let _ = connected_tx.send((peer.id(), greeting));
                }
            })
            .on_disconnect(move |_peer, reason| {
                let _ = ended_tx.send(reason);
            })
            .connect(server.addr()),
    )
    .await
    .unwrap();

    let (first, greeting) = within("first connect hook", connected.recv())
        .await
        .unwrap();
    assert_eq!(
        greeting.unwrap(),
        "hello #1",
        "a request made by the connect hook is answered"
    );
    echo_ok(&client, "first").await;

    // Closed by the server from a handler: the reply may or may not make it out first.
    match within("kick", client.request::<String>("kick", &())).await {
        Ok(bye) => assert_eq!(bye, "bye"),
        Err(CallError::Disconnected { .. }) => {}
        Err(other) => panic!("kick: {other}"),
    }
    assert_eq!(
        within("disconnect hook", ended.recv()).await.unwrap(),
        CloseReason::PeerClosed
    );
    let (second, greeting) = within("second connect hook", connected.recv())
        .await
        .unwrap();
    assert_ne!(first, second, "a new connection");
    assert_eq!(greeting.unwrap(), "hello #2");
    echo_ok(&client, "second").await;

    // Closed by the server from outside, through the handle.
    let peers = server.handle.peers().all();
    assert_eq!(peers.len(), 1);
    peers[0].close();
    assert_eq!(
        within("disconnect hook", ended.recv()).await.unwrap(),
        CloseReason::PeerClosed
    );
    let (_third, greeting) = within("third connect hook", connected.recv())
        .await
        .unwrap();
    assert_eq!(greeting.unwrap(), "hello #3");
    echo_ok(&client, "third").await;
    assert_eq!(server.handle.stats().connections_total, 3);

    // Closed by the client: for good.
    client.close();
    assert_eq!(
        within("disconnect hook", ended.recv()).await.unwrap(),
        CloseReason::Closed
    );
    assert!(within("connected after close", client.connected())
        .await
        .is_err());
    assert!(matches!(
        within("request after close", client.request::<Value>("echo", &())).await,
        Err(CallError::Disconnected { .. })
    ));
    assert!(connected.try_recv().is_err(), "no fourth connection");
}

#[tokio::test]
async fn graceful_shutdown_answers_every_accepted_request() {
    common::trace();
    const CLIENTS: usize = 3;
    const PER_CLIENT: usize = 8;
    const N: usize = CLIENTS * PER_CLIENT;
    let gate = Arc::new(Semaphore::new(0));
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let router = {
        let gate = gate.clone();
        echo().request("slow", move |_ctx, params: Value| {
            let gate = gate.clone();
            let _ = started_tx.send(());
            async move {
                gate.acquire().await.expect("gate open").forget();
                Ok::<_, String>(params.get("n").and_then(Value::as_f64).unwrap_or(f64::NAN) * 2.0)
            }
        })
    };
    let (builder, mut ends) = track_disconnects(server().service(router));
    let server = start(builder).await;

    let mut calls = Vec::new();
    for c in 0..CLIENTS {
        let client = within("connect", Client::connect(server.addr()))
            .await
            .unwrap();
        for i in 0..PER_CLIENT {
            let n = (c * PER_CLIENT + i) as f64;
            let client = client.clone();
            calls.push(tokio::spawn(async move {
                (
                    n,
                    client
                        .request::<f64>("slow", &obj([("n", Value::Double(n))]))
                        .await,
                )
            }));
        }
    }
    for _ in 0..N {
        within("every handler started", started.recv())
            .await
            .unwrap();
    }

    server.handle.shutdown();
    gate.add_permits(N);
    for call in calls {
        let (n, outcome) = within("a reply", call).await.unwrap();
        assert_eq!(
            outcome.unwrap_or_else(|e| panic!("request {n}: {e}")),
            n * 2.0
        );
    }
    within("Server::run returns", server.run)
        .await
        .unwrap()
        .unwrap();
    for _ in 0..CLIENTS {
        assert_eq!(next_end(&mut ends).await.reason, CloseReason::Shutdown);
    }
    let stats = server.handle.stats();
    assert_eq!((stats.requests_in, stats.connections_open), (N as u64, 0));
    // The listener is gone.
    assert!(
        tokio::net::TcpStream::connect(server.addr).await.is_err(),
        "no longer accepting"
    );
}

/// A shutdown asked for before the server task first runs is not lost.
#[tokio::test]
async fn shutdown_before_the_server_runs_is_kept() {
    common::trace();
    let server = start(server().service(echo()).policy_listener("127.0.0.1:0")).await;
    server.handle.shutdown();
    within("Server::run returns", server.run)
        .await
        .unwrap()
        .unwrap();
    assert!(
        tokio::net::TcpStream::connect(server.addr).await.is_err(),
        "no longer accepting"
    );
    assert_eq!(server.handle.stats().connections_total, 0);
}

/// A handler still running at shutdown may call its client and wait for the answer: a
/// draining connection still reads answers. New calls are turned away meanwhile: a request
/// gets the error reply `shutting_down`, a message is dropped.
#[tokio::test]
async fn graceful_shutdown_lets_a_handler_call_its_client() {
    common::trace();
    let gate = Arc::new(Semaphore::new(0));
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let (noted_tx, mut noted) = mpsc::unbounded_channel::<()>();
    let router = {
        let gate = gate.clone();
        echo()
            .request("slowCallback", move |ctx, _p: Value| {
                let gate = gate.clone();
                let _ = started_tx.send(());
                async move {
                    gate.acquire().await.expect("gate open").forget();
                    ctx.peer()
                        .request::<f64>("double", &obj([("n", Value::Integer(4))]))
                        .await
                        .map_err(|e| e.to_string())
                }
            })
            .message("note", move |_ctx, _p: Value| {
                let _ = noted_tx.send(());
                async {}
            })
    };
    let server = start(server().service(router)).await;
    // The client's handler, called by the draining server, calls the server back.
    let (refused_tx, mut refused) = mpsc::unbounded_channel();
    let double = Router::new().request("double", move |ctx, p: Value| {
        let refused_tx = refused_tx.clone();
        async move {
            let _ = ctx.peer().send("note", &()).await;
            let _ = refused_tx.send(ctx.peer().request::<Value>("echo", &()).await);
            Ok::<_, String>(p.get("n").and_then(Value::as_f64).unwrap_or(f64::NAN) * 2.0)
        }
    });
    let client = within(
        "connect",
        Client::builder().service(double).connect(server.addr()),
    )
    .await
    .unwrap();
    let call = {
        let client = client.clone();
        tokio::spawn(async move { client.request::<f64>("slowCallback", &()).await })
    };
    within("handler started", started.recv()).await.unwrap();
    server.handle.shutdown();
    gate.add_permits(1);
    assert_eq!(within("the reply", call).await.unwrap().unwrap(), 8.0);
    match within("the refusal", refused.recv()).await.unwrap() {
        Err(CallError::Remote { error, .. }) => assert_eq!(error.code, "shutting_down"),
        other => panic!("a request to a draining server is refused, got {other:?}"),
    }
    within("Server::run returns", server.run)
        .await
        .unwrap()
        .unwrap();
    assert!(
        noted.try_recv().is_err(),
        "a message to a draining server is dropped"
    );
    let stats = server.handle.stats();
    assert_eq!((stats.error_replies, stats.dropped_frames), (1, 1));
}

/// A raw socket with a small receive buffer, so that a peer that does not read fills up soon.
async fn small_window(addr: std::net::SocketAddr) -> tokio::net::TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = within("connect", socket.connect(addr)).await.unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

#[tokio::test]
async fn slow_reader_is_cut_off_while_others_keep_working() {
    common::trace();
    const BIG: usize = 256 * 1024;
    const ASKED: usize = 64;
    let mut config = config();
    config.outbound_queue = 2;
    config.max_in_flight = 2;
    config.write_stall_timeout = Duration::from_millis(200);
    let router = echo().request("big", |_ctx, _p: Value| async move {
        Ok::<_, String>(vec![7u8; BIG])
    });
    let (builder, mut ends) = track_disconnects(server().connection_config(config).service(router));
    let server = start(builder).await;
    let client = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&client, "before").await;

    // Asks for 64 × 256 KiB in one write, and never reads.
    let mut slow = small_window(server.addr).await;
    let slow_addr = slow.local_addr().unwrap();
    let mut batch = Vec::new();
    for i in 0..ASKED {
        batch.extend(request(&i.to_string(), "big", &()));
    }
    send(&mut slow, &batch).await;

    let ended = next_end(&mut ends).await;
    assert_eq!(ended.peer.addr(), slow_addr);
    assert_eq!(
        ended.reason,
        CloseReason::Closed,
        "the writer gave up on it"
    );
    let stats = server.handle.stats();
    assert!(
        stats.bytes_out < (ASKED * BIG) as u64 / 2,
        "the server stopped producing for a peer that does not read: {} bytes out",
        stats.bytes_out
    );
    assert!(
        stats.requests_in < ASKED as u64,
        "and stopped reading its requests: {}",
        stats.requests_in
    );
    echo_ok(&client, "after").await;
    assert_eq!(server.handle.peers().len(), 1);
    drop(slow);
}

#[tokio::test]
async fn slow_reader_of_broadcasts_is_cut_off_while_others_get_them_all() {
    common::trace();
    const SIZE: usize = 128 * 1024;
    const COUNT: usize = 64;
    let mut config = config();
    config.outbound_queue = 4;
    config.write_stall_timeout = Duration::from_millis(300);
    let (builder, mut ends) = track_disconnects(server().connection_config(config).service(echo()));
    let server = start(builder).await;
    let (news_tx, mut news) = mpsc::unbounded_channel();
    let on_news = Router::new().message("news", move |_ctx, p: Value| {
        let _ = news_tx.send(p.get("seq").and_then(Value::as_f64).unwrap_or(f64::NAN));
        async {}
    });
    let client = within(
        "connect",
        Client::builder().service(on_news).connect(server.addr()),
    )
    .await
    .unwrap();
    echo_ok(&client, "registered").await;
    let mut slow = small_window(server.addr).await;
    let slow_addr = slow.local_addr().unwrap();
    echo_round_trip(&mut slow, "registered").await;

    let payload = Value::ByteArray(vec![1u8; SIZE].into());
    for seq in 0..COUNT {
        let news = obj([
            ("seq", Value::Integer(seq as i32)),
            ("data", payload.clone()),
        ]);
        let sent = server.handle.peers().broadcast("news", &news).unwrap();
        assert!(sent >= 1);
    }
    let ended = next_end(&mut ends).await;
    assert_eq!(ended.peer.addr(), slow_addr);
    assert_eq!(ended.reason, CloseReason::Closed);
    let mut seen = Vec::new();
    for _ in 0..COUNT {
        seen.push(within("news", news.recv()).await.unwrap() as usize);
    }
    seen.sort_unstable();
    assert_eq!(
        seen,
        (0..COUNT).collect::<Vec<_>>(),
        "the reading client got every broadcast"
    );
    echo_ok(&client, "after").await;
    drop(slow);
}

#[tokio::test]
async fn max_connections_refuses_the_excess_cleanly() {
    common::trace();
    let (builder, mut ends) = track_disconnects(server().max_connections(2).service(echo()));
    let server = start(builder).await;
    let a = within("connect a", Client::connect(server.addr()))
        .await
        .unwrap();
    let b = within("connect b", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&a, "a").await;
    echo_ok(&b, "b").await;

    // The third is closed at once, before a byte is exchanged.
    let mut refused = raw(server.addr).await;
    assert!(
        read_until_closed(&mut refused).await.is_empty(),
        "refused without a word"
    );
    assert_eq!(server.handle.stats().connections_refused, 1);
    echo_ok(&a, "a again").await;
    echo_ok(&b, "b again").await;

    // A place frees up when a connection ends.
    a.close();
    next_end(&mut ends).await;
    let c = within("connect c", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&c, "c").await;
    let stats = server.handle.stats();
    assert_eq!(
        (
            stats.connections_total,
            stats.connections_refused,
            stats.connections_open
        ),
        (3, 1, 2)
    );
}

#[tokio::test]
async fn max_connections_per_ip_refuses_the_excess_cleanly() {
    common::trace();
    let (builder, mut ends) = track_disconnects(server().max_connections_per_ip(2).service(echo()));
    let server = start(builder).await;
    let a = within("connect a", Client::connect(server.addr()))
        .await
        .unwrap();
    let mut b = raw(server.addr).await;
    echo_ok(&a, "a").await;
    echo_round_trip(&mut b, "b").await;

    for _ in 0..2 {
        let mut refused = raw(server.addr).await;
        assert!(
            read_until_closed(&mut refused).await.is_empty(),
            "refused without a word"
        );
    }
    assert_eq!(server.handle.stats().connections_refused, 2);
    echo_ok(&a, "a again").await;
    echo_round_trip(&mut b, "b again").await;

    drop(b);
    assert_eq!(next_end(&mut ends).await.reason, CloseReason::PeerClosed);
    let c = within("connect c", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&c, "c").await;
    let stats = server.handle.stats();
    assert_eq!(
        (
            stats.connections_total,
            stats.connections_refused,
            stats.connections_open
        ),
        (3, 2, 2)
    );
}

#[tokio::test]
async fn connect_hook_can_refuse_a_connection() {
    common::trace();
    let refuse = Arc::new(AtomicBool::new(false));
    let builder = {
        let refuse = refuse.clone();
        server().service(echo()).on_connect(move |_peer| {
            let refused = refuse.load(Ordering::SeqCst);
            async move {
                if refused {
                    Err("not today".to_owned())
                } else {
                    Ok(())
                }
            }
        })
    };
    let (builder, mut ends) = track_disconnects(builder);
    let server = start(builder).await;
    let a = within("connect a", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&a, "a").await;

    refuse.store(true, Ordering::SeqCst);
    let mut refused = raw(server.addr).await;
    assert!(
        read_until_closed(&mut refused).await.is_empty(),
        "refused without a word"
    );
    let stats = server.handle.stats();
    assert_eq!((stats.connections_refused, stats.connections_total), (1, 1));
    assert_eq!(
        server.handle.peers().len(),
        1,
        "a refused connection is never a peer"
    );

    refuse.store(false, Ordering::SeqCst);
    let c = within("connect c", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&c, "c").await;
    echo_ok(&a, "a again").await;
    assert!(
        ends.try_recv().is_err(),
        "a refused connection has no disconnect"
    );
    assert_eq!(server.handle.stats().connections_total, 2);
}
