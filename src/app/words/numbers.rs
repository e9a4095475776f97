//! Vectors are lists of numbers: a few words' vectors as rows of coloured cells, one cell per
//! dimension, optionally sorted by a semantic axis (which dimensions carry gender?); and the
//! analogy's arithmetic done on those rows, step by step, down to the cosines of the answers.

use egui::{Color32, RichText, Sense, Stroke, Vec2};

use super::Query;
use crate::app::Action;
use crate::app::floor::ask::LatestAnswer;
use crate::app::floor::palette;
use crate::app::floor::widgets;
use crate::projection::SemanticAxis;
use crate::vector::{dot, norm};
use crate::words::{Expression, Sign, WordVectors, WordsError};

/// Most words shown as rows: more would not fit on a projected screen.
pub const MAX_WORDS: usize = 6;
/// Answers of the analogy compared with its result.
const ANSWERS: usize = 3;
/// Width of the row names.
const NAME_WIDTH: f32 = 110.0;
/// Width of the notes after the rows (cosines).
const NOTE_WIDTH: f32 = 90.0;

/// Words and their unit vectors, the numbers every cosine in the app is computed from.
pub struct WordRows {
    pub rows: Vec<(String, Vec<f32>)>,
    /// Listed words past [`MAX_WORDS`], left out.
    pub left_out: usize,
}

/// `a - b + c` as rows of numbers: the signed words, their sum, and the nearest answers.
pub struct Steps {
    pub expression: Expression,
    pub terms: Vec<(Sign, String, Vec<f32>)>,
    /// The sum of the signed unit vectors, the direction 3CosAdd searches along.
    pub sum: Vec<f32>,
    /// The best answers with their vectors and cosine to `sum`.
    pub answers: Vec<(String, Vec<f32>, f32)>,
}

impl Steps {
    /// The arithmetic of `expression` on `vectors`, and how close `answers` come to it.
    pub fn new(vectors: &WordVectors, expression: &Expression, answers: &[String]) -> Option<Self> {
        let mut terms = Vec::new();
        let mut sum = vec![0f32; vectors.dim()];
        for term in &expression.terms {
            let unit = vectors.unit_vector(vectors.index_of(&term.word)?).to_vec();
            let sign = if term.sign == Sign::Plus { 1.0 } else { -1.0 };
            for (s, v) in sum.iter_mut().zip(&unit) {
                *s += sign * v;
            }
            terms.push((term.sign, term.word.clone(), unit));
        }
        let length = norm(&sum) as f32;
        let answers = answers
            .iter()
            .take(ANSWERS)
            .filter_map(|word| {
                let unit = vectors.unit_vector(vectors.index_of(word)?).to_vec();
                let cosine = if length > 0.0 {
                    dot(&sum, &unit) / length
                } else {
                    0.0
                };
                Some((word.clone(), unit, cosine))
            })
            .collect();
        Some(Self {
            expression: expression.clone(),
            terms,
            sum,
            answers,
        })
    }
}

/// The words typed for the view, their rows, and how the dimensions are ordered.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NumbersView {
    pub words: String,
    /// Order the dimensions by the semantic axes view's X axis instead of as stored.
    pub sort_by_axis: bool,
    #[serde(skip)]
    pub result: LatestAnswer<Result<WordRows, WordsError>>,
}

impl Default for NumbersView {
    fn default() -> Self {
        Self {
            words: "king queen man woman".into(),
            sort_by_axis: false,
            result: LatestAnswer::default(),
        }
    }
}

impl NumbersView {
    pub fn query(&self) -> Query {
        Query::Numbers(self.words.clone())
    }

