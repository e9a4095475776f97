//! The window answers at once while background work fills rayon's pool: the searches the UI
//! thread does itself run on a pool of their own (found by tests/ui_random.rs, where a typed
//! photo search waited 11.7 s behind a job).

mod support;

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::settings::Tab;
use support::{explorer, settle};

#[test]
fn a_photo_search_for_an_unknown_word_answers_while_the_jobs_pool_is_busy() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().settings_mut().tab = Tab::Images;
    harness.run_steps(2);
    // Every worker of the global pool busy for 3 s, as a long layout or photo batch keeps it.
    let busy = std::thread::spawn(|| {
        use rayon::prelude::*;
        (0..rayon::current_num_threads())
            .into_par_iter()
            .for_each(|_| std::thread::sleep(Duration::from_secs(3)));
    });
    std::thread::sleep(Duration::from_millis(200));
    harness.get_by_label("Find photos by word").click();
    harness.step();
    // Unknown: its spelling suggestions scan the whole vocabulary in parallel.
    harness
        .get_by_label("Find photos by word")
        .type_text("whalez");
    harness.key_press(egui::Key::Enter);
    let start = Instant::now();
    harness.step();
    let took = start.elapsed();
    busy.join().unwrap();
    assert!(
        took < Duration::from_secs(1),
        "the search waited {took:?} behind the busy pool"
    );
    harness.run_steps(1);
    assert!(
        harness
            .query_by_label_contains("unknown word \"whalez\"")
            .is_some(),
        "the answer is shown"
    );
}
