//! The AMF3 codec side by side with two peers, in one process and one run: the `amf` crate
//! (1.0) and Ruffle's `flash-lso` (0.7).
//!
//! Three cases (see BENCHMARKS.md at the workspace root for the figures):
//!
//! - `envelope`: an AMF Socket `rpcRequest` envelope of nested anonymous dynamic objects;
//! - `players`: `{items: [...]}` holding 10,000 typed `com.example.Player` objects;
//! - `bytearray_1MiB`: one 1 MiB `ByteArray`, beside a plain copy of the same bytes.
//!
//! Every implementation's path is checked once before it is timed (what it encodes decodes to
//! the same value, what it decodes equals the value that was encoded), and the encoded sizes are
//! printed on stderr.
//!
//! ```text
//! cargo bench -p amf-runtime --bench codec                  # 1 s warm-up, 3 s measurement
//! cargo bench -p amf-runtime --bench codec -- players/      # one case
//! ```
//!
//! Loop mode, for instruction counts (steady where time is not): with
//! `AMF_BENCH_LOOP=<group>/<bench>:<n>` the binary runs that one routine `n` times inside
//! `measured_loop` and exits, without criterion (only that group's setup runs):
//!
//! ```text
//! cargo bench -p amf-runtime --bench codec --no-run          # prints the executable's path
//! AMF_BENCH_LOOP=envelope/decode/ours-typed:10000 valgrind --tool=callgrind \
//!     --toggle-collect='*measured_loop*' target/release/deps/codec-<hash>
//! ```

use std::hint::black_box;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use amf_runtime::amf3::{self, ByteArray, Decoder, Encoder, Object, Traits, Value};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode};

/// Hand-written `Encode`/`Decode` impls, as `#[derive(AmfClass)]` would emit them: the baseline
/// a derived version is compared against. Each struct is generic over its string type so that
/// one impl reads both owned (`String`) and borrowed (`&str`) fields.
mod handwritten {
    use amf_runtime::amf3::{
        ClassDef, Decode, DecodeError, Decoder, Encode, EncodeError, Encoder, ObjectReader,
    };

    /// A required member that the object lacked.
    fn required<T>(
        obj: &ObjectReader<'_, '_>,
        value: Option<T>,
        class: &str,
        member: &str,
    ) -> Result<T, DecodeError> {
        value.ok_or_else(|| obj.decoder().missing_member(class, member))
    }

    // ---- case (b): 10,000 typed objects ------------------------------------------------------

