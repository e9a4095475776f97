//! The singular value decomposition of a square matrix by one-sided Jacobi rotations (Hestenes
//! 1958; Demmel & Veselić 1992, "Jacobi's method is more accurate than QR"): rotate pairs of
//! columns until all are orthogonal; their lengths are the singular values. Accurate to the last
//! digits even for small singular values, which orthogonal Procrustes needs: a rotation is read
//! off U and V, not off σ.
//!
//! Each sweep costs O(n³), and a handful of sweeps suffice, so every caller bounds n first.

/// M = U · diag(σ) · Vᵀ, with σ largest first. `u[i]` and `v[i]` are the i-th left and right
/// singular vectors (the columns of U and V), each of length n.
pub struct Svd {
    pub u: Vec<Vec<f64>>,
    pub sigma: Vec<f64>,
    pub v: Vec<Vec<f64>>,
}

/// Sweeps after which the rotations stop whatever is left (a few usually suffice).
const MAX_SWEEPS: usize = 60;

/// Decomposes the `n × n` matrix `m` (row-major).
pub fn square(m: &[f64], n: usize) -> Svd {
    debug_assert_eq!(m.len(), n * n);
    // Columns of M, each contiguous: the rotations act on columns.
    let mut a: Vec<Vec<f64>> = (0..n)
        .map(|j| (0..n).map(|i| m[i * n + j]).collect())
        .collect();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|j| (0..n).map(|i| f64::from(u8::from(i == j))).collect())
        .collect();
    for _ in 0..MAX_SWEEPS {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (alpha, beta, gamma) = a[p]
                    .iter()
                    .zip(&a[q])
                    .fold((0.0, 0.0, 0.0), |(alpha, beta, gamma), (x, y)| {
                        (alpha + x * x, beta + y * y, gamma + x * y)
                    });
                if gamma == 0.0 || gamma.abs() <= f64::EPSILON * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                // The rotation that makes columns p and q orthogonal.
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for columns in [&mut a, &mut v] {
                    let (low, high) = columns.split_at_mut(q);
                    for (x, y) in low[p].iter_mut().zip(high[0].iter_mut()) {
                        let (xp, yq) = (*x, *y);
                        *x = c * xp - s * yq;
                        *y = s * xp + c * yq;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let sigma: Vec<f64> = a
        .iter()
        .map(|column| column.iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| sigma[j].total_cmp(&sigma[i]));
    let u = order
        .iter()
        .map(|&j| {
            let length = sigma[j];
            a[j].iter()
                .map(|x| if length > 0.0 { x / length } else { 0.0 })
                .collect()
        })
        .collect();
    Svd {
        u,
        sigma: order.iter().map(|&j| sigma[j]).collect(),
        v: order.iter().map(|&j| v[j].clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factors_multiply_back_to_the_matrix_and_are_orthonormal() {
        let n = 9;
        let m: Vec<f64> = (0..n * n)
            .map(|k| ((k * 7 + k / n * 3) % 13) as f64 / 6.0 - 1.0)
            .collect();
        let svd = square(&m, n);
        for i in 0..n {
            for j in 0..n {
                let product: f64 = (0..n)
                    .map(|k| svd.u[k][i] * svd.sigma[k] * svd.v[k][j])
                    .sum();
                assert!((product - m[i * n + j]).abs() < 1e-12, "({i}, {j})");
            }
        }
        for factor in [&svd.u, &svd.v] {
            for (a, x) in factor.iter().enumerate() {
                for (b, y) in factor.iter().enumerate() {
                    let dot: f64 = x.iter().zip(y).map(|(x, y)| x * y).sum();
                    let expected = if a == b { 1.0 } else { 0.0 };
                    assert!((dot - expected).abs() < 1e-12);
                }
            }
        }
        assert!(svd.sigma.windows(2).all(|w| w[0] >= w[1]), "largest first");
    }

    #[test]
    fn a_rotation_has_singular_values_one() {
        let (c, s) = (0.6, 0.8);
        let svd = square(&[c, -s, s, c], 2);
        assert!(svd.sigma.iter().all(|x| (x - 1.0).abs() < 1e-15));
    }
}
