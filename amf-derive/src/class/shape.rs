//! How a derived type travels, worked out once from the model: the objects it writes and their
//! members. The encoder and decoder generators read only this.

use amf_model::{Container, Data, Dynamic, EnumRepr, Field, StructStyle, Variant, VariantStyle};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// How a derived type travels.
pub(super) enum Shape<'a> {
    /// A struct with named fields, or a unit struct.
    Object(Object<'a>),
    /// A newtype struct: as its field.
    Newtype(&'a Field<'a>),
    /// A unit-only enum: its variant's wire name, a string.
    Names(&'a [Variant<'a>]),
    /// A unit-only enum with `repr = "integer"`: its variant's integer.
    Integers(&'a [Variant<'a>]),
    /// A tagged enum: one object per variant, holding the variant's wire name in member `tag`.
    Tagged {
        tag: &'a str,
        variants: Vec<(&'a Variant<'a>, Object<'a>)>,
    },
}

/// One object: its class, its members in wire order, and the Rust value it holds.
pub(super) struct Object<'a> {
    /// Its class; `None` for an anonymous object, whose members are all dynamic.
    pub(super) class: Option<Class<'a>>,
    /// The name of the object in errors: its alias, else its Rust name.
    pub(super) class_name: String,
    /// The struct or variant it holds.
    pub(super) value: Value<'a>,
    /// Its members, in wire order.
    pub(super) members: Vec<Member<'a>>,
    /// The field that holds the dynamic members (`dynamic = "field"`).
    pub(super) dynamic_field: Option<&'a Field<'a>>,
}

/// The class of a typed object: its members are sealed, in order.
pub(super) struct Class<'a> {
    pub(super) alias: &'a str,
    /// Whether dynamic members follow the sealed ones.
    pub(super) dynamic: bool,
    /// The `static` that holds its `ClassDef`.
    pub(super) def: Ident,
}

/// A struct or a variant: what an object is read into and written from.
pub(super) struct Value<'a> {
    /// `Self` or `Self::Variant`.
    pub(super) path: TokenStream,
    pub(super) style: ValueStyle,
    pub(super) fields: &'a [Field<'a>],
}

/// The shape of a [`Value`], which decides its pattern and its constructor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueStyle {
    Unit,
    Newtype,
    Named,
}

/// A member of an object.
pub(super) enum Member<'a> {
    /// A field.
    Field { name: &'a str, field: &'a Field<'a> },
    /// The tag of a tagged enum: the variant's wire name.
    Tag { name: &'a str, variant: &'a str },
    /// The content of an adjacently tagged struct variant: an anonymous object of its fields.
    /// The value it decodes to is the whole variant.
    Content {
        name: &'a str,
        object: Box<Object<'a>>,
    },
}

impl<'a> Shape<'a> {
    pub(super) fn new(cont: &'a Container<'a>) -> Self {
        let attrs = &cont.attrs;
        let rust_name = cont.ident.to_string();
        match &cont.data {
            Data::Struct {
                style: StructStyle::Newtype,
                fields,
            } => Shape::Newtype(&fields[0]),
            Data::Struct { style, fields } => {
                let style = match style {
                    StructStyle::Unit => ValueStyle::Unit,
                    _ => ValueStyle::Named,
                };
                let value = Value {
                    path: quote!(Self),
                    style,
                    fields,
                };
                let dynamic_field = match &attrs.dynamic {
                    Dynamic::Field(name) => fields.iter().find(|field| field.rust_name == *name),
                    Dynamic::None | Dynamic::Flag => None,
                };
                let members = field_members(fields, dynamic_field).collect();
                Shape::Object(Object {
                    class: Class::new(cont, attrs.alias.as_deref(), format_ident!("__CLASS")),
                    class_name: attrs.alias.clone().unwrap_or(rust_name),
                    value,
                    members,
                    dynamic_field,
                })
            }
            Data::Enum(variants) => match &attrs.repr {
                EnumRepr::Name => Shape::Names(variants),
                EnumRepr::Integer => Shape::Integers(variants),
                EnumRepr::Internal { tag } | EnumRepr::Adjacent { tag, .. } => Shape::Tagged {
                    tag,
                    variants: variants
                        .iter()
                        .enumerate()
                        .map(|(index, variant)| {
                            (variant, variant_object(cont, index, variant, &rust_name))
                        })
                        .collect(),
                },
            },
        }
    }

