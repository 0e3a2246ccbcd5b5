//! Service traits, method keys and method shapes.

use crate::common::{service, service_errors};
use amf_model::{parse_service, Ctxt, MethodKind, Returns, ServedBy};
use quote::quote;
use syn::parse_quote;

fn text(tokens: impl quote::ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

#[test]
fn chat() {
    let item = parse_quote! {
        /// Talk in rooms.
        #[service(name = "chat")]
        trait Chat {
            /// Joins a room and returns who is there.
            async fn join(&self, ctx: &Context, room: String) -> Result<RoomState, ChatError>;
            #[amf(message)]
            async fn say(&self, ctx: &Context, text: String);
        }
    };
    service(&item, |chat| {
        assert_eq!(chat.ident, "Chat");
        assert_eq!(chat.name, "chat");
        assert_eq!(chat.docs, ["Talk in rooms."]);
        assert_eq!(chat.served_by, ServedBy::Server);
        assert_eq!(text(&chat.crate_path), ":: amf_runtime");
        assert!(std::ptr::eq(chat.original, &item));

        let [join, say] = &chat.methods[..] else {
            panic!("two methods")
        };
        assert_eq!(join.ident, "join");
        assert_eq!(join.rust_name, "join");
        assert_eq!(join.wire_command, "chat.join");
        assert_eq!(join.kind, MethodKind::Request);
        assert_eq!(join.timeout_ms, None);
        assert!(join.has_context);
        assert_eq!(join.docs, ["Joins a room and returns who is there."]);
        assert_eq!(join.args.len(), 1);
        assert_eq!(join.args[0].ident, "room");
        assert_eq!(join.args[0].rust_name, "room");
        assert_eq!(join.args[0].wire_name, "room");
        assert_eq!(text(join.args[0].ty), "String");
        let Returns::Result { ok, err } = join.returns else {
            panic!("a Result")
        };
        assert_eq!(
            (text(ok), text(err)),
            ("RoomState".into(), "ChatError".into())
        );

        assert_eq!(say.wire_command, "chat.say");
        assert_eq!(say.kind, MethodKind::Message);
        assert!(matches!(say.returns, Returns::Unit));
        assert_eq!(say.args[0].wire_name, "text");
    });
}

#[test]
fn default_name_is_the_trait_in_snake_case() {
    let item = parse_quote! {
        #[amf_runtime::service]
        trait ChatRoom {
            async fn leave(&self);
        }
    };
    service(&item, |room| {
        assert_eq!(room.name, "chat_room");
        assert_eq!(room.methods[0].wire_command, "chat_room.leave");
        assert!(!room.methods[0].has_context);
        assert!(room.methods[0].args.is_empty());
    });
}

#[test]
fn parse_service_takes_the_macro_arguments() {
    let item: syn::ItemTrait = parse_quote! {
        trait Lobby {
            async fn list_rooms(&self) -> Vec<String>;
        }
    };
    let cx = Ctxt::new();
    let lobby = parse_service(&cx, quote!(name = "lobby", commands = "bare"), &item);
    cx.check().unwrap();
    assert_eq!(lobby.name, "lobby");
    assert_eq!(lobby.methods[0].wire_command, "list_rooms");
    assert!(matches!(lobby.methods[0].returns, Returns::Value(_)));
}

#[test]
fn traits_without_the_attribute_are_not_services() {
    let item = parse_quote! {
        #[other]
        trait Plain { fn f(&self); }
    };
    let cx = Ctxt::new();
    assert!(amf_model::find_service(&cx, &item).is_none());
    cx.check().unwrap();
}

#[test]
fn every_service_and_method_key() {
    let item = parse_quote! {
        #[service(
            name = "game",
            commands = "qualified",
            rename_all = "camelCase",
            args_rename_all = "PascalCase",
            crate = "my::runtime",
        )]
        trait Game {
            async fn start_round(&self, round_number: u32, #[amf(rename = "who")] player_id: u64);
            #[amf(rename = "enter", timeout_ms = 5000)]
            async fn join_table(&self) -> ();
            #[amf(command = "admin.kick")]
            async fn kick(&self, mut user: String);
            async fn r#type(&self);
        }
    };
    service(&item, |game| {
        assert_eq!(text(&game.crate_path), "my :: runtime");
        let commands: Vec<&str> = game
            .methods
            .iter()
            .map(|m| m.wire_command.as_str())
            .collect();
        assert_eq!(
            commands,
            ["game.startRound", "game.enter", "admin.kick", "game.type"]
        );
        let args: Vec<&str> = game.methods[0]
            .args
            .iter()
            .map(|a| a.wire_name.as_str())
            .collect();
        assert_eq!(args, ["RoundNumber", "who"]);
        assert_eq!(game.methods[1].timeout_ms, Some(5000));
        assert!(matches!(game.methods[1].returns, Returns::Unit));
        assert_eq!(game.methods[2].args[0].wire_name, "User");
        assert_eq!(game.methods[3].rust_name, "type");
    });
}