    /// `com.example.Player`: five sealed members, not dynamic.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Player<S> {
        pub(crate) id: i32,
        pub(crate) name: S,
        pub(crate) score: f64,
        pub(crate) active: bool,
        pub(crate) tags: Vec<S>,
    }

    pub(crate) static PLAYER: ClassDef = ClassDef::new(
        "com.example.Player",
        &["id", "name", "score", "active", "tags"],
        false,
    );

    impl<S: Encode> Encode for Player<S> {
        fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
            e.write_object_header(&PLAYER)?;
            e.write_i32(self.id);
            self.name.encode(e)?;
            e.write_f64(self.score);
            e.write_bool(self.active);
            self.tags.encode(e)
        }
    }

    impl<'de, S: Decode<'de>> Decode<'de> for Player<S> {
        fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
            d.read_object(PLAYER.alias, |obj| {
                let (mut id, mut name, mut score, mut active, mut tags) =
                    (None, None, None, None, None);
                while let Some(member) = obj.next_member()? {
                    match member {
                        "id" => id = Some(obj.value()?),
                        "name" => name = Some(obj.value()?),
                        "score" => score = Some(obj.value()?),
                        "active" => active = Some(obj.value()?),
                        "tags" => tags = Some(obj.value()?),
                        _ => {}
                    }
                }
                let class = PLAYER.alias;
                Ok(Player {
                    id: required(obj, id, class, "id")?,
                    name: required(obj, name, class, "name")?,
                    score: required(obj, score, class, "score")?,
                    active: required(obj, active, class, "active")?,
                    tags: required(obj, tags, class, "tags")?,
                })
            })
        }
    }

    /// `{items: [...]}`: an anonymous dynamic object.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Roster<S> {
        pub(crate) items: Vec<Player<S>>,
    }

    impl<S: Encode> Encode for Roster<S> {
        fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
            e.write_object_header(&ClassDef::ANONYMOUS)?;
            e.write_dynamic_member("items", &self.items)?;
            e.end_dynamic_members();
            Ok(())
        }
    }

    impl<'de, S: Decode<'de>> Decode<'de> for Roster<S> {
        fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
            d.read_object("", |obj| {
                let mut items = None;
                while let Some(member) = obj.next_member()? {
                    if member == "items" {
                        items = Some(obj.value()?);
                    }
                }
                Ok(Roster {
                    items: required(obj, items, "", "items")?,
                })
            })
        }
    }

    // ---- case (a): the RPC envelope, borrowed fields -------------------------------------------

    /// `{type, request}`.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Envelope<'a> {
        pub(crate) kind: &'a str,
        pub(crate) request: Request<'a>,
    }

    /// `{messageId, command, params}`.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Request<'a> {
        pub(crate) message_id: &'a str,
        pub(crate) command: &'a str,
        pub(crate) params: ChatParams<'a>,
    }

    /// `{room, text}`.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct ChatParams<'a> {
        pub(crate) room: &'a str,
        pub(crate) text: &'a str,
    }

    impl Encode for Envelope<'_> {
        fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
            e.write_object_header(&ClassDef::ANONYMOUS)?;
            e.write_dynamic_member("type", self.kind)?;
            e.write_dynamic_member("request", &self.request)?;
            e.end_dynamic_members();
            Ok(())
        }
    }

    impl Encode for Request<'_> {
        fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
            e.write_object_header(&ClassDef::ANONYMOUS)?;
            e.write_dynamic_member("messageId", self.message_id)?;
            e.write_dynamic_member("command", self.command)?;
            e.write_dynamic_member("params", &self.params)?;
            e.end_dynamic_members();
            Ok(())
        }
    }

    impl Encode for ChatParams<'_> {
        fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
            e.write_object_header(&ClassDef::ANONYMOUS)?;
            e.write_dynamic_member("room", self.room)?;
            e.write_dynamic_member("text", self.text)?;
            e.end_dynamic_members();
            Ok(())
        }
    }

    impl<'de> Decode<'de> for Envelope<'de> {
        fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
            d.read_object("", |obj| {
                let (mut kind, mut request) = (None, None);
                while let Some(member) = obj.next_member()? {
                    match member {
                        "type" => kind = Some(obj.value()?),
                        "request" => request = Some(obj.value()?),
                        _ => {}
                    }
                }
                Ok(Envelope {
                    kind: required(obj, kind, "", "type")?,
                    request: required(obj, request, "", "request")?,
                })
            })
        }
    }

    impl<'de> Decode<'de> for Request<'de> {
        fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
            d.read_object("", |obj| {
                let (mut message_id, mut command, mut params) = (None, None, None);
                while let Some(member) = obj.next_member()? {
                    match member {
                        "messageId" => message_id = Some(obj.value()?),
                        "command" => command = Some(obj.value()?),
                        "params" => params = Some(obj.value()?),
                        _ => {}
                    }
                }
                Ok(Request {
                    message_id: required(obj, message_id, "", "messageId")?,
                    command: required(obj, command, "", "command")?,
                    params: required(obj, params, "", "params")?,
                })
            })
        }
    }

    impl<'de> Decode<'de> for ChatParams<'de> {
        fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
            d.read_object("", |obj| {
                let (mut room, mut text) = (None, None);
                while let Some(member) = obj.next_member()? {
                    match member {
                        "room" => room = Some(obj.value()?),
                        "text" => text = Some(obj.value()?),
                        _ => {}
                    }
                }
                Ok(ChatParams {
                    room: required(obj, room, "", "room")?,
                    text: required(obj, text, "", "text")?,
                })
            })
        }
    }
}

use handwritten::{ChatParams, Envelope, Player, Request, Roster};

// ---- test data ---------------------------------------------------------------------------------

const PLAYERS: usize = 10_000;
const TAGS: [&str; 10] = [
    "red", "green", "blue", "gold", "silver", "bronze", "vip", "new", "pro", "guest",
];

/// Case (b)'s types with `#[derive(AmfClass)]`: the same bytes as `handwritten`, for the
/// derived-vs-hand-written figure.
mod derived {
    use amf_runtime::AmfClass;

