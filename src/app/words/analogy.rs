//! The analogy panel: word arithmetic, its answers, and the parallelogram drawn small and on the
//! map.

use egui_plot::{Arrows, Plot, PlotPoints, Points, Text};

use super::Query;
use super::numbers::Steps;
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::marks::{At, Layer, Tone};
use crate::app::floor::widgets;
use crate::projection::Projection;
use crate::words::{Analogy, AnalogyMethod, Expression, WordVectors, WordsError};

/// How many answers the panel lists.
const ANSWERS: usize = 10;
/// How many completions are offered for the word being typed.
const COMPLETIONS: usize = 8;
/// Answers marked on the map.
const ANSWERS_ON_MAP: usize = 3;

/// A solved analogy and the small map that shows its parallelogram.
pub struct AnalogyResult {
    pub expression: Expression,
    pub method: AnalogyMethod,
    pub analogy: Analogy,
    /// The words involved, projected by a PCA fitted on just them.
    pub focus: Vec<(String, [f64; 2])>,
    /// The arithmetic as rows of numbers, for the vectors view.
    pub steps: Option<Steps>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AnalogyPanel {
    pub expression: String,
    pub method: AnalogyMethod,
    #[serde(skip)]
    pub result: LatestAnswer<Result<AnalogyResult, WordsError>>,
    /// Vocabulary words that complete the word being typed, for the text they were found for.
    #[serde(skip)]
    completions: (String, Vec<String>),
}

impl Default for AnalogyPanel {
    fn default() -> Self {
        Self {
            expression: "king - man + woman".into(),
            method: AnalogyMethod::CosAdd,
            result: LatestAnswer::default(),
            completions: Default::default(),
        }
    }
}

impl AnalogyPanel {
    /// The question the panel's inputs ask.
    pub fn query(&self) -> Query {
        Query::Analogy {
            expression: self.expression.clone(),
            method: self.method,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, vectors: &WordVectors, actions: &mut Vec<Action>) {
        ui.heading("Analogy");
        let label = ui.label("Expression (Enter runs it):");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut self.expression)
                    .hint_text("king - man + woman")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let mut run = widgets::entered(ui, &response);

        if (response.has_focus() || response.lost_focus())
            && let Some(word) = self.completion_ui(ui, vectors)
        {
            complete_last_word(&mut self.expression, &word);
            run = true;
        }
        ui.horizontal(|ui| {
            let before = self.method;
            ui.radio_value(&mut self.method, AnalogyMethod::CosAdd, "3CosAdd")
                .on_hover_text(
                    "cosine with the normalised sum of the unit vectors (gensim most_similar)",
                );
            ui.radio_value(&mut self.method, AnalogyMethod::CosMul, "3CosMul")
                .on_hover_text("product of shifted cosines (gensim most_similar_cosmul)");
            run |= before != self.method;
            run |= ui.button("Solve").clicked();
        });
        if run {
            actions.push(Action::Query(self.query()));
        }
        answer_ui(ui, self.result.as_ref(), None, result_ui);
    }

    /// Offers vocabulary words that start like the word being typed; returns the one clicked.
    /// The search stays on the UI thread: it runs only when the text changes and stops at the
    /// eighth match; a prefix nothing starts with scans all of a 341k-word vocabulary in
    /// 1.5–1.9 ms (measured), well inside a frame.
    fn completion_ui(&mut self, ui: &mut egui::Ui, vectors: &WordVectors) -> Option<String> {
        let text = &self.expression;
        if self.completions.0 != *text {
            let prefix = text.rsplit([' ', '+', '-']).next().unwrap_or_default();
            let completions = if prefix.chars().count() < 2 {
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
            self.completions = (text.clone(), completions);
        }
        let mut chosen = None;
        if !self.completions.1.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("complete:");
                for word in &self.completions.1 {
                    if ui.small_button(word).clicked() {
                        chosen = Some(word.clone());
                    }
                }
            });
        }
        chosen
    }

    /// The words of the expression and the best answers as marked points, and the arithmetic
    /// as arrows.
    pub fn layers(&self, vectors: &WordVectors) -> Vec<Layer> {
        let Some(Ok(result)) = self.result.as_ref() else {
            return Vec::new();
        };
        let at = |word: &str| vectors.index_of(word).map(At::Word);
        let marked = result
            .expression
            .terms
            .iter()
            .map(|t| t.word.as_str())
            .chain(
                result
                    .analogy
                    .answers
                    .iter()
                    .take(ANSWERS_ON_MAP)
                    .map(|n| n.word.as_str()),
            )
            .filter_map(at)
            .collect();
        let arrows = arithmetic_arrows(&result.expression, result.best_answer())
            .into_iter()
            .filter_map(|(from, to)| Some((at(&from)?, at(&to)?)))
            .collect();
        vec![
            Layer::Points {
                name: "your words".into(),
                at: marked,
                color: Tone::Accent,
                radius: 4.0,
            },
            Layer::Arrows {
                arrows,
                color: Tone::Accent,
            },
        ]
    }
}

impl AnalogyResult {
    fn best_answer(&self) -> Option<&str> {
        self.analogy.answers.first().map(|a| a.word.as_str())
    }
}

/// Solves the expression and fits the small map of the words involved.
pub(super) fn solve(
    vectors: &WordVectors,
    text: &str,
    method: AnalogyMethod,
) -> Result<AnalogyResult, WordsError> {
    let expression = Expression::parse(text)?;
    let analogy = vectors.analogy(&expression, method, ANSWERS)?;
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
    let answers: Vec<String> = analogy.answers.iter().map(|a| a.word.clone()).collect();
    let steps = Steps::new(vectors, &expression, &answers);
    Ok(AnalogyResult {
        expression,
        method,
        analogy,
        focus,
        steps,
    })
}

fn complete_last_word(expression: &mut String, word: &str) {
    let keep = expression.rfind([' ', '+', '-']).map_or(0, |i| i + 1);
    expression.truncate(keep);
    expression.push_str(word);
}

fn result_ui(ui: &mut egui::Ui, result: &AnalogyResult) {
    let method = match result.method {
        AnalogyMethod::CosAdd => "3CosAdd",
        AnalogyMethod::CosMul => "3CosMul",
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
    let arrows = arithmetic_arrows(&result.expression, result.best_answer());
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
fn arithmetic_arrows(expression: &Expression, answer: Option<&str>) -> Vec<(String, String)> {
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
    fn the_analogy_becomes_map_layers_of_its_words_and_arrows() {
        let vectors = crate::words::fixtures::royals();
        let mut panel = AnalogyPanel::default();
        assert!(
            panel.layers(&vectors).is_empty(),
            "nothing solved, nothing drawn"
        );
        panel
            .result
            .set(solve(&vectors, &panel.expression, panel.method));
        let layers = panel.layers(&vectors);
        let id = |w: &str| vectors.index_of(w).unwrap();
        let answer = panel
            .result
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap()
            .analogy
            .answers[0]
            .index;
        match &layers[1] {
            Layer::Arrows { arrows, .. } => assert_eq!(
                arrows,
                &vec![
                    (At::Word(id("man")), At::Word(id("king"))),
                    (At::Word(id("woman")), At::Word(answer)),
                ]
            ),
            other => panic!("expected arrows, got {other:?}"),
        }
        let marked = layers[0].labelled_words();
        for word in ["king", "man", "woman"] {
            assert!(marked.contains(&id(word)), "{word} is marked");
        }
        assert!(marked.contains(&answer), "the answer is marked");
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
