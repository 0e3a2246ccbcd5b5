//! Bad input of every kind costs only its own connection (or only the frame, when invalid
//! frames are dropped), on the server and on the client; other connections keep working.

mod common;

use amf_runtime::amf3::Value;
use amf_runtime::protocol::envelope::Kind;
use amf_runtime::protocol::frame::DEFAULT_MAX_FRAME_LEN;
use amf_runtime::{CallError, Client, CloseReason, ConnectionConfig, InvalidFrames, Router};
use common::*;
use tokio::sync::mpsc;

fn echo() -> Router {
    Router::new().request("echo", |_ctx, params: Value| async move {
        Ok::<_, String>(params)
    })
}

/// A request body with these members.
fn request_of(body: Value) -> Vec<u8> {
    frame(&obj([
        ("type", Value::from("rpcRequest")),
        ("request", body),
    ]))
}

/// Frames that are not valid envelopes, each with a word of the rule it breaks.
fn invalid_frames() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let empty = || Value::object::<&str>([]);
    vec![
        (
            "garbage",
            raw_frame(&[0xff, 0xfe, 0xfd, 0x00]),
            "not an object",
        ),
        ("empty frame", raw_frame(&[]), "AMF3"),
        (
            "truncated object",
            raw_frame(&[0x0a, 0x0b, 0x01, 0x09, b't', b'y']),
            "AMF3",
        ),
        (
            "a string",
            frame(&Value::from("rpcRequest")),
            "not an object",
        ),
        (
            "an array",
            frame(&Value::array([Value::Integer(1)])),
            "not an object",
        ),
        ("no type", frame(&obj([("request", empty())])), "`type`"),
        (
            "unknown type",
            frame(&obj([("type", Value::from("rpcNotify"))])),
            "`type`",
        ),
        (
            "type not a string",
            frame(&obj([("type", Value::Integer(1))])),
            "`type`",
        ),
        (
            "no body",
            frame(&obj([("type", Value::from("rpcMessage"))])),
            "`message`",
        ),
        (
            "body not an object",
            frame(&obj([
                ("type", Value::from("rpcRequest")),
                ("request", Value::from("x")),
            ])),
            "`request`",
        ),
        (
            "messageId not a string",
            request_of(obj([
                ("messageId", Value::Integer(7)),
                ("command", Value::from("echo")),
                ("params", empty()),
            ])),
            "`messageId`",
        ),
        (
            "command not a string",
            request_of(obj([
                ("messageId", Value::from("7")),
                ("command", Value::Null),
                ("params", empty()),
            ])),
            "`command`",
        ),
        (
            "params null",
            request_of(obj([
                ("messageId", Value::from("7")),
                ("command", Value::from("echo")),
                ("params", Value::Null),
            ])),
            "`params`",
        ),
        (
            "params missing",
            request_of(obj([
                ("messageId", Value::from("7")),
                ("command", Value::from("echo")),
            ])),
            "`params`",
        ),
        (
            "params an array",
            request_of(obj([
                ("messageId", Value::from("7")),
                ("command", Value::from("echo")),
                ("params", Value::array([])),
            ])),
            "`params`",
        ),
        (
            "response without result",
            frame(&obj([
                ("type", Value::from("rpcResponse")),
                ("response", obj([("messageId", Value::from("1"))])),
            ])),
            "`result`",
        ),
    ]
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
async fn each_bad_frame_costs_only_its_own_connection() {
    common::trace();
    let (builder, mut ends) = track_disconnects(server().service(echo()));
    let server = start(builder).await;
    let bystander = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();
    echo_ok(&bystander, "before").await;

    let cases = invalid_frames();
    for (name, bytes, rule) in &cases {
        let mut sock = raw(server.addr).await;
        // A good request first: the connection was fine until the bad frame.
        echo_round_trip(&mut sock, name).await;
        send(&mut sock, bytes).await;
        assert!(
            read_until_closed(&mut sock).await.is_empty(),
            "{name}: closed without an answer"
        );
        let ended = next_end(&mut ends).await;
        match &ended.reason {
            CloseReason::InvalidFrame(why) => assert!(why.contains(rule), "{name}: {why}"),
            other => panic!("{name}: closed for {other}"),
        }
        echo_ok(&bystander, name).await;
    }

    // A length prefix over the maximum: closed before anything is buffered.
    let mut sock = raw(server.addr).await;
    echo_round_trip(&mut sock, "huge").await;
    send(&mut sock, &[0x7f, 0xff, 0xff, 0xff, 0x0a, 0x0b]).await;
    assert!(read_until_closed(&mut sock).await.is_empty());
    assert_eq!(
        next_end(&mut ends).await.reason,
        CloseReason::FrameTooLarge {
            len: 0x7fff_ffff,
            max: DEFAULT_MAX_FRAME_LEN
        }
    );

    echo_ok(&bystander, "after").await;
    let stats = server.handle.stats();
    assert_eq!(stats.invalid_frames, cases.len() as u64);
    assert_eq!(stats.connections_open, 1, "only the bystander is left");
    assert_eq!(server.handle.peers().len(), 1);
}

