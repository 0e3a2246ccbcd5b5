//! The conformance server: the reference service of shared/PROTOCOL.md, for clients of other
//! languages (the original ActionScript client, PyAMF) to test against.
//!
//! ```text
//! cargo run --release --example conformance -- --port 9000 [--policy-port 8430]
//! ```
//!
//! - request `echo`: replies with `params`, unchanged (typed objects keep their alias);
//! - request `add` with `{a: Number, b: Number}`: replies with `a + b`;
//! - message `notify` with `{text: String}`: pushes message `notified` with `{text}` back;
//! - request `callMe` with `{command: String, params: Object}`: sends that request to the
//!   caller, awaits the answer, replies with its `result`;
//! - pings every 5 s, socket policy on the main port and on `--policy-port`.

use std::process::ExitCode;

use amf_runtime::amf3::Value;
use amf_runtime::{Router, Server};

/// `{a, b}` of `add`.
struct AddParams {
    a: f64,
    b: f64,
}

impl<'de> amf_runtime::amf3::Decode<'de> for AddParams {
    fn decode(
        d: &mut amf_runtime::amf3::Decoder<'de>,
    ) -> Result<Self, amf_runtime::amf3::DecodeError> {
        d.read_object("", |obj| {
            let (mut a, mut b) = (None, None);
            while let Some(name) = obj.next_member()? {
                match name {
                    "a" => a = Some(obj.value()?),
                    "b" => b = Some(obj.value()?),
                    _ => {}
                }
            }
            let missing = |m| obj.decoder().missing_member("add params", m);
            Ok(AddParams {
                a: a.ok_or_else(|| missing("a"))?,
                b: b.ok_or_else(|| missing("b"))?,
            })
        })
    }
}

fn service() -> Router {
    Router::new()
        .request("echo", |_ctx, params: Value| async move {
            Ok::<_, String>(params)
        })
        .request("add", |_ctx, p: AddParams| async move {
            Ok::<_, String>(p.a + p.b)
        })
        .message("notify", |ctx, params: Value| async move {
            let text = params.get("text").cloned().unwrap_or(Value::Null);
            let _ = ctx
                .peer()
                .send("notified", &Value::object([("text", text)]))
                .await;
        })
        .request("callMe", |ctx, params: Value| async move {
            let command = params
                .get("command")
                .and_then(Value::as_str)
                .ok_or("callMe needs a string `command`")?
                .to_owned();
            let inner = params
                .get("params")
                .cloned()
                .unwrap_or_else(|| Value::object::<&str>([]));
            ctx.peer()
                .request::<Value>(&command, &inner)
                .await
                .map_err(|e| amf_runtime::RemoteError::new("call_failed", e.to_string()))
        })
}

fn parse_args() -> Result<(u16, Option<u16>), String> {
    let mut args = std::env::args().skip(1);
    let (mut port, mut policy_port) = (None, None);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<u16, String> {
            let v = args.next().ok_or(format!("{name} needs a value"))?;
            v.parse()
                .map_err(|_| format!("{name}: `{v}` is not a port"))
        };
        match arg.as_str() {
            "--port" => port = Some(value("--port")?),
            "--policy-port" => policy_port = Some(value("--policy-port")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok((port.ok_or("--port is required")?, policy_port))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let (port, policy_port) = match parse_args() {
        Ok(ports) => ports,
        Err(e) => {
            eprintln!("conformance: {e}\nusage: conformance --port P [--policy-port Q]");
            return ExitCode::from(2);
        }
    };
    let mut builder = Server::builder().service(service());
    if let Some(p) = policy_port {
        builder = builder.policy_listener(format!("127.0.0.1:{p}"));
    }
    let server = match builder.bind(("127.0.0.1", port)).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("conformance: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "conformance server listening on {}",
        server.local_addr().expect("bound")
    );
    if let Some(addr) = server.policy_addr() {
        println!("socket policy on {addr}");
    }
    let handle = server.handle();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            handle.shutdown();
        }
    });
    match server.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conformance: {e}");
            ExitCode::FAILURE
        }
    }
}
