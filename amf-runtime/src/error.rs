//! Errors of calls made over a connection.

use crate::amf3::{DecodeError, EncodeError};
use crate::protocol::envelope::RemoteError;

/// Why a request (or a message) sent to the peer failed. Each case is its own variant, so a
/// caller can match on it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// No response came within the request's timeout.
    #[error("request `{command}` timed out after {timeout:?}")]
    Timeout {
        /// The command of the request.
        command: String,
        /// The timeout that passed.
        timeout: std::time::Duration,
    },
    /// The connection closed before the response came (or was already closed).
    #[error("connection closed before `{command}` was answered")]
    Disconnected {
        /// The command of the request.
        command: String,
    },
    /// The peer answered with an error reply.
    #[error("peer answered `{command}` with an error: {error}")]
    Remote {
        /// The command of the request.
        command: String,
        /// The code and message of the error reply.
        error: RemoteError,
    },
    /// The params could not be encoded.
    #[error("could not encode `{command}`: {error}")]
    Encode {
        /// The command of the request.
        command: String,
        /// Why.
        error: EncodeError,
    },
    /// The result could not be decoded into the expected type.
    #[error("could not decode the result of `{command}`: {error}")]
    Decode {
        /// The command of the request.
        command: String,
        /// Why.
        error: DecodeError,
    },
}

impl CallError {
    /// The remote error, if the peer answered with one.
    pub fn remote(&self) -> Option<&RemoteError> {
        match self {
            CallError::Remote { error, .. } => Some(error),
            _ => None,
        }
    }
}
