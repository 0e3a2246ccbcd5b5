//! Helpers shared by the `socket_*` tests: a server on 127.0.0.1:0, raw-socket frame I/O,
//! envelopes built and parsed by hand, bounded waits, and a step limiter for the paused clock.
//!
//! Each test file includes this module and uses a part of it.
#![allow(dead_code)]

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use amf_runtime::amf3::{Decoder, Encode, Encoder, Value};
use amf_runtime::protocol::envelope::{self, Call, Kind, Response};
use amf_runtime::{
    CloseReason, ConnectionConfig, Peer, RemoteError, Server, ServerBuilder, ServerHandle,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The bound on every await that a bug could turn into a hang. Under a paused clock it is
/// virtual time: a hang then fails at once.
pub(crate) const GUARD: Duration = Duration::from_secs(10);

/// Awaits `fut`, failing the test if it takes longer than [`GUARD`].
pub(crate) async fn within<F: Future>(what: &str, fut: F) -> F::Output {
    within_for(GUARD, what, fut).await
}

/// Awaits `fut`, failing the test if it takes longer than `limit`.
pub(crate) async fn within_for<F: Future>(limit: Duration, what: &str, fut: F) -> F::Output {
    match tokio::time::timeout(limit, fut).await {
        Ok(out) => out,
        Err(_) => panic!("no outcome within {limit:?}: {what}"),
    }
}

/// Logs to the test output when `RUST_LOG` is set (e.g. `RUST_LOG=amf_runtime=debug`).
pub(crate) fn trace() {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

// ---- servers ---------------------------------------------------------------------------------

/// The connection settings of the tests: the defaults, heartbeat off (the heartbeat tests turn
/// it on), so that no ping comes between the frames a raw socket expects.
pub(crate) fn config() -> ConnectionConfig {
    let mut config = ConnectionConfig::default();
    config.heartbeat = None;
    config
}

/// A server builder for the tests: [`config`], and a short sniff timeout, so that a client that
/// says nothing first is served at once (it is served the same way after the default 500 ms).
pub(crate) fn server() -> ServerBuilder {
    Server::builder()
        .connection_config(config())
        .sniff_timeout(Duration::from_millis(20))
}

/// A running server.
pub(crate) struct Running {
    pub(crate) handle: ServerHandle,
    pub(crate) addr: SocketAddr,
    pub(crate) policy_addr: Option<SocketAddr>,
    /// The task of [`Server::run`]: its output says how the server ended.
    pub(crate) run: JoinHandle<io::Result<()>>,
}

impl Running {
    pub(crate) fn addr(&self) -> String {
        self.addr.to_string()
    }
}

/// Binds `builder` on 127.0.0.1:0 and runs it in a task.
pub(crate) async fn start(builder: ServerBuilder) -> Running {
    let server = builder.bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = server.local_addr().expect("local address");
    let policy_addr = server.policy_addr();
    let handle = server.handle();
    let run = tokio::spawn(server.run());
    Running {
        handle,
        addr,
        policy_addr,
        run,
    }
}

/// A connection's end, as the server's `on_disconnect` hook saw it.
#[derive(Debug)]
pub(crate) struct Ended {
    pub(crate) peer: Peer,
    pub(crate) reason: CloseReason,
}

/// Adds an `on_disconnect` hook that reports every ended connection on the returned channel.
pub(crate) fn track_disconnects(
    builder: ServerBuilder,
) -> (ServerBuilder, mpsc::UnboundedReceiver<Ended>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let builder = builder.on_disconnect(move |peer, reason| {
        let _ = tx.send(Ended { peer, reason });
    });
    (builder, rx)
}

/// The next ended connection.
pub(crate) async fn next_end(ends: &mut mpsc::UnboundedReceiver<Ended>) -> Ended {
    within("a connection to end", ends.recv())
        .await
        .expect("disconnect hook dropped")
}

/// The server-side peer of the connection whose client end is `client_addr`.
pub(crate) fn server_peer(handle: &ServerHandle, client_addr: SocketAddr) -> Peer {
    handle
        .peers()
        .all()
        .into_iter()
        .find(|p| p.addr() == client_addr)
        .unwrap_or_else(|| panic!("no server peer for {client_addr}"))
}

/// `{...}` from pairs.
pub(crate) fn obj<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::object(members)
}

// ---- frames ------------------------------------------------------------------------------------

/// One AMF Socket frame holding `value` (length prefix included).
pub(crate) fn frame(value: &(impl Encode + ?Sized)) -> Vec<u8> {
    let mut encoder = Encoder::new();
    encoder.frame(value).expect("encodable frame");
    encoder.into_bytes()
}

/// A frame whose payload is `payload`, whatever it holds.
pub(crate) fn raw_frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = (payload.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(payload);
    bytes
}

/// An `rpcRequest` frame.
pub(crate) fn request(message_id: &str, command: &str, params: &(impl Encode + ?Sized)) -> Vec<u8> {
    frame(&Call {
        kind: Kind::Request,
        message_id,
        command,
        params,
    })
}

/// An `rpcMessage` frame.
pub(crate) fn message(message_id: &str, command: &str, params: &(impl Encode + ?Sized)) -> Vec<u8> {
    frame(&Call {
        kind: Kind::Message,
        message_id,
        command,
        params,
    })
}

/// An `rpcResponse` frame with `result`.
pub(crate) fn response(message_id: &str, result: &(impl Encode + ?Sized)) -> Vec<u8> {
    frame(&Response {
        message_id,
        outcome: Ok(result),
    })
}

/// An envelope read back from the wire.
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub(crate) kind: Kind,
    pub(crate) message_id: String,
    pub(crate) command: String,
    /// `params` of a request or message, `result` of a response.
    pub(crate) payload: Value,
    /// The `error` of an error reply.
    pub(crate) error: Option<RemoteError>,
    /// The whole frame as a value, to check members on the wire.
    pub(crate) whole: Value,
}

