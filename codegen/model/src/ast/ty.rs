//! Recognising a few types by their last path segment.

use crate::symbol::Symbol;
use syn::{GenericArgument, PathArguments, Type};

/// The type arguments of `ty` if its path ends in `name` (`Option<T>`, `std::result::Result<T,
/// E>`); lifetimes are left out. `None` for other types.
pub(crate) fn type_args(ty: &Type, name: Symbol) -> Option<Vec<&Type>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != name {
        return None;
    }
    Some(match &last.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}
