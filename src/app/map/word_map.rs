//! One layout of the words map: which words of which dataset, where each goes, and how it was
//! made. Laid out on a job thread; the map shows it and the [`crate::app::floor::cache::Cache`] keeps it.

use std::collections::HashMap;

use super::next_generation;
use crate::app::floor::dataset::DatasetId;
use crate::progress::ProgressSink;
use crate::projection::{
    Method, NeighboursKept, Projection, ProjectionError, Run, neighbours_kept,
};
use crate::words::WordVectors;

/// The most words whose neighbours kept are measured: every word's nearest among all the map's
/// words is a full comparison of every pair, 6 s at 50,000 words on 2 cores but minutes at
/// 341,000.
pub const KEPT_MEASURED_UP_TO: usize = 50_000;

/// What a layout is of: the words of one dataset, laid out by one method. Two requests with
/// the same key get the same layout.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutKey {
    pub dataset: DatasetId,
    /// Word indices, most frequent first (then the marked words outside the top).
    pub indices: Vec<usize>,
    pub method: Method,
    /// The words centred on their mean and renormalised before they are laid out.
    pub spherize: bool,
}

/// A map of some words of one dataset in the plane (`D` = 2) or in space (3): which words,
/// where, and the axes that put them there.
pub struct WordMap<const D: usize = 2> {
    pub key: LayoutKey,
    /// Per word of `key.indices`: its place.
    pub coords: Vec<[f64; D]>,
    /// PCA: the fit itself, which places any other vector of the space (photos among the
    /// words), with each axis' share of the variance.
    projection: Option<Projection<D>>,
    /// Spherized: the words' mean, taken from any vector placed on the map.
    centre: Option<Vec<f32>>,
    /// Distinguishes this layout from every other, for what is computed from it.
    pub generation: u64,
    /// Each word's nearest neighbours in the full space and whether this layout kept them near
    /// it: measured once the layout is final (a settling frame has none).
    pub kept: Option<NeighboursKept>,
    /// Word index → position in `indices`, for the per-frame lookups.
    positions: HashMap<usize, usize>,
}

impl<const D: usize> WordMap<D> {
    /// Lays the words of `key` out; `observe` sees a t-SNE or UMAP layout as it settles, and
    /// the final layout before its neighbours kept are measured (seconds for 50,000 words).
    pub fn lay_out(
        key: LayoutKey,
        vectors: &WordVectors,
        progress: &dyn ProgressSink,
        observe: &mut dyn FnMut(WordMap<D>),
    ) -> Result<Self, ProjectionError> {
        let unit: Vec<&[f32]> = key
            .indices
            .iter()
            .map(|&i| vectors.unit_vector(i))
            .collect();
        let centre = key.spherize.then(|| mean(&unit, vectors.dim()));
        let spherized: Vec<Vec<f32>> = match &centre {
            Some(centre) => unit.iter().map(|row| spherized(row, centre)).collect(),
            None => Vec::new(),
        };
        let rows: Vec<&[f32]> = match &centre {
            Some(_) => spherized.iter().map(Vec::as_slice).collect(),
            None => unit,
        };
        let mut frame = |_: usize, layout: &[[f64; D]]| {
            let mut frame = Self::new(key.clone(), layout.to_vec(), None);
            frame.centre.clone_from(&centre);
            observe(frame);
        };
        let laid =
            key.method
                .lay_out::<D>(&rows, vectors.dim(), &Run::default(), progress, &mut frame)?;
        let mut shown = Self::new(key.clone(), laid.coords.clone(), laid.pca.clone());
        shown.centre.clone_from(&centre);
        observe(shown);
        let mut map = Self::new(key, laid.coords, laid.pca);
        map.centre = centre;
        if map.key.indices.len() > KEPT_MEASURED_UP_TO {
            return Ok(map);
        }
        // Measured against the words' own vectors: the neighbours a query would give.
        let unit: Vec<&[f32]> = map
            .key
            .indices
            .iter()
            .map(|&i| vectors.unit_vector(i))
            .collect();
        map.kept = match neighbours_kept(&unit, &map.coords, progress) {
            Ok(kept) => Some(kept),
            Err(ProjectionError::Cancelled) => return Err(ProjectionError::Cancelled),
            // Too few words to measure: the map stands without the measure.
            Err(_) => None,
        };
        Ok(map)
    }

    pub(crate) fn new(
        key: LayoutKey,
        coords: Vec<[f64; D]>,
        projection: Option<Projection<D>>,
    ) -> Self {
        let positions = key
            .indices
            .iter()
            .enumerate()
            .map(|(p, &i)| (i, p))
            .collect();
        Self {
            key,
            coords,
            projection,
            centre: None,
            generation: next_generation(),
            kept: None,
            positions,
        }
    }

