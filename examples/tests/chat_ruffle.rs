//! The chat end to end: `examples/chat/as3/test/ChatE2E.as`, written on the chat's generated
//! stubs, compiled to a SWF and run in Ruffle (headless Chromium) with `socketProxy` straight at
//! the real [`ChatServer`] (WebSocket on the server's own port, no proxy in between).
//!
//! A Rust bot ([`Witness`]) is in the room first and has said [`BOT_LINE`]. The Flash client
//! runs [`STEPS`] in order; after each it reports its verdict with the request
//! `e2e.report {step, ok, detail}` to a test-only service ([`Referee`]), which checks the server's
//! side of the step and answers with an error reply when something is wrong there. The first
//! failure on either side ends the run, and the test fails naming that step and the side.
//!
//! | step | the Flash client checks | the server side checks |
//! |---|---|---|
//! | `open` | the connection opens (a frame came back over the WebSocket) | the peer's transport is `websocket` |
//! | `clientInfo` | the server's request `chatClient.clientInfo` reached `IChatClientApi` and was answered | the reply, decoded as a `Value`, is an object of alias `chat.ClientInfo` with the client's name |
//! | `badName` | `join(room, "")` fails: `remote_error`, code `bad_name`, the reason | the refused peer is in no room, still connected |
//! | `join` | `RoomState` with two `Member`s (the bot, then itself, `Presence.ONLINE`, a recent `joinedAt` Date) and the bot's line as a `ChatMessage` | the room holds exactly the bot and the client, online; the peer is in the room; the client saw them in that order |
//! | `say` | the reply is a `ChatMessage` with the text said, its name, id 2 | the room's last message is that line, from the client, with that id |
//! | `messagePosted` | the line comes back as the message `chatClient.messagePosted`, a `ChatMessage` | the `ChatMessage` the client sends back keeps its alias `chat.ChatMessage` and matches the history; the bot heard the line |
//! | `presence` | `setPresence(AWAY)` is sent (a message: no reply) | the room shows the client away; the bot got `memberChanged` saying so |
//! | `history` | an Array of 2 `ChatMessage`s, the bot's then its own | the count matches the server's history |
//! | `ping` | the server's heartbeat ping arrived (the runtime answered it) | the peer's `latency()` is `Some`: a ping was answered (the client sends no pings of its own with a latency) |
//! | `leave` | `leave` succeeds, a second `leave` fails with `not_in_room` | the room no longer holds the client; the peer is in no room |
//! | `done` | — | — |
//!
//! After the run: the client traced `AMF_TEST_DONE`, every step was reported in order and passed
//! on both sides, and the connection did not end on the heartbeat's timeout.
//!
//! A deliberately broken server ([`AlteredSay`]: the real one, but its reply to `say` carries
//! altered text) must make the same scenario fail at the step `say`, on the client's side.
//!
//! The text chat client of the README (`examples/chat/as3/src/ChatClient.as`) runs too, with
//! the README's flashvars: it joins, shows the room and its history, and the bot sees it come.
//!
//! Needs the toolchain of `tests/flash/setup.sh`: under `CI=true` the setup runs and a missing
//! tool fails; elsewhere the tests are skipped with a message.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use amf_examples::chat::protocol::{
    ChatApi, ChatApiClient, ChatApiService, ChatClientApi, ChatClientApiService, ChatError,
    ChatMessage, ClientInfo, Member, Presence, RoomState,
};
use amf_examples::chat::server::ChatServer;
use amf_runtime::amf3::Value;
use amf_runtime::{
    service, Client, CloseReason, ConnectionConfig, Context, Heartbeat, Peer, PeerId, RemoteError,
    Server,
};
use amf_tests::flash::{self, TestServer, Tools};

/// The room of the scenario.
const ROOM: &str = "e2e";
/// The Flash client's name.
const NAME: &str = "flash-e2e";
/// What the Flash client says.
const LINE: &str = "hello from Ruffle";
/// The Rust bot in the room, and what it said before the Flash client came.
const BOT: &str = "rustbot";
const BOT_LINE: &str = "hello from Rust";
/// The steps of ChatE2E.as, in order.
const STEPS: [&str; 11] = [
    "open",
    "clientInfo",
    "badName",
    "join",
    "say",
    "messagePosted",
    "presence",
    "history",
    "ping",
    "leave",
    "done",
];

