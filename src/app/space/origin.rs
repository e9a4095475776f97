//! The 3-D view's "vectors from the origin": words as arrows from the origin in the three
//! directions that hold them (fitted on just these words, without centring, so that up to three
//! words and their plane are shown truly), with the construction chosen: the analogy's words and
//! its parallelogram (or the words the other panels mark), the angle between two words as an arc,
//! or the plane of two words with a third dropped onto it. The numbers go beside the picture.

use egui::Color32;

use super::scene::{Fit, Mark, Scene};
use crate::app::floor::palette::Palette;
use crate::linear_algebra::origin::angle;
use crate::linear_algebra::{OriginFrame, PlaneProjection};
use crate::words::{Expression, Sign, WordVectors};

/// What the arrows show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Construction {
    /// The words the panels mark, and the analogy's parallelogram.
    #[default]
    Marked,
    /// The angle between two words.
    Angle,
    /// The plane of two words and a third's projection onto it.
    Plane,
}

/// Most arrows for the marked words: more would hide each other.
const MAX_MARKED: usize = 12;
/// The scene and the numbers beside it.
pub struct OriginScene {
    pub scene: Scene,
    /// Lines of numbers, each a fact about the picture.
    pub numbers: Vec<String>,
    /// Why nothing (or less) can be shown.
    pub problem: Option<String>,
}

/// What the construction is made of.
pub struct OriginInputs<'a> {
    pub vectors: &'a WordVectors,
    pub construction: Construction,
    /// The words the panels mark.
    pub marked: &'a [usize],
    /// The analogy's expression and its best answer, if the panel has one.
    pub analogy: Option<(&'a Expression, Option<&'a str>)>,
    pub angle: &'a [String; 2],
    pub plane: &'a [String; 3],
    /// The theme's colours.
    pub palette: &'static Palette,
}

