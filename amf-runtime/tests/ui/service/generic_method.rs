use amf_runtime::service;

#[service]
trait Chat {
    async fn join<T>(&self, room: T) -> String;
}

fn main() {}
