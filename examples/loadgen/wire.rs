//! What travels in the benchmarks: the small struct that `echo` returns, the params of `add`,
//! and the raw AMF Socket frames the generator writes and checks.

use amf_runtime::amf3::{ClassDef, Decode, DecodeError, Decoder, Encode, EncodeError, Encoder};
use amf_runtime::protocol::envelope::{self, Call, Kind, Response, PING_COMMAND, PONG};

/// The small struct every peer echoes: an anonymous object `{id, name, value}` in AMF3
/// (bincode in tarpc).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Small {
    pub(crate) id: i32,
    pub(crate) name: String,
    pub(crate) value: f64,
}

impl Small {
    /// The struct the generator sends as request number `seq`.
    pub(crate) fn numbered(seq: u64) -> Small {
        Small {
            id: echo_id(seq),
            name: "loadgen".to_owned(),
            value: 1.5,
        }
    }
}

/// The `id` of echo request `seq`: from 2^21 to 2^28, so that its U29 always takes 4 bytes.
pub(crate) fn echo_id(seq: u64) -> i32 {
    (0x0020_0000 + seq % 0x0FE0_0000) as i32
}

/// Writes `Small` straight from borrowed fields (the generator writes one per request).
struct SmallRef<'a> {
    id: i32,
    name: &'a str,
    value: f64,
}

impl Encode for SmallRef<'_> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&ClassDef::ANONYMOUS)?;
        e.write_dynamic_member("id", &self.id)?;
        e.write_dynamic_member("name", self.name)?;
        e.write_dynamic_member("value", &self.value)?;
        e.end_dynamic_members();
        Ok(())
    }
}

impl Encode for Small {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        SmallRef {
            id: self.id,
            name: &self.name,
            value: self.value,
        }
        .encode(e)
    }
}

/// Reads `{id, name, value}` with the name borrowed: `(id, name, value)`.
fn read_small<'de>(d: &mut Decoder<'de>) -> Result<(i32, &'de str, f64), DecodeError> {
    d.read_object("", |obj| {
        let (mut id, mut name, mut value) = (None, None, None);
        while let Some(member) = obj.next_member()? {
            match member {
                "id" => id = Some(obj.value()?),
                "name" => name = Some(obj.value::<&str>()?),
                "value" => value = Some(obj.value()?),
                _ => {}
            }
        }
        let missing = |m| obj.decoder().missing_member("Small", m);
        Ok((
            id.ok_or_else(|| missing("id"))?,
            name.ok_or_else(|| missing("name"))?,
            value.ok_or_else(|| missing("value"))?,
        ))
    })
}

impl Decode<'_> for Small {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let (id, name, value) = read_small(d)?;
        Ok(Small {
            id,
            name: name.to_owned(),
            value,
        })
    }
}

/// `{a, b}`, the params of `add`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AddParams {
    pub(crate) a: f64,
    pub(crate) b: f64,
}

impl AddParams {
    /// The params the generator sends as request number `seq`: their sum tells it apart.
    pub(crate) fn numbered(seq: u64) -> AddParams {
        AddParams {
            a: (seq & 0xFFFF_FFFF) as f64,
            b: 0.5,
        }
    }
}

impl Encode for AddParams {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&ClassDef::ANONYMOUS)?;
        e.write_dynamic_member("a", &self.a)?;
        e.write_dynamic_member("b", &self.b)?;
        e.end_dynamic_members();
        Ok(())
    }
}

impl Decode<'_> for AddParams {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_object("", |obj| {
            let (mut a, mut b) = (None, None);
            while let Some(member) = obj.next_member()? {
                match member {
                    "a" => a = Some(obj.value()?),
                    "b" => b = Some(obj.value()?),
                    _ => {}
                }
            }
            let missing = |m| obj.decoder().missing_member("add params", m);
            Ok(AddParams {
                a: a.ok_or_else(|| missing("a"))?,
                b: b.ok_or_else(|| missing("b"))?,
            })
        })
    }
}

/// `{seq}`: the params of the `broadcast` request and of the `tick` message it sends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seq(pub(crate) u32);

