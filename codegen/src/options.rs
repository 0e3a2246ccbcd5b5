//! What the generator is asked for: packages, collections, naming.

use crate::names::package_problem;
pub use crate::names::Naming;
use crate::Error;

/// How `Vec<T>` and other sequences appear in the typed API of services.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Collections {
    /// `Array` everywhere (the default).
    #[default]
    Array,
    /// `Vector.<T>` in the arguments, results and replies of services; members of value classes
    /// stay `Array` (with `[ArrayElementType]`), because the wire carries an AMF3 Array and
    /// Flash Player cannot store an Array in a `Vector`-typed member while it decodes an object.
    Vector,
}

/// The options of a run. `Options::default()` is what the command line does without flags.
///
/// ```
/// use amf_codegen::{Collections, Options};
///
/// let options = Options::default()
///     .package("game.rpc")
///     .runtime_package("game.net")
///     .map_package("com.example", "game.model")
///     .collections(Collections::Vector);
/// assert_eq!(options.map_alias_package("com.example.chat"), "game.model.chat");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// The package of service stubs, dispatchers, the registration class and classes whose Rust
    /// type has no alias (enum constants). Default `generated`.
    pub package: String,
    /// The package of the runtime (`Connection`, `RpcCall`, ...). Default `amfsocket`.
    pub runtime_package: String,
    /// Alias packages mapped to ActionScript packages, as `(from, to)`: the longest `from` that is
    /// the alias's package or a parent of it wins.
    pub package_map: Vec<(String, String)>,
    /// `Array` or `Vector.<T>`.
    pub collections: Collections,
    /// How methods, arguments and constants are named.
    pub naming: Naming,
    /// Whether the runtime's files are written with the generated ones. Default `true`.
    pub runtime: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            package: "generated".to_owned(),
            runtime_package: "amfsocket".to_owned(),
            package_map: Vec::new(),
            collections: Collections::Array,
            naming: Naming::ActionScript,
            runtime: true,
        }
    }
}

impl Options {
    /// Sets [`Options::package`].
    pub fn package(mut self, package: impl Into<String>) -> Self {
        self.package = package.into();
        self
    }

    /// Sets [`Options::runtime_package`].
    pub fn runtime_package(mut self, package: impl Into<String>) -> Self {
        self.runtime_package = package.into();
        self
    }

    /// Adds a mapping to [`Options::package_map`].
    pub fn map_package(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.package_map.push((from.into(), to.into()));
        self
    }

    /// Sets [`Options::collections`].
    pub fn collections(mut self, collections: Collections) -> Self {
        self.collections = collections;
        self
    }

    /// Sets [`Options::naming`].
    pub fn naming(mut self, naming: Naming) -> Self {
        self.naming = naming;
        self
    }

    /// Sets [`Options::runtime`].
    pub fn with_runtime(mut self, runtime: bool) -> Self {
        self.runtime = runtime;
        self
    }

    /// The ActionScript package of the classes whose alias has the package `package`.
    pub fn map_alias_package(&self, package: &str) -> String {
        let best = self
            .package_map
            .iter()
            .filter(|(from, _)| {
                package == from
                    || from.is_empty()
                    || package
                        .strip_prefix(from.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
            .max_by_key(|(from, _)| from.len());
        match best {
            None => package.to_owned(),
            Some((from, to)) => {
                let rest = package[from.len()..].trim_start_matches('.');
                match (to.is_empty(), rest.is_empty()) {
                    (_, true) => to.clone(),
                    (true, false) => rest.to_owned(),
                    (false, false) => format!("{to}.{rest}"),
                }
            }
        }
    }

    /// Checks the package names.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        let packages = [
            ("--package", &self.package),
            ("--runtime-package", &self.runtime_package),
        ];
        for (flag, package) in packages {
            if let Some(why) = package_problem(package) {
                return Err(Error::Options(format!("{flag} `{package}`: {why}")));
            }
        }
        for (from, to) in &self.package_map {
            if let Some(why) = package_problem(to) {
                return Err(Error::Options(format!("--map {from}={to}: `{to}`: {why}")));
            }
        }
        if self.package == self.runtime_package {
            return Err(Error::Options(format!(
                "--package and --runtime-package are both `{}`: give the runtime its own package",
                self.package
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_mapping() {
        let options = Options::default()
            .map_package("com.example", "game")
            .map_package("com.example.chat", "chat")
            .map_package("org", "");
        assert_eq!(options.map_alias_package("com.example"), "game");
        assert_eq!(options.map_alias_package("com.example.model"), "game.model");
        assert_eq!(options.map_alias_package("com.example.chat.x"), "chat.x");
        assert_eq!(options.map_alias_package("com.examples"), "com.examples");
        assert_eq!(options.map_alias_package("org.acme"), "acme");
        assert_eq!(options.map_alias_package("org"), "");
        assert_eq!(options.map_alias_package(""), "");
    }

    #[test]
    fn validation() {
        assert!(Options::default().validate().is_ok());
        let err = Options::default().package("a.b-c").validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "--package `a.b-c`: its part `b-c` is not an ActionScript identifier"
        );
        let err = Options::default()
            .package("amfsocket")
            .validate()
            .unwrap_err();
        assert!(err.to_string().contains("give the runtime its own package"));
    }
}
