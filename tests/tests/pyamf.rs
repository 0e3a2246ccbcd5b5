//! Cross-check of our AMF3 codec against PyAMF (PyPI `py3amf`, imported as `pyamf`), through
//! `tests/python/amf_peer.py`:
//!
//! - Rust → PyAMF → Rust: we encode a corpus of values, PyAMF decodes and re-encodes each, we
//!   decode PyAMF's bytes and compare with the original. Where PyAMF is known to change a value
//!   (its quirks, listed in shared/FACTS.md and found here), the case states exactly what PyAMF
//!   gives back instead, so that the test fails if the quirk ever goes away or changes.
//! - PyAMF → Rust: PyAMF encodes a corpus of Python values and describes each in JSON (what AMF3
//!   value it stands for); we decode each and compare, sharing and cycles included.
//!
//! PyAMF must be importable: the tests run `python3 -m pip install --quiet py3amf==0.9.1` once if
//! it is not. Without python3, or if that install fails, the tests fail under `CI=true` and are
//! skipped with a message elsewhere.
//!
//! Who is right when PyAMF and we disagree is decided by Adobe's AMF 3 specification; each quirk
//! below says which side it is on.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use amf_runtime::amf3::{
    self, Array, ByteArray, ClassDef, Date, Decode, DecodeError, DecodeErrorKind, Decoder,
    Dictionary, Encode, EncodeError, Encoder, Object, ObjectVector, Traits, Value, Vector,
    ARRAY_COLLECTION, INTEGER_MAX, INTEGER_MIN, OBJECT_PROXY,
};
use serde_json::Value as Json;

// ---- environment -------------------------------------------------------------------------------

fn script() -> PathBuf {
    amf_tests::python::script("amf_peer.py")
}

