//! Value classes (a regenerated `…Base.as` and a `….as` created once), classes of constants,
//! and the registration class.

use super::{
    generated, imports, render, GeneratedFile, Subclass, CREATED_ONCE_HEADER, GENERATED_HEADER,
};
use crate::asdoc::{self, Doc};
use crate::plan::{string_literal, Plan, ValueClass};
use crate::Options;
use askama::Template;
use std::collections::BTreeSet;

#[derive(Template)]
#[template(path = "value_base.as")]
struct ValueBaseTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    doc: String,
    dynamic: bool,
    name: String,
    members: Vec<MemberView>,
}

struct MemberView {
    doc: String,
    element: Option<String>,
    name: String,
    decl: String,
    init: Option<String>,
}

#[derive(Template)]
#[template(path = "value_class.as")]
struct ValueClassTemplate<'a> {
    header: &'a str,
    package: &'a str,
    doc: String,
    alias: String,
    dynamic: bool,
    name: &'a str,
    base: String,
}

#[derive(Template)]
#[template(path = "constants.as")]
struct ConstantsTemplate<'a> {
    header: &'a str,
    package: &'a str,
    doc: String,
    name: &'a str,
    value_type: &'a str,
    tag: Option<String>,
    constants: Vec<ConstantView>,
}

struct ConstantView {
    doc: String,
    name: String,
    rust: String,
    literal: String,
}

#[derive(Template)]
#[template(path = "registry.as")]
struct RegistryTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    name: &'a str,
    entries: Vec<(String, String)>,
}

pub(super) fn emit(plan: &Plan, _options: &Options, files: &mut Vec<GeneratedFile>) {
    for class in &plan.classes {
        files.push(base_class(class));
        files.push(subclass(class));
    }
    for constants in &plan.enums {
        let template = ConstantsTemplate {
            header: GENERATED_HEADER,
            package: &constants.class.package,
            doc: constants.doc.render(""),
            name: &constants.class.name,
            value_type: if constants.integer { "int" } else { "String" },
            tag: constants.tag.as_deref().map(string_literal),
            constants: constants
                .constants
                .iter()
                .map(|constant| ConstantView {
                    doc: constant.doc.render("    "),
                    name: constant.name.clone(),
                    rust: constant.rust.clone(),
                    literal: constant.literal.clone(),
                })
                .collect(),
        };
        files.push(generated(constants.class.file(), render(&template)));
    }
    let registry = &plan.registry;
    let mut entries: Vec<(String, String)> = plan
        .classes
        .iter()
        .map(|class| (string_literal(&class.alias), class.class.name.clone()))
        .collect();
    entries.sort();
    let template = RegistryTemplate {
        header: GENERATED_HEADER,
        package: &registry.package,
        imports: imports(
            &registry.package,
            plan.classes.iter().map(|c| c.class.qualified()).collect(),
        ),
        name: &registry.name,
        entries,
    };
    files.push(generated(registry.file(), render(&template)));
}

fn base_name(class: &ValueClass) -> String {
    format!("{}Base", class.class.name)
}

fn base_class(class: &ValueClass) -> GeneratedFile {
    let mut classes = BTreeSet::new();
    for member in &class.members {
        match &member.ty {
            // Array members name their element type in metadata only.
            crate::types::AsType::Array(_) => {}
            ty => ty.imports(&mut classes),
        }
    }
    let base = base_name(class);
    let template = ValueBaseTemplate {
        header: GENERATED_HEADER,
        package: &class.class.package,
        imports: imports(&class.class.package, classes),
        doc: class_doc(class)
            .para(format!(
                "Generated: add your own code to {}, which extends this class and is never \
                 overwritten.",
                asdoc::code(&class.class.name)
            ))
            .tag(format!("@see {}", class.class.qualified()))
            .render(""),
        dynamic: class.dynamic,
        name: base,
        members: class
            .members
            .iter()
            .map(|member| MemberView {
                doc: member.doc.render("    "),
                element: member.ty.array_element(),
                name: member.name.clone(),
                decl: member.ty.decl(false),
                init: member.init.clone(),
            })
            .collect(),
    };
    generated(class.class.sibling_file(&template.name), render(&template))
}

/// The ASDoc of the class: the Rust doc comment, then its origin.
fn class_doc(class: &ValueClass) -> Doc {
    class.doc.clone()
}

fn subclass(class: &ValueClass) -> GeneratedFile {
    let base = base_name(class);
    let template = ValueClassTemplate {
        header: CREATED_ONCE_HEADER,
        package: &class.class.package,
        doc: class_doc(class)
            .para(format!(
                "Yours to extend: this file was created once and is never overwritten. The \
                 members that travel are declared in {}, which is regenerated; the \
                 <code>[RemoteClass]</code> alias and <code>dynamic</code> are checked on every \
                 run.",
                asdoc::code(&base)
            ))
            .render(""),
        alias: class.alias.clone(),
        dynamic: class.dynamic,
        name: &class.class.name,
        base: base.clone(),
    };
    GeneratedFile {
        path: class.class.file(),
        contents: render(&template),
        created_once: Some(Subclass {
            class: class.class.name.clone(),
            base,
            alias: class.alias.clone(),
            dynamic: class.dynamic,
        }),
    }
}
