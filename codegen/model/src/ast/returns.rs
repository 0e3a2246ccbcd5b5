//! What a service method returns.

use super::ty::type_args;
use crate::symbol::RESULT;
use syn::{ReturnType, Type};

/// What a service method returns.
#[derive(Copy, Clone, Debug)]
pub enum Returns<'a> {
    /// Nothing, or `()`: a request answered with `null`, or a message.
    Unit,
    /// `T`: an infallible request.
    Value(&'a Type),
    /// `Result<T, E>` (any path ending in `Result` with two type arguments).
    Result {
        /// `T`, the reply.
        ok: &'a Type,
        /// `E`, the error sent back instead.
        err: &'a Type,
    },
}

impl<'a> Returns<'a> {
    pub(crate) fn from_output(output: &'a ReturnType) -> Self {
        let ty = match output {
            ReturnType::Default => return Returns::Unit,
            ReturnType::Type(_, ty) => &**ty,
        };
        match (ty, type_args(ty, RESULT).as_deref()) {
            (Type::Tuple(tuple), _) if tuple.elems.is_empty() => Returns::Unit,
            (_, Some(&[ok, err])) => Returns::Result { ok, err },
            _ => Returns::Value(ty),
        }
    }
}
