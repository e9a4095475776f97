//! Removing a direction (Bolukbasi et al. 2016): the direction typed or found from definitional
//! pairs, listed words neutralized (or all but the pairs), pairs equalized; before and after side
//! by side — the words on the axis, an analogy, and the leakage check of Gonen & Goldberg 2019,
//! which says honestly what removing a direction does not remove. *Use these vectors* switches
//! the explorer to the result; *Save…* writes it.

use std::sync::Arc;

use egui::{Color32, RichText};

use super::{LabQuery, split_words};
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::palette;
use crate::app::{Action, Purpose};
use crate::linear_algebra::{Direction, Leakage, LinearAlgebraError, Neutralize, debias, leakage};
use crate::vector::dot;
use crate::words::{AnalogyMethod, Expression, WordVectors};

/// How the direction is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum DirectionFrom {
    #[default]
    Pairs,
    Typed,
}

/// The vectors after, and the checks before and after.
pub struct DebiasResult {
    /// "the first principal component of 10 pairs (50.8 % of their variance)", or the typed text.
    pub direction: String,
    pub neutralized: usize,
    pub equalized: usize,
    pub missing: Vec<String>,
    /// Neutralized words that lay along the direction and so became zero.
    pub emptied: Vec<String>,
    /// Each word shown: its cosine with the direction before and after.
    pub on_axis: Vec<(String, f32, Option<f32>)>,
    /// The analogy's best answers, before and after.
    pub analogy: (Vec<String>, Vec<String>),
    pub leakage: Option<Leakage>,
    pub vectors: Arc<WordVectors>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DebiasView {
    pub from: DirectionFrom,
    pub typed: String,
    /// Definitional pairs, one per line.
    pub pairs: String,
    /// Neutralize every word but the pairs, rather than the listed ones.
    pub all: bool,
    pub neutralize: String,
    pub equalize: String,
    /// Words to show on the axis, before and after.
    pub show: String,
    pub analogy: String,
    #[serde(skip)]
    pub result: LatestAnswer<Result<Arc<DebiasResult>, LinearAlgebraError>>,
}

impl Default for DebiasView {
    fn default() -> Self {
        Self {
            from: DirectionFrom::Pairs,
            typed: "he - she".into(),
            // debiaswe's definitional pairs.
            pairs: "woman man\ngirl boy\nshe he\nmother father\ndaughter son\ngal guy\n\
                    female male\nher his\nherself himself\nmary john"
                .into(),
            all: false,
            neutralize: "programmer homemaker nurse doctor engineer receptionist architect \
                         hairdresser captain secretary scientist dancer"
                .into(),
            equalize: "grandmother grandfather\nwife husband\nsister brother".into(),
            show: "programmer homemaker nurse doctor engineer receptionist grandmother \
                   grandfather"
                .into(),
            analogy: "programmer - man + woman".into(),
            result: LatestAnswer::default(),
        }
    }
}

/// Lines of two words: the pairs typed.
fn pairs_of(text: &str) -> Result<Vec<(String, String)>, LinearAlgebraError> {
    text.lines()
        .map(split_words)
        .filter(|words| !words.is_empty())
        .map(|words| match words[..] {
            [a, b] => Ok((a.to_owned(), b.to_owned())),
            _ => Err(LinearAlgebraError::Words(
                crate::words::WordsError::BadQuery(format!(
                    "a pair is two words on a line: \"{}\" has {}",
                    words.join(" "),
                    words.len()
                )),
            )),
        })
        .collect()
}

/// Job: removes the direction and checks the result.
pub(super) fn run(
    vectors: &WordVectors,
    request: &DebiasView,
) -> Result<DebiasResult, LinearAlgebraError> {
    let definitional = pairs_of(&request.pairs)?;
    let (direction, described) = match request.from {
        DirectionFrom::Typed => (
            Direction::typed(vectors, &request.typed)?,
            format!("\"{}\"", request.typed.trim()),
        ),
        DirectionFrom::Pairs => {
            let direction = Direction::from_pairs(vectors, &definitional)?;
            let described = format!(
                "the first principal component of {} pairs ({:.1} % of their variance)",
                definitional.len(),
                100.0 * direction.share.unwrap_or(0.0)
            );
            (direction, described)
        }
    };
    let neutralize = if request.all {
        Neutralize::All
    } else {
        Neutralize::Words(
            split_words(&request.neutralize)
                .iter()
                .map(|w| (*w).to_owned())
                .collect(),
        )
    };
    let equalize = pairs_of(&request.equalize)?;
    let keep: Vec<String> = match request.from {
        DirectionFrom::Pairs => definitional
            .iter()
            .flat_map(|(a, b)| [a.clone(), b.clone()])
            .collect(),
        DirectionFrom::Typed => Vec::new(),
    };
    let result = debias(vectors, &direction, &neutralize, &equalize, &keep)?;
    let after = &result.vectors;
    let on_axis = split_words(&request.show)
        .into_iter()
        .filter_map(|word| {
            let before = dot(
                vectors.unit_vector(vectors.index_of(word)?),
                &direction.unit,
            );
            let moved = after
                .index_of(word)
                .map(|i| dot(after.unit_vector(i), &direction.unit));
            Some((word.to_owned(), before, moved))
        })
        .collect();
    let answers = |vectors: &WordVectors| -> Vec<String> {
        Expression::parse(&request.analogy)
            .and_then(|expression| vectors.analogy(&expression, AnalogyMethod::CosAdd, 3))
            .map(|analogy| analogy.answers.into_iter().map(|n| n.word).collect())
            .unwrap_or_default()
    };
    Ok(DebiasResult {
        direction: described,
        neutralized: result.neutralized,
        equalized: result.equalized,
        missing: result.missing,
        emptied: result.emptied,
        on_axis,
        analogy: (answers(vectors), answers(after)),
        leakage: leakage(vectors, &direction.unit, 20_000, 500).ok(),
        vectors: Arc::new(result.vectors),
    })
}

impl DebiasView {
    /// The vectors after the last removal, if it succeeded.
    pub fn vectors(&self) -> Option<Arc<WordVectors>> {
        match self.result.as_ref() {
            Some(Ok(result)) => Some(result.vectors.clone()),
            _ => None,
        }
    }

