//! The three envelopes of AMF Socket, written and validated as the original clients do.
//!
//! ```text
//! {type: "rpcRequest",  request:  {messageId: String, command: String, params: Object}}
//! {type: "rpcResponse", response: {messageId: String, result: any [, error: {code, message}]}}
//! {type: "rpcMessage",  message:  {messageId: String, command: String, params: Object}}
//! ```
//!
//! Every envelope is an anonymous dynamic object. Members may come in any order (Flash writes
//! dynamic members in hash order), so a `params` or `result` met before the members that say
//! how to read it is skipped and read again later ([`Decoder::decode_at`]).

use std::fmt;

use crate::amf3::{ClassDef, DecodeError, Decoder, Encode, EncodeError, Encoder};

/// The command of the heartbeat request the server sends.
pub const PING_COMMAND: &str = "amf_socket_ping";
/// The result a client answers a ping with.
pub const PONG: &str = "pong";

/// Which of the three envelopes a frame holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `rpcRequest`: the peer must answer.
    Request,
    /// `rpcResponse`: the answer to a request.
    Response,
    /// `rpcMessage`: fire and forget.
    Message,
}

impl Kind {
    /// The value of the envelope's `type` member.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Request => "rpcRequest",
            Kind::Response => "rpcResponse",
            Kind::Message => "rpcMessage",
        }
    }

    /// The key of the envelope's body.
    pub fn body_key(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Response => "response",
            Kind::Message => "message",
        }
    }

    fn from_body_key(key: &str) -> Option<Kind> {
        match key {
            "request" => Some(Kind::Request),
            "response" => Some(Kind::Response),
            "message" => Some(Kind::Message),
            _ => None,
        }
    }
}

/// The error a handler answers a request with: sent as `result: null` plus
/// `error: {code, message}` in the response body, which old clients ignore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    /// A short machine-readable code, e.g. `unknown_command`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

impl RemoteError {
    /// An error with this code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        RemoteError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for RemoteError {}

static ERROR_CLASS: ClassDef = ClassDef::new("", &[], true);

impl Encode for RemoteError {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&ERROR_CLASS)?;
        e.write_dynamic_member("code", self.code.as_str())?;
        e.write_dynamic_member("message", self.message.as_str())?;
        e.end_dynamic_members();
        Ok(())
    }
}

/// Reads `{code, message}` leniently: a missing member is empty, a number code becomes text.
impl Decode<'_> for RemoteError {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_object("", |obj| {
            let mut error = RemoteError::new("", "");
            while let Some(key) = obj.next_member()? {
                let slot = match key {
                    "code" => &mut error.code,
                    "message" => &mut error.message,
                    _ => continue,
                };
                *slot = obj.value_with(read_text)?;
            }
            Ok(error)
        })
    }
}

use crate::amf3::Decode;

/// Reads a string, or any other value as its rough text (numbers), for lenient fields.
fn read_text(d: &mut Decoder<'_>) -> Result<String, DecodeError> {
    match d.read_value()? {
        crate::amf3::Value::String(s) => Ok(s),
        crate::amf3::Value::Integer(i) => Ok(i.to_string()),
        crate::amf3::Value::Double(f) => Ok(f.to_string()),
        other => Ok(other.type_name().to_owned()),
    }
}

// ---- writing ---------------------------------------------------------------------------------

/// An outgoing request or message, ready to encode.
#[derive(Debug)]
pub struct Call<'a, P: ?Sized> {
    /// Request or message.
    pub kind: Kind,
    /// Unique among the sender's pending requests.
    pub message_id: &'a str,
    /// The command.
    pub command: &'a str,
    /// The params; must encode as an object (`()` and `None` become `{}`).
    pub params: &'a P,
}

impl<P: Encode + ?Sized> Encode for Call<'_, P> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        begin_envelope(e, self.kind)?;
        e.write_dynamic_member("messageId", self.message_id)?;
        e.write_dynamic_member("command", self.command)?;
        e.write_dynamic_member("params", &Params(self.params))?;
        end_envelope(e);
        Ok(())
    }
}

