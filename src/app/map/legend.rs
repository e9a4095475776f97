//! The legend above the words map: what each colour means, prepared with the frame and drawn
//! as one wrapped row.

use egui::{Color32, Vec2};

use super::WordMap;
use super::colouring::{Colouring, MAX_LISTS};
use crate::app::floor::palette::Palette;
use crate::app::floor::pointer;
use crate::words::lists::WordLists;

/// What the legend says.
pub(super) struct Legend {
    /// Each colour and what it stands for.
    entries: Vec<(Color32, String)>,
    /// Lines about what the colours leave out or are still waiting for.
    notes: Vec<String>,
}

impl Legend {
    /// One entry per cluster: its colour and its most central words.
    pub fn of_clusters(palette: &Palette, colouring: &Colouring) -> Self {
        Self {
            entries: palette
                .categories
                .iter()
                .zip(&colouring.legend)
                .map(|(&colour, words)| (colour, words.join(", ")))
                .collect(),
            notes: Vec::new(),
        }
    }

    /// One entry per list: its colour, name and size, and the words the vocabulary lacks; then
    /// the lists left out and the listed words still to join `map` (`refitting`: a map that
    /// may take them is being made).
    pub fn of_lists(
        palette: &Palette,
        lists: &WordLists,
        map: Option<&WordMap>,
        refitting: bool,
    ) -> Self {
        let entries = lists
            .lists
            .iter()
            .zip(&palette.categories)
            .map(|(list, &colour)| {
                let mut text = format!("{} ({})", list.name, list.indices.len());
                if !list.missing.is_empty() {
                    text.push_str(&format!(
                        " — not in the vocabulary: {}",
                        list.missing.join(", ")
                    ));
                }
                (colour, text)
            })
            .collect();
        let mut notes = Vec::new();
        if lists.lines_left_out > 0 {
            notes.push(format!(
                "only the first {MAX_LISTS} lists get a colour; {} more left out",
                lists.lines_left_out
            ));
        }
        let joining = map.map_or(0, |map| {
            lists
                .words()
                .iter()
                .filter(|&&i| map.position(i).is_none())
                .count()
        });
        if joining > 0 && refitting {
            notes.push(format!("adding {joining} listed words to the map…"));
        } else if joining > 0 {
            notes.push(format!(
                "{joining} listed words are not on the map yet: click outside the lists to add them"
            ));
        }
        Self { entries, notes }
    }

    /// The neighbours-kept scale, from none to all, and how to read it.
    pub fn of_kept(palette: &Palette) -> Self {
        Self {
            entries: pointer::kept_legend_entries(palette),
            notes: vec![pointer::KEPT_LINES_NOTE.to_owned()],
        }
    }

    pub fn ui(&self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            for (colour, text) in &self.entries {
                legend_dot(ui, *colour);
                // Each entry stays on one line; the row wraps between entries.
                ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
            }
            for note in &self.notes {
                ui.weak(note);
            }
        });
    }
}

/// A legend entry's dot in its colour.
fn legend_dot(ui: &mut egui::Ui, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, colour);
}
