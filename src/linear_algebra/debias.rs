//! Removing a direction, after Bolukbasi et al. 2016 ("Man is to Computer Programmer as Woman is
//! to Homemaker?", arXiv 1607.06520) and their code (tolga-b/debiaswe, `debias.py`): the
//! direction typed as word arithmetic or found as the first principal component of definitional
//! pairs; *neutralize* a word by removing its component along it and renormalising; *equalize* a
//! pair so that its two words sit symmetrically about it. And the check of Gonen & Goldberg 2019
//! ("Lipstick on a Pig", arXiv 1903.03862): a linear classifier still tells the words that were
//! most skewed one way from those skewed the other way, from the neutralized vectors. Removing a
//! direction removes that direction, not the information.

use super::LinearAlgebraError;
use super::eigen;
use crate::vector::{dot, normalise};
use crate::words::WordVectors;

/// A direction to remove, unit length, and where it came from.
#[derive(Debug, Clone)]
pub struct Direction {
    pub unit: Vec<f32>,
    /// From definitional pairs: the share of their variance the first component holds.
    pub share: Option<f64>,
}

impl Direction {
    /// The first principal component of the pairs' differences from their midpoints, oriented
    /// so that the first word of the first pair lies on its positive side.
    pub fn from_pairs(
        vectors: &WordVectors,
        pairs: &[(String, String)],
    ) -> Result<Self, LinearAlgebraError> {
        if pairs.is_empty() {
            return Err(LinearAlgebraError::TooFewWords { needed: 2, got: 0 });
        }
        let dim = vectors.dim();
        let mut rows: Vec<Vec<f64>> = Vec::with_capacity(2 * pairs.len());
        let mut first = None;
        for (a, b) in pairs {
            if a == b {
                return Err(LinearAlgebraError::Duplicate(a.clone()));
            }
            let (a, b) = (vectors.lookup(a)?, vectors.lookup(b)?);
            first.get_or_insert(a);
            let (a, b) = (vectors.unit_vector(a), vectors.unit_vector(b));
            let half: Vec<f64> = a
                .iter()
                .zip(b)
                .map(|(&x, &y)| (f64::from(x) - f64::from(y)) / 2.0)
                .collect();
            rows.push(half.iter().map(|h| -h).collect());
            rows.push(half);
        }
        // The principal components of the rows (their mean is zero) through their Gram matrix:
        // an eigenvector u of X·Xᵀ gives the component Xᵀu.
        let n = rows.len();
        let gram: Vec<f64> = rows
            .iter()
            .flat_map(|a| {
                rows.iter()
                    .map(move |b| a.iter().zip(b).map(|(x, y)| x * y).sum())
            })
            .collect();
        let eigen = eigen::symmetric(&gram, n);
        let total: f64 = eigen.values.iter().map(|v| v.max(0.0)).sum();
        if total <= 0.0 {
            return Err(LinearAlgebraError::Cancel);
        }
        let top = &eigen.vectors[0];
        let mut component: Vec<f32> = (0..dim)
            .map(|k| rows.iter().zip(top).map(|(row, u)| row[k] * u).sum::<f64>() as f32)
            .collect();
        normalise(&mut component);
        let first = first.map(|i| vectors.unit_vector(i));
        if first.is_some_and(|word| dot(word, &component) < 0.0) {
            component.iter_mut().for_each(|x| *x = -*x);
        }
        Ok(Self {
            unit: component,
            share: Some(eigen.values[0].max(0.0) / total),
        })
    }

    /// The direction of typed arithmetic (`he - she`), as semantic axes build it.
    pub fn typed(vectors: &WordVectors, text: &str) -> Result<Self, LinearAlgebraError> {
        let expression = crate::words::Expression::parse(text)?;
        let unit = vectors.direction(&expression)?;
        Ok(Self { unit, share: None })
    }
}

/// Removes `direction` (unit) from `row`, then renormalises it (a row along the direction
/// itself becomes zero).
pub fn neutralize_row(row: &mut [f32], direction: &[f32]) {
    let along = dot(row, direction);
    row.iter_mut()
        .zip(direction)
        .for_each(|(x, d)| *x -= along * d);
    normalise(row);
}

/// Makes the unit rows `a` and `b` symmetric about `direction` (unit): both get the part of their
/// midpoint orthogonal to it, and opposite components along it that make them unit length again
/// (debiaswe's `equalize`).
pub fn equalize(a: &mut [f32], b: &mut [f32], direction: &[f32]) {
    let mut middle: Vec<f32> = a.iter().zip(b.iter()).map(|(x, y)| (x + y) / 2.0).collect();
    let along = dot(&middle, direction);
    middle
        .iter_mut()
        .zip(direction)
        .for_each(|(m, d)| *m -= along * d);
    let rest = f64::from(dot(&middle, &middle));
    let mut z = (1.0 - rest).max(0.0).sqrt() as f32;
    let difference: Vec<f32> = a.iter().zip(b.iter()).map(|(x, y)| x - y).collect();
    if dot(&difference, direction) < 0.0 {
        z = -z;
    }
    for ((x, y), (m, d)) in a
        .iter_mut()
        .zip(b.iter_mut())
        .zip(middle.iter().zip(direction))
    {
        *x = m + z * d;
        *y = m - z * d;
    }
}

