//! The generated ActionScript (stubs, dispatcher, value classes, runtime) against a Rust server
//! built from the same fixture with the real macros, in Ruffle (headless Chromium).
//!
//! `tests/data/e2e/E2E.as` first connects to a dead port (Ruffle fires CONNECT there too: the
//! connection must not open), then calls every kind of request and message of the fixture,
//! serves the server's calls (typed arguments, error replies, reply once), and checks every
//! value it receives. The server checks what it receives.
//!
//! Needs the whole toolchain of `tests/flash/setup.sh` (compiler, Ruffle, Chromium). Under
//! `CI=true` this test runs the setup and a missing tool is a failure; elsewhere it is skipped
//! with a message.

#[allow(dead_code, unused_imports, unreachable_pub, missing_docs)]
#[path = "data/fixture/input/model.rs"]
mod model;
#[allow(dead_code, unused_imports, unreachable_pub, missing_docs)]
#[path = "data/fixture/input/services.rs"]
mod services;

use amf_codegen::{generate, Mode, Options};
use amf_runtime::amf3::{ByteArray, Value};
use amf_runtime::{Context, Server};
use amf_tests::flash::{self, TestServer, Tools};
use model::*;
use services::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What the server saw, for the checks after the run.
#[derive(Default)]
struct Seen {
    problems: Vec<String>,
    said: Vec<(String, Option<i64>)>,
    notes: Vec<(String, bool)>,
}

#[derive(Clone, Default)]
struct ChatServer {
    seen: Arc<Mutex<Seen>>,
}

impl ChatServer {
    fn problem(&self, what: String) {
        self.seen.lock().unwrap().problems.push(what);
    }
}