// ---- the test-only reporting service -----------------------------------------------------------

/// Where the Flash client reports each step.
#[service(name = "e2e")]
trait E2e {
    /// The client's verdict on `step` (`detail`: what it saw, or why it failed); the answer is the
    /// server's verdict on its own side of the step.
    async fn report(
        &self,
        ctx: &Context,
        step: String,
        ok: bool,
        detail: Value,
    ) -> Result<(), RemoteError>;
}

/// One step as reported, with both verdicts.
#[derive(Debug, Clone)]
struct Step {
    name: String,
    /// What the client saw, or why the step failed there.
    client: Result<String, String>,
    /// Why the step failed on the server's side, if it did (not checked when the client failed).
    server: Result<(), String>,
}

/// What the server side knows and saw; shared by the hooks, the referee and the test.
#[derive(Default)]
struct Observed {
    steps: Mutex<Vec<Step>>,
    /// The reply of each peer to `chatClient.clientInfo`, as a `Value`.
    client_infos: Mutex<HashMap<PeerId, Result<Value, String>>>,
    /// How each connection ended: peer, transport, reason.
    closes: Mutex<Vec<(PeerId, &'static str, CloseReason)>>,
}

/// The test-only service: checks the server's side of each step the client reports.
struct Referee {
    chat: Arc<ChatServer>,
    observed: Arc<Observed>,
    bot: Witness,
}

impl E2e for Referee {
    async fn report(
        &self,
        ctx: &Context,
        step: String,
        ok: bool,
        detail: Value,
    ) -> Result<(), RemoteError> {
        let (client, server) = if ok {
            let server = self.check(ctx.peer(), &step, &detail).await;
            (Ok(show(&detail)), server)
        } else {
            (Err(show(&detail)), Ok(()))
        };
        let verdict = server.clone();
        self.observed.steps.lock().unwrap().push(Step {
            name: step,
            client,
            server,
        });
        verdict.map_err(|why| RemoteError::new("server_check", why))
    }
}

impl Referee {
    /// The server's side of `step`.
    async fn check(&self, peer: &Peer, step: &str, detail: &Value) -> Result<(), String> {
        match step {
            "open" => ensure(
                peer.transport() == "websocket",
                format!(
                    "the connection came over {}, not WebSocket",
                    peer.transport()
                ),
            ),
            "clientInfo" => {
                let info = self.client_info(peer.id()).await?;
                ensure(
                    alias(&info) == Some("chat.ClientInfo"),
                    format!(
                        "the reply to chatClient.clientInfo is not a chat.ClientInfo: {info:?}"
                    ),
                )?;
                let runtime = info.get("runtime").and_then(Value::as_str).unwrap_or("");
                ensure(
                    info.get("name").and_then(Value::as_str) == Some(NAME)
                        && runtime.starts_with("ActionScript 3"),
                    format!("the ClientInfo: {info:?}"),
                )
            }
            "badName" => ensure(
                peer.rooms().is_empty() && !peer.is_closed(),
                format!("after the refused join: rooms {:?}", peer.rooms()),
            ),
            "join" => {
                let members = presences(&self.chat.members(ROOM));
                ensure(
                    members
                        == [
                            (BOT.to_owned(), Presence::Online),
                            (NAME.to_owned(), Presence::Online),
                        ],
                    format!("the room holds {members:?}"),
                )?;
                ensure(
                    peer.rooms() == [ROOM]
                        && detail.as_str() == Some(format!("{BOT},{NAME}").as_str()),
                    format!("rooms {:?}; the client saw {}", peer.rooms(), show(detail)),
                )
            }
            "say" => {
                let last = self.last_message().await?;
                ensure(
                    last.from == NAME
                        && last.text == LINE
                        && detail.as_f64() == Some(f64::from(last.id)),
                    format!("the room's last message is {last:?}; the client said #{detail:?}"),
                )
            }
            "messagePosted" => {
                let last = self.last_message().await?;
                ensure(
                    alias(detail) == Some("chat.ChatMessage")
                        && detail.get("id").and_then(Value::as_f64) == Some(f64::from(last.id))
                        && detail.get("text").and_then(Value::as_str) == Some(last.text.as_str())
                        && detail.get("from").and_then(Value::as_str) == Some(last.from.as_str()),
                    format!("the client sent back {detail:?}, the room's last is {last:?}"),
                )?;
                let heard = format!("messagePosted {NAME}: {LINE}");
                self.bot.heard(&heard).await
            }
            "presence" => {
                let away = within(Duration::from_secs(2), || {
                    presences(&self.chat.members(ROOM)).contains(&(NAME.to_owned(), Presence::Away))
                })
                .await;
                ensure(
                    away,
                    format!("the room holds {:?}", presences(&self.chat.members(ROOM))),
                )?;
                self.bot.heard(&format!("memberChanged {NAME} Away")).await
            }
            "history" => {
                let history = self.chat.history(ROOM.into(), 10).await;
                ensure(
                    detail.as_f64() == Some(history.len() as f64),
                    format!("the client got {detail:?} messages, the room has {history:?}"),
                )
            }
            "ping" => ensure(
                peer.latency().is_some(),
                "the peer has no latency: no heartbeat ping was answered".into(),
            ),
            "leave" => {
                let members = presences(&self.chat.members(ROOM));
                ensure(
                    !members.iter().any(|(name, _)| name == NAME) && peer.rooms().is_empty(),
                    format!("the room holds {members:?}; rooms {:?}", peer.rooms()),
                )
            }
            "done" => Ok(()),
            other => Err(format!("unknown step `{other}`")),
        }
    }

