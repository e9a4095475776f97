//! The central panel: the universal map. Words: the most frequent words plus every word a layer
//! marks, laid out by PCA, t-SNE or UMAP, with labels where they fit, hover neighbours,
//! selection and search. Images: the photos' thumbnails ([`images_map`]). What else appears
//! comes from the [`Layer`]s the rooms supply; the photos placed among the words are drawn with
//! their spokes ([`placed`]), and a click on one asks for it to be shown (`Action::FocusPhoto`).
//!
//! This file holds the words map's state and dispatch. Layouts and clusterings are computed on
//! jobs ([`jobs`]) and kept in the floor's caches; each frame is prepared ([`frame`]) and then
//! drawn ([`draw`]).

mod colouring;
mod controls;
mod draw;
mod frame;
mod grid;
mod images_map;
mod jobs;
mod labels;
mod legend;
mod picker;
mod placed;
pub mod point_cloud;
mod settings;
mod word_map;

use std::path::PathBuf;

use egui::Rect;
use grid::PointGrid;
use point_cloud::PointCloud;

use super::Action;
use super::floor::cache::{Cache, Following, Outcome, Stop};
use super::floor::dataset::{Dataset, DatasetId};
use super::floor::marks::{At, Layer, Placed, Tone};
use super::floor::messages::AppError;
use super::floor::palette;
use super::floor::pointer;
use crate::words::{Neighbour, WordVectors, WordsError};
use colouring::{ShownLists, Tint};
use placed::PlacedPositions;

pub use colouring::{Colouring, ColouringKey, MAX_CLUSTERS, MAX_LISTS, MapColour};
pub use controls::MIN_MAP_WORDS;
pub use images_map::{ImagesMapView, images_ui};
pub(crate) use jobs::start_layout;
pub(crate) use picker::{WORD_TERMS, method_picker};
pub use settings::{DEFAULT_MAP_WORDS, MapSettings};
pub use word_map::{LayoutKey, WordMap};

const NEIGHBOURS_SHOWN: usize = 5;
/// Neighbours joined by lines to the clicked word.
const SELECTED_NEIGHBOURS: usize = 10;
/// Layouts kept for switching back (PCA and t-SNE of the same words, say).
const KEPT_LAYOUTS: usize = 4;
/// Clusterings kept for switching back.
const KEPT_COLOURINGS: usize = 2;

/// A number no other layout, clustering or set of word lists has: what is drawn from one is
/// told apart from what was drawn from another by it (0 is never given).
fn next_generation() -> u64 {
    static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A line above a map about what it shows.
#[derive(Debug)]
pub enum MapNote {
    /// Work under way.
    Working(String),
    /// What could not be done, and what is shown instead.
    Problem(String),
}

/// The user's choices for the words map, which the settings keep: the map's own, and the lists
/// typed for colouring by word lists, one per line.
pub struct MapChoices<'a> {
    pub map: &'a mut MapSettings,
    pub word_lists: &'a mut String,
}

/// The words map: its layouts and clusterings, and the user's interaction with it.
pub struct WordsMap {
    /// Layouts made, being made, or that could not be made; the one asked for last, and the
    /// one on screen.
    layouts: Following<LayoutKey, WordMap>,
    /// Clusterings of the map's words, for colouring by clusters.
    colourings: Cache<ColouringKey, Colouring>,
    /// The typed word lists as last resolved, for the colouring by word lists.
    lists: Option<ShownLists>,
    /// Where the pictures placed by vector go on the current layout.
    placed: PlacedPositions,
    /// The user turned the photos among the words off.
    hide_photos: bool,
    /// The dataset the interaction state below refers to; it resets when another is shown.
    shown: Option<DatasetId>,
    selected: Option<usize>,
    search: String,
    search_error: Option<WordsError>,
    /// Zoom onto this word on the next frame.
    zoom_to: Option<usize>,
    /// Hovered word and its neighbours, cached while the pointer stays on it.
    hovered: Option<(usize, Vec<Neighbour>)>,
    /// The selected word's neighbours, cached while it stays selected.
    selected_neighbours: Option<(usize, Vec<Neighbour>)>,
    /// What the last frame drew for the selected word, and where each photo went on screen
    /// (for tests, through `inspect`).
    selection: Vec<Layer>,
    picture_rects: Vec<(String, Rect)>,
    /// A lesson's selection and zoom, waiting for the map of its vectors.
    restore: Option<Restore>,
    /// The part of the plane in view at the last frame, `[min, max]`.
    bounds: Option<[[f64; 2]; 2]>,
    /// Draw the words with the GPU ([`point_cloud`]); set when the renderer is wgpu.
    gpu_points: bool,
    /// The words' points as the GPU draws them, for the layout and colouring on screen.
    cloud: Option<PointCloud>,
    /// The words' points by place, for the layout on screen: what is under the pointer.
    grid: Option<PointGrid>,
}

