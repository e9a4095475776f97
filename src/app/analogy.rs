//! The analogy panel: word arithmetic, its answers, and the parallelogram drawn small.

use egui_plot::{Arrows, Plot, PlotPoints, Points, Text};

use super::state::{AnalogyResult, AppState};
use super::{Action, widgets};
use crate::projection::Projection;
use crate::words::{Expression, Method, WordVectors};

/// How many answers the panel lists.
const ANSWERS: usize = 10;
/// How many completions are offered for the word being typed.
const COMPLETIONS: usize = 8;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.heading("Analogy");
    let Some(dataset) = &state.dataset else {
        ui.label("Loading words…");
        return;
    };
    let vectors = dataset.vectors.clone();
    let label = ui.label("Expression (Enter runs it):");
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut state.settings.expression)
                .hint_text("king - man + woman")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    let mut run = widgets::entered(ui, &response);

    if (response.has_focus() || response.lost_focus())
        && let Some(word) = completion_ui(ui, &vectors, state)
    {
        complete_last_word(&mut state.settings.expression, &word);
        run = true;
    }
    ui.horizontal(|ui| {
        let before = state.settings.method;
        ui.radio_value(&mut state.settings.method, Method::CosAdd, "3CosAdd")
            .on_hover_text(
                "cosine with the normalised sum of the unit vectors (gensim most_similar)",
            );
        ui.radio_value(&mut state.settings.method, Method::CosMul, "3CosMul")
            .on_hover_text("product of shifted cosines (gensim most_similar_cosmul)");
        run |= before != state.settings.method;
        run |= ui.button("Solve").clicked();
    });
    if run {
        state.analogy.result = Some(solve(
            &vectors,
            &state.settings.expression,
            state.settings.method,
        ));
        actions.push(Action::RefreshMap);
    }
    match &state.analogy.result {
        None => {}
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        Some(Ok(result)) => result_ui(ui, result),
    }
}

/// Solves the expression and fits the small map of the words involved.
pub fn solve(vectors: &WordVectors, text: &str, method: Method) -> Result<AnalogyResult, String> {
    let expression = Expression::parse(text).map_err(|e| e.to_string())?;
    let analogy = vectors
        .analogy(&expression, method, ANSWERS)
        .map_err(|e| e.to_string())?;
    let mut words: Vec<String> = expression.terms.iter().map(|t| t.word.clone()).collect();
    for answer in analogy
        .answers
        .iter()
        .take(if words.len() >= 3 { 1 } else { 4 })
    {
        words.push(answer.word.clone());
    }
    words.dedup();
    let rows: Vec<&[f32]> = words
        .iter()
        .filter_map(|w| vectors.index_of(w).map(|i| vectors.unit_vector(i)))
        .collect();
    let focus = match Projection::fit(rows.iter().copied(), vectors.dim()) {
        Ok(projection) => words
            .iter()
            .zip(&rows)
            .map(|(w, r)| (w.clone(), projection.project(r)))
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(AnalogyResult {
        expression,
        method,
        analogy,
        focus,
    })
}

/// Offers vocabulary words that start like the word being typed; returns the one clicked.
fn completion_ui(ui: &mut egui::Ui, vectors: &WordVectors, state: &mut AppState) -> Option<String> {
    let text = &state.settings.expression;
    if state.analogy.completions.0 != *text {
        let prefix = text.rsplit([' ', '+', '-']).next().unwrap_or_default();
        let completions = if prefix.len() < 2 {
            Vec::new()
        } else {
            vectors
                .words()
                .iter()
                .filter(|w| w.starts_with(prefix) && w.as_str() != prefix)
                .take(COMPLETIONS)
                .cloned()
                .collect()
        };
        state.analogy.completions = (text.clone(), completions);
    }
    let mut chosen = None;
    if !state.analogy.completions.1.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak("complete:");
            for word in &state.analogy.completions.1 {
                if ui.small_button(word).clicked() {
                    chosen = Some(word.clone());
                }
            }
        });
    }
    chosen
}

