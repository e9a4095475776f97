//! The Train tab driven through egui_kittest: a run on the bundled Moby-Dick, its map, watch
//! words and teacher, the vectors used by the explorer, and texts that cannot be trained on.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::settings::Tab;
use std::time::{Duration, Instant};

use embedding_explorer::app::training::{CorpusChoice, RunEnd};
use embedding_explorer::training::live::{MapLayout, Pace, Snapshot};
use support::{click_and_settle, drop_files, explorer, settle, train_on_eras_of_the_addresses};

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
        let settings = harness.state_mut().training_settings_mut();
        settings.pace = Pace::Full;
        settings.config.epochs = 2;
        settings.config.dim = 50;
    }
    click_and_settle(&mut harness, "Start training");

    let app = harness.state();
    let run = app.training().run.as_ref().expect("a run");
    let Some(RunEnd::Trained(trained)) = &run.end else {
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
        app.training().run.as_ref().and_then(|r| r.end.as_ref()),
        Some(RunEnd::Failed(_))
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

/// The newest snapshot of the run.
fn latest(harness: &egui_kittest::Harness<'_, embedding_explorer::app::ExplorerApp>) -> Snapshot {
    let run = harness.state().training().run.as_ref().expect("a run");
    run.latest.clone().expect("snapshots arrived")
}

#[test]
fn a_class_paced_run_can_be_watched_paused_stepped_and_scrubbed_back() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    assert_eq!(
        harness.state().training().settings.pace,
        Pace::Class,
        "the default"
    );
    harness.get_by_label("Start training").click();

    // Six seconds of a run paced to about 45 s: many distinct frames, and far from the end.
    let watching = Instant::now();
    let mut seen = std::collections::BTreeSet::new();
    while watching.elapsed() < Duration::from_secs(6) {
        harness.step();
        if let Some(snapshot) = harness
            .state()
            .training()
            .run
            .as_ref()
            .and_then(|r| r.latest.as_ref())
        {
            seen.insert(snapshot.status.words_done);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let snapshot = latest(&harness);
    assert!(seen.len() >= 20, "{} distinct frames in 6 s", seen.len());
    let fraction = snapshot.status.fraction();
    assert!(
        (0.04..0.4).contains(&fraction),
        "at a class's pace 6 s is about 13 % of the run, not {:.0} %",
        100.0 * fraction
    );
    assert!(
        snapshot.frames.len() >= 4,
        "the timeline keeps a frame per 1 %"
    );

    // Paused, nothing moves; a step trains one chunk of 1,000 words.
    harness.get_by_label("Pause").click();
    harness.run_steps(3);
    std::thread::sleep(Duration::from_millis(300));
    harness.run_steps(3);
    let before = latest(&harness).status.words_done;
    std::thread::sleep(Duration::from_millis(300));
    harness.run_steps(3);
    assert_eq!(latest(&harness).status.words_done, before, "paused");
    harness.get_by_label("Step").click();
    let deadline = Instant::now() + Duration::from_secs(5);
    while latest(&harness).status.words_done == before {
        assert!(Instant::now() < deadline, "the step trained nothing");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    let stepped = latest(&harness).status.words_done - before;
    assert!((1..=1_100).contains(&stepped), "one chunk: {stepped} words");

    // Back along the timeline: an earlier map, earlier neighbours, said as such.
    harness.get_by_label("Timeline").click();
    harness.run_steps(3);
    let snapshot = latest(&harness);
    let run = harness.state().training().run.as_ref().unwrap();
    let frame = run.shown_frame().expect("a frame is shown");
    assert!(frame.words_done < snapshot.status.words_done);
    assert_eq!(frame.map.len(), snapshot.map.len());
    assert!(
        frame
            .map
            .iter()
            .zip(&snapshot.map)
            .any(|(a, (_, b))| a != b),
        "the map as it was differs from the map now"
    );
    assert_ne!(frame.watch, snapshot.watch, "the neighbours as they were");
    assert!(harness.query_by_label_contains("% of the run (").is_some());
    assert!(
        harness
            .query_by_label("Watch words and their nearest words then:")
            .is_some()
    );
    harness.get_by_label("Live").click();
    harness.run_steps(2);
    assert!(
        harness
            .state()
            .training()
            .run
            .as_ref()
            .unwrap()
            .scrubbed
            .is_none()
    );

    harness.get_by_label("Stop").click();
    harness.run_steps(2);
    settle(&mut harness);
}

#[test]
fn the_teacher_draws_one_update_pulling_the_pair_together_and_pushing_the_negatives_apart() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    harness.state_mut().training_settings_mut().pace = Pace::Full;
    click_and_settle(&mut harness, "Start training");
    let snapshot = latest(&harness);
    let example = snapshot.example.as_ref().expect("the teacher's example");
    let pairs = example
        .context
        .clone()
        .filter(|&i| i != example.centre)
        .count();
    assert_eq!(
        snapshot.updates.len(),
        pairs,
        "one update per pair of the example"
    );
    for (context, update) in &snapshot.updates {
        let pair = &update.targets[0];
        assert!(
            pair.gradient > 0.0 && pair.sigma_after > pair.sigma_before,
            "({context}, centre): pulled together: {pair:?}"
        );
        for negative in &update.targets[1..] {
            assert!(
                negative.gradient < 0.0 && negative.sigma_after < negative.sigma_before,
                "pushed apart: {negative:?}"
            );
        }
    }

    let play = harness.get_by_label("Play the step");
    play.scroll_to_me();
    harness.run_steps(2);
    harness.get_by_label("Play the step").click();
    // Two seconds of animation at the harness's frame step.
    harness.run_steps(180);
    let (_, first) = &snapshot.updates[0];
    let said = format!(
        "The pair is pulled together: σ rises from {:.4} to {:.4}",
        first.targets[0].sigma_before, first.targets[0].sigma_after
    );
    assert!(harness.query_by_label_contains(&said).is_some(), "{said}");
    assert!(
        harness
            .query_by_label_contains("each change drawn")
            .is_some()
    );
    assert!(harness.query_by_label_contains("Pair 1 of").is_some());
    harness.get_by_label("Next pair").click();
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Pair 2 of").is_some());
}

#[test]
fn the_map_can_show_word_lists_coloured_or_the_frequent_words_from_a_rank() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    {
        let settings = harness.state_mut().training_settings_mut();
        settings.pace = Pace::Full;
        settings.config.epochs = 1;
    }
    harness.get_by_label("Example lists").click();
    harness.run_steps(2);
    {
        let settings = harness.state_mut().training_settings_mut();
        assert!(settings.map_by_lists);
        settings.map_lists.push_str("\nmade up: zzqx ahab");
    }
    click_and_settle(&mut harness, "Start training");
    let snapshot = latest(&harness);
    let words: Vec<&str> = snapshot.map.iter().map(|(w, _)| w.as_str()).collect();
    for listed in ["ahab", "queequeg", "flukes", "ocean", "seven"] {
        assert!(words.contains(&listed), "{listed} on the map: {words:?}");
    }
    assert!(!words.contains(&"the"), "only the listed words");
    let legend = &snapshot.legend;
    assert_eq!(legend.lists.len(), 5);
    assert_eq!(legend.lists[0], "crew");
    assert_eq!(legend.missing, ["zzqx"]);
    let ahab = words.iter().position(|w| *w == "ahab").unwrap();
    assert_eq!(
        legend.list_of[ahab],
        Some(0),
        "ahab is coloured as crew, its first list"
    );
    assert!(
        harness.query_by_label("crew").is_some(),
        "the legend names the lists"
    );
    assert!(
        harness
            .query_by_label_contains("not in this text: zzqx")
            .is_some()
    );
    let members = |list: usize| legend.list_of.iter().filter(|&&l| l == Some(list)).count();
    assert_eq!(members(0), 11, "the crew, all in Moby-Dick's vocabulary");
    assert!(members(3) >= 8, "the numbers");

    // Back to the frequent words, from rank 100.
    {
        let settings = harness.state_mut().training_settings_mut();
        settings.map_by_lists = false;
        settings.map_from_rank = 100;
    }
    // The lists' field goes away: let the panel lay itself out again before clicking.
    harness.run_steps(2);
    click_and_settle(&mut harness, "Start training");
    let snapshot = latest(&harness);
    assert_eq!(snapshot.map.len(), 300);
    assert_eq!(snapshot.legend.from_rank, Some(100));
    assert!(
        harness
            .query_by_label_contains("most frequent words from rank 100")
            .is_some()
    );
}

#[test]
fn a_t_sne_training_map_continues_each_frame_from_the_last() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    {
        let settings = harness.state_mut().training_settings_mut();
        settings.pace = Pace::Full;
        settings.map_layout = MapLayout::Tsne;
    }
    harness.run_steps(2);
    click_and_settle(&mut harness, "Start training");
    let snapshot = latest(&harness);
    assert_eq!(snapshot.map.len(), 300);
    assert!(
        snapshot
            .map
            .iter()
            .all(|(_, p)| p[0].is_finite() && p[1].is_finite())
    );
    assert!(
        harness
            .query_by_label_contains("laid out by t-SNE")
            .is_some()
    );
    // In the second half of the run, each frame moves the map a little: no jumps.
    let frames = &snapshot.frames;
    assert!(frames.len() > 50);
    let extent = |map: &[[f64; 2]]| map.iter().flatten().fold(0.0f64, |m, c| m.max(c.abs()));
    for pair in frames[frames.len() / 2..].windows(2) {
        let (a, b) = (&pair[0].map, &pair[1].map);
        let moved = a
            .iter()
            .zip(b)
            .map(|(p, q)| (p[0] - q[0]).hypot(p[1] - q[1]))
            .sum::<f64>()
            / a.len() as f64;
        assert!(
            moved < 0.2 * extent(a),
            "frame at {} words moved {moved:.2} on a map {:.1} across",
            pair[1].words_done,
            extent(a)
        );
    }
}

