use amf_runtime::service;

#[service]
trait Chat {
    fn join(&self, room: String) -> String;
}

fn main() {}
