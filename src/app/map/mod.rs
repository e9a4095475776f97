//! The central panel: the universal map. Words: PCA of the most frequent words plus every word a
//! layer marks, with labels where they fit, hover neighbours, selection and search. Images: PCA
//! of the photo embeddings, each photo drawn as its thumbnail. What else appears comes from
//! the [`Layer`]s the panels supply; the map knows no panel.

mod grid;
pub mod layers;
mod placed;
pub mod point_cloud;
mod word_lists;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use egui::{Color32, Pos2, Rect, Vec2};
use egui_plot::{Plot, PlotBounds, PlotPoint, PlotPoints, PlotUi, Points, Text};
use grid::PointGrid;
use point_cloud::PointCloud;

use super::Action;
use super::dataset::{Dataset, DatasetId, group_thousands};
use super::jobs::Stream;
use super::widgets;
use crate::progress::ProgressSink;
use crate::projection::{
    KmeansConfig, Projection, ProjectionError, TsneConfig, UmapConfig, kmeans, tsne, umap,
};
use crate::words::{Neighbour, WordVectors, WordsError};
pub use layers::{ACCENT, At, Layer, Placed, Thumbnail};
use placed::PlacedPositions;
pub use word_lists::{EXAMPLE_LISTS, WordLists};

/// t-SNE's perplexity when it is first picked (scikit-learn's default).
pub const DEFAULT_PERPLEXITY: f64 = 30.0;
/// UMAP's neighbours and minimum distance when it is first picked (umap-learn's defaults).
pub const DEFAULT_NEIGHBORS: usize = 15;
pub const DEFAULT_MIN_DIST: f64 = 0.1;
pub const MAX_NEIGHBORS: usize = 100;
/// Clusters the map is coloured by when colouring is first picked.
pub const DEFAULT_CLUSTERS: usize = 8;
/// Most clusters: as many as there are colours that stay apart.
pub const MAX_CLUSTERS: usize = PALETTE.len();
/// Most word lists coloured, for the same reason.
pub const MAX_LISTS: usize = PALETTE.len();
/// One colour per cluster or word list: Tableau's ten with their orange last, since the user's
/// own words are orange ([`ACCENT`]).
const PALETTE: [Color32; 12] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(227, 119, 194),
    Color32::from_rgb(127, 127, 127),
    Color32::from_rgb(188, 189, 34),
    Color32::from_rgb(23, 190, 207),
    Color32::from_rgb(174, 199, 232),
    Color32::from_rgb(152, 223, 138),
    Color32::from_rgb(255, 127, 14),
];
/// Words naming each cluster in the legend.
const LEGEND_WORDS: usize = 3;
/// Fewest words the slider offers.
pub const MIN_MAP_WORDS: usize = 500;
/// Words on the map at first start.
pub const DEFAULT_MAP_WORDS: usize = 5_000;
/// Most labels drawn at once (frequent words first, then as zoom makes room).
const MAX_LABELS: usize = 400;
/// Most words in view tried for a label in one frame, most frequent first: with the whole
/// vocabulary on the map, trying all 341k every frame would cost more than drawing them.
const MAX_LABEL_TRIES: usize = 5_000;
/// How close (in points) the pointer must be to hover or click a word.
const PICK_RADIUS: f32 = 8.0;
/// The words' colour when they are not coloured by cluster.
const WORD_GREY: Color32 = Color32::from_gray(140);
/// How much of the grey is left to words in no list, so that the listed words stand out.
const UNLISTED_FADE: f32 = 0.35;
/// Size of a listed word's dot, larger than the others' so that a few stand out among 5,000.
const LISTED_RADIUS: f32 = 3.5;
const NEIGHBOURS_SHOWN: usize = 5;
/// Neighbours joined by lines to the clicked word.
const SELECTED_NEIGHBOURS: usize = 10;

/// A number no other layout, clustering or set of word lists has: what is drawn from one is
/// told apart from what was drawn from another by it (0 is never given).
fn next_generation() -> u64 {
    static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What the words map's colours show.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub enum MapColour {
    /// Every word in grey.
    #[default]
    One,
    /// This many k-means clusters of the words' full vectors.
    Clusters(usize),
    /// The lists the user typed, each in its colour.
    WordLists,
}

impl MapColour {
    /// The choice with its number of clusters in the picker's range.
    pub fn validated(self) -> Self {
        match self {
            MapColour::Clusters(k) => MapColour::Clusters(k.clamp(2, MAX_CLUSTERS)),
            other => other,
        }
    }
}

/// A 2-D map of some words of one dataset: which words, where, and the axes that put them there.
pub struct WordMap {
    pub dataset: DatasetId,
    /// Word indices, most frequent first (then the marked words outside the top).
    pub indices: Vec<usize>,
    pub coords: Vec<[f64; 2]>,
    /// How the layout was made, for the axis labels and to find it again in the cache.
    pub method: MapMethod,
    /// PCA: each axis' share of the variance.
    variance: Option<[f64; 2]>,
    /// PCA: the fit itself, which places any other vector of the space (photos among the words).
    projection: Option<Projection>,
    /// Distinguishes this layout from every other, for what is computed from it.
    generation: u64,
    /// Word index → position in `indices`, for the per-frame lookups.
    positions: HashMap<usize, usize>,
}

/// How the words map lays the words out.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub enum MapMethod {
    /// Principal components: the directions of largest variance; instant.
    #[default]
    Pca,
    /// t-SNE with this perplexity: keeps each word's neighbours near it; takes seconds.
    Tsne { perplexity: f64 },
    /// UMAP: keeps neighbourhoods too, groups packed as tightly as `min_dist` lets them.
    Umap { neighbors: usize, min_dist: f64 },
}

impl MapMethod {
    /// Whether the layout settles over many steps (shown as it goes) rather than appearing at
    /// once.
    pub fn settles(self) -> bool {
        self != MapMethod::Pca
    }

    /// The method as the user reads it, in titles and notes.
    pub fn name(self) -> &'static str {
        match self {
            MapMethod::Pca => "PCA",
            MapMethod::Tsne { .. } => "t-SNE",
            MapMethod::Umap { .. } => "UMAP",
        }
    }

    /// Lays unit vectors `rows` (each `dim` long) out in 2-D; `observe` sees a t-SNE or UMAP
    /// layout as it settles.
    pub fn lay_out(
        self,
        rows: &[&[f32]],
        dim: usize,
        progress: &dyn ProgressSink,
        observe: &mut dyn FnMut(usize, &[[f64; 2]]),
    ) -> Result<Vec<[f64; 2]>, ProjectionError> {
        match self {
            MapMethod::Pca => {
                let projection = Projection::fit(rows.iter().copied(), dim)?;
                Ok(rows.iter().map(|row| projection.project(row)).collect())
            }
            MapMethod::Tsne { perplexity } => {
                let config = TsneConfig {
                    perplexity,
                    ..TsneConfig::default()
                };
                tsne(rows, dim, &config, progress, observe)
            }
            MapMethod::Umap {
                neighbors,
                min_dist,
            } => {
                let config = UmapConfig {
                    neighbors,
                    min_dist,
                    ..UmapConfig::default()
                };
                umap(rows, dim, &config, progress, observe)
            }
        }
    }

    /// The method with its parameters brought into the picker's ranges (settings read back
    /// from disk may hold anything).
    pub fn validated(self) -> Self {
        match self {
            MapMethod::Pca => MapMethod::Pca,
            MapMethod::Tsne { perplexity } => MapMethod::Tsne {
                perplexity: if perplexity.is_finite() {
                    perplexity.clamp(2.0, 100.0)
                } else {
                    DEFAULT_PERPLEXITY
                },
            },
            MapMethod::Umap {
                neighbors,
                min_dist,
            } => MapMethod::Umap {
                neighbors: neighbors.clamp(2, MAX_NEIGHBORS),
                min_dist: if min_dist.is_finite() {
                    min_dist.clamp(0.0, 1.0)
                } else {
                    DEFAULT_MIN_DIST
                },
            },
        }
    }
}