fn epoch_plus(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn ann() -> User {
    User {
        user_id: UserId(7),
        display_name: "Ann".into(),
        nickname: None,
        age: Some(30),
        roles: vec![Role::Moderator],
        score: 1 << 40,
        avatar: ByteArray(vec![137, 80]),
        joined_at: epoch_plus(1_000_000),
        away: false,
        session_key: "never sent".into(),
    }
}

fn line() -> Line {
    Line {
        from: UserId(7),
        text: "hi".into(),
        extra: HashMap::from([("mood".to_owned(), Value::from("happy"))]),
    }
}

fn room_state() -> RoomState {
    RoomState {
        room: "lobby".into(),
        members: vec![ann()],
        recent: Page {
            items: vec![line()],
            total: 1,
            next: None,
        },
        scores: HashMap::from([("ann".to_owned(), vec![1, 2])]),
        board: vec![vec![
            Some(Shape::Circle {
                center: Point { x: 1.0, y: 2.0 },
                radius: 2.5,
            }),
            None,
        ]],
        logo_at: Point { x: 1.5, y: 0.0 },
        last_event: Some(RoomEvent::Left { user_id: UserId(9) }),
        settings: BTreeMap::from([("theme".to_owned(), Value::from("dark"))]),
        priority: Some(Priority::High),
        plugin_data: PluginData(vec![1, 2]),
    }
}

impl Chat for ChatServer {
    async fn join(&self, ctx: &Context, room: String) -> Result<RoomState, ChatError> {
        if room != "lobby" {
            return Err(ChatError::NoSuchRoom);
        }
        let client = ClientSideClient::new(ctx.peer().clone());
        match client.confirm("Ready?".into(), Some(Priority::High)).await {
            Ok(true) => {}
            other => self.problem(format!("confirm: {other:?}")),
        }
        match client.pick(vec!["red".into(), "blue".into()], None).await {
            Err(e)
                if e.remote()
                    .is_some_and(|r| r.code == "declined" && r.message == "not now") => {}
            other => self.problem(format!("pick: {other:?}")),
        }
        match client.pointer().await {
            Ok(Point { x, y }) if x == 3.0 && y == 4.0 => {}
            other => self.problem(format!("pointer: {other:?}")),
        }
        // Ill-typed params are refused by the generated dispatcher.
        let bad = Value::object([("question", Value::Integer(42))]);
        match ctx.peer().request::<Value>("client.confirm", &bad).await {
            Err(e)
                if e.remote().is_some_and(|r| {
                    r.code == "invalid_params"
                        && r.message == "`client.confirm`: argument `question`: expected String"
                }) => {}
            other => self.problem(format!("ill-typed confirm: {other:?}")),
        }
        let event = RoomEvent::Joined(ann());
        if let Err(e) = client.room_event(event, epoch_plus(1_000_000)).await {
            self.problem(format!("room_event: {e}"));
        }
        Ok(room_state())
    }

    async fn say(&self, _ctx: &Context, text: String, priority: Option<Priority>) {
        let priority = priority.map(|p| p as i64);
        self.seen.lock().unwrap().said.push((text, priority));
    }

    async fn list_rooms(&self) -> Vec<String> {
        vec!["lobby".into(), "games".into()]
    }

    async fn history(
        &self,
        room: String,
        cursor: Option<String>,
        page_size: Option<u32>,
    ) -> Page<Line> {
        if room == "slow" {
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
        Page {
            items: vec![line()],
            total: page_size.unwrap_or(0),
            next: cursor,
        }
    }

    async fn leave(&self, _ctx: &Context) -> Result<(), ChatError> {
        Err(ChatError::NotInRoom)
    }

    async fn draw(&self, shape: Shape, layers: Vec<Vec<u8>>) -> u32 {
        match shape {
            Shape::Circle { center, radius } if center.x == 1.0 && center.y == 2.0 => {
                radius as u32 * 100 + layers.iter().map(Vec::len).sum::<usize>() as u32
            }
            other => {
                self.problem(format!("draw: {other:?}"));
                0
            }
        }
    }
}

impl Admin for ChatServer {
    async fn kick_user(&self, user_id: UserId, reason: Option<String>) -> bool {
        user_id.0 == 7 && reason.is_none()
    }

    async fn pin_note(&self, note: admin::Note) {
        self.seen
            .lock()
            .unwrap()
            .notes
            .push((note.text, note.pinned));
    }
}

/// Generates the fixture into `dir` and compiles `tests/data/e2e/{main}` with it into a SWF.
fn compile_swf(dir: &Path, main: &str) -> PathBuf {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture/input");
    let sources = amf_codegen::read_sources(&[input]).unwrap();
    let generated = generate(&sources, &Options::default()).unwrap();
    generated.write(dir, Mode::Write).unwrap();
    let swf = dir.join(main.replace(".as", ".swf"));
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/e2e");
    flash::compile_app(&[dir, &e2e], main, &swf)
        .expect_success(&format!("{main} does not compile"));
    swf
}

#[test]
fn generated_client_against_the_rust_server() {
    if !flash::toolchain(Tools::Ruffle) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let swf = compile_swf(dir.path(), "E2E.as");

    let chat = ChatServer::default();
    let server = TestServer::start(
        Server::builder()
            .service(ChatService::new(chat.clone()))
            .service(AdminService::new(chat.clone())),
    );
    let port = server.port();
    let dead = flash::unused_port();

    let flashvars = format!("port={port}&dead={dead}");
    let output = flash::run_swf(&swf, &[port, dead], &flashvars, &[])
        .expect_success("the SWF did not pass")
        .text;

    // The messages sent last are read before the last reply; give their handlers a moment.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while chat.seen.lock().unwrap().notes.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = chat.seen.lock().unwrap();
    assert_eq!(seen.problems, Vec::<String>::new(), "{output}");
    assert_eq!(seen.said, [("hello".to_owned(), Some(1))]);
    assert_eq!(seen.notes, [("pinned".to_owned(), true)]);
}

/// Takes one complete frame's payload off the front of `stream`.
fn take_frame(stream: &mut Vec<u8>) -> Option<Vec<u8>> {
    if stream.len() < 4 {
        return None;
    }
    let len = u32::from_be_bytes(stream[..4].try_into().unwrap()) as usize;
    if stream.len() < 4 + len {
        return None;
    }
    Some(stream.drain(..4 + len).skip(4).collect())
}

/// A server that answers the handshake ping, then sends a frame that is not AMF3 followed by a
/// good message, all split across WebSocket messages at odd places.
#[test]
fn a_bad_frame_costs_only_itself() {
    use amf_runtime::amf3::{Decoder, Encoder};
    use amf_runtime::protocol::envelope::{read_envelope, Call, Kind, Response};
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    if !flash::toolchain(Tools::Ruffle) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let swf = compile_swf(dir.path(), "Garbage.as");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = runtime.spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
        let mut stream = Vec::new();
        let ping_id = loop {
            match ws.next().await {
                Some(Ok(Message::Binary(data))) => stream.extend_from_slice(&data),
                Some(Ok(_)) => continue,
                other => panic!("no handshake ping: {other:?}"),
            }
            if let Some(frame) = take_frame(&mut stream) {
                let mut decoder = Decoder::new(&frame);
                let incoming = read_envelope(&mut decoder).unwrap();
                assert_eq!(
                    (incoming.kind, incoming.command),
                    (Kind::Request, "amf_socket_ping")
                );
                break incoming.message_id.to_owned();
            }
        };
        let mut encoder = Encoder::new();
        let pong = Response {
            message_id: &ping_id,
            outcome: Ok(&"pong"),
        };
        encoder.frame(&pong).unwrap();
        let mut bytes = encoder.into_bytes();
        // Not AMF3: 0xff is no marker.
        bytes.extend_from_slice(&[0, 0, 0, 3, 0xff, 0xff, 0xff]);
        let params = Value::object([("n", Value::Integer(1))]);
        let mut encoder = Encoder::new();
        let after = Call {
            kind: Kind::Message,
            message_id: "m1",
            command: "after",
            params: &params,
        };
        encoder.frame(&after).unwrap();
        bytes.extend_from_slice(&encoder.into_bytes());
        let cut = bytes.len() - 10;
        ws.send(Message::Binary(bytes[..cut].to_vec().into()))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        ws.send(Message::Binary(bytes[cut..].to_vec().into()))
            .await
            .unwrap();
        while let Some(Ok(_)) = ws.next().await {}
    });

    let flashvars = format!("port={port}");
    // Ruffle logs the error that escapes readObject; the SWF's own checks decide.
    let run = flash::run_swf(&swf, &[port], &flashvars, &["--ignore-errors"]);
    server.abort();
    run.expect_success("the frame after the bad one was lost");
}
