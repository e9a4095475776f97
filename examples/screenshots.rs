//! The screenshot generator: renders the README's screenshots from the real app with kittest's
//! wgpu renderer (Mesa's software Vulkan works) into `screenshots/`. `scripts/screenshots.sh`
//! runs it (`cargo run --release --example screenshots`), then adds the real window's first
//! start under Xvfb.

#[path = "../tests/support/mod.rs"]
mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedding_explorer::app::settings::Tab;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use embedding_explorer::assets::source_tree;
use support::{settle, start, train_on_eras_of_the_addresses, window};

fn save(harness: &mut Harness<'_, ExplorerApp>, name: &str) {
    let image = harness.render().expect("a wgpu adapter renders the window");
    let path = source_tree().join("screenshots").join(name);
    image.save(&path).expect("the screenshot is written");
    eprintln!("wrote {}", path.display());
}

/// Types `word` into the map's Find and waits until the map has zoomed to it and selected it.
fn find_on_the_map(harness: &mut Harness<'_, ExplorerApp>, word: &str) {
    let find = (egui::accesskit::Role::TextInput, "Find");
    harness.get_by_role_and_label(find.0, find.1).click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(find.0, find.1)
        .type_text(word);
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(harness);
}

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
    app.settings_mut().tab = Tab::Images;
    let images = app.images_mut();
    let id = |name: &str| images.photos.iter().find(|p| p.name == name).map(|p| p.id);
    images.panel.pair = [id("cat-chelsea.jpg"), id("cat-mackerel.jpg")];
    harness.run_steps(5);
    save(&mut harness, "images.png");
}

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
        .settings_mut()
        .last_folders
        .insert("map csv".into(), class);
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Export map as CSV…").click();
    harness.run_steps(5);
    save(&mut harness, "file-dialog.png");
}

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
    // A word found: its neighbours joined to it in the selection's blue, which must read on the
    // projector's near-white.
    find_on_the_map(&mut harness, "france");
    save(&mut harness, "presentation-selection.png");
}

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

fn render_the_train_tab_mid_training() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("Train").click();
    harness.run_steps(2);
    // The map shows the example lists (crew, the whale's body, the sea, numbers).
    harness.get_by_label("Example lists").click();
    harness.run_steps(2);
    // At a class's pace (the default): about 45 s a run.
    harness.get_by_label("Start training").click();
    // Until the run is halfway, then pause it there for the picture.
    let halfway = |app: &ExplorerApp| {
        app.training()
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
    // Back along the timeline to about a quarter of the run.
    harness.get_by_label("Timeline").click();
    harness.run_steps(4);
    save(&mut harness, "train-timeline.png");
    // Live again, and the teacher's update drawn, played to its end.
    harness.get_by_label("Live").click();
    harness.run_steps(2);
    harness.get_by_label("Play the step").scroll_to_me();
    harness.run_steps(2);
    harness.get_by_label("Play the step").click();
    harness.run_steps(180);
    save(&mut harness, "train-one-update.png");
    // The run stays paused until the program ends; the next pictures have windows of their own.
}

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

    // Where the t-SNE map misleads: each word by the neighbours it keeps, France's true
    // neighbours drawn from it.
    harness.get_by_label("neighbours kept").click();
    harness.run_steps(2);
    settle(&mut harness);
    find_on_the_map(&mut harness, "france");
    save(&mut harness, "words-tsne-kept.png");
}

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
    let cat = app.dataset().unwrap().vectors.index_of("cat").unwrap();
    let cat = app.word_map().unwrap().coords_of(cat).unwrap();
    app.zoom_words_map([
        [cat[0] - 30.0, cat[1] - 18.0],
        [cat[0] + 30.0, cat[1] + 18.0],
    ]);
    harness.run_steps(4);
    save(&mut harness, "words-photos.png");

    // ConSE made visible: the horses photo's ten classes as spokes, as wide as their weights
    // (the network is unsure of it, so they spread).
    harness.state_mut().images_mut().focus_photo("horses.jpg");
    harness.get_by_label("PCA").click();
    harness.run_steps(2);
    settle(&mut harness);
    let app = harness.state_mut();
    let coords = &app.word_map().unwrap().coords;
    let (mut low, mut high) = ([f64::MAX; 2], [f64::MIN; 2]);
    for point in coords {
        for axis in 0..2 {
            low[axis] = low[axis].min(point[axis]);
            high[axis] = high[axis].max(point[axis]);
        }
    }
    app.zoom_words_map([low, high]);
    harness.run_steps(4);
    save(&mut harness, "words-photo-classes.png");

    harness.state_mut().settings_mut().tab = Tab::Images;
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