    /// `com.example.Player`, derived.
    #[derive(AmfClass, Debug, Clone, PartialEq)]
    #[amf(alias = "com.example.Player")]
    pub(crate) struct Player {
        pub(crate) id: i32,
        pub(crate) name: String,
        pub(crate) score: f64,
        pub(crate) active: bool,
        pub(crate) tags: Vec<String>,
    }

    /// `{items: [...]}`, derived (no alias: an anonymous dynamic object).
    #[derive(AmfClass, Debug, Clone, PartialEq)]
    pub(crate) struct Roster {
        pub(crate) items: Vec<Player>,
    }

    impl From<&super::Roster<String>> for Roster {
        fn from(r: &super::Roster<String>) -> Self {
            let items = r
                .items
                .iter()
                .map(|p| Player {
                    id: p.id,
                    name: p.name.clone(),
                    score: p.score,
                    active: p.active,
                    tags: p.tags.clone(),
                })
                .collect();
            Roster { items }
        }
    }
}

fn envelope() -> Envelope<'static> {
    Envelope {
        kind: "rpcRequest",
        request: Request {
            message_id: "1700000000000:123456789:987654321",
            command: "chat.say",
            params: ChatParams {
                room: "lobby",
                text: "hello world",
            },
        },
    }
}

fn envelope_value(e: &Envelope<'_>) -> Value {
    let params = Value::object([
        ("room", e.request.params.room.into()),
        ("text", e.request.params.text.into()),
    ]);
    let request = Value::object([
        ("messageId", e.request.message_id.into()),
        ("command", e.request.command.into()),
        ("params", params),
    ]);
    Value::object([("type", e.kind.into()), ("request", request)])
}

/// 10,000 players: 100 distinct names, two distinct tags out of ten each.
fn roster() -> Roster<String> {
    let names: Vec<String> = (0..100).map(|k| format!("player_{k:02}")).collect();
    let items = (0..PLAYERS)
        .map(|i| Player {
            id: i as i32 + 1,
            name: names[i % 100].clone(),
            score: (i * 37 % 1000) as f64 + 0.5,
            active: i % 3 != 0,
            tags: vec![
                TAGS[i % 10].to_owned(),
                TAGS[(i + 1 + i / 10 % 9) % 10].to_owned(),
            ],
        })
        .collect();
    Roster { items }
}

fn roster_value(r: &Roster<String>) -> Value {
    let traits = Traits::sealed(
        "com.example.Player",
        handwritten::PLAYER.sealed.iter().copied(),
    );
    let items = r.items.iter().map(|p| {
        let sealed = vec![
            Value::Integer(p.id),
            p.name.as_str().into(),
            Value::Double(p.score),
            Value::Bool(p.active),
            Value::array(p.tags.iter().map(|t| t.as_str().into())),
        ];
        Value::Object(Arc::new(Object::typed(traits.clone(), sealed)))
    });
    Value::object([("items", Value::array(items))])
}

