//! Rooms and broadcast, and per-connection state.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use amf_runtime::amf3::Value;
use amf_runtime::{Client, PeerId, Router};
use common::*;
use tokio::sync::mpsc;

fn str_of<'a>(params: &'a Value, key: &str) -> &'a str {
    params.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// `join`, `leave`, `say` (to a room, the sender included or not), `whoami`.
fn chat() -> Router {
    Router::new()
        .request("whoami", |ctx, _p: Value| async move {
            Ok::<_, String>(ctx.peer().id() as f64)
        })
        .request("join", |ctx, p: Value| async move {
            ctx.peer().join(str_of(&p, "room"));
            Ok::<_, String>(ctx.peer().rooms())
        })
        .request("leave", |ctx, p: Value| async move {
            ctx.peer().leave(str_of(&p, "room"));
            Ok::<_, String>(ctx.peer().rooms())
        })
        .request("say", |ctx, p: Value| async move {
            let except = if p.get("echo").and_then(Value::as_bool) == Some(true) {
                None
            } else {
                Some(ctx.peer().id())
            };
            let line = obj([("text", Value::from(str_of(&p, "text")))]);
            let reached = ctx
                .peer()
                .peers()
                .broadcast_room(str_of(&p, "room"), "chat", &line, except)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(reached as f64)
        })
}

/// A client that records `chat` and `news` messages, in order of arrival.
async fn member(addr: &str) -> (Client, PeerId, mpsc::UnboundedReceiver<String>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let news_tx = tx.clone();
    let router = Router::new()
        .message("chat", move |_ctx, p: Value| {
            let _ = tx.send(format!("chat {}", str_of(&p, "text")));
            async {}
        })
        .message("news", move |_ctx, p: Value| {
            let _ = news_tx.send(format!("news {}", str_of(&p, "text")));
            async {}
        });
    let client = within("connect", Client::builder().service(router).connect(addr))
        .await
        .unwrap();
    let id: f64 = within("whoami", client.request("whoami", &()))
        .await
        .unwrap();
    (client, id as PeerId, rx)
}

async fn call(client: &Client, command: &str, params: Value) -> Value {
    within(command, client.request(command, &params))
        .await
        .unwrap()
}

/// The messages a member got, up to and including `news end`.
async fn inbox(rx: &mut mpsc::UnboundedReceiver<String>) -> Vec<String> {
    let mut got = Vec::new();
    loop {
        let line = within("a message", rx.recv()).await.unwrap();
        let end = line == "news end";
        got.push(line);
        if end {
            return got;
        }
    }
}

#[tokio::test]
async fn rooms_and_broadcast() {
    common::trace();
    let (builder, mut ends) = track_disconnects(server().service(chat()));
    let server = start(builder).await;
    let addr = server.addr();
    let (a, a_id, mut a_rx) = member(&addr).await;
    let (b, b_id, mut b_rx) = member(&addr).await;
    let (c, c_id, mut c_rx) = member(&addr).await;

    let room = |name: &str| obj([("room", Value::from(name))]);
    assert_eq!(
        call(&a, "join", room("red")).await,
        Value::array([Value::from("red")])
    );
    call(&b, "join", room("red")).await;
    call(&c, "join", room("blue")).await;
    let rooms = call(&c, "join", room("green")).await;
    assert_eq!(
        rooms,
        Value::array([Value::from("blue"), Value::from("green")])
    );
    let peers = server.handle.peers();
    let ids = |room: &str| {
        peers
            .in_room(room)
            .iter()
            .map(|p| p.id())
            .collect::<HashSet<_>>()
    };
    assert_eq!(ids("red"), HashSet::from([a_id, b_id]));
    assert_eq!(ids("blue"), HashSet::from([c_id]));
    assert!(ids("nowhere").is_empty());

    let say = |room: &str, text: &str, echo: bool| {
        obj([
            ("room", Value::from(room)),
            ("text", Value::from(text)),
            ("echo", Value::Bool(echo)),
        ])
    };
    // To the room but the sender; to the room with the sender; to a room of one, but him.
    assert_eq!(
        call(&a, "say", say("red", "hi", false)).await,
        Value::Double(1.0)
    );
    assert_eq!(
        call(&a, "say", say("red", "all of red", true)).await,
        Value::Double(2.0)
    );
    assert_eq!(
        call(&c, "say", say("blue", "alone", false)).await,
        Value::Double(0.0)
    );
    // After leaving, b hears red no more.
    assert_eq!(call(&b, "leave", room("red")).await, Value::array([]));
    assert_eq!(ids("red"), HashSet::from([a_id]));
    assert_eq!(
        call(&b, "say", say("red", "from outside", false)).await,
        Value::Double(1.0)
    );
    // From the server, outside any handler.
    assert_eq!(
        peers
            .broadcast_room(
                "green",
                "chat",
                &obj([("text", Value::from("green news"))]),
                None
            )
            .unwrap(),
        1
    );
    // To everyone; this also ends each inbox.
    assert_eq!(
        peers
            .broadcast("news", &obj([("text", Value::from("end"))]))
            .unwrap(),
        3
    );

    assert_eq!(
        inbox(&mut a_rx).await,
        ["chat all of red", "chat from outside", "news end"]
    );
    assert_eq!(
        inbox(&mut b_rx).await,
        ["chat hi", "chat all of red", "news end"]
    );
    assert_eq!(inbox(&mut c_rx).await, ["chat green news", "news end"]);

    // A connection that ends leaves its rooms.
    c.close();
    assert_eq!(next_end(&mut ends).await.peer.id(), c_id);
    assert!(ids("blue").is_empty() && ids("green").is_empty());
    assert_eq!(
        peers
            .broadcast("news", &obj([("text", Value::from("end"))]))
            .unwrap(),
        2
    );
    assert_eq!(inbox(&mut a_rx).await, ["news end"]);
    assert_eq!(inbox(&mut b_rx).await, ["news end"]);
    drop((a, b));
}

