//! Span and independence: how much of a target word lies in the span of some other words.
//! Least squares (target ≈ Σ cᵢ wᵢ) by Gram–Schmidt QR, whose steps are kept to be shown (each
//! word's new direction and how much of the word was new); the Gram matrix; the singular values
//! and the numerical rank with its tolerance. All on unit vectors, in f64.

use super::LinearAlgebraError;
use super::eigen;
use crate::words::WordVectors;

/// The least-squares fit of a target by some basis words, and what it says about them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpanFit {
    /// Per basis word: its coefficient in target ≈ Σ cᵢ wᵢ.
    pub coefficients: Vec<f64>,
    /// The fit Σ cᵢ wᵢ: the target's orthogonal projection onto the span.
    #[serde(skip)]
    pub fitted: Vec<f64>,
    /// Length of target − fit (the target is a unit vector, so at most 1).
    pub residual_norm: f64,
    /// Cosine of the fit with the target.
    pub cosine: f64,
    /// wᵢ · wⱼ for every pair of basis words.
    pub gram: Vec<Vec<f64>>,
    /// Singular values of the basis (its words as rows), largest first.
    pub singular_values: Vec<f64>,
    /// How many singular values exceed the tolerance.
    pub rank: usize,
    /// σ_max · max(words, dimensions) · ε(f32): the vectors are f32, so smaller singular values
    /// are rounding, as numpy's `matrix_rank` decides for f32 input.
    pub tolerance: f64,
    /// Gram–Schmidt, word by word: the length of the part of the word orthogonal to the words
    /// before it (1 if it is new through and through, 0 if it lies in their span).
    pub new_parts: Vec<f64>,
    /// Gram–Schmidt's orthonormal directions, one per basis word.
    #[serde(skip)]
    pub orthonormal: Vec<Vec<f64>>,
}

/// Fits `target` by the words `basis` of `vectors` (their unit vectors).
pub fn span_of(
    vectors: &WordVectors,
    target: &str,
    basis: &[&str],
) -> Result<SpanFit, LinearAlgebraError> {
    if basis.len() < 2 {
        return Err(LinearAlgebraError::TooFewWords {
            needed: 2,
            got: basis.len(),
        });
    }
    if basis.len() > vectors.dim() {
        return Err(LinearAlgebraError::TooManyWords {
            words: basis.len(),
            dim: vectors.dim(),
        });
    }
    for (i, word) in basis.iter().enumerate() {
        if basis[..i].contains(word) {
            return Err(LinearAlgebraError::Duplicate((*word).to_owned()));
        }
        if *word == target {
            return Err(LinearAlgebraError::TargetInBasis(target.to_owned()));
        }
    }
    let what = format!(
        "the span of {} words in {} dimensions",
        basis.len(),
        vectors.dim()
    );
    eigen::check_order(basis.len(), &what)?;
    eigen::check_products(basis.len(), vectors.dim(), &what)?;
    let target_index = vectors.lookup(target)?;
    let rows = basis
        .iter()
        .map(|word| vectors.lookup(word).map(|i| vectors.unit_vector(i)))
        .collect::<Result<Vec<_>, _>>()?;
    fit(&rows, vectors.unit_vector(target_index)).map_err(|dependent| {
        let word = basis[dependent.position].to_owned();
        if dependent.zero {
            LinearAlgebraError::ZeroVector(word)
        } else {
            LinearAlgebraError::Dependent {
                word,
                rank: dependent.rank,
                words: basis.len(),
            }
        }
    })
}

/// A basis vector that lies (numerically) in the span of those before it.
#[derive(Debug)]
pub struct DependentAt {
    pub position: usize,
    pub rank: usize,
    /// The vector is zero: it lies in every span, the empty one too.
    pub zero: bool,
}