/// Writes params, which the ActionScript client requires to be an object.
struct Params<'a, P: ?Sized>(&'a P);

impl<P: Encode + ?Sized> Encode for Params<'_, P> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        let at = e.len();
        self.0.encode(e)?;
        match e.as_bytes().get(at) {
            Some(&0x0A) => Ok(()),
            Some(&(0x00 | 0x01)) => {
                e.truncate_null(at);
                e.write_object_header(&ClassDef::ANONYMOUS)?;
                e.end_dynamic_members();
                Ok(())
            }
            _ => Err(EncodeError::Custom(
                "params must encode as an object (a struct, a map or Value::Object): the ActionScript client drops anything else".into(),
            )),
        }
    }
}

/// An outgoing response.
#[derive(Debug)]
pub struct Response<'a, R: ?Sized> {
    /// The request's messageId.
    pub message_id: &'a str,
    /// The result, or an error (then `result` is written as null).
    pub outcome: Result<&'a R, &'a RemoteError>,
}

impl<R: Encode + ?Sized> Encode for Response<'_, R> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        begin_envelope(e, Kind::Response)?;
        e.write_dynamic_member("messageId", self.message_id)?;
        match self.outcome {
            Ok(result) => e.write_dynamic_member("result", result)?,
            Err(error) => {
                e.write_dynamic_member("result", &())?;
                e.write_dynamic_member("error", error)?;
            }
        }
        end_envelope(e);
        Ok(())
    }
}

fn begin_envelope(e: &mut Encoder, kind: Kind) -> Result<(), EncodeError> {
    e.write_object_header(&ClassDef::ANONYMOUS)?;
    e.write_dynamic_member("type", kind.type_name())?;
    e.write_member_name(kind.body_key())?;
    e.write_object_header(&ClassDef::ANONYMOUS)
}

fn end_envelope(e: &mut Encoder) {
    e.end_dynamic_members(); // body
    e.end_dynamic_members(); // envelope
}

// ---- reading ---------------------------------------------------------------------------------

/// The rule of the protocol that a frame broke.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Violation {
    /// The frame is not valid AMF3.
    Malformed(DecodeError),
    /// The frame is not valid in the connection's payload format (JSON, MessagePack).
    BadPayload(String),
    /// The frame is not an object.
    NotAnObject,
    /// `type` is missing, not a string, or not one of the three.
    BadType,
    /// The body (`request`, `response` or `message`) that `type` names is missing or not an object.
    MissingBody(Kind),
    /// `messageId` is missing or not a string.
    BadMessageId,
    /// `command` is missing or not a string.
    BadCommand,
    /// `params` is missing or not an object (null is not an object here).
    BadParams,
    /// A response without the member `result`.
    MissingResult,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Malformed(e) => write!(f, "frame is not valid AMF3: {e}"),
            Violation::BadPayload(e) => write!(f, "frame payload is not valid: {e}"),
            Violation::NotAnObject => f.write_str("frame is not an object"),
            Violation::BadType => f.write_str(
                "member `type` is missing or not one of \"rpcRequest\", \"rpcResponse\", \"rpcMessage\"",
            ),
            Violation::MissingBody(kind) => write!(
                f,
                "{} envelope lacks an object member `{}`",
                kind.type_name(),
                kind.body_key()
            ),
            Violation::BadMessageId => f.write_str("`messageId` is missing or not a string"),
            Violation::BadCommand => f.write_str("`command` is missing or not a string"),
            Violation::BadParams => {
                f.write_str("`params` is missing or not an object (send {} for no params)")
            }
            Violation::MissingResult => f.write_str("response lacks the member `result`"),
        }
    }
}

impl std::error::Error for Violation {}

impl From<DecodeError> for Violation {
    fn from(e: DecodeError) -> Self {
        Violation::Malformed(e)
    }
}

