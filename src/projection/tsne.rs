//! t-SNE (van der Maaten & Hinton 2008, "Visualizing Data using t-SNE") with Barnes-Hut
//! repulsion (van der Maaten 2014, "Accelerating t-SNE using Tree-Based Algorithms"), run as
//! scikit-learn's `TSNE(method="barnes_hut", metric="cosine", init="pca")` runs it: affinities
//! from the 3·perplexity nearest neighbours by (squared) cosine distance, early exaggeration 12
//! for 250 iterations, learning rate max(n / 48, 50), momentum 0.5 then 0.8, per-coordinate
//! gains.
//! Unlike PCA, it keeps each word's neighbourhood: clusters of countries, numbers, names show.

use rayon::prelude::*;

use super::neighbours::nearest;
use super::{Projection, ProjectionError};
use crate::progress::{Progress, ProgressSink};

/// The parameters a user sets, and the optimiser's, with scikit-learn's defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TsneConfig {
    /// About how many neighbours each point attends to (5–50 is usual).
    pub perplexity: f64,
    pub iterations: usize,
    /// Barnes-Hut accuracy: cells seen under a smaller angle than this are summarised.
    pub theta: f64,
    pub seed: u64,
}

impl Default for TsneConfig {
    fn default() -> Self {
        Self {
            perplexity: 30.0,
            iterations: 1000,
            theta: 0.5,
            seed: 1,
        }
    }
}

const EARLY_EXAGGERATION: f64 = 12.0;
const EXPLORATION_ITERATIONS: usize = 250;
const MIN_GAIN: f64 = 0.01;
/// How often the layout is handed to the observer while it settles.
const OBSERVE_EVERY: usize = 10;

/// Lays out unit vectors `rows` (each `dim` long) in `D` dimensions (2 or 3). `observe` sees
/// the layout every few iterations (for an animated map); cancelling through `progress` stops
/// with an error.
pub fn tsne<const D: usize>(
    rows: &[&[f32]],
    dim: usize,
    config: &TsneConfig,
    progress: &dyn ProgressSink,
    observe: &mut dyn FnMut(usize, &[[f64; D]]),
) -> Result<Vec<[f64; D]>, ProjectionError> {
    tsne_from(rows, dim, config, None, progress, observe)
}

