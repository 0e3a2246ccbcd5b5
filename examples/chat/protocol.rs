//! The chat protocol: the classes and the two service traits that both sides share.
//!
//! This file is the input of `amf-codegen`, which writes the ActionScript side of it into
//! `examples/chat/as3/generated/`.

use std::time::SystemTime;

use amf_runtime::{service, AmfClass, Context, RemoteError};

/// Someone in a room.
#[derive(Debug, Clone, PartialEq, AmfClass)]
#[amf(alias = "chat.Member", rename_all = "camelCase")]
pub struct Member {
    /// The name they chose.
    pub name: String,
    /// Whether they are around.
    pub presence: Presence,
    /// When they joined the room.
    pub joined_at: SystemTime,
}

/// Whether someone is around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AmfClass)]
#[amf(alias = "chat.Presence", rename_all = "lowercase")]
pub enum Presence {
    /// At the keyboard.
    Online,
    /// Away for a while.
    Away,
}

/// One line said in a room.
#[derive(Debug, Clone, PartialEq, AmfClass)]
#[amf(alias = "chat.ChatMessage", rename_all = "camelCase")]
pub struct ChatMessage {
    /// Numbered from 1 in each room.
    pub id: u32,
    /// The room it was said in.
    pub room: String,
    /// Who said it.
    pub from: String,
    /// What was said.
    pub text: String,
    /// When it was said.
    pub sent_at: SystemTime,
}

/// A room as a newcomer sees it.
#[derive(Debug, Clone, PartialEq, AmfClass)]
#[amf(alias = "chat.RoomState", rename_all = "camelCase")]
pub struct RoomState {
    /// The room's name.
    pub room: String,
    /// Who is there, the newcomer included.
    pub members: Vec<Member>,
    /// The latest messages, oldest first.
    pub history: Vec<ChatMessage>,
}

/// What a client says about itself when the server asks.
#[derive(Debug, Clone, PartialEq, AmfClass)]
#[amf(alias = "chat.ClientInfo")]
pub struct ClientInfo {
    /// The client program.
    pub name: String,
    /// What it runs on (Flash Player, AIR, Ruffle, Rust...).
    pub runtime: String,
}

/// Why a chat request failed. Each case becomes an error reply with its own code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatError {
    /// The name is empty or too long.
    BadName(String),
    /// Someone in the room already has that name.
    NameTaken(String),
    /// The caller has not joined that room.
    NotInRoom(String),
    /// Nothing was said.
    EmptyText,
}

impl From<ChatError> for RemoteError {
    fn from(e: ChatError) -> Self {
        match e {
            ChatError::BadName(name) => RemoteError::new(
                "bad_name",
                format!("`{name}` is not a usable name (1 to 32 characters)"),
            ),
            ChatError::NameTaken(name) => RemoteError::new(
                "name_taken",
                format!("someone in the room is already called `{name}`"),
            ),
            ChatError::NotInRoom(room) => {
                RemoteError::new("not_in_room", format!("join `{room}` first"))
            }
            ChatError::EmptyText => RemoteError::new("empty_text", "say something"),
        }
    }
}

/// What the chat server offers.
#[service(name = "chat", rename_all = "camelCase", args_rename_all = "camelCase")]
pub trait ChatApi {
    /// Joins `room` under `name`: returns who is there and the latest messages. The others in
    /// the room get `memberJoined`.
    async fn join(&self, ctx: &Context, room: String, name: String)
        -> Result<RoomState, ChatError>;

    /// Leaves `room`. The others get `memberChanged` with `left = true`.
    async fn leave(&self, ctx: &Context, room: String) -> Result<(), ChatError>;

    /// Says `text` in `room`: everyone in it (the sender too) gets `messagePosted`.
    async fn say(
        &self,
        ctx: &Context,
        room: String,
        text: String,
    ) -> Result<ChatMessage, ChatError>;

    /// The latest `limit` messages of `room`, oldest first.
    async fn history(&self, room: String, limit: u32) -> Vec<ChatMessage>;

    /// Tells the rooms you are in whether you are around.
    #[amf(message)]
    async fn set_presence(&self, ctx: &Context, presence: Presence);
}

/// What a chat client offers: the server pushes to it, and asks it things.
#[service(
    name = "chatClient",
    served_by = "client",
    rename_all = "camelCase",
    args_rename_all = "camelCase"
)]
pub trait ChatClientApi {
    /// Someone said something in a room you are in.
    #[amf(message)]
    async fn message_posted(&self, message: ChatMessage);

    /// Someone joined a room you are in.
    #[amf(message)]
    async fn member_joined(&self, room: String, member: Member);

    /// Someone left a room you are in (or changed presence: then `member` says how).
    #[amf(message)]
    async fn member_changed(&self, room: String, member: Member, left: bool);

    /// The server asks what the client is.
    async fn client_info(&self) -> ClientInfo;
}
