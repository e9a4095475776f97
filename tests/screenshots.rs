//! Renders the README's screenshots from the real app with kittest's wgpu renderer (Mesa's
//! software Vulkan works). Ignored in normal runs; `scripts/screenshots.sh` runs it.

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use embedding_explorer::app::state::Tab;
use embedding_explorer::app::{ExplorerApp, StartOptions};

fn settle(harness: &mut Harness<'_, ExplorerApp>) {
    let deadline = Instant::now() + Duration::from_secs(900);
    while !harness.state().is_idle() {
        assert!(Instant::now() < deadline, "background work did not finish");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(5);
}

fn save(harness: &mut Harness<'_, ExplorerApp>, name: &str) {
    let image = harness.render().expect("a wgpu adapter renders the window");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("screenshots")
        .join(name);
    image.save(&path).expect("the screenshot is written");
    eprintln!("wrote {}", path.display());
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_readme_screenshots() {
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .wgpu()
        .build_eframe(|cc| {
            ExplorerApp::new(
                cc,
                StartOptions {
                    restore_settings: false,
                    share_gpu: false,
                    ..Default::default()
                },
            )
        });
    settle(&mut harness);
    save(&mut harness, "words-map.png");

    harness.set_size(egui::vec2(1400.0, 1250.0));
    harness.run_steps(3);
    save(&mut harness, "words-panels.png");

    harness.set_size(egui::vec2(1400.0, 900.0));
    let state = harness.state_mut().state_mut();
    state.settings.tab = Tab::Images;
    let position = |name: &str| state.images.items.iter().position(|i| i.name == name);
    state.images.pair = [position("cat-chelsea.jpg"), position("cat-mackerel.jpg")];
    harness.run_steps(5);
    save(&mut harness, "images.png");
}
