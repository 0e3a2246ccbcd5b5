//! Interop of derived types with PyAMF (PyPI `py3amf`, imported as `pyamf`), through
//! `tests/python/derive_peer.py`, which registers Python classes under the same aliases:
//! a roster written by Rust decodes in Python as instances of those classes with the same
//! attribute values, and the same roster written by Python (sealed members in alphabetical
//! order, integral numbers as doubles) decodes into the Rust types.
//!
//! PyAMF must be importable: the test runs `python3 -m pip install --quiet py3amf` once if it is
//! not. Without python3, or if that install fails, the test fails under `CI=true` and is skipped
//! with a message elsewhere.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use amf_runtime::amf3::{self, ByteArray, DecodeOptions};
use amf_runtime::{AmfClass, ClassRegistry};

#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.Player", rename_all = "camelCase")]
struct Player {
    player_id: i32,
    name: String,
    score: f64,
    active: bool,
    tags: Vec<String>,
    nickname: Option<String>,
    avatar: ByteArray,
    home: Address,
    color: Color,
    level: Level,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.Address")]
struct Address {
    city: String,
    zip: i32,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(repr = "integer")]
enum Level {
    Rookie = 1,
    Pro = 5,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(tag = "kind")]
enum Shape {
    #[amf(alias = "com.example.Circle")]
    Circle { radius: f64 },
    #[amf(alias = "com.example.Square")]
    Square { side: f64 },
}

/// An anonymous object: a `dict` in Python.
#[derive(AmfClass, Debug, PartialEq)]
struct Roster {
    players: Vec<Player>,
    shapes: Vec<Shape>,
}

/// The value of `roster()` in derive_peer.py.
fn roster() -> Roster {
    Roster {
        players: vec![
            Player {
                player_id: 1,
                name: "Ann".into(),
                score: 12.5,
                active: true,
                tags: vec!["fast".into(), "red".into()],
                nickname: None,
                avatar: ByteArray(vec![1, 2, 3]),
                home: Address {
                    city: "Oslo".into(),
                    zip: 150,
                },
                color: Color::Green,
                level: Level::Pro,
            },
            Player {
                player_id: -70000,
                name: "Bö".into(),
                score: -0.25,
                active: false,
                tags: Vec::new(),
                nickname: Some("bo".into()),
                avatar: ByteArray(Vec::new()),
                home: Address {
                    city: "Rome".into(),
                    zip: 0,
                },
                color: Color::Red,
                level: Level::Rookie,
            },
        ],
        shapes: vec![Shape::Circle { radius: 1.5 }, Shape::Square { side: 2.25 }],
    }
}

fn peer(python: &str, mode: &str, input: &[u8]) -> Result<Output, String> {
    let script = amf_tests::python::script("derive_peer.py");
    let mut child = Command::new(python)
        .arg(script)
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("python3 cannot be run: {e}"))?;
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().map_err(|e| e.to_string())
}

#[test]
fn derived_types_travel_to_and_from_pyamf() {
    let Some(python) = amf_tests::python::require_pyamf("derived_types_travel_to_and_from_pyamf")
    else {
        return;
    };

    let bytes = amf3::to_vec(&roster()).unwrap();
    let out = peer(&python, "check", &bytes).unwrap();
    assert!(
        out.status.success(),
        "PyAMF read something else: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = peer(&python, "encode", &[]).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(amf3::from_slice::<Roster>(&out.stdout).unwrap(), roster());

    // A strict decoder that knows every class reads it too.
    let mut registry = ClassRegistry::new();
    registry
        .register::<Player>()
        .unwrap()
        .register::<Address>()
        .unwrap()
        .register::<Shape>()
        .unwrap();
    let strict = DecodeOptions::default().allowed_aliases(registry);
    assert_eq!(
        amf3::from_slice_with::<Roster>(&out.stdout, &strict).unwrap(),
        roster()
    );
}
