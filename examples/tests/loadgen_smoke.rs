//! CI's short run of the load generator: every mode of `amf-loadgen` against the AMF server in a
//! child process, with a few hundred requests each, every reply verified. No timing is asserted;
//! the run is bounded in time.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn every_mode_runs_and_every_reply_is_verified() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amf-loadgen"))
        .arg("smoke")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("amf-loadgen starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().expect("amf-loadgen runs").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().expect("amf-loadgen output");
            panic!(
                "amf-loadgen smoke took more than 180 s:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("amf-loadgen output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "amf-loadgen smoke failed:\n{stdout}\n{stderr}"
    );
    for mode in [
        "amf_echo_2x8",
        "amf_add_1x16",
        "idle_20",
        "broadcast_20",
        "every reply verified",
    ] {
        assert!(
            stdout.contains(mode),
            "no `{mode}` in the output:\n{stdout}"
        );
    }
}
