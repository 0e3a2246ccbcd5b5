//! The code of `#[derive(AmfClass)]` names everything by absolute path: it compiles in a module
//! without the prelude, and with the runtime crate under another name (`crate = "..."`).

extern crate amf_runtime as renamed_runtime;

#[no_implicit_prelude]
mod hygiene {
    use ::amf_runtime::AmfClass;
    use ::std::collections::BTreeMap;
    use ::std::option::Option;
    use ::std::string::String;
    use ::std::vec::Vec;

    #[derive(AmfClass)]
    #[amf(
        alias = "com.example.Every",
        rename_all = "camelCase",
        dynamic = "rest"
    )]
    pub(crate) struct Every<T> {
        pub(crate) plain_field: T,
        pub(crate) maybe: Option<i32>,
        #[amf(skip)]
        pub(crate) skipped: Vec<u8>,
        #[amf(default)]
        pub(crate) defaulted: bool,
        #[amf(default = "forty_two")]
        pub(crate) from_fn: i32,
        #[amf(with = "codec")]
        pub(crate) custom: String,
        pub(crate) rest: BTreeMap<String, i32>,
    }

    pub(crate) fn forty_two() -> i32 {
        42
    }

    pub(crate) mod codec {
        use ::amf_runtime::amf3::{DecodeError, Decoder, EncodeError, Encoder};
        use ::std::result::Result;
        use ::std::string::String;

        pub(crate) fn encode(value: &str, encoder: &mut Encoder) -> Result<(), EncodeError> {
            encoder.write_str(value)
        }

        pub(crate) fn decode(decoder: &mut Decoder<'_>) -> Result<String, DecodeError> {
            ::std::result::Result::Ok(::std::borrow::ToOwned::to_owned(decoder.read_str()?))
        }
    }

    #[derive(AmfClass)]
    #[amf(crate = "::renamed_runtime")]
    pub(crate) struct Renamed {
        pub(crate) id: u32,
    }

    #[derive(AmfClass)]
    pub(crate) struct Wrapper(pub(crate) Option<String>);

    #[derive(AmfClass)]
    pub(crate) struct Nothing;

    #[derive(AmfClass)]
    pub(crate) enum Name {
        A,
        B,
    }

    #[derive(AmfClass)]
    #[amf(repr = "integer")]
    pub(crate) enum Number {
        One = 1,
        Two,
    }

    #[derive(AmfClass)]
    #[amf(tag = "kind", alias = "com.example.Internal")]
    pub(crate) enum Internal {
        Unit,
        Named { x: i32 },
    }

    #[derive(AmfClass)]
    #[amf(tag = "kind", content = "value")]
    pub(crate) enum Adjacent {
        Unit,
        Newtype(String),
        Named { x: i32 },
    }

    #[derive(AmfClass)]
    pub(crate) struct Borrowed<'a> {
        pub(crate) text: &'a str,
    }
}

#[test]
fn derived_code_needs_no_prelude() {
    use amf_runtime::amf3;
    use hygiene::*;

    let every = Every {
        plain_field: 1.5,
        maybe: None,
        skipped: vec![1],
        defaulted: true,
        from_fn: 1,
        custom: "c".into(),
        rest: [("r".to_owned(), 2)].into(),
    };
    let back: Every<f64> = amf3::from_slice(&amf3::to_vec(&every).unwrap()).unwrap();
    assert_eq!(
        (back.plain_field, back.maybe, back.skipped.len()),
        (1.5, None, 0)
    );
    assert_eq!(
        (back.defaulted, back.from_fn, back.custom.as_str()),
        (true, 1, "c")
    );
    assert_eq!(back.rest, every.rest);

    let renamed: Renamed = amf3::from_slice(&amf3::to_vec(&Renamed { id: 3 }).unwrap()).unwrap();
    assert_eq!(renamed.id, 3);
    let wrapper: Wrapper = amf3::from_slice(&amf3::to_vec(&Wrapper(None)).unwrap()).unwrap();
    assert_eq!(wrapper.0, None);
    let _: Nothing = amf3::from_slice(&amf3::to_vec(&Nothing).unwrap()).unwrap();
    let name: Name = amf3::from_slice(&amf3::to_vec(&Name::B).unwrap()).unwrap();
    assert!(matches!(name, Name::B));
    let number: Number = amf3::from_slice(&amf3::to_vec(&Number::Two).unwrap()).unwrap();
    assert!(matches!(number, Number::Two));
    for internal in [Internal::Unit, Internal::Named { x: 1 }] {
        let back: Internal = amf3::from_slice(&amf3::to_vec(&internal).unwrap()).unwrap();
        assert_eq!(
            std::mem::discriminant(&back),
            std::mem::discriminant(&internal)
        );
    }
    for adjacent in [
        Adjacent::Unit,
        Adjacent::Newtype("n".into()),
        Adjacent::Named { x: 1 },
    ] {
        let back: Adjacent = amf3::from_slice(&amf3::to_vec(&adjacent).unwrap()).unwrap();
        assert_eq!(
            std::mem::discriminant(&back),
            std::mem::discriminant(&adjacent)
        );
    }
    let bytes = amf3::to_vec(&Borrowed { text: "t" }).unwrap();
    let borrowed: Borrowed<'_> = amf3::from_slice(&bytes).unwrap();
    assert_eq!(borrowed.text, "t");
}
