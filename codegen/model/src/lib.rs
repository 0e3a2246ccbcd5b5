//! The one parser of amf-socket's annotations.
//!
//! `amf-derive` (the macros) and `amf-codegen` (the ActionScript generator) both read
//! `#[amf(...)]` and `#[service(...)]` through this crate, so they can never disagree on what an
//! annotation means. The model is built in two layers, as in serde_derive: the attributes of
//! each level become typed values ([`ContainerAttrs`], [`FieldAttrs`], ...), then the syntax tree
//! is wrapped with them ([`Container`], [`Field`], [`Variant`], [`Service`], [`Method`],
//! [`Arg`]). Rules across items (duplicate wire names, shapes against taggings) run last.
//!
//! Every problem is recorded, spanned, in a [`Ctxt`]; nothing stops at the first error.
//!
//! ```
//! use amf_model::{parse_container, Ctxt, Data};
//!
//! let input: syn::DeriveInput = syn::parse_quote! {
//!     /// A member of a chat room.
//!     #[amf(alias = "com.example.User", rename_all = "camelCase")]
//!     struct User {
//!         user_name: String,
//!         #[amf(default)]
//!         away: bool,
//!     }
//! };
//! let cx = Ctxt::new();
//! let user = parse_container(&cx, &input);
//! cx.check().unwrap();
//! let user = user.unwrap();
//! assert_eq!(user.attrs.alias.as_deref(), Some("com.example.User"));
//! let Data::Struct { fields, .. } = &user.data else { unreachable!() };
//! assert_eq!(fields[0].wire_name, "userName");
//! assert_eq!(user.docs, ["A member of a chat room."]);
//! ```
//!
//! ```
//! use amf_model::{find_service, Ctxt, MethodKind};
//!
//! let item: syn::ItemTrait = syn::parse_quote! {
//!     #[amf_runtime::service(name = "chat")]
//!     trait Chat {
//!         async fn join(&self, ctx: &Context, room: String) -> Result<RoomState, ChatError>;
//!         #[amf(message)]
//!         async fn say(&self, ctx: &Context, text: String);
//!     }
//! };
//! let cx = Ctxt::new();
//! let chat = find_service(&cx, &item).expect("a service");
//! cx.check().unwrap();
//! assert_eq!(chat.methods[0].wire_command, "chat.join");
//! assert_eq!(chat.methods[1].kind, MethodKind::Message);
//! ```
//!
//! # Grammar
//!
//! Keys are separated by commas and may be spread over several attributes; a key given twice is
//! an error. An unknown key is an error listing the keys of its level. Names (aliases, wire
//! names, tags, service names, commands) must not be empty.
//!
//! Case names, for every `rename_all` (serde's, with serde's behaviour, see [`case`]):
//! `"lowercase"`, `"UPPERCASE"`, `"PascalCase"`, `"camelCase"`, `"snake_case"`,
//! `"SCREAMING_SNAKE_CASE"`, `"kebab-case"`, `"SCREAMING-KEBAB-CASE"`.
//!
//! ## Containers: `#[amf(...)]` on a struct or an enum
//!
//! | key | value | meaning | error with |
//! |-----|-------|---------|------------|
//! | `alias` | `"com.example.User"` | the ActionScript class alias (`registerClassAlias`). On a tagged enum: the alias of every variant object without its own. On a unit enum: the ActionScript class of its constants (nothing on the wire). | a newtype struct |
//! | `rename_all` | a case name | the case of struct field names / enum variant names that have no `rename` (as in serde, not of the fields of enum variants) | |
//! | `dynamic` | (flag) | the object's traits are dynamic; dynamic members are ignored on decode | a unit enum, a newtype struct |
//! | `dynamic` | `"field"` | the traits are dynamic; that field (a map with `String` keys) receives the dynamic members on decode, and its entries are written as dynamic members on encode; it is not a sealed member | an enum; a struct without that named field |
//! | `crate` | `"path"` | the runtime crate, `::amf_runtime` by default | |
//! | `repr` | `"name"` | a unit-only enum travels as its variant's wire name, a string (the default) | a struct, `tag` |
//! | `repr` | `"integer"` | a unit-only enum travels as [`Variant::integer`]: the literal discriminant, else the previous variant's integer plus one (0 first), as Rust numbers them | a struct, `tag`, variants with data, non-literal discriminants |
//! | `tag` | `"kind"` | internal tagging: each variant is an object whose first sealed member `kind` holds the variant's wire name, followed by the variant's named fields | a struct, `repr`, newtype and tuple variants, a field named like the tag |
//! | `content` | `"value"` | with `tag`, adjacent tagging: each variant is an object `{kind: name, value: payload}` | a struct, no `tag`, the same name as `tag`, tuple variants with several fields |
//!
//! How each item travels:
//!
//! | item | travels as |
//! |------|------------|
//! | `struct S { .. }` | an object with one sealed member per field, in order, except skipped fields and the `dynamic` field |
//! | `struct S(T);` | transparent: as its field |
//! | `struct S;` | an empty object |
//! | `struct S(A, B);` | error: "tuple struct with 2 fields: give the fields names" |
//! | `union` | error: "unions cannot travel as AMF" |
//! | enum, unit variants only | the variant's wire name (`repr = "name"`), its integer (`repr = "integer"`), or, with `tag`, an object as below |
//! | enum with data, no `tag` | error: "enum \`X\` has variants with data: choose a tagging with #[amf(tag = \"...\")] (optionally content = \"...\")", at the first variant with data |
//!
//! | variant | `tag = "kind"` | `tag = "kind", content = "value"` |
//! |---------|----------------|-----------------------------------|
//! | `A` | `{kind: "A"}` | `{kind: "A"}` |
//! | `A { x: X }` | `{kind: "A", x: ..}` | `{kind: "A", value: {x: ..}}` |
//! | `A(T)` | error | `{kind: "A", value: T}` |
//! | `A(T, U)` | error | error |
//!
//! Generic lifetimes and type parameters are accepted.
//!
//! ## Variants: `#[amf(...)]` on an enum variant
//!
//! | key | value | meaning | error with |
//! |-----|-------|---------|------------|
//! | `rename` | `"joined"` | the variant's wire name (instead of `rename_all`) | |
//! | `alias` | `"com.example.Joined"` | the class alias of the variant's object | an enum without `tag` |
//!
//! ## Fields: `#[amf(...)]` on a field
//!
//! | key | value | meaning | error with |
//! |-----|-------|---------|------------|
//! | `rename` | `"userName"` | the member's wire name (instead of `rename_all`) | `skip`; a sibling with the same wire name; a newtype's field; the `dynamic` field |
//! | `skip` | (flag) | never written; decoded as `Default::default()` | `default`, `with`, `rename`; a newtype's field; the `dynamic` field |
//! | `default` | (flag) | `Default::default()` when the member is missing | `skip`; a newtype struct's field; the `dynamic` field |
//! | `default` | `"path::to::f"` | `path::to::f()` when the member is missing | `skip`; a newtype struct's field; the `dynamic` field |
//! | `with` | `"path::to::module"` | a custom codec: `module::encode(&field, encoder)` and `module::decode(decoder)` | `skip`; the `dynamic` field |
//!
//! Two members of one object with the same wire name are an error, spanned on the second.
//! A newtype (struct or variant) travels as its field's value, so its field is no member; the
//! field of a newtype variant under adjacent tagging is the `content` member, which may have a
//! `default`. The `dynamic = "..."` field holds the members that are not fields and takes no key.
//!
//! ## The serde fallback
//!
//! A key that `#[amf(...)]` does not give is taken from `#[serde(...)]` when serde has it:
//! `rename_all` on a container, `rename` on a variant, and `rename`, `skip`, `default`,
//! `default = "..."` on a field. `#[amf]` always wins, key by key. The conflicts above are
//! checked among `#[amf]` keys only (serde allows `skip` with `default = "f"`: the skipped field
//! is then decoded with `f()`). `rename(serialize = "a", deserialize = "a")` counts when both
//! names agree; serde's other keys and forms are ignored silently, as serde checks them itself.
//!
//! ## Services: `#[service(...)]` on a trait
//!
//! The macro receives the arguments as tokens ([`parse_service`]); the code generator finds the
//! attribute among the trait's, as `#[service(..)]`, `#[amf_runtime::service(..)]` or any path
//! ending in `service` ([`find_service`]).
//!
//! | key | value | meaning |
//! |-----|-------|---------|
//! | `name` | `"chat"` | the service name; by default the trait's name in snake_case (`ChatRoom` → `chat_room`) |
//! | `commands` | `"qualified"` | the wire command is `<name>.<method>`, e.g. `chat.join` (the default) |
//! | `commands` | `"bare"` | the wire command is `<method>`, e.g. `join` |
//! | `rename_all` | a case name | the case of `<method>` for methods without `rename` (default: as written) |
//! | `args_rename_all` | a case name | the case of argument names in params (default: as written) |
//! | `crate` | `"path"` | the runtime crate, `::amf_runtime` by default |
//! | `served_by` | `"server"` | the server implements the trait and clients call it (the default): the code generator emits a typed ActionScript client stub |
//! | `served_by` | `"client"` | the ActionScript client implements the trait and the server calls it: the code generator emits an ActionScript interface and a dispatcher ([`ServedBy`]) |
//!
//! A service trait contains only methods: associated types and consts are errors. Each method
//! has the shape `async fn name(&self, [ctx: &Context,] args...) -> R`:
//!
//! - it is `async` ("service methods must be async: \`fn join\` → \`async fn join\`");
//! - it takes `&self` (not `self`, not `&mut self`, not nothing);
//! - it has no type or const parameters ("generic methods cannot be called over the wire");
//!   lifetimes are fine;
//! - the context, if taken, comes first after `&self`: a reference to a path ending in
//!   `Context`;
//! - each other argument is a plain name (`room: String`, `mut room: String`), not a pattern,
//!   and its type is not `impl Trait`;
//! - `R` is `Result<T, E>` (a request that can fail with `E`), any other `T` (an infallible
//!   request), or nothing / `()` (a request answered with null, or a message);
//! - a default body is kept.
//!
//! Two methods with the same wire command are an error, spanned on the second.
//!
//! ## Methods: `#[amf(...)]` on a trait method
//!
//! | key | value | meaning | error with |
//! |-----|-------|---------|------------|
//! | `rename` | `"enter"` | `<method>`: the part after `<name>.`, or the whole command under `commands = "bare"` | `command` |
//! | `command` | `"lobby.enter"` | the whole wire command, whatever `name` and `commands` say | `rename` |
//! | `message` | (flag) | fire-and-forget: no reply; the method returns nothing | `timeout_ms`, a return value |
//! | `timeout_ms` | `5000` (≥ 1) | how long a caller waits for this request's reply | `message` |
//!
//! ## Arguments: `#[amf(...)]` on a method argument
//!
//! | key | value | meaning | error with |
//! |-----|-------|---------|------------|
//! | `rename` | `"roomId"` | the param's wire name (instead of `args_rename_all`) | a sibling with the same wire name |
//!
//! # Types for the code generator
//!
//! [`TypeRef::from_syn`] reduces a `syn::Type` to paths, references, slices, arrays and tuples,
//! and [`Location`] turns a span into line and column for messages.

mod ast;
mod attr;
pub mod case;
mod check;
mod ctxt;
mod docs;
mod location;
mod symbol;
mod type_ref;

pub use ast::{
    find_service, parse_container, parse_service, Arg, Container, Data, Field, Method, MethodKind,
    Returns, Service, StructStyle, Variant, VariantStyle,
};
pub use attr::{ContainerAttrs, Dynamic, EnumRepr, FieldAttrs, FieldDefault, ServedBy};
pub use ctxt::Ctxt;
pub use location::Location;
pub use type_ref::TypeRef;
