//! GloVe and word2vec/fastText text: one `word v1 … vD` line per vector.
//!
//! A reader thread cuts the stream into blocks at line ends while the rayon pool parses a
//! batch of blocks in parallel; blocks are merged in file order, so the result (and the first
//! error reported) is the same as a sequential read.

use std::io::{self, Read};
use std::sync::mpsc;
use std::thread;

use rayon::prelude::*;

use super::{Builder, Source, check_finite, decode_word, read_up_to};
use crate::words::{Location, WordsError};

const BLOCK_BYTES: usize = 4 << 20;
/// Longest line accepted (a line of a million dimensions is about 10 MiB).
pub(super) const MAX_LINE_BYTES: usize = 64 << 20;

/// A run of whole lines and the 1-based number of its first line.
struct Block {
    bytes: Vec<u8>,
    first_line: u64,
    /// The block ends the file.
    last: bool,
}

enum Chunk {
    Block(Block),
    Failed(io::Error),
    LineTooLong { line: u64 },
}

/// Parsed records of one block.
struct Records {
    words: Vec<(String, bool)>,
    values: Vec<f32>,
}

/// The whitespace-separated fields of a line (spaces or tabs; runs count as one). A carriage
/// return is whitespace too, so Windows line ends (CRLF) read as gensim reads them.
pub(super) fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|&b| b == b' ' || b == b'\t' || b == b'\r')
        .filter(|field| !field.is_empty())
}

pub(super) fn read(
    input: impl Read + Send,
    dim: usize,
    declared: Option<usize>,
    limit: Option<usize>,
    source: &Source<'_>,
) -> Result<Builder, WordsError> {
    let wanted = match (declared, limit) {
        (Some(d), Some(l)) => Some(d.min(l)),
        (d, l) => d.or(l),
    };
    // A line holds the word, a space or more, and at least two bytes per value.
    let mut builder = Builder::new(dim, wanted.unwrap_or(0), 2 * dim + 2, source);
    let mut seen = 0usize;
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(4);
        scope.spawn(move || split_blocks(input, declared.is_some(), &sender));
        let batch_size = rayon::current_num_threads().max(1) * 2;
        let mut finished = false;
        while !finished {
            let mut batch = Vec::with_capacity(batch_size);
            while batch.len() < batch_size {
                match receiver.recv() {
                    Ok(Chunk::Block(block)) => batch.push(block),
                    Ok(Chunk::Failed(error)) => return Err(source.io_error(error)),
                    Ok(Chunk::LineTooLong { line }) => {
                        return Err(source.bad(Location::Line(line), "line longer than 64 MiB"));
                    }
                    Err(mpsc::RecvError) => {
                        finished = true;
                        break;
                    }
                }
            }
            let parsed: Vec<Result<Records, WordsError>> = batch
                .par_iter()
                .map(|block| parse_block(block, dim, source))
                .collect();
            for records in parsed {
                let records = records?;
                for (i, (word, lossy)) in records.words.into_iter().enumerate() {
                    seen += 1;
                    if wanted.is_none_or(|w| seen <= w) {
                        builder
                            .push(word, lossy, &records.values[i * dim..(i + 1) * dim])
                            .map_err(|message| source.too_large(message))?;
                    }
                }
            }
            source.tick()?;
            let limit_reached = limit.is_some_and(|l| seen >= l);
            // Past a declared count we read on only to tell a lying header from a good one.
            if limit_reached || declared.is_some_and(|d| seen > d) {
                finished = true;
            }
        }
        Ok(())
    })?;

    if let Some(declared) = declared {
        if seen < wanted.unwrap_or(declared) {
            return Err(source.bad(
                Location::Header,
                format!(
                    "the header declares {declared} vectors but the file holds only {seen} \
                     (is it truncated, or is the count wrong?)"
                ),
            ));
        }
        if seen > declared && limit.is_none_or(|l| l > declared) {
            return Err(source.bad(
                Location::Header,
                format!("the header declares {declared} vectors but the file holds more; is the count wrong?"),
            ));
        }
    }
    Ok(builder)
}

/// Reader thread: sends blocks that end at a line break (the last may not), numbering lines.
fn split_blocks(mut input: impl Read, skip_header: bool, sender: &mpsc::SyncSender<Chunk>) {
    let mut pending: Vec<u8> = Vec::new();
    let mut next_line = 1u64;
    let mut header_skipped = !skip_header;
    loop {
        let start = pending.len();
        pending.resize(start + BLOCK_BYTES, 0);
        let read = match read_up_to(&mut input, &mut pending[start..]) {
            Ok(n) => n,
            Err(error) => {
                let _ = sender.send(Chunk::Failed(error));
                return;
            }
        };
        pending.truncate(start + read);
        let at_end = read == 0;
        if !header_skipped {
            match memchr::memchr(b'\n', &pending) {
                Some(end) => {
                    pending.drain(..=end);
                    next_line += 1;
                    header_skipped = true;
                }
                None if at_end => return,
                None => continue,
            }
        }
        let cut = if at_end {
            pending.len()
        } else {
            match memchr::memrchr(b'\n', &pending) {
                Some(end) => end + 1,
                None if pending.len() > MAX_LINE_BYTES => {
                    let _ = sender.send(Chunk::LineTooLong { line: next_line });
                    return;
                }
                None => continue,
            }
        };
        if cut > 0 {
            let rest = pending.split_off(cut);
            let bytes = std::mem::replace(&mut pending, rest);
            let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
            let block = Block {
                bytes,
                first_line: next_line,
                last: at_end,
            };
            next_line += lines;
            if sender.send(Chunk::Block(block)).is_err() {
                return; // the consumer stopped early (limit, error or cancel)
            }
        }
        if at_end {
            return;
        }
    }
}

fn parse_block(block: &Block, dim: usize, source: &Source<'_>) -> Result<Records, WordsError> {
    let mut records = Records {
        words: Vec::new(),
        values: Vec::with_capacity(block.bytes.len() / 8),
    };
    let mut line_number = block.first_line;
    let mut lines = block.bytes.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let is_last = block.last && lines.peek().is_none_or(|next| next.is_empty());
        let location = Location::Line(line_number);
        line_number += 1;
        let mut fields = fields(line);
        let Some(word) = fields.next() else {
            continue; // blank line
        };
        let start = records.values.len();
        let mut found = 0;
        for (i, field) in fields.enumerate() {
            found += 1;
            if i >= dim {
                continue;
            }
            let value = std::str::from_utf8(field)
                .ok()
                .and_then(|text| text.parse::<f64>().ok())
                .ok_or_else(|| {
                    source.bad(
                        location,
                        format!(
                            "value {} ({:?}) is not a number",
                            i + 1,
                            String::from_utf8_lossy(field)
                        ),
                    )
                })?;
            records.values.push(value as f32);
        }
        if found != dim {
            let hint = if is_last {
                " (is the file truncated?)"
            } else {
                ""
            };
            return Err(source.bad(
                location,
                format!("expected {dim} values after the word, found {found}{hint}"),
            ));
        }
        check_finite(&records.values[start..]).map_err(|message| source.bad(location, message))?;
        records.words.push(decode_word(word));
    }
    Ok(records)
}
