//! Vectors as arrows from the origin, in 3-D: the three directions through the origin that hold
//! most of a few chosen vectors (no centring, so the origin stays the origin and an arrow stays
//! an arrow), and the constructions a linear-algebra class draws on them: an angle, a plane
//! spanned by two vectors and a third's orthogonal projection onto it.
//!
//! The directions are the top right singular vectors of the matrix whose rows are the vectors,
//! found from the small Gram matrix A·Aᵀ: with three vectors or fewer they span them exactly, so
//! their lengths, angles and plane are shown truly.

use super::eigen::symmetric;
use super::span::{DependentAt, SpanFit, fit};
use crate::vector::cosine;

/// Three orthonormal directions of the word space, through the origin.
#[derive(Debug, Clone)]
pub struct OriginFrame {
    axes: [Vec<f64>; 3],
    /// The share of the vectors' squared length that lies in the frame (1: all of it).
    pub held: f64,
}

/// Why no frame can be made.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum OriginError {
    #[error("no vectors to show")]
    Empty,
    #[error("the vectors do not all have the same number of dimensions")]
    Dimensions,
    #[error("the space has {0} dimensions; arrows in 3-D need at least 3")]
    TooFewDimensions(usize),
    #[error("every vector is zero")]
    Zero,
}

impl OriginFrame {
    /// The three directions holding most of `vectors` (rows of one length).
    pub fn fit(vectors: &[&[f32]]) -> Result<Self, OriginError> {
        let Some(first) = vectors.first() else {
            return Err(OriginError::Empty);
        };
        let dim = first.len();
        if vectors.iter().any(|v| v.len() != dim) {
            return Err(OriginError::Dimensions);
        }
        if dim < 3 {
            return Err(OriginError::TooFewDimensions(dim));
        }
        let rows: Vec<Vec<f64>> = vectors
            .iter()
            .map(|v| v.iter().map(|&x| f64::from(x)).collect())
            .collect();
        let k = rows.len();
        let gram: Vec<f64> = rows
            .iter()
            .flat_map(|a| rows.iter().map(move |b| dot(a, b)))
            .collect();
        let total: f64 = (0..k).map(|i| gram[i * k + i]).sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(OriginError::Zero);
        }
        let eigen = symmetric(&gram, k, true);
        let mut axes: Vec<Vec<f64>> = Vec::with_capacity(3);
        let mut held = 0.0;
        for (value, u) in eigen.values.iter().zip(&eigen.vectors).take(3) {
            // A direction the vectors hardly have is left to the completion below.
            if *value <= total * 1e-12 {
                break;
            }
            let mut axis = vec![0.0; dim];
            for (weight, row) in u.iter().zip(&rows) {
                for (a, x) in axis.iter_mut().zip(row) {
                    *a += weight * x;
                }
            }
            if let Some(axis) = orthonormalised(axis, &axes) {
                held += value;
                axes.push(axis);
            }
        }
        // Fewer than three independent vectors: complete with coordinate directions.
        for c in 0..dim {
            if axes.len() == 3 {
                break;
            }
            let mut unit = vec![0.0; dim];
            unit[c] = 1.0;
            if let Some(axis) = orthonormalised(unit, &axes) {
                axes.push(axis);
            }
        }
        let axes: [Vec<f64>; 3] = axes.try_into().map_err(|_| OriginError::Zero)?;
        Ok(Self {
            axes,
            held: (held / total).min(1.0),
        })
    }

    /// The frame of a plane and a third vector: the first direction along `a`, the third
    /// along `b`'s part across `a` (so the plane of `a` and `b` is the first and third), and
    /// the second along the part of `c` off the plane, so that the plane lies flat and `c`'s
    /// perpendicular to it stands upright. An error when `a` and `b` are not independent.
    pub fn of_plane(a: &[f32], b: &[f32], c: &[f32]) -> Result<Self, OriginError> {
        let dim = a.len();
        if b.len() != dim || c.len() != dim {
            return Err(OriginError::Dimensions);
        }
        if dim < 3 {
            return Err(OriginError::TooFewDimensions(dim));
        }
        let wide = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect::<Vec<f64>>();
        let first = orthonormalised(wide(a), &[]).ok_or(OriginError::Zero)?;
        let across =
            orthonormalised(wide(b), std::slice::from_ref(&first)).ok_or(OriginError::Zero)?;
        let plane = [first.clone(), across.clone()];
        // c in the plane: any direction across both will do for "up".
        let up = orthonormalised(wide(c), &plane)
            .or_else(|| {
                (0..dim).find_map(|i| {
                    let mut unit = vec![0.0; dim];
                    unit[i] = 1.0;
                    orthonormalised(unit, &plane)
                })
            })
            .ok_or(OriginError::Zero)?;
        Ok(Self {
            axes: [first, up, across],
            held: 1.0,
        })
    }

    /// Where `vector` goes in the frame: its coordinates along the three directions.
    pub fn place(&self, vector: &[f32]) -> [f64; 3] {
        self.place_f64(&vector.iter().map(|&x| f64::from(x)).collect::<Vec<_>>())
    }

    fn place_f64(&self, vector: &[f64]) -> [f64; 3] {
        std::array::from_fn(|c| dot(&self.axes[c], vector))
    }

    /// The share of `vector`'s length that lies in the frame (1: all of it), for saying how
    /// truly an arrow is shown.
    pub fn share_of_length(&self, vector: &[f32]) -> f64 {
        let length = crate::vector::norm(vector);
        if length == 0.0 {
            return 1.0;
        }
        let placed = self.place(vector);
        (placed.iter().map(|c| c * c).sum::<f64>().sqrt() / length).min(1.0)
    }
}