impl Encode for Seq {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&ClassDef::ANONYMOUS)?;
        e.write_dynamic_member("seq", &f64::from(self.0))?;
        e.end_dynamic_members();
        Ok(())
    }
}

impl Decode<'_> for Seq {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_object("", |obj| {
            let mut seq = None;
            while let Some(member) = obj.next_member()? {
                if member == "seq" {
                    seq = Some(obj.value::<f64>()?);
                }
            }
            let seq = seq.ok_or_else(|| obj.decoder().missing_member("tick params", "seq"))?;
            Ok(Seq(seq as u32))
        })
    }
}

/// The operation a throughput run repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// `echo` of a [`Small`].
    Echo,
    /// `add` of two numbers.
    Add,
}

impl Op {
    pub(crate) fn parse(s: &str) -> Result<Op, String> {
        match s {
            "echo" => Ok(Op::Echo),
            "add" => Ok(Op::Add),
            other => Err(format!("unknown op `{other}` (echo, add)")),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Echo => "echo",
            Op::Add => "add",
        }
    }
}

/// Digits of a messageId: request numbers are written with 16 digits, zero-padded, so that
/// every request of a run has the same length (see [`Templates`]).
const ID_DIGITS: usize = 16;

/// Writes `id` as [`ID_DIGITS`] decimal digits.
fn put_digits(mut id: u64, out: &mut [u8]) {
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (id % 10) as u8;
        id /= 10;
    }
}

/// Formats a messageId without allocating.
pub(crate) fn message_id(id: u64, buf: &mut [u8; 20]) -> &str {
    put_digits(id, &mut buf[..ID_DIGITS]);
    std::str::from_utf8(&buf[..ID_DIGITS]).expect("digits")
}

/// The request frame and the expected reply of one operation, encoded once by the runtime's
/// encoder, with the places where request number `seq` goes: writing a request is a copy and two
/// patches, and checking a reply a comparison with the expected bytes. A frame that differs is
/// read and checked the slow way ([`read_frame`]), so nothing passes unverified.
#[derive(Debug)]
pub(crate) struct Templates {
    op: Op,
    request: Vec<u8>,
    request_id_at: usize,
    request_value_at: usize,
    reply: Vec<u8>,
    reply_id_at: usize,
    reply_value_at: usize,
    /// Encodes what the templates do not cover (pongs).
    slow: Encoder,
}

impl Templates {
    /// A request number whose digits and value are found once in the encoded frames.
    const PROBE: u64 = 9_876_543_210_123;

    pub(crate) fn new(op: Op) -> Templates {
        let mut out = Encoder::new();
        write_request(&mut out, op, Self::PROBE);
        let request = out.take_bytes();
        let mut digits = [0; 20];
        let message_id = message_id(Self::PROBE, &mut digits);
        match op {
            Op::Echo => out.frame(&Response {
                message_id,
                outcome: Ok(&Small::numbered(Self::PROBE)),
            }),
            Op::Add => {
                let p = AddParams::numbered(Self::PROBE);
                out.frame(&Response {
                    message_id,
                    outcome: Ok(&(p.a + p.b)),
                })
            }
        }
        .expect("replies encode");
        let reply = out.take_bytes()[4..].to_vec();
        let find = |haystack: &[u8], needle: &[u8]| {
            let found = haystack.windows(needle.len()).position(|w| w == needle);
            found.expect("the probe is in the template")
        };
        let (request_value, reply_value, len) = Self::values(op, Self::PROBE);
        let id = message_id.as_bytes();
        Templates {
            op,
            request_id_at: find(&request, id),
            request_value_at: find(&request, &request_value[..len]),
            reply_id_at: find(&reply, id),
            reply_value_at: find(&reply, &reply_value[..len]),
            request,
            reply,
            slow: Encoder::new(),
        }
    }

