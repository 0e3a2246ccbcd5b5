use amf_runtime::AmfClass;

#[derive(AmfClass)]
struct Point(f64, f64);

fn main() {}
