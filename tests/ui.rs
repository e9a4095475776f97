//! The explorer window driven like a student would, through egui_kittest, on the bundled data.

mod support;

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::dataset::group_thousands;
use embedding_explorer::app::messages::Message;
use embedding_explorer::app::settings::Tab;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use support::{
    click_and_settle, drop_files, explorer, explorer_without_portal, photo, remember_folder,
    replace_text, settle, start, window,
};

#[test]
fn typing_the_classic_analogy_answers_queen() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let analogy = &mut harness.state_mut().words.panels.analogy;
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
        .words
        .panels
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
    harness.state_mut().words.panels.similarity.result = None;
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
    let map = app.map.map.as_ref().expect("the map is drawn");
    let vectors = &app.words.dataset.as_ref().unwrap().vectors;
    let queried_outside_top: std::collections::HashSet<usize> = app
        .words
        .layers()
        .iter()
        .flat_map(|layer| layer.words())
        .filter(|&i| i >= 5_000)
        .collect();
    assert!(
        !queried_outside_top.is_empty(),
        "some marked words (the analogy's answers) lie outside the top 5,000"
    );
    assert_eq!(map.indices.len(), 5_000 + queried_outside_top.len());
    assert_eq!(map.coords.len(), map.indices.len());
    for word in ["king", "queen", "man", "woman"] {
        assert!(
            map.indices.contains(&vectors.index_of(word).unwrap()),
            "{word} is on the map"
        );
    }
    let label = format!("{} points", group_thousands(map.indices.len()));
    assert!(harness.query_by_label(&label).is_some(), "{label}");
}

#[test]
fn dropped_photos_are_embedded_and_compared_and_garbage_is_reported() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    drop_files(
        &mut harness,
        &[
            photo("cat-chelsea.jpg"),
            photo("cat-mackerel.jpg"),
            photo("car-1.jpg"),
        ],
    );
    settle(&mut harness);

    let app = harness.state();
    assert_eq!(app.settings.tab, Tab::Images);
    assert_eq!(app.images.photos.len(), 3);
    assert!(
        app.images
            .photos
            .iter()
            .all(|p| p.thumbnail.is_some() && p.embedded.is_some())
    );
    let analysis = app
        .images
        .analysis
        .as_ref()
        .expect("the photos are compared");
    let (embedded, matrix) = (&analysis.photos, &analysis.similarity);
    assert_eq!(embedded.len(), 3);
    assert_eq!(matrix.len(), 3);
    assert!(
        matrix[0][1] > matrix[0][2] + 0.2,
        "cat/cat {} vs cat/car {}",
        matrix[0][1],
        matrix[0][2]
    );
    assert!(harness.query_by_label("Similarity matrix (3×3)").is_some());

    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.jpg");
    std::fs::write(&garbage, b"definitely not a JPEG").unwrap();
    drop_files(&mut harness, &[garbage]);
    settle(&mut harness);
    assert!(
        harness
            .query_all_by_label_contains("garbage.jpg: not a readable image")
            .count()
            >= 1,
        "the error names the file"
    );
    let app = harness.state();
    assert_eq!(app.images.photos.len(), 4);
    assert_eq!(app.images.embedded().count(), 3, "the good photos stay");

    // The app goes on: another photo still embeds.
    drop_files(&mut harness, &[photo("car-2.jpg")]);
    settle(&mut harness);
    assert_eq!(harness.state().images.embedded().count(), 4);
    assert!(harness.query_by_label("Similarity matrix (4×4)").is_some());
}

#[test]
fn a_dropped_vectors_file_becomes_the_dataset() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.txt");
    let mut text = String::new();
    let vectors = harness
        .state()
        .words
        .dataset
        .as_ref()
        .unwrap()
        .vectors
        .clone();
    for i in 0..2_000 {
        let values: Vec<String> = vectors
            .raw_vector(i)
            .iter()
            .map(|v| v.to_string())
            .collect();
        text.push_str(&format!("{} {}\n", vectors.word(i), values.join(" ")));
    }
    std::fs::write(&path, text).unwrap();

    drop_files(&mut harness, &[path]);
    settle(&mut harness);
    let app = harness.state();
    let dataset = app.words.dataset.as_ref().unwrap();
    assert_eq!(dataset.vectors.len(), 2_000);
    assert_eq!(dataset.summary(), "tiny.txt · 2,000 words × 100 dims");
    assert!(
        harness
            .query_by_label("tiny.txt · 2,000 words × 100 dims")
            .is_some(),
        "the status bar shows it"
    );
    let map = app
        .map
        .current(dataset.id)
        .expect("a map of the new vectors");
    assert!(map.indices.len() <= 2_000 && map.indices.len() >= 500);
    let result = app
        .words
        .panels
        .analogy
        .result
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(
        result.analogy.answers[0].word, "queen",
        "the analogy is solved again on the new vectors"
    );
}

