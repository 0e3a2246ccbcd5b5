use amf_runtime::service;

#[service(name = "chat")]
trait Chat {
    async fn join(&self, room: String) -> String;
    #[amf(rename = "join")]
    async fn enter(&self, room: String) -> String;
}

fn main() {}
