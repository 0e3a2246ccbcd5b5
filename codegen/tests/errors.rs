//! Source the generator cannot map: every problem is reported as `file:line:column: message`
//! with a hint, and nothing is generated.

use amf_codegen::{generate, Options, Source};

/// The error text for `text` as the file `src/model.rs`.
fn errors(text: &str) -> String {
    errors_with(text, &Options::default())
}

fn errors_with(text: &str, options: &Options) -> String {
    match generate(&[Source::new("src/model.rs", text)], options) {
        Ok(_) => panic!("expected errors"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn set_field() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "com.example.User")]
struct User {
    tags: std::collections::HashSet<String>,
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:5:11: cannot map `std::collections::HashSet<String>` to ActionScript: \
         sets have no AMF3 form\n  hint: use Vec<T>, which travels as an Array"
    );
}

#[test]
fn nested_tuple_in_a_return_type() {
    let text = r#"
#[service(name = "game")]
trait Game {
    async fn scores(&self) -> Vec<(String, u32)>;
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:4:35: cannot map `(String, u32)` to ActionScript: tuples have no AMF3 \
         form\n  hint: use a struct with named fields that derives AmfClass"
    );
}

#[test]
fn unknown_argument_type() {
    let text = r#"
#[service(name = "game")]
trait Game {
    async fn join(&self, id: uuid::Uuid);
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:4:30: cannot map `uuid::Uuid` to ActionScript: `Uuid` is not a type the \
         generator knows\n  hint: derive AmfClass for `Uuid` in one of the input files, or add \
         the file that defines it to the inputs"
    );
}

#[test]
fn map_keys_must_be_strings() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "com.example.Board")]
struct Board {
    cells: HashMap<u32, String>,
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:5:20: cannot map `u32` to ActionScript: map keys travel as the member \
         names of an object and must be strings\n  hint: use String keys, or a Vec of a struct \
         with key and value fields"
    );
}

#[test]
fn values_that_are_not_data() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "com.example.Task")]
struct Task {
    run: fn(u32) -> u32,
    outcome: Result<u32, String>,
    wait: std::time::Duration,
    nothing: (),
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:5:10: the function pointer `fn (u32) -> u32` cannot travel as AMF\n  hint: \
         fields and arguments must be plain data types: numbers, strings, collections, or types \
         that derive AmfClass\n\
         src/model.rs:6:14: cannot map `Result<u32, String>` to ActionScript: a Result is not a \
         value: only a service method may return one\n  hint: use an enum that derives AmfClass\n\
         src/model.rs:7:11: cannot map `std::time::Duration` to ActionScript: durations and \
         instants have no AMF3 form\n  hint: send a number of milliseconds (u64), or a \
         SystemTime, which travels as a Date\n\
         src/model.rs:8:14: cannot map `()` to ActionScript: `()` carries nothing\n  hint: leave \
         the field out, or use a unit struct that derives AmfClass"
    );
}

#[test]
fn wire_names_must_be_identifiers() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "com.example.User", rename_all = "kebab-case")]
struct User {
    user_name: String,
    #[amf(rename = "class")]
    kind: String,
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:5:5: field `user_name` of `User` travels as the member `user-name`, which \
         is not an ActionScript identifier\n  hint: Flash Player sets members by their wire \
         names: give the field an ActionScript name with #[amf(rename = \"...\")] or another \
         rename_all\n\
         src/model.rs:7:5: field `kind` of `User` travels as the member `class`, which is an \
         ActionScript keyword\n  hint: Flash Player sets members by their wire names: give the \
         field an ActionScript name with #[amf(rename = \"...\")] or another rename_all"
    );
}

#[test]
fn aliases_must_name_classes() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "com.my-company.User")]
struct User {
    name: String,
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:4:8: the alias `com.my-company.User` cannot name an ActionScript class: \
         the package `com.my-company`: its part `my-company` is not an ActionScript \
         identifier\n  hint: change the alias, or map its package with --map FROM=TO"
    );
    // Mapped away, it is fine.
    let options = Options::default().map_package("com.my-company", "mycompany");
    let sources = [Source::new("src/model.rs", text)];
    let generated = generate(&sources, &options).unwrap();
    assert!(generated.file("mycompany/UserBase.as").is_some());
}

#[test]
fn two_types_with_one_name() {
    let first = r#"
#[derive(AmfClass)]
#[amf(alias = "com.example.a.User")]
struct User { name: String }
"#;
    let second = r#"
mod other {
    #[derive(AmfClass)]
    #[amf(alias = "com.example.b.User")]
    struct User { id: u32 }
}
"#;
    let sources = [
        Source::new("src/a.rs", first),
        Source::new("src/b.rs", second),
    ];
    let err = generate(&sources, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "src/b.rs:5:12: a second type named `User` derives AmfClass (the first is at \
         src/a.rs:4:8)\n  hint: the generator finds types by name: rename one of them"
    );
}

