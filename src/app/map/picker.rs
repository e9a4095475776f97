//! The projection picker both maps show: PCA, t-SNE (perplexity) or UMAP (neighbours, minimum
//! distance) in one row, with the ranges of [`crate::projection::Method`].

use crate::projection::{
    DEFAULT_MIN_DIST, DEFAULT_NEIGHBORS, DEFAULT_PERPLEXITY, MIN_DIST_RANGE, Method,
    NEIGHBORS_RANGE, PERPLEXITY_RANGE,
};

/// How a projection picker speaks of the points it lays out, and where t-SNE's and UMAP's
/// parameters start when first picked (a few photos cannot take the words' 30 neighbours).
pub struct PickerTerms {
    pub one: &'static str,
    pub many: &'static str,
    pub perplexity: f64,
    pub neighbors: usize,
}

pub const WORD_TERMS: PickerTerms = PickerTerms {
    one: "word",
    many: "words",
    perplexity: DEFAULT_PERPLEXITY,
    neighbors: DEFAULT_NEIGHBORS,
};

pub const PHOTO_TERMS: PickerTerms = PickerTerms {
    one: "photo",
    many: "photos",
    perplexity: 5.0,
    neighbors: 5,
};

/// The picker in one row; true when the choice changed.
pub fn method_picker(ui: &mut egui::Ui, method: &mut Method, terms: &PickerTerms) -> bool {
    let PickerTerms { one, many, .. } = terms;
    let before = *method;
    ui.label("Projection");
    ui.radio_value(method, Method::Pca, "PCA")
        .on_hover_text("The two directions of largest variance: instant, but neighbours scatter");
    let perplexity = match before {
        Method::Tsne { perplexity } => perplexity,
        _ => terms.perplexity,
    };
    ui.radio_value(method, Method::Tsne { perplexity }, "t-SNE")
        .on_hover_text(format!(
            "Keeps each {one}'s nearest {many} near it, so groups show; takes seconds to settle"
        ));
    if let Method::Tsne { perplexity } = method {
        ui.add(
            egui::DragValue::new(perplexity)
                .range(PERPLEXITY_RANGE)
                .speed(0.5)
                .prefix("perplexity "),
        )
        .on_hover_text(format!(
            "About how many neighbours each {one} attends to; less than the number of {many}"
        ));
    }
    let (neighbors, min_dist) = match before {
        Method::Umap {
            neighbors,
            min_dist,
        } => (neighbors, min_dist),
        _ => (terms.neighbors, DEFAULT_MIN_DIST),
    };
    ui.radio_value(
        method,
        Method::Umap {
            neighbors,
            min_dist,
        },
        "UMAP",
    )
    .on_hover_text("Keeps neighbourhoods too, packs groups tighter, and is faster than t-SNE");
    if let Method::Umap {
        neighbors,
        min_dist,
    } = method
    {
        ui.add(
            egui::DragValue::new(neighbors)
                .range(NEIGHBORS_RANGE)
                .suffix(" neighbours"),
        )
        .on_hover_text(format!(
            "How many nearest {many} make a {one}'s neighbourhood: few show fine detail, many \
             the broader picture"
        ));
        ui.add(
            egui::DragValue::new(min_dist)
                .range(MIN_DIST_RANGE)
                .speed(0.01)
                .prefix("min. distance "),
        )
        .on_hover_text(format!(
            "How close {many} may pack on the map: small values give tight clumps"
        ));
    }
    *method != before
}
