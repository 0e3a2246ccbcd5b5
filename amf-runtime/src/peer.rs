//! [`Peer`]: a cheap, cloneable handle to one connection, usable from any task.

use std::any::{Any, TypeId};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot, Notify};

use crate::amf3::{DecodeError, DecodeOwned, Decoder, Encode, EncodeError, Encoder};
use crate::error::CallError;
use crate::protocol::envelope::{Call, Kind, RemoteError};
use crate::stats::{Stats, StatsSnapshot};

/// What a connection's writer sends.
pub(crate) enum Outbound {
    /// A frame already encoded (length prefix included): requests, messages, broadcasts.
    Frame(Bytes),
    /// A reply to a request, encoded by the writer into its batch.
    Response {
        message_id: Arc<str>,
        reply: QueuedReply,
    },
}

/// A [`Reply`](crate::Reply) as it waits in the queue: the rare error boxed, so that every slot of the queue
/// (which allocates 32 at once for each connection) stays small.
pub(crate) type QueuedReply = Result<Box<dyn Encode + Send>, Box<RemoteError>>;

/// How a pending request ends, as the connection's reader sees it.
pub(crate) enum Completion<'a, 'de> {
    /// A response came; its `result` is at `at`.
    Result {
        decoder: &'a mut Decoder<'de>,
        at: usize,
    },
    /// An error reply came.
    Remote(RemoteError),
    /// The connection closed.
    Closed,
}

pub(crate) type Completer = Box<dyn FnOnce(Completion<'_, '_>) + Send>;

/// Why a request failed inside the connection, before the command is attached.
enum Failure {
    Decode(DecodeError),
    Remote(RemoteError),
    Closed,
}

/// A connection's identity: unique within one server or client.
pub type PeerId = u64;

/// A handle to one connection. Clone it freely: every clone speaks to the same connection.
///
/// Sends are queued to the connection's writer; a request waits for its response, its timeout,
/// or the end of the connection.
#[derive(Clone)]
pub struct Peer {
    inner: Arc<PeerInner>,
}

pub(crate) struct PeerInner {
    id: PeerId,
    addr: SocketAddr,
    transport: &'static str,
    outbound: mpsc::Sender<Outbound>,
    pending: Mutex<HashMap<u64, Completer>>,
    next_message_id: AtomicU64,
    /// Last measured round trip in microseconds; `u64::MAX` while unknown.
    latency_micros: AtomicU64,
    closed: AtomicBool,
    close_signal: Notify,
    state: Mutex<HashMap<TypeId, Box<dyn Any + Send + Sync>>>,
    rooms: Mutex<HashSet<Arc<str>>>,
    request_timeout: Duration,
    write_stall_timeout: Duration,
    hub: Arc<Hub>,
}

impl fmt::Debug for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Peer")
            .field("id", &self.inner.id)
            .field("addr", &self.inner.addr)
            .field("transport", &self.inner.transport)
            .finish()
    }
}

impl Peer {
    pub(crate) fn new(
        hub: Arc<Hub>,
        addr: SocketAddr,
        transport: &'static str,
        config: &crate::config::ConnectionConfig,
    ) -> (Peer, mpsc::Receiver<Outbound>) {
        let (tx, rx) = mpsc::channel(config.outbound_queue.max(1));
        let peer = Peer {
            inner: Arc::new(PeerInner {
                id: hub.next_peer_id.fetch_add(1, Ordering::Relaxed),
                addr,
                transport,
                outbound: tx,
                pending: Mutex::new(HashMap::new()),
                next_message_id: AtomicU64::new(1),
                latency_micros: AtomicU64::new(u64::MAX),
                closed: AtomicBool::new(false),
                close_signal: Notify::new(),
                state: Mutex::new(HashMap::new()),
                rooms: Mutex::new(HashSet::new()),
                request_timeout: config.request_timeout,
                write_stall_timeout: config.write_stall_timeout,
                hub,
            }),
        };
        (peer, rx)
    }

    /// The connection's id, unique within its server or client.
    pub fn id(&self) -> PeerId {
        self.inner.id
    }

