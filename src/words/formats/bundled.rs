//! The app's own compact vectors file (written by `scripts/make_word_asset.py`):
//! `EEWORDS1`, u32 word count N, u32 dimension D, u32 vocabulary length L, L bytes of
//! newline-terminated UTF-8 words, then N×D little-endian f16 values.

use std::io::Read;
use std::path::PathBuf;

use half::f16;

use super::{Builder, MAX_WORD_BYTES, Source, check_finite, check_word};
use crate::words::{Location, WordsError};

pub(super) const MAGIC: &[u8; 8] = b"EEWORDS1";

/// File name of the dataset shipped in `assets/`: GloVe 6B 100d, the 50,000 most frequent words.
pub const FILE_NAME: &str = "glove-6B-100d-50k.f16.bin";

/// Environment variable that points the app at another default vectors file.
pub const VECTORS_ENV: &str = "EMBEDDING_EXPLORER_VECTORS";

/// Where the default vectors are: `$EMBEDDING_EXPLORER_VECTORS`, else the bundled file.
pub fn default_path() -> PathBuf {
    match std::env::var_os(VECTORS_ENV) {
        Some(path) => PathBuf::from(path),
        None => bundled_path(),
    }
}

/// The file shipped in `assets/`, whatever the environment says: what the app falls back to
/// when another file fails.
pub fn bundled_path() -> PathBuf {
    crate::assets::asset_path(FILE_NAME)
}

/// Reads the file; with `limit`, only the first that many vectors (gensim's `limit`).
pub(super) fn read(
    mut input: impl Read,
    limit: Option<usize>,
    source: &Source<'_>,
) -> Result<Builder, WordsError> {
    let mut header = [0u8; 20];
    read_exactly(&mut input, &mut header, "header", source)?;
    let field = |i: usize| {
        u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]) as usize
    };
    let (count, dim, vocab_len) = (field(8), field(12), field(16));
    let needed = count
        .checked_mul(dim)
        .and_then(|values| values.checked_mul(2))
        .and_then(|bytes| bytes.checked_add(vocab_len + header.len()));
    let fits = needed.is_some_and(|n| source.can_hold(n as u64));
    // Each word with its newline is at most MAX_WORD_BYTES + 1 bytes: a longer vocabulary is
    // a header that lies, refused before it is read.
    let vocab_fits = vocab_len <= count.saturating_mul(MAX_WORD_BYTES + 1);
    if dim == 0 || !fits || !vocab_fits {
        return Err(source.bad(
            Location::Header,
            if vocab_fits {
                format!(
                    "the header declares {count} words × {dim} dimensions, but {}",
                    source.holds_at_most()
                )
            } else {
                format!(
                    "the header declares {count} words in {vocab_len} bytes; words are at \
                     most {MAX_WORD_BYTES} bytes"
                )
            },
        ));
    }
    let mut vocab = Vec::new();
    input
        .by_ref()
        .take(vocab_len as u64)
        .read_to_end(&mut vocab)
        .map_err(|e| source.io_error(e))?;
    if vocab.len() != vocab_len {
        return Err(source.bad(Location::Header, "the file ends inside the vocabulary"));
    }
    let vocab = String::from_utf8(vocab)
        .map_err(|_| source.bad(Location::Header, "the vocabulary is not UTF-8"))?;
    let words: Vec<&str> = vocab
        .strip_suffix('\n')
        .unwrap_or(&vocab)
        .split('\n')
        .collect();
    if words.len() != count {
        return Err(source.bad(
            Location::Header,
            format!(
                "the header declares {count} words but the vocabulary holds {}",
                words.len()
            ),
        ));
    }

    let kept = limit.map_or(count, |l| l.min(count));
    let builder_words: usize = words.iter().take(kept).map(|w| w.len()).sum();
    let mut builder = Builder::new(dim, kept, 2 * dim, source);
    if !builder.fits(kept, builder_words) {
        return Err(source.too_large(format!(
            "{kept} vectors of {dim} values need more memory than is available"
        )));
    }
    let mut halves = vec![0u8; kept * dim * 2];
    read_exactly(&mut input, &mut halves, "vectors", source)?;
    let values: Vec<f32> = halves
        .chunks_exact(2)
        .map(|pair| f16::from_le_bytes([pair[0], pair[1]]).to_f32())
        .collect();
    for (number, (word, vector)) in words.iter().zip(values.chunks_exact(dim)).enumerate() {
        let location = Location::Record {
            number: number as u64 + 1,
            offset: 0,
        };
        check_finite(vector).map_err(|message| source.bad(location, message))?;
        check_word(word).map_err(|message| source.bad(location, message))?;
        builder
            .push((*word).to_owned(), false, vector)
            .map_err(|message| source.too_large(message))?;
    }
    Ok(builder)
}

fn read_exactly(
    input: &mut impl Read,
    buf: &mut [u8],
    what: &str,
    source: &Source<'_>,
) -> Result<(), WordsError> {
    input.read_exact(buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            source.bad(Location::Header, format!("the file ends inside the {what}"))
        } else {
            source.io_error(e)
        }
    })
}
