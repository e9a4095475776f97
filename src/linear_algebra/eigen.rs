//! Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub &
//! Van Loan, *Matrix Computations*, §8.5): rotations that zero each off-diagonal entry in turn
//! until none is left. Slow for large matrices, but these are at most the vectors' dimension
//! (a few hundred) and the method is accurate to the last digits of f64.

/// A symmetric matrix's eigenvalues, largest first, and the unit eigenvector of each
/// (`vectors[i]` belongs to `values[i]`).
pub struct Eigen {
    pub values: Vec<f64>,
    pub vectors: Vec<Vec<f64>>,
}

/// Sweeps after which the rotations stop whatever is left (a symmetric matrix converges
/// quadratically; 10 sweeps usually suffice).
const MAX_SWEEPS: usize = 60;

/// Decomposes the symmetric `n × n` matrix `matrix` (row-major; only its symmetry is assumed).
pub fn symmetric(matrix: &[f64], n: usize) -> Eigen {
    debug_assert_eq!(matrix.len(), n * n);
    let mut a = matrix.to_vec();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _ in 0..MAX_SWEEPS {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum::<f64>()
            .sqrt();
        if off <= f64::EPSILON * scale.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q] (tan θ by the stable formula).
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[j * n + j].total_cmp(&a[i * n + i]));
    Eigen {
        values: order.iter().map(|&i| a[i * n + i]).collect(),
        vectors: order
            .iter()
            .map(|&i| (0..n).map(|k| v[k * n + i]).collect())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_matrix_gives_its_eigenpairs() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
        let eigen = symmetric(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((eigen.values[0] - 3.0).abs() < 1e-12 && (eigen.values[1] - 1.0).abs() < 1e-12);
        let v = &eigen.vectors[0];
        assert!((v[0].abs() - 0.5f64.sqrt()).abs() < 1e-12 && (v[0] - v[1]).abs() < 1e-12);
    }

    #[test]
    fn eigenvectors_satisfy_their_equation_on_a_larger_matrix() {
        let n = 12;
        let mut matrix = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                matrix[i * n + j] = ((i * 7 + j * 7 + i * j) % 11) as f64 / 10.0;
            }
        }
        let eigen = symmetric(&matrix, n);
        for (value, vector) in eigen.values.iter().zip(&eigen.vectors) {
            for i in 0..n {
                let product: f64 = (0..n).map(|j| matrix[i * n + j] * vector[j]).sum();
                assert!((product - value * vector[i]).abs() < 1e-10);
            }
        }
        let trace: f64 = (0..n).map(|i| matrix[i * n + i]).sum();
        assert!((eigen.values.iter().sum::<f64>() - trace).abs() < 1e-10);
        assert!(
            eigen.values.windows(2).all(|w| w[0] >= w[1]),
            "largest first"
        );
    }
}
