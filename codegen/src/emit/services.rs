//! Services: for a trait the server serves, a stub and a call class per request; for a trait
//! the client serves, an interface, a reply class per request and a dispatcher.

use super::{generated, imports, render, GeneratedFile, GENERATED_HEADER};
use crate::asdoc::{self, Doc};
use crate::names::QName;
use crate::plan::{string_literal, type_doc, MethodPlan, Plan, ServicePlan};
use crate::types::AsType;
use crate::{Collections, Options};
use amf_model::{MethodKind, ServedBy};
use askama::Template;
use std::collections::BTreeSet;

#[derive(Template)]
#[template(path = "stub.as")]
struct StubTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    doc: String,
    name: &'a str,
    registry: &'a str,
    methods: Vec<StubMethod>,
}

struct StubMethod {
    doc: String,
    name: String,
    params: String,
    returns: String,
    sets: Vec<(String, String)>,
    call: Option<String>,
    command: String,
}

#[derive(Template)]
#[template(path = "call.as")]
struct CallTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    doc: String,
    name: &'a str,
    command: String,
    timeout: String,
    success_signature: String,
    result: Option<CallResult>,
}

struct CallResult {
    decl: String,
    cast: String,
    check: Option<String>,
    expected: String,
    convert: Option<String>,
}

#[derive(Template)]
#[template(path = "interface.as")]
struct InterfaceTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    doc: String,
    name: &'a str,
    methods: Vec<InterfaceMethod>,
}

struct InterfaceMethod {
    doc: String,
    name: String,
    params: String,
}

#[derive(Template)]
#[template(path = "reply.as")]
struct ReplyTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    doc: String,
    name: &'a str,
    success_params: String,
    success_value: String,
    failure_doc: String,
}

#[derive(Template)]
#[template(path = "dispatcher.as")]
struct DispatcherTemplate<'a> {
    header: &'a str,
    package: &'a str,
    imports: Vec<String>,
    doc: String,
    name: &'a str,
    interface: &'a str,
    registry: &'a str,
    commands: Vec<String>,
    requests: Vec<Serve>,
    messages: Vec<Serve>,
}

struct Serve {
    command: String,
    function: String,
    method: String,
    reply: String,
    args: Vec<ServeArg>,
}

struct ServeArg {
    wire: String,
    missing: Option<String>,
    check: Option<String>,
    invalid: String,
    convert: String,
}

pub(super) fn emit(plan: &Plan, options: &Options, files: &mut Vec<GeneratedFile>) {
    let ctx = Ctx {
        options,
        vector: options.collections == Collections::Vector,
        registry: &plan.registry,
    };
    for service in &plan.services {
        match service.served_by {
            ServedBy::Server => ctx.stub(service, files),
            ServedBy::Client => ctx.handler(service, files),
        }
    }
}

struct Ctx<'a> {
    options: &'a Options,
    vector: bool,
    registry: &'a QName,
}