    /// The view: the user's words as rows, then the analogy's `steps`; `axis` (the axes view's
    /// X) can order the dimensions.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        steps: Option<&Steps>,
        axis: Option<&SemanticAxis>,
        actions: &mut Vec<Action>,
    ) {
        if widgets::query_row(ui, "Words (up to 6)", &mut self.words, 320.0, "Show") {
            actions.push(Action::Query(self.query()));
        }
        ui.horizontal(|ui| {
            let text = match axis {
                Some(axis) => format!("Sort dimensions by the X axis ({})", axis.expression),
                None => "Sort dimensions by the X axis of Semantic axes".to_owned(),
            };
            ui.add_enabled(
                axis.is_some(),
                egui::Checkbox::new(&mut self.sort_by_axis, text),
            );
        });
        let axis = axis.filter(|_| self.sort_by_axis);
        legend_ui(ui);
        egui::ScrollArea::vertical().show(ui, |ui| {
            let Some(result) = self.result.as_ref() else {
                ui.spinner();
                return;
            };
            let rows = match result {
                Ok(rows) => rows,
                Err(error) => {
                    ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                    return;
                }
            };
            let dim = rows.rows.first().map_or(0, |(_, v)| v.len());
            let order = dimension_order(dim, axis);
            if let Some(axis) = axis {
                ui.small(
                    "Sorted: the dimensions that point most towards the axis' added words come \
                     first, those towards its subtracted words last.",
                );
                row_ui(
                    ui,
                    RichText::new("X axis").color(palette::ui(ui).accent),
                    axis.direction(),
                    &order,
                    None,
                );
                ui.add_space(6.0);
            }
            for (word, values) in &rows.rows {
                row_ui(ui, RichText::new(word).strong(), values, &order, None);
            }
            if rows.left_out > 0 {
                ui.weak(format!(
                    "{} more words left out: {MAX_WORDS} rows at most.",
                    rows.left_out
                ));
            }
            ui.add_space(12.0);
            steps_ui(ui, steps, &order);
        });
    }
}

/// The analogy of the Analogy panel, one row per step.
fn steps_ui(ui: &mut egui::Ui, steps: Option<&Steps>, order: &[usize]) {
    let Some(steps) = steps else {
        ui.weak("Solve an analogy in the Analogy panel to see its arithmetic here, step by step.");
        return;
    };
    ui.heading(format!("{}, step by step", steps.expression));
    ui.small(
        "Each word's unit vector is added or subtracted, dimension by dimension. The result \
         points somewhere; the answer is the word whose vector points the same way: the largest \
         cosine, the sum of the products of matching cells divided by the lengths.",
    );
    for (i, (sign, word, values)) in steps.terms.iter().enumerate() {
        let name = match (i, sign) {
            (0, Sign::Plus) => word.clone(),
            (_, Sign::Plus) => format!("+ {word}"),
            (_, Sign::Minus) => format!("− {word}"),
        };
        row_ui(ui, RichText::new(name).strong(), values, order, None);
    }
    ui.separator();
    row_ui(
        ui,
        RichText::new("= result").strong(),
        &steps.sum,
        order,
        Some(format!("length {:.2}", norm(&steps.sum))),
    );
    ui.add_space(6.0);
    for (word, values, cosine) in &steps.answers {
        row_ui(
            ui,
            RichText::new(word),
            values,
            order,
            Some(format!("cos {cosine:.3}")),
        );
    }
}

/// The dimensions in display order: as stored, or by the axis' direction, largest first.
fn dimension_order(dim: usize, axis: Option<&SemanticAxis>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..dim).collect();
    if let Some(direction) = axis.map(SemanticAxis::direction).filter(|d| d.len() == dim) {
        order.sort_by(|&a, &b| direction[b].total_cmp(&direction[a]));
    }
    order
}

/// What the colours mean.
fn legend_ui(ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.small("Each cell is one dimension of a word's unit vector:");
        for (value, text) in [(-0.4, "negative"), (0.0, "zero"), (0.4, "positive")] {
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
            ui.painter().rect_filled(rect, 2.0, cell_color(ui, value));
            ui.small(text);
        }
        ui.small("(hover a cell for its number)");
    });
}

/// Blue for negative numbers, red for positive, fading into the background near zero; ±0.3
/// (large for a unit vector of 50 or more dimensions) is full colour.
fn cell_color(ui: &egui::Ui, value: f32) -> Color32 {
    let background = ui.visuals().extreme_bg_color;
    let palette = palette::ui(ui);
    let target = if value >= 0.0 {
        palette.positive
    } else {
        palette.negative
    };
    let t = (value.abs() / 0.3).min(1.0);
    background.lerp_to_gamma(target, t)
}

