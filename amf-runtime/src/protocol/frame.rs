//! Framing: each frame is a 4-byte big-endian length, then that many bytes of payload.
//!
//! ```text
//! 00 00 00 04 | 06 05 68 69      one frame: length 4, then the AMF3 string "hi"
//! ```
//!
//! The length is checked against the maximum before the buffer grows for the payload, so a
//! forged header costs nothing but the connection.

use std::future::Future;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, ReadBuf};
use tokio_util::codec::Decoder;

/// How far ahead of the bytes received the buffer grows for a frame that is still arriving.
const RESERVE_AHEAD: usize = 64 << 10;

/// The default largest frame payload: 16 MiB.
pub const DEFAULT_MAX_FRAME_LEN: usize = 16 << 20;

/// Why a stream of frames could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// A frame header announced more bytes than the configured maximum.
    #[error("frame of {len} bytes exceeds the maximum of {max} bytes")]
    TooLarge {
        /// The announced payload length.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// The stream failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A `tokio_util` codec that cuts a byte stream into frame payloads.
#[derive(Debug, Clone)]
pub struct FrameCodec {
    max_frame_len: usize,
    /// The payload length of the frame whose header was read, while its payload is awaited.
    awaiting: Option<usize>,
}

impl FrameCodec {
    /// A codec that refuses frames longer than `max_frame_len` bytes.
    pub fn new(max_frame_len: usize) -> Self {
        FrameCodec {
            max_frame_len,
            awaiting: None,
        }
    }
}

/// Reads frames from a byte stream, holding no more buffer than what arrived.
///
/// Each read lands in a buffer on the stack; only what arrived is kept (in a buffer reused from
/// batch to batch while the connection is busy, and given back by
/// [`release_buffer`](Self::release_buffer) when it is quiet). An idle connection holds a few
/// bytes at most, not the 8 KiB of `tokio_util`'s `FramedRead`: that is most of the memory of
/// 100,000 idle connections. The copy out of the stack costs far less than the read.
#[derive(Debug)]
pub(crate) struct FrameReader<R> {
    reader: R,
    codec: FrameCodec,
    /// Bytes read and not yet taken as frames.
    buf: BytesMut,
    eof: bool,
}

/// The most bytes one read takes.
const READ_CHUNK: usize = 16 * 1024;

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub(crate) fn new(reader: R, max_frame_len: usize) -> Self {
        FrameReader {
            reader,
            codec: FrameCodec::new(max_frame_len),
            buf: BytesMut::new(),
            eof: false,
        }
    }

    /// Gives the read buffer back if no frame is partly read (call it when the connection is
    /// quiet, e.g. on each heartbeat).
    pub(crate) fn release_buffer(&mut self) {
        if self.buf.is_empty() && self.codec.awaiting.is_none() {
            self.buf = BytesMut::new();
        }
    }

    /// The next frame's payload; `None` at the end of the stream.
    pub(crate) fn next(
        &mut self,
    ) -> impl Future<Output = Option<Result<BytesMut, FrameError>>> + '_ {
        std::future::poll_fn(move |cx| self.poll_frame(cx))
    }

    fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<BytesMut, FrameError>>> {
        loop {
            match self.codec.decode(&mut self.buf) {
                Ok(Some(frame)) => return Poll::Ready(Some(Ok(frame))),
                Ok(None) => {}
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
            if self.eof {
                if self.buf.is_empty() && self.codec.awaiting.is_none() {
                    return Poll::Ready(None);
                }
                let cut = std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the stream ended inside a frame",
                );
                return Poll::Ready(Some(Err(FrameError::Io(cut))));
            }
            let mut chunk = [const { MaybeUninit::<u8>::uninit() }; READ_CHUNK];
            let mut read = ReadBuf::uninit(&mut chunk);
            match Pin::new(&mut self.reader).poll_read(cx, &mut read) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(FrameError::Io(e)))),
                Poll::Ready(Ok(())) if read.filled().is_empty() => self.eof = true,
                Poll::Ready(Ok(())) => self.buf.extend_from_slice(read.filled()),
            }
        }
    }
}

impl Default for FrameCodec {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_FRAME_LEN)
    }
}

