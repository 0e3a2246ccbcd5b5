//! A raw PyAMF client (tests/python/chat_client.py) calls the typed chat server by command
//! name with params objects, as ActionScript does, and gets typed results: the wire format of
//! `#[service]` and `#[derive(AmfClass)]` is what ActionScript sends and expects.

use std::process::Command;
use std::time::Duration;

use amf_examples::chat::protocol::ChatApiService;
use amf_examples::chat::server::ChatServer;
use amf_runtime::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pyamf_calls_the_typed_chat_server() {
    let Some(python) = amf_tests::python::require_pyamf("pyamf_calls_the_typed_chat_server") else {
        return;
    };
    let server = Server::builder()
        .service(ChatApiService::new(ChatServer::default()))
        .on_connect(|peer| async move {
            tokio::spawn(async move {
                let _ = amf_examples::chat::protocol::ChatClientApiClient::new(peer)
                    .client_info()
                    .await;
            });
            Ok(())
        })
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let port = server.local_addr().unwrap().port();
    tokio::spawn(server.run());
    let script = amf_tests::python::script("chat_client.py");
    let run = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .args(["--port", &port.to_string()])
            .output()
            .expect("python runs")
    });
    let out = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("bounded")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success() && !stdout.contains("FAIL") && stdout.matches("PASS").count() == 6,
        "chat_client.py failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