    /// The reply of `peer` to the server's `chatClient.clientInfo`, once it came.
    async fn client_info(&self, peer: PeerId) -> Result<Value, String> {
        let infos = &self.observed.client_infos;
        within(Duration::from_secs(5), || {
            infos.lock().unwrap().contains_key(&peer)
        })
        .await;
        infos
            .lock()
            .unwrap()
            .get(&peer)
            .cloned()
            .unwrap_or_else(|| Err("no reply to chatClient.clientInfo".into()))
    }

    async fn last_message(&self) -> Result<ChatMessage, String> {
        let history = self.chat.history(ROOM.into(), 1).await;
        history
            .into_iter()
            .next()
            .ok_or_else(|| "the room has no message".to_owned())
    }
}

fn ensure(ok: bool, why: String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(why)
    }
}

/// The class alias of an object.
fn alias(value: &Value) -> Option<&str> {
    value.as_object().map(|o| o.class_name())
}

/// A detail as text: strings and numbers as they are, anything else as its `Debug`.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Double(d) => d.to_string(),
        other => format!("{other:?}"),
    }
}

fn presences(members: &[Member]) -> Vec<(String, Presence)> {
    members
        .iter()
        .map(|m| (m.name.clone(), m.presence))
        .collect()
}

/// Waits until `done()` holds, at most `limit`; whether it does.
async fn within(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    true
}

// ---- the Rust bot in the room --------------------------------------------------------------------

/// A Rust member of the room: what the server pushes to it, as lines.
#[derive(Clone, Default)]
struct Witness {
    heard: Arc<Mutex<Vec<String>>>,
}

impl Witness {
    fn hear(&self, line: String) {
        self.heard.lock().unwrap().push(line);
    }

    /// Whether it heard `line` (waiting a little for it).
    async fn heard(&self, line: &str) -> Result<(), String> {
        let heard = within(Duration::from_secs(2), || {
            self.heard.lock().unwrap().iter().any(|l| l == line)
        })
        .await;
        ensure(
            heard,
            format!(
                "the bot did not hear `{line}`; it heard {:?}",
                self.heard.lock().unwrap()
            ),
        )
    }
}

impl ChatClientApi for Witness {
    async fn message_posted(&self, message: ChatMessage) {
        self.hear(format!("messagePosted {}: {}", message.from, message.text));
    }

