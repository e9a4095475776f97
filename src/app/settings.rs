//! What survives a restart besides the panels' inputs, checked as it is read back: a settings
//! file edited by hand or written by another version must not break the start.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::map::{MapColour, MapSettings};
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
    /// The words map's choices: how many words, how laid out, what the colours show.
    pub map: MapSettings,
    /// How the images map lays the photos out.
    pub images_map_method: Method,
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
    /// The map's choices as versions before [`Settings::map`] wrote them: read once into it.
    #[serde(skip_serializing, deserialize_with = "written_before")]
    map_words: Option<usize>,
    #[serde(skip_serializing, deserialize_with = "written_before")]
    map_method: Option<Method>,
    #[serde(skip_serializing, deserialize_with = "written_before")]
    map_spherize: Option<bool>,
    #[serde(skip_serializing, deserialize_with = "written_before")]
    map_colour: Option<MapColour>,
}

/// A value an earlier version wrote as itself (`map_words: 5000`), read as present.
fn written_before<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tab: Tab::Words,
            words_view: WordsView::Map,
            map: MapSettings::default(),
            images_map_method: Method::Pca,
            map_word_lists: EXAMPLE_LISTS.to_owned(),
            vectors_path: None,
            last_folders: BTreeMap::new(),
            presentation: false,
            space: SpaceSettings::default(),
            map_words: None,
            map_method: None,
            map_spherize: None,
            map_colour: None,
        }
    }
}

impl Settings {
    /// The settings with every value brought into its range.
    pub fn validated(mut self) -> Self {
        let map = &mut self.map;
        map.words = self.map_words.take().unwrap_or(map.words);
        map.method = self.map_method.take().unwrap_or(map.method);
        map.spherize = self.map_spherize.take().unwrap_or(map.spherize);
        map.colour = self.map_colour.take().unwrap_or(map.colour);
        self.map = self.map.validated();
        self.images_map_method = self.images_map_method.clamped();
        self.space = self.space.validated();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::map::{MAX_CLUSTERS, MIN_MAP_WORDS};
    use crate::projection::DEFAULT_PERPLEXITY;

    #[test]
    fn out_of_range_values_are_brought_back() {
        let mut wild = Settings::default();
        wild.map.words = 0;
        wild.map.colour = MapColour::Clusters(1000);
        wild.images_map_method = Method::Tsne {
            perplexity: f64::NAN,
        };
        // A camera out of range (a hand-edited file) is brought back into it.
        wild.space.camera.zoom = 1e9;
        wild.space.camera.pitch = -40.0;
        let settings = wild.validated();
        assert_eq!(settings.map.words, MIN_MAP_WORDS);
        assert_eq!(settings.map.colour, MapColour::Clusters(MAX_CLUSTERS));
        assert_eq!(
            settings.images_map_method,
            Method::Tsne {
                perplexity: DEFAULT_PERPLEXITY
            }
        );
        assert_eq!(settings.space.camera.zoom, 20.0);
        assert!(settings.space.camera.pitch >= -std::f32::consts::FRAC_PI_2);
    }

    #[test]
    fn the_map_choices_an_earlier_version_saved_are_kept() {
        // As eframe stores the settings (RON), written before the map's choices were one value.
        let saved = "(tab: Lab, map_words: 2000, map_method: Umap(neighbors: 0, min_dist: 7.0), \
                     map_spherize: true, map_colour: Clusters(5), presentation: true)";
        let settings = ron::from_str::<Settings>(saved).unwrap().validated();
        assert_eq!(settings.tab, Tab::Lab);
        assert!(settings.presentation);
        assert_eq!(
            settings.map,
            MapSettings {
                words: 2000,
                method: Method::Umap {
                    neighbors: 2,
                    min_dist: 1.0
                },
                spherize: true,
                colour: MapColour::Clusters(5),
            }
        );
        // Written again, they are written once, as the map's.
        let again = ron::to_string(&settings).unwrap();
        assert!(!again.contains("map_words"), "{again}");
        let back = ron::from_str::<Settings>(&again).unwrap().validated();
        assert_eq!(back, settings);
    }
}
