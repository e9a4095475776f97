//! UMAP (McInnes, Healy & Melville 2018, "UMAP: Uniform Manifold Approximation and Projection
//! for Dimension Reduction"), run as umap-learn 0.5 runs it with `metric="cosine"`: a fuzzy
//! graph of each point's nearest neighbours (distances shifted by the nearest one, ρ, and
//! scaled by σ so that each point's memberships add up to log₂ k), made symmetric by the fuzzy
//! union a + b − ab, then laid out by stochastic gradient descent on the cross-entropy between
//! that graph and the curve 1 / (1 + a·d^2b) in the plane, with 5 negative samples per edge.
//! It starts from PCA (umap-learn's `init="pca"`) rather than a spectral embedding.
//! Like t-SNE it keeps neighbourhoods; its `min_dist` sets how tightly groups pack.

use super::neighbours::nearest;
use super::{Projection, ProjectionError};
use crate::progress::{Progress, ProgressSink};
use crate::random::SplitMix64;

/// The parameters a user sets, with umap-learn's defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct UmapConfig {
    /// How many nearest points (the point itself included) make a point's neighbourhood:
    /// small values show fine local structure, large ones the broader picture.
    pub neighbors: usize,
    /// How close points may pack in the plane (0 to 1): small values give tight clumps.
    pub min_dist: f64,
    /// Passes over the graph; `None` takes umap-learn's 500 up to 10,000 points, else 200.
    pub epochs: Option<usize>,
    pub seed: u64,
}

impl Default for UmapConfig {
    fn default() -> Self {
        Self {
            neighbors: 15,
            min_dist: 0.1,
            epochs: None,
            seed: 1,
        }
    }
}

const NEGATIVE_SAMPLE_RATE: f32 = 5.0;
/// Each step of a coordinate is clipped to this, as in umap-learn.
const MAX_STEP: f32 = 4.0;
/// How often (in epochs) the layout is handed to the observer while it settles.
const OBSERVE_EVERY: usize = 5;
/// The learning rate a warm start begins at (a fresh layout begins at umap-learn's 1).
const WARM_ALPHA: f32 = 0.2;
/// umap-learn's floor on σ, as a share of the mean neighbour distance.
const MIN_SCALE: f64 = 1e-3;

/// Lays out unit vectors `rows` (each `dim` long) in `D` dimensions (2 or 3). `observe` sees
/// the layout every few epochs (for an animated map); cancelling through `progress` stops with
/// an error.
pub fn umap<const D: usize>(
    rows: &[&[f32]],
    dim: usize,
    config: &UmapConfig,
    progress: &dyn ProgressSink,
    observe: &mut dyn FnMut(usize, &[[f64; D]]),
) -> Result<Vec<[f64; D]>, ProjectionError> {
    umap_from(rows, dim, config, None, progress, observe)
}

