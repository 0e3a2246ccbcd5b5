//! AMF Socket over WebSocket (RFC 6455), as Ruffle's `socketProxy` speaks it: binary messages
//! carry the same byte stream of length-prefixed frames, with message boundaries unrelated to
//! frame boundaries. Text messages are refused.
//!
//! The two halves of a WebSocket become an `AsyncRead` and an `AsyncWrite`, so the connection
//! driver runs unchanged over TCP and WebSocket.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, Bytes};
use futures_sink::Sink;
use futures_util::stream::{SplitSink, SplitStream, Stream, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{http, Message};
use tokio_tungstenite::WebSocketStream;

/// Which web pages may open a WebSocket connection, by their `Origin` header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OriginPolicy {
    /// Any origin, and requests without one (native clients). The default.
    #[default]
    Any,
    /// Only these origins, e.g. `https://example.com` (compared exactly, ASCII case-insensitive).
    /// Requests without an `Origin` header are refused too.
    Only(Vec<String>),
}

impl OriginPolicy {
    fn allows(&self, origin: Option<&str>) -> bool {
        match self {
            OriginPolicy::Any => true,
            OriginPolicy::Only(list) => {
                origin.is_some_and(|o| list.iter().any(|a| a.eq_ignore_ascii_case(o)))
            }
        }
    }
}

/// Performs the server side of the WebSocket handshake on `stream`.
pub(crate) async fn accept(
    stream: TcpStream,
    origins: &OriginPolicy,
    max_message: usize,
) -> Result<(WsReader, WsWriter), String> {
    // The callback's signature is tungstenite's; its large error is its HTTP refusal.
    #[allow(clippy::result_large_err)]
    let check_origin = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        let origin = request
            .headers()
            .get(http::header::ORIGIN)
            .and_then(|o| o.to_str().ok());
        if origins.allows(origin) {
            Ok(response)
        } else {
            let mut refusal = ErrorResponse::new(Some(format!("origin {origin:?} is not allowed")));
            *refusal.status_mut() = http::StatusCode::FORBIDDEN;
            Err(refusal)
        }
    };
    let config = WebSocketConfig::default()
        .max_message_size(Some(max_message))
        .max_frame_size(Some(max_message));
    let ws = tokio_tungstenite::accept_hdr_async_with_config(stream, check_origin, Some(config))
        .await
        .map_err(|e| e.to_string())?;
    let (sink, stream) = ws.split();
    Ok((
        WsReader {
            stream,
            chunk: Bytes::new(),
        },
        WsWriter { sink },
    ))
}

/// The incoming half: the payloads of binary messages, as one byte stream.
pub(crate) struct WsReader {
    stream: SplitStream<WebSocketStream<TcpStream>>,
    chunk: Bytes,
}

impl AsyncRead for WsReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        while self.chunk.is_empty() {
            match ready!(Pin::new(&mut self.stream).poll_next(cx)) {
                Some(Ok(Message::Binary(data))) => self.chunk = data,
                Some(Ok(Message::Text(_))) => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "WebSocket text message refused: AMF Socket travels in binary messages",
                    )))
                }
                Some(Ok(Message::Close(_))) | None => return Poll::Ready(Ok(())),
                Some(Ok(_)) => {} // ping, pong: answered by the protocol layer
                Some(Err(e)) => return Poll::Ready(Err(io::Error::other(e))),
            }
        }
        let n = self.chunk.len().min(buf.remaining());
        buf.put_slice(&self.chunk[..n]);
        self.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// The outgoing half: each write becomes one binary message.
pub(crate) struct WsWriter {
    sink: SplitSink<WebSocketStream<TcpStream>, Message>,
}

impl AsyncWrite for WsWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(Pin::new(&mut self.sink).poll_ready(cx)).map_err(io::Error::other)?;
        Pin::new(&mut self.sink)
            .start_send(Message::Binary(Bytes::copy_from_slice(buf)))
            .map_err(io::Error::other)?;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.sink)
            .poll_flush(cx)
            .map_err(io::Error::other)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.sink)
            .poll_close(cx)
            .map_err(io::Error::other)
    }
}
