//! How an enum travels: `repr`, `tag` and `content`, settled in one match.

use super::value::keyword;
use super::Attr;
use crate::symbol::{CONTENT, REPR, REPR_INTEGER, REPR_NAME, TAG};
use crate::Ctxt;
use syn::meta::ParseNestedMeta;
use syn::{Data, DeriveInput, Fields};

/// How an enum travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumRepr {
    /// Unit-only enums, by default or `repr = "name"`: the variant's wire name, as a string.
    Name,
    /// `repr = "integer"`, unit-only enums: [`Variant::integer`](crate::Variant::integer).
    Integer,
    /// `tag = "kind"`: each variant is an object whose first sealed member `tag` holds the
    /// variant's wire name, followed by the variant's named fields.
    Internal {
        /// The name of the member holding the variant's wire name.
        tag: String,
    },
    /// `tag = "kind", content = "value"`: each variant is an object `{tag: name, content:
    /// payload}`; unit variants have no `content` member.
    Adjacent {
        /// The name of the member holding the variant's wire name.
        tag: String,
        /// The name of the member holding the payload.
        content: String,
    },
}

/// Parses `repr = "name"` or `repr = "integer"`.
pub(super) fn parse(meta: &ParseNestedMeta) -> syn::Result<EnumRepr> {
    keyword(
        meta,
        &[
            (REPR_NAME, EnumRepr::Name),
            (REPR_INTEGER, EnumRepr::Integer),
        ],
    )
}

/// Settles the representation from the keys given and the shape of the item.
pub(super) fn decide(
    cx: &Ctxt,
    item: &DeriveInput,
    repr: Attr<'_, EnumRepr>,
    tag: Attr<'_, String>,
    content: Attr<'_, String>,
) -> EnumRepr {
    let Data::Enum(data) = &item.data else {
        let msg = |key| format!("`{key}` applies only to enums");
        repr.error_if_set(msg(REPR));
        tag.error_if_set(msg(TAG));
        content.error_if_set(msg(CONTENT));
        return EnumRepr::Name;
    };

    let tagging = match (tag.get(), content.get_with_tokens()) {
        (Some(tag), None) => Some(EnumRepr::Internal { tag }),
        (Some(tag), Some((tokens, content))) => {
            if tag == content {
                cx.error_spanned_by(tokens, "`tag` and `content` must name different members");
            }
            Some(EnumRepr::Adjacent { tag, content })
        }
        (None, Some((tokens, _))) => {
            cx.error_spanned_by(tokens, "`content` needs `tag`");
            None
        }
        (None, None) => None,
    };

    let enum_name = &item.ident;
    let first_with_data = data
        .variants
        .iter()
        .find(|variant| !matches!(variant.fields, Fields::Unit));
    match (repr.get_with_tokens(), tagging, first_with_data) {
        (Some((tokens, _)), Some(tagging), _) => {
            cx.error_spanned_by(
                tokens,
                "`repr` conflicts with `tag`: a tagged enum travels as objects",
            );
            tagging
        }
        (None, Some(tagging), _) => tagging,
        (Some((tokens, EnumRepr::Integer)), None, Some(_)) => {
            cx.error_spanned_by(
                tokens,
                format!("`repr = \"integer\"` needs unit variants, but enum `{enum_name}` has variants with data"),
            );
            EnumRepr::Integer
        }
        (_, None, Some(variant)) => {
            cx.error_spanned_by(
                &variant.ident,
                format!(
                    "enum `{enum_name}` has variants with data: choose a tagging with \
                     #[amf(tag = \"...\")] (optionally content = \"...\")"
                ),
            );
            EnumRepr::Name
        }
        (Some((_, repr)), None, None) => repr,
        (None, None, None) => EnumRepr::Name,
    }
}
