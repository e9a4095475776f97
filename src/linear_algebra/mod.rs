//! The linear-algebra course's objects on real word vectors: a vector split along a direction
//! ([`split`]), a direction removed from words ([`debias`]), the span of some words and
//! their independence ([`span`]), the spectrum of a vocabulary ([`spectrum`]), and vectors as
//! arrows from the origin in 3-D with an angle, a plane and a projection onto it ([`origin`]),
//! and the rotation that aligns two spaces ([`procrustes`]).
//! All on unit vectors, as the rest of the app, with sums in f64.

pub mod debias;
mod eigen;
pub mod origin;
pub mod procrustes;
pub mod span;
pub mod spectrum;
pub mod split;
mod svd;

pub use debias::{
    Debiased, Direction, Leakage, Neutralize, debias, equalize, leakage, neutralize_row,
};
pub use origin::{OriginFrame, PlaneProjection};
pub use span::{SpanFit, span_of};
pub use spectrum::Spectrum;
pub use split::Split;

use crate::words::WordsError;

/// Why a computation on words cannot be done as asked.
#[derive(Debug, thiserror::Error)]
pub enum LinearAlgebraError {
    #[error(transparent)]
    Words(#[from] WordsError),
    #[error("this needs at least {needed} words, got {got}")]
    TooFewWords { needed: usize, got: usize },
    #[error(
        "{words} words in a space of {dim} dimensions cannot be independent: give at most {dim}"
    )]
    TooManyWords { words: usize, dim: usize },
    #[error("\"{0}\" is given twice")]
    Duplicate(String),
    #[error("the target \"{0}\" is among the words that should span it: it would fit itself")]
    TargetInBasis(String),
    #[error(
        "\"{word}\" lies in the span of the words before it (rank {rank} of {words}): the \
         least-squares coefficients are not unique; leave it out"
    )]
    Dependent {
        word: String,
        rank: usize,
        words: usize,
    },
    #[error("the pairs' differences cancel out: they give no direction")]
    Cancel,
    #[error(
        "\"{word}\" is in two pairs to equalize, {} {} and {} {}: equalizing the second would \
         undo the first; give each word in one pair",
        first.0, first.1, second.0, second.1
    )]
    OverlappingPairs {
        word: String,
        first: (String, String),
        second: (String, String),
    },
    #[error(
        "{shared} shared words cannot fix a rotation of {dim} dimensions: it is not determined \
         (give at least {dim} words that span the space)"
    )]
    NotDetermined { shared: usize, dim: usize },
    #[error("the two vector sets share no word: there is nothing to align them on")]
    NoSharedWords,
    #[error(
        "the source has {source_dim} dimensions and the target {target_dim}: a rotation maps \
         a space onto one of the same dimension"
    )]
    DimensionsDiffer {
        source_dim: usize,
        target_dim: usize,
    },
    #[error("{what} is too large: {reason}")]
    TooLarge { what: String, reason: String },
    #[error("the {0} words' vectors are all the same: they have no variance, so no spectrum")]
    NoVariance(usize),
    #[error("\"{0}\" is the zero vector: it spans nothing; leave it out")]
    ZeroVector(String),
}
