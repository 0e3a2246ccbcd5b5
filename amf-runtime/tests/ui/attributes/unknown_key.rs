use amf_runtime::AmfClass;

#[derive(AmfClass)]
#[amf(alais = "com.example.User")]
struct User {
    #[amf(renam = "login")]
    name: String,
}

fn main() {}
