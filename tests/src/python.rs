//! The Python peer: `python3` (or `$PYTHON`) with PyAMF (PyPI `py3amf`, imported as `pyamf`),
//! installed with pip when it is missing. Under `CI=true` a missing peer fails the test that
//! needs it; elsewhere that test is skipped with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The PyAMF release whose behaviour the tests describe (quirks included).
pub const PY3AMF: &str = "py3amf==0.9.1";

/// Whether the tests run under CI (`CI` set to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The Python interpreter: `$PYTHON`, else `python3`.
pub fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// A script of `tests/python/`.
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(name)
}

fn runs(python: &str, args: &[&str]) -> bool {
    Command::new(python)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The interpreter, once PyAMF is importable by it (installed once per test process if
/// needed); `Err` says what is missing.
pub fn pyamf_ready() -> Result<String, String> {
    static READY: OnceLock<Result<String, String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let python = python();
            if !runs(&python, &["--version"]) {
                return Err(format!("`{python}` cannot be run"));
            }
            let import = ["-c", "import pyamf, pyamf.amf3"];
            if runs(&python, &import) {
                return Ok(python);
            }
            eprintln!("PyAMF is missing: {python} -m pip install --quiet {PY3AMF}");
            let pip = [
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                PY3AMF,
            ];
            if runs(&python, &pip) && runs(&python, &import) {
                Ok(python)
            } else {
                Err(format!(
                    "PyAMF ({PY3AMF}) is not importable by `{python}` and could not be installed"
                ))
            }
        })
        .clone()
}

/// The interpreter for test `test`, or `None` (after saying why) when the peer is missing
/// outside CI. Panics under CI when the peer is missing.
pub fn require_pyamf(test: &str) -> Option<String> {
    match pyamf_ready() {
        Ok(python) => Some(python),
        Err(why) if in_ci() => panic!("{test}: the PyAMF peer is required under CI=true: {why}"),
        Err(why) => {
            eprintln!("SKIPPED {test}: {why} (under CI=true this is a failure)");
            None
        }
    }
}
