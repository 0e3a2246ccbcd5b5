//! Shared helpers for the cross-crate tests in `tests/tests/`:
//!
//! - proptest strategies that generate arbitrary [`Value`] trees of every AMF3 type, with shared
//!   subtrees (the same `Arc` twice, so that the encoder writes object references), repeated
//!   strings and classes (string and trait references), and optionally cycles
//!   ([`arb_value`], [`arb_value_with`], [`arb_cyclic_value`]);
//! - a structural comparison that ignores sharing and compares doubles bit for bit
//!   ([`compare`], [`check_same`]);
//! - tools that mirror the encoder's reference tables ([`encoder_references`],
//!   [`object_indices`]) and walk or rebuild trees ([`any_node`], [`map_objects`]);
//! - the Python peer, PyAMF ([`python`]).

pub mod flash;
pub mod python;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use amf_runtime::amf3::{
    Array, Date, Dictionary, Object, ObjectVector, Traits, Value, Vector, ARRAY_COLLECTION,
    INTEGER_MAX, INTEGER_MIN, OBJECT_PROXY,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;

// ---- configuration ---------------------------------------------------------------------------

/// Which parts of AMF3 a generated value may use, so that each oracle gets the subset it can
/// express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueConfig {
    /// Externalizable `flex.messaging.io.ArrayCollection` and `ObjectProxy` objects.
    pub externalizable: bool,
    /// Dates of any double (negative, fractional, `-0`, `NaN`); when false, only whole,
    /// non-negative milliseconds below 2^53.
    pub any_date: bool,
    /// Typed dynamic objects may have no dynamic members; when false they get at least one
    /// (the `amf` crate infers the dynamic flag from the presence of dynamic members).
    pub empty_dynamic_typed: bool,
    /// Dates, XML, XMLDocument, ByteArray and number vectors: the object-table values that hold
    /// no other value (flash-lso's encoder leaves them out of its object table).
    pub object_table_leaves: bool,
}

impl ValueConfig {
    /// Everything our codec handles (and flash-lso, with its flex feature, can express).
    pub const ALL: ValueConfig = ValueConfig {
        externalizable: true,
        any_date: true,
        empty_dynamic_typed: true,
        object_table_leaves: true,
    };

    /// What the `amf` crate can express losslessly: no externalizable objects, dates as whole
    /// non-negative milliseconds, typed dynamic objects with at least one dynamic member.
    /// (Empty anonymous objects are still generated: see `differential.rs` for how the `amf`
    /// encoder writes them.)
    pub const AMF_CRATE: ValueConfig = ValueConfig {
        externalizable: false,
        any_date: false,
        empty_dynamic_typed: false,
        object_table_leaves: true,
    };

    /// Values whose object references flash-lso writes correctly: no object-table leaves (see
    /// [`ValueConfig::object_table_leaves`]) and no externalizable objects, which its encoder
    /// miscounts (see `differential.rs`).
    pub const FLASH_LSO_REFERENCES: ValueConfig = ValueConfig {
        externalizable: false,
        any_date: true,
        empty_dynamic_typed: true,
        object_table_leaves: false,
    };
}

// ---- pools -----------------------------------------------------------------------------------

/// String values, weighted toward a small pool so that the same text recurs (string references),
/// including text that is also used as a key or class name elsewhere.
const STRINGS: &[&str] = &[
    "",
    "a",
    "hello",
    "héllo wörld",
    "日本語",
    "🎉 party",
    "a\u{0}b",
    "com.example.User",
    "id",
    "x",
];

/// Member names and array keys (never empty: AMF3 cannot write an empty member name).
const KEYS: &[&str] = &[
    "a",
    "b",
    "id",
    "name",
    "x",
    "y",
    "héllo",
    "日本",
    "🎉",
    "0",
    "1",
    "with space",
];

/// Vector.<T> item type names.
const VECTOR_TYPES: &[&str] = &["", "*", "Object", "String", "com.example.User"];

/// A class in the pool of typed objects.
struct ClassSpec {
    name: &'static str,
    sealed: &'static [&'static str],
    dynamic: bool,
}

/// Typed classes; none uses the member name `extra`, which [`ValueConfig::AMF_CRATE`] adds.
const CLASSES: &[ClassSpec] = &[
    ClassSpec {
        name: "com.example.User",
        sealed: &["id", "name", "email"],
        dynamic: false,
    },
    ClassSpec {
        name: "Point",
        sealed: &["x", "y"],
        dynamic: false,
    },
    ClassSpec {
        name: "com.example.Dyn",
        sealed: &["id"],
        dynamic: true,
    },
    ClassSpec {
        name: "Empty",
        sealed: &[],
        dynamic: false,
    },
    ClassSpec {
        name: "com.example.DynOnly",
        sealed: &[],
        dynamic: true,
    },
    ClassSpec {
        name: "日本.クラス",
        sealed: &["値"],
        dynamic: false,
    },
];