/// [`umap`] continued from a layout of the same points (`start`, one place per row, as an
/// earlier run of this function left it) instead of PCA: a warm start, so that a map of vectors
/// that changed a little moves a little.
pub fn umap_from<const D: usize>(
    rows: &[&[f32]],
    dim: usize,
    config: &UmapConfig,
    start: Option<&[[f64; D]]>,
    progress: &dyn ProgressSink,
    observe: &mut dyn FnMut(usize, &[[f64; D]]),
) -> Result<Vec<[f64; D]>, ProjectionError> {
    let n = rows.len();
    super::check_dimensions(D)?;
    super::check_start(start, n)?;
    if n < 4 {
        return Err(ProjectionError::TooFewPoints { needed: 4, got: n });
    }
    if config.neighbors < 2 {
        return Err(ProjectionError::BadParameter(format!(
            "the number of neighbours must be at least 2 (it is {})",
            config.neighbors
        )));
    }
    if config.neighbors >= n {
        return Err(ProjectionError::BadParameter(format!(
            "the number of neighbours ({}) must be less than the number of points ({n}); try {}",
            config.neighbors,
            (n / 4).clamp(2, 15)
        )));
    }
    if !(0.0..=1.0).contains(&config.min_dist) {
        return Err(ProjectionError::BadParameter(format!(
            "the minimum distance must be between 0 and 1 (it is {})",
            config.min_dist
        )));
    }
    let epochs = config.epochs.unwrap_or(if n <= 10_000 { 500 } else { 200 });
    if !(1..=10_000).contains(&epochs) {
        return Err(ProjectionError::BadParameter(format!(
            "epochs must be between 1 and 10000 (it is {epochs})"
        )));
    }

    let neighbours = nearest(rows, config.neighbors - 1, progress)?;
    let graph = fuzzy_union(&neighbours, config.neighbors);
    let edges = Edges::sampled(&graph, epochs);
    let (a, b) = fit_curve(config.min_dist);

    let mut random = Random::new(config.seed);
    let mut layout: Vec<[f32; D]> = match start {
        Some(start) => start.iter().map(|p| p.map(|c| c as f32)).collect(),
        None => {
            let pca = Projection::<D>::fit(rows.iter().copied(), dim)?;
            let mut layout: Vec<[f32; D]> = rows
                .iter()
                .map(|r| pca.project(r).map(|c| c as f32))
                .collect();
            scale_to_box(&mut layout, &mut random);
            layout
        }
    };

    // A warm start refines a settled layout: smaller steps than a fresh one's.
    let first_alpha = if start.is_some() { WARM_ALPHA } else { 1.0 };
    let mut epoch_of_next = edges.epochs_per_sample.clone();
    let epochs_per_negative: Vec<f32> = edges
        .epochs_per_sample
        .iter()
        .map(|e| e / NEGATIVE_SAMPLE_RATE)
        .collect();
    let mut epoch_of_next_negative = epochs_per_negative.clone();
    let as_f64 = |layout: &[[f32; D]]| -> Vec<[f64; D]> {
        layout.iter().map(|p| p.map(f64::from)).collect()
    };
    let difference = |a: &[f32; D], b: &[f32; D]| -> ([f32; D], f32) {
        let delta: [f32; D] = std::array::from_fn(|c| a[c] - b[c]);
        (delta, delta.iter().map(|d| d * d).sum())
    };
    for epoch in 0..epochs {
        if progress.is_cancelled() {
            return Err(ProjectionError::Cancelled);
        }
        let alpha = first_alpha * (1.0 - epoch as f32 / epochs as f32);
        let now = epoch as f32;
        for e in 0..edges.head.len() {
            if epoch_of_next[e] > now {
                continue;
            }
            let (j, k) = (edges.head[e] as usize, edges.tail[e] as usize);
            // Attraction along the edge, moving both ends.
            let (delta, d2) = difference(&layout[j], &layout[k]);
            let coefficient = if d2 > 0.0 {
                // d²^(b−1) as d²^b / d²: one power instead of two.
                let power = d2.powf(b);
                -2.0 * a * b * (power / d2) / (a * power + 1.0)
            } else {
                0.0
            };
            for c in 0..D {
                let step = (coefficient * delta[c]).clamp(-MAX_STEP, MAX_STEP) * alpha;
                layout[j][c] += step;
                layout[k][c] -= step;
            }
            epoch_of_next[e] += edges.epochs_per_sample[e];
            // Repulsion from random points, moving only the head.
            let negatives =
                ((now - epoch_of_next_negative[e]) / epochs_per_negative[e]).max(0.0) as usize;
            for _ in 0..negatives {
                let other = random.below(n);
                let (delta, d2) = difference(&layout[j], &layout[other]);
                if d2 <= 0.0 {
                    continue;
                }
                let coefficient = 2.0 * b / ((0.001 + d2) * (a * d2.powf(b) + 1.0));
                for c in 0..D {
                    layout[j][c] += (coefficient * delta[c]).clamp(-MAX_STEP, MAX_STEP) * alpha;
                }
            }
            epoch_of_next_negative[e] += negatives as f32 * epochs_per_negative[e];
        }
        if epoch % OBSERVE_EVERY == 0 || epoch + 1 == epochs {
            progress.report(Progress {
                done: epoch as u64 + 1,
                total: epochs as u64,
            });
            observe(epoch + 1, &as_f64(&layout));
        }
    }
    Ok(as_f64(&layout))
}

