//! Reading the Rust source: files and folders, parsed with syn (nothing is compiled).

use crate::error::{Diagnostic, Error};
use std::path::{Path, PathBuf};
use syn::{DeriveInput, Item, ItemTrait};

/// One Rust file, as the user named it, and its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path shown in messages: as given, or the folder as given joined with the path
    /// inside it, with `/` separators.
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// A source from memory (tests, build scripts that generate Rust).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Reads every `.rs` file of `inputs`: files as they are, folders recursively in name order
/// (skipping `target` and hidden folders).
pub fn read_sources(inputs: &[PathBuf]) -> Result<Vec<Source>, Error> {
    let mut sources = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let walk = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| entry.depth() == 0 || !skipped_folder(entry));
            for entry in walk {
                let entry = entry.map_err(|e| {
                    let path = e.path().unwrap_or(input).to_owned();
                    Error::io(path, e.into())
                })?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|ext| ext == "rs")
                {
                    sources.push(read(entry.path())?);
                }
            }
        } else {
            sources.push(read(input)?);
        }
    }
    Ok(sources)
}

fn skipped_folder(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir() && (name == "target" || name.starts_with('.'))
}

fn read(path: &Path) -> Result<Source, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(Source::new(display(path), text))
}

/// `path` with `/` separators.
fn display(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}

/// A parsed file.
pub(crate) struct Parsed {
    pub(crate) name: String,
    pub(crate) file: syn::File,
}

/// Parses every source; a syntax error is a diagnostic at its place.
pub(crate) fn parse(sources: &[Source]) -> Result<Vec<Parsed>, Vec<Diagnostic>> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        match syn::parse_file(&source.text) {
            Ok(file) => parsed.push(Parsed {
                name: source.name.clone(),
                file,
            }),
            Err(err) => errors.push(
                Diagnostic::at(&source.name, err.span(), format!("syntax error: {err}"))
                    .hint("the generator reads the source with syn: it must be valid Rust"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// The items the generator looks at, in file order then source order (inline modules
/// included).
pub(crate) struct Items<'f> {
    /// Structs and enums that derive `AmfClass`, with the index of their file.
    pub(crate) containers: Vec<(usize, DeriveInput)>,
    /// Every trait, with the index of its file (the service attribute is looked for later).
    pub(crate) traits: Vec<(usize, &'f ItemTrait)>,
}

pub(crate) fn collect(files: &[Parsed]) -> Items<'_> {
    let mut items = Items {
        containers: Vec::new(),
        traits: Vec::new(),
    };
    for (index, parsed) in files.iter().enumerate() {
        visit(index, &parsed.file.items, &mut items);
    }
    items
}

fn visit<'f>(file: usize, list: &'f [Item], items: &mut Items<'f>) {
    for item in list {
        match item {
            Item::Struct(s) if derives_amf_class(&s.attrs) => {
                items.containers.push((file, DeriveInput::from(s.clone())));
            }
            Item::Enum(e) if derives_amf_class(&e.attrs) => {
                items.containers.push((file, DeriveInput::from(e.clone())));
            }
            Item::Trait(t) => items.traits.push((file, t)),
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    visit(file, inner, items);
                }
            }
            _ => {}
        }
    }
}

/// `#[derive(.., AmfClass, ..)]`, by any path ending in `AmfClass`.
fn derives_amf_class(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .any(|attr| {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                if meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "AmfClass")
                {
                    found = true;
                }
                Ok(())
            });
            found
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_derives_and_traits_in_modules() {
        let sources = [Source::new(
            "a.rs",
            r#"
            #[derive(Debug, amf_runtime::AmfClass)]
            struct A { x: i32 }
            #[derive(Debug)]
            struct NotMine;
            mod inner {
                #[derive(AmfClass)]
                enum B { X }
                trait T {}
            }
            "#,
        )];
        let parsed = parse(&sources).unwrap();
        let items = collect(&parsed);
        let names: Vec<String> = items
            .containers
            .iter()
            .map(|(_, c)| c.ident.to_string())
            .collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(items.traits.len(), 1);
    }

    #[test]
    fn syntax_errors_are_located() {
        let sources = [Source::new("bad.rs", "struct A {\n  x: i32,,\n}")];
        let errors = parse(&sources).err().unwrap();
        assert_eq!(
            errors[0].to_string(),
            "bad.rs:2:10: syntax error: expected identifier\n  hint: the generator reads the \
             source with syn: it must be valid Rust"
        );
    }
}
