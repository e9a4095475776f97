//! The similarity panel: the cosine of two words, seen three ways — the number, the angle
//! between the two unit vectors, and the per-dimension products whose sum it is.

use egui_plot::{Arrows, Bar, BarChart, Plot, PlotPoints};

use super::state::{AppState, SimilarityResult};
use super::{Action, widgets};
use crate::words::WordVectors;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.heading("Similarity");
    let Some(dataset) = &state.dataset else {
        return;
    };
    let vectors = dataset.vectors.clone();
    let view = &mut state.similarity;
    let mut run = false;
    ui.horizontal(|ui| {
        for (name, word) in [("First word", &mut view.a), ("Second word", &mut view.b)] {
            let label = ui.label(name);
            let response = ui
                .add(egui::TextEdit::singleline(word).desired_width(110.0))
                .labelled_by(label.id);
            run |= widgets::entered(ui, &response);
        }
        run |= ui.button("Compare").clicked();
    });
    if run {
        view.result = Some(compare(&vectors, view.a.trim(), view.b.trim()));
        actions.push(Action::RefreshMap);
    }
    match &view.result {
        None => {}
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        Some(Ok(result)) => result_ui(ui, result),
    }
}

pub fn compare(vectors: &WordVectors, a: &str, b: &str) -> Result<SimilarityResult, String> {
    let cosine = vectors.similarity(a, b).map_err(|e| e.to_string())?;
    let (ia, ib) = (
        vectors.lookup(a).map_err(|e| e.to_string())?,
        vectors.lookup(b).map_err(|e| e.to_string())?,
    );
    let products = vectors
        .unit_vector(ia)
        .iter()
        .zip(vectors.unit_vector(ib))
        .map(|(x, y)| x * y)
        .collect();
    Ok(SimilarityResult {
        a: a.to_owned(),
        b: b.to_owned(),
        cosine,
        products,
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