#[test]
fn bare_commands_and_rename() {
    let item = parse_quote! {
        #[service(commands = "bare")]
        trait Echo {
            #[amf(rename = "echo")]
            async fn echo_back(&self, text: String) -> String;
        }
    };
    service(&item, |echo| {
        assert_eq!(echo.methods[0].wire_command, "echo")
    });
}

#[test]
fn context_by_path_default_bodies_and_lifetimes() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            async fn ping<'a>(&'a self, ctx: &'a amf_runtime::Context) -> u64 { 0 }
        }
    };
    service(&item, |chat| {
        let ping = &chat.methods[0];
        assert!(ping.has_context);
        assert!(ping.args.is_empty());
        assert!(ping.original.default.is_some());
    });
}

#[test]
fn non_async_method() {
    let item = parse_quote! {
        #[service]
        trait Chat { fn join(&self); }
    };
    assert_eq!(
        service_errors(&item),
        ["service methods must be async: `fn join` → `async fn join`"]
    );
}

#[test]
fn receivers() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            async fn a(self);
            async fn b(&mut self);
            async fn c(self: Box<Self>);
            async fn d(room: String);
            async fn e();
            async fn f(self: &Self);
        }
    };
    let taken = "service methods take `&self`: calls run concurrently on a shared service";
    assert_eq!(
        service_errors(&item),
        [
            taken,
            taken,
            taken,
            "service method `d` needs a `&self` receiver",
            "service method `e` needs a `&self` receiver",
        ]
    );
}

#[test]
fn generic_methods() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            async fn a<T>(&self, t: T);
            async fn b<const N: usize>(&self);
        }
    };
    let generic = "generic methods cannot be called over the wire";
    assert_eq!(service_errors(&item), [generic, generic]);
}

#[test]
fn message_returning_a_value() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            #[amf(message)]
            async fn say(&self, text: String) -> bool;
        }
    };
    assert_eq!(
        service_errors(&item),
        [
            "message `say` returns a value: messages are fire-and-forget and return nothing \
          (drop `#[amf(message)]` to make it a request)"
        ]
    );
}

#[test]
fn method_key_conflicts() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            #[amf(message, timeout_ms = 100)]
            async fn say(&self);
            #[amf(command = "x.y", rename = "z")]
            async fn go(&self);
        }
    };
    assert_eq!(
        service_errors(&item),
        [
            "`message` conflicts with `timeout_ms`: a message gets no reply to wait for",
            "`command` conflicts with `rename`: `command` already sets the whole wire command",
        ]
    );
}

#[test]
fn timeout_values() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            #[amf(timeout_ms = 0)]
            async fn a(&self);
            #[amf(timeout_ms = "5s")]
            async fn b(&self);
        }
    };
    assert_eq!(
        service_errors(&item),
        [
            "`timeout_ms` must be at least 1",
            "expected a non-negative integer: `timeout_ms = 5000`",
        ]
    );
}

#[test]
fn same_wire_command() {
    let item = parse_quote! {
        #[service(name = "chat", rename_all = "camelCase")]
        trait Chat {
            async fn leave_room(&self);
            #[amf(command = "chat.leaveRoom")]
            async fn quit(&self);
        }
    };
    assert_eq!(
        service_errors(&item),
        ["methods `leave_room` and `quit` both have the wire command `chat.leaveRoom`"]
    );
}

