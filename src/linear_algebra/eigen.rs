//! Eigenvalues and eigenvectors of a symmetric matrix: Householder reduction to tridiagonal form,
//! then the implicit QL method with Wilkinson shifts (Golub & Van Loan, *Matrix Computations*,
//! §8.3; the EISPACK routines `tred2` and `tql2` as JAMA writes them). It costs O(n³) once,
//! where the cyclic Jacobi method it replaced cost that per sweep, and is as accurate.
//!
//! Its cost grows with the cube of the order, so every caller first asks [`check_order`].

use super::LinearAlgebraError;

/// A symmetric matrix's eigenvalues, largest first, and the unit eigenvector of each
/// (`vectors[i]` belongs to `values[i]`; empty when only the values were asked for).
pub struct Eigen {
    pub values: Vec<f64>,
    pub vectors: Vec<Vec<f64>>,
}

/// QL iterations per eigenvalue before it is taken as converged (two or three are usual).
const MAX_ITERATIONS: usize = 64;

/// Largest order decomposed: 4,096 × 4,096 takes about a minute on one laptop core, and no
/// published word embedding has more dimensions than that.
pub const MAX_ORDER: usize = 4096;

/// Most multiply-adds spent forming a scatter matrix (n rows of d values into the smaller
/// square, n · d · min(n, d) / 2): about half a minute on one core.
pub const MAX_PRODUCTS: u64 = 1 << 35;

/// Refuses a matrix of order `n` that would take too long, or more memory than there is (two
/// n × n matrices of f64 are held), saying what it is (`what`, "the spectrum of 300 words")
/// in words.
pub fn check_order(n: usize, what: &str) -> Result<(), LinearAlgebraError> {
    let bytes = (n as u64).saturating_mul(n as u64).saturating_mul(16);
    let too_large = |reason: String| {
        Err(LinearAlgebraError::TooLarge {
            what: what.to_owned(),
            reason,
        })
    };
    if n > MAX_ORDER {
        return too_large(format!(
            "it needs the eigenvalues of a {n} × {n} matrix, and at most {MAX_ORDER} × \
             {MAX_ORDER} is decomposed (the time grows with the cube of the size)"
        ));
    }
    if let Some(budget) = crate::words::formats::memory_budget().filter(|&b| bytes > b) {
        return too_large(format!(
            "its {n} × {n} matrices need {} MB, more than the {} MB of memory available",
            bytes >> 20,
            budget >> 20
        ));
    }
    Ok(())
}

/// Refuses to form the n × n or dim × dim product of `n` rows of `dim` values when that alone
/// would take more than [`MAX_PRODUCTS`] multiply-adds.
pub fn check_products(n: usize, dim: usize, what: &str) -> Result<(), LinearAlgebraError> {
    let order = n.min(dim);
    let products = (n as u64)
        .saturating_mul(dim as u64)
        .saturating_mul(order as u64)
        / 2;
    if products > MAX_PRODUCTS {
        return Err(LinearAlgebraError::TooLarge {
            what: what.to_owned(),
            reason: format!(
                "forming its {order} × {order} matrix from {n} rows of {dim} values takes \
                 {products} products, more than the {MAX_PRODUCTS} allowed (about half a \
                 minute): use fewer words"
            ),
        });
    }
    Ok(())
}

/// The eigenvalues of the scatter matrix XᵀX of `n` rows X of `dim` values each (`row(i, buf)`
/// writes row `i` into `buf`), largest first, with the unit eigenvectors of the `wanted`
/// largest (in the rows' space, `dim` long). Formed as whichever of XᵀX (dim × dim) and XXᵀ
/// (n × n) is smaller: both have the same non-zero eigenvalues, and an eigenvector u of XXᵀ
/// gives XᵀX's as Xᵀu / √λ. Returns `min(n, dim)` eigenvalues; the rest are zero.
pub fn scatter(
    n: usize,
    dim: usize,
    row: &dyn Fn(usize, &mut [f64]),
    wanted: usize,
    what: &str,
) -> Result<Eigen, LinearAlgebraError> {
    let order = n.min(dim);
    check_order(order, what)?;
    check_products(n, dim, what)?;
    let mut matrix = vec![0.0f64; order * order];
    let mut first = vec![0.0f64; dim];
    if n > dim {
        // XᵀX, one rank-one update per row (upper triangle, mirrored below).
        for i in 0..n {
            row(i, &mut first);
            for a in 0..dim {
                let x = first[a];
                let line = &mut matrix[a * dim..(a + 1) * dim];
                for b in a..dim {
                    line[b] += x * first[b];
                }
            }
        }
    } else {
        // XXᵀ: every pair of rows' dot product.
        let mut second = vec![0.0f64; dim];
        for i in 0..n {
            row(i, &mut first);
            for j in i..n {
                row(j, &mut second);
                matrix[i * n + j] = first.iter().zip(&second).map(|(x, y)| x * y).sum();
            }
        }
    }
    for a in 0..order {
        for b in 0..a {
            matrix[a * order + b] = matrix[b * order + a];
        }
    }
    let eigen = symmetric(&matrix, order, wanted > 0);
    let values: Vec<f64> = eigen.values.iter().map(|v| v.max(0.0)).collect();
    let vectors = if n > dim {
        eigen.vectors.into_iter().take(wanted).collect()
    } else {
        // Xᵀu, normalised (its length is √λ; normalising also covers λ ≈ 0).
        eigen
            .vectors
            .iter()
            .take(wanted)
            .map(|u| {
                let mut axis = vec![0.0f64; dim];
                for (i, weight) in u.iter().enumerate() {
                    row(i, &mut first);
                    axis.iter_mut()
                        .zip(&first)
                        .for_each(|(a, x)| *a += weight * x);
                }
                let length = axis.iter().map(|a| a * a).sum::<f64>().sqrt();
                if length > 0.0 {
                    axis.iter_mut().for_each(|a| *a /= length);
                }
                axis
            })
            .collect()
    };
    Ok(Eigen { values, vectors })
}