impl Decoder for FrameCodec {
    type Item = BytesMut;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<BytesMut>, FrameError> {
        let len = match self.awaiting {
            Some(len) => len,
            None => {
                if src.len() < 4 {
                    return Ok(None);
                }
                let len = u32::from_be_bytes([src[0], src[1], src[2], src[3]]) as usize;
                if len > self.max_frame_len {
                    return Err(FrameError::TooLarge {
                        len,
                        max: self.max_frame_len,
                    });
                }
                src.advance(4);
                self.awaiting = Some(len);
                len
            }
        };
        if src.len() < len {
            // Reserve for what this frame still needs, but at most 64 KiB ahead of the bytes
            // that came: a header alone must not make a silent peer cost 16 MiB.
            src.reserve((len - src.len()).min(RESERVE_AHEAD));
            return Ok(None);
        }
        self.awaiting = None;
        Ok(Some(src.split_to(len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_frames_split_anywhere() {
        let mut stream = Vec::new();
        for payload in [&b"abc"[..], b"", b"0123456789"] {
            stream.extend_from_slice(&(payload.len() as u32).to_be_bytes());
            stream.extend_from_slice(payload);
        }
        for split in 0..=stream.len() {
            let mut codec = FrameCodec::default();
            let mut buf = BytesMut::new();
            let mut frames = Vec::new();
            for chunk in [&stream[..split], &stream[split..]] {
                buf.extend_from_slice(chunk);
                while let Some(frame) = codec.decode(&mut buf).unwrap() {
                    frames.push(frame.to_vec());
                }
            }
            assert_eq!(
                frames,
                [b"abc".to_vec(), vec![], b"0123456789".to_vec()],
                "split at {split}"
            );
        }
    }

    /// Delivers its chunks one read at a time, with a `Pending` before each.
    struct Trickle {
        chunks: std::collections::VecDeque<Vec<u8>>,
        ready: bool,
    }

    impl AsyncRead for Trickle {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            let ready = self.ready;
            self.ready = !ready;
            if !ready {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            if let Some(mut chunk) = self.chunks.pop_front() {
                let n = chunk.len().min(buf.remaining());
                buf.put_slice(&chunk[..n]);
                if n < chunk.len() {
                    self.chunks.push_front(chunk.split_off(n));
                }
            }
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn reader_cuts_frames_and_gives_its_buffer_back() {
        let mut stream = Vec::new();
        for payload in [&b"abc"[..], b"", &[7u8; 40_000][..], b"xy"] {
            stream.extend_from_slice(&(payload.len() as u32).to_be_bytes());
            stream.extend_from_slice(payload);
        }
        for split in [1, 3, 5, 4096, 50_000] {
            let chunks = stream.chunks(split).map(<[u8]>::to_vec).collect();
            let mut reader = FrameReader::new(
                Trickle {
                    chunks,
                    ready: false,
                },
                100_000,
            );
            let mut sizes = Vec::new();
            while let Some(frame) = reader.next().await {
                sizes.push(frame.unwrap().len());
            }
            assert_eq!(sizes, [3, 0, 40_000, 2], "chunks of {split}");
            reader.release_buffer();
            assert_eq!(reader.buf.capacity(), 0, "no buffer kept once released");
        }
        // A stream cut inside a frame is an error.
        let chunks = [vec![0, 0, 0, 9, 1, 2]].into_iter().collect();
        let mut reader = FrameReader::new(
            Trickle {
                chunks,
                ready: false,
            },
            100,
        );
        assert!(matches!(reader.next().await, Some(Err(FrameError::Io(_)))));
    }

    #[test]
    fn refuses_oversized_header_before_buffering() {
        let mut codec = FrameCodec::new(100);
        let mut buf = BytesMut::from(&[0x7f, 0xff, 0xff, 0xff, 1, 2][..]);
        let err = codec.decode(&mut buf).unwrap_err();
        assert!(matches!(
            err,
            FrameError::TooLarge {
                len: 0x7fff_ffff,
                max: 100
            }
        ));
        assert!(
            buf.capacity() < 1024,
            "no buffer growth for a refused frame"
        );
    }
}