/// The most sealed members a class of [`CLASSES`] has.
const MAX_SEALED: usize = 3;

/// One shared `Arc<Traits>` per class: objects sometimes share it (the encoder finds the traits
/// by address) and sometimes get an equal copy (found by content).
static SHARED_TRAITS: LazyLock<Vec<Arc<Traits>>> = LazyLock::new(|| {
    CLASSES
        .iter()
        .map(|c| {
            Arc::new(Traits {
                class_name: c.name.to_owned(),
                sealed: c.sealed.iter().map(|s| (*s).to_owned()).collect(),
                dynamic: c.dynamic,
                externalizable: false,
            })
        })
        .collect()
});

// ---- scalar strategies -----------------------------------------------------------------------

/// An AMF3 integer: anywhere in the signed 29-bit range, often at a U29 length boundary.
pub fn arb_integer() -> impl Strategy<Value = i32> {
    prop_oneof![
        2 => INTEGER_MIN..=INTEGER_MAX,
        1 => select(vec![
            0,
            1,
            -1,
            63,
            64,
            127,
            128,
            -128,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            -2_097_152,
            INTEGER_MIN,
            INTEGER_MAX,
        ]),
    ]
}

/// Any double, `NaN`, `-0` and infinities included (compare them with [`compare`], bit for bit).
pub fn arb_double() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<f64>(),
        1 => select(vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            0.1,
            1.5,
            268_435_456.0,
            -268_435_457.0,
        ]),
    ]
}

/// A string value: often from a small pool (so that references happen), sometimes arbitrary
/// Unicode, sometimes longer than 127 bytes (a two-byte U29 length).
pub fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(STRINGS).prop_map(str::to_owned),
        2 => "\\PC{0,10}",
        1 => Just("long ".repeat(30)),
    ]
}

/// A non-empty member name or array key.
pub fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(KEYS).prop_map(str::to_owned),
        1 => "[a-z]{1,6}",
        1 => "\\PC{1,5}",
    ]
}

/// The text of an XML or XMLDocument value (AMF3 does not check that it is XML).
pub fn arb_xml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(vec!["", "<a/>", "<a b=\"c\">text</a>", "<r><é>ü</é></r>"]).prop_map(str::to_owned),
        1 => "\\PC{0,16}",
    ]
}

/// A date; see [`ValueConfig::any_date`].
pub fn arb_date(any_date: bool) -> BoxedStrategy<Date> {
    let millis = if any_date {
        prop_oneof![
            2 => (-(1i64 << 43)..(1i64 << 43)).prop_map(|ms| ms as f64),
            1 => any::<f64>(),
            1 => select(vec![0.0, -0.0, f64::NAN, -1.0, 0.5, 1_700_000_000_000.25, -62_135_596_800_000.0]),
        ]
        .boxed()
    } else {
        prop_oneof![
            2 => (0u64..(1u64 << 53)).prop_map(|ms| ms as f64),
            1 => select(vec![0.0, 1.0, 1_700_000_000_000.0]),
        ]
        .boxed()
    };
    millis.prop_map(|millis| Date { millis }).boxed()
}

/// A value that holds no other value: every scalar, and (if `config` allows them) dates, XML,
/// ByteArray and the three number vectors.
pub fn arb_leaf(config: ValueConfig) -> BoxedStrategy<Value> {
    let scalar = prop_oneof![
        1 => Just(Value::Undefined),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => arb_integer().prop_map(Value::Integer),
        2 => arb_double().prop_map(Value::Double),
        4 => arb_string().prop_map(Value::String),
    ];
    if !config.object_table_leaves {
        return scalar.boxed();
    }
    prop_oneof![
        11 => scalar,
        1 => arb_xml_text().prop_map(|s| Value::XmlDocument(Arc::from(s))),
        1 => arb_date(config.any_date).prop_map(Value::Date),
        1 => arb_xml_text().prop_map(|s| Value::Xml(Arc::from(s))),
        1 => vec(any::<u8>(), 0..24).prop_map(|b| Value::ByteArray(Arc::from(b))),
        1 => (any::<bool>(), vec(any::<i32>(), 0..6))
            .prop_map(|(fixed, items)| Value::VectorInt(Arc::new(Vector { fixed, items }))),
        1 => (any::<bool>(), vec(any::<u32>(), 0..6))
            .prop_map(|(fixed, items)| Value::VectorUint(Arc::new(Vector { fixed, items }))),
        1 => (any::<bool>(), vec(arb_double(), 0..6))
            .prop_map(|(fixed, items)| Value::VectorDouble(Arc::new(Vector { fixed, items }))),
    ]
    .boxed()
}