impl Default for WordsMap {
    fn default() -> Self {
        Self {
            layouts: Following::new(KEPT_LAYOUTS),
            colourings: Cache::new(KEPT_COLOURINGS),
            lists: None,
            placed: PlacedPositions::default(),
            hide_photos: false,
            shown: None,
            selected: None,
            search: String::new(),
            search_error: None,
            zoom_to: None,
            hovered: None,
            selected_neighbours: None,
            selection: Vec::new(),
            picture_rects: Vec::new(),
            restore: None,
            bounds: None,
            gpu_points: false,
            cloud: None,
            grid: None,
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
    /// A words map that draws its points with the GPU when `gpu_points` (the renderer is wgpu
    /// and the point pipeline is installed).
    pub fn new(gpu_points: bool) -> Self {
        Self {
            gpu_points,
            ..Self::default()
        }
    }

    /// Whether the GPU draws the words' points.
    pub fn gpu_points(&self) -> bool {
        self.gpu_points
    }

    /// Draws the words' points with the GPU (true) or with egui_plot.
    pub fn set_gpu_points(&mut self, gpu: bool) {
        self.gpu_points = gpu;
    }

    /// The newest clustering kept of the words on `map`, whatever its number of clusters.
    pub fn clusters_of(&self, map: &WordMap) -> Option<&Colouring> {
        self.colourings
            .find(|key| key.dataset == map.dataset() && key.indices == map.indices())
    }

    /// The map of `dataset` on screen, if there is one.
    pub fn current(&self, dataset: DatasetId) -> Option<&WordMap> {
        self.layouts
            .shown()
            .map(|map| map.as_ref())
            .filter(|map| map.dataset() == dataset)
    }

    /// The selected word, by its index in the dataset on screen.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The lines, labels and points the last frame drew for the selected word.
    pub fn selection(&self) -> &[Layer] {
        &self.selection
    }

    /// Where the last frame drew the photo named `name`.
    pub fn picture_rect(&self, name: &str) -> Option<Rect> {
        self.picture_rects
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, rect)| *rect)
    }

    /// Shows the newest frame of a settling t-SNE or UMAP layout.
    pub fn take_streamed(&mut self) {
        self.layouts.take_streamed();
    }

    /// Takes what a layout job delivered. A layout asked for before the latest request is kept
    /// for switching back; a crash is returned to be reported.
    pub fn receive(
        &mut self,
        job: u64,
        key: LayoutKey,
        outcome: Outcome<WordMap>,
    ) -> Option<AppError> {
        self.layouts
            .receive(job, key, outcome)
            .map(AppError::Crashed)
    }

    /// Takes finished clusters, or why there are none (a cancelled job: nothing to say).
    pub fn receive_colouring(
        &mut self,
        job: u64,
        key: ColouringKey,
        outcome: Outcome<Colouring>,
    ) -> Option<AppError> {
        let error = match &outcome {
            Err(Stop::Crashed(title)) => Some(AppError::Crashed(title.clone())),
            Err(Stop::Failed(error)) => Some(AppError::Clustering(error.to_string())),
            Ok(_) | Err(Stop::Cancelled) => None,
        };
        self.colourings.receive(job, key, outcome);
        error
    }

