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

/// Lays out unit vectors `rows` (each `dim` long) in 2-D. `observe` sees the layout every few
/// iterations (for an animated map); cancelling through `progress` stops with an error.
pub fn tsne(
    rows: &[&[f32]],
    dim: usize,
    config: &TsneConfig,
    progress: &dyn ProgressSink,
    observe: &mut dyn FnMut(usize, &[[f64; 2]]),
) -> Result<Vec<[f64; 2]>, ProjectionError> {
    tsne_from(rows, dim, config, None, progress, observe)
}

/// [`tsne`] continued from a layout of the same points (`start`, one place per row) instead of
/// PCA, with no early exaggeration: a warm start, so that a map of vectors that changed a
/// little (training) moves a little rather than being laid out anew.
pub fn tsne_from(
    rows: &[&[f32]],
    dim: usize,
    config: &TsneConfig,
    start: Option<&[[f64; 2]]>,
    progress: &dyn ProgressSink,
    observe: &mut dyn FnMut(usize, &[[f64; 2]]),
) -> Result<Vec<[f64; 2]>, ProjectionError> {
    let n = rows.len();
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

    let mut layout: Vec<[f64; 2]> = match start {
        Some(start) => start.to_vec(),
        None => {
            // Start from PCA, scaled as scikit-learn does (first coordinate's deviation 1e-4).
            let pca = Projection::fit(rows.iter().copied(), dim)?;
            let mut layout: Vec<[f64; 2]> = rows.iter().map(|r| pca.project(r)).collect();
            let mean = layout.iter().map(|p| p[0]).sum::<f64>() / n as f64;
            let deviation = (layout.iter().map(|p| (p[0] - mean).powi(2)).sum::<f64>() / n as f64)
                .sqrt()
                .max(1e-12);
            for p in &mut layout {
                p[0] *= 1e-4 / deviation;
                p[1] *= 1e-4 / deviation;
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
    let mut update = vec![[0.0f64; 2]; n];
    let mut gains = vec![[1.0f64; 2]; n];
    for iteration in 0..config.iterations {
        if progress.is_cancelled() {
            return Err(ProjectionError::Cancelled);
        }
        let exploring = iteration < exploration;
        if iteration == exploration {
            // scikit-learn runs the two phases as two descents, each from fresh steps and gains.
            update.fill([0.0; 2]);
            gains.fill([1.0; 2]);
        }
        let exaggeration = if exploring { EARLY_EXAGGERATION } else { 1.0 };
        let momentum = if exploring { 0.5 } else { 0.8 };
        let gradient = gradient(&layout, &affinities, exaggeration, config.theta);
        for i in 0..n {
            for c in 0..2 {
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

/// A square cell of the quadtree over the layout: the points it holds are
/// `order[start..end]`.
struct Cell {
    start: usize,
    end: usize,
    centre_of_mass: [f64; 2],
    width: f64,
    /// Index of the first of four children, 0 for a leaf.
    children: usize,
}

impl Cell {
    const EMPTY: Cell = Cell {
        start: 0,
        end: 0,
        centre_of_mass: [0.0; 2],
        width: 0.0,
        children: 0,
    };
}

/// The quadtree Barnes-Hut walks to sum the repulsion of far cells at once.
struct QuadTree {
    cells: Vec<Cell>,
    order: Vec<u32>,
}

/// Deeper than this, points are too close to tell apart and a leaf keeps them all.
const MAX_DEPTH: usize = 30;

impl QuadTree {
    fn new(layout: &[[f64; 2]]) -> Self {
        let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in layout {
            for c in 0..2 {
                min[c] = min[c].min(p[c]);
                max[c] = max[c].max(p[c]);
            }
        }
        let width = (max[0] - min[0]).max(max[1] - min[1]).max(1e-12) * (1.0 + 1e-9);
        let mut tree = Self {
            cells: Vec::with_capacity(2 * layout.len()),
            order: (0..layout.len() as u32).collect(),
        };
        tree.cells.push(Cell::EMPTY);
        let centre = [min[0] + width / 2.0, min[1] + width / 2.0];
        tree.build(layout, 0, (0, layout.len()), centre, width, 0);
        tree
    }

    /// Fills cell `index` with the points `order[range]` in the square at `centre`, and
    /// splits it into four children (stored next to each other) while it holds several.
    fn build(
        &mut self,
        layout: &[[f64; 2]],
        index: usize,
        (start, end): (usize, usize),
        centre: [f64; 2],
        width: f64,
        depth: usize,
    ) {
        let count = (end - start).max(1) as f64;
        let mut mass = [0.0; 2];
        for &i in &self.order[start..end] {
            mass[0] += layout[i as usize][0];
            mass[1] += layout[i as usize][1];
        }
        self.cells[index] = Cell {
            start,
            end,
            centre_of_mass: [mass[0] / count, mass[1] / count],
            width,
            children: 0,
        };
        if end - start <= 1 || depth >= MAX_DEPTH {
            return;
        }
        // The four quadrants: west/east, then south/north within each.
        let slice = &mut self.order[start..end];
        let east = partition(slice, |i| layout[i as usize][0] >= centre[0]);
        let (west, east_part) = slice.split_at_mut(east);
        let west_north = partition(west, |i| layout[i as usize][1] >= centre[1]);
        let east_north = partition(east_part, |i| layout[i as usize][1] >= centre[1]);
        let ranges = [
            (start, start + west_north),
            (start + west_north, start + east),
            (start + east, start + east + east_north),
            (start + east + east_north, end),
        ];
        let quarter = width / 4.0;
        let centres = [
            [centre[0] - quarter, centre[1] - quarter],
            [centre[0] - quarter, centre[1] + quarter],
            [centre[0] + quarter, centre[1] - quarter],
            [centre[0] + quarter, centre[1] + quarter],
        ];
        let first = self.cells.len();
        self.cells
            .extend([Cell::EMPTY, Cell::EMPTY, Cell::EMPTY, Cell::EMPTY]);
        self.cells[index].children = first;
        for (q, (range, centre)) in ranges.into_iter().zip(centres).enumerate() {
            self.build(layout, first + q, range, centre, width / 2.0, depth + 1);
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

/// The gradient of the KL divergence at `layout`: attraction along P's edges (exaggerated while
/// exploring), repulsion from every other point summed by Barnes-Hut, both as in scikit-learn's
/// `_barnes_hut_tsne.gradient` (including its factor 4).
fn gradient(
    layout: &[[f64; 2]],
    affinities: &Affinities,
    exaggeration: f64,
    theta: f64,
) -> Vec<[f64; 2]> {
    let tree = QuadTree::new(layout);
    // Walked in the tree's order, neighbours in the plane follow each other and share most of
    // their walk, so the cells they visit stay in cache; each thread keeps one stack.
    let walked: Vec<([f64; 2], f64)> = tree
        .order
        .par_iter()
        .map_init(Vec::new, |stack, &i| {
            repulsion(&tree, layout, i as usize, theta, stack)
        })
        .collect();
    let mut repulsion = vec![([0.0; 2], 0.0); layout.len()];
    for (&i, walked) in tree.order.iter().zip(walked) {
        repulsion[i as usize] = walked;
    }
    let normaliser: f64 = repulsion.iter().map(|r| r.1).sum::<f64>().max(1e-12);
    (0..layout.len())
        .into_par_iter()
        .map(|i| {
            let y = layout[i];
            let mut attraction = [0.0; 2];
            for e in affinities.starts[i]..affinities.starts[i + 1] {
                let other = layout[affinities.columns[e] as usize];
                let d = [y[0] - other[0], y[1] - other[1]];
                let q = 1.0 / (1.0 + d[0] * d[0] + d[1] * d[1]);
                let pull = exaggeration * affinities.values[e] * q;
                attraction[0] += pull * d[0];
                attraction[1] += pull * d[1];
            }
            let (push, _) = repulsion[i];
            [
                4.0 * (attraction[0] - push[0] / normaliser),
                4.0 * (attraction[1] - push[1] / normaliser),
            ]
        })
        .collect()
}

/// Σ q² (yᵢ − yⱼ) and Σ q over the other points, far cells summarised at their centre of mass.
/// `stack` is scratch space.
fn repulsion(
    tree: &QuadTree,
    layout: &[[f64; 2]],
    i: usize,
    theta: f64,
    stack: &mut Vec<usize>,
) -> ([f64; 2], f64) {
    let y = layout[i];
    let (mut force, mut sum_q) = ([0.0; 2], 0.0);
    stack.clear();
    stack.push(0);
    while let Some(index) = stack.pop() {
        let cell = &tree.cells[index];
        let count = cell.end - cell.start;
        if count == 0 {
            continue;
        }
        let d = [y[0] - cell.centre_of_mass[0], y[1] - cell.centre_of_mass[1]];
        let distance2 = d[0] * d[0] + d[1] * d[1];
        let far = cell.width * cell.width < theta * theta * distance2;
        if cell.children != 0 && !far {
            stack.extend(cell.children..cell.children + 4);
            continue;
        }
        // A far cell cannot hold point i itself: inside a cell the distance to its centre of
        // mass is at most √2·width, and θ ≤ 0.7 keeps θ·√2 below 1.
        if far {
            let q = 1.0 / (1.0 + distance2);
            sum_q += count as f64 * q;
            force[0] += count as f64 * q * q * d[0];
            force[1] += count as f64 * q * q * d[1];
            continue;
        }
        // A leaf, or a cell holding this point: each of its points exactly.
        for &j in &tree.order[cell.start..cell.end] {
            if j as usize == i {
                continue;
            }
            let other = layout[j as usize];
            let d = [y[0] - other[0], y[1] - other[1]];
            let q = 1.0 / (1.0 + d[0] * d[0] + d[1] * d[1]);
            sum_q += q;
            force[0] += q * q * d[0];
            force[1] += q * q * d[1];
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
        let layout = tsne(&rows, 12, &config, &Silent, &mut |_, _| observed += 1).unwrap();
        assert!(observed >= 40, "the layout is shown as it settles");
        assert!(same_cluster_share(&layout) > 0.95);
        let again = tsne(&rows, 12, &config, &Silent, &mut |_, _| {}).unwrap();
        assert_eq!(layout, again, "the same seed gives the same map");
    }

    #[test]
    fn impossible_parameters_are_explained() {
        let rows = clusters();
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let run = |config: TsneConfig| tsne(&rows, 12, &config, &Silent, &mut |_, _| {});
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
        assert!(tsne(&few, 12, &TsneConfig::default(), &Silent, &mut |_, _| {}).is_err());
    }

    #[test]
    fn the_quadtree_holds_every_point_once() {
        let layout: Vec<[f64; 2]> = (0..200)
            .map(|i| [f64::from(i % 17) * 0.3, f64::from(i / 17) * 0.7])
            .chain(std::iter::repeat_n([1.0, 1.0], 5))
            .collect();
        let tree = QuadTree::new(&layout);
        let mut order = tree.order.clone();
        order.sort_unstable();
        assert_eq!(order, (0..205).collect::<Vec<u32>>());
        for cell in &tree.cells {
            if cell.children != 0 {
                let children = &tree.cells[cell.children..cell.children + 4];
                let held: usize = children.iter().map(|c| c.end - c.start).sum();
                assert_eq!(held, cell.end - cell.start);
            }
        }
    }
}