/// Builds the scene of the construction chosen.
pub fn origin_scene(inputs: &OriginInputs<'_>) -> OriginScene {
    let vectors = inputs.vectors;
    let index = |word: &str| vectors.index_of(word.trim());
    let unknown = |words: &[String]| -> Vec<String> {
        words
            .iter()
            .filter(|w| index(w).is_none())
            .map(|w| format!("\"{}\"", w.trim()))
            .collect()
    };
    let chosen: Vec<usize> = match inputs.construction {
        // The analogy's words when there is one (its parallelogram is the picture), else the
        // words the other panels mark.
        Construction::Marked => match inputs.analogy {
            Some((expression, answer)) => dedup(
                expression
                    .terms
                    .iter()
                    .filter_map(|t| index(&t.word))
                    .chain(answer.and_then(index))
                    .collect(),
            ),
            None => {
                let mut marked = dedup(inputs.marked.to_vec());
                marked.truncate(MAX_MARKED);
                marked
            }
        },
        Construction::Angle => {
            let missing = unknown(inputs.angle);
            if !missing.is_empty() {
                return failed(format!("not in the vocabulary: {}", missing.join(", ")));
            }
            inputs.angle.iter().filter_map(|w| index(w)).collect()
        }
        Construction::Plane => {
            let missing = unknown(inputs.plane);
            if !missing.is_empty() {
                return failed(format!("not in the vocabulary: {}", missing.join(", ")));
            }
            inputs.plane.iter().filter_map(|w| index(w)).collect()
        }
    };
    if chosen.is_empty() {
        return failed(
            "No words marked yet: ask the Analogy, Similarity or Neighbours panel something, or \
             choose an angle or a plane."
                .to_owned(),
        );
    }
    // The frame is fitted on the words that make the construction: the analogy's own terms
    // when there is one (its result lies in their span, so its parallelogram is true).
    let fitted_indices: Vec<usize> = match (inputs.construction, inputs.analogy) {
        (Construction::Marked, Some((expression, _))) if !expression.terms.is_empty() => dedup(
            expression
                .terms
                .iter()
                .filter_map(|t| index(&t.word))
                .collect(),
        ),
        _ => chosen.clone(),
    };
    let fitted: Vec<&[f32]> = fitted_indices
        .iter()
        .map(|&i| vectors.unit_vector(i))
        .collect();
    let fitted_words: Vec<&str> = fitted_indices.iter().map(|&i| vectors.word(i)).collect();
    let frame = match inputs.construction {
        // The plane lies flat and the perpendicular stands up.
        Construction::Plane if chosen.len() == 3 => {
            let [a, b, c] = [0, 1, 2].map(|k| vectors.unit_vector(chosen[k]));
            OriginFrame::of_plane(a, b, c)
        }
        _ => OriginFrame::fit(&fitted),
    };
    let frame = match frame {
        Ok(frame) => frame,
        Err(error) => return failed(format!("These words cannot be shown: {error}")),
    };
    let mut builder = Builder::new(&frame, inputs.palette);
    let mut numbers = Vec::new();
    match inputs.construction {
        Construction::Marked => {
            for &word in &chosen {
                builder.arrow(
                    vectors.unit_vector(word),
                    vectors.word(word),
                    builder.palette.arrow,
                );
            }
            if let Some((expression, answer)) = inputs.analogy {
                numbers.extend(parallelogram(&mut builder, vectors, expression, answer));
            }
            let shadows: Vec<String> = chosen
                .iter()
                .filter_map(|&w| {
                    let share = frame.share_of_length(vectors.unit_vector(w));
                    (share < 0.995).then(|| format!("{} {:.0}%", vectors.word(w), 100.0 * share))
                })
                .collect();
            if shadows.is_empty() {
                numbers.push("Every arrow is shown at its true length and angle.".to_owned());
            } else {
                numbers.push(format!(
                    "Shadows: these words lie partly outside the three directions shown, which \
                     keep of their length: {}",
                    shadows.join(", ")
                ));
            }
        }
        Construction::Angle => {
            let [a, b] = [chosen[0], chosen[1]];
            let (u, v) = (vectors.unit_vector(a), vectors.unit_vector(b));
            builder.arrow(u, vectors.word(a), builder.palette.arrow);
            builder.arrow(v, vectors.word(b), builder.palette.accent);
            let (degrees, cos) = angle(u, v);
            builder.arc(u, v, &format!("{degrees:.1}\u{b0}"));
            numbers.push(format!(
                "cos({}, {}) = {cos:.4}: the angle between them is {degrees:.1}\u{b0}",
                vectors.word(a),
                vectors.word(b)
            ));
            numbers.push(format!(
                "Both are unit vectors, so the dot product is the cosine: {} \u{b7} {} = {cos:.4}",
                vectors.word(a),
                vectors.word(b)
            ));
        }
        Construction::Plane => {
            let [a, b, c] = [chosen[0], chosen[1], chosen[2]];
            let (u, v, w) = (
                vectors.unit_vector(a),
                vectors.unit_vector(b),
                vectors.unit_vector(c),
            );
            let Ok(plane) = PlaneProjection::new(u, v, w) else {
                return failed(format!(
                    "{} and {} point the same way: they span a line, not a plane",
                    vectors.word(a),
                    vectors.word(b)
                ));
            };
            builder.floor();
            builder.arrow(u, vectors.word(a), builder.palette.arrow);
            builder.arrow(v, vectors.word(b), builder.palette.arrow);
            builder.arrow(w, vectors.word(c), builder.palette.accent);
            builder.arrow(
                &plane.foot,
                &format!("projection of {}", vectors.word(c)),
                builder.palette.foot,
            );
            builder.segment(w, &plane.foot, builder.palette.lost, false);
            let [x, y] = [plane.fit.coefficients[0], plane.fit.coefficients[1]];
            let length = crate::vector::norm(&plane.foot);
            numbers.push(format!(
                "projection of {} onto the plane of {} and {} = {x:.3} {} {} {:.3} {}",
                vectors.word(c),
                vectors.word(a),
                vectors.word(b),
                vectors.word(a),
                if y < 0.0 { "-" } else { "+" },
                y.abs(),
                vectors.word(b)
            ));
            numbers.push(format!(
                "its length {length:.3}; the perpendicular (red) {:.3}; {length:.3}\u{b2} + {:.3}\u{b2} = 1",
                plane.fit.residual_norm, plane.fit.residual_norm
            ));
            numbers.push(format!(
                "cos({}, plane) = {:.4}; the perpendicular is at 90\u{b0} to both {} and {}",
                vectors.word(c),
                plane.fit.cosine,
                vectors.word(a),
                vectors.word(b)
            ));
        }
    }
    numbers.push(format!(
        "The three directions are fitted on {} alone (no centring: the origin is the origin) and \
         hold {:.1}% of their squared length.",
        fitted_words.join(", "),
        100.0 * frame.held
    ));
    OriginScene {
        scene: builder.finish(),
        numbers,
        problem: None,
    }
}

