//! The teaching views and lessons, driven through egui_kittest on the bundled data: semantic
//! axes, vectors as numbers, and lessons saved, opened, and refused when they are bad.

mod support;

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedding_explorer::app::lab::LabView;
use embedding_explorer::app::lessons::Lesson;
use embedding_explorer::app::words::WordsView;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use embedding_explorer::assets::source_tree;
use support::{
    click_and_settle, drop_files, explorer, explorer_without_portal, remember_folder, replace_text,
    settle, start, window,
};

/// Types `text` into the field labelled `label`, replacing what it held, and presses Enter.
fn retype(harness: &mut Harness<'_, ExplorerApp>, label: &str, text: &str) {
    replace_text(harness, label, text);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(harness);
}

#[test]
fn the_axes_view_puts_she_on_the_female_side() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Semantic axes");
    retype(&mut harness, "X axis", "he - she");
    retype(&mut harness, "Y axis", "rich - poor");
    retype(
        &mut harness,
        "Words to place",
        "she he woman/man nurse zzqx",
    );

    let app = harness.state();
    let result = app
        .word_panels()
        .axes
        .result
        .as_ref()
        .expect("placed")
        .as_ref()
        .expect("no error");
    let x = |word: &str| result.placed(word).expect(word).at[0];
    assert!(x("she") < -0.1, "she falls on the she end: {}", x("she"));
    assert!(x("he") > 0.1, "he falls on the he end: {}", x("he"));
    assert!(x("woman") < x("man"));
    assert_eq!(result.pairs.len(), 1, "woman/man is a pair");
    assert_eq!(result.unknown, ["zzqx"]);
    assert!(harness.query_by_label_contains("cos(X, Y) =").is_some());
    assert!(
        harness
            .query_by_label_contains("Not in the vocabulary: zzqx")
            .is_some()
    );
}

#[test]
fn vectors_as_numbers_show_the_analogy_step_by_step() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Vectors as numbers");
    assert!(
        harness
            .query_by_label("king - man + woman, step by step")
            .is_some()
    );
    assert!(
        harness.query_by_label("cos 0.770").is_some(),
        "queen's cosine with king - man + woman (3CosAdd's 0.7699)"
    );
    retype(&mut harness, "Words (up to 6)", "cat dog kitten");
    let app = harness.state();
    let rows = app
        .word_panels()
        .numbers
        .result
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    let words: Vec<&str> = rows.rows.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(words, ["cat", "dog", "kitten"]);
    assert_eq!(rows.rows[0].1.len(), 100);
}

/// Opens `lesson` by dropping it on the window.
fn drop_lesson(harness: &mut Harness<'_, ExplorerApp>, lesson: &Path) {
    drop_files(harness, &[lesson.to_owned()]);
    harness.run_steps(2);
    settle(harness);
}

#[test]
fn a_saved_lesson_reopens_the_same_scene() {
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    remember_folder(&mut harness, "lessons", dir.path().to_owned());

    // The teacher's scene.
    {
        let app = harness.state_mut();
        let panels = app.word_panels_mut();
        panels.analogy.expression = "paris - france + italy".into();
        panels.axes.x = "rich - poor".into();
        panels.numbers.words = "paris rome".into();
        app.settings_mut().words_view = WordsView::Axes;
    }
    harness.run_steps(2);
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Save lesson…").click();
    harness.run_steps(4);
    // Typed without an extension, the name gets the lessons' own.
    replace_text(&mut harness, "File name", "capitals");
    click_and_settle(&mut harness, "Save");
    let saved = dir.path().join("capitals.eelesson");
    assert!(
        saved.is_file(),
        "the lesson is written as capitals.eelesson"
    );
    assert!(harness.query_by_label("Lesson: capitals").is_some());

    // The class changes everything, then the teacher opens the lesson again.
    {
        let app = harness.state_mut();
        let panels = app.word_panels_mut();
        panels.analogy.expression = "cat".into();
        panels.axes.x = "he - she".into();
        app.settings_mut().words_view = WordsView::Map;
        app.close_lesson();
    }
    drop_lesson(&mut harness, &saved);

    let app = harness.state();
    let panels = app.word_panels();
    assert_eq!(panels.analogy.expression, "paris - france + italy");
    assert_eq!(panels.axes.x, "rich - poor");
    assert_eq!(panels.numbers.words, "paris rome");
    assert_eq!(app.settings().words_view, WordsView::Axes);
    let analogy = panels.analogy.result.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(analogy.analogy.answers[0].word, "rome", "solved again");
    assert!(panels.axes.result.as_ref().unwrap().is_ok(), "placed again");
    assert_eq!(app.messages().pending_errors().count(), 0);
    assert!(harness.query_by_label("Lesson: capitals").is_some());
}