/// [`tsne`] continued from a layout of the same points (`start`, one place per row) instead of
/// PCA, with no early exaggeration: a warm start, so that a map of vectors that changed a
/// little (training) moves a little rather than being laid out anew.
pub fn tsne_from<const D: usize>(
    rows: &[&[f32]],
    dim: usize,
    config: &TsneConfig,
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
    if !(config.perplexity.is_finite() && config.perplexity >= 1.0) {
        return Err(ProjectionError::BadParameter(format!(
            "the perplexity must be at least 1 (it is {})",
            config.perplexity
        )));
    }
    if config.perplexity >= n as f64 {
        return Err(ProjectionError::BadParameter(format!(
            "the perplexity ({}) must be less than the number of points ({n}); try {}",
            config.perplexity,
            (n / 4).max(2)
        )));
    }
    if !(0.0..=0.7).contains(&config.theta) {
        return Err(ProjectionError::BadParameter(format!(
            "theta must be between 0 and 0.7 (it is {})",
            config.theta
        )));
    }
    if !(1..=100_000).contains(&config.iterations) {
        return Err(ProjectionError::BadParameter(format!(
            "iterations must be between 1 and 100000 (it is {})",
            config.iterations
        )));
    }
    let k = ((3.0 * config.perplexity + 1.0) as usize).min(n - 1);
    // scikit-learn squares the cosine distances its neighbour search returns.
    let mut neighbours = nearest(rows, k, progress)?;
    for row in &mut neighbours {
        for (_, distance) in row.iter_mut() {
            *distance *= *distance;
        }
    }
    let affinities = Affinities::new(&neighbours, config.perplexity);

    let mut layout: Vec<[f64; D]> = match start {
        Some(start) => start.to_vec(),
        None => {
            // Start from PCA, scaled as scikit-learn does (first coordinate's deviation 1e-4).
            let pca = Projection::<D>::fit(rows.iter().copied(), dim)?;
            let mut layout: Vec<[f64; D]> = rows.iter().map(|r| pca.project(r)).collect();
            let mean = layout.iter().map(|p| p[0]).sum::<f64>() / n as f64;
            let deviation = (layout.iter().map(|p| (p[0] - mean).powi(2)).sum::<f64>() / n as f64)
                .sqrt()
                .max(1e-12);
            for c in layout.iter_mut().flatten() {
                *c *= 1e-4 / deviation;
            }
            layout
        }
    };
    // A warm start has explored already.
    let exploration = if start.is_some() {
        0
    } else {
        EXPLORATION_ITERATIONS
    };
    // Break ties between identical rows, reproducibly.
    let mut state = config
        .seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1);
    for p in &mut layout {
        for c in p.iter_mut() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *c += ((state >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 1e-8;
        }
    }

    let learning_rate = (n as f64 / EARLY_EXAGGERATION / 4.0).max(50.0);
    let mut update = vec![[0.0f64; D]; n];
    let mut gains = vec![[1.0f64; D]; n];
    for iteration in 0..config.iterations {
        if progress.is_cancelled() {
            return Err(ProjectionError::Cancelled);
        }
        let exploring = iteration < exploration;
        if iteration == exploration {
            // scikit-learn runs the two phases as two descents, each from fresh steps and gains.
            update.fill([0.0; D]);
            gains.fill([1.0; D]);
        }
        let exaggeration = if exploring { EARLY_EXAGGERATION } else { 1.0 };
        let momentum = if exploring { 0.5 } else { 0.8 };
        let gradient = gradient(&layout, &affinities, exaggeration, config.theta);
        for i in 0..n {
            for c in 0..D {
                let g = gradient[i][c];
                gains[i][c] = if update[i][c] * g < 0.0 {
                    gains[i][c] + 0.2
                } else {
                    (gains[i][c] * 0.8).max(MIN_GAIN)
                };
                update[i][c] = momentum * update[i][c] - learning_rate * gains[i][c] * g;
                layout[i][c] += update[i][c];
            }
        }
        if iteration % OBSERVE_EVERY == 0 || iteration + 1 == config.iterations {
            progress.report(Progress {
                done: iteration as u64 + 1,
                total: config.iterations as u64,
            });
            observe(iteration + 1, &layout);
        }
    }
    Ok(layout)
}

/// The symmetric, normalised affinities P, sparse: row i's neighbours and their weights.
struct Affinities {
    /// Row starts in `columns`/`values` (n + 1 entries).
    starts: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f64>,
}

impl Affinities {
    /// Conditional probabilities with each row's bandwidth set by binary search so that its
    /// entropy matches the perplexity, then P = (P + Pᵀ) / Σ.
    fn new(neighbours: &[Vec<(u32, f64)>], perplexity: f64) -> Self {
        let target = perplexity.ln();
        let conditional: Vec<Vec<f64>> = neighbours
            .par_iter()
            .map(|row| {
                let (mut low, mut high, mut beta) = (f64::NEG_INFINITY, f64::INFINITY, 1.0);
                let mut p = vec![0.0; row.len()];
                for _ in 0..100 {
                    let mut sum = 0.0;
                    for (weight, (_, d)) in p.iter_mut().zip(row) {
                        *weight = (-d * beta).exp();
                        sum += *weight;
                    }
                    let sum = sum.max(1e-12);
                    let mut entropy = 0.0;
                    for (weight, (_, d)) in p.iter_mut().zip(row) {
                        *weight /= sum;
                        entropy += beta * d * *weight;
                    }
                    entropy += sum.ln();
                    let difference = entropy - target;
                    if difference.abs() < 1e-5 {
                        break;
                    }
                    if difference > 0.0 {
                        low = beta;
                        beta = if high.is_infinite() {
                            beta * 2.0
                        } else {
                            (beta + high) / 2.0
                        };
                    } else {
                        high = beta;
                        beta = if low.is_infinite() {
                            beta / 2.0
                        } else {
                            (beta + low) / 2.0
                        };
                    }
                }
                p
            })
            .collect();
        let mut entries: Vec<(u32, u32, f64)> = Vec::with_capacity(2 * neighbours.len() * 8);
        for (i, (row, p)) in neighbours.iter().zip(&conditional).enumerate() {
            for ((j, _), &weight) in row.iter().zip(p) {
                entries.push((i as u32, *j, weight));
                entries.push((*j, i as u32, weight));
            }
        }
        entries.par_sort_unstable_by_key(|&(i, j, _)| (i, j));
        let total: f64 = entries.iter().map(|e| e.2).sum::<f64>().max(1e-12);
        let mut starts = vec![0usize; neighbours.len() + 1];
        let (mut columns, mut values) = (Vec::new(), Vec::new());
        let mut previous: Option<(u32, u32)> = None;
        for (i, j, weight) in entries {
            if previous == Some((i, j)) {
                if let Some(last) = values.last_mut() {
                    *last += weight / total;
                }
                continue;
            }
            previous = Some((i, j));
            starts[i as usize + 1] += 1;
            columns.push(j);
            values.push(weight / total);
        }
        for i in 0..neighbours.len() {
            starts[i + 1] += starts[i];
        }
        Self {
            starts,
            columns,
            values,
        }
    }
}

