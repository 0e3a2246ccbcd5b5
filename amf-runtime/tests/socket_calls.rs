//! Calls both ways: requests and messages from client to server and from server to client,
//! typed params and results, error replies, and frames cut and joined every way on the wire.

mod common;

use std::collections::{HashMap, HashSet};

use amf_runtime::amf3::{
    ClassDef, Decode, DecodeError, Decoder, Encode, EncodeError, Encoder, Value,
};
use amf_runtime::protocol::envelope::Kind;
use amf_runtime::{CallError, Client, RemoteError, Router};
use common::*;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

// ---- typed values, written by hand --------------------------------------------------------------

/// `com.example.Point {x:Number, y:Number}`: a typed object with sealed members.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

const POINT_ALIAS: &str = "com.example.Point";
static POINT: ClassDef = ClassDef::new(POINT_ALIAS, &["x", "y"], false);

impl Encode for Point {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&POINT)?;
        self.x.encode(e)?;
        self.y.encode(e)
    }
}

impl Decode<'_> for Point {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_object(POINT_ALIAS, |obj| {
            let (mut x, mut y) = (None, None);
            while let Some(member) = obj.next_member()? {
                match member {
                    "x" => x = Some(obj.value::<f64>()?),
                    "y" => y = Some(obj.value::<f64>()?),
                    _ => {}
                }
            }
            let x = x.ok_or_else(|| obj.decoder().missing_member(POINT_ALIAS, "x"))?;
            let y = y.ok_or_else(|| obj.decoder().missing_member(POINT_ALIAS, "y"))?;
            Ok(Point { x, y })
        })
    }
}

/// The params of `move`: an anonymous object `{point, dx, dy}`, as envelopes carry params.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Move {
    point: Point,
    dx: f64,
    dy: f64,
}

impl Encode for Move {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&ClassDef::ANONYMOUS)?;
        e.write_dynamic_member("point", &self.point)?;
        e.write_dynamic_member("dx", &self.dx)?;
        e.write_dynamic_member("dy", &self.dy)?;
        e.end_dynamic_members();
        Ok(())
    }
}

impl Decode<'_> for Move {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_object("", |obj| {
            let (mut point, mut dx, mut dy) = (None, 0.0, 0.0);
            while let Some(member) = obj.next_member()? {
                match member {
                    "point" => point = Some(obj.value::<Point>()?),
                    "dx" => dx = obj.value()?,
                    "dy" => dy = obj.value()?,
                    _ => {}
                }
            }
            let point = point.ok_or_else(|| obj.decoder().missing_member("Move", "point"))?;
            Ok(Move { point, dx, dy })
        })
    }
}

