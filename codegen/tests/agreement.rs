//! The derive and the generator agree: for every class of the fixture, what the derived Rust
//! encoder writes (its `ClassDef`: alias, sealed member names in order, dynamic) is what the
//! generated ActionScript class declares.
//!
//! The fixture's model is compiled here with the real `#[derive(AmfClass)]`, and the same file
//! is read by the generator.

#[allow(dead_code, unused_imports, unreachable_pub, missing_docs)]
#[path = "data/fixture/input/model.rs"]
mod model;

use amf_codegen::{generate, Generated, Options};
use amf_runtime::amf3::ClassDef;
use amf_runtime::AmfClass;
use model::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every class the derived encoders write, by alias.
fn derived_classes() -> BTreeMap<&'static str, Vec<&'static ClassDef>> {
    let all = [
        User::classes(),
        Page::<Line>::classes(),
        RoomState::classes(),
        Line::classes(),
        Shape::classes(),
        RoomEvent::classes(),
        admin::Note::classes(),
        admin::KeepAlive::classes(),
    ];
    let mut by_alias: BTreeMap<&str, Vec<&ClassDef>> = BTreeMap::new();
    for class in all.into_iter().flatten() {
        by_alias.entry(class.alias).or_default().push(class);
    }
    by_alias
}

/// What a generated class declares: its alias, its members in order, and `dynamic`.
#[derive(Debug, PartialEq)]
struct Declared {
    alias: String,
    members: Vec<String>,
    dynamic: bool,
}

fn generated() -> Generated {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture/input");
    let sources = amf_codegen::read_sources(&[input]).unwrap();
    generate(&sources, &Options::default()).unwrap()
}

fn declared(generated: &Generated) -> BTreeMap<String, Declared> {
    let mut classes = BTreeMap::new();
    for file in &generated.files {
        let Some(subclass) = &file.created_once else {
            continue;
        };
        let base_path = format!(
            "{}/{}.as",
            file.path.rsplit_once('/').unwrap().0,
            subclass.base
        );
        let base = &generated.file(&base_path).expect("the base class").contents;
        let members = base
            .lines()
            .filter_map(|line| line.trim().strip_prefix("public var "))
            .map(|rest| rest.split(':').next().unwrap().to_owned())
            .collect();
        let alias_line = format!("[RemoteClass(alias=\"{}\")]", subclass.alias);
        assert!(file.contents.contains(&alias_line), "{}", file.path);
        let dynamic_base = base.contains(&format!("public dynamic class {} ", subclass.base));
        let dynamic_sub = file
            .contents
            .contains(&format!("public dynamic class {} ", subclass.class));
        assert_eq!(dynamic_base, dynamic_sub, "{}", file.path);
        classes.insert(
            subclass.alias.clone(),
            Declared {
                alias: subclass.alias.clone(),
                members,
                dynamic: dynamic_base,
            },
        );
    }
    classes
}

#[test]
fn every_derived_class_is_declared_alike() {
    let generated = generated();
    let declared = declared(&generated);
    let derived = derived_classes();
    assert_eq!(
        derived.keys().collect::<Vec<_>>(),
        declared
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .iter()
            .collect::<Vec<_>>(),
        "the same aliases on both sides"
    );
    for (alias, defs) in &derived {
        // Variants that share an alias write different members; the class declares them all,
        // in the order they first appear.
        let mut members: Vec<String> = Vec::new();
        for def in defs {
            for name in def.sealed {
                if !members.iter().any(|m| m == name) {
                    members.push((*name).to_owned());
                }
            }
        }
        let expected = Declared {
            alias: (*alias).to_owned(),
            members,
            dynamic: defs.iter().any(|def| def.dynamic),
        };
        assert_eq!(declared[*alias], expected);
    }
}

#[test]
fn the_registration_class_registers_every_alias() {
    let generated = generated();
    let registry = &generated
        .file("generated/ClassAliases.as")
        .unwrap()
        .contents;
    let registered: Vec<&str> = registry
        .lines()
        .filter_map(|line| line.trim().strip_prefix("registerClassAlias(\""))
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let derived: Vec<&str> = derived_classes().keys().copied().collect();
    assert_eq!(registered, derived);
}

/// A value encoded by the derive carries the members the ActionScript class declares, in the
/// same order: checked on the bytes of a real object.
#[test]
fn encoded_bytes_carry_the_declared_members() {
    use amf_runtime::amf3::{self, Value};
    let user = User {
        user_id: UserId(7),
        display_name: "Ann".into(),
        nickname: None,
        age: Some(30),
        roles: vec![Role::Moderator],
        score: 12,
        avatar: Default::default(),
        joined_at: std::time::UNIX_EPOCH,
        away: false,
        session_key: "secret".into(),
    };
    let bytes = amf3::to_vec(&user).unwrap();
    let Value::Object(object) = amf3::from_slice::<Value>(&bytes).unwrap() else {
        panic!("an object")
    };
    let declared = declared(&generated());
    let class = &declared["com.example.chat.User"];
    assert_eq!(object.traits.class_name, class.alias);
    assert_eq!(object.traits.sealed, class.members);
    assert_eq!(object.traits.dynamic, class.dynamic);
}
