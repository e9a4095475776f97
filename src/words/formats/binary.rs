//! word2vec binary (`GoogleNews-vectors-negative300.bin`): a `COUNT DIM\n` header, then per
//! vector the word, a space, and DIM little-endian f32.

use std::io::{BufRead, BufReader, ErrorKind, Read};

use super::{Builder, MAX_WORD_BYTES, Source, check_finite, check_word, decode_word};
use crate::words::{Location, WordsError};

const TICK_EVERY: usize = 16_384;

pub(super) fn read(
    input: impl Read,
    dim: usize,
    declared: usize,
    limit: Option<usize>,
    source: &Source<'_>,
) -> Result<Builder, WordsError> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let mut header = Vec::new();
    reader
        .read_until(b'\n', &mut header)
        .map_err(|e| source.io_error(e))?;
    let mut offset = header.len() as u64;
    let wanted = limit.map_or(declared, |l| l.min(declared));
    // A record holds a word of a byte or more, a space, and four bytes per value.
    let mut builder = Builder::new(dim, wanted, 4 * dim + 2, source);
    let mut word = Vec::new();
    let mut bytes = vec![0u8; dim * 4];
    let mut vector = vec![0f32; dim];
    let truncated = |number: usize| {
        source.bad(
            Location::Header,
            format!(
                "the header declares {declared} vectors of {dim} values, but the file ends inside vector {number} \
                 (is it truncated, or is the header wrong?)"
            ),
        )
    };

    for number in 1..=wanted {
        let location = Location::Record {
            number: number as u64,
            offset,
        };
        word.clear();
        let read = (&mut reader)
            .take(MAX_WORD_BYTES as u64 + 1)
            .read_until(b' ', &mut word)
            .map_err(|e| source.io_error(e))?;
        offset += read as u64;
        if word.last() != Some(&b' ') {
            return Err(if read <= MAX_WORD_BYTES {
                truncated(number)
            } else {
                source.bad(
                    location,
                    "no space after the word within 4 KiB; does the header's dimension match the data?",
                )
            });
        }
        word.pop();
        let start = word
            .iter()
            .position(|&b| b != b'\n' && b != b'\r')
            .unwrap_or(word.len());
        if start == word.len() {
            return Err(source.bad(
                location,
                "empty word; does the header's dimension match the data?",
            ));
        }
        match reader.read_exact(&mut bytes) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Err(truncated(number)),
            Err(e) => return Err(source.io_error(e)),
        }
        offset += bytes.len() as u64;
        for (value, chunk) in vector.iter_mut().zip(bytes.chunks_exact(4)) {
            *value = f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        check_finite(&vector).map_err(|message| {
            source.bad(
                location,
                format!("{message}; does the header's dimension match the data?"),
            )
        })?;
        let (word, lossy) = decode_word(&word[start..]);
        check_word(&word).map_err(|message| source.bad(location, message))?;
        builder
            .push(word, lossy, &vector)
            .map_err(|message| source.too_large(message))?;
        if number % TICK_EVERY == 0 {
            source.tick()?;
        }
    }

    if limit.is_none_or(|l| l >= declared) {
        let mut rest = Vec::new();
        (&mut reader)
            .take(64)
            .read_to_end(&mut rest)
            .map_err(|e| source.io_error(e))?;
        if rest.iter().any(|b| !b.is_ascii_whitespace()) {
            return Err(source.bad(
                Location::Record {
                    number: declared as u64 + 1,
                    offset,
                },
                format!(
                    "data continues after the {declared} vectors the header declares; \
                     is the count or the dimension wrong?"
                ),
            ));
        }
    }
    Ok(builder)
}