fn complete_last_word(expression: &mut String, word: &str) {
    let keep = expression.rfind([' ', '+', '-']).map_or(0, |i| i + 1);
    expression.truncate(keep);
    expression.push_str(word);
}

fn result_ui(ui: &mut egui::Ui, result: &AnalogyResult) {
    let method = match result.method {
        Method::CosAdd => "3CosAdd",
        Method::CosMul => "3CosMul",
    };
    ui.label(format!("{}  ({method})", result.expression));
    egui::Grid::new("analogy answers")
        .striped(true)
        .show(ui, |ui| {
            for (rank, answer) in result.analogy.answers.iter().enumerate() {
                ui.label(format!("{}.", rank + 1));
                if rank == 0 {
                    ui.strong(&answer.word);
                } else {
                    ui.label(&answer.word);
                }
                ui.label(format!("{:.4}", answer.score));
                ui.end_row();
            }
        });
    if let Some((best, rank)) = &result.analogy.best_excluded {
        ui.small(format!(
            "The input words are left out of the answers, as gensim does. The best of them, \
             \"{}\", would have ranked #{rank} with {:.4}.",
            best.word, best.score
        ));
    }
    focus_plot(ui, result);
}

/// The words involved on a map of their own, with the arithmetic drawn as arrows: for
/// `a - b + c`, b→a and c→answer, the two sides of the parallelogram.
fn focus_plot(ui: &mut egui::Ui, result: &AnalogyResult) {
    if result.focus.len() < 3 {
        return;
    }
    let position = |word: &str| {
        result
            .focus
            .iter()
            .find(|(w, _)| w == word)
            .map(|(_, p)| *p)
    };
    let arrows = arithmetic_arrows(
        &result.expression,
        result.analogy.answers.first().map(|a| a.word.as_str()),
    );
    Plot::new("analogy focus")
        .height(220.0)
        .data_aspect(1.0)
        .show_axes(false)
        .show_grid(false)
        .allow_scroll(false)
        .show(ui, |plot| {
            let points: PlotPoints = result.focus.iter().map(|(_, p)| *p).collect();
            plot.points(Points::new("words", points).radius(4.0));
            for (word, p) in &result.focus {
                plot.text(
                    Text::new(word.clone(), (*p).into(), word.clone())
                        .anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
            for (from, to) in arrows {
                if let (Some(a), Some(b)) = (position(&from), position(&to)) {
                    plot.arrows(
                        Arrows::new(format!("{from} → {to}"), vec![a], vec![b]).tip_length(12.0),
                    );
                }
            }
        });
}

/// Pairs of words to join with arrows to show `a - b + c = answer`: each subtracted word to the
/// first added one, and each other added word to the answer.
pub fn arithmetic_arrows(expression: &Expression, answer: Option<&str>) -> Vec<(String, String)> {
    let positive = expression.positive();
    let negative = expression.negative();
    let mut arrows = Vec::new();
    if let Some(first) = positive.first() {
        arrows.extend(negative.iter().map(|n| (n.to_string(), first.to_string())));
    }
    if let Some(answer) = answer {
        arrows.extend(
            positive
                .iter()
                .skip(1)
                .map(|p| (p.to_string(), answer.to_owned())),
        );
        if positive.len() == 1 && negative.is_empty() {
            arrows.push((positive[0].to_string(), answer.to_owned()));
        }
    }
    arrows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_draw_the_parallelogram() {
        let expression = Expression::parse("king - man + woman").unwrap();
        assert_eq!(
            arithmetic_arrows(&expression, Some("queen")),
            vec![
                ("man".to_owned(), "king".to_owned()),
                ("woman".to_owned(), "queen".to_owned())
            ]
        );
    }

    #[test]
    fn completion_replaces_the_last_word() {
        let mut text = "king - man + wom".to_owned();
        complete_last_word(&mut text, "woman");
        assert_eq!(text, "king - man + woman");
        let mut text = "qu".to_owned();
        complete_last_word(&mut text, "queen");
        assert_eq!(text, "queen");
    }
}
