//! Running the built binary as a user would, for the tests that go through it: no display, no
//! vectors named by the environment, and a time limit past which the run is killed, so that
//! work without a bound fails its test instead of hanging the suite. Each test file uses some
//! of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary, run in `dir`, with nothing from the caller's display or vectors setting.
pub fn binary(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_embedding-explorer"));
    command
        .current_dir(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("EMBEDDING_EXPLORER_VECTORS");
    command
}

/// Runs `args` in `dir` to its end; fails the test if it panicked, was killed or took more
/// than two minutes.
pub fn run(args: &[&str], dir: &Path) -> Output {
    run_within(binary(dir).args(args), Duration::from_secs(120))
}

/// Runs `command` to its end within `limit`, killing it and failing the test past that.
pub fn run_within(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let (stdout, stderr) = (drain(&mut child, true), drain(&mut child, false));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the run can be waited on") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.code().is_some(),
        "{command:?} was killed: {said}"
    );
    assert!(!said.contains("panicked"), "{command:?} panicked: {said}");
    output
}

/// Reads the child's standard output (or error) on a thread, so that a full pipe never stops it.
fn drain(child: &mut Child, stdout: bool) -> std::thread::JoinHandle<Vec<u8>> {
    let mut pipe: Box<dyn Read + Send> = if stdout {
        Box::new(child.stdout.take().expect("piped"))
    } else {
        Box::new(child.stderr.take().expect("piped"))
    };
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// What the run wrote on standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `args` expecting a clear failure (non-zero); returns what it said.
pub fn failure(args: &[&str], dir: &Path) -> String {
    let output = run(args, dir);
    let said = stderr(&output);
    assert!(!output.status.success(), "{args:?} should fail: {said}");
    said
}

/// Writes vectors as GloVe text (`word v1 … vD` per line), values from `value(word, k)`.
pub fn write_glove(path: &Path, words: &[String], dim: usize, value: impl Fn(usize, usize) -> f32) {
    use std::fmt::Write;
    let mut text = String::new();
    for (i, word) in words.iter().enumerate() {
        text.push_str(word);
        for k in 0..dim {
            let _ = write!(text, " {:.5}", value(i, k));
        }
        text.push('\n');
    }
    std::fs::write(path, text).expect("the vectors are written");
}
