//! The chat server: rooms with members and a short history.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::SystemTime;

use amf_runtime::{Context, Peer, PeerId};

use super::protocol::{
    ChatApi, ChatClientApiClient, ChatError, ChatMessage, Member, Presence, RoomState,
};

/// How many messages a room remembers.
const HISTORY: usize = 50;

#[derive(Debug, Default)]
struct Room {
    members: Vec<(PeerId, Member)>,
    history: VecDeque<ChatMessage>,
    next_id: u32,
}

/// The chat service: every room, in memory.
#[derive(Debug, Default)]
pub struct ChatServer {
    rooms: Mutex<HashMap<String, Room>>,
}

impl ChatServer {
    /// Calls `push` on a typed caller for every member of `room` but `except`, off the lock.
    fn each_member(
        &self,
        peer: &Peer,
        room: &str,
        except: Option<PeerId>,
    ) -> Vec<ChatClientApiClient> {
        let ids: Vec<PeerId> = match self.rooms.lock().expect("rooms").get(room) {
            Some(r) => r
                .members
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| Some(*id) != except)
                .collect(),
            None => return Vec::new(),
        };
        let peers = peer.peers();
        ids.into_iter()
            .filter_map(|id| peers.get(id))
            .map(ChatClientApiClient::new)
            .collect()
    }

    /// Who is in `room` now, in the order they joined.
    pub fn members(&self, room: &str) -> Vec<Member> {
        let rooms = self.rooms.lock().expect("rooms");
        rooms.get(room).map_or_else(Vec::new, |r| {
            r.members.iter().map(|(_, m)| m.clone()).collect()
        })
    }

    /// Forgets `peer` in every room (it disconnected), telling the others.
    pub async fn forget(&self, peer: &Peer) {
        let mut left = Vec::new();
        {
            let mut rooms = self.rooms.lock().expect("rooms");
            for (name, room) in rooms.iter_mut() {
                if let Some(i) = room.members.iter().position(|(id, _)| *id == peer.id()) {
                    left.push((name.clone(), room.members.remove(i).1));
                }
            }
        }
        for (room, member) in left {
            for other in self.each_member(peer, &room, None) {
                let _ = other
                    .member_changed(room.clone(), member.clone(), true)
                    .await;
            }
        }
    }
}

impl ChatApi for ChatServer {
    async fn join(
        &self,
        ctx: &Context,
        room: String,
        name: String,
    ) -> Result<RoomState, ChatError> {
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(ChatError::BadName(name));
        }
        let member = Member {
            name: name.clone(),
            presence: Presence::Online,
            joined_at: SystemTime::now(),
        };
        let state = {
            let mut rooms = self.rooms.lock().expect("rooms");
            let r = rooms.entry(room.clone()).or_default();
            if r.members
                .iter()
                .any(|(id, m)| m.name == name && *id != ctx.peer().id())
            {
                return Err(ChatError::NameTaken(name));
            }
            r.members.retain(|(id, _)| *id != ctx.peer().id());
            r.members.push((ctx.peer().id(), member.clone()));
            RoomState {
                room: room.clone(),
                members: r.members.iter().map(|(_, m)| m.clone()).collect(),
                history: r.history.iter().cloned().collect(),
            }
        };
        ctx.peer().join(&room);
        tracing::info!(peer = ctx.peer().id(), %room, %name, transport = ctx.peer().transport(), "joined");
        for other in self.each_member(ctx.peer(), &room, Some(ctx.peer().id())) {
            let _ = other.member_joined(room.clone(), member.clone()).await;
        }
        Ok(state)
    }

    async fn leave(&self, ctx: &Context, room: String) -> Result<(), ChatError> {
        let member = {
            let mut rooms = self.rooms.lock().expect("rooms");
            let r = rooms
                .get_mut(&room)
                .ok_or_else(|| ChatError::NotInRoom(room.clone()))?;
            let i = r
                .members
                .iter()
                .position(|(id, _)| *id == ctx.peer().id())
                .ok_or_else(|| ChatError::NotInRoom(room.clone()))?;
            r.members.remove(i).1
        };
        ctx.peer().leave(&room);
        for other in self.each_member(ctx.peer(), &room, None) {
            let _ = other
                .member_changed(room.clone(), member.clone(), true)
                .await;
        }
        Ok(())
    }

    async fn say(
        &self,
        ctx: &Context,
        room: String,
        text: String,
    ) -> Result<ChatMessage, ChatError> {
        if text.trim().is_empty() {
            return Err(ChatError::EmptyText);
        }
        let message = {
            let mut rooms = self.rooms.lock().expect("rooms");
            let r = rooms
                .get_mut(&room)
                .ok_or_else(|| ChatError::NotInRoom(room.clone()))?;
            let from = r
                .members
                .iter()
                .find(|(id, _)| *id == ctx.peer().id())
                .map(|(_, m)| m.name.clone())
                .ok_or_else(|| ChatError::NotInRoom(room.clone()))?;
            r.next_id += 1;
            let message = ChatMessage {
                id: r.next_id,
                room: room.clone(),
                from,
                text,
                sent_at: SystemTime::now(),
            };
            r.history.push_back(message.clone());
            if r.history.len() > HISTORY {
                r.history.pop_front();
            }
            message
        };
        tracing::info!(%room, from = %message.from, text = %message.text, "said");
        for member in self.each_member(ctx.peer(), &room, None) {
            let _ = member.message_posted(message.clone()).await;
        }
        Ok(message)
    }

    async fn history(&self, room: String, limit: u32) -> Vec<ChatMessage> {
        let rooms = self.rooms.lock().expect("rooms");
        rooms.get(&room).map_or_else(Vec::new, |r| {
            let skip = r.history.len().saturating_sub(limit as usize);
            r.history.iter().skip(skip).cloned().collect()
        })
    }

    async fn set_presence(&self, ctx: &Context, presence: Presence) {
        let mut changed = Vec::new();
        {
            let mut rooms = self.rooms.lock().expect("rooms");
            for (name, room) in rooms.iter_mut() {
                if let Some((_, m)) = room
                    .members
                    .iter_mut()
                    .find(|(id, _)| *id == ctx.peer().id())
                {
                    m.presence = presence;
                    changed.push((name.clone(), m.clone()));
                }
            }
        }
        for (room, member) in changed {
            for other in self.each_member(ctx.peer(), &room, Some(ctx.peer().id())) {
                let _ = other
                    .member_changed(room.clone(), member.clone(), false)
                    .await;
            }
        }
    }
}