/// One vector as a row of cells in `order`, named on the left, with a note on the right.
fn row_ui(
    ui: &mut egui::Ui,
    name: RichText,
    values: &[f32],
    order: &[usize],
    note: Option<String>,
) {
    ui.horizontal(|ui| {
        ui.add_sized([NAME_WIDTH, 20.0], egui::Label::new(name).truncate());
        let width = (ui.available_width() - NOTE_WIDTH).max(100.0);
        let (rect, response) = ui.allocate_exact_size(Vec2::new(width, 20.0), Sense::hover());
        let cell = width / order.len().max(1) as f32;
        let painter = ui.painter_at(rect);
        for (slot, &dimension) in order.iter().enumerate() {
            let x = rect.min.x + slot as f32 * cell;
            let cell_rect = egui::Rect::from_min_max(
                egui::pos2(x, rect.min.y),
                egui::pos2(x + cell, rect.max.y),
            );
            painter.rect_filled(cell_rect, 0.0, cell_color(ui, values[dimension]));
        }
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(1.0, ui.visuals().weak_text_color()),
            egui::StrokeKind::Inside,
        );
        if let Some(pointer) = response.hover_pos() {
            let slot = ((pointer.x - rect.min.x) / cell) as usize;
            if let Some(&dimension) = order.get(slot) {
                response.on_hover_text_at_pointer(format!(
                    "dimension {}: {:+.3}",
                    dimension + 1,
                    values[dimension]
                ));
            }
        }
        if let Some(note) = note {
            ui.label(note);
        }
    });
}

/// Looks up the listed words (the first [`MAX_WORDS`]) and takes their unit vectors.
pub(super) fn rows(vectors: &WordVectors, text: &str) -> Result<WordRows, WordsError> {
    let words: Vec<&str> = crate::words::split_list(text).collect();
    if words.is_empty() {
        return Err(WordsError::BadQuery(
            "type a few words, e.g. \"king queen man woman\"".into(),
        ));
    }
    let rows = words
        .iter()
        .take(MAX_WORDS)
        .map(|word| {
            let index = vectors.lookup(word)?;
            Ok((word.to_string(), vectors.unit_vector(index).to_vec()))
        })
        .collect::<Result<_, WordsError>>()?;
    Ok(WordRows {
        rows,
        left_out: words.len().saturating_sub(MAX_WORDS),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::fixtures::royals;

    #[test]
    fn steps_add_the_signed_unit_vectors_and_score_the_answers() {
        let v = royals();
        let expression = Expression::parse("king - man + woman").unwrap();
        let steps = Steps::new(&v, &expression, &["queen".to_owned()]).unwrap();
        assert_eq!(steps.terms.len(), 3);
        let expected: Vec<f32> = (0..2)
            .map(|d| v.unit_vector(0)[d] - v.unit_vector(2)[d] + v.unit_vector(3)[d])
            .collect();
        assert_eq!(steps.sum, expected);
        let (word, _, cosine) = &steps.answers[0];
        assert_eq!(word, "queen");
        let queen = v.unit_vector(1);
        assert!((cosine - dot(&expected, queen) / norm(&expected) as f32).abs() < 1e-6);
    }

    #[test]
    fn rows_keep_six_words_and_name_unknown_ones() {
        let v = royals();
        let rows = rows(&v, "king queen man woman king queen man").unwrap();
        assert_eq!(rows.rows.len(), MAX_WORDS);
        assert_eq!(rows.left_out, 1);
        assert!((norm(&rows.rows[0].1) - 1.0).abs() < 1e-6, "unit vectors");
        assert!(super::rows(&v, "king nobody").is_err());
        assert!(super::rows(&v, " ").is_err());
    }

    #[test]
    fn dimensions_sort_by_the_axis() {
        let v = WordVectors::from_pairs(
            3,
            [
                ("he", &[0.1f32, 1.0, 0.0][..]),
                ("she", &[0.1, -1.0, 0.0][..]),
            ],
        )
        .unwrap();
        let axis = SemanticAxis::new(&v, "he - she").unwrap();
        assert_eq!(dimension_order(3, Some(&axis))[0], 1);
        assert_eq!(dimension_order(3, None), [0, 1, 2]);
    }
}