/// 1 MiB of pseudo-random bytes (xorshift), so that no page is shared or zero.
fn megabyte() -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15_u64;
    (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

// ---- the peers -----------------------------------------------------------------------------------

/// The same tree as the `amf` crate's value.
fn to_amf(v: &Value) -> amf::amf3::Value {
    use amf::amf3::Value as A;
    match v {
        Value::Undefined => A::Undefined,
        Value::Null => A::Null,
        Value::Bool(b) => A::Boolean(*b),
        Value::Integer(i) => A::Integer(*i),
        Value::Double(d) => A::Double(*d),
        Value::String(s) => A::String(s.clone()),
        Value::ByteArray(b) => A::ByteArray(b.to_vec()),
        Value::Array(a) => A::Array {
            assoc_entries: Vec::new(),
            dense_entries: a.dense.iter().map(to_amf).collect(),
        },
        Value::Object(o) => A::Object {
            class_name: Some(o.class_name().to_owned()).filter(|c| !c.is_empty()),
            sealed_count: o.sealed.len(),
            entries: o
                .members()
                .map(|(key, value)| amf::Pair {
                    key: key.to_owned(),
                    value: to_amf(value),
                })
                .collect(),
        },
        other => unimplemented!("not used here: {}", other.type_name()),
    }
}

/// The same tree as flash-lso's value, with the object ids its decoder assigns (in order of
/// appearance). Anonymous objects get the explicit empty dynamic class definition without which
/// flash-lso writes class "Object".
fn to_lso(v: &Value, next_id: &mut i64) -> flash_lso::types::Value {
    use flash_lso::types::{
        Attribute, ClassDefinition, Element, ObjectId, ObjectValue, Value as L,
    };
    let mut id = || {
        *next_id += 1;
        ObjectId(*next_id - 1)
    };
    match v {
        Value::Undefined => L::Undefined,
        Value::Null => L::Null,
        Value::Bool(b) => L::Bool(*b),
        Value::Integer(i) => L::Integer(*i),
        Value::Double(d) => L::Number(*d),
        Value::String(s) => L::String(s.clone()),
        Value::ByteArray(b) => {
            id();
            L::ByteArray(b.to_vec())
        }
        Value::Array(a) => {
            let id = id();
            L::StrictArray {
                id,
                values: a.dense.iter().map(|item| to_lso(item, next_id)).collect(),
            }
        }
        Value::Object(o) => {
            let id = id();
            let class_definition = ClassDefinition {
                name: o.class_name().to_owned(),
                attributes: if o.traits.dynamic {
                    Attribute::Dynamic.into()
                } else {
                    Default::default()
                },
                static_properties: o.traits.sealed.clone(),
            };
            let elements = o
                .members()
                .map(|(key, value)| Element::new(key, to_lso(value, next_id)))
                .collect();
            L::Object {
                id,
                data: ObjectValue {
                    elements,
                    class_definition: Some(class_definition),
                },
            }
        }
        other => unimplemented!("not used here: {}", other.type_name()),
    }
}

/// flash-lso has no public call that encodes one AMF3 value: its AMF0 packet writer wraps one,
/// as the only message's contents, behind a prefix of `LSO_PREFIX` bytes.
fn lso_packet(value: flash_lso::types::Value) -> flash_lso::packet::Packet {
    use flash_lso::packet::{Message, Packet};
    Packet {
        version: flash_lso::types::AMFVersion::AMF3,
        headers: Vec::new(),
        messages: vec![Message {
            target_uri: String::new(),
            response_uri: String::new(),
            contents: flash_lso::types::Value::AMF3(Box::new(value)),
        }],
    }
}

/// Version (2), header count (2), message count (2), target and response URIs (2 + 2, empty),
/// contents length (4), AMF0 marker "AMF3 follows" (1).
const LSO_PREFIX: usize = 15;

fn lso_encode(packet: &flash_lso::packet::Packet) -> Vec<u8> {
    flash_lso::packet::write::write_to_bytes(packet, true).expect("flash-lso encodes")
}

/// The AMF3 bytes of a packet that `lso_packet` built.
fn lso_strip(packet_bytes: &[u8]) -> &[u8] {
    let (prefix, amf3) = packet_bytes.split_at(LSO_PREFIX);
    let len = u32::try_from(amf3.len() + 1).unwrap().to_be_bytes();
    assert_eq!(
        prefix,
        [0, 3, 0, 0, 0, 1, 0, 0, 0, 0, len[0], len[1], len[2], len[3], 0x11]
    );
    amf3
}

fn lso_decode(bytes: &[u8]) -> flash_lso::types::Value {
    let (rest, value) = flash_lso::amf3::read::AMF3Decoder::default()
        .parse_single_element(bytes)
        .expect("flash-lso decodes");
    assert!(rest.is_empty());
    value
}

fn amf_encode(value: &amf::amf3::Value, buf: &mut Vec<u8>) {
    buf.clear();
    value.write_to(&mut *buf).expect("amf encodes");
}

fn amf_decode(bytes: &[u8]) -> amf::amf3::Value {
    amf::amf3::Value::read_from(bytes).expect("amf decodes")
}

fn ours_encode<T: amf3::Encode + ?Sized>(encoder: &mut Encoder, value: &T) {
    encoder.clear();
    encoder.encode(value).expect("encodes");
}

// ---- setup checks --------------------------------------------------------------------------------

/// Everything the benchmarks of one value need, each path checked once.
struct Case {
    value: Value,
    /// Our encoding: what every decoder reads.
    ours: Vec<u8>,
    amf: amf::amf3::Value,
    lso: flash_lso::packet::Packet,
}

impl Case {
    fn new(name: &str, value: Value) -> Self {
        let ours = amf3::to_vec(&value).unwrap();
        assert_eq!(
            amf3::from_slice::<Value>(&ours).unwrap(),
            value,
            "{name}: ours round trip"
        );

        let amf = to_amf(&value);
        assert_eq!(amf_decode(&ours), amf, "{name}: amf decodes ours");
        let mut amf_bytes = Vec::new();
        amf_encode(&amf, &mut amf_bytes);
        assert_eq!(
            amf3::from_slice::<Value>(&amf_bytes).unwrap(),
            value,
            "{name}: amf's encoding"
        );

        let lso_value = to_lso(&value, &mut 0);
        assert_eq!(
            lso_decode(&ours),
            lso_value,
            "{name}: flash-lso decodes ours"
        );
        let lso = lso_packet(lso_value);
        let lso_bytes = lso_encode(&lso);
        let lso_amf3 = lso_strip(&lso_bytes);
        assert_eq!(
            amf3::from_slice::<Value>(lso_amf3).unwrap(),
            value,
            "{name}: flash-lso's encoding"
        );

        eprintln!(
            "{name}: encoded size: ours {} B, amf {} B, flash-lso {} B ({}identical to ours)",
            ours.len(),
            amf_bytes.len(),
            lso_amf3.len(),
            if lso_amf3 == ours.as_slice() {
                ""
            } else {
                "not "
            },
        );
        Case {
            value,
            ours,
            amf,
            lso,
        }
    }

    /// The peers' four benchmarks, and ours through `Value`.
    fn bench_common(&self, group: &mut Group<'_>) {
        let mut encoder = Encoder::new();
        group.bench("encode/ours-value", || {
            ours_encode(&mut encoder, black_box(&self.value))
        });
        let mut buf = Vec::new();
        group.bench("encode/amf", || amf_encode(black_box(&self.amf), &mut buf));
        group.bench("encode/flash-lso", || lso_encode(black_box(&self.lso)));
        group.bench("decode/ours-value", || {
            amf3::from_slice::<Value>(black_box(&self.ours)).unwrap()
        });
        group.bench("decode/amf", || amf_decode(black_box(&self.ours)));
        group.bench("decode/flash-lso", || lso_decode(black_box(&self.ours)));
    }
}

// ---- the driver: criterion, or one routine in a loop ---------------------------------------------

/// `AMF_BENCH_LOOP=<group>/<bench>:<n>`, parsed.
fn loop_mode() -> Option<&'static (String, usize)> {
    static MODE: OnceLock<Option<(String, usize)>> = OnceLock::new();
    MODE.get_or_init(|| {
        let spec = std::env::var("AMF_BENCH_LOOP").ok()?;
        let (id, n) = spec
            .rsplit_once(':')
            .expect("AMF_BENCH_LOOP=<group>/<bench>:<iterations>");
        Some((id.to_owned(), n.parse().expect("AMF_BENCH_LOOP iterations")))
    })
    .as_ref()
}

