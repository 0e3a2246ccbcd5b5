use amf_runtime::AmfClass;

#[derive(AmfClass)]
#[amf(alias = "com.example.User")]
struct User {
    #[amf(skip, default)]
    cache: Vec<u8>,
    #[amf(skip, rename = "x")]
    other: u8,
}

#[derive(AmfClass)]
#[amf(repr = "integer", tag = "kind")]
enum Level {
    Low,
}

fn main() {}