    /// The address of the other end.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// `"tcp"` or `"websocket"`.
    pub fn transport(&self) -> &'static str {
        self.inner.transport
    }

    /// The round trip of the last answered ping, if any.
    pub fn latency(&self) -> Option<Duration> {
        match self.inner.latency_micros.load(Ordering::Relaxed) {
            u64::MAX => None,
            micros => Some(Duration::from_micros(micros)),
        }
    }

    pub(crate) fn set_latency(&self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX - 1);
        self.inner.latency_micros.store(micros, Ordering::Relaxed);
    }

    /// Whether the connection is closed.
    pub fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::SeqCst)
    }

    /// Closes the connection: pending requests fail with [`CallError::Disconnected`].
    pub fn close(&self) {
        if !self.inner.closed.swap(true, Ordering::SeqCst) {
            self.inner.close_signal.notify_waiters();
            self.inner.close_signal.notify_one();
        }
    }

    /// Waits until the connection is closed.
    pub async fn closed(&self) {
        loop {
            let notified = self.inner.close_signal.notified();
            if self.is_closed() {
                return;
            }
            notified.await;
        }
    }

    /// Sends request `command` and waits for its result, decoded as `R` (use
    /// [`Value`](crate::amf3::Value) for any), with the connection's default timeout.
    pub async fn request<R: DecodeOwned + Send + 'static>(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
    ) -> Result<R, CallError> {
        self.request_with_timeout(command, params, self.inner.request_timeout)
            .await
    }

    /// Like [`request`](Self::request), with its own timeout.
    pub async fn request_with_timeout<R: DecodeOwned + Send + 'static>(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
        timeout: Duration,
    ) -> Result<R, CallError> {
        let (tx, rx) = oneshot::channel::<Result<R, Failure>>();
        let completer: Completer = Box::new(move |completion| {
            let outcome = match completion {
                Completion::Result { decoder, at } => decoder
                    .decode_at(at, |d| R::decode(d))
                    .map_err(Failure::Decode),
                Completion::Remote(error) => Err(Failure::Remote(error)),
                Completion::Closed => Err(Failure::Closed),
            };
            let _ = tx.send(outcome);
        });
        let (id, frame) = self.register_request(command, params, completer)?;
        let _guard = PendingGuard { peer: self, id };
        let disconnected = || CallError::Disconnected {
            command: command.to_owned(),
        };
        if self.is_closed() {
            return Err(disconnected());
        }
        self.enqueue(Outbound::Frame(frame))
            .await
            .map_err(|()| disconnected())?;
        Stats::add(&self.inner.hub.stats.requests_out, 1);
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(Ok(Err(Failure::Decode(error)))) => Err(CallError::Decode {
                command: command.to_owned(),
                error,
            }),
            Ok(Ok(Err(Failure::Remote(error)))) => Err(CallError::Remote {
                command: command.to_owned(),
                error,
            }),
            Ok(Ok(Err(Failure::Closed))) | Ok(Err(_)) => Err(disconnected()),
            Err(_) => {
                Stats::add(&self.inner.hub.stats.timeouts, 1);
                Err(CallError::Timeout {
                    command: command.to_owned(),
                    timeout,
                })
            }
        }
    }

    /// Encodes request `command` and enters `completer` in the pending table under a fresh
    /// messageId; the caller queues the frame and removes the entry if it gives up.
    pub(crate) fn register_request(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
        completer: Completer,
    ) -> Result<(u64, Bytes), CallError> {
        let id = self.inner.next_message_id.fetch_add(1, Ordering::Relaxed);
        let frame = encode_call(Kind::Request, id, command, params)?;
        self.inner
            .pending
            .lock()
            .expect("pending table")
            .insert(id, completer);
        Ok((id, frame))
    }

    /// Sends message `command` (fire and forget).
    pub async fn send(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
    ) -> Result<(), CallError> {
        let id = self.inner.next_message_id.fetch_add(1, Ordering::Relaxed);
        let frame = encode_call(Kind::Message, id, command, params)?;
        self.enqueue(Outbound::Frame(frame))
            .await
            .map_err(|()| CallError::Disconnected {
                command: command.to_owned(),
            })
    }

    /// Queues a frame already encoded (length prefix included), as broadcasts do.
    pub(crate) fn send_frame(&self, frame: Bytes) {
        match self.inner.outbound.try_send(Outbound::Frame(frame)) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Closed(_)) => {}
            Err(mpsc::error::TrySendError::Full(item)) => {
                // The queue is full: wait for room up to the stall timeout, then give up on
                // this peer rather than buffer without bound.
                let peer = self.clone();
                tokio::spawn(async move {
                    if peer.enqueue(item).await.is_err() {
                        tracing::debug!(peer = peer.id(), "broadcast to a closed peer dropped");
                    }
                });
            }
        }
    }

    /// Queues `item` if the queue has room (or drops it if the connection is closed); gives it
    /// back if the queue is full.
    pub(crate) fn try_enqueue(&self, item: Outbound) -> Result<(), Outbound> {
        match self.inner.outbound.try_send(item) {
            Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
            Err(mpsc::error::TrySendError::Full(item)) => Err(item),
        }
    }

    /// Queues `item`, waiting for room at most the stall timeout; a peer whose queue stays full
    /// that long is disconnected.
    pub(crate) async fn enqueue(&self, item: Outbound) -> Result<(), ()> {
        // The common case, a queue with room, needs no timer.
        let item = match self.inner.outbound.try_send(item) {
            Ok(()) => return Ok(()),
            Err(mpsc::error::TrySendError::Closed(_)) => return Err(()),
            Err(mpsc::error::TrySendError::Full(item)) => item,
        };
        match tokio::time::timeout(
            self.inner.write_stall_timeout,
            self.inner.outbound.send(item),
        )
        .await
        {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(()),
            Err(_) => {
                tracing::warn!(
                    peer = self.id(),
                    addr = %self.addr(),
                    "outbound queue full for {:?}: the peer does not read; disconnecting",
                    self.inner.write_stall_timeout
                );
                self.close();
                Err(())
            }
        }
    }

    /// Fails every pending request with `completion` (the connection closed).
    pub(crate) fn fail_pending(&self) {
        let pending: Vec<Completer> = {
            let mut table = self.inner.pending.lock().expect("pending table");
            table.drain().map(|(_, c)| c).collect()
        };
        for completer in pending {
            completer(Completion::Closed);
        }
    }

    /// Completes the pending request `message_id` with `completion`; false if none waits.
    pub(crate) fn complete(&self, message_id: &str, completion: Completion<'_, '_>) -> bool {
        let Ok(id) = message_id.parse::<u64>() else {
            return false;
        };
        let completer = self
            .inner
            .pending
            .lock()
            .expect("pending table")
            .remove(&id);
        match completer {
            Some(completer) => {
                completer(completion);
                true
            }
            None => false,
        }
    }

    // ---- per-connection state ---------------------------------------------------------------

    /// Attaches a value of type `T` to the connection (replacing an earlier one).
    pub fn set_state<T: Any + Send + Sync>(&self, value: T) {
        self.inner
            .state
            .lock()
            .expect("peer state")
            .insert(TypeId::of::<T>(), Box::new(value));
    }

    /// A clone of the value of type `T` attached to the connection.
    pub fn state<T: Any + Send + Sync + Clone>(&self) -> Option<T> {
        let state = self.inner.state.lock().expect("peer state");
        state
            .get(&TypeId::of::<T>())
            .and_then(|v| v.downcast_ref::<T>())
            .cloned()
    }

    /// Runs `f` on the value of type `T` attached to the connection, if any.
    pub fn with_state<T: Any + Send + Sync, R>(&self, f: impl FnOnce(Option<&mut T>) -> R) -> R {
        let mut state = self.inner.state.lock().expect("peer state");
        f(state
            .get_mut(&TypeId::of::<T>())
            .and_then(|v| v.downcast_mut::<T>()))
    }

    /// Detaches the value of type `T` and returns it.
    pub fn take_state<T: Any + Send + Sync>(&self) -> Option<T> {
        let mut state = self.inner.state.lock().expect("peer state");
        state
            .remove(&TypeId::of::<T>())
            .and_then(|v| v.downcast::<T>().ok())
            .map(|b| *b)
    }

    // ---- rooms -------------------------------------------------------------------------------

    /// Joins room `room` (creating it if needed).
    pub fn join(&self, room: &str) {
        let room: Arc<str> = Arc::from(room);
        if self
            .inner
            .rooms
            .lock()
            .expect("peer rooms")
            .insert(room.clone())
        {
            let mut rooms = self.inner.hub.rooms.write().expect("rooms");
            rooms.entry(room).or_default().insert(self.id());
        }
    }

    /// Leaves room `room`.
    pub fn leave(&self, room: &str) {
        if self.inner.rooms.lock().expect("peer rooms").remove(room) {
            self.inner.hub.remove_from_room(room, self.id());
        }
    }

    /// The rooms this connection is in.
    pub fn rooms(&self) -> Vec<String> {
        let rooms = self.inner.rooms.lock().expect("peer rooms");
        let mut names: Vec<String> = rooms.iter().map(|r| r.to_string()).collect();
        names.sort();
        names
    }

    /// Every connection of the same server (or client), and their rooms.
    pub fn peers(&self) -> Peers {
        Peers {
            hub: self.inner.hub.clone(),
        }
    }

    /// Removes the connection from its hub and rooms (it closed).
    pub(crate) fn unregister(&self) {
        let rooms: Vec<Arc<str>> = self
            .inner
            .rooms
            .lock()
            .expect("peer rooms")
            .drain()
            .collect();
        for room in rooms {
            self.inner.hub.remove_from_room(&room, self.id());
        }
        self.inner
            .hub
            .peers
            .write()
            .expect("peers")
            .remove(&self.id());
    }

    pub(crate) fn hub(&self) -> &Arc<Hub> {
        &self.inner.hub
    }
}