/// The analogy a − b + c as its parallelogram: b to a and c to the result are the same step;
/// then how near the result lands to the answer.
fn parallelogram(
    builder: &mut Builder<'_>,
    vectors: &WordVectors,
    expression: &Expression,
    answer: Option<&str>,
) -> Vec<String> {
    let signed: Vec<(f32, &[f32])> = expression
        .terms
        .iter()
        .filter_map(|t| {
            let sign = if t.sign == Sign::Minus { -1.0 } else { 1.0 };
            Some((sign, vectors.unit_vector(vectors.index_of(&t.word)?)))
        })
        .collect();
    if signed.is_empty() {
        return Vec::new();
    }
    let mut result = vec![0.0f32; vectors.dim()];
    for (sign, v) in &signed {
        for (r, x) in result.iter_mut().zip(*v) {
            *r += sign * x;
        }
    }
    builder.arrow(&result, &expression.to_string(), builder.palette.accent);
    let mut numbers = Vec::new();
    // a − b + c: the sides b→a and c→result are one vector, a − b.
    if let [(1.0, a), (-1.0, b), (1.0, c)] = signed.as_slice() {
        builder.segment(b, a, builder.palette.accent.gamma_multiply(0.7), true);
        builder.segment(c, &result, builder.palette.accent.gamma_multiply(0.7), true);
        builder.segment(b, c, builder.palette.accent.gamma_multiply(0.35), false);
        builder.segment(
            a,
            &result,
            builder.palette.accent.gamma_multiply(0.35),
            false,
        );
        numbers.push(format!(
            "The parallelogram: the step from {} to {} is the step from {} to the result",
            expression.terms[1].word, expression.terms[0].word, expression.terms[2].word
        ));
    }
    let length = crate::vector::norm(&result);
    numbers.push(format!("|{expression}| = {length:.3}"));
    if let Some(answer) = answer.and_then(|w| vectors.index_of(w)) {
        let target = vectors.unit_vector(answer);
        builder.segment(&result, target, Color32::GRAY, false);
        let (degrees, cos) = angle(&result, target);
        numbers.push(format!(
            "cos({expression}, {}) = {cos:.4} ({degrees:.1}\u{b0}): the nearest word is the answer",
            vectors.word(answer)
        ));
    }
    numbers
}

fn dedup(words: Vec<usize>) -> Vec<usize> {
    let mut seen = Vec::new();
    for word in words {
        if !seen.contains(&word) {
            seen.push(word);
        }
    }
    seen
}

fn failed(problem: String) -> OriginScene {
    OriginScene {
        scene: Scene::default(),
        numbers: Vec::new(),
        problem: Some(problem),
    }
}

/// Collects the marks in the frame's coordinates, then scales them into the unit ball.
struct Builder<'f> {
    frame: &'f OriginFrame,
    palette: &'static Palette,
    marks: Vec<Mark>,
    /// Every place used, for the fit.
    places: Vec<[f64; 3]>,
}

impl<'f> Builder<'f> {
    fn new(frame: &'f OriginFrame, palette: &'static Palette) -> Self {
        Self {
            frame,
            palette,
            marks: Vec::new(),
            places: vec![[0.0; 3]],
        }
    }

