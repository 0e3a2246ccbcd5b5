//! Request timeouts and the heartbeat on tokio's paused clock, pings as the client sees them,
//! requests given up (future dropped) and requests failed by a closing connection.
//!
//! The paused-clock tests run real loopback sockets, with [`clock_steps`] (see there why):
//! nothing here measures time; the clock only decides which of reply and timeout comes first.

mod common;

use std::sync::Arc;
use std::time::Duration;

use amf_runtime::amf3::Value;
use amf_runtime::protocol::envelope::{Kind, PING_COMMAND};
use amf_runtime::{CallError, Client, CloseReason, ConnectionConfig, Heartbeat, Router};
use common::*;
use tokio::sync::{mpsc, Notify};

const STEP: Duration = Duration::from_millis(10);
/// A bound for the paused-clock tests, in virtual time.
const LONG: Duration = Duration::from_secs(600);

/// `echo`, and `hang`, which answers only when `release` is notified (and says so on `started`).
fn hanging_service(release: Arc<Notify>, started: mpsc::UnboundedSender<()>) -> Router {
    Router::new()
        .request("echo", |_ctx, params: Value| async move {
            Ok::<_, String>(params)
        })
        .request("hang", move |_ctx, _p: Value| {
            let release = release.clone();
            let _ = started.send(());
            async move {
                release.notified().await;
                Ok::<_, String>("late")
            }
        })
}

