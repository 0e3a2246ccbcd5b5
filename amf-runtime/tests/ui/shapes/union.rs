use amf_runtime::AmfClass;

#[derive(AmfClass)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
