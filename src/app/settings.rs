//! What survives a restart besides the panels' inputs, checked as it is read back: a settings
//! file edited by hand or written by another version must not break the start.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::map::{DEFAULT_MAP_WORDS, MIN_MAP_WORDS, MapColour};
use super::space::SpaceSettings;
use super::words::WordsView;
use crate::projection::Method;
use crate::words::lists::EXAMPLE_LISTS;

/// Which side of the explorer is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    #[default]
    Words,
    Images,
    Train,
    /// The linear-algebra lab.
    Lab,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub tab: Tab,
    /// What the Words tab's central area shows.
    pub words_view: WordsView,
    /// How many of the most frequent words the map shows.
    pub map_words: usize,
    /// How the words map lays them out.
    pub map_method: Method,
    /// How the images map lays the photos out.
    pub images_map_method: Method,
    /// What the words map's colours show.
    pub map_colour: MapColour,
    /// Centre the map's words on their mean and renormalise them before laying them out.
    pub map_spherize: bool,
    /// The lists the words map is coloured by when colouring by word lists, one per line.
    pub map_word_lists: String,
    /// A vectors file the user opened; the bundled set when `None`.
    pub vectors_path: Option<PathBuf>,
    /// The folder each kind of file was last opened from or saved to (by `Purpose::key`).
    pub last_folders: BTreeMap<String, PathBuf>,
    /// Light, high-contrast and larger, for a projector.
    pub presentation: bool,
    /// The 3-D view's camera and choices.
    pub space: SpaceSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tab: Tab::Words,
            words_view: WordsView::Map,
            map_words: DEFAULT_MAP_WORDS,
            map_method: Method::Pca,
            images_map_method: Method::Pca,
            map_colour: MapColour::One,
            map_spherize: false,
            map_word_lists: EXAMPLE_LISTS.to_owned(),
            vectors_path: None,
            last_folders: BTreeMap::new(),
            presentation: false,
            space: SpaceSettings::default(),
        }
    }
}

impl Settings {
    /// The settings with every value brought into its range.
    pub fn validated(mut self) -> Self {
        self.map_words = self.map_words.max(MIN_MAP_WORDS);
        self.map_colour = self.map_colour.validated();
        self.map_method = self.map_method.clamped();
        self.images_map_method = self.images_map_method.clamped();
        self.space = self.space.validated();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::map::MAX_CLUSTERS;
    use crate::projection::DEFAULT_PERPLEXITY;

    #[test]
    fn out_of_range_values_are_brought_back() {
        let settings = Settings {
            map_words: 0,
            map_colour: MapColour::Clusters(1000),
            ..Settings::default()
        }
        .validated();
        assert_eq!(settings.map_words, MIN_MAP_WORDS);
        assert_eq!(settings.map_colour, MapColour::Clusters(MAX_CLUSTERS));
        // A camera out of range (a hand-edited file) is brought back into it.
        let mut wild = Settings::default();
        wild.space.camera.zoom = 1e9;
        wild.space.camera.pitch = -40.0;
        let camera = wild.validated().space.camera;
        assert_eq!(camera.zoom, 20.0);
        assert!(camera.pitch >= -std::f32::consts::FRAC_PI_2);
        let settings = Settings {
            map_method: Method::Umap {
                neighbors: 0,
                min_dist: 7.0,
            },
            images_map_method: Method::Tsne {
                perplexity: f64::NAN,
            },
            ..Settings::default()
        }
        .validated();
        assert_eq!(
            settings.map_method,
            Method::Umap {
                neighbors: 2,
                min_dist: 1.0
            }
        );
        assert_eq!(
            settings.images_map_method,
            Method::Tsne {
                perplexity: DEFAULT_PERPLEXITY
            }
        );
    }
}
