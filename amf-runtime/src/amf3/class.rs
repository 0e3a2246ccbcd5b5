//! [`ClassDef`]: the static description of a Rust type's AMF3 traits, as the derive emits it.

use super::value::Traits;

/// The traits of a Rust type mapped to an AMF3 class: its alias, its sealed members in order, and
/// whether it carries dynamic members. The derive emits one `static` per type; the encoder writes
/// its traits once per frame and a trait reference afterwards.
#[derive(Debug)]
pub struct ClassDef {
    /// The class alias; empty for an anonymous object.
    pub alias: &'static str,
    /// The sealed member names, in the order the encoder writes the values.
    pub sealed: &'static [&'static str],
    /// Whether dynamic members follow the sealed ones.
    pub dynamic: bool,
}

impl ClassDef {
    /// The traits of an anonymous dynamic object with no sealed members: `{}`, the shape of maps
    /// and of every AMF Socket envelope.
    pub const ANONYMOUS: ClassDef = ClassDef::new("", &[], true);

    /// A class definition.
    pub const fn new(alias: &'static str, sealed: &'static [&'static str], dynamic: bool) -> Self {
        ClassDef {
            alias,
            sealed,
            dynamic,
        }
    }
}

/// The layout of traits as the encoder's trait table sees them, whichever form they come in.
pub(crate) trait TraitsLayout {
    fn class_name(&self) -> &str;
    fn sealed_names(&self) -> impl ExactSizeIterator<Item = &str>;
    fn is_dynamic(&self) -> bool;
    fn is_externalizable(&self) -> bool;
}

impl TraitsLayout for ClassDef {
    fn class_name(&self) -> &str {
        self.alias
    }
    fn sealed_names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.sealed.iter().copied()
    }
    fn is_dynamic(&self) -> bool {
        self.dynamic
    }
    fn is_externalizable(&self) -> bool {
        false
    }
}

impl TraitsLayout for Traits {
    fn class_name(&self) -> &str {
        &self.class_name
    }
    fn sealed_names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.sealed.iter().map(String::as_str)
    }
    fn is_dynamic(&self) -> bool {
        self.dynamic
    }
    fn is_externalizable(&self) -> bool {
        self.externalizable
    }
}
