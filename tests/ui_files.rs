//! Files in the window: vectors dropped, missing, lying or not vectors at all; the in-window
//! file dialog for exports and for opening vectors.

mod support;

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::floor::messages::Message;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use support::{
    click_and_settle, drop_files, explorer, explorer_without_portal, remember_folder, replace_text,
    settle, start, window,
};

#[test]
fn a_dropped_vectors_file_becomes_the_dataset() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.txt");
    let mut text = String::new();
    let vectors = harness.state().dataset().unwrap().vectors.clone();
    for i in 0..2_000 {
        let values: Vec<String> = vectors
            .raw_vector(i)
            .iter()
            .map(|v| v.to_string())
            .collect();
        text.push_str(&format!("{} {}\n", vectors.word(i), values.join(" ")));
    }
    std::fs::write(&path, text).unwrap();

    drop_files(&mut harness, &[path]);
    settle(&mut harness);
    let app = harness.state();
    let dataset = app.dataset().unwrap();
    assert_eq!(dataset.vectors.len(), 2_000);
    assert_eq!(dataset.summary(), "tiny.txt · 2,000 words × 100 dims");
    assert!(
        harness
            .query_by_label("tiny.txt · 2,000 words × 100 dims")
            .is_some(),
        "the status bar shows it"
    );
    let map = app.word_map().expect("a map of the new vectors");
    assert_eq!(
        map.dataset(),
        dataset.id,
        "the map is of the dropped vectors"
    );
    assert_eq!(
        map.indices().len(),
        2_000,
        "every word, since the file holds fewer than the map's 5,000"
    );
    let result = app
        .word_panels()
        .analogy
        .result
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(
        result.analogy.answers[0].word, "queen",
        "the analogy is solved again on the new vectors"
    );
}

/// Whether an error naming `text` is waiting in the status bar.
fn error_pending(app: &ExplorerApp, text: &str) -> bool {
    app.messages()
        .pending_errors()
        .any(|e| e.to_string().contains(text))
}

/// The explorer started on a vectors file other than the bundled one.
fn explorer_on(vectors: PathBuf) -> egui_kittest::Harness<'static, ExplorerApp> {
    window().build_eframe(move |cc| {
        ExplorerApp::new(
            cc,
            StartOptions {
                vectors: Some(vectors),
                ..start(Vec::new())
            },
        )
    })
}

#[test]
fn a_missing_vectors_file_falls_back_to_the_bundled_set() {
    let mut harness = explorer_on(PathBuf::from("/nonexistent/vectors.txt"));
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(
        app.dataset().expect("the bundled set loaded").vectors.len(),
        50_000
    );
    assert!(
        app.messages().log().iter().any(
            |m| matches!(m, Message::Error(e) if e.to_string().contains("/nonexistent/vectors.txt"))
        ),
        "the missing file is reported"
    );
}

#[test]
fn a_file_that_is_not_vectors_stays_reported_until_dismissed_and_falls_back() {
    let mut harness = explorer_on(PathBuf::from("/dev/urandom"));
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.dataset().unwrap().vectors.len(), 50_000);
    assert!(
        error_pending(app, "/dev/urandom"),
        "still shown after the later notices (loaded, device)"
    );
    assert!(harness.query_by_label_contains("/dev/urandom").is_some());
    harness.get_by_label("Dismiss").click();
    harness.run_steps(2);
    assert!(!error_pending(harness.state(), "/dev/urandom"));
    assert!(harness.query_by_label_contains("/dev/urandom").is_none());
}

#[test]
fn a_header_that_lies_about_the_size_is_an_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let lying = dir.path().join("lying.txt");
    std::fs::write(&lying, "10000000 10000000\na 1 2 3\n").unwrap();
    let mut harness = explorer_on(lying);
    settle(&mut harness);
    let app = harness.state();
    assert!(error_pending(app, "lying.txt"), "the lie is reported");
    assert_eq!(
        app.dataset().unwrap().vectors.len(),
        50_000,
        "and the bundled words are shown instead"
    );
}

/// A scratch folder holding `tiny.txt` (three words in three dimensions), where the dialogs
/// for vectors open.
fn tiny_vectors_folder(harness: &mut egui_kittest::Harness<'_, ExplorerApp>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tiny.txt"),
        "alpha 1 0 0\nbeta 0 1 0\ngamma 0 0 1\n",
    )
    .unwrap();
    remember_folder(harness, "vectors", dir.path().to_owned());
    dir
}

/// File → Export map as CSV…
fn export_map_csv(harness: &mut egui_kittest::Harness<'_, ExplorerApp>) {
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Export map as CSV…").click();
    // A new modal's first frame only measures it.
    harness.run_steps(4);
}

