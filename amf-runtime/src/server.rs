//! [`Server`]: accepts AMF Socket connections (and Flash policy requests) and serves them.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream, ToSocketAddrs};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::ConnectionConfig;
use crate::connection::{CloseReason, Connection};
use crate::peer::{Hub, Peer, Peers};
use crate::protocol::policy::{SocketPolicy, POLICY_REQUEST};
use crate::service::{Dispatcher, Service};
use crate::stats::{Stats, StatsSnapshot};
use crate::websocket::{self, OriginPolicy};

type ConnectHook =
    Arc<dyn Fn(Peer) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync>;
type DisconnectHook = Arc<dyn Fn(Peer, CloseReason) + Send + Sync>;

/// Configures and binds a [`Server`].
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use amf_runtime::{Router, Server, amf3::Value};
/// let server = Server::builder()
///     .service(Router::new().request("echo", |_ctx, p: Value| async move { Ok::<_, String>(p) }))
///     .bind("127.0.0.1:9000")
///     .await?;
/// server.run().await
/// # }
/// ```
pub struct ServerBuilder {
    config: ConnectionConfig,
    services: Vec<Arc<dyn Service>>,
    max_connections: usize,
    max_connections_per_ip: usize,
    policy: Option<SocketPolicy>,
    policy_addr: Option<String>,
    sniff_timeout: Duration,
    shutdown_grace: Duration,
    on_connect: Option<ConnectHook>,
    on_disconnect: Option<DisconnectHook>,
    websocket_addr: Option<String>,
    origins: OriginPolicy,
}

impl std::fmt::Debug for ServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerBuilder")
            .field("config", &self.config)
            .field("services", &self.services.len())
            .field("max_connections", &self.max_connections)
            .field("max_connections_per_ip", &self.max_connections_per_ip)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Default for ServerBuilder {
    fn default() -> Self {
        ServerBuilder {
            config: ConnectionConfig::default(),
            services: Vec::new(),
            max_connections: 200_000,
            max_connections_per_ip: 200_000,
            policy: Some(SocketPolicy::default()),
            policy_addr: None,
            sniff_timeout: Duration::from_millis(500),
            shutdown_grace: Duration::from_secs(10),
            on_connect: None,
            on_disconnect: None,
            websocket_addr: None,
            origins: OriginPolicy::Any,
        }
    }
}

impl ServerBuilder {
    /// Serves the commands of `service` (several services may be added; a command served twice
    /// makes [`bind`](Self::bind) fail).
    pub fn service<S: Service>(mut self, service: S) -> Self {
        self.services.push(Arc::new(service));
        self
    }

    /// The settings of every connection.
    pub fn connection_config(mut self, config: ConnectionConfig) -> Self {
        self.config = config;
        self
    }

    /// Most connections open at once; more are refused (closed at once). Default 200,000.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// Most connections open at once from one IP address. Default 200,000.
    pub fn max_connections_per_ip(mut self, n: usize) -> Self {
        self.max_connections_per_ip = n;
        self
    }

    /// The Flash socket policy answered on the main port (and the policy port); `None` turns
    /// policy answers off. Default: any domain, any port.
    pub fn socket_policy(mut self, policy: Option<SocketPolicy>) -> Self {
        self.policy = policy;
        self
    }

    /// Also answers policy requests on a dedicated listener (Flash asks port 843 first).
    pub fn policy_listener(mut self, addr: impl Into<String>) -> Self {
        self.policy_addr = Some(addr.into());
        self
    }

    /// Also accepts WebSocket connections on a dedicated listener (the main port accepts them
    /// too: they are told apart by their first bytes).
    pub fn websocket_listener(mut self, addr: impl Into<String>) -> Self {
        self.websocket_addr = Some(addr.into());
        self
    }

    /// Which web pages may open WebSocket connections (by their `Origin` header). Default: any.
    pub fn websocket_origins(mut self, origins: OriginPolicy) -> Self {
        self.origins = origins;
        self
    }

    /// How long a new connection may stay silent before it is taken for an AMF Socket client
    /// (policy requests and WebSocket handshakes come at once). Default 500 ms.
    pub fn sniff_timeout(mut self, timeout: Duration) -> Self {
        self.sniff_timeout = timeout;
        self
    }

