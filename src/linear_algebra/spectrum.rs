//! The spectrum of a set of word vectors: the eigenvalues of the covariance of their unit
//! vectors, which PCA's axes are the eigenvectors of. How fast they fall says how many
//! dimensions the words really use.

use super::{LinearAlgebraError, eigen};

/// Eigenvalues of the covariance, largest first, as scikit-learn's `PCA.explained_variance_`
/// (divided by n − 1) and `explained_variance_ratio_`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Spectrum {
    pub eigenvalues: Vec<f64>,
    /// Each eigenvalue's share of their sum.
    pub explained: Vec<f64>,
}

impl Spectrum {
    /// The covariance spectrum of `rows` (all `dim` long; at least 2). Found from the smaller
    /// of the covariance (dim × dim) and the rows' Gram matrix, so a few hundred words in
    /// thousands of dimensions cost what a few hundred dimensions cost; the dimensions past the
    /// number of words have eigenvalue 0.
    pub fn of(rows: &[&[f32]], dim: usize) -> Result<Self, LinearAlgebraError> {
        let n = rows.len();
        if n < 2 {
            return Err(LinearAlgebraError::TooFewWords { needed: 2, got: n });
        }
        let mut mean = vec![0.0f64; dim];
        for row in rows {
            mean.iter_mut()
                .zip(row.iter())
                .for_each(|(m, &x)| *m += f64::from(x));
        }
        mean.iter_mut().for_each(|m| *m /= n as f64);
        let centred = |i: usize, buf: &mut [f64]| {
            buf.iter_mut()
                .zip(rows[i].iter().zip(&mean))
                .for_each(|(c, (&x, m))| *c = f64::from(x) - m);
        };
        let what = format!("the spectrum of {n} words in {dim} dimensions");
        let scatter = eigen::scatter(n, dim, &centred, 0, &what)?;
        let mut eigenvalues: Vec<f64> = scatter
            .values
            .iter()
            .map(|value| value / (n - 1) as f64)
            .collect();
        eigenvalues.resize(dim, 0.0);
        let total: f64 = eigenvalues.iter().sum();
        if total <= 0.0 {
            return Err(LinearAlgebraError::NoVariance(n));
        }
        let explained = eigenvalues.iter().map(|value| value / total).collect();
        Ok(Self {
            eigenvalues,
            explained,
        })
    }

    /// How many of the largest eigenvalues hold `share` (0 to 1) of the variance.
    pub fn dimensions_holding(&self, share: f64) -> usize {
        let mut held = 0.0;
        for (k, part) in self.explained.iter().enumerate() {
            held += part;
            if held >= share - 1e-12 {
                return k + 1;
            }
        }
        self.explained.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_spread_along_two_axes_have_two_eigenvalues() {
        let points: Vec<[f32; 3]> = vec![
            [2.0, 0.0, 0.0],
            [-2.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, -1.0, 0.0],
        ];
        let rows: Vec<&[f32]> = points.iter().map(|p| p.as_slice()).collect();
        let spectrum = Spectrum::of(&rows, 3).unwrap();
        // Variance along x: (4 + 4) / 3; along y: (1 + 1) / 3; none along z.
        let expected = [8.0 / 3.0, 2.0 / 3.0, 0.0];
        for (value, expected) in spectrum.eigenvalues.iter().zip(expected) {
            assert!((value - expected).abs() < 1e-12, "{value} {expected}");
        }
        assert!((spectrum.explained[0] - 0.8).abs() < 1e-12);
        assert_eq!(spectrum.dimensions_holding(0.5), 1);
        assert_eq!(spectrum.dimensions_holding(0.9), 2);
        assert!(Spectrum::of(&rows[..1], 3).is_err());
        // Two points in three dimensions (the Gram side is formed): one axis of variance.
        let spectrum = Spectrum::of(&rows[..2], 3).unwrap();
        assert_eq!(spectrum.eigenvalues.len(), 3);
        assert!((spectrum.eigenvalues[0] - 8.0).abs() < 1e-12);
        assert_eq!(&spectrum.eigenvalues[1..], &[0.0, 0.0]);
    }

    #[test]
    fn rows_without_variance_have_no_spectrum() {
        let same = [0.6f32, 0.8];
        let error = Spectrum::of(&[&same[..], &same[..], &same[..]], 2).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the 3 words' vectors are all the same: they have no variance, so no spectrum"
        );
    }
}