/// The symmetric fuzzy graph as (i, j, weight), each edge listed in both directions as
/// umap-learn's sparse matrix lists it.
fn fuzzy_union(neighbours: &[Vec<(u32, f64)>], k: usize) -> Vec<(u32, u32, f64)> {
    let target = (k as f64).log2();
    let mean_distance = {
        let (sum, count) = neighbours
            .iter()
            .flatten()
            .fold((0.0, 0usize), |(s, c), (_, d)| (s + d, c + 1));
        sum / count.max(1) as f64
    };
    let mut directed: Vec<(u32, u32, f64)> = Vec::with_capacity(neighbours.len() * k);
    for (i, row) in neighbours.iter().enumerate() {
        let (rho, sigma) = smooth_distances(row, target, mean_distance);
        for &(j, d) in row {
            let weight = if d - rho <= 0.0 || sigma == 0.0 {
                1.0
            } else {
                (-(d - rho) / sigma).exp()
            };
            directed.push((i as u32, j, weight));
        }
    }
    // a + b − ab over the edge in both directions.
    let mut both: Vec<(u32, u32, f64)> = directed
        .iter()
        .flat_map(|&(i, j, w)| [(i, j, w), (j, i, w)])
        .collect();
    both.sort_unstable_by_key(|x| (x.0, x.1));
    let mut graph: Vec<(u32, u32, f64)> = Vec::with_capacity(both.len());
    let mut index = 0;
    while index < both.len() {
        let (i, j, w) = both[index];
        if index + 1 < both.len() && (both[index + 1].0, both[index + 1].1) == (i, j) {
            let other = both[index + 1].2;
            graph.push((i, j, w + other - w * other));
            index += 2;
        } else {
            graph.push((i, j, w));
            index += 1;
        }
    }
    graph
}

/// ρ, the distance to the nearest other point, and σ, found by bisection so that
/// Σ exp(−max(0, d − ρ) / σ) over the neighbours is `target` (umap-learn's
/// `smooth_knn_dist` with `local_connectivity = 1`).
fn smooth_distances(row: &[(u32, f64)], target: f64, mean_distance: f64) -> (f64, f64) {
    let rho = row
        .iter()
        .map(|&(_, d)| d)
        .find(|&d| d > 0.0)
        .unwrap_or(0.0);
    let (mut low, mut high, mut sigma) = (0.0, f64::INFINITY, 1.0);
    for _ in 0..64 {
        let sum: f64 = row
            .iter()
            .map(|&(_, d)| {
                let shifted = d - rho;
                if shifted > 0.0 {
                    (-shifted / sigma).exp()
                } else {
                    1.0
                }
            })
            .sum();
        if (sum - target).abs() < 1e-5 {
            break;
        }
        if sum > target {
            high = sigma;
            sigma = (low + high) / 2.0;
        } else {
            low = sigma;
            sigma = if high.is_infinite() {
                sigma * 2.0
            } else {
                (low + high) / 2.0
            };
        }
    }
    // umap-learn averages over the k columns, the point itself (at 0) included.
    let floor = if rho > 0.0 {
        MIN_SCALE * row.iter().map(|&(_, d)| d).sum::<f64>() / (row.len() + 1) as f64
    } else {
        MIN_SCALE * mean_distance
    };
    (rho, sigma.max(floor))
}

/// The graph's edges with how often each is sampled: the strongest every epoch, one of
/// weight w every max/w epochs; edges too weak to be sampled once are dropped.
struct Edges {
    head: Vec<u32>,
    tail: Vec<u32>,
    epochs_per_sample: Vec<f32>,
}

impl Edges {
    fn sampled(graph: &[(u32, u32, f64)], epochs: usize) -> Self {
        let strongest = graph.iter().map(|e| e.2).fold(0.0, f64::max);
        let mut edges = Self {
            head: Vec::with_capacity(graph.len()),
            tail: Vec::with_capacity(graph.len()),
            epochs_per_sample: Vec::with_capacity(graph.len()),
        };
        for &(i, j, w) in graph {
            if w <= 0.0 || w < strongest / epochs as f64 {
                continue;
            }
            edges.head.push(i);
            edges.tail.push(j);
            edges.epochs_per_sample.push((strongest / w) as f32);
        }
        edges
    }
}

