use amf_runtime::AmfClass;

#[derive(AmfClass)]
#[amf(alias = "com.example.A")]
#[amf(alias = "com.example.B")]
struct User {
    name: String,
}

fn main() {}
