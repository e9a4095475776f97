//! What the app tells the user in the status bar: errors stay typed until they are shown here,
//! and an error stays on screen until the user dismisses it (a notice arriving later must not
//! hide why the words failed to load).

use std::path::PathBuf;

use crate::images::ImagesError;
use crate::lesson::LessonError;
use crate::output::OutputError;
use crate::projection::ProjectionError;
use crate::training::TrainingError;
use crate::words::WordsError;

/// Everything that can go wrong in the window, kept typed until it is shown.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Words(#[from] WordsError),
    #[error(transparent)]
    Images(#[from] ImagesError),
    #[error("the image network is unavailable: {0}")]
    Network(ImagesError),
    #[error("the images map could not be drawn: {0}")]
    ImagesMap(#[from] ProjectionError),
    #[error("the words could not be clustered: {0}")]
    Clustering(String),
    #[error(transparent)]
    Lesson(#[from] LessonError),
    #[error("training failed: {0}")]
    Training(std::sync::Arc<TrainingError>),
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(
        "no file dialog is available here (it needs the XDG desktop portal on D-Bus): drop files onto the window instead"
    )]
    NoFileDialog,
    #[error("{0} failed unexpectedly; please report this")]
    Crashed(String),
}

/// A line for the status bar and the message log.
#[derive(Debug)]
pub enum Message {
    Info(String),
    Error(AppError),
}

/// The message log. Errors are shown until dismissed, oldest first; otherwise the newest notice.
#[derive(Default)]
pub struct Messages {
    log: Vec<Message>,
    /// Errors in `log` at or after this position have not been dismissed.
    first_undismissed: usize,
}

impl Messages {
    pub fn info(&mut self, text: impl Into<String>) {
        self.log.push(Message::Info(text.into()));
    }

    /// Keeps an error for the status bar, and writes it to standard error too, where a
    /// launcher's log (or a test) can read it.
    pub fn error(&mut self, error: impl Into<AppError>) {
        let error = error.into();
        eprintln!("error: {error}");
        self.log.push(Message::Error(error));
    }

    /// Every message so far, oldest first.
    pub fn log(&self) -> &[Message] {
        &self.log
    }

    /// The errors not yet dismissed, oldest first.
    pub fn pending_errors(&self) -> impl Iterator<Item = &AppError> {
        self.log[self.first_undismissed..]
            .iter()
            .filter_map(|message| match message {
                Message::Error(error) => Some(error),
                Message::Info(_) => None,
            })
    }

    /// The newest notice, for when no error is pending.
    pub fn latest_info(&self) -> Option<&str> {
        self.log.iter().rev().find_map(|message| match message {
            Message::Info(text) => Some(text.as_str()),
            Message::Error(_) => None,
        })
    }

    /// Dismisses the oldest pending error.
    pub fn dismiss_error(&mut self) {
        if let Some(offset) = self.log[self.first_undismissed..]
            .iter()
            .position(|message| matches!(message, Message::Error(_)))
        {
            self.first_undismissed += offset + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_outlives_later_notices_until_dismissed() {
        let mut messages = Messages::default();
        messages.info("Loaded the words");
        messages.error(AppError::Crashed("Loading vectors".into()));
        messages.error(AppError::Crashed("Reading images".into()));
        messages.info("images run on the CPU");
        assert_eq!(messages.pending_errors().count(), 2);
        assert!(matches!(
            messages.pending_errors().next(),
            Some(AppError::Crashed(title)) if title == "Loading vectors"
        ));
        assert_eq!(messages.latest_info(), Some("images run on the CPU"));
        messages.dismiss_error();
        assert!(matches!(
            messages.pending_errors().next(),
            Some(AppError::Crashed(title)) if title == "Reading images"
        ));
        messages.dismiss_error();
        messages.dismiss_error();
        assert_eq!(messages.pending_errors().count(), 0);
        assert_eq!(messages.log().len(), 4, "the log keeps everything");
    }
}
