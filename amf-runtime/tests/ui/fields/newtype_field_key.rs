use amf_runtime::AmfClass;

#[derive(AmfClass)]
struct UserId(#[amf(rename = "id")] u32);

fn main() {}