    /// Whether some of `words` will be missing from the map of `dataset`: from the layout
    /// asked for last, if it is of that dataset, else from the map shown. No map at all lacks
    /// nothing (the first is asked for when the dataset arrives).
    pub fn lacks(&self, dataset: DatasetId, words: &[usize]) -> bool {
        match self.layouts.wanted() {
            Some(key) if key.dataset == dataset => words.iter().any(|w| !key.indices.contains(w)),
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
        dataset: &Dataset,
        mut choices: MapChoices<'_>,
        layers: &[Layer],
        actions: &mut Vec<Action>,
    ) -> Option<Rect> {
        self.follow(dataset.id);
        let palette = palette::ui(ui);
        let vectors = dataset.vectors.clone();
        let pictures: Vec<&Placed> = layers
            .iter()
            .flat_map(|layer| match layer {
                Layer::Placed(pictures) => pictures.as_slice(),
                _ => &[],
            })
            .collect();
        let shown = controls::Shown {
            vocabulary: vectors.len(),
            points: self.current(dataset.id).map(|map| map.indices().len()),
            has_photos: !pictures.is_empty(),
            search_error: self.search_error.as_ref(),
        };
        controls::ui(
            ui,
            &mut choices,
            &mut self.hide_photos,
            &mut self.search,
            &shown,
            actions,
        );

        // Prepare: bring what the frame is made from up to date, then make it.
        if choices.map.colour == MapColour::WordLists
            && self
                .lists
                .as_ref()
                .is_none_or(|l| l.dataset != dataset.id || l.text != *choices.word_lists)
        {
            self.lists = Some(ShownLists::new(dataset.id, choices.word_lists, &vectors));
        }
        let map = self
            .layouts
            .shown()
            .cloned()
            .filter(|map| map.dataset() == dataset.id);
        // A lesson's zoom or a word found waits for a map to show it on.
        let set_bounds = map.as_ref().and_then(|_| self.take_restore(dataset));
        let selection = match (self.selected, &map) {
            (Some(selected), Some(map)) if map.position(selected).is_some() => {
                let kept = match (choices.map.colour, &map.kept, map.position(selected)) {
                    (MapColour::NeighboursKept, Some(kept), Some(p)) => Some((kept, p)),
                    _ => None,
                };
                let nearest = match kept {
                    Some(_) => &[][..],
                    None => pointer::neighbours_of(
                        &mut self.selected_neighbours,
                        &vectors,
                        selected,
                        SELECTED_NEIGHBOURS,
                    ),
                };
                let lines = pointer::selection_lines(kept, map.indices(), nearest);
                selection_layers(selected, &lines, &vectors, kept.is_some())
            }
            _ => Vec::new(),
        };
        self.selection.clone_from(&selection);
        let placed = match &map {
            Some(map) if !self.hide_photos => self.placed.place(map, &vectors, &pictures),
            _ => Vec::new(),
        };
        let spokes = match &map {
            Some(map) => self.placed.spokes(map, &vectors, &placed),
            None => Vec::new(),
        };
        let tint = tint(
            &self.colourings,
            self.lists.as_ref(),
            choices.map.colour,
            map.as_deref(),
        );
        if let Some(map) = &map {
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
                    tint.colour(palette, p, map.indices()[p])
                }));
            }
        }
        let frame = frame::prepare(frame::Inputs {
            map: map.as_deref(),
            vectors: &vectors,
            tint,
            palette,
            cloud: self.cloud.as_ref(),
            panel_layers: layers,
            selection,
            pictures: placed,
            spokes,
            set_bounds,
            note: self.note(map.as_deref()),
            missing: self.missing(),
            refitting: self.layouts.running_job().is_some(),
        });

        // Draw, then follow the pointer.
        let (interaction, rect) = draw::draw(ui, &frame, self.grid.as_ref())?;
        let pictures = match &frame.plot {
            Ok(plot) => plot.pictures.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        };
        drop(frame);
        self.bounds = Some(interaction.bounds);
        self.picture_rects = pictures
            .iter()
            .zip(&interaction.picture_rects)
            .map(|(p, rect)| (p.name.clone(), *rect))
            .collect();
        if let Some(picture) = interaction.on_picture.and_then(|i| pictures.get(i)) {
            interaction.response.clone().on_hover_ui_at_pointer(|ui| {
                ui.strong(&picture.name);
                ui.label(&picture.note);
                ui.weak("Click: the classes that place it, as arrows");
            });
            if interaction.clicked {
                actions.push(Action::FocusPhoto(picture.name.clone()));
            }
        }
        let hovered = interaction
            .hovered
            .zip(map.as_ref())
            .map(|(p, map)| map.indices()[p]);
        match hovered {
            Some(index) => {
                pointer::hover_ui(
                    &interaction.response,
                    &mut self.hovered,
                    &vectors,
                    index,
                    NEIGHBOURS_SHOWN,
                );
                if interaction.clicked {
                    self.selected = Some(index);
                }
            }
            None => self.hovered = None,
        }
        Some(rect)
    }

    /// The part of the plane to show this frame: a lesson's zoom once the map of its vectors is
    /// here (selecting its word), or the word just found once it is on the map.
    fn take_restore(&mut self, dataset: &Dataset) -> Option<[[f64; 2]; 2]> {
        let restored = match self.restore.take() {
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
        // A word found waits for a map that has it (one that takes it in may be on its way).
        let found = self.zoom_to.and_then(|index| {
            let map = self.current(dataset.id)?;
            let target = map.coords_of(index)?;
            // A quarter of the map around the word, at least as much as a PCA map's unit
            // vectors need (t-SNE and UMAP maps are tens of units across).
            let extent = map
                .coords
                .iter()
                .flatten()
                .map(|c| c.abs())
                .fold(0.0, f64::max);
            let half = (0.25 * extent).max(0.6);
            Some([
                [target[0] - half, target[1] - half],
                [target[0] + half, target[1] + half],
            ])
        });
        if found.is_some() {
            self.zoom_to = None;
        }
        found.or(restored)
    }

    /// Why the layout asked for is not what the map shows, if it is not.
    fn note(&self, shown: Option<&WordMap>) -> Option<MapNote> {
        let key = self.layouts.wanted()?;
        let stop = self.layouts.wanted_stop()?;
        shown?;
        let name = key.method.name();
        Some(MapNote::Problem(match stop {
            Stop::Failed(error) => {
                format!(
                    "{name} cannot lay out these words: {error}. The map shows the last layout."
                )
            }
            Stop::Cancelled => format!(
                "{name} was cancelled; the map shows the last layout. Switch to another \
                 projection and back to try again."
            ),
            Stop::Crashed(_) => format!(
                "{name} stopped unexpectedly; the map shows the last layout. Switch to another \
                 projection and back to try again."
            ),
        }))
    }

    /// What the map area says while there is no map.
    fn missing(&self) -> String {
        match self.layouts.wanted_stop() {
            Some(Stop::Failed(error)) => format!("The map cannot be drawn: {error}"),
            Some(Stop::Crashed(_)) => {
                "The map could not be drawn (the layout stopped unexpectedly).".to_owned()
            }
            Some(Stop::Cancelled) => "The map was cancelled.".to_owned(),
            None => "Projecting the words…".to_owned(),
        }
    }
}

