//! The words map's choices, one value wherever they are kept: in the settings, in a lesson's map,
//! and changed by the map's controls; brought into the range the window shows in one place.

use super::colouring::MapColour;
use super::controls::MIN_MAP_WORDS;
use crate::projection::Method;

/// Words on the map at first start.
pub const DEFAULT_MAP_WORDS: usize = 5_000;

/// How many of the most frequent words the map shows, how it lays them out, and what its
/// colours show.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MapSettings {
    /// How many of the most frequent words.
    pub words: usize,
    /// PCA, t-SNE or UMAP and their parameters.
    pub method: Method,
    /// Centre the words on their mean and renormalise them before laying them out.
    pub spherize: bool,
    pub colour: MapColour,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            words: DEFAULT_MAP_WORDS,
            method: Method::Pca,
            spherize: false,
            colour: MapColour::One,
        }
    }
}

impl MapSettings {
    /// The choices with every value in the range the controls offer (a hand-edited settings
    /// file or lesson must not break the map).
    pub fn validated(self) -> Self {
        Self {
            words: self.words.max(MIN_MAP_WORDS),
            method: self.method.clamped(),
            spherize: self.spherize,
            colour: self.colour.validated(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::map::MAX_CLUSTERS;

    #[test]
    fn out_of_range_choices_are_brought_back() {
        let wild = MapSettings {
            words: 0,
            method: Method::Tsne { perplexity: 1e9 },
            spherize: true,
            colour: MapColour::Clusters(1000),
        }
        .validated();
        assert_eq!(wild.words, MIN_MAP_WORDS);
        assert_eq!(wild.method, Method::Tsne { perplexity: 100.0 });
        assert_eq!(wild.colour, MapColour::Clusters(MAX_CLUSTERS));
        assert!(wild.spherize);
        assert_eq!(MapSettings::default().validated(), MapSettings::default());
    }
}
