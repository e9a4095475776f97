//! The 3-D view in the window: the words in space turned by dragging, a word found under the
//! pointer and selected, the neighbours kept in 3-D, and the marked words as arrows from the
//! origin with the analogy's parallelogram, an angle and a plane with a projection onto it.

mod support;

use egui_kittest::kittest::Queryable;
use embedding_explorer::app::ExplorerApp;
use embedding_explorer::app::floor::palette;
use embedding_explorer::app::space::{Construction, Mark};
use embedding_explorer::linear_algebra::PlaneProjection;
use embedding_explorer::projection::Method;
use support::{click_and_settle, explorer, lit, settle, start, unmatched, window};

/// The picture's lit pixels, to tell frames apart.
fn picture(
    harness: &mut egui_kittest::Harness<'_, embedding_explorer::app::ExplorerApp>,
) -> Vec<u8> {
    harness
        .render()
        .map(|image| image.into_raw())
        .unwrap_or_default()
}

#[test]
fn the_words_in_space_turn_when_dragged_and_a_hovered_dot_is_its_word() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    harness.state_mut().set_map_words(1000);
    settle(&mut harness);
    click_and_settle(&mut harness, "3-D");
    let app = harness.state();
    let map = app.space_map().expect("a 3-D layout");
    assert_eq!(map.method(), Method::Pca);
    assert_eq!(map.coords.len(), map.indices().len());
    assert!(map.coords.iter().flatten().all(|c| c.is_finite()));
    let axes = &app.space_scene().axes;
    for (i, axis) in axes.iter().enumerate() {
        assert!(axis.starts_with(&format!("PC{} (", i + 1)), "{axis}");
        assert!(axis.contains("% of variance"), "{axis}");
    }
    let kept = map.kept.as_ref().expect("measured").mean();
    assert!(
        harness
            .query_by_label_contains(&format!("This 3-D map keeps {:.0}%", 100.0 * kept))
            .is_some()
    );
    assert_eq!(app.space_scene().dots.len(), map.indices().len());

    // Dragging turns the camera, and the picture with it.
    let before_camera = harness.state().settings().space.camera;
    let before = picture(&mut harness);
    let centre = harness.state().space_on_screen("the").expect("drawn");
    harness.drag_at(centre);
    harness.run_steps(1);
    harness.hover_at(centre + egui::vec2(60.0, 25.0));
    harness.run_steps(1);
    harness.drop_at(centre + egui::vec2(60.0, 25.0));
    harness.run_steps(2);
    let camera = harness.state().settings().space.camera;
    assert!(camera.yaw > before_camera.yaw + 0.3, "{camera:?}");
    assert!(camera.pitch > before_camera.pitch + 0.1, "{camera:?}");
    assert_ne!(picture(&mut harness), before, "the picture turned");

    // The pointer on a word's dot finds that word, and a click selects it.
    let word = "france";
    let at = harness
        .state()
        .space_on_screen(word)
        .expect("france is drawn");
    harness.hover_at(at);
    harness.run_steps(2);
    let hovered = harness
        .state()
        .space_hovered()
        .map(str::to_owned)
        .expect("the pointer on france's dot hovers a word");
    // Another dot may lie within a pixel of france's: the word found must be drawn there.
    let hovered_at = harness
        .state()
        .space_on_screen(&hovered)
        .expect("the hovered word is drawn");
    assert!(
        hovered_at.distance(at) < 1.5,
        "{hovered} is drawn at {hovered_at:?}, the pointer is at {at:?}"
    );
    harness.get_by_label("3-D").click(); // keep focus off the view
    harness.run_steps(1);

    // A click selects the word under the pointer; Reset view (or a double-click) brings the
    // camera back.
    harness.hover_at(at);
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run_steps(2);
    assert_eq!(harness.state().space_selected(), Some(hovered.as_str()));
    harness.get_by_label("Reset view").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().settings().space.camera,
        embedding_explorer::app::space::Camera::default()
    );

    // t-SNE in 3-D settles and keeps more neighbours than PCA.
    click_and_settle(&mut harness, "t-SNE");
    let map = harness.state().space_map().unwrap();
    assert!(matches!(map.method(), Method::Tsne { .. }));
    let tsne_kept = map.kept.as_ref().unwrap().mean();
    assert!(tsne_kept > kept + 0.15, "t-SNE {tsne_kept}, PCA {kept}");
}

