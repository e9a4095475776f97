//! Pictures placed by their vectors among the words ([`Placed`]): where each goes on the map,
//! remembered until the layout changes, and drawn at one size on screen whatever the zoom.

use std::collections::HashMap;

use egui::{Rect, RichText, Vec2};
use egui_plot::{PlotImage, PlotPoint, PlotUi, Text};

use super::{Placed, WordMap};
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
        if self.generation != Some(map.generation) || self.positions.len() > 2 * pictures.len() {
            self.generation = Some(map.generation);
            self.positions.clear();
        }
        pictures
            .iter()
            .filter_map(|&picture| {
                let key = picture.vector.as_ptr() as usize;
                let at = *self
                    .positions
                    .entry(key)
                    .or_insert_with(|| map.place_vector(vectors, &picture.vector));
                at.map(|at| (picture, at))
            })
            .collect()
    }
}

/// Draws the pictures at their places, each left of its place so the label of the word there
/// (drawn to the right) stays readable; pictures that would cover one another are stacked down
/// a column instead. Returns where each went on screen, in the same order.
pub(super) fn draw(plot: &mut PlotUi<'_>, pictures: &[(&Placed, [f64; 2])]) -> Vec<Rect> {
    let [dx, dy] = plot.transform().dvalue_dpos();
    let mut rects: Vec<Rect> = Vec::with_capacity(pictures.len());
    for (picture, at) in pictures {
        let size = if picture.aspect >= 1.0 {
            Vec2::new(SIDE, SIDE / picture.aspect)
        } else {
            Vec2::new(SIDE * picture.aspect, SIDE)
        };
        let place = plot.screen_from_plot(PlotPoint::new(at[0], at[1]));
        let mut rect = Rect::from_min_size(place - Vec2::new(size.x + GAP, size.y / 2.0), size);
        while let Some(below) = rects
            .iter()
            .filter(|r| r.intersects(rect))
            .map(|r| r.max.y)
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
                    .color(UNSURE)
                    .anchor(egui::Align2::CENTER_CENTER),
            );
        }
        rects.push(rect);
    }
    rects
}

/// The mark of a photo the network is unsure of.
const UNSURE: egui::Color32 = egui::Color32::from_rgb(255, 190, 40);
