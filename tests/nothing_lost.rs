//! Hostile input, second round, through the built binary: no command destroys the user's file,
//! reads without bound, or reports success for a result that cannot be right.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use embedding_explorer::assets::source_tree;

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_embedding-explorer"));
    command.env_remove("EMBEDDING_EXPLORER_VECTORS");
    command
}

fn run(args: &[&str]) -> Output {
    binary().args(args).output().expect("the binary runs")
}

/// Runs `args`, expecting a clear failure (non-zero, no panic); returns stderr.
fn failure(args: &[&str]) -> String {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{args:?} should fail: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    stderr
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A small corpus two words a line, so that a run trains something in well under a second.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("corpus.txt");
    let lines: String = (0..400)
        .map(|i| format!("cat dog sat mat {} ran\n", ["the", "a"][i % 2]))
        .collect();
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn training_never_writes_over_its_corpus_even_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let before = std::fs::read(&corpus).unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&corpus, &link).unwrap();
    for out in [&corpus, &link] {
        let stderr = failure(&["train", text(&corpus), "--out", text(out), "--epochs", "1"]);
        assert!(stderr.contains("refusing to write over it"), "{stderr}");
    }
    assert_eq!(
        std::fs::read(&corpus).unwrap(),
        before,
        "the corpus is intact"
    );
}

#[test]
fn an_output_that_cannot_be_written_fails_before_the_training() {
    let dir = tempfile::tempdir().unwrap();
    // A corpus no one ever writes: a command that read it before checking its output would
    // wait for ever, and be killed below.
    let corpus = dir.path().join("never.fifo");
    let made = Command::new("mkfifo").arg(&corpus).status().unwrap();
    assert!(made.success());
    for (out, expected) in [
        ("/nonexistent/v.txt", "cannot write /nonexistent/v.txt"),
        ("/dev/full", "is a device, not a file"),
        (text(dir.path()), "is a folder, not a file"),
    ] {
        let mut child = binary()
            .args(["train", text(&corpus), "--out", out])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("{out}: the corpus was read before the output was checked");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{out}");
        assert!(stderr.contains(expected), "{out}: {stderr}");
    }
}

#[test]
fn a_finished_run_replaces_its_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let out = dir.path().join("vectors.txt");
    std::fs::write(&out, "old vectors").unwrap();
    let output = run(&[
        "train",
        text(&corpus),
        "--out",
        text(&out),
        "--epochs",
        "1",
        "--min-count",
        "1",
        "--dim",
        "8",
    ]);
    assert!(output.status.success(), "{output:?}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("7 8\n"), "{written}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        names.len(),
        2,
        "the corpus, the vectors, and nothing half-written"
    );
}

