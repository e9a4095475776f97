//! Photos in word space, with no new model: ConSE (Norouzi et al. 2014, "Zero-Shot Learning by
//! Convex Combination of Semantic Embeddings", ICLR). A photo's point among the words is the
//! probability-weighted mean of the word vectors of its `T` most probable ImageNet classes:
//! f(x) = Σ p(yₜ|x)·s(yₜ) / Σ p(yₜ|x).
//!
//! Everything rests on s(y), a class's word vector. ImageNet's names are multi-word and often
//! rare ("king penguin", "tench"): [`ClassNaming::Naive`] averages the words of the name, which puts
//! a king penguin between "king" and "penguin" and leaves classes whose words are all missing out.
//! [`ClassNaming::WordNet`] weights the head noun of each of WordNet's names for the class, adds
//! its nearest hypernyms ("penguin", "seabird", "aquatic bird") with weights falling by level and
//! its basic-level word ("bird"), and borrows vectors of rare words from the full GloVe
//! vocabulary when the loaded vectors are GloVe's. `benches/README.md` measures both on labelled
//! photos.

use std::path::PathBuf;

use crate::images::{ClassNames, ImagesError, Synsets};
use crate::vector::{dot, normalised};
use crate::words::{Expression, LoadOptions, Neighbour, WordVectors, WordsError};

mod evaluation;

pub use evaluation::{
    Evaluation, LabelledPhoto, PartEvaluation, QueryOutcome, Ranking, Scoring, evaluate,
    read_labelled_photos, tune,
};

/// Classes averaged per photo: Norouzi et al.'s T (they report T = 10 as best).
pub const TOP_CLASSES: usize = 10;
/// Weight of the words before the head noun of a name ("king" in "king penguin").
const MODIFIER_WEIGHT: f32 = 0.3;
/// Weight of a class's second and later names relative to its first.
const SYNONYM_WEIGHT: f32 = 0.5;
/// Each hypernym level weighs this much of the level below it.
const HYPERNYM_DECAY: f32 = 0.5;
/// Hypernym levels added: the nearest three ("terrier", "hunting dog", "dog"); further up the
/// chain the names grow too general ("carnivore", "placental") and pull every class together.
const HYPERNYM_LEVELS: usize = 3;
/// Weight of the class's basic-level word (see [`basic_level_word`]).
const BASIC_WEIGHT: f32 = 0.5;
/// Hypernym levels searched for the basic-level word.
const BASIC_LEVELS: usize = 4;
/// The most general levels of every chain ("entity", "physical entity", "object", "whole") say
/// nothing about a class and are left out.
const GENERAL_LEVELS: usize = 4;
/// Supplement words at the start of the table whose vectors identify GloVe 6B 100d.
const ANCHORS: usize = 20;
/// How close the loaded vectors of the anchors must be to the table's to count as the same space
/// (the table holds f16 values; a GloVe text file read at full precision differs by ~1e-4).
const SAME_SPACE_COSINE: f32 = 0.999;

/// How a class's word vector s(y) is made from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClassNaming {
    /// The mean of the unit vectors of the words of the class name, as Keras spells it.
    Naive,
    /// WordNet's names with the head noun weighted, plus hypernyms, plus rare GloVe words.
    WordNet,
}

impl ClassNaming {
    pub fn label(self) -> &'static str {
        match self {
            Self::Naive => "naive: the mean of the class name's words",
            Self::WordNet => "WordNet: head nouns, hypernyms and rare GloVe words",
        }
    }
}

/// Below this probability of its most probable class, the network is unsure of what a photo
/// shows, and its place among the words is the average of guesses: the app and the CLI say so.
pub const UNSURE_BELOW: f32 = 0.3;

/// One class a photo is placed by: its index, its probability, and its weight in the convex
/// combination (the probabilities of the classes used, renormalised to sum to 1).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ClassWeight {
    pub class: usize,
    pub probability: f32,
    pub weight: f32,
}

/// The most probable class and its probability when it is below [`UNSURE_BELOW`]: the network
/// is unsure.
pub fn unsure(probabilities: &[f32]) -> Option<(usize, f32)> {
    let (class, &top) = probabilities
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_finite())
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    (top < UNSURE_BELOW).then_some((class, top))
}

/// Why photos cannot be placed among the words.
#[derive(Debug, thiserror::Error)]
pub enum ConseError {
    #[error(transparent)]
    Classes(#[from] ImagesError),
    #[error("the rare-word table {path}: {error}")]
    Supplement { path: PathBuf, error: WordsError },
    #[error(
        "none of the 1,000 ImageNet class names has a word in these vectors, so photos cannot be \
         placed among them"
    )]
    NoClassCovered,
}