#[tokio::test]
async fn the_frame_size_limit_is_checked_on_the_header() {
    common::trace();
    const MAX: usize = 1024;
    let mut config = config();
    config.max_frame_len = MAX;
    let (builder, mut ends) = track_disconnects(server().connection_config(config).service(echo()));
    let server = start(builder).await;

    // A request of exactly the maximum passes.
    let fitting = (0..MAX)
        .map(|n| request("fit", "echo", &obj([("pad", Value::from("x".repeat(n)))])))
        .find(|f| f.len() - 4 == MAX)
        .expect("a request of exactly MAX bytes");
    let mut sock = raw(server.addr).await;
    send(&mut sock, &fitting).await;
    let reply = next_envelope(&mut sock).await;
    assert_eq!(
        (reply.kind, reply.message_id.as_str()),
        (Kind::Response, "fit")
    );

    // One byte more closes the connection, whatever follows the header.
    send(&mut sock, &((MAX + 1) as u32).to_be_bytes()).await;
    assert!(read_until_closed(&mut sock).await.is_empty());
    assert_eq!(
        next_end(&mut ends).await.reason,
        CloseReason::FrameTooLarge {
            len: MAX + 1,
            max: MAX
        }
    );
    assert_eq!(
        server.handle.stats().invalid_frames,
        0,
        "a size violation is not an envelope violation"
    );
}

#[tokio::test]
async fn bad_frames_are_dropped_when_so_configured() {
    common::trace();
    let mut config = config();
    config.invalid_frames = InvalidFrames::Drop;
    let (builder, mut ends) = track_disconnects(server().connection_config(config).service(echo()));
    let server = start(builder).await;
    let bystander = within("connect", Client::connect(server.addr()))
        .await
        .unwrap();

    let cases = invalid_frames();
    let mut sock = raw(server.addr).await;
    let mut batch = Vec::new();
    for (_, bytes, _) in &cases {
        batch.extend(bytes);
    }
    send(&mut sock, &batch).await;
    // Every bad frame was dropped, and the connection answers on.
    echo_round_trip(&mut sock, "still here").await;
    assert_eq!(server.handle.stats().invalid_frames, cases.len() as u64);
    assert!(ends.try_recv().is_err(), "no connection ended");

    // A length prefix over the maximum still ends the connection: its stream cannot go on.
    send(&mut sock, &[0x7f, 0xff, 0xff, 0xff]).await;
    assert!(read_until_closed(&mut sock).await.is_empty());
    assert!(matches!(
        next_end(&mut ends).await.reason,
        CloseReason::FrameTooLarge { .. }
    ));
    echo_ok(&bystander, "bystander").await;
}

/// The client drops what the ActionScript client drops (its default), and says so in its
/// counters; or closes, if so configured.
#[tokio::test]
async fn client_drops_bad_frames_from_the_server() {
    common::trace();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (notes_tx, mut notes) = mpsc::unbounded_channel();
    let on_note = Router::new().message("note", move |_ctx, p: Value| {
        let _ = notes_tx.send(
            p.get("text")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        );
        async {}
    });
    let client = within(
        "connect",
        Client::builder().service(on_note).connect(addr.clone()),
    )
    .await
    .unwrap();
    let (mut sock, _) = within("accept", listener.accept()).await.unwrap();

    let pending = {
        let client = client.clone();
        tokio::spawn(async move { client.request::<String>("q", &()).await })
    };
    let question = next_envelope(&mut sock).await;
    let id = question.message_id.as_str();
    let mut batch = Vec::new();
    // A response without `result` for the very request: dropped, the request still waits.
    batch.extend(frame(&obj([
        ("type", Value::from("rpcResponse")),
        ("response", obj([("messageId", Value::from(id))])),
    ])));
    // messageId not a string.
    batch.extend(frame(&obj([
        ("type", Value::from("rpcResponse")),
        (
            "response",
            obj([
                ("messageId", Value::Integer(1)),
                ("result", Value::from("wrong")),
            ]),
        ),
    ])));
    // A message with null params.
    batch.extend(frame(&obj([
        ("type", Value::from("rpcMessage")),
        (
            "message",
            obj([
                ("messageId", Value::from("m")),
                ("command", Value::from("note")),
                ("params", Value::Null),
            ]),
        ),
    ])));
    batch.extend(raw_frame(&[0xff]));
    // A valid answer to nothing.
    batch.extend(response("no-such-request", "stray"));
    // Then the good ones.
    batch.extend(message(
        "m2",
        "note",
        &obj([("text", Value::from("valid"))]),
    ));
    batch.extend(response(id, "answer"));
    send(&mut sock, &batch).await;

    assert_eq!(
        within("the answer", pending).await.unwrap().unwrap(),
        "answer"
    );
    assert_eq!(within("note", notes.recv()).await.unwrap(), "valid");
    assert!(
        notes.try_recv().is_err(),
        "the message with null params was dropped"
    );
    let stats = client.stats();
    assert_eq!((stats.invalid_frames, stats.dropped_frames), (4, 1));
    assert!(!client.peer().unwrap().is_closed());

    // A client that closes on bad frames.
    let mut config = ConnectionConfig::client();
    config.invalid_frames = InvalidFrames::Close;
    let strict = within(
        "connect",
        Client::builder().connection_config(config).connect(addr),
    )
    .await
    .unwrap();
    let (mut sock, _) = within("accept", listener.accept()).await.unwrap();
    let pending = {
        let strict = strict.clone();
        tokio::spawn(async move { strict.request::<String>("q", &()).await })
    };
    let question = next_envelope(&mut sock).await;
    send(&mut sock, &raw_frame(&[0xff])).await;
    assert!(matches!(
        within("the request fails", pending).await.unwrap(),
        Err(CallError::Disconnected { .. })
    ));
    assert!(read_until_closed(&mut sock).await.is_empty());
    assert_eq!(strict.stats().invalid_frames, 1);
    drop(question);
}
