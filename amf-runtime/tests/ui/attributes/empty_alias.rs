use amf_runtime::AmfClass;

#[derive(AmfClass)]
#[amf(alias = "")]
struct User {
    name: String,
}

fn main() {}