/// s(y) for the 1000 classes in one word space: unit rows, or nothing for a class none of whose
/// words the vectors know.
#[derive(Debug, Clone)]
pub struct ClassVectors {
    dim: usize,
    rows: Vec<Option<Vec<f32>>>,
    naming: ClassNaming,
}

impl ClassVectors {
    /// The class vectors of `words` by `naming`, from the shipped class names and tables.
    pub fn load(words: &WordVectors, naming: ClassNaming) -> Result<Self, ConseError> {
        let vectors = match naming {
            ClassNaming::Naive => {
                let names = ClassNames::read(&crate::assets::asset_path("labels.json"))?;
                Self::naive(words, &names)
            }
            ClassNaming::WordNet => {
                let synsets = Synsets::read_default()?;
                let path = crate::assets::asset_path(SUPPLEMENT_FILE);
                let supplement = crate::words::load(&path, &LoadOptions::default())
                    .map_err(|error| ConseError::Supplement {
                        path: path.clone(),
                        error,
                    })?
                    .vectors;
                Self::wordnet(words, &synsets, Some(&supplement))
            }
        };
        if vectors.covered() == 0 {
            return Err(ConseError::NoClassCovered);
        }
        Ok(vectors)
    }

    /// [`ClassNaming::Naive`]: the mean of the unit vectors of the name's words that `words` has.
    pub fn naive(words: &WordVectors, names: &ClassNames) -> Self {
        let lookup = Lookup {
            words,
            supplement: None,
        };
        let rows = (0..crate::images::imagenet::CLASSES)
            .map(|class| {
                let name = names.name(class).unwrap_or_default();
                let vectors: Vec<(&[f32], f32)> = name
                    .split_whitespace()
                    .filter_map(|word| lookup.unit(word).map(|v| (v, 1.0)))
                    .collect();
                weighted_mean(words.dim(), &vectors)
            })
            .collect();
        Self {
            dim: words.dim(),
            rows,
            naming: ClassNaming::Naive,
        }
    }

    /// [`ClassNaming::WordNet`]; `supplement` (the shipped rare-word table) is used only when its
    /// anchor words show that `words` are GloVe 6B 100d too.
    pub fn wordnet(
        words: &WordVectors,
        synsets: &Synsets,
        supplement: Option<&WordVectors>,
    ) -> Self {
        let lookup = Lookup {
            words,
            supplement: supplement.filter(|table| same_space(words, table)),
        };
        let rows = synsets
            .all()
            .iter()
            .map(|synset| {
                let general_from = synset.hypernyms.len().saturating_sub(GENERAL_LEVELS);
                let hypernyms = &synset.hypernyms[..general_from];
                let mut parts: Vec<(Vec<f32>, f32)> = Vec::new();
                parts.extend(lookup.names(&synset.lemmas).map(|v| (v, 1.0)));
                let mut weight = 1.0;
                for level in hypernyms.iter().take(HYPERNYM_LEVELS) {
                    weight *= HYPERNYM_DECAY;
                    parts.extend(lookup.names(level).map(|v| (v, weight)));
                }
                let basic = basic_level_word(words, &synset.lemmas, hypernyms);
                parts.extend(basic.map(|index| (words.unit_vector(index).to_vec(), BASIC_WEIGHT)));
                let borrowed: Vec<(&[f32], f32)> =
                    parts.iter().map(|(v, w)| (v.as_slice(), *w)).collect();
                weighted_mean(words.dim(), &borrowed)
            })
            .collect();
        Self {
            dim: words.dim(),
            rows,
            naming: ClassNaming::WordNet,
        }
    }

    pub fn naming(&self) -> ClassNaming {
        self.naming
    }

    /// Classes with a vector.
    pub fn covered(&self) -> usize {
        self.rows.iter().filter(|r| r.is_some()).count()
    }

    /// s(y) of class `index`, unit length, if any of its words are known.
    pub fn class(&self, index: usize) -> Option<&[f32]> {
        self.rows.get(index)?.as_deref()
    }

    /// ConSE: the unit direction of Σ p·s(y) / Σ p over the [`TOP_CLASSES`] most probable classes
    /// that have a vector; `None` when the softmax has the wrong length or no class is covered.
    pub fn place(&self, probabilities: &[f32]) -> Option<Vec<f32>> {
        self.place_by(&self.top_classes(probabilities, TOP_CLASSES))
    }

