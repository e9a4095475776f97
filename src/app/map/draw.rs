//! Drawing a prepared [`Frame`] of the words map and finding what the pointer is on; helpers
//! both maps share.

use egui::Rect;
use egui_plot::{Plot, PlotBounds, PlotPoint, PlotPoints, PlotUi, Points};

use super::frame::{Dots, Frame, PlotFrame};
use super::grid::PointGrid;
use super::labels::label_points;
use super::{MapNote, placed};
use crate::app::floor::marks::{self, At};

/// How close (in points) the pointer must be to hover or click a word.
const PICK_RADIUS: f32 = 8.0;

/// What the pointer did on the map in this frame.
pub(super) struct Interaction {
    pub response: egui::Response,
    /// The position (in the map's words) of the word under the pointer.
    pub hovered: Option<usize>,
    /// The picture under the pointer, by its place in the frame's pictures.
    pub on_picture: Option<usize>,
    /// Where each picture went on screen, in the frame's order.
    pub picture_rects: Vec<Rect>,
    pub clicked: bool,
    /// The part of the plane in view, `[min, max]`.
    pub bounds: [[f64; 2]; 2],
}

/// Draws `frame`: its legend and note, then its plot filling the space left, where `grid`
/// (of the frame's layout) finds the word under the pointer. Returns what the pointer did and where the plot went
/// with its axes, or nothing when there is no map yet.
pub(super) fn draw(
    ui: &mut egui::Ui,
    frame: &Frame<'_>,
    grid: Option<&PointGrid>,
) -> Option<(Interaction, Rect)> {
    if let Some(legend) = &frame.legend {
        legend.ui(ui);
    }
    note_ui(ui, frame.note.as_ref());
    if let Some(caption) = &frame.caption {
        ui.weak(caption);
    }
    let plot = match &frame.plot {
        Ok(plot) => plot,
        Err(missing) => {
            ui.centered_and_justified(|ui| ui.label(missing));
            return None;
        }
    };
    let top = ui.cursor().min.y;
    let interaction = draw_plot(ui, plot, grid);
    Some((interaction, plot_with_axes(ui, top)))
}

/// Draws the plot of a frame and finds what the pointer is on.
fn draw_plot(ui: &mut egui::Ui, frame: &PlotFrame<'_>, grid: Option<&PointGrid>) -> Interaction {
    let [x_label, y_label] = &frame.axis_labels;
    let mut plot = Plot::new("words map")
        .x_axis_label(x_label.as_str())
        .y_axis_label(y_label.as_str())
        .data_aspect(1.0)
        .show_crosshair(false);
    if frame.set_bounds.is_some() {
        plot = plot.auto_bounds(false);
    }
    // Labels take the room their font needs (larger when presenting).
    let label_size = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Small)
        .map_or(9.0, |font| font.size);
    let response = plot.show(ui, |plot| {
        if let Some([min, max]) = frame.set_bounds {
            plot.set_plot_bounds(PlotBounds::from_min_max(min, max));
        }
        match &frame.dots {
            Dots::Gpu(cloud) => plot.add(cloud.item(frame.radius)),
            Dots::Plot(groups) => {
                for (colour, coords) in groups {
                    let points: PlotPoints = coords.iter().copied().collect();
                    plot.points(
                        Points::new("words", points)
                            .radius(frame.radius)
                            .color(*colour)
                            .allow_hover(false),
                    );
                }
            }
        }
        let map = frame.map;
        let place = |at| match at {
            At::Word(index) => map.coords_of(index),
            At::Point(p) => Some(p),
        };
        for layers in [&frame.list_layers[..], frame.panel_layers, &frame.selection] {
            marks::draw(plot, frame.palette, layers, place);
        }
        label_points(plot, map, &frame.labelled_first, label_size, |i| {
            (frame.vectors.word(i), frame.label_colour(i))
        });
        placed::draw_spokes(plot, frame.palette, &frame.spokes);
        let picture_rects = placed::draw(plot, frame.palette, &frame.pictures);
        // Only while the plot itself is hovered: not under a dialog or a popup.
        let pointer = plot
            .pointer_coordinate()
            .filter(|_| plot.response().hovered());
        let on_picture = pointer.and_then(|pointer| {
            let at = plot.screen_from_plot(pointer);
            picture_rects.iter().rposition(|rect| rect.contains(at))
        });
        let hovered = pointer
            .filter(|_| on_picture.is_none())
            .and_then(|pointer| nearest_point(plot, grid?, &map.coords, pointer));
        (
            hovered,
            on_picture,
            plot.response().clicked(),
            picture_rects,
        )
    });
    let (hovered, on_picture, clicked, picture_rects) = response.inner;
    let bounds = response.transform.bounds();
    Interaction {
        response: response.response,
        hovered,
        on_picture,
        picture_rects,
        clicked,
        bounds: [bounds.min(), bounds.max()],
    }
}

/// The index of the point nearest the pointer, if within picking distance: only the points
/// of the grid cells around it are looked at.
fn nearest_point(
    plot: &PlotUi<'_>,
    grid: &PointGrid,
    coords: &[[f64; 2]],
    pointer: PlotPoint,
) -> Option<usize> {
    let pointer_screen = plot.screen_from_plot(pointer);
    let (mut best, mut best_distance) = (None, PICK_RADIUS * PICK_RADIUS);
    let [per_x, per_y] = plot.transform().dvalue_dpos();
    let radius = [
        f64::from(PICK_RADIUS) * per_x.abs(),
        f64::from(PICK_RADIUS) * per_y.abs(),
    ];
    for i in grid.near([pointer.x, pointer.y], radius) {
        let p = coords[i];
        let distance = plot
            .screen_from_plot(PlotPoint::new(p[0], p[1]))
            .distance_sq(pointer_screen);
        if distance < best_distance {
            (best, best_distance) = (Some(i), distance);
        }
    }
    best
}

/// A line above a map about what it shows: work under way with a spinner, or what could not be
/// done in the warning colour.
pub(super) fn note_ui(ui: &mut egui::Ui, note: Option<&MapNote>) {
    match note {
        Some(MapNote::Working(text)) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(text);
            });
        }
        Some(MapNote::Problem(text)) => {
            ui.colored_label(ui.visuals().warn_fg_color, text);
        }
        None => {}
    }
}

/// Where a plot just drawn below `top` sits with its axes and their labels: the part of the
/// window a PNG export keeps.
pub(super) fn plot_with_axes(ui: &egui::Ui, top: f32) -> Rect {
    let used = ui.min_rect();
    Rect::from_min_max(egui::pos2(used.min.x, top), used.max)
}
