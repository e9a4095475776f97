//! The similarity panel: the cosine of two words, seen three ways — the number, the angle
//! between the two unit vectors, and the per-dimension products whose sum it is.

use egui_plot::{Arrows, Bar, BarChart, Plot, PlotPoints};

use super::Query;
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::marks::{At, Layer, Tone};
use crate::app::floor::widgets;
use crate::vector;
use crate::words::{WordVectors, WordsError};

pub struct SimilarityResult {
    pub a: String,
    pub b: String,
    pub cosine: f32,
    /// Per-dimension products of the two unit vectors: they sum to the cosine.
    pub products: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SimilarityPanel {
    pub a: String,
    pub b: String,
    #[serde(skip)]
    pub result: LatestAnswer<Result<SimilarityResult, WordsError>>,
}

impl Default for SimilarityPanel {
    fn default() -> Self {
        Self {
            a: "cat".into(),
            b: "dog".into(),
            result: LatestAnswer::default(),
        }
    }
}

impl SimilarityPanel {
    /// The question the panel's inputs ask.
    pub fn query(&self) -> Query {
        Query::Similarity {
            a: self.a.clone(),
            b: self.b.clone(),
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.heading("Similarity");
        let mut run = false;
        ui.horizontal(|ui| {
            for (name, word) in [("First word", &mut self.a), ("Second word", &mut self.b)] {
                let label = ui.label(name);
                let response = ui
                    .add(egui::TextEdit::singleline(word).desired_width(110.0))
                    .labelled_by(label.id);
                run |= widgets::entered(ui, &response);
            }
            run |= ui.button("Compare").clicked();
        });
        if run {
            actions.push(Action::Query(self.query()));
        }
        answer_ui(ui, self.result.as_ref(), None, result_ui);
    }

    /// The two words, marked on the map.
    pub fn layers(&self, vectors: &WordVectors) -> Vec<Layer> {
        let Some(Ok(result)) = self.result.as_ref() else {
            return Vec::new();
        };
        let at = [&result.a, &result.b]
            .into_iter()
            .filter_map(|w| vectors.index_of(w).map(At::Word))
            .collect();
        vec![Layer::Points {
            name: "compared words".into(),
            at,
            color: Tone::Accent,
            radius: 4.0,
        }]
    }
}

pub(super) fn compare(
    vectors: &WordVectors,
    a: &str,
    b: &str,
) -> Result<SimilarityResult, WordsError> {
    let cosine = vectors.similarity(a, b)?;
    let (ia, ib) = (vectors.lookup(a)?, vectors.lookup(b)?);
    Ok(SimilarityResult {
        a: a.to_owned(),
        b: b.to_owned(),
        cosine,
        products: vector::products(vectors.unit_vector(ia), vectors.unit_vector(ib)),
    })
}

fn result_ui(ui: &mut egui::Ui, result: &SimilarityResult) {
    let degrees = f64::from(result.cosine)
        .clamp(-1.0, 1.0)
        .acos()
        .to_degrees();
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(format!("{:.4}", result.cosine))
                .size(28.0)
                .strong(),
        );
        ui.label(format!(
            "cosine of {} and {}\nangle {degrees:.1}°",
            result.a, result.b
        ));
    });
    ui.columns(2, |columns| {
        columns[0].small("The two unit vectors, at their true angle");
        let radians = degrees.to_radians();
        Plot::new("similarity angle")
            .height(150.0)
            .data_aspect(1.0)
            .show_axes(false)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .include_x(-1.1)
            .include_x(1.1)
            .include_y(-0.2)
            .include_y(1.1)
            .show(&mut columns[0], |plot| {
                let origin = [[0.0, 0.0], [0.0, 0.0]];
                let tips = [[1.0, 0.0], [radians.cos(), radians.sin()]];
                plot.arrows(
                    Arrows::new(
                        "vectors",
                        PlotPoints::from(origin.to_vec()),
                        PlotPoints::from(tips.to_vec()),
                    )
                    .tip_length(12.0),
                );
                plot.text(egui_plot::Text::new(
                    "a",
                    [1.0, -0.08].into(),
                    result.a.clone(),
                ));
                plot.text(egui_plot::Text::new(
                    "b",
                    [radians.cos(), radians.sin() + 0.08].into(),
                    result.b.clone(),
                ));
            });
        columns[1].small(format!(
            "{} products a_i·b_i; they sum to the cosine",
            result.products.len()
        ));
        let bars: Vec<Bar> = result
            .products
            .iter()
            .enumerate()
            .map(|(i, &p)| Bar::new(i as f64, f64::from(p)).width(0.8))
            .collect();
        Plot::new("similarity products")
            .height(150.0)
            .show_axes([false, true])
            .allow_scroll(false)
            .show(&mut columns[1], |plot| {
                plot.bar_chart(BarChart::new("a_i·b_i", bars))
            });
    });
}