    /// The `t` most probable classes that have a vector (fewer if fewer have), most probable
    /// first, each with its weight in ConSE's convex combination: its probability over theirs.
    /// Empty when the softmax has the wrong length.
    pub fn top_classes(&self, probabilities: &[f32], t: usize) -> Vec<ClassWeight> {
        if probabilities.len() != self.rows.len() {
            return Vec::new();
        }
        let mut order: Vec<usize> = (0..probabilities.len())
            .filter(|&i| self.rows[i].is_some() && probabilities[i].is_finite())
            .collect();
        order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
        order.truncate(t);
        let total: f32 = order.iter().map(|&i| probabilities[i].max(0.0)).sum();
        order
            .into_iter()
            .map(|class| ClassWeight {
                class,
                probability: probabilities[class],
                weight: if total > 0.0 {
                    probabilities[class].max(0.0) / total
                } else {
                    0.0
                },
            })
            .collect()
    }

    /// The unit direction of the classes' vectors weighted as given: the photo's place for
    /// these classes; `None` for no classes or a zero sum.
    pub fn place_by(&self, classes: &[ClassWeight]) -> Option<Vec<f32>> {
        let weighted: Vec<(&[f32], f32)> = classes
            .iter()
            .filter_map(|c| Some((self.class(c.class)?, c.weight)))
            .collect();
        weighted_mean(self.dim, &weighted)
    }
}

/// The rare-word table in `assets/`.
pub const SUPPLEMENT_FILE: &str = "imagenet/glove-6B-100d-class-words.f16.bin";

/// The class's basic-level word (Rosch et al. 1976, "Basic objects in natural categories"): the
/// name people use first, "dog" for a Norfolk terrier, "cat" for a tabby. Taken as the most
/// frequent head noun among the class's names and its nearest [`BASIC_LEVELS`] hypernyms, by
/// position in the vectors file (word-vector files list the most frequent words first). It is the
/// word a student types to search, and deep in the hypernym chain it would otherwise weigh little.
fn basic_level_word(
    words: &WordVectors,
    lemmas: &[String],
    hypernyms: &[Vec<String>],
) -> Option<usize> {
    std::iter::once(lemmas)
        .chain(hypernyms.iter().take(BASIC_LEVELS).map(Vec::as_slice))
        .flatten()
        .filter_map(|lemma| {
            let head = lemma.split_whitespace().last()?;
            words
                .index_of(head)
                .or_else(|| words.index_of(&head.to_lowercase()))
        })
        .min()
}

/// Whether `words` hold the table's anchor words with (nearly) the table's vectors.
fn same_space(words: &WordVectors, table: &WordVectors) -> bool {
    words.dim() == table.dim()
        && table.len() > ANCHORS
        && (0..ANCHORS).all(|anchor| {
            words.index_of(table.word(anchor)).is_some_and(|index| {
                dot(words.unit_vector(index), table.unit_vector(anchor)) >= SAME_SPACE_COSINE
            })
        })
}

/// Unit vectors of words from the loaded vectors, else from the rare-word table.
struct Lookup<'a> {
    words: &'a WordVectors,
    supplement: Option<&'a WordVectors>,
}

impl Lookup<'_> {
    /// A word as written, else lower-cased (GloVe has only lower case; word2vec keeps case).
    fn unit(&self, word: &str) -> Option<&[f32]> {
        let find = |word: &str| {
            if let Some(i) = self.words.index_of(word) {
                return Some(self.words.unit_vector(i));
            }
            let table = self.supplement?;
            table.index_of(word).map(|i| table.unit_vector(i))
        };
        find(word).or_else(|| find(&word.to_lowercase()))
    }

    /// One name ("wire-haired fox terrier"): its head noun (the last word) weighs 1, the words
    /// before it [`MODIFIER_WEIGHT`]; a hyphenated word the vectors lack counts as its parts.
    fn name(&self, name: &str) -> Option<Vec<f32>> {
        let tokens: Vec<&str> = name.split_whitespace().collect();
        let mut parts: Vec<(&[f32], f32)> = Vec::new();
        for (position, token) in tokens.iter().enumerate() {
            let token = token.strip_suffix("'s").unwrap_or(token);
            let head = position + 1 == tokens.len();
            let weight = if head { 1.0 } else { MODIFIER_WEIGHT };
            match self.unit(token) {
                Some(vector) => parts.push((vector, weight)),
                None => {
                    let pieces: Vec<&str> = token.split('-').filter(|p| !p.is_empty()).collect();
                    for (i, piece) in pieces.iter().enumerate() {
                        let last = i + 1 == pieces.len();
                        if let Some(vector) = self.unit(piece) {
                            let piece_weight = if head && last { 1.0 } else { MODIFIER_WEIGHT };
                            parts.push((vector, piece_weight));
                        }
                    }
                }
            }
        }
        weighted_mean(self.words.dim(), &parts)
    }

    /// A synset's names: the first weighs 1, the others [`SYNONYM_WEIGHT`].
    fn names(&self, lemmas: &[String]) -> Option<Vec<f32>> {
        let vectors: Vec<(Vec<f32>, f32)> = lemmas
            .iter()
            .enumerate()
            .filter_map(|(i, lemma)| {
                let weight = if i == 0 { 1.0 } else { SYNONYM_WEIGHT };
                Some((self.name(lemma)?, weight))
            })
            .collect();
        let borrowed: Vec<(&[f32], f32)> =
            vectors.iter().map(|(v, w)| (v.as_slice(), *w)).collect();
        weighted_mean(self.words.dim(), &borrowed)
    }
}

