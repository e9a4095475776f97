//! Removing a direction, after Bolukbasi et al. 2016 ("Man is to Computer Programmer as Woman is
//! to Homemaker?", arXiv 1607.06520) and their code (tolga-b/debiaswe, `debias.py`): the
//! direction typed as word arithmetic or found as the first principal component of definitional
//! pairs; *neutralize* a word by removing its component along it and renormalising; *equalize* a
//! pair so that its two words sit symmetrically about it. And the check of Gonen & Goldberg 2019
//! ("Lipstick on a Pig", arXiv 1903.03862): a linear classifier still tells the words that were
//! most skewed one way from those skewed the other way, from the neutralized vectors. Removing a
//! direction removes that direction, not the information.

use std::collections::HashMap;

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
        let mut indices = Vec::with_capacity(pairs.len());
        for (a, b) in pairs {
            if a == b {
                return Err(LinearAlgebraError::Duplicate(a.clone()));
            }
            indices.push((vectors.lookup(a)?, vectors.lookup(b)?));
        }
        // Each pair gives the rows ±(a − b)/2 about its midpoint; their mean is zero and their
        // scatter matrix is twice that of the half-differences, which have the same principal
        // components. Formed on the smaller side (d × d or pairs × pairs): 100,000 pairs cost
        // what a few hundred dimensions cost.
        let half = |i: usize, buf: &mut [f64]| {
            let (a, b) = indices[i];
            let (a, b) = (vectors.unit_vector(a), vectors.unit_vector(b));
            buf.iter_mut()
                .zip(a.iter().zip(b))
                .for_each(|(h, (&x, &y))| *h = (f64::from(x) - f64::from(y)) / 2.0);
        };
        let what = format!("the direction of {} pairs in {dim} dimensions", pairs.len());
        let eigen = eigen::scatter(indices.len(), dim, &half, 1, &what)?;
        let total: f64 = eigen.values.iter().sum();
        if total <= 0.0 {
            return Err(LinearAlgebraError::Cancel);
        }
        let mut component: Vec<f32> = eigen.vectors[0].iter().map(|&x| x as f32).collect();
        normalise(&mut component);
        let first = vectors.unit_vector(indices[0].0);
        if dot(first, &component) < 0.0 {
            component.iter_mut().for_each(|x| *x = -*x);
        }
        Ok(Self {
            unit: component,
            share: Some(eigen.values[0] / total),
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
    /// Every word of the input, unit length but those in `emptied`; the others' directions
    /// unchanged.
    pub vectors: WordVectors,
    /// Distinct words neutralized and distinct pairs equalized.
    pub neutralized: usize,
    pub equalized: usize,
    /// The words changed (neutralized, then equalized), by index, each once.
    pub changed: Vec<usize>,
    /// Listed words (to neutralize or equalize) that the vocabulary lacks, each once; an
    /// equalize pair with a missing word is left out whole.
    pub missing: Vec<String>,
    /// Neutralized words that lay along the direction: nothing is left of them, so they are
    /// zero vectors, not unit ones (every word of 1-dimensional vectors).
    pub emptied: Vec<String>,
}

/// Neutralizes the words `neutralize` names and equalizes the pairs `equalize` along
/// `direction`, on a copy of `vectors`. `keep` names words that *all* leaves alone (the
/// definitional pairs). Words the vocabulary lacks are reported and left out, in both lists
/// alike (published lists name words of larger vocabularies); a pair repeated is equalized
/// once, and two pairs sharing a word are refused, since equalizing the second would undo the
/// first.
pub fn debias(
    vectors: &WordVectors,
    direction: &Direction,
    neutralize: &Neutralize,
    equalize_pairs: &[(String, String)],
    keep: &[String],
) -> Result<Debiased, LinearAlgebraError> {
    let dim = vectors.dim();
    let mut missing: Vec<String> = Vec::new();
    let mut find = |word: &String| {
        let found = vectors.index_of(word);
        if found.is_none() && !missing.contains(word) {
            missing.push(word.clone());
        }
        found
    };
    let mut equalized: Vec<(usize, usize)> = Vec::new();
    let mut paired: HashMap<usize, usize> = HashMap::new();
    for (a, b) in equalize_pairs {
        if a == b {
            return Err(LinearAlgebraError::Duplicate(a.clone()));
        }
        let (Some(ia), Some(ib)) = (find(a), find(b)) else {
            continue;
        };
        if equalized.contains(&(ia, ib)) || equalized.contains(&(ib, ia)) {
            continue;
        }
        for (word, index) in [(a, ia), (b, ib)] {
            if let Some(&earlier) = paired.get(&index) {
                let (x, y) = equalized[earlier];
                return Err(LinearAlgebraError::OverlappingPairs {
                    word: word.clone(),
                    first: (vectors.word(x).to_owned(), vectors.word(y).to_owned()),
                    second: (a.clone(), b.clone()),
                });
            }
        }
        paired.insert(ia, equalized.len());
        paired.insert(ib, equalized.len());
        equalized.push((ia, ib));
    }
    let chosen: Vec<usize> = match neutralize {
        Neutralize::Words(words) => {
            let mut seen = std::collections::HashSet::new();
            words
                .iter()
                .filter_map(&mut find)
                .filter(|&i| seen.insert(i))
                .collect()
        }
        Neutralize::All => {
            let mut spared: std::collections::HashSet<usize> = keep
                .iter()
                .filter_map(|word| vectors.index_of(word))
                .collect();
            spared.extend(paired.keys().copied());
            (0..vectors.len()).filter(|i| !spared.contains(i)).collect()
        }
    };
    let mut unit = vectors.unit_matrix().to_vec();
    let mut emptied = Vec::new();
    for &i in &chosen {
        let row = &mut unit[i * dim..(i + 1) * dim];
        neutralize_row(row, &direction.unit);
        if row.iter().all(|&x| x == 0.0) {
            emptied.push(vectors.word(i).to_owned());
        }
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
    let mut changed: Vec<usize> = chosen.clone();
    let neutralized: std::collections::HashSet<usize> = chosen.iter().copied().collect();
    changed.extend(
        equalized
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .filter(|i| !neutralized.contains(i)),
    );
    Ok(Debiased {
        vectors: WordVectors::from_pairs(dim, pairs)?,
        neutralized: chosen.len(),
        equalized: equalized.len(),
        changed,
        missing,
        emptied,
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
