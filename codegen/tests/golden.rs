//! Golden files: `tests/data/<case>/input/` holds Rust source and `tests/data/<case>/expected/`
//! the ActionScript the generator must produce from it, file for file.
//!
//! Refresh the expected files with `UPDATE_EXPECT=1 cargo test -p amf-codegen --test golden`.

use amf_codegen::{Collections, Naming, Options};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn data(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(case)
}

/// Every file below `dir`, relative, with `/` separators.
fn files_below(dir: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap();
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.insert(parts.join("/"));
        }
    }
    files
}

fn check_case(case: &str, options: &Options) {
    let sources = amf_codegen::read_sources(&[data(case).join("input")]).unwrap();
    let generated = amf_codegen::generate(&sources, options).unwrap_or_else(|e| panic!("{e}"));
    let expected_dir = data(case).join("expected");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();

    let produced: BTreeSet<String> = generated.files.iter().map(|f| f.path.clone()).collect();
    let extra: Vec<_> = files_below(&expected_dir)
        .difference(&produced)
        .cloned()
        .collect();
    if update {
        for path in &extra {
            std::fs::remove_file(expected_dir.join(path)).unwrap();
        }
    } else {
        assert!(
            extra.is_empty(),
            "expected files that are no longer generated: {extra:?} (UPDATE_EXPECT=1 removes them)"
        );
    }
    for file in &generated.files {
        if update {
            let target = expected_dir.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        }
        let path = format!("data/{case}/expected/{}", file.path);
        expect_test::expect_file![path].assert_eq(&file.contents);
    }
}

/// Every feature, default options, runtime included.
#[test]
fn fixture() {
    check_case("fixture", &Options::default());
}

/// `Vector.<T>`, Rust naming, package mapping, other packages, no runtime.
#[test]
fn options() {
    let options = Options::default()
        .package("app.rpc")
        .runtime_package("net.rpc")
        .map_package("com.example", "model")
        .collections(Collections::Vector)
        .naming(Naming::Rust)
        .with_runtime(false);
    check_case("options", &options);
}

/// The same input gives the same output, byte for byte, whatever the order of the files.
#[test]
fn deterministic() {
    let mut sources = amf_codegen::read_sources(&[data("fixture").join("input")]).unwrap();
    let first = amf_codegen::generate(&sources, &Options::default()).unwrap();
    sources.reverse();
    let second = amf_codegen::generate(&sources, &Options::default()).unwrap();
    assert_eq!(first.files, second.files);
}