/// The unit direction of Σ wᵢ·vᵢ; `None` for no vectors or a zero sum.
fn weighted_mean(dim: usize, vectors: &[(&[f32], f32)]) -> Option<Vec<f32>> {
    if vectors.is_empty() {
        return None;
    }
    let mut sum = vec![0f32; dim];
    for (vector, weight) in vectors {
        for (s, v) in sum.iter_mut().zip(vector.iter()) {
            *s += weight * v;
        }
    }
    let unit = normalised(sum);
    unit.iter().any(|&x| x != 0.0).then_some(unit)
}

/// How search by word ranks photos, chosen on the tuning part of the labelled photos and
/// measured on the held-out part (`benches/README.md`): CSLS (hubness corrected) over each
/// photo's point for its 3 most probable classes, their probabilities at temperature 2.
pub const SEARCH: Ranking = Ranking {
    naming: ClassNaming::WordNet,
    scoring: Scoring::Csls,
    t: 3,
    temperature: 2.0,
};

/// A photo as a search sees it: its point and its hubness.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPoint {
    /// Unit vector in the word space.
    pub vector: Vec<f32>,
    /// Its mean cosine to its 10 nearest words, for CSLS; 0 for other scorings.
    pub hubness: f32,
}

impl SearchPoint {
    /// CSLS's 2·cos(w, x) − r(x), for a unit direction `w` (r(w) is the same for every photo).
    pub fn score(&self, direction: &[f32]) -> f32 {
        2.0 * dot(direction, &self.vector) - self.hubness
    }
}

impl ClassVectors {
    /// A photo's point for `method`'s T and temperature, with its hubness where `method` scores
    /// by CSLS; `None` when no class of it has a vector.
    pub fn search_point(
        &self,
        words: &WordVectors,
        probabilities: &[f32],
        method: &Ranking,
    ) -> Option<SearchPoint> {
        let tempered = evaluation::tempered(probabilities, method.temperature);
        self.search_point_by(
            words,
            &self.top_classes(&tempered, method.t),
            method.scoring,
        )
    }

    /// The point of these weighted classes, with its hubness where `scoring` is CSLS.
    fn search_point_by(
        &self,
        words: &WordVectors,
        classes: &[ClassWeight],
        scoring: Scoring,
    ) -> Option<SearchPoint> {
        let vector = self.place_by(classes)?;
        let hubness = match scoring {
            Scoring::Csls => {
                let nearest = words.nearest_to_vector(&vector, HUBNESS_NEIGHBOURS, &[]);
                nearest.iter().map(|n| n.score).sum::<f32>() / nearest.len().max(1) as f32
            }
            _ => 0.0,
        };
        Some(SearchPoint { vector, hubness })
    }
}

/// Nearest words that measure a photo's hubness (Conneau et al.'s k).
const HUBNESS_NEIGHBOURS: usize = 10;

/// A photo placed for search.
#[derive(Debug, Clone)]
pub struct PlacedPhoto {
    pub path: PathBuf,
    pub point: SearchPoint,
}

/// One photo of a search, with its score for the query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PhotoMatch {
    pub path: PathBuf,
    pub score: f32,
}

