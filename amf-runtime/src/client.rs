//! [`Client`]: connects to an AMF Socket server, answers its pings, serves the commands the
//! server calls, and reconnects with back-off if asked to.

use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio::sync::watch;

use crate::amf3::{DecodeOwned, Encode};
use crate::config::ConnectionConfig;
use crate::connection::{CloseReason, Connection};
use crate::error::CallError;
use crate::peer::{Hub, Peer};
use crate::service::{Dispatcher, Service};
use crate::stats::StatsSnapshot;

type ConnectHook = Arc<dyn Fn(Peer) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;
type DisconnectHook = Arc<dyn Fn(Peer, CloseReason) + Send + Sync>;

/// Exponential back-off with jitter between reconnection attempts.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Backoff {
    /// The first delay. Default 250 ms.
    pub initial: Duration,
    /// The longest delay. Default 30 s.
    pub max: Duration,
    /// The factor between two delays. Default 2.
    pub multiplier: f64,
    /// The fraction of each delay drawn at random (0 to 1). Default 0.2.
    pub jitter: f64,
    /// Attempts after which the client gives up; `None` for ever. Default `None`.
    pub max_attempts: Option<u32>,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(250),
            max: Duration::from_secs(30),
            multiplier: 2.0,
            jitter: 0.2,
            max_attempts: None,
        }
    }
}

impl Backoff {
    /// The delay before attempt `attempt` (0-based), jitter included.
    pub fn delay(&self, attempt: u32) -> Duration {
        let base = self.initial.as_secs_f64() * self.multiplier.powi(attempt.min(64) as i32);
        let base = base.min(self.max.as_secs_f64());
        let jitter = self.jitter.clamp(0.0, 1.0);
        Duration::from_secs_f64(base * (1.0 - jitter * random_unit()))
    }
}

/// A number in [0, 1) that differs between calls (no cryptographic quality needed).
fn random_unit() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Configures and connects a [`Client`].
pub struct ClientBuilder {
    config: ConnectionConfig,
    services: Vec<Arc<dyn Service>>,
    connect_timeout: Duration,
    reconnect: Option<Backoff>,
    on_connect: Option<ConnectHook>,
    on_disconnect: Option<DisconnectHook>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("services", &self.services.len())
            .field("connect_timeout", &self.connect_timeout)
            .field("reconnect", &self.reconnect)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            config: ConnectionConfig::client(),
            services: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            reconnect: None,
            on_connect: None,
            on_disconnect: None,
        }
    }
}

impl ClientBuilder {
    /// Serves the commands of `service` when the server calls them.
    pub fn service<S: Service>(mut self, service: S) -> Self {
        self.services.push(Arc::new(service));
        self
    }

    /// The settings of the connection (default [`ConnectionConfig::client`]).
    pub fn connection_config(mut self, config: ConnectionConfig) -> Self {
        self.config = config;
        self
    }

    /// How long one connection attempt may take. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Reconnects after a lost connection, waiting as `backoff` says. Default: no reconnection.
    pub fn reconnect(mut self, backoff: Backoff) -> Self {
        self.reconnect = Some(backoff);
        self
    }

    /// Runs `hook` after every successful connection (the first and every reconnection).
    pub fn on_connect<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Peer) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.on_connect = Some(Arc::new(move |peer| Box::pin(hook(peer))));
        self
    }

    /// Runs `hook` when a connection has ended.
    pub fn on_disconnect(
        mut self,
        hook: impl Fn(Peer, CloseReason) + Send + Sync + 'static,
    ) -> Self {
        self.on_disconnect = Some(Arc::new(hook));
        self
    }

    /// Connects to `addr` (e.g. `"127.0.0.1:9000"`). The first attempt must succeed; later
    /// losses are repaired if [`reconnect`](Self::reconnect) was set.
    pub async fn connect(self, addr: impl Into<String>) -> io::Result<Client> {
        let dispatcher = Dispatcher::build(self.services)
            .map_err(|duplicate| io::Error::new(io::ErrorKind::InvalidInput, duplicate))?;
        let shared = Arc::new(ClientShared {
            addr: addr.into(),
            hub: Hub::new(),
            config: Arc::new(self.config),
            dispatcher: Arc::new(dispatcher),
            connect_timeout: self.connect_timeout,
            reconnect: self.reconnect,
            on_connect: self.on_connect,
            on_disconnect: self.on_disconnect,
            current: watch::channel(None).0,
            stopped: AtomicBool::new(false),
            stop: watch::channel(false).0,
        });
        let stream = shared.open().await?;
        let client = Client {
            shared: shared.clone(),
        };
        tokio::spawn(shared.supervise(stream));
        client
            .connected()
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::NotConnected, "closed while connecting"))?;
        Ok(client)
    }
}

struct ClientShared {
    addr: String,
    hub: Arc<Hub>,
    config: Arc<ConnectionConfig>,
    dispatcher: Arc<Dispatcher>,
    connect_timeout: Duration,
    reconnect: Option<Backoff>,
    on_connect: Option<ConnectHook>,
    on_disconnect: Option<DisconnectHook>,
    /// The connection in use, if any.
    current: watch::Sender<Option<Peer>>,
    stopped: AtomicBool,
    stop: watch::Sender<bool>,
}

