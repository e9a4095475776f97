//! The training text: a plain or gzipped file of UTF-8 text (a BOM, CRLF, very long lines and
//! invalid bytes handled), split into lower-case words, one sentence per line, and counted into
//! the vocabulary that word2vec trains: the words seen at least `min_count` times, most frequent
//! first.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use super::TrainingError;
use crate::progress::{Progress, ProgressSink};

/// Longest sentence trained as one: longer ones are cut, as gensim cuts at 10,000 words.
pub const MAX_SENTENCE: usize = 10_000;
/// A line is read in pieces of at most this many bytes, so one enormous line costs no more.
const PIECE: usize = 1 << 20;
/// Most text read from a pipe or a device, whose size is not known beforehand.
const MAX_STREAMED_BYTES: u64 = 1 << 30;
/// Text read before the share of invalid UTF-8 is judged.
const JUDGE_AFTER: u64 = 64 << 10;
/// Most invalid UTF-8 sequences per byte read that text in another encoding (Latin-1 with its
/// accented letters, say) shows: binary data shows far more.
const MOST_INVALID: f64 = 0.1;

/// The counted, tokenised text.
pub struct Corpus {
    pub path: PathBuf,
    /// The vocabulary, most frequent first (ties in order of first appearance).
    pub words: Vec<String>,
    /// How often each vocabulary word occurs.
    pub counts: Vec<u64>,
    /// Every occurrence of a vocabulary word as its index, sentences back to back.
    pub tokens: Vec<u32>,
    /// Where each sentence ends in `tokens`.
    pub sentence_ends: Vec<usize>,
    /// Words in the text, counting those below `min_count`.
    pub raw_words: u64,
    /// Distinct words in the text, counting those below `min_count`.
    pub distinct_words: usize,
    /// Invalid UTF-8 sequences replaced while reading.
    pub replaced: u64,
    /// Each vocabulary word's index: the counter's own table, renumbered.
    pub(super) ids: HashMap<String, u32>,
}

