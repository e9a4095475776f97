//! The Images map: the projection picker, then the photos' thumbnails where the layout the
//! Images side computed puts them.

use egui::Rect;
use egui_plot::Plot;

use super::MapNote;
use super::draw::{note_ui, plot_with_axes};
use super::picker::{PHOTO_TERMS, method_picker};
use crate::app::Action;
use crate::app::floor::marks::{self, At, Layer};
use crate::app::floor::palette;
use crate::projection::Method;

/// The lowest and highest corners of what a map shows.
type Extent = ([f64; 2], [f64; 2]);

/// What the images map shows, computed by the Images side for the projection picked.
#[derive(Default)]
pub struct ImagesMapView {
    pub layers: Vec<Layer>,
    /// The lowest and highest corners the photos cover; `None` until there is a map.
    pub extent: Option<Extent>,
    pub axis_labels: [String; 2],
    /// Why the map shows something other than the layout picked, or that it is coming.
    pub note: Option<MapNote>,
}

/// The images map: the projection picker, then the layers of `view` framed to fit its extent.
/// Returns where the map was drawn.
pub fn images_ui(
    ui: &mut egui::Ui,
    view: &ImagesMapView,
    method: &mut Method,
    actions: &mut Vec<Action>,
) -> Option<Rect> {
    let Some((min, max)) = view.extent else {
        ui.centered_and_justified(|ui| {
            ui.label("The images map appears once three or more photos are embedded.\nDrop photos or folders anywhere on the window.")
        });
        return None;
    };
    ui.horizontal(|ui| {
        if method_picker(ui, method, &PHOTO_TERMS) {
            actions.push(Action::LayOutImages);
        }
    });
    note_ui(ui, view.note.as_ref());
    let margin = ((max[0] - min[0]).max(max[1] - min[1]) * 0.12).max(1e-3);
    let top = ui.cursor().min.y;
    let [x_label, y_label] = &view.axis_labels;
    let palette = palette::ui(ui);
    Plot::new("images map")
        .data_aspect(1.0)
        .x_axis_label(x_label.as_str())
        .y_axis_label(y_label.as_str())
        .include_x(min[0] - margin)
        .include_x(max[0] + margin)
        .include_y(min[1] - margin)
        .include_y(max[1] + margin)
        .show(ui, |plot| {
            marks::draw(plot, palette, &view.layers, |at| match at {
                At::Point(p) => Some(p),
                At::Word(_) => None,
            })
        });
    Some(plot_with_axes(ui, top))
}
