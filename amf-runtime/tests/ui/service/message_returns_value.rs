use amf_runtime::service;

#[service]
trait Chat {
    #[amf(message)]
    async fn say(&self, text: String) -> bool;
}

fn main() {}
