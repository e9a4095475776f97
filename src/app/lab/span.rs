//! Span and independence: a target word fitted by least squares in the span of a few others
//! (queen ≈ c₁·king + c₂·woman + c₃·man), with the residual, the Gram matrix as a heat map, the
//! singular values against the rank's tolerance, and Gram–Schmidt's steps: how much of each word
//! was new to the words before it.

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, HLine, Plot};

use super::{LabQuery, fields_and_button, split_words};
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::palette;
use crate::linear_algebra::{LinearAlgebraError, SpanFit, span_of};
use crate::words::WordVectors;

/// A fit and the words it is of.
pub struct SpanResult {
    pub target: String,
    pub basis: Vec<String>,
    pub fit: SpanFit,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SpanView {
    pub target: String,
    pub basis: String,
    #[serde(skip)]
    pub result: LatestAnswer<Result<SpanResult, LinearAlgebraError>>,
}

impl Default for SpanView {
    fn default() -> Self {
        Self {
            target: "queen".into(),
            basis: "king woman man".into(),
            result: LatestAnswer::default(),
        }
    }
}

/// Job: fits `target` by the words of `basis`.
pub(super) fn fit(
    vectors: &WordVectors,
    target: &str,
    basis: &str,
) -> Result<SpanResult, LinearAlgebraError> {
    let words = split_words(basis);
    let fit = span_of(vectors, target.trim(), &words)?;
    Ok(SpanResult {
        target: target.trim().to_owned(),
        basis: words.into_iter().map(str::to_owned).collect(),
        fit,
    })
}

impl SpanView {
    pub fn query(&self) -> LabQuery {
        LabQuery::Span {
            target: self.target.clone(),
            basis: self.basis.clone(),
        }
    }

    pub fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label("How much of a word lies in the span of others: the least-squares fit target ≈ c₁·w₁ + c₂·w₂ + …, and what is left over.");
        let run = fields_and_button(
            ui,
            [
                ("Target", &mut self.target, "queen"),
                ("Spanned by (2–10 words)", &mut self.basis, "king woman man"),
            ],
            "Fit",
        );
        if run {
            actions.push(Action::LabQuery(self.query()));
        }
    }

    pub fn view_ui(&self, ui: &mut egui::Ui) {
        answer_ui(
            ui,
            self.result.as_ref(),
            Some("Type a target and the words to span it, then Fit."),
            result_ui,
        );
    }
}

fn result_ui(ui: &mut egui::Ui, result: &SpanResult) {
    let SpanResult { target, basis, fit } = result;
    let terms: Vec<String> = basis
        .iter()
        .zip(&fit.coefficients)
        .map(|(word, c)| format!("{c:+.3}·{word}"))
        .collect();
    ui.label(
        RichText::new(format!("{target} ≈ {}", terms.join(" ")))
            .size(20.0)
            .strong(),
    );
    ui.label(format!(
        "The fit is the orthogonal projection of {target} onto the span: cosine {:.4} with \
         {target}; the residual (what no combination of these words reaches) is {:.4} long.",
        fit.cosine, fit.residual_norm
    ));
    ui.columns(2, |columns| {
        gram_ui(&mut columns[0], basis, &fit.gram);
        singular_ui(&mut columns[1], fit);
    });
    ui.separator();
    ui.strong("Gram–Schmidt, word by word");
    ui.small("Each word's part orthogonal to the words before it: 100 % is a new direction, 0 % lies in their span.");
    egui::Grid::new("gram schmidt")
        .striped(true)
        .show(ui, |ui| {
            for (word, new) in basis.iter().zip(&fit.new_parts) {
                ui.label(word);
                let bar = egui::ProgressBar::new(*new as f32)
                    .desired_width(220.0)
                    .text(format!("{:.0} % new", 100.0 * new));
                ui.add(bar);
                ui.end_row();
            }
        });
}

/// wᵢ·wⱼ as coloured cells with their values: 1 on the diagonal (unit vectors), the cosines off it.
fn gram_ui(ui: &mut egui::Ui, words: &[String], gram: &[Vec<f64>]) {
    // Blue for −1, white for 0, red for 1: black text reads on all of it.
    let palette = palette::ui(ui);
    ui.strong("Gram matrix: the dot product of every pair of words");
    egui::Grid::new("gram matrix")
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            ui.label("");
            for word in words {
                ui.small(word);
            }
            ui.end_row();
            for (word, row) in words.iter().zip(gram) {
                ui.small(word);
                for &value in row {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(46.0, 22.0), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(rect, 2.0, palette.diverging(value));
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        format!("{value:.2}"),
                        egui::FontId::proportional(11.0),
                        Color32::BLACK,
                    );
                }
                ui.end_row();
            }
        });
}

/// The singular values as bars, the tolerance below which one counts as zero, and the rank.
fn singular_ui(ui: &mut egui::Ui, fit: &SpanFit) {
    ui.strong(format!(
        "Singular values: rank {} of {} (tolerance {:.1e})",
        fit.rank,
        fit.singular_values.len(),
        fit.tolerance
    ));
    let bars: Vec<Bar> = fit
        .singular_values
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            Bar::new(i as f64 + 1.0, s)
                .width(0.6)
                .name(format!("σ{}", i + 1))
        })
        .collect();
    Plot::new("singular values")
        .height(160.0)
        .allow_scroll(false)
        .include_y(0.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("σ", bars));
            plot.hline(HLine::new("tolerance", fit.tolerance).color(Color32::GRAY));
        });
}