#[test]
fn two_aliases_one_class() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "com.example.v1.User")]
struct UserV1 { name: String }

#[derive(AmfClass)]
#[amf(alias = "com.example.v2.User")]
struct UserV2 { name: String }
"#;
    let options = Options::default()
        .map_package("com.example.v1", "model")
        .map_package("com.example.v2", "model");
    assert_eq!(
        errors_with(text, &options),
        "src/model.rs:8:8: struct `UserV2` would be the ActionScript class `model.User`, like \
         struct `UserV1` (src/model.rs:4:8)\n  hint: give one of them another alias or name, or \
         map its package with --map\n\
         src/model.rs:8:8: the base class of struct `UserV2` would be the ActionScript class \
         `model.UserBase`, like the base class of struct `UserV1` (src/model.rs:4:8)\n  hint: \
         give one of them another alias or name, or map its package with --map"
    );
}

#[test]
fn annotation_errors_come_from_the_model() {
    let text = r#"
#[derive(AmfClass)]
#[amf(alias = "")]
#[amf(rename_all = "camel")]
struct User { name: String }
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:3:15: empty class alias\n\
         src/model.rs:4:20: unknown rename rule \"camel\": expected one of \"lowercase\", \
         \"UPPERCASE\", \"PascalCase\", \"camelCase\", \"snake_case\", \"SCREAMING_SNAKE_CASE\", \
         \"kebab-case\", \"SCREAMING-KEBAB-CASE\""
    );
}

#[test]
fn syntax_errors() {
    assert_eq!(
        errors("struct User {\n    name: String,,\n}\n"),
        "src/model.rs:2:18: syntax error: expected identifier\n  hint: the generator reads the \
         source with syn: it must be valid Rust"
    );
}

#[test]
fn method_names() {
    let text = r#"
#[service(name = "net")]
trait Net {
    async fn connection(&self) -> u32;
    async fn get_rooms(&self);
    async fn getRooms(&self);
    async fn r#in(&self, class: u32);
}
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:4:14: method `connection` would be the ActionScript method `connection`, \
         which is the stub's own `connection` getter\n  hint: rename the Rust method (its wire \
         command can stay, with #[amf(rename = \"...\")])\n\
         src/model.rs:6:14: method `getRooms` would be the ActionScript method `getRooms`, \
         which is also the name of method `get_rooms`\n  hint: rename the Rust method (its wire \
         command can stay, with #[amf(rename = \"...\")])\n\
         src/model.rs:6:14: the call class of `Net::getRooms` would be the ActionScript class \
         `generated.NetGetRoomsCall`, like the call class of `Net::get_rooms` \
         (src/model.rs:5:14)\n  hint: give one of them another alias or name, or map its \
         package with --map\n\
         src/model.rs:7:14: method `in` would be the ActionScript method `in`, which is an \
         ActionScript keyword\n  hint: rename the Rust method (its wire command can stay, with \
         #[amf(rename = \"...\")])\n\
         src/model.rs:7:26: argument `class` of `in` would be the ActionScript parameter \
         `class`, which is an ActionScript keyword\n  hint: rename the argument (its wire name \
         can stay, with #[amf(rename = \"...\")])"
    );
}

#[test]
fn integer_enums_must_fit_an_int() {
    let text = r#"
#[derive(AmfClass)]
#[amf(repr = "integer")]
enum Size { Small = 1, Huge = 5000000000 }
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:4:24: variant `Huge` travels as 5000000000, which an ActionScript int \
         cannot hold\n  hint: use discriminants from -2147483648 to 2147483647"
    );
}

#[test]
fn newtype_cycles() {
    let text = r#"
#[derive(AmfClass)]
struct A(B);
#[derive(AmfClass)]
struct B(Box<A>);
#[derive(AmfClass)]
#[amf(alias = "com.example.C")]
struct C { a: A }
"#;
    assert_eq!(
        errors(text),
        "src/model.rs:5:14: cannot map `A` to ActionScript: the newtype `A` contains itself\n  \
         hint: a newtype travels as its field: break the cycle with a struct with named fields"
    );
}

#[test]
fn bad_options() {
    let options = Options::default().runtime_package("amf-socket");
    assert_eq!(
        errors_with("", &options),
        "--runtime-package `amf-socket`: its part `amf-socket` is not an ActionScript identifier"
    );
}
