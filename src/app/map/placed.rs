//! Pictures placed by their vectors among the words ([`Placed`]): where each goes on the map,
//! remembered until the layout changes, and drawn at one size on screen whatever the zoom.

use std::collections::HashMap;

use egui::{Rect, RichText, Vec2};
use egui_plot::{Line, PlotImage, PlotPoint, PlotUi, Points, Text};

use super::WordMap;
use crate::app::floor::marks::Placed;
use crate::app::floor::palette::Palette;
use crate::words::WordVectors;

/// Longest side of a placed picture, in points.
const SIDE: f32 = 44.0;
/// Room between a picture and its place, or the picture above it, in points.
const GAP: f32 = 3.0;

/// Where each picture goes on one layout (a t-SNE map places a picture by searching its nearest
/// words: worth doing once per layout, not every frame).
#[derive(Default)]
pub(super) struct PlacedPositions {
    generation: Option<u64>,
    /// By the address of the picture's vector, which is shared while the picture lives.
    positions: HashMap<usize, Option<[f64; 2]>>,
}

impl PlacedPositions {
    /// Each picture with its place on `map`, leaving out those that have none.
    pub(super) fn place<'p>(
        &mut self,
        map: &WordMap,
        vectors: &WordVectors,
        pictures: &[&'p Placed],
    ) -> Vec<(&'p Placed, [f64; 2])> {
        // Forget another layout's places, and those of pictures gone since.
        let parts: usize = pictures.iter().map(|p| 1 + p.spokes.len()).sum();
        if self.generation != Some(map.generation) || self.positions.len() > 2 * parts {
            self.generation = Some(map.generation);
            self.positions.clear();
        }
        pictures
            .iter()
            .filter_map(|&picture| {
                let at = self.position(map, vectors, &picture.vector)?;
                Some((picture, at))
            })
            .collect()
    }

    /// Where `vector` goes on `map`, placed once and remembered by its address.
    fn position(
        &mut self,
        map: &WordMap,
        vectors: &WordVectors,
        vector: &[f32],
    ) -> Option<[f64; 2]> {
        *self
            .positions
            .entry(vector.as_ptr() as usize)
            .or_insert_with(|| map.place_vector(vectors, vector))
    }
}

/// A spoke from a picture's place to the place of one of its parts.
pub(super) struct SpokeLine {
    pub from: [f64; 2],
    pub to: [f64; 2],
    pub weight: f32,
    pub name: String,
}

impl PlacedPositions {
    /// The spokes of the placed pictures, each part placed on `map` as the pictures are (and
    /// remembered with them).
    pub(super) fn spokes(
        &mut self,
        map: &WordMap,
        vectors: &WordVectors,
        placed: &[(&Placed, [f64; 2])],
    ) -> Vec<SpokeLine> {
        let mut lines = Vec::new();
        for (picture, from) in placed {
            for spoke in &picture.spokes {
                if let Some(to) = self.position(map, vectors, &spoke.vector) {
                    lines.push(SpokeLine {
                        from: *from,
                        to,
                        weight: spoke.weight,
                        name: spoke.name.clone(),
                    });
                }
            }
        }
        lines
    }
}

/// Draws each spoke as wide as its weight (a weight of 1: 10 points), named with its weight at
/// its end where the name has room (the heaviest first), and the point the spokes meet at: where
/// the picture's vector is placed.
pub(super) fn draw_spokes(plot: &mut PlotUi<'_>, palette: &Palette, spokes: &[SpokeLine]) {
    let mut labels: Vec<Rect> = Vec::new();
    for spoke in spokes {
        plot.line(
            Line::new("spoke", vec![spoke.from, spoke.to])
                .color(palette.unsure.gamma_multiply(0.8))
                .width(1.0 + 10.0 * spoke.weight),
        );
        let text = format!("{} {:.2}", spoke.name, spoke.weight);
        let end = plot.screen_from_plot(PlotPoint::new(spoke.to[0], spoke.to[1]));
        // Roughly the label's box: the map's labels are 7 points a character, 14 high.
        let label = Rect::from_min_size(
            end - Vec2::new(0.0, 14.0),
            Vec2::new(7.0 * text.chars().count() as f32, 14.0),
        );
        if labels.iter().any(|other| other.intersects(label)) {
            continue;
        }
        labels.push(label);
        plot.text(
            Text::new("spoke", PlotPoint::new(spoke.to[0], spoke.to[1]), text)
                .color(palette.unsure)
                .anchor(egui::Align2::LEFT_BOTTOM),
        );
    }
    if let Some(first) = spokes.first() {
        plot.points(
            Points::new("spoke", vec![first.from])
                .color(palette.unsure)
                .radius(4.0),
        );
    }
}

/// Draws the pictures at their places, each left of its place so the label of the word there
/// (drawn to the right) stays readable; pictures that would cover one another are stacked down
/// a column instead. Returns where each went on screen, in the same order.
pub(super) fn draw(
    plot: &mut PlotUi<'_>,
    palette: &Palette,
    pictures: &[(&Placed, [f64; 2])],
) -> Vec<Rect> {
    let [dx, dy] = plot.transform().dvalue_dpos();
    // The picture with spokes goes first, so that it sits at its place and not down a column.
    let mut order: Vec<usize> = (0..pictures.len()).collect();
    order.sort_by_key(|&i| pictures[i].0.spokes.is_empty());
    let mut rects: Vec<(usize, Rect)> = Vec::with_capacity(pictures.len());
    for index in order {
        let (picture, at) = &pictures[index];
        let size = if picture.aspect >= 1.0 {
            Vec2::new(SIDE, SIDE / picture.aspect)
        } else {
            Vec2::new(SIDE * picture.aspect, SIDE)
        };
        let place = plot.screen_from_plot(PlotPoint::new(at[0], at[1]));
        let mut rect = Rect::from_min_size(place - Vec2::new(size.x + GAP, size.y / 2.0), size);
        while let Some(below) = rects
            .iter()
            .filter(|(_, r)| r.intersects(rect))
            .map(|(_, r)| r.max.y)
            .reduce(f32::max)
        {
            rect = rect.translate(Vec2::new(0.0, below + GAP - rect.min.y));
        }
        let centre = plot.plot_from_screen(rect.center());
        plot.image(PlotImage::new(
            picture.name.clone(),
            picture.texture,
            centre,
            Vec2::new(
                (f64::from(size.x) * dx.abs()) as f32,
                (f64::from(size.y) * dy.abs()) as f32,
            ),
        ));
        if picture.unsure {
            // A question mark on an amber corner: this place averages the network's guesses.
            let corner = plot.plot_from_screen(rect.right_top() + Vec2::new(-6.0, 6.0));
            plot.text(
                Text::new("unsure", corner, RichText::new("?").strong().size(14.0))
                    .color(palette.unsure)
                    .anchor(egui::Align2::CENTER_CENTER),
            );
        }
        rects.push((index, rect));
    }
    rects.sort_by_key(|&(index, _)| index);
    rects.into_iter().map(|(_, rect)| rect).collect()
}