    async fn member_joined(&self, _room: String, member: Member) {
        self.hear(format!("memberJoined {}", member.name));
    }

    async fn member_changed(&self, _room: String, member: Member, left: bool) {
        let what = if left {
            "left".to_owned()
        } else {
            format!("{:?}", member.presence)
        };
        self.hear(format!("memberChanged {} {what}", member.name));
    }

    async fn client_info(&self) -> ClientInfo {
        ClientInfo {
            name: BOT.into(),
            runtime: "Rust".into(),
        }
    }
}

/// Connects the bot over TCP, joins [`ROOM`] and says [`BOT_LINE`]; it stays until dropped.
async fn bot_joins(addr: std::net::SocketAddr, witness: Witness) -> Client {
    let client = Client::builder()
        .service(ChatClientApiService::new(witness))
        .connect(addr.to_string())
        .await
        .expect("the bot connects");
    let chat = ChatApiClient::new(client.connected().await.expect("connected"));
    chat.join(ROOM.into(), BOT.into())
        .await
        .expect("the bot joins");
    chat.say(ROOM.into(), BOT_LINE.into())
        .await
        .expect("the bot speaks");
    client
}

// ---- the broken server ---------------------------------------------------------------------------

/// The deliberately broken server: the real one, except that its reply to `say` carries
/// altered text (what it stores and pushes is right).
struct AlteredSay(Arc<ChatServer>);

impl ChatApi for AlteredSay {
    async fn join(
        &self,
        ctx: &Context,
        room: String,
        name: String,
    ) -> Result<RoomState, ChatError> {
        self.0.join(ctx, room, name).await
    }

    async fn leave(&self, ctx: &Context, room: String) -> Result<(), ChatError> {
        self.0.leave(ctx, room).await
    }

    async fn say(
        &self,
        ctx: &Context,
        room: String,
        text: String,
    ) -> Result<ChatMessage, ChatError> {
        let mut message = self.0.say(ctx, room, text).await?;
        message.text.push_str(" (altered)");
        Ok(message)
    }

    async fn history(&self, room: String, limit: u32) -> Vec<ChatMessage> {
        self.0.history(room, limit).await
    }

    async fn set_presence(&self, ctx: &Context, presence: Presence) {
        self.0.set_presence(ctx, presence).await
    }
}

// ---- the run -------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Real,
    AlteredSay,
}

/// What a run of the scenario gave.
struct Outcome {
    steps: Vec<Step>,
    ruffle: flash::Output,
    /// How the Flash client's connection ended.
    flash_close: Option<CloseReason>,
    took: Duration,
}

/// Where the scenario broke first.
#[derive(Debug, PartialEq, Eq)]
struct Broken {
    step: String,
    side: &'static str,
    why: String,
}

impl Outcome {
    /// The first step that broke (or the run itself), if any.
    fn broken(&self) -> Option<Broken> {
        let broken = |step: &str, side, why: String| {
            Some(Broken {
                step: step.to_owned(),
                side,
                why,
            })
        };
        for (i, expected) in STEPS.iter().enumerate() {
            match self.steps.get(i) {
                None => return broken(expected, "client", "never reported".into()),
                Some(step) if step.name != *expected => {
                    return broken(expected, "client", format!("`{}` came instead", step.name));
                }
                Some(Step {
                    client: Err(why), ..
                }) => return broken(expected, "client", why.clone()),
                Some(Step {
                    server: Err(why), ..
                }) => return broken(expected, "server", why.clone()),
                Some(_) => {}
            }
        }
        if !self.ruffle.success {
            return broken(
                "done",
                "Ruffle",
                "the SWF did not trace AMF_TEST_DONE".into(),
            );
        }
        if matches!(self.flash_close, Some(CloseReason::HeartbeatTimeout)) {
            return broken("ping", "server", "the heartbeat timed out".into());
        }
        None
    }

    /// Every step with its verdicts, then Ruffle's output.
    fn report(&self) -> String {
        let mut text = String::new();
        for step in &self.steps {
            text.push_str(&format!(
                "  {:<14} client {:?} / server {:?}\n",
                step.name, step.client, step.server
            ));
        }
        format!(
            "steps:\n{text}connection closed: {:?}\nRuffle ({:.1} s):\n{}",
            self.flash_close,
            self.took.as_secs_f64(),
            self.ruffle.text
        )
    }
}