/// A cell of the tree over the layout (a square in 2-D, a cube in 3-D): the points it holds
/// are `order[start..end]`.
struct Cell<const D: usize> {
    start: usize,
    end: usize,
    centre: [f64; D],
    centre_of_mass: [f64; D],
    width: f64,
    /// Index of the first of 2^D children, 0 for a leaf.
    children: usize,
}

impl<const D: usize> Cell<D> {
    const EMPTY: Cell<D> = Cell {
        start: 0,
        end: 0,
        centre: [0.0; D],
        centre_of_mass: [0.0; D],
        width: 0.0,
        children: 0,
    };

    /// Whether `y` lies in this cell's square or cube.
    fn contains(&self, y: &[f64; D]) -> bool {
        y.iter()
            .zip(&self.centre)
            .all(|(y, c)| (y - c).abs() <= self.width / 2.0)
    }
}

/// The tree Barnes-Hut walks to sum the repulsion of far cells at once: a quadtree in 2-D, an
/// octree in 3-D.
struct SpaceTree<const D: usize> {
    cells: Vec<Cell<D>>,
    order: Vec<u32>,
}

/// Deeper than this, points are too close to tell apart and a leaf keeps them all.
const MAX_DEPTH: usize = 30;

impl<const D: usize> SpaceTree<D> {
    /// Children per cell.
    const BRANCHES: usize = 1 << D;

    fn new(layout: &[[f64; D]]) -> Self {
        let (mut min, mut max) = ([f64::INFINITY; D], [f64::NEG_INFINITY; D]);
        for p in layout {
            for c in 0..D {
                min[c] = min[c].min(p[c]);
                max[c] = max[c].max(p[c]);
            }
        }
        let width = (0..D).map(|c| max[c] - min[c]).fold(1e-12, f64::max) * (1.0 + 1e-9);
        let mut tree = Self {
            cells: Vec::with_capacity(2 * layout.len()),
            order: (0..layout.len() as u32).collect(),
        };
        tree.cells.push(Cell::EMPTY);
        let centre = std::array::from_fn(|c| min[c] + width / 2.0);
        tree.build(layout, 0, (0, layout.len()), centre, width, 0);
        tree
    }

    /// Fills cell `index` with the points `order[range]` in the square or cube at `centre`,
    /// and splits it into 2^D children (stored next to each other) while it holds several.
    fn build(
        &mut self,
        layout: &[[f64; D]],
        index: usize,
        (start, end): (usize, usize),
        centre: [f64; D],
        width: f64,
        depth: usize,
    ) {
        let count = (end - start).max(1) as f64;
        let mut mass = [0.0; D];
        for &i in &self.order[start..end] {
            for (m, x) in mass.iter_mut().zip(&layout[i as usize]) {
                *m += x;
            }
        }
        self.cells[index] = Cell {
            start,
            end,
            centre,
            centre_of_mass: mass.map(|m| m / count),
            width,
            children: 0,
        };
        if end - start <= 1 || depth >= MAX_DEPTH {
            return;
        }
        // Halve along each axis in turn: child q lies on the upper side of axis c where bit
        // D − 1 − c of q is set (in 2-D: west-south, west-north, east-south, east-north).
        let mut ranges = vec![(start, end)];
        for c in 0..D {
            ranges = ranges
                .into_iter()
                .flat_map(|(from, to)| {
                    let lower = partition(&mut self.order[from..to], |i| {
                        layout[i as usize][c] >= centre[c]
                    });
                    [(from, from + lower), (from + lower, to)]
                })
                .collect();
        }
        let quarter = width / 4.0;
        let first = self.cells.len();
        self.cells.extend((0..Self::BRANCHES).map(|_| Cell::EMPTY));
        self.cells[index].children = first;
        for (q, range) in ranges.into_iter().enumerate() {
            let child_centre = std::array::from_fn(|c| {
                if q >> (D - 1 - c) & 1 == 1 {
                    centre[c] + quarter
                } else {
                    centre[c] - quarter
                }
            });
            self.build(
                layout,
                first + q,
                range,
                child_centre,
                width / 2.0,
                depth + 1,
            );
        }
    }
}

