//! The generated ActionScript compiles with a real ActionScript compiler (Apache Royale's, against
//! the Flash Player API), without a warning; misusing the typed API does not compile.
//!
//! Needs the toolchain of `tests/flash/setup.sh`. Under `CI=true` this test runs the setup
//! (idempotent) and a missing tool is a failure; elsewhere it is skipped with a message when the
//! toolchain is not installed.

use amf_codegen::{generate, Collections, Mode, Naming, Options};
use amf_tests::flash::{self, Tools};
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
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

fn compile_library(sources: &Path) {
    let out = sources.join("out.swc");
    flash::compile_lib(&[sources], &out).expect_success("the generated code does not compile");
    assert!(out.exists());
}

#[test]
fn fixture_compiles() {
    if !flash::toolchain(Tools::Compiler) {
        return;
    }
    let out = generate_into("fixture", &Options::default());
    compile_library(out.path());
}

#[test]
fn options_compile() {
    if !flash::toolchain(Tools::Compiler) {
        return;
    }
    let options = Options::default()
        .package("app.rpc")
        .runtime_package("net.rpc")
        .map_package("com.example", "model")
        .collections(Collections::Vector)
        .naming(Naming::Rust);
    let out = generate_into("options", &options);
    compile_library(out.path());
    // The fixture too, with Vector.<T> everywhere it applies.
    let out = generate_into(
        "fixture",
        &Options::default().collections(Collections::Vector),
    );
    compile_library(out.path());
}

/// An application that uses the typed API (stubs, calls, an interface implementation, value
/// classes, constants) compiles into a SWF; one that misuses it does not.
#[test]
fn typed_api_in_an_application() {
    if !flash::toolchain(Tools::Compiler) {
        return;
    }
    let out = generate_into("fixture", &Options::default());

    let swf = out.path().join("app.swf");
    flash::compile_app(&[out.path(), &data("app")], "Main.as", &swf)
        .expect_success("the application does not compile");
    assert!(swf.exists());

    let broken = out.path().join("broken.swf");
    let compiled = flash::compile_app(&[out.path(), &data("broken")], "Broken.as", &broken);
    let output = compiled.text;
    assert!(
        !compiled.success,
        "misusing the typed stub must not compile:\n{output}"
    );
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
    if !flash::toolchain(Tools::Compiler) {
        return;
    }
    let out = generate_into(
        "options",
        &Options::default().with_runtime(false).package("app.rpc"),
    );
    let base = out.path().join("com/example/game/TileBase.as");
    let text = std::fs::read_to_string(&base).unwrap();
    let lib = out.path().join("out.swc");
    for (declaration, what, mentioned) in [
        ("public var x:int = \"far\";", "a warning", "TileBase.as"),
        ("public var x:NoSuchType;", "a type error", "NoSuchType"),
    ] {
        std::fs::write(&base, text.replace("public var x:int;", declaration)).unwrap();
        let compiled = flash::compile_lib(&[out.path()], &lib);
        assert!(
            !compiled.success,
            "{what} must fail the compile:\n{}",
            compiled.text
        );
        assert!(compiled.text.contains(mentioned), "{}", compiled.text);
    }
}