/// A valid incoming envelope. Its `params` or `result` is read later with
/// [`Decoder::decode_at`] at [`payload_at`](Self::payload_at).
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming<'de> {
    /// Which envelope.
    pub kind: Kind,
    /// The messageId.
    pub message_id: &'de str,
    /// The command (empty for responses).
    pub command: &'de str,
    /// Where `params` (requests, messages) or `result` (responses) starts in the frame.
    pub payload_at: usize,
    /// The error of an error reply.
    pub error: Option<RemoteError>,
}

/// What one body member held, before `type` says which body counts.
#[derive(Default)]
struct Body<'de> {
    message_id: Option<&'de str>,
    command: Option<&'de str>,
    params_at: Option<usize>,
    result_at: Option<usize>,
    params_is_object: bool,
    error: Option<RemoteError>,
}

/// Reads and validates the envelope of one frame; `d` must be at the start of the frame.
pub fn read_envelope<'de>(d: &mut Decoder<'de>) -> Result<Incoming<'de>, Violation> {
    if d.peek_marker()? != 0x0A {
        return Err(Violation::NotAnObject);
    }
    let mut type_name: Option<&'de str> = None;
    let mut bodies: [Option<Body<'de>>; 3] = [None, None, None];
    d.read_object("", |obj| {
        while let Some(key) = obj.next_member()? {
            if key == "type" {
                type_name = obj.value_with(|d| optional_str(d))?;
            } else if let Some(kind) = Kind::from_body_key(key) {
                bodies[kind as usize] = obj.value_with(read_body)?;
            }
        }
        Ok(())
    })?;
    let kind = match type_name {
        Some("rpcRequest") => Kind::Request,
        Some("rpcResponse") => Kind::Response,
        Some("rpcMessage") => Kind::Message,
        _ => return Err(Violation::BadType),
    };
    let body = bodies[kind as usize]
        .take()
        .ok_or(Violation::MissingBody(kind))?;
    let message_id = body.message_id.ok_or(Violation::BadMessageId)?;
    if kind == Kind::Response {
        return Ok(Incoming {
            kind,
            message_id,
            command: "",
            payload_at: body.result_at.ok_or(Violation::MissingResult)?,
            error: body.error,
        });
    }
    let command = body.command.ok_or(Violation::BadCommand)?;
    match body.params_at {
        Some(payload_at) if body.params_is_object => Ok(Incoming {
            kind,
            message_id,
            command,
            payload_at,
            error: None,
        }),
        _ => Err(Violation::BadParams),
    }
}

/// A string, or `None` (and the value skipped) for anything else.
fn optional_str<'de>(d: &mut Decoder<'de>) -> Result<Option<&'de str>, DecodeError> {
    if d.peek_marker()? == 0x06 {
        d.read_str().map(Some)
    } else {
        d.skip_value().map(|()| None)
    }
}

