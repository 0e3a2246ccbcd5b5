//! The driver of one connection: a reader that decodes frames and dispatches them, a writer
//! that batches outgoing frames, the heartbeat, and a clean close.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::FutureExt;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::amf3::{Decoder, Encoder, Value};
use crate::config::{ConnectionConfig, InvalidFrames};
use crate::peer::{Completion, Outbound, Peer};
use crate::protocol::envelope::{self, Kind, RemoteError, Response, Violation, PING_COMMAND, PONG};
use crate::protocol::frame::{FrameError, FrameReader};
use crate::protocol::payload::PayloadFormat;
use crate::service::{
    unknown_command, Call, CommandKind, Context, Dispatcher, HandlerFuture, Reply,
};
use crate::stats::Stats;

/// Why a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// The other end closed the connection.
    PeerClosed,
    /// [`Peer::close`] was called (or the writer gave up on a peer that does not read).
    Closed,
    /// The server is shutting down.
    Shutdown,
    /// Reading or writing failed.
    Io(String),
    /// A frame header announced more than the maximum frame length.
    FrameTooLarge {
        /// The announced length.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// A frame broke a rule of the protocol (and the connection closes on those).
    InvalidFrame(String),
    /// A ping stayed unanswered past the heartbeat timeout.
    HeartbeatTimeout,
}

impl std::fmt::Display for CloseReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CloseReason::PeerClosed => f.write_str("closed by the peer"),
            CloseReason::Closed => f.write_str("closed locally"),
            CloseReason::Shutdown => f.write_str("server shutdown"),
            CloseReason::Io(e) => write!(f, "i/o error: {e}"),
            CloseReason::FrameTooLarge { len, max } => {
                write!(f, "frame of {len} bytes exceeds the maximum of {max}")
            }
            CloseReason::InvalidFrame(rule) => write!(f, "invalid frame: {rule}"),
            CloseReason::HeartbeatTimeout => {
                f.write_str("ping unanswered past the heartbeat timeout")
            }
        }
    }
}

/// A handler running for one incoming request (with its messageId) or message (without).
struct InFlight {
    message_id: Option<Arc<str>>,
    future: HandlerFuture,
}

impl Future for InFlight {
    type Output = (Option<Arc<str>>, Reply);

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let reply = std::task::ready!(self.future.as_mut().poll(cx));
        Poll::Ready((self.message_id.take(), reply))
    }
}

fn ready_reply(message_id: Arc<str>, reply: Reply) -> InFlight {
    InFlight {
        message_id: Some(message_id),
        future: Box::pin(std::future::ready(reply)),
    }
}

/// Everything one connection needs besides its socket.
pub(crate) struct Connection {
    pub(crate) peer: Peer,
    pub(crate) config: Arc<ConnectionConfig>,
    pub(crate) dispatcher: Arc<Dispatcher>,
}

impl Connection {
    /// Runs the connection until it ends; then fails its pending requests, flushes what is
    /// queued, and unregisters it. `shutdown` turning true stops taking calls (a request is
    /// answered `shutting_down`, a message dropped) but not answers; running handlers finish
    /// and their replies go out.
    pub(crate) async fn run<R, W>(
        self,
        reader: R,
        writer: W,
        outbound: mpsc::Receiver<Outbound>,
        mut shutdown: watch::Receiver<bool>,
    ) -> CloseReason
    where
        R: AsyncRead + Unpin + Send,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let peer = self.peer.clone();
        let writer_task = tokio::spawn(write_loop(
            writer,
            outbound,
            peer.clone(),
            self.config.write_stall_timeout,
            self.config.payload,
        ));
        let mut frames = FrameReader::new(reader, self.config.max_frame_len);
        let mut in_flight: FuturesUnordered<InFlight> = FuturesUnordered::new();
        let mut ping = Ping::new(self.config.heartbeat);
        let max_in_flight = self.config.max_in_flight.max(1);
        // The futures that outlive one turn of the loop are made once: making them anew on
        // every frame (a Notify waiter, a watch waiter and a timer each) cost more than the
        // frame itself.
        let mut draining = *shutdown.borrow();
        let shutdown_signal = async move {
            while shutdown.changed().await.is_ok() {
                if *shutdown.borrow() {
                    return;
                }
            }
        };
        let closed = peer.closed();
        let heartbeat = tokio::time::sleep_until(ping.deadline());
        tokio::pin!(shutdown_signal, closed, heartbeat);