/// Least squares of `target` by the rows `basis` (all of one length).
pub fn fit(basis: &[&[f32]], target: &[f32]) -> Result<SpanFit, DependentAt> {
    let n = basis.len();
    let wide: Vec<Vec<f64>> = basis
        .iter()
        .map(|row| row.iter().map(|&x| f64::from(x)).collect())
        .collect();
    let t: Vec<f64> = target.iter().map(|&x| f64::from(x)).collect();
    let dim = t.len();

    let gram: Vec<Vec<f64>> = wide
        .iter()
        .map(|a| wide.iter().map(|b| dot(a, b)).collect())
        .collect();
    let flat: Vec<f64> = gram.iter().flatten().copied().collect();
    let singular_values: Vec<f64> = eigen::symmetric(&flat, n, false)
        .values
        .iter()
        .map(|&l| l.max(0.0).sqrt())
        .collect();
    let tolerance = singular_values.first().copied().unwrap_or(0.0)
        * n.max(dim) as f64
        * f64::from(f32::EPSILON);
    let rank = singular_values.iter().filter(|&&s| s > tolerance).count();

    // Modified Gram–Schmidt, each direction orthogonalised twice ("twice is enough").
    let mut q: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut r = vec![vec![0.0; n]; n];
    for (j, column) in wide.iter().enumerate() {
        let mut v = column.clone();
        for _ in 0..2 {
            for (i, qi) in q.iter().enumerate() {
                let projection = dot(qi, &v);
                r[i][j] += projection;
                axpy(-projection, qi, &mut v);
            }
        }
        let length = norm(&v);
        if length <= tolerance {
            return Err(DependentAt {
                position: j,
                rank,
                zero: column.iter().all(|&x| x == 0.0),
            });
        }
        r[j][j] = length;
        v.iter_mut().for_each(|x| *x /= length);
        q.push(v);
    }
    // R c = Qᵀ t by back substitution.
    let qt: Vec<f64> = q.iter().map(|qi| dot(qi, &t)).collect();
    let mut coefficients = vec![0.0; n];
    for i in (0..n).rev() {
        let known: f64 = (i + 1..n).map(|k| r[i][k] * coefficients[k]).sum();
        coefficients[i] = (qt[i] - known) / r[i][i];
    }
    let mut fitted = vec![0.0; dim];
    for (c, row) in coefficients.iter().zip(&wide) {
        axpy(*c, row, &mut fitted);
    }
    let residual: Vec<f64> = t.iter().zip(&fitted).map(|(a, b)| a - b).collect();
    let (fit_length, target_length) = (norm(&fitted), norm(&t));
    let cosine = if fit_length > 0.0 && target_length > 0.0 {
        dot(&fitted, &t) / (fit_length * target_length)
    } else {
        0.0
    };
    Ok(SpanFit {
        coefficients,
        fitted,
        residual_norm: norm(&residual),
        cosine,
        gram,
        singular_values,
        rank,
        tolerance,
        new_parts: (0..n).map(|j| r[j][j]).collect(),
        orthonormal: q,
    })
}

pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub(super) fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// y ← y + a·x.
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_in_the_span_is_fitted_exactly_and_one_outside_leaves_its_remainder() {
        let (x, y) = ([1.0f32, 0.0, 0.0], [0.6f32, 0.8, 0.0]);
        let inside = [0.0f32, 1.0, 0.0];
        let result = fit(&[&x, &y], &inside).unwrap();
        // (0, 1, 0) = -0.75·x + 1.25·y, up to the f32 rounding of 0.6 and 0.8.
        assert!((result.coefficients[0] + 0.75).abs() < 1e-6);
        assert!((result.coefficients[1] - 1.25).abs() < 1e-6);
        assert!(result.residual_norm < 1e-12 && (result.cosine - 1.0).abs() < 1e-12);
        assert!(
            (result.new_parts[1] - 0.8).abs() < 1e-7,
            "y's part new to x"
        );
        assert_eq!(result.rank, 2);

        let outside = [0.0f32, 0.6, 0.8];
        let result = fit(&[&x, &y], &outside).unwrap();
        assert!((result.residual_norm - 0.8).abs() < 1e-7);
        assert!((result.cosine - 0.6).abs() < 1e-7);
    }

    #[test]
    fn a_word_in_the_span_of_those_before_it_is_named() {
        let (x, y) = ([1.0f32, 0.0, 0.0], [0.0f32, 1.0, 0.0]);
        let both = [0.6f32, 0.8, 0.0];
        let error = fit(&[&x, &y, &both], &[0.0, 0.0, 1.0]).unwrap_err();
        assert_eq!((error.position, error.rank), (2, 2));
    }
}