impl Envelope {
    /// The body (`request`, `response` or `message`) as a value.
    pub(crate) fn body(&self) -> &Value {
        self.whole.get(self.kind.body_key()).expect("envelope body")
    }
}

/// Validates and reads one frame payload with [`envelope::read_envelope`].
pub(crate) fn parse(payload: &[u8]) -> Envelope {
    let mut decoder = Decoder::new(payload);
    let incoming = envelope::read_envelope(&mut decoder)
        .unwrap_or_else(|v| panic!("invalid envelope on the wire: {v}"));
    let payload_value: Value = decoder
        .decode_at(incoming.payload_at, Decoder::read_value)
        .expect("payload");
    let whole: Value = amf_runtime::amf3::from_slice(payload).expect("frame is one AMF3 value");
    Envelope {
        kind: incoming.kind,
        message_id: incoming.message_id.to_owned(),
        command: incoming.command.to_owned(),
        payload: payload_value,
        error: incoming.error,
        whole,
    }
}

/// Reads one frame payload; `None` if the stream ends (or is reset) before a frame begins.
pub(crate) async fn read_frame(stream: &mut (impl AsyncRead + Unpin)) -> Option<Vec<u8>> {
    let mut header = [0u8; 4];
    match stream.read_exact(&mut header).await {
        Ok(_) => {}
        Err(e) if is_closed(&e) => return None,
        Err(e) => panic!("reading a frame header: {e}"),
    }
    let mut payload = vec![0u8; u32::from_be_bytes(header) as usize];
    stream
        .read_exact(&mut payload)
        .await
        .expect("the rest of a frame");
    Some(payload)
}

/// Reads and parses the next frame, which must come within [`GUARD`].
pub(crate) async fn next_envelope(stream: &mut (impl AsyncRead + Unpin)) -> Envelope {
    within("a frame", recv_envelope(stream)).await
}

/// Reads and parses the next frame, which must come (unbounded: wrap it in a bound).
pub(crate) async fn recv_envelope(stream: &mut (impl AsyncRead + Unpin)) -> Envelope {
    let payload = read_frame(stream)
        .await
        .expect("a frame, not the end of the stream");
    parse(&payload)
}

/// Reads until the other end closes, within [`GUARD`]; returns what came.
pub(crate) async fn read_until_closed(stream: &mut (impl AsyncRead + Unpin)) -> Vec<u8> {
    within("the other end to close", recv_until_closed(stream)).await
}

/// Reads until the other end closes (unbounded: wrap it in a bound); returns what came. A reset
/// counts as a close: a socket closed with unread input resets the connection instead of ending
/// it.
pub(crate) async fn recv_until_closed(stream: &mut (impl AsyncRead + Unpin)) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if is_closed(&e) => return got,
            Err(e) => panic!("reading until closed: {e}"),
        }
    }
}

fn is_closed(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
    )
}

/// A raw TCP connection to `addr` (no delay, so small writes go out as written).
pub(crate) async fn raw(addr: SocketAddr) -> TcpStream {
    let stream = within("connect", TcpStream::connect(addr))
        .await
        .expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

/// Writes `bytes` in one write.
pub(crate) async fn send(stream: &mut TcpStream, bytes: &[u8]) {
    within("write", stream.write_all(bytes))
        .await
        .expect("write");
}

/// Sends request `echo` with a marker and waits for its answer: once it comes, the server has
/// read (in order) everything sent before it on this connection.
pub(crate) async fn echo_round_trip(stream: &mut TcpStream, id: &str) {
    send(
        stream,
        &request(id, "echo", &obj([("mark", Value::from(id))])),
    )
    .await;
    let reply = next_envelope(stream).await;
    assert_eq!(
        (reply.kind, reply.message_id.as_str()),
        (Kind::Response, id)
    );
    assert_eq!(reply.payload.get("mark"), Some(&Value::from(id)));
}

// ---- paused clock ------------------------------------------------------------------------------

/// Limits how far the paused clock jumps at a time, for tests that run real loopback sockets
/// on tokio's paused clock.
///
/// With a paused clock, tokio advances time to the next timer when the runtime has nothing to
/// do. Sockets do not defeat this: when the driver's (non-blocking) poll finds a socket ready,
/// the woken task marks the driver woken and the clock stays put (tokio 1.54, the locked
/// version: the current-thread scheduler calls `unpark_self` on a local wake), and a loopback
/// write is readable at once, so a reply already sent always beats a timer; round trips take no
/// virtual time. The one gap: if the kernel delivers a loopback segment late (softirq work
/// deferred under load), the poll finds nothing and the clock jumps straight to the next
/// deadline, which may be the very timeout under test. A task that sleeps `step` in a loop is
/// always the next deadline, so such a jump is one step, not a timeout; long waits still pass
/// in a blink of real time (one poll per step).
pub(crate) fn clock_steps(step: Duration) -> AbortOnDrop {
    AbortOnDrop(tokio::spawn(async move {
        loop {
            tokio::time::sleep(step).await;
        }
    }))
}

/// Aborts its task when dropped.
pub(crate) struct AbortOnDrop(pub(crate) JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