/// What the two axes of a map laid out by `method` are, for their labels: a PCA's axes with
/// their share of the variance, or a note that a t-SNE or UMAP map's axes mean nothing.
/// `many` names the points ("words").
pub fn axis_labels(method: MapMethod, variance: Option<[f64; 2]>, many: &str) -> [String; 2] {
    let caveat = format!("near {many} are similar; distances between groups mean little");
    match (method, variance) {
        (MapMethod::Pca, Some(variance)) => [
            variance_label(0, variance[0]),
            variance_label(1, variance[1]),
        ],
        (MapMethod::Pca, None) => ["PC1".to_owned(), "PC2".to_owned()],
        (MapMethod::Tsne { perplexity }, _) => [
            format!("t-SNE, perplexity {perplexity}: {caveat}"),
            String::new(),
        ],
        (
            MapMethod::Umap {
                neighbors,
                min_dist,
            },
            _,
        ) => [
            format!("UMAP, {neighbors} neighbours, minimum distance {min_dist}: {caveat}"),
            String::new(),
        ],
    }
}

/// How a projection picker speaks of the points it lays out, and where t-SNE's and UMAP's
/// parameters start when first picked (a few photos cannot take the words' 30 neighbours).
pub struct PickerTerms {
    pub one: &'static str,
    pub many: &'static str,
    pub perplexity: f64,
    pub neighbors: usize,
}

pub const WORD_TERMS: PickerTerms = PickerTerms {
    one: "word",
    many: "words",
    perplexity: DEFAULT_PERPLEXITY,
    neighbors: DEFAULT_NEIGHBORS,
};

pub const PHOTO_TERMS: PickerTerms = PickerTerms {
    one: "photo",
    many: "photos",
    perplexity: 5.0,
    neighbors: 5,
};

/// PCA, t-SNE (perplexity) or UMAP (neighbours, minimum distance), in one row; true when the
/// choice changed.
pub fn method_picker(ui: &mut egui::Ui, method: &mut MapMethod, terms: &PickerTerms) -> bool {
    let PickerTerms { one, many, .. } = terms;
    let before = *method;
    ui.label("Projection");
    ui.radio_value(method, MapMethod::Pca, "PCA")
        .on_hover_text("The two directions of largest variance: instant, but neighbours scatter");
    let perplexity = match before {
        MapMethod::Tsne { perplexity } => perplexity,
        _ => terms.perplexity,
    };
    ui.radio_value(method, MapMethod::Tsne { perplexity }, "t-SNE")
        .on_hover_text(format!(
            "Keeps each {one}'s nearest {many} near it, so groups show; takes seconds to settle"
        ));
    if let MapMethod::Tsne { perplexity } = method {
        ui.add(
            egui::DragValue::new(perplexity)
                .range(2.0..=100.0)
                .speed(0.5)
                .prefix("perplexity "),
        )
        .on_hover_text(format!(
            "About how many neighbours each {one} attends to; less than the number of {many}"
        ));
    }
    let (neighbors, min_dist) = match before {
        MapMethod::Umap {
            neighbors,
            min_dist,
        } => (neighbors, min_dist),
        _ => (terms.neighbors, DEFAULT_MIN_DIST),
    };
    ui.radio_value(
        method,
        MapMethod::Umap {
            neighbors,
            min_dist,
        },
        "UMAP",
    )
    .on_hover_text("Keeps neighbourhoods too, packs groups tighter, and is faster than t-SNE");
    if let MapMethod::Umap {
        neighbors,
        min_dist,
    } = method
    {
        ui.add(
            egui::DragValue::new(neighbors)
                .range(2..=MAX_NEIGHBORS)
                .suffix(" neighbours"),
        )
        .on_hover_text(format!(
            "How many nearest {many} make a {one}'s neighbourhood: few show fine detail, many \
             the broader picture"
        ));
        ui.add(
            egui::DragValue::new(min_dist)
                .range(0.0..=1.0)
                .speed(0.01)
                .prefix("min. distance "),
        )
        .on_hover_text(format!(
            "How close {many} may pack on the map: small values give tight clumps"
        ));
    }
    *method != before
}

impl WordMap {
    /// Fits a PCA on the words `indices` of `vectors` and places them with it.
    pub fn fit(
        dataset: DatasetId,
        vectors: &WordVectors,
        indices: Vec<usize>,
    ) -> Result<Self, ProjectionError> {
        let projection = Projection::fit(
            indices.iter().map(|&i| vectors.unit_vector(i)),
            vectors.dim(),
        )?;
        let coords = indices
            .iter()
            .map(|&i| projection.project(vectors.unit_vector(i)))
            .collect();
        let variance = projection.explained_variance_ratio;
        let mut map = Self::laid_out(dataset, indices, coords, MapMethod::Pca);
        map.variance = Some([variance[0], variance[1]]);
        map.projection = Some(projection);
        Ok(map)
    }

    /// Lays the words `indices` out by `method`; `observe` sees the layout as it settles
    /// (a PCA is fitted at once and not observed).
    pub fn settle(
        dataset: DatasetId,
        vectors: &WordVectors,
        indices: Vec<usize>,
        method: MapMethod,
        progress: &dyn ProgressSink,
        observe: &mut dyn FnMut(WordMap),
    ) -> Result<Self, ProjectionError> {
        let rows: Vec<&[f32]> = indices.iter().map(|&i| vectors.unit_vector(i)).collect();
        let mut frame = |_: usize, layout: &[[f64; 2]]| {
            observe(Self::laid_out(
                dataset,
                indices.clone(),
                layout.to_vec(),
                method,
            ));
        };
        if method == MapMethod::Pca {
            return Self::fit(dataset, vectors, indices);
        }
        let coords = method.lay_out(&rows, vectors.dim(), progress, &mut frame)?;
        Ok(Self::laid_out(dataset, indices, coords, method))
    }

