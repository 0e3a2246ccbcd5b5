//! The chat showcase: a chat server (TCP, WebSocket and Flash socket policy on one port) and a
//! Rust bot that joins and talks.
//!
//! ```text
//! cargo run --release --example chat              # server on 127.0.0.1:9000 plus a bot
//! cargo run --release --example chat -- --port 9100 --exit-after 10
//! ```
//!
//! Connect a Flash or AIR client to 127.0.0.1:9000, or Ruffle with
//! `socketProxy: [{host: "127.0.0.1", port: 9000, proxyUrl: "ws://127.0.0.1:9000/"}]`.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use amf_runtime::Server;

use amf_examples::chat::bot;
use amf_examples::chat::protocol::{ChatApiService, ChatClientApiClient};
use amf_examples::chat::server::ChatServer;

struct Args {
    port: u16,
    exit_after: Option<Duration>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 9000,
        exit_after: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let value = it.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--port" => {
                args.port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port"))?
            }
            "--exit-after" => {
                let secs: u64 = value
                    .parse()
                    .map_err(|_| format!("--exit-after: `{value}` is not a number of seconds"))?;
                args.exit_after = Some(Duration::from_secs(secs));
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("chat: {e}\nusage: chat [--port P] [--exit-after SECONDS]");
            return ExitCode::from(2);
        }
    };
    let chat = Arc::new(ChatServer::default());
    let on_leave = chat.clone();
    let server = Server::builder()
        .service(ChatApiService::from_arc(chat))
        .on_connect(|peer| async move {
            // Ask every new client what it is: a request from the server to the client.
            tokio::spawn(async move {
                match ChatClientApiClient::new(peer.clone()).client_info().await {
                    Ok(info) => tracing::info!(peer = peer.id(), name = %info.name, runtime = %info.runtime, "client identified"),
                    Err(e) => tracing::debug!(peer = peer.id(), error = %e, "client did not say what it is"),
                }
            });
            Ok(())
        })
        .on_disconnect(move |peer, _reason| {
            let chat = on_leave.clone();
            tokio::spawn(async move { chat.forget(&peer).await });
        })
        .bind(("127.0.0.1", args.port))
        .await;
    let server = match server {
        Ok(server) => server,
        Err(e) => {
            eprintln!("chat: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let addr = server.local_addr().expect("bound");
    println!("chat server on {addr}: AMF Socket over TCP, WebSocket and the Flash socket policy, one port");
    println!(
        "  Flash/AIR:  new Socket(\"{}\", {})",
        addr.ip(),
        addr.port()
    );
    println!(
        "  Ruffle:     socketProxy: [{{host: \"{}\", port: {}, proxyUrl: \"ws://{addr}/\"}}]",
        addr.ip(),
        addr.port()
    );
    let handle = server.handle();
    let serving = tokio::spawn(server.run());

    const LINES: &[&str] = &[
        "hello from the Rust bot",
        "this server speaks AMF3 to Flash, AIR and Ruffle",
        "see you",
    ];
    let bot = tokio::spawn(bot::run(
        addr.to_string(),
        "rustbot",
        "lobby",
        LINES,
        Duration::from_millis(300),
    ));
    match bot.await {
        Ok(Ok(())) => {
            println!("rustbot is done talking; the server keeps running (Ctrl-C to stop)")
        }
        Ok(Err(e)) => eprintln!("rustbot failed: {e}"),
        Err(e) => eprintln!("rustbot crashed: {e}"),
    }

    let stop = async {
        match args.exit_after {
            Some(after) => tokio::time::sleep(after).await,
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    stop.await;
    handle.shutdown();
    let _ = serving.await;
    println!("chat server stopped: {:?}", handle.stats());
    ExitCode::SUCCESS
}