// ---- composite strategies --------------------------------------------------------------------

/// Which child to share with which: `(from, node, to)` replaces child `to` by a node of child
/// `from`'s subtree (the child itself or a descendant), so that the same `Arc` appears twice.
type SharePick = Option<(Index, Index, Index)>;

/// Applies a [`SharePick`] to a list of sibling values.
fn share(mut values: Vec<Value>, pick: SharePick) -> Vec<Value> {
    let Some((from, node, to)) = pick else {
        return values;
    };
    if values.len() < 2 {
        return values;
    }
    let (from, to) = (from.index(values.len()), to.index(values.len()));
    if from == to {
        return values;
    }
    let mut nodes = Vec::new();
    collect_shareable(&values[from], &mut nodes);
    if !nodes.is_empty() {
        values[to] = node.get(&nodes).clone();
    }
    values
}

/// Collects the `Arc`-backed nodes of a subtree (at most 32).
fn collect_shareable(v: &Value, out: &mut Vec<Value>) {
    if out.len() >= 32 {
        return;
    }
    if node_id(v).is_some() {
        out.push(v.clone());
    }
    for child in children(v) {
        collect_shareable(child, out);
    }
}

/// Keeps the first of each key (a real ActionScript object or array has each name once).
fn dedup_keys(members: Vec<(String, Value)>, reserved: &[&str]) -> Vec<(String, Value)> {
    let mut seen: HashSet<String> = reserved.iter().map(|s| (*s).to_owned()).collect();
    members
        .into_iter()
        .filter(|(k, _)| seen.insert(k.clone()))
        .collect()
}

/// Splits `values` back into keyed members after [`share`].
fn rekey(keys: Vec<String>, values: Vec<Value>) -> Vec<(String, Value)> {
    keys.into_iter().zip(values).collect()
}

/// The composite values, with `inner` generating their children.
fn arb_composite(inner: BoxedStrategy<Value>, config: ValueConfig) -> BoxedStrategy<Value> {
    let members = || vec((arb_key(), inner.clone()), 0..5);
    let pick = || any::<SharePick>();

    let array = (
        vec(inner.clone(), 0..5),
        vec((arb_key(), inner.clone()), 0..3),
        pick(),
    )
        .prop_map(|(dense, assoc, pick)| {
            let assoc = dedup_keys(assoc, &[]);
            let n = dense.len();
            let (keys, assoc_values): (Vec<_>, Vec<_>) = assoc.into_iter().unzip();
            let mut all = share(dense.into_iter().chain(assoc_values).collect(), pick);
            let assoc_values = all.split_off(n);
            Value::Array(Arc::new(Array {
                dense: all,
                assoc: rekey(keys, assoc_values),
            }))
        });

    let anonymous = (members(), pick()).prop_map(|(members, pick)| {
        let (keys, values): (Vec<_>, Vec<_>) = dedup_keys(members, &[]).into_iter().unzip();
        Value::object(rekey(keys, share(values, pick)))
    });

    let empty_dynamic_typed = config.empty_dynamic_typed;
    let typed = (
        0..CLASSES.len(),
        any::<bool>(),
        vec(inner.clone(), MAX_SEALED),
        vec((arb_key(), inner.clone()), 0..3),
        pick(),
    )
        .prop_map(move |(class, fresh, mut sealed, dynamic, pick)| {
            let spec = &CLASSES[class];
            let traits = if fresh {
                Arc::new((*SHARED_TRAITS[class]).clone())
            } else {
                SHARED_TRAITS[class].clone()
            };
            sealed.truncate(spec.sealed.len());
            let mut dynamic = if spec.dynamic {
                dedup_keys(dynamic, spec.sealed)
            } else {
                Vec::new()
            };
            if spec.dynamic && dynamic.is_empty() && !empty_dynamic_typed {
                dynamic.push(("extra".to_owned(), Value::Null));
            }
            let n = sealed.len();
            let (keys, values): (Vec<_>, Vec<_>) = dynamic.into_iter().unzip();
            let mut all = share(sealed.into_iter().chain(values).collect(), pick);
            let values = all.split_off(n);
            Value::Object(Arc::new(Object {
                traits,
                sealed: all,
                dynamic: rekey(keys, values),
                external: None,
            }))
        });

    let vector = (
        select(VECTOR_TYPES),
        any::<bool>(),
        vec(inner.clone(), 0..5),
        pick(),
    )
        .prop_map(|(type_name, fixed, items, pick)| {
            Value::VectorObject(Arc::new(ObjectVector {
                fixed,
                type_name: type_name.to_owned(),
                items: share(items, pick),
            }))
        });

    let dictionary = (
        any::<bool>(),
        vec((inner.clone(), inner.clone()), 0..4),
        pick(),
    )
        .prop_map(|(weak, entries, pick)| {
            let flat = entries.into_iter().flat_map(|(k, v)| [k, v]).collect();
            let flat = share(flat, pick);
            let entries = flat
                .chunks(2)
                .map(|kv| (kv[0].clone(), kv[1].clone()))
                .collect();
            Value::Dictionary(Arc::new(Dictionary { weak, entries }))
        });

    if !config.externalizable {
        return prop_oneof![3 => array, 3 => anonymous, 3 => typed, 1 => vector, 1 => dictionary]
            .boxed();
    }

    let collection = (vec(inner.clone(), 0..5), pick()).prop_map(|(items, pick)| {
        Value::from(Object::external(
            ARRAY_COLLECTION,
            Value::array(share(items, pick)),
        ))
    });
    let proxy = (members(), pick()).prop_map(|(members, pick)| {
        let (keys, values): (Vec<_>, Vec<_>) = dedup_keys(members, &[]).into_iter().unzip();
        Value::from(Object::external(
            OBJECT_PROXY,
            Value::object(rekey(keys, share(values, pick))),
        ))
    });
    prop_oneof![
        3 => array,
        3 => anonymous,
        3 => typed,
        1 => vector,
        1 => dictionary,
        1 => collection,
        1 => proxy,
    ]
    .boxed()
}

