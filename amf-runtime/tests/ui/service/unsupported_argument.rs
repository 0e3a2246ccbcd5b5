use amf_runtime::service;

struct NotAmf;

#[service]
trait Chat {
    async fn join(&self, room: NotAmf) -> String;
}

fn main() {}
