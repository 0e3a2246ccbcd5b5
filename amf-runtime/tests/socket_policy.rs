//! The Flash socket policy: answered on the main port and on a dedicated policy port, with the
//! default or a custom policy, or not at all.

mod common;

use std::time::Duration;

use amf_runtime::amf3::Value;
use amf_runtime::protocol::policy::POLICY_REQUEST;
use amf_runtime::{Client, Router, Server, ServerBuilder, SocketPolicy};
use common::*;

const DEFAULT_POLICY: &[u8] = b"<?xml version=\"1.0\"?><cross-domain-policy>\
<allow-access-from domain=\"*\" to-ports=\"*\"/></cross-domain-policy>\0";

/// The policy tests keep the default sniff timeout: a policy request comes at once.
fn policy_server() -> ServerBuilder {
    Server::builder().connection_config(config()).service(
        Router::new().request("echo", |_ctx, params: Value| async move {
            Ok::<_, String>(params)
        }),
    )
}

/// Sends `request` on a new connection to `addr` and returns everything that comes back
/// before the server closes.
async fn ask(addr: std::net::SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut sock = raw(addr).await;
    send(&mut sock, request).await;
    read_until_closed(&mut sock).await
}

async fn echo_works(addr: &str) {
    let client = within("connect", Client::connect(addr)).await.unwrap();
    let echoed: Value = within(
        "echo",
        client.request("echo", &obj([("ok", Value::Bool(true))])),
    )
    .await
    .unwrap();
    assert_eq!(echoed.get("ok"), Some(&Value::Bool(true)));
}

#[tokio::test]
async fn default_policy_on_the_main_port() {
    common::trace();
    let server = start(policy_server()).await;
    assert_eq!(ask(server.addr, POLICY_REQUEST).await, DEFAULT_POLICY);
    // The same again, the request split over two writes.
    let mut sock = raw(server.addr).await;
    send(&mut sock, &POLICY_REQUEST[..1]).await;
    tokio::task::yield_now().await;
    send(&mut sock, &POLICY_REQUEST[1..]).await;
    assert_eq!(read_until_closed(&mut sock).await, DEFAULT_POLICY);

    // The port serves AMF Socket clients as ever.
    echo_works(&server.addr()).await;
    let stats = server.handle.stats();
    assert_eq!(stats.policy_requests, 2);
    assert_eq!(
        stats.connections_total, 1,
        "policy requests are not connections"
    );
}

#[tokio::test]
async fn custom_policy_on_the_main_port_and_the_policy_port() {
    common::trace();
    let policy = SocketPolicy {
        allow: vec![
            ("example.com".to_owned(), "9000-9010".to_owned()),
            ("*.example.org".to_owned(), "843,9000".to_owned()),
        ],
    };
    let expected = policy.to_bytes();
    let document = String::from_utf8(expected.clone()).unwrap();
    assert!(document.contains(r#"<allow-access-from domain="example.com" to-ports="9000-9010"/>"#));
    assert!(document.contains(r#"<allow-access-from domain="*.example.org" to-ports="843,9000"/>"#));
    assert!(document.ends_with("</cross-domain-policy>\0"));

    let server = start(
        policy_server()
            .socket_policy(Some(policy))
            .policy_listener("127.0.0.1:0"),
    )
    .await;
    let policy_addr = server.policy_addr.expect("a policy listener");
    assert_ne!(policy_addr, server.addr);
    assert_eq!(
        ask(server.addr, POLICY_REQUEST).await,
        expected,
        "main port"
    );
    assert_eq!(
        ask(policy_addr, POLICY_REQUEST).await,
        expected,
        "policy port"
    );
    assert_eq!(
        ask(policy_addr, POLICY_REQUEST).await,
        expected,
        "policy port, again"
    );
    echo_works(&server.addr()).await;
    assert_eq!(server.handle.stats().policy_requests, 3);
}

#[tokio::test]
async fn policy_off() {
    common::trace();
    let server = start(
        policy_server()
            .socket_policy(None)
            .policy_listener("127.0.0.1:0"),
    )
    .await;
    assert!(
        ask(server.addr, POLICY_REQUEST).await.is_empty(),
        "main port: closed without an answer"
    );
    let policy_addr = server.policy_addr.expect("a policy listener");
    assert!(
        ask(policy_addr, POLICY_REQUEST).await.is_empty(),
        "policy port: closed without an answer"
    );
    echo_works(&server.addr()).await;
    let stats = server.handle.stats();
    assert_eq!((stats.policy_requests, stats.connections_total), (0, 1));
}

#[tokio::test]
async fn not_quite_a_policy_request_is_closed() {
    common::trace();
    let server = start(policy_server().policy_listener("127.0.0.1:0")).await;
    let policy_addr = server.policy_addr.expect("a policy listener");
    for addr in [server.addr, policy_addr] {
        assert!(
            ask(addr, b"<policy-file-request/>!").await.is_empty(),
            "no NUL: {addr}"
        );
        assert!(
            ask(addr, b"<cross-domain-policy/>\0").await.is_empty(),
            "another tag: {addr}"
        );
    }
    echo_works(&server.addr()).await;
    assert_eq!(server.handle.stats().policy_requests, 0);
}

/// A policy request that stops half way is closed after a while, without an answer.
#[tokio::test(start_paused = true)]
async fn unfinished_policy_request_is_closed() {
    common::trace();
    let _clock = clock_steps(Duration::from_millis(10));
    let server = start(policy_server()).await;
    let mut sock = raw(server.addr).await;
    send(&mut sock, &POLICY_REQUEST[..10]).await;
    let answer = within_for(
        Duration::from_secs(600),
        "closed",
        recv_until_closed(&mut sock),
    )
    .await;
    assert!(answer.is_empty());
    assert_eq!(server.handle.stats().policy_requests, 0);
}
