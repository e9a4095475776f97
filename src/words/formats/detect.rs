//! Telling the formats apart from the first bytes of the (decompressed) file.

use std::path::Path;

use super::{Format, bundled};
use crate::words::WordsError;

/// How many leading bytes detection looks at.
pub(super) const PEEK_BYTES: usize = 1 << 16;

/// What detection learned: the format plus what the reader needs to know up front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    Bundled,
    /// `declared` is the header's count for word2vec text, `None` for GloVe.
    Text {
        dim: usize,
        declared: Option<usize>,
    },
    Binary {
        dim: usize,
        declared: usize,
    },
}

impl Layout {
    /// Refuses a header whose dimension (or count) the file cannot hold, before the reader
    /// allocates anything for it.
    pub(super) fn check_size(&self, source: &super::Source<'_>) -> Result<(), WordsError> {
        match *self {
            Layout::Bundled => Ok(()),
            // A text value takes two bytes at the least ("0 ").
            Layout::Text { dim, declared } => source.check_declared(declared.unwrap_or(1), dim, 2),
            Layout::Binary { dim, declared } => source.check_declared(declared, dim, 4),
        }
    }

    pub(super) fn format(&self) -> Format {
        match self {
            Layout::Bundled => Format::Bundled,
            Layout::Text { declared: None, .. } => Format::Glove,
            Layout::Text { .. } => Format::Word2VecText,
            Layout::Binary { .. } => Format::Word2VecBinary,
        }
    }
}

/// Detects the layout from `peek`, which holds the first line whole unless the line is over
/// 64 MiB; `whole_file` says the file ends where `peek` does.
pub(super) fn detect(
    path: &Path,
    peek: &[u8],
    whole_file: bool,
    forced: Option<Format>,
) -> Result<Layout, WordsError> {
    let unknown = |reason: &str| WordsError::UnknownFormat {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if peek.is_empty() {
        return Err(WordsError::Empty {
            path: path.to_owned(),
        });
    }
    if peek.starts_with(bundled::MAGIC) || forced == Some(Format::Bundled) {
        return Ok(Layout::Bundled);
    }
    let Some(line_end) = memchr::memchr(b'\n', peek).or(whole_file.then_some(peek.len())) else {
        return Err(unknown("no line break in the first 64 MiB"));
    };
    let first_line = &peek[..line_end];
    let rest = peek.get(line_end + 1..).unwrap_or_default();

    if let Some((declared, dim)) = parse_header(first_line) {
        if dim == 0 {
            return Err(unknown("the header declares 0 dimensions"));
        }
        let binary = match forced {
            Some(Format::Word2VecBinary) => true,
            Some(Format::Word2VecText) => false,
            Some(Format::Glove) => {
                return Err(unknown("GloVe files have no `COUNT DIM` header line"));
            }
            _ => !looks_like_text(&rest[..rest.len().min(4 * dim + 1024)]),
        };
        return Ok(if binary {
            Layout::Binary { dim, declared }
        } else {
            Layout::Text {
                dim,
                declared: Some(declared),
            }
        });
    }
    if matches!(forced, Some(Format::Word2VecText | Format::Word2VecBinary)) {
        return Err(unknown("the first line is not a `COUNT DIM` header"));
    }
    let mut fields = super::text::fields(first_line);
    let word = fields.next();
    let values: Vec<&[u8]> = fields.collect();
    let numeric = !values.is_empty()
        && values
            .iter()
            .all(|v| std::str::from_utf8(v).is_ok_and(|v| v.parse::<f64>().is_ok()));
    if word.is_some() && numeric {
        Ok(Layout::Text {
            dim: values.len(),
            declared: None,
        })
    } else if !looks_like_text(first_line) {
        Err(unknown("binary data without a word2vec `COUNT DIM` header"))
    } else {
        Err(unknown(
            "the first line is neither a `COUNT DIM` header nor a word followed by numbers",
        ))
    }
}

/// A word2vec header: two whole numbers, the vector count and the dimension.
fn parse_header(line: &[u8]) -> Option<(usize, usize)> {
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_ascii_whitespace();
    let count = parts.next()?.parse().ok()?;
    let dim = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((count, dim))
}

/// Text has no control bytes but tab and line ends; packed f32 values are full of them. Invalid
/// UTF-8 alone does not make a file binary: words with bad bytes are decoded lossily.
fn looks_like_text(bytes: &[u8]) -> bool {
    !bytes
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(bytes: &[u8]) -> Result<Layout, WordsError> {
        detect(Path::new("v"), bytes, true, None)
    }

    #[test]
    fn glove_word2vec_text_and_binary_are_told_apart() {
        assert_eq!(
            layout(b"the 0.1 -0.2 3e-1\nof 1 2 3\n").unwrap(),
            Layout::Text {
                dim: 3,
                declared: None
            }
        );
        assert_eq!(
            layout(b"2 3\nthe 0.1 -0.2 0.3\nof 1 2 3\n").unwrap(),
            Layout::Text {
                dim: 3,
                declared: Some(2)
            }
        );
        let mut binary = b"1 2\nthe ".to_vec();
        binary.extend(0.1f32.to_le_bytes());
        binary.extend((-0.5f32).to_le_bytes());
        assert_eq!(
            layout(&binary).unwrap(),
            Layout::Binary {
                dim: 2,
                declared: 1
            }
        );
    }

    #[test]
    fn garbage_and_empty_input_are_rejected() {
        assert!(matches!(layout(b""), Err(WordsError::Empty { .. })));
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(matches!(
            layout(&garbage),
            Err(WordsError::UnknownFormat { .. })
        ));
        assert!(matches!(
            layout(b"hello world\n"),
            Err(WordsError::UnknownFormat { .. })
        ));
    }
}
