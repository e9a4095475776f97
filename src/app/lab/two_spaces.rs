//! Two spaces, one rotation: another vector set (a file, or the Train tab's last run) rotated
//! into the space of the words on screen by orthogonal Procrustes
//! ([`crate::linear_algebra::procrustes`]). Drawn on one plane: each word before the rotation,
//! after it, and where the words on screen have it; beside it W's singular values (all 1: a
//! rotation), its determinant, and the words least like themselves after the rotation, with
//! their nearest words in each space.

use std::path::PathBuf;
use std::sync::Arc;

use egui_plot::{Line, Plot, PlotPoints, Points, Text};

use super::LabQuery;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::palette;
use crate::app::{Action, Purpose};
use crate::linear_algebra::LinearAlgebraError;
use crate::linear_algebra::procrustes::{self, MovedWord, PlacedWord, Preparation};
use crate::training::Trained;
use crate::words::WordVectors;

/// Where the vectors rotated into the words on screen come from.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum OtherSpace {
    /// A vectors file.
    File(PathBuf),
    /// The Train tab's last run (its vectors stay in memory only).
    LastTrained,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TwoSpacesView {
    pub other: Option<OtherSpace>,
    /// Subtract each set's mean before fitting.
    pub centre: bool,
    /// Words the last run saw fewer times are left out of "moved most" (rare words move by
    /// noise alone).
    pub min_count: u64,
    #[serde(skip)]
    pub result: LatestAnswer<Result<Arc<TwoSpacesResult>, LinearAlgebraError>>,
}

impl Default for TwoSpacesView {
    fn default() -> Self {
        Self {
            other: None,
            centre: false,
            min_count: 20,
            result: LatestAnswer::default(),
        }
    }
}

/// The question: which set to rotate, with the run's vectors when it is the last run (the
/// router fills them in; the view knows only the choice).
#[derive(Clone, Debug, PartialEq)]
pub struct TwoSpacesQuery {
    pub other: Option<OtherSpace>,
    pub centre: bool,
    pub min_count: u64,
    pub trained: Option<TrainedRun>,
}

/// The Train tab's last run, compared by identity.
#[derive(Clone)]
pub struct TrainedRun(pub Arc<Trained>);

impl PartialEq for TrainedRun {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for TrainedRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrainedRun({} words)", self.0.words.len())
    }
}

/// What the view draws.
pub struct TwoSpacesResult {
    pub source: String,
    pub shared: usize,
    pub dim: usize,
    pub orthogonality_error: f64,
    /// W's smallest and largest singular values.
    pub singular_range: (f64, f64),
    pub determinant: f64,
    pub residual: (f64, f64),
    pub mean_cosine: (f64, f64),
    pub placed: Vec<PlacedWord>,
    /// The words least like themselves, with their count in the run when it is known.
    pub moved: Vec<(MovedWord, Option<u64>)>,
    /// Whether "moved most" left out rare words (the last run's counts are known).
    pub min_count: Option<u64>,
}

/// Words drawn on the plane: the most frequent shared words on screen.
const DRAWN: usize = 30;
/// Words listed as moved most, and neighbours shown for each.
const MOVED: usize = 12;
const NEIGHBOURS: usize = 5;

/// Job: rotates the other set into `target` (the words on screen).
pub(super) fn run(
    target: &WordVectors,
    query: &TwoSpacesQuery,
) -> Result<TwoSpacesResult, LinearAlgebraError> {
    let (source, counts, name) = match (&query.other, &query.trained) {
        (Some(OtherSpace::File(path)), _) => {
            let loaded = crate::words::load(path, &Default::default())?;
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            );
            (loaded.vectors, None, name)
        }
        (Some(OtherSpace::LastTrained), Some(run)) => (
            run.0.word_vectors(),
            Some(run.0.counts.clone()),
            "the last training run".to_owned(),
        ),
        (Some(OtherSpace::LastTrained), None) => {
            return Err(LinearAlgebraError::Words(
                crate::words::WordsError::BadQuery(
                    "no training run yet: train one on the Train tab first".into(),
                ),
            ));
        }
        (None, _) => {
            return Err(LinearAlgebraError::Words(
                crate::words::WordsError::BadQuery(
                    "choose the vectors to rotate: a file, or the Train tab's last run".into(),
                ),
            ));
        }
    };
    let preparation = Preparation {
        centre: query.centre,
    };
    let alignment = procrustes::align(&source, target, None, preparation)?;
    let fit = &alignment.procrustes;
    // The most frequent words on screen among the shared ones (files list words by frequency).
    let mut by_target: Vec<usize> = (0..alignment.shared.len()).collect();
    by_target.sort_by_key(|&k| alignment.shared[k].1);
    by_target.truncate(DRAWN);
    let placed = alignment.on_a_plane(&source, target, &by_target)?;
    let min_count = counts.as_ref().map(|_| query.min_count);
    let count_of = |i: usize| counts.as_ref().map(|counts| counts[i]);
    let moved = alignment
        .moved_most(&source, target, MOVED, NEIGHBOURS, |i, _| {
            count_of(i).is_none_or(|count| count >= query.min_count)
        })
        .into_iter()
        .map(|moved| {
            let count = count_of(moved.source);
            (moved, count)
        })
        .collect();
    let (smallest, largest) = fit
        .singular_values
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), &s| {
            (lo.min(s), hi.max(s))
        });
    Ok(TwoSpacesResult {
        source: name,
        shared: alignment.shared.len(),
        dim: fit.dim,
        orthogonality_error: fit.orthogonality_error,
        singular_range: (smallest, largest),
        determinant: fit.determinant,
        residual: (alignment.residual_before, alignment.residual_after),
        mean_cosine: (
            alignment.mean_cosine_before(),
            alignment.mean_cosine_after(),
        ),
        placed,
        moved,
        min_count,
    })
}

