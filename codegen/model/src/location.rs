//! Line and column of a span, for the code generator's messages.

use proc_macro2::Span;
use std::fmt::{self, Display};

/// Where a span starts in its source file: 1-based line, 1-based column (in characters).
///
/// Meaningful for spans of source parsed with `syn::parse_file`/`syn::parse_str` (the code
/// generator). Inside a proc macro the compiler reports spans itself.
///
/// ```
/// let item: syn::ItemStruct = syn::parse_str("struct User {\n    name: String,\n}").unwrap();
/// let name = item.fields.iter().next().unwrap().ident.as_ref().unwrap();
/// let at = amf_model::Location::from(name.span());
/// assert_eq!((at.line, at.column), (2, 5));
/// assert_eq!(at.to_string(), "2:5");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl From<Span> for Location {
    fn from(span: Span) -> Self {
        let start = span.start();
        Location {
            line: start.line,
            column: start.column + 1,
        }
    }
}

impl Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