/// `examples/chat/as3/{folder}/{main}` compiled with the generated code, once per test binary;
/// `None` (the test is skipped) when the toolchain is missing.
fn compiled(
    once: &'static OnceLock<Option<PathBuf>>,
    folder: &str,
    main: &str,
) -> Option<&'static Path> {
    once.get_or_init(|| {
        if !flash::toolchain(Tools::Ruffle) {
            return None;
        }
        let as3 = Path::new(env!("CARGO_MANIFEST_DIR")).join("chat/as3");
        let swf = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("chat-ruffle")
            .join(main.replace(".as", ".swf"));
        flash::compile_app(&[&as3.join("generated"), &as3.join(folder)], main, &swf)
            .expect_success(&format!("{main} does not compile"));
        Some(swf)
    })
    .as_deref()
}

fn chat_e2e_swf() -> Option<&'static Path> {
    static SWF: OnceLock<Option<PathBuf>> = OnceLock::new();
    compiled(&SWF, "test", "ChatE2E.as")
}

/// A chat server as the demo runs it (the real [`ChatServer`], or [`AlteredSay`]), plus the
/// referee, a short heartbeat, and the bot in [`ROOM`].
struct Chat {
    server: TestServer,
    observed: Arc<Observed>,
    witness: Witness,
    bot: Client,
}

impl Chat {
    fn start(variant: Variant) -> Chat {
        let chat = Arc::new(ChatServer::default());
        let observed = Arc::new(Observed::default());
        let witness = Witness::default();
        let mut config = ConnectionConfig::default();
        // A ping a second after connecting, and every second; one unanswered for 3 s ends the
        // connection.
        config.heartbeat = Some(Heartbeat {
            interval: Duration::from_secs(1),
            timeout: Duration::from_secs(3),
        });
        let builder = match variant {
            Variant::Real => Server::builder().service(ChatApiService::from_arc(chat.clone())),
            Variant::AlteredSay => {
                Server::builder().service(ChatApiService::new(AlteredSay(chat.clone())))
            }
        };
        let (infos, closes, forget) = (observed.clone(), observed.clone(), chat.clone());
        let server = TestServer::start(
            builder
                .service(E2eService::new(Referee {
                    chat,
                    observed: observed.clone(),
                    bot: witness.clone(),
                }))
                .connection_config(config)
                .on_connect(move |peer| {
                    let infos = infos.clone();
                    async move {
                        // A request from the server to every client, as the demo makes.
                        tokio::spawn(async move {
                            let params = Value::object(Vec::<(String, Value)>::new());
                            let reply = peer
                                .request::<Value>("chatClient.clientInfo", &params)
                                .await;
                            let reply = reply.map_err(|e| e.to_string());
                            infos.client_infos.lock().unwrap().insert(peer.id(), reply);
                        });
                        Ok(())
                    }
                })
                .on_disconnect(move |peer, reason| {
                    closes
                        .closes
                        .lock()
                        .unwrap()
                        .push((peer.id(), peer.transport(), reason));
                    let chat = forget.clone();
                    tokio::spawn(async move { chat.forget(&peer).await });
                }),
        );
        let bot = server
            .runtime()
            .block_on(bot_joins(server.addr(), witness.clone()));
        Chat {
            server,
            observed,
            witness,
            bot,
        }
    }

    /// Runs `swf` in Ruffle against this server (one browser at a time); its output, how long
    /// it took, and how its connection ended.
    fn run_swf(
        &self,
        swf: &Path,
        flashvars: &str,
        extra: &[&str],
    ) -> (flash::Output, Duration, Option<CloseReason>) {
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let ruffle = flash::run_swf(swf, &[self.server.port()], flashvars, extra);
        let took = started.elapsed();
        // The browser is gone: its connection ends (how, is checked).
        let deadline = Instant::now() + Duration::from_secs(5);
        let close = loop {
            let closes = self.observed.closes.lock().unwrap();
            let close = closes
                .iter()
                .find(|(_, transport, _)| *transport == "websocket");
            if close.is_some() || Instant::now() >= deadline {
                break close.map(|(_, _, reason)| reason.clone());
            }
            drop(closes);
            std::thread::sleep(Duration::from_millis(20));
        };
        (ruffle, took, close)
    }
}

