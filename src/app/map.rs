//! The central panel: the universal map. Words: PCA of the most frequent words plus every word
//! the user asked about, with labels where they fit, hover neighbours, selection and search.
//! Images: PCA of the photo embeddings, each photo drawn as its thumbnail.

use egui::{Color32, Pos2, Rect, Vec2};
use egui_plot::{
    Arrows, Line, Plot, PlotBounds, PlotImage, PlotPoint, PlotPoints, PlotUi, Points, Text,
};

use super::analogy::arithmetic_arrows;
use super::state::{AppState, MIN_MAP_WORDS, WordMap, group_thousands};
use super::{Action, widgets};
use crate::words::{Neighbour, WordVectors};

/// Most labels drawn at once (frequent words first, then as zoom makes room).
const MAX_LABELS: usize = 400;
/// How close (in points) the pointer must be to hover or click a word.
const PICK_RADIUS: f32 = 8.0;
const NEIGHBOURS_SHOWN: usize = 5;
/// Neighbours joined by lines to the clicked word.
const SELECTED_NEIGHBOURS: usize = 10;

/// The `count` nearest words to `index`, searched once and kept in `cache` while the same word
/// stays hovered or selected (a search scans the whole vocabulary; frames come 60 a second).
fn neighbours_of<'c>(
    cache: &'c mut Option<(usize, Vec<Neighbour>)>,
    vectors: &WordVectors,
    index: usize,
    count: usize,
) -> &'c [Neighbour] {
    if cache.as_ref().is_none_or(|(cached, _)| *cached != index) {
        let neighbours = vectors.nearest_to_vector(vectors.unit_vector(index), count, &[index]);
        *cache = Some((index, neighbours));
    }
    cache.as_ref().map_or(&[], |(_, neighbours)| neighbours)
}

fn variance_label(axis: usize, ratio: f64) -> String {
    format!("PC{} ({:.1}% of variance)", axis + 1, 100.0 * ratio)
}

pub fn words_ui(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    let Some(dataset) = &state.dataset else {
        ui.centered_and_justified(|ui| ui.spinner());
        return;
    };
    let vectors = dataset.vectors.clone();
    controls_ui(ui, state, vectors.len(), actions);
    let Some(map) = &state.word_map else {
        ui.centered_and_justified(|ui| ui.label("Projecting the words…"));
        return;
    };
    let highlighted: Vec<String> = state.queried_words();
    let view = &mut state.map_view;
    let analogy_arrows = match &state.analogy.result {
        Some(Ok(result)) => arithmetic_arrows(
            &result.expression,
            result.analogy.answers.first().map(|a| a.word.as_str()),
        ),
        _ => Vec::new(),
    };
    let position_of = |index: usize| map.coords_of(index);
    let word_position = |word: &str| vectors.index_of(word).and_then(position_of);

    let mut plot = Plot::new("words map")
        .x_axis_label(variance_label(
            0,
            map.projection.explained_variance_ratio[0],
        ))
        .y_axis_label(variance_label(
            1,
            map.projection.explained_variance_ratio[1],
        ))
        .data_aspect(1.0)
        .show_crosshair(false);
    if view.zoom_to.is_some() {
        plot = plot.auto_bounds(false);
    }
    let response = plot.show(ui, |plot| {
        if let Some(target) = view.zoom_to.take().and_then(position_of) {
            let half = 0.6;
            plot.set_plot_bounds(PlotBounds::from_min_max(
                [target[0] - half, target[1] - half],
                [target[0] + half, target[1] + half],
            ));
        }
        let points: PlotPoints = map.coords.iter().copied().collect();
        plot.points(
            Points::new("words", points)
                .radius(1.5)
                .color(Color32::from_gray(140))
                .allow_hover(false),
        );

        let accent = Color32::from_rgb(230, 120, 20);
        let queried: Vec<[f64; 2]> = highlighted
            .iter()
            .filter_map(|w| word_position(w))
            .collect();
        plot.points(
            Points::new("your words", queried)
                .radius(4.0)
                .color(accent)
                .allow_hover(false),
        );
        for (from, to) in &analogy_arrows {
            if let (Some(a), Some(b)) = (word_position(from), word_position(to)) {
                plot.arrows(
                    Arrows::new(format!("{from} → {to}"), vec![a], vec![b])
                        .tip_length(12.0)
                        .color(accent),
                );
            }
        }
        if let Some(selected) = view.selected
            && let Some(origin) = position_of(selected)
        {
            let neighbours = neighbours_of(
                &mut view.selected_neighbours,
                &vectors,
                selected,
                SELECTED_NEIGHBOURS,
            );
            for n in neighbours {
                if let Some(p) = position_of(n.index) {
                    plot.line(
                        Line::new(format!("neighbour {}", n.word), vec![origin, p])
                            .color(Color32::LIGHT_BLUE),
                    );
                    plot.text(
                        Text::new("neighbour label", p.into(), n.word.clone())
                            .color(Color32::LIGHT_BLUE),
                    );
                }
            }
            plot.points(
                Points::new("selected", vec![origin])
                    .radius(6.0)
                    .color(Color32::LIGHT_BLUE),
            );
        }
        let first: Vec<usize> = highlighted
            .iter()
            .filter_map(|w| vectors.index_of(w))
            .collect();
        label_points(plot, map, &first, |i| vectors.word(i));
        let hovered = plot
            .pointer_coordinate()
            .and_then(|pointer| nearest_point(plot, &map.coords, pointer));
        (hovered, plot.response().clicked())
    });
    let (hovered, clicked) = response.inner;
    let hovered_word = hovered.map(|p| map.indices[p]);
    match hovered_word {
        Some(index) => {
            let list: Vec<String> =
                neighbours_of(&mut view.hovered, &vectors, index, NEIGHBOURS_SHOWN)
                    .iter()
                    .map(|n| format!("{} {:.2}", n.word, n.score))
                    .collect();
            response.response.clone().on_hover_ui_at_pointer(|ui| {
                ui.strong(vectors.word(index));
                ui.label(list.join("\n"));
            });
            if clicked {
                view.selected = Some(index);
            }
        }
        None => view.hovered = None,
    }
    state.map_rect = Some(response.response.rect);
}

fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    vocabulary: usize,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Words on the map");
        let max = vocabulary.max(MIN_MAP_WORDS);
        let slider = ui
            .add(
                egui::Slider::new(&mut state.settings.map_words, MIN_MAP_WORDS.min(max)..=max)
                    .logarithmic(true),
            )
            .labelled_by(label.id);
        if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
            actions.push(Action::RefreshMap);
        }
        if let Some(map) = &state.word_map {
            ui.weak(format!("{} points", group_thousands(map.indices.len())));
        }
        ui.separator();
        let label = ui.label("Find");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut state.map_view.search)
                    .desired_width(140.0)
                    .hint_text("a word"),
            )
            .labelled_by(label.id);
        if widgets::entered(ui, &search) {
            actions.push(Action::FindOnMap(state.map_view.search.trim().to_owned()));
        }
        if let Some(error) = &state.map_view.search_error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    });
}

/// The index of the point nearest the pointer, if within picking distance.
fn nearest_point(plot: &PlotUi<'_>, coords: &[[f64; 2]], pointer: PlotPoint) -> Option<usize> {
    let pointer_screen = plot.screen_from_plot(pointer);
    let (mut best, mut best_distance) = (None, PICK_RADIUS * PICK_RADIUS);
    let bounds = plot.plot_bounds();
    for (i, p) in coords.iter().enumerate() {
        if !(bounds.min()[0]..=bounds.max()[0]).contains(&p[0])
            || !(bounds.min()[1]..=bounds.max()[1]).contains(&p[1])
        {
            continue;
        }
        let distance = plot
            .screen_from_plot(PlotPoint::new(p[0], p[1]))
            .distance_sq(pointer_screen);
        if distance < best_distance {
            (best, best_distance) = (Some(i), distance);
        }
    }
    best
}

/// Labels as many points as fit without overlapping: the user's words first, then in frequency
/// (file) order; zooming in makes room for more.
fn label_points<'w>(
    plot: &mut PlotUi<'_>,
    map: &WordMap,
    first: &[usize],
    word: impl Fn(usize) -> &'w str,
) {
    let (indices, coords) = (&map.indices, &map.coords);
    let frame = plot.transform().frame().to_owned();
    let mut taken: Vec<Rect> = Vec::new();
    let mut placed = 0;
    let first: Vec<usize> = first.iter().filter_map(|&i| map.position(i)).collect();
    let rest = (0..indices.len()).filter(|p| !first.contains(p));
    for p in first.iter().copied().chain(rest) {
        if placed >= MAX_LABELS {
            break;
        }
        let point = PlotPoint::new(coords[p][0], coords[p][1]);
        let screen = plot.screen_from_plot(point);
        if !frame.contains(screen) {
            continue;
        }
        let text = word(indices[p]).to_owned();
        let size = Vec2::new(6.5 * text.chars().count() as f32 + 4.0, 14.0);
        let rect = Rect::from_min_size(Pos2::new(screen.x + 3.0, screen.y - size.y), size);
        if taken.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        taken.push(rect);
        placed += 1;
        plot.text(Text::new("labels", point, text).anchor(egui::Align2::LEFT_BOTTOM));
    }
}

pub fn images_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let images = &state.images;
    let Some((embedded, coords)) = images
        .analysis
        .as_ref()
        .and_then(|a| a.coords.as_ref().map(|coords| (&a.embedded, coords)))
    else {
        ui.centered_and_justified(|ui| {
            ui.label("The images map appears once three or more photos are embedded.\nDrop photos or folders anywhere on the window.")
        });
        return;
    };
    let (min, max) = coords
        .iter()
        .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
            (
                [lo[0].min(p[0]), lo[1].min(p[1])],
                [hi[0].max(p[0]), hi[1].max(p[1])],
            )
        });
    let side = ((max[0] - min[0]).max(max[1] - min[1]) * 0.12).max(1e-3);
    let response = Plot::new("images map")
        .data_aspect(1.0)
        .x_axis_label("PC1")
        .y_axis_label("PC2")
        .include_x(min[0] - side)
        .include_x(max[0] + side)
        .include_y(min[1] - side)
        .include_y(max[1] + side)
        .show(ui, |plot| {
            for (&item, p) in embedded.iter().zip(coords) {
                if let Some(texture) = &images.items[item].thumbnail {
                    let aspect = texture.aspect_ratio() as f64;
                    let size = if aspect >= 1.0 {
                        [side, side / aspect]
                    } else {
                        [side * aspect, side]
                    };
                    plot.image(PlotImage::new(
                        images.items[item].name.clone(),
                        texture.id(),
                        PlotPoint::new(p[0], p[1]),
                        Vec2::new(size[0] as f32, size[1] as f32),
                    ));
                }
            }
        });
    state.map_rect = Some(response.response.rect);
}
