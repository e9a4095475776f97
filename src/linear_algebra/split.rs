//! Projection and rejection: a vector v split along a direction d into v = (v·d̂)d̂ + (v − (v·d̂)d̂),
//! the part along d and the part orthogonal to it, the two legs of a right triangle whose
//! hypotenuse is v.

use super::span::{dot, norm};

/// A vector split along a direction.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Split {
    /// v · d̂: the signed length of the leg along d (the cosine, for a unit v).
    pub along: f64,
    /// |v − (v·d̂)d̂|: the length of the leg orthogonal to d.
    pub across: f64,
    /// |v|.
    pub length: f64,
    /// The angle between v and d, in degrees.
    pub degrees: f64,
    /// (v·d̂)d̂.
    #[serde(skip)]
    pub projection: Vec<f64>,
    /// v − (v·d̂)d̂.
    #[serde(skip)]
    pub rejection: Vec<f64>,
}

impl Split {
    /// Splits `v` along `direction` (any length but zero; `None` for the zero direction).
    pub fn of(v: &[f32], direction: &[f32]) -> Option<Self> {
        let v: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
        let d: Vec<f64> = direction.iter().map(|&x| f64::from(x)).collect();
        let d_length = norm(&d);
        if d_length == 0.0 || !d_length.is_finite() {
            return None;
        }
        let unit: Vec<f64> = d.iter().map(|x| x / d_length).collect();
        let along = dot(&v, &unit);
        let projection: Vec<f64> = unit.iter().map(|u| along * u).collect();
        let rejection: Vec<f64> = v.iter().zip(&projection).map(|(a, p)| a - p).collect();
        let length = norm(&v);
        let degrees = if length > 0.0 {
            (along / length).clamp(-1.0, 1.0).acos().to_degrees()
        } else {
            90.0
        };
        Some(Self {
            along,
            across: norm(&rejection),
            length,
            degrees,
            projection,
            rejection,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legs_make_a_right_triangle_with_the_vector() {
        let split = Split::of(&[3.0, 4.0, 0.0], &[2.0, 0.0, 0.0]).unwrap();
        assert_eq!((split.along, split.across, split.length), (3.0, 4.0, 5.0));
        assert!((split.degrees - 53.130_102_354).abs() < 1e-6);
        assert_eq!(
            dot(&split.projection, &split.rejection),
            0.0,
            "orthogonal legs"
        );
        assert!(Split::of(&[1.0, 0.0], &[0.0, 0.0]).is_none());
    }
}