        let reason = loop {
            if draining && in_flight.is_empty() {
                break CloseReason::Shutdown;
            }
            tokio::select! {
                biased;
                () = &mut closed => break CloseReason::Closed,
                () = &mut shutdown_signal, if !draining => draining = true,
                Some((message_id, reply)) = in_flight.next(), if !in_flight.is_empty() => {
                    self.reply(message_id, reply).await;
                    // Send every other reply that is ready too, without another turn.
                    while let Some(Some((message_id, reply))) = in_flight.next().now_or_never() {
                        self.reply(message_id, reply).await;
                    }
                }
                frame = frames.next(), if in_flight.len() < max_in_flight => {
                    let mut frame = frame;
                    // Handle every frame already read, without another turn.
                    let result = loop {
                        match frame {
                            None => break Err(CloseReason::PeerClosed),
                            Some(Err(FrameError::TooLarge { len, max })) => break Err(CloseReason::FrameTooLarge { len, max }),
                            Some(Err(FrameError::Io(e))) => break Err(CloseReason::Io(e.to_string())),
                            Some(Ok(bytes)) => {
                                if let Err(reason) = self.handle_frame(bytes, &mut in_flight, draining) {
                                    break Err(reason);
                                }
                            }
                        }
                        if in_flight.len() >= max_in_flight {
                            break Ok(());
                        }
                        match frames.next().now_or_never() {
                            Some(next) => frame = next,
                            None => break Ok(()),
                        }
                    };
                    if let Err(reason) = result {
                        break reason;
                    }
                }
                () = &mut heartbeat, if ping.enabled() => {
                    // A quiet connection holds no read buffer (see FrameReader).
                    frames.release_buffer();
                    if let Err(reason) = ping.on_tick(&peer).await {
                        break reason;
                    }
                    heartbeat.as_mut().reset(ping.deadline());
                }
            }
        };