    /// How long a graceful shutdown lets running handlers finish. Default 10 s.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Runs `hook` on every new connection before it is served: the place for authentication
    /// and for attaching state ([`Peer::set_state`]). An `Err` refuses the connection.
    pub fn on_connect<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Peer) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
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

    /// Binds the listener (and the policy listener, if any).
    pub async fn bind(self, addr: impl ToSocketAddrs) -> io::Result<Server> {
        let dispatcher = Dispatcher::build(self.services)
            .map_err(|duplicate| io::Error::new(io::ErrorKind::InvalidInput, duplicate))?;
        let listener = listen(addr).await?;
        let policy_listener = match &self.policy_addr {
            Some(addr) => Some(listen(addr.as_str()).await?),
            None => None,
        };
        let websocket_listener = match &self.websocket_addr {
            Some(addr) => Some(listen(addr.as_str()).await?),
            None => None,
        };
        let (shutdown, _) = watch::channel(false);
        Ok(Server {
            listener,
            policy_listener,
            websocket_listener,
            shared: Arc::new(Shared {
                hub: Hub::new(),
                config: Arc::new(self.config),
                dispatcher: Arc::new(dispatcher),
                shutdown,
                open: AtomicUsize::new(0),
                per_ip: Mutex::new(HashMap::new()),
                max_connections: self.max_connections,
                max_connections_per_ip: self.max_connections_per_ip,
                policy: self.policy.map(|p| p.to_bytes()),
                sniff_timeout: self.sniff_timeout,
                shutdown_grace: self.shutdown_grace,
                on_connect: self.on_connect,
                on_disconnect: self.on_disconnect,
                origins: self.origins,
            }),
        })
    }
}

/// The queue of connections accepted by the kernel and not yet by the server. The standard
/// library's 128 drops connections when thousands of clients connect at once (after a restart):
/// with SYN cookies, a dropped one even looks open to its client. The kernel caps the queue at
/// `net.core.somaxconn`.
const LISTEN_BACKLOG: u32 = 4096;

/// Binds a listener to the first address of `addr` that accepts it.
async fn listen(addr: impl ToSocketAddrs) -> io::Result<TcpListener> {
    let mut last_error = None;
    for addr in tokio::net::lookup_host(addr).await? {
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        #[cfg(not(windows))]
        socket.set_reuseaddr(true)?;
        match socket
            .bind(addr)
            .and_then(|()| socket.listen(LISTEN_BACKLOG))
        {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error
        .unwrap_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address to listen on")))
}

struct Shared {
    hub: Arc<Hub>,
    config: Arc<ConnectionConfig>,
    dispatcher: Arc<Dispatcher>,
    shutdown: watch::Sender<bool>,
    open: AtomicUsize,
    per_ip: Mutex<HashMap<IpAddr, usize>>,
    max_connections: usize,
    max_connections_per_ip: usize,
    policy: Option<Vec<u8>>,
    sniff_timeout: Duration,
    shutdown_grace: Duration,
    on_connect: Option<ConnectHook>,
    on_disconnect: Option<DisconnectHook>,
    origins: OriginPolicy,
}

/// An AMF Socket server, bound and ready to [`run`](Server::run).
pub struct Server {
    listener: TcpListener,
    policy_listener: Option<TcpListener>,
    websocket_listener: Option<TcpListener>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.listener.local_addr().ok())
            .finish_non_exhaustive()
    }
}

/// Controls a running server from any task: shutdown, connections, rooms, stats.
#[derive(Clone)]
pub struct ServerHandle {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle").finish_non_exhaustive()
    }
}

impl ServerHandle {
    /// Starts a graceful shutdown: stop accepting, stop reading, let running handlers finish and
    /// their replies go out (up to the grace period), then close every connection.
    pub fn shutdown(&self) {
        self.shared.shutdown.send_replace(true);
    }

    /// The open connections, their rooms, broadcast.
    pub fn peers(&self) -> Peers {
        Peers::new(self.shared.hub.clone())
    }

    /// The counters.
    pub fn stats(&self) -> StatsSnapshot {
        self.shared.hub.stats.snapshot()
    }
}

impl Server {
    /// A builder with the defaults.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// The address of the main listener.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The address of the policy listener, if any.
    pub fn policy_addr(&self) -> Option<SocketAddr> {
        self.policy_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// The address of the dedicated WebSocket listener, if any.
    pub fn websocket_addr(&self) -> Option<SocketAddr> {
        self.websocket_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// A handle to control the server once it runs.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            shared: self.shared.clone(),
        }
    }

