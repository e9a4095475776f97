//! The explorer window driven like a student would, through egui_kittest, on the bundled data.

mod support;

use std::path::PathBuf;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::state::Tab;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use support::{drop_files, explorer, photo, settle, start, window};

#[test]
fn typing_the_classic_analogy_answers_queen() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().state_mut().settings.expression.clear();
    harness.state_mut().state_mut().analogy.result = None;
    harness.run_steps(2);

    let field = harness.get_by_label("Expression (Enter runs it):");
    field.click();
    harness.run_steps(2);
    harness
        .get_by_label("Expression (Enter runs it):")
        .type_text("king - man + woman");
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);

    let state = harness.state().state();
    let result = state
        .analogy
        .result
        .as_ref()
        .expect("solved")
        .as_ref()
        .expect("no error");
    assert_eq!(result.analogy.answers[0].word, "queen");
    assert!(
        harness.query_all_by_label("queen").count() >= 1,
        "queen is shown"
    );
    assert!(
        harness
            .query_by_label_contains("would have ranked")
            .is_some(),
        "the exclusion note is shown"
    );
}

#[test]
fn similarity_of_cat_and_dog_is_shown() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().state_mut().similarity.result = None;
    harness.run_steps(2);
    harness.get_by_label("Compare").click();
    harness.run_steps(3);
    assert!(
        harness.query_by_label("0.8798").is_some(),
        "the cosine of cat and dog is shown"
    );
    assert!(harness.query_by_label_contains("angle 28.4°").is_some());
}

#[test]
fn the_map_shows_the_top_words_and_the_queried_ones() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let state = harness.state().state();
    let map = state.word_map.as_ref().expect("the map is drawn");
    let vectors = &state.dataset.as_ref().unwrap().vectors;
    let queried_outside_top: std::collections::HashSet<usize> = state
        .queried_words()
        .iter()
        .filter_map(|w| vectors.index_of(w))
        .filter(|&i| i >= 5_000)
        .collect();
    assert_eq!(map.indices.len(), 5_000 + queried_outside_top.len());
    assert_eq!(map.coords.len(), map.indices.len());
    for word in ["king", "queen", "man", "woman"] {
        assert!(
            map.indices.contains(&vectors.index_of(word).unwrap()),
            "{word} is on the map"
        );
    }
    let label = format!(
        "{} points",
        embedding_explorer::app::state::group_thousands(map.indices.len())
    );
    assert!(harness.query_by_label(&label).is_some(), "{label}");
}

#[test]
fn dropped_photos_are_embedded_and_compared_and_garbage_is_reported() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    drop_files(
        &mut harness,
        &[
            photo("cat-chelsea.jpg"),
            photo("cat-mackerel.jpg"),
            photo("car-1.jpg"),
        ],
    );
    settle(&mut harness);

    let state = harness.state().state();
    assert_eq!(state.settings.tab, Tab::Images);
    assert_eq!(state.images.items.len(), 3);
    assert!(
        state
            .images
            .items
            .iter()
            .all(|i| i.thumbnail.is_some() && i.features.is_some())
    );
    let analysis = state
        .images
        .analysis
        .as_ref()
        .expect("the photos are compared");
    let (embedded, matrix) = (&analysis.embedded, &analysis.similarity);
    assert_eq!(embedded.len(), 3);
    assert_eq!(matrix.len(), 3);
    assert!(
        matrix[0][1] > matrix[0][2] + 0.2,
        "cat/cat {} vs cat/car {}",
        matrix[0][1],
        matrix[0][2]
    );
    assert!(harness.query_by_label("Similarity matrix (3×3)").is_some());

    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.jpg");
    std::fs::write(&garbage, b"definitely not a JPEG").unwrap();
    drop_files(&mut harness, &[garbage]);
    settle(&mut harness);
    assert!(
        harness
            .query_all_by_label_contains("garbage.jpg: not a readable image")
            .count()
            >= 1,
        "the error names the file"
    );
    let state = harness.state().state();
    assert_eq!(state.images.items.len(), 4);
    assert_eq!(state.images.embedded().len(), 3, "the good photos stay");

    // The app goes on: another photo still embeds.
    drop_files(&mut harness, &[photo("car-2.jpg")]);
    settle(&mut harness);
    assert_eq!(harness.state().state().images.embedded().len(), 4);
    assert!(harness.query_by_label("Similarity matrix (4×4)").is_some());
}

#[test]
fn a_dropped_vectors_file_becomes_the_dataset() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.txt");
    let mut text = String::new();
    let vectors = harness
        .state()
        .state()
        .dataset
        .as_ref()
        .unwrap()
        .vectors
        .clone();
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
    let state = harness.state().state();
    let dataset = state.dataset.as_ref().unwrap();
    assert_eq!(dataset.vectors.len(), 2_000);
    assert_eq!(dataset.summary(), "tiny.txt · 2,000 words × 100 dims");
    assert!(
        harness
            .query_by_label("tiny.txt · 2,000 words × 100 dims")
            .is_some(),
        "the status bar shows it"
    );
    let map = state.word_map.as_ref().unwrap();
    assert!(map.indices.len() <= 2_000 && map.indices.len() >= 500);
    let result = state.analogy.result.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(
        result.analogy.answers[0].word, "queen",
        "the analogy is solved again on the new vectors"
    );
}

#[test]
fn a_missing_vectors_file_falls_back_to_the_bundled_set() {
    let mut harness = window().build_eframe(|cc| {
        ExplorerApp::new(
            cc,
            StartOptions {
                vectors: Some(PathBuf::from("/nonexistent/vectors.txt")),
                ..start(Vec::new())
            },
        )
    });
    settle(&mut harness);
    let state = harness.state().state();
    assert_eq!(
        state
            .dataset
            .as_ref()
            .expect("the bundled set loaded")
            .vectors
            .len(),
        50_000
    );
    assert!(
        state
            .messages
            .iter()
            .any(|m| matches!(m, embedding_explorer::app::state::Message::Error(e) if e.contains("/nonexistent/vectors.txt"))),
        "the missing file is reported"
    );
}