/// Arbitrary values of the parts of AMF3 that `config` allows, at most 5 levels deep and a few
/// dozen nodes, with shared subtrees, repeated strings and repeated classes. Never cyclic.
pub fn arb_value_with(config: ValueConfig) -> BoxedStrategy<Value> {
    let nested =
        arb_leaf(config).prop_recursive(3, 48, 5, move |inner| arb_composite(inner, config));
    // Mostly a composite at the root: references happen inside composites.
    prop_oneof![1 => arb_leaf(config), 6 => arb_composite(nested.boxed(), config)].boxed()
}

/// Arbitrary values of every AMF3 type ([`ValueConfig::ALL`]).
pub fn arb_value() -> BoxedStrategy<Value> {
    arb_value_with(ValueConfig::ALL)
}

/// Arbitrary values that the `amf` crate can express ([`ValueConfig::AMF_CRATE`]).
pub fn arb_amf_value() -> BoxedStrategy<Value> {
    arb_value_with(ValueConfig::AMF_CRATE)
}

/// Arbitrary cyclic values: an array or anonymous object of [`arb_value_with`] items, to which
/// [`add_cycles`] adds [`Value::ObjectRef`]s to enclosing containers.
pub fn arb_cyclic_value(config: ValueConfig) -> BoxedStrategy<Value> {
    let items = vec(arb_value_with(config), 1..4);
    (items, any::<bool>(), any::<u64>())
        .prop_map(|(items, as_object, seed)| {
            let root = if as_object {
                Value::object(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (format!("k{i}"), v)),
                )
            } else {
                Value::array(items)
            };
            add_cycles(&root, seed)
        })
        .boxed()
}

// ---- cycles ----------------------------------------------------------------------------------

/// Rebuilds `v` with back references: at the end of about half of its arrays, dynamic objects,
/// object vectors and dictionaries, a [`Value::ObjectRef`] to one of the containers being written
/// at that point (itself or an ancestor), chosen by `seed`. The indices follow the encoder's
/// object table, so our encoder writes them as cyclic references and our decoder reads them back
/// as the same `ObjectRef`s. Sharing is kept (a shared node is rebuilt once).
pub fn add_cycles(v: &Value, seed: u64) -> Value {
    let mut cycler = Cycler {
        state: seed,
        count: 0,
        open: Vec::new(),
        done: HashMap::new(),
    };
    cycler.visit(v)
}

struct Cycler {
    state: u64,
    /// Object-table entries written so far.
    count: u32,
    /// Indices of the containers being written.
    open: Vec<u32>,
    /// Rebuilt nodes, by the id of the original.
    done: HashMap<NodeId, Value>,
}

