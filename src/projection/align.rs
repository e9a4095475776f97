//! Orthogonal Procrustes in the plane: turns (and if need be mirrors) a new 2-D layout onto the
//! previous one, so that a map refitted as training moves the vectors changes only where the
//! words really moved, instead of flipping or spinning with each PCA's arbitrary signs.

/// `current` rotated or reflected about the origin to lie as close as possible (least squares)
/// to `previous`, point for point. Both are centred first; the result keeps `current`'s scale.
pub fn align(previous: &[[f64; 2]], current: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let n = previous.len().min(current.len());
    if n == 0 {
        return current.to_vec();
    }
    let centre = |points: &[[f64; 2]]| {
        let (x, y) = points[..n]
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
        [x / n as f64, y / n as f64]
    };
    let (cp, cc) = (centre(previous), centre(current));
    // M = Σ cᵢ pᵢᵀ over centred points; the best rotation by θ maximises
    // cos θ (M00 + M11) + sin θ (M01 − M10); with a mirror (x ↦ −x first) the signs change.
    let mut m = [[0.0f64; 2]; 2];
    for (p, c) in previous[..n].iter().zip(&current[..n]) {
        let (p, c) = ([p[0] - cp[0], p[1] - cp[1]], [c[0] - cc[0], c[1] - cc[1]]);
        for i in 0..2 {
            for j in 0..2 {
                m[i][j] += c[i] * p[j];
            }
        }
    }
    let rotation = ((m[0][1] - m[1][0]).atan2(m[0][0] + m[1][1]), 1.0);
    let mirrored = ((m[0][1] + m[1][0]).atan2(m[1][1] - m[0][0]), -1.0);
    let score = |(theta, mirror): (f64, f64)| {
        let (cos, sin) = (theta.cos(), theta.sin());
        if mirror > 0.0 {
            cos * (m[0][0] + m[1][1]) + sin * (m[0][1] - m[1][0])
        } else {
            cos * (m[1][1] - m[0][0]) + sin * (m[0][1] + m[1][0])
        }
    };
    let (theta, mirror) = if score(rotation) >= score(mirrored) {
        rotation
    } else {
        mirrored
    };
    let (cos, sin) = (theta.cos(), theta.sin());
    current
        .iter()
        .map(|c| {
            let (x, y) = (mirror * (c[0] - cc[0]), c[1] - cc[1]);
            [cp[0] + cos * x - sin * y, cp[1] + sin * x + cos * y]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
        a.iter()
            .zip(b)
            .all(|(p, q)| (p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9)
    }

    #[test]
    fn a_turned_or_mirrored_layout_is_brought_back() {
        let previous = [[1.0, 0.0], [0.0, 2.0], [-1.0, -0.5], [3.0, 1.0]];
        let turned: Vec<[f64; 2]> = previous
            .iter()
            .map(|p| {
                let (c, s) = (2.0f64.cos(), 2.0f64.sin());
                [c * p[0] - s * p[1] + 5.0, s * p[0] + c * p[1] - 1.0]
            })
            .collect();
        assert!(close(&align(&previous, &turned), &previous));
        let mirrored: Vec<[f64; 2]> = previous.iter().map(|p| [p[0], -p[1]]).collect();
        assert!(close(&align(&previous, &mirrored), &previous));
        assert!(align(&[], &previous).len() == 4);
    }
}
