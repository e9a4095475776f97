//! The spectrum: the eigenvalues of the covariance of the most frequent words' unit vectors, as
//! a scree plot with its cumulative share, and how many dimensions hold half and nine tenths of
//! the variance. PCA's map shows the first two; this shows what it leaves out.

use egui_plot::{Bar, BarChart, HLine, Line, Plot, PlotPoints};

use super::LabQuery;
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::dataset::{Dataset, group_thousands};
use crate::linear_algebra::{LinearAlgebraError, Spectrum};
use crate::words::WordVectors;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SpectrumView {
    pub words: usize,
    #[serde(skip)]
    pub result: LatestAnswer<Result<Spectrum, LinearAlgebraError>>,
}

impl Default for SpectrumView {
    fn default() -> Self {
        Self {
            words: 5_000,
            result: LatestAnswer::default(),
        }
    }
}

/// Job: the spectrum of the `words` most frequent words.
pub(super) fn compute(vectors: &WordVectors, words: usize) -> Result<Spectrum, LinearAlgebraError> {
    let count = words.min(vectors.len());
    let rows: Vec<&[f32]> = (0..count).map(|i| vectors.unit_vector(i)).collect();
    Spectrum::of(&rows, vectors.dim())
}

impl SpectrumView {
    pub fn query(&self) -> LabQuery {
        LabQuery::Spectrum { words: self.words }
    }

    pub fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label("The eigenvalues of the covariance of the words' unit vectors: the variance along each principal axis, largest first.");
        ui.horizontal(|ui| {
            let label = ui.label("Most frequent words");
            let slider = ui
                .add(egui::Slider::new(&mut self.words, 100..=50_000).logarithmic(true))
                .labelled_by(label.id);
            if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
                actions.push(Action::LabQuery(self.query()));
            }
        });
        if ui.button("Compute").clicked() {
            actions.push(Action::LabQuery(self.query()));
        }
    }

    pub fn view_ui(&self, ui: &mut egui::Ui, dataset: &Dataset) {
        let words = self.words.min(dataset.vectors.len());
        answer_ui(
            ui,
            self.result.as_ref(),
            Some("Compute the spectrum."),
            |ui, spectrum| {
                scree_ui(ui, spectrum, words);
            },
        );
    }
}

fn scree_ui(ui: &mut egui::Ui, spectrum: &Spectrum, words: usize) {
    let (half, most) = (
        spectrum.dimensions_holding(0.5),
        spectrum.dimensions_holding(0.9),
    );
    let dims = spectrum.eigenvalues.len();
    ui.label(
        egui::RichText::new(format!(
            "{half} of {dims} dimensions hold half the variance of the {} most frequent words; \
             {most} hold 90 %.",
            group_thousands(words)
        ))
        .size(18.0),
    );
    ui.label(format!(
        "A PCA map shows the first two: {:.1} % and {:.1} %. The rest is spread thinly over many \
         directions, which is why no 2-D picture keeps all the neighbours.",
        100.0 * spectrum.explained.first().copied().unwrap_or(0.0),
        100.0 * spectrum.explained.get(1).copied().unwrap_or(0.0)
    ));
    let bars: Vec<Bar> = spectrum
        .explained
        .iter()
        .enumerate()
        .map(|(i, &share)| {
            Bar::new(i as f64 + 1.0, 100.0 * share)
                .width(0.8)
                .name(format!("λ{} = {:.5}", i + 1, spectrum.eigenvalues[i]))
        })
        .collect();
    let mut held = 0.0;
    let cumulative: Vec<[f64; 2]> = spectrum
        .explained
        .iter()
        .enumerate()
        .map(|(i, share)| {
            held += share;
            [i as f64 + 1.0, 100.0 * held]
        })
        .collect();
    let height = (ui.available_height() / 2.0 - 20.0).max(120.0);
    ui.strong("Each principal axis's share of the variance (the scree plot)");
    Plot::new("spectrum")
        .height(height)
        .x_axis_label("principal axis")
        .y_axis_label("% of the variance")
        .include_y(0.0)
        .show(ui, |plot| plot.bar_chart(BarChart::new("each axis", bars)));
    ui.strong("Their cumulative share");
    Plot::new("cumulative spectrum")
        .height(height)
        .x_axis_label("principal axes kept")
        .y_axis_label("% of the variance")
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            plot.line(Line::new("cumulative", PlotPoints::from(cumulative)));
            plot.hline(HLine::new("50 %", 50.0));
            plot.hline(HLine::new("90 %", 90.0));
        });
}