/// Moves the elements for which `is_second` is false to the front; returns how many there are.
fn partition(slice: &mut [u32], is_second: impl Fn(u32) -> bool) -> usize {
    let mut first = 0;
    for i in 0..slice.len() {
        if !is_second(slice[i]) {
            slice.swap(first, i);
            first += 1;
        }
    }
    first
}

fn difference<const D: usize>(a: &[f64; D], b: &[f64; D]) -> [f64; D] {
    std::array::from_fn(|c| a[c] - b[c])
}

fn squared_length<const D: usize>(d: &[f64; D]) -> f64 {
    d.iter().map(|x| x * x).sum()
}

/// The gradient of the KL divergence at `layout`: attraction along P's edges (exaggerated while
/// exploring), repulsion from every other point summed by Barnes-Hut, both as in scikit-learn's
/// `_barnes_hut_tsne.gradient` (including its factor 4).
fn gradient<const D: usize>(
    layout: &[[f64; D]],
    affinities: &Affinities,
    exaggeration: f64,
    theta: f64,
) -> Vec<[f64; D]> {
    let tree = SpaceTree::new(layout);
    // Walked in the tree's order, neighbours in the plane follow each other and share most of
    // their walk, so the cells they visit stay in cache; each thread keeps one stack.
    let walked: Vec<([f64; D], f64)> = tree
        .order
        .par_iter()
        .map_init(Vec::new, |stack, &i| {
            repulsion(&tree, layout, i as usize, theta, stack)
        })
        .collect();
    let mut repulsion = vec![([0.0; D], 0.0); layout.len()];
    for (&i, walked) in tree.order.iter().zip(walked) {
        repulsion[i as usize] = walked;
    }
    let normaliser: f64 = repulsion.iter().map(|r| r.1).sum::<f64>().max(1e-12);
    (0..layout.len())
        .into_par_iter()
        .map(|i| {
            let y = &layout[i];
            let mut attraction = [0.0; D];
            for e in affinities.starts[i]..affinities.starts[i + 1] {
                let d = difference(y, &layout[affinities.columns[e] as usize]);
                let q = 1.0 / (1.0 + squared_length(&d));
                let pull = exaggeration * affinities.values[e] * q;
                for (a, d) in attraction.iter_mut().zip(d) {
                    *a += pull * d;
                }
            }
            let (push, _) = repulsion[i];
            std::array::from_fn(|c| 4.0 * (attraction[c] - push[c] / normaliser))
        })
        .collect()
}