/// Decomposes the symmetric `n × n` matrix `matrix` (row-major; only its symmetry is assumed).
/// With `vectors` false only the eigenvalues are computed, about three times faster.
pub fn symmetric(matrix: &[f64], n: usize, vectors: bool) -> Eigen {
    debug_assert_eq!(matrix.len(), n * n);
    if n == 0 {
        return Eigen {
            values: Vec::new(),
            vectors: Vec::new(),
        };
    }
    let mut work = Tridiagonal {
        n,
        // Kept transposed (`w[j * n + k]` is JAMA's V[k][j]) so that every inner loop walks
        // a row: the matrix is symmetric, so it starts as itself.
        w: matrix.to_vec(),
        d: vec![0.0; n],
        e: vec![0.0; n],
    };
    work.reduce(vectors);
    work.diagonalise(vectors);
    let Tridiagonal { w, d, .. } = work;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| d[j].total_cmp(&d[i]));
    Eigen {
        values: order.iter().map(|&i| d[i]).collect(),
        vectors: if vectors {
            order
                .iter()
                .map(|&i| w[i * n..(i + 1) * n].to_vec())
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The working state: `d` the diagonal, `e` the subdiagonal, `w` the transformations so far
/// (transposed: row `j` is V's column `j`, which ends as the `j`-th eigenvector).
struct Tridiagonal {
    n: usize,
    w: Vec<f64>,
    d: Vec<f64>,
    e: Vec<f64>,
}

impl Tridiagonal {
    /// V[row][column].
    fn at(&self, row: usize, column: usize) -> f64 {
        self.w[column * self.n + row]
    }

    fn set(&mut self, row: usize, column: usize, value: f64) {
        self.w[column * self.n + row] = value;
    }

    /// Householder reduction to tridiagonal form (`tred2`), accumulating the transformations
    /// when `vectors` asks for them.
    fn reduce(&mut self, vectors: bool) {
        let n = self.n;
        for j in 0..n {
            self.d[j] = self.at(n - 1, j);
        }
        for i in (1..n).rev() {
            let scale: f64 = self.d[..i].iter().map(|x| x.abs()).sum();
            let mut h = 0.0;
            if scale == 0.0 {
                self.e[i] = self.d[i - 1];
                for j in 0..i {
                    self.d[j] = self.at(i - 1, j);
                    self.set(i, j, 0.0);
                    self.set(j, i, 0.0);
                }
            } else {
                for k in 0..i {
                    self.d[k] /= scale;
                    h += self.d[k] * self.d[k];
                }
                let mut f = self.d[i - 1];
                let mut g = h.sqrt();
                if f > 0.0 {
                    g = -g;
                }
                self.e[i] = scale * g;
                h -= f * g;
                self.d[i - 1] = f - g;
                self.e[..i].iter_mut().for_each(|x| *x = 0.0);
                for j in 0..i {
                    f = self.d[j];
                    self.set(j, i, f);
                    // Column j of V below the diagonal is row j of `w`, contiguous.
                    let column = &self.w[j * n..j * n + i];
                    let mut g = self.e[j] + column[j] * f;
                    let below = column[j + 1..].iter();
                    for ((v, d), e) in below.zip(&self.d[j + 1..i]).zip(&mut self.e[j + 1..i]) {
                        g += v * d;
                        *e += v * f;
                    }
                    self.e[j] = g;
                }
                f = 0.0;
                for j in 0..i {
                    self.e[j] /= h;
                    f += self.e[j] * self.d[j];
                }
                let hh = f / (h + h);
                for j in 0..i {
                    self.e[j] -= hh * self.d[j];
                }
                for j in 0..i {
                    let (f, g) = (self.d[j], self.e[j]);
                    let column = &mut self.w[j * n + j..j * n + i];
                    let (e, d) = (&self.e[j..i], &self.d[j..i]);
                    for ((v, e), d) in column.iter_mut().zip(e).zip(d) {
                        *v -= f * e + g * d;
                    }
                    self.d[j] = self.at(i - 1, j);
                    self.set(i, j, 0.0);
                }
            }
            self.d[i] = h;
        }
        // The diagonal of the tridiagonal matrix, and (when asked) the transformations.
        for i in 0..n - 1 {
            let diagonal = self.at(i, i);
            self.set(n - 1, i, diagonal);
            self.set(i, i, 1.0);
            let h = self.d[i + 1];
            if vectors && h != 0.0 {
                for k in 0..=i {
                    self.d[k] = self.at(k, i + 1) / h;
                }
                let householder = (i + 1) * n;
                for j in 0..=i {
                    let g: f64 = (0..=i)
                        .map(|k| self.w[householder + k] * self.w[j * n + k])
                        .sum();
                    for k in 0..=i {
                        self.w[j * n + k] -= g * self.d[k];
                    }
                }
            }
            for k in 0..=i {
                self.set(k, i + 1, 0.0);
            }
        }
        for j in 0..n {
            self.d[j] = self.at(n - 1, j);
            self.set(n - 1, j, 0.0);
        }
        self.set(n - 1, n - 1, 1.0);
        self.e[0] = 0.0;
    }

    /// The implicit QL method on the tridiagonal matrix (`tql2`).
    fn diagonalise(&mut self, vectors: bool) {
        let n = self.n;
        for i in 1..n {
            self.e[i - 1] = self.e[i];
        }
        self.e[n - 1] = 0.0;
        let mut f = 0.0;
        let mut largest = 0.0f64;
        for l in 0..n {
            largest = largest.max(self.d[l].abs() + self.e[l].abs());
            let mut m = l;
            while m < n && self.e[m].abs() > f64::EPSILON * largest {
                m += 1;
            }
            // With e[n − 1] = 0 the search stops at the last row at the latest.
            let m = m.min(n - 1);
            if m > l {
                // A few iterations per eigenvalue suffice; the bound only keeps rounding
                // from cycling forever.
                for _ in 0..MAX_ITERATIONS {
                    let g = self.d[l];
                    let mut p = (self.d[l + 1] - g) / (2.0 * self.e[l]);
                    let mut r = p.hypot(1.0);
                    if p < 0.0 {
                        r = -r;
                    }
                    self.d[l] = self.e[l] / (p + r);
                    self.d[l + 1] = self.e[l] * (p + r);
                    let dl1 = self.d[l + 1];
                    let mut h = g - self.d[l];
                    for i in l + 2..n {
                        self.d[i] -= h;
                    }
                    f += h;
                    p = self.d[m];
                    let (mut c, mut c2, mut c3) = (1.0, 1.0, 1.0);
                    let el1 = self.e[l + 1];
                    let (mut s, mut s2) = (0.0, 0.0);
                    for i in (l..m).rev() {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        let g = c * self.e[i];
                        h = c * p;
                        r = p.hypot(self.e[i]);
                        self.e[i + 1] = s * r;
                        s = self.e[i] / r;
                        c = p / r;
                        p = c * self.d[i] - s * g;
                        self.d[i + 1] = h + s * (c * g + s * self.d[i]);
                        if vectors {
                            let (low, high) = self.w.split_at_mut((i + 1) * n);
                            let (vi, vi1) = (&mut low[i * n..], &mut high[..n]);
                            for (a, b) in vi.iter_mut().zip(vi1.iter_mut()) {
                                let h = *b;
                                *b = s * *a + c * h;
                                *a = c * *a - s * h;
                            }
                        }
                    }
                    p = -s * s2 * c3 * el1 * self.e[l] / dl1;
                    self.e[l] = s * p;
                    self.d[l] = c * p;
                    if self.e[l].abs() <= f64::EPSILON * largest {
                        break;
                    }
                }
            }
            self.d[l] += f;
            self.e[l] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_matrix_gives_its_eigenpairs() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
        let eigen = symmetric(&[2.0, 1.0, 1.0, 2.0], 2, true);
        assert!((eigen.values[0] - 3.0).abs() < 1e-12 && (eigen.values[1] - 1.0).abs() < 1e-12);
        let v = &eigen.vectors[0];
        assert!((v[0].abs() - 0.5f64.sqrt()).abs() < 1e-12 && (v[0] - v[1]).abs() < 1e-12);
        let one = symmetric(&[-4.0], 1, true);
        assert_eq!((one.values, one.vectors), (vec![-4.0], vec![vec![1.0]]));
    }

    /// A symmetric test matrix with repeated, zero and negative eigenvalues among the others.
    fn matrix(n: usize) -> Vec<f64> {
        let mut matrix = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                matrix[i * n + j] = ((i * 7 + j * 7 + i * j) % 11) as f64 / 10.0 - 0.3;
            }
        }
        matrix
    }

    #[test]
    fn eigenvectors_satisfy_their_equation_and_are_orthonormal() {
        for n in [3, 12, 61] {
            let matrix = matrix(n);
            let eigen = symmetric(&matrix, n, true);
            for (value, vector) in eigen.values.iter().zip(&eigen.vectors) {
                for i in 0..n {
                    let product: f64 = (0..n).map(|j| matrix[i * n + j] * vector[j]).sum();
                    assert!((product - value * vector[i]).abs() < 1e-10, "n = {n}");
                }
            }
            for (a, first) in eigen.vectors.iter().enumerate() {
                for (b, second) in eigen.vectors.iter().enumerate() {
                    let dot: f64 = first.iter().zip(second).map(|(x, y)| x * y).sum();
                    let expected = if a == b { 1.0 } else { 0.0 };
                    assert!((dot - expected).abs() < 1e-10, "n = {n}: {a}·{b} = {dot}");
                }
            }
            let trace: f64 = (0..n).map(|i| matrix[i * n + i]).sum();
            assert!((eigen.values.iter().sum::<f64>() - trace).abs() < 1e-10);
            assert!(
                eigen.values.windows(2).all(|w| w[0] >= w[1]),
                "largest first"
            );
            let values_only = symmetric(&matrix, n, false);
            assert!(values_only.vectors.is_empty());
            for (a, b) in values_only.values.iter().zip(&eigen.values) {
                assert!(
                    (a - b).abs() < 1e-10,
                    "the values alone are the same values"
                );
            }
        }
    }

    #[test]
    fn a_diagonal_or_zero_matrix_is_its_own_decomposition() {
        let eigen = symmetric(&[0.0; 16], 4, true);
        assert_eq!(eigen.values, vec![0.0; 4]);
        let diagonal = [1.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 3.0];
        assert_eq!(symmetric(&diagonal, 3, false).values, vec![5.0, 3.0, 1.0]);
    }

    #[test]
    fn an_order_past_the_limit_is_refused_in_words() {
        let error = check_order(40_000, "the spectrum of 40000 dimensions").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the spectrum of 40000 dimensions is too large: it needs the eigenvalues of a 40000 \
             × 40000 matrix, and at most 4096 × 4096 is decomposed (the time grows with the \
             cube of the size)"
        );
    }

    #[test]
    fn the_scatter_matrix_gives_the_same_spectrum_from_either_side() {
        // 5 rows of 8 values (XXᵀ is formed) and their transpose's 8 rows of 5 (XᵀX is formed):
        // both have the singular values² of one matrix.
        let data: Vec<Vec<f64>> = (0..5)
            .map(|i| {
                (0..8)
                    .map(|j| ((i * 3 + j * 5 + i * j) % 7) as f64 - 3.0)
                    .collect()
            })
            .collect();
        let wide = scatter(5, 8, &|i, buf| buf.copy_from_slice(&data[i]), 2, "x").unwrap();
        let tall = scatter(
            8,
            5,
            &|j, buf| {
                buf.iter_mut().zip(&data).for_each(|(b, row)| *b = row[j]);
            },
            0,
            "x",
        )
        .unwrap();
        assert_eq!((wide.values.len(), tall.values.len()), (5, 5));
        for (a, b) in wide.values.iter().zip(&tall.values) {
            assert!((a - b).abs() < 1e-9, "{a} {b}");
        }
        // The axes are XᵀX's unit eigenvectors: XᵀX v = λ v.
        for (value, axis) in wide.values.iter().zip(&wide.vectors) {
            let length: f64 = axis.iter().map(|a| a * a).sum();
            assert!((length - 1.0).abs() < 1e-12);
            for a in 0..8 {
                let product: f64 = (0..8)
                    .map(|b| data.iter().map(|row| row[a] * row[b]).sum::<f64>() * axis[b])
                    .sum();
                assert!((product - value * axis[a]).abs() < 1e-9);
            }
        }
    }
}