    pub fn query(&self) -> LabQuery {
        // The view's inputs are the request (a copy carries no answer).
        LabQuery::Debias(Box::new(self.clone()))
    }

    pub fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label("Bolukbasi et al. 2016: find a direction, then remove it from words that should not have it (neutralize), and make pairs symmetric about it (equalize).");
        ui.horizontal(|ui| {
            ui.label("Direction");
            ui.radio_value(&mut self.from, DirectionFrom::Pairs, "from pairs")
                .on_hover_text(
                    "The first principal component of the pairs' differences, as in the paper",
                );
            ui.radio_value(&mut self.from, DirectionFrom::Typed, "typed");
        });
        match self.from {
            DirectionFrom::Typed => text_row(ui, "Direction d", &mut self.typed, 1),
            DirectionFrom::Pairs => text_row(ui, "Definitional pairs", &mut self.pairs, 5),
        }
        ui.checkbox(&mut self.all, "Neutralize every word but the pairs");
        if !self.all {
            text_row(ui, "Neutralize", &mut self.neutralize, 3);
        }
        text_row(ui, "Equalize pairs", &mut self.equalize, 3);
        text_row(ui, "Show on the axis", &mut self.show, 2);
        text_row(ui, "Analogy", &mut self.analogy, 1);
        if ui.button("Remove the direction").clicked() {
            actions.push(Action::LabQuery(self.query()));
        }
    }

