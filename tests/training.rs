//! The Train tab driven through egui_kittest: a run on the bundled Moby-Dick, its map, watch
//! words and teacher, the vectors used by the explorer, and texts that cannot be trained on.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::settings::Tab;
use embedding_explorer::app::training::{CorpusChoice, Outcome};
use support::{click_and_settle, drop_files, explorer, settle};

#[test]
fn a_run_on_moby_dick_forms_a_map_and_its_vectors_can_be_used() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    assert!(
        harness
            .query_by_label_contains("Press Start training")
            .is_some()
    );
    {
        let config = &mut harness.state_mut().training_settings_mut().config;
        config.epochs = 2;
        config.dim = 50;
    }
    click_and_settle(&mut harness, "Start training");

    let app = harness.state();
    let run = app.training().run.as_ref().expect("a run");
    let Some(Outcome::Trained(trained)) = &run.outcome else {
        panic!("the run trained");
    };
    assert!(trained.complete);
    assert_eq!(trained.words.len(), 4206);
    let snapshot = run.latest.as_ref().expect("snapshots arrived");
    assert_eq!(snapshot.map.len(), 300);
    assert!(
        snapshot
            .map
            .iter()
            .all(|(_, p)| p[0].is_finite() && p[1].is_finite())
    );
    assert!(snapshot.loss.len() >= 2, "a loss curve");
    let (whale, neighbours) = &snapshot.watch[0];
    assert_eq!(whale, "whale");
    assert_eq!(neighbours.as_ref().map(Vec::len), Some(5));
    assert!(snapshot.pair.is_some() && !snapshot.probability.is_empty());
    assert!(snapshot.example.is_some());
    assert!(harness.query_by_label_contains("Done: 2 epochs").is_some());
    assert!(harness.query_by_label("The language teacher").is_some());

    click_and_settle(&mut harness, "Use these vectors");
    let app = harness.state();
    assert_eq!(app.settings().tab, Tab::Words);
    let dataset = app.dataset().expect("the trained vectors are loaded");
    assert_eq!(dataset.vectors.len(), 4206);
    assert_eq!(dataset.vectors.dim(), 50);
    assert_eq!(app.messages().pending_errors().count(), 0);
}

#[test]
fn a_dropped_text_becomes_the_corpus_and_a_binary_one_is_refused() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("program.txt");
    std::fs::write(&binary, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0").unwrap();
    drop_files(&mut harness, std::slice::from_ref(&binary));
    harness.run_steps(2);
    assert_eq!(
        harness.state().training().settings.corpus,
        CorpusChoice::File(binary)
    );
    click_and_settle(&mut harness, "Start training");
    let app = harness.state();
    assert!(matches!(
        app.training().run.as_ref().and_then(|r| r.outcome.as_ref()),
        Some(Outcome::Failed(_))
    ));
    assert!(
        app.messages()
            .pending_errors()
            .any(|e| e.to_string().contains("not text")),
        "the status bar says why"
    );
    assert_eq!(
        harness.query_all_by_label_contains("not text").count(),
        2,
        "and the panel"
    );
    assert_eq!(
        app.dataset().unwrap().vectors.len(),
        50_000,
        "the words stay"
    );
}