    fn laid_out(
        dataset: DatasetId,
        indices: Vec<usize>,
        coords: Vec<[f64; 2]>,
        method: MapMethod,
    ) -> Self {
        let positions = indices.iter().enumerate().map(|(p, &i)| (i, p)).collect();
        Self {
            dataset,
            indices,
            coords,
            method,
            variance: None,
            projection: None,
            generation: next_generation(),
            positions,
        }
    }

    /// Whether `other` lays out the same words of the same dataset the same way.
    fn same_layout(&self, other: &WordMap) -> bool {
        self.dataset == other.dataset
            && self.method == other.method
            && self.indices == other.indices
    }

    /// What the two axes are, for their labels.
    fn axis_labels(&self) -> [String; 2] {
        axis_labels(self.method, self.variance, "words")
    }

    /// The `count` most frequent words and then each of `marked` not among them.
    pub fn choose_words(vocabulary: usize, count: usize, marked: &[usize]) -> Vec<usize> {
        let top = count.min(vocabulary);
        let mut indices: Vec<usize> = (0..top).collect();
        for &index in marked {
            if index >= top && index < vocabulary && !indices.contains(&index) {
                indices.push(index);
            }
        }
        indices
    }

    /// Where the word with this index sits in `indices`/`coords`, if it is on the map.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.positions.get(&index).copied()
    }

    /// Where a unit vector of the words' space goes on this map: through the PCA on a PCA map;
    /// on a t-SNE or UMAP map, which has no formula for new points, at the place of the word on the map
    /// of highest cosine with it (a mean of several words' places would fall between clusters,
    /// near none of them). `None` for an empty map.
    pub fn place_vector(&self, vectors: &WordVectors, vector: &[f32]) -> Option<[f64; 2]> {
        if let Some(projection) = &self.projection {
            return Some(projection.project(vector));
        }
        self.indices
            .iter()
            .map(|&i| crate::linalg::dot(vectors.unit_vector(i), vector))
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| self.coords[p])
    }

    /// The map coordinates of the word with this index, if it is on the map.
    pub fn coords_of(&self, index: usize) -> Option<[f64; 2]> {
        self.position(index).map(|p| self.coords[p])
    }
}

/// The user's choices for the words map, which the settings keep.
pub struct MapChoices<'a> {
    /// How many of the most frequent words.
    pub words: &'a mut usize,
    pub method: &'a mut MapMethod,
    pub colour: &'a mut MapColour,
    /// The lists typed for colouring by word lists, one per line.
    pub word_lists: &'a mut String,
}

/// The words of a map grouped by k-means on their full vectors (not on the 2-D layout), for
/// colouring it: a map's groups can then be checked against the vectors' own.
pub struct Colouring {
    pub dataset: DatasetId,
    /// The words clustered, as in [`WordMap::indices`].
    pub indices: Vec<usize>,
    pub k: usize,
    /// Per word, in `indices` order: its cluster.
    pub assignment: Vec<usize>,
    /// Per cluster: its most central words, naming it in the legend.
    pub legend: Vec<Vec<String>>,
    /// Tells the colours of this clustering apart from any other's.
    generation: u64,
}

impl Colouring {
    /// Clusters the words `indices` of `vectors` into `k` groups (seeded, so the same words give
    /// the same colours).
    pub fn compute(
        dataset: DatasetId,
        vectors: &WordVectors,
        indices: Vec<usize>,
        k: usize,
        progress: &dyn ProgressSink,
    ) -> Result<Self, ProjectionError> {
        let rows: Vec<&[f32]> = indices.iter().map(|&i| vectors.unit_vector(i)).collect();
        let config = KmeansConfig {
            k,
            ..KmeansConfig::default()
        };
        let clusters = kmeans(&rows, &config, progress)?;
        let legend = clusters
            .central
            .iter()
            .map(|rows| {
                rows.iter()
                    .take(LEGEND_WORDS)
                    .map(|&row| vectors.word(indices[row]).to_owned())
                    .collect()
            })
            .collect();
        Ok(Self {
            dataset,
            indices,
            k,
            assignment: clusters.assignment,
            legend,
            generation: next_generation(),
        })
    }

    fn colours(&self, map: &WordMap) -> bool {
        self.dataset == map.dataset && self.indices == map.indices
    }
}

/// The words map: the fitted map and the user's interaction with it.
#[derive(Default)]
pub struct WordsMap {
    pub map: Option<WordMap>,
    /// The words and method of the fit being computed, for the dataset it is for.
    pending: Option<(DatasetId, Vec<usize>, MapMethod)>,
    /// A t-SNE or UMAP layout settling: its newest frame is shown as it comes.
    settling: Option<Stream<WordMap>>,
    /// Maps made before, so that switching back (to PCA, say) is instant.
    cache: Vec<WordMap>,
    /// Why the latest fit failed, for the dataset it was tried on.
    failure: Option<(DatasetId, ProjectionError)>,
    /// The clusters the words are coloured by, and the clustering asked for last.
    colouring: Option<Colouring>,
    colouring_requested: Option<(DatasetId, Vec<usize>, usize)>,
    /// The typed word lists as last resolved, for the colouring by word lists.
    lists: Option<ShownLists>,
    /// Where the pictures placed by vector go on the current layout.
    placed: PlacedPositions,
    /// The user turned the photos among the words off.
    pub hide_photos: bool,
    /// The dataset the interaction state below refers to; it resets when another is shown.
    shown: Option<DatasetId>,
    pub selected: Option<usize>,
    pub search: String,
    search_error: Option<WordsError>,
    /// Zoom onto this word on the next frame.
    zoom_to: Option<usize>,
    /// Hovered word and its neighbours, cached while the pointer stays on it.
    hovered: Option<(usize, Vec<Neighbour>)>,
    /// The selected word's neighbours, cached while it stays selected.
    selected_neighbours: Option<(usize, Vec<Neighbour>)>,
    /// A lesson's selection and zoom, waiting for the map of its vectors.
    restore: Option<Restore>,
    /// The part of the plane in view at the last frame, `[min, max]`.
    bounds: Option<[[f64; 2]; 2]>,
    /// Draw the words with the GPU ([`point_cloud`]); set when the renderer is wgpu.
    pub gpu_points: bool,
    /// The words' points as the GPU draws them, for the layout and colouring on screen.
    cloud: Option<PointCloud>,
    /// The words' points by place, for the layout on screen: what is under the pointer.
    grid: Option<PointGrid>,
}

/// Word lists resolved against one dataset's vocabulary, kept while neither changes.
struct ShownLists {
    dataset: DatasetId,
    text: String,
    lists: WordLists,
    /// Tells these lists' colours apart from any other colouring's.
    generation: u64,
}