/// Whether an error naming `text` is waiting in the status bar.
fn error_pending(app: &ExplorerApp, text: &str) -> bool {
    app.messages
        .pending_errors()
        .any(|e| e.to_string().contains(text))
}

/// The explorer started on a vectors file other than the bundled one.
fn explorer_on(vectors: PathBuf) -> egui_kittest::Harness<'static, ExplorerApp> {
    window().build_eframe(move |cc| {
        ExplorerApp::new(
            cc,
            StartOptions {
                vectors: Some(vectors),
                ..start(Vec::new())
            },
        )
    })
}

#[test]
fn a_missing_vectors_file_falls_back_to_the_bundled_set() {
    let mut harness = explorer_on(PathBuf::from("/nonexistent/vectors.txt"));
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(
        app.words
            .dataset
            .as_ref()
            .expect("the bundled set loaded")
            .vectors
            .len(),
        50_000
    );
    assert!(
        app.messages.log().iter().any(
            |m| matches!(m, Message::Error(e) if e.to_string().contains("/nonexistent/vectors.txt"))
        ),
        "the missing file is reported"
    );
}

#[test]
fn a_file_that_is_not_vectors_stays_reported_until_dismissed_and_falls_back() {
    let mut harness = explorer_on(PathBuf::from("/dev/urandom"));
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.words.dataset.as_ref().unwrap().vectors.len(), 50_000);
    assert!(
        error_pending(app, "/dev/urandom"),
        "still shown after the later notices (loaded, device)"
    );
    assert!(harness.query_by_label_contains("/dev/urandom").is_some());
    harness.get_by_label("Dismiss").click();
    harness.run_steps(2);
    assert!(!error_pending(harness.state(), "/dev/urandom"));
    assert!(harness.query_by_label_contains("/dev/urandom").is_none());
}

#[test]
fn a_header_that_lies_about_the_size_is_an_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let lying = dir.path().join("lying.txt");
    std::fs::write(&lying, "10000000 10000000\na 1 2 3\n").unwrap();
    let mut harness = explorer_on(lying);
    settle(&mut harness);
    let app = harness.state();
    assert!(error_pending(app, "lying.txt"), "the lie is reported");
    assert_eq!(
        app.words.dataset.as_ref().unwrap().vectors.len(),
        50_000,
        "and the bundled words are shown instead"
    );
}

#[test]
fn typing_accented_words_asks_about_them_without_crashing() {
    // The default fonts have no CJK glyphs; the window draws boxes for them, as this does.
    let mut harness = window()
        .allow_missing_glyphs()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.state_mut().words.panels.analogy.expression.clear();
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
    let result = harness.state().words.panels.analogy.result.as_ref();
    assert!(
        matches!(result, Some(Ok(_)) | Some(Err(_))),
        "the expression was parsed and answered"
    );
    assert_eq!(
        harness.state().words.panels.analogy.expression,
        "été - 日本 + café"
    );
}

/// File → Export map as CSV…
fn export_map_csv(harness: &mut egui_kittest::Harness<'_, ExplorerApp>) {
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Export map as CSV…").click();
    // A new modal's first frame only measures it.
    harness.run_steps(4);
}

/// A folder nothing can be written into, whoever runs the tests (root writes through
/// permission bits, not into sysfs).
fn unwritable_folder(scratch: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let locked = scratch.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::File::create(locked.join("probe")).is_ok() {
        PathBuf::from("/sys")
    } else {
        locked
    }
}

