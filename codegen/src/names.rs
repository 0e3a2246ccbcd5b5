//! ActionScript names: identifiers, keywords, packages and the case conversions of `--naming`.

use amf_model::case::RenameRule;

/// The reserved words of ActionScript 3 that cannot name a variable, a method or a class.
const KEYWORDS: &[&str] = &[
    "as",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "default",
    "delete",
    "do",
    "else",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "include",
    "instanceof",
    "interface",
    "internal",
    "is",
    "namespace",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "use",
    "var",
    "void",
    "while",
    "with",
];

/// Why `name` cannot be an ActionScript identifier, if it cannot.
pub(crate) fn identifier_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    let valid = match chars.next() {
        Some(first) => {
            (first.is_ascii_alphabetic() || first == '_' || first == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        }
        None => false,
    };
    if !valid {
        Some("is not an ActionScript identifier")
    } else if KEYWORDS.contains(&name) {
        Some("is an ActionScript keyword")
    } else {
        None
    }
}

/// Why `package` cannot be an ActionScript package name, if it cannot (the empty string is
/// the top-level package).
pub(crate) fn package_problem(package: &str) -> Option<String> {
    if package.is_empty() {
        return None;
    }
    package.split('.').find_map(|segment| {
        identifier_problem(segment).map(|why| format!("its part `{segment}` {why}"))
    })
}

/// How generated ActionScript names methods, arguments and constants (`--naming`). Members of
/// value classes always carry their wire names: Flash Player matches them by name.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Naming {
    /// ActionScript conventions (the default): `joinRoom(roomId)`, `Color.DARK_RED`.
    #[default]
    ActionScript,
    /// Rust names as written: `join_room(room_id)`, `Color.DarkRed`.
    Rust,
}

impl Naming {
    /// A method or argument name, from a Rust `snake_case` name.
    pub(crate) fn function(self, rust: &str) -> String {
        match self {
            Naming::ActionScript => RenameRule::CamelCase.apply_to_field(rust),
            Naming::Rust => rust.to_owned(),
        }
    }

    /// A constant name, from a Rust `PascalCase` variant name.
    pub(crate) fn constant(self, variant: &str) -> String {
        match self {
            Naming::ActionScript => RenameRule::ScreamingSnakeCase.apply_to_variant(variant),
            Naming::Rust => variant.to_owned(),
        }
    }
}

/// A class name from a Rust `snake_case` method name: `join_room` → `JoinRoom`.
pub(crate) fn pascal(rust: &str) -> String {
    RenameRule::PascalCase.apply_to_field(rust)
}

/// A fully qualified ActionScript class name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct QName {
    /// `com.example`; empty for the top-level package.
    pub(crate) package: String,
    /// `User`.
    pub(crate) name: String,
}

impl QName {
    pub(crate) fn new(package: &str, name: impl Into<String>) -> Self {
        QName {
            package: package.to_owned(),
            name: name.into(),
        }
    }

    /// `com.example.User`.
    pub(crate) fn qualified(&self) -> String {
        if self.package.is_empty() {
            self.name.clone()
        } else {
            format!("{}.{}", self.package, self.name)
        }
    }

    /// The file of the class below the output folder: `com/example/User.as`.
    pub(crate) fn file(&self) -> String {
        self.sibling_file(&self.name)
    }

    /// The file of another class of the same package: `com/example/{name}.as`.
    pub(crate) fn sibling_file(&self, name: &str) -> String {
        if self.package.is_empty() {
            format!("{name}.as")
        } else {
            format!("{}/{name}.as", self.package.replace('.', "/"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(identifier_problem("userName"), None);
        assert_eq!(identifier_problem("$x_1"), None);
        assert_eq!(identifier_problem("type"), None);
        assert_eq!(
            identifier_problem("user-name"),
            Some("is not an ActionScript identifier")
        );
        assert_eq!(
            identifier_problem("1st"),
            Some("is not an ActionScript identifier")
        );
        assert_eq!(
            identifier_problem(""),
            Some("is not an ActionScript identifier")
        );
        assert_eq!(
            identifier_problem("class"),
            Some("is an ActionScript keyword")
        );
        assert_eq!(package_problem(""), None);
        assert_eq!(package_problem("com.example"), None);
        assert_eq!(
            package_problem("com.my-co"),
            Some("its part `my-co` is not an ActionScript identifier".into())
        );
    }

    #[test]
    fn naming() {
        assert_eq!(Naming::ActionScript.function("join_room"), "joinRoom");
        assert_eq!(Naming::Rust.function("join_room"), "join_room");
        assert_eq!(Naming::ActionScript.constant("DarkRed"), "DARK_RED");
        assert_eq!(Naming::Rust.constant("DarkRed"), "DarkRed");
        assert_eq!(pascal("join_room"), "JoinRoom");
    }

    #[test]
    fn qnames() {
        let user = QName::new("com.example", "User");
        assert_eq!(user.qualified(), "com.example.User");
        assert_eq!(user.file(), "com/example/User.as");
        assert_eq!(user.sibling_file("UserBase"), "com/example/UserBase.as");
        let top = QName::new("", "User");
        assert_eq!(top.qualified(), "User");
        assert_eq!(top.file(), "User.as");
    }
}
