//! What can go wrong: unreadable files, and source the generator cannot turn into ActionScript.

use amf_model::Location;
use std::fmt::{self, Display};
use std::io;
use std::path::PathBuf;

/// A problem in the Rust source, with where it is and, when there is one, a way out.
///
/// Displayed as `file:line:column: message`, then `  hint: ...` on its own line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given on the command line (folders joined with the file's path inside).
    pub file: String,
    /// Where in the file; `None` when the whole file is meant.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(file: &str, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn at(file: &str, span: proc_macro2::Span, message: impl Into<String>) -> Self {
        Diagnostic::new(file, Some(Location::from(span)), message)
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(at) => write!(f, "{}:{at}: {}", self.file, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why nothing was generated.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The source has problems; every one found is listed, in file order.
    Source(Vec<Diagnostic>),
    /// The options are inconsistent (an invalid package name, no input).
    Options(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Source(diagnostics) => {
                for (i, diagnostic) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{diagnostic}")?;
                }
                Ok(())
            }
            Error::Options(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let at = Location { line: 3, column: 9 };
        let d = Diagnostic::new("src/a.rs", Some(at), "bad").hint("do this");
        assert_eq!(d.to_string(), "src/a.rs:3:9: bad\n  hint: do this");
        let d = Diagnostic::new("src/a.rs", None, "bad");
        assert_eq!(d.to_string(), "src/a.rs: bad");
        let both = Error::Source(vec![d.clone(), d]);
        assert_eq!(both.to_string(), "src/a.rs: bad\nsrc/a.rs: bad");
    }
}