#[test]
fn without_the_desktop_portal_the_map_is_exported_through_the_in_window_dialog() {
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    remember_folder(&mut harness, "map csv", dir.path().to_owned());

    export_map_csv(&mut harness);
    assert!(
        harness.query_by_label("Export the map as CSV").is_some(),
        "the dialog opens in the window, in the folder used last"
    );
    replace_text(&mut harness, "File name", "words.csv");
    click_and_settle(&mut harness, "Save");

    assert!(
        harness.query_by_label("Export the map as CSV").is_none(),
        "closed"
    );
    let csv = std::fs::read_to_string(dir.path().join("words.csv")).expect("the CSV is written");
    let app = harness.state();
    let map = app.map.map.as_ref().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), map.indices.len() + 1);
    assert_eq!(lines[0], "word,x,y");
    assert!(lines[1].starts_with("the,"), "{}", lines[1]);
    assert!(
        app.messages
            .latest_info()
            .is_some_and(|m| m.contains("words.csv")),
        "the status bar says where it went"
    );
    assert_eq!(
        app.settings.last_folders.get("map csv"),
        Some(&dir.path().to_owned()),
        "the folder is remembered for the next export"
    );

    // Into a folder that cannot be written: an error in the status bar; the map stays.
    let locked = unwritable_folder(dir.path());
    remember_folder(&mut harness, "map csv", locked.clone());
    export_map_csv(&mut harness);
    click_and_settle(&mut harness, "Save");
    let app = harness.state();
    assert!(
        app.messages
            .pending_errors()
            .any(|e| e.to_string().contains(&format!(
                "cannot write {}",
                locked.join("map.csv").display()
            ))),
        "the failure is reported"
    );
    assert!(app.map.map.is_some(), "what was on screen stays");
    assert!(harness.query_by_label_contains("cannot write").is_some());

    // Esc closes the dialog without doing anything.
    export_map_csv(&mut harness);
    assert!(harness.query_by_label("Export the map as CSV").is_some());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label("Export the map as CSV").is_none());
}

#[test]
fn the_in_window_dialog_opens_vectors_and_asks_before_replacing() {
    let mut harness = explorer_without_portal();
    settle(&mut harness);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tiny.txt"),
        "alpha 1 0 0\nbeta 0 1 0\ngamma 0 0 1\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "not vectors").unwrap();
    remember_folder(&mut harness, "vectors", dir.path().to_owned());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run_steps(4);
    assert!(harness.query_by_label("Open word vectors").is_some());
    assert!(
        harness.query_by_label_contains("notes.md").is_none(),
        "filtered out"
    );
    harness.get_by_label_contains("tiny.txt").click();
    harness.run_steps(1);
    click_and_settle(&mut harness, "Open");
    assert_eq!(
        harness
            .state()
            .words
            .dataset
            .as_ref()
            .unwrap()
            .vectors
            .len(),
        3
    );

    // Saving over an existing file asks first.
    std::fs::write(dir.path().join("map.png"), b"old").unwrap();
    remember_folder(&mut harness, "map png", dir.path().to_owned());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(4);
    harness.get_by_label("Save").click();
    harness.run_steps(4);
    assert!(harness.query_by_label("Replace it?").is_some());
    harness.get_by_label("Keep it").click();
    harness.run_steps(4);
    assert!(harness.query_by_label("Replace it?").is_none());
    assert_eq!(std::fs::read(dir.path().join("map.png")).unwrap(), b"old");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label("Export the map as PNG").is_none());
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
        harness.state().settings.presentation,
        "remembered in the settings"
    );
    assert!(!harness.ctx.global_style().visuals.dark_mode, "light");
    assert!(small(&harness) > desk * 1.3, "larger text, map labels too");
    assert!(
        harness.query_by_label("queen").is_some(),
        "the panels still show their answers"
    );
}

