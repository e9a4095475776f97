//! Renders the README's screenshots from the real app with kittest's wgpu renderer (Mesa's
//! software Vulkan works). Ignored in normal runs; `scripts/screenshots.sh` runs it.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
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

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_the_in_window_file_dialog() {
    let mut harness = window().wgpu().build_eframe(|cc| {
        ExplorerApp::new(
            cc,
            StartOptions {
                native_dialogs: false,
                ..start(Vec::new())
            },
        )
    });
    settle(&mut harness);
    // The folder a student might export into: a few earlier exports and the sample photos.
    let folder = tempfile::Builder::new()
        .prefix("student-")
        .tempdir()
        .unwrap();
    let class = folder.path().join("linear-algebra");
    std::fs::create_dir_all(class.join("photos")).unwrap();
    std::fs::create_dir_all(class.join("week 3")).unwrap();
    for name in ["king-queen.csv", "countries.csv", "notes.txt", "map.png"] {
        std::fs::write(class.join(name), b"x").unwrap();
    }
    harness
        .state_mut()
        .settings
        .last_folders
        .insert("map csv".into(), class);
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Export map as CSV…").click();
    harness.run_steps(5);
    save(&mut harness, "file-dialog.png");
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_presentation_mode() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Presentation mode").click();
    // Close the menu with a click on the window's title bar area.
    harness.key_press(egui::Key::Escape);
    harness.run_steps(5);
    save(&mut harness, "presentation.png");
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_the_teaching_views() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("Semantic axes").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "semantic-axes.png");

    harness.get_by_label("Vectors as numbers").click();
    harness.run_steps(2);
    settle(&mut harness);
    harness
        .get_by_label("Sort dimensions by the X axis (he - she + man - woman + king - queen)")
        .click();
    harness.run_steps(3);
    save(&mut harness, "vectors-as-numbers.png");
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_the_example_lessons() {
    let folder = source_tree().join("assets/lessons");
    let mut lessons: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    lessons.sort();
    for (number, lesson) in lessons.into_iter().enumerate() {
        let mut harness = window().wgpu().build_eframe(move |cc| {
            ExplorerApp::new(
                cc,
                StartOptions {
                    lesson: Some(lesson),
                    ..start(Vec::new())
                },
            )
        });
        settle(&mut harness);
        save(&mut harness, &format!("lesson-{}.png", number + 1));
    }
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_the_train_tab_mid_training() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("Train").click();
    harness.state_mut().training.settings.config.epochs = 20;
    harness.run_steps(2);
    harness.get_by_label("Start training").click();
    // Until the run is halfway, then pause it there for the picture.
    let halfway = |app: &ExplorerApp| {
        app.training
            .run
            .as_ref()
            .and_then(|run| run.latest.as_ref())
            .is_some_and(|s| s.status.fraction() >= 0.5)
    };
    while !halfway(harness.state()) {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.get_by_label("Pause").click();
    harness.run_steps(4);
    save(&mut harness, "train-tab.png");
    harness.get_by_label("Stop").click();
    harness.run_steps(2);
    settle(&mut harness);
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_the_t_sne_and_umap_words_maps() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "words-tsne.png");

    harness.get_by_label("clusters").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "words-tsne-clusters.png");

    harness.get_by_label("UMAP").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "words-umap-clusters.png");

    // The example word lists on the t-SNE map: numbers, countries, animals, colours, months.
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    harness.get_by_label("word lists").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "words-tsne-lists.png");
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_photos_among_the_words() {
    let gallery = StartOptions::default().photos;
    let mut harness = window()
        .wgpu()
        .build_eframe(move |cc| ExplorerApp::new(cc, start(gallery)));
    settle(&mut harness);
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    settle(&mut harness);
    // Zoomed onto the animals: the cat photos by "cat", the dogs, horses and giraffe nearby.
    let app = harness.state_mut();
    let dataset = app.words.dataset.as_ref().unwrap();
    let map = app.map.map.as_ref().unwrap();
    let cat = map
        .coords_of(dataset.vectors.index_of("cat").unwrap())
        .unwrap();
    let path = dataset.report.path.clone();
    app.map.restore(
        path,
        None,
        Some([
            [cat[0] - 30.0, cat[1] - 18.0],
            [cat[0] + 30.0, cat[1] + 18.0],
        ]),
    );
    harness.run_steps(4);
    save(&mut harness, "words-photos.png");

    harness.state_mut().settings.tab = Tab::Images;
    harness.run_steps(2);
    harness.get_by_label("Find photos by word").click();
    harness.run_steps(2);
    harness
        .get_by_label("Find photos by word")
        .type_text("dog + bicycle");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(5);
    save(&mut harness, "images-search.png");
}

#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn render_the_images_map_by_t_sne() {
    let gallery = StartOptions::default().photos;
    let mut harness = window()
        .wgpu()
        .build_eframe(move |cc| ExplorerApp::new(cc, start(gallery)));
    harness.state_mut().settings.tab = Tab::Images;
    settle(&mut harness);
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "images-tsne.png");
}
