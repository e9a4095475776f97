//! Word embeddings: load pretrained vectors (GloVe, word2vec, fastText, the bundled set) and
//! answer the queries gensim's `KeyedVectors` answers, with the same results on the same vectors.

mod error;
pub mod eval;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod formats;
mod index;
pub mod lists;
mod query;
mod suggest;
mod vectors;

pub use error::{Location, WordsError};
pub use formats::{Format, LoadOptions, LoadReport, Loaded, load};
pub use query::{Analogy, AnalogyMethod, Expression, Neighbour, Sign, Term};
pub use vectors::WordVectors;

/// The words of a list as a user types it: separated by spaces, commas, tabs or new lines.
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_split_on_spaces_commas_and_lines() {
        let words: Vec<&str> = super::split_list(" dog, cat\tété\n\n日本 ,").collect();
        assert_eq!(words, ["dog", "cat", "été", "日本"]);
    }
}