impl TwoSpacesView {
    pub fn query(&self) -> LabQuery {
        LabQuery::TwoSpaces(Box::new(TwoSpacesQuery {
            other: self.other.clone(),
            centre: self.centre,
            min_count: self.min_count,
            trained: None,
        }))
    }

    pub fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label(
            "Another vector set rotated into the space of the words on screen: the orthogonal \
             W that brings their shared words closest (Procrustes: one SVD).",
        );
        ui.label(match &self.other {
            Some(OtherSpace::File(path)) => format!("Rotating: {}", path.display()),
            Some(OtherSpace::LastTrained) => "Rotating: the Train tab's last run".to_owned(),
            None => "Nothing chosen to rotate yet.".to_owned(),
        });
        if ui.button("Choose vectors…").clicked() {
            actions.push(Action::Dialog(Purpose::OpenOtherSpace));
        }
        if ui.button("Use the last training run").clicked() {
            self.other = Some(OtherSpace::LastTrained);
            actions.push(Action::LabQuery(self.query()));
        }
        let mut changed = ui
            .checkbox(&mut self.centre, "Centre each set first")
            .on_hover_text(
                "Subtract each set's mean of the shared words: fit the shape, not the offset",
            )
            .changed();
        ui.horizontal(|ui| {
            let label = ui.label("Least count (training runs)");
            changed |= ui
                .add(egui::DragValue::new(&mut self.min_count).range(1..=1000))
                .labelled_by(label.id)
                .on_hover_text("Rare words move by noise alone: leave them out of \"moved most\"")
                .changed();
        });
        if changed && self.other.is_some() {
            actions.push(Action::LabQuery(self.query()));
        }
    }

    pub fn view_ui(&self, ui: &mut egui::Ui) {
        answer_ui(
            ui,
            self.result.as_ref(),
            Some("Choose vectors to rotate into the words on screen: a file, or the last run."),
            |ui, result: &Arc<TwoSpacesResult>| result_ui(ui, result),
        );
    }
}

fn result_ui(ui: &mut egui::Ui, result: &TwoSpacesResult) {
    let palette = palette::ui(ui);
    let (before, after) = result.mean_cosine;
    ui.label(
        egui::RichText::new(format!(
            "{} rotated onto the words on screen: {} shared words, {} dimensions",
            result.source, result.shared, result.dim
        ))
        .size(18.0),
    );
    egui::Grid::new("two spaces numbers")
        .striped(true)
        .show(ui, |ui| {
            ui.label("mean cosine of a word with itself");
            ui.label(format!("{before:+.3} before, {after:+.3} after"));
            ui.end_row();
            ui.label("residual |XW − Y| (Frobenius)");
            ui.label(format!(
                "{:.3} before, {:.3} after",
                result.residual.0, result.residual.1
            ));
            ui.end_row();
            ui.label("W's singular values");
            let (low, high) = result.singular_range;
            ui.label(format!(
                "all 1 (from {low:.12} to {high:.12}): W keeps lengths and angles"
            ));
            ui.end_row();
            ui.label("|W^T·W − I|: how far W is from orthogonal");
            ui.label(format!("{:.1e}", result.orthogonality_error));
            ui.end_row();
            ui.label("det W");
            ui.label(if result.determinant > 0.0 {
                format!("{:+.3}: a rotation", result.determinant)
            } else {
                format!("{:+.3}: a rotation with a reflection", result.determinant)
            });
            ui.end_row();
        });
    ui.label(
        "The same words before the rotation (grey), after it (orange) and on screen (dots with \
         names), on the plane of the on-screen words' first two principal axes.",
    );
    let height = (ui.available_height() * 0.55).max(220.0);
    Plot::new("two spaces plane")
        .data_aspect(1.0)
        .height(height)
        .show_axes(false)
        .show(ui, |plot| {
            for word in &result.placed {
                plot.line(
                    Line::new("", PlotPoints::from(vec![word.before, word.after]))
                        .color(palette.faint),
                );
            }
            let points = |at: fn(&PlacedWord) -> [f64; 2]| -> PlotPoints<'static> {
                result.placed.iter().map(at).collect::<Vec<_>>().into()
            };
            plot.points(
                Points::new("before", points(|w| w.before))
                    .color(palette.before)
                    .radius(3.0),
            );
            plot.points(
                Points::new("after", points(|w| w.after))
                    .color(palette.after)
                    .radius(3.0),
            );
            plot.points(
                Points::new("on screen", points(|w| w.target))
                    .color(palette.word)
                    .radius(2.0),
            );
            for word in &result.placed {
                plot.text(
                    Text::new("", word.target.into(), word.word.as_str()).color(palette.word),
                );
            }
        });
    ui.strong(match result.min_count {
        Some(min) => format!(
            "Least like themselves after the rotation (seen at least {min} times in the run):"
        ),
        None => "Least like themselves after the rotation:".to_owned(),
    });
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("moved most").striped(true).show(ui, |ui| {
            ui.strong("word");
            ui.strong("cosine");
            ui.strong("nearest in the rotated set");
            ui.strong("nearest on screen");
            ui.end_row();
            for (moved, count) in &result.moved {
                match count {
                    Some(count) => ui.label(format!("{} ({count}×)", moved.word)),
                    None => ui.label(&moved.word),
                };
                ui.label(format!("{:+.3}", moved.cosine_after));
                ui.label(moved.then.join(", "));
                ui.label(moved.now.join(", "));
                ui.end_row();
            }
        });
    });
}
