//! How much of the space a map keeps: for each point, the share of its nearest neighbours in the
//! full space (by cosine) that are also among its nearest on the map (by distance in the plane or
//! in space). A map is a shadow of a 100-dimensional space; this says, word by word, where the
//! shadow misleads (the "trustworthiness" family of measures, Venna & Kaski 2001, in its simplest
//! form: the k-nearest-neighbour preservation used to compare t-SNE and UMAP maps).

use rayon::prelude::*;

use super::ProjectionError;
use super::neighbours::nearest;
use crate::progress::{Progress, ProgressSink};

/// Neighbours compared per point: a word's ten nearest are what a student reads off a map.
pub const KEPT_NEIGHBOURS: usize = 10;

/// Each point's nearest neighbours in the full space, and for each whether the map kept it
/// among the point's nearest on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighboursKept {
    k: usize,
    /// `k` per point, nearest first.
    true_neighbours: Vec<u32>,
    /// Whether `true_neighbours[i]` is among its point's `k` nearest on the map.
    kept: Vec<bool>,
}

impl NeighboursKept {
    /// How many points were measured.
    pub fn len(&self) -> usize {
        self.true_neighbours.len() / self.k
    }

    pub fn is_empty(&self) -> bool {
        self.true_neighbours.is_empty()
    }

    /// The share of point `i`'s nearest neighbours the map keeps near it, 0 to 1.
    pub fn share(&self, i: usize) -> f64 {
        let kept = self.kept[i * self.k..(i + 1) * self.k]
            .iter()
            .filter(|&&kept| kept)
            .count();
        kept as f64 / self.k as f64
    }

    /// Every point's share, in the points' order.
    pub fn shares(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.share(i)).collect()
    }

    /// The mean share over all points: the map's score.
    pub fn mean(&self) -> f64 {
        self.kept.iter().filter(|&&kept| kept).count() as f64 / self.kept.len().max(1) as f64
    }

    /// Point `i`'s nearest neighbours in the full space, nearest first, each with whether the
    /// map kept it near `i`.
    pub fn neighbours(&self, i: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        let range = i * self.k..(i + 1) * self.k;
        self.true_neighbours[range.clone()]
            .iter()
            .zip(&self.kept[range])
            .map(|(&j, &kept)| (j as usize, kept))
    }
}

/// Measures, for each of the unit vectors `rows` laid out at `layout`, the share of its
/// [`KEPT_NEIGHBOURS`] nearest by cosine that are among its nearest on the map (ties broken by
/// the lower index in both). Needs more points than neighbours; a map place that is not a number
/// is an error. Cancelling through `progress` stops with an error.
pub fn neighbours_kept<const D: usize>(
    rows: &[&[f32]],
    layout: &[[f64; D]],
    progress: &dyn ProgressSink,
) -> Result<NeighboursKept, ProjectionError> {
    let k = KEPT_NEIGHBOURS;
    let n = rows.len();
    if layout.len() != n {
        return Err(ProjectionError::BadParameter(format!(
            "the map has {} places for {n} points",
            layout.len()
        )));
    }
    if n <= k {
        return Err(ProjectionError::BadParameter(format!(
            "neighbours kept compares each point's {k} nearest, so it needs at least {} points \
             (there are {n})",
            k + 1
        )));
    }
    if !layout.iter().flatten().all(|c| c.is_finite()) {
        return Err(ProjectionError::BadParameter(
            "the map has a place that is not a number".into(),
        ));
    }
    let in_space = nearest(rows, k, progress)?;
    progress.report(Progress { done: 1, total: 2 });
    let tree = KdTree::new(layout);
    let on_map: Vec<Vec<u32>> = (0..n)
        .into_par_iter()
        .map(|i| {
            if progress.is_cancelled() {
                return None;
            }
            Some(tree.nearest(i, k))
        })
        .collect::<Option<_>>()
        .ok_or(ProjectionError::Cancelled)?;
    let mut true_neighbours = Vec::with_capacity(n * k);
    let mut kept = Vec::with_capacity(n * k);
    for (space, map) in in_space.iter().zip(&on_map) {
        for &(j, _) in space {
            true_neighbours.push(j);
            kept.push(map.contains(&j));
        }
    }
    progress.report(Progress { done: 2, total: 2 });
    Ok(NeighboursKept {
        k,
        true_neighbours,
        kept,
    })
}

/// A k-d tree over map places, implicit in one permutation: each range's middle element splits
/// it on axis depth mod D.
struct KdTree<'a, const D: usize> {
    places: &'a [[f64; D]],
    order: Vec<u32>,
}

impl<'a, const D: usize> KdTree<'a, D> {
    fn new(places: &'a [[f64; D]]) -> Self {
        let mut tree = Self {
            places,
            order: (0..places.len() as u32).collect(),
        };
        tree.split(0, places.len(), 0);
        tree
    }

    fn split(&mut self, from: usize, to: usize, depth: usize) {
        if to - from <= 1 {
            return;
        }
        let axis = depth % D;
        let middle = (to - from) / 2;
        let places = self.places;
        self.order[from..to].select_nth_unstable_by(middle, |&a, &b| {
            places[a as usize][axis].total_cmp(&places[b as usize][axis])
        });
        self.split(from, from + middle, depth + 1);
        self.split(from + middle + 1, to, depth + 1);
    }