/// Starts `args` with standard input fed forever by `line`; returns how it ended.
fn fed_forever(args: &[&str], line: &'static [u8]) -> Output {
    let mut child = binary()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let block: Vec<u8> = line.iter().copied().cycle().take(1 << 16).collect();
        // Until the command stops reading: a broken pipe ends the feeding.
        while stdin.write_all(&block).is_ok() {}
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

#[test]
fn devices_and_endless_pipes_are_read_up_to_a_stated_limit() {
    let stderr = failure(&["--open", "/dev/zero"]);
    assert!(
        stderr.contains("more than 1 MiB is too large for a lesson"),
        "{stderr}"
    );
    for which in ["pairs", "analogies"] {
        let stderr = failure(&["eval", which, "/dev/zero"]);
        assert!(
            stderr.contains("more than 64 MiB is too large for an evaluation set"),
            "{which}: {stderr}"
        );
    }
    let output = fed_forever(&["eval", "pairs", "/dev/stdin"], b"cat\tdog\t5\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("too large for an evaluation set"),
        "{stderr}"
    );
}

#[test]
fn a_pipe_of_vectors_is_not_judged_by_its_size_of_zero() {
    let output = {
        let mut child = binary()
            .args(["info", "--vectors", "/dev/stdin", "--json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        for i in 0..50 {
            writeln!(stdin, "w{i} {} 0.5 -0.25", i as f32 / 10.0).unwrap();
        }
        drop(stdin);
        child.wait_with_output().unwrap()
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let info: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(info["words"], 50, "{info}");
    let stderr = failure(&["info", "--limit", "0"]);
    assert!(
        stderr.contains("a limit of 0 vectors reads nothing"),
        "{stderr}"
    );
}

#[test]
fn vectors_near_the_largest_float_keep_their_directions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::write(
        &path,
        "up 3e38 3e38 3e38\ndown -3e38 -3e38 -3e38\nside 1 -1 0\nother 0 1 -1\n",
    )
    .unwrap();
    let output = run(&[
        "similarity",
        "up",
        "down",
        "--vectors",
        text(&path),
        "--json",
    ]);
    assert!(output.status.success(), "{output:?}");
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let score = answer["score"].as_f64().unwrap();
    assert!((score + 1.0).abs() < 1e-5, "opposite vectors: {score}");
}

#[test]
fn training_that_learns_nothing_or_reads_binary_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let out = dir.path().join("v.txt");
    let lonely = write("lonely.txt", "cat\ndog\ncat\ndog\n".repeat(100).as_bytes());
    let stderr = failure(&[
        "train",
        text(&lonely),
        "--out",
        text(&out),
        "--min-count",
        "1",
    ]);
    assert!(stderr.contains("nothing was trained"), "{stderr}");
    assert!(!stderr.contains("subsampling"), "{stderr}");

    let corpus = corpus(dir.path());
    let args = [
        "train",
        text(&corpus),
        "--out",
        text(&out),
        "--sample",
        "1e-300",
    ];
    let stderr = failure(&args);
    assert!(
        stderr.contains("subsampling keeps less than 1%"),
        "{stderr}"
    );
    assert!(!out.exists(), "no vectors are written");

    let noise: Vec<u8> = (0..1u32 << 20)
        .map(|i| 0x80 | (i.wrapping_mul(2_654_435_761) >> 25) as u8)
        .collect();
    let random = write("random.bin", &noise);
    let stderr = failure(&["train", text(&random), "--out", text(&out)]);
    assert!(
        stderr.contains("invalid UTF-8 sequences in its first"),
        "{stderr}"
    );

    let mut late_binary = "the cat sat on the mat\n".repeat(2_000).into_bytes();
    late_binary.extend([0u8, 1, 2, 3]);
    let late_binary = write("late.bin", &late_binary);
    let stderr = failure(&["train", text(&late_binary), "--out", text(&out)]);
    assert!(stderr.contains("a NUL byte at byte 46000"), "{stderr}");

    let utf16: Vec<u8> = "the cat sat on the mat\n"
        .repeat(50)
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16 = write("utf16.txt", &utf16);
    let stderr = failure(&["train", text(&utf16), "--out", text(&out)]);
    assert!(
        stderr.contains("the text is UTF-16; convert it to UTF-8"),
        "{stderr}"
    );

    let giant_word = write("giant.txt", &[b'a'; 3 << 20]);
    let stderr = failure(&["train", text(&giant_word), "--out", text(&out)]);
    assert!(stderr.contains("a word longer than 1 MiB"), "{stderr}");
}

#[test]
fn latin_1_text_trains_and_its_replacements_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    // "café" in Latin-1: é is one invalid byte in UTF-8.
    let line = b"le caf\xe9 est chaud et le th\xe9 est froid\n";
    std::fs::write(&path, line.repeat(300)).unwrap();
    let out = dir.path().join("v.txt");
    let output = run(&[
        "train",
        text(&path),
        "--out",
        text(&out),
        "--min-count",
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("600 invalid UTF-8 sequences were read as \u{FFFD}"),
        "{stderr}"
    );
}

#[test]
fn scores_that_are_not_numbers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.tsv");
    std::fs::write(&path, "cat\tdog\tNaN\nking\tqueen\t8\nman\twoman\t7\n").unwrap();
    let stderr = failure(&["eval", "pairs", text(&path)]);
    assert!(
        stderr.contains("line 1: the score of cat and dog is NaN"),
        "{stderr}"
    );
}

#[test]
fn a_lesson_is_checked_whole_before_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = |name: &str, json: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, json).unwrap();
        path
    };
    let bundled = source_tree().join("assets/lessons/2-analogy-arithmetic.eelesson");
    let bundled: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(bundled).unwrap()).unwrap();
    let with = |field: &str, value: serde_json::Value| {
        let mut changed = bundled.clone();
        changed[field] = value;
        changed.to_string()
    };
    let own = lesson("own.json", with("vectors", "own.json".into()));
    let stderr = failure(&["--open", text(&own)]);
    assert!(stderr.contains("vectors file"), "{stderr}");
    assert!(stderr.contains("cannot be used"), "{stderr}");

    let mut far = bundled.clone();
    far["map"]["bounds"] = serde_json::json!([[-1e308, -1e308], [1e308, 1e308]]);
    far.as_object_mut().unwrap().remove("vectors");
    let far = lesson("far.json", far.to_string());
    let stderr = failure(&["--open", text(&far)]);
    assert!(stderr.contains("its map bounds"), "{stderr}");

    let device = lesson("device.json", with("vectors", "/dev/zero".into()));
    let stderr = failure(&["--open", text(&device)]);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    for (version, shown) in [("1e30", "1e+30"), ("-1", "-1")] {
        let version_value: serde_json::Value = serde_json::from_str(version).unwrap();
        let odd = lesson("version.json", with("version", version_value));
        let stderr = failure(&["--open", text(&odd)]);
        assert!(
            stderr.contains(&format!("its format version {shown} is not a whole number")),
            "{stderr}"
        );
    }
}

#[test]
fn unreadable_paths_fail_alone_and_the_readable_images_are_embedded() {
    let photos = source_tree().join("assets/photos");
    let cat = photos.join("cat-chelsea.jpg");
    let output = run(&[
        "classify",
        "/nonexistent/folder",
        text(&cat),
        "--device",
        "cpu",
        "--json",
    ]);
    assert!(!output.status.success(), "one path could not be read");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/nonexistent/folder"), "{stderr}");
    assert!(
        stderr.contains("1 of 2 images could not be processed"),
        "{stderr}"
    );
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The missing folder is reported in its place; the cat is still classified as a cat.
    assert!(
        results[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("/nonexistent/folder")),
        "{results}"
    );
    assert!(
        results[1]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("cat-chelsea.jpg")),
        "{results}"
    );
    let top = results[1]["top"][0]["label"].as_str().unwrap_or_default();
    assert!(top.to_lowercase().contains("cat"), "{results}");
}
