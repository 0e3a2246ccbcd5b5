//! The ActionScript runtime, emitted with the generated files in `--runtime-package`.

use super::{generated, render, GeneratedFile, GENERATED_HEADER};
use crate::names::QName;
use crate::Options;
use askama::Template;

macro_rules! runtime {
    ($($class:ident => $path:literal,)*) => {
        /// The classes of the runtime.
        pub(crate) const RUNTIME_CLASSES: &[&str] = &[$(stringify!($class)),*];

        mod templates {
            use askama::Template;
            $(
                #[derive(Template)]
                #[template(path = $path)]
                pub(super) struct $class<'a> {
                    pub(super) header: &'a str,
                    pub(super) package: &'a str,
                    /// `package.`, for the fully qualified names of `[Event]` metadata (not
                    /// every file has some).
                    #[allow(dead_code)]
                    pub(super) package_prefix: &'a str,
                }
            )*
        }

        pub(super) fn emit(options: &Options, files: &mut Vec<GeneratedFile>) {
            let package = options.runtime_package.as_str();
            let package_prefix = if package.is_empty() { String::new() } else { format!("{package}.") };
            $(
                let template = templates::$class {
                    header: GENERATED_HEADER,
                    package,
                    package_prefix: &package_prefix,
                };
                files.push(file(package, stringify!($class), &template));
            )*
        }
    };
}

runtime! {
    AnyCall => "runtime/AnyCall.as",
    CloseReason => "runtime/CloseReason.as",
    Connection => "runtime/Connection.as",
    ConnectionEvent => "runtime/ConnectionEvent.as",
    ConnectionOptions => "runtime/ConnectionOptions.as",
    ConnectionState => "runtime/ConnectionState.as",
    Convert => "runtime/Convert.as",
    Envelopes => "runtime/Envelopes.as",
    FrameReader => "runtime/FrameReader.as",
    IHandler => "runtime/IHandler.as",
    IncomingRequest => "runtime/IncomingRequest.as",
    RpcCall => "runtime/RpcCall.as",
    RpcCallEvent => "runtime/RpcCallEvent.as",
    RpcError => "runtime/RpcError.as",
    RpcFailure => "runtime/RpcFailure.as",
}

fn file(package: &str, class: &str, template: &impl Template) -> GeneratedFile {
    generated(QName::new(package, class).file(), render(template))
}