#[test]
fn a_bad_lesson_is_reported_and_changes_nothing() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "malformed.json",
            "{\"format\": \"embedding-explorer lesson\", \"version\": 1, \"title\": ",
            "malformed",
        ),
        (
            "newer.json",
            "{\"format\": \"embedding-explorer lesson\", \"version\": 2, \"title\": \"x\"}",
            "newer",
        ),
        (
            "other.json",
            "{\"name\": \"a package.json\"}",
            "not a lesson",
        ),
        (
            "missing-vectors.json",
            "{\"format\": \"embedding-explorer lesson\", \"version\": 1, \"title\": \"x\", \"vectors\": \"gone.txt\"}",
            "is missing",
        ),
        ("garbage.json", "\u{0}\u{1}\u{ff}garbage", "malformed"),
    ];
    for (name, text, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        drop_lesson(&mut harness, &path);
        let app = harness.state();
        assert!(
            app.messages()
                .pending_errors()
                .any(|e| e.to_string().contains(why) && e.to_string().contains(name)),
            "{name}: an error saying {why:?}"
        );
        assert!(app.lesson().is_none(), "{name}: no lesson is open");
        assert_eq!(app.settings().words_view, WordsView::Map);
        assert_eq!(app.word_panels().analogy.expression, "king - man + woman");
        assert!(
            app.word_panels().analogy.result.as_ref().unwrap().is_ok(),
            "{name}: the answers stay"
        );
    }
}

/// The lessons shipped in `assets/lessons/`.
fn example_lessons() -> Vec<PathBuf> {
    let mut lessons: Vec<PathBuf> = std::fs::read_dir(source_tree().join("assets/lessons"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    lessons.sort();
    lessons
}

#[test]
fn the_example_lessons_open_with_every_question_answered() {
    let lessons = example_lessons();
    assert_eq!(lessons.len(), 7);
    for path in lessons {
        let lesson = Lesson::read(&path).unwrap();
        assert!(
            !lesson.notes.is_empty(),
            "{}: notes for the class",
            path.display()
        );
        let opened = path.clone();
        let mut harness = window().build_eframe(move |cc| {
            ExplorerApp::new(
                cc,
                StartOptions {
                    lesson: Some(opened),
                    ..start(Vec::new())
                },
            )
        });
        settle(&mut harness);
        let app = harness.state();
        assert_eq!(
            app.messages().pending_errors().count(),
            0,
            "{}",
            path.display()
        );
        let title = format!("Lesson: {}", lesson.title);
        assert!(harness.query_by_label(&title).is_some(), "{title}");
        // The questions on screen are the lesson's (not the defaults), and each is answered.
        assert_eq!(
            inputs(app.word_panels()),
            inputs(&lesson.panels),
            "{}: the panels' questions",
            path.display()
        );
        assert_eq!(
            inputs(app.lab()),
            inputs(&lesson.lab),
            "{}: the lab's questions",
            path.display()
        );
        assert_eq!(app.settings().tab, lesson.tab, "{}", path.display());
        assert_eq!(app.settings().words_view, lesson.words_view);
        assert_eq!(app.settings().map, lesson.map.choices);
        let panels = app.word_panels();
        assert!(panels.analogy.result.as_ref().unwrap().is_ok());
        assert!(panels.similarity.result.as_ref().unwrap().is_ok());
        assert!(panels.neighbours.result.as_ref().unwrap().is_ok());
        assert!(panels.odd_one_out.result.as_ref().unwrap().is_ok());
        assert!(panels.axes.result.as_ref().unwrap().is_ok());
        assert!(panels.numbers.result.as_ref().unwrap().is_ok());
        // The Linear algebra tab's view answers its question too.
        let lab = app.lab();
        let answered = match lab.view {
            LabView::Split => lab.split.result.as_ref().map(Result::is_ok),
            LabView::Span => lab.span.result.as_ref().map(Result::is_ok),
            LabView::Spectrum => lab.spectrum.result.as_ref().map(Result::is_ok),
            LabView::Debias => lab.debias.result.as_ref().map(Result::is_ok),
            // Before any training run, the rotation of the last run says what to do first.
            LabView::TwoSpaces => lab.two_spaces.result.as_ref().map(|result| match result {
                Ok(_) => true,
                Err(error) => {
                    app.training().trained().is_none()
                        && error
                            .to_string()
                            .contains("train one on the Train tab first")
                }
            }),
        };
        assert_eq!(answered, Some(true), "{}: the lab's view", path.display());
        // The 3-D view's camera and arrows come back as saved.
        assert_eq!(app.settings().space, lesson.space, "{}", path.display());
        if lesson.space.from_origin && app.settings().words_view == WordsView::Space {
            assert!(
                !app.space_numbers().is_empty(),
                "{}: the numbers beside the arrows",
                path.display()
            );
        }
        if let Some(selected) = &lesson.map.selected {
            assert_eq!(
                app.selected_word(),
                Some(selected.as_str()),
                "{selected} selected"
            );
        }
    }
}

/// A part's inputs as JSON: what is saved of it (its answers are not).
fn inputs<T: serde::Serialize>(part: &T) -> serde_json::Value {
    serde_json::to_value(part).expect("inputs serialize")
}
