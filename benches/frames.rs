//! How long the explorer's UI pass takes (egui_kittest, layout and plot shapes): with 5k and 50k
//! words on the map (5k also rendered by wgpu, and coloured by word lists), while 20 photos embed, while word2vec trains on the Train tab, and while a
//! large vectors file loads; then, given that file, the map of all its words, UI pass alone,
//! with the window rendered by wgpu, and coloured by word lists. Slow work must stay off the UI thread, so these frames must
//! stay short.
//!
//! The 3-D view is timed with 50,000 words and with all of the large file's, the pointer on the
//! view and the view turning by itself; `--only-3d` runs just those rows.
//!
//!     cargo bench --bench frames -- [--only-3d] [GLOVE_TEXT_FILE]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedding_explorer::app::ExplorerApp;
use embedding_explorer::app::floor::dataset::group_thousands;
use embedding_explorer::app::map::MapColour;
use embedding_explorer::app::settings::Tab;
use embedding_explorer::app::training::CorpusChoice;
use embedding_explorer::app::words::WordsView;
use embedding_explorer::assets::source_tree;
use embedding_explorer::training::live::Pace;
use support::{drop_files, settle, start, window};

/// Frame times in milliseconds, until `done` or `frames` frames.
fn frames(
    harness: &mut Harness<'_, ExplorerApp>,
    frames: usize,
    done: impl Fn(&ExplorerApp) -> bool,
) -> Vec<f64> {
    let mut times = Vec::new();
    while times.len() < frames && !done(harness.state()) {
        let started = Instant::now();
        harness.step();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(5));
    }
    times
}