#[test]
fn two_eras_trained_in_the_window_are_rotated_one_onto_the_other() {
    use embedding_explorer::app::lab::LabView;
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Train");
    train_on_eras_of_the_addresses(&mut harness);
    let mut eras = Vec::new();
    for years in [(1790, 1900), (1945, 2021)] {
        {
            let settings = harness.state_mut().training_settings_mut();
            assert_eq!(settings.corpus, CorpusChoice::StateOfTheUnion);
            settings.years = Some(years);
            settings.pace = Pace::Full;
            settings.config.epochs = 1;
            settings.config.dim = 30;
            settings.config.min_count = 20;
        }
        harness.state_mut().settings_mut().tab = Tab::Train;
        harness.run_steps(2);
        click_and_settle(&mut harness, "Start training");
        let run = harness.state().training().run.as_ref().expect("a run");
        let Some(RunEnd::Trained(trained)) = &run.end else {
            panic!("the era {years:?} trained");
        };
        eras.push(trained.words.len());
        if eras.len() == 1 {
            // The first era becomes the words on screen.
            click_and_settle(&mut harness, "Use these vectors");
            assert_eq!(harness.state().dataset().unwrap().vectors.len(), eras[0]);
        }
    }
    assert_ne!(eras[0], eras[1], "two eras, two vocabularies");
    click_and_settle(&mut harness, "Linear algebra");
    harness.get_by_label("Two spaces, one rotation").click();
    harness.run_steps(2);
    click_and_settle(&mut harness, "Use the last training run");
    let lab = harness.state().lab();
    assert_eq!(lab.view, LabView::TwoSpaces);
    let result = lab.two_spaces.result.as_ref().unwrap().as_ref().unwrap();
    assert!(result.shared > 1_000, "{}", result.shared);
    assert!(result.mean_cosine.1 > result.mean_cosine.0 + 0.3);
    assert_eq!(result.min_count, Some(20), "the run's counts are known");
    assert!(
        result
            .moved
            .iter()
            .all(|(_, count)| count.is_some_and(|c| c >= 20))
    );
}
