use amf_runtime::AmfClass;
use std::collections::HashMap;

#[derive(AmfClass)]
#[amf(dynamic = "extras")]
struct Bag {
    #[amf(skip)]
    extras: HashMap<String, i32>,
}

fn main() {}
