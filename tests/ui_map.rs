//! The words map in the window: t-SNE and UMAP settling, colouring by clusters and by word
//! lists, and the GPU's points drawn where egui_plot draws them.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::ExplorerApp;
use embedding_explorer::app::floor::marks::{At, Layer};
use embedding_explorer::projection::Method;
use support::{click_and_settle, explorer, lit, replace_text, settle, start, unmatched, window};

/// The word nearest `word` on the map on screen, other than itself.
fn nearest_on_map(app: &ExplorerApp, word: &str) -> String {
    let map = app.word_map().expect("a map");
    let vectors = &app.dataset().unwrap().vectors;
    let at = map.coords_of(vectors.index_of(word).unwrap()).unwrap();
    let distance = |p: &[f64; 2]| (p[0] - at[0]).powi(2) + (p[1] - at[1]).powi(2);
    map.indices()
        .iter()
        .zip(&map.coords)
        .filter(|&(&i, _)| vectors.word(i) != word)
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
        .map(|(&i, _)| vectors.word(i).to_owned())
        .unwrap()
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[test]
fn t_sne_and_umap_settle_on_the_map_and_pca_comes_back_at_once() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().set_map_words(500);
    settle(&mut harness);

    // t-SNE is shown while it settles: frames of it reach the map before its job ends.
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    let mut frames_while_settling = 0;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while !harness.state().is_idle() {
        assert!(std::time::Instant::now() < deadline, "t-SNE did not finish");
        harness.step();
        let on_screen = harness.state().word_map().map(|map| map.method());
        if !harness.state().is_idle() && matches!(on_screen, Some(Method::Tsne { .. })) {
            frames_while_settling += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    settle(&mut harness);
    assert!(
        frames_while_settling > 0,
        "the layout appeared only when it was done"
    );
    let app = harness.state();
    let map = app.word_map().expect("a map");
    assert!(matches!(
        map.method(),
        Method::Tsne { perplexity } if perplexity == 30.0
    ));
    assert!(map.indices().len() >= 500);
    // Settled: neighbours gather (Monday's nearest word on the map is another day).
    let nearest = nearest_on_map(app, "monday");
    assert!(WEEKDAYS.contains(&nearest.as_str()), "t-SNE: {nearest}");

    harness.get_by_label("PCA").click();
    harness.run_steps(2);
    let app = harness.state();
    assert!(app.is_idle(), "no new layout: the PCA map was kept");
    assert_eq!(app.word_map().unwrap().method(), Method::Pca);

    // UMAP keeps neighbourhoods too.
    click_and_settle(&mut harness, "UMAP");
    let app = harness.state();
    assert!(matches!(
        app.word_map().expect("a map").method(),
        Method::Umap { neighbors: 15, min_dist } if min_dist == 0.1
    ));
    let nearest = nearest_on_map(app, "monday");
    assert!(WEEKDAYS.contains(&nearest.as_str()), "UMAP: {nearest}");
}

#[test]
fn colouring_by_cluster_groups_words_of_a_kind_and_names_each_group() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().set_map_words(2000);
    settle(&mut harness);
    click_and_settle(&mut harness, "clusters");
    let app = harness.state();
    let colouring = app.word_clusters().expect("the words are clustered");
    let map = app.word_map().unwrap();
    assert_eq!(colouring.key.k, 8);
    assert_eq!(colouring.key.indices, map.indices());
    assert_eq!(colouring.assignment.len(), map.indices().len());
    let vectors = &app.dataset().unwrap().vectors;
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
    let first = harness.state().word_clusters().unwrap().legend[0].join(", ");
    assert!(harness.query_by_label(&first).is_none());
}

/// The words a selection layer of points with this name holds.
fn selection_points(app: &ExplorerApp, name: &str) -> Vec<usize> {
    app.map_selection()
        .iter()
        .find_map(|layer| match layer {
            Layer::Points { name: n, at, .. } if n == name => Some(
                at.iter()
                    .map(|at| match at {
                        At::Word(index) => *index,
                        At::Point(_) => panic!("a true neighbour is a word"),
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn colouring_by_neighbours_kept_shows_where_the_map_misleads() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().set_map_words(2000);
    settle(&mut harness);
    // Every finished map says how much it keeps.
    let pca_mean = harness
        .state()
        .word_map()
        .unwrap()
        .kept
        .as_ref()
        .unwrap()
        .mean();
    let caption = |mean: f64| {
        format!(
            "This map keeps {:.0}% of each word's 10 nearest",
            100.0 * mean
        )
    };
    assert!(
        harness
            .query_by_label_contains(&caption(pca_mean))
            .is_some(),
        "{}",
        caption(pca_mean)
    );

    click_and_settle(&mut harness, "neighbours kept");
    assert!(
        harness
            .query_by_label("none of its 10 nearest kept")
            .is_some()
    );
    assert!(harness.query_by_label("all 10 kept").is_some());

    // Click a word: lines to its ten true neighbours, split by whether the map kept them.
    let find = || (egui::accesskit::Role::TextInput, "Find");
    harness.get_by_role_and_label(find().0, find().1).click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(find().0, find().1)
        .type_text("france");
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.selected_word(), Some("france"));
    let vectors = &app.dataset().unwrap().vectors;
    let map = app.word_map().unwrap();
    let france = vectors.index_of("france").unwrap();
    let kept = selection_points(app, "true neighbours kept near it");
    let lost = selection_points(app, "true neighbours put far away");
    assert_eq!(kept.len() + lost.len(), 10);
    assert!(!lost.is_empty(), "PCA in 2-D loses most neighbours");
    let on_map = |index: usize| map.coords_of(index).unwrap();
    let distance = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    let mut nearest_on_map: Vec<(f64, usize)> = map
        .indices()
        .iter()
        .filter(|&&i| i != france)
        .map(|&i| (distance(on_map(i), on_map(france)), i))
        .collect();
    nearest_on_map.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let ten: Vec<usize> = nearest_on_map[..10].iter().map(|&(_, i)| i).collect();
    assert!(
        kept.iter().all(|i| ten.contains(i)),
        "kept are near on the map"
    );
    assert!(lost.iter().all(|i| !ten.contains(i)), "lost are not");
    let true_neighbours: Vec<String> = kept
        .iter()
        .chain(&lost)
        .map(|&i| vectors.word(i).to_owned())
        .collect();
    assert!(
        true_neighbours
            .iter()
            .any(|w| w == "belgium" || w == "germany"),
        "{true_neighbours:?}"
    );

    // t-SNE keeps far more of each word's neighbours than PCA does.
    click_and_settle(&mut harness, "t-SNE");
    let tsne_mean = harness
        .state()
        .word_map()
        .unwrap()
        .kept
        .as_ref()
        .unwrap()
        .mean();
    assert!(
        tsne_mean > pca_mean + 0.15,
        "t-SNE {tsne_mean}, PCA {pca_mean}"
    );
    assert!(
        harness
            .query_by_label_contains(&caption(tsne_mean))
            .is_some()
    );
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
    let words_before = harness.state().word_map().unwrap().indices().len();

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
        app.settings().map_word_lists,
        "rare animals: hedgehog giraffe\npets: dog, cat zzqx"
    );
    let map = app.word_map().unwrap();
    let vectors = &app.dataset().unwrap().vectors;
    for word in ["hedgehog", "giraffe", "dog"] {
        let index = vectors.index_of(word).unwrap();
        assert!(map.position(index).is_some(), "{word} is on the map");
    }
    assert_eq!(
        map.indices().len(),
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

#[test]
fn the_gpu_draws_the_same_words_as_egui_plot() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    assert!(
        harness.state().gpu_points(),
        "a wgpu renderer draws the points on the GPU"
    );
    let gpu = harness.render().expect("a wgpu adapter renders the window");
    harness.state_mut().draw_points_with_egui_plot();
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

#[test]
fn a_cancelled_layout_says_so_keeps_the_last_map_and_runs_again_when_asked() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.get_by_label("t-SNE").click();
    harness.run_steps(2);
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(
        harness.state().word_map().unwrap().method(),
        Method::Pca,
        "the last layout stays"
    );
    assert!(
        harness
            .query_by_label_contains("t-SNE was cancelled; the map shows the last layout.")
            .is_some(),
        "and the map says why"
    );
    // Asked for again (another projection and back), it runs to the end.
    click_and_settle(&mut harness, "UMAP");
    click_and_settle(&mut harness, "t-SNE");
    assert!(matches!(
        harness.state().word_map().unwrap().method(),
        Method::Tsne { .. }
    ));
    assert!(harness.query_by_label_contains("was cancelled").is_none());
}

#[test]
fn spherize_centres_the_words_before_the_map_is_made_and_pca_comes_back() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "Spherize");
    let map = harness.state().word_map().unwrap();
    assert!(map.key.spherize);
    let [x_label, _] = map.axis_labels();
    assert!(x_label.contains("spherized"), "{x_label}");
    harness.get_by_label("Spherize").click();
    harness.run_steps(2);
    assert!(harness.state().is_idle(), "the map before is kept");
    assert!(!harness.state().word_map().unwrap().key.spherize);
}