impl Cycler {
    /// splitmix64.
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn back_ref(&mut self) -> Option<Value> {
        if self.open.is_empty() || self.next().is_multiple_of(2) {
            return None;
        }
        let pick = (self.next() % self.open.len() as u64) as usize;
        Some(Value::ObjectRef(self.open[pick]))
    }

    fn visit(&mut self, v: &Value) -> Value {
        if let Value::Date(_) = v {
            self.count += 1;
            return v.clone();
        }
        let Some(id) = node_id(v) else {
            return v.clone();
        };
        if let Some(done) = self.done.get(&id) {
            return done.clone();
        }
        let index = self.count;
        self.count += 1;
        self.open.push(index);
        let rebuilt = match v {
            Value::Array(a) => {
                let assoc = a
                    .assoc
                    .iter()
                    .map(|(k, x)| (k.clone(), self.visit(x)))
                    .collect();
                let mut dense: Vec<Value> = a.dense.iter().map(|x| self.visit(x)).collect();
                dense.extend(self.back_ref());
                Value::Array(Arc::new(Array { dense, assoc }))
            }
            Value::Object(o) if o.traits.externalizable => Value::Object(Arc::new(Object {
                external: o.external.as_ref().map(|p| self.visit(p)),
                ..(**o).clone()
            })),
            Value::Object(o) => {
                let sealed = o.sealed.iter().map(|x| self.visit(x)).collect();
                let mut dynamic: Vec<(String, Value)> = o
                    .dynamic
                    .iter()
                    .map(|(k, x)| (k.clone(), self.visit(x)))
                    .collect();
                if o.traits.dynamic {
                    if let Some(r) = self.back_ref() {
                        let taken = |k: &str| {
                            o.traits.sealed.iter().any(|s| s == k)
                                || dynamic.iter().any(|(d, _)| d == k)
                        };
                        let key = (0..)
                            .map(|i| format!("cycle{i}"))
                            .find(|k| !taken(k))
                            .expect("a free name");
                        dynamic.push((key, r));
                    }
                }
                Value::Object(Arc::new(Object {
                    traits: o.traits.clone(),
                    sealed,
                    dynamic,
                    external: None,
                }))
            }
            Value::VectorObject(vo) => {
                let mut items: Vec<Value> = vo.items.iter().map(|x| self.visit(x)).collect();
                items.extend(self.back_ref());
                Value::VectorObject(Arc::new(ObjectVector {
                    fixed: vo.fixed,
                    type_name: vo.type_name.clone(),
                    items,
                }))
            }
            Value::Dictionary(d) => {
                let mut entries: Vec<(Value, Value)> = d
                    .entries
                    .iter()
                    .map(|(k, x)| (self.visit(k), self.visit(x)))
                    .collect();
                if let Some(r) = self.back_ref() {
                    entries.push((Value::from("cycle"), r));
                }
                Value::Dictionary(Arc::new(Dictionary {
                    weak: d.weak,
                    entries,
                }))
            }
            leaf => leaf.clone(),
        };
        self.open.pop();
        self.done.insert(id, rebuilt.clone());
        rebuilt
    }
}

// ---- walking ---------------------------------------------------------------------------------

/// How the encoder identifies an object-table node: the `Arc`'s address and the value's kind
/// (empty `Arc<str>`/`Arc<[u8]>` from `Arc::default()` share one static address).
pub type NodeId = (usize, &'static str);

/// The [`NodeId`] of `v`, or `None` for values outside the object table (scalars, strings,
/// dates, object references).
pub fn node_id(v: &Value) -> Option<NodeId> {
    let address = match v {
        Value::XmlDocument(s) | Value::Xml(s) => Arc::as_ptr(s) as *const u8 as usize,
        Value::ByteArray(b) => Arc::as_ptr(b) as *const u8 as usize,
        Value::Array(a) => Arc::as_ptr(a) as usize,
        Value::Object(o) => Arc::as_ptr(o) as usize,
        Value::VectorInt(x) => Arc::as_ptr(x) as usize,
        Value::VectorUint(x) => Arc::as_ptr(x) as usize,
        Value::VectorDouble(x) => Arc::as_ptr(x) as usize,
        Value::VectorObject(x) => Arc::as_ptr(x) as usize,
        Value::Dictionary(x) => Arc::as_ptr(x) as usize,
        _ => return None,
    };
    Some((address, v.type_name()))
}

/// The values directly inside `v`, in the order the encoder writes them (an array's associative
/// part before its dense part; an object's sealed, then dynamic members, or its external
/// payload; a dictionary's keys and values alternately).
pub fn children(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.assoc.iter().map(|(_, x)| x).chain(&a.dense).collect(),
        Value::Object(o) if o.traits.externalizable => o.external.iter().collect(),
        Value::Object(o) => o
            .sealed
            .iter()
            .chain(o.dynamic.iter().map(|(_, x)| x))
            .collect(),
        Value::VectorObject(vo) => vo.items.iter().collect(),
        Value::Dictionary(d) => d.entries.iter().flat_map(|(k, x)| [k, x]).collect(),
        _ => Vec::new(),
    }
}

