//! The neutral type description.

use amf_model::TypeRef;

fn display(src: &str) -> String {
    let ty: syn::Type = syn::parse_str(src).expect("a type");
    TypeRef::from_syn(&ty).expect("a mappable type").to_string()
}

fn error(src: &str) -> String {
    let ty: syn::Type = syn::parse_str(src).unwrap_or_else(|err| panic!("{src}: {err}"));
    TypeRef::from_syn(&ty)
        .expect_err("an unmappable type")
        .to_string()
}

fn path(segments: &[&str], args: Vec<TypeRef>) -> TypeRef {
    TypeRef::Path {
        segments: segments.iter().map(|s| s.to_string()).collect(),
        args,
    }
}

#[test]
fn structure() {
    let ty: syn::Type =
        syn::parse_quote!(::std::collections::HashMap<u32, Vec<(&'a str, [u8; 4])>>);
    let expected = path(
        &["std", "collections", "HashMap"],
        vec![
            path(&["u32"], vec![]),
            path(
                &["Vec"],
                vec![TypeRef::Tuple(vec![
                    TypeRef::Reference(Box::new(path(&["str"], vec![]))),
                    TypeRef::Array(Box::new(path(&["u8"], vec![])), 4),
                ])],
            ),
        ],
    );
    assert_eq!(TypeRef::from_syn(&ty).unwrap(), expected);
}

#[test]
fn display_round_trips() {
    for (src, shown) in [
        ("HashMap<u32, String>", "HashMap<u32, String>"),
        ("Cow<'static, str>", "Cow<str>"),
        ("&[u8]", "&[u8]"),
        ("[f64; 3]", "[f64; 3]"),
        ("()", "()"),
        ("(u8,)", "(u8,)"),
        ("(u8, String)", "(u8, String)"),
        ("(String)", "String"),
        ("r#type::Kind", "type::Kind"),
    ] {
        assert_eq!(display(src), shown);
    }
}

#[test]
fn unmappable_types() {
    for (src, msg) in [
        (
            "fn(u32) -> u32",
            "the function pointer `fn (u32) -> u32` cannot travel as AMF",
        ),
        (
            "dyn Display",
            "the trait object `dyn Display` cannot travel as AMF",
        ),
        (
            "Box<dyn Display>",
            "the trait object `dyn Display` cannot travel as AMF",
        ),
        (
            "impl Display",
            "the `impl Trait` type `impl Display` cannot travel as AMF",
        ),
        ("m!()", "the type macro `m ! ()` cannot travel as AMF"),
        ("_", "the inferred type `_` cannot travel as AMF"),
        ("!", "the never type `!` cannot travel as AMF"),
        (
            "*const u8",
            "the raw pointer `* const u8` cannot travel as AMF",
        ),
        (
            "&mut String",
            "the mutable reference `& mut String` cannot travel as AMF",
        ),
        (
            "<T as Trait>::Out",
            "the qualified path `< T as Trait > :: Out` cannot travel as AMF",
        ),
        ("[u8; N]", "the array length `N` must be an integer literal"),
        ("Buf<3>", "the generic argument `3` cannot travel as AMF"),
        (
            "Iter<Item = u8>",
            "the generic argument `Item = u8` cannot travel as AMF",
        ),
        (
            "Vec::<u8>::Iter",
            "the path with generic arguments inside `Vec :: < u8 > :: Iter` cannot travel as AMF",
        ),
    ] {
        assert_eq!(error(src), msg, "{src}");
    }
}

#[test]
fn parenthesized_arguments() {
    // syn only parses `F(u8)` in bounds; build the path by hand.
    let mut path: syn::TypePath = syn::parse_quote!(F);
    path.path.segments[0].arguments = syn::PathArguments::Parenthesized(syn::parse_quote!((u8)));
    let err = TypeRef::from_syn(&syn::Type::Path(path)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the parenthesized generic arguments `F (u8)` cannot travel as AMF"
    );
}