    pub fn view_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        answer_ui(
            ui,
            self.result.as_ref(),
            Some("Choose the direction and the words, then Remove the direction."),
            |ui, result| result_ui(ui, result, actions),
        );
    }
}

fn text_row(ui: &mut egui::Ui, name: &str, text: &mut String, rows: usize) {
    let label = ui.label(name);
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}

fn result_ui(ui: &mut egui::Ui, result: &DebiasResult, actions: &mut Vec<Action>) {
    let palette = palette::ui(ui);
    ui.label(RichText::new(format!("Removed {}", result.direction)).size(18.0));
    ui.label(format!(
        "{} words neutralized, {} pairs equalized.",
        result.neutralized, result.equalized
    ));
    if !result.missing.is_empty() {
        ui.weak(format!(
            "Not in the vocabulary: {}",
            result.missing.join(", ")
        ));
    }
    if !result.emptied.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Lay along the direction, so nothing is left of them (zero vectors, not unit \
                 length): {}",
                result.emptied.join(", ")
            ),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .button("Use these vectors")
            .on_hover_text("Switch the whole explorer to the vectors after")
            .clicked()
        {
            actions.push(Action::UseDebiasedVectors);
        }
        if ui.button("Save…").clicked() {
            actions.push(Action::Dialog(Purpose::SaveDebiasedVectors));
        }
    });
    ui.separator();
    ui.strong(
        "On the axis: each word's cosine with the direction, before (grey) and after (orange)",
    );
    egui::Grid::new("on the axis").striped(true).show(ui, |ui| {
        for (word, before, after) in &result.on_axis {
            ui.label(word);
            axis_bar(ui, *before, palette.before);
            match after {
                Some(after) => axis_bar(ui, *after, palette.after),
                None => {
                    ui.label("");
                }
            }
            ui.label(format!(
                "{}, then {}",
                signed(*before),
                after.map_or("—".to_owned(), signed)
            ));
            ui.end_row();
        }
    });
    ui.separator();
    let (before, after) = &result.analogy;
    ui.label(format!(
        "Analogy, best answers before: {}; after: {}",
        before.join(", "),
        after.join(", ")
    ));
    if let Some(leakage) = &result.leakage {
        ui.separator();
        ui.strong("Is the information gone? (Gonen & Goldberg 2019)");
        ui.label(format!(
            "A linear classifier learns, from {} words, which side of the direction the {} words \
             leaning furthest each way were on; on {} words it has not seen it is right {:.1} % \
             of the time from the original vectors, and {:.1} % from the vectors with the \
             direction removed.",
            leakage.trained_on,
            leakage.per_side,
            leakage.held_out,
            100.0 * leakage.accuracy_before,
            100.0 * leakage.accuracy_after
        ));
        ui.label(
            RichText::new(
                "Projection removes one direction, not the information: the words that leaned \
                 one way are still told apart by where they sit in all the other directions.",
            )
            .italics(),
        );
    }
}

/// "+0.314", "-0.205", and "0.000" for what rounds to zero (not "-0.000").
fn signed(value: f32) -> String {
    if value.abs() < 0.0005 {
        "0.000".to_owned()
    } else {
        format!("{value:+.3}")
    }
}

/// A bar from the middle: left for negative cosines, right for positive.
fn axis_bar(ui: &mut egui::Ui, value: f32, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 14.0), egui::Sense::hover());
    let middle = rect.center().x;
    ui.painter().vline(
        middle,
        rect.y_range(),
        egui::Stroke::new(1.0, Color32::GRAY),
    );
    // A cosine of ±0.5 fills its half: words lean that far at most.
    let end = middle + (2.0 * value).clamp(-1.0, 1.0) * rect.width() / 2.0;
    let bar = egui::Rect::from_x_y_ranges(
        middle.min(end)..=middle.max(end),
        rect.shrink(2.0).y_range(),
    );
    ui.painter().rect_filled(bar, 1.0, colour);
}