/// Whether `pred` holds for `v` or any value inside it.
pub fn any_node(v: &Value, pred: &mut impl FnMut(&Value) -> bool) -> bool {
    pred(v) || children(v).into_iter().any(|c| any_node(c, pred))
}

/// Rebuilds `v` with every object replaced by `f(object)` (children first), keeping sharing: a
/// node met twice is rebuilt once.
pub fn map_objects(v: &Value, f: &mut impl FnMut(Object) -> Object) -> Value {
    fn go(
        v: &Value,
        f: &mut impl FnMut(Object) -> Object,
        done: &mut HashMap<NodeId, Value>,
    ) -> Value {
        let Some(id) = node_id(v) else {
            return v.clone();
        };
        if let Some(d) = done.get(&id) {
            return d.clone();
        }
        let rebuilt = match v {
            Value::Array(a) => Value::Array(Arc::new(Array {
                dense: a.dense.iter().map(|x| go(x, f, done)).collect(),
                assoc: a
                    .assoc
                    .iter()
                    .map(|(k, x)| (k.clone(), go(x, f, done)))
                    .collect(),
            })),
            Value::Object(o) => {
                let object = Object {
                    traits: o.traits.clone(),
                    sealed: o.sealed.iter().map(|x| go(x, f, done)).collect(),
                    dynamic: o
                        .dynamic
                        .iter()
                        .map(|(k, x)| (k.clone(), go(x, f, done)))
                        .collect(),
                    external: o.external.as_ref().map(|x| go(x, f, done)),
                };
                Value::Object(Arc::new(f(object)))
            }
            Value::VectorObject(vo) => Value::VectorObject(Arc::new(ObjectVector {
                fixed: vo.fixed,
                type_name: vo.type_name.clone(),
                items: vo.items.iter().map(|x| go(x, f, done)).collect(),
            })),
            Value::Dictionary(d) => Value::Dictionary(Arc::new(Dictionary {
                weak: d.weak,
                entries: d
                    .entries
                    .iter()
                    .map(|(k, x)| (go(k, f, done), go(x, f, done)))
                    .collect(),
            })),
            leaf => leaf.clone(),
        };
        done.insert(id, rebuilt.clone());
        rebuilt
    }
    go(v, f, &mut HashMap::new())
}

/// The object-table index the encoder gives each node of `v`, by [`NodeId`], in writing order
/// (dates take an index too but have no id; a node met again takes none).
pub fn object_indices(v: &Value) -> HashMap<NodeId, u32> {
    fn go(v: &Value, count: &mut u32, out: &mut HashMap<NodeId, u32>) {
        if let Value::Date(_) = v {
            *count += 1;
            return;
        }
        let Some(id) = node_id(v) else {
            return;
        };
        if out.contains_key(&id) {
            return;
        }
        out.insert(id, *count);
        *count += 1;
        for c in children(v) {
            go(c, count, out);
        }
    }
    let mut out = HashMap::new();
    go(v, &mut 0, &mut out);
    out
}

/// How many references of each kind our encoder writes for a value.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct References {
    /// String references (repeated non-empty strings: values, member names, class names, sealed
    /// names, vector type names).
    pub strings: usize,
    /// Trait references (a class written again).
    pub traits: usize,
    /// Object references (a shared node written again, or a [`Value::ObjectRef`]).
    pub objects: usize,
}

impl References {
    /// Whether any reference is written at all.
    pub fn any(&self) -> bool {
        self.strings + self.traits + self.objects > 0
    }
}