/// Times of `frames` frames each UI pass and rendered by wgpu, read back included.
fn rendered_frames(harness: &mut Harness<'_, ExplorerApp>, frames: usize) -> Vec<f64> {
    (0..frames)
        .map(|_| {
            let started = Instant::now();
            harness.step();
            harness.render().expect("a wgpu adapter renders the window");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn report(what: &str, times: &[f64]) {
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    let max = times.iter().copied().fold(0.0, f64::max);
    let over = times.iter().filter(|&&t| t > 50.0).count();
    println!(
        "| {what} | {} | {mean:.1} | {max:.1} | {over} |",
        times.len()
    );
}

fn main() {
    let glove = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from);
    let only_3d = std::env::args().any(|a| a == "--only-3d");
    // Rendered by wgpu (lavapipe without a GPU), so the map draws its points as it does in the
    // window: with the GPU, not with egui shapes.
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    // The pointer rests on the map, so every frame also finds the hovered word.
    harness
        .input_mut()
        .events
        .push(egui::Event::PointerMoved(egui::pos2(900.0, 450.0)));

    println!("| situation | frames | mean ms | max ms | frames over 50 ms |");
    println!("|---|---|---|---|---|");
    if only_3d {
        space_rows(&mut harness, glove);
        return;
    }
    report(
        "map with 5,000 words, pointer on the map",
        &frames(&mut harness, 60, |_| false),
    );
    report(
        "map with 5,000 words, pointer on the map, UI pass + wgpu rendering",
        &rendered_frames(&mut harness, 60),
    );
    harness.state_mut().settings_mut().map.colour = MapColour::WordLists;
    harness.state_mut().set_map_words(5_000);
    settle(&mut harness);
    report(
        "map with 5,000 words coloured by the example word lists, pointer on the map",
        &frames(&mut harness, 60, |_| false),
    );
    harness.state_mut().settings_mut().map.colour = MapColour::One;
    harness.state_mut().set_map_words(50_000);
    settle(&mut harness);
    report(
        "map with 50,000 words, pointer on the map",
        &frames(&mut harness, 60, |_| false),
    );
    harness.state_mut().set_map_words(5_000);
    settle(&mut harness);

    let photos =
        embedding_explorer::images::collect_image_paths(&[source_tree().join("assets/photos")])
            .paths;
    let twenty: Vec<PathBuf> = photos.iter().cycle().take(20).cloned().collect();
    drop_files(&mut harness, &twenty);
    report(
        "while 20 photos are read and embedded (CPU)",
        &frames(&mut harness, usize::MAX, ExplorerApp::is_idle),
    );

    harness.state_mut().settings_mut().tab = Tab::Train;
    let run_ended = |app: &ExplorerApp| {
        app.training()
            .run
            .as_ref()
            .is_some_and(|run| run.end.is_some())
    };
    // At a class's pace (the default) on Moby-Dick: about 45 s, the timeline growing.
    harness.run_steps(2);
    harness.get_by_label("Start training").click();
    report(
        "Train tab while word2vec trains on Moby-Dick at a class's pace (about 45 s)",
        &frames(&mut harness, usize::MAX, run_ended),
    );
    let settings = harness.state_mut().training_settings_mut();
    settings.corpus = CorpusChoice::StateOfTheUnion;
    settings.pace = Pace::Full;
    harness.run_steps(2);
    harness.get_by_label("Start training").click();
    // The click starts the new run at the next frame; until then the last one has ended.
    harness.run_steps(2);
    report(
        "Train tab while word2vec trains on the State of the Union at full speed (1.8M words, 5 epochs)",
        &frames(&mut harness, usize::MAX, run_ended),
    );
    harness.state_mut().settings_mut().tab = Tab::Words;
    harness.run_steps(2);

    space_rows(&mut harness, glove.clone());
    harness.state_mut().settings_mut().words_view = WordsView::Map;
    harness.run_steps(2);

    if let Some(glove) = glove {
        drop_files(&mut harness, &[glove]);
        report(
            "while the 341k-word GloVe file loads and is mapped",
            &frames(&mut harness, usize::MAX, ExplorerApp::is_idle),
        );
        let all = harness.state().dataset().map_or(0, |d| d.vectors.len());
        harness.state_mut().set_map_words(all);
        settle(&mut harness);
        let shown = harness.state().word_map().map_or(0, |map| map.coords.len());
        report(
            &format!(
                "map with all {} words, pointer on the map",
                group_thousands(shown)
            ),
            &frames(&mut harness, 60, |_| false),
        );
        report(
            &format!(
                "map with all {} words, pointer on the map, UI pass + wgpu rendering",
                group_thousands(shown)
            ),
            &rendered_frames(&mut harness, 60),
        );
        harness.state_mut().settings_mut().map.colour = MapColour::WordLists;
        harness.state_mut().set_map_words(all);
        settle(&mut harness);
        report(
            &format!(
                "map with all {} words coloured by the example word lists, pointer on the map",
                group_thousands(shown)
            ),
            &frames(&mut harness, 60, |_| false),
        );
    }
}

/// The 3-D view turning by itself with the pointer on it: 50,000 words, then all the words of
/// `glove` when given.
fn space_rows(harness: &mut Harness<'_, ExplorerApp>, glove: Option<PathBuf>) {
    let in_space = |harness: &mut Harness<'_, ExplorerApp>, words: usize| {
        let app = harness.state_mut();
        app.settings_mut().words_view = WordsView::Space;
        app.settings_mut().space.turning = true;
        app.set_map_words(words);
        settle(harness);
        let shown = harness
            .state()
            .space_map()
            .map_or(0, |map| map.coords.len());
        report(
            &format!(
                "3-D map, {} words, pointer on the view, the view turning",
                group_thousands(shown)
            ),
            &frames(harness, 60, |_| false),
        );
    };
    in_space(harness, 50_000);
    if let Some(glove) = glove {
        drop_files(harness, &[glove]);
        settle(harness);
        let all = harness.state().dataset().map_or(0, |d| d.vectors.len());
        in_space(harness, all);
        drop_files(
            harness,
            &[source_tree().join("assets/glove-6B-100d-50k.f16.bin")],
        );
        settle(harness);
    }
    let app = harness.state_mut();
    app.settings_mut().space.turning = false;
    app.set_map_words(5_000);
    settle(harness);
}