/// What callgrind measures in loop mode (`--toggle-collect='*measured_loop*'`).
#[inline(never)]
fn measured_loop<R>(n: usize, mut routine: impl FnMut() -> R) {
    for _ in 0..n {
        black_box(routine());
    }
}

/// A group of benchmarks: criterion's, or in loop mode the one routine asked for.
struct Group<'c> {
    name: &'static str,
    criterion: Option<BenchmarkGroup<'c, WallTime>>,
}

impl<'c> Group<'c> {
    /// `None` in loop mode when the routine asked for is in another group: skip the setup.
    fn new(c: &'c mut Criterion, name: &'static str) -> Option<Self> {
        match loop_mode() {
            Some((id, _)) if !id.starts_with(&format!("{name}/")) => None,
            Some(_) => Some(Group {
                name,
                criterion: None,
            }),
            None => Some(Group {
                name,
                criterion: Some(c.benchmark_group(name)),
            }),
        }
    }

    fn bench<R>(&mut self, id: &str, mut routine: impl FnMut() -> R) {
        match (&mut self.criterion, loop_mode()) {
            (Some(group), _) => {
                group.bench_function(id, |b| b.iter(&mut routine));
            }
            (None, Some((wanted, n))) if *wanted == format!("{}/{id}", self.name) => {
                measured_loop(*n, routine);
                std::process::exit(0);
            }
            (None, _) => {}
        }
    }

    fn finish(self) {
        if let Some(group) = self.criterion {
            group.finish();
        }
    }
}

// ---- the benchmarks ------------------------------------------------------------------------------