#[test]
fn same_argument_wire_name() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            async fn join(&self, room: String, #[amf(rename = "room")] name: String);
        }
    };
    assert_eq!(
        service_errors(&item),
        ["arguments `room` and `name` of `join` both have the wire name `room`"]
    );
}

#[test]
fn argument_shapes() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            async fn a(&self, (x, y): (i32, i32));
            async fn b(&self, _: String);
            async fn c(&self, ref name: String);
            async fn d(&self, text: impl Into<String>);
            async fn e(&self, room: String, ctx: &Context);
        }
    };
    let plain = "arguments of service methods must be plain names, such as `room: String`";
    assert_eq!(
        service_errors(&item),
        [
            plain,
            plain,
            plain,
            "`impl Trait` arguments cannot be decoded from the wire: name a concrete type",
            "the `&Context` argument must come first, right after `&self`",
        ]
    );
}

#[test]
fn only_methods() {
    let item = parse_quote! {
        #[service]
        trait Chat {
            type Error;
            const LIMIT: usize;
            async fn join(&self);
        }
    };
    let only = "service traits may contain only methods";
    assert_eq!(service_errors(&item), [only, only]);
}

#[test]
fn unknown_keys() {
    let item = parse_quote! {
        #[service(nmae = "chat")]
        trait Chat {
            #[amf(no_reply)]
            async fn say(&self, #[amf(name = "x")] text: String);
        }
    };
    assert_eq!(
        service_errors(&item),
        [
            "unknown service key `nmae`: expected one of `name`, `commands`, `rename_all`, \
             `args_rename_all`, `crate`, `served_by`",
            "unknown method key `no_reply`: expected one of `rename`, `command`, `message`, \
             `timeout_ms`",
            "unknown argument key `name`: expected one of `rename`",
        ]
    );
}

#[test]
fn duplicate_keys_and_bad_values() {
    let item = parse_quote! {
        #[service(commands = "short", name = "a", name = "b")]
        trait Chat {
            #[amf(message, message)]
            async fn say(&self);
        }
    };
    assert_eq!(
        service_errors(&item),
        [
            "unknown commands \"short\": expected \"qualified\" or \"bare\"",
            "duplicate key `message`",
        ]
    );
    let item = parse_quote! {
        #[service(name = "a", name = "b", command = "")]
        trait Chat {}
    };
    assert_eq!(
        service_errors(&item),
        [
            "duplicate key `name`",
            "unknown service key `command`: expected one of `name`, `commands`, `rename_all`, \
             `args_rename_all`, `crate`, `served_by`",
        ]
    );
}

#[test]
fn service_attribute_with_a_value() {
    let item = parse_quote! {
        #[service = "chat"]
        trait Chat {}
    };
    assert_eq!(
        service_errors(&item),
        ["expected #[service] or #[service(...)]"]
    );
}

#[test]
fn empty_names() {
    let item = parse_quote! {
        #[service(name = "")]
        trait Chat {
            #[amf(command = "")]
            async fn a(&self);
            #[amf(rename = "")]
            async fn b(&self, #[amf(rename = "")] x: u8);
        }
    };
    assert_eq!(
        service_errors(&item),
        [
            "empty service name",
            "empty wire command",
            "empty wire name",
            "empty wire name",
        ]
    );
}

#[test]
fn served_by() {
    let item = parse_quote! {
        #[service(name = "alerts", served_by = "client")]
        trait Alerts {
            async fn confirm(&self, question: String) -> bool;
        }
    };
    service(&item, |alerts| {
        assert_eq!(alerts.served_by, ServedBy::Client)
    });
    let item = parse_quote! {
        #[service(served_by = "server")]
        trait Chat {}
    };
    service(&item, |chat| assert_eq!(chat.served_by, ServedBy::Server));
    let item = parse_quote! {
        #[service(served_by = "browser", served_by = "client")]
        trait Chat {}
    };
    assert_eq!(
        service_errors(&item),
        ["unknown served_by \"browser\": expected \"server\" or \"client\""]
    );
}
