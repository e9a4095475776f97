//! Everything the panels read and write, in one place; panels hold no state of their own.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use egui::TextureHandle;

use crate::images::{ImageEmbedder, ImageFeatures, Label};
use crate::projection::Projection;
use crate::words::{Analogy, Expression, LoadReport, Method, Neighbour, WordVectors};

/// Which side of the explorer is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    #[default]
    Words,
    Images,
}

/// What survives a restart (eframe storage).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub tab: Tab,
    /// How many of the most frequent words the map shows.
    pub map_words: usize,
    pub method: Method,
    pub expression: String,
    /// A vectors file the user opened; the bundled set when `None`.
    pub vectors_path: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tab: Tab::Words,
            map_words: DEFAULT_MAP_WORDS,
            method: Method::CosAdd,
            expression: "king - man + woman".into(),
            vectors_path: None,
        }
    }
}

pub const DEFAULT_MAP_WORDS: usize = 5_000;
pub const MIN_MAP_WORDS: usize = 500;

/// The loaded word vectors.
pub struct Dataset {
    pub vectors: Arc<WordVectors>,
    pub report: LoadReport,
}

impl Dataset {
    /// "glove-6B-100d-50k.f16.bin · 50,000 words × 100 dims".
    pub fn summary(&self) -> String {
        let name = self
            .report
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(
            "{name} · {} words × {} dims",
            group_thousands(self.vectors.len()),
            self.vectors.dim()
        )
    }
}

/// 50000 → "50,000".
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A 2-D map of some words: which words, where, and the axes that put them there.
pub struct WordMap {
    /// Word indices, most frequent first (then the queried words outside the top).
    pub indices: Vec<usize>,
    pub coords: Vec<[f64; 2]>,
    pub projection: Projection,
    /// Word index → position in `indices`, for the per-frame lookups.
    positions: HashMap<usize, usize>,
}

impl WordMap {
    /// Projects the words `indices` with `projection`.
    pub fn new(indices: Vec<usize>, projection: Projection, vectors: &WordVectors) -> Self {
        let coords = indices
            .iter()
            .map(|&i| projection.project(vectors.unit_vector(i)))
            .collect();
        let positions = indices.iter().enumerate().map(|(p, &i)| (i, p)).collect();
        Self {
            indices,
            coords,
            projection,
            positions,
        }
    }

    /// Where the word with this index sits in `indices`/`coords`, if it is on the map.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.positions.get(&index).copied()
    }

    /// The map coordinates of the word with this index, if it is on the map.
    pub fn coords_of(&self, index: usize) -> Option<[f64; 2]> {
        self.position(index).map(|p| self.coords[p])
    }
}

/// The words map's interaction state.
#[derive(Default)]
pub struct MapView {
    pub selected: Option<usize>,
    pub search: String,
    pub search_error: Option<String>,
    /// Zoom onto this word on the next frame.
    pub zoom_to: Option<usize>,
    /// Hovered word and its neighbours, cached while the pointer stays on it.
    pub hovered: Option<(usize, Vec<Neighbour>)>,
    /// The selected word's neighbours, cached while it stays selected.
    pub selected_neighbours: Option<(usize, Vec<Neighbour>)>,
    /// Bumped for every new projection request; stale results are dropped.
    pub generation: u64,
}

/// A solved analogy and the small map that shows its parallelogram.
pub struct AnalogyResult {
    pub expression: Expression,
    pub method: Method,
    pub analogy: Analogy,
    /// The words involved, projected by a PCA fitted on just them.
    pub focus: Vec<(String, [f64; 2])>,
}

#[derive(Default)]
pub struct AnalogyView {
    pub result: Option<Result<AnalogyResult, String>>,
    /// Vocabulary words that complete the word being typed, for the text it was computed on.
    pub completions: (String, Vec<String>),
}

pub struct SimilarityResult {
    pub a: String,
    pub b: String,
    pub cosine: f32,
    /// Per-dimension products of the two unit vectors: they sum to the cosine.
    pub products: Vec<f32>,
}

pub struct SimilarityView {
    pub a: String,
    pub b: String,
    pub result: Option<Result<SimilarityResult, String>>,
}

impl Default for SimilarityView {
    fn default() -> Self {
        Self {
            a: "cat".into(),
            b: "dog".into(),
            result: None,
        }
    }
}

pub struct ExploreView {
    pub word: String,
    pub neighbours: Option<Result<Vec<Neighbour>, String>>,
    pub list: String,
    pub odd_one_out: Option<Result<Vec<Neighbour>, String>>,
}

