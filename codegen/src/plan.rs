//! From the annotation model to the ActionScript model: which classes, with which members.
//!
//! Everything here is owned data (names, mapped types, doc lines); the emitters never see syn.

use crate::asdoc::{self, Doc};
use crate::error::Diagnostic;
use crate::input::{self, Parsed};
use crate::names::{identifier_problem, package_problem, pascal, QName};
use crate::types::{AnyKind, AsType, Mapper, Scope, UserKind};
use crate::Options;
use amf_model::{
    find_service, parse_container, Container, Ctxt, Data, Dynamic, EnumRepr, Field, Location,
    MethodKind, Returns, ServedBy, Service, StructStyle, Variant, VariantStyle,
};
use quote::ToTokens;
use std::collections::{BTreeMap, HashMap};

/// What will be generated.
pub(crate) struct Plan {
    /// Value classes (a `…Base.as` and a `….as` each), sorted by qualified name.
    pub(crate) classes: Vec<ValueClass>,
    /// Classes of constants: unit enums and the tags of tagged enums, sorted by qualified name.
    pub(crate) enums: Vec<EnumClass>,
    /// Services, in input order.
    pub(crate) services: Vec<ServicePlan>,
    /// The registration class.
    pub(crate) registry: QName,
}

/// A class whose instances travel with a class alias.
pub(crate) struct ValueClass {
    pub(crate) class: QName,
    pub(crate) alias: String,
    pub(crate) dynamic: bool,
    /// The class's ASDoc, as Rust wrote it plus where it comes from.
    pub(crate) doc: Doc,
    pub(crate) members: Vec<Member>,
}

/// A public member of a value class.
pub(crate) struct Member {
    pub(crate) name: String,
    pub(crate) ty: AsType,
    pub(crate) doc: Doc,
    /// An initial value (the tag of a variant class).
    pub(crate) init: Option<String>,
}

/// A class of constants.
pub(crate) struct EnumClass {
    pub(crate) class: QName,
    pub(crate) doc: Doc,
    pub(crate) integer: bool,
    /// For the tags of a tagged enum: the member holding the tag.
    pub(crate) tag: Option<String>,
    pub(crate) constants: Vec<Constant>,
}

/// One constant of an [`EnumClass`].
pub(crate) struct Constant {
    pub(crate) name: String,
    /// The Rust variant's name.
    pub(crate) rust: String,
    /// The ActionScript literal: `"red"` or `3`.
    pub(crate) literal: String,
    pub(crate) doc: Doc,
}

/// A service trait.
pub(crate) struct ServicePlan {
    pub(crate) rust: String,
    pub(crate) name: String,
    pub(crate) served_by: ServedBy,
    pub(crate) doc_lines: Vec<String>,
    /// The stub (served by the server) or the interface (served by the client).
    pub(crate) class: QName,
    /// The dispatcher (served by the client).
    pub(crate) dispatcher: QName,
    pub(crate) methods: Vec<MethodPlan>,
}

/// A method of a service.
pub(crate) struct MethodPlan {
    pub(crate) rust: String,
    /// The ActionScript name.
    pub(crate) name: String,
    pub(crate) command: String,
    pub(crate) kind: MethodKind,
    pub(crate) timeout_ms: Option<u64>,
    pub(crate) args: Vec<ArgPlan>,
    /// `None` for `()`.
    pub(crate) returns: Option<AsType>,
    /// The Rust error type of a `Result`.
    pub(crate) error: Option<String>,
    pub(crate) doc_lines: Vec<String>,
    /// The call class (stub) or the reply class (interface) of a request.
    pub(crate) helper: QName,
}

/// An argument of a method.
pub(crate) struct ArgPlan {
    pub(crate) name: String,
    pub(crate) wire: String,
    pub(crate) ty: AsType,
}