/// Which words lose the direction.
#[derive(Debug, Clone)]
pub enum Neutralize {
    /// These words (those the vocabulary lacks are reported, not refused: published lists
    /// name words of larger vocabularies).
    Words(Vec<String>),
    /// Every word but those of the pairs (definitional and equalized), which keep it.
    All,
}

/// The vectors with the direction removed, and what was done.
pub struct Debiased {
    /// Every word of the input, unit length; the others' directions unchanged.
    pub vectors: WordVectors,
    pub neutralized: usize,
    pub equalized: usize,
    /// The words changed (neutralized, then equalized), by index.
    pub changed: Vec<usize>,
    /// Listed words to neutralize that the vocabulary lacks.
    pub missing: Vec<String>,
}

/// Neutralizes the words `neutralize` names and equalizes the pairs `equalize` along
/// `direction`, on a copy of `vectors`. `keep` names words that *all* leaves alone (the
/// definitional pairs).
pub fn debias(
    vectors: &WordVectors,
    direction: &Direction,
    neutralize: &Neutralize,
    equalize_pairs: &[(String, String)],
    keep: &[String],
) -> Result<Debiased, LinearAlgebraError> {
    let dim = vectors.dim();
    let equalized: Vec<(usize, usize)> = equalize_pairs
        .iter()
        .map(|(a, b)| {
            if a == b {
                return Err(LinearAlgebraError::Duplicate(a.clone()));
            }
            Ok((vectors.lookup(a)?, vectors.lookup(b)?))
        })
        .collect::<Result<_, LinearAlgebraError>>()?;
    let mut missing = Vec::new();
    let chosen: Vec<usize> = match neutralize {
        Neutralize::Words(words) => words
            .iter()
            .filter_map(|word| {
                let found = vectors.index_of(word);
                if found.is_none() {
                    missing.push(word.clone());
                }
                found
            })
            .collect(),
        Neutralize::All => {
            let mut spared: std::collections::HashSet<usize> = keep
                .iter()
                .filter_map(|word| vectors.index_of(word))
                .collect();
            spared.extend(equalized.iter().flat_map(|&(a, b)| [a, b]));
            (0..vectors.len()).filter(|i| !spared.contains(i)).collect()
        }
    };
    let mut unit = vectors.unit_matrix().to_vec();
    for &i in &chosen {
        neutralize_row(&mut unit[i * dim..(i + 1) * dim], &direction.unit);
    }
    for &(a, b) in &equalized {
        let (low, high) = (a.min(b), a.max(b));
        let (head, tail) = unit.split_at_mut(high * dim);
        let (first, second) = (&mut head[low * dim..(low + 1) * dim], &mut tail[..dim]);
        if a < b {
            equalize(first, second, &direction.unit);
        } else {
            equalize(second, first, &direction.unit);
        }
    }
    let pairs = vectors
        .words()
        .iter()
        .zip(unit.chunks(dim.max(1)))
        .map(|(word, row)| (word.as_str(), row));
    let changed = chosen
        .iter()
        .copied()
        .chain(equalized.iter().flat_map(|&(a, b)| [a, b]))
        .collect();
    Ok(Debiased {
        vectors: WordVectors::from_pairs(dim, pairs)?,
        neutralized: chosen.len(),
        equalized: equalized.len(),
        changed,
        missing,
    })
}

/// How well a linear classifier tells the two sides of a direction apart, before and after.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Leakage {
    /// Words per side: the most skewed each way among the most frequent words.
    pub per_side: usize,
    /// Words the classifier learnt from, and the held-out words it is scored on.
    pub trained_on: usize,
    pub held_out: usize,
    /// Share of held-out words put on their original side, from the original vectors and
    /// from the vectors after the direction was removed.
    pub accuracy_before: f64,
    pub accuracy_after: f64,
}

