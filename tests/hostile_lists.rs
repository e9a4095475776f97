//! Hostile input, third round (issue 36), through the built binary: the lists and lessons a user
//! hands the commands. A byte-order mark changes nothing, a list that never ends is refused at
//! its bound, a labelled list that names a folder is refused before any label can shift, a JSON
//! object is named as not being a list, and a lesson's version follows one rule.

#[path = "support/command.rs"]
mod command;

use std::time::{Duration, Instant};

use command::{run, stderr};

#[test]
fn a_byte_order_mark_changes_nothing_in_a_pair_list() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = "she he\nwoman man\nmother father\n";
    std::fs::write(dir.path().join("plain.txt"), pairs).unwrap();
    std::fs::write(
        dir.path().join("marked.txt"),
        [&b"\xEF\xBB\xBF"[..], pairs.as_bytes()].concat(),
    )
    .unwrap();
    for (list, out) in [("plain.txt", "plain.vec"), ("marked.txt", "marked.vec")] {
        let output = run(&["debias", "--pairs", list, "--out", out], dir.path());
        assert!(output.status.success(), "{list}: {}", stderr(&output));
    }
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert!(!read("plain.vec").is_empty());
    assert_eq!(read("plain.vec"), read("marked.vec"), "the same vectors");
}

#[test]
fn a_json_object_is_named_as_not_a_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pairs.json"),
        r#"{"definitional": [["she", "he"]]}"#,
    )
    .unwrap();
    let output = run(
        &["debias", "--pairs", "pairs.json", "--out", "out.vec"],
        dir.path(),
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("pairs.json: a JSON object is not a list"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out.vec").exists(), "nothing written");
}

#[test]
fn a_labelled_photo_list_that_never_ends_is_refused_at_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let output = run(
        &["eval", "photos", "--tuning", "/dev/zero", "--device", "cpu"],
        dir.path(),
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("too large for a labelled photo list"),
        "{}",
        stderr(&output)
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "bounded, not read to the end"
    );
}

#[test]
fn a_labelled_photo_list_line_naming_a_folder_or_nothing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("trip")).unwrap();
    std::fs::copy(
        embedding_explorer::assets::source_tree().join("assets/photos/cat-chelsea.jpg"),
        dir.path().join("cat.jpg"),
    )
    .unwrap();
    for (list, said) in [
        (
            "cat.jpg\tcat\ntrip\tdog\n",
            "line 2: trip is not a photo file",
        ),
        (
            "cat.jpg\tcat\n\tdog\n",
            "line 2: expected a path, a tab and a word",
        ),
    ] {
        std::fs::write(dir.path().join("list.tsv"), list).unwrap();
        let output = run(
            &["eval", "photos", "--tuning", "list.tsv", "--device", "cpu"],
            dir.path(),
        );
        assert!(!output.status.success(), "{list:?}");
        assert!(
            stderr(&output).contains(said),
            "{list:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_lesson_version_is_a_whole_number_from_one_up_however_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = |version: &str| {
        format!(r#"{{"format": "embedding-explorer lesson", "version": {version}, "title": "x"}}"#)
    };
    for version in ["0", "1.5", "-1", "\"1\""] {
        std::fs::write(dir.path().join("bad.eelesson"), lesson(version)).unwrap();
        let output = run(&["--open", "bad.eelesson"], dir.path());
        assert!(!output.status.success());
        assert!(
            stderr(&output).contains("is not a whole number from 1 up"),
            "{version}: {}",
            stderr(&output)
        );
    }
    // 1 and 1.0 are the same version, with or without a byte-order mark: the lesson is read,
    // and only the missing display stops the window.
    for (name, bytes) in [
        ("one.eelesson", lesson("1").into_bytes()),
        (
            "marked.eelesson",
            [&b"\xEF\xBB\xBF"[..], lesson("1.0").as_bytes()].concat(),
        ),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let output = run(&["--open", name], dir.path());
        assert!(!output.status.success());
        let said = stderr(&output);
        assert!(said.contains("cannot open a window"), "{name}: {said}");
        assert!(!said.contains(name), "{name} was read: {said}");
    }
}