        // Stop reading; let the writer flush what is queued, then close.
        peer.close();
        peer.fail_pending();
        peer.unregister();
        let _ = tokio::time::timeout(self.config.write_stall_timeout, writer_task).await;
        reason
    }

    /// Queues the reply of a finished handler (messages have none).
    async fn reply(&self, message_id: Option<Arc<str>>, reply: Reply) {
        let Some(message_id) = message_id else {
            if let Err(error) = reply {
                tracing::warn!(peer = self.peer.id(), %error, "message handler failed");
            }
            return;
        };
        if reply.is_err() {
            Stats::add(&self.peer.hub().stats.error_replies, 1);
        }
        let reply = reply.map_err(Box::new);
        let _ = self
            .peer
            .enqueue(Outbound::Response { message_id, reply })
            .await;
    }

    /// Queues the reply of a handler that finished at once, without waiting: if the queue is
    /// full, the reply waits its turn among the running handlers.
    fn reply_now(
        &self,
        message_id: Option<Arc<str>>,
        reply: Reply,
        in_flight: &mut FuturesUnordered<InFlight>,
    ) {
        let Some(message_id) = message_id else {
            if let Err(error) = reply {
                tracing::warn!(peer = self.peer.id(), %error, "message handler failed");
            }
            return;
        };
        let failed = reply.is_err();
        let reply = reply.map_err(Box::new);
        match self
            .peer
            .try_enqueue(Outbound::Response { message_id, reply })
        {
            Ok(()) if failed => Stats::add(&self.peer.hub().stats.error_replies, 1),
            Ok(()) => {}
            Err(Outbound::Response { message_id, reply }) => {
                in_flight.push(ready_reply(message_id, reply.map_err(|e| *e)))
            }
            Err(Outbound::Frame(_)) => unreachable!("a response was queued"),
        }
    }

    /// Decodes one frame and acts on it. An error closes the connection.
    fn handle_frame(
        &self,
        frame: BytesMut,
        in_flight: &mut FuturesUnordered<InFlight>,
        draining: bool,
    ) -> Result<(), CloseReason> {
        let stats = &self.peer.hub().stats;
        Stats::add(&stats.frames_in, 1);
        Stats::add(&stats.bytes_in, frame.len() as u64 + 4);
        let transcoded;
        let payload: &[u8] = match self.config.payload {
            PayloadFormat::Amf3 => &frame,
            format => match format.to_amf3(&frame) {
                Ok(amf3) => {
                    transcoded = amf3;
                    &transcoded
                }
                Err(e) => return self.invalid(&Violation::BadPayload(e)),
            },
        };
        // The decoder's tables reuse the allocations of the last frame decoded on this thread.
        let mut decoder = Decoder::pooled(payload, &self.config.decode);
        let result = self.handle_envelope(&mut decoder, in_flight, draining);
        decoder.recycle();
        result
    }

    /// Reads the envelope of a frame and acts on it.
    fn handle_envelope(
        &self,
        decoder: &mut Decoder<'_>,
        in_flight: &mut FuturesUnordered<InFlight>,
        draining: bool,
    ) -> Result<(), CloseReason> {
        let stats = &self.peer.hub().stats;
        let incoming = match envelope::read_envelope(decoder) {
            Ok(incoming) => incoming,
            Err(violation) => return self.invalid(&violation),
        };
        match incoming.kind {
            Kind::Response => {
                let completion = match incoming.error {
                    Some(error) => Completion::Remote(error),
                    None => Completion::Result {
                        decoder,
                        at: incoming.payload_at,
                    },
                };
                if !self.peer.complete(incoming.message_id, completion) {
                    Stats::add(&stats.dropped_frames, 1);
                    tracing::debug!(
                        peer = self.peer.id(),
                        message_id = incoming.message_id,
                        "response to an unknown or timed-out request ignored"
                    );
                }
            }
            Kind::Request | Kind::Message => {
                let counter = if incoming.kind == Kind::Request {
                    &stats.requests_in
                } else {
                    &stats.messages_in
                };
                Stats::add(counter, 1);
                if incoming.kind == Kind::Request && incoming.command == PING_COMMAND {
                    self.note_ping(decoder, incoming.payload_at);
                    self.reply_now(
                        Some(Arc::from(incoming.message_id)),
                        Ok(Box::new(PONG)),
                        in_flight,
                    );
                    return Ok(());
                }
                if draining {
                    // Shutting down: answers to this side's requests are still read (a running
                    // handler may await one), but new calls are turned away.
                    if incoming.kind == Kind::Request {
                        let error = RemoteError::new("shutting_down", "the connection is closing");
                        self.reply_now(Some(Arc::from(incoming.message_id)), Err(error), in_flight);
                    } else {
                        Stats::add(&stats.dropped_frames, 1);
                    }
                    return Ok(());
                }
                self.dispatch(decoder, &incoming, in_flight);
            }
        }
        Ok(())
    }

    /// Starts the handler of a request or message. Most handlers finish at once: each is polled
    /// once here, and only one that waits joins the running handlers (which poll it again).
    fn dispatch(
        &self,
        decoder: &mut Decoder<'_>,
        incoming: &envelope::Incoming<'_>,
        in_flight: &mut FuturesUnordered<InFlight>,
    ) {
        let is_request = incoming.kind == Kind::Request;
        // A span per call (debug level: free when disabled) covers decoding its arguments and
        // the handler's first poll, where most handlers finish.
        let span = tracing::debug_span!(
            "call",
            command = incoming.command,
            message_id = incoming.message_id,
            request = is_request
        );
        let _entered = span.enter();
        let message_id: Arc<str> = Arc::from(incoming.message_id);
        let route = self.dispatcher.route(incoming.command);
        let started = match route {
            Some((service, index, kind)) if (kind == CommandKind::Request) == is_request => {
                let context = Context::new(self.peer.clone(), message_id.clone());
                service.call(
                    index,
                    Call::new(context, incoming.command, decoder, incoming.payload_at),
                )
            }
            _ => Err(unknown_command(incoming.command, incoming.kind)),
        };
        let message_id = is_request.then_some(message_id);
        match started {
            Ok(mut future) => match future
                .as_mut()
                .poll(&mut TaskContext::from_waker(Waker::noop()))
            {
                Poll::Ready(reply) => self.reply_now(message_id, reply, in_flight),
                Poll::Pending => in_flight.push(InFlight { message_id, future }),
            },
            Err(error) if is_request => self.reply_now(message_id, Err(error), in_flight),
            Err(error) => {
                Stats::add(&self.peer.hub().stats.dropped_frames, 1);
                tracing::debug!(peer = self.peer.id(), command = incoming.command, %error, "message dropped");
            }
        }
    }

    /// A client learns its latency from the server's ping (`latency`, in seconds).
    fn note_ping(&self, decoder: &mut Decoder<'_>, params_at: usize) {
        let params = decoder.decode_at(params_at, Decoder::read_value);
        if let Some(seconds) = params
            .ok()
            .and_then(|p| p.get("latency").and_then(Value::as_f64))
        {
            if seconds.is_finite() && seconds > 0.0 {
                self.peer.set_latency(Duration::from_secs_f64(seconds));
            }
        }
    }

    fn invalid(&self, violation: &Violation) -> Result<(), CloseReason> {
        Stats::add(&self.peer.hub().stats.invalid_frames, 1);
        tracing::warn!(
            peer = self.peer.id(),
            addr = %self.peer.addr(),
            rule = %violation,
            "invalid frame"
        );
        match self.config.invalid_frames {
            InvalidFrames::Drop => Ok(()),
            InvalidFrames::Close => Err(CloseReason::InvalidFrame(violation.to_string())),
        }
    }
}

