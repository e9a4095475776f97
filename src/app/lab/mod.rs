//! The Linear algebra tab: the course's objects on the words on screen, one view per file —
//! a vector split along a direction ([`projection`]), the span of some words ([`span`]), the
//! spectrum of the vocabulary ([`spectrum`]), a direction removed ([`debias`]) and another
//! space rotated onto this one ([`two_spaces`]). A view's
//! question is a [`LabQuery`] answered on a job thread, tagged with the dataset it was asked of.

mod debias;
mod jobs;
mod span;
mod spectrum;
mod split;
mod two_spaces;

use std::sync::Arc;

pub use debias::{DebiasResult, DebiasView};
pub use span::{SpanResult, SpanView};
pub use spectrum::SpectrumView;
pub use split::{SplitResult, SplitView};
pub use two_spaces::{OtherSpace, TrainedRun, TwoSpacesQuery, TwoSpacesResult, TwoSpacesView};

use super::Action;
use super::floor::ask::Question;
use super::floor::dataset::{Dataset, DatasetId};
use crate::linear_algebra::{LinearAlgebraError, Spectrum};
use crate::words::WordVectors;

/// The views of the tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum LabView {
    /// A vector split along a direction: its projection and its rejection.
    #[default]
    #[serde(rename = "Projection")]
    Split,
    Span,
    Spectrum,
    Debias,
    TwoSpaces,
}

impl LabView {
    pub const ALL: [LabView; 5] = [
        LabView::Split,
        LabView::Span,
        LabView::Spectrum,
        LabView::Debias,
        LabView::TwoSpaces,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LabView::Split => "Projection and rejection",
            LabView::Span => "Span and independence",
            LabView::Spectrum => "The spectrum",
            LabView::Debias => "Removing a direction",
            LabView::TwoSpaces => "Two spaces, one rotation",
        }
    }
}

/// A question a view asks of the word vectors.
#[derive(Debug, Clone, PartialEq)]
pub enum LabQuery {
    Split { word: String, direction: String },
    Span { target: String, basis: String },
    Spectrum { words: usize },
    Debias(Box<DebiasView>),
    TwoSpaces(Box<TwoSpacesQuery>),
}

/// The answer to a [`LabQuery`].
pub enum LabAnswer {
    Split(Result<SplitResult, LinearAlgebraError>),
    Span(Result<SpanResult, LinearAlgebraError>),
    Spectrum(Result<Spectrum, LinearAlgebraError>),
    Debias(Result<Arc<DebiasResult>, LinearAlgebraError>),
    TwoSpaces(Result<Arc<TwoSpacesResult>, LinearAlgebraError>),
}

impl Question for LabQuery {
    type Answer = LabAnswer;

    fn slot(&self) -> &'static str {
        match self {
            LabQuery::Split { .. } => "lab split",
            LabQuery::Span { .. } => "lab span",
            LabQuery::Spectrum { .. } => "lab spectrum",
            LabQuery::Debias(_) => "lab debias",
            LabQuery::TwoSpaces(_) => "lab two spaces",
        }
    }

    fn title(&self) -> String {
        match self {
            LabQuery::Split { word, .. } => format!("Splitting {}", word.trim()),
            LabQuery::Span { target, .. } => format!("Fitting {}", target.trim()),
            LabQuery::Spectrum { words } => format!("The spectrum of {words} words"),
            LabQuery::Debias(_) => "Removing a direction".to_owned(),
            LabQuery::TwoSpaces(_) => "Aligning two spaces".to_owned(),
        }
    }

    fn run(self, vectors: &WordVectors) -> LabAnswer {
        match self {
            LabQuery::Split { word, direction } => {
                LabAnswer::Split(split::split(vectors, &word, &direction))
            }
            LabQuery::Span { target, basis } => {
                LabAnswer::Span(span::fit(vectors, &target, &basis))
            }
            LabQuery::Spectrum { words } => LabAnswer::Spectrum(spectrum::compute(vectors, words)),
            LabQuery::Debias(request) => {
                LabAnswer::Debias(debias::run(vectors, &request).map(Arc::new))
            }
            LabQuery::TwoSpaces(query) => {
                LabAnswer::TwoSpaces(two_spaces::run(vectors, &query).map(Arc::new))
            }
        }
    }
}