/// Whether the test can run: under `CI=true` a missing PyAMF is a failure, elsewhere a skip.
fn require_pyamf(test: &str) -> bool {
    amf_tests::python::require_pyamf(test).is_some()
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "amf-pyamf-{tag}-{}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run_peer(args: &[&Path], mode: &str) {
    let out = Command::new(amf_tests::python::python())
        .arg(script())
        .arg(mode)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "amf_peer.py {mode} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- comparison --------------------------------------------------------------------------------

/// Compares `expected` and `actual` structurally, with the same sharing: a node that appears
/// twice in one (the same `Arc`) must appear twice in the other, as one node. Doubles and dates
/// are compared by their bits, except that any NaN equals any NaN (PyAMF writes every NaN as
/// fff8000000000000, whatever NaN it read: AMF3 gives no meaning to NaN payloads, so that is no
/// disagreement).
#[derive(Default)]
struct Comparison {
    /// Expected node address → actual node address, and back.
    forward: HashMap<usize, usize>,
    backward: HashMap<usize, usize>,
}

fn same_double(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// The address of the node behind a shared value, if it is one.
fn node_address(v: &Value) -> Option<usize> {
    Some(match v {
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
    })
}

impl Comparison {
    fn values(&mut self, path: &str, e: &Value, a: &Value) -> Result<(), String> {
        if let (Some(pe), Some(pa)) = (node_address(e), node_address(a)) {
            match (self.forward.get(&pe), self.backward.get(&pa)) {
                (Some(&seen), _) if seen == pa => return Ok(()), // the same pair met again: shared
                (None, None) => {
                    self.forward.insert(pe, pa);
                    self.backward.insert(pa, pe);
                }
                _ => return Err(format!("{path}: the sharing differs (a node is shared in one tree, copied in the other)")),
            }
        }
        let differ = || Err(format!("{path}: expected {e:?}\n  found {a:?}"));
        match (e, a) {
            (Value::Double(x), Value::Double(y)) => {
                if !same_double(*x, *y) {
                    return differ();
                }
            }
            (Value::Date(x), Value::Date(y)) => {
                if !same_double(x.millis, y.millis) {
                    return differ();
                }
            }
            (Value::VectorDouble(x), Value::VectorDouble(y)) => {
                if x.fixed != y.fixed
                    || x.items.len() != y.items.len()
                    || !x
                        .items
                        .iter()
                        .zip(&y.items)
                        .all(|(x, y)| same_double(*x, *y))
                {
                    return differ();
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                self.named(&format!("{path}.assoc"), &x.assoc, &y.assoc)?;
                self.list(&format!("{path}.dense"), &x.dense, &y.dense)?;
            }
            (Value::Object(x), Value::Object(y)) => {
                if x.traits != y.traits {
                    return Err(format!(
                        "{path}: traits differ:\n  expected {:?}\n  found {:?}",
                        x.traits, y.traits
                    ));
                }
                self.list(&format!("{path}.sealed"), &x.sealed, &y.sealed)?;
                self.named(&format!("{path}.dynamic"), &x.dynamic, &y.dynamic)?;
                match (&x.external, &y.external) {
                    (Some(x), Some(y)) => self.values(&format!("{path}.external"), x, y)?,
                    (None, None) => {}
                    _ => return differ(),
                }
            }
            (Value::VectorObject(x), Value::VectorObject(y)) => {
                if x.fixed != y.fixed || x.type_name != y.type_name {
                    return differ();
                }
                self.list(&format!("{path}.items"), &x.items, &y.items)?;
            }
            (Value::Dictionary(x), Value::Dictionary(y)) => {
                if x.weak != y.weak || x.entries.len() != y.entries.len() {
                    return differ();
                }
                for (i, ((ke, ve), (ka, va))) in x.entries.iter().zip(&y.entries).enumerate() {
                    self.values(&format!("{path}.key[{i}]"), ke, ka)?;
                    self.values(&format!("{path}.value[{i}]"), ve, va)?;
                }
            }
            _ => {
                if e != a {
                    return differ();
                }
            }
        }
        Ok(())
    }

    fn list(&mut self, path: &str, e: &[Value], a: &[Value]) -> Result<(), String> {
        if e.len() != a.len() {
            return Err(format!(
                "{path}: {} items expected, {} found",
                e.len(),
                a.len()
            ));
        }
        e.iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (e, a))| self.values(&format!("{path}[{i}]"), e, a))
    }

    fn named(
        &mut self,
        path: &str,
        e: &[(String, Value)],
        a: &[(String, Value)],
    ) -> Result<(), String> {
        let names = |v: &[(String, Value)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        if names(e) != names(a) {
            return Err(format!(
                "{path}: names differ: expected {:?}, found {:?}",
                names(e),
                names(a)
            ));
        }
        e.iter()
            .zip(a)
            .try_for_each(|((k, e), (_, a))| self.values(&format!("{path}.{k}"), e, a))
    }
}

fn compare(expected: &Value, actual: &Value) -> Result<(), String> {
    Comparison::default().values("$", expected, actual)
}

// ---- Rust → PyAMF → Rust -----------------------------------------------------------------------

/// What PyAMF gives back for a value we encoded.
enum Expect {
    /// The same value, sharing included, and the very bytes we sent: PyAMF makes the same
    /// choices of references and forms as our encoder.
    Same,
    /// The same value, in other bytes.
    SameValue,
    /// A documented PyAMF quirk: PyAMF gives back this other value.
    Changed(Value),
    /// A documented PyAMF quirk that `check` describes.
    Check(fn(&Value) -> Result<(), String>),
    /// PyAMF's re-encoding cannot be read back: `check` says why.
    Unreadable(fn(&DecodeError) -> bool),
    /// PyAMF cannot decode it: its error message contains this.
    PyamfFails(&'static str),
}

struct Case {
    name: &'static str,
    /// What we send.
    bytes: Vec<u8>,
    /// The value those bytes stand for.
    value: Value,
    expect: Expect,
}

fn case(name: &'static str, value: Value, expect: Expect) -> Case {
    let bytes = amf3::to_vec(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
    Case {
        name,
        bytes,
        value,
        expect,
    }
}

fn object(traits: &Arc<Traits>, sealed: Vec<Value>, dynamic: Vec<(&str, Value)>) -> Value {
    Value::Object(Arc::new(Object {
        traits: traits.clone(),
        sealed,
        dynamic: dynamic
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        external: None,
    }))
}

fn traits(class: &str, sealed: &[&str], dynamic: bool) -> Arc<Traits> {
    Arc::new(Traits {
        class_name: class.into(),
        sealed: sealed.iter().map(|s| (*s).to_owned()).collect(),
        dynamic,
        externalizable: false,
    })
}

fn date(millis: f64) -> Value {
    Value::Date(Date { millis })
}

fn bytes(b: &[u8]) -> Value {
    Value::ByteArray(Arc::from(b))
}

/// A Rust struct written by hand the way derived code writes a class: `com.example.User`, with
/// its sealed members in declaration order (not alphabetical).
struct User {
    name: String,
    age: i32,
    email: Option<String>,
}

static USER: ClassDef = ClassDef::new("com.example.User", &["name", "age", "email"], false);

impl Encode for User {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&USER)?;
        self.name.encode(e)?;
        self.age.encode(e)?;
        self.email.encode(e)
    }
}

impl<'de> Decode<'de> for User {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_object(USER.alias, |obj| {
            let (mut name, mut age, mut email) = (None, None, None);
            while let Some(key) = obj.next_member()? {
                match key {
                    "name" => name = Some(obj.value()?),
                    "age" => age = Some(obj.value()?),
                    "email" => email = Some(obj.value()?),
                    _ => {}
                }
            }
            let missing = |m: &str| obj.decoder().missing_member(USER.alias, m);
            Ok(User {
                name: name.ok_or_else(|| missing("name"))?,
                age: age.ok_or_else(|| missing("age"))?,
                email: email.unwrap_or(None),
            })
        })
    }
}

fn rust_cases() -> Vec<Case> {
    use Expect::*;
    let mut cases = vec![
        case("undefined", Value::Undefined, Same),
        case("null", Value::Null, Same),
        case("true", Value::Bool(true), Same),
        case("false", Value::Bool(false), Same),
    ];
    for (name, i) in [
        ("int_0", 0),
        ("int_127", 127),
        ("int_128", 128),
        ("int_16383", 16_383),
        ("int_16384", 16_384),
        ("int_2097151", 2_097_151),
        ("int_2097152", 2_097_152),
        ("int_max", INTEGER_MAX),
        ("int_min", INTEGER_MIN),
        ("int_minus_1", -1),
        ("int_minus_129", -129),
    ] {
        cases.push(case(name, Value::Integer(i), Same));
    }
    for (name, d) in [
        ("double_1_5", 1.5),
        // We send an integral double as a double; PyAMF reads a float and writes it back as a
        // double (it writes every float as a double, so integral floats never become integers).
        ("double_integral", 1.0),
        ("double_beyond_29_bits", 268_435_456.0),
        ("double_2_60", 1_152_921_504_606_846_976.0),
        ("double_negative_zero", -0.0),
        ("double_max", f64::MAX),
        ("double_subnormal", 5e-324),
        ("double_infinity", f64::INFINITY),
        ("double_minus_infinity", f64::NEG_INFINITY),
    ] {
        cases.push(case(name, Value::Double(d), Same));
    }
    // NaN comes back as NaN, but PyAMF writes every NaN as fff8000000000000 (we sent Rust's
    // 7ff8000000000000): AMF3 gives NaN payloads and signs no meaning, so no one is wrong.
    cases.push(case("double_nan", Value::Double(f64::NAN), SameValue));
    // Integers beyond 29 bits, as the typed encoder writes them (as doubles).
    let wide = amf3::to_vec(&(1i64 << 40)).unwrap();
    cases.push(Case {
        name: "i64_2_40",
        bytes: wide,
        value: Value::Double(1_099_511_627_776.0),
        expect: Same,
    });

    cases.extend([
        case("string_empty", "".into(), Same),
        case("string_ascii", "hello".into(), Same),
        case(
            "string_unicode",
            "h\u{e9}llo w\u{f6}rld \u{2713} \u{1F600}".into(),
            Same,
        ),
        case("string_long", "0123456789".repeat(10_000).into(), Same),
        case(
            "strings_repeated",
            Value::array(["same", "same", "other", "same", ""].map(Value::from)),
            Same,
        ),
        case("date_epoch", date(0.0), Same),
        case("date_2017", date(1.5e12), Same),
        case("date_fraction", date(1234.5), Same),
        case("date_before_1970_whole", date(-86_400_000.0), Same),
        // PyAMF quirk (its bug; the spec allows any double): before 1970 with a fraction of a
        // second, PyAMF computes the timestamp wrongly: -1234.5 ms comes back as -2765.5 ms.
        case(
            "date_before_1970_fraction",
            date(-1234.5),
            Changed(date(-2765.5)),
        ),
        // PyAMF quirk: Python datetimes hold microseconds: a tenth of a microsecond is lost.
        case(
            "date_sub_microsecond",
            date(1e12 + 1e-4),
            Changed(date(1e12)),
        ),
        // PyAMF quirk: datetimes end at year 9999; AMF3 (and Flash, up to 8.64e15 ms) goes
        // further. PyAMF cannot decode such a date, nor NaN ("Invalid Date" in Flash).
        case("date_year_55840", date(1.7e15), PyamfFails("out of range")),
        case("date_nan", date(f64::NAN), PyamfFails("NaN")),
        case("bytearray", bytes(&[0, 1, 2, 0xfe, 0xff]), Same),
        case("bytearray_empty", bytes(&[]), Same),
        // Starts with the zlib header but is not zlib data: PyAMF keeps it as it is.
        case(
            "bytearray_zlib_header_only",
            bytes(&[0x78, 0x9c, 1, 2, 3]),
            Same,
        ),
        // PyAMF quirk (its bug: a ByteArray is opaque bytes in AMF3): content that is zlib data
        // (78 9c ...) is silently inflated on decode and deflated again, with a header PyAMF
        // rewrites to 78 da, so different bytes come back.
        case(
            "bytearray_zlib_content",
            bytes(&ZLIB_HELLO),
            Check(|v| match v {
                Value::ByteArray(b) if b[..] != ZLIB_HELLO[..] && b.starts_with(&[0x78, 0xda]) => {
                    Ok(())
                }
                other => Err(format!(
                    "expected recompressed bytes starting 78 da, found {other:?}"
                )),
            }),
        ),
        case(
            "xml",
            Value::Xml(Arc::from("<root a=\"1\"><child>text</child></root>")),
            Same,
        ),
        // PyAMF quirk: XML is parsed and serialized again, so its text may change.
        case(
            "xml_reserialized",
            Value::Xml(Arc::from("<x y=\"1\"/>")),
            Changed(Value::Xml(Arc::from("<x y=\"1\" />"))),
        ),
        // PyAMF quirk: it has one XML type: a legacy XMLDocument (07) comes back as XML (0b).
        case(
            "xml_document",
            Value::XmlDocument(Arc::from("<doc>1</doc>")),
            Changed(Value::Xml(Arc::from("<doc>1</doc>"))),
        ),
        case("array_empty", Value::array([]), Same),
        case(
            "array_dense",
            Value::array([
                Value::Integer(1),
                "two".into(),
                Value::Double(3.5),
                Value::Null,
            ]),
            Same,
        ),
        case(
            "array_mixed",
            Value::Array(Arc::new(Array {
                dense: vec!["zero".into(), Value::Integer(1)],
                assoc: vec![
                    ("key".into(), "value".into()),
                    ("other".into(), Value::Bool(false)),
                ],
            })),
            Same,
        ),
        case(
            "array_assoc_only",
            Value::Array(Arc::new(Array {
                dense: vec![],
                assoc: vec![("a".into(), Value::Integer(1))],
            })),
            Same,
        ),
        case(
            "object_empty",
            Value::object(Vec::<(String, Value)>::new()),
            Same,
        ),
        case(
            "object_anonymous",
            Value::object([
                ("b", Value::Integer(1)),
                ("a", "x".into()),
                (
                    "nested",
                    Value::object([("deep", Value::array([Value::Integer(1)]))]),
                ),
            ]),
            Same,
        ),
    ]);

    // Typed objects of a class PyAMF has registered (com.example.User, sealed name, age, email
    // in amf_peer.py). PyAMF quirks, both valid AMF3 (the traits carry the member order and the
    // flag, so no reader is misled): it writes sealed members in alphabetical order, whatever
    // order the traits it read had; and its classes are dynamic unless declared otherwise, so a
    // sealed-only object comes back flagged dynamic with no dynamic members. The values survive.
    let user = traits("com.example.User", &["name", "age", "email"], false);
    let user_back = traits("com.example.User", &["age", "email", "name"], true);
    let bob = object(
        &user,
        vec!["bob".into(), Value::Integer(42), "bob@example.com".into()],
        vec![],
    );
    let bob_back = object(
        &user_back,
        vec![Value::Integer(42), "bob@example.com".into(), "bob".into()],
        vec![],
    );
    let alice = object(
        &user,
        vec!["alice".into(), Value::Integer(30), Value::Null],
        vec![],
    );
    let alice_back = object(
        &user_back,
        vec![Value::Integer(30), Value::Null, "alice".into()],
        vec![],
    );
    cases.push(case(
        "typed_registered",
        bob.clone(),
        Changed(bob_back.clone()),
    ));
    cases.push(case(
        "typed_registered_repeated",
        Value::array([bob.clone(), alice, bob.clone()]),
        Changed(Value::array([
            bob_back.clone(),
            alice_back,
            bob_back.clone(),
        ])),
    ));
    let typed = User {
        name: "carol".into(),
        age: 25,
        email: None,
    };
    cases.push(Case {
        name: "typed_from_rust_struct",
        bytes: amf3::to_vec(&typed).unwrap(),
        value: object(
            &user,
            vec!["carol".into(), Value::Integer(25), Value::Null],
            vec![],
        ),
        expect: Changed(object(
            &user_back,
            vec![Value::Integer(25), Value::Null, "carol".into()],
            vec![],
        )),
    });
    // A registered class declared not dynamic (com.example.Strict, sealed label, id): only the
    // alphabetical order changes.
    let strict = traits("com.example.Strict", &["label", "id"], false);
    cases.push(case(
        "typed_registered_not_dynamic",
        object(&strict, vec!["l".into(), Value::Integer(7)], vec![]),
        Changed(object(
            &traits("com.example.Strict", &["id", "label"], false),
            vec![Value::Integer(7), "l".into()],
            vec![],
        )),
    ));
    // Sealed and dynamic members (com.example.Mixed, sealed z, a; dynamic).
    let mixed = traits("com.example.Mixed", &["z", "a"], true);
    cases.push(case(
        "typed_registered_mixed",
        object(
            &mixed,
            vec!["zed".into(), Value::Integer(1)],
            vec![("extra", Value::Bool(true))],
        ),
        Changed(object(
            &traits("com.example.Mixed", &["a", "z"], true),
            vec![Value::Integer(1), "zed".into()],
            vec![("extra", Value::Bool(true))],
        )),
    ));
    // A class PyAMF does not know: amf_peer.py's class loader makes it a TypedObject (a dict
    // that keeps its class name), which PyAMF writes as a dynamic object: the sealed members
    // come back as dynamic ones, in wire order. (Flash would keep the traits of an unknown alias
    // as they came; PyAMF's choice loses the sealed/dynamic distinction but no value.)
    let unknown = traits("com.example.Unknown", &["b", "a"], false);
    cases.push(case(
        "typed_unregistered",
        object(&unknown, vec![Value::Integer(1), Value::Integer(2)], vec![]),
        Changed(object(
            &traits("com.example.Unknown", &[], true),
            vec![],
            vec![("b", Value::Integer(1)), ("a", Value::Integer(2))],
        )),
    ));
    cases.push(case(
        "typed_dynamic",
        object(
            &traits("com.example.Point", &[], true),
            vec![],
            vec![("x", Value::Integer(1))],
        ),
        Same,
    ));

    // References: a node twice, and cycles.
    let shared = Value::object([("k", "v".into())]);
    cases.push(case(
        "object_shared",
        Value::array([
            shared.clone(),
            shared.clone(),
            Value::object([("inner", shared)]),
        ]),
        Same,
    ));
    let shared_array = Value::array([Value::Integer(1)]);
    cases.push(case(
        "array_shared",
        Value::array([shared_array.clone(), shared_array]),
        Same,
    ));
    let blob = bytes(&[1, 2, 3]);
    cases.push(case(
        "bytearray_shared",
        Value::array([blob.clone(), blob]),
        Same,
    ));
    cases.push(case(
        "object_cycle",
        Value::object([("name", "loop".into()), ("self", Value::ObjectRef(0))]),
        Same,
    ));
    cases.push(case(
        "array_cycle",
        Value::array([Value::Integer(1), Value::ObjectRef(0)]),
        Same,
    ));
    cases.push(case(
        "dates_repeated",
        Value::array([date(5.0), date(5.0)]),
        Same,
    ));

    // Flex externalizable classes (amf_peer.py imports pyamf.flex).
    cases.push(case(
        "array_collection",
        Value::Object(Arc::new(Object::external(
            ARRAY_COLLECTION,
            Value::array([Value::Integer(1), "a".into()]),
        ))),
        Same,
    ));
    cases.push(case(
        "object_proxy",
        Value::Object(Arc::new(Object::external(
            OBJECT_PROXY,
            Value::object([("a", Value::Integer(1))]),
        ))),
        Same,
    ));

    // PyAMF quirk: no Vector type (0d..10) at all.
    for (name, v) in [
        (
            "vector_int",
            Value::VectorInt(Arc::new(Vector {
                fixed: false,
                items: vec![1, -1],
            })),
        ),
        (
            "vector_uint",
            Value::VectorUint(Arc::new(Vector {
                fixed: true,
                items: vec![u32::MAX],
            })),
        ),
        (
            "vector_double",
            Value::VectorDouble(Arc::new(Vector {
                fixed: false,
                items: vec![0.5],
            })),
        ),
        (
            "vector_object",
            Value::VectorObject(Arc::new(ObjectVector {
                fixed: false,
                type_name: "String".into(),
                items: vec!["a".into()],
            })),
        ),
    ] {
        cases.push(case(name, v, PyamfFails("Unknown data type")));
    }
    // PyAMF quirk (its bug): a Dictionary (11) decodes as a Python tuple (dict, weak-keys flag),
    // which PyAMF writes back as an Array of an anonymous object and a boolean.
    cases.push(case(
        "dictionary",
        Value::Dictionary(Arc::new(Dictionary {
            weak: false,
            entries: vec![("a".into(), Value::Integer(1))],
        })),
        Changed(Value::array([
            Value::object([("a", Value::Integer(1))]),
            Value::Bool(false),
        ])),
    ));
    // PyAMF bug: a Dictionary takes no place in PyAMF's object table (the spec puts it there), so
    // every later object reference is off by one: here the reference to the object after the
    // Dictionary (#2) is beyond PyAMF's table.
    let after = Value::object(Vec::<(String, Value)>::new());
    cases.push(case(
        "dictionary_then_reference",
        Value::array([
            Value::Dictionary(Arc::new(Dictionary {
                weak: false,
                entries: vec![("a".into(), Value::Integer(1))],
            })),
            after.clone(),
            after,
        ]),
        PyamfFails("Unknown reference 2"),
    ));
    // PyAMF bug: it puts the text of an XML value in the string table (the spec keeps XML out of
    // it), so after an XML value its string references are off by one: PyAMF's re-encoding of
    // [xml, "s", "s"] refers to string #1 where our (and Flash's) table holds one string.
    cases.push(case(
        "xml_then_strings",
        Value::array([Value::Xml(Arc::from("<a>b</a>")), "s".into(), "s".into()]),
        Unreadable(|e| {
            matches!(
                e.kind(),
                DecodeErrorKind::BadReference {
                    table: "string",
                    index: 1,
                    len: 1,
                    ..
                }
            )
        }),
    ));
    cases.push(case("everything", everything(), Changed(everything_back())));
    cases
}

/// Zlib data (`zlib.compress(b"hello hello hello")`).
const ZLIB_HELLO: [u8; 16] = [
    0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x00, 0x3a, 0x2e, 0x06, 0x7d,
];

/// Several types together, with references across them.
fn everything_with(user: &Arc<Traits>, back: bool) -> Value {
    let sealed = |name: &str, age: i32| {
        if back {
            vec![Value::Integer(age), Value::Null, name.into()]
        } else {
            vec![name.into(), Value::Integer(age), Value::Null]
        }
    };
    let ann = object(user, sealed("ann", 20), vec![]);
    let blob = bytes(&[9, 9]);
    Value::object([
        (
            "users",
            Value::array([ann.clone(), object(user, sealed("ben", 21), vec![]), ann]),
        ),
        ("when", date(1.5e12)),
        ("blob", blob.clone()),
        ("blob_again", blob),
        (
            "numbers",
            Value::array([Value::Integer(-5), Value::Double(2.5), Value::Double(1e20)]),
        ),
        ("text", "\u{2713}".into()),
        ("nothing", Value::Null),
        ("self", Value::ObjectRef(0)),
    ])
}

fn everything() -> Value {
    everything_with(
        &traits("com.example.User", &["name", "age", "email"], false),
        false,
    )
}

/// `everything` after PyAMF: User objects get the alphabetical, dynamic traits.
fn everything_back() -> Value {
    everything_with(
        &traits("com.example.User", &["age", "email", "name"], true),
        true,
    )
}

#[test]
fn rust_to_pyamf_and_back() {
    if !require_pyamf("rust_to_pyamf_and_back") {
        return;
    }
    let dir = TempDir::new("roundtrip");
    let (input, output) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let cases = rust_cases();
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(names.insert(c.name), "duplicate case {}", c.name);
        // Our own decoder reads what we send as the value it stands for.
        let ours: Value = amf3::from_slice(&c.bytes).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        compare(&c.value, &ours).unwrap_or_else(|e| panic!("{}: our own round trip: {e}", c.name));
        std::fs::write(input.join(format!("{}.amf", c.name)), &c.bytes).unwrap();
    }
    run_peer(&[&input, &output], "roundtrip");

    let mut failures = Vec::new();
    for c in &cases {
        let err_file = output.join(format!("{}.err", c.name));
        let amf_file = output.join(format!("{}.amf", c.name));
        let outcome: Result<(), String> = match (&c.expect, std::fs::read_to_string(&err_file)) {
            (Expect::PyamfFails(needle), Ok(error)) if error.contains(needle) => Ok(()),
            (Expect::PyamfFails(needle), Ok(error)) => {
                Err(format!("PyAMF failed, but not with {needle:?}: {error}"))
            }
            (_, Ok(error)) => Err(format!("PyAMF failed: {error}")),
            (expect, Err(_)) => {
                let back = std::fs::read(&amf_file)
                    .unwrap_or_else(|e| panic!("{}: no output: {e}", c.name));
                let decoded = amf3::from_slice::<Value>(&back);
                match (expect, decoded) {
                    (Expect::PyamfFails(needle), _) => Err(format!(
                        "PyAMF was expected to fail with {needle:?}, and did not"
                    )),
                    (Expect::Unreadable(check), Err(e)) if check(&e) => Ok(()),
                    (_, Err(e)) => Err(format!("PyAMF's bytes {back:02x?} do not decode: {e}")),
                    (Expect::Unreadable(_), Ok(v)) => {
                        Err(format!("expected unreadable bytes, decoded {v:?}"))
                    }
                    (Expect::Same, Ok(_)) if back != c.bytes => Err(format!(
                        "PyAMF's bytes differ from ours:\n  ours  {:02x?}\n  PyAMF {back:02x?}",
                        c.bytes
                    )),
                    (Expect::Same, Ok(v)) => compare(&c.value, &v),
                    (Expect::SameValue, Ok(_)) if back == c.bytes => Err(
                        "PyAMF's bytes are now identical to ours: make this case Same".to_owned(),
                    ),
                    (Expect::SameValue, Ok(v)) => compare(&c.value, &v),
                    (Expect::Changed(expected), Ok(v)) => compare(expected, &v).and_then(|()| {
                        // The quirk is real: the value did change.
                        match compare(&c.value, &v) {
                            Ok(()) => {
                                Err("PyAMF gave the original value back: the quirk is gone"
                                    .to_owned())
                            }
                            Err(_) => Ok(()),
                        }
                    }),
                    (Expect::Check(check), Ok(v)) => check(&v),
                }
            }
        };
        if let Err(why) = outcome {
            failures.push(format!("{}: {why}", c.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---- PyAMF → Rust ------------------------------------------------------------------------------

/// Compares a decoded value with PyAMF's JSON description of what it encoded.
struct Described<'a> {
    /// Description id → the actual node it matched.
    nodes: HashMap<u64, &'a Value>,
    /// Object-table index (as our decoder numbers them in a Value) → actual node address.
    by_index: Vec<Option<usize>>,
}

/// The object-table numbers of a decoded Value's nodes, in wire order: what `Value::ObjectRef`
/// indexes. Every node takes the next number when first met; a date takes one each time it
/// appears (a Value holds a date by value, and the encoder writes it each time).
fn number_nodes(
    v: &Value,
    seen: &mut std::collections::HashSet<usize>,
    out: &mut Vec<Option<usize>>,
) {
    if let Value::Date(_) = v {
        out.push(None);
        return;
    }
    let Some(address) = node_address(v) else {
        return;
    };
    if !seen.insert(address) {
        return;
    }
    out.push(Some(address));
    match v {
        Value::Array(a) => {
            a.assoc.iter().for_each(|(_, v)| number_nodes(v, seen, out));
            a.dense.iter().for_each(|v| number_nodes(v, seen, out));
        }
        Value::Object(o) => {
            o.sealed.iter().for_each(|v| number_nodes(v, seen, out));
            o.dynamic
                .iter()
                .for_each(|(_, v)| number_nodes(v, seen, out));
            o.external.iter().for_each(|v| number_nodes(v, seen, out));
        }
        Value::VectorObject(x) => x.items.iter().for_each(|v| number_nodes(v, seen, out)),
        Value::Dictionary(d) => d.entries.iter().for_each(|(k, v)| {
            number_nodes(k, seen, out);
            number_nodes(v, seen, out);
        }),
        _ => {}
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn double_of(bits: &Json) -> f64 {
    let b: [u8; 8] = hex(bits.as_str().unwrap()).try_into().unwrap();
    f64::from_be_bytes(b)
}

impl<'a> Described<'a> {
    fn new(actual: &'a Value) -> Self {
        let mut by_index = Vec::new();
        number_nodes(actual, &mut Default::default(), &mut by_index);
        Described {
            nodes: HashMap::new(),
            by_index,
        }
    }

    fn check(&mut self, path: &str, d: &Json, a: &'a Value) -> Result<(), String> {
        let t = d["t"].as_str().unwrap();
        let differ = || Err(format!("{path}: expected {d}\n  found {a:?}"));
        if let (Some(id), false) = (d["id"].as_u64(), t == "ref" || t == "cycle") {
            self.nodes.insert(id, a);
        }
        match (t, a) {
            ("null", Value::Null) | ("undefined", Value::Undefined) => Ok(()),
            ("bool", Value::Bool(b)) if d["v"].as_bool() == Some(*b) => Ok(()),
            ("int", Value::Integer(i)) if d["v"].as_i64() == Some(i64::from(*i)) => Ok(()),
            ("double", Value::Double(x)) if same_double(double_of(&d["bits"]), *x) => Ok(()),
            ("string", Value::String(s)) if d["v"].as_str() == Some(s) => Ok(()),
            ("date", Value::Date(x)) if same_double(double_of(&d["bits"]), x.millis) => Ok(()),
            ("bytes", Value::ByteArray(b)) if hex(d["hex"].as_str().unwrap()) == b[..] => Ok(()),
            ("xml", Value::Xml(s)) if d["v"].as_str() == Some(s) => Ok(()),
            ("array", Value::Array(x)) => {
                let assoc = d["assoc"].as_array().unwrap();
                let dense = d["dense"].as_array().unwrap();
                if assoc.len() != x.assoc.len() || dense.len() != x.dense.len() {
                    return differ();
                }
                for (pair, (k, v)) in assoc.iter().zip(&x.assoc) {
                    if pair[0].as_str() != Some(k) {
                        return differ();
                    }
                    self.check(&format!("{path}.{k}"), &pair[1], v)?;
                }
                for (i, (d, v)) in dense.iter().zip(&x.dense).enumerate() {
                    self.check(&format!("{path}[{i}]"), d, v)?;
                }
                Ok(())
            }
            ("object", Value::Object(o)) => {
                if d["class"].as_str() != Some(&o.traits.class_name) {
                    return differ();
                }
                if d["external"].as_bool().unwrap_or(false) {
                    let Some(payload) = &o.external else {
                        return differ();
                    };
                    return self.check(&format!("{path}.external"), &d["payload"], payload);
                }
                if d["dynamic"].as_bool() != Some(o.traits.dynamic) || o.traits.externalizable {
                    return differ();
                }
                // PyAMF quirk: sealed members travel in alphabetical order, whatever the
                // class declares: compare the set of names, check the order is alphabetical,
                // and compare each value by name.
                let declared = d["sealed"].as_array().unwrap();
                let mut names: Vec<&str> =
                    declared.iter().map(|p| p[0].as_str().unwrap()).collect();
                names.sort_unstable();
                if o.traits.sealed != names {
                    return Err(format!(
                        "{path}: sealed members {:?}, expected {names:?} (declared {declared:?}, in alphabetical order)",
                        o.traits.sealed
                    ));
                }
                for pair in declared {
                    let name = pair[0].as_str().unwrap();
                    let i = o.traits.sealed.iter().position(|s| s == name).unwrap();
                    self.check(&format!("{path}.{name}"), &pair[1], &o.sealed[i])?;
                }
                let members = d["members"].as_array().unwrap();
                if members.len() != o.dynamic.len() {
                    return differ();
                }
                for (pair, (k, v)) in members.iter().zip(&o.dynamic) {
                    if pair[0].as_str() != Some(k) {
                        return differ();
                    }
                    self.check(&format!("{path}.{k}"), &pair[1], v)?;
                }
                Ok(())
            }
            ("ref", _) => {
                let id = d["id"].as_u64().unwrap();
                let earlier = *self
                    .nodes
                    .get(&id)
                    .ok_or_else(|| format!("{path}: unknown id {id}"))?;
                match (node_address(earlier), node_address(a)) {
                    // The same node, shared (not a copy).
                    (Some(x), Some(y)) if x == y => Ok(()),
                    // A date has no identity in a Value: the same date is enough.
                    (None, None) if matches!((earlier, a), (Value::Date(x), Value::Date(y)) if same_double(x.millis, y.millis)) => {
                        Ok(())
                    }
                    _ => Err(format!(
                        "{path}: expected the node of id {id} again, found {a:?}"
                    )),
                }
            }
            ("cycle", Value::ObjectRef(n)) => {
                let id = d["id"].as_u64().unwrap();
                let ancestor = self.nodes.get(&id).and_then(|v| node_address(v));
                let target = self.by_index.get(*n as usize).copied().flatten();
                if ancestor.is_some() && ancestor == target {
                    Ok(())
                } else {
                    Err(format!(
                        "{path}: ObjectRef({n}) should point to the node of id {id}"
                    ))
                }
            }
            _ => differ(),
        }
    }
}

#[test]
fn pyamf_to_rust() {
    if !require_pyamf("pyamf_to_rust") {
        return;
    }
    let dir = TempDir::new("emit");
    run_peer(&[dir.path()], "emit");
    let corpus: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("corpus.json")).unwrap())
            .unwrap();
    let entries = corpus["entries"].as_array().unwrap();
    assert!(entries.len() >= 50, "only {} entries", entries.len());
    let mut failures = Vec::new();
    let mut bugs_confirmed = Vec::new();
    for entry in entries {
        let name = entry["name"].as_str().unwrap();
        let bytes = std::fs::read(dir.path().join(format!("{name}.amf"))).unwrap();
        let decoded = amf3::from_slice::<Value>(&bytes);
        let outcome = match &decoded {
            Ok(v) => Described::new(v).check("$", &entry["value"], v),
            Err(e) => Err(format!("does not decode: {e}")),
        };
        match (entry["pyamf_bug"].as_str(), outcome) {
            (None, Ok(())) => {}
            (None, Err(why)) => failures.push(format!("{name}: {why}\n  bytes {bytes:02x?}")),
            (Some(bug), Ok(())) => failures.push(format!(
                "{name}: PyAMF bug {bug:?} is gone: update the case"
            )),
            (Some(bug), Err(_)) => {
                // Each known bug must show the way it is documented.
                let shown = match (bug, &decoded) {
                    // -1234.5 ms (1969-12-31T23:59:58.7655) goes out as -2765.5 ms.
                    ("pre-1970-fraction", Ok(Value::Date(d))) => d.millis == -2765.5,
                    // Compressed data (zlib with the header rewritten to 78 da) travels instead of
                    // the content; the content itself is not what arrives.
                    ("zlib-compress", Ok(Value::ByteArray(b))) => b.starts_with(&[0x78, 0xda]),
                    // The second "s" is string reference #1, and our table holds one string.
                    ("xml-string-table", Err(e)) => {
                        matches!(
                            e.kind(),
                            DecodeErrorKind::BadReference {
                                table: "string",
                                index: 1,
                                len: 1,
                                ..
                            }
                        )
                    }
                    _ => false,
                };
                if shown {
                    bugs_confirmed.push(name);
                } else {
                    failures.push(format!(
                        "{name}: PyAMF bug {bug:?} shows differently: {decoded:?}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} entries failed:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
    assert_eq!(
        bugs_confirmed,
        [
            "date_before_1970_fraction",
            "bytearray_compressed",
            "bytearray_zlib_content",
            "xml_then_strings"
        ]
    );
}

/// PyAMF's corpus read straight into typed Rust values.
#[test]
fn pyamf_corpus_into_typed_targets() {
    if !require_pyamf("pyamf_corpus_into_typed_targets") {
        return;
    }
    let dir = TempDir::new("typed");
    run_peer(&[dir.path()], "emit");
    let read = |name: &str| std::fs::read(dir.path().join(format!("{name}.amf"))).unwrap();

    // Sealed members in alphabetical order: a member-wise reader does not care.
    let bob: User = amf3::from_slice(&read("typed_sealed")).unwrap();
    assert_eq!(
        (bob.name.as_str(), bob.age, bob.email.as_deref()),
        ("bob", 42, Some("bob@example.com"))
    );
    let alice: User = amf3::from_slice(&read("typed_sealed_null_member")).unwrap();
    assert_eq!(
        (alice.name.as_str(), alice.age, alice.email),
        ("alice", 30, None)
    );
    // A reference to bob read again (typed values are copies).
    let users: Vec<User> = amf3::from_slice(&read("typed_repeated")).unwrap();
    assert_eq!(
        users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        ["bob", "alice", "bob"]
    );

    assert_eq!(amf3::from_slice::<i64>(&read("int_2_40")).unwrap(), 1 << 40);
    assert_eq!(
        amf3::from_slice::<i32>(&read("int_min29")).unwrap(),
        INTEGER_MIN
    );
    assert_eq!(
        amf3::from_slice::<i64>(&read("int_beyond29")).unwrap(),
        1 << 28
    );
    // 2^53 + 1 left Python as a double: the nearest one is 2^53 (our encoder would refuse it).
    assert_eq!(
        amf3::from_slice::<i64>(&read("int_2_53_plus_1")).unwrap(),
        1 << 53
    );
    // An integral float (1.0) travels as a double and still reads into an integer type.
    assert_eq!(amf3::from_slice::<u8>(&read("float_integral")).unwrap(), 1);
    assert_eq!(
        amf3::from_slice::<Option<String>>(&read("none")).unwrap(),
        None
    );
    assert_eq!(
        amf3::from_slice::<Vec<String>>(&read("strings_repeated")).unwrap(),
        ["same", "same", "other", "same"]
    );
    // Python bytes travel as an AMF3 String, not a ByteArray.
    assert_eq!(
        amf3::from_slice::<String>(&read("python_bytes")).unwrap(),
        "raw bytes"
    );
    assert!(amf3::from_slice::<ByteArray>(&read("python_bytes")).is_err());
    assert_eq!(
        amf3::from_slice::<ByteArray>(&read("bytearray")).unwrap().0,
        [0, 1, 2, 0xff]
    );
    assert_eq!(
        amf3::from_slice::<Vec<ByteArray>>(&read("bytearrays_repeated")).unwrap(),
        [
            ByteArray(vec![0, 1, 2, 0xff]),
            ByteArray(vec![0, 1, 2, 0xff])
        ]
    );
    // 2020-01-02T03:04:05.678Z
    assert_eq!(
        amf3::from_slice::<Date>(&read("date")).unwrap().millis,
        1_577_934_245_678.0
    );
    let dict: BTreeMap<String, Value> = amf3::from_slice(&read("dict")).unwrap();
    assert_eq!(dict.keys().collect::<Vec<_>>(), ["a", "b", "nested"]);
    let mixed: HashMap<String, Value> = amf3::from_slice(&read("typed_mixed")).unwrap();
    assert_eq!(mixed["z"], Value::from("zed"));
    assert_eq!(mixed["extra"], Value::Bool(true));
    // An ArrayCollection reads as the sequence it wraps.
    let collection: Vec<Value> = amf3::from_slice(&read("array_collection")).unwrap();
    assert_eq!(collection[..2], [Value::Integer(1), Value::from("a")]);
    // A cycle cannot become a typed value.
    let e = amf3::from_slice::<Loop>(&read("dict_cycle")).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::CyclicReference(0));
}

/// `{name, self}`, read as a typed chain: PyAMF's `dict_cycle` makes it endless.
#[derive(Debug)]
struct Loop {
    _name: String,
    _next: Option<Box<Loop>>,
}

impl<'de> Decode<'de> for Loop {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_object("", |obj| {
            let (mut name, mut next) = (None, None);
            while let Some(key) = obj.next_member()? {
                match key {
                    "name" => name = Some(obj.value()?),
                    "self" => next = Some(obj.value()?),
                    _ => {}
                }
            }
            Ok(Loop {
                _name: name.ok_or_else(|| obj.decoder().missing_member("Loop", "name"))?,
                _next: next.flatten(),
            })
        })
    }
}
