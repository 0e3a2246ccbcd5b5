//! AMF Socket over WebSocket on the main port, as Ruffle's socketProxy speaks it.

use std::time::Duration;

use amf_runtime::amf3::{Decoder, Encoder, Value};
use amf_runtime::protocol::envelope::{read_envelope, Call, Kind};
use amf_runtime::{OriginPolicy, Router, Server};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

async fn start(origins: OriginPolicy) -> String {
    let router = Router::new().request("echo", |_ctx, p: Value| async move { Ok::<_, String>(p) });
    let server = Server::builder()
        .service(router)
        .websocket_origins(origins)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr().unwrap().to_string();
    tokio::spawn(server.run());
    addr
}

fn request_frame(id: &str, text: &str) -> Vec<u8> {
    let params = Value::object([("text", Value::from(text))]);
    let mut encoder = Encoder::new();
    encoder
        .frame(&Call {
            kind: Kind::Request,
            message_id: id,
            command: "echo",
            params: &params,
        })
        .unwrap();
    encoder.into_bytes()
}

/// Cuts complete frames out of `stream`, returning (messageId, echoed text) of each.
fn take_replies(stream: &mut Vec<u8>) -> Vec<(String, String)> {
    let mut replies = Vec::new();
    while stream.len() >= 4 {
        let len = u32::from_be_bytes(stream[..4].try_into().unwrap()) as usize;
        if stream.len() < 4 + len {
            break;
        }
        let frame: Vec<u8> = stream.drain(..4 + len).skip(4).collect();
        let mut d = Decoder::new(&frame);
        let incoming = read_envelope(&mut d).unwrap();
        assert_eq!(incoming.kind, Kind::Response);
        let result = d
            .decode_at(incoming.payload_at, Decoder::read_value)
            .unwrap();
        let text = result
            .get("text")
            .and_then(Value::as_str)
            .unwrap()
            .to_owned();
        replies.push((incoming.message_id.to_owned(), text));
    }
    replies
}

#[tokio::test]
async fn frames_split_and_joined_across_binary_messages() {
    let addr = start(OriginPolicy::Any).await;
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/"))
        .await
        .unwrap();
    let (a, b, c) = (
        request_frame("1", "one"),
        request_frame("2", "two"),
        request_frame("3", "three"),
    );
    // Message 1: all of frame a and the first 3 bytes of b; message 2: the rest of b and all of c.
    let mut first = a.clone();
    first.extend_from_slice(&b[..3]);
    let mut second = b[3..].to_vec();
    second.extend_from_slice(&c);
    ws.send(Message::Binary(first.into())).await.unwrap();
    ws.send(Message::Binary(second.into())).await.unwrap();
    let mut stream = Vec::new();
    let mut replies = Vec::new();
    while replies.len() < 3 {
        let message = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Message::Binary(data) = message {
            stream.extend_from_slice(&data);
            replies.extend(take_replies(&mut stream));
        }
    }
    replies.sort();
    assert_eq!(
        replies,
        [
            ("1".into(), "one".into()),
            ("2".into(), "two".into()),
            ("3".into(), "three".into())
        ]
    );
}

#[tokio::test]
async fn text_messages_close_the_connection() {
    let addr = start(OriginPolicy::Any).await;
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/"))
        .await
        .unwrap();
    ws.send(Message::Text("hello".into())).await.unwrap();
    let end = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return true,
                Some(Ok(_)) => {}
            }
        }
    })
    .await
    .unwrap();
    assert!(end);
}

#[tokio::test]
async fn origin_allow_list() {
    let addr = start(OriginPolicy::Only(vec!["https://good.example".into()])).await;
    let request_from = |origin: &str| {
        let mut request = format!("ws://{addr}/").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("Origin", origin.parse().unwrap());
        request
    };
    assert!(
        tokio_tungstenite::connect_async(request_from("https://evil.example"))
            .await
            .is_err()
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request_from("https://good.example"))
        .await
        .unwrap();
    ws.send(Message::Binary(request_frame("9", "ok").into()))
        .await
        .unwrap();
    let mut stream = Vec::new();
    let replies = loop {
        let message = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Message::Binary(data) = message {
            stream.extend_from_slice(&data);
            let replies = take_replies(&mut stream);
            if !replies.is_empty() {
                break replies;
            }
        }
    };
    assert_eq!(replies, [("9".to_owned(), "ok".to_owned())]);
}
