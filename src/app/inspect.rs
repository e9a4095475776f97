//! What the window shows, read without reaching into the app's parts, and the few choices a
//! script sets as the user would: for the UI tests, the screenshot renderer and the frame
//! benchmark (after rerun's `app_testing_ext.rs`). The parts themselves are crate-private.

use super::ExplorerApp;
use super::floor::dataset::Dataset;
use super::floor::marks::Layer;
use super::floor::messages::Messages;
use super::images::Images;
use super::lab::Lab;
use super::lessons::LessonNotes;
use super::map::{Colouring, WordMap};
use super::settings::Settings;
use super::training::{Training, TrainingSettings};
use super::words::WordPanels;

impl ExplorerApp {
    /// The user's choices: tab, views, the maps' projections and colouring, and the rest the
    /// settings keep.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Sets choices as the controls would (a map choice takes effect at the next refresh, as
    /// after the user's click).
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// The word vectors on screen.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.words.dataset.as_ref()
    }

    /// The word panels' questions and their answers.
    pub fn word_panels(&self) -> &WordPanels {
        &self.words.panels
    }

    /// Types into the word panels.
    pub fn word_panels_mut(&mut self) -> &mut WordPanels {
        &mut self.words.panels
    }

    /// What the word panels hand the map: the words they mark, arrows, labels.
    pub fn word_layers(&self) -> Vec<Layer> {
        self.words.layers()
    }

    /// The words map on screen.
    pub fn word_map(&self) -> Option<&WordMap> {
        self.map.current(self.dataset()?.id)
    }

    /// The newest clustering of the words on the map, whatever the colour chosen now.
    pub fn word_clusters(&self) -> Option<&Colouring> {
        self.map.clusters_of(self.word_map()?)
    }

    /// The word selected on the map.
    pub fn selected_word(&self) -> Option<&str> {
        let vectors = &self.dataset()?.vectors;
        self.map
            .selected()
            .filter(|&i| i < vectors.len())
            .map(|i| vectors.word(i))
    }

    /// What the words map drew for the selected word at the last frame: lines to its
    /// neighbours, their names, the points.
    pub fn map_selection(&self) -> &[Layer] {
        self.map.selection()
    }

    /// Where the words map drew the photo named `name` at the last frame.
    pub fn map_picture_rect(&self, name: &str) -> Option<egui::Rect> {
        self.map.picture_rect(name)
    }

    /// The 3-D view: its last frame's scene, the numbers beside it, the word under the
    /// pointer, and where a word's dot was drawn.
    pub fn space_scene(&self) -> &crate::app::space::Scene {
        self.space.scene()
    }

    pub fn space_numbers(&self) -> &[String] {
        self.space.numbers()
    }

    pub fn space_hovered(&self) -> Option<&str> {
        let vectors = &self.dataset()?.vectors;
        self.space
            .hovered()
            .filter(|&i| i < vectors.len())
            .map(|i| vectors.word(i))
    }

    pub fn space_selected(&self) -> Option<&str> {
        let vectors = &self.dataset()?.vectors;
        self.space
            .selected()
            .filter(|&i| i < vectors.len())
            .map(|i| vectors.word(i))
    }

    pub fn space_on_screen(&self, word: &str) -> Option<egui::Pos2> {
        let index = self.dataset()?.vectors.index_of(word)?;
        self.space.on_screen(&self.settings.space.camera, index)
    }

    /// Whether the 3-D view's dots are drawn by the GPU.
    pub fn space_gpu(&self) -> bool {
        self.space.gpu()
    }

    /// Draws the 3-D view's dots with egui's painter, as on the OpenGL fallback.
    pub fn draw_space_with_painter(&mut self) {
        self.space.set_gpu(false);
    }

    /// The 3-D layout on screen.
    pub fn space_map(&self) -> Option<&crate::app::map::WordMap<3>> {
        self.space.current(self.dataset()?.id)
    }

    /// Shows this part of the words map (as a lesson's zoom does), once its vectors are drawn.
    pub fn zoom_words_map(&mut self, bounds: [[f64; 2]; 2]) {
        if let Some(path) = self.dataset().map(|d| d.report.path.clone()) {
            self.map.restore(path, None, Some(bounds));
        }
    }

    /// Whether the GPU draws the words' points (else egui_plot does).
    pub fn gpu_points(&self) -> bool {
        self.map.gpu_points()
    }

    /// Draws the words' points with egui_plot from now on, as on the OpenGL fallback.
    pub fn draw_points_with_egui_plot(&mut self) {
        self.map.set_gpu_points(false);
    }

    /// The photos, their embeddings and what they say together.
    pub fn images(&self) -> &Images {
        &self.images
    }

    /// Picks photos in the gallery, as clicks would.
    pub fn images_mut(&mut self) -> &mut Images {
        &mut self.images
    }

    /// The Train tab: its inputs and the run.
    pub fn training(&self) -> &Training {
        &self.training
    }

    /// Sets the Train tab's inputs.
    pub fn training_settings_mut(&mut self) -> &mut TrainingSettings {
        &mut self.training.settings
    }

    /// The Linear algebra tab: its inputs and answers.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// The status bar's messages.
    pub fn messages(&self) -> &Messages {
        &self.messages
    }

    /// The lesson open, if any.
    pub fn lesson(&self) -> Option<&LessonNotes> {
        self.lesson.as_ref()
    }

    /// Puts the lesson's notes away, as its Close button does.
    pub fn close_lesson(&mut self) {
        self.lesson = None;
    }
}
