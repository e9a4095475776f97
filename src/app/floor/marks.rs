//! What rooms put on a map: points, arrows, lines, labels and thumbnails, each anchored at a
//! word or at a position, each coloured by what it means ([`Tone`]). The maps (2-D and 3-D) draw
//! these without knowing which room made them; a room says what it wants drawn by returning
//! layers.

use std::sync::Arc;

use egui::{TextureId, Vec2};
use egui_plot::{Arrows, Line, PlotImage, PlotPoint, PlotUi, Points, Text};

use super::palette::Palette;
pub use super::palette::Tone;

/// Where a mark sits: at a word of the dataset on screen, or at a point of the map's plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    Word(usize),
    Point([f64; 2]),
}

/// A photo drawn on a map.
#[derive(Debug, Clone)]
pub struct Thumbnail {
    pub at: At,
    pub texture: TextureId,
    /// Width over height.
    pub aspect: f32,
    pub name: String,
}

/// A picture placed by a vector of the map's own space (a photo among the words): the map puts it
/// where its layout puts that vector, so it follows PCA and t-SNE alike.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Unit vector in the space of the map's points.
    pub vector: Arc<[f32]>,
    pub texture: TextureId,
    /// Width over height.
    pub aspect: f32,
    pub name: String,
    /// Shown under the name while the pointer is on the picture.
    pub note: String,
    /// The network is unsure what the picture shows: the map marks it.
    pub unsure: bool,
    /// Spokes from the picture to the places of the vectors it was made of (a photo's classes),
    /// each as wide as its weight.
    pub spokes: Vec<Spoke>,
}

/// One part of a placed picture: a vector of the map's space, its weight and its name.
#[derive(Debug, Clone)]
pub struct Spoke {
    pub vector: Arc<[f32]>,
    pub weight: f32,
    pub name: String,
}

/// One kind of mark, drawn in the order the layers are given.
#[derive(Debug, Clone)]
pub enum Layer {
    /// Marked points; their words are labelled before any other word.
    Points {
        name: String,
        at: Vec<At>,
        color: Tone,
        radius: f32,
    },
    /// Arrows from the first to the second place of each pair.
    Arrows { arrows: Vec<(At, At)>, color: Tone },
    /// Plain segments.
    Lines { lines: Vec<(At, At)>, color: Tone },
    /// Text beside places.
    Labels {
        labels: Vec<(At, String)>,
        color: Tone,
    },
    /// Pictures centred on places, `side` plot units across at most.
    Thumbnails {
        thumbnails: Vec<Thumbnail>,
        side: f64,
    },
    /// Pictures the map places itself, by their vectors, at a fixed size on screen; the map can
    /// hide them and names them on hover.
    Placed(Vec<Placed>),
}

impl Layer {
    /// The words this layer marks: the map must include them.
    pub fn words(&self) -> Vec<usize> {
        let word = |at: &At| match at {
            At::Word(index) => Some(*index),
            At::Point(_) => None,
        };
        match self {
            Layer::Points { at, .. } => at.iter().filter_map(word).collect(),
            Layer::Arrows { arrows: pairs, .. } | Layer::Lines { lines: pairs, .. } => pairs
                .iter()
                .flat_map(|(a, b)| [word(a), word(b)])
                .flatten()
                .collect(),
            Layer::Labels { labels, .. } => labels.iter().filter_map(|(at, _)| word(at)).collect(),
            Layer::Thumbnails { thumbnails, .. } => {
                thumbnails.iter().filter_map(|t| word(&t.at)).collect()
            }
            Layer::Placed(_) => Vec::new(),
        }
    }

    /// The words to label first: those of marked points.
    pub fn labelled_words(&self) -> Vec<usize> {
        match self {
            Layer::Points { .. } => self.words(),
            _ => Vec::new(),
        }
    }
}

/// Draws `layers` on a plot; `place` turns an anchor into plot coordinates (`None`: not on this
/// map, so the mark is skipped). [`Layer::Placed`] is left to the map that can place it.
pub fn draw(
    plot: &mut PlotUi<'_>,
    palette: &Palette,
    layers: &[Layer],
    place: impl Fn(At) -> Option<[f64; 2]>,
) {
    for layer in layers {
        match layer {
            Layer::Points {
                name,
                at,
                color,
                radius,
            } => {
                let points: Vec<[f64; 2]> = at.iter().filter_map(|&a| place(a)).collect();
                plot.points(
                    Points::new(name.clone(), points)
                        .radius(*radius)
                        .color(palette.tone(*color))
                        .allow_hover(false),
                );
            }
            Layer::Arrows { arrows, color } => {
                for &(from, to) in arrows {
                    if let (Some(a), Some(b)) = (place(from), place(to)) {
                        plot.arrows(
                            Arrows::new("arrow", vec![a], vec![b])
                                .tip_length(12.0)
                                .color(palette.tone(*color)),
                        );
                    }
                }
            }
            Layer::Lines { lines, color } => {
                for &(from, to) in lines {
                    if let (Some(a), Some(b)) = (place(from), place(to)) {
                        plot.line(Line::new("line", vec![a, b]).color(palette.tone(*color)));
                    }
                }
            }
            Layer::Labels { labels, color } => {
                for (at, text) in labels {
                    if let Some(p) = place(*at) {
                        plot.text(
                            Text::new("label", p.into(), text.clone())
                                .color(palette.tone(*color))
                                .anchor(egui::Align2::LEFT_BOTTOM),
                        );
                    }
                }
            }
            Layer::Thumbnails { thumbnails, side } => {
                for thumbnail in thumbnails {
                    let Some(p) = place(thumbnail.at) else {
                        continue;
                    };
                    let aspect = f64::from(thumbnail.aspect);
                    let size = if aspect >= 1.0 {
                        [*side, side / aspect]
                    } else {
                        [side * aspect, *side]
                    };
                    plot.image(PlotImage::new(
                        thumbnail.name.clone(),
                        thumbnail.texture,
                        PlotPoint::new(p[0], p[1]),
                        Vec2::new(size[0] as f32, size[1] as f32),
                    ));
                }
            }
            Layer::Placed(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_name_the_words_they_need() {
        let arrows = Layer::Arrows {
            arrows: vec![
                (At::Word(3), At::Word(1)),
                (At::Point([0.0, 0.0]), At::Word(7)),
            ],
            color: Tone::Accent,
        };
        assert_eq!(arrows.words(), vec![3, 1, 7]);
        assert!(arrows.labelled_words().is_empty());
        let points = Layer::Points {
            name: "yours".into(),
            at: vec![At::Word(2), At::Point([1.0, 1.0])],
            color: Tone::Accent,
            radius: 4.0,
        };
        assert_eq!(points.labelled_words(), vec![2]);
    }
}