/// PCA coordinates scaled so the largest is 10, jittered by 1e-4 (umap-learn's
/// `noisy_scale_coords`), then each axis stretched to [0, 10].
fn scale_to_box<const D: usize>(layout: &mut [[f32; D]], random: &mut Random) {
    let largest = layout
        .iter()
        .flat_map(|p| p.iter().map(|c| c.abs()))
        .fold(0.0f32, f32::max)
        .max(f32::MIN_POSITIVE);
    for p in layout.iter_mut() {
        for c in p.iter_mut() {
            *c = *c * 10.0 / largest + (random.unit() - 0.5) * 2e-4;
        }
    }
    for c in 0..D {
        let low = layout.iter().map(|p| p[c]).fold(f32::INFINITY, f32::min);
        let high = layout
            .iter()
            .map(|p| p[c])
            .fold(f32::NEG_INFINITY, f32::max);
        let span = (high - low).max(f32::MIN_POSITIVE);
        for p in layout.iter_mut() {
            p[c] = 10.0 * (p[c] - low) / span;
        }
    }
}

/// Fits a and b of 1 / (1 + a·x^2b) to the curve that is 1 up to `min_dist` and
/// exp(−(x − min_dist)) after it, on 300 points of [0, 3] by least squares
/// (Levenberg-Marquardt, as umap-learn's `find_ab_params` with `spread = 1`).
fn fit_curve(min_dist: f64) -> (f32, f32) {
    let xs: Vec<f64> = (0..300).map(|i| 3.0 * f64::from(i) / 299.0).collect();
    let target: Vec<f64> = xs
        .iter()
        .map(|&x| {
            if x < min_dist {
                1.0
            } else {
                (-(x - min_dist)).exp()
            }
        })
        .collect();
    let cost = |a: f64, b: f64| -> f64 {
        xs.iter()
            .zip(&target)
            .map(|(&x, &y)| (1.0 / (1.0 + a * x.powf(2.0 * b)) - y).powi(2))
            .sum()
    };
    let (mut a, mut b, mut damping) = (1.0f64, 1.0f64, 1e-3);
    let mut current = cost(a, b);
    for _ in 0..500 {
        // Normal equations JᵀJ δ = −Jᵀr, damped on the diagonal.
        let (mut jtj, mut jtr) = ([[0.0f64; 2]; 2], [0.0f64; 2]);
        for (&x, &y) in xs.iter().zip(&target) {
            let power = if x > 0.0 { x.powf(2.0 * b) } else { 0.0 };
            let denominator = 1.0 + a * power;
            let residual = 1.0 / denominator - y;
            let d_a = -power / (denominator * denominator);
            let d_b = if x > 0.0 {
                -a * power * 2.0 * x.ln() / (denominator * denominator)
            } else {
                0.0
            };
            let gradient = [d_a, d_b];
            for r in 0..2 {
                jtr[r] += gradient[r] * residual;
                for c in 0..2 {
                    jtj[r][c] += gradient[r] * gradient[c];
                }
            }
        }
        let m = [
            [jtj[0][0] * (1.0 + damping), jtj[0][1]],
            [jtj[1][0], jtj[1][1] * (1.0 + damping)],
        ];
        let determinant = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        if determinant.abs() < 1e-300 {
            break;
        }
        let step = [
            -(m[1][1] * jtr[0] - m[0][1] * jtr[1]) / determinant,
            -(m[0][0] * jtr[1] - m[1][0] * jtr[0]) / determinant,
        ];
        let (next_a, next_b) = (a + step[0], b + step[1]);
        let next = cost(next_a, next_b);
        if next.is_finite() && next < current {
            let converged = current - next < 1e-15 * current.max(1e-300);
            (a, b, current) = (next_a, next_b, next);
            damping = (damping / 10.0).max(1e-12);
            if converged {
                break;
            }
        } else {
            damping *= 10.0;
            if damping > 1e12 {
                break;
            }
        }
    }
    (a as f32, b as f32)
}

/// The seeded generator for the jitter and the negative samples.
struct Random(SplitMix64);