    /// Every typed object the type writes, with its class.
    pub(super) fn typed_objects(&self) -> Vec<(&Object<'a>, &Class<'a>)> {
        let objects: Vec<&Object> = match self {
            Shape::Object(object) => vec![object],
            Shape::Tagged { variants, .. } => variants.iter().map(|(_, object)| object).collect(),
            Shape::Newtype(_) | Shape::Names(_) | Shape::Integers(_) => Vec::new(),
        };
        objects
            .into_iter()
            .filter_map(|object| Some((object, object.class.as_ref()?)))
            .collect()
    }
}

impl<'a> Class<'a> {
    /// The class of an object with `alias`, if it has one.
    fn new(cont: &Container, alias: Option<&'a str>, def: Ident) -> Option<Self> {
        alias.map(|alias| Class {
            alias,
            dynamic: cont.attrs.dynamic != Dynamic::None,
            def,
        })
    }
}

/// The object of a variant of a tagged enum.
fn variant_object<'a>(
    cont: &'a Container<'a>,
    index: usize,
    variant: &'a Variant<'a>,
    enum_name: &str,
) -> Object<'a> {
    let attrs = &cont.attrs;
    let ident = variant.ident;
    let alias = variant.alias.as_deref().or(attrs.alias.as_deref());
    let class_name = alias.map_or_else(|| format!("{enum_name}::{ident}"), str::to_owned);
    let style = match variant.style {
        VariantStyle::Unit => ValueStyle::Unit,
        VariantStyle::Newtype | VariantStyle::Tuple => ValueStyle::Newtype,
        VariantStyle::Struct => ValueStyle::Named,
    };
    let value = || Value {
        path: quote!(Self::#ident),
        style,
        fields: &variant.fields,
    };
    let (tag, content) = match &attrs.repr {
        EnumRepr::Adjacent { tag, content } => (tag, Some(content)),
        EnumRepr::Internal { tag } => (tag, None),
        EnumRepr::Name | EnumRepr::Integer => {
            unreachable!("only tagged enums have variant objects")
        }
    };
    let mut members = vec![Member::Tag {
        name: tag,
        variant: &variant.wire_name,
    }];
    match (content, style) {
        (None, _) => members.extend(field_members(&variant.fields, None)),
        (Some(_), ValueStyle::Unit) => {}
        (Some(content), ValueStyle::Newtype) => members.push(Member::Field {
            name: content,
            field: &variant.fields[0],
        }),
        (Some(content), ValueStyle::Named) => members.push(Member::Content {
            name: content,
            object: Box::new(Object {
                class: None,
                class_name: format!("{enum_name}::{ident}"),
                members: field_members(&variant.fields, None).collect(),
                value: value(),
                dynamic_field: None,
            }),
        }),
    }
    Object {
        class: Class::new(cont, alias, format_ident!("__CLASS_{}", index)),
        class_name,
        value: value(),
        members,
        dynamic_field: None,
    }
}

/// The fields that travel as members: all but the skipped ones and the dynamic field.
fn field_members<'a>(
    fields: &'a [Field<'a>],
    dynamic_field: Option<&'a Field<'a>>,
) -> impl Iterator<Item = Member<'a>> {
    fields
        .iter()
        .filter(move |field| {
            !field.attrs.skip && dynamic_field.is_none_or(|d| d.index != field.index)
        })
        .map(|field| Member::Field {
            name: &field.wire_name,
            field,
        })
}

impl Value<'_> {
    /// The variable that a field's value (a reference) is bound to in [`Value::pattern`], and
    /// its decoded value to in the decoder.
    pub(super) fn binding(field: &Field) -> Ident {
        Ident::new(&format!("__field{}", field.index), Span::mixed_site())
    }

    /// A pattern that matches `*self` and binds every field that travels by reference.
    pub(super) fn pattern(&self) -> TokenStream {
        let path = &self.path;
        let bound = self.fields.iter().filter(|field| !field.attrs.skip);
        let bindings = bound.map(|field| {
            let (member, binding) = (field.member(), Self::binding(field));
            quote!(#member: ref #binding)
        });
        match self.style {
            ValueStyle::Unit => quote!(#path),
            ValueStyle::Newtype | ValueStyle::Named => quote!(#path { #(#bindings,)* .. }),
        }
    }
}

impl Member<'_> {
    /// The member's wire name.
    pub(super) fn name(&self) -> &str {
        match self {
            Member::Field { name, .. }
            | Member::Tag { name, .. }
            | Member::Content { name, .. } => name,
        }
    }
}
