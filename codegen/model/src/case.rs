//! Case conversion for `rename_all` and friends, with serde's names and serde's behaviour.
//!
//! Rust fields and methods are written in `snake_case` and variants in `PascalCase`, so a rule
//! is applied with [`RenameRule::apply_to_field`] or [`RenameRule::apply_to_variant`]. Both give
//! exactly what serde gives for the same rule, so `#[serde(rename_all = "...")]` means the same
//! thing to serde and to amf-socket.
//!
//! ```
//! use amf_model::case::RenameRule;
//!
//! let rule: RenameRule = "camelCase".parse().unwrap();
//! assert_eq!(rule.apply_to_field("user_name"), "userName");
//! assert_eq!(rule.apply_to_variant("UserJoined"), "userJoined");
//! ```

use std::fmt::{self, Display};
use std::str::FromStr;

/// How names are converted on their way to the wire.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum RenameRule {
    /// Names stay as written.
    #[default]
    None,
    /// `"lowercase"`: `very_tasty` / `VeryTasty` → `very_tasty` / `verytasty`.
    LowerCase,
    /// `"UPPERCASE"`: → `VERY_TASTY` / `VERYTASTY`.
    UpperCase,
    /// `"PascalCase"`: → `VeryTasty` / `VeryTasty`.
    PascalCase,
    /// `"camelCase"`: → `veryTasty` / `veryTasty`.
    CamelCase,
    /// `"snake_case"`: → `very_tasty` / `very_tasty`.
    SnakeCase,
    /// `"SCREAMING_SNAKE_CASE"`: → `VERY_TASTY` / `VERY_TASTY`.
    ScreamingSnakeCase,
    /// `"kebab-case"`: → `very-tasty` / `very-tasty`.
    KebabCase,
    /// `"SCREAMING-KEBAB-CASE"`: → `VERY-TASTY` / `VERY-TASTY`.
    ScreamingKebabCase,
}

/// Every rule but `None`, under the name that selects it.
const RULES: &[(&str, RenameRule)] = &[
    ("lowercase", RenameRule::LowerCase),
    ("UPPERCASE", RenameRule::UpperCase),
    ("PascalCase", RenameRule::PascalCase),
    ("camelCase", RenameRule::CamelCase),
    ("snake_case", RenameRule::SnakeCase),
    ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnakeCase),
    ("kebab-case", RenameRule::KebabCase),
    ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebabCase),
];

impl FromStr for RenameRule {
    type Err = UnknownRenameRule;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        RULES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, rule)| *rule)
            .ok_or_else(|| UnknownRenameRule(name.to_owned()))
    }
}

impl RenameRule {
    /// Converts a name written in `snake_case` (a field, a method, an argument).
    pub fn apply_to_field(self, field: &str) -> String {
        use RenameRule::*;
        match self {
            None | LowerCase | SnakeCase => field.to_owned(),
            UpperCase | ScreamingSnakeCase => field.to_ascii_uppercase(),
            PascalCase => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            CamelCase => lower_first(&PascalCase.apply_to_field(field)),
            KebabCase => field.replace('_', "-"),
            ScreamingKebabCase => field.to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// Converts a name written in `PascalCase` (a variant, a trait).
    pub fn apply_to_variant(self, variant: &str) -> String {
        use RenameRule::*;
        match self {
            None | PascalCase => variant.to_owned(),
            LowerCase => variant.to_ascii_lowercase(),
            UpperCase => variant.to_ascii_uppercase(),
            CamelCase => lower_first(variant),
            SnakeCase => {
                let mut snake = String::new();
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            ScreamingSnakeCase => SnakeCase.apply_to_variant(variant).to_ascii_uppercase(),
            KebabCase => SnakeCase.apply_to_variant(variant).replace('_', "-"),
            ScreamingKebabCase => ScreamingSnakeCase
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }
}

/// Lowers the first character (serde slices the first byte; this also works past ASCII).
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A `rename_all` value that names no rule; its message lists the valid names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRenameRule(pub String);

impl Display for UnknownRenameRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rename rule {:?}: expected one of ", self.0)?;
        for (i, (name, _)) in RULES.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name:?}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownRenameRule {}

#[cfg(test)]
mod tests {
    use super::RenameRule::{self, *};

    // The tables of serde_derive's own tests (`internals/case.rs`).

    #[test]
    fn rename_variants() {
        for &(original, lower, upper, camel, snake, screaming, kebab, screaming_kebab) in &[
            (
                "Outcome", "outcome", "OUTCOME", "outcome", "outcome", "OUTCOME", "outcome",
                "OUTCOME",
            ),
            (
                "VeryTasty",
                "verytasty",
                "VERYTASTY",
                "veryTasty",
                "very_tasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("A", "a", "A", "a", "a", "A", "a", "A"),
            ("Z42", "z42", "Z42", "z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(None.apply_to_variant(original), original);
            assert_eq!(LowerCase.apply_to_variant(original), lower);
            assert_eq!(UpperCase.apply_to_variant(original), upper);
            assert_eq!(PascalCase.apply_to_variant(original), original);
            assert_eq!(CamelCase.apply_to_variant(original), camel);
            assert_eq!(SnakeCase.apply_to_variant(original), snake);
            assert_eq!(ScreamingSnakeCase.apply_to_variant(original), screaming);
            assert_eq!(KebabCase.apply_to_variant(original), kebab);
            assert_eq!(
                ScreamingKebabCase.apply_to_variant(original),
                screaming_kebab
            );
        }
    }

    #[test]
    fn rename_fields() {
        for &(original, upper, pascal, camel, screaming, kebab, screaming_kebab) in &[
            (
                "outcome", "OUTCOME", "Outcome", "outcome", "OUTCOME", "outcome", "OUTCOME",
            ),
            (
                "very_tasty",
                "VERY_TASTY",
                "VeryTasty",
                "veryTasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("a", "A", "A", "a", "A", "a", "A"),
            ("z42", "Z42", "Z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(None.apply_to_field(original), original);
            assert_eq!(LowerCase.apply_to_field(original), original);
            assert_eq!(UpperCase.apply_to_field(original), upper);
            assert_eq!(PascalCase.apply_to_field(original), pascal);
            assert_eq!(CamelCase.apply_to_field(original), camel);
            assert_eq!(SnakeCase.apply_to_field(original), original);
            assert_eq!(ScreamingSnakeCase.apply_to_field(original), screaming);
            assert_eq!(KebabCase.apply_to_field(original), kebab);
            assert_eq!(ScreamingKebabCase.apply_to_field(original), screaming_kebab);
        }
    }

    #[test]
    fn parses_every_serde_name() {
        for (name, rule) in super::RULES {
            assert_eq!(name.parse::<RenameRule>(), Ok(*rule));
        }
    }

    #[test]
    fn unknown_name_lists_the_valid_ones() {
        let err = "Camel".parse::<RenameRule>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown rename rule \"Camel\": expected one of \"lowercase\", \"UPPERCASE\", \
             \"PascalCase\", \"camelCase\", \"snake_case\", \"SCREAMING_SNAKE_CASE\", \
             \"kebab-case\", \"SCREAMING-KEBAB-CASE\""
        );
    }

    #[test]
    fn non_ascii_first_letter_does_not_panic() {
        assert_eq!(CamelCase.apply_to_variant("Übung"), "Übung");
        assert_eq!(CamelCase.apply_to_field("über_alles"), "überAlles");
    }
}
