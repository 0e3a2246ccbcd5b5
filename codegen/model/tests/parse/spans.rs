//! Errors point at the right token: checked by line and column on multi-line sources.

use crate::common::{at, container_errors_at, service_errors_at};

#[test]
fn container_errors_point_at_the_offending_tokens() {
    let src = r#"
#[amf(alias = "", rename_all = "camel")]
#[amf(dynamic = "extra", tag = "kind")]
struct User {
    name: String,
    #[amf(rename = "name")]
    login: String,
    #[amf(skip, default)]
    cache: Cache,
    #[amf(rename = "x", rename = "y", colour = "red")]
    away: bool,
}
"#;
    assert_eq!(
        container_errors_at(src),
        [
            at("empty class alias", 2, 15),
            at("`tag` applies only to enums", 3, 26),
            at("`dynamic = \"extra\"`: struct `User` has no field `extra`", 3, 7),
            at("`skip` conflicts with `default`: a skipped field is always decoded as `Default::default()`", 8, 17),
            at("duplicate key `rename`", 10, 25),
            at("unknown field key `colour`: expected one of `rename`, `skip`, `default`, `with`", 10, 39),
            at("fields `name` and `login` both have the wire name `name`", 7, 5),
        ]
    );
}

#[test]
fn enum_errors_point_at_the_variant() {
    let src = r#"
enum Event {
    Closed,
    Joined(String),
    Left { user: String },
}
"#;
    let errors = container_errors_at(src);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].1.line, 4);
    assert_eq!(errors[0].1.column, 5);
}

#[test]
fn tuple_struct_error_points_at_the_fields() {
    let src = "struct Point(f64, f64);";
    assert_eq!(
        container_errors_at(src),
        [at(
            "tuple struct with 2 fields: give the fields names",
            1,
            13
        )]
    );
}

#[test]
fn service_errors_point_at_the_offending_tokens() {
    let src = r#"
#[service(name = "chat")]
trait Chat {
    fn join(&self, room: String);
    async fn leave(&mut self);
    #[amf(message)]
    async fn say(&self, text: String) -> bool;
    #[amf(command = "chat.join")]
    async fn enter(&self);
}
"#;
    assert_eq!(
        service_errors_at(src),
        [
            at("service methods must be async: `fn join` → `async fn join`", 4, 5),
            at("service methods take `&self`: calls run concurrently on a shared service", 5, 20),
            at("methods `join` and `enter` both have the wire command `chat.join`", 9, 14),
            at("message `say` returns a value: messages are fire-and-forget and return nothing (drop `#[amf(message)]` to make it a request)", 7, 39),
        ]
    );
}
