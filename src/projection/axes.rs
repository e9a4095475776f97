//! Semantic axes, as in word2viz and Touretzky's Word Embedding Demo: an axis typed as word
//! arithmetic (`he - she`, or pairs added up: `he - she + man - woman + king - queen`), and each
//! word's coordinate along it: the projection of the word's unit vector onto the axis' unit
//! direction. Pairs added up average their differences; the direction is what counts.

use crate::vector::dot;
use crate::words::{Expression, WordVectors, WordsError};

/// A direction in word space named by word arithmetic, pointing from its subtracted words to
/// its added ones.
#[derive(Debug, Clone)]
pub struct SemanticAxis {
    pub expression: Expression,
    direction: Vec<f32>,
}

impl SemanticAxis {
    /// Parses `text` and builds the direction from the words' unit vectors.
    pub fn new(vectors: &WordVectors, text: &str) -> Result<Self, WordsError> {
        let expression = Expression::parse(text)?;
        if expression.negative().is_empty() {
            return Err(WordsError::BadQuery(format!(
                "an axis needs two ends: \"{text}\" has no subtracted word (try \"he - she\")"
            )));
        }
        // The same signed mean of unit vectors as `most_similar` uses, with its check that the
        // words do not cancel out.
        let inputs = vectors.lookup_all(&expression.positive(), &expression.negative())?;
        let (direction, _) = vectors.mean_direction(&inputs)?;
        Ok(Self {
            expression,
            direction,
        })
    }

    /// Where a word falls along the axis: cosine of its vector with the axis direction,
    /// from −1 (the subtracted end) to 1 (the added end).
    pub fn coordinate(&self, vectors: &WordVectors, word: &str) -> Result<f32, WordsError> {
        Ok(self.coordinate_at(vectors, vectors.lookup(word)?))
    }

    /// [`Self::coordinate`] of the word with this index.
    pub fn coordinate_at(&self, vectors: &WordVectors, index: usize) -> f32 {
        dot(vectors.unit_vector(index), &self.direction)
    }

    /// The axis' unit direction: which dimensions carry the contrast, and how much.
    pub fn direction(&self) -> &[f32] {
        &self.direction
    }

    /// The cosine between two axes: near 0 when they are independent directions.
    pub fn cosine_with(&self, other: &SemanticAxis) -> f32 {
        dot(&self.direction, &other.direction)
    }

    /// The words at the negative end, then those at the positive end, for labelling.
    pub fn ends(&self) -> (Vec<&str>, Vec<&str>) {
        (self.expression.negative(), self.expression.positive())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::fixtures::gender_and_wealth;

    #[test]
    fn words_fall_towards_the_end_they_are_like() {
        let v = gender_and_wealth();
        let gender = SemanticAxis::new(&v, "he - she").unwrap();
        assert!(gender.coordinate(&v, "king").unwrap() > 0.5);
        assert!(gender.coordinate(&v, "queen").unwrap() < -0.5);
        assert!(gender.coordinate(&v, "rich").unwrap().abs() < 1e-6);
        let wealth = SemanticAxis::new(&v, "rich - poor").unwrap();
        assert!(
            gender.cosine_with(&wealth).abs() < 1e-6,
            "independent directions"
        );
        assert_eq!(gender.ends(), (vec!["she"], vec!["he"]));
        let pairs = SemanticAxis::new(&v, "he - she + king - queen").unwrap();
        assert!(
            pairs.cosine_with(&gender) > 0.99,
            "pairs of the same contrast add up"
        );
    }

    #[test]
    fn an_axis_needs_two_different_known_ends() {
        let v = gender_and_wealth();
        for bad in ["he", "he - he", "he - nobody", "- she", ""] {
            assert!(SemanticAxis::new(&v, bad).is_err(), "{bad:?}");
        }
        let axis = SemanticAxis::new(&v, "he - she").unwrap();
        assert!(axis.coordinate(&v, "nobody").is_err());
    }
}