/// The server side of the heartbeat.
struct Ping {
    config: Option<crate::config::Heartbeat>,
    next_ping: Instant,
    /// When the unanswered ping was sent, and whether it has been answered since.
    outstanding: Option<(Instant, Arc<AtomicBool>)>,
}

impl Ping {
    fn new(config: Option<crate::config::Heartbeat>) -> Self {
        let interval = config.map_or(Duration::from_secs(3600), |c| c.interval);
        Ping {
            config,
            next_ping: Instant::now() + interval,
            outstanding: None,
        }
    }

    /// Whether there is a heartbeat.
    fn enabled(&self) -> bool {
        self.config.is_some()
    }

    /// The next moment the heartbeat has something to do (far away without one).
    fn deadline(&self) -> Instant {
        match (self.config, &self.outstanding) {
            (Some(config), Some((sent, _))) => (*sent + config.timeout).min(self.next_ping),
            _ => self.next_ping,
        }
    }

    async fn on_tick(&mut self, peer: &Peer) -> Result<(), CloseReason> {
        let Some(config) = self.config else {
            return Ok(());
        };
        let now = Instant::now();
        if let Some((sent, answered)) = &self.outstanding {
            if answered.load(Ordering::Relaxed) {
                self.outstanding = None;
            } else if now >= *sent + config.timeout {
                Stats::add(&peer.hub().stats.timeouts, 1);
                tracing::info!(peer = peer.id(), addr = %peer.addr(), "ping unanswered for {:?}; disconnecting", config.timeout);
                return Err(CloseReason::HeartbeatTimeout);
            }
        }
        if now >= self.next_ping {
            self.next_ping = now + config.interval;
            if self.outstanding.is_none() {
                let answered = Arc::new(AtomicBool::new(false));
                send_ping(peer, now, answered.clone()).await;
                self.outstanding = Some((now, answered));
            }
        }
        Ok(())
    }
}

/// Sends `amf_socket_ping` with `{time, latency}`; its answer sets the peer's latency.
async fn send_ping(peer: &Peer, sent: Instant, answered: Arc<AtomicBool>) {
    let time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let latency = peer.latency().map_or(0.0, |l| l.as_secs_f64());
    let params = Value::object([
        ("time", Value::Double(time as f64)),
        ("latency", Value::Double(latency)),
    ]);
    let answer_peer = peer.clone();
    let on_answer = Box::new(move |completion: Completion<'_, '_>| {
        if !matches!(completion, Completion::Closed) {
            answer_peer.set_latency(sent.elapsed());
            answered.store(true, Ordering::Relaxed);
        }
    });
    if let Ok((_, frame)) = peer.register_request(PING_COMMAND, &params, on_answer) {
        Stats::add(&peer.hub().stats.requests_out, 1);
        let _ = peer.enqueue(Outbound::Frame(frame)).await;
    }
}