    /// The bytes that change with `seq` in the request and in its reply, and how many there are.
    fn values(op: Op, seq: u64) -> ([u8; 8], [u8; 8], usize) {
        match op {
            Op::Echo => {
                let id = echo_id(seq) as u32;
                let u29 = [
                    (id >> 22) as u8 | 0x80,
                    (id >> 15) as u8 | 0x80,
                    (id >> 8) as u8 | 0x80,
                    id as u8,
                    0,
                    0,
                    0,
                    0,
                ];
                (u29, u29, 4)
            }
            Op::Add => {
                let p = AddParams::numbered(seq);
                (p.a.to_be_bytes(), (p.a + p.b).to_be_bytes(), 8)
            }
        }
    }

    /// Appends request `seq` to `out`.
    pub(crate) fn write_request(&self, out: &mut Vec<u8>, seq: u64) {
        let at = out.len();
        out.extend_from_slice(&self.request);
        let (value, _, len) = Self::values(self.op, seq);
        put_digits(
            seq,
            &mut out[at + self.request_id_at..at + self.request_id_at + ID_DIGITS],
        );
        out[at + self.request_value_at..at + self.request_value_at + len]
            .copy_from_slice(&value[..len]);
    }

    /// Reads one frame payload: a reply that is byte for byte the one expected for the request
    /// number in its messageId, or anything else the slow way (pongs appended to `out`).
    pub(crate) fn read(&mut self, payload: &[u8], out: &mut Vec<u8>) -> Result<Incoming, String> {
        let id_at = self.reply_id_at;
        if payload.len() == self.reply.len() {
            let digits = &payload[id_at..id_at + ID_DIGITS];
            if digits.iter().all(u8::is_ascii_digit) {
                let seq = digits
                    .iter()
                    .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
                let (_, value, len) = Self::values(self.op, seq);
                let value_at = self.reply_value_at;
                let (first, last) = (id_at.min(value_at), id_at.max(value_at));
                let (first_len, last_len) = if id_at < value_at {
                    (ID_DIGITS, len)
                } else {
                    (len, ID_DIGITS)
                };
                if payload[value_at..value_at + len] == value[..len]
                    && payload[..first] == self.reply[..first]
                    && payload[first + first_len..last] == self.reply[first + first_len..last]
                    && payload[last + last_len..] == self.reply[last + last_len..]
                {
                    return Ok(Incoming::Reply(seq));
                }
            }
        }
        let incoming = read_frame(payload, self.op, &mut self.slow)?;
        out.extend_from_slice(self.slow.as_bytes());
        self.slow.clear();
        Ok(incoming)
    }
}

/// Appends request frame `seq` of `op` to `out`.
pub(crate) fn write_request(out: &mut Encoder, op: Op, seq: u64) {
    let mut digits = [0; 20];
    let message_id = message_id(seq, &mut digits);
    let written = match op {
        Op::Echo => out.frame(&Call {
            kind: Kind::Request,
            message_id,
            command: "echo",
            params: &SmallRef {
                id: echo_id(seq),
                name: "loadgen",
                value: 1.5,
            },
        }),
        Op::Add => out.frame(&Call {
            kind: Kind::Request,
            message_id,
            command: "add",
            params: &AddParams::numbered(seq),
        }),
    };
    written.expect("requests encode");
}

/// Appends a request frame with any command and params.
pub(crate) fn write_call(
    out: &mut Encoder,
    kind: Kind,
    seq: u64,
    command: &str,
    params: &impl Encode,
) {
    let mut digits = [0; 20];
    let message_id = message_id(seq, &mut digits);
    out.frame(&Call {
        kind,
        message_id,
        command,
        params,
    })
    .expect("requests encode");
}

/// What one incoming frame was, for the generator.
#[derive(Debug, PartialEq)]
pub(crate) enum Incoming {
    /// A verified response to request `seq`.
    Reply(u64),
    /// A ping, answered into the output.
    Ping,
    /// A `tick` message of a broadcast.
    Tick(u32),
    /// Anything else (messages).
    Other,
}

