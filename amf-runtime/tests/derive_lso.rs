//! Interop of derived types with flash-lso 0.7 (Ruffle's AMF3 reader and writer): derived
//! structs read back in flash-lso as typed objects with the class alias, the sealed member
//! names in order and the values, and flash-lso's typed objects decode into the structs.

use amf_runtime::amf3;
use amf_runtime::AmfClass;
use flash_lso::types::{ClassDefinition, Element, ObjectId, ObjectValue, Value as Lso};

#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Item", rename_all = "camelCase")]
struct Item {
    item_id: i32,
    label: String,
    price: f64,
    on_sale: bool,
    tags: Vec<String>,
    note: Option<String>,
    origin: Origin,
}

#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Origin")]
struct Origin {
    country: String,
}

fn items() -> Vec<Item> {
    vec![
        Item {
            item_id: 7,
            label: "lamp".into(),
            price: 19.5,
            on_sale: true,
            tags: vec!["home".into()],
            note: None,
            origin: Origin {
                country: "NO".into(),
            },
        },
        Item {
            item_id: -3,
            label: "desk".into(),
            price: 120.0,
            on_sale: false,
            tags: Vec::new(),
            note: Some("heavy".into()),
            origin: Origin {
                country: "IT".into(),
            },
        },
    ]
}

/// A typed, sealed flash-lso object.
fn lso_typed(id: ObjectId, alias: &str, members: Vec<(&str, Lso)>) -> Lso {
    Lso::Object {
        id,
        data: ObjectValue {
            class_definition: Some(ClassDefinition {
                name: alias.into(),
                attributes: Default::default(),
                static_properties: members.iter().map(|(name, _)| (*name).to_owned()).collect(),
            }),
            elements: members
                .into_iter()
                .map(|(name, value)| Element::new(name, value))
                .collect(),
        },
    }
}

/// Object ids in order of appearance, as flash-lso's reader assigns them.
fn next(id: &mut i64) -> ObjectId {
    *id += 1;
    ObjectId(*id - 1)
}

/// `items()` as flash-lso values (`price` 120.0 is a double: Rust writes `f64` as one).
fn lso_items() -> Lso {
    let mut id = 0;
    let array_id = next(&mut id);
    let values = items()
        .into_iter()
        .map(|item| {
            let object_id = next(&mut id);
            let tags = Lso::StrictArray {
                id: next(&mut id),
                values: item.tags.into_iter().map(Lso::String).collect(),
            };
            let origin = lso_typed(
                next(&mut id),
                "com.example.Origin",
                vec![("country", Lso::String(item.origin.country))],
            );
            lso_typed(
                object_id,
                "com.example.Item",
                vec![
                    ("itemId", Lso::Integer(item.item_id)),
                    ("label", Lso::String(item.label)),
                    ("price", Lso::Number(item.price)),
                    ("onSale", Lso::Bool(item.on_sale)),
                    ("tags", tags),
                    ("note", item.note.map_or(Lso::Null, Lso::String)),
                    ("origin", origin),
                ],
            )
        })
        .collect();
    Lso::StrictArray {
        id: array_id,
        values,
    }
}

/// flash-lso has no public call that encodes one AMF3 value: its AMF0 packet writer wraps one,
/// as the only message's contents, behind a fixed prefix of 15 bytes (version, header and
/// message counts, two empty URIs, the contents length and the AMF0 "AMF3 follows" marker).
fn lso_encode(value: Lso) -> Vec<u8> {
    use flash_lso::packet::{Message, Packet};
    let packet = Packet {
        version: flash_lso::types::AMFVersion::AMF3,
        headers: Vec::new(),
        messages: vec![Message {
            target_uri: String::new(),
            response_uri: String::new(),
            contents: Lso::AMF3(Box::new(value)),
        }],
    };
    let bytes = flash_lso::packet::write::write_to_bytes(&packet, true).expect("flash-lso encodes");
    assert_eq!(&bytes[..6], [0, 3, 0, 0, 0, 1]);
    assert_eq!(bytes[14], 0x11);
    bytes[15..].to_vec()
}

fn lso_decode(bytes: &[u8]) -> Lso {
    let (rest, value) = flash_lso::amf3::read::AMF3Decoder::default()
        .parse_single_element(bytes)
        .expect("flash-lso decodes");
    assert!(rest.is_empty());
    value
}

#[test]
fn derived_structs_read_as_flash_lso_typed_objects() {
    let bytes = amf3::to_vec(&items()).unwrap();
    assert_eq!(lso_decode(&bytes), lso_items());
}

#[test]
fn flash_lso_typed_objects_decode_into_derived_structs() {
    let bytes = lso_encode(lso_items());
    assert_eq!(amf3::from_slice::<Vec<Item>>(&bytes).unwrap(), items());
}
