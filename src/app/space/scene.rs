//! What one frame of the 3-D view shows, prepared before it is drawn: the dots, the marks
//! (arrows, lines, a translucent plane, text), the labels in the order they are placed, and the
//! photos. Everything sits in a unit ball about the origin; [`super::draw`] draws it through the
//! camera and knows nothing of where it came from.

use std::sync::Arc;

use egui::{Color32, TextureId};

/// A point of the cloud.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    pub at: [f32; 3],
    pub colour: Color32,
    /// Radius in points at the centre's depth.
    pub radius: f32,
    /// The word it stands for, as an index of the dataset.
    pub word: usize,
}

/// A drawn mark other than a dot.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A segment, with an arrowhead at `to` when `arrow`.
    Segment {
        from: [f32; 3],
        to: [f32; 3],
        colour: Color32,
        width: f32,
        arrow: bool,
    },
    /// A filled triangle (a plane is two), drawn translucent by its colour's alpha.
    Triangle {
        corners: [[f32; 3]; 3],
        colour: Color32,
    },
    /// A larger dot for a marked place.
    Point {
        at: [f32; 3],
        colour: Color32,
        radius: f32,
    },
    /// Text at a place (numbers beside a construction).
    Text {
        at: [f32; 3],
        text: String,
        colour: Color32,
    },
}

/// A label that may be placed: labels are tried in order and skipped where they would overlap.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub at: [f32; 3],
    pub text: String,
    /// The label's own colour, else the text colour.
    pub colour: Option<Color32>,
}

/// A photo drawn at its place, facing the camera.
#[derive(Debug, Clone)]
pub struct Picture {
    pub at: [f32; 3],
    pub texture: TextureId,
    /// Width over height.
    pub aspect: f32,
    pub name: String,
    /// The network is unsure what the photo shows: marked with a question mark, as on the map.
    pub unsure: bool,
}

/// One frame of the 3-D view. The dots and the frequent words' labels are shared from frame to
/// frame while the layout stays.
#[derive(Debug, Clone, Default)]
pub struct Scene {
    pub dots: Arc<[Dot]>,
    /// Drawn over the dots, in this order.
    pub marks: Vec<Mark>,
    /// Tried in this order, then `frequent`: the first that fit are drawn.
    pub labels: Vec<Label>,
    pub frequent: Arc<[Label]>,
    pub pictures: Vec<Picture>,
    /// The three axes' names, drawn at their ends (empty: no axes).
    pub axes: [String; 3],
}

/// More points than this are a cloud, fitted by its bulk rather than its farthest point.
const CLOUD: usize = 50;

/// Scales and shifts points into the unit ball: about `centre`, by `scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub centre: [f64; 3],
    pub scale: f64,
}

impl Fit {
    /// The fit that puts `points` (finite ones) inside the unit ball about their mean, or about
    /// the origin when `from_origin`: all of a few, the bulk of a cloud.
    pub fn of(points: &[[f64; 3]], from_origin: bool) -> Self {
        let finite: Vec<&[f64; 3]> = points
            .iter()
            .filter(|p| p.iter().all(|c| c.is_finite()))
            .collect();
        let centre = if from_origin || finite.is_empty() {
            [0.0; 3]
        } else {
            let n = finite.len() as f64;
            std::array::from_fn(|c| finite.iter().map(|p| p[c]).sum::<f64>() / n)
        };
        let mut distances: Vec<f64> = finite
            .iter()
            .map(|p| {
                (0..3)
                    .map(|c| (p[c] - centre[c]).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        distances.sort_by(f64::total_cmp);
        // A cloud is fitted by its 98th percentile, so that a few far words do not shrink the
        // rest to a speck; a few arrows are fitted whole.
        let radius = if distances.len() > CLOUD {
            distances[distances.len() * 98 / 100]
        } else {
            distances.last().copied().unwrap_or(0.0)
        };
        Self {
            centre,
            scale: if radius > 0.0 { 1.0 / radius } else { 1.0 },
        }
    }

    /// Where `point` goes in the unit ball; `None` for a place that is not a number, which
    /// never reaches the renderer.
    pub fn place(&self, point: [f64; 3]) -> Option<[f32; 3]> {
        let placed = std::array::from_fn(|c| ((point[c] - self.centre[c]) * self.scale) as f32);
        placed.iter().all(|c: &f32| c.is_finite()).then_some(placed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fit_puts_everything_in_the_unit_ball_and_drops_what_is_not_a_number() {
        let points = [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [f64::NAN, 0.0, 0.0]];
        let fit = Fit::of(&points, false);
        assert_eq!(fit.centre, [2.0, 2.0, 2.0]);
        for p in &points[..2] {
            let placed = fit.place(*p).unwrap();
            let radius = placed.iter().map(|c| c * c).sum::<f32>().sqrt();
            assert!((radius - 1.0).abs() < 1e-6);
        }
        assert!(fit.place(points[2]).is_none());
        let origin = Fit::of(&points[..2], true);
        assert_eq!(origin.centre, [0.0; 3]);
        assert_eq!(Fit::of(&[], false).scale, 1.0);
    }
}
