//! Reading word-vector files: GloVe text, word2vec text and binary, fastText `.vec`, each
//! optionally gzip-compressed, and the compact f16 file the app ships.

mod binary;
pub mod bundled;
mod detect;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;

use super::{Location, WordVectors, WordsError};
use crate::progress::{Progress, ProgressSink, Silent};

/// The file layouts we can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Format {
    /// The app's own compact file (`assets/`): vocabulary plus f16 matrix.
    Bundled,
    /// GloVe text: `word v1 … vD` per line, no header.
    Glove,
    /// word2vec / fastText `.vec` text: a `COUNT DIM` header, then GloVe-like lines.
    Word2VecText,
    /// word2vec binary: a `COUNT DIM` header, then `word ` and D little-endian f32 per vector.
    Word2VecBinary,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Bundled => "bundled f16",
            Format::Glove => "GloVe text",
            Format::Word2VecText => "word2vec/fastText text",
            Format::Word2VecBinary => "word2vec binary",
        })
    }
}

/// How to load a file. The default detects the format and reads everything silently.
pub struct LoadOptions<'a> {
    /// Read at most this many vectors from the start of the file (gensim's `limit`).
    pub limit: Option<usize>,
    /// Skip detection and read the file as this format.
    pub format: Option<Format>,
    /// Receives progress in bytes of the file on disk, and may cancel.
    pub progress: &'a dyn ProgressSink,
}

impl Default for LoadOptions<'_> {
    fn default() -> Self {
        Self {
            limit: None,
            format: None,
            progress: &Silent,
        }
    }
}

/// What happened while loading, beyond the vectors themselves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadReport {
    pub path: PathBuf,
    pub format: Format,
    pub gzip: bool,
    /// Later occurrences of a word already seen; like gensim, the first one is kept.
    pub duplicates: usize,
    /// Words whose bytes were not valid UTF-8; the invalid bytes were dropped (gensim's
    /// `unicode_errors='ignore'`).
    pub lossy_words: usize,
}

/// Loaded vectors with the report of how the load went.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub vectors: WordVectors,
    pub report: LoadReport,
}

/// Loads a vectors file, detecting its format and compression.
pub fn load(path: &Path, options: &LoadOptions<'_>) -> Result<Loaded, WordsError> {
    let io_error = |source| WordsError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io_error)?;
    let total = file.metadata().map_err(io_error)?.len();
    let consumed = Arc::new(AtomicU64::new(0));
    let mut counted = BufReader::with_capacity(
        1 << 20,
        CountingReader {
            inner: file,
            consumed: consumed.clone(),
        },
    );
    let mut magic = [0u8; 2];
    let magic_len = read_up_to(&mut counted, &mut magic).map_err(io_error)?;
    let head = io::Cursor::new(magic[..magic_len].to_vec());
    let gzip = magic_len == 2 && magic == [0x1f, 0x8b];
    let mut input: Box<dyn Read + Send> = if gzip {
        Box::new(BufReader::with_capacity(
            1 << 20,
            MultiGzDecoder::new(head.chain(counted)),
        ))
    } else {
        Box::new(head.chain(counted))
    };

    let mut peek = vec![0u8; detect::PEEK_BYTES];
    let peeked = read_up_to(&mut input, &mut peek).map_err(io_error)?;
    peek.truncate(peeked);
    let layout = detect::detect(path, &peek, options.format)?;
    let input = io::Cursor::new(peek).chain(input);

    let source = Source {
        path,
        total,
        consumed: &consumed,
        progress: options.progress,
    };
    let built = match layout {
        detect::Layout::Bundled => bundled::read(input, &source)?,
        detect::Layout::Text { dim, declared } => {
            text::read(input, dim, declared, options.limit, &source)?
        }
        detect::Layout::Binary { dim, declared } => {
            binary::read(input, dim, declared, options.limit, &source)?
        }
    };
    options.progress.report(Progress { done: total, total });
    Ok(Loaded {
        report: LoadReport {
            path: path.to_owned(),
            format: layout.format(),
            gzip,
            duplicates: built.duplicates,
            lossy_words: built.lossy_words,
        },
        vectors: built.finish(),
    })
}

