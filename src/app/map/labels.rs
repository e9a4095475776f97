//! Word labels on the map, placed where they fit without overlapping: the marked words first,
//! then the most frequent, more as zooming in makes room.

use std::collections::HashSet;

use egui::{Color32, Pos2, Rect, Vec2};
use egui_plot::{PlotPoint, PlotUi, Text};

use super::WordMap;

/// Most labels drawn at once (frequent words first, then as zoom makes room).
const MAX_LABELS: usize = 400;
/// Most words in view tried for a label in one frame, most frequent first: with the whole
/// vocabulary on the map, trying all 341k every frame would cost more than drawing them.
const MAX_LABEL_TRIES: usize = 5_000;

/// Labels as many points as fit without overlapping: the marked words first, then in frequency
/// (file) order among the first [`MAX_LABEL_TRIES`] in view; zooming in makes room for more.
/// `font_size` sizes the room each label takes.
pub(super) fn label_points<'w>(
    plot: &mut PlotUi<'_>,
    map: &WordMap,
    first: &[usize],
    font_size: f32,
    word: impl Fn(usize) -> (&'w str, Option<Color32>),
) {
    let (indices, coords) = (map.indices(), &map.coords);
    let frame = plot.transform().frame().to_owned();
    let mut taken = TakenRects::new(frame);
    let (mut placed, mut tried) = (0, 0);
    let first: Vec<usize> = first.iter().filter_map(|&i| map.position(i)).collect();
    let marked: HashSet<usize> = first.iter().copied().collect();
    let rest = (0..indices.len()).filter(|p| !marked.contains(p));
    for (n, p) in first.iter().copied().chain(rest).enumerate() {
        if placed >= MAX_LABELS || (n >= first.len() && tried >= MAX_LABEL_TRIES) {
            break;
        }
        let point = PlotPoint::new(coords[p][0], coords[p][1]);
        let screen = plot.screen_from_plot(point);
        if !frame.contains(screen) {
            continue;
        }
        tried += 1;
        let (text, colour) = word(indices[p]);
        // At egui's small size (9 points) a character is about 6.5 points wide, a line 14 high.
        let em = font_size / 9.0;
        let size = Vec2::new(6.5 * em * text.chars().count() as f32 + 4.0, 14.0 * em);
        let rect = Rect::from_min_size(Pos2::new(screen.x + 3.0, screen.y - size.y), size);
        if !taken.take(rect) {
            continue;
        }
        placed += 1;
        let label = Text::new("labels", point, text.to_owned()).anchor(egui::Align2::LEFT_BOTTOM);
        plot.text(match colour {
            Some(colour) => label.color(colour),
            None => label,
        });
    }
}

/// The labels' rectangles placed so far, bucketed by a coarse grid over the plot, so that
/// trying each of 341k words costs a look at a few neighbours, not at every label placed.
struct TakenRects {
    frame: Rect,
    columns: usize,
    cells: Vec<Vec<Rect>>,
}

impl TakenRects {
    /// Cell side in points: about a short label's width.
    const CELL: f32 = 48.0;

    fn new(frame: Rect) -> Self {
        let columns = (frame.width() / Self::CELL).ceil().max(1.0) as usize;
        let rows = (frame.height() / Self::CELL).ceil().max(1.0) as usize;
        Self {
            frame,
            columns,
            cells: vec![Vec::new(); columns * rows],
        }
    }

    /// The cells `rect` touches, as (column, row) ranges.
    fn span(
        &self,
        rect: Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let rows = self.cells.len() / self.columns;
        let cell = |v: f32, low: f32, count: usize| {
            (((v - low) / Self::CELL).max(0.0) as usize).min(count - 1)
        };
        (
            cell(rect.min.x, self.frame.min.x, self.columns)
                ..=cell(rect.max.x, self.frame.min.x, self.columns),
            cell(rect.min.y, self.frame.min.y, rows)..=cell(rect.max.y, self.frame.min.y, rows),
        )
    }

    /// Takes `rect` unless it overlaps one already taken; returns whether it did.
    fn take(&mut self, rect: Rect) -> bool {
        let (columns, rows) = self.span(rect);
        let cells = || {
            rows.clone()
                .flat_map(|row| columns.clone().map(move |column| (row, column)))
        };
        if cells().any(|(row, column)| {
            self.cells[row * self.columns + column]
                .iter()
                .any(|r| r.intersects(rect))
        }) {
            return false;
        }
        for (row, column) in cells() {
            self.cells[row * self.columns + column].push(rect);
        }
        true
    }
}