    pub fn dataset(&self) -> DatasetId {
        self.key.dataset
    }

    /// The words on the map, as indices of the dataset.
    pub fn indices(&self) -> &[usize] {
        &self.key.indices
    }

    pub fn method(&self) -> Method {
        self.key.method
    }

    /// What the axes are, for their labels.
    pub fn axis_labels(&self) -> [String; D] {
        let variance = self.projection.as_ref().map(|p| p.explained_variance_ratio);
        let mut labels = self.key.method.axis_labels(variance, "words");
        if self.key.spherize {
            labels[0].push_str(" · spherized: centred on the words' mean, then unit length");
        }
        labels
    }

    /// Where the word with this index sits in `indices`/`coords`, if it is on the map.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.positions.get(&index).copied()
    }

    /// Where a unit vector of the words' space goes on this map: through the PCA on a PCA map;
    /// on a t-SNE or UMAP map, which has no formula for new points, at the place of the word on
    /// the map of highest cosine with it (a mean of several words' places would fall between
    /// clusters, near none of them). `None` for an empty map.
    pub fn place_vector(&self, vectors: &WordVectors, vector: &[f32]) -> Option<[f64; D]> {
        let moved;
        let vector = match &self.centre {
            Some(centre) => {
                moved = spherized(vector, centre);
                moved.as_slice()
            }
            None => vector,
        };
        if let Some(projection) = &self.projection {
            return Some(projection.project(vector));
        }
        self.key
            .indices
            .iter()
            .map(|&i| {
                let word = vectors.unit_vector(i);
                match &self.centre {
                    Some(centre) => crate::vector::dot(&spherized(word, centre), vector),
                    None => crate::vector::dot(word, vector),
                }
            })
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| self.coords[p])
    }

    /// The map coordinates of the word with this index, if it is on the map.
    pub fn coords_of(&self, index: usize) -> Option<[f64; D]> {
        self.position(index).map(|p| self.coords[p])
    }
}

impl WordMap {
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
}

/// The mean of `rows`, summed in f64.
fn mean(rows: &[&[f32]], dim: usize) -> Vec<f32> {
    let mut sum = vec![0.0f64; dim];
    for row in rows {
        sum.iter_mut()
            .zip(row.iter())
            .for_each(|(s, &x)| *s += f64::from(x));
    }
    let n = rows.len().max(1) as f64;
    sum.iter().map(|s| (s / n) as f32).collect()
}

/// `row` less `centre`, brought back to unit length.
fn spherized(row: &[f32], centre: &[f32]) -> Vec<f32> {
    let moved: Vec<f32> = row.iter().zip(centre).map(|(x, c)| x - c).collect();
    crate::vector::normalised(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_words_then_the_marked_ones_outside_it() {
        assert_eq!(
            WordMap::choose_words(10, 3, &[1, 7, 7, 12]),
            vec![0, 1, 2, 7]
        );
        assert_eq!(WordMap::choose_words(2, 5, &[]), vec![0, 1]);
    }

    #[test]
    fn a_spherized_map_places_its_own_words_where_they_are_and_says_so() {
        // Six words sharing one large component, differing in two others.
        let rows: [[f32; 3]; 6] = [
            [1.0, 0.3, 0.0],
            [1.0, -0.3, 0.0],
            [1.0, 0.0, 0.3],
            [1.0, 0.0, -0.3],
            [1.0, 0.2, 0.2],
            [1.0, -0.2, -0.2],
        ];
        let names = ["a", "b", "c", "d", "e", "f"];
        let vectors =
            WordVectors::from_pairs(3, names.iter().zip(&rows).map(|(w, r)| (*w, &r[..]))).unwrap();
        let key = LayoutKey {
            dataset: DatasetId::for_tests(1),
            indices: (0..6).collect(),
            method: Method::Pca,
            spherize: true,
        };
        let map: WordMap =
            WordMap::lay_out(key, &vectors, &crate::progress::Silent, &mut |_| {}).unwrap();
        for i in 0..6 {
            let placed = map.place_vector(&vectors, vectors.unit_vector(i)).unwrap();
            let at = map.coords_of(i).unwrap();
            assert!((placed[0] - at[0]).abs() < 1e-6 && (placed[1] - at[1]).abs() < 1e-6);
        }
        assert!(map.axis_labels()[0].contains("spherized"));
        // Centred and renormalised, the words spread over the whole circle.
        let radius: Vec<f64> = map.coords.iter().map(|p| p[0].hypot(p[1])).collect();
        assert!(radius.iter().all(|&r| r > 0.5), "{radius:?}");
    }
}
