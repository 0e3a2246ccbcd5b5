//! A Rust chat client: it joins a room, talks, and prints what it hears.

use std::time::Duration;

use amf_runtime::{Backoff, CallError, Client};
use tokio::sync::mpsc;

use super::protocol::{
    ChatApiClient, ChatClientApi, ChatClientApiService, ChatMessage, ClientInfo, Member, Presence,
};

/// The bot's side of the chat: what the server pushes, printed.
struct Ears {
    name: String,
    heard: mpsc::UnboundedSender<ChatMessage>,
}

impl ChatClientApi for Ears {
    async fn message_posted(&self, message: ChatMessage) {
        println!(
            "[{}] #{} <{}> {}",
            message.room, message.id, message.from, message.text
        );
        let _ = self.heard.send(message);
    }

    async fn member_joined(&self, room: String, member: Member) {
        println!("[{room}] * {} joined", member.name);
    }

    async fn member_changed(&self, room: String, member: Member, left: bool) {
        match (left, member.presence) {
            (true, _) => println!("[{room}] * {} left", member.name),
            (false, Presence::Away) => println!("[{room}] * {} is away", member.name),
            (false, Presence::Online) => println!("[{room}] * {} is back", member.name),
        }
    }

    async fn client_info(&self) -> ClientInfo {
        ClientInfo {
            name: self.name.clone(),
            runtime: format!("Rust amf-runtime {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Connects `name` to the server at `addr`, joins `room` and says `lines`, one per `pause`.
pub async fn run(
    addr: String,
    name: &str,
    room: &str,
    lines: &[&str],
    pause: Duration,
) -> Result<(), CallError> {
    let (heard, mut hearing) = mpsc::unbounded_channel();
    let client = Client::builder()
        .service(ChatClientApiService::new(Ears {
            name: name.to_owned(),
            heard,
        }))
        .reconnect(Backoff::default())
        .connect(addr)
        .await
        .map_err(|e| CallError::Disconnected {
            command: format!("connect: {e}"),
        })?;
    let chat = ChatApiClient::new(client.connected().await?);
    let state = chat.join(room.to_owned(), name.to_owned()).await?;
    println!(
        "{name} joined {room}: {} member(s), {} message(s) of history",
        state.members.len(),
        state.history.len()
    );
    for line in lines {
        tokio::time::sleep(pause).await;
        let sent = chat.say(room.to_owned(), (*line).to_owned()).await?;
        // The server echoes every message to the whole room, the sender included.
        while let Some(heard) = hearing.recv().await {
            if heard.id == sent.id {
                break;
            }
        }
    }
    chat.set_presence(Presence::Away).await?;
    Ok(())
}
