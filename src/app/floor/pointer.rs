//! What the pointer does on a map of words, the same in the plane and in space: hovering a word
//! names its nearest words, clicking one joins it to its neighbours (with the neighbours kept
//! shown: the true ones the layout kept near it and those it put far away), and the kept scale's
//! legend says how to read the colours.

use egui::Color32;

use super::marks::Tone;
use super::palette::Palette;
use crate::projection::{KEPT_NEIGHBOURS, NeighboursKept};
use crate::words::{Neighbour, WordVectors};

/// What the kept scale's legend says about a clicked word's lines.
pub const KEPT_LINES_NOTE: &str = "click a word: blue lines to its true neighbours kept near it, \
                                   red lines to those the map put far away";

/// The `count` nearest words to `index`, searched once and kept in `cache` while the same word
/// stays hovered or selected. This one search stays on the UI thread: it answers within the
/// frame (1.6 ms on the 341k-word GloVe file through the int8 index), where a job would make the
/// tooltip trail the pointer by a frame or more. It runs on the UI's own pool, never behind a
/// job's work.
pub fn neighbours_of<'c>(
    cache: &'c mut Option<(usize, Vec<Neighbour>)>,
    vectors: &WordVectors,
    index: usize,
    count: usize,
) -> &'c [Neighbour] {
    if cache.as_ref().is_none_or(|(cached, _)| *cached != index) && index < vectors.len() {
        let neighbours = super::ui_pool::run(|| {
            vectors.nearest_to_vector(vectors.unit_vector(index), count, &[index])
        });
        *cache = Some((index, neighbours));
    }
    cache.as_ref().map_or(&[], |(_, neighbours)| neighbours)
}

/// The tooltip of a hovered word: the word, then its `count` nearest with their cosines.
pub fn hover_ui(
    response: &egui::Response,
    cache: &mut Option<(usize, Vec<Neighbour>)>,
    vectors: &WordVectors,
    index: usize,
    count: usize,
) {
    let list: Vec<String> = neighbours_of(cache, vectors, index, count)
        .iter()
        .map(|n| format!("{} {:.2}", n.word, n.score))
        .collect();
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.strong(vectors.word(index));
        ui.label(list.join("\n"));
    });
}

/// The words a clicked word is joined to, each with its line's tone. With the neighbours kept
/// measured (`kept`, and the word's `position` among the layout's `indices`): its true nearest
/// in the full space, [`Tone::Selected`] where the layout kept them near it and [`Tone::Lost`]
/// where it put them far away. Otherwise its `nearest` in the vocabulary.
pub fn selection_lines(
    kept: Option<(&NeighboursKept, usize)>,
    indices: &[usize],
    nearest: &[Neighbour],
) -> Vec<(usize, Tone)> {
    match kept {
        Some((kept, position)) => kept
            .neighbours(position)
            .map(|(q, near)| (indices[q], if near { Tone::Selected } else { Tone::Lost }))
            .collect(),
        None => nearest.iter().map(|n| (n.index, Tone::Selected)).collect(),
    }
}

/// The kept scale's legend: a colour for none, 2, 4, … and all of a word's nearest kept.
pub fn kept_legend_entries(palette: &Palette) -> Vec<(Color32, String)> {
    let k = KEPT_NEIGHBOURS;
    (0..=k)
        .step_by(2)
        .map(|kept| {
            let text = match kept {
                0 => format!("none of its {k} nearest kept"),
                kept if kept == k => format!("all {k} kept"),
                kept => format!("{kept}"),
            };
            (palette.kept(kept as f64 / k as f64), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::floor::palette::DESK;

    #[test]
    fn the_legend_runs_from_none_kept_to_all() {
        let entries = kept_legend_entries(&DESK);
        assert_eq!(entries.len(), KEPT_NEIGHBOURS / 2 + 1);
        assert_eq!(entries[0].0, DESK.kept(0.0));
        assert_eq!(entries.last().map(|e| e.0), Some(DESK.kept(1.0)));
        assert!(entries[0].1.starts_with("none"));
        assert!(entries.last().is_some_and(|e| e.1.starts_with("all")));
    }
}
