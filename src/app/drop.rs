//! Files dropped on the window: vectors files open as the dataset, lessons (`.eelesson`, or the
//! older `.json`) open their scene, the rest are images.

use std::path::PathBuf;

use super::Action;
use super::settings::Tab;

/// Extensions taken for word-vector files (GloVe/fastText text, word2vec binary, gzipped),
/// in the Open dialog's filter and among dropped files.
pub const VECTOR_EXTENSIONS: &[&str] = &["txt", "vec", "bin", "gz"];

/// Extensions taken for texts to train on (on the Train tab).
pub const CORPUS_EXTENSIONS: &[&str] = &["txt", "gz"];

/// What the files dropped this frame ask for; on the Train tab a text file is a corpus.
pub fn dropped_actions(ctx: &egui::Context, tab: Tab) -> Vec<Action> {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_owned())
            .collect()
    });
    let extension_in = |path: &PathBuf, extensions: &[&str]| {
        path.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
    };
    if tab == Tab::Train
        && let Some(corpus) = dropped.iter().find(|p| extension_in(p, CORPUS_EXTENSIONS))
    {
        return vec![Action::ChooseCorpus(corpus.clone())];
    }
    let (lessons, rest): (Vec<PathBuf>, Vec<PathBuf>) = dropped
        .into_iter()
        .partition(|path| path.is_file() && crate::lesson::is_lesson_path(path));
    let (vectors, images): (Vec<PathBuf>, Vec<PathBuf>) = rest
        .into_iter()
        .partition(|path| extension_in(path, VECTOR_EXTENSIONS));
    let mut actions: Vec<Action> = vectors.into_iter().map(Action::LoadVectors).collect();
    actions.extend(lessons.into_iter().map(Action::OpenLesson));
    if !images.is_empty() {
        actions.push(Action::AddImages(images));
    }
    actions
}

/// While files hover over the window, says what dropping them does.
pub fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop hint"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop photos, folders, a vectors file or a lesson",
        egui::FontId::proportional(28.0),
        egui::Color32::WHITE,
    );
}
