//! Projection and rejection: a word's unit vector v split along a typed direction d (unit vector
//! u), drawn as the right triangle it makes in the plane of v and d (true lengths and angles: the
//! plane's first axis is u, its second the direction of the rejection), with the numbers beside
//! it.

use egui::Color32;
use egui_plot::{Arrows, Line, Plot, PlotPoints, Text};

use super::{LabQuery, fields_and_button};
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::palette;
use crate::linear_algebra::{Direction, LinearAlgebraError, Split};
use crate::words::WordVectors;

/// A word split along a direction.
pub struct SplitResult {
    pub word: String,
    pub direction: String,
    pub split: Split,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SplitView {
    pub word: String,
    pub direction: String,
    #[serde(skip)]
    pub result: LatestAnswer<Result<SplitResult, LinearAlgebraError>>,
}

impl Default for SplitView {
    fn default() -> Self {
        Self {
            word: "nurse".into(),
            direction: "he - she".into(),
            result: LatestAnswer::default(),
        }
    }
}

/// Job: splits `word` along the typed `direction`.
pub(super) fn split(
    vectors: &WordVectors,
    word: &str,
    direction: &str,
) -> Result<SplitResult, LinearAlgebraError> {
    let word = word.trim();
    let index = vectors.lookup(word)?;
    let unit = Direction::typed(vectors, direction)?.unit;
    let split = Split::of(vectors.unit_vector(index), &unit).ok_or(LinearAlgebraError::Cancel)?;
    Ok(SplitResult {
        word: word.to_owned(),
        direction: direction.trim().to_owned(),
        split,
    })
}

impl SplitView {
    pub fn query(&self) -> LabQuery {
        LabQuery::Split {
            word: self.word.clone(),
            direction: self.direction.clone(),
        }
    }

    pub fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label("v = (v·u)u + (v − (v·u)u), with u = d/|d|: the part of a word along a direction, and the part orthogonal to it.");
        let run = fields_and_button(
            ui,
            [
                ("Word v", &mut self.word, "nurse"),
                ("Direction d", &mut self.direction, "he - she"),
            ],
            "Split",
        );
        if run {
            actions.push(Action::LabQuery(self.query()));
        }
    }

    pub fn view_ui(&self, ui: &mut egui::Ui) {
        answer_ui(
            ui,
            self.result.as_ref(),
            Some("Type a word and a direction, then Split."),
            triangle_ui,
        );
    }
}

/// The numbers, then the right triangle.
fn triangle_ui(ui: &mut egui::Ui, result: &SplitResult) {
    let Split {
        along,
        across,
        length,
        degrees,
        ..
    } = result.split;
    let palette = palette::ui(ui);
    let (word, direction) = (&result.word, &result.direction);
    egui::Grid::new("split numbers")
        .striped(true)
        .show(ui, |ui| {
            ui.label("v·u (the leg along d)");
            ui.colored_label(palette.along, format!("{along:+.4}"));
            ui.end_row();
            ui.label("|v − (v·u)u| (the leg across d)");
            ui.colored_label(palette.across, format!("{across:.4}"));
            ui.end_row();
            ui.label("|v| (the hypotenuse)");
            ui.label(format!("{length:.4}"));
            ui.end_row();
            ui.label("Pythagoras: along² + across²");
            ui.label(format!("{:.4}", along * along + across * across));
            ui.end_row();
            ui.label(format!("angle between {word} and d"));
            ui.label(format!(
                "{degrees:.1}°  (cos = {:.4})",
                along / length.max(1e-12)
            ));
            ui.end_row();
        });
    let side = if along >= 0.0 { "added" } else { "subtracted" };
    ui.label(format!(
        "d = {direction}. {word} leans toward the {side} words of d by {:.3}; the rest of it, \
         {across:.3} long, is orthogonal to d: what {word} means apart from d.",
        along.abs()
    ));
    let corner = 0.04;
    let mark = |name: &str, at: [f64; 2], text: String, colour: Color32| {
        Text::new(name, at.into(), text).color(colour)
    };
    Plot::new("split triangle")
        .data_aspect(1.0)
        .show_axes(false)
        .include_x(-1.15)
        .include_x(1.15)
        .include_y(-0.15)
        .include_y(1.1)
        .show(ui, |plot| {
            let arrow = |name: &str, from: [f64; 2], to: [f64; 2], colour: Color32| {
                Arrows::new(
                    name,
                    PlotPoints::from(vec![from]),
                    PlotPoints::from(vec![to]),
                )
                .color(colour)
                .tip_length(14.0)
            };
            plot.arrows(arrow("u", [0.0, 0.0], [1.0, 0.0], palette.direction));
            plot.arrows(arrow("v", [0.0, 0.0], [along, across], palette.accent));
            plot.arrows(arrow("(v·u)u", [0.0, 0.0], [along, 0.0], palette.along));
            plot.arrows(arrow(
                "v − (v·u)u",
                [along, 0.0],
                [along, across],
                palette.across,
            ));
            // The right angle where the two legs meet.
            let side = if along >= 0.0 { corner } else { -corner };
            plot.line(
                Line::new(
                    "right angle",
                    PlotPoints::from(vec![
                        [along - side, 0.0],
                        [along - side, corner],
                        [along, corner],
                    ]),
                )
                .color(Color32::GRAY),
            );
            // The angle θ between v and d, as an arc.
            let theta = degrees.to_radians();
            let arc: Vec<[f64; 2]> = (0..=32)
                .map(|k| {
                    let t = theta * f64::from(k) / 32.0;
                    [0.18 * t.cos(), 0.18 * t.sin()]
                })
                .collect();
            plot.line(Line::new("θ", PlotPoints::from(arc)).color(Color32::GRAY));
            plot.text(mark(
                "θ",
                [0.26 * (theta / 2.0).cos(), 0.26 * (theta / 2.0).sin()],
                format!("{degrees:.0}°"),
                Color32::GRAY,
            ));
            plot.text(mark(
                "word",
                [along * 1.05, across + 0.06],
                word.clone(),
                palette.accent,
            ));
            plot.text(mark(
                "d label",
                [1.0, -0.07],
                format!("u = d/|d|, d = {direction}"),
                palette.direction,
            ));
            plot.text(mark(
                "along",
                [along / 2.0, -0.07],
                format!("{along:+.3}"),
                palette.along,
            ));
            plot.text(mark(
                "across",
                [along + 0.1 * side.signum(), across / 2.0],
                format!("{across:.3}"),
                palette.across,
            ));
        });
}
