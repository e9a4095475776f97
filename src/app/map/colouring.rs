//! What the words map's colours show: one grey, k-means clusters of the words' full vectors, the
//! user's word lists, or how many of each word's neighbours the map kept; and the palettes.

use egui::Color32;

use crate::app::floor::palette::Palette;

use super::next_generation;
use crate::app::floor::dataset::DatasetId;
use crate::progress::ProgressSink;
use crate::projection::{KmeansConfig, NeighboursKept, ProjectionError, kmeans};
use crate::words::WordVectors;
use crate::words::lists::WordLists;

/// Clusters the map is coloured by when colouring is first picked.
pub const DEFAULT_CLUSTERS: usize = 8;
/// Colours that stay apart: the palette's categories.
const CATEGORIES: usize = crate::app::floor::palette::DESK.categories.len();
/// Most clusters: as many as there are colours that stay apart.
pub const MAX_CLUSTERS: usize = CATEGORIES;
/// Most word lists coloured, for the same reason.
pub const MAX_LISTS: usize = CATEGORIES;
/// Words naming each cluster in the legend.
const LEGEND_WORDS: usize = 3;
/// How much of the grey is left to words in no list, so that the listed words stand out.
const UNLISTED_FADE: f32 = 0.35;

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
    /// Each word by the share of its nearest neighbours the layout kept near it: where the map
    /// can be trusted and where it misleads.
    NeighboursKept,
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

/// What a clustering is of: these words of this dataset in `k` groups.
#[derive(Debug, Clone, PartialEq)]
pub struct ColouringKey {
    pub dataset: DatasetId,
    pub indices: Vec<usize>,
    pub k: usize,
}

/// The words of a map grouped by k-means on their full vectors (not on the 2-D layout), for
/// colouring it: a map's groups can then be checked against the vectors' own.
pub struct Colouring {
    pub key: ColouringKey,
    /// Per word, in `key.indices` order: its cluster.
    pub assignment: Vec<usize>,
    /// Per cluster: its most central words, naming it in the legend.
    pub legend: Vec<Vec<String>>,
    /// Tells the colours of this clustering apart from any other's.
    generation: u64,
}

impl Colouring {
    /// Clusters the words of `key` (seeded, so the same words give the same colours).
    pub fn compute(
        key: ColouringKey,
        vectors: &WordVectors,
        progress: &dyn ProgressSink,
    ) -> Result<Self, ProjectionError> {
        let rows: Vec<&[f32]> = key
            .indices
            .iter()
            .map(|&i| vectors.unit_vector(i))
            .collect();
        let config = KmeansConfig {
            k: key.k,
            ..KmeansConfig::default()
        };
        let clusters = kmeans(&rows, &config, progress)?;
        let legend = clusters
            .central
            .iter()
            .map(|rows| {
                rows.iter()
                    .take(LEGEND_WORDS)
                    .map(|&row| vectors.word(key.indices[row]).to_owned())
                    .collect()
            })
            .collect();
        Ok(Self {
            key,
            assignment: clusters.assignment,
            legend,
            generation: next_generation(),
        })
    }
}

/// Word lists resolved against one dataset's vocabulary, kept while neither changes.
pub(super) struct ShownLists {
    pub dataset: DatasetId,
    pub text: String,
    pub lists: WordLists,
    /// Tells these lists' colours apart from any other colouring's.
    generation: u64,
}

impl ShownLists {
    pub fn new(dataset: DatasetId, text: &str, vectors: &WordVectors) -> Self {
        Self {
            dataset,
            text: text.to_owned(),
            lists: WordLists::parse(text, vectors, MAX_LISTS),
            generation: next_generation(),
        }
    }
}

/// What the words are coloured by in this frame.
#[derive(Clone, Copy)]
pub(super) enum Tint<'a> {
    Grey,
    Clusters(&'a Colouring),
    Lists(&'a ShownLists),
    /// The neighbours kept by the layout with this generation.
    Kept(&'a NeighboursKept, u64),
}

impl Tint<'_> {
    /// Tells this colouring apart from every other (0: grey), for the GPU's copy of the points.
    pub fn generation(self) -> u64 {
        match self {
            Tint::Grey => 0,
            Tint::Clusters(colouring) => colouring.generation,
            Tint::Lists(lists) => lists.generation,
            Tint::Kept(_, generation) => generation,
        }
    }

    /// The colour of the word at position `p` of the map's words (`index` in the dataset).
    pub fn colour(self, palette: &Palette, p: usize, index: usize) -> Color32 {
        match self {
            Tint::Grey => palette.word,
            Tint::Clusters(colouring) => palette.category(colouring.assignment[p]),
            Tint::Lists(shown) => shown
                .lists
                .list_of(index)
                .map_or(self.unlisted(palette), |l| palette.category(l)),
            Tint::Kept(kept, _) => palette.kept(kept.share(p)),
        }
    }

    /// The colour of words in no list: grey, faded when lists are shown so they stand out.
    pub fn unlisted(self, palette: &Palette) -> Color32 {
        match self {
            Tint::Lists(_) => palette.word.gamma_multiply(UNLISTED_FADE),
            _ => palette.word,
        }
    }

    /// The colour a listed word's label takes; other labels keep the text colour.
    pub fn label_colour(self, palette: &Palette, index: usize) -> Option<Color32> {
        match self {
            Tint::Lists(shown) => shown.lists.list_of(index).map(|l| palette.category(l)),
            _ => None,
        }
    }
}