/// Builds the plan, or every problem found.
pub(crate) fn plan(files: &[Parsed], options: &Options) -> Result<Plan, Vec<Diagnostic>> {
    let items = input::collect(files);
    let mut errors = Vec::new();

    let mut containers = Vec::new();
    for (file, input) in &items.containers {
        let cx = Ctxt::new();
        let container = parse_container(&cx, input);
        let ok = model_errors(cx, &files[*file].name, &mut errors);
        if let (true, Some(container)) = (ok, container) {
            containers.push((*file, container));
        }
    }
    let mut services = Vec::new();
    for (file, item) in &items.traits {
        let cx = Ctxt::new();
        let service = find_service(&cx, item);
        if model_errors(cx, &files[*file].name, &mut errors) {
            if let Some(service) = service {
                services.push((*file, service));
            }
        }
    }

    let mut builder = Builder {
        files,
        options,
        errors,
        claims: BTreeMap::new(),
        classes: Vec::new(),
        enums: Vec::new(),
    };
    let mapper = Mapper::new(builder.user_types(&containers));
    for (file, container) in &containers {
        builder.container(&mapper, *file, container);
    }
    let services = services
        .iter()
        .map(|(file, service)| builder.service(&mapper, *file, service))
        .collect();
    let registry = QName::new(&options.package, "ClassAliases");
    builder.claim(&registry, "", None, "the registration class");
    if options.runtime {
        for name in crate::emit::RUNTIME_CLASSES {
            builder.claim(
                &QName::new(&options.runtime_package, *name),
                "",
                None,
                "a class of the runtime",
            );
        }
    }

    let Builder {
        mut errors,
        mut classes,
        mut enums,
        ..
    } = builder;
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
        errors.dedup();
        return Err(errors);
    }
    classes.sort_by_key(|c| c.class.qualified());
    enums.sort_by_key(|e| e.class.qualified());
    Ok(Plan {
        classes,
        enums,
        services,
        registry,
    })
}

/// Moves the errors of the model parser into `errors`; whether there were none.
fn model_errors(cx: Ctxt, file: &str, errors: &mut Vec<Diagnostic>) -> bool {
    match cx.check() {
        Ok(()) => true,
        Err(combined) => {
            for err in combined {
                errors.push(Diagnostic::at(file, err.span(), err.to_string()));
            }
            false
        }
    }
}

struct Builder<'f> {
    files: &'f [Parsed],
    options: &'f Options,
    errors: Vec<Diagnostic>,
    /// Every generated class: who asked for it.
    claims: BTreeMap<String, (String, Option<Location>, String)>,
    classes: Vec<ValueClass>,
    enums: Vec<EnumClass>,
}

