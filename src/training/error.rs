//! Why a text could not be trained on: every way reading, counting and training can fail,
//! each said with the file it is about.

use std::path::PathBuf;

/// Why a text could not be trained on.
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    /// The OS error is part of the message, not a separate source, so it is printed once.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: holds no words to train on", path.display())]
    Empty { path: PathBuf },
    #[error("{}: not text ({reason}): train on a plain-text file", path.display())]
    NotText { path: PathBuf, reason: String },
    #[error(
        "{}: more than {} read from a pipe or a device; save the text to a file to train on more",
        path.display(), crate::output::human_bytes(*limit)
    )]
    StreamTooLong { path: PathBuf, limit: u64 },
    #[error(
        "{}: the text is UTF-16; convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8 IN > OUT)",
        path.display()
    )]
    Utf16 { path: PathBuf },
    #[error("{}: {reason}", path.display())]
    Corrupt { path: PathBuf, reason: String },
    /// A years file that cannot say which lines are which years, or years it does not hold.
    #[error("{}: {reason}", path.display())]
    Eras { path: PathBuf, reason: String },
    #[error(
        "{}: after {words} words the text already takes {} MB in memory, more than the {} MB it \
         may (three quarters of the memory free when reading began); train on a shorter text",
        path.display(), held >> 20, limit >> 20
    )]
    TooLarge {
        path: PathBuf,
        words: u64,
        held: u64,
        limit: u64,
    },
    #[error(
        "{}: only {kept} of its {distinct} distinct words occur at least {min_count} times; \
         at least 2 are needed: lower --min-count or use a longer text",
        path.display()
    )]
    TooFewWords {
        path: PathBuf,
        distinct: usize,
        kept: usize,
        min_count: u64,
    },
    #[error("{0}")]
    BadParameter(String),
    #[error(
        "nothing was trained: no (word, context) pair was seen. Words are paired only within a \
         line, so each line needs two or more words of the vocabulary{}",
        if *.subsampled {
            "; and subsampling keeps less than 1% of the words: raise sample or set it to 0"
        } else {
            ""
        }
    )]
    NothingTrained { subsampled: bool },
    #[error("training diverged: some vectors are not finite numbers; lower the learning rate")]
    Diverged,
    #[error("training was cancelled")]
    Cancelled,
}