#[test]
fn t_sne_and_umap_settle_on_the_map_and_pca_comes_back_at_once() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().set_map_words(500);
    settle(&mut harness);
    click_and_settle(&mut harness, "t-SNE");
    let app = harness.state();
    let map = app.map.map.as_ref().expect("a map");
    assert!(matches!(
        map.method,
        embedding_explorer::app::map::MapMethod::Tsne { perplexity } if perplexity == 30.0
    ));
    assert!(map.indices.len() >= 500);
    assert!(
        map.coords
            .iter()
            .all(|p| p[0].is_finite() && p[1].is_finite())
    );

    harness.get_by_label("PCA").click();
    harness.run_steps(2);
    let app = harness.state();
    assert!(app.is_idle(), "no new fit: the PCA map was kept");
    assert_eq!(
        app.map.map.as_ref().unwrap().method,
        embedding_explorer::app::map::MapMethod::Pca
    );

    // UMAP keeps neighbourhoods too: Monday's nearest word on the map is another day.
    click_and_settle(&mut harness, "UMAP");
    let app = harness.state();
    let map = app.map.map.as_ref().expect("a map");
    assert!(matches!(
        map.method,
        embedding_explorer::app::map::MapMethod::Umap { neighbors: 15, min_dist } if min_dist == 0.1
    ));
    let vectors = &app.words.dataset.as_ref().unwrap().vectors;
    let place = |word: &str| map.coords[map.position(vectors.index_of(word).unwrap()).unwrap()];
    let monday = place("monday");
    let nearest = map
        .indices
        .iter()
        .zip(&map.coords)
        .filter(|&(&i, _)| vectors.word(i) != "monday")
        .min_by(|a, b| {
            let d = |p: &[f64; 2]| (p[0] - monday[0]).powi(2) + (p[1] - monday[1]).powi(2);
            d(a.1).total_cmp(&d(b.1))
        })
        .map(|(&i, _)| vectors.word(i))
        .unwrap();
    assert!(
        [
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday"
        ]
        .contains(&nearest),
        "{nearest}"
    );
}

#[test]
fn the_images_map_lays_photos_out_by_t_sne_and_explains_a_perplexity_too_large() {
    use embedding_explorer::app::map::MapMethod;
    let names = [
        "cat-chelsea.jpg",
        "cat-kitten.jpg",
        "cat-mackerel.jpg",
        "car-1.jpg",
        "car-2.jpg",
        "cars-street.jpg",
    ];
    let mut harness = explorer(names.iter().map(|n| photo(n)).collect());
    // A perplexity remembered from a larger gallery.
    harness.state_mut().settings.images_map_method = MapMethod::Tsne { perplexity: 30.0 };
    harness.state_mut().settings.tab = Tab::Images;
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains(
                "t-SNE cannot lay out these photos: the perplexity (30) must be less than the \
                 number of points (6); try 2. The map shows PCA."
            )
            .is_some(),
        "the reason is shown over the map"
    );
    let view = harness
        .state()
        .images
        .map_view(MapMethod::Tsne { perplexity: 30.0 });
    assert!(view.axis_labels[0].starts_with("PC1 ("), "PCA meanwhile");
    assert!(view.extent.is_some());

    click_and_settle(&mut harness, "PCA");
    click_and_settle(&mut harness, "t-SNE");
    let app = harness.state();
    let method = app.settings.images_map_method;
    assert_eq!(
        method,
        MapMethod::Tsne { perplexity: 5.0 },
        "a photo-sized default"
    );
    let view = app.images.map_view(method);
    assert!(view.note.is_none(), "{:?}", view.note);
    assert!(
        view.axis_labels[0].starts_with("t-SNE, perplexity 5: near photos are similar"),
        "{:?}",
        view.axis_labels
    );
    assert!(
        harness.query_by_label_contains("cannot lay out").is_none(),
        "the message goes with the problem"
    );

    // Back to PCA at once, and to t-SNE again without a new job.
    harness.get_by_label("PCA").click();
    harness.run_steps(2);
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    assert!(harness.state().is_idle(), "the t-SNE layout was kept");
    let app = harness.state();
    let rows = app.images.map_rows(app.settings.images_map_method);
    assert_eq!(rows.len(), 6, "the CSV export has every photo");
    assert!(
        rows.iter()
            .all(|(_, p)| p[0].is_finite() && p[1].is_finite())
    );
}

/// Words an animal photo may sit nearest to.
const ANIMALS: &[&str] = &[
    "cat", "cats", "dog", "dogs", "kitten", "puppy", "pet", "animal", "rabbit", "feline",
];

