//! Photos in the window: dropped and embedded, laid out on the Images map, placed among the
//! words and found by a typed word.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::settings::Tab;
use embedding_explorer::projection::Method;
use support::{click_and_settle, drop_files, explorer, photo, replace_text, settle};

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
    assert_eq!(app.settings().tab, Tab::Images);
    assert_eq!(app.images().photos.len(), 3);
    assert!(
        app.images()
            .photos
            .iter()
            .all(|p| p.thumbnail.is_some() && p.embedded.is_some())
    );
    let analysis = app
        .images()
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
    assert_eq!(app.images().photos.len(), 4);
    assert_eq!(app.images().embedded().count(), 3, "the good photos stay");

    // The app goes on: another photo still embeds.
    drop_files(&mut harness, &[photo("car-2.jpg")]);
    settle(&mut harness);
    assert_eq!(harness.state().images().embedded().count(), 4);
    assert!(harness.query_by_label("Similarity matrix (4×4)").is_some());
}

#[test]
fn the_images_map_lays_photos_out_by_t_sne_and_explains_a_perplexity_too_large() {
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
    harness.state_mut().settings_mut().images_map_method = Method::Tsne { perplexity: 30.0 };
    harness.state_mut().settings_mut().tab = Tab::Images;
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
        .images()
        .map_view(Method::Tsne { perplexity: 30.0 });
    assert!(view.axis_labels[0].starts_with("PC1 ("), "PCA meanwhile");
    assert!(view.extent.is_some());

    click_and_settle(&mut harness, "PCA");
    click_and_settle(&mut harness, "t-SNE");
    let app = harness.state();
    let method = app.settings().images_map_method;
    assert_eq!(
        method,
        Method::Tsne { perplexity: 5.0 },
        "a photo-sized default"
    );
    let view = app.images().map_view(method);
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
    let rows = app.images().map_rows(app.settings().images_map_method);
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
    let dataset = app.dataset().expect("words");
    let analysis = app
        .images()
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
            .images()
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
    let map = app.word_map().expect("a words map");
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
    let Some(embedding_explorer::app::floor::marks::Layer::Placed(pictures)) =
        app.images().words_map_layer(dataset.id)
    else {
        panic!("no photos for the words map");
    };
    assert_eq!(pictures.len(), 3);
    assert!(pictures.iter().all(|p| p.note.starts_with("sits near ")));
    assert!(
        pictures.iter().all(|p| !p.unsure),
        "the network knows these three"
    );

    // A photo the network is unsure of (the horses: its top class, plow, has 13%) is marked,
    // and says why.
    drop_files(&mut harness, &[photo("horses.jpg")]);
    settle(&mut harness);
    let app = harness.state();
    let Some(embedding_explorer::app::floor::marks::Layer::Placed(pictures)) =
        app.images().words_map_layer(app.dataset().unwrap().id)
    else {
        panic!("no photos for the words map");
    };
    let horses = pictures.iter().find(|p| p.name == "horses.jpg").unwrap();
    assert!(horses.unsure);
    assert!(
        horses
            .note
            .starts_with("the network is unsure: its most probable class, plow, has only 13%"),
        "{}",
        horses.note
    );
    assert_eq!(pictures.iter().filter(|p| p.unsure).count(), 1);

    // The Words tab offers to hide them: unticking Photos takes them off the map, ticking it
    // brings them back.
    harness.state_mut().settings_mut().tab = Tab::Words;
    harness.run_steps(2);
    let drawn = |harness: &egui_kittest::Harness<'_, _>| {
        let app: &embedding_explorer::app::ExplorerApp = harness.state();
        app.map_picture_rect("horses.jpg").is_some()
    };
    assert!(drawn(&harness), "the photos are among the words");
    harness.get_by_label("Photos").click();
    harness.run_steps(2);
    assert!(!drawn(&harness), "hidden");
    harness.get_by_label("Photos").click();
    harness.run_steps(2);
    assert!(drawn(&harness), "shown again");

    // The 3-D view marks the same photo.
    click_and_settle(&mut harness, "3-D");
    let scene = harness.state().space_scene();
    assert_eq!(
        scene.pictures.len(),
        4,
        "the photos stand among the words in 3-D"
    );
    let unsure: Vec<&str> = scene
        .pictures
        .iter()
        .filter(|p| p.unsure)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(unsure, ["horses.jpg"]);
    harness.get_by_label("Map").click();
    harness.run_steps(2);

    // Typing a word in the Images panel ranks the photos by it.
    harness.state_mut().settings_mut().tab = Tab::Images;
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
fn a_clicked_photo_shows_its_classes_as_spokes_and_moves_as_t_changes() {
    let mut harness = explorer(vec![photo("cat-chelsea.jpg"), photo("car-1.jpg")]);
    settle(&mut harness);
    harness.state_mut().settings_mut().tab = Tab::Words;
    harness.run_steps(3);
    let rect = harness
        .state()
        .map_picture_rect("cat-chelsea.jpg")
        .expect("the cat photo is on the words map");
    harness.hover_at(rect.center());
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: rect.center(),
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run_steps(3);
    assert!(harness.query_by_label("Photo among the words").is_some());

    let spokes = |harness: &egui_kittest::Harness<'_, embedding_explorer::app::ExplorerApp>| {
        let app = harness.state();
        let Some(embedding_explorer::app::floor::marks::Layer::Placed(pictures)) =
            app.images().words_map_layer(app.dataset().unwrap().id)
        else {
            panic!("no photos for the words map");
        };
        let cat = pictures
            .iter()
            .find(|p| p.name == "cat-chelsea.jpg")
            .unwrap();
        let car = pictures.iter().find(|p| p.name == "car-1.jpg").unwrap();
        assert!(car.spokes.is_empty(), "only the clicked photo has spokes");
        (cat.vector.to_vec(), cat.spokes.clone())
    };
    // T = 10 (ConSE's): ten classes whose weights make a convex combination.
    let (at_ten, ten) = spokes(&harness);
    assert_eq!(ten.len(), 10);
    let total: f32 = ten.iter().map(|s| s.weight).sum();
    assert!((total - 1.0).abs() < 1e-4, "{total}");
    assert!(ten.windows(2).all(|w| w[0].weight >= w[1].weight));
    assert!(ten[0].name.contains("cat"), "{}", ten[0].name);
    assert!(
        harness.query_by_label(&ten[0].name).is_some(),
        "the classes are listed"
    );

    // T = 1 on the slider: the photo sits on its top class, elsewhere than at T = 10.
    let nearest = |harness: &egui_kittest::Harness<'_, embedding_explorer::app::ExplorerApp>| {
        let focus = harness.state().images().focus.as_ref().unwrap();
        let view = focus
            .view()
            .expect("the focused photo's view is worked out");
        view.nearest
            .iter()
            .map(|n| (n.word.clone(), n.score))
            .collect::<Vec<_>>()
    };
    let nearest_at_ten = nearest(&harness);
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Classes T")
        .set_value_accesskit(1.0);
    harness.run_steps(3);
    assert_eq!(harness.state().images().focus.as_ref().unwrap().t, 1);
    let (at_one, one) = spokes(&harness);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].weight, 1.0);
    let cosine = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    assert!(cosine(&at_one, &one[0].vector) > 0.9999, "on its top class");
    assert!(cosine(&at_one, &at_ten) < 0.9999, "T moved the photo");
    assert_ne!(nearest(&harness), nearest_at_ten, "and its nearest words");

    // Close ends the focus.
    harness.get_by_label("Close photo").click();
    harness.run_steps(2);
    assert!(harness.state().images().focus.is_none());
    assert!(harness.query_by_label("Photo among the words").is_none());

    // A photo cleared away ends its focus.
    harness.state_mut().images_mut().focus_photo("car-1.jpg");
    harness.run_steps(2);
    assert!(harness.query_by_label("Photo among the words").is_some());
    harness.state_mut().settings_mut().tab = Tab::Images;
    harness.run_steps(2);
    harness.get_by_label("Clear").click();
    harness.run_steps(2);
    harness.state_mut().settings_mut().tab = Tab::Words;
    harness.run_steps(2);
    assert!(harness.state().images().focus.is_none());
    assert!(harness.query_by_label("Photo among the words").is_none());
}