/// What the words are coloured by in this frame.
#[derive(Clone, Copy)]
enum Tint<'a> {
    Grey,
    Clusters(&'a Colouring),
    Lists(&'a ShownLists),
}

impl Tint<'_> {
    /// Tells this colouring apart from every other (0: grey), for the GPU's copy of the points.
    fn generation(self) -> u64 {
        match self {
            Tint::Grey => 0,
            Tint::Clusters(colouring) => colouring.generation,
            Tint::Lists(lists) => lists.generation,
        }
    }

    /// The colour of the word at position `p` of the map's words (`index` in the dataset).
    fn colour(self, p: usize, index: usize) -> Color32 {
        match self {
            Tint::Grey => WORD_GREY,
            Tint::Clusters(colouring) => PALETTE[colouring.assignment[p] % PALETTE.len()],
            Tint::Lists(shown) => shown
                .lists
                .list_of(index)
                .map_or(self.unlisted(), |l| PALETTE[l]),
        }
    }

    /// The colour of words in no list: grey, faded when lists are shown so they stand out.
    fn unlisted(self) -> Color32 {
        match self {
            Tint::Lists(_) => WORD_GREY.gamma_multiply(UNLISTED_FADE),
            _ => WORD_GREY,
        }
    }

    /// The colour a listed word's label takes; other labels keep the text colour.
    fn label_colour(self, index: usize) -> Option<Color32> {
        match self {
            Tint::Lists(shown) => shown.lists.list_of(index).map(|l| PALETTE[l]),
            _ => None,
        }
    }
}

/// What a lesson asks the map to show once its vectors are on screen.
struct Restore {
    vectors: PathBuf,
    selected: Option<String>,
    bounds: Option<[[f64; 2]; 2]>,
}

impl WordsMap {
    /// The map of `dataset`, if one has been fitted for it.
    pub fn current(&self, dataset: DatasetId) -> Option<&WordMap> {
        self.map.as_ref().filter(|map| map.dataset == dataset)
    }

    /// Notes that a fit of `indices` by `method` has been asked for; it replaces any fit still
    /// running.
    pub fn requested(&mut self, dataset: DatasetId, indices: &[usize], method: MapMethod) {
        self.pending = Some((dataset, indices.to_vec(), method));
    }

    /// Shows the map of these words by this method if one was made before; true if so.
    pub fn show_cached(
        &mut self,
        dataset: DatasetId,
        indices: &[usize],
        method: MapMethod,
    ) -> bool {
        let Some(found) = self
            .cache
            .iter()
            .position(|m| m.dataset == dataset && m.method == method && m.indices == indices)
        else {
            return false;
        };
        let map = self.cache.swap_remove(found);
        self.show(map);
        self.pending = None;
        true
    }

    /// The clusters the words are coloured by, if any have been computed.
    pub fn colouring(&self) -> Option<&Colouring> {
        self.colouring.as_ref()
    }

    /// Whether the words `indices` of `dataset` still need clustering into `k` groups: neither
    /// the colouring shown nor the one asked for last is of them.
    pub fn needs_colouring(&self, dataset: DatasetId, indices: &[usize], k: usize) -> bool {
        let has = self
            .colouring
            .as_ref()
            .is_some_and(|c| c.dataset == dataset && c.k == k && c.indices == indices);
        let asked = self
            .colouring_requested
            .as_ref()
            .is_some_and(|(d, i, asked_k)| *d == dataset && *asked_k == k && i == indices);
        !has && !asked
    }

    /// Notes the clustering asked for.
    pub fn colouring_requested(&mut self, dataset: DatasetId, indices: &[usize], k: usize) {
        self.colouring_requested = Some((dataset, indices.to_vec(), k));
    }

    /// Takes finished clusters (a cancelled job's nothing).
    pub fn receive_colouring(
        &mut self,
        result: Result<Colouring, ProjectionError>,
    ) -> Option<ProjectionError> {
        match result {
            Ok(colouring) => {
                self.colouring = Some(colouring);
                None
            }
            Err(ProjectionError::Cancelled) => None,
            Err(error) => {
                self.colouring_requested = None;
                Some(error)
            }
        }
    }

    /// The t-SNE or UMAP job whose frames are shown as they come, if one runs.
    pub fn settling_job(&self) -> Option<u64> {
        self.settling.as_ref().map(|stream| stream.id)
    }

    pub fn settling(&mut self, stream: Stream<WordMap>) {
        self.settling = Some(stream);
    }

    /// Shows the newest frame of a settling t-SNE or UMAP layout.
    pub fn take_streamed(&mut self) {
        let Some(frame) = self.settling.as_ref().and_then(Stream::take_newest) else {
            return;
        };
        if !self.is_pending(&frame) {
            return;
        }
        match self.map.replace(frame) {
            // The frame before: gone.
            Some(old) if self.map.as_ref().is_some_and(|new| old.same_layout(new)) => {}
            Some(old) => self.keep(old),
            None => {}
        }
    }

    fn is_pending(&self, map: &WordMap) -> bool {
        self.pending
            .as_ref()
            .is_some_and(|(dataset, indices, method)| {
                *dataset == map.dataset && *method == map.method && *indices == map.indices
            })
    }

    /// Puts `map` on screen; the one it replaces is kept for switching back.
    fn show(&mut self, map: WordMap) {
        if let Some(old) = self.map.replace(map) {
            self.keep(old);
        }
        self.failure = None;
    }

    /// Keeps a finished map for switching back (a few, the oldest forgotten first). A frame of
    /// a t-SNE or UMAP layout still settling is not finished.
    fn keep(&mut self, map: WordMap) {
        const KEPT: usize = 4;
        let unfinished = self.settling.is_some()
            && self.pending.as_ref().is_some_and(|(_, indices, method)| {
                map.method == *method && map.indices == *indices
            });
        if unfinished || self.cache.iter().any(|m| m.same_layout(&map)) {
            return;
        }
        self.cache.push(map);
        if self.cache.len() > KEPT {
            self.cache.remove(0);
        }
    }

    /// Takes a fitted map, or why it could not be fitted for `dataset`. A map asked for before
    /// the latest request is only kept for later; a cancelled fit changes nothing.
    pub fn receive(&mut self, dataset: DatasetId, result: Result<WordMap, ProjectionError>) {
        match result {
            Ok(map) => {
                if map.method.settles() {
                    self.settling = None;
                }
                if self.is_pending(&map) || self.pending.is_none() {
                    self.pending = None;
                    // A settling frame on screen is replaced by the final layout.
                    if self
                        .map
                        .as_ref()
                        .is_some_and(|m| m.method == map.method && m.indices == map.indices)
                    {
                        self.map = Some(map);
                    } else {
                        self.show(map);
                    }
                } else {
                    self.cache.push(map);
                }
            }
            Err(ProjectionError::Cancelled) => {}
            Err(error) => {
                self.pending = None;
                self.settling = None;
                self.failure = Some((dataset, error));
            }
        }
    }

    /// Whether some of `words` will be missing from the map of `dataset`: from the fit being
    /// computed if there is one, else from the map shown. No map at all lacks nothing (the
    /// first fit is asked for when the dataset arrives).
    pub fn lacks(&self, dataset: DatasetId, words: &[usize]) -> bool {
        match &self.pending {
            Some((pending, indices, _)) if *pending == dataset => {
                words.iter().any(|w| !indices.contains(w))
            }
            _ => self
                .current(dataset)
                .is_some_and(|map| words.iter().any(|&w| map.position(w).is_none())),
        }
    }

