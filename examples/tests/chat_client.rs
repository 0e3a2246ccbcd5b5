//! The ActionScript of the chat compiles with a real ActionScript compiler (Apache Royale's,
//! against the Flash Player API) without an error or a warning: the generated library as a
//! whole, and the text chat client `examples/chat/as3/src/ChatClient.as` built on it, the way
//! `examples/chat/as3/README.md` builds it.
//!
//! Needs the compiler of `tests/flash/setup.sh`: under `CI=true` the setup runs and a missing
//! tool fails; elsewhere the tests are skipped with a message.

use std::path::{Path, PathBuf};

use amf_tests::flash::{self, Tools};

fn as3(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("chat/as3")
        .join(folder)
}

/// A fresh output folder under Cargo's temporary folder for integration tests.
fn out(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_chat_client_compiles_into_a_swf() {
    if !flash::toolchain(Tools::Compiler) {
        return;
    }
    let swf = out("chat-client").join("ChatClient.swf");
    flash::compile_app(&[&as3("generated"), &as3("src")], "ChatClient.as", &swf)
        .expect_success("examples/chat/as3/src/ChatClient.as does not compile");
    assert!(swf.exists());
}

#[test]
fn the_generated_library_compiles() {
    if !flash::toolchain(Tools::Compiler) {
        return;
    }
    let swc = out("chat-generated").join("chat.swc");
    flash::compile_lib(&[&as3("generated")], &swc)
        .expect_success("examples/chat/as3/generated/ does not compile");
    assert!(swc.exists());
}
