use amf_runtime::AmfClass;

#[derive(AmfClass)]
enum Event {
    Quit,
    Joined { user: String },
}

fn main() {}
