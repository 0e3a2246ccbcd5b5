//! `dynamic` and `dynamic = "field"` on a container.

use super::container::is_newtype;
use super::value::flag_or_str;
use super::{Attr, EnumRepr};
use crate::Ctxt;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::{Data, DataStruct, DeriveInput};

/// Whether an object's traits are dynamic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dynamic {
    /// Sealed traits only (the default).
    None,
    /// `dynamic`: the traits are dynamic; dynamic members are ignored on decode.
    Flag,
    /// `dynamic = "field"`: the traits are dynamic; that field (a map with `String` keys, named
    /// by its Rust name) receives the dynamic members on decode and its entries are written as
    /// dynamic members on encode. It is not a sealed member.
    Field(String),
}

/// Parses `dynamic` or `dynamic = "field"`.
pub(super) fn parse(meta: &ParseNestedMeta) -> syn::Result<Dynamic> {
    Ok(match flag_or_str(meta)? {
        Some(field) => Dynamic::Field(field.value()),
        None => Dynamic::Flag,
    })
}

/// Checks that the item travels as an object (with the named field, if any).
pub(super) fn decide(
    cx: &Ctxt,
    item: &DeriveInput,
    repr: &EnumRepr,
    dynamic: Attr<'_, Dynamic>,
) -> Dynamic {
    let Some((tokens, dynamic)) = dynamic.get_with_tokens() else {
        return Dynamic::None;
    };
    let name = &item.ident;
    let problem = match (&item.data, &dynamic) {
        (Data::Enum(_), _) if matches!(repr, EnumRepr::Name | EnumRepr::Integer) => Some(
            "`dynamic` on a unit enum: it travels as a name or an integer, not as an object"
                .to_owned(),
        ),
        (Data::Enum(_), Dynamic::Field(field)) => Some(format!(
            "`dynamic = \"{field}\"` on enum `{name}`: only a struct can name a field for the \
             dynamic members"
        )),
        _ if is_newtype(item) => Some(
            "`dynamic` on a newtype struct: it is transparent and travels as its inner value"
                .to_owned(),
        ),
        (Data::Struct(data), Dynamic::Field(field)) if !has_field(data, field) => Some(format!(
            "`dynamic = \"{field}\"`: struct `{name}` has no field `{field}`"
        )),
        _ => None,
    };
    match problem {
        Some(msg) => {
            cx.error_spanned_by(tokens, msg);
            Dynamic::None
        }
        None => dynamic,
    }
}

fn has_field(data: &DataStruct, name: &str) -> bool {
    data.fields.iter().any(|field| {
        field
            .ident
            .as_ref()
            .is_some_and(|ident| ident.unraw() == name)
    })
}
