//! The Words tab driven like a student would, through egui_kittest, on the bundled data: the
//! panels' questions and answers, the map's words, presentation mode.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::floor::dataset::group_thousands;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use support::{click_and_settle, explorer, settle, start, window};

#[test]
fn typing_the_classic_analogy_answers_queen() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let analogy = &mut harness.state_mut().word_panels_mut().analogy;
    analogy.expression.clear();
    analogy.result.clear();
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
    harness
        .state_mut()
        .word_panels_mut()
        .similarity
        .result
        .clear();
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
    // The expression reached the panel's question and was answered: the vocabulary has no
    // "日本", and the answer says so by name.
    match harness.state().word_panels().analogy.result.as_ref() {
        Some(Err(error)) => assert!(
            error.to_string().contains("unknown word \"été\""),
            "{error}"
        ),
        Some(Ok(_)) => panic!("an answer for words the vocabulary lacks"),
        None => panic!("the expression was not answered"),
    }
    assert_eq!(
        harness.state().word_panels().analogy.expression,
        "été - 日本 + café"
    );
}

/// Settings kept in memory, as eframe keeps them in a file between runs.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
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
    assert!(!harness.ctx.global_style().visuals.dark_mode, "light");
    assert!(small(&harness) > desk * 1.3, "larger text, map labels too");
    assert!(
        harness.query_by_label("queen").is_some(),
        "the panels still show their answers"
    );

    // Closing saves the settings; the next start reads them and presents at once.
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    drop(harness);
    let mut again = window().build_eframe(|cc| {
        cc.storage = Some(&storage);
        ExplorerApp::new(
            cc,
            StartOptions {
                restore_settings: true,
                ..start(Vec::new())
            },
        )
    });
    settle(&mut again);
    assert!(again.state().settings().presentation, "remembered");
    assert!(
        !again.ctx.global_style().visuals.dark_mode,
        "light from the start"
    );
    assert!(small(&again) > desk * 1.3);
}