    /// Accepts and serves connections until [`ServerHandle::shutdown`]; then finishes gracefully.
    pub async fn run(self) -> io::Result<()> {
        let shared = self.shared;
        let mut shutdown = shared.shutdown.subscribe();
        let addr = self.listener.local_addr()?;
        tracing::info!(%addr, "AMF Socket server listening (TCP, WebSocket and socket policy on this port)");
        tracing::info!(
            "Ruffle reaches it with socketProxy: [{{host: \"{}\", port: {}, proxyUrl: \"ws://{addr}/\"}}]",
            addr.ip(),
            addr.port()
        );
        if let Some(listener) = self.policy_listener {
            tokio::spawn(serve_policy_port(listener, shared.clone()));
        }
        let (websocket_tx, mut websocket_rx) =
            tokio::sync::mpsc::channel::<(TcpStream, SocketAddr)>(64);
        if let Some(listener) = self.websocket_listener {
            tokio::spawn(accept_websockets(listener, websocket_tx, shared.clone()));
        }
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, addr)) => {
                        if let Some(slot) = Slot::admit(&shared, addr.ip()) {
                            connections.spawn(serve_socket(shared.clone(), stream, addr, slot));
                        }
                    }
                    Err(e) => {
                        // Out of file descriptors and the like: wait a little rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
                Some((stream, addr)) = websocket_rx.recv() => {
                    if let Some(slot) = Slot::admit(&shared, addr.ip()) {
                        connections.spawn(serve_websocket(shared.clone(), stream, addr, slot));
                    }
                }
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
                () = stopped(&mut shutdown) => break,
            }
        }
        drop(self.listener);
        tracing::info!(
            open = connections.len(),
            "shutting down: finishing running handlers"
        );
        let grace = tokio::time::sleep(shared.shutdown_grace);
        tokio::pin!(grace);
        loop {
            tokio::select! {
                next = connections.join_next() => if next.is_none() { break },
                () = &mut grace => {
                    tracing::warn!(open = connections.len(), "grace period over: closing the remaining connections");
                    for peer in Peers::new(shared.hub.clone()).all() {
                        peer.close();
                    }
                    while connections.join_next().await.is_some() {}
                    break;
                }
            }
        }
        Ok(())
    }
}

/// Completes once `shutdown` turns true, or at once if it is already (a `changed()` would miss
/// a shutdown requested before the subscription).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|&stop| stop).await;
}

/// A place among the open connections, given back when dropped.
struct Slot {
    shared: Arc<Shared>,
    ip: IpAddr,
}

impl Slot {
    /// Takes a place, or refuses the connection when a limit is reached.
    fn admit(shared: &Arc<Shared>, ip: IpAddr) -> Option<Slot> {
        let mut per_ip = shared.per_ip.lock().expect("per-ip counts");
        let from_ip = per_ip.entry(ip).or_insert(0);
        let open = shared.open.load(Ordering::Relaxed);
        if open >= shared.max_connections || *from_ip >= shared.max_connections_per_ip {
            let which = if open >= shared.max_connections {
                "max_connections"
            } else {
                "max_connections_per_ip"
            };
            tracing::warn!(%ip, limit = which, "connection refused: limit reached");
            Stats::add(&shared.hub.stats.connections_refused, 1);
            if *from_ip == 0 {
                per_ip.remove(&ip);
            }
            return None;
        }
        *from_ip += 1;
        shared.open.fetch_add(1, Ordering::Relaxed);
        Some(Slot {
            shared: shared.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.shared.open.fetch_sub(1, Ordering::Relaxed);
        let mut per_ip = self.shared.per_ip.lock().expect("per-ip counts");
        if let Some(n) = per_ip.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                per_ip.remove(&self.ip);
            }
        }
    }
}

/// What the first bytes of a connection announce.
enum Opening {
    Policy,
    WebSocket,
    AmfSocket,
    Closed,
}

async fn sniff(stream: &TcpStream, timeout: Duration) -> Opening {
    let mut first = [0u8; 1];
    match tokio::time::timeout(timeout, stream.peek(&mut first)).await {
        Ok(Ok(0)) | Ok(Err(_)) => Opening::Closed,
        // A length prefix starting with '<' would announce more than 1 GB: unambiguous.
        Ok(Ok(_)) if first[0] == b'<' => Opening::Policy,
        // "GET /…": likewise more than 1 GB as a length prefix.
        Ok(Ok(_)) if first[0] == b'G' => Opening::WebSocket,
        _ => Opening::AmfSocket,
    }
}