/// Reads one frame payload. A response must answer a request the generator sent: its
/// messageId is parsed as a number, and its result checked against what request `seq` of
/// `op` must give. A ping is answered into `out`.
pub(crate) fn read_frame(payload: &[u8], op: Op, out: &mut Encoder) -> Result<Incoming, String> {
    let mut d = Decoder::new(payload);
    let incoming = envelope::read_envelope(&mut d).map_err(|e| format!("invalid frame: {e}"))?;
    match incoming.kind {
        Kind::Response => {
            if let Some(error) = incoming.error {
                return Err(format!("error reply: {error}"));
            }
            let seq: u64 = incoming
                .message_id
                .parse()
                .map_err(|_| format!("unexpected messageId `{}`", incoming.message_id))?;
            let ok = match op {
                Op::Echo => {
                    let (id, name, value) = d
                        .decode_at(incoming.payload_at, read_small)
                        .map_err(|e| e.to_string())?;
                    id == echo_id(seq) && name == "loadgen" && value == 1.5
                }
                Op::Add => {
                    let sum: f64 = d
                        .decode_at(incoming.payload_at, f64::decode)
                        .map_err(|e| e.to_string())?;
                    let p = AddParams::numbered(seq);
                    sum == p.a + p.b
                }
            };
            if ok {
                Ok(Incoming::Reply(seq))
            } else {
                Err(format!("wrong result for request {seq}"))
            }
        }
        Kind::Request if incoming.command == PING_COMMAND => {
            out.frame(&Response {
                message_id: incoming.message_id,
                outcome: Ok(PONG),
            })
            .expect("pong encodes");
            Ok(Incoming::Ping)
        }
        Kind::Message if incoming.command == "tick" => {
            let seq = d
                .decode_at(incoming.payload_at, Seq::decode)
                .map_err(|e| e.to_string())?;
            Ok(Incoming::Tick(seq.0))
        }
        Kind::Request => Err(format!("unexpected request `{}`", incoming.command)),
        Kind::Message => Ok(Incoming::Other),
    }
}

/// Splits the complete frames off the front of `buf`: calls `each` with every payload and
/// returns how many bytes they took (the caller drops them).
pub(crate) fn for_each_frame(
    buf: &[u8],
    mut each: impl FnMut(&[u8]) -> Result<(), String>,
) -> Result<usize, String> {
    let mut at = 0;
    while buf.len() - at >= 4 {
        let len = u32::from_be_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]]) as usize;
        if len > 16 << 20 {
            return Err(format!("frame of {len} bytes"));
        }
        if buf.len() - at - 4 < len {
            break;
        }
        each(&buf[at + 4..at + 4 + len])?;
        at += 4 + len;
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids() {
        let mut buf = [0; 20];
        assert_eq!(message_id(0, &mut buf), "0000000000000000");
        assert_eq!(message_id(1234567, &mut buf), "0000000001234567");
    }

    #[test]
    fn templates_write_what_the_encoder_writes_and_check_replies() {
        for op in [Op::Echo, Op::Add] {
            let mut templates = Templates::new(op);
            for seq in [0, 1, 77, 123_456_789, 9_999_999_999] {
                let mut fast = Vec::new();
                templates.write_request(&mut fast, seq);
                let mut slow = Encoder::new();
                write_request(&mut slow, op, seq);
                assert_eq!(fast, slow.as_bytes(), "{op:?} {seq}");
                // The reply the server writes passes the fast check, and a wrong one fails.
                let mut digits = [0; 20];
                let message_id = message_id(seq, &mut digits);
                let mut reply = Encoder::new();
                match op {
                    Op::Echo => reply.frame(&Response {
                        message_id,
                        outcome: Ok(&Small::numbered(seq)),
                    }),
                    Op::Add => reply.frame(&Response {
                        message_id,
                        outcome: Ok(&(AddParams::numbered(seq).a + 0.5)),
                    }),
                }
                .unwrap();
                let mut out = Vec::new();
                assert_eq!(
                    templates.read(&reply.as_bytes()[4..], &mut out),
                    Ok(Incoming::Reply(seq))
                );
                let mut wrong = reply.as_bytes()[4..].to_vec();
                let last = wrong.len() - 3;
                wrong[last] ^= 1;
                assert!(templates.read(&wrong, &mut out).is_err(), "{op:?} {seq}");
            }
        }
    }
}