/// Counts the references our encoder writes for `v`, by mirroring its three tables.
pub fn encoder_references(v: &Value) -> References {
    #[derive(Default)]
    struct Sim {
        strings: HashSet<String>,
        traits: HashSet<(String, Vec<String>, bool, bool)>,
        nodes: HashSet<NodeId>,
        refs: References,
    }
    impl Sim {
        fn string(&mut self, s: &str) {
            if !s.is_empty() && !self.strings.insert(s.to_owned()) {
                self.refs.strings += 1;
            }
        }
        fn value(&mut self, v: &Value) {
            match v {
                Value::String(s) => self.string(s),
                Value::ObjectRef(_) => self.refs.objects += 1,
                _ => {}
            }
            let Some(id) = node_id(v) else {
                return;
            };
            if !self.nodes.insert(id) {
                self.refs.objects += 1;
                return;
            }
            match v {
                Value::Array(a) => {
                    for (k, x) in &a.assoc {
                        self.string(k);
                        self.value(x);
                    }
                    a.dense.iter().for_each(|x| self.value(x));
                }
                Value::Object(o) => {
                    let t = &o.traits;
                    let key = (
                        t.class_name.clone(),
                        t.sealed.clone(),
                        t.dynamic,
                        t.externalizable,
                    );
                    if self.traits.insert(key) {
                        self.string(&t.class_name);
                        t.sealed.iter().for_each(|s| self.string(s));
                    } else {
                        self.refs.traits += 1;
                    }
                    if t.externalizable {
                        o.external.iter().for_each(|x| self.value(x));
                        return;
                    }
                    o.sealed.iter().for_each(|x| self.value(x));
                    if t.dynamic {
                        for (k, x) in &o.dynamic {
                            self.string(k);
                            self.value(x);
                        }
                    }
                }
                Value::VectorObject(vo) => {
                    self.string(&vo.type_name);
                    vo.items.iter().for_each(|x| self.value(x));
                }
                Value::Dictionary(d) => {
                    for (k, x) in &d.entries {
                        self.value(k);
                        self.value(x);
                    }
                }
                _ => {}
            }
        }
    }
    let mut sim = Sim::default();
    sim.value(v);
    sim.refs
}

// ---- comparison ------------------------------------------------------------------------------

