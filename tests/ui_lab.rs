//! The Linear algebra tab driven like a student would: a word split along a direction, a word
//! fitted in the span of others, the spectrum, and a direction removed.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::lab::LabView;
use embedding_explorer::app::settings::Tab;
use support::{click_and_settle, explorer, explorer_without_portal, remember_folder, settle};

fn lab_tab() -> egui_kittest::Harness<'static, embedding_explorer::app::ExplorerApp> {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().settings_mut().tab = Tab::Lab;
    harness.run_steps(2);
    harness
}

#[test]
fn a_word_split_along_a_direction_makes_a_right_triangle_with_its_numbers() {
    let mut harness = lab_tab();
    click_and_settle(&mut harness, "Split");
    let app = harness.state();
    let result = app.lab().split.result.as_ref().unwrap().as_ref().unwrap();
    let split = &result.split;
    assert_eq!(result.word, "nurse");
    assert!(split.along < -0.1, "nurse leans to she: {}", split.along);
    assert!(
        (split.along.powi(2) + split.across.powi(2) - 1.0).abs() < 1e-6,
        "Pythagoras"
    );
    // The legs drawn are the legs computed.
    let dot: f64 = split
        .projection
        .iter()
        .zip(&split.rejection)
        .map(|(a, b)| a * b)
        .sum();
    assert!(dot.abs() < 1e-9, "the legs are orthogonal");
    let shown = format!("{:+.4}", split.along);
    assert!(harness.query_by_label(&shown).is_some(), "{shown} is shown");
    assert!(harness.query_by_label_contains("Pythagoras").is_some());
}

#[test]
fn queen_is_fitted_in_the_span_of_king_woman_and_man() {
    let mut harness = lab_tab();
    harness.get_by_label("Span and independence").click();
    harness.run_steps(2);
    settle(&mut harness);
    let app = harness.state();
    let result = app.lab().span.result.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(result.fit.rank, 3);
    assert!(
        harness
            .query_by_label("queen ≈ +0.731·king +0.518·woman -0.331·man")
            .is_some(),
        "the fit as an equation"
    );
    assert!(harness.query_by_label_contains("Gram–Schmidt").is_some());
}

#[test]
fn the_spectrum_says_how_many_dimensions_hold_the_variance() {
    let mut harness = lab_tab();
    harness.get_by_label("The spectrum").click();
    harness.run_steps(2);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("22 of 100 dimensions hold half the variance of the 5,000")
            .is_some()
    );
}

#[test]
fn removing_a_direction_puts_the_listed_words_at_zero_and_says_what_is_left() {
    let mut harness = lab_tab();
    harness.get_by_label("Removing a direction").click();
    harness.run_steps(2);
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.lab().view, LabView::Debias);
    let result = app.lab().debias.result.as_ref().unwrap().as_ref().unwrap();
    let neutralized = [
        "programmer",
        "homemaker",
        "nurse",
        "doctor",
        "engineer",
        "receptionist",
    ];
    for (word, before, after) in &result.on_axis {
        if neutralized.contains(&word.as_str()) {
            assert!(after.unwrap().abs() < 1e-5, "{word}: {before} → {after:?}");
        }
    }
    let leakage = result.leakage.as_ref().expect("the leakage check ran");
    assert!(leakage.accuracy_before > 0.95, "{leakage:?}");
    assert!(
        harness
            .query_by_label_contains("Projection removes one direction, not the information")
            .is_some()
    );
    let words = app.dataset().unwrap().vectors.len();

    // The explorer switches to the vectors after.
    click_and_settle(&mut harness, "Use these vectors");
    let app = harness.state();
    assert_eq!(app.settings().tab, Tab::Words);
    let dataset = app.dataset().unwrap();
    assert!(
        dataset.summary().contains(".vectors.txt"),
        "{}",
        dataset.summary()
    );
    assert_eq!(dataset.vectors.len(), words, "every word is kept");
}

/// The 400 most frequent bundled words (letters only), turned by a rotation of the whole space
/// (plane rotations of neighbouring and distant coordinates), written as GloVe text.
fn turned_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let bundled = embedding_explorer::words::load(
        &embedding_explorer::words::formats::bundled::bundled_path(),
        &Default::default(),
    )
    .unwrap()
    .vectors;
    let dim = bundled.dim();
    let mut text = String::new();
    for word in bundled
        .words()
        .iter()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .take(400)
    {
        let mut row: Vec<f64> = bundled
            .unit_vector(bundled.lookup(word).unwrap())
            .iter()
            .map(|&x| f64::from(x))
            .collect();
        for (step, (a, b)) in (0..dim / 2)
            .map(|i| (2 * i, 2 * i + 1))
            .chain((0..dim / 2).map(|i| (i, i + dim / 2)))
            .enumerate()
        {
            let angle = 0.7 + 0.013 * step as f64;
            let (c, s) = (angle.cos(), angle.sin());
            (row[a], row[b]) = (c * row[a] - s * row[b], s * row[a] + c * row[b]);
        }
        text.push_str(word);
        for x in row {
            text.push_str(&format!(" {x:.7}"));
        }
        text.push('\n');
    }
    let path = dir.join("turned.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn another_space_rotated_onto_the_words_is_found_again_and_drawn() {
    let dir = tempfile::tempdir().unwrap();
    turned_copy(dir.path());
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    harness.state_mut().settings_mut().tab = Tab::Lab;
    harness.run_steps(2);
    harness.get_by_label("Two spaces, one rotation").click();
    harness.run_steps(2);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("choose the vectors to rotate")
            .is_some(),
        "nothing chosen yet, and the view says so"
    );
    remember_folder(&mut harness, "vectors", dir.path().to_owned());
    harness.get_by_label("Choose vectors…").click();
    harness.run_steps(4);
    harness.get_by_label_contains("turned.txt").click();
    harness.run_steps(1);
    click_and_settle(&mut harness, "Open");
    let app = harness.state();
    assert_eq!(app.lab().view, LabView::TwoSpaces);
    let result = app
        .lab()
        .two_spaces
        .result
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(result.shared, 400);
    let (before, after) = result.mean_cosine;
    assert!(before < 0.5, "turned away before: {before}");
    assert!(after > 0.999_99, "found again after: {after}");
    let (low, high) = result.singular_range;
    assert!((low - 1.0).abs() < 1e-9 && (high - 1.0).abs() < 1e-9);
    assert!(
        (result.determinant - 1.0).abs() < 1e-9,
        "plane rotations: a rotation"
    );
    assert_eq!(result.placed.len(), 30);
    for word in &result.placed {
        let gap = (word.after[0] - word.target[0]).hypot(word.after[1] - word.target[1]);
        assert!(gap < 1e-3, "{} lands on itself: {gap}", word.word);
    }
    assert!(
        harness
            .query_by_label_contains("+1.000: a rotation")
            .is_some()
    );
}