    /// Takes the answer to a search: selects and zooms to the word, or shows why not. True
    /// when the map must be refitted to include it. An answer about another dataset is dropped.
    pub fn receive_found(
        &mut self,
        dataset: DatasetId,
        shown: Option<DatasetId>,
        result: Result<usize, WordsError>,
    ) -> bool {
        if shown != Some(dataset) {
            return false;
        }
        self.follow(dataset);
        match result {
            Ok(index) => {
                self.search_error = None;
                self.selected = Some(index);
                self.zoom_to = Some(index);
                self.lacks(dataset, &[index])
            }
            Err(error) => {
                self.search_error = Some(error);
                false
            }
        }
    }

    /// Selects `selected` and shows `bounds` once the map of the vectors at `vectors` is drawn.
    pub fn restore(
        &mut self,
        vectors: PathBuf,
        selected: Option<String>,
        bounds: Option<[[f64; 2]; 2]>,
    ) {
        self.restore = Some(Restore {
            vectors,
            selected,
            bounds,
        });
    }

    /// The selected word and the part of the map in view, for a lesson.
    pub fn view(&self, dataset: Option<&Dataset>) -> (Option<String>, Option<[[f64; 2]; 2]>) {
        let Some(dataset) = dataset.filter(|d| Some(d.id) == self.shown) else {
            return (None, None);
        };
        let selected = self
            .selected
            .filter(|&i| i < dataset.vectors.len())
            .map(|i| dataset.vectors.word(i).to_owned());
        (selected, self.bounds)
    }

    /// Forgets what referred to another dataset's words.
    fn follow(&mut self, dataset: DatasetId) {
        if self.shown != Some(dataset) {
            self.shown = Some(dataset);
            self.selected = None;
            self.zoom_to = None;
            self.hovered = None;
            self.selected_neighbours = None;
            self.search_error = None;
            self.bounds = None;
        }
    }