/// The start of a value's debug form, for messages.
fn short(v: &Value) -> String {
    let mut s = format!("{v:?}");
    if s.len() > 160 {
        let mut end = 160;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

/// Compares two values structurally: sharing (which `Arc`) is ignored, traits are compared by
/// content, doubles and dates bit for bit (so `NaN` equals the same `NaN` and `0` differs from
/// `-0`). Returns the path and description of the first difference.
pub fn compare(actual: &Value, expected: &Value) -> Result<(), String> {
    compare_at(actual, expected, "$")
}

fn compare_at(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    let fail = |what: &str| {
        Err(format!(
            "at {path}: {what}\n  actual:   {}\n  expected: {}",
            short(a),
            short(b)
        ))
    };
    let same_len = |x: usize, y: usize| {
        if x == y {
            Ok(())
        } else {
            fail(&format!("lengths {x} and {y}"))
        }
    };
    match (a, b) {
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => Ok(()),
        (Value::Bool(x), Value::Bool(y)) if x == y => Ok(()),
        (Value::Integer(x), Value::Integer(y)) if x == y => Ok(()),
        (Value::Double(x), Value::Double(y)) if x.to_bits() == y.to_bits() => Ok(()),
        (Value::Date(x), Value::Date(y)) if x.millis.to_bits() == y.millis.to_bits() => Ok(()),
        (Value::String(x), Value::String(y)) if x == y => Ok(()),
        (Value::XmlDocument(x), Value::XmlDocument(y)) | (Value::Xml(x), Value::Xml(y))
            if x == y =>
        {
            Ok(())
        }
        (Value::ByteArray(x), Value::ByteArray(y)) if x == y => Ok(()),
        (Value::VectorInt(x), Value::VectorInt(y)) if x == y => Ok(()),
        (Value::VectorUint(x), Value::VectorUint(y)) if x == y => Ok(()),
        (Value::VectorDouble(x), Value::VectorDouble(y))
            if x.fixed == y.fixed
                && x.items
                    .iter()
                    .map(|d| d.to_bits())
                    .eq(y.items.iter().map(|d| d.to_bits())) =>
        {
            Ok(())
        }
        (Value::ObjectRef(x), Value::ObjectRef(y)) if x == y => Ok(()),
        (Value::Array(x), Value::Array(y)) => {
            same_len(x.dense.len(), y.dense.len())?;
            same_len(x.assoc.len(), y.assoc.len())?;
            for (i, (p, q)) in x.dense.iter().zip(&y.dense).enumerate() {
                compare_at(p, q, &format!("{path}[{i}]"))?;
            }
            compare_members(&x.assoc, &y.assoc, path)
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.traits != y.traits {
                return fail(&format!("traits {:?} and {:?}", x.traits, y.traits));
            }
            same_len(x.sealed.len(), y.sealed.len())?;
            for (i, (p, q)) in x.sealed.iter().zip(&y.sealed).enumerate() {
                let name = x.traits.sealed.get(i).map_or("?", String::as_str);
                compare_at(p, q, &format!("{path}.{name}"))?;
            }
            same_len(x.dynamic.len(), y.dynamic.len())?;
            compare_members(&x.dynamic, &y.dynamic, path)?;
            match (&x.external, &y.external) {
                (None, None) => Ok(()),
                (Some(p), Some(q)) => compare_at(p, q, &format!("{path}<external>")),
                _ => fail("one external payload is missing"),
            }
        }
        (Value::VectorObject(x), Value::VectorObject(y)) => {
            if x.fixed != y.fixed || x.type_name != y.type_name {
                return fail("vector flags or type names differ");
            }
            same_len(x.items.len(), y.items.len())?;
            for (i, (p, q)) in x.items.iter().zip(&y.items).enumerate() {
                compare_at(p, q, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Dictionary(x), Value::Dictionary(y)) => {
            if x.weak != y.weak {
                return fail("weak flags differ");
            }
            same_len(x.entries.len(), y.entries.len())?;
            for (i, ((pk, pv), (qk, qv))) in x.entries.iter().zip(&y.entries).enumerate() {
                compare_at(pk, qk, &format!("{path}{{key {i}}}"))?;
                compare_at(pv, qv, &format!("{path}{{value {i}}}"))?;
            }
            Ok(())
        }
        _ => fail("values differ"),
    }
}

fn compare_members(x: &[(String, Value)], y: &[(String, Value)], path: &str) -> Result<(), String> {
    for ((k, p), (l, q)) in x.iter().zip(y) {
        if k != l {
            return Err(format!("at {path}: member names {k:?} and {l:?}"));
        }
        compare_at(p, q, &format!("{path}.{k}"))?;
    }
    Ok(())
}

/// [`compare`] for proptest bodies: a difference fails the case with its description.
pub fn check_same(actual: &Value, expected: &Value) -> Result<(), TestCaseError> {
    compare(actual, expected).map_err(TestCaseError::fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use amf_runtime::amf3::{from_slice, to_vec};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    #[test]
    fn compare_is_bitwise_and_ignores_sharing() {
        let shared = Value::array([Value::Double(f64::NAN)]);
        let a = Value::array([shared.clone(), shared]);
        let b = Value::array([
            Value::array([Value::Double(f64::NAN)]),
            Value::array([Value::Double(f64::NAN)]),
        ]);
        assert_eq!(compare(&a, &b), Ok(()));
        assert!(compare(&Value::Double(0.0), &Value::Double(-0.0)).is_err());
        let err = compare(
            &Value::object([("a", Value::Integer(1))]),
            &Value::object([("a", Value::Integer(2))]),
        );
        assert!(err.unwrap_err().starts_with("at $.a:"));
    }

    #[test]
    fn reference_counts_follow_the_encoder() {
        let shared = Value::array([]);
        let v = Value::array([
            Value::from("s"),
            Value::from("s"),
            shared.clone(),
            shared,
            Value::object([("s", Value::Null)]),
            Value::object([("t", Value::Null)]),
        ]);
        let refs = encoder_references(&v);
        assert_eq!(
            refs,
            References {
                strings: 2,
                traits: 1,
                objects: 1
            }
        );
        assert!(!encoder_references(&Value::array([Value::from("a"), Value::from("b")])).any());
    }

    #[test]
    fn generated_values_round_trip_through_our_codec() {
        let mut runner = TestRunner::deterministic();
        let mut stats = References::default();
        for _ in 0..200 {
            let v = arb_cyclic_value(ValueConfig::ALL)
                .new_tree(&mut runner)
                .unwrap()
                .current();
            let refs = encoder_references(&v);
            stats.strings += refs.strings;
            stats.traits += refs.traits;
            stats.objects += refs.objects;
            let bytes = to_vec(&v).unwrap();
            let back: Value = from_slice(&bytes).unwrap();
            compare(&back, &v).unwrap();
        }
        // The generator does produce every kind of reference.
        assert!(
            stats.strings > 0 && stats.traits > 0 && stats.objects > 0,
            "{stats:?}"
        );
    }

    #[test]
    fn object_indices_count_dates_and_skip_repeats() {
        let shared = Value::array([]);
        let v = Value::array([
            Value::Date(Date { millis: 0.0 }),
            shared.clone(),
            shared.clone(),
        ]);
        let indices = object_indices(&v);
        assert_eq!(indices[&node_id(&v).unwrap()], 0);
        assert_eq!(indices[&node_id(&shared).unwrap()], 2);
        assert_eq!(indices.len(), 2);
    }
}
