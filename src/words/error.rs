use std::fmt;
use std::path::PathBuf;

/// Where in a vectors file a problem sits, so the message can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A 1-based line of a text file.
    Line(u64),
    /// A 1-based record of a binary file and the byte offset where it starts.
    Record { number: u64, offset: u64 },
    /// The header or the file as a whole.
    Header,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "line {line}"),
            Location::Record { number, offset } => write!(f, "vector {number} (byte {offset})"),
            Location::Header => write!(f, "header"),
        }
    }
}

/// Everything that can go wrong with word vectors: bad files and bad queries.
#[derive(Debug, thiserror::Error)]
pub enum WordsError {
    /// The OS error is part of the message, not a separate source, so it is printed once.
    #[error("cannot read {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: not a word-vectors file: {reason}")]
    UnknownFormat { path: PathBuf, reason: String },
    #[error("{path}, {location}: {message}")]
    BadData {
        path: PathBuf,
        location: Location,
        message: String,
    },
    #[error("{path}: too large for this machine: {message}")]
    TooLarge { path: PathBuf, message: String },
    #[error("{path}: loading was cancelled")]
    Cancelled { path: PathBuf },
    #[error("unknown word \"{word}\"{}", did_you_mean(.suggestions))]
    UnknownWord {
        word: String,
        suggestions: Vec<String>,
    },
    #[error("{0}")]
    BadQuery(String),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        " (no close spelling in the vocabulary)".to_owned()
    } else {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
        format!("; did you mean {}?", quoted.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_word_message_lists_suggestions() {
        let error = WordsError::UnknownWord {
            word: "kign".into(),
            suggestions: vec!["king".into(), "kin".into()],
        };
        assert_eq!(
            error.to_string(),
            "unknown word \"kign\"; did you mean \"king\", \"kin\"?"
        );
    }

    #[test]
    fn bad_data_message_names_file_and_line() {
        let error = WordsError::BadData {
            path: "v.txt".into(),
            location: Location::Line(7),
            message: "expected 3 values, found 2".into(),
        };
        assert_eq!(
            error.to_string(),
            "v.txt, line 7: expected 3 values, found 2"
        );
    }
}