/// Gonen & Goldberg's check: the `per_side` words of the `most_frequent` whose unit vectors
/// lean furthest each way along `direction`, labelled by their side; a logistic regression
/// learns the side on 80 % of them (seeded split) and is scored on the rest, once on their
/// original vectors and once with the direction removed.
pub fn leakage(
    vectors: &WordVectors,
    direction: &[f32],
    most_frequent: usize,
    per_side: usize,
) -> Result<Leakage, LinearAlgebraError> {
    let pool = most_frequent.min(vectors.len());
    if pool < 4 * per_side.max(1) {
        return Err(LinearAlgebraError::TooFewWords {
            needed: 4 * per_side.max(1),
            got: pool,
        });
    }
    let mut by_lean: Vec<(usize, f32)> = (0..pool)
        .map(|i| (i, dot(vectors.unit_vector(i), direction)))
        .collect();
    by_lean.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut labelled: Vec<(usize, bool)> = by_lean[..per_side]
        .iter()
        .map(|&(i, _)| (i, true))
        .chain(by_lean[pool - per_side..].iter().map(|&(i, _)| (i, false)))
        .collect();
    shuffle(&mut labelled, 0x5EED);
    let split = labelled.len() * 4 / 5;
    let (train, test) = labelled.split_at(split);
    let before = |i: usize| vectors.unit_vector(i).to_vec();
    let after = |i: usize| {
        let mut row = vectors.unit_vector(i).to_vec();
        neutralize_row(&mut row, direction);
        row
    };
    let score = |features: &dyn Fn(usize) -> Vec<f32>| {
        let model = Logistic::fit(train, features, vectors.dim());
        let right = test
            .iter()
            .filter(|&&(i, side)| model.predict(&features(i)) == side)
            .count();
        right as f64 / test.len() as f64
    };
    Ok(Leakage {
        per_side,
        trained_on: train.len(),
        held_out: test.len(),
        accuracy_before: score(&before),
        accuracy_after: score(&after),
    })
}

/// A logistic regression fitted by full-batch gradient descent with a little L2 (the classes
/// are nearly separable; the penalty keeps the weights finite).
struct Logistic {
    weights: Vec<f64>,
    bias: f64,
}

impl Logistic {
    const STEPS: usize = 400;
    const RATE: f64 = 2.0;
    const PENALTY: f64 = 1e-3;

    fn fit(examples: &[(usize, bool)], features: &dyn Fn(usize) -> Vec<f32>, dim: usize) -> Self {
        let rows: Vec<(Vec<f32>, f64)> = examples
            .iter()
            .map(|&(i, side)| (features(i), if side { 1.0 } else { 0.0 }))
            .collect();
        let mut model = Self {
            weights: vec![0.0; dim],
            bias: 0.0,
        };
        let n = rows.len().max(1) as f64;
        for _ in 0..Self::STEPS {
            let mut gradient = vec![0.0; dim];
            let mut bias_gradient = 0.0;
            for (x, y) in &rows {
                let error = model.probability(x) - y;
                gradient
                    .iter_mut()
                    .zip(x)
                    .for_each(|(g, &xi)| *g += error * f64::from(xi));
                bias_gradient += error;
            }
            for (w, g) in model.weights.iter_mut().zip(&gradient) {
                *w -= Self::RATE * (g / n + Self::PENALTY * *w);
            }
            model.bias -= Self::RATE * bias_gradient / n;
        }
        model
    }

    fn probability(&self, x: &[f32]) -> f64 {
        let z: f64 = self
            .weights
            .iter()
            .zip(x)
            .map(|(w, &xi)| w * f64::from(xi))
            .sum::<f64>()
            + self.bias;
        1.0 / (1.0 + (-z).exp())
    }

    fn predict(&self, x: &[f32]) -> bool {
        self.probability(x) >= 0.5
    }
}

/// Fisher–Yates with a fixed-seed LCG, so the split is the same on every run.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((state >> 33) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_neutralized_row_has_no_component_left_and_unit_length() {
        let direction = [1.0f32, 0.0, 0.0];
        let mut row = [0.6f32, 0.8, 0.0];
        neutralize_row(&mut row, &direction);
        assert_eq!(row, [0.0, 1.0, 0.0]);
    }

    #[test]
    fn an_equalized_pair_is_symmetric_about_the_direction_and_unit() {
        let direction = [1.0f32, 0.0, 0.0];
        let (mut a, mut b) = ([0.8f32, 0.6, 0.0], [-0.6f32, 0.0, 0.8]);
        equalize(&mut a, &mut b, &direction);
        assert!((dot(&a, &direction) + dot(&b, &direction)).abs() < 1e-6);
        assert!((dot(&a, &a) - 1.0).abs() < 1e-6 && (dot(&b, &b) - 1.0).abs() < 1e-6);
        assert!(dot(&a, &direction) > 0.0, "a keeps its side");
        for k in 1..3 {
            assert!((a[k] - b[k]).abs() < 1e-6, "the same part orthogonal to it");
        }
    }

    #[test]
    fn pairs_that_differ_along_one_axis_give_that_axis() {
        let vectors = WordVectors::from_pairs(
            3,
            [
                ("he", &[0.8f32, 0.6, 0.0][..]),
                ("she", &[-0.8, 0.6, 0.0][..]),
                ("king", &[0.6, 0.0, 0.8][..]),
                ("queen", &[-0.6, 0.0, 0.8][..]),
            ],
        )
        .unwrap();
        let pairs = [("she", "he"), ("king", "queen")].map(|(a, b)| (a.into(), b.into()));
        let direction = Direction::from_pairs(&vectors, &pairs).unwrap();
        assert!(
            (direction.unit[0] + 1.0).abs() < 1e-6,
            "towards she: {:?}",
            direction.unit
        );
        assert!((direction.share.unwrap() - 1.0).abs() < 1e-9);
    }
}