/// The words of a piece of text, lower-cased: maximal runs of letters and digits.
pub fn tokenize(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Corpus {
    /// A word's index in the vocabulary (as the tokenizer writes it: lower case).
    pub fn index_of(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// Reads and counts `path`, keeping the words seen at least `min_count` times.
    pub fn read(
        path: &Path,
        min_count: u64,
        progress: &dyn ProgressSink,
    ) -> Result<Self, TrainingError> {
        Self::read_at_most(path, min_count, progress, None, MAX_STREAMED_BYTES)
    }

    /// [`Corpus::read`] of the lines `lines` only (1-based, blank lines counted): one era of a
    /// text kept in date order, one address or chapter per line.
    pub fn read_lines(
        path: &Path,
        min_count: u64,
        progress: &dyn ProgressSink,
        lines: RangeInclusive<u64>,
    ) -> Result<Self, TrainingError> {
        Self::read_at_most(path, min_count, progress, Some(lines), MAX_STREAMED_BYTES)
    }

    /// [`Corpus::read`] of `lines` (all when `None`), reading no more than `streamed_limit`
    /// bytes from a pipe or a device.
    fn read_at_most(
        path: &Path,
        min_count: u64,
        progress: &dyn ProgressSink,
        lines: Option<RangeInclusive<u64>>,
        streamed_limit: u64,
    ) -> Result<Self, TrainingError> {
        let io = |error| TrainingError::Io {
            path: path.to_owned(),
            error,
        };
        let file = File::open(path).map_err(io)?;
        let metadata = file.metadata().map_err(io)?;
        // A pipe or a device says nothing of what it holds: it is read up to a stated limit.
        let streamed = !metadata.is_file();
        let total = metadata.len();
        let mut reader = BufReader::new(file);
        let gzip = reader.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
        let mut text: Box<dyn BufRead> = if gzip {
            Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader)))
        } else {
            Box::new(reader)
        };
        let budget = crate::words::formats::memory_budget();

        let mut counter = Counter::default();
        let mut piece = Vec::new();
        let mut carried = Vec::new();
        let mut first = true;
        let mut read_so_far = 0u64;
        // The line the next piece belongs to (1-based).
        let mut line = 1u64;
        loop {
            piece.clear();
            piece.append(&mut carried);
            let limit = PIECE.saturating_sub(piece.len()) as u64;
            let read = text
                .by_ref()
                .take(limit)
                .read_until(b'\n', &mut piece)
                .map_err(|source| {
                    if gzip {
                        TrainingError::Corrupt {
                            path: path.to_owned(),
                            reason: format!("the gzip stream is damaged: {source}"),
                        }
                    } else {
                        io(source)
                    }
                })?;
            read_so_far += read as u64;
            if piece.is_empty() {
                break;
            }
            if streamed && read_so_far > streamed_limit {
                return Err(TrainingError::StreamTooLong {
                    path: path.to_owned(),
                    limit: streamed_limit,
                });
            }
            if first {
                first = false;
                if looks_like_utf16(&piece) {
                    return Err(TrainingError::Utf16 {
                        path: path.to_owned(),
                    });
                }
                if piece.starts_with(b"\xEF\xBB\xBF") {
                    piece.drain(..3);
                }
            }
            // Judged as it streams: text followed by binary is stopped where the binary starts.
            if let Some(at) = memchr::memchr(0, &piece) {
                return Err(TrainingError::NotText {
                    path: path.to_owned(),
                    reason: format!(
                        "a NUL byte at byte {}",
                        read_so_far - (piece.len() - at) as u64
                    ),
                });
            }
            let ends_line = piece.ends_with(b"\n") || read == 0;
            if !ends_line {
                // A piece of a long line: keep a word (or a character) cut in two for the next,
                // cutting after an ASCII byte between words (never inside a UTF-8 character).
                let Some(cut) = piece
                    .iter()
                    .rposition(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
                else {
                    let invalid = String::from_utf8_lossy(&piece).matches('\u{FFFD}').count();
                    let reason = if invalid as f64 > MOST_INVALID * piece.len() as f64 {
                        invalid_share(invalid as u64 + counter.replaced, read_so_far)
                    } else {
                        format!(
                            "a word longer than {} MiB near byte {read_so_far}",
                            PIECE >> 20
                        )
                    };
                    return Err(TrainingError::NotText {
                        path: path.to_owned(),
                        reason,
                    });
                };
                carried = piece.split_off(cut + 1);
            }
            if lines.as_ref().is_none_or(|lines| lines.contains(&line)) {
                counter.add_text(&piece);
            }
            if ends_line {
                counter.end_sentence();
                line += 1;
            }
            if read_so_far >= JUDGE_AFTER
                && counter.replaced as f64 > MOST_INVALID * read_so_far as f64
            {
                return Err(TrainingError::NotText {
                    path: path.to_owned(),
                    reason: invalid_share(counter.replaced, read_so_far),
                });
            }
            if counter.tokens.len() % (1 << 16) == 0 || ends_line {
                let held = counter.held_bytes();
                if let Some(limit) = budget.filter(|&limit| held > limit) {
                    return Err(TrainingError::TooLarge {
                        path: path.to_owned(),
                        words: counter.tokens.len() as u64,
                        held,
                        limit,
                    });
                }
                if progress.is_cancelled() {
                    return Err(TrainingError::Cancelled);
                }
                // Compressed input reports bytes of text against the file size: an estimate.
                progress.report(Progress {
                    done: read_so_far.min(total.max(1)),
                    total,
                });
            }
            if read == 0 && carried.is_empty() {
                break;
            }
        }
        counter.end_sentence();
        counter.finish(path, min_count)
    }

    /// Words in the vocabulary's occurrences, what one epoch trains on before subsampling.
    pub fn trained_words(&self) -> u64 {
        self.tokens.len() as u64
    }

    /// The sentences as slices of vocabulary indices.
    pub fn sentences(&self) -> impl Iterator<Item = &[u32]> {
        let mut start = 0;
        self.sentence_ends.iter().map(move |&end| {
            let sentence = &self.tokens[start..end];
            start = end;
            sentence
        })
    }
}

/// Why text is taken for binary: how much of it is not UTF-8.
fn invalid_share(invalid: u64, bytes: u64) -> String {
    format!("{invalid} invalid UTF-8 sequences in its first {bytes} bytes")
}

/// Whether the text starts as UTF-16 does: a byte-order mark, or a NUL beside each ASCII
/// character.
fn looks_like_utf16(start: &[u8]) -> bool {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let pairs = start.len().min(512) / 2;
    let nul_halves = start[..pairs * 2]
        .chunks_exact(2)
        .filter(|pair| (pair[0] == 0) != (pair[1] == 0))
        .count();
    pairs >= 4 && nul_halves * 10 >= pairs * 9
}