impl Ctx<'_> {
    fn runtime(&self, class: &str) -> String {
        QName::new(&self.options.runtime_package, class).qualified()
    }

    /// Imports of a file of `package` that uses `types` and the runtime classes `runtime`.
    fn imports<'t>(
        &self,
        package: &str,
        types: impl IntoIterator<Item = &'t AsType>,
        runtime: &[&str],
    ) -> Vec<String> {
        let mut classes: BTreeSet<String> = runtime.iter().map(|c| self.runtime(c)).collect();
        for ty in types {
            ty.imports(&mut classes);
            if ty.uses_convert() {
                classes.insert(self.runtime("Convert"));
            }
        }
        classes.insert(self.registry.qualified());
        imports(package, classes)
    }

    /// `room:String, count:Object = null`: trailing optional arguments default to null.
    fn params(&self, method: &MethodPlan) -> String {
        let optional_from = method
            .args
            .iter()
            .rposition(|arg| !matches!(arg.ty, AsType::Nullable(_)))
            .map_or(0, |last_required| last_required + 1);
        method
            .args
            .iter()
            .enumerate()
            .map(|(i, arg)| {
                let default = if i >= optional_from { " = null" } else { "" };
                format!("{}:{}{default}", arg.name, arg.ty.decl(self.vector))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn method_doc(&self, service: &ServicePlan, method: &MethodPlan) -> Doc {
        let mut doc = Doc::new().rust(&method.doc_lines).para(format!(
            "{} {} (Rust <code>{}::{}</code>).",
            match method.kind {
                MethodKind::Request => "Request",
                MethodKind::Message => "Message (no reply)",
            },
            asdoc::code(&method.command),
            service.rust,
            method.rust
        ));
        for arg in &method.args {
            let mut text = format!("@param {} the param {}", arg.name, asdoc::code(&arg.wire));
            if let Some(more) = arg.ty.describe(self.vector) {
                text = format!("{text}. {more}");
            }
            doc = doc.tag(text);
        }
        doc
    }

    fn stub(&self, service: &ServicePlan, files: &mut Vec<GeneratedFile>) {
        let package = &service.class.package;
        let mut types = Vec::new();
        let methods = service
            .methods
            .iter()
            .map(|method| {
                types.extend(method.args.iter().map(|arg| &arg.ty));
                let mut doc = self.method_doc(service, method);
                let (returns, call) = match method.kind {
                    MethodKind::Request => {
                        files.push(self.call(service, method));
                        doc = doc.tag(format!(
                            "@return the call: <code>onSuccess({})</code>, \
                             <code>onFailure(function(failure:RpcFailure):void)</code>{}",
                            success_signature(method, self.vector),
                            match &method.error {
                                Some(error) => format!(
                                    "; the server's errors (Rust {}) arrive as \
                                     <code>RpcFailure.REMOTE_ERROR</code>",
                                    asdoc::code(error)
                                ),
                                None => String::new(),
                            }
                        ));
                        (method.helper.name.clone(), Some(method.helper.name.clone()))
                    }
                    MethodKind::Message => {
                        doc = doc.tag(
                            "@return <code>false</code> if the message cannot be sent (the \
                             connection is closed and not reconnecting)",
                        );
                        ("Boolean".to_owned(), None)
                    }
                };
                StubMethod {
                    doc: doc.render("    "),
                    name: method.name.clone(),
                    params: self.params(method),
                    returns,
                    sets: method
                        .args
                        .iter()
                        .map(|arg| (string_literal(&arg.wire), arg.name.clone()))
                        .collect(),
                    call,
                    command: string_literal(&method.command),
                }
            })
            .collect();
        let doc = Doc::new().rust(&service.doc_lines).para(format!(
            "Calls the service {} of the server (Rust trait {}): one method per request, which \
             returns a typed call, and one per message.",
            asdoc::code(&service.name),
            asdoc::code(&service.rust)
        ));
        let template = StubTemplate {
            header: GENERATED_HEADER,
            package,
            imports: self.imports(package, types, &["Connection"]),
            doc: doc.render(""),
            name: &service.class.name,
            registry: &self.registry.name,
            methods,
        };
        files.push(generated(service.class.file(), render(&template)));
    }

    fn call(&self, service: &ServicePlan, method: &MethodPlan) -> GeneratedFile {
        let package = &method.helper.package;
        let result = method.returns.as_ref().map(|ty| CallResult {
            decl: ty.decl(self.vector),
            cast: ty.cast("result", self.vector),
            check: ty.check("raw", 0),
            expected: string_literal(&noun(ty, self.vector)),
            convert: {
                let convert = ty.convert("raw", 0, self.vector);
                (convert != ty.cast("raw", self.vector)).then_some(convert)
            },
        });
        let mut doc = Doc::new().para(format!(
            "A call of {} (Rust <code>{}::{}</code>): typed callbacks, events and timeout.",
            asdoc::code(&method.command),
            service.rust,
            method.rust
        ));
        if let Some(ty) = &method.returns {
            doc = type_doc(
                doc.para({
                    let decl = ty.decl(self.vector);
                    format!(
                        "It succeeds with {} <code>{}</code>.",
                        asdoc::article(&decl),
                        asdoc::escape(&decl)
                    )
                }),
                ty,
                self.vector,
            );
        }
        if let Some(error) = &method.error {
            doc = doc.para(format!(
                "The server's errors (Rust {}) arrive as <code>RpcFailure.REMOTE_ERROR</code> \
                 with their code and message.",
                asdoc::code(error)
            ));
        }
        let template = CallTemplate {
            header: GENERATED_HEADER,
            package,
            imports: self.imports(package, method.returns.iter(), &["RpcCall", "RpcFailure"]),
            doc: doc.render(""),
            name: &method.helper.name,
            command: string_literal(&method.command),
            timeout: method
                .timeout_ms
                .map_or("-1".to_owned(), |ms| ms.min(i32::MAX as u64).to_string()),
            success_signature: success_signature(method, self.vector),
            result,
        };
        generated(method.helper.file(), render(&template))
    }

    fn handler(&self, service: &ServicePlan, files: &mut Vec<GeneratedFile>) {
        let package = &service.class.package;
        let mut types = Vec::new();
        let mut methods = Vec::new();
        let mut requests = Vec::new();
        let mut messages = Vec::new();
        for method in &service.methods {
            types.extend(method.args.iter().map(|arg| &arg.ty));
            let mut doc = self.method_doc(service, method);
            let mut params = self.params_required(method);
            let reply_param = if method.args.iter().any(|a| a.name == "reply") {
                "reply_"
            } else {
                "reply"
            };
            if method.kind == MethodKind::Request {
                files.push(self.reply(service, method));
                if !params.is_empty() {
                    params.push_str(", ");
                }
                params.push_str(&format!("{reply_param}:{}", method.helper.name));
                doc = doc.tag(format!(
                    "@param {reply_param} answer exactly once, now or later: \
                     <code>{reply_param}.success({})</code> or \
                     <code>{reply_param}.failure(code, message)</code>; an error thrown here is \
                     answered as an error reply",
                    method.returns.as_ref().map_or(String::new(), |ty| format!(
                        "result:{}",
                        asdoc::escape(&ty.decl(self.vector))
                    ))
                ));
            }
            methods.push(InterfaceMethod {
                doc: doc.render("    "),
                name: method.name.clone(),
                params,
            });
            let serve = Serve {
                command: string_literal(&method.command),
                function: format!("serve{}", crate::names::pascal(&method.rust)),
                method: method.name.clone(),
                reply: method.helper.name.clone(),
                args: method
                    .args
                    .iter()
                    .map(|arg| {
                        let value = format!("params[{}]", string_literal(&arg.wire));
                        let prefix = format!("`{}`: argument `{}`", method.command, arg.wire);
                        ServeArg {
                            wire: string_literal(&arg.wire),
                            missing: (!matches!(arg.ty, AsType::Nullable(_))).then(|| {
                                string_literal(&format!(
                                    "`{}`: missing argument `{}`",
                                    method.command, arg.wire
                                ))
                            }),
                            check: arg.ty.check(&value, 0),
                            invalid: string_literal(&format!(
                                "{prefix}: expected {}",
                                noun(&arg.ty, self.vector)
                            )),
                            convert: arg.ty.convert(&value, 0, self.vector),
                        }
                    })
                    .collect(),
            };
            match method.kind {
                MethodKind::Request => requests.push(serve),
                MethodKind::Message => messages.push(serve),
            }
        }
        let service_doc = |what: &str| {
            Doc::new().rust(&service.doc_lines).para(format!(
                "{what} the service {} that the server calls on the client (Rust trait {}, \
                 <code>served_by = \"client\"</code>).",
                asdoc::code(&service.name),
                asdoc::code(&service.rust)
            ))
        };
        let template = InterfaceTemplate {
            header: GENERATED_HEADER,
            package,
            imports: imports(package, {
                let mut classes = BTreeSet::new();
                for ty in &types {
                    ty.imports(&mut classes);
                }
                classes
            }),
            doc: service_doc("Implement")
                .para(format!(
                    "Then serve it: <code>connection.addHandler(new {}(yourImplementation))</code>.",
                    service.dispatcher.name
                ))
                .render(""),
            name: &service.class.name,
            methods,
        };
        files.push(generated(service.class.file(), render(&template)));

        let dispatcher = DispatcherTemplate {
            header: GENERATED_HEADER,
            package,
            imports: self.imports(package, types, &["IHandler", "IncomingRequest"]),
            doc: service_doc("Decodes the typed arguments of")
                .para(format!(
                    "Calls the matching method of {} and sends its reply; params that do not \
                     match the Rust types are answered with the error <code>invalid_params</code>.",
                    asdoc::code(&service.class.name)
                ))
                .render(""),
            name: &service.dispatcher.name,
            interface: &service.class.name,
            registry: &self.registry.name,
            commands: service
                .methods
                .iter()
                .map(|m| string_literal(&m.command))
                .collect(),
            requests,
            messages,
        };
        files.push(generated(service.dispatcher.file(), render(&dispatcher)));
    }

    /// The parameters of an interface method (no defaults: the dispatcher passes them all).
    fn params_required(&self, method: &MethodPlan) -> String {
        method
            .args
            .iter()
            .map(|arg| format!("{}:{}", arg.name, arg.ty.decl(self.vector)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn reply(&self, service: &ServicePlan, method: &MethodPlan) -> GeneratedFile {
        let package = &method.helper.package;
        let (success_params, success_value) = match &method.returns {
            Some(ty) => (
                format!("result:{}", ty.decl(self.vector)),
                "result".to_owned(),
            ),
            None => (String::new(), "null".to_owned()),
        };
        let mut doc = Doc::new().para(format!(
            "The reply to {} (Rust <code>{}::{}</code>), sent once.",
            asdoc::code(&method.command),
            service.rust,
            method.rust
        ));
        if let Some(ty) = &method.returns {
            doc = type_doc(doc, ty, self.vector);
        }
        let template = ReplyTemplate {
            header: GENERATED_HEADER,
            package,
            imports: self
                .imports(package, method.returns.iter(), &["IncomingRequest"])
                .into_iter()
                .filter(|import| *import != self.registry.qualified())
                .collect(),
            doc: doc.render(""),
            name: &method.helper.name,
            success_params,
            success_value,
            failure_doc: match &method.error {
                Some(error) => format!("an <code>Err</code> of {}", asdoc::code(error)),
                None => "an error".to_owned(),
            },
        };
        generated(method.helper.file(), render(&template))
    }
}

/// `function(result:RoomState):void`, or `function():void` (escaped for ASDoc).
fn success_signature(method: &MethodPlan, vector: bool) -> String {
    match &method.returns {
        Some(ty) => format!("function(result:{}):void", asdoc::escape(&ty.decl(vector))),
        None => "function():void".to_owned(),
    }
}

/// What a valid value is, for messages: `String`, `Array of User`.
fn noun(ty: &AsType, vector: bool) -> String {
    ty.noun_public(vector)
}