/// Removes a request from the pending table when its future ends, however it ends.
struct PendingGuard<'a> {
    peer: &'a Peer,
    id: u64,
}

impl Drop for PendingGuard<'_> {
    fn drop(&mut self) {
        self.peer
            .inner
            .pending
            .lock()
            .expect("pending table")
            .remove(&self.id);
    }
}

/// Encodes a request or message frame (length prefix included).
pub(crate) fn encode_call(
    kind: Kind,
    id: u64,
    command: &str,
    params: &(impl Encode + ?Sized),
) -> Result<Bytes, CallError> {
    let message_id = id.to_string();
    let mut encoder = Encoder::new();
    encoder
        .frame(&Call {
            kind,
            message_id: &message_id,
            command,
            params,
        })
        .map_err(|error: EncodeError| CallError::Encode {
            command: command.to_owned(),
            error,
        })?;
    Ok(Bytes::from(encoder.into_bytes()))
}

/// The registry of a server's (or client's) connections, their rooms, and its counters.
#[derive(Debug, Default)]
pub(crate) struct Hub {
    pub(crate) peers: RwLock<HashMap<PeerId, Peer>>,
    pub(crate) rooms: RwLock<HashMap<Arc<str>, HashSet<PeerId>>>,
    pub(crate) stats: Stats,
    next_peer_id: AtomicU64,
}

