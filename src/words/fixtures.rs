//! Tiny vocabularies shared by unit tests across the crate, small enough to check by hand.

use super::WordVectors;

/// Four royals and an apple in 2-D, laid out so that `king - man + woman` lands on `queen`.
pub fn royals() -> WordVectors {
    WordVectors::from_pairs(
        2,
        [
            ("king", &[1.0f32, 1.0][..]),
            ("queen", &[1.0, 2.0][..]),
            ("man", &[1.0, -1.0][..]),
            ("woman", &[1.0, 0.2][..]),
            ("apple", &[-1.0, 0.1][..]),
        ],
    )
    .expect("a valid vocabulary")
}

/// A gender direction (dimension 0), royalty (1) and wealth (2) in 3-D.
pub fn gender_and_wealth() -> WordVectors {
    WordVectors::from_pairs(
        3,
        [
            ("he", &[1.0f32, 0.0, 0.2][..]),
            ("she", &[-1.0, 0.0, 0.2][..]),
            ("king", &[0.6, 0.8, 0.0][..]),
            ("queen", &[-0.6, 0.8, 0.0][..]),
            ("rich", &[0.0, 0.0, 1.0][..]),
            ("poor", &[0.0, 0.0, -1.0][..]),
        ],
    )
    .expect("a valid vocabulary")
}