impl Drop for Chat {
    fn drop(&mut self) {
        self.bot.close();
    }
}

/// Runs the scenario against `variant`.
fn run(swf: &Path, variant: Variant) -> Outcome {
    let chat = Chat::start(variant);
    let flashvars = format!(
        "port={}&name={NAME}&room={ROOM}&line={}&bot={BOT}&botLine={}",
        chat.server.port(),
        LINE.replace(' ', "%20"),
        BOT_LINE.replace(' ', "%20")
    );
    let (ruffle, took, flash_close) = chat.run_swf(swf, &flashvars, &[]);
    let steps = chat.observed.steps.lock().unwrap().clone();
    Outcome {
        steps,
        ruffle,
        flash_close,
        took,
    }
}

#[test]
fn the_flash_client_runs_the_chat_scenario_against_the_real_server() {
    let Some(swf) = chat_e2e_swf() else { return };
    let outcome = run(swf, Variant::Real);
    if let Some(Broken { step, side, why }) = outcome.broken() {
        panic!(
            "the chat scenario broke at step `{step}`, on the {side} side: {why}\n\n{}",
            outcome.report()
        );
    }
    eprintln!("the chat scenario passed:\n{}", outcome.report());
}

#[test]
fn a_server_that_alters_said_text_fails_the_scenario_at_say() {
    let Some(swf) = chat_e2e_swf() else { return };
    let outcome = run(swf, Variant::AlteredSay);
    let broken = outcome.broken();
    let report = outcome.report();
    let Some(Broken { step, side, why }) = broken else {
        panic!("the broken server went unnoticed:\n{report}");
    };
    assert_eq!((step.as_str(), side), ("say", "client"), "{why}\n{report}");
    assert_eq!(
        why, "the reply's text is `hello from Ruffle (altered)`, not `hello from Ruffle`",
        "{report}"
    );
    assert!(!outcome.ruffle.success, "{report}");
    assert!(
        outcome
            .ruffle
            .text
            .contains("AMF_TEST_FAIL step say: the reply's text"),
        "{report}"
    );
}

/// The text chat client of the README (`examples/chat/as3/src/ChatClient.as`) joins from Ruffle
/// with the flashvars of the README: it shows the room and its history, and the others see it.
#[test]
fn the_text_chat_client_joins_from_ruffle() {
    static SWF: OnceLock<Option<PathBuf>> = OnceLock::new();
    let Some(swf) = compiled(&SWF, "src", "ChatClient.as") else {
        return;
    };
    let chat = Chat::start(Variant::Real);
    let flashvars = format!("port={}&name=flash-ui&room={ROOM}", chat.server.port());
    // It traces every line it shows: the history comes right after the join.
    let done = format!("<{BOT}> {BOT_LINE}");
    let (ruffle, _, close) = chat.run_swf(swf, &flashvars, &["--done-regex", &done]);
    let output = &ruffle.text;
    assert!(ruffle.success, "{output}");
    assert!(
        output.contains(&format!("joined {ROOM} as flash-ui; here: {BOT}, flash-ui")),
        "{output}"
    );
    let joined = chat.witness.heard("memberJoined flash-ui");
    let runtime = chat.server.runtime();
    runtime.block_on(joined).unwrap();
    let infos = chat.observed.client_infos.lock().unwrap();
    let info = infos
        .values()
        .flatten()
        .find(|info| info.get("name").and_then(Value::as_str) == Some("flash-ui"));
    assert_eq!(info.and_then(alias), Some("chat.ClientInfo"), "{infos:?}");
    // Ended by the browser going away, not by a protocol error or the heartbeat.
    assert!(
        matches!(close, Some(CloseReason::PeerClosed | CloseReason::Io(_))),
        "{close:?}\n{output}"
    );
}