/// `vector` less its parts along `axes` (orthonormal), at unit length; `None` when nothing is
/// left.
fn orthonormalised(mut vector: Vec<f64>, axes: &[Vec<f64>]) -> Option<Vec<f64>> {
    let before = dot(&vector, &vector).sqrt();
    // Twice, for accuracy (Gram–Schmidt loses orthogonality once).
    for _ in 0..2 {
        for axis in axes {
            let along = dot(&vector, axis);
            for (v, a) in vector.iter_mut().zip(axis) {
                *v -= along * a;
            }
        }
    }
    let length = dot(&vector, &vector).sqrt();
    if length <= before * 1e-9 || length == 0.0 {
        return None;
    }
    Some(vector.iter().map(|v| v / length).collect())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The angle between two vectors, in degrees, and its cosine.
pub fn angle(a: &[f32], b: &[f32]) -> (f64, f64) {
    let cos = f64::from(cosine(a, b)).clamp(-1.0, 1.0);
    (cos.acos().to_degrees(), cos)
}

/// The plane spanned by `a` and `b`, and `c` dropped onto it: the least-squares fit
/// c ≈ x·a + y·b, whose fitted vector is the foot of the perpendicular from c.
pub struct PlaneProjection {
    pub fit: SpanFit,
    /// The foot of the perpendicular, x·a + y·b.
    pub foot: Vec<f32>,
}

impl PlaneProjection {
    /// Drops `c` onto the plane of `a` and `b`; an error when `a` and `b` are parallel (they
    /// span a line, not a plane).
    pub fn new(a: &[f32], b: &[f32], c: &[f32]) -> Result<Self, DependentAt> {
        let fit = fit(&[a, b], c)?;
        let foot = fit.fitted.iter().map(|&x| x as f32).collect();
        Ok(Self { fit, foot })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<f32>> {
        vec![
            vec![1.0, 0.2, 0.0, 0.3, -0.1],
            vec![0.1, 1.0, 0.4, 0.0, 0.2],
            vec![0.3, -0.2, 1.0, 0.5, 0.0],
            vec![0.5, 0.5, 0.5, 0.5, 0.5],
        ]
    }

    #[test]
    fn three_vectors_keep_their_lengths_and_angles() {
        let rows = rows();
        let three: Vec<&[f32]> = rows[..3].iter().map(Vec::as_slice).collect();
        let frame = OriginFrame::fit(&three).unwrap();
        assert!((frame.held - 1.0).abs() < 1e-9);
        let placed: Vec<[f64; 3]> = three.iter().map(|v| frame.place(v)).collect();
        for (i, a) in three.iter().enumerate() {
            assert!((frame.share_of_length(a) - 1.0).abs() < 1e-6);
            for (j, b) in three.iter().enumerate() {
                let inner: f64 = (0..3).map(|c| placed[i][c] * placed[j][c]).sum();
                let true_inner: f64 = a.iter().zip(*b).map(|(x, y)| f64::from(x * y)).sum();
                assert!((inner - true_inner).abs() < 1e-5, "{i} {j}");
            }
        }
        // A fourth vector is a shadow, and says so.
        assert!(frame.share_of_length(&rows[3]) < 0.999);
        let four: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let best = OriginFrame::fit(&four).unwrap();
        assert!(best.held < 1.0 && best.held > 0.9, "{}", best.held);
    }

    #[test]
    fn one_or_two_vectors_are_completed_to_a_frame() {
        let rows = rows();
        let one = OriginFrame::fit(&[&rows[0]]).unwrap();
        let placed = one.place(&rows[0]);
        let length = crate::vector::norm(&rows[0]);
        assert!((placed[0].abs() - length).abs() < 1e-6 && placed[1].abs() < 1e-6);
        let same = OriginFrame::fit(&[&rows[0], &rows[0]]).unwrap();
        assert!((same.held - 1.0).abs() < 1e-9);
        assert_eq!(OriginFrame::fit(&[]).unwrap_err(), OriginError::Empty);
        assert_eq!(
            OriginFrame::fit(&[&[0.0f32; 4][..]]).unwrap_err(),
            OriginError::Zero
        );
        assert_eq!(
            OriginFrame::fit(&[&[1.0f32, 0.0][..]]).unwrap_err(),
            OriginError::TooFewDimensions(2)
        );
        assert_eq!(
            OriginFrame::fit(&[&rows[0], &rows[1][..3]]).unwrap_err(),
            OriginError::Dimensions
        );
    }

    #[test]
    fn the_foot_of_the_perpendicular_is_the_least_squares_projection() {
        let rows = rows();
        let (a, b, c) = (&rows[0], &rows[1], &rows[2]);
        let plane = PlaneProjection::new(a, b, c).unwrap();
        // c − foot is orthogonal to a and to b.
        let residual: Vec<f32> = c.iter().zip(&plane.foot).map(|(x, y)| x - y).collect();
        assert!(crate::vector::dot(&residual, a).abs() < 1e-5);
        assert!(crate::vector::dot(&residual, b).abs() < 1e-5);
        let [x, y] = [plane.fit.coefficients[0], plane.fit.coefficients[1]];
        for (i, f) in plane.foot.iter().enumerate() {
            let expected = x * f64::from(a[i]) + y * f64::from(b[i]);
            assert!((f64::from(*f) - expected).abs() < 1e-5);
        }
        assert!(
            PlaneProjection::new(a, a, c).is_err(),
            "a line, not a plane"
        );
        // In the plane's frame the plane is flat (second coordinate 0) and the perpendicular
        // stands upright (only the second coordinate changes along it).
        let frame = OriginFrame::of_plane(a, b, c).unwrap();
        assert!(frame.place(a)[1].abs() < 1e-6 && frame.place(b)[1].abs() < 1e-6);
        let (top, foot) = (frame.place(c), frame.place(&plane.foot));
        assert!((top[0] - foot[0]).abs() < 1e-5 && (top[2] - foot[2]).abs() < 1e-5);
        assert!((top[1] - foot[1]).abs() > 0.1);
        assert!(OriginFrame::of_plane(a, a, c).is_err());
        let (degrees, cos) = angle(a, b);
        assert!((degrees.to_radians().cos() - cos).abs() < 1e-9);
    }
}