/// The file being read, for error messages and progress.
struct Source<'a> {
    path: &'a Path,
    total: u64,
    consumed: &'a AtomicU64,
    progress: &'a dyn ProgressSink,
}

impl Source<'_> {
    fn io_error(&self, source: io::Error) -> WordsError {
        WordsError::Io {
            path: self.path.to_owned(),
            source,
        }
    }

    fn bad(&self, location: Location, message: impl Into<String>) -> WordsError {
        WordsError::BadData {
            path: self.path.to_owned(),
            location,
            message: message.into(),
        }
    }

    /// Reports progress and returns an error if the user cancelled.
    fn tick(&self) -> Result<(), WordsError> {
        if self.progress.is_cancelled() {
            return Err(WordsError::Cancelled {
                path: self.path.to_owned(),
            });
        }
        self.progress.report(Progress {
            done: self.consumed.load(Ordering::Relaxed).min(self.total),
            total: self.total,
        });
        Ok(())
    }
}

/// Counts the bytes read from the file on disk (compressed bytes for gzip) for progress.
struct CountingReader<R> {
    inner: R,
    consumed: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Fills `buf` as far as the input allows; returns how many bytes were read.
fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Accumulates vectors as they are parsed: keeps the first of duplicate words, counts records
/// for `limit` and declared counts, and holds one growing f32 matrix.
struct Builder {
    dim: usize,
    words: Vec<String>,
    index: HashMap<String, usize>,
    values: Vec<f32>,
    records: usize,
    duplicates: usize,
    lossy_words: usize,
}

impl Builder {
    fn new(dim: usize, capacity: usize) -> Self {
        Self {
            dim,
            words: Vec::with_capacity(capacity),
            index: HashMap::with_capacity(capacity),
            values: Vec::with_capacity(capacity * dim),
            records: 0,
            duplicates: 0,
            lossy_words: 0,
        }
    }

    /// Adds one record; `vector` must hold `dim` finite values.
    fn push(&mut self, word: String, lossy: bool, vector: &[f32]) {
        self.records += 1;
        self.lossy_words += usize::from(lossy);
        if self.index.contains_key(&word) {
            self.duplicates += 1;
            return;
        }
        self.index.insert(word.clone(), self.words.len());
        self.words.push(word);
        self.values.extend_from_slice(vector);
    }

    fn finish(self) -> WordVectors {
        let mut values = self.values;
        values.shrink_to_fit();
        WordVectors::from_parts(self.words, self.index, values, self.dim)
    }
}

/// Decodes a word like gensim's `unicode_errors='ignore'`: invalid bytes are dropped.
/// Returns the word and whether anything was dropped.
fn decode_word(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(word) => (word.to_owned(), false),
        Err(_) => (
            bytes.utf8_chunks().map(|chunk| chunk.valid()).collect(),
            true,
        ),
    }
}

/// Checks that every value is finite, naming the first that is not.
fn check_finite(values: &[f32]) -> Result<(), String> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(format!(
            "value {} is {} (NaN and infinity are not allowed)",
            i + 1,
            values[i]
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_word_drops_invalid_bytes_and_says_so() {
        assert_eq!(decode_word(b"caf\xc3\xa9"), ("café".to_owned(), false));
        assert_eq!(decode_word(b"ab\xffcd"), ("abcd".to_owned(), true));
    }

    #[test]
    fn check_finite_names_the_bad_value() {
        assert!(check_finite(&[1.0, 2.0]).is_ok());
        assert_eq!(
            check_finite(&[1.0, f32::NAN]).unwrap_err(),
            "value 2 is NaN (NaN and infinity are not allowed)"
        );
    }
}
