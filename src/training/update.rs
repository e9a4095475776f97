//! One step of training spelled out for the language teacher: the trainer's own update on one
//! (centre, context) pair, with every vector before and after it and σ(u·v) before and after.

use crate::vector::dot;

/// An output vector the step moves: the centre word's (label 1, pulled towards the context's
/// vector) or a negative sample's (label 0, pushed away from it).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub label: f32,
    pub before: Vec<f32>,
    pub after: Vec<f32>,
    pub sigma_before: f32,
    pub sigma_after: f32,
    /// α(label − σ): how strongly the step pulls (above 0) or pushes (below 0).
    pub gradient: f32,
}

/// One step of skip-gram with negative sampling (Mikolov et al. 2013) on one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub alpha: f32,
    /// The context word's input vector (its embedding), before and after.
    pub input: [Vec<f32>; 2],
    /// The centre word's output vector first, then the negative samples'.
    pub targets: Vec<Target>,
}

fn sigma(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The step as the trainer takes it (`sgns.rs`, `train_pair`): for each target, g = α(label −
/// σ(u·v)); the output vector moves by g·v at once, the input vector by the sum of g·u after
/// all targets (the exact σ here, where the trainer reads a table).
pub fn sgd_update(input: &[f32], targets: &[(&[f32], f32)], alpha: f32) -> Update {
    let mut error = vec![0.0; input.len()];
    let mut moved: Vec<Target> = targets
        .iter()
        .map(|&(output, label)| {
            let sigma_before = sigma(dot(input, output));
            let gradient = alpha * (label - sigma_before);
            for (e, u) in error.iter_mut().zip(output) {
                *e += gradient * u;
            }
            let after = output
                .iter()
                .zip(input)
                .map(|(u, v)| u + gradient * v)
                .collect();
            Target {
                label,
                before: output.to_vec(),
                after,
                sigma_before,
                sigma_after: 0.0,
                gradient,
            }
        })
        .collect();
    let input_after: Vec<f32> = input.iter().zip(&error).map(|(v, e)| v + e).collect();
    for target in &mut moved {
        target.sigma_after = sigma(dot(&input_after, &target.after));
    }
    Update {
        alpha,
        input: [input.to_vec(), input_after],
        targets: moved,
    }
}

/// The plane of the step: spanned by the input vector and the centre word's output vector
/// (before), as an orthonormal pair; `None` when they are parallel or zero.
pub fn plane(update: &Update) -> Option<[Vec<f32>; 2]> {
    let v = &update.input[0];
    let u = &update.targets.first()?.before;
    let norm = dot(v, v).sqrt();
    if norm <= f32::EPSILON {
        return None;
    }
    let first: Vec<f32> = v.iter().map(|x| x / norm).collect();
    let along = dot(u, &first);
    let rest: Vec<f32> = u.iter().zip(&first).map(|(x, e)| x - along * e).collect();
    let rest_norm = dot(&rest, &rest).sqrt();
    if rest_norm <= 1e-6 * dot(u, u).sqrt().max(f32::EPSILON) {
        return None;
    }
    let second = rest.iter().map(|x| x / rest_norm).collect();
    Some([first, second])
}

/// A vector's shadow on the plane: its coordinates along the plane's two directions.
pub fn on_plane(vector: &[f32], plane: &[Vec<f32>; 2]) -> [f64; 2] {
    [
        f64::from(dot(vector, &plane[0])),
        f64::from(dot(vector, &plane[1])),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_is_pulled_together_and_the_negatives_pushed_apart() {
        let v = [0.3, -0.2, 0.5, 0.1];
        let centre = [0.2, 0.1, 0.4, -0.3];
        let negatives = [[0.4, -0.1, 0.3, 0.2], [-0.3, 0.2, 0.1, 0.4]];
        let targets = [
            (&centre[..], 1.0),
            (&negatives[0][..], 0.0),
            (&negatives[1][..], 0.0),
        ];
        let update = sgd_update(&v, &targets, 0.5);
        let pair = &update.targets[0];
        assert!(
            pair.gradient > 0.0 && pair.sigma_after > pair.sigma_before,
            "{pair:?}"
        );
        for negative in &update.targets[1..] {
            assert!(negative.gradient < 0.0, "{negative:?}");
            assert!(negative.sigma_after < negative.sigma_before, "{negative:?}");
        }
        // The same arithmetic as the trainer's: u += g·v, v += Σ g·u.
        let g: Vec<f32> = update.targets.iter().map(|t| t.gradient).collect();
        for k in 0..4 {
            assert!((pair.after[k] - (centre[k] + g[0] * v[k])).abs() < 1e-6);
            let moved = v[k] + g[0] * centre[k] + g[1] * negatives[0][k] + g[2] * negatives[1][k];
            assert!((update.input[1][k] - moved).abs() < 1e-6);
        }
        // The plane holds v and the centre's vector exactly.
        let plane = plane(&update).unwrap();
        let [x, y] = on_plane(&v, &plane);
        assert!((x - f64::from(dot(&v, &v).sqrt())).abs() < 1e-6 && y.abs() < 1e-6);
        let [x, y] = on_plane(&centre, &plane);
        assert!((x * x + y * y - f64::from(dot(&centre, &centre))).abs() < 1e-6);
    }

    #[test]
    fn parallel_or_zero_vectors_have_no_plane() {
        let v = [1.0, 0.0];
        assert!(plane(&sgd_update(&v, &[(&[2.0, 0.0][..], 1.0)], 0.1)).is_none());
        assert!(plane(&sgd_update(&[0.0, 0.0], &[(&[1.0, 0.0][..], 1.0)], 0.1)).is_none());
    }
}