impl Hub {
    pub(crate) fn new() -> Arc<Hub> {
        Arc::new(Hub {
            next_peer_id: AtomicU64::new(1),
            ..Hub::default()
        })
    }

    pub(crate) fn register(&self, peer: &Peer) {
        self.peers
            .write()
            .expect("peers")
            .insert(peer.id(), peer.clone());
    }

    fn remove_from_room(&self, room: &str, id: PeerId) {
        let mut rooms = self.rooms.write().expect("rooms");
        if let Some(members) = rooms.get_mut(room) {
            members.remove(&id);
            if members.is_empty() {
                rooms.remove(room);
            }
        }
    }
}

/// Every connection of a server (or client): lookup, rooms, broadcast, stats.
#[derive(Clone)]
pub struct Peers {
    hub: Arc<Hub>,
}

impl fmt::Debug for Peers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Peers").field("len", &self.len()).finish()
    }
}

impl Peers {
    pub(crate) fn new(hub: Arc<Hub>) -> Self {
        Peers { hub }
    }

    /// The connection with this id, if open.
    pub fn get(&self, id: PeerId) -> Option<Peer> {
        self.hub.peers.read().expect("peers").get(&id).cloned()
    }

    /// Every open connection.
    pub fn all(&self) -> Vec<Peer> {
        self.hub
            .peers
            .read()
            .expect("peers")
            .values()
            .cloned()
            .collect()
    }

    /// How many connections are open.
    pub fn len(&self) -> usize {
        self.hub.peers.read().expect("peers").len()
    }

    /// Whether no connection is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The connections in room `room`.
    pub fn in_room(&self, room: &str) -> Vec<Peer> {
        let ids: Vec<PeerId> = match self.hub.rooms.read().expect("rooms").get(room) {
            Some(members) => members.iter().copied().collect(),
            None => return Vec::new(),
        };
        let peers = self.hub.peers.read().expect("peers");
        ids.iter().filter_map(|id| peers.get(id).cloned()).collect()
    }

    /// Sends message `command` to every connection; the frame is encoded once. Returns how many
    /// connections it was queued for.
    pub fn broadcast(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
    ) -> Result<usize, CallError> {
        let frame = encode_call(Kind::Message, 0, command, params)?;
        let peers = self.hub.peers.read().expect("peers");
        for peer in peers.values() {
            peer.send_frame(frame.clone());
        }
        Ok(peers.len())
    }

    /// Sends message `command` to every connection in room `room`, except `except` if given;
    /// the frame is encoded once. Returns how many connections it was queued for.
    pub fn broadcast_room(
        &self,
        room: &str,
        command: &str,
        params: &(impl Encode + ?Sized),
        except: Option<PeerId>,
    ) -> Result<usize, CallError> {
        let frame = encode_call(Kind::Message, 0, command, params)?;
        let mut sent = 0;
        for peer in self.in_room(room) {
            if Some(peer.id()) != except {
                peer.send_frame(frame.clone());
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// The counters.
    pub fn stats(&self) -> StatsSnapshot {
        self.hub.stats.snapshot()
    }
}