fn bench_envelope(c: &mut Criterion) {
    let Some(mut group) = Group::new(c, "envelope") else {
        return;
    };
    let typed = envelope();
    let case = Case::new("envelope", envelope_value(&typed));
    assert_eq!(
        amf3::to_vec(&typed).unwrap(),
        case.ours,
        "envelope: typed and Value encodings"
    );
    assert_eq!(amf3::from_slice::<Envelope<'_>>(&case.ours).unwrap(), typed);

    let mut encoder = Encoder::new();
    group.bench("encode/ours-typed", || {
        ours_encode(&mut encoder, black_box(&typed))
    });
    group.bench("decode/ours-typed", || {
        amf3::from_slice::<Envelope<'_>>(black_box(&case.ours)).unwrap()
    });
    case.bench_common(&mut group);
    group.finish();
}

fn bench_players(c: &mut Criterion) {
    let Some(mut group) = Group::new(c, "players") else {
        return;
    };
    let typed = roster();
    let case = Case::new("players", roster_value(&typed));
    assert_eq!(
        amf3::to_vec(&typed).unwrap(),
        case.ours,
        "players: typed and Value encodings"
    );
    assert_eq!(
        amf3::from_slice::<Roster<String>>(&case.ours).unwrap(),
        typed
    );
    let derived = derived::Roster::from(&typed);
    assert_eq!(
        amf3::to_vec(&derived).unwrap(),
        case.ours,
        "players: derived and hand-written encodings"
    );
    assert_eq!(
        amf3::from_slice::<derived::Roster>(&case.ours).unwrap(),
        derived
    );
    let borrowed = amf3::from_slice::<Roster<&str>>(&case.ours).unwrap();
    assert!(borrowed
        .items
        .iter()
        .zip(&typed.items)
        .all(|(b, t)| b.name == t.name && b.tags == t.tags));

    if let Some(group) = &mut group.criterion {
        // Milliseconds per iteration, and over a second for flash-lso's encoder: the same
        // iteration count in every sample, and criterion's minimum of 10 samples.
        group.sampling_mode(SamplingMode::Flat).sample_size(10);
    }
    let mut encoder = Encoder::new();
    group.bench("encode/ours-typed", || {
        ours_encode(&mut encoder, black_box(&typed))
    });
    group.bench("decode/ours-typed", || {
        amf3::from_slice::<Roster<String>>(black_box(&case.ours)).unwrap()
    });
    group.bench("encode/ours-derived", || {
        ours_encode(&mut encoder, black_box(&derived))
    });
    group.bench("decode/ours-derived", || {
        amf3::from_slice::<derived::Roster>(black_box(&case.ours)).unwrap()
    });
    group.bench("decode/ours-typed-borrowed", || {
        amf3::from_slice::<Roster<&str>>(black_box(&case.ours)).unwrap()
    });
    case.bench_common(&mut group);
    group.finish();
}

fn bench_bytearray(c: &mut Criterion) {
    let Some(mut group) = Group::new(c, "bytearray_1MiB") else {
        return;
    };
    let data = megabyte();
    let case = Case::new(
        "bytearray_1MiB",
        Value::ByteArray(Arc::from(data.as_slice())),
    );
    assert_eq!(amf3::to_vec(data.as_slice()).unwrap(), case.ours);
    assert_eq!(amf3::from_slice::<ByteArray>(&case.ours).unwrap().0, data);
    assert_eq!(
        amf3::from_slice::<&[u8]>(&case.ours).unwrap(),
        data.as_slice()
    );

    group.bench("memcpy", || black_box(data.as_slice()).to_vec());
    group.bench("encode/ours-to_vec", || {
        amf3::to_vec(black_box(data.as_slice())).unwrap()
    });
    let mut encoder = Encoder::new();
    group.bench("encode/ours-reused", || {
        ours_encode(&mut encoder, black_box(data.as_slice()))
    });
    group.bench("decode/ours-owned", || {
        amf3::from_slice::<ByteArray>(black_box(&case.ours)).unwrap()
    });
    group.bench("decode/ours-borrowed", || {
        let mut decoder = Decoder::new(black_box(&case.ours));
        decoder.read_byte_array().unwrap().len()
    });
    case.bench_common(&mut group);
    group.finish();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench_envelope(&mut c);
    bench_players(&mut c);
    bench_bytearray(&mut c);
    if let Some((id, _)) = loop_mode() {
        panic!("AMF_BENCH_LOOP: no benchmark `{id}`");
    }
    c.final_summary();
}