#[test]
fn photos_sit_among_the_words_and_are_found_by_typing_a_word() {
    let mut harness = explorer(vec![
        photo("cat-chelsea.jpg"),
        photo("car-1.jpg"),
        photo("coffee.jpg"),
    ]);
    settle(&mut harness);
    let app = harness.state();
    let dataset = app.words.dataset.as_ref().expect("words");
    let analysis = app
        .images
        .analysis
        .as_ref()
        .expect("the photos are compared");
    let in_words = analysis
        .in_words
        .as_ref()
        .expect("placed among the words")
        .as_ref()
        .expect("every photo has a place");
    assert_eq!(in_words.dataset, dataset.id);
    let row = |name: &str| {
        let id = app
            .images
            .photos
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .id;
        analysis.row(id).unwrap()
    };
    let cat_words = &in_words.nearest[row("cat-chelsea.jpg")];
    assert!(
        ANIMALS.contains(&cat_words[0].word.as_str()),
        "the cat photo sits nearest {cat_words:?}"
    );

    // On the words map, each photo is nearer its own word than the other photos are.
    let map = app.map.map.as_ref().expect("a words map");
    let vectors = &dataset.vectors;
    let place = |name: &str| {
        let vector = in_words.vectors[row(name)].as_ref().unwrap();
        map.place_vector(vectors, vector).unwrap()
    };
    let word_at = |word: &str| map.coords_of(vectors.index_of(word).unwrap()).unwrap();
    let distance = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    let (cat, car) = (place("cat-chelsea.jpg"), place("car-1.jpg"));
    assert!(distance(cat, word_at("cat")) < distance(car, word_at("cat")));
    assert!(distance(car, word_at("car")) < distance(cat, word_at("car")));
    let Some(embedding_explorer::app::map::Layer::Placed(pictures)) =
        app.images.words_map_layer(dataset.id)
    else {
        panic!("no photos for the words map");
    };
    assert_eq!(pictures.len(), 3);
    assert!(pictures.iter().all(|p| p.note.starts_with("sits near ")));

    // The Words tab offers to hide them.
    harness.state_mut().settings.tab = Tab::Words;
    harness.run_steps(2);
    assert!(harness.query_by_label("Photos").is_some());

    // Typing a word in the Images panel ranks the photos by it.
    harness.state_mut().settings.tab = Tab::Images;
    harness.run_steps(2);
    for (query, best) in [("kitten", "cat-chelsea.jpg"), ("espresso", "coffee.jpg")] {
        replace_text(&mut harness, "Find photos by word", query);
        harness.key_press(egui::Key::Enter);
        harness.run_steps(3);
        let label = format!("match 1: {best}");
        assert!(harness.query_by_label(&label).is_some(), "{query}: {label}");
    }
    // An unknown word is named, with suggestions.
    replace_text(&mut harness, "Find photos by word", "kittten");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("unknown word \"kittten\"")
            .is_some(),
        "the error names the word"
    );
    assert!(
        harness.query_by_label_contains("\"kitten\"").is_some(),
        "and suggests one"
    );
}

#[test]
fn colouring_by_cluster_groups_words_of_a_kind_and_names_each_group() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().set_map_words(2000);
    settle(&mut harness);
    click_and_settle(&mut harness, "clusters");
    let app = harness.state();
    let colouring = app.map.colouring().expect("the words are clustered");
    let map = app.map.map.as_ref().unwrap();
    assert_eq!(colouring.k, 8);
    assert_eq!(colouring.indices, map.indices);
    assert_eq!(colouring.assignment.len(), map.indices.len());
    let vectors = &app.words.dataset.as_ref().unwrap().vectors;
    let cluster = |word: &str| {
        let position = map.position(vectors.index_of(word).unwrap()).unwrap();
        colouring.assignment[position]
    };
    assert_eq!(cluster("france"), cluster("germany"));
    assert_eq!(cluster("monday"), cluster("tuesday"));
    assert_ne!(cluster("france"), cluster("monday"));
    // The legend names every cluster by its most central words.
    for words in &colouring.legend {
        assert_eq!(words.len(), 3);
        assert!(
            harness.query_by_label(&words.join(", ")).is_some(),
            "{words:?}"
        );
    }

    // Back to one colour: nothing to compute, no legend.
    harness.get_by_label("one").click();
    harness.run_steps(2);
    assert!(harness.state().is_idle());
    let first = harness.state().map.colouring().unwrap().legend[0].join(", ");
    assert!(harness.query_by_label(&first).is_none());
}

