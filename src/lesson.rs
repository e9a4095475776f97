//! The lesson file format's envelope, read by the CLI and the window alike: what names a file a
//! lesson (its extension, its `format` and `version`), how large one can be, and why one could not
//! be opened or saved. The scene inside (tabs, panels, map) is the app's (`app::lessons`); this
//! module knows no egui, so the CLI checks a lesson before any window opens.

use std::path::{Path, PathBuf};

use crate::output::{self, OutputError};
use crate::words;

/// The `format` every lesson file names, so that other JSON is told apart.
pub const FORMAT: &str = "embedding-explorer lesson";
/// The lesson format this version writes and reads.
pub const VERSION: u32 = 1;
/// The extension lessons are saved with: a file type of their own (JSON inside), which the
/// installed package registers so that the desktop opens lessons with the explorer.
pub const EXTENSION: &str = "eelesson";
/// Extensions opened as lessons: [`EXTENSION`], and `.json`, which lessons were saved as
/// before it.
pub const EXTENSIONS: &[&str] = &[EXTENSION, "json"];

/// Whether a file is opened as a lesson, by its extension (any case).
pub fn is_lesson_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Lessons are a few kilobytes; a larger file is not one.
const MAX_BYTES: u64 = 1 << 20;

/// Why a lesson could not be opened or saved.
#[derive(Debug, thiserror::Error)]
pub enum LessonError {
    /// The OS and JSON errors are part of the message, not separate sources, so each is
    /// printed once.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{}: {bytes} bytes is too large for a lesson (at most 1 MiB)", path.display())]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error("{}: not a lesson: {reason}", path.display())]
    NotALesson { path: PathBuf, reason: String },
    #[error(
        "{}: this lesson was written by a newer Embedding Explorer (lesson format {version}; \
         this version reads format {VERSION}). Update the app to open it.",
        path.display()
    )]
    Newer { path: PathBuf, version: u64 },
    #[error("{}: the lesson is malformed: {error}", path.display())]
    Malformed {
        path: PathBuf,
        error: serde_json::Error,
    },
    #[error("{}: the lesson's vectors file {} is missing", path.display(), vectors.display())]
    MissingVectors { path: PathBuf, vectors: PathBuf },
    #[error("{}: the lesson's vectors file {} cannot be used: {problem}", path.display(), vectors.display())]
    BadVectors {
        path: PathBuf,
        vectors: PathBuf,
        problem: String,
    },
}

/// The bytes of a lesson file, read no further than a lesson can be (a pipe or a device says it
/// holds nothing).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LessonError> {
    let io = |error| LessonError::Io {
        path: path.to_owned(),
        error,
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_BYTES {
        return Err(LessonError::TooLarge {
            path: path.to_owned(),
            bytes,
        });
    }
    let bytes = output::read_at_most(path, MAX_BYTES, "a lesson").map_err(io)?;
    Ok(output::without_byte_order_mark(&bytes).to_vec())
}

/// Checks what the bytes (of the file at `path`) say they are: JSON naming [`FORMAT`], of a
/// version this app reads. The scene inside is for the app to read.
pub fn parse_envelope(bytes: &[u8], path: &Path) -> Result<serde_json::Value, LessonError> {
    let not_a_lesson = |reason: &str| LessonError::NotALesson {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| LessonError::Malformed {
            path: path.to_owned(),
            error,
        })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_a_lesson(&format!(
            "it does not say \"format\": \"{FORMAT}\""
        )));
    }
    // One rule for the version: a whole number from 1 up, however JSON writes it (1 or 1.0).
    let whole = |v: &serde_json::Value| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 1.0 && *f <= u64::MAX as f64)
            .map(|f| f as u64)
    };
    match value.get("version").map(|v| (v, whole(v))) {
        None => Err(not_a_lesson("it has no format version")),
        Some((version, None)) => Err(not_a_lesson(&format!(
            "its format version {version} is not a whole number from 1 up"
        ))),
        Some((_, Some(version))) if version > u64::from(VERSION) => Err(LessonError::Newer {
            path: path.to_owned(),
            version,
        }),
        Some((_, Some(version))) => {
            let mut value = value;
            value["version"] = serde_json::Value::from(version);
            Ok(value)
        }
    }
}

/// Writes `lesson` as indented JSON to `path`, never over `vectors` (the file it names).
pub fn write_json(
    path: &Path,
    lesson: &impl serde::Serialize,
    vectors: Option<&Path>,
) -> Result<(), LessonError> {
    let json = serde_json::to_string_pretty(lesson).map_err(|error| LessonError::Io {
        path: path.to_owned(),
        error: std::io::Error::other(error),
    })?;
    let inputs: Vec<&Path> = vectors.into_iter().collect();
    output::write_file(path, &inputs, |out| {
        std::io::Write::write_all(out, (json + "\n").as_bytes())
    })?;
    Ok(())
}

/// Checks, before anything changes, that a lesson's vectors file is a file the app reads: it
/// exists, is a regular file, and its first vectors load.
pub fn check_vectors(lesson: &Path, vectors: &Path) -> Result<(), LessonError> {
    let problem = |problem: String| LessonError::BadVectors {
        path: lesson.to_owned(),
        vectors: vectors.to_owned(),
        problem,
    };
    match std::fs::metadata(vectors) {
        Err(_) => {
            return Err(LessonError::MissingVectors {
                path: lesson.to_owned(),
                vectors: vectors.to_owned(),
            });
        }
        Ok(meta) if meta.is_dir() => return Err(problem("it is a folder".into())),
        Ok(meta) if !meta.is_file() => {
            return Err(problem(
                "it is not a regular file (a device or a pipe)".into(),
            ));
        }
        Ok(_) => {}
    }
    let first = words::LoadOptions {
        limit: Some(10),
        ..words::LoadOptions::default()
    };
    words::load(vectors, &first)
        .map(drop)
        .map_err(|error| problem(error.to_string()))
}
