//! The syntax tree wrapped with its parsed attributes: what the macros and the code generator
//! read. Each node keeps references into the `syn` input for spans and types.

mod arg;
mod container;
mod field;
mod method;
mod returns;
mod service;
mod signature;
mod ty;
mod variant;

pub use arg::Arg;
pub use container::{parse_container, Container, Data, StructStyle};
pub use field::Field;
pub use method::{Method, MethodKind};
pub use returns::Returns;
pub use service::{find_service, parse_service, Service};
pub use variant::{Variant, VariantStyle};
