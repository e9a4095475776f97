//! Two spaces, one rotation: orthogonal Procrustes (Schönemann 1966, "A generalized solution
//! of the orthogonal Procrustes problem"). The orthogonal W minimising ‖XW − Y‖ is U·Vᵀ for
//! XᵀY = UΣVᵀ, as `scipy.linalg.orthogonal_procrustes` computes it. Two word2vec runs on one
//! text differ by such a rotation plus noise; aligning decade by decade is how Hamilton,
//! Leskovec & Jurafsky (2016, "Diachronic word embeddings reveal statistical laws of semantic
//! change") find the words whose meaning moved, and how Conneau et al. (2018) align languages.

use super::{LinearAlgebraError, eigen, svd};
use crate::words::WordVectors;

/// Largest dimension aligned: the SVD's Jacobi sweeps cost about ten times 1,024³ multiply-adds
/// there (seconds), and word vectors rarely have more than 300.
pub const MAX_DIM: usize = 1024;

/// The rotation found, and how well it is one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Procrustes {
    pub dim: usize,
    /// W, row-major: a source row x goes to x·W.
    #[serde(skip)]
    pub rotation: Vec<f64>,
    /// ‖WᵀW − I‖ (Frobenius): zero for an exact rotation, up to rounding.
    pub orthogonality_error: f64,
    /// W's singular values, largest first: all 1 for a rotation or a reflection.
    pub singular_values: Vec<f64>,
    /// det W: +1 a rotation, −1 a rotation with a reflection.
    pub determinant: f64,
    /// Σσ of XᵀY, the `scale` scipy returns with W.
    pub scale: f64,
}

/// W = argmin ‖XW − Y‖ over orthogonal W, for `n` rows `x` and `y` of `dim` values each
/// (row-major). Refuses what does not determine a rotation: fewer rows than dimensions, or rows
/// that span fewer dimensions than they have.
pub fn orthogonal_procrustes(
    x: &[f64],
    y: &[f64],
    n: usize,
    dim: usize,
) -> Result<Procrustes, LinearAlgebraError> {
    debug_assert!(x.len() == n * dim && y.len() == n * dim);
    if dim > MAX_DIM {
        return Err(LinearAlgebraError::TooLarge {
            what: format!("aligning {dim} dimensions"),
            reason: format!(
                "at most {MAX_DIM} dimensions are aligned (the SVD's time grows with the cube of \
                 the dimension)"
            ),
        });
    }
    if n < dim {
        return Err(LinearAlgebraError::NotDetermined { shared: n, dim });
    }
    eigen::check_products(n, dim, &format!("aligning {n} words of {dim} dimensions"))?;
    // M = XᵀY.
    let mut m = vec![0.0f64; dim * dim];
    for (xr, yr) in x.chunks_exact(dim).zip(y.chunks_exact(dim)) {
        for (a, &xa) in xr.iter().enumerate() {
            let line = &mut m[a * dim..(a + 1) * dim];
            line.iter_mut()
                .zip(yr)
                .for_each(|(mab, yb)| *mab += xa * yb);
        }
    }
    let svd = svd::square(&m, dim);
    // Rounding level in f64: a direction the two sets share only weakly (word2vec runs on a
    // small text have many, 10⁻⁸ of the largest) still fixes the rotation; a direction no row
    // has (fewer independent rows than dimensions) does not.
    let largest = svd.sigma.first().copied().unwrap_or(0.0);
    let tolerance = largest * dim as f64 * f64::EPSILON;
    let rank = svd.sigma.iter().filter(|&&s| s > tolerance).count();
    if rank < dim {
        return Err(LinearAlgebraError::NotDetermined { shared: rank, dim });
    }
    // W = U·Vᵀ: W[a][b] = Σₖ u_k[a]·v_k[b].
    let mut rotation = vec![0.0f64; dim * dim];
    for (u, v) in svd.u.iter().zip(&svd.v) {
        for (a, &ua) in u.iter().enumerate() {
            let line = &mut rotation[a * dim..(a + 1) * dim];
            line.iter_mut().zip(v).for_each(|(w, vb)| *w += ua * vb);
        }
    }
    let of_w = svd::square(&rotation, dim);
    Ok(Procrustes {
        dim,
        orthogonality_error: orthogonality_error(&rotation, dim),
        singular_values: of_w.sigma,
        determinant: determinant(&rotation, dim),
        scale: svd.sigma.iter().sum(),
        rotation,
    })
}