#[tokio::test(start_paused = true)]
async fn requests_time_out_and_late_responses_are_ignored() {
    common::trace();
    let _clock = clock_steps(STEP);
    let release = Arc::new(Notify::new());
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let server = start(server().service(hanging_service(release.clone(), started_tx))).await;
    let mut client_config = ConnectionConfig::client();
    client_config.request_timeout = Duration::from_secs(2);
    let client = within_for(
        LONG,
        "connect",
        Client::builder()
            .connection_config(client_config)
            .connect(server.addr()),
    )
    .await
    .unwrap();

    // The connection's default timeout.
    match within_for(LONG, "hang", client.request::<Value>("hang", &())).await {
        Err(CallError::Timeout { command, timeout }) => {
            assert_eq!(
                (command.as_str(), timeout),
                ("hang", Duration::from_secs(2))
            )
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    // A timeout of its own.
    let peer = client.peer().unwrap();
    let own = peer.request_with_timeout::<Value>("hang", &(), Duration::from_secs(45));
    match within_for(LONG, "hang", own).await {
        Err(CallError::Timeout { command, timeout }) => {
            assert_eq!(
                (command.as_str(), timeout),
                ("hang", Duration::from_secs(45))
            )
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(client.stats().timeouts, 2);
    within_for(LONG, "both handlers started", async {
        started.recv().await;
        started.recv().await;
    })
    .await;

    // Now the answers come: too late, ignored and counted; the connection goes on.
    release.notify_one();
    release.notify_one();
    let echoed: Value = within_for(
        LONG,
        "echo",
        client.request("echo", &obj([("a", Value::Integer(1))])),
    )
    .await
    .unwrap();
    assert_eq!(echoed.get("a"), Some(&Value::Integer(1)));
    let stats = client.stats();
    assert_eq!(stats.dropped_frames, 2, "both late responses were ignored");
    assert_eq!((stats.timeouts, stats.invalid_frames), (2, 0));
    assert_eq!(server.handle.stats().requests_in, 3);
}

#[tokio::test(start_paused = true)]
async fn server_request_to_a_silent_peer_times_out() {
    common::trace();
    let _clock = clock_steps(STEP);
    let release = Arc::new(Notify::new());
    let (started_tx, _started) = mpsc::unbounded_channel();
    let server = start(server().service(hanging_service(release, started_tx))).await;
    let mut sock = raw(server.addr).await;
    echo_round_trip(&mut sock, "hello").await;
    let peer = server_peer(&server.handle, sock.local_addr().unwrap());

    let call = {
        let peer = peer.clone();
        tokio::spawn(async move {
            let params = obj([("q", Value::Integer(1))]);
            peer.request_with_timeout::<Value>("question", &params, Duration::from_secs(30))
                .await
        })
    };
    let question = within_for(LONG, "the question", recv_envelope(&mut sock)).await;
    assert_eq!(
        (question.kind, question.command.as_str()),
        (Kind::Request, "question")
    );
    match within_for(LONG, "the question times out", call)
        .await
        .unwrap()
    {
        Err(CallError::Timeout { command, .. }) => assert_eq!(command, "question"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(server.handle.stats().timeouts, 1);

    // The late answer is ignored, and the connection stays.
    send(&mut sock, &response(&question.message_id, "too late")).await;
    echo_round_trip(&mut sock, "after").await;
    let stats = server.handle.stats();
    assert_eq!(
        (
            stats.dropped_frames,
            stats.invalid_frames,
            stats.connections_open
        ),
        (1, 0, 1)
    );
    assert!(!peer.is_closed());
}

#[tokio::test(start_paused = true)]
async fn heartbeat_disconnects_a_silent_peer_and_keeps_a_live_one() {
    common::trace();
    let _clock = clock_steps(STEP);
    let mut config = config();
    config.heartbeat = Some(Heartbeat {
        interval: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
    });
    let echo = Router::new().request("echo", |_ctx, params: Value| async move {
        Ok::<_, String>(params)
    });
    let (builder, mut ends) = track_disconnects(server().connection_config(config).service(echo));
    let server = start(builder).await;

    // A client that answers pings, and a raw socket that never does.
    let client = within_for(LONG, "connect", Client::connect(server.addr()))
        .await
        .unwrap();
    let mut silent = raw(server.addr).await;
    let silent_addr = silent.local_addr().unwrap();

    let ping = within_for(LONG, "a ping", recv_envelope(&mut silent)).await;
    assert_eq!(
        (ping.kind, ping.command.as_str()),
        (Kind::Request, PING_COMMAND)
    );
    assert!(
        ping.payload
            .get("time")
            .and_then(Value::as_f64)
            .is_some_and(|t| t > 1.0e9),
        "{:?}",
        ping.payload
    );
    assert!(
        ping.payload
            .get("latency")
            .and_then(Value::as_f64)
            .is_some(),
        "{:?}",
        ping.payload
    );
    // Unanswered: the server closes, and sends nothing more on the way.
    let rest = within_for(
        LONG,
        "the silent peer is closed",
        recv_until_closed(&mut silent),
    )
    .await;
    assert!(
        rest.is_empty(),
        "one ping at a time, then the close: {} more bytes",
        rest.len()
    );
    let ended = within_for(LONG, "disconnect hook", ends.recv())
        .await
        .unwrap();
    assert_eq!(ended.peer.addr(), silent_addr);
    assert_eq!(ended.reason, CloseReason::HeartbeatTimeout);
    assert_eq!(server.handle.stats().timeouts, 1);

    // A minute of pings later, the client is still there.
    tokio::time::sleep(Duration::from_secs(60)).await;
    let alive = obj([("alive", Value::Bool(true))]);
    let echoed: Value = within_for(LONG, "echo", client.request("echo", &alive))
        .await
        .unwrap();
    assert_eq!(echoed.get("alive"), Some(&Value::Bool(true)));
    assert!(ends.try_recv().is_err(), "no other connection ended");
    let peers = server.handle.peers();
    assert_eq!(peers.len(), 1);
    // Measured on the paused clock, the round trip may well be zero: only its presence counts.
    // (The client learns its latency from the pings' `latency`: see
    // `client_answers_pings_and_learns_its_latency`.)
    assert!(
        peers.all()[0].latency().is_some(),
        "the server measured the ping's round trip"
    );
    let stats = server.handle.stats();
    assert_eq!(stats.timeouts, 1, "the client answered every ping");
    assert!(
        stats.requests_out >= 12,
        "pings every 5 s: {}",
        stats.requests_out
    );
    let client_stats = client.stats();
    assert!(
        client_stats.requests_in >= 12,
        "the client answered the pings: {}",
        client_stats.requests_in
    );
    assert_eq!(
        client_stats.error_replies, 0,
        "pings are not unknown commands to the client"
    );
}

#[tokio::test(start_paused = true)]
async fn no_pings_when_the_heartbeat_is_off() {
    let _clock = clock_steps(STEP);
    let echo = Router::new().request("echo", |_ctx, params: Value| async move {
        Ok::<_, String>(params)
    });
    let server = start(server().service(echo)).await;
    let mut sock = raw(server.addr).await;
    echo_round_trip(&mut sock, "1").await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    let mut buf = [0u8; 16];
    assert!(
        matches!(sock.try_read(&mut buf), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nothing was sent"
    );
    echo_round_trip(&mut sock, "2").await;
    let stats = server.handle.stats();
    assert_eq!(
        (stats.requests_out, stats.timeouts, stats.connections_open),
        (0, 0, 1)
    );
}

/// A raw server pings a client: the client answers `"pong"` without involving its handlers,
/// and takes the ping's `latency` as its own.
#[tokio::test]
async fn client_answers_pings_and_learns_its_latency() {
    common::trace();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (handler_tx, mut handler_calls) = mpsc::unbounded_channel::<()>();
    // A handler under the ping's name must never see a ping.
    let router = Router::new().request(PING_COMMAND, move |_ctx, _p: Value| {
        let _ = handler_tx.send(());
        async { Ok::<_, String>("handler") }
    });
    let addr = listener.local_addr().unwrap().to_string();
    let client = within("connect", Client::builder().service(router).connect(addr))
        .await
        .unwrap();
    let (mut sock, _) = within("accept", listener.accept()).await.unwrap();
    assert_eq!(
        client.peer().unwrap().latency(),
        None,
        "nothing measured yet"
    );

    for (id, latency) in [("p1", 0.0), ("p2", 0.25)] {
        let params = obj([
            ("time", Value::Double(1.7e9)),
            ("latency", Value::Double(latency)),
        ]);
        send(&mut sock, &request(id, PING_COMMAND, &params)).await;
        let pong = next_envelope(&mut sock).await;
        assert_eq!((pong.kind, pong.message_id.as_str()), (Kind::Response, id));
        assert_eq!(pong.payload, Value::from("pong"));
    }
    assert_eq!(
        client.peer().unwrap().latency(),
        Some(Duration::from_millis(250))
    );
    assert!(
        handler_calls.try_recv().is_err(),
        "pings are not passed to handlers"
    );
    assert_eq!(client.stats().requests_in, 2);
}

#[tokio::test]
async fn dropping_a_request_future_forgets_the_request() {
    common::trace();
    let release = Arc::new(Notify::new());
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let server = start(server().service(hanging_service(release.clone(), started_tx))).await;
    let client = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();

    tokio::select! {
        outcome = client.request::<Value>("hang", &()) => panic!("hang answered early: {outcome:?}"),
        _ = started.recv() => {} // the request future is dropped here, unanswered
    }
    // Its answer comes after all: nobody waits for it any more.
    release.notify_one();
    let echoed: Value = within(
        "echo",
        client.request("echo", &obj([("a", Value::Integer(1))])),
    )
    .await
    .unwrap();
    assert_eq!(echoed.get("a"), Some(&Value::Integer(1)));
    let stats = client.stats();
    assert_eq!(
        stats.dropped_frames, 1,
        "the answer of the dropped request was ignored"
    );
    assert_eq!((stats.timeouts, stats.invalid_frames), (0, 0));
}

#[tokio::test]
async fn pending_requests_fail_when_the_connection_closes() {
    common::trace();
    let release = Arc::new(Notify::new());
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let (builder, mut ends) =
        track_disconnects(server().service(hanging_service(release, started_tx)));
    let server = start(builder).await;

    // Client → server: three requests pending when the server closes the connection.
    let client = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.request::<Value>("hang", &()).await })
        })
        .collect();
    for _ in 0..3 {
        within("handler started", started.recv()).await.unwrap();
    }
    server.handle.peers().all().pop().unwrap().close();
    for call in calls {
        match within("pending request", call).await.unwrap() {
            Err(CallError::Disconnected { command }) => assert_eq!(command, "hang"),
            other => panic!("expected Disconnected, got {other:?}"),
        }
    }
    assert_eq!(next_end(&mut ends).await.reason, CloseReason::Closed);

    // Server → client: two requests pending when the client goes away.
    let mut sock = raw(server.addr).await;
    echo_round_trip(&mut sock, "hello").await;
    let peer = server_peer(&server.handle, sock.local_addr().unwrap());
    let calls: Vec<_> = ["q1", "q2"]
        .into_iter()
        .map(|command| {
            let peer = peer.clone();
            tokio::spawn(async move { peer.request::<Value>(command, &()).await })
        })
        .collect();
    for _ in 0..2 {
        assert_eq!(next_envelope(&mut sock).await.kind, Kind::Request);
    }
    drop(sock);
    for call in calls {
        assert!(
            matches!(
                within("pending request", call).await.unwrap(),
                Err(CallError::Disconnected { .. })
            ),
            "a pending request fails with Disconnected"
        );
    }
    assert_eq!(next_end(&mut ends).await.reason, CloseReason::PeerClosed);

    // Once closed, a peer refuses at once.
    assert!(peer.is_closed());
    assert!(matches!(
        within("request on a closed peer", peer.request::<Value>("q3", &())).await,
        Err(CallError::Disconnected { .. })
    ));
    assert!(matches!(
        within("message on a closed peer", peer.send("m", &())).await,
        Err(CallError::Disconnected { .. })
    ));
    assert_eq!(server.handle.stats().timeouts, 0);
}