/// Photos ranked for a typed word or expression (`cat`, `dog + snow`) by [`SearchPoint::score`],
/// best first. Unknown words get the usual error, with suggestions.
pub fn search_photos(
    words: &WordVectors,
    query: &str,
    photos: &[PlacedPhoto],
) -> Result<Vec<PhotoMatch>, WordsError> {
    let direction = words.direction(&Expression::parse(query)?)?;
    let mut ranked: Vec<PhotoMatch> = photos
        .iter()
        .map(|photo| PhotoMatch {
            path: photo.path.clone(),
            score: photo.point.score(&direction),
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(ranked)
}

/// The words nearest a placed photo ("this photo sits near cat, kitten, dog").
pub fn nearest_words(words: &WordVectors, photo: &[f32], topn: usize) -> Vec<Neighbour> {
    words.nearest_to_vector(photo, topn, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::imagenet::CLASSES;

    fn bundled() -> WordVectors {
        crate::words::load(
            &crate::words::formats::bundled::bundled_path(),
            &LoadOptions::default(),
        )
        .unwrap()
        .vectors
    }

    #[test]
    fn wordnet_naming_covers_more_classes_and_puts_a_king_penguin_among_birds() {
        let words = bundled();
        let naive = ClassVectors::load(&words, ClassNaming::Naive).unwrap();
        let wordnet = ClassVectors::load(&words, ClassNaming::WordNet).unwrap();
        assert!(naive.covered() < 800, "naive covers {}", naive.covered());
        assert_eq!(wordnet.covered(), CLASSES);
        let king_penguin = 145;
        let nearest = |classes: &ClassVectors| {
            nearest_words(&words, classes.class(king_penguin).unwrap(), 3)
                .into_iter()
                .map(|n| n.word)
                .collect::<Vec<_>>()
        };
        assert!(nearest(&naive).contains(&"king".to_owned()));
        let wordnet_words = nearest(&wordnet);
        assert!(
            wordnet_words.contains(&"penguin".to_owned()),
            "{wordnet_words:?}"
        );
        assert!(!wordnet_words.contains(&"king".to_owned()));
    }

    #[test]
    fn a_photo_sits_at_the_weighted_mean_of_its_classes() {
        let words = bundled();
        let classes = ClassVectors::load(&words, ClassNaming::WordNet).unwrap();
        let mut probabilities = vec![0.0; CLASSES];
        probabilities[281] = 0.9; // tabby
        probabilities[1] = 0.1; // goldfish
        let placed = classes.place(&probabilities).unwrap();
        let expected = normalised(
            classes
                .class(281)
                .unwrap()
                .iter()
                .zip(classes.class(1).unwrap())
                .map(|(a, b)| 0.9 * a + 0.1 * b)
                .collect(),
        );
        assert!(dot(&placed, &expected) > 0.9999);
        assert_eq!(nearest_words(&words, &placed, 1)[0].word, "cat");
        assert!(classes.place(&[0.5; 3]).is_none(), "wrong length");

        // The convex combination, class by class: weights that sum to 1, most probable first.
        let top = classes.top_classes(&probabilities, TOP_CLASSES);
        assert_eq!(top[0].class, 281);
        assert_eq!(top[1].class, 1);
        assert!((top.iter().map(|c| c.weight).sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((top[0].weight - 0.9).abs() < 1e-6 && top[0].probability == 0.9);
        assert_eq!(classes.place_by(&top), Some(placed));
        // T = 1: the photo sits on its top class.
        let one = classes.top_classes(&probabilities, 1);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].weight, 1.0);
        let on_top = classes.place_by(&one).unwrap();
        assert!(dot(&on_top, classes.class(281).unwrap()) > 0.9999);
        assert!(classes.top_classes(&[0.5; 3], 5).is_empty());
    }

    #[test]
    fn a_photo_whose_top_class_is_improbable_is_unsure() {
        let mut probabilities = vec![0.0; CLASSES];
        probabilities[281] = 0.9;
        assert_eq!(unsure(&probabilities), None);
        probabilities[281] = 0.2;
        probabilities[1] = 0.15;
        assert_eq!(unsure(&probabilities), Some((281, 0.2)));
        probabilities[1] = f32::NAN;
        assert_eq!(
            unsure(&probabilities),
            Some((281, 0.2)),
            "a NaN is no class"
        );
        assert_eq!(unsure(&[]), None);
    }

    #[test]
    fn the_rare_word_table_applies_only_to_glove() {
        let words = bundled();
        let table = crate::words::load(
            &crate::assets::asset_path(SUPPLEMENT_FILE),
            &LoadOptions::default(),
        )
        .unwrap()
        .vectors;
        assert!(same_space(&words, &table));
        assert!(words.index_of("tench").is_none() && table.index_of("tench").is_some());
        // Other vectors with the same words but other values are not GloVe's.
        let rows: Vec<(String, Vec<f32>)> = (0..200)
            .map(|i| {
                let v: Vec<f32> = words.unit_vector(i).iter().rev().copied().collect();
                (words.word(i).to_owned(), v)
            })
            .collect();
        let other = WordVectors::from_pairs(
            words.dim(),
            rows.iter().map(|(w, v)| (w.as_str(), v.as_slice())),
        )
        .unwrap();
        assert!(!same_space(&other, &table));
    }

    #[test]
    fn search_ranks_photos_and_names_unknown_words() {
        let words = bundled();
        let placed = |path: &str, word: &str, hubness: f32| PlacedPhoto {
            path: path.into(),
            point: SearchPoint {
                vector: words.unit_vector(words.lookup(word).unwrap()).to_vec(),
                hubness,
            },
        };
        let photos = vec![placed("cat.jpg", "cat", 0.0), placed("car.jpg", "car", 0.0)];
        let ranked = search_photos(&words, "truck", &photos).unwrap();
        assert_eq!(ranked[0].path, PathBuf::from("car.jpg"));
        assert!(ranked[0].score > ranked[1].score);
        let ranked = search_photos(&words, "dog + kitten", &photos).unwrap();
        assert_eq!(ranked[0].path, PathBuf::from("cat.jpg"));
        let error = search_photos(&words, "kittten", &photos).unwrap_err();
        assert!(error.to_string().contains("kitten"), "{error}");

        // CSLS: of two photos at the same place, the hub (near many words) comes second.
        let photos = vec![placed("hub.jpg", "dog", 0.5), placed("dog.jpg", "dog", 0.2)];
        let ranked = search_photos(&words, "dog", &photos).unwrap();
        assert_eq!(ranked[0].path, PathBuf::from("dog.jpg"));
        assert!((ranked[0].score - 1.8).abs() < 1e-5, "{}", ranked[0].score);
    }

    #[test]
    fn a_search_point_is_placed_by_tempered_probabilities_and_knows_its_hubness() {
        let words = bundled();
        let classes = ClassVectors::load(&words, ClassNaming::WordNet).unwrap();
        let mut probabilities = vec![0.0; CLASSES];
        probabilities[281] = 0.64; // tabby
        probabilities[1] = 0.36; // goldfish
        // τ = 2: p^(1/2) renormalised, 0.8 : 0.6 → 4/7 : 3/7.
        let flat = evaluation::tempered(&probabilities, 2.0);
        assert!((flat[281] - 4.0 / 7.0).abs() < 1e-6 && (flat[1] - 3.0 / 7.0).abs() < 1e-6);
        assert_eq!(evaluation::tempered(&probabilities, 1.0), probabilities);
        let point = classes
            .search_point(&words, &probabilities, &SEARCH)
            .unwrap();
        let by_hand = classes
            .place_by(&classes.top_classes(&flat, SEARCH.t))
            .unwrap();
        assert_eq!(point.vector, by_hand);
        let nearest = words.nearest_to_vector(&point.vector, 10, &[]);
        let mean = nearest.iter().map(|n| n.score).sum::<f32>() / 10.0;
        assert!((point.hubness - mean).abs() < 1e-6 && point.hubness > 0.0);
    }

    #[test]
    fn a_labelled_list_reads_and_refuses_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("photos.tsv");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for photo in ["cat.jpg", "sub/ü.jpg"] {
            std::fs::write(dir.path().join(photo), b"").unwrap();
        }
        std::fs::write(&list, "# photo\tword\ncat.jpg\tcat\n\nsub/ü.jpg\tdog\n").unwrap();
        let photos = read_labelled_photos(&list).unwrap();
        assert_eq!(photos.len(), 2);
        assert_eq!(photos[1].path, dir.path().join("sub/ü.jpg"));
        std::fs::write(&list, "cat.jpg cat\n").unwrap();
        assert!(read_labelled_photos(&list).is_err());
        // A folder, or a photo that is not there, would shift the labels after it.
        for line in ["sub\tdog\n", "gone.jpg\tdog\n"] {
            std::fs::write(&list, line).unwrap();
            let error = read_labelled_photos(&list).unwrap_err().to_string();
            assert!(error.contains("is not a photo file"), "{error}");
        }
    }
}
