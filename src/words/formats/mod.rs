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
    if options.limit == Some(0) {
        return Err(WordsError::BadQuery(
            "a limit of 0 vectors reads nothing: give at least 1".into(),
        ));
    }
    let consumed = Arc::new(AtomicU64::new(0));
    let opened = open(path, options.format, &consumed)?;
    let source = Source {
        path,
        total: opened.total,
        gzip: opened.gzip,
        consumed: &consumed,
        progress: options.progress,
        memory_budget: memory_budget(),
    };
    let layout = opened.layout;
    layout.check_size(&source)?;
    let input = opened.input;
    let built = match layout {
        detect::Layout::Bundled => bundled::read(input, options.limit, &source)?,
        detect::Layout::Text { dim, declared } => {
            text::read(input, dim, declared, options.limit, &source)?
        }
        detect::Layout::Binary { dim, declared } => {
            binary::read(input, dim, declared, options.limit, &source)?
        }
    };
    if built.words.is_empty() {
        // Nothing to show or ask about; the app would wait for a map that cannot be drawn.
        return Err(source.bad(Location::Header, "the file holds no vectors"));
    }
    let total = opened
        .total
        .unwrap_or_else(|| consumed.load(Ordering::Relaxed));
    options.progress.report(Progress { done: total, total });
    Ok(Loaded {
        report: LoadReport {
            path: path.to_owned(),
            format: layout.format(),
            gzip: opened.gzip,
            duplicates: built.duplicates,
            lossy_words: built.lossy_words,
        },
        vectors: built.finish(),
    })
}

/// Whether `path` opens as a vectors file: its format detected and its header checked against
/// what the file can hold, from its first line only. What the window checks before it opens,
/// so that a file that is not vectors is refused at once, as on the command line.
pub fn check(path: &Path, format: Option<Format>) -> Result<Format, WordsError> {
    let consumed = Arc::new(AtomicU64::new(0));
    let opened = open(path, format, &consumed)?;
    let source = Source {
        path,
        total: opened.total,
        gzip: opened.gzip,
        consumed: &consumed,
        progress: &Silent,
        memory_budget: memory_budget(),
    };
    opened.layout.check_size(&source)?;
    Ok(opened.layout.format())
}

/// A vectors file opened, decompressed and its layout detected, ready to read from the start
/// (the bytes detection looked at are read again).
struct Opened {
    input: Box<dyn Read + Send>,
    layout: detect::Layout,
    /// Bytes on disk; `None` for a pipe or a device.
    total: Option<u64>,
    gzip: bool,
}

fn open(
    path: &Path,
    format: Option<Format>,
    consumed: &Arc<AtomicU64>,
) -> Result<Opened, WordsError> {
    let io_error = |error| WordsError::Io {
        path: path.to_owned(),
        error,
    };
    let file = File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if metadata.is_dir() {
        return Err(io_error(io::Error::other("it is a folder, not a file")));
    }
    // A pipe or a device reports no size: what it holds is known only as it is read.
    let total = metadata.is_file().then_some(metadata.len());
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

    let (peek, whole_file) = peek_first_line(&mut input).map_err(io_error)?;
    // A UTF-8 byte-order mark (Windows editors write one) is not part of the first word.
    let peek = match peek.strip_prefix(UTF8_BOM) {
        Some(rest) => rest.to_vec(),
        None => peek,
    };
    let layout = detect::detect(path, &peek, whole_file, format)?;
    Ok(Opened {
        input: Box::new(io::Cursor::new(peek).chain(input)),
        layout,
        total,
        gzip,
    })
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Reads the start of the file: at least [`detect::PEEK_BYTES`], and on until the first line
/// ends (a GloVe line of many thousand dimensions is longer than that), up to
/// [`text::MAX_LINE_BYTES`]. Also says whether that is the whole file.
fn peek_first_line(input: &mut impl Read) -> io::Result<(Vec<u8>, bool)> {
    let mut peek = vec![0u8; detect::PEEK_BYTES];
    let mut filled = read_up_to(input, &mut peek)?;
    while filled == peek.len()
        && memchr::memchr(b'\n', &peek).is_none()
        && peek.len() < text::MAX_LINE_BYTES
    {
        let more = peek.len().min(text::MAX_LINE_BYTES - peek.len());
        peek.resize(peek.len() + more, 0);
        filled += read_up_to(input, &mut peek[filled..])?;
    }
    let whole_file = filled < peek.len();
    peek.truncate(filled);
    Ok((peek, whole_file))
}

/// How many bytes of f32 values a load may hold: three quarters of the memory available now
/// (Linux), so that a file that decompresses or parses into more than the machine has is
/// refused with a message instead of ending the process. `None` where this cannot be read.
pub(crate) fn memory_budget() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: u64 = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemAvailable:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib.saturating_mul(1024) / 4 * 3)
}

