//! The generated ActionScript compiles with a real ActionScript compiler (Apache Royale's, against
//! the Flash Player API), without a warning; misusing the typed API does not compile.
//!
//! Needs the toolchain of `tests/flash/setup.sh`. Under `CI=true` this test runs the setup
//! (idempotent) and a missing tool is a failure; elsewhere it is skipped with a message when the
//! toolchain is not installed.

use amf_codegen::{generate, Collections, Mode, Naming, Options};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// `tests/flash/ascompile.sh`, if the toolchain is there.
fn ascompile() -> Option<PathBuf> {
    static READY: OnceLock<bool> = OnceLock::new();
    let ready = *READY.get_or_init(|| {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        if ci {
            let status = Command::new("bash")
                .arg(repo().join("tests/flash/setup.sh"))
                .env("AMF_SKIP_BROWSER", "1")
                .status()
                .expect("bash runs");
            assert!(status.success(), "tests/flash/setup.sh failed: CI needs the ActionScript toolchain");
            return true;
        }
        let tools = std::env::var_os("AMF_TOOLS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo().join(".tools/flash"));
        let compc = tools.join("node_modules/@apache-royale/royale-js/royale-asjs/js/lib/compc.jar");
        let present = compc.exists() && tools.join("playerglobal.swc").exists();
        if !present {
            eprintln!(
                "skipped: no ActionScript toolchain in {} (run tests/flash/setup.sh, or set CI=true \
                 to have this test install it)",
                tools.display()
            );
        }
        present
    });
    ready.then(|| repo().join("tests/flash/ascompile.sh"))
}

/// Generates the input of `case` with `options` into a new folder.
fn generate_into(case: &str, options: &Options) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sources = amf_codegen::read_sources(&[data(case).join("input")]).unwrap();
    let generated = generate(&sources, options).unwrap();
    let report = generated.write(dir.path(), Mode::Write).unwrap();
    assert!(report.is_success(), "{report}");
    dir
}

/// Runs `ascompile.sh` with `args`; its success and its output.
fn compile(script: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new("bash")
        .arg(script)
        .args(args)
        .output()
        .expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn compile_library(script: &Path, sources: &Path) {
    let out = sources.join("out.swc");
    let (ok, output) = compile(
        script,
        &["lib", sources.to_str().unwrap(), out.to_str().unwrap()],
    );
    assert!(ok, "the generated code does not compile:\n{output}");
    assert!(out.exists());
}

#[test]
fn fixture_compiles() {
    let Some(script) = ascompile() else { return };
    let out = generate_into("fixture", &Options::default());
    compile_library(&script, out.path());
}

#[test]
fn options_compile() {
    let Some(script) = ascompile() else { return };
    let options = Options::default()
        .package("app.rpc")
        .runtime_package("net.rpc")
        .map_package("com.example", "model")
        .collections(Collections::Vector)
        .naming(Naming::Rust);
    let out = generate_into("options", &options);
    compile_library(&script, out.path());
    // The fixture too, with Vector.<T> everywhere it applies.
    let out = generate_into(
        "fixture",
        &Options::default().collections(Collections::Vector),
    );
    compile_library(&script, out.path());
}

/// An application that uses the typed API (stubs, calls, an interface implementation, value
/// classes, constants) compiles into a SWF; one that misuses it does not.
#[test]
fn typed_api_in_an_application() {
    let Some(script) = ascompile() else { return };
    let out = generate_into("fixture", &Options::default());
    let generated = out.path().to_str().unwrap();

    let swf = out.path().join("app.swf");
    let sources = format!("{generated}:{}", data("app").display());
    let (ok, output) = compile(
        &script,
        &["app", &sources, "Main.as", swf.to_str().unwrap()],
    );
    assert!(ok, "the application does not compile:\n{output}");
    assert!(swf.exists());

    let broken = out.path().join("broken.swf");
    let sources = format!("{generated}:{}", data("broken").display());
    let (ok, output) = compile(
        &script,
        &["app", &sources, "Broken.as", broken.to_str().unwrap()],
    );
    assert!(!ok, "misusing the typed stub must not compile:\n{output}");
    assert!(
        output.contains("Implicit coercion of a value of type Number to an unrelated type String"),
        "{output}"
    );
    assert!(output.contains("joinRoom"), "{output}");
    assert!(!broken.exists());
}

/// A generated file edited into something wrong fails the library compile, and so does a mere
/// warning: the step can fail.
#[test]
fn broken_generated_code_fails() {
    let Some(script) = ascompile() else { return };
    let out = generate_into(
        "options",
        &Options::default().with_runtime(false).package("app.rpc"),
    );
    let base = out.path().join("com/example/game/TileBase.as");
    let text = std::fs::read_to_string(&base).unwrap();

    std::fs::write(
        &base,
        text.replace("public var x:int;", "public var x:int = \"far\";"),
    )
    .unwrap();
    let lib = out.path().join("out.swc");
    let (ok, output) = compile(
        &script,
        &["lib", out.path().to_str().unwrap(), lib.to_str().unwrap()],
    );
    assert!(!ok, "a warning must fail the compile:\n{output}");
    assert!(output.contains("TileBase.as"), "{output}");

    std::fs::write(
        &base,
        text.replace("public var x:int;", "public var x:NoSuchType;"),
    )
    .unwrap();
    let (ok, output) = compile(
        &script,
        &["lib", out.path().to_str().unwrap(), lib.to_str().unwrap()],
    );
    assert!(!ok, "a type error must fail the compile:\n{output}");
    assert!(output.contains("NoSuchType"), "{output}");
}
