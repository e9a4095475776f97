//! Hostile input, third round (issue 36), through the built binary: no output replaces a file
//! the command reads, however that file was named (a list beside the vectors, the vectors the
//! environment named, a second spelling or a linked folder, a photo found in a folder); and
//! what the window or a command would silently ignore or fail on late is refused at once.

#[path = "support/command.rs"]
mod command;

use std::path::Path;
use std::time::{Duration, Instant};

use command::{binary, failure, run_within, stderr};

fn small_vectors(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("small.txt");
    std::fs::write(
        &path,
        "he 1 0.2 0\nshe -1 0.2 0\nman 0.9 0 0.3\nwoman -0.9 0 0.3\ndoctor 0.3 0.9 0.2\n",
    )
    .unwrap();
    path
}

#[test]
fn debias_never_writes_over_its_own_lists() {
    let dir = tempfile::tempdir().unwrap();
    small_vectors(dir.path());
    for (list, text) in [
        ("pairs.txt", "she he\nwoman man\n"),
        ("words.txt", "doctor\n"),
        ("equal.txt", "woman man\n"),
    ] {
        std::fs::write(dir.path().join(list), text).unwrap();
    }
    for (option, list) in [
        ("--pairs", "pairs.txt"),
        ("--neutralize", "words.txt"),
        ("--equalize", "equal.txt"),
    ] {
        let mut args = vec!["debias", "--vectors", "small.txt", option, list];
        if option != "--pairs" {
            args.extend(["--direction", "he - she"]);
        }
        // Written as another spelling of the same file.
        let out = format!("./{list}");
        args.extend(["--out", &out]);
        let said = failure(&args, dir.path());
        assert!(
            said.contains("refusing to write over it"),
            "{option}: {said}"
        );
    }
    let pairs = std::fs::read_to_string(dir.path().join("pairs.txt")).unwrap();
    assert_eq!(pairs, "she he\nwoman man\n", "the list is as it was");
}

#[test]
fn the_vectors_the_environment_named_are_protected_like_typed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let vectors = small_vectors(dir.path());
    let before = std::fs::read(&vectors).unwrap();
    std::os::unix::fs::symlink(&vectors, dir.path().join("link.txt")).unwrap();
    for args in [
        &["debias", "--direction", "he - she", "--out", "small.txt"][..],
        &["debias", "--direction", "he - she", "--out", "link.txt"],
        &["project", "--words", "4", "--out", "small.txt"],
    ] {
        let output = run_within(
            binary(dir.path())
                .env("EMBEDDING_EXPLORER_VECTORS", &vectors)
                .args(args),
            Duration::from_secs(60),
        );
        assert!(!output.status.success(), "{args:?}");
        assert!(
            stderr(&output).contains("refusing to write over it"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read(&vectors).unwrap(), before);
}

#[test]
fn a_trace_and_vectors_named_as_one_file_are_refused_before_either_exists() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..200).map(|_| "cat dog sat mat ran\n").collect();
    std::fs::write(dir.path().join("corpus.txt"), lines).unwrap();
    std::fs::create_dir(dir.path().join("runs")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("runs"), dir.path().join("latest")).unwrap();
    for (trace, out) in [
        ("./v.txt", "v.txt"),
        ("runs/../v.txt", "v.txt"),
        ("latest/v.txt", "runs/v.txt"),
    ] {
        let said = failure(
            &[
                "train",
                "corpus.txt",
                "--min-count",
                "1",
                "--trace",
                trace,
                "--trace-pairs",
                "cat:dog",
                "--out",
                out,
            ],
            dir.path(),
        );
        assert!(said.contains("are the same file"), "{trace} {out}: {said}");
    }
    assert!(!dir.path().join("v.txt").exists());
    assert!(!dir.path().join("runs/v.txt").exists());
}

#[test]
fn embedded_images_never_replace_a_photo_found_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let album = dir.path().join("album");
    std::fs::create_dir_all(album.join("trip")).unwrap();
    let photo = album.join("trip/cat.jpg");
    std::fs::copy(
        embedding_explorer::assets::source_tree().join("assets/photos/cat-chelsea.jpg"),
        &photo,
    )
    .unwrap();
    let before = std::fs::read(&photo).unwrap();
    for out in ["album/trip/cat.jpg", "album/trip/../trip/cat.jpg"] {
        let said = failure(
            &["embed-images", "album", "--out", out, "--device", "cpu"],
            dir.path(),
        );
        assert!(said.contains("refusing to write over it"), "{out}: {said}");
    }
    assert_eq!(std::fs::read(&photo).unwrap(), before);
}

#[test]
fn a_file_the_window_cannot_open_is_refused_before_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let said = failure(&["/etc/passwd"], dir.path());
    assert!(
        said.contains("/etc/passwd: not a word-vectors file"),
        "{said}"
    );
    let start = Instant::now();
    let said = failure(&["--vectors", "/dev/zero"], dir.path());
    assert!(
        said.contains("/dev/zero: not a word-vectors file"),
        "{said}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "read up to a bound"
    );
    std::fs::write(
        dir.path().join("lesson.txt"),
        r#"{"format": "embedding-explorer lesson", "version": 1, "title": "Saved as text"}"#,
    )
    .unwrap();
    let said = failure(&["lesson.txt"], dir.path());
    assert!(
        said.contains("lesson.txt is a lesson, not a vectors file: open it with --open"),
        "{said}"
    );
    // A vectors file that reads is let through: only the missing display stops the window.
    small_vectors(dir.path());
    let said = failure(&["small.txt"], dir.path());
    assert!(said.contains("cannot open a window"), "{said}");
}

#[test]
fn vectors_options_a_command_would_ignore_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("corpus.txt"), "cat dog\n").unwrap();
    for (args, said) in [
        (
            &["train", "corpus.txt", "--vectors", "/nonexistent"][..],
            "--vectors would be ignored by train: it reads no word vectors",
        ),
        (
            &["completions", "bash", "--limit", "3"],
            "--limit would be ignored by completions",
        ),
        (
            &["embed-images", "corpus.txt", "--format", "glove"],
            "--format would be ignored by embed-images",
        ),
        (&["--limit", "10"], "--limit would be ignored by the window"),
    ] {
        let stderr = failure(args, dir.path());
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("vectors.txt").exists(), "nothing trained");
}