/// State of a connection: attached by the connect hook, read and changed by handlers, seen by
/// the disconnect hook.
#[derive(Debug, Clone, PartialEq)]
struct Session {
    user: String,
    calls: u32,
}

#[tokio::test]
async fn per_connection_state() {
    common::trace();
    let logins = Arc::new(AtomicU32::new(0));
    let router = Router::new()
        .request("whoami", |ctx, _p: Value| async move {
            ctx.peer()
                .state::<Session>()
                .map(|s| s.user)
                .ok_or("no session")
        })
        .request("count", |ctx, _p: Value| async move {
            let calls = ctx.peer().with_state::<Session, _>(|s| {
                s.map(|s| {
                    s.calls += 1;
                    s.calls
                })
            });
            calls.map(f64::from).ok_or("no session")
        })
        .request("logout", |ctx, _p: Value| async move {
            ctx.peer()
                .take_state::<Session>()
                .map(|s| s.user)
                .ok_or("no session")
        });
    let (left_tx, mut left) = mpsc::unbounded_channel();
    let server = start(
        server()
            .service(router)
            .on_connect(move |peer| {
                let n = logins.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    peer.set_state(Session {
                        user: format!("guest{n}"),
                        calls: 0,
                    });
                    Ok(())
                }
            })
            .on_disconnect(move |peer, _reason| {
                let _ = left_tx.send(peer.state::<Session>());
            }),
    )
    .await;
    let first = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();
    let whoami: String = within("whoami", first.request("whoami", &()))
        .await
        .unwrap();
    let second = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();
    let other: String = within("whoami", second.request("whoami", &()))
        .await
        .unwrap();
    assert!(whoami.starts_with("guest") && other.starts_with("guest"));
    assert_ne!(whoami, other, "each connection has its own");

    for expected in 1..=3 {
        let calls: f64 = within("count", first.request("count", &())).await.unwrap();
        assert_eq!(calls, f64::from(expected));
    }
    let calls: f64 = within("count", second.request("count", &())).await.unwrap();
    assert_eq!(calls, 1.0, "not shared between connections");

    // The disconnect hook sees the state as the handlers left it.
    second.close();
    let session = within("disconnect hook", left.recv()).await.unwrap();
    assert_eq!(
        session,
        Some(Session {
            user: other,
            calls: 1
        })
    );

    let gone: String = within("logout", first.request("logout", &()))
        .await
        .unwrap();
    assert_eq!(gone, whoami);
    match within(
        "whoami after logout",
        first.request::<String>("whoami", &()),
    )
    .await
    {
        Err(e) => assert_eq!(e.remote().map(|e| e.message.as_str()), Some("no session")),
        Ok(user) => panic!("still {user}"),
    }
}