/// Words counted as the text streams past, under provisional ids in order of first appearance.
#[derive(Default)]
struct Counter {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    tokens: Vec<u32>,
    sentence_ends: Vec<usize>,
    replaced: u64,
    /// What the vocabulary's words and their table hold, kept as they are added: summing
    /// them at every line end would cost the vocabulary's size per line.
    word_bytes: usize,
}

impl Counter {
    /// Bytes the counted text holds: every structure at its capacity (the vectors grow by
    /// doubling), the vocabulary's words and their table. Turning it into a [`Corpus`] takes
    /// nothing more: that is done in place.
    fn held_bytes(&self) -> u64 {
        (self.tokens.capacity() * 4
            + self.sentence_ends.capacity() * std::mem::size_of::<usize>()
            + self.counts.capacity() * 8
            + self.word_bytes) as u64
    }

    fn add_text(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        if let std::borrow::Cow::Owned(_) = &text {
            self.replaced += text.matches('\u{FFFD}').count() as u64;
        }
        for word in tokenize(&text) {
            let next = self.words.len() as u32;
            let id = *self.ids.entry(word).or_insert_with_key(|word| {
                // The word twice (the list and the table's key) and the table's entry.
                self.word_bytes += 2 * word.capacity() + 64;
                self.words.push(word.clone());
                self.counts.push(0);
                next
            });
            self.counts[id as usize] += 1;
            self.tokens.push(id);
            let sentence_start = self.sentence_ends.last().copied().unwrap_or(0);
            if self.tokens.len() - sentence_start >= MAX_SENTENCE {
                self.sentence_ends.push(self.tokens.len());
            }
        }
    }

    fn end_sentence(&mut self) {
        if self.sentence_ends.last().copied().unwrap_or(0) < self.tokens.len() {
            self.sentence_ends.push(self.tokens.len());
        }
    }

