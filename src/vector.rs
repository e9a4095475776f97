//! Vector maths shared by the word queries, the image embeddings and the maps: dot products,
//! lengths, normalisation and cosines, written once.

/// Dot product with eight independent sums, so the compiler can keep them in SIMD lanes (the
/// same order whatever the lanes' width, so the same result). Always inlined, so that a caller
/// compiled for AVX2 (the word2vec trainer) gets it in AVX2.
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// An f32 ordered totally (`f32::total_cmp`), so that scores and distances can sit in a heap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderedF32(pub f32);

impl Eq for OrderedF32 {}

impl PartialOrd for OrderedF32 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedF32 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Euclidean length, summed in f64 so long vectors lose nothing to rounding.
pub fn norm(vector: &[f32]) -> f64 {
    vector
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt()
}

/// Divides a row by its length in place and returns the length; a zero row stays zero.
/// Division in f32 by the f32 length, as gensim's `get_normed_vectors` does for the stored
/// matrix; in f64 when that length is not a normal f32 (values near ±3e38 make it overflow to
/// infinity, which would zero the row; tiny values make it underflow).
pub fn normalise(row: &mut [f32]) -> f64 {
    let length = norm(row);
    let single = length as f32;
    if single.is_normal() {
        row.iter_mut().for_each(|x| *x /= single);
    } else if length > 0.0 && length.is_finite() {
        row.iter_mut()
            .for_each(|x| *x = (f64::from(*x) / length) as f32);
    }
    length
}

/// The vector scaled to unit length by its reciprocal length, as gensim's `unitvec` scales a
/// query vector (so query scores round as gensim's do); the zero vector stays zero.
pub fn normalised(mut vector: Vec<f32>) -> Vec<f32> {
    let length = norm(&vector);
    if length > 0.0 {
        let scale = (1.0 / length) as f32;
        vector.iter_mut().for_each(|x| *x *= scale);
    }
    vector
}

/// Cosine similarity of two vectors of any length (0 when either is zero), summed in f64.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut aa, mut bb) = (0f64, 0f64, 0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        (dot / (aa.sqrt() * bb.sqrt())) as f32
    }
}

/// Cosine similarity of every pair of `vectors` (symmetric; computed once per pair).
pub fn cosine_matrix(vectors: &[&[f32]]) -> Vec<Vec<f32>> {
    let n = vectors.len();
    let mut matrix = vec![vec![0f32; n]; n];
    for a in 0..n {
        for b in a..n {
            let score = cosine(vectors[a], vectors[b]);
            matrix[a][b] = score;
            matrix[b][a] = score;
        }
    }
    matrix
}

/// Element-wise products of two vectors: for unit vectors they sum to the cosine, which is
/// what the similarity panel draws.
pub fn products(a: &[f32], b: &[f32]) -> Vec<f32> {
    a.iter().zip(b).map(|(x, y)| x * y).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_near_the_largest_and_smallest_f32_keep_their_direction() {
        for scale in [3e38f32, -3e38, 1e-42, f32::MAX] {
            let mut row = vec![scale; 100];
            row[1] = -scale;
            let length = normalise(&mut row);
            assert!(length > 0.0 && length.is_finite(), "{scale}: {length}");
            assert!((norm(&row) - 1.0).abs() < 1e-5, "{scale}: unit length");
            assert!(
                (row[0] > 0.0) == (scale > 0.0) && row[1] == -row[0],
                "{scale}"
            );
        }
        let (mut a, mut b) = (vec![3e38f32; 100], vec![-3e38f32; 100]);
        normalise(&mut a);
        normalise(&mut b);
        assert!(
            (dot(&a, &b) + 1.0).abs() < 1e-5,
            "opposite vectors: cosine -1"
        );
    }

    #[test]
    fn dot_matches_a_plain_sum_for_every_length() {
        for len in 0..40 {
            let a: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..len).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() <= 1e-3 * plain.abs().max(1.0));
        }
    }

    #[test]
    fn normalising_keeps_direction_and_zero() {
        let mut row = [3.0f32, 4.0];
        assert_eq!(normalise(&mut row), 5.0);
        assert_eq!(row, [0.6, 0.8]);
        let mut zero = [0.0f32; 3];
        assert_eq!(normalise(&mut zero), 0.0);
        assert_eq!(zero, [0.0; 3]);
        assert_eq!(normalised(vec![0.0, 2.0]), vec![0.0, 1.0]);
    }

    #[test]
    fn cosines_of_known_angles() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 1.0]) - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 0.0]), 0.0);
        let m = cosine_matrix(&[&[1.0, 0.0], &[0.0, 2.0], &[-1.0, 0.0]]);
        assert_eq!(m[0][0], 1.0);
        assert_eq!(m[0][1], 0.0);
        assert_eq!(m[2][0], -1.0);
        assert_eq!(m[1][2], m[2][1]);
        let p = products(&[0.6, 0.8], &[0.8, 0.6]);
        assert!((p.iter().sum::<f32>() - cosine(&[0.6, 0.8], &[0.8, 0.6])).abs() < 1e-6);
    }
}
