//! A photo clicked on the Words map, seen as ConSE sees it (Norouzi et al. 2014, "Zero-Shot
//! Learning by Convex Combination of Semantic Embeddings"): its T most probable classes, each
//! drawn as a spoke from the photo to the class's place among the words, as wide as its weight;
//! the photo points along their weighted sum, and moves as T changes. A convex combination a
//! linear-algebra class can read.

use std::ops::RangeInclusive;
use std::sync::Arc;

use super::{Images, InWords, PhotoId};
use crate::app::floor::dataset::DatasetId;
use crate::conse::{self, ClassWeight, TOP_CLASSES};
use crate::words::{Neighbour, WordVectors};

/// The classes a photo may be placed by.
pub const T_RANGE: RangeInclusive<usize> = 1..=20;
/// Words listed as the photo's nearest.
const NEAREST: usize = 5;

/// The photo in focus and how many classes place it.
pub struct PhotoFocus {
    pub photo: PhotoId,
    pub t: usize,
    view: Option<FocusView>,
}

/// The focused photo's place for its T, worked out once per photo, T and dataset.
pub struct FocusView {
    key: (PhotoId, usize, DatasetId),
    /// The photo's unit vector among the words for this T.
    pub vector: Arc<[f32]>,
    /// Each class: its weight, its name, its vector.
    pub classes: Vec<(ClassWeight, String, Arc<[f32]>)>,
    pub nearest: Vec<Neighbour>,
    /// The most probable class and its probability, when below [`conse::UNSURE_BELOW`].
    pub unsure: Option<(String, f32)>,
}

impl PhotoFocus {
    pub fn new(photo: PhotoId) -> Self {
        Self {
            photo,
            t: TOP_CLASSES,
            view: None,
        }
    }

    /// The view worked out for the current T, if it was.
    pub fn view(&self) -> Option<&FocusView> {
        self.view
            .as_ref()
            .filter(|view| view.key.0 == self.photo && view.key.1 == self.t)
    }
}

impl Images {
    /// Focuses the photo named `name` (as the map names it); an unknown name clears the focus.
    pub fn focus_photo(&mut self, name: &str) {
        self.focus = self
            .photos
            .iter()
            .find(|p| p.name == name)
            .map(|p| PhotoFocus::new(p.id));
    }

    /// Works the focused photo's view out for its T, among `words` of `dataset`, when it changed.
    pub fn update_focus(&mut self, dataset: DatasetId, words: &WordVectors) {
        let Some(focus) = &self.focus else {
            return;
        };
        let key = (focus.photo, focus.t, dataset);
        if focus.view.as_ref().is_some_and(|view| view.key == key) {
            return;
        }
        let view = self.in_words_of(dataset).and_then(|in_words| {
            let photo = self.photo(focus.photo)?;
            let probabilities = &photo.embedded.as_ref()?.features.probabilities;
            focus_view(in_words, probabilities, key, words)
        });
        if let Some(focus) = &mut self.focus {
            focus.view = view;
        }
    }

    /// The Words tab's section for the photo in focus: T, the classes with their weights, the
    /// nearest words, and whether the network is unsure.
    pub fn focus_ui(&mut self, ui: &mut egui::Ui, words: Option<(DatasetId, &WordVectors)>) {
        let Some((dataset, words)) = words else {
            return;
        };
        let Some(focus) = &mut self.focus else {
            return;
        };
        let Some(name) = self
            .photos
            .iter()
            .find(|p| p.id == focus.photo)
            .map(|p| p.name.clone())
        else {
            // The photo was cleared away.
            self.focus = None;
            return;
        };
        ui.heading("Photo among the words");
        ui.label(format!(
            "{name} points where the weighted sum of its {} most probable classes' word \
             vectors points (ConSE, a convex combination scaled to length 1): each arrow on the \
             map goes to one class, as wide as its weight. The weights are the probabilities \
             divided by their sum.",
            focus.t
        ));
        let close = ui
            .horizontal(|ui| {
                let label = ui.label("Classes T");
                ui.add(egui::Slider::new(&mut focus.t, T_RANGE))
                    .labelled_by(label.id)
                    .on_hover_text("How many of the network's most probable classes place the photo: 1 puts it on its top class; more average in the others, by their probabilities");
                ui.button("Close photo").clicked()
            })
            .inner;
        if close {
            self.focus = None;
            return;
        }
        // The view for this T (a new one is worked out at once, so the map of this frame
        // shows it).
        self.update_focus(dataset, words);
        let Some(view) = self.focus.as_ref().and_then(PhotoFocus::view) else {
            return;
        };
        if let Some((class, probability)) = &view.unsure {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "The network is unsure: its most probable class, {class}, has only {:.0}%.",
                    100.0 * probability
                ),
            );
        }
        egui::Grid::new("focus classes")
            .striped(true)
            .show(ui, |ui| {
                ui.strong("class");
                ui.strong("probability");
                ui.strong("weight");
                ui.end_row();
                for (weight, class, _) in &view.classes {
                    ui.label(class);
                    ui.label(format!("{:.1}%", 100.0 * weight.probability));
                    ui.label(format!("{:.3}", weight.weight));
                    ui.end_row();
                }
            });
        ui.label(format!(
            "Nearest words: {}",
            super::list_words(&view.nearest)
        ));
        ui.separator();
    }
}

/// The photo's place for T classes, its classes and its nearest words.
fn focus_view(
    in_words: &InWords,
    probabilities: &[f32],
    key: (PhotoId, usize, DatasetId),
    words: &WordVectors,
) -> Option<FocusView> {
    let top = in_words.classes.top_classes(probabilities, key.1);
    let vector: Arc<[f32]> = Arc::from(in_words.classes.place_by(&top)?);
    let name = |class: usize| in_words.names.name(class).unwrap_or_default().to_owned();
    let classes = top
        .iter()
        .filter_map(|weight| {
            let vector = in_words.classes.class(weight.class)?;
            Some((*weight, name(weight.class), Arc::from(vector)))
        })
        .collect();
    let nearest = conse::nearest_words(words, &vector, NEAREST);
    let unsure = conse::unsure(probabilities).map(|(class, p)| (name(class), p));
    Some(FocusView {
        key,
        vector,
        classes,
        nearest,
        unsure,
    })
}