#[test]
fn arrows_from_the_origin_show_the_parallelogram_the_angle_and_the_projection() {
    let mut harness = explorer(Vec::new());
    settle(&mut harness);
    click_and_settle(&mut harness, "3-D");
    click_and_settle(&mut harness, "Vectors from the origin");
    // The analogy panel's king - man + woman: its parallelogram, true (the result lies in the
    // span of its three words), and queen as the answer.
    let app = harness.state();
    let numbers = app.space_numbers().join("\n");
    assert!(numbers.contains("The parallelogram"), "{numbers}");
    assert!(
        numbers.contains("cos(king - man + woman, queen)"),
        "{numbers}"
    );
    let arrows = |app: &embedding_explorer::app::ExplorerApp| {
        app.space_scene()
            .marks
            .iter()
            .filter(|m| matches!(m, Mark::Segment { from, arrow: true, .. } if *from == [0.0; 3]))
            .count()
    };
    assert!(arrows(app) >= 5, "king, man, woman, queen and the result");
    assert!(app.space_scene().dots.is_empty());

    // The angle between king and queen, with its value.
    harness.state_mut().settings_mut().space.construction = Construction::Angle;
    harness.run_steps(2);
    let vectors = harness.state().dataset().unwrap().vectors.clone();
    let unit = |w: &str| vectors.unit_vector(vectors.index_of(w).unwrap()).to_vec();
    let cos = embedding_explorer::vector::cosine(&unit("king"), &unit("queen"));
    let degrees = f64::from(cos).acos().to_degrees();
    let numbers = harness.state().space_numbers().join("\n");
    assert!(
        numbers.contains(&format!(
            "cos(king, queen) = {cos:.4}: the angle between them is {degrees:.1}"
        )),
        "{numbers}"
    );
    assert!(
        harness.state().space_scene().marks.iter().any(
            |m| matches!(m, Mark::Text { text, .. } if *text == format!("{degrees:.1}\u{b0}"))
        )
    );

    // The plane of king and woman, queen dropped onto it: the foot is the least-squares fit.
    harness.state_mut().settings_mut().space.construction = Construction::Plane;
    harness.run_steps(2);
    let plane = PlaneProjection::new(&unit("king"), &unit("woman"), &unit("queen")).unwrap();
    let [x, y] = [plane.fit.coefficients[0], plane.fit.coefficients[1]];
    let numbers = harness.state().space_numbers().join("\n");
    assert!(
        numbers.contains(&format!(
            "projection of queen onto the plane of king and woman = {x:.3} king + {y:.3} woman"
        )),
        "{numbers}"
    );
    assert!(numbers.contains(&format!(
        "the perpendicular (red) {:.3}",
        plane.fit.residual_norm
    )));
    assert!(
        numbers.contains("hold 100.0% of their squared length"),
        "{numbers}"
    );
    let scene = harness.state().space_scene();
    let triangles = scene
        .marks
        .iter()
        .filter(|m| matches!(m, Mark::Triangle { .. }))
        .count();
    assert_eq!(triangles, 2, "the plane");
    // The perpendicular meets the plane at a right angle: in the picture as in the space, the
    // foot's arrow and the perpendicular are orthogonal.
    let foot = scene
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Segment {
                from,
                to,
                arrow: true,
                colour,
                ..
            } if *from == [0.0; 3] && *colour == palette::DESK.foot => Some(*to),
            _ => None,
        })
        .expect("the foot's arrow");
    let perpendicular = scene
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Segment {
                from,
                to,
                arrow: false,
                colour,
                ..
            } if *colour == palette::DESK.lost => Some((*from, *to)),
            _ => None,
        })
        .expect("the perpendicular");
    let d: Vec<f32> = (0..3)
        .map(|c| perpendicular.0[c] - perpendicular.1[c])
        .collect();
    let inner: f32 = (0..3).map(|c| d[c] * foot[c]).sum();
    assert!(inner.abs() < 1e-4, "{inner}");

    // A word the vocabulary lacks is named, not drawn.
    harness.state_mut().settings_mut().space.plane[2] = "zzqx".into();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("not in the vocabulary: \"zzqx\"")
            .is_some()
    );
}

#[test]
fn the_gpu_draws_the_same_dots_as_the_painter_of_the_opengl_fallback() {
    let mut harness = window()
        .wgpu()
        .build_eframe(|cc| ExplorerApp::new(cc, start(Vec::new())));
    settle(&mut harness);
    harness.state_mut().set_map_words(2000);
    settle(&mut harness);
    click_and_settle(&mut harness, "3-D");
    assert!(
        harness.state().space_gpu(),
        "a wgpu renderer draws the dots on the GPU"
    );
    let gpu = harness.render().expect("a wgpu adapter renders the window");
    harness.state_mut().draw_space_with_painter();
    harness.run_steps(2);
    let painted = harness.render().expect("a wgpu adapter renders the window");

    let width = gpu.width() as usize;
    let (gpu, painted) = (lit(&gpu), lit(&painted));
    let drawn = painted.iter().filter(|&&l| l).count();
    let missing = unmatched(&painted, &gpu, width);
    let extra = unmatched(&gpu, &painted, width);
    // The 2,000 words' dots alone are far more than this; a GPU pass that drew nothing, or drew
    // them elsewhere, would leave most of them unmatched.
    assert!(drawn > 20_000, "{drawn} lit pixels");
    assert!(
        missing * 50 < drawn && extra * 50 < drawn,
        "{missing} pixels drawn only by the painter, {extra} only by the GPU, of {drawn}"
    );
}
