//! The Words tab driven like a student would, through egui_kittest, on the bundled data: the
//! panels' questions and answers, the map's words, presentation mode.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::ExplorerApp;
use embedding_explorer::app::dataset::group_thousands;
use support::{click_and_settle, explorer, settle, start, window};

#[test]
fn typing_the_classic_analogy_answers_queen() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let analogy = &mut harness.state_mut().word_panels_mut().analogy;
    analogy.expression.clear();
    analogy.result = None;
    harness.run_steps(2);

    let field = harness.get_by_label("Expression (Enter runs it):");
    field.click();
    harness.run_steps(2);
    harness
        .get_by_label("Expression (Enter runs it):")
        .type_text("king - man + woman");
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2); // the frame that takes the key asks for the answer
    settle(&mut harness);

    let result = harness
        .state()
        .word_panels()
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
    harness.state_mut().word_panels_mut().similarity.result = None;
    harness.run_steps(2);
    click_and_settle(&mut harness, "Compare");
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
    let app = harness.state();
    let map = app.word_map().expect("the map is drawn");
    let vectors = &app.dataset().unwrap().vectors;
    let queried_outside_top: std::collections::HashSet<usize> = app
        .word_layers()
        .iter()
        .flat_map(|layer| layer.words())
        .filter(|&i| i >= 5_000)
        .collect();
    assert!(
        !queried_outside_top.is_empty(),
        "some marked words (the analogy's answers) lie outside the top 5,000"
    );
    assert_eq!(map.indices().len(), 5_000 + queried_outside_top.len());
    assert_eq!(map.coords.len(), map.indices().len());
    for word in ["king", "queen", "man", "woman"] {
        assert!(
            map.indices().contains(&vectors.index_of(word).unwrap()),
            "{word} is on the map"
        );
    }
    let label = format!("{} points", group_thousands(map.indices().len()));
    assert!(harness.query_by_label(&label).is_some(), "{label}");
}

#[test]
fn typing_accented_words_asks_about_them_without_crashing() {
    // The default fonts have no CJK glyphs; the window draws boxes for them, as this does.
    let mut harness = window()
        .allow_missing_glyphs()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness
        .state_mut()
        .word_panels_mut()
        .analogy
        .expression
        .clear();
    harness.run_steps(2);
    harness.get_by_label("Expression (Enter runs it):").click();
    harness.run_steps(2);
    harness
        .get_by_label("Expression (Enter runs it):")
        .type_text("été - 日本 + café");
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    let result = harness.state().word_panels().analogy.result.as_ref();
    assert!(
        matches!(result, Some(Ok(_)) | Some(Err(_))),
        "the expression was parsed and answered"
    );
    assert_eq!(
        harness.state().word_panels().analogy.expression,
        "été - 日本 + café"
    );
}

#[test]
fn presentation_mode_is_light_and_larger_and_remembered() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let small = |harness: &egui_kittest::Harness<'_, ExplorerApp>| {
        harness.ctx.global_style().text_styles[&egui::TextStyle::Small].size
    };
    let desk = small(&harness);
    assert!(harness.ctx.global_style().visuals.dark_mode);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Presentation mode").click();
    harness.run_steps(3);
    assert!(
        harness.state().settings().presentation,
        "remembered in the settings"
    );
    assert!(!harness.ctx.global_style().visuals.dark_mode, "light");
    assert!(small(&harness) > desk * 1.3, "larger text, map labels too");
    assert!(
        harness.query_by_label("queen").is_some(),
        "the panels still show their answers"
    );
}