impl ClientShared {
    async fn open(&self) -> io::Result<TcpStream> {
        let stream =
            tokio::time::timeout(self.connect_timeout, TcpStream::connect(self.addr.as_str()))
                .await
                .map_err(|_| {
                    io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!("connecting to {} timed out", self.addr),
                    )
                })??;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    /// Runs connections one after another until the client is closed or gives up.
    async fn supervise(self: Arc<Self>, mut stream: TcpStream) {
        loop {
            let reason = self.run_connection(stream).await;
            if self.stopped.load(Ordering::SeqCst) {
                return;
            }
            let Some(backoff) = self.reconnect else {
                tracing::info!(addr = %self.addr, %reason, "disconnected");
                return;
            };
            tracing::info!(addr = %self.addr, %reason, "disconnected; reconnecting");
            let mut attempt = 0;
            stream = loop {
                if backoff.max_attempts.is_some_and(|max| attempt >= max) {
                    tracing::warn!(addr = %self.addr, attempts = attempt, "giving up reconnecting");
                    self.stopped.store(true, Ordering::SeqCst);
                    self.stop.send_replace(true);
                    return;
                }
                let mut stop = self.stop.subscribe();
                tokio::select! {
                    () = tokio::time::sleep(backoff.delay(attempt)) => {}
                    _ = stop.changed() => return,
                }
                match self.open().await {
                    Ok(stream) => break stream,
                    Err(e) => {
                        tracing::debug!(addr = %self.addr, attempt, error = %e, "reconnection failed")
                    }
                }
                attempt += 1;
            };
        }
    }

    async fn run_connection(&self, stream: TcpStream) -> CloseReason {
        let addr = stream
            .peer_addr()
            .unwrap_or_else(|_| ([0, 0, 0, 0], 0).into());
        let (peer, outbound) = Peer::new(self.hub.clone(), addr, "tcp", &self.config);
        self.hub.register(&peer);
        let connection = Connection {
            peer: peer.clone(),
            config: self.config.clone(),
            dispatcher: self.dispatcher.clone(),
        };
        let (reader, writer) = stream.into_split();
        let run = connection.run(reader, writer, outbound, self.stop.subscribe());
        self.current.send_replace(Some(peer.clone()));
        // The hook runs while the connection is served, so that it can make requests (log in,
        // join rooms again); it is dropped if the connection ends first.
        let hook = async {
            if let Some(hook) = &self.on_connect {
                hook(peer.clone()).await;
            }
            std::future::pending::<std::convert::Infallible>().await
        };
        let reason = tokio::select! {
            reason = run => reason,
            never = hook => match never {},
        };
        self.current.send_replace(None);
        if let Some(hook) = &self.on_disconnect {
            hook(peer, reason.clone());
        }
        reason
    }
}

/// A connection to an AMF Socket server. Cheap to clone; every clone drives the same connection.
#[derive(Clone)]
pub struct Client {
    shared: Arc<ClientShared>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("addr", &self.shared.addr)
            .field("peer", &self.peer())
            .finish()
    }
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Connects with the defaults.
    pub async fn connect(addr: impl Into<String>) -> io::Result<Client> {
        Self::builder().connect(addr).await
    }

    /// The current connection, if connected.
    pub fn peer(&self) -> Option<Peer> {
        self.shared.current.borrow().clone()
    }

    /// Waits until connected (at once if connected now); fails once the client has stopped.
    pub async fn connected(&self) -> Result<Peer, CallError> {
        let mut current = self.shared.current.subscribe();
        loop {
            if let Some(peer) = current.borrow_and_update().clone() {
                return Ok(peer);
            }
            if self.shared.stopped.load(Ordering::SeqCst) {
                return Err(CallError::Disconnected {
                    command: String::new(),
                });
            }
            let mut stop = self.shared.stop.subscribe();
            tokio::select! {
                changed = current.changed() => if changed.is_err() { return Err(CallError::Disconnected { command: String::new() }) },
                _ = stop.changed() => {}
            }
        }
    }

    fn current(&self, command: &str) -> Result<Peer, CallError> {
        self.peer().ok_or_else(|| CallError::Disconnected {
            command: command.to_owned(),
        })
    }

    /// Sends request `command` on the current connection; see [`Peer::request`].
    pub async fn request<R: DecodeOwned + Send + 'static>(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
    ) -> Result<R, CallError> {
        self.current(command)?.request(command, params).await
    }

    /// Sends message `command` on the current connection; see [`Peer::send`].
    pub async fn send(
        &self,
        command: &str,
        params: &(impl Encode + ?Sized),
    ) -> Result<(), CallError> {
        self.current(command)?.send(command, params).await
    }

    /// Closes the connection for good (no reconnection).
    pub fn close(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.shared.stop.send_replace(true);
        if let Some(peer) = self.peer() {
            peer.close();
        }
    }

    /// The counters.
    pub fn stats(&self) -> StatsSnapshot {
        self.shared.hub.stats.snapshot()
    }
}