fn n_of(params: &Value) -> f64 {
    params.get("n").and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn text_of(params: &Value) -> String {
    params
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The server of most tests here.
fn service(server_messages: mpsc::UnboundedSender<(u64, String)>) -> Router {
    Router::new()
        .request("echo", |_ctx, params: Value| async move {
            Ok::<_, String>(params)
        })
        .request("add", |_ctx, p: HashMap<String, f64>| async move {
            Ok::<_, String>(p.get("a").copied().unwrap_or(0.0) + p.get("b").copied().unwrap_or(0.0))
        })
        .request("fail", |_ctx, _p: Value| async move {
            Err::<(), _>("it failed")
        })
        .request("forbidden", |_ctx, _p: Value| async move {
            Err::<(), _>(RemoteError::new("not_allowed", "you may not"))
        })
        .request("move", |_ctx, m: Move| async move {
            Ok::<_, String>(Point {
                x: m.point.x + m.dx,
                y: m.point.y + m.dy,
            })
        })
        // A request from inside a handler: ask the caller to double n.
        .request("callback", |ctx, params: Value| async move {
            let n = n_of(&params);
            ctx.peer()
                .request::<f64>("double", &obj([("n", Value::from(n))]))
                .await
                .map_err(|e| e.to_string())
        })
        // A typed request from inside a handler: the caller mirrors the point.
        .request("mirrored", |ctx, p: Point| async move {
            ctx.peer()
                .request::<Point>("mirror", &p)
                .await
                .map_err(|e| e.to_string())
        })
        .message("log", move |ctx, params: Value| {
            // Recorded at dispatch, in arrival order.
            let _ = server_messages.send((ctx.peer().id(), text_of(&params)));
            async {}
        })
        // A message that pushes a message back to its sender.
        .message("notify", |ctx, params: Value| async move {
            let text = text_of(&params);
            let _ = ctx
                .peer()
                .send("notified", &obj([("text", Value::from(text))]))
                .await;
        })
}

/// The client's side: it doubles, mirrors, and records the messages it gets.
fn client_service(client_messages: mpsc::UnboundedSender<String>) -> Router {
    Router::new()
        .request("double", |_ctx, params: Value| async move {
            Ok::<_, String>(n_of(&params) * 2.0)
        })
        .request("mirror", |_ctx, p: Point| async move {
            Ok::<_, String>(Point { x: -p.x, y: -p.y })
        })
        .message("notified", move |_ctx, params: Value| {
            let _ = client_messages.send(text_of(&params));
            async {}
        })
}

struct Setup {
    server: Running,
    client: Client,
    server_messages: mpsc::UnboundedReceiver<(u64, String)>,
    client_messages: mpsc::UnboundedReceiver<String>,
}

async fn setup() -> Setup {
    common::trace();
    let (server_tx, server_messages) = mpsc::unbounded_channel();
    let (client_tx, client_messages) = mpsc::unbounded_channel();
    let server = start(server().service(service(server_tx))).await;
    let client = within(
        "connect",
        Client::builder()
            .service(client_service(client_tx))
            .connect(server.addr()),
    )
    .await
    .expect("client connects");
    Setup {
        server,
        client,
        server_messages,
        client_messages,
    }
}

#[tokio::test]
async fn requests_and_messages_both_ways() {
    let Setup {
        server,
        client,
        mut server_messages,
        mut client_messages,
    } = setup().await;

    // Client → server request.
    let params = obj([
        ("a", Value::Integer(2)),
        ("b", Value::from("two")),
        ("c", Value::array([Value::Null])),
    ]);
    let echoed: Value = within("echo", client.request("echo", &params))
        .await
        .unwrap();
    assert_eq!(echoed, params);
    let sum: f64 = within(
        "add",
        client.request(
            "add",
            &obj([("a", Value::Integer(2)), ("b", Value::Double(0.5))]),
        ),
    )
    .await
    .unwrap();
    assert_eq!(sum, 2.5);

    // Client → server message.
    within(
        "send log",
        client.send("log", &obj([("text", Value::from("hello"))])),
    )
    .await
    .unwrap();
    let (from, text) = within("log reaches the server", server_messages.recv())
        .await
        .unwrap();
    assert_eq!(text, "hello");
    let server_side = server
        .handle
        .peers()
        .get(from)
        .expect("the sender is a registered peer");
    assert!(server_side.addr().ip().is_loopback());
    assert_eq!(
        client.peer().unwrap().addr(),
        server.addr,
        "the client's peer is the server"
    );

    // Server → client message, pushed from a message handler.
    within(
        "send notify",
        client.send("notify", &obj([("text", Value::from("hi"))])),
    )
    .await
    .unwrap();
    assert_eq!(
        within("notified", client_messages.recv()).await.unwrap(),
        "hi"
    );

    // Server → client request from inside a request handler.
    let doubled: f64 = within(
        "callback",
        client.request("callback", &obj([("n", Value::Integer(21))])),
    )
    .await
    .unwrap();
    assert_eq!(doubled, 42.0);

    // Server → client request and message from outside any handler, through the handle.
    let peers = server.handle.peers();
    assert_eq!(peers.len(), 1);
    let peer = peers.all().pop().unwrap();
    assert_eq!(peer.id(), from);
    let doubled: f64 = within(
        "server request",
        peer.request("double", &obj([("n", Value::Double(2.5))])),
    )
    .await
    .unwrap();
    assert_eq!(doubled, 5.0);
    within(
        "server message",
        peer.send("notified", &obj([("text", Value::from("from outside"))])),
    )
    .await
    .unwrap();
    assert_eq!(
        within("notified", client_messages.recv()).await.unwrap(),
        "from outside"
    );

    // The client's Peer speaks the same API.
    let client_peer = client.peer().expect("connected");
    let echoed: Value = within("echo via Peer", client_peer.request("echo", &()))
        .await
        .unwrap();
    assert_eq!(
        echoed,
        Value::object::<&str>([]),
        "no params travel as {{}}"
    );

    let server_stats = server.handle.stats();
    assert_eq!(server_stats.requests_in, 4, "echo, add, callback, echo");
    assert_eq!(server_stats.messages_in, 2, "log, notify");
    assert_eq!(
        server_stats.requests_out, 2,
        "double from the handler and from the handle"
    );
    assert_eq!(server_stats.error_replies, 0);
    assert_eq!(server_stats.connections_open, 1);
    let client_stats = client.stats();
    assert_eq!(client_stats.requests_out, 4);
    assert_eq!(client_stats.requests_in, 2);
    assert_eq!(client_stats.messages_in, 2);
}

#[tokio::test]
async fn typed_params_and_results() {
    let Setup { client, .. } = setup().await;
    let m = Move {
        point: Point { x: 1.0, y: 2.5 },
        dx: 10.0,
        dy: -0.5,
    };
    let moved: Point = within("move", client.request("move", &m)).await.unwrap();
    assert_eq!(moved, Point { x: 11.0, y: 2.0 });

    // The result travels as a typed object, with its alias.
    let moved: Value = within("move as Value", client.request("move", &m))
        .await
        .unwrap();
    let object = moved.as_object().expect("an object");
    assert_eq!(object.class_name(), POINT_ALIAS);
    assert_eq!(
        (object.get("x"), object.get("y")),
        (Some(&Value::Double(11.0)), Some(&Value::Double(2.0)))
    );

    // A typed object as the params themselves, and a typed request from server to client.
    let mirrored: Point = within(
        "mirrored",
        client.request("mirrored", &Point { x: 3.0, y: -4.0 }),
    )
    .await
    .unwrap();
    assert_eq!(mirrored, Point { x: -3.0, y: 4.0 });

    // A result of the wrong type is the caller's decode error, not a lost connection.
    match within("move as String", client.request::<String>("move", &m)).await {
        Err(CallError::Decode { command, .. }) => assert_eq!(command, "move"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let still: Point = within("move again", client.request("move", &m))
        .await
        .unwrap();
    assert_eq!(still, Point { x: 11.0, y: 2.0 });
}

#[tokio::test]
async fn error_replies_unknown_commands_and_invalid_params() {
    let Setup { server, client, .. } = setup().await;

    let remote = |outcome: Result<Value, CallError>| match outcome {
        Err(CallError::Remote { error, .. }) => error,
        other => panic!("expected an error reply, got {other:?}"),
    };
    let error = remote(within("fail", client.request("fail", &())).await);
    assert_eq!(
        (error.code.as_str(), error.message.as_str()),
        ("error", "it failed")
    );
    let error = remote(within("forbidden", client.request("forbidden", &())).await);
    assert_eq!(error, RemoteError::new("not_allowed", "you may not"));
    let error = remote(within("nope", client.request("nope", &())).await);
    assert_eq!(error.code, "unknown_command");
    // A message command called as a request is unknown as a request.
    let error = remote(within("log as request", client.request("log", &())).await);
    assert_eq!(error.code, "unknown_command");
    let error = remote(
        within(
            "bad move",
            client.request("move", &obj([("point", Value::from("nope"))])),
        )
        .await,
    );
    assert_eq!(error.code, "invalid_params");
    assert!(error.message.contains("move"), "{}", error.message);
    let error = remote(within("move without point", client.request("move", &())).await);
    assert_eq!(error.code, "invalid_params");

    // A message nobody serves is dropped without an answer; the connection goes on.
    within("send nope", client.send("nope", &())).await.unwrap();
    let echoed: Value = within(
        "echo",
        client.request("echo", &obj([("ok", Value::Bool(true))])),
    )
    .await
    .unwrap();
    assert_eq!(echoed.get("ok"), Some(&Value::Bool(true)));

    let stats = server.handle.stats();
    assert_eq!(stats.error_replies, 6);
    assert_eq!(stats.dropped_frames, 1, "the unknown message");
    assert_eq!(stats.invalid_frames, 0);
    assert_eq!(stats.connections_open, 1);
}

#[tokio::test]
async fn error_replies_on_the_wire() {
    let (tx, _rx) = mpsc::unbounded_channel();
    let server = start(server().service(service(tx))).await;
    let mut sock = raw(server.addr).await;
    let mut batch = Vec::new();
    batch.extend(request("e1", "fail", &()));
    batch.extend(request("e2", "nope", &()));
    batch.extend(request("e3", "move", &obj([("point", Value::Integer(3))])));
    batch.extend(request("e4", "forbidden", &()));
    batch.extend(request(
        "ok",
        "add",
        &obj([("a", Value::Integer(1)), ("b", Value::Integer(2))]),
    ));
    send(&mut sock, &batch).await;

    let mut replies = HashMap::new();
    for _ in 0..5 {
        let reply = next_envelope(&mut sock).await;
        assert_eq!(reply.kind, Kind::Response);
        replies.insert(reply.message_id.clone(), reply);
    }
    for (id, code) in [
        ("e1", "error"),
        ("e2", "unknown_command"),
        ("e3", "invalid_params"),
        ("e4", "not_allowed"),
    ] {
        let reply = &replies[id];
        let body = reply.body();
        // `result` is present and null: old clients see an ordinary answer.
        assert_eq!(body.get("result"), Some(&Value::Null), "{id}: {body:?}");
        let error = body.get("error").expect("an error member");
        assert_eq!(
            error.get("code").and_then(Value::as_str),
            Some(code),
            "{id}"
        );
        assert!(
            error
                .get("message")
                .and_then(Value::as_str)
                .is_some_and(|m| !m.is_empty()),
            "{id}"
        );
        assert_eq!(reply.error.as_ref().map(|e| e.code.as_str()), Some(code));
        // The reply is an anonymous object and its messageId a string, as the ActionScript
        // client checks.
        assert_eq!(reply.whole.as_object().unwrap().class_name(), "");
        assert_eq!(body.get("messageId"), Some(&Value::from(id)));
    }
    let ok = &replies["ok"];
    assert_eq!(ok.payload.as_f64(), Some(3.0));
    assert_eq!(ok.body().get("error"), None, "no error member on success");
    assert_eq!(server.handle.stats().error_replies, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_requests_pipelined_in_one_write() {
    const N: usize = 200;
    // Handlers finish in a scrambled order, so that replies overtake each other.
    let router = Router::new().request("add", |_ctx, p: HashMap<String, f64>| async move {
        let a = p["a"];
        for _ in 0..(a as usize * 7) % 5 {
            tokio::task::yield_now().await;
        }
        Ok::<_, String>(a + p["b"])
    });
    let server = start(server().service(router)).await;
    let mut sock = raw(server.addr).await;
    let mut batch = Vec::new();
    for i in 0..N {
        let params = obj([("a", Value::Integer(i as i32)), ("b", Value::Double(0.5))]);
        // messageIds as the ActionScript client makes them.
        batch.extend(request(&format!("{i}:123456789:987654321"), "add", &params));
    }
    send(&mut sock, &batch).await;

    let mut results = HashMap::new();
    for _ in 0..N {
        let reply = next_envelope(&mut sock).await;
        assert_eq!(reply.kind, Kind::Response);
        let i: usize = reply.message_id.split(':').next().unwrap().parse().unwrap();
        assert!(
            results.insert(i, reply.payload.as_f64().unwrap()).is_none(),
            "answered twice: {i}"
        );
    }
    for i in 0..N {
        assert_eq!(results[&i], i as f64 + 0.5, "request {i}");
    }
    let stats = server.handle.stats();
    assert_eq!((stats.requests_in, stats.frames_in), (N as u64, N as u64));
    assert_eq!(stats.frames_out, N as u64);
}

#[tokio::test]
async fn a_frame_written_one_byte_at_a_time() {
    let (tx, _rx) = mpsc::unbounded_channel();
    let server = start(server().service(service(tx))).await;
    let mut sock = raw(server.addr).await;
    let params = obj([
        ("text", Value::from("x".repeat(300))),
        ("n", Value::Integer(7)),
    ]);
    let bytes = request("slow-1", "echo", &params);
    for byte in &bytes {
        within("write one byte", sock.write_all(std::slice::from_ref(byte)))
            .await
            .unwrap();
        // Let the server read what came so far before the next byte.
        tokio::task::yield_now().await;
    }
    let reply = next_envelope(&mut sock).await;
    assert_eq!(
        (reply.kind, reply.message_id.as_str()),
        (Kind::Response, "slow-1")
    );
    assert_eq!(reply.payload, params);
    // The connection reads on normally afterwards.
    echo_round_trip(&mut sock, "after").await;
    assert_eq!(server.handle.stats().invalid_frames, 0);
}

#[tokio::test]
async fn several_frames_in_one_read() {
    let (tx, mut server_messages) = mpsc::unbounded_channel();
    let server = start(server().service(service(tx))).await;
    let mut sock = raw(server.addr).await;
    let last = request("r3", "echo", &obj([("last", Value::Bool(true))]));
    let mut batch = Vec::new();
    batch.extend(request("r1", "echo", &obj([("first", Value::Bool(true))])));
    batch.extend(message(
        "m1",
        "log",
        &obj([("text", Value::from("in between"))]),
    ));
    batch.extend(request(
        "r2",
        "add",
        &obj([("a", Value::Integer(40)), ("b", Value::Integer(2))]),
    ));
    // Half of a fourth frame ends the write; its rest comes in a second one.
    batch.extend(&last[..last.len() / 2]);
    send(&mut sock, &batch).await;
    let mut ids = HashSet::new();
    for _ in 0..2 {
        let reply = next_envelope(&mut sock).await;
        match reply.message_id.as_str() {
            "r1" => assert_eq!(reply.payload.get("first"), Some(&Value::Bool(true))),
            "r2" => assert_eq!(reply.payload.as_f64(), Some(42.0)),
            other => panic!("unexpected reply {other}"),
        }
        ids.insert(reply.message_id);
    }
    assert_eq!(ids.len(), 2);
    assert_eq!(
        within("log", server_messages.recv()).await.unwrap().1,
        "in between"
    );
    send(&mut sock, &last[last.len() / 2..]).await;
    let reply = next_envelope(&mut sock).await;
    assert_eq!(reply.message_id, "r3");
    assert_eq!(reply.payload.get("last"), Some(&Value::Bool(true)));
    let stats = server.handle.stats();
    assert_eq!(
        (stats.frames_in, stats.requests_in, stats.messages_in),
        (4, 3, 1)
    );
}

/// The client's side of the wire: a raw server sends several frames in one write, a request of
/// its own, and a frame one byte at a time; the client reads them all.
#[tokio::test]
async fn client_reads_frames_joined_and_split() {
    common::trace();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (client_tx, mut client_messages) = mpsc::unbounded_channel();
    let client = within(
        "connect",
        Client::builder()
            .service(client_service(client_tx))
            .connect(addr.to_string()),
    )
    .await
    .unwrap();
    let (mut sock, _) = within("accept", listener.accept()).await.unwrap();

    let pending = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .request::<String>("question", &obj([("q", Value::from("?"))]))
                .await
        })
    };
    let question = next_envelope(&mut sock).await;
    assert_eq!(
        (question.kind, question.command.as_str()),
        (Kind::Request, "question")
    );
    assert_eq!(question.payload.get("q"), Some(&Value::from("?")));

    // One write: a message, a request to the client, the answer to its question.
    let mut batch = Vec::new();
    batch.extend(message(
        "x1",
        "notified",
        &obj([("text", Value::from("first"))]),
    ));
    batch.extend(request("s1", "double", &obj([("n", Value::Integer(8))])));
    batch.extend(response(&question.message_id, "answer"));
    send(&mut sock, &batch).await;
    let answer = within("the answer", pending).await.unwrap().unwrap();
    assert_eq!(answer, "answer");
    assert_eq!(
        within("notified", client_messages.recv()).await.unwrap(),
        "first"
    );
    let doubled = next_envelope(&mut sock).await;
    assert_eq!(
        (doubled.kind, doubled.message_id.as_str()),
        (Kind::Response, "s1")
    );
    assert_eq!(doubled.payload.as_f64(), Some(16.0));

    // A message one byte at a time.
    let bytes = message("x2", "notified", &obj([("text", Value::from("trickled"))]));
    for byte in &bytes {
        within("write one byte", sock.write_all(std::slice::from_ref(byte)))
            .await
            .unwrap();
        tokio::task::yield_now().await;
    }
    assert_eq!(
        within("notified", client_messages.recv()).await.unwrap(),
        "trickled"
    );
    let stats = client.stats();
    assert_eq!(
        (stats.messages_in, stats.requests_in, stats.invalid_frames),
        (2, 1, 0)
    );
}