fn render_the_images_map_by_t_sne() {
    let gallery = StartOptions::default().photos;
    let mut harness = window()
        .wgpu()
        .build_eframe(move |cc| ExplorerApp::new(cc, start(gallery)));
    harness.state_mut().settings_mut().tab = Tab::Images;
    settle(&mut harness);
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    settle(&mut harness);
    save(&mut harness, "images-tsne.png");
}

fn render_the_linear_algebra_lab() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.state_mut().settings_mut().tab = Tab::Lab;
    harness.run_steps(2);
    for (view, file) in [
        ("Projection and rejection", "lab-projection.png"),
        ("Span and independence", "lab-span.png"),
        ("The spectrum", "lab-spectrum.png"),
        ("Removing a direction", "lab-debias.png"),
    ] {
        harness.get_by_label(view).click();
        harness.run_steps(2);
        settle(&mut harness);
        save(&mut harness, file);
    }
}

/// The lab's "Two spaces" view with the Train tab's last run rotated onto the words on screen.
fn rotate_the_last_run(harness: &mut Harness<'_, ExplorerApp>) {
    harness.state_mut().settings_mut().tab = Tab::Lab;
    harness.run_steps(2);
    harness.get_by_label("Two spaces, one rotation").click();
    harness.run_steps(2);
    harness.get_by_label("Use the last training run").click();
    harness.run_steps(2);
    settle(harness);
}

/// A Moby-Dick run rotated onto GloVe: how far one text's word2vec is a rotation of another's.
fn render_two_spaces() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("Train").click();
    harness.run_steps(2);
    harness.get_by_label("Full speed").click();
    harness.run_steps(1);
    harness.get_by_label("Start training").click();
    harness.run_steps(2);
    settle(&mut harness);
    rotate_the_last_run(&mut harness);
    save(&mut harness, "lab-two-spaces.png");
}

/// Two eras of the State of the Union trained, the later rotated onto the earlier: the words
/// whose company changed.
fn render_two_eras() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("Train").click();
    harness.run_steps(2);
    train_on_eras_of_the_addresses(&mut harness);
    for (era, years) in [(0, (1790, 1900)), (1, (1945, 2021))] {
        harness.state_mut().settings_mut().tab = Tab::Train;
        harness.state_mut().training_settings_mut().years = Some(years);
        harness.run_steps(2);
        harness.get_by_label("Start training").click();
        harness.run_steps(2);
        settle(&mut harness);
        if era == 0 {
            save(&mut harness, "train-eras.png");
            harness.get_by_label("Use these vectors").click();
            harness.run_steps(2);
            settle(&mut harness);
        }
    }
    rotate_the_last_run(&mut harness);
    save(&mut harness, "lab-two-eras.png");
}

/// The 3-D view: the PCA cloud turning, t-SNE's neighbours kept, arrows from the origin.
fn render_the_3d_view() {
    use embedding_explorer::app::space::Construction;
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.get_by_label("3-D").click();
    harness.run_steps(2);
    settle(&mut harness);
    // The PCA cloud turning: four frames a quarter of a slow turn apart (made into a GIF by
    // scripts/screenshots.sh).
    for frame in 0..4 {
        harness.state_mut().settings_mut().space.camera.yaw = 0.6 + 0.4 * frame as f32;
        harness.run_steps(2);
        save(&mut harness, &format!("space-turning-{frame}.png"));
    }
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Colour: neighbours kept").click();
    harness.run_steps(3);
    save(&mut harness, "space-tsne-kept.png");

    harness.get_by_label("Vectors from the origin").click();
    harness.run_steps(3);
    harness.state_mut().settings_mut().space.camera.yaw = 0.9;
    harness.run_steps(2);
    save(&mut harness, "space-parallelogram.png");
    harness.state_mut().settings_mut().space.construction = Construction::Plane;
    harness.state_mut().settings_mut().space.camera.yaw = 0.3;
    harness.run_steps(3);
    save(&mut harness, "space-plane.png");
}

/// Renders every screenshot, or, given words, those whose renderer's name holds one of them.
fn main() {
    let renderers: [(&str, fn()); 13] = [
        ("readme", render_readme_screenshots),
        ("file dialog", render_the_in_window_file_dialog),
        ("presentation", render_presentation_mode),
        ("teaching views", render_the_teaching_views),
        ("lessons", render_the_example_lessons),
        ("train", render_the_train_tab_mid_training),
        ("t-sne umap", render_the_t_sne_and_umap_words_maps),
        ("photos among the words", render_photos_among_the_words),
        ("images map", render_the_images_map_by_t_sne),
        ("linear algebra lab", render_the_linear_algebra_lab),
        ("two spaces", render_two_spaces),
        ("two eras", render_two_eras),
        ("3-d view", render_the_3d_view),
    ];
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    for (name, render) in renderers {
        if wanted.is_empty() || wanted.iter().any(|w| name.contains(w.as_str())) {
            render();
        }
    }
}
