//! The 1000 ImageNet classes ResNet-50's last layer scores: their names (`assets/labels.json`),
//! the most probable ones for a photo, and the WordNet synsets they are
//! (`assets/imagenet/classes.json`), which say in words what each class is.

use std::collections::HashMap;
use std::path::Path;

use super::ImagesError;

/// Number of ImageNet classes the network scores.
pub const CLASSES: usize = 1000;

/// A class name and the network's probability for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Label {
    pub label: String,
    pub probability: f32,
}

/// The class names, in the network's output order.
#[derive(Debug, Clone)]
pub struct ClassNames {
    names: Vec<String>,
}

impl ClassNames {
    /// Reads `{"0": "tench", …}`; underscores become spaces.
    pub fn read(path: &Path) -> Result<Self, ImagesError> {
        let bad = |message: String| ImagesError::Model {
            path: path.to_owned(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let map: HashMap<String, String> =
            serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if map.len() != CLASSES {
            return Err(bad(format!(
                "{} class names, expected {CLASSES}",
                map.len()
            )));
        }
        let names = (0..CLASSES)
            .map(|i| {
                map.get(&i.to_string())
                    .map(|name| name.replace('_', " "))
                    .ok_or_else(|| bad(format!("no label for class {i}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { names })
    }

    /// The name of class `index`.
    pub fn name(&self, index: usize) -> Option<&str> {
        self.names.get(index).map(String::as_str)
    }

    /// The `k` most probable classes of a softmax output, best first.
    pub fn top(&self, probabilities: &[f32], k: usize) -> Vec<Label> {
        let mut order: Vec<usize> = (0..probabilities.len()).collect();
        order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
        order
            .into_iter()
            .take(k)
            .map(|i| Label {
                label: self
                    .name(i)
                    .map_or_else(|| format!("class {i}"), str::to_owned),
                probability: probabilities[i],
            })
            .collect()
    }
}

/// One class as WordNet 3.0 describes it: its names and what it is a kind of.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Synset {
    /// WordNet's id, `n` + the synset's offset in `data.noun` (`n01440764`, the tench).
    pub wnid: String,
    /// Its names, most common first: "king penguin", "Aptenodytes patagonica".
    pub lemmas: Vec<String>,
    /// Its chain of hypernyms, nearest first ("penguin", then "seabird", … up to "entity"),
    /// each level a list of names.
    pub hypernyms: Vec<Vec<String>>,
}

/// The 1000 classes as WordNet synsets, in the network's output order; written by
/// `scripts/make_class_words.py`.
#[derive(Debug, Clone)]
pub struct Synsets {
    synsets: Vec<Synset>,
}

impl Synsets {
    /// The shipped `assets/imagenet/classes.json`.
    pub fn read_default() -> Result<Self, ImagesError> {
        Self::read(&crate::assets::asset_path("imagenet/classes.json"))
    }

    pub fn read(path: &Path) -> Result<Self, ImagesError> {
        let bad = |message: String| ImagesError::Model {
            path: path.to_owned(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let synsets: Vec<Synset> = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if synsets.len() != CLASSES {
            return Err(bad(format!(
                "{} classes, expected {CLASSES}",
                synsets.len()
            )));
        }
        Ok(Self { synsets })
    }

    /// Every class, in the network's output order.
    pub fn all(&self) -> &[Synset] {
        &self.synsets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_names_read_and_rank() {
        let names = ClassNames::read(&crate::assets::asset_path("labels.json")).unwrap();
        assert_eq!(names.name(0), Some("tench"));
        assert_eq!(names.name(CLASSES), None);
        let mut probabilities = vec![0.0; CLASSES];
        probabilities[281] = 0.7;
        probabilities[1] = 0.2;
        let top = names.top(&probabilities, 2);
        assert_eq!(top[0].label, "tabby");
        assert_eq!(top[1].probability, 0.2);
    }

    #[test]
    fn the_shipped_synsets_match_the_names() {
        let synsets = Synsets::read_default().unwrap();
        let names = ClassNames::read(&crate::assets::asset_path("labels.json")).unwrap();
        let tench = &synsets.all()[0];
        assert_eq!(
            (tench.wnid.as_str(), tench.lemmas[0].as_str()),
            ("n01440764", "tench")
        );
        assert!(
            tench
                .hypernyms
                .iter()
                .any(|level| level.contains(&"fish".to_owned()))
        );
        // Keras' names are WordNet lemmas (spelt with spaces here): every class agrees.
        let agreeing = synsets
            .all()
            .iter()
            .enumerate()
            .filter(|(i, s)| s.lemmas.iter().any(|l| Some(l.as_str()) == names.name(*i)))
            .count();
        assert_eq!(agreeing, CLASSES);
    }

    #[test]
    fn a_short_or_broken_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("labels.json");
        std::fs::write(&path, r#"{"0": "tench"}"#).unwrap();
        assert!(ClassNames::read(&path).is_err());
        std::fs::write(&path, b"\xff\xfe not json").unwrap();
        assert!(ClassNames::read(&path).is_err());
    }
}
