//! Writing the output folder, or checking it (`--check`).

use crate::emit::{GeneratedFile, Subclass, GENERATED_HEADER};
use crate::{Error, Stats};
use std::collections::BTreeSet;
use std::fmt::{self, Display};
use std::path::Path;

/// What to do with the output folder.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Write what differs, create the subclasses that are missing, leave stale files.
    Write,
    /// Write, and also delete stale generated files (`--prune`).
    WritePrune,
    /// Change nothing; report every difference (`--check`).
    Check,
}

/// Why a file of the output folder is not as the generator would leave it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Difference {
    /// A file the generator writes is missing.
    Missing(String),
    /// A generated file has other contents.
    Changed(String),
    /// A file with the generated header that this run does not produce (a Rust type renamed or
    /// removed); `--prune` deletes it.
    Stale(String),
    /// A subclass created once no longer declares what the Rust side says (alias, base class,
    /// `dynamic`); it is never overwritten, so fix it by hand.
    Subclass {
        /// The file.
        path: String,
        /// What is wrong, and what it should say.
        problem: String,
    },
}

impl Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Missing(path) => write!(f, "missing: {path}"),
            Difference::Changed(path) => write!(f, "differs: {path}"),
            Difference::Stale(path) => write!(f, "stale: {path} (no longer generated)"),
            Difference::Subclass { path, problem } => write!(f, "{path}: {problem}"),
        }
    }
}

/// What a run did (or, with [`Mode::Check`], would do).
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The counts of what was generated.
    pub stats: Stats,
    /// Whether this was a check.
    pub check: bool,
    /// Files generated in all.
    pub files: usize,
    /// Files (re)written.
    pub written: Vec<String>,
    /// Files already as generated.
    pub unchanged: usize,
    /// Subclasses created.
    pub created: Vec<String>,
    /// Subclasses that existed and were kept.
    pub kept: usize,
    /// Stale files deleted (`--prune`).
    pub removed: Vec<String>,
    /// Differences (check) and problems (subclasses, stale files), in path order.
    pub differences: Vec<Difference>,
}

impl Report {
    /// Whether the run succeeded: in a check, nothing differs; otherwise, no subclass is out
    /// of step (stale files are only reported).
    pub fn is_success(&self) -> bool {
        if self.check {
            self.differences.is_empty()
        } else {
            !self
                .differences
                .iter()
                .any(|d| matches!(d, Difference::Subclass { .. }))
        }
    }
}

impl Display for Report {
    /// One summary line, then one line per difference.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        write!(
            f,
            "amf-codegen: {}, {}, {} ({}, {}); {}",
            count(s.classes, "value class", "value classes"),
            count(s.enums, "enum", "enums"),
            count(s.services, "service", "services"),
            count(s.requests, "request", "requests"),
            count(s.messages, "message", "messages"),
            count(self.files, "file", "files"),
        )?;
        if self.check {
            if self.differences.is_empty() {
                write!(f, ", all up to date")?;
            } else {
                write!(f, ", {} differences", self.differences.len())?;
            }
        } else {
            write!(
                f,
                ": {} written, {} unchanged, {} created once, {} kept",
                self.written.len(),
                self.unchanged,
                self.created.len(),
                self.kept
            )?;
            if !self.removed.is_empty() {
                write!(f, ", {} stale removed", self.removed.len())?;
            }
        }
        for difference in &self.differences {
            write!(f, "\n  {difference}")?;
        }
        Ok(())
    }
}

/// `1 file`, `2 files`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn apply(
    files: &[GeneratedFile],
    stats: Stats,
    out: &Path,
    mode: Mode,
) -> Result<Report, Error> {
    let check = mode == Mode::Check;
    let mut report = Report {
        stats,
        check,
        files: files.len(),
        ..Report::default()
    };
    for file in files {
        let path = out.join(&file.path);
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        match (&file.created_once, existing) {
            (Some(subclass), Some(text)) => {
                report.kept += 1;
                for problem in subclass_problems(subclass, &text) {
                    report.differences.push(Difference::Subclass {
                        path: file.path.clone(),
                        problem,
                    });
                }
            }
            (_, Some(text)) if text == file.contents => report.unchanged += 1,
            (once, existing) => {
                if check {
                    report.differences.push(match existing {
                        None => Difference::Missing(file.path.clone()),
                        Some(_) => Difference::Changed(file.path.clone()),
                    });
                    continue;
                }
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                std::fs::write(&path, &file.contents).map_err(|e| Error::io(&path, e))?;
                if once.is_some() {
                    report.created.push(file.path.clone());
                } else {
                    report.written.push(file.path.clone());
                }
            }
        }
    }
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for stale in stale_files(out, &produced)? {
        if mode == Mode::WritePrune {
            let path = out.join(&stale);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            report.removed.push(stale);
        } else {
            report.differences.push(Difference::Stale(stale));
        }
    }
    report.differences.sort_by(|a, b| key(a).cmp(key(b)));
    Ok(report)
}

