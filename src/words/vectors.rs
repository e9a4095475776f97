use std::collections::HashMap;

use rayon::prelude::*;

use super::WordsError;
use super::index::QuantizedRows;
use super::suggest;
use crate::vector;

/// A vocabulary and its vectors, stored the way queries want them.
///
/// Rows are kept unit-normalised (one f32 matrix, no second copy) because every gensim query
/// works on cosines; the original lengths are kept in `norms` so raw vectors can be rebuilt.
/// Words keep their file order, which for pretrained sets is frequency order: "the top N words"
/// and `restrict_vocab` both rely on it.
#[derive(Debug, Clone)]
pub struct WordVectors {
    words: Vec<String>,
    index: HashMap<String, usize>,
    dim: usize,
    unit: Vec<f32>,
    norms: Vec<f64>,
    /// int8 copy of `unit` for the first pass of nearest-neighbour search.
    quantized: QuantizedRows,
}

impl WordVectors {
    /// Builds the store from unique words and their raw row-major vectors (`words.len() * dim`
    /// values), normalising the rows in place. `index` must map each word to its position.
    pub(crate) fn from_parts(
        words: Vec<String>,
        index: HashMap<String, usize>,
        mut values: Vec<f32>,
        dim: usize,
    ) -> Self {
        debug_assert_eq!(words.len() * dim, values.len());
        debug_assert_eq!(words.len(), index.len());
        let norms: Vec<f64> = values
            .par_chunks_mut(dim.max(1))
            .map(vector::normalise)
            .collect();
        let quantized = QuantizedRows::new(&values, dim);
        Self {
            words,
            index,
            dim,
            unit: values,
            norms,
            quantized,
        }
    }

    /// Builds a store from `(word, vector)` pairs; the first of duplicate words wins.
    pub fn from_pairs<'a>(
        dim: usize,
        pairs: impl IntoIterator<Item = (&'a str, &'a [f32])>,
    ) -> Result<Self, WordsError> {
        let mut words = Vec::new();
        let mut index = HashMap::new();
        let mut values = Vec::new();
        for (word, vector) in pairs {
            if vector.len() != dim {
                return Err(WordsError::BadQuery(format!(
                    "\"{word}\" has {} values, expected {dim}",
                    vector.len()
                )));
            }
            if index.contains_key(word) {
                continue;
            }
            index.insert(word.to_owned(), words.len());
            words.push(word.to_owned());
            values.extend_from_slice(vector);
        }
        Ok(Self::from_parts(words, index, values, dim))
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of dimensions of every vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The vocabulary in file (frequency) order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn word(&self, index: usize) -> &str {
        &self.words[index]
    }

    /// Position of `word`, if present (case-sensitive, as gensim).
    pub fn index_of(&self, word: &str) -> Option<usize> {
        self.index.get(word).copied()
    }

    /// Position of `word`, or an error that suggests close spellings from the vocabulary.
    pub fn lookup(&self, word: &str) -> Result<usize, WordsError> {
        self.index_of(word).ok_or_else(|| WordsError::UnknownWord {
            word: word.to_owned(),
            suggestions: suggest::close_words(self, word, 5),
        })
    }

    /// The unit-length vector of the word at `index`.
    pub fn unit_vector(&self, index: usize) -> &[f32] {
        &self.unit[index * self.dim..(index + 1) * self.dim]
    }

    /// The original length of the word's vector (in f64: vectors with values near the largest
    /// f32 have lengths beyond it).
    pub fn norm(&self, index: usize) -> f64 {
        self.norms[index]
    }

    /// The vector as it was in the file (up to f32 rounding of the normalisation).
    pub fn raw_vector(&self, index: usize) -> Vec<f32> {
        let norm = self.norms[index];
        self.unit_vector(index)
            .iter()
            .map(|&x| (f64::from(x) * norm) as f32)
            .collect()
    }

    pub(crate) fn quantized(&self) -> &QuantizedRows {
        &self.quantized
    }

    /// Writes word2vec's text format (a `count dim` header, then `word v1 v2 …` per line, each
    /// vector at its original length), which gensim and this app's loader read.
    pub fn write_word2vec(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "{} {}", self.len(), self.dim)?;
        for (index, word) in self.words.iter().enumerate() {
            out.write_all(word.as_bytes())?;
            for value in self.raw_vector(index) {
                write!(out, " {value}")?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// The whole unit-normalised matrix, row-major (`len() * dim()` values).
    pub fn unit_matrix(&self) -> &[f32] {
        &self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_normalised_and_norms_kept() {
        let vectors =
            WordVectors::from_pairs(2, [("a", &[3.0f32, 4.0][..]), ("b", &[0.0, 0.0][..])])
                .unwrap();
        assert_eq!(vectors.unit_vector(0), &[0.6, 0.8]);
        assert_eq!(vectors.norm(0), 5.0);
        assert_eq!(vectors.raw_vector(0), vec![3.0, 4.0]);
        assert_eq!(vectors.unit_vector(1), &[0.0, 0.0]);
    }

    #[test]
    fn first_duplicate_wins_and_lookup_suggests() {
        let vectors =
            WordVectors::from_pairs(1, [("king", &[1.0f32][..]), ("king", &[2.0][..])]).unwrap();
        assert_eq!(vectors.len(), 1);
        assert_eq!(vectors.norm(0), 1.0);
        match vectors.lookup("kign") {
            Err(WordsError::UnknownWord { suggestions, .. }) => {
                assert_eq!(suggestions, vec!["king"])
            }
            other => panic!("expected an unknown-word error, got {other:?}"),
        }
    }
}
