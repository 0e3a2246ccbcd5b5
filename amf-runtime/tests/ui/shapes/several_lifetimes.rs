use amf_runtime::AmfClass;

#[derive(AmfClass)]
struct Message<'a, 'b> {
    room: &'a str,
    text: &'b str,
}

fn main() {}