async fn serve_socket(shared: Arc<Shared>, stream: TcpStream, addr: SocketAddr, slot: Slot) {
    let _ = stream.set_nodelay(true);
    match sniff(&stream, shared.sniff_timeout).await {
        Opening::Closed => {}
        Opening::Policy => answer_policy(stream, addr, &shared).await,
        Opening::WebSocket => serve_websocket(shared, stream, addr, slot).await,
        Opening::AmfSocket => {
            let (reader, writer) = stream.into_split();
            serve_connection(shared, reader, writer, addr, "tcp").await;
        }
    }
}

async fn serve_websocket(shared: Arc<Shared>, stream: TcpStream, addr: SocketAddr, _slot: Slot) {
    let _ = stream.set_nodelay(true);
    let max_message = shared.config.max_frame_len.saturating_add(4);
    let handshake = tokio::time::timeout(
        Duration::from_secs(10),
        websocket::accept(stream, &shared.origins, max_message),
    );
    match handshake.await {
        Ok(Ok((reader, writer))) => {
            serve_connection(shared, reader, writer, addr, "websocket").await
        }
        Ok(Err(e)) => {
            Stats::add(&shared.hub.stats.connections_refused, 1);
            tracing::info!(%addr, error = %e, "WebSocket handshake refused");
        }
        Err(_) => tracing::info!(%addr, "WebSocket handshake timed out"),
    }
}

/// Serves one AMF Socket connection over any byte stream.
async fn serve_connection<R, W>(
    shared: Arc<Shared>,
    reader: R,
    writer: W,
    addr: SocketAddr,
    transport: &'static str,
) where
    R: AsyncRead + Unpin + Send,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (peer, outbound) = Peer::new(shared.hub.clone(), addr, transport, &shared.config);
    if let Some(hook) = &shared.on_connect {
        if let Err(reason) = hook(peer.clone()).await {
            Stats::add(&shared.hub.stats.connections_refused, 1);
            tracing::info!(%addr, %reason, "connection refused by the connect hook");
            return;
        }
    }
    shared.hub.register(&peer);
    let stats = &shared.hub.stats;
    Stats::add(&stats.connections_total, 1);
    Stats::add(&stats.connections_open, 1);
    let span = tracing::info_span!("connection", peer = peer.id(), %addr, transport);
    tracing::debug!(parent: &span, "connected");
    let connection = Connection {
        peer: peer.clone(),
        config: shared.config.clone(),
        dispatcher: shared.dispatcher.clone(),
    };
    let reason = tracing::Instrument::instrument(
        connection.run(reader, writer, outbound, shared.shutdown.subscribe()),
        span.clone(),
    )
    .await;
    stats.connections_open.fetch_sub(1, Ordering::Relaxed);
    tracing::info!(parent: &span, %reason, "disconnected");
    if let Some(hook) = &shared.on_disconnect {
        hook(peer, reason);
    }
}

/// Accepts on the dedicated WebSocket listener and hands connections to the main loop (which
/// applies the limits and tracks them for shutdown).
async fn accept_websockets(
    listener: TcpListener,
    to_main: tokio::sync::mpsc::Sender<(TcpStream, SocketAddr)>,
    shared: Arc<Shared>,
) {
    let mut shutdown = shared.shutdown.subscribe();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => if to_main.send(connection).await.is_err() { return },
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed on the WebSocket listener");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = stopped(&mut shutdown) => return,
        }
    }
}

/// Answers a policy request (and closes); anything else starting with '<' is dropped.
async fn answer_policy(mut stream: TcpStream, addr: SocketAddr, shared: &Shared) {
    let Some(policy) = &shared.policy else {
        tracing::info!(%addr, "policy request on the main port, but policies are off");
        return;
    };
    let mut request = [0u8; POLICY_REQUEST.len()];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut request)).await;
    if !matches!(read, Ok(Ok(_))) || request != POLICY_REQUEST {
        tracing::info!(%addr, "connection opened with '<' but no policy request: closed");
        return;
    }
    Stats::add(&shared.hub.stats.policy_requests, 1);
    tracing::debug!(%addr, "socket policy sent");
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        stream.write_all(policy).await?;
        stream.shutdown().await
    })
    .await;
}

async fn serve_policy_port(listener: TcpListener, shared: Arc<Shared>) {
    let mut shutdown = shared.shutdown.subscribe();
    loop {
        tokio::select! {
            accepted = listener.accept() => if let Ok((stream, addr)) = accepted {
                let shared = shared.clone();
                tokio::spawn(async move { answer_policy(stream, addr, &shared).await });
            },
            () = stopped(&mut shutdown) => return,
        }
    }
}