    /// Draws the map of `dataset` with the panels' `layers`; returns where it was drawn.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: Option<&Dataset>,
        mut choices: MapChoices<'_>,
        layers: &[Layer],
        actions: &mut Vec<Action>,
    ) -> Option<Rect> {
        let Some(dataset) = dataset else {
            ui.centered_and_justified(|ui| ui.spinner());
            return None;
        };
        self.follow(dataset.id);
        let vectors = dataset.vectors.clone();
        let pictures: Vec<&Placed> = layers
            .iter()
            .flat_map(|layer| match layer {
                Layer::Placed(pictures) => pictures.as_slice(),
                _ => &[],
            })
            .collect();
        self.controls_ui(ui, dataset, &mut choices, !pictures.is_empty(), actions);
        if *choices.colour == MapColour::WordLists {
            self.resolve_lists(dataset, choices.word_lists);
        }
        let tint = match *choices.colour {
            MapColour::One => Tint::Grey,
            MapColour::Clusters(k) => self
                .colouring
                .as_ref()
                .filter(|c| c.k == k && self.map.as_ref().is_some_and(|m| c.colours(m)))
                .map_or(Tint::Grey, Tint::Clusters),
            MapColour::WordLists => self.lists.as_ref().map_or(Tint::Grey, Tint::Lists),
        };
        let shown_map = self.map.as_ref().filter(|m| m.dataset == dataset.id);
        match tint {
            Tint::Clusters(colouring) => legend_ui(ui, colouring),
            Tint::Lists(shown) => {
                lists_legend_ui(ui, &shown.lists, shown_map, self.pending.is_some());
            }
            Tint::Grey => {}
        }
        let Some(map) = shown_map else {
            let text = match &self.failure {
                Some((failed, error)) if *failed == dataset.id => {
                    format!("The map cannot be drawn: {error}")
                }
                _ => "Projecting the words…".to_owned(),
            };
            ui.centered_and_justified(|ui| ui.label(text));
            return None;
        };
        let place = |at: At| match at {
            At::Word(index) => map.coords_of(index),
            At::Point(p) => Some(p),
        };
        let list_layers = match tint {
            Tint::Lists(shown) => list_layers(&shown.lists),
            _ => Vec::new(),
        };
        let labelled_first: Vec<usize> = layers
            .iter()
            .chain(&list_layers)
            .flat_map(Layer::labelled_words)
            .collect();
        let selection = self.selected.and_then(|selected| {
            let neighbours = neighbours_of(
                &mut self.selected_neighbours,
                &vectors,
                selected,
                SELECTED_NEIGHBOURS,
            );
            map.position(selected)
                .map(|_| selection_layers(selected, neighbours))
        });

        // A lesson's scene, once the map of its vectors is here.
        let restored_bounds = match self.restore.take() {
            Some(restore) if restore.vectors == dataset.report.path => {
                self.selected = restore
                    .selected
                    .and_then(|word| dataset.vectors.index_of(&word));
                restore.bounds
            }
            other => {
                self.restore = other;
                None
            }
        };
        let pictures = if self.hide_photos {
            Vec::new()
        } else {
            self.placed.place(map, &vectors, &pictures)
        };
        if self
            .grid
            .as_ref()
            .is_none_or(|g| g.generation != map.generation)
        {
            self.grid = Some(PointGrid::new(map.generation, &map.coords));
        }
        let key = (map.generation, tint.generation());
        if !self.gpu_points {
            self.cloud = None;
        } else if self.cloud.as_ref().is_none_or(|c| c.key != key) {
            self.cloud = Some(PointCloud::new(key, &map.coords, |p| {
                tint.colour(p, map.indices[p])
            }));
        }
        let (cloud, grid) = (self.cloud.as_ref(), self.grid.as_ref());
        let radius = if matches!(tint, Tint::Clusters(_)) {
            1.8
        } else {
            1.5
        };
        let [x_label, y_label] = map.axis_labels();
        let mut plot = Plot::new("words map")
            .x_axis_label(x_label)
            .y_axis_label(y_label)
            .data_aspect(1.0)
            .show_crosshair(false);
        if self.zoom_to.is_some() || restored_bounds.is_some() {
            plot = plot.auto_bounds(false);
        }
        let zoom_to = self.zoom_to.take();
        // Labels take the room their font needs (larger when presenting).
        let label_size = ui
            .style()
            .text_styles
            .get(&egui::TextStyle::Small)
            .map_or(9.0, |font| font.size);
        let top = ui.cursor().min.y;
        let response = plot.show(ui, |plot| {
            if let Some([min, max]) = restored_bounds {
                plot.set_plot_bounds(PlotBounds::from_min_max(min, max));
            }
            if let Some(target) = zoom_to.and_then(|i| map.coords_of(i)) {
                let half = 0.6;
                plot.set_plot_bounds(PlotBounds::from_min_max(
                    [target[0] - half, target[1] - half],
                    [target[0] + half, target[1] + half],
                ));
            }
            match (cloud, tint) {
                (Some(cloud), _) => plot.add(cloud.item(radius)),
                (None, Tint::Clusters(colouring)) => {
                    for (cluster, &colour) in PALETTE.iter().enumerate().take(colouring.k) {
                        let points: PlotPoints = map
                            .coords
                            .iter()
                            .zip(&colouring.assignment)
                            .filter(|&(_, &c)| c == cluster)
                            .map(|(&p, _)| p)
                            .collect();
                        plot.points(
                            Points::new("words", points)
                                .radius(radius)
                                .color(colour)
                                .allow_hover(false),
                        );
                    }
                }
                (None, tint) => {
                    // Grey, or faded under the lists' dots drawn next.
                    let points: PlotPoints = map.coords.iter().copied().collect();
                    plot.points(
                        Points::new("words", points)
                            .radius(radius)
                            .color(tint.unlisted())
                            .allow_hover(false),
                    );
                }
            }
            layers::draw(plot, &list_layers, place);
            layers::draw(plot, layers, place);
            if let Some(selection) = &selection {
                layers::draw(plot, selection, place);
            }
            label_points(plot, map, &labelled_first, label_size, |i| {
                (vectors.word(i), tint.label_colour(i))
            });
            let picture_rects = placed::draw(plot, &pictures);
            // Only while the plot itself is hovered: not under a dialog or a popup.
            let pointer = plot
                .pointer_coordinate()
                .filter(|_| plot.response().hovered());
            let on_picture = pointer.and_then(|pointer| {
                let at = plot.screen_from_plot(pointer);
                picture_rects.iter().rposition(|rect| rect.contains(at))
            });
            let hovered = pointer
                .filter(|_| on_picture.is_none())
                .and_then(|pointer| nearest_point(plot, grid?, &map.coords, pointer));
            (hovered, on_picture, plot.response().clicked())
        });
        let (hovered, on_picture, clicked) = response.inner;
        if let Some((picture, _)) = on_picture.and_then(|i| pictures.get(i)) {
            response.response.clone().on_hover_ui_at_pointer(|ui| {
                ui.strong(&picture.name);
                ui.label(&picture.note);
            });
        }
        let bounds = response.transform.bounds();
        self.bounds = Some([bounds.min(), bounds.max()]);
        match hovered.map(|p| map.indices[p]) {
            Some(index) => {
                let list: Vec<String> =
                    neighbours_of(&mut self.hovered, &vectors, index, NEIGHBOURS_SHOWN)
                        .iter()
                        .map(|n| format!("{} {:.2}", n.word, n.score))
                        .collect();
                response.response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.strong(vectors.word(index));
                    ui.label(list.join("\n"));
                });
                if clicked {
                    self.selected = Some(index);
                }
            }
            None => self.hovered = None,
        }
        Some(plot_with_axes(ui, top))
    }

    fn controls_ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        choices: &mut MapChoices<'_>,
        has_photos: bool,
        actions: &mut Vec<Action>,
    ) {
        let MapChoices {
            words: map_words,
            method,
            colour,
            word_lists,
        } = choices;
        ui.horizontal(|ui| {
            if method_picker(ui, method, &WORD_TERMS) {
                actions.push(Action::RefreshMap);
            }
            ui.separator();
            let before = **colour;
            ui.label("Colour");
            ui.radio_value(*colour, MapColour::One, "one")
                .on_hover_text("Every word in grey");
            let k = match before {
                MapColour::Clusters(k) => k,
                _ => DEFAULT_CLUSTERS,
            };
            ui.radio_value(*colour, MapColour::Clusters(k), "clusters")
                .on_hover_text("k-means on the words' full vectors: words of one colour are close in the space itself, whatever the map does with them");
            if let MapColour::Clusters(k) = colour {
                ui.add(egui::DragValue::new(k).range(2..=MAX_CLUSTERS).suffix(" clusters"))
                    .on_hover_text("How many groups k-means makes");
            }
            ui.radio_value(*colour, MapColour::WordLists, "word lists")
                .on_hover_text("Your own groups of words, one list per line, each in its colour: do the words you think of as a group land together on this map?");
            if **colour != before {
                actions.push(Action::RefreshMap);
            }
            if has_photos {
                ui.separator();
                let mut show = !self.hide_photos;
                ui.checkbox(&mut show, "Photos")
                    .on_hover_text("The Images tab's photos, each placed among the words it resembles: the mean of the word vectors of the classes the network sees in it, weighted by their probability (ConSE)");
                self.hide_photos = !show;
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Words on the map");
            let max = dataset.vectors.len().max(MIN_MAP_WORDS);
            let slider = ui
                .add(egui::Slider::new(*map_words, MIN_MAP_WORDS.min(max)..=max).logarithmic(true))
                .labelled_by(label.id);
            if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
                actions.push(Action::RefreshMap);
            }
            if let Some(map) = self.current(dataset.id) {
                ui.weak(format!("{} points", group_thousands(map.indices.len())));
            }
            ui.separator();
            let label = ui.label("Find");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .desired_width(140.0)
                        .hint_text("a word"),
                )
                .labelled_by(label.id);
            if widgets::entered(ui, &search) {
                actions.push(Action::FindOnMap(self.search.trim().to_owned()));
            }
            if let Some(error) = &self.search_error {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
        });
        if **colour == MapColour::WordLists {
            lists_editor_ui(ui, word_lists, actions);
        }
    }

    /// Looks the typed lists up in `dataset`'s vocabulary if they or the dataset changed.
    fn resolve_lists(&mut self, dataset: &Dataset, text: &str) {
        if self
            .lists
            .as_ref()
            .is_some_and(|l| l.dataset == dataset.id && l.text == text)
        {
            return;
        }
        self.lists = Some(ShownLists {
            dataset: dataset.id,
            text: text.to_owned(),
            lists: WordLists::parse(text, &dataset.vectors, MAX_LISTS),
            generation: next_generation(),
        });
    }
}

/// The lists' text, one list per line; the map takes in words it lacks when the text is left.
fn lists_editor_ui(ui: &mut egui::Ui, text: &mut String, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Word lists");
        let width = (ui.available_width() - 90.0).max(120.0);
        let editor = ui
            .add(
                egui::TextEdit::multiline(text)
                    .desired_rows(3)
                    .desired_width(width)
                    .hint_text("one list per line, e.g.\nanimals: dog cat horse\nfruit: apple pear plum"),
            )
            .labelled_by(label.id)
            .on_hover_text("One list per line: a name, a colon, then its words (spaces or commas between them). Words the map lacks join it when you click outside the lists.");
        if editor.lost_focus() {
            actions.push(Action::ShowMarkedWords);
        }
        if ui
            .button("Examples")
            .on_hover_text("Numbers, countries, animals, colours and months")
            .clicked()
        {
            *text = EXAMPLE_LISTS.to_owned();
            actions.push(Action::ShowMarkedWords);
        }
    });
}

