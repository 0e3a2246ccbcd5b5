//! `ClassRegistry`: registerClassAlias / getClassByAlias, dynamic decoding of typed objects, and
//! strict decoding that rejects every class not registered.

use std::sync::Arc;

use amf_runtime::amf3::{
    self, DecodeErrorKind, DecodeOptions, Object, Traits, Value, ARRAY_COLLECTION,
};
use amf_runtime::{AmfClass, ClassRegistry};

#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.User")]
struct User {
    name: String,
    friend: Option<Box<User>>,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.User")]
struct Impostor {
    name: String,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.Room")]
struct Room {
    title: String,
    members: Vec<User>,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.Page")]
struct Page<T> {
    items: Vec<T>,
}

#[derive(AmfClass, Debug, PartialEq)]
#[amf(tag = "kind")]
enum Event {
    #[amf(alias = "com.example.Joined")]
    Joined {
        user: String,
    },
    #[amf(alias = "com.example.Left")]
    Left {
        user: String,
    },
    Tick,
}

fn user_value(name: &str) -> Value {
    let traits = Traits::sealed("com.example.User", ["name", "friend"]);
    Value::from(Object::typed(traits, vec![name.into(), Value::Null]))
}

fn registry() -> ClassRegistry {
    let mut registry = ClassRegistry::new();
    registry
        .register::<User>()
        .unwrap()
        .register::<Room>()
        .unwrap()
        .register::<Event>()
        .unwrap();
    registry
}

#[test]
fn class_by_alias_finds_the_type() {
    let registry = registry();
    let info = registry.class_by_alias("com.example.User").unwrap();
    assert_eq!(info.alias, "com.example.User");
    assert_eq!(info.type_name, std::any::type_name::<User>());
    assert_eq!(info.type_id, std::any::TypeId::of::<User>());
    let defs: Vec<_> = info.class_defs().collect();
    assert_eq!(defs.len(), 1);
    assert_eq!(
        (defs[0].sealed, defs[0].dynamic),
        (&["name", "friend"][..], false)
    );
    assert!(registry.class_by_alias("com.example.Nobody").is_none());
}

#[test]
fn an_enum_registers_every_variant_alias() {
    let registry = registry();
    for alias in ["com.example.Joined", "com.example.Left"] {
        let info = registry.class_by_alias(alias).unwrap();
        assert_eq!(info.type_name, std::any::type_name::<Event>());
        assert_eq!(info.class_defs().next().unwrap().sealed, ["kind", "user"]);
    }
}

#[test]
fn one_alias_one_type() {
    let mut registry = registry();
    registry
        .register::<User>()
        .expect("the same type again is fine");
    let err = registry.register::<Impostor>().unwrap_err();
    assert_eq!(err.alias, "com.example.User");
    assert_eq!(
        err.to_string(),
        format!(
            "class alias `com.example.User` is registered to `{}`: `{}` cannot take it too",
            std::any::type_name::<User>(),
            std::any::type_name::<Impostor>()
        )
    );
    // Two instances of one generic type are two types.
    registry.register::<Page<User>>().unwrap();
    assert!(registry.register::<Page<Room>>().is_err());
}

#[test]
fn decode_typed_objects_found_in_a_value() {
    let registry = registry();
    let params = Value::object([("user", user_value("ann")), ("n", 1.into())]);
    let user: User = registry.decode(params.get("user").unwrap()).unwrap();
    assert_eq!(
        user,
        User {
            name: "ann".into(),
            friend: None
        }
    );

    let any = registry.decode_any(params.get("user").unwrap()).unwrap();
    assert_eq!(*any.downcast::<User>().unwrap(), user);

    let joined = Value::from(Object::typed(
        Traits::sealed("com.example.Joined", ["kind", "user"]),
        vec!["Joined".into(), "bo".into()],
    ));
    let any = registry.decode_any(&joined).unwrap();
    assert_eq!(
        *any.downcast::<Event>().unwrap(),
        Event::Joined { user: "bo".into() }
    );
}

#[test]
fn decode_any_needs_a_registered_typed_object() {
    let registry = registry();
    let cases = [
        (Value::from(3), "expected typed object, found integer"),
        (Value::object([("a", Value::Null)]), "expected typed object, found anonymous object"),
        (
            Value::from(Object::typed(Traits::sealed("com.evil.Gadget", ["x"]), vec![1.into()])),
            "class `com.evil.Gadget` is not registered: this decoder accepts registered classes only",
        ),
    ];
    for (value, message) in cases {
        assert_eq!(
            registry.decode_any(&value).unwrap_err().kind().to_string(),
            message
        );
    }
}

#[test]
fn registry_decodes_reject_unregistered_classes_inside() {
    let registry = registry();
    let gadget = Value::from(Object::typed(
        Traits::sealed("com.evil.Gadget", ["x"]),
        vec![1.into()],
    ));
    let traits = Traits::sealed("com.example.User", ["name", "friend"]);
    let user = Value::from(Object::typed(traits, vec!["x".into(), gadget]));
    let err = registry.decode::<User>(&user).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnregisteredAlias("com.evil.Gadget".into())
    );
}

#[test]
fn strict_decoders_accept_registered_anonymous_and_builtin_classes_only() {
    let strict = DecodeOptions::default().allowed_aliases(registry());
    let room = Room {
        title: "lobby".into(),
        members: vec![User {
            name: "a".into(),
            friend: None,
        }],
    };
    let bytes = amf3::to_vec(&room).unwrap();
    assert_eq!(
        amf3::from_slice_with::<Room>(&bytes, &strict).unwrap(),
        room
    );
    // A Value too: the check is where traits are read, whatever the target type.
    let value: Value = amf3::from_slice_with(&bytes, &strict).unwrap();
    assert_eq!(value.as_object().unwrap().class_name(), "com.example.Room");

    let collection = Value::from(Object::external(
        ARRAY_COLLECTION,
        Value::array([Value::object([("a", 1.into())])]),
    ));
    let bytes = amf3::to_vec(&collection).unwrap();
    assert_eq!(
        amf3::from_slice_with::<Value>(&bytes, &strict).unwrap(),
        collection
    );

    let anonymous_and_user = Value::array([Value::object([("a", Value::Null)]), user_value("x")]);
    let bytes = amf3::to_vec(&anonymous_and_user).unwrap();
    assert_eq!(
        amf3::from_slice_with::<Value>(&bytes, &strict).unwrap(),
        anonymous_and_user
    );

    let bytes = amf3::to_vec(&Page { items: vec![1] }).unwrap();
    for err in [
        amf3::from_slice_with::<Value>(&bytes, &strict).unwrap_err(),
        amf3::from_slice_with::<Page<i32>>(&bytes, &strict).unwrap_err(),
    ] {
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::UnregisteredAlias("com.example.Page".into())
        );
    }
}

#[test]
fn the_offset_points_at_the_traits() {
    let strict = DecodeOptions::default().allowed_aliases(ClassRegistry::new());
    let bytes = amf3::to_vec(&Value::array([user_value("x")])).unwrap();
    let err = amf3::from_slice_with::<Value>(&bytes, &strict).unwrap_err();
    // array marker, U29 length, empty associative part, object marker, then the traits.
    assert_eq!(err.offset(), 4);
}

#[test]
fn clones_share_until_one_registers() {
    let registry = ClassRegistry::new();
    let mut grown = registry.clone();
    grown.register::<User>().unwrap();
    assert!(registry.class_by_alias("com.example.User").is_none());
    assert!(
        grown.allows("com.example.User") && grown.allows("") && !grown.allows("com.example.Room")
    );
    let shared = Arc::new(grown);
    assert!(format!("{shared:?}").contains("com.example.User"));
}
