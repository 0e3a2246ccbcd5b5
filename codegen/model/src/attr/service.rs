//! The arguments of `#[service(...)]` on a trait.

use super::value::{default_crate_path, keyword, lit_path, name, rename_rule};
use super::{unknown_key, Attr};
use crate::case::RenameRule;
use crate::symbol::{
    Symbol, ARGS_RENAME_ALL, COMMANDS, COMMANDS_BARE, COMMANDS_QUALIFIED, CRATE, NAME, RENAME_ALL,
    SERVED_BY, SERVED_BY_CLIENT, SERVED_BY_SERVER,
};
use crate::Ctxt;
use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::Parser;

const KEYS: &[Symbol] = &[
    NAME,
    COMMANDS,
    RENAME_ALL,
    ARGS_RENAME_ALL,
    CRATE,
    SERVED_BY,
];

/// How a method's wire command is formed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Commands {
    /// `<service name>.<method wire name>` (the default).
    Qualified,
    /// `<method wire name>`.
    Bare,
}

/// Which side of the connection implements a service trait (`served_by = "..."`); the other
/// side calls it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum ServedBy {
    /// `"server"` (the default): the Rust server implements the trait and clients call it; the
    /// code generator emits a typed ActionScript client stub.
    #[default]
    Server,
    /// `"client"`: the ActionScript client implements the trait and the server calls it; the code
    /// generator emits an ActionScript interface and a dispatcher.
    Client,
}

/// The arguments of the service attribute, with defaults applied.
pub(crate) struct ServiceAttrs {
    pub(crate) name: String,
    pub(crate) commands: Commands,
    pub(crate) rename_all: RenameRule,
    pub(crate) args_rename_all: RenameRule,
    pub(crate) crate_path: syn::Path,
    pub(crate) served_by: ServedBy,
}

impl ServiceAttrs {
    /// Parses `args`, the tokens inside `#[service(...)]` of the trait `ident`.
    pub(crate) fn from_args(cx: &Ctxt, args: TokenStream, ident: &syn::Ident) -> Self {
        let mut service_name = Attr::none(cx, NAME);
        let mut commands = Attr::none(cx, COMMANDS);
        let mut rename_all = Attr::none(cx, RENAME_ALL);
        let mut args_rename_all = Attr::none(cx, ARGS_RENAME_ALL);
        let mut crate_path = Attr::none(cx, CRATE);
        let mut served_by = Attr::none(cx, SERVED_BY);
        let parser = syn::meta::parser(|meta| {
            let meta = &meta;
            if meta.path == NAME {
                service_name.parse(meta, |meta| name(meta, "service name"))
            } else if meta.path == COMMANDS {
                commands.parse(meta, |meta| {
                    keyword(
                        meta,
                        &[
                            (COMMANDS_QUALIFIED, Commands::Qualified),
                            (COMMANDS_BARE, Commands::Bare),
                        ],
                    )
                })
            } else if meta.path == RENAME_ALL {
                rename_all.parse(meta, rename_rule)
            } else if meta.path == ARGS_RENAME_ALL {
                args_rename_all.parse(meta, rename_rule)
            } else if meta.path == CRATE {
                crate_path.parse(meta, lit_path)
            } else if meta.path == SERVED_BY {
                served_by.parse(meta, |meta| {
                    keyword(
                        meta,
                        &[
                            (SERVED_BY_SERVER, ServedBy::Server),
                            (SERVED_BY_CLIENT, ServedBy::Client),
                        ],
                    )
                })
            } else {
                Err(unknown_key(meta, "service", KEYS))
            }
        });
        if let Err(err) = parser.parse2(args) {
            cx.syn_error(err);
        }
        ServiceAttrs {
            name: service_name.get().unwrap_or_else(|| {
                RenameRule::SnakeCase.apply_to_variant(&ident.unraw().to_string())
            }),
            commands: commands.get().unwrap_or(Commands::Qualified),
            rename_all: rename_all.get().unwrap_or_default(),
            args_rename_all: args_rename_all.get().unwrap_or_default(),
            crate_path: crate_path.get().unwrap_or_else(default_crate_path),
            served_by: served_by.get().unwrap_or_default(),
        }
    }
}
