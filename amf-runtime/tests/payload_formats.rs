//! JSON and MessagePack payloads end to end: the same calls, with class aliases carried in
//! `_explicitType`.

use std::sync::Arc;
use std::time::Duration;

use amf_runtime::amf3::{Object, Traits, Value};
use amf_runtime::{Client, ConnectionConfig, PayloadFormat, Router, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start(format: PayloadFormat) -> String {
    let mut config = ConnectionConfig::default();
    config.payload = format;
    let router = Router::new().request("echo", |_ctx, p: Value| async move { Ok::<_, String>(p) });
    let server = Server::builder()
        .service(router)
        .connection_config(config)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr().unwrap().to_string();
    tokio::spawn(server.run());
    addr
}

fn point() -> Value {
    Value::Object(Arc::new(Object::typed(
        Traits::sealed("com.example.Point", ["x", "y"]),
        vec![Value::Integer(3), Value::Double(4.5)],
    )))
}

async fn round_trip(format: PayloadFormat) {
    let addr = start(format).await;
    let mut config = ConnectionConfig::client();
    config.payload = format;
    let client = Client::builder()
        .connection_config(config)
        .connect(addr)
        .await
        .unwrap();
    let params = Value::object([
        ("p", point()),
        ("list", Value::array([Value::from("a"), Value::Null])),
    ]);
    let back: Value =
        tokio::time::timeout(Duration::from_secs(10), client.request("echo", &params))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(back, params);
}

#[tokio::test]
async fn json_round_trip_keeps_aliases() {
    round_trip(PayloadFormat::Json).await;
}

#[tokio::test]
async fn message_pack_round_trip_keeps_aliases() {
    round_trip(PayloadFormat::MessagePack).await;
}

#[tokio::test]
async fn json_on_the_wire() {
    let addr = start(PayloadFormat::Json).await;
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = br#"{"type":"rpcRequest","request":{"messageId":"m1","command":"echo","params":{"p":{"_explicitType":"com.example.Point","x":1,"y":2}}}}"#;
    socket
        .write_all(&(request.len() as u32).to_be_bytes())
        .await
        .unwrap();
    socket.write_all(request).await.unwrap();
    let mut len = [0; 4];
    tokio::time::timeout(Duration::from_secs(10), socket.read_exact(&mut len))
        .await
        .unwrap()
        .unwrap();
    let mut body = vec![0; u32::from_be_bytes(len) as usize];
    socket.read_exact(&mut body).await.unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        reply,
        serde_json::json!({"type": "rpcResponse", "response": {"messageId": "m1", "result": {"p": {"_explicitType": "com.example.Point", "x": 1, "y": 2}}}})
    );
}