    fn at(&mut self, vector: &[f32]) -> [f32; 3] {
        let placed = self.frame.place(vector);
        self.places.push(placed);
        placed.map(|c| c as f32)
    }

    fn arrow(&mut self, vector: &[f32], name: &str, colour: Color32) {
        let to = self.at(vector);
        self.marks.push(Mark::Segment {
            from: [0.0; 3],
            to,
            colour,
            width: 2.5,
            arrow: true,
        });
        self.marks.push(Mark::Text {
            at: to,
            text: name.to_owned(),
            colour,
        });
    }

    fn segment(&mut self, from: &[f32], to: &[f32], colour: Color32, arrow: bool) {
        let (from, to) = (self.at(from), self.at(to));
        self.marks.push(Mark::Segment {
            from,
            to,
            colour,
            width: 1.5,
            arrow,
        });
    }

    /// The arc from `u` to `v` (unit vectors) at a third of their length, with `text` at its
    /// middle.
    fn arc(&mut self, u: &[f32], v: &[f32], text: &str) {
        let (a, b) = (self.frame.place(u), self.frame.place(v));
        let (cos, _) = (crate::vector::cosine(u, v), ());
        let theta = f64::from(cos).clamp(-1.0, 1.0).acos();
        let steps = 24;
        let point = |t: f64| -> [f32; 3] {
            // Spherical interpolation between the two directions.
            let (wa, wb) = if theta.sin().abs() < 1e-9 {
                (1.0 - t, t)
            } else {
                (
                    ((1.0 - t) * theta).sin() / theta.sin(),
                    (t * theta).sin() / theta.sin(),
                )
            };
            std::array::from_fn(|c| (0.35 * (wa * a[c] + wb * b[c])) as f32)
        };
        for step in 0..steps {
            let (from, to) = (
                point(step as f64 / steps as f64),
                point((step + 1) as f64 / steps as f64),
            );
            self.marks.push(Mark::Segment {
                from,
                to,
                colour: self.palette.angle,
                width: 2.0,
                arrow: false,
            });
        }
        self.marks.push(Mark::Text {
            at: point(0.5),
            text: text.to_owned(),
            colour: self.palette.angle,
        });
    }

    /// The plane of the frame's first and third directions, a translucent square about the
    /// origin, a little wider than the unit vectors in it.
    fn floor(&mut self) {
        let corner = |x: f32, z: f32| [1.1 * x, 0.0, 1.1 * z];
        let corners = [
            corner(-1.0, -1.0),
            corner(1.0, -1.0),
            corner(1.0, 1.0),
            corner(-1.0, 1.0),
        ];
        self.marks.push(Mark::Triangle {
            corners: [corners[0], corners[1], corners[2]],
            colour: self.palette.plane,
        });
        self.marks.push(Mark::Triangle {
            corners: [corners[0], corners[2], corners[3]],
            colour: self.palette.plane,
        });
    }

    /// The marks scaled into the unit ball about the origin (the origin stays the origin).
    fn finish(self) -> Scene {
        let fit = Fit::of(&self.places, true);
        let scale = |p: [f32; 3]| fit.place(p.map(f64::from)).unwrap_or([0.0; 3]);
        let marks = self
            .marks
            .into_iter()
            .map(|mark| match mark {
                Mark::Segment {
                    from,
                    to,
                    colour,
                    width,
                    arrow,
                } => Mark::Segment {
                    from: scale(from),
                    to: scale(to),
                    colour,
                    width,
                    arrow,
                },
                Mark::Triangle { corners, colour } => Mark::Triangle {
                    corners: corners.map(scale),
                    colour,
                },
                Mark::Point { at, colour, radius } => Mark::Point {
                    at: scale(at),
                    colour,
                    radius,
                },
                Mark::Text { at, text, colour } => Mark::Text {
                    at: scale(at),
                    text,
                    colour,
                },
            })
            .collect();
        Scene {
            marks,
            ..Scene::default()
        }
    }
}