impl Default for ExploreView {
    fn default() -> Self {
        Self {
            word: "paris".into(),
            neighbours: None,
            list: "breakfast cereal dinner lunch".into(),
            odd_one_out: None,
        }
    }
}

/// One photo in the Images panel.
pub struct ImageItem {
    /// Stable across removals, so that late results find their photo.
    pub id: u64,
    pub path: PathBuf,
    pub name: String,
    pub thumbnail: Option<TextureHandle>,
    pub features: Option<ImageFeatures>,
    pub top_label: Option<Label>,
    pub error: Option<String>,
}

impl ImageItem {
    pub fn new(id: u64, path: PathBuf) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Self {
            id,
            path,
            name,
            thumbnail: None,
            features: None,
            top_label: None,
            error: None,
        }
    }

    /// The photo will not be embedded: the network failed to load.
    pub fn mark_network_unavailable(&mut self) {
        self.error = Some(format!(
            "{}: not embedded, the network is unavailable",
            self.name
        ));
    }

    pub fn is_pending(&self) -> bool {
        self.features.is_none() && self.error.is_none()
    }
}

/// The image engine as the app sees it.
pub enum Embedder {
    Loading,
    Ready(Arc<Mutex<ImageEmbedder>>),
    Failed(String),
}

pub struct ImagesView {
    pub items: Vec<ImageItem>,
    /// The two photos being compared.
    pub pair: [Option<usize>; 2],
    pub embedder: Embedder,
    /// Where the image network runs, for the status bar.
    pub device: String,
    /// Ids of items waiting for the embedder or for the running batch to finish.
    pub queued: Vec<u64>,
    pub next_id: u64,
    /// The job embedding a batch now, if any.
    pub embedding: Option<u64>,
    /// The embedded photos compared, as of the last finished analysis.
    pub analysis: Option<ImageAnalysis>,
    /// Bumped for every analysis request; stale results are dropped.
    pub analysis_generation: u64,
}

/// What the embeddings say about the photos together: computed on a job thread whenever they
/// change (all pairs cost N² cosines of 2048 values, too much to redo every frame).
pub struct ImageAnalysis {
    /// Indices into `items` of the embedded photos, in item order.
    pub embedded: Vec<usize>,
    /// Cosine similarity of every pair of them, in that order.
    pub similarity: Vec<Vec<f32>>,
    /// Their positions on the 2-D PCA map; `None` below three photos.
    pub coords: Option<Vec<[f64; 2]>>,
}

impl Default for ImagesView {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            pair: [None, None],
            embedder: Embedder::Loading,
            device: "starting…".into(),
            queued: Vec::new(),
            next_id: 0,
            embedding: None,
            analysis: None,
            analysis_generation: 0,
        }
    }
}

impl ImagesView {
    pub fn position(&self, id: u64) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }

    /// Indices of the photos that have embeddings, in order.
    pub fn embedded(&self) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.items[i].features.is_some())
            .collect()
    }
}

/// A line for the status bar and the message log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Error(String),
}

/// The whole app's state.
#[derive(Default)]
pub struct AppState {
    pub settings: Settings,
    pub dataset: Option<Dataset>,
    pub word_map: Option<WordMap>,
    pub map_view: MapView,
    pub analogy: AnalogyView,
    pub similarity: SimilarityView,
    pub explore: ExploreView,
    pub images: ImagesView,
    pub messages: Vec<Message>,
    /// Why the window is not drawn the usual way (OpenGL fallback), kept in the status bar.
    pub renderer_notice: Option<String>,
    /// Where the map was drawn last frame (for exporting it as PNG).
    pub map_rect: Option<egui::Rect>,
}

impl AppState {
    pub fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message::Info(text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.messages.push(Message::Error(text.into()));
    }

    /// Words the user asked about, which the map always shows.
    pub fn queried_words(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        if let Some(Ok(result)) = &self.analogy.result {
            words.extend(result.expression.terms.iter().map(|t| t.word.clone()));
            words.extend(
                result
                    .analogy
                    .answers
                    .iter()
                    .take(3)
                    .map(|n| n.word.clone()),
            );
        }
        if let Some(Ok(result)) = &self.similarity.result {
            words.extend([result.a.clone(), result.b.clone()]);
        }
        if let Some(selected) = self.map_view.selected
            && let Some(dataset) = &self.dataset
            && selected < dataset.vectors.len()
        {
            words.push(dataset.vectors.word(selected).to_owned());
        }
        if let Some(Ok(neighbours)) = &self.explore.neighbours {
            words.push(self.explore.word.trim().to_owned());
            words.extend(neighbours.iter().map(|n| n.word.clone()));
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(50_000), "50,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
