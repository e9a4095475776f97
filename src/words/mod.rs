//! Word embeddings: load pretrained vectors (GloVe, word2vec, fastText, the bundled set) and
//! answer the queries gensim's `KeyedVectors` answers, with the same results on the same vectors.

mod error;
pub mod eval;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod formats;
mod index;
mod query;
mod suggest;
mod vectors;

pub use error::{Location, WordsError};
pub use formats::{Format, LoadOptions, LoadReport, Loaded, load};
pub use query::{Analogy, Expression, Method, Neighbour, Sign, Term};
pub use vectors::WordVectors;