/// What the words are coloured by now: the clusters of the words on `map` when they are
/// computed, the lists when resolved, the neighbours kept once measured, else grey.
fn tint<'a>(
    colourings: &'a Cache<ColouringKey, Colouring>,
    lists: Option<&'a ShownLists>,
    colour: MapColour,
    map: Option<&'a WordMap>,
) -> Tint<'a> {
    match colour {
        MapColour::One => Tint::Grey,
        MapColour::Clusters(k) => map
            .and_then(|map| {
                colourings.find(|key| {
                    key.k == k && key.dataset == map.dataset() && key.indices == map.indices()
                })
            })
            .map_or(Tint::Grey, Tint::Clusters),
        MapColour::WordLists => lists.map_or(Tint::Grey, Tint::Lists),
        MapColour::NeighboursKept => map
            .and_then(|map| Some(Tint::Kept(map.kept.as_ref()?, map.generation)))
            .unwrap_or(Tint::Grey),
    }
}

/// The clicked word and lines to its neighbours (see [`pointer::selection_lines`]): with the
/// neighbours kept measured, the true ones kept near it and those put far away, each group named
/// and its words marked; otherwise its nearest in the vocabulary.
fn selection_layers(
    selected: usize,
    lines: &[(usize, Tone)],
    vectors: &WordVectors,
    kept_shown: bool,
) -> Vec<Layer> {
    let group = |tone: Tone| -> Vec<usize> {
        lines
            .iter()
            .filter(|&&(_, t)| t == tone)
            .map(|&(n, _)| n)
            .collect()
    };
    let groups = if kept_shown {
        vec![
            (Tone::Selected, group(Tone::Selected), Some("kept near it")),
            (Tone::Lost, group(Tone::Lost), Some("put far away")),
        ]
    } else {
        vec![(Tone::Selected, group(Tone::Selected), None)]
    };
    let mut layers = Vec::new();
    for (color, neighbours, name) in groups {
        layers.push(Layer::Lines {
            lines: neighbours
                .iter()
                .map(|&n| (At::Word(selected), At::Word(n)))
                .collect(),
            color,
        });
        layers.push(Layer::Labels {
            labels: neighbours
                .iter()
                .map(|&n| (At::Word(n), vectors.word(n).to_owned()))
                .collect(),
            color,
        });
        if let Some(name) = name {
            layers.push(Layer::Points {
                name: format!("true neighbours {name}"),
                at: neighbours.iter().map(|&n| At::Word(n)).collect(),
                color,
                radius: 4.0,
            });
        }
    }
    layers.push(Layer::Points {
        name: "selected".into(),
        at: vec![At::Word(selected)],
        color: Tone::Selected,
        radius: 6.0,
    });
    layers
}

#[cfg(test)]
mod tests;