/// Each list's words as dots in its colour, larger than the grey ones, labelled first.
fn list_layers(lists: &WordLists) -> Vec<Layer> {
    lists
        .lists
        .iter()
        .zip(&PALETTE)
        .map(|(list, &color)| Layer::Points {
            name: list.name.clone(),
            at: list.indices.iter().map(|&i| At::Word(i)).collect(),
            color,
            radius: LISTED_RADIUS,
        })
        .collect()
}

/// One entry per list: its colour, name and size, the words the vocabulary lacks, and the
/// listed words still to join the map (`refitting`: a map that may take them is being made).
fn lists_legend_ui(ui: &mut egui::Ui, lists: &WordLists, map: Option<&WordMap>, refitting: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for (list, &colour) in lists.lists.iter().zip(&PALETTE) {
            legend_dot(ui, colour);
            let mut text = format!("{} ({})", list.name, list.indices.len());
            if !list.missing.is_empty() {
                text.push_str(&format!(
                    " — not in the vocabulary: {}",
                    list.missing.join(", ")
                ));
            }
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
        }
        if lists.lines_left_out > 0 {
            ui.weak(format!(
                "only the first {MAX_LISTS} lists get a colour; {} more left out",
                lists.lines_left_out
            ));
        }
        let joining = map.map_or(0, |map| {
            lists
                .words()
                .iter()
                .filter(|&&i| map.position(i).is_none())
                .count()
        });
        if joining > 0 && refitting {
            ui.weak(format!("adding {joining} listed words to the map…"));
        } else if joining > 0 {
            ui.weak(format!(
                "{joining} listed words are not on the map yet: click outside the lists to add them"
            ));
        }
    });
}

/// A legend entry's dot in its colour.
fn legend_dot(ui: &mut egui::Ui, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, colour);
}

/// One line per cluster: its colour and its most central words.
fn legend_ui(ui: &mut egui::Ui, colouring: &Colouring) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for (words, &colour) in colouring.legend.iter().zip(&PALETTE) {
            legend_dot(ui, colour);
            // Each cluster's words stay on one line; the row wraps between clusters.
            ui.add(egui::Label::new(words.join(", ")).wrap_mode(egui::TextWrapMode::Extend));
        }
    });
}

/// The clicked word, lines to its neighbours, and their names.
fn selection_layers(selected: usize, neighbours: &[Neighbour]) -> Vec<Layer> {
    let color = Color32::LIGHT_BLUE;
    vec![
        Layer::Lines {
            lines: neighbours
                .iter()
                .map(|n| (At::Word(selected), At::Word(n.index)))
                .collect(),
            color,
        },
        Layer::Labels {
            labels: neighbours
                .iter()
                .map(|n| (At::Word(n.index), n.word.clone()))
                .collect(),
            color,
        },
        Layer::Points {
            name: "selected".into(),
            at: vec![At::Word(selected)],
            color,
            radius: 6.0,
        },
    ]
}

/// The `count` nearest words to `index`, searched once and kept in `cache` while the same word
/// stays hovered or selected. This one search stays on the UI thread: it answers within the
/// frame (1.6 ms on the 341k-word GloVe file through the int8 index), where a job would make
/// the tooltip trail the pointer by a frame or more.
fn neighbours_of<'c>(
    cache: &'c mut Option<(usize, Vec<Neighbour>)>,
    vectors: &WordVectors,
    index: usize,
    count: usize,
) -> &'c [Neighbour] {
    if cache.as_ref().is_none_or(|(cached, _)| *cached != index) && index < vectors.len() {
        let neighbours = vectors.nearest_to_vector(vectors.unit_vector(index), count, &[index]);
        *cache = Some((index, neighbours));
    }
    cache.as_ref().map_or(&[], |(_, neighbours)| neighbours)
}

fn variance_label(axis: usize, ratio: f64) -> String {
    format!("PC{} ({:.1}% of variance)", axis + 1, 100.0 * ratio)
}

/// The index of the point nearest the pointer, if within picking distance: only the points
/// of the grid cells around it are looked at.
fn nearest_point(
    plot: &PlotUi<'_>,
    grid: &PointGrid,
    coords: &[[f64; 2]],
    pointer: PlotPoint,
) -> Option<usize> {
    let pointer_screen = plot.screen_from_plot(pointer);
    let (mut best, mut best_distance) = (None, PICK_RADIUS * PICK_RADIUS);
    let [per_x, per_y] = plot.transform().dvalue_dpos();
    let radius = [
        f64::from(PICK_RADIUS) * per_x.abs(),
        f64::from(PICK_RADIUS) * per_y.abs(),
    ];
    for i in grid.near([pointer.x, pointer.y], radius) {
        let p = coords[i];
        let distance = plot
            .screen_from_plot(PlotPoint::new(p[0], p[1]))
            .distance_sq(pointer_screen);
        if distance < best_distance {
            (best, best_distance) = (Some(i), distance);
        }
    }
    best
}

/// Labels as many points as fit without overlapping: the marked words first, then in frequency
/// (file) order among the first [`MAX_LABEL_TRIES`] in view; zooming in makes room for more. `font_size` sizes the room each label takes.
fn label_points<'w>(
    plot: &mut PlotUi<'_>,
    map: &WordMap,
    first: &[usize],
    font_size: f32,
    word: impl Fn(usize) -> (&'w str, Option<Color32>),
) {
    let (indices, coords) = (&map.indices, &map.coords);
    let frame = plot.transform().frame().to_owned();
    let mut taken = TakenRects::new(frame);
    let (mut placed, mut tried) = (0, 0);
    let first: Vec<usize> = first.iter().filter_map(|&i| map.position(i)).collect();
    let marked: HashSet<usize> = first.iter().copied().collect();
    let rest = (0..indices.len()).filter(|p| !marked.contains(p));
    for (n, p) in first.iter().copied().chain(rest).enumerate() {
        if placed >= MAX_LABELS || (n >= first.len() && tried >= MAX_LABEL_TRIES) {
            break;
        }
        let point = PlotPoint::new(coords[p][0], coords[p][1]);
        let screen = plot.screen_from_plot(point);
        if !frame.contains(screen) {
            continue;
        }
        tried += 1;
        let (text, colour) = word(indices[p]);
        // At egui's small size (9 points) a character is about 6.5 points wide, a line 14 high.
        let em = font_size / 9.0;
        let size = Vec2::new(6.5 * em * text.chars().count() as f32 + 4.0, 14.0 * em);
        let rect = Rect::from_min_size(Pos2::new(screen.x + 3.0, screen.y - size.y), size);
        if !taken.take(rect) {
            continue;
        }
        placed += 1;
        let label = Text::new("labels", point, text.to_owned()).anchor(egui::Align2::LEFT_BOTTOM);
        plot.text(match colour {
            Some(colour) => label.color(colour),
            None => label,
        });
    }
}

/// The labels' rectangles placed so far, bucketed by a coarse grid over the plot, so that
/// trying each of 341k words costs a look at a few neighbours, not at every label placed.
struct TakenRects {
    frame: Rect,
    columns: usize,
    cells: Vec<Vec<Rect>>,
}