/// Largest dimension accepted: published embeddings have at most a few thousand; a header
/// declaring more is taken for a lie rather than allocated for.
const MAX_DIM: usize = 1 << 20;

/// The file being read, for error messages, progress and the checks of what it can hold.
struct Source<'a> {
    path: &'a Path,
    /// Bytes on disk (compressed bytes for gzip); `None` for a pipe or a device.
    total: Option<u64>,
    gzip: bool,
    consumed: &'a AtomicU64,
    progress: &'a dyn ProgressSink,
    memory_budget: Option<u64>,
}

impl Source<'_> {
    /// At most how many records of at least `record_bytes` each the file can hold. Gzip hides
    /// the true size; text rarely compresses beyond 4:1, so that bounds what is reserved up
    /// front (more may still be read; the memory budget bounds that).
    fn records_that_fit(&self, record_bytes: usize) -> usize {
        // A pipe or a device: a modest start, grown as records come.
        let bytes = match self.total {
            Some(total) if self.gzip => total.saturating_mul(4),
            Some(total) => total,
            None => 64 << 20,
        };
        usize::try_from(bytes / record_bytes.max(1) as u64).unwrap_or(usize::MAX)
    }

    /// Whether the file can hold `bytes`: no more than its size on disk when that says what
    /// it holds; else (gzip, a pipe, a device) no more than the memory budget allows.
    fn can_hold(&self, bytes: u64) -> bool {
        match (self.gzip, self.total) {
            (false, Some(total)) => bytes <= total,
            _ => self.memory_budget.is_none_or(|budget| bytes <= budget),
        }
    }

    /// What bounds the file's contents, for messages: its size, or the memory available.
    fn holds_at_most(&self) -> String {
        match (self.gzip, self.total) {
            (false, Some(total)) => format!("the whole file is {total} bytes"),
            _ => format!(
                "more than the memory available ({} MB)",
                self.memory_budget.unwrap_or(0) >> 20
            ),
        }
    }

    /// Refuses a declared size the file cannot hold, before anything is allocated for it.
    fn check_declared(
        &self,
        count: usize,
        dim: usize,
        min_value_bytes: usize,
    ) -> Result<(), WordsError> {
        if dim > MAX_DIM {
            return Err(self.bad(
                Location::Header,
                format!(
                    "the header declares {dim} dimensions; more than {MAX_DIM} is not plausible"
                ),
            ));
        }
        let record = dim.saturating_mul(min_value_bytes);
        if count > 0 && !self.can_hold(record as u64) {
            return Err(self.bad(
                Location::Header,
                format!(
                    "the header declares vectors of {dim} values, at least {record} bytes each, \
                     but {}",
                    self.holds_at_most()
                ),
            ));
        }
        Ok(())
    }

    fn io_error(&self, source: io::Error) -> WordsError {
        WordsError::Io {
            path: self.path.to_owned(),
            error: source,
        }
    }

    fn too_large(&self, message: String) -> WordsError {
        WordsError::TooLarge {
            path: self.path.to_owned(),
            message,
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
        let consumed = self.consumed.load(Ordering::Relaxed);
        let total = self.total.unwrap_or(consumed);
        self.progress.report(Progress {
            done: consumed.min(total),
            total,
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
    /// Most bytes the loaded vectors may hold ([`memory_budget`]), and what they hold so far.
    budget: u64,
    held: u64,
    records: usize,
    duplicates: usize,
    lossy_words: usize,
}

/// Bytes a loaded vector costs per value: the f32 matrix, its unit-length copy's share and the
/// int8 copy searches use (about 5.5 bytes), in halves.
const HALF_BYTES_PER_VALUE: u64 = 11;
/// Bytes a word costs beside its text: the string in the list and as the index's key (24 bytes
/// each), the index's value and its table slot.
const BYTES_PER_WORD: u64 = 2 * 24 + 8 + 24;

/// What one word of `word_len` bytes with `dim` values holds once loaded.
fn record_cost(word_len: usize, dim: usize) -> u64 {
    (dim as u64 * HALF_BYTES_PER_VALUE).div_ceil(2) + 2 * word_len as u64 + BYTES_PER_WORD
}

impl Builder {
    /// Room for `wanted` records, or as many as the file can hold (`record_bytes` each at the
    /// least), whichever is fewer: a header's count is never trusted for an allocation.
    fn new(dim: usize, wanted: usize, record_bytes: usize, source: &Source<'_>) -> Self {
        let budget = source.memory_budget.unwrap_or(u64::MAX);
        let capacity = wanted
            .min(source.records_that_fit(record_bytes))
            .min(usize::try_from(budget / record_cost(1, dim)).unwrap_or(usize::MAX));
        Self {
            dim,
            words: Vec::with_capacity(capacity),
            index: HashMap::with_capacity(capacity),
            values: Vec::with_capacity(capacity.saturating_mul(dim)),
            budget,
            held: 0,
            records: 0,
            duplicates: 0,
            lossy_words: 0,
        }
    }

    /// Whether `records` more words of `word_bytes` bytes in all fit in the budget.
    fn fits(&self, records: usize, word_bytes: usize) -> bool {
        let cost = (records as u64)
            .saturating_mul(record_cost(0, self.dim))
            .saturating_add(2 * word_bytes as u64);
        self.held.saturating_add(cost) <= self.budget
    }

    /// Adds one record; `vector` must hold `dim` finite values. Fails, saying why, when the
    /// vectors would outgrow the memory this machine has: their values, their words and the
    /// words' index all count.
    fn push(&mut self, word: String, lossy: bool, vector: &[f32]) -> Result<(), String> {
        self.records += 1;
        self.lossy_words += usize::from(lossy);
        if self.index.contains_key(&word) {
            self.duplicates += 1;
            return Ok(());
        }
        let cost = record_cost(word.len(), self.dim);
        if self.held + cost > self.budget {
            return Err(format!(
                "{} vectors of {} values already fill the memory available ({:.1} GB with \
                 their words); load fewer with a limit",
                self.words.len(),
                self.dim,
                self.held as f64 / 1e9
            ));
        }
        self.held += cost;
        self.index.insert(word.clone(), self.words.len());
        self.words.push(word);
        self.values.extend_from_slice(vector);
        Ok(())
    }

    fn finish(self) -> WordVectors {
        let mut values = self.values;
        values.shrink_to_fit();
        WordVectors::from_parts(self.words, self.index, values, self.dim)
    }
}

/// Longest word accepted, in bytes: a longer one means the file is not what its header says.
const MAX_WORD_BYTES: usize = 4096;

/// Refuses a word that holds a space, tab, newline or carriage return (word2vec binary and the
/// bundled format can carry them; a whitespace split never makes them): written back as text,
/// it would split into two words or two lines.
fn check_word(word: &str) -> Result<(), String> {
    match word.chars().find(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
        None => Ok(()),
        Some(c) => Err(format!(
            "the word {word:?} holds a {}: it could not be written as text and read back",
            match c {
                ' ' => "space",
                '\t' => "tab",
                '\n' => "newline",
                _ => "carriage return",
            }
        )),
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
    fn a_word_with_a_tab_newline_or_return_is_refused() {
        assert!(check_word("new_york").is_ok());
        assert!(check_word("café").is_ok());
        for (word, named) in [
            ("a\tb", "tab"),
            ("a\nb", "newline"),
            ("a\r", "carriage return"),
        ] {
            let error = check_word(word).unwrap_err();
            assert!(error.contains(named), "{error}");
        }
    }

    #[test]
    fn a_record_costs_its_values_its_word_and_its_index_entry() {
        // 20 million one-dimensional words cost far more than their 80 MB of values.
        let each = record_cost(8, 1);
        assert!(each >= 4 + 2 * 8 + 2 * 24, "{each}");
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