fn key(difference: &Difference) -> &str {
    match difference {
        Difference::Missing(path) | Difference::Changed(path) | Difference::Stale(path) => path,
        Difference::Subclass { path, .. } => path,
    }
}

/// `.as` files below `out` whose first line is the generated header, but not produced now.
fn stale_files(out: &Path, produced: &BTreeSet<&str>) -> Result<Vec<String>, Error> {
    if !out.is_dir() {
        return Ok(Vec::new());
    }
    let mut stale = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(out, e.into()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|ext| ext != "as") {
            continue;
        }
        let relative = path
            .strip_prefix(out)
            .expect("walkdir stays below its root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if produced.contains(relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.lines().next() == Some(GENERATED_HEADER) {
            stale.push(relative);
        }
    }
    Ok(stale)
}

/// What an existing subclass no longer declares.
pub(crate) fn subclass_problems(subclass: &Subclass, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let code = strip_comments(text);
    let words: Vec<&str> = code
        .split(|c: char| c.is_whitespace() || c == '{')
        .filter(|w| !w.is_empty())
        .collect();
    let declaration = words
        .windows(4)
        .position(|w| w[0] == "class" && w[1] == subclass.class && w[2] == "extends");
    match declaration {
        Some(at) if words[at + 3] == subclass.base => {
            let modifiers = &words[at.saturating_sub(3)..at];
            let dynamic = modifiers.contains(&"dynamic");
            if subclass.dynamic && !dynamic {
                problems.push(format!(
                    "class {} must be declared `dynamic`, as its Rust type is (ActionScript does \
                     not inherit `dynamic` from {})",
                    subclass.class, subclass.base
                ));
            } else if !subclass.dynamic && dynamic {
                problems.push(format!(
                    "class {} is `dynamic`, but its Rust type is not: remove `dynamic`",
                    subclass.class
                ));
            }
        }
        _ => problems.push(format!(
            "it must declare `class {} extends {}`",
            subclass.class, subclass.base
        )),
    }
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(start) = compact.find("[RemoteClass(alias=\"") {
        let rest = &compact[start + "[RemoteClass(alias=\"".len()..];
        let alias = rest.split('"').next().unwrap_or_default();
        if alias != subclass.alias {
            problems.push(format!(
                "[RemoteClass(alias=\"{alias}\")] must be [RemoteClass(alias=\"{}\")], the \
                 alias of the Rust type",
                subclass.alias
            ));
        }
    }
    problems
}

/// The text without `//` and `/* */` comments (strings are left alone, roughly).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(quote) = in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == quote {
                in_string = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"' | '\'', _) => {
                in_string = Some(c);
                out.push(c);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(dynamic: bool) -> Subclass {
        Subclass {
            class: "User".into(),
            base: "UserBase".into(),
            alias: "com.example.User".into(),
            dynamic,
        }
    }

    #[test]
    fn subclass_checks() {
        let good = "package a {\n/** A user: class User extends Other */\n[RemoteClass(alias=\"com.example.User\")]\npublic class User extends UserBase {\n  public function hi():void {}\n}\n}\n";
        assert!(subclass_problems(&user(false), good).is_empty());
        assert_eq!(
            subclass_problems(&user(true), good),
            ["class User must be declared `dynamic`, as its Rust type is (ActionScript does not \
              inherit `dynamic` from UserBase)"]
        );
        let dynamic = good.replace("public class", "public dynamic class");
        assert!(subclass_problems(&user(true), &dynamic).is_empty());
        let stale = good.replace("com.example.User", "com.example.Person");
        assert_eq!(
            subclass_problems(&user(false), &stale),
            ["[RemoteClass(alias=\"com.example.Person\")] must be \
              [RemoteClass(alias=\"com.example.User\")], the alias of the Rust type"]
        );
        let no_alias = good.replace("[RemoteClass(alias=\"com.example.User\")]", "");
        assert!(subclass_problems(&user(false), &no_alias).is_empty());
        let wrong_base = good.replace("extends UserBase", "extends Object");
        assert_eq!(
            subclass_problems(&user(false), &wrong_base),
            ["it must declare `class User extends UserBase`"]
        );
    }
}
