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
    /// The covariance spectrum of `rows` (all `dim` long; at least 2).
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
        // The covariance's upper triangle, accumulated row by row in f64.
        let mut covariance = vec![0.0f64; dim * dim];
        let mut centred = vec![0.0f64; dim];
        for row in rows {
            centred
                .iter_mut()
                .zip(row.iter().zip(&mean))
                .for_each(|(c, (&x, m))| *c = f64::from(x) - m);
            for i in 0..dim {
                let ci = centred[i];
                let line = &mut covariance[i * dim..(i + 1) * dim];
                for j in i..dim {
                    line[j] += ci * centred[j];
                }
            }
        }
        for i in 0..dim {
            for j in i..dim {
                let value = covariance[i * dim + j] / (n - 1) as f64;
                covariance[i * dim + j] = value;
                covariance[j * dim + i] = value;
            }
        }
        let eigenvalues: Vec<f64> = eigen::symmetric(&covariance, dim)
            .values
            .into_iter()
            .map(|value| value.max(0.0))
            .collect();
        let total: f64 = eigenvalues.iter().sum();
        let explained = eigenvalues
            .iter()
            .map(|value| if total > 0.0 { value / total } else { 0.0 })
            .collect();
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
    }
}