/// Σ q² (yᵢ − yⱼ) and Σ q over the other points, far cells summarised at their centre of mass.
/// `stack` is scratch space.
fn repulsion<const D: usize>(
    tree: &SpaceTree<D>,
    layout: &[[f64; D]],
    i: usize,
    theta: f64,
    stack: &mut Vec<usize>,
) -> ([f64; D], f64) {
    let y = &layout[i];
    let (mut force, mut sum_q) = ([0.0; D], 0.0);
    stack.clear();
    stack.push(0);
    while let Some(index) = stack.pop() {
        let cell = &tree.cells[index];
        let count = cell.end - cell.start;
        if count == 0 {
            continue;
        }
        let d = difference(y, &cell.centre_of_mass);
        let distance2 = squared_length(&d);
        // A cell holding point i is never summarised, so the point never repels itself.
        let far = cell.width * cell.width < theta * theta * distance2 && !cell.contains(y);
        if cell.children != 0 && !far {
            stack.extend(cell.children..cell.children + SpaceTree::<D>::BRANCHES);
            continue;
        }
        if far {
            let q = 1.0 / (1.0 + distance2);
            sum_q += count as f64 * q;
            for (f, d) in force.iter_mut().zip(d) {
                *f += count as f64 * q * q * d;
            }
            continue;
        }
        // A leaf, or a cell holding this point: each of its points exactly.
        for &j in &tree.order[cell.start..cell.end] {
            if j as usize == i {
                continue;
            }
            let d = difference(y, &layout[j as usize]);
            let q = 1.0 / (1.0 + squared_length(&d));
            sum_q += q;
            for (f, d) in force.iter_mut().zip(d) {
                *f += q * q * d;
            }
        }
    }
    (force, sum_q)
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
        let settle = TsneConfig {
            perplexity: 10.0,
            iterations: 400,
            ..TsneConfig::default()
        };
        let few = TsneConfig {
            iterations: 30,
            ..settle.clone()
        };
        a_warm_start_continues_the_map(|start| {
            let config = if start.is_some() { &few } else { &settle };
            tsne_from(&rows, 12, config, start, &Silent, &mut |_, _| {})
        });
    }

    #[test]
    fn clusters_stay_together_in_the_plane() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let config = TsneConfig {
            perplexity: 10.0,
            iterations: 400,
            ..TsneConfig::default()
        };
        let mut observed = 0;
        let layout = tsne::<2>(&rows, 12, &config, &Silent, &mut |_, _| observed += 1).unwrap();
        assert!(observed >= 40, "the layout is shown as it settles");
        assert!(same_cluster_share(&layout) > 0.95);
        let again = tsne(&rows, 12, &config, &Silent, &mut |_, _| {}).unwrap();
        assert_eq!(layout, again, "the same seed gives the same map");
    }

    #[test]
    fn impossible_parameters_are_explained() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let run = |config: TsneConfig| tsne::<2>(&rows, 12, &config, &Silent, &mut |_, _| {});
        let message = |config| run(config).err().unwrap().to_string();
        assert!(
            message(TsneConfig {
                perplexity: 500.0,
                ..TsneConfig::default()
            })
            .contains("less than the number of points")
        );
        assert!(
            message(TsneConfig {
                perplexity: 0.0,
                ..TsneConfig::default()
            })
            .contains("at least 1")
        );
        assert!(
            message(TsneConfig {
                iterations: 0,
                ..TsneConfig::default()
            })
            .contains("iterations")
        );
        let few: Vec<&[f32]> = rows[..3].to_vec();
        assert!(tsne::<2>(&few, 12, &TsneConfig::default(), &Silent, &mut |_, _| {}).is_err());
    }

    #[test]
    fn the_quadtree_and_the_octree_hold_every_point_once_in_its_cell() {
        fn check<const D: usize>(layout: &[[f64; D]]) {
            let tree = SpaceTree::new(layout);
            let mut order = tree.order.clone();
            order.sort_unstable();
            assert_eq!(order, (0..layout.len() as u32).collect::<Vec<u32>>());
            for cell in &tree.cells {
                for &i in &tree.order[cell.start..cell.end] {
                    assert!(cell.contains(&layout[i as usize]));
                }
                if cell.children != 0 {
                    let children = &tree.cells[cell.children..cell.children + (1 << D)];
                    let held: usize = children.iter().map(|c| c.end - c.start).sum();
                    assert_eq!(held, cell.end - cell.start);
                }
            }
        }
        let plane: Vec<[f64; 2]> = (0..200)
            .map(|i| [f64::from(i % 17) * 0.3, f64::from(i / 17) * 0.7])
            .chain(std::iter::repeat_n([1.0, 1.0], 5))
            .collect();
        check(&plane);
        let space: Vec<[f64; 3]> = (0..300)
            .map(|i| {
                [
                    f64::from(i % 7),
                    f64::from(i / 7 % 5) * 0.7,
                    f64::from(i / 35) * 1.3,
                ]
            })
            .chain(std::iter::repeat_n([1.0, 1.0, 1.0], 5))
            .collect();
        check(&space);
    }

    #[test]
    fn clusters_stay_together_in_space() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let config = TsneConfig {
            perplexity: 10.0,
            iterations: 400,
            ..TsneConfig::default()
        };
        let layout: Vec<[f64; 3]> = tsne(&rows, 12, &config, &Silent, &mut |_, _| {}).unwrap();
        assert!(same_cluster_share(&layout) > 0.95);
        let spread = |c: usize| {
            let values: Vec<f64> = layout.iter().map(|p| p[c]).collect();
            values.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
                - values.iter().fold(f64::INFINITY, |a, &b| a.min(b))
        };
        assert!(spread(2) > 0.1 * spread(0), "the third axis is used");
    }
}