/// Writes queued frames, batching whatever is queued into one write.
async fn write_loop<W: AsyncWrite + Unpin>(
    mut writer: W,
    mut queue: mpsc::Receiver<Outbound>,
    peer: Peer,
    stall: Duration,
    format: PayloadFormat,
) {
    const BATCH: usize = 256 * 1024;
    /// A batch buffer grown past this is given back after its write, not kept for the next.
    const KEEP: usize = 64 * 1024;
    let mut encoder = Encoder::new();
    let stats = &peer.hub().stats;
    // Made once, not on every batch (a waiter registered and removed each time).
    let closed = peer.closed();
    tokio::pin!(closed);
    let mut open = true;
    loop {
        let first = if open {
            tokio::select! {
                item = queue.recv() => item,
                () = &mut closed => {
                    open = false;
                    queue.try_recv().ok()
                }
            }
        } else {
            queue.try_recv().ok()
        };
        let Some(first) = first else { break };
        let mut frames = 1;
        append(&mut encoder, first, format);
        while encoder.len() < BATCH {
            match queue.try_recv() {
                Ok(item) => {
                    append(&mut encoder, item, format);
                    frames += 1;
                }
                Err(_) => break,
            }
        }
        Stats::add(&stats.frames_out, frames);
        Stats::add(&stats.bytes_out, encoder.len() as u64);
        let outcome = {
            let write = async {
                writer.write_all(encoder.as_bytes()).await?;
                writer.flush().await // a WebSocket sends its message on flush
            };
            tokio::pin!(write);
            // Most writes finish at once: only one that waits gets the stall timer.
            match std::future::poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx))).await {
                Poll::Ready(result) => Ok(result),
                Poll::Pending => tokio::time::timeout(stall, write).await,
            }
        };
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::debug!(peer = peer.id(), error = %e, "write failed");
                peer.close();
                break;
            }
            Err(_) => {
                tracing::warn!(peer = peer.id(), addr = %peer.addr(), "write stalled for {stall:?}: the peer does not read; disconnecting");
                peer.close();
                break;
            }
        }
        if encoder.len() > KEEP {
            encoder = Encoder::new();
        } else {
            encoder.clear();
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), writer.shutdown()).await;
}

/// Appends one outgoing frame to the batch, in the connection's payload format.
fn append(encoder: &mut Encoder, item: Outbound, format: PayloadFormat) {
    let start = encoder.len();
    append_amf3(encoder, item);
    if format == PayloadFormat::Amf3 || encoder.len() == start {
        return;
    }
    let transcoded = format.from_amf3(&encoder.as_bytes()[start + 4..]);
    encoder.truncate(start);
    match transcoded {
        Ok(payload) => {
            encoder.write_raw(&(payload.len() as u32).to_be_bytes());
            encoder.write_raw(&payload);
        }
        Err(e) => tracing::warn!(error = %e, "frame dropped: it cannot be written as {format:?}"),
    }
}

/// Appends one outgoing AMF3 frame to the batch.
fn append_amf3(encoder: &mut Encoder, item: Outbound) {
    match item {
        Outbound::Frame(frame) => encoder.write_raw(&frame),
        Outbound::Response { message_id, reply } => {
            let written = match &reply {
                Ok(result) => encoder.frame(&Response {
                    message_id: &message_id,
                    outcome: Ok(result.as_ref()),
                }),
                Err(error) => encoder.frame(&Response::<()> {
                    message_id: &message_id,
                    outcome: Err(error),
                }),
            };
            if let Err(e) = written {
                tracing::warn!(%message_id, error = %e, "result could not be encoded; sending an error reply");
                let error = RemoteError::new(
                    "encode_error",
                    format!("the result could not be encoded: {e}"),
                );
                let _ = encoder.frame(&Response::<()> {
                    message_id: &message_id,
                    outcome: Err(&error),
                });
            }
        }
    }
}