impl Procrustes {
    /// `row`·W.
    pub fn rotate(&self, row: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0f64; self.dim];
        for (&x, line) in row.iter().zip(self.rotation.chunks_exact(self.dim)) {
            out.iter_mut().zip(line).for_each(|(o, w)| *o += x * w);
        }
        out
    }
}

/// ‖WᵀW − I‖ (Frobenius).
fn orthogonality_error(w: &[f64], dim: usize) -> f64 {
    let mut sum = 0.0;
    for a in 0..dim {
        for b in 0..dim {
            let dot: f64 = (0..dim).map(|k| w[k * dim + a] * w[k * dim + b]).sum();
            let expected = if a == b { 1.0 } else { 0.0 };
            sum += (dot - expected).powi(2);
        }
    }
    sum.sqrt()
}

/// det of a square matrix by Gaussian elimination with partial pivoting.
fn determinant(matrix: &[f64], dim: usize) -> f64 {
    let mut a = matrix.to_vec();
    let mut det = 1.0;
    for col in 0..dim {
        let pivot = (col..dim)
            .max_by(|&i, &j| a[i * dim + col].abs().total_cmp(&a[j * dim + col].abs()))
            .unwrap_or(col);
        if a[pivot * dim + col] == 0.0 {
            return 0.0;
        }
        if pivot != col {
            for k in 0..dim {
                a.swap(col * dim + k, pivot * dim + k);
            }
            det = -det;
        }
        let head = a[col * dim + col];
        det *= head;
        for row in col + 1..dim {
            let factor = a[row * dim + col] / head;
            for k in col..dim {
                a[row * dim + k] -= factor * a[col * dim + k];
            }
        }
    }
    det
}

/// How the rows are prepared before the rotation is fitted. Both spaces' rows are unit length,
/// as everywhere in the app.
#[derive(Debug, Clone, Copy, Default)]
pub struct Preparation {
    /// Subtract each space's mean of the shared words' rows (then the aligned source gets the
    /// target's mean back): what the rotation fits is then the shape, not the offset.
    pub centre: bool,
}

/// Two vector sets aligned on their shared words (or an anchor list).
pub struct Alignment {
    pub procrustes: Procrustes,
    pub preparation: Preparation,
    /// (source index, target index) of each word the rotation was fitted on.
    pub shared: Vec<(usize, usize)>,
    /// ‖X − Y‖ and ‖XW − Y‖ over the fitted words (Frobenius, after preparation).
    pub residual_before: f64,
    pub residual_after: f64,
    /// Each fitted word's cosine across the spaces, before and after the rotation.
    pub cosines_before: Vec<f64>,
    pub cosines_after: Vec<f64>,
    source_mean: Vec<f64>,
    target_mean: Vec<f64>,
}

/// Fits the rotation taking `source` into `target`'s space on the words both hold (or on
/// `anchors`, which both must hold).
pub fn align(
    source: &WordVectors,
    target: &WordVectors,
    anchors: Option<&[String]>,
    preparation: Preparation,
) -> Result<Alignment, LinearAlgebraError> {
    if source.dim() != target.dim() {
        return Err(LinearAlgebraError::DimensionsDiffer {
            source_dim: source.dim(),
            target_dim: target.dim(),
        });
    }
    let dim = source.dim();
    let shared: Vec<(usize, usize)> = match anchors {
        Some(anchors) => {
            let mut seen = std::collections::HashSet::new();
            let mut shared = Vec::new();
            for word in anchors.iter().filter(|word| seen.insert(word.as_str())) {
                shared.push((source.lookup(word)?, target.lookup(word)?));
            }
            shared
        }
        None => (0..source.len())
            .filter_map(|i| Some((i, target.index_of(source.word(i))?)))
            .collect(),
    };
    if shared.is_empty() {
        return Err(LinearAlgebraError::NoSharedWords);
    }
    let rows = |vectors: &WordVectors, pick: fn(&(usize, usize)) -> usize| -> Vec<f64> {
        shared
            .iter()
            .flat_map(|pair| {
                vectors
                    .unit_vector(pick(pair))
                    .iter()
                    .map(|&v| f64::from(v))
            })
            .collect()
    };
    let (mut x, mut y) = (rows(source, |p| p.0), rows(target, |p| p.1));
    let n = shared.len();
    let (source_mean, target_mean) = if preparation.centre {
        (centre(&mut x, dim), centre(&mut y, dim))
    } else {
        (vec![0.0; dim], vec![0.0; dim])
    };
    let procrustes = orthogonal_procrustes(&x, &y, n, dim)?;
    let mut cosines_before = Vec::with_capacity(n);
    let mut cosines_after = Vec::with_capacity(n);
    let (mut before, mut after) = (0.0, 0.0);
    for (xr, yr) in x.chunks_exact(dim).zip(y.chunks_exact(dim)) {
        let turned = procrustes.rotate(xr);
        before += xr.iter().zip(yr).map(|(a, b)| (a - b).powi(2)).sum::<f64>();
        after += turned
            .iter()
            .zip(yr)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>();
        cosines_before.push(cosine(xr, yr));
        cosines_after.push(cosine(&turned, yr));
    }
    Ok(Alignment {
        procrustes,
        preparation,
        shared,
        residual_before: before.sqrt(),
        residual_after: after.sqrt(),
        cosines_before,
        cosines_after,
        source_mean,
        target_mean,
    })
}

