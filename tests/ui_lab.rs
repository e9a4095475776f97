//! The Linear algebra tab driven like a student would: a word split along a direction, a word
//! fitted in the span of others, the spectrum, and a direction removed.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::lab::LabView;
use embedding_explorer::app::settings::Tab;
use support::{click_and_settle, explorer, settle};

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
