//! Framing: each frame is a 4-byte big-endian length, then that many bytes of payload.
//!
//! ```text
//! 00 00 00 04 | 06 05 68 69      one frame: length 4, then the AMF3 string "hi"
//! ```
//!
//! The length is checked against the maximum before the buffer grows for the payload, so a
//! forged header costs nothing but the connection.

use bytes::{Buf, BytesMut};
use tokio_util::codec::Decoder;

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
            // Reserve what this frame still needs (bounded by the check above) so that the
            // next reads fill it without repeated growth.
            src.reserve(len - src.len());
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
            assert_eq!(frames, [b"abc".to_vec(), vec![], b"0123456789".to_vec()], "split at {split}");
        }
    }

    #[test]
    fn refuses_oversized_header_before_buffering() {
        let mut codec = FrameCodec::new(100);
        let mut buf = BytesMut::from(&[0x7f, 0xff, 0xff, 0xff, 1, 2][..]);
        let err = codec.decode(&mut buf).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge { len: 0x7fff_ffff, max: 100 }));
        assert!(buf.capacity() < 1024, "no buffer growth for a refused frame");
    }
}