impl Builder<'_> {
    fn file(&self, index: usize) -> &str {
        &self.files[index].name
    }

    /// Records that `what` (at `file:at`) generates `class`; a second claim is an error.
    fn claim(&mut self, class: &QName, file: &str, at: Option<Location>, what: &str) {
        let key = class.qualified();
        if let Some((first_file, first_at, first_what)) = self.claims.get(&key) {
            let first = match first_at {
                Some(at) => format!("{first_what} ({first_file}:{at})"),
                None => first_what.clone(),
            };
            self.errors.push(
                Diagnostic::new(
                    file,
                    at,
                    format!("{what} would be the ActionScript class `{key}`, like {first}"),
                )
                .hint("give one of them another alias or name, or map its package with --map"),
            );
        } else {
            self.claims
                .insert(key, (file.to_owned(), at, what.to_owned()));
        }
    }

    /// The class of an alias (its package mapped), or an error at `span`.
    fn alias_class(&mut self, alias: &str, file: usize, span: proc_macro2::Span) -> Option<QName> {
        let (package, name) = match alias.rsplit_once('.') {
            Some((package, name)) => (self.options.map_alias_package(package), name),
            None => (self.options.package.clone(), alias),
        };
        let problem = identifier_problem(name)
            .map(|why| format!("its class name `{name}` {why}"))
            .or_else(|| {
                package_problem(&package).map(|why| format!("the package `{package}`: {why}"))
            });
        match problem {
            None => Some(QName::new(&package, name)),
            Some(why) => {
                let file = self.file(file).to_owned();
                self.errors.push(
                    Diagnostic::at(
                        &file,
                        span,
                        format!("the alias `{alias}` cannot name an ActionScript class: {why}"),
                    )
                    .hint("change the alias, or map its package with --map FROM=TO"),
                );
                None
            }
        }
    }

    /// The class of a container's constants: its alias's, else `--package` + its Rust name.
    fn own_class(&mut self, container: &Container, file: usize, suffix: &str) -> Option<QName> {
        match &container.attrs.alias {
            Some(alias) => {
                let class = self.alias_class(alias, file, container.ident.span())?;
                Some(QName::new(
                    &class.package,
                    format!("{}{suffix}", class.name),
                ))
            }
            None => Some(QName::new(
                &self.options.package,
                format!("{}{suffix}", container.ident),
            )),
        }
    }

    /// The [`UserKind`] of every container, by Rust name.
    fn user_types(&mut self, containers: &[(usize, Container)]) -> HashMap<String, UserKind> {
        let mut types = HashMap::new();
        let mut seen: HashMap<String, (usize, Location)> = HashMap::new();
        for (file, container) in containers {
            let name = container.ident.to_string();
            let at = Location::from(container.ident.span());
            if let Some((first_file, first_at)) = seen.get(&name) {
                let first = format!("{}:{first_at}", self.file(*first_file));
                let file = self.file(*file).to_owned();
                self.errors.push(
                    Diagnostic::new(
                        &file,
                        Some(at),
                        format!("a second type named `{name}` derives AmfClass (the first is at {first})"),
                    )
                    .hint("the generator finds types by name: rename one of them"),
                );
                continue;
            }
            seen.insert(name.clone(), (*file, at));
            if let Some(kind) = self.user_kind(*file, container) {
                types.insert(name, kind);
            }
        }
        types
    }

    fn user_kind(&mut self, file: usize, container: &Container) -> Option<UserKind> {
        let span = container.ident.span();
        Some(match &container.data {
            Data::Struct {
                style: StructStyle::Newtype,
                fields,
            } => UserKind::Transparent {
                ty: Box::new(fields[0].ty.clone()),
                file: self.file(file).to_owned(),
                generics: generics(container),
            },
            Data::Struct { fields, .. } => match &container.attrs.alias {
                Some(alias) => UserKind::Class(self.alias_class(alias, file, span)?),
                None => UserKind::Anonymous(
                    sealed(container, fields)
                        .map(|field| field.wire_name.clone())
                        .collect(),
                ),
            },
            Data::Enum(variants) => match &container.attrs.repr {
                EnumRepr::Name | EnumRepr::Integer => UserKind::Enum {
                    class: self.own_class(container, file, "")?,
                    integer: container.attrs.repr == EnumRepr::Integer,
                },
                EnumRepr::Internal { tag } | EnumRepr::Adjacent { tag, .. } => {
                    match &container.attrs.alias {
                        Some(alias) if variants.iter().all(|v| v.alias.is_none()) => {
                            UserKind::Class(self.alias_class(alias, file, span)?)
                        }
                        _ => UserKind::Tagged {
                            tag: tag.clone(),
                            tag_class: self.own_class(container, file, "Tag")?,
                        },
                    }
                }
            },
        })
    }

    fn container(&mut self, mapper: &Mapper, file: usize, container: &Container) {
        let generics = generics(container);
        let name = self.file(file).to_owned();
        let scope = Scope {
            file: &name,
            generics: &generics,
        };
        match &container.data {
            Data::Struct {
                style: StructStyle::Named | StructStyle::Unit,
                fields,
            } => {
                if let Some(alias) = &container.attrs.alias {
                    self.struct_class(mapper, &scope, file, container, alias, fields);
                }
            }
            Data::Struct { .. } => {}
            Data::Enum(variants) => match &container.attrs.repr {
                EnumRepr::Name | EnumRepr::Integer => self.unit_enum(file, container, variants),
                EnumRepr::Internal { tag } => {
                    self.tagged_enum(mapper, &scope, file, container, variants, tag, None)
                }
                EnumRepr::Adjacent { tag, content } => self.tagged_enum(
                    mapper,
                    &scope,
                    file,
                    container,
                    variants,
                    tag,
                    Some(content),
                ),
            },
        }
    }

    fn struct_class(
        &mut self,
        mapper: &Mapper,
        scope: &Scope,
        file: usize,
        container: &Container,
        alias: &str,
        fields: &[Field],
    ) {
        let Some(class) = self.alias_class(alias, file, container.ident.span()) else {
            return;
        };
        let rust = container.ident.to_string();
        let members = sealed(container, fields)
            .filter_map(|field| self.member(mapper, scope, &rust, field))
            .collect();
        let origin = format!(
            "The ActionScript twin of the Rust struct {}, which travels as an object of class \
             alias {}.",
            asdoc::code(&rust),
            asdoc::code(alias)
        );
        let dynamic = match &container.attrs.dynamic {
            Dynamic::None => None,
            Dynamic::Flag => Some(
                "Dynamic: members added at run time travel too (the Rust side ignores them)."
                    .to_owned(),
            ),
            Dynamic::Field(field) => Some(format!(
                "Dynamic: members added at run time travel too, into the Rust field {}.",
                asdoc::code(field)
            )),
        };
        self.value_class(
            file,
            container.ident.span(),
            &format!("struct `{rust}`"),
            ValueClass {
                doc: Doc::new()
                    .rust(&container.docs)
                    .para(origin)
                    .para_opt(dynamic),
                class,
                alias: alias.to_owned(),
                dynamic: container.attrs.dynamic != Dynamic::None,
                members,
            },
        );
    }

    fn value_class(&mut self, file: usize, span: proc_macro2::Span, what: &str, class: ValueClass) {
        let file_name = self.file(file).to_owned();
        let at = Some(Location::from(span));
        self.claim(&class.class, &file_name, at, what);
        let base = QName::new(&class.class.package, format!("{}Base", class.class.name));
        self.claim(&base, &file_name, at, &format!("the base class of {what}"));
        self.classes.push(class);
    }

    /// The member of a field, or `None` (and an error) if it cannot be one.
    fn member(
        &mut self,
        mapper: &Mapper,
        scope: &Scope,
        owner: &str,
        field: &Field,
    ) -> Option<Member> {
        let name = field.wire_name.clone();
        if let Some(why) = identifier_problem(&name) {
            self.errors.push(
                Diagnostic::at(
                    scope.file,
                    field.span,
                    format!(
                        "field `{}` of `{owner}` travels as the member `{name}`, which {why}",
                        field.rust_name
                    ),
                )
                .hint(
                    "Flash Player sets members by their wire names: give the field an \
                     ActionScript name with #[amf(rename = \"...\")] or another rename_all",
                ),
            );
            return None;
        }
        let ty = match &field.attrs.with {
            Some(path) => AsType::Any(AnyKind::Custom(
                path.to_token_stream().to_string().replace(' ', ""),
            )),
            None => match mapper.map(field.ty, scope) {
                Ok(ty) => ty,
                Err(err) => {
                    self.errors.push(err);
                    return None;
                }
            },
        };
        Some(Member {
            doc: type_doc(Doc::new().rust(&field.docs), &ty, false),
            name,
            ty,
            init: None,
        })
    }

    fn unit_enum(&mut self, file: usize, container: &Container, variants: &[Variant]) {
        let Some(class) = self.own_class(container, file, "") else {
            return;
        };
        let rust = container.ident.to_string();
        let integer = container.attrs.repr == EnumRepr::Integer;
        let constants = variants
            .iter()
            .filter_map(|variant| {
                let literal = if integer {
                    if i32::try_from(variant.integer).is_err() {
                        let file = self.file(file).to_owned();
                        self.errors.push(
                            Diagnostic::at(
                                &file,
                                variant.ident.span(),
                                format!(
                                    "variant `{}` travels as {}, which an ActionScript int cannot \
                                     hold",
                                    variant.ident, variant.integer
                                ),
                            )
                            .hint("use discriminants from -2147483648 to 2147483647"),
                        );
                        return None;
                    }
                    variant.integer.to_string()
                } else {
                    string_literal(&variant.wire_name)
                };
                Some(Constant {
                    name: self.options.naming.constant(&variant.ident.to_string()),
                    rust: variant.ident.to_string(),
                    literal,
                    doc: Doc::new().rust(&variant.docs),
                })
            })
            .collect::<Vec<_>>();
        let travels = if integer {
            "an int (<code>repr = \"integer\"</code>)"
        } else {
            "a String, its wire name"
        };
        let doc = Doc::new().rust(&container.docs).para(format!(
            "The values of the Rust enum {}: each travels as {travels}. Values this version does \
             not know may arrive: check them with <code>isValid</code>.",
            asdoc::code(&rust)
        ));
        self.constants_class(file, container, class, doc, integer, None, constants, &rust);
    }

    #[allow(clippy::too_many_arguments)]
    fn constants_class(
        &mut self,
        file: usize,
        container: &Container,
        class: QName,
        doc: Doc,
        integer: bool,
        tag: Option<String>,
        constants: Vec<Constant>,
        rust: &str,
    ) {
        let file_name = self.file(file).to_owned();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for constant in &constants {
            let problem = identifier_problem(&constant.name)
                .map(str::to_owned)
                .or_else(|| {
                    seen.insert(&constant.name, &constant.rust).map(|first| {
                        format!("is also the name of the constant of variant `{first}`")
                    })
                });
            if let Some(why) = problem {
                self.errors.push(
                    Diagnostic::at(
                        &file_name,
                        container.ident.span(),
                        format!(
                            "the constant `{}` of variant `{}` of `{rust}` {why}",
                            constant.name, constant.rust
                        ),
                    )
                    .hint("rename the variant, or generate with --naming rust"),
                );
            }
        }
        let what = if tag.is_some() {
            format!("the tags of enum `{rust}`")
        } else {
            format!("enum `{rust}`")
        };
        self.claim(
            &class,
            &file_name,
            Some(Location::from(container.ident.span())),
            &what,
        );
        self.enums.push(EnumClass {
            class,
            doc,
            integer,
            tag,
            constants,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn tagged_enum(
        &mut self,
        mapper: &Mapper,
        scope: &Scope,
        file: usize,
        container: &Container,
        variants: &[Variant],
        tag: &str,
        content: Option<&String>,
    ) {
        let rust = container.ident.to_string();
        let Some(tag_class) = self.own_class(container, file, "Tag") else {
            return;
        };
        let constants = variants
            .iter()
            .map(|variant| Constant {
                name: self.options.naming.constant(&variant.ident.to_string()),
                rust: variant.ident.to_string(),
                literal: string_literal(&variant.wire_name),
                doc: Doc::new().rust(&variant.docs),
            })
            .collect();
        let doc = Doc::new().rust(&container.docs).para(format!(
            "The tags of the Rust enum {}: each variant travels as an object whose member {} \
             holds one of these values.",
            asdoc::code(&rust),
            asdoc::code(tag)
        ));
        self.constants_class(
            file,
            container,
            tag_class.clone(),
            doc,
            false,
            Some(tag.to_owned()),
            constants,
            &rust,
        );

        // A class per variant with its own alias; one class for the others, if the enum has an
        // alias (every member of every such variant, each once).
        // Each member of the shared class, with its type in each variant that has it.
        let mut shared: Vec<(Member, Vec<(String, AsType)>)> = Vec::new();
        let mut shared_variants = Vec::new();
        for variant in variants {
            let mut members = vec![Member {
                name: tag.to_owned(),
                ty: AsType::String,
                doc: Doc::new().para(format!(
                    "The tag: {} for this variant.",
                    asdoc::code(&variant.wire_name)
                )),
                init: Some(string_literal(&variant.wire_name)),
            }];
            let owner = format!("{rust}::{}", variant.ident);
            match content {
                None => members.extend(
                    variant
                        .fields
                        .iter()
                        .filter(|field| !field.attrs.skip)
                        .filter_map(|field| self.member(mapper, scope, &owner, field)),
                ),
                Some(content) => {
                    if let Some(ty) = self.content_type(mapper, scope, &owner, variant) {
                        if let Some(why) = identifier_problem(content) {
                            let file = self.file(file).to_owned();
                            self.errors.push(
                                Diagnostic::at(
                                    &file,
                                    container.ident.span(),
                                    format!("the content member `{content}` of `{rust}` {why}"),
                                )
                                .hint("choose an ActionScript identifier for content = \"...\""),
                            );
                        }
                        members.push(Member {
                            name: content.clone(),
                            doc: type_doc(
                                Doc::new().para(format!(
                                    "The payload of the variant {}.",
                                    asdoc::code(&variant.ident.to_string())
                                )),
                                &ty,
                                false,
                            ),
                            ty,
                            init: None,
                        });
                    }
                }
            }
            match &variant.alias {
                Some(alias) => {
                    let Some(class) = self.alias_class(alias, file, variant.ident.span()) else {
                        continue;
                    };
                    let origin = format!(
                        "The variant {} of the Rust enum {}, which travels as an object of class \
                         alias {} whose member {} is {}.",
                        asdoc::code(&variant.ident.to_string()),
                        asdoc::code(&rust),
                        asdoc::code(alias),
                        asdoc::code(tag),
                        asdoc::code(&variant.wire_name)
                    );
                    self.value_class(
                        file,
                        variant.ident.span(),
                        &format!("variant `{owner}`"),
                        ValueClass {
                            doc: Doc::new().rust(&variant.docs).para(origin),
                            class,
                            alias: alias.clone(),
                            dynamic: false,
                            members,
                        },
                    );
                }
                None => {
                    let name = variant.ident.to_string();
                    shared_variants.push(name.clone());
                    for mut member in members {
                        member.init = None;
                        match shared.iter_mut().find(|(m, _)| m.name == member.name) {
                            Some((_, types)) => types.push((name.clone(), member.ty)),
                            None => {
                                let ty = member.ty.clone();
                                shared.push((member, vec![(name.clone(), ty)]));
                            }
                        }
                    }
                }
            }
        }
        if let (Some(alias), false) = (&container.attrs.alias, shared_variants.is_empty()) {
            let Some(class) = self.alias_class(alias, file, container.ident.span()) else {
                return;
            };
            let mut shared: Vec<Member> = shared.into_iter().map(merge_member).collect();
            if let Some(first) = shared.first_mut() {
                first.doc = Doc::new().para(format!(
                    "The tag: which variant this object is, one of the constants of {}.",
                    asdoc::code(&tag_class.name)
                ));
            }
            let origin = format!(
                "The variants {} of the Rust enum {}, which travel as objects of class alias {}: \
                 the member {} tells them apart, and members of other variants stay unset.",
                shared_variants
                    .iter()
                    .map(|v| asdoc::code(v))
                    .collect::<Vec<_>>()
                    .join(", "),
                asdoc::code(&rust),
                asdoc::code(alias),
                asdoc::code(tag)
            );
            self.value_class(
                file,
                container.ident.span(),
                &format!("enum `{rust}`"),
                ValueClass {
                    doc: Doc::new()
                        .rust(&container.docs)
                        .para(origin)
                        .tag(format!("@see {}", tag_class.qualified())),
                    class,
                    alias: alias.clone(),
                    dynamic: false,
                    members: shared,
                },
            );
        }
    }

    /// The type of the content member of an adjacently tagged variant (`None` for unit
    /// variants and on errors).
    fn content_type(
        &mut self,
        mapper: &Mapper,
        scope: &Scope,
        owner: &str,
        variant: &Variant,
    ) -> Option<AsType> {
        match variant.style {
            VariantStyle::Unit | VariantStyle::Tuple => None,
            VariantStyle::Newtype => match mapper.map(variant.fields[0].ty, scope) {
                Ok(ty) => Some(ty),
                Err(err) => {
                    self.errors.push(err);
                    None
                }
            },
            VariantStyle::Struct => {
                for field in variant.fields.iter().filter(|f| !f.attrs.skip) {
                    if field.attrs.with.is_none() {
                        if let Err(err) = mapper.map(field.ty, scope) {
                            self.errors.push(err);
                        }
                    }
                }
                Some(AsType::Anonymous {
                    rust: owner.to_owned(),
                    members: variant
                        .fields
                        .iter()
                        .filter(|f| !f.attrs.skip)
                        .map(|f| f.wire_name.clone())
                        .collect(),
                })
            }
        }
    }

    fn service(&mut self, mapper: &Mapper, file: usize, service: &Service) -> ServicePlan {
        let options = self.options;
        let rust = service.ident.to_string();
        let file_name = self.file(file).to_owned();
        let at = Some(Location::from(service.ident.span()));
        let (class, dispatcher) = match service.served_by {
            ServedBy::Server => (
                QName::new(&options.package, format!("{rust}Client")),
                QName::new(&options.package, format!("{rust}Dispatcher")),
            ),
            ServedBy::Client => (
                QName::new(&options.package, format!("I{rust}")),
                QName::new(&options.package, format!("{rust}Dispatcher")),
            ),
        };
        match service.served_by {
            ServedBy::Server => self.claim(
                &class,
                &file_name,
                at,
                &format!("the stub of service `{rust}`"),
            ),
            ServedBy::Client => {
                self.claim(
                    &class,
                    &file_name,
                    at,
                    &format!("the interface of service `{rust}`"),
                );
                self.claim(
                    &dispatcher,
                    &file_name,
                    at,
                    &format!("the dispatcher of service `{rust}`"),
                );
            }
        }
        let scope = Scope {
            file: &file_name,
            generics: &[],
        };
        let mut names: HashMap<String, String> = HashMap::new();
        let mut methods = Vec::new();
        for method in &service.methods {
            let name = options.naming.function(&method.rust_name);
            let span = method.ident.span();
            let reserved = service.served_by == ServedBy::Server && name == "connection";
            let problem = identifier_problem(&name)
                .map(str::to_owned)
                .or_else(|| reserved.then(|| "is the stub's own `connection` getter".to_owned()))
                .or_else(|| {
                    names
                        .insert(name.clone(), method.rust_name.clone())
                        .map(|first| format!("is also the name of method `{first}`"))
                });
            if let Some(why) = problem {
                self.errors.push(
                    Diagnostic::at(
                        &file_name,
                        span,
                        format!("method `{}` would be the ActionScript method `{name}`, which {why}", method.rust_name),
                    )
                    .hint("rename the Rust method (its wire command can stay, with #[amf(rename = \"...\")])"),
                );
            }
            let mut arg_names: HashMap<String, String> = HashMap::new();
            let mut args = Vec::new();
            for arg in &method.args {
                let arg_name = options.naming.function(&arg.rust_name);
                let problem = identifier_problem(&arg_name)
                    .map(str::to_owned)
                    .or_else(|| {
                        arg_names
                            .insert(arg_name.clone(), arg.rust_name.clone())
                            .map(|first| format!("is also the name of argument `{first}`"))
                    });
                if let Some(why) = problem {
                    self.errors.push(
                        Diagnostic::at(
                            &file_name,
                            arg.span,
                            format!(
                                "argument `{}` of `{}` would be the ActionScript parameter `{arg_name}`, which {why}",
                                arg.rust_name, method.rust_name
                            ),
                        )
                        .hint("rename the argument (its wire name can stay, with #[amf(rename = \"...\")])"),
                    );
                }
                match mapper.map(arg.ty, &scope) {
                    Ok(ty) => args.push(ArgPlan {
                        name: arg_name,
                        wire: arg.wire_name.clone(),
                        ty,
                    }),
                    Err(err) => self.errors.push(err),
                }
            }
            let (returns, error) = match method.returns {
                Returns::Unit => (None, None),
                Returns::Value(ty) => (self.returns(mapper, &scope, ty), None),
                Returns::Result { ok, err } => (
                    self.returns(mapper, &scope, ok),
                    Some(err.to_token_stream().to_string().replace(' ', "")),
                ),
            };
            let suffix = match service.served_by {
                ServedBy::Server => "Call",
                ServedBy::Client => "Reply",
            };
            let helper = QName::new(
                &options.package,
                format!("{rust}{}{suffix}", pascal(&method.rust_name)),
            );
            if method.kind == MethodKind::Request {
                self.claim(
                    &helper,
                    &file_name,
                    Some(Location::from(span)),
                    &format!(
                        "the {} class of `{rust}::{}`",
                        suffix.to_lowercase(),
                        method.rust_name
                    ),
                );
            }
            methods.push(MethodPlan {
                rust: method.rust_name.clone(),
                name,
                command: method.wire_command.clone(),
                kind: method.kind,
                timeout_ms: method.timeout_ms,
                args,
                returns,
                error,
                doc_lines: method.docs.clone(),
                helper,
            });
        }
        ServicePlan {
            rust,
            name: service.name.clone(),
            served_by: service.served_by,
            doc_lines: service.docs.clone(),
            class,
            dispatcher,
            methods,
        }
    }

    /// The type of a reply: `None` for `()`.
    fn returns(&mut self, mapper: &Mapper, scope: &Scope, ty: &syn::Type) -> Option<AsType> {
        if matches!(ty, syn::Type::Tuple(t) if t.elems.is_empty()) {
            return None;
        }
        match mapper.map(ty, scope) {
            Ok(ty) => Some(ty),
            Err(err) => {
                self.errors.push(err);
                None
            }
        }
    }
}

/// A member of the class shared by several variants: its type if all agree, else `*` with
/// the type of each.
fn merge_member((mut member, types): (Member, Vec<(String, AsType)>)) -> Member {
    if types.iter().all(|(_, ty)| *ty == member.ty) {
        return member;
    }
    let each = types
        .iter()
        .map(|(variant, ty)| {
            format!(
                "<code>{}</code> in {}",
                asdoc::escape(&ty.noun_public(false)),
                asdoc::code(variant)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    member.ty = AsType::Any(AnyKind::Value);
    member.doc = Doc::new().para(format!("Its type depends on the variant: {each}."));
    member
}

/// The type parameters of a container.
fn generics(container: &Container) -> Vec<String> {
    container
        .generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect()
}

/// The fields that travel as sealed members.
fn sealed<'c, 'a>(
    container: &'c Container<'a>,
    fields: &'c [Field<'a>],
) -> impl Iterator<Item = &'c Field<'a>> {
    fields.iter().filter(move |field| {
        !field.attrs.skip
            && !matches!(&container.attrs.dynamic, Dynamic::Field(name) if *name == field.rust_name)
    })
}

/// Adds what the declared type leaves unsaid, and `@see` its constants class.
pub(crate) fn type_doc(doc: Doc, ty: &AsType, vector: bool) -> Doc {
    let mut see = std::collections::BTreeSet::new();
    ty.see_also(&mut see);
    see.into_iter()
        .fold(doc.para_opt(ty.describe(vector)), |doc, class| {
            doc.tag(format!("@see {class}"))
        })
}

/// An ActionScript string literal.
pub(crate) fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