#[test]
fn colouring_by_word_lists_names_each_list_and_brings_its_words_onto_the_map() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    // The first list's blue, as the GPU draws the listed words' dots.
    let blue = |harness: &mut egui_kittest::Harness<'_, ExplorerApp>| {
        let image = harness.render().expect("a wgpu adapter renders the window");
        image
            .pixels()
            .filter(|p| {
                let [r, g, b, _] = p.0;
                r.abs_diff(31) < 12 && g.abs_diff(119) < 12 && b.abs_diff(180) < 12
            })
            .count()
    };
    let grey_map = blue(&mut harness);
    let words_before = harness.state().map.map.as_ref().unwrap().indices.len();

    // The example lists come first, each named with its size.
    click_and_settle(&mut harness, "word lists");
    for entry in [
        "numbers (10)",
        "countries (10)",
        "animals (10)",
        "months (11)",
    ] {
        assert!(harness.query_by_label(entry).is_some(), "{entry}");
    }
    let listed_map = blue(&mut harness);
    assert!(
        listed_map > grey_map + 200,
        "the numbers are drawn in blue: {listed_map} pixels, {grey_map} without lists"
    );

    // Lists of one's own: a word the vocabulary lacks is named, rare words join the map.
    replace_text(&mut harness, "Word lists", "rare animals: hedgehog giraffe");
    harness.key_press(egui::Key::Enter);
    harness
        .get_by_label("Word lists")
        .type_text("pets: dog, cat zzqx");
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("2 listed words are not on the map yet")
            .is_some(),
        "the rare words wait for the editor to be left"
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    settle(&mut harness);
    assert!(harness.query_by_label("rare animals (2)").is_some());
    assert!(
        harness
            .query_by_label("pets (2) — not in the vocabulary: zzqx")
            .is_some()
    );
    assert!(harness.query_by_label("numbers (10)").is_none());
    let app = harness.state();
    assert_eq!(
        app.settings.map_word_lists,
        "rare animals: hedgehog giraffe\npets: dog, cat zzqx"
    );
    let map = app.map.map.as_ref().unwrap();
    let vectors = &app.words.dataset.as_ref().unwrap().vectors;
    for word in ["hedgehog", "giraffe", "dog"] {
        let index = vectors.index_of(word).unwrap();
        assert!(map.position(index).is_some(), "{word} is on the map");
    }
    assert_eq!(
        map.indices.len(),
        words_before + 2,
        "the words of before and the two rare ones"
    );
    assert!(
        harness
            .query_by_label_contains("not on the map yet")
            .is_none()
    );

    // One colour again: no legend, no blue dots.
    harness.get_by_label("one").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("rare animals (2)").is_none());
    let back = blue(&mut harness);
    assert!(back < grey_map + 50, "{back} blue pixels with one colour");
}

/// The pixels of `image` clearly brighter than the map's dark background.
fn lit(image: &image::RgbaImage) -> Vec<bool> {
    image
        .pixels()
        .map(|p| p.0[..3].iter().map(|&c| u32::from(c)).sum::<u32>() > 3 * 70)
        .collect()
}

/// How many lit pixels of `a` have no lit pixel of `b` within one pixel.
fn unmatched(a: &[bool], b: &[bool], width: usize) -> usize {
    let height = a.len() / width;
    (0..a.len())
        .filter(|&i| a[i])
        .filter(|&i| {
            let (x, y) = (i % width, i / width);
            let near = |dx: isize, dy: isize| {
                let (nx, ny) = (x as isize + dx, y as isize + dy);
                (0..width as isize).contains(&nx)
                    && (0..height as isize).contains(&ny)
                    && b[ny as usize * width + nx as usize]
            };
            !(-1..=1).any(|dx| (-1..=1).any(|dy| near(dx, dy)))
        })
        .count()
}

#[test]
fn the_gpu_draws_the_same_words_as_egui_plot() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    assert!(
        harness.state().map.gpu_points,
        "a wgpu renderer draws the points on the GPU"
    );
    let gpu = harness.render().expect("a wgpu adapter renders the window");
    harness.state_mut().map.gpu_points = false;
    harness.run_steps(2);
    let shapes = harness.render().expect("a wgpu adapter renders the window");

    let width = gpu.width() as usize;
    let (gpu, shapes) = (lit(&gpu), lit(&shapes));
    let drawn = shapes.iter().filter(|&&l| l).count();
    let missing = unmatched(&shapes, &gpu, width);
    let extra = unmatched(&gpu, &shapes, width);
    // The 5,000 words' dots alone are far more than this; a GPU pass that drew nothing, or drew
    // them elsewhere, would leave most of them unmatched.
    assert!(drawn > 20_000, "{drawn} lit pixels");
    assert!(
        missing * 50 < drawn && extra * 50 < drawn,
        "{missing} pixels drawn only by egui_plot, {extra} only by the GPU, of {drawn}"
    );
}