impl Random {
    fn new(seed: u64) -> Self {
        Self(SplitMix64(seed ^ 0x5DEE_CE66_D1CE_4E5B))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;
    use crate::projection::test_points::{
        a_warm_start_continues_the_map, clusters, same_cluster_share,
    };

    #[test]
    fn a_warm_start_moves_a_settled_map_a_little() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let settle = UmapConfig {
            neighbors: 10,
            epochs: Some(200),
            ..UmapConfig::default()
        };
        let few = UmapConfig {
            epochs: Some(30),
            ..settle.clone()
        };
        a_warm_start_continues_the_map(|start| {
            let config = if start.is_some() { &few } else { &settle };
            umap_from(&rows, 12, config, start, &Silent, &mut |_, _| {})
        });
    }

    #[test]
    fn the_curve_matches_umap_learn() {
        // umap-learn 0.5's find_ab_params(1.0, 0.1) and (1.0, 0.5).
        let (a, b) = fit_curve(0.1);
        assert!(
            (a - 1.577).abs() < 2e-3 && (b - 0.8951).abs() < 1e-3,
            "{a} {b}"
        );
        let (a, b) = fit_curve(0.5);
        assert!(
            (a - 0.5830).abs() < 2e-3 && (b - 1.3342).abs() < 1e-3,
            "{a} {b}"
        );
    }

    #[test]
    fn memberships_add_up_to_log2_k() {
        let row = vec![(1, 0.1), (2, 0.2), (3, 0.25), (4, 0.4)];
        let (rho, sigma) = smooth_distances(&row, 5f64.log2(), 0.2);
        assert_eq!(rho, 0.1);
        let sum: f64 = row
            .iter()
            .map(|&(_, d)| (-(f64::max(d - rho, 0.0)) / sigma).exp())
            .sum();
        assert!((sum - 5f64.log2()).abs() < 1e-4, "{sum}");
    }

    #[test]
    fn the_union_is_symmetric() {
        let neighbours = vec![
            vec![(1, 0.1), (2, 0.3)],
            vec![(0, 0.1), (2, 0.2)],
            vec![(1, 0.2), (3, 0.5)],
            vec![(2, 0.5), (1, 0.6)],
        ];
        let graph = fuzzy_union(&neighbours, 3);
        for &(i, j, w) in &graph {
            let back = graph.iter().find(|e| e.0 == j && e.1 == i).unwrap();
            assert_eq!(w, back.2);
            assert!(w > 0.0 && w <= 1.0);
        }
    }

    #[test]
    fn clusters_stay_together_in_the_plane() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let config = UmapConfig {
            neighbors: 10,
            ..UmapConfig::default()
        };
        let mut observed = 0;
        let layout = umap::<2>(&rows, 12, &config, &Silent, &mut |_, _| observed += 1).unwrap();
        assert!(observed >= 50, "the layout is shown as it settles");
        assert!(same_cluster_share(&layout) > 0.95);
        let again = umap(&rows, 12, &config, &Silent, &mut |_, _| {}).unwrap();
        assert_eq!(layout, again, "the same seed gives the same map");
    }

    #[test]
    fn clusters_stay_together_in_space() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let config = UmapConfig {
            neighbors: 10,
            ..UmapConfig::default()
        };
        let layout: Vec<[f64; 3]> = umap(&rows, 12, &config, &Silent, &mut |_, _| {}).unwrap();
        assert!(same_cluster_share(&layout) > 0.95);
        assert!(layout.iter().flatten().all(|c| c.is_finite()));
    }

    #[test]
    fn impossible_parameters_are_explained() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let message = |config: UmapConfig| {
            umap::<2>(&rows, 12, &config, &Silent, &mut |_, _| {})
                .err()
                .unwrap()
                .to_string()
        };
        let with = |neighbors, min_dist| UmapConfig {
            neighbors,
            min_dist,
            ..UmapConfig::default()
        };
        assert!(message(with(0, 0.1)).contains("at least 2"));
        assert!(message(with(500, 0.1)).contains("less than the number of points"));
        assert!(message(with(15, -1.0)).contains("between 0 and 1"));
        assert!(message(with(15, f64::NAN)).contains("between 0 and 1"));
        assert!(
            message(UmapConfig {
                epochs: Some(0),
                ..UmapConfig::default()
            })
            .contains("epochs")
        );
    }
}
