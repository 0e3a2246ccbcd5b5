use amf_runtime::AmfClass;

#[derive(AmfClass)]
#[amf(alias = "com.example.User", rename_all = "camelCase")]
struct User {
    user_name: String,
    #[amf(rename = "userName")]
    login: String,
}

fn main() {}