/// The tab's inputs, which survive a restart, and their latest answers.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Lab {
    pub view: LabView,
    #[serde(rename = "projection")]
    pub split: SplitView,
    pub span: SpanView,
    pub spectrum: SpectrumView,
    pub debias: DebiasView,
    pub two_spaces: TwoSpacesView,
}

impl Lab {
    /// The question of the view on screen.
    pub fn current_query(&self) -> LabQuery {
        match self.view {
            LabView::Split => self.split.query(),
            LabView::Span => self.span.query(),
            LabView::Spectrum => self.spectrum.query(),
            LabView::Debias => self.debias.query(),
            LabView::TwoSpaces => self.two_spaces.query(),
        }
    }

    /// Whether the view on screen has an answer (or an error) for its question.
    fn answered(&self) -> bool {
        match self.view {
            LabView::Split => self.split.result.is_some(),
            LabView::Span => self.span.result.is_some(),
            LabView::Spectrum => self.spectrum.result.is_some(),
            LabView::Debias => self.debias.result.is_some(),
            LabView::TwoSpaces => self.two_spaces.result.is_some(),
        }
    }

    /// Forgets the answers (they were about other vectors).
    pub fn forget_answers(&mut self) {
        self.split.result.clear();
        self.span.result.clear();
        self.spectrum.result.clear();
        self.debias.result.clear();
        self.two_spaces.result.clear();
    }

    /// Takes an answer computed on `dataset`; one about vectors no longer shown is dropped.
    pub fn receive(&mut self, dataset: DatasetId, shown: Option<DatasetId>, answer: LabAnswer) {
        if shown != Some(dataset) {
            return;
        }
        match answer {
            LabAnswer::Split(result) => self.split.result.set(result),
            LabAnswer::Span(result) => self.span.result.set(result),
            LabAnswer::Spectrum(result) => self.spectrum.result.set(result),
            LabAnswer::Debias(result) => self.debias.result.set(result),
            LabAnswer::TwoSpaces(result) => self.two_spaces.result.set(result),
        }
    }

    /// The side panel: the view picker, then the chosen view's inputs.
    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.heading("Linear algebra");
        ui.label("The course's objects, on the words on screen: every vector is a unit vector.");
        ui.add_space(4.0);
        for view in LabView::ALL {
            if ui.radio_value(&mut self.view, view, view.name()).changed() && !self.answered() {
                actions.push(Action::LabQuery(self.current_query()));
            }
        }
        ui.separator();
        match self.view {
            LabView::Split => self.split.inputs_ui(ui, actions),
            LabView::Span => self.span.inputs_ui(ui, actions),
            LabView::Spectrum => self.spectrum.inputs_ui(ui, actions),
            LabView::Debias => self.debias.inputs_ui(ui, actions),
            LabView::TwoSpaces => self.two_spaces.inputs_ui(ui, actions),
        }
    }

    /// The central area: the chosen view's picture and numbers.
    pub fn view_ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: Option<&Dataset>,
        actions: &mut Vec<Action>,
    ) {
        let Some(dataset) = dataset else {
            ui.centered_and_justified(|ui| ui.spinner());
            return;
        };
        match self.view {
            LabView::Split => self.split.view_ui(ui),
            LabView::Span => self.span.view_ui(ui),
            LabView::Spectrum => self.spectrum.view_ui(ui, dataset),
            LabView::Debias => self.debias.view_ui(ui, actions),
            LabView::TwoSpaces => self.two_spaces.view_ui(ui),
        }
    }
}

/// Labelled one-line fields, then a button: true when Enter is pressed in a field or the button
/// is clicked. The labels name the fields for screen readers and UI tests.
fn fields_and_button<const N: usize>(
    ui: &mut egui::Ui,
    fields: [(&str, &mut String, &str); N],
    button: &str,
) -> bool {
    let mut run = false;
    for (name, text, hint) in fields {
        ui.horizontal(|ui| {
            let label = ui.label(name);
            let response = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .desired_width(180.0)
                        .hint_text(hint),
                )
                .labelled_by(label.id);
            run |= super::floor::widgets::entered(ui, &response);
        });
    }
    run | ui.button(button).clicked()
}

/// Words typed as a list: spaces, commas or lines between them.
fn split_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}