/// A folder nothing can be written into, whoever runs the tests (root writes through
/// permission bits, not into sysfs).
fn unwritable_folder(scratch: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let locked = scratch.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::File::create(locked.join("probe")).is_ok() {
        PathBuf::from("/sys")
    } else {
        locked
    }
}

#[test]
fn without_the_desktop_portal_the_map_is_exported_through_the_in_window_dialog() {
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    remember_folder(&mut harness, "map csv", dir.path().to_owned());

    export_map_csv(&mut harness);
    assert!(
        harness.query_by_label("Export the map as CSV").is_some(),
        "the dialog opens in the window, in the folder used last"
    );
    replace_text(&mut harness, "File name", "words.csv");
    click_and_settle(&mut harness, "Save");

    assert!(
        harness.query_by_label("Export the map as CSV").is_none(),
        "closed"
    );
    let csv = std::fs::read_to_string(dir.path().join("words.csv")).expect("the CSV is written");
    let app = harness.state();
    let map = app.word_map().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), map.indices().len() + 1);
    assert_eq!(lines[0], "word,x,y");
    assert!(lines[1].starts_with("the,"), "{}", lines[1]);
    assert!(
        app.messages()
            .latest_info()
            .is_some_and(|m| m.contains("words.csv")),
        "the status bar says where it went"
    );
    assert_eq!(
        app.settings().last_folders.get("map csv"),
        Some(&dir.path().to_owned()),
        "the folder is remembered for the next export"
    );

    // Into a folder that cannot be written: an error in the status bar; the map stays.
    let locked = unwritable_folder(dir.path());
    remember_folder(&mut harness, "map csv", locked.clone());
    export_map_csv(&mut harness);
    click_and_settle(&mut harness, "Save");
    let app = harness.state();
    assert!(
        app.messages()
            .pending_errors()
            .any(|e| e.to_string().contains(&format!(
                "cannot write {}",
                locked.join("map.csv").display()
            ))),
        "the failure is reported"
    );
    assert!(app.word_map().is_some(), "what was on screen stays");
    assert!(harness.query_by_label_contains("cannot write").is_some());

    // Esc closes the dialog without doing anything.
    export_map_csv(&mut harness);
    assert!(harness.query_by_label("Export the map as CSV").is_some());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label("Export the map as CSV").is_none());
}

#[test]
fn the_in_window_dialog_opens_vectors_and_asks_before_replacing() {
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    let dir = tiny_vectors_folder(&mut harness);
    std::fs::write(dir.path().join("notes.md"), "not vectors").unwrap();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run_steps(4);
    assert!(harness.query_by_label("Open word vectors").is_some());
    assert!(
        harness.query_by_label_contains("notes.md").is_none(),
        "filtered out"
    );
    harness.get_by_label_contains("tiny.txt").click();
    harness.run_steps(1);
    click_and_settle(&mut harness, "Open");
    assert_eq!(harness.state().dataset().unwrap().vectors.len(), 3);

    // Saving over an existing file asks first.
    std::fs::write(dir.path().join("map.png"), b"old").unwrap();
    remember_folder(&mut harness, "map png", dir.path().to_owned());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(4);
    harness.get_by_label("Save").click();
    harness.run_steps(4);
    assert!(harness.query_by_label("Replace it?").is_some());
    harness.get_by_label("Keep it").click();
    harness.run_steps(4);
    assert!(harness.query_by_label("Replace it?").is_none());
    assert_eq!(std::fs::read(dir.path().join("map.png")).unwrap(), b"old");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label("Export the map as PNG").is_none());
}

#[test]
fn enter_presses_the_in_window_dialogs_default_button() {
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    let dir = tiny_vectors_folder(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run_steps(4);
    harness.get_by_label_contains("tiny.txt").click();
    harness.run_steps(1);
    // Enter, not a click on Open.
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(harness.state().dataset().unwrap().vectors.len(), 3);
    assert!(
        harness.query_by_label("Open word vectors").is_none(),
        "closed"
    );

    // Saving: Enter saves under the name shown, as a click on Save would.
    remember_folder(&mut harness, "map csv", dir.path().to_owned());
    export_map_csv(&mut harness);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    let saved = std::fs::read_to_string(dir.path().join("map.csv")).unwrap();
    assert!(saved.starts_with("word,x,y"), "{saved}");
    // Over a file that exists, Enter asks first and a second Enter does not replace it.
    std::fs::write(dir.path().join("map.csv"), "kept").unwrap();
    export_map_csv(&mut harness);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    assert!(
        harness.query_by_label("Replace it?").is_some(),
        "asked first"
    );
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("map.csv")).unwrap(),
        "kept"
    );
}
