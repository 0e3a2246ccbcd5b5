//! End-to-end: a client and a server in one process, over loopback TCP.

use std::time::Duration;

use amf_runtime::amf3::Value;
use amf_runtime::{CallError, Client, Router, Server, ServerHandle};

async fn start(router: Router) -> (ServerHandle, String) {
    let server = Server::builder()
        .service(router)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr().unwrap().to_string();
    let handle = server.handle();
    tokio::spawn(server.run());
    (handle, addr)
}

fn add_router() -> Router {
    Router::new()
        .request("echo", |_ctx, params: Value| async move {
            Ok::<_, String>(params)
        })
        .request(
            "add",
            |_ctx, p: std::collections::HashMap<String, f64>| async move {
                Ok::<_, String>(
                    p.get("a").copied().unwrap_or(0.0) + p.get("b").copied().unwrap_or(0.0),
                )
            },
        )
        .request("fail", |_ctx, _p: Value| async move {
            Err::<(), _>("it failed")
        })
}

#[tokio::test]
async fn request_response_and_errors() {
    let (_server, addr) = start(add_router()).await;
    let client = Client::connect(addr).await.unwrap();
    let params = Value::object([("a", Value::Integer(2)), ("b", Value::Double(0.5))]);
    let sum: f64 = client.request("add", &params).await.unwrap();
    assert_eq!(sum, 2.5);
    let echoed: Value = client.request("echo", &params).await.unwrap();
    assert_eq!(echoed, params);
    match client.request::<Value>("fail", &()).await {
        Err(CallError::Remote { error, .. }) => assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("error", "it failed")
        ),
        other => panic!("expected a remote error, got {other:?}"),
    }
    match client.request::<Value>("nope", &()).await {
        Err(CallError::Remote { error, .. }) => assert_eq!(error.code, "unknown_command"),
        other => panic!("expected unknown_command, got {other:?}"),
    }
}

#[tokio::test]
async fn server_calls_client() {
    let server_router = Router::new().request("callMe", |ctx, p: Value| async move {
        let command = p
            .get("command")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let params = p.get("params").cloned().unwrap_or(Value::Null);
        ctx.peer()
            .request::<Value>(&command, &params)
            .await
            .map_err(|e| e.to_string())
    });
    let (_server, addr) = start(server_router).await;
    let client = Client::builder()
        .service(
            Router::new().request("double", |_ctx, p: Value| async move {
                Ok::<_, String>(p.get("n").and_then(Value::as_f64).unwrap_or(0.0) * 2.0)
            }),
        )
        .connect(addr)
        .await
        .unwrap();
    let call = Value::object([
        ("command", Value::from("double")),
        ("params", Value::object([("n", Value::Integer(21))])),
    ]);
    let result: f64 =
        tokio::time::timeout(Duration::from_secs(10), client.request("callMe", &call))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(result, 42.0);
}

#[tokio::test]
async fn a_command_served_twice_is_refused_at_bind() {
    let twice = |r: Router| r.request("echo", |_ctx, p: Value| async move { Ok::<_, String>(p) });
    let err = Server::builder()
        .service(twice(Router::new()))
        .service(twice(Router::new()))
        .bind("127.0.0.1:0")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("`echo`"), "{err}");
}
