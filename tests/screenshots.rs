//! Renders the README's screenshots from the real app with kittest's wgpu renderer (Mesa's
//! software Vulkan works). Ignored in normal runs; `scripts/screenshots.sh` runs it.

mod support;

use egui_kittest::Harness;
use embedding_explorer::app::settings::Tab;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use embedding_explorer::assets::source_tree;
use support::{settle, start, window};

fn save(harness: &mut Harness<'_, ExplorerApp>, name: &str) {
    let image = harness.render().expect("a wgpu adapter renders the window");
    let path = source_tree().join("screenshots").join(name);
    image.save(&path).expect("the screenshot is written");
    eprintln!("wrote {}", path.display());
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_readme_screenshots() {
    let gallery = StartOptions::default().photos;
    let mut harness = window()
        .wgpu()
        .build_eframe(move |cc| ExplorerApp::new(cc, start(gallery)));
    settle(&mut harness);
    save(&mut harness, "words-map.png");

    harness.set_size(egui::vec2(1400.0, 1250.0));
    harness.run_steps(3);
    save(&mut harness, "words-panels.png");

    harness.set_size(egui::vec2(1400.0, 900.0));
    let app = harness.state_mut();
    app.settings.tab = Tab::Images;
    let images = &mut app.images;
    let id = |name: &str| images.photos.iter().find(|p| p.name == name).map(|p| p.id);
    images.panel.pair = [id("cat-chelsea.jpg"), id("cat-mackerel.jpg")];
    harness.run_steps(5);
    save(&mut harness, "images.png");
}
