//! What panels ask for by returning [`Action`]s, and where each goes: every arm is one call into
//! the room that owns what it changes (the map lays itself out, the images room embeds, the
//! training room steers its run). Work that spans rooms is in [`scene`]; what files are picked
//! for, in [`files`]; vectors written for use or kept, in [`vectors`].

mod files;
mod scene;
mod vectors;

use std::path::PathBuf;

pub use files::Purpose;

use super::ExplorerApp;
use super::lab::LabQuery;
use super::settings::Tab;
use super::words::{Query, Words, WordsView};

/// Something a panel wants done outside drawing: usually background work.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Ask the user for a file or folder, for this purpose.
    Dialog(Purpose),
    LoadVectors(PathBuf),
    AddImages(Vec<PathBuf>),
    ClearImages,
    /// Refit the words map (the slider moved, another dataset).
    RefreshMap,
    /// Show the photo of this name as ConSE places it: its classes as spokes on the map.
    FocusPhoto(String),
    /// Refit the words map if a panel marks words it lacks.
    ShowMarkedWords,
    FindOnMap(String),
    Query(Query),
    /// Compare the embedded photos again (they changed).
    AnalyseImages,
    /// Lay the photos out by the images map's projection if that is not done yet.
    LayOutImages,
    DismissError,
    CancelJob(u64),
    ShowTab(Tab),
    ShowWordsView(WordsView),
    /// Switch presentation mode (for a projector) on or off.
    Present(bool),
    /// Read a lesson file and, if it is sound, show its scene.
    OpenLesson(PathBuf),
    /// Put the lesson's notes away.
    CloseLesson,
    /// Train word2vec with the Train tab's settings.
    StartTraining,
    /// Pause (true) or resume (false) the training run.
    PauseTraining(bool),
    /// Train one chunk of the paused run.
    StepTraining,
    /// Show the run's timeline at a frame (`None`: follow it live).
    ScrubTraining(Option<usize>),
    /// Switch the explorer to the vectors just trained.
    UseTrainedVectors,
    /// Ask the Linear algebra tab's question.
    LabQuery(LabQuery),
    /// Switch the explorer to the vectors with a direction removed.
    UseDebiasedVectors,
    /// Train on this text file (chosen or dropped on the Train tab).
    ChooseCorpus(PathBuf),
}

impl ExplorerApp {
    /// Routes an action to the room that carries it out.
    pub(super) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Dialog(purpose) => self.open_dialog(purpose),
            Action::LoadVectors(path) => Words::load(&mut self.jobs, path),
            Action::AddImages(paths) => self.add_images(paths),
            Action::ClearImages => self.images.clear(&mut self.jobs, self.words.shown()),
            Action::RefreshMap => self.refresh_word_map(),
            Action::FocusPhoto(name) => self.images.focus_photo(&name),
            Action::ShowMarkedWords => self.show_marked_words(),
            Action::FindOnMap(word) => self.find_on_map(word),
            Action::Query(query) => self.words.ask(&mut self.jobs, query),
            Action::AnalyseImages => self.images.analyse(&mut self.jobs, self.words.shown()),
            Action::LayOutImages => {
                let method = self.settings.images_map_method;
                self.images.lay_out(&mut self.jobs, method);
            }
            Action::DismissError => self.messages.dismiss_error(),
            Action::CancelJob(id) => self.jobs.cancel(id),
            Action::ShowTab(tab) => self.settings.tab = tab,
            Action::ShowWordsView(view) => self.show_words_view(view),
            Action::OpenLesson(path) => self.read_lesson(path),
            Action::CloseLesson => self.lesson = None,
            Action::StartTraining => self.training.start(&mut self.jobs),
            Action::PauseTraining(pause) => self.training.pause(pause),
            Action::StepTraining => self.training.step(),
            Action::ScrubTraining(frame) => self.training.scrub(frame),
            Action::UseTrainedVectors => self.write_trained(None),
            Action::LabQuery(query) => self.ask_lab(query),
            Action::UseDebiasedVectors => self.write_debiased(None),
            Action::ChooseCorpus(path) => self.choose_corpus(path),
            Action::Present(on) => self.present(ctx, on),
        }
        ctx.request_repaint();
    }
}