impl TakenRects {
    /// Cell side in points: about a short label's width.
    const CELL: f32 = 48.0;

    fn new(frame: Rect) -> Self {
        let columns = (frame.width() / Self::CELL).ceil().max(1.0) as usize;
        let rows = (frame.height() / Self::CELL).ceil().max(1.0) as usize;
        Self {
            frame,
            columns,
            cells: vec![Vec::new(); columns * rows],
        }
    }

    /// The cells `rect` touches, as (column, row) ranges.
    fn span(
        &self,
        rect: Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let rows = self.cells.len() / self.columns;
        let cell = |v: f32, low: f32, count: usize| {
            (((v - low) / Self::CELL).max(0.0) as usize).min(count - 1)
        };
        (
            cell(rect.min.x, self.frame.min.x, self.columns)
                ..=cell(rect.max.x, self.frame.min.x, self.columns),
            cell(rect.min.y, self.frame.min.y, rows)..=cell(rect.max.y, self.frame.min.y, rows),
        )
    }

    /// Takes `rect` unless it overlaps one already taken; returns whether it did.
    fn take(&mut self, rect: Rect) -> bool {
        let (columns, rows) = self.span(rect);
        let cells = || {
            rows.clone()
                .flat_map(|row| columns.clone().map(move |column| (row, column)))
        };
        if cells().any(|(row, column)| {
            self.cells[row * self.columns + column]
                .iter()
                .any(|r| r.intersects(rect))
        }) {
            return false;
        }
        for (row, column) in cells() {
            self.cells[row * self.columns + column].push(rect);
        }
        true
    }
}

/// The lowest and highest corners of what a map shows.
pub type Extent = ([f64; 2], [f64; 2]);

/// What the images map shows, computed by the Images side for the projection picked.
#[derive(Default)]
pub struct ImagesMapView {
    pub layers: Vec<Layer>,
    /// The lowest and highest corners the photos cover; `None` until there is a map.
    pub extent: Option<Extent>,
    pub axis_labels: [String; 2],
    /// Why the map shows something other than the layout picked, or that it is coming.
    pub note: Option<MapNote>,
}

/// A line above a map about what it shows.
#[derive(Debug)]
pub enum MapNote {
    /// Work under way.
    Working(String),
    /// What could not be done, and what is shown instead.
    Problem(String),
}

/// The images map: the projection picker, then the layers of `view` framed to fit its extent.
/// Returns where the map was drawn.
pub fn images_ui(
    ui: &mut egui::Ui,
    view: &ImagesMapView,
    method: &mut MapMethod,
    actions: &mut Vec<Action>,
) -> Option<Rect> {
    let Some((min, max)) = view.extent else {
        ui.centered_and_justified(|ui| {
            ui.label("The images map appears once three or more photos are embedded.\nDrop photos or folders anywhere on the window.")
        });
        return None;
    };
    ui.horizontal(|ui| {
        if method_picker(ui, method, &PHOTO_TERMS) {
            actions.push(Action::LayOutImages);
        }
    });
    match &view.note {
        Some(MapNote::Working(text)) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(text);
            });
        }
        Some(MapNote::Problem(text)) => {
            ui.colored_label(ui.visuals().warn_fg_color, text);
        }
        None => {}
    }
    let margin = ((max[0] - min[0]).max(max[1] - min[1]) * 0.12).max(1e-3);
    let top = ui.cursor().min.y;
    let [x_label, y_label] = &view.axis_labels;
    Plot::new("images map")
        .data_aspect(1.0)
        .x_axis_label(x_label.as_str())
        .y_axis_label(y_label.as_str())
        .include_x(min[0] - margin)
        .include_x(max[0] + margin)
        .include_y(min[1] - margin)
        .include_y(max[1] + margin)
        .show(ui, |plot| {
            layers::draw(plot, &view.layers, |at| match at {
                At::Point(p) => Some(p),
                At::Word(_) => None,
            })
        });
    Some(plot_with_axes(ui, top))
}

/// Where a plot just drawn below `top` sits with its axes and their labels: the part of the
/// window a PNG export keeps.
fn plot_with_axes(ui: &egui::Ui, top: f32) -> Rect {
    let used = ui.min_rect();
    Rect::from_min_max(egui::pos2(used.min.x, top), used.max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_words_are_checked_against_the_fit_being_computed() {
        let (mut map, dataset) = (WordsMap::default(), DatasetId::for_tests(1));
        assert!(
            !map.lacks(dataset, &[7]),
            "no map, nothing asked: the first fit will come"
        );
        map.requested(dataset, &[0, 1, 2], MapMethod::Pca);
        assert!(
            map.lacks(dataset, &[7]),
            "the fit on its way does not have it"
        );
        assert!(!map.lacks(dataset, &[2]));
        assert!(
            !map.lacks(DatasetId::for_tests(2), &[7]),
            "another dataset's fit"
        );
    }

    #[test]
    fn a_late_map_of_another_method_waits_in_the_cache_and_switching_back_is_instant() {
        let (mut map, dataset) = (WordsMap::default(), DatasetId::for_tests(1));
        let indices = vec![0, 1, 2, 3];
        let laid_out =
            |method| WordMap::laid_out(dataset, indices.clone(), vec![[0.0, 0.0]; 4], method);
        let tsne = MapMethod::Tsne { perplexity: 2.0 };
        map.requested(dataset, &indices, MapMethod::Pca);
        map.receive(dataset, Ok(laid_out(MapMethod::Pca)));
        assert_eq!(map.map.as_ref().unwrap().method, MapMethod::Pca);

        map.requested(dataset, &indices, tsne);
        map.receive(dataset, Err(ProjectionError::Cancelled));
        assert!(
            map.lacks(dataset, &[9]),
            "a cancelled fit leaves the request standing"
        );
        map.receive(dataset, Ok(laid_out(MapMethod::Pca)));
        assert_eq!(
            map.map.as_ref().unwrap().method,
            MapMethod::Pca,
            "not what was asked"
        );
        map.receive(dataset, Ok(laid_out(tsne)));
        assert_eq!(map.map.as_ref().unwrap().method, tsne);

        assert!(
            map.show_cached(dataset, &indices, MapMethod::Pca),
            "PCA again, at once"
        );
        assert_eq!(map.map.as_ref().unwrap().method, MapMethod::Pca);
        assert!(
            map.show_cached(dataset, &indices, tsne),
            "and back to t-SNE"
        );
        assert!(
            !map.show_cached(dataset, &[0, 1], tsne),
            "other words: a new fit"
        );
    }

    #[test]
    fn the_top_words_then_the_marked_ones_outside_it() {
        assert_eq!(
            WordMap::choose_words(10, 3, &[1, 7, 7, 12]),
            vec![0, 1, 2, 7]
        );
        assert_eq!(WordMap::choose_words(2, 5, &[]), vec![0, 1]);
    }
}
