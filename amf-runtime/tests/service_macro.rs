//! The `#[service]` macro end to end: typed calls both ways, messages, error replies, argument
//! errors, unknown commands, several services on one server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amf_runtime::amf3::Value;
use amf_runtime::{service, CallError, Client, Context, RemoteError, Server};
use tokio::sync::mpsc;

/// What the server offers.
#[service(name = "chat")]
trait Chat {
    /// Joins a room and returns who is there.
    async fn join(&self, ctx: &Context, room: String) -> Result<Vec<String>, ChatError>;
    /// Says something to the room.
    #[amf(message)]
    async fn say(&self, ctx: &Context, text: String);
    /// Adds two numbers, optionally scaled.
    #[amf(rename = "addScaled")]
    async fn add(&self, a: f64, b: f64, #[amf(rename = "factor")] scale: Option<f64>) -> f64;
    /// Asks the caller its name, through the client-side service.
    async fn who_are_you(&self, ctx: &Context) -> Result<String, ChatError>;
}

/// What the client offers: the server calls it.
#[service(name = "client", commands = "bare")]
trait ClientSide {
    async fn name(&self) -> String;
    #[amf(message)]
    async fn said(&self, from: String, text: String);
}

/// A service whose commands keep their historical bare names.
#[service(commands = "bare")]
trait Legacy {
    async fn echo(&self, value: Value) -> Value;
}

#[derive(Debug)]
enum ChatError {
    NoSuchRoom(String),
    Call(CallError),
}

impl From<ChatError> for RemoteError {
    fn from(e: ChatError) -> Self {
        match e {
            ChatError::NoSuchRoom(room) => {
                RemoteError::new("no_such_room", format!("no room `{room}`"))
            }
            ChatError::Call(e) => RemoteError::new("call_failed", e.to_string()),
        }
    }
}

#[derive(Default)]
struct ChatServer {
    said: Mutex<Vec<String>>,
}

impl Chat for ChatServer {
    async fn join(&self, ctx: &Context, room: String) -> Result<Vec<String>, ChatError> {
        if room != "lobby" {
            return Err(ChatError::NoSuchRoom(room));
        }
        ctx.peer().join(&room);
        Ok(ctx
            .peer()
            .peers()
            .in_room(&room)
            .iter()
            .map(|p| p.id().to_string())
            .collect())
    }

    async fn say(&self, ctx: &Context, text: String) {
        self.said.lock().unwrap().push(text.clone());
        let _ = ClientSideClient::new(ctx.peer().clone())
            .said("server".into(), text)
            .await;
    }

    async fn add(&self, a: f64, b: f64, scale: Option<f64>) -> f64 {
        (a + b) * scale.unwrap_or(1.0)
    }

    async fn who_are_you(&self, ctx: &Context) -> Result<String, ChatError> {
        ClientSideClient::new(ctx.peer().clone())
            .name()
            .await
            .map_err(ChatError::Call)
    }
}

struct LegacyServer;

impl Legacy for LegacyServer {
    async fn echo(&self, value: Value) -> Value {
        value
    }
}

struct Bot {
    heard: mpsc::UnboundedSender<(String, String)>,
}

impl ClientSide for Bot {
    async fn name(&self) -> String {
        "bot".to_owned()
    }

    async fn said(&self, from: String, text: String) {
        let _ = self.heard.send((from, text));
    }
}

async fn setup() -> (
    Client,
    ChatClient,
    Arc<ChatServer>,
    mpsc::UnboundedReceiver<(String, String)>,
) {
    let chat = Arc::new(ChatServer::default());
    let server = Server::builder()
        .service(ChatService::from_arc(chat.clone()))
        .service(LegacyService::new(LegacyServer))
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr().unwrap().to_string();
    tokio::spawn(server.run());
    let (tx, rx) = mpsc::unbounded_channel();
    let client = Client::builder()
        .service(ClientSideService::new(Bot { heard: tx }))
        .connect(addr)
        .await
        .unwrap();
    let caller = ChatClient::new(client.peer().unwrap());
    (client, caller, chat, rx)
}

async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("bounded wait")
}

#[tokio::test]
async fn typed_calls_both_ways() {
    let (_client, chat, server, mut heard) = setup().await;
    let members = bounded(chat.join("lobby".into())).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(bounded(chat.add(1.0, 2.0, None)).await.unwrap(), 3.0);
    assert_eq!(bounded(chat.add(1.0, 2.0, Some(10.0))).await.unwrap(), 30.0);
    assert_eq!(bounded(chat.who_are_you()).await.unwrap(), "bot");
    bounded(chat.say("hello".into())).await.unwrap();
    assert_eq!(
        bounded(heard.recv()).await.unwrap(),
        ("server".to_owned(), "hello".to_owned())
    );
    assert_eq!(server.said.lock().unwrap().as_slice(), ["hello"]);
}

#[tokio::test]
async fn error_replies_name_the_problem() {
    let (client, chat, _server, _heard) = setup().await;
    let err = bounded(chat.join("attic".into())).await.unwrap_err();
    let remote = err.remote().expect("remote error");
    assert_eq!(
        (remote.code.as_str(), remote.message.as_str()),
        ("no_such_room", "no room `attic`")
    );

    // A missing argument and an ill-typed one, sent by hand as an ActionScript client would.
    let missing = bounded(
        client.request::<Value>("chat.addScaled", &Value::object([("a", Value::Integer(1))])),
    )
    .await
    .unwrap_err();
    let remote = missing.remote().unwrap();
    assert_eq!(remote.code, "invalid_params");
    assert!(
        remote.message.contains("`chat.addScaled`") && remote.message.contains("`b`"),
        "{}",
        remote.message
    );

    let ill_typed = Value::object([("a", Value::from("one")), ("b", Value::Integer(2))]);
    let remote = bounded(client.request::<Value>("chat.addScaled", &ill_typed))
        .await
        .unwrap_err();
    let remote = remote.remote().unwrap();
    assert_eq!(remote.code, "invalid_params");
    assert!(
        remote.message.contains("argument `a`"),
        "{}",
        remote.message
    );

    let unknown = bounded(client.request::<Value>("chat.nope", &()))
        .await
        .unwrap_err();
    assert_eq!(unknown.remote().unwrap().code, "unknown_command");
}

#[tokio::test]
async fn bare_commands_and_several_services() {
    let (client, _chat, _server, _heard) = setup().await;
    let value = Value::object([(
        "value",
        Value::array([Value::Integer(1), Value::from("two")]),
    )]);
    let echoed: Value = bounded(client.request("echo", &value)).await.unwrap();
    assert_eq!(Some(&echoed), value.get("value"));
}