/// Subtracts the rows' mean from each row; returns the mean.
fn centre(rows: &mut [f64], dim: usize) -> Vec<f64> {
    let n = rows.len() / dim.max(1);
    let mut mean = vec![0.0f64; dim];
    for row in rows.chunks_exact(dim) {
        mean.iter_mut().zip(row).for_each(|(m, x)| *m += x);
    }
    mean.iter_mut().for_each(|m| *m /= n.max(1) as f64);
    for row in rows.chunks_exact_mut(dim) {
        row.iter_mut().zip(&mean).for_each(|(x, m)| *x -= m);
    }
    mean
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let (na, nb) = (super::span::norm(a), super::span::norm(b));
    if na > 0.0 && nb > 0.0 {
        dot / (na * nb)
    } else {
        0.0
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

impl Alignment {
    pub fn mean_cosine_before(&self) -> f64 {
        mean(&self.cosines_before)
    }

    pub fn mean_cosine_after(&self) -> f64 {
        mean(&self.cosines_after)
    }

    /// Every word of `source` (unit length) taken into the target's space.
    pub fn aligned(&self, source: &WordVectors) -> Result<WordVectors, LinearAlgebraError> {
        let dim = source.dim();
        let rows: Vec<Vec<f32>> = (0..source.len())
            .map(|i| {
                let prepared: Vec<f64> = source
                    .unit_vector(i)
                    .iter()
                    .zip(&self.source_mean)
                    .map(|(&x, m)| f64::from(x) - m)
                    .collect();
                self.procrustes
                    .rotate(&prepared)
                    .iter()
                    .zip(&self.target_mean)
                    .map(|(x, m)| (x + m) as f32)
                    .collect()
            })
            .collect();
        let pairs = source
            .words()
            .iter()
            .zip(&rows)
            .map(|(word, row)| (word.as_str(), row.as_slice()));
        Ok(WordVectors::from_pairs(dim, pairs)?)
    }

    /// The `count` fitted words least like themselves after the rotation, lowest cosine first
    /// (those whose meaning moved most, or that are rare enough to move by noise), skipping
    /// those `keep` refuses (given their source and target indices), each with its `neighbours`
    /// nearest words in either space.
    pub fn moved_most(
        &self,
        source: &WordVectors,
        target: &WordVectors,
        count: usize,
        neighbours: usize,
        keep: impl Fn(usize, usize) -> bool,
    ) -> Vec<MovedWord> {
        let mut order: Vec<usize> = (0..self.shared.len())
            .filter(|&k| keep(self.shared[k].0, self.shared[k].1))
            .collect();
        order.sort_by(|&a, &b| self.cosines_after[a].total_cmp(&self.cosines_after[b]));
        order.truncate(count);
        let near = |vectors: &WordVectors, index: usize| -> Vec<String> {
            vectors
                .nearest_to_vector(vectors.unit_vector(index), neighbours, &[index])
                .into_iter()
                .map(|n| n.word)
                .collect()
        };
        order
            .into_iter()
            .map(|k| {
                let (i, j) = self.shared[k];
                MovedWord {
                    word: source.word(i).to_owned(),
                    source: i,
                    target: j,
                    cosine_before: self.cosines_before[k],
                    cosine_after: self.cosines_after[k],
                    then: near(source, i),
                    now: near(target, j),
                }
            })
            .collect()
    }
}

/// A fitted word and how far it stayed from itself, with its nearest words in each space.
#[derive(Debug, Clone)]
pub struct MovedWord {
    pub word: String,
    /// Its index in the source and in the target (files list words by frequency: a rank).
    pub source: usize,
    pub target: usize,
    pub cosine_before: f64,
    pub cosine_after: f64,
    /// Its nearest words in the source (then) and in the target (now), itself left out.
    pub then: Vec<String>,
    pub now: Vec<String>,
}

/// Words drawn on one plane before and after the rotation, with their place in the target.
#[derive(Debug, Clone)]
pub struct PlacedWord {
    pub word: String,
    /// The source vector as it is, the source vector rotated, and the target vector: each
    /// prepared as the fit was, on the target's first two principal axes.
    pub before: [f64; 2],
    pub after: [f64; 2],
    pub target: [f64; 2],
}

impl Alignment {
    /// `picked` fitted words (positions in [`Alignment::shared`]) placed on the plane of the
    /// target's first two principal axes (over those words): the rotated source lands near its
    /// target self, the unrotated one anywhere.
    pub fn on_a_plane(
        &self,
        source: &WordVectors,
        target: &WordVectors,
        picked: &[usize],
    ) -> Result<Vec<PlacedWord>, LinearAlgebraError> {
        let dim = self.procrustes.dim;
        let prepared = |vectors: &WordVectors, index: usize, mean: &[f64]| -> Vec<f64> {
            vectors
                .unit_vector(index)
                .iter()
                .zip(mean)
                .map(|(&x, m)| f64::from(x) - m)
                .collect()
        };
        let targets: Vec<Vec<f64>> = picked
            .iter()
            .map(|&k| prepared(target, self.shared[k].1, &self.target_mean))
            .collect();
        let mut centre = vec![0.0f64; dim];
        for row in &targets {
            centre.iter_mut().zip(row).for_each(|(c, x)| *c += x);
        }
        centre
            .iter_mut()
            .for_each(|c| *c /= targets.len().max(1) as f64);
        let centred = |i: usize, buf: &mut [f64]| {
            buf.iter_mut()
                .zip(targets[i].iter().zip(&centre))
                .for_each(|(b, (x, c))| *b = x - c);
        };
        let what = format!("the plane of {} words", picked.len());
        let axes = eigen::scatter(targets.len(), dim, &centred, 2, &what)?.vectors;
        let on = |row: &[f64]| -> [f64; 2] {
            let coordinate = |axis: Option<&Vec<f64>>| {
                axis.map_or(0.0, |axis| {
                    row.iter()
                        .zip(&centre)
                        .zip(axis)
                        .map(|((x, c), a)| (x - c) * a)
                        .sum()
                })
            };
            [coordinate(axes.first()), coordinate(axes.get(1))]
        };
        Ok(picked
            .iter()
            .zip(&targets)
            .map(|(&k, target_row)| {
                let (i, _) = self.shared[k];
                let before = prepared(source, i, &self.source_mean);
                PlacedWord {
                    word: source.word(i).to_owned(),
                    before: on(&before),
                    after: on(&self.procrustes.rotate(&before)),
                    target: on(target_row),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotated_copy_is_rotated_back_exactly() {
        // Y = X·R for a rotation R in 3-D: Procrustes finds R.
        let (c, s) = (0.8f64, 0.6f64);
        let r = [c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0];
        let x: Vec<f64> = (0..8 * 3).map(|k| ((k * 5 + 3) % 7) as f64 - 3.0).collect();
        let y: Vec<f64> = x
            .chunks_exact(3)
            .flat_map(|row| (0..3).map(move |b| (0..3).map(|a| row[a] * r[a * 3 + b]).sum::<f64>()))
            .collect();
        let found = orthogonal_procrustes(&x, &y, 8, 3).unwrap();
        for (w, expected) in found.rotation.iter().zip(r) {
            assert!((w - expected).abs() < 1e-12, "{:?}", found.rotation);
        }
        assert!(found.orthogonality_error < 1e-12);
        assert!((found.determinant - 1.0).abs() < 1e-12);
        assert!(
            found
                .singular_values
                .iter()
                .all(|s| (s - 1.0).abs() < 1e-12)
        );
    }

    #[test]
    fn a_reflection_has_determinant_minus_one_and_too_few_rows_determine_nothing() {
        let x = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let y = [-1.0, 0.0, 0.0, 1.0, -1.0, 1.0];
        let found = orthogonal_procrustes(&x, &y, 3, 2).unwrap();
        assert!((found.determinant + 1.0).abs() < 1e-12);
        let error = orthogonal_procrustes(&x[..2], &y[..2], 1, 2).unwrap_err();
        assert_eq!(
            error.to_string(),
            "1 shared words cannot fix a rotation of 2 dimensions: it is not determined (give at \
             least 2 words that span the space)"
        );
    }
}