    /// The `k` places nearest place `i` (itself left out), by distance then index.
    fn nearest(&self, i: usize, k: usize) -> Vec<u32> {
        let mut best: Vec<(f64, u32)> = Vec::with_capacity(k + 1);
        self.search(
            &self.places[i],
            i as u32,
            k,
            0,
            self.order.len(),
            0,
            &mut best,
        );
        best.into_iter().map(|(_, j)| j).collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        query: &[f64; D],
        skip: u32,
        k: usize,
        from: usize,
        to: usize,
        depth: usize,
        best: &mut Vec<(f64, u32)>,
    ) {
        if from >= to {
            return;
        }
        let middle = from + (to - from) / 2;
        let candidate = self.order[middle];
        let place = &self.places[candidate as usize];
        if candidate != skip {
            let distance: f64 = query.iter().zip(place).map(|(a, b)| (a - b).powi(2)).sum();
            let entry = (distance, candidate);
            let worse = |a: &(f64, u32), b: &(f64, u32)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
            if best.len() < k || worse(&entry, &best[best.len() - 1]).is_lt() {
                let at = best.partition_point(|held| worse(held, &entry).is_lt());
                best.insert(at, entry);
                best.truncate(k);
            }
        }
        let axis = depth % D;
        let offset = query[axis] - place[axis];
        let (near, far) = if offset < 0.0 {
            ((from, middle), (middle + 1, to))
        } else {
            ((middle + 1, to), (from, middle))
        };
        self.search(query, skip, k, near.0, near.1, depth + 1, best);
        // A tie at the worst distance may still win on its index: visit on equality.
        if best.len() < k || offset * offset <= best[best.len() - 1].0 {
            self.search(query, skip, k, far.0, far.1, depth + 1, best);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;
    use crate::projection::test_points::clusters;

    /// The definition, counted the slow way: every pair compared.
    fn brute_force<const D: usize>(rows: &[&[f32]], layout: &[[f64; D]]) -> Vec<f64> {
        let k = KEPT_NEIGHBOURS;
        let ranked = |distance: &dyn Fn(usize, usize) -> f64, i: usize| {
            let mut others: Vec<usize> = (0..rows.len()).filter(|&j| j != i).collect();
            others.sort_by(|&a, &b| distance(i, a).total_cmp(&distance(i, b)).then(a.cmp(&b)));
            others.truncate(k);
            others
        };
        let cosine = |i: usize, j: usize| {
            let dot: f32 = rows[i].iter().zip(rows[j]).map(|(a, b)| a * b).sum();
            (1.0 - f64::from(dot)).max(0.0)
        };
        let on_map = |i: usize, j: usize| -> f64 {
            (0..D).map(|c| (layout[i][c] - layout[j][c]).powi(2)).sum()
        };
        (0..rows.len())
            .map(|i| {
                let space = ranked(&cosine, i);
                let map = ranked(&on_map, i);
                space.iter().filter(|j| map.contains(j)).count() as f64 / k as f64
            })
            .collect()
    }

    #[test]
    fn kept_equals_a_brute_force_count_in_the_plane_and_in_space() {
        let points = clusters();
        let rows: Vec<&[f32]> = points.iter().map(Vec::as_slice).collect();
        // A map that keeps the first three coordinates (the clusters) and a coarse grid that
        // makes many ties on the map.
        let space: Vec<[f64; 3]> = points
            .iter()
            .map(|p| [f64::from(p[0]), f64::from(p[1]), f64::from(p[3])])
            .collect();
        let plane: Vec<[f64; 2]> = (0..rows.len())
            .map(|i| [(i % 7) as f64, (i / 7 % 3) as f64])
            .collect();
        let kept = neighbours_kept(&rows, &space, &Silent).unwrap();
        assert_eq!(kept.shares(), brute_force(&rows, &space));
        let grid = neighbours_kept(&rows, &plane, &Silent).unwrap();
        assert_eq!(grid.shares(), brute_force(&rows, &plane));
        assert!(
            kept.mean() > grid.mean() + 0.2,
            "{} {}",
            kept.mean(),
            grid.mean()
        );
        let mean = kept.shares().iter().sum::<f64>() / rows.len() as f64;
        assert!((kept.mean() - mean).abs() < 1e-12);
        let first: Vec<(usize, bool)> = kept.neighbours(0).collect();
        assert_eq!(first.len(), KEPT_NEIGHBOURS);
        assert!(
            first.iter().all(|&(j, _)| j % 3 == 0),
            "cluster mates first"
        );
    }

    #[test]
    fn a_map_that_is_the_space_keeps_every_neighbour() {
        let points: Vec<Vec<f32>> = (0..40)
            .map(|i| {
                let angle = i as f32 * 0.15;
                vec![angle.cos(), angle.sin()]
            })
            .collect();
        let rows: Vec<&[f32]> = points.iter().map(Vec::as_slice).collect();
        let layout: Vec<[f64; 2]> = points
            .iter()
            .map(|p| [f64::from(p[0]), f64::from(p[1])])
            .collect();
        let kept = neighbours_kept(&rows, &layout, &Silent).unwrap();
        assert_eq!(kept.mean(), 1.0);
    }

    #[test]
    fn too_few_points_a_wrong_length_or_a_nan_are_errors() {
        let points = clusters();
        let rows: Vec<&[f32]> = points.iter().map(Vec::as_slice).collect();
        let layout: Vec<[f64; 2]> = (0..rows.len()).map(|i| [i as f64, 0.0]).collect();
        let few = neighbours_kept(&rows[..10], &layout[..10], &Silent).unwrap_err();
        assert_eq!(
            few.to_string(),
            "neighbours kept compares each point's 10 nearest, so it needs at least 11 points \
             (there are 10)"
        );
        assert!(neighbours_kept(&rows, &layout[1..], &Silent).is_err());
        let mut broken = layout.clone();
        broken[5][1] = f64::NAN;
        let error = neighbours_kept(&rows, &broken, &Silent).unwrap_err();
        assert!(error.to_string().contains("not a number"));
    }
}