/// Reads a body object, noting where its payload is; `None` if the body is not an object.
fn read_body<'de>(d: &mut Decoder<'de>) -> Result<Option<Body<'de>>, DecodeError> {
    if d.peek_marker()? != 0x0A {
        d.skip_value()?;
        return Ok(None);
    }
    d.read_object("", |obj| {
        let mut body = Body::default();
        while let Some(key) = obj.next_member()? {
            match key {
                "messageId" => body.message_id = obj.value_with(optional_str)?,
                "command" => body.command = obj.value_with(optional_str)?,
                "params" => {
                    body.params_at = Some(obj.decoder().position());
                    body.params_is_object = obj.decoder().peek_marker()? == 0x0A;
                }
                "result" => body.result_at = Some(obj.decoder().position()),
                "error" => {
                    body.error = obj.value_with(|d| {
                        if d.peek_marker()? == 0x0A {
                            RemoteError::decode(d).map(Some)
                        } else {
                            d.skip_value().map(|()| None)
                        }
                    })?
                }
                _ => {}
            }
        }
        Ok(Some(body))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amf3::{self, Value};

    fn encode(v: &impl Encode) -> Vec<u8> {
        amf3::to_vec(v).unwrap()
    }

    #[test]
    fn request_round_trip_and_params_decode_later() {
        let params = Value::object([("a", Value::Integer(2)), ("b", Value::Double(3.5))]);
        let bytes = encode(&Call {
            kind: Kind::Request,
            message_id: "7",
            command: "add",
            params: &params,
        });
        let mut d = Decoder::new(&bytes);
        let incoming = read_envelope(&mut d).unwrap();
        assert_eq!(
            (incoming.kind, incoming.message_id, incoming.command),
            (Kind::Request, "7", "add")
        );
        let back: Value = d
            .decode_at(incoming.payload_at, Decoder::read_value)
            .unwrap();
        assert_eq!(back, params);
        d.finish().unwrap();
    }

    #[test]
    fn unit_params_become_empty_object() {
        let bytes = encode(&Call {
            kind: Kind::Message,
            message_id: "1",
            command: "hello",
            params: &(),
        });
        let mut d = Decoder::new(&bytes);
        let incoming = read_envelope(&mut d).unwrap();
        let back: Value = d
            .decode_at(incoming.payload_at, Decoder::read_value)
            .unwrap();
        assert_eq!(back, Value::object::<&str>([]));
    }

    #[test]
    fn members_in_any_order() {
        // type after the body, params before command: as Flash's hash order may write them.
        let body = Value::object([
            ("params", Value::object([("x", Value::from("y"))])),
            ("command", Value::from("echo")),
            ("messageId", Value::from("m1")),
        ]);
        let bytes = encode(&Value::object([
            ("request", body),
            ("type", Value::from("rpcRequest")),
        ]));
        let mut d = Decoder::new(&bytes);
        let incoming = read_envelope(&mut d).unwrap();
        assert_eq!((incoming.command, incoming.message_id), ("echo", "m1"));
        let x: Value = d
            .decode_at(incoming.payload_at, Decoder::read_value)
            .unwrap();
        assert_eq!(x.get("x"), Some(&Value::from("y")));
    }

    #[test]
    fn error_reply_round_trip() {
        let error = RemoteError::new("unknown_command", "no command `nope`");
        let bytes = encode(&Response::<()> {
            message_id: "9",
            outcome: Err(&error),
        });
        let mut d = Decoder::new(&bytes);
        let incoming = read_envelope(&mut d).unwrap();
        assert_eq!(incoming.kind, Kind::Response);
        assert_eq!(incoming.error, Some(error));
        let result: Value = d
            .decode_at(incoming.payload_at, Decoder::read_value)
            .unwrap();
        assert_eq!(result, Value::Null);
    }

    #[test]
    fn violations() {
        let cases: Vec<(Value, Violation)> = vec![
            (Value::from("x"), Violation::NotAnObject),
            (
                Value::object([("type", Value::from("rpcNope"))]),
                Violation::BadType,
            ),
            (
                Value::object([("type", Value::from("rpcRequest"))]),
                Violation::MissingBody(Kind::Request),
            ),
            (
                Value::object([
                    ("type", Value::from("rpcRequest")),
                    (
                        "request",
                        Value::object([
                            ("messageId", Value::Integer(1)),
                            ("command", Value::from("c")),
                            ("params", Value::object::<&str>([])),
                        ]),
                    ),
                ]),
                Violation::BadMessageId,
            ),
            (
                Value::object([
                    ("type", Value::from("rpcMessage")),
                    (
                        "message",
                        Value::object([
                            ("messageId", Value::from("1")),
                            ("params", Value::object::<&str>([])),
                        ]),
                    ),
                ]),
                Violation::BadCommand,
            ),
            (
                Value::object([
                    ("type", Value::from("rpcRequest")),
                    (
                        "request",
                        Value::object([
                            ("messageId", Value::from("1")),
                            ("command", Value::from("c")),
                            ("params", Value::Null),
                        ]),
                    ),
                ]),
                Violation::BadParams,
            ),
            (
                Value::object([
                    ("type", Value::from("rpcResponse")),
                    ("response", Value::object([("messageId", Value::from("1"))])),
                ]),
                Violation::MissingResult,
            ),
        ];
        for (value, expected) in cases {
            let bytes = encode(&value);
            assert_eq!(
                read_envelope(&mut Decoder::new(&bytes)),
                Err(expected),
                "{value:?}"
            );
        }
    }
}