    /// Keeps the words seen `min_count` times, most frequent first, and renumbers the text.
    fn finish(self, path: &Path, min_count: u64) -> Result<Corpus, TrainingError> {
        if self.tokens.is_empty() {
            return Err(TrainingError::Empty {
                path: path.to_owned(),
            });
        }
        let mut kept: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&id| self.counts[id as usize] >= min_count)
            .collect();
        if kept.len() < 2 {
            return Err(TrainingError::TooFewWords {
                path: path.to_owned(),
                distinct: self.words.len(),
                kept: kept.len(),
                min_count,
            });
        }
        // Stable: ties keep their order of first appearance.
        kept.sort_by_key(|&id| std::cmp::Reverse(self.counts[id as usize]));
        let mut renumber = vec![u32::MAX; self.words.len()];
        for (new, &old) in kept.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        // Renumbered and compacted in place: no second copy of a text that may fill memory.
        let raw_words = self.tokens.len() as u64;
        let (mut tokens, mut sentence_ends) = (self.tokens, self.sentence_ends);
        let (mut written, mut ends_written, mut start) = (0, 0, 0);
        for sentence in 0..sentence_ends.len() {
            let end = sentence_ends[sentence];
            for read in start..end {
                let id = renumber[tokens[read] as usize];
                if id != u32::MAX {
                    tokens[written] = id;
                    written += 1;
                }
            }
            start = end;
            let last = if ends_written == 0 {
                0
            } else {
                sentence_ends[ends_written - 1]
            };
            if last < written {
                sentence_ends[ends_written] = written;
                ends_written += 1;
            }
        }
        tokens.truncate(written);
        sentence_ends.truncate(ends_written);
        let mut ids = self.ids;
        ids.retain(|_, id| {
            *id = renumber[*id as usize];
            *id != u32::MAX
        });
        let mut words = self.words;
        let counts = kept.iter().map(|&id| self.counts[id as usize]).collect();
        let distinct_words = words.len();
        let vocabulary = kept
            .iter()
            .map(|&id| std::mem::take(&mut words[id as usize]))
            .collect();
        Ok(Corpus {
            path: path.to_owned(),
            words: vocabulary,
            counts,
            tokens,
            sentence_ends,
            raw_words,
            distinct_words,
            replaced: self.replaced,
            ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn the_memory_held_counts_line_ends_as_well_as_words() {
        let mut counter = Counter::default();
        for _ in 0..10_000 {
            counter.add_text(b"a b");
            counter.end_sentence();
        }
        assert_eq!(
            (counter.tokens.len(), counter.sentence_ends.len()),
            (20_000, 10_000)
        );
        let words_and_line_ends = 20_000 * 4 + 10_000 * std::mem::size_of::<usize>();
        assert!(counter.held_bytes() >= words_and_line_ends as u64);
    }

    #[test]
    fn a_pipe_is_read_up_to_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|status| status.success()));
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                use std::io::Write;
                let mut pipe = File::options().write(true).open(fifo).unwrap();
                // Until the reader stops: a broken pipe ends the writing.
                while pipe.write_all(b"the quick brown fox\n").is_ok() {}
            })
        };
        let error = Corpus::read_at_most(&fifo, 1, &Silent, None, 1 << 20)
            .err()
            .unwrap();
        writer.join().unwrap();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: more than 1 MiB read from a pipe or a device; save the text to a file to \
                 train on more",
                fifo.display()
            )
        );
    }

    fn corpus_of(bytes: &[u8], min_count: u64) -> Result<Corpus, TrainingError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.txt");
        std::fs::write(&path, bytes).unwrap();
        Corpus::read(&path, min_count, &Silent)
    }

    #[test]
    fn only_the_lines_asked_for_are_read_and_long_lines_stay_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eras.txt");
        // A line longer than a piece (it is read in two) stays in its era.
        let long = "whale ".repeat(PIECE / 4);
        let text = format!("old ship\n\n{long}\nnew plane\nnew jet\n");
        std::fs::write(&path, text).unwrap();
        let old = Corpus::read_lines(&path, 1, &Silent, 1..=3).unwrap();
        assert_eq!(old.words, ["whale", "old", "ship"]);
        let new = Corpus::read_lines(&path, 1, &Silent, 4..=5).unwrap();
        assert_eq!(new.words, ["new", "plane", "jet"]);
        assert_eq!(new.sentences().count(), 2);
    }

    #[test]
    fn words_are_lower_cased_runs_of_letters_and_digits() {
        let words: Vec<String> =
            tokenize("Call me Ishmael. Some years ago—never mind; 1851's É").collect();
        assert_eq!(
            words,
            [
                "call", "me", "ishmael", "some", "years", "ago", "never", "mind", "1851", "s", "é"
            ]
        );
    }

    #[test]
    fn the_vocabulary_is_counted_and_sorted() {
        let text = "\u{FEFF}the cat sat\r\nthe dog sat\r\non the mat\n\nthe end";
        let corpus = corpus_of(text.as_bytes(), 2).unwrap();
        assert_eq!(corpus.words, ["the", "sat"]);
        assert_eq!(corpus.counts, [4, 2]);
        assert_eq!(corpus.raw_words, 11);
        assert_eq!(corpus.distinct_words, 7);
        let sentences: Vec<&[u32]> = corpus.sentences().collect();
        assert_eq!(sentences, [&[0, 1][..], &[0, 1], &[0], &[0]]);
    }

    #[test]
    fn invalid_bytes_long_lines_and_gzip_are_read() {
        let mut text = b"caf\xE9 caf\xC3\xA9 ".to_vec();
        for _ in 0..300_000 {
            text.extend_from_slice(b"word other ");
        }
        let corpus = corpus_of(&text, 1).unwrap();
        assert_eq!(corpus.replaced, 1);
        assert_eq!(
            corpus.counts[0], 300_000,
            "no word lost at the piece boundaries"
        );
        assert_eq!(
            corpus.sentence_ends.len(),
            61,
            "a 600,002-word line is cut every 10,000"
        );

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"a b a b\nb a").unwrap();
        let corpus = corpus_of(&gz.finish().unwrap(), 1).unwrap();
        assert_eq!(corpus.raw_words, 6);
    }

    #[test]
    fn empty_binary_and_tiny_texts_are_refused() {
        let message =
            |bytes: &[u8], min_count| corpus_of(bytes, min_count).err().unwrap().to_string();
        assert!(message(b"", 1).contains("no words"));
        assert!(message(b" ,.;\n\n", 1).contains("no words"));
        assert!(message(b"\x7fELF\x02\x01\x01\0\0\0", 1).contains("not text"));
        let few = message(b"a b c a b c", 5);
        assert!(few.contains("min-count"), "{few}");
        assert!(message(b"\x1f\x8b\x08\0garbage", 1).contains("gzip"));
    }
}
