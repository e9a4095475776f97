//! Vectors made in the app (trained, or with a direction removed) written to a file: the user's,
//! or, to switch the explorer to them, one the app keeps.

use std::path::PathBuf;

use super::super::{ExplorerApp, JobOutput, window};
use crate::output::{self, OutputError};

impl ExplorerApp {
    /// Writes the trained vectors: to `path`, or (no path) where the app keeps them, then
    /// opens them as the dataset.
    pub(super) fn write_trained(&mut self, path: Option<PathBuf>) {
        let Some(trained) = self.training.trained() else {
            return;
        };
        let corpus = self.training.run.as_ref().map(|run| run.corpus.clone());
        let kept = window::kept_vectors_path("trained", corpus.as_deref().unwrap_or("corpus"));
        self.write_vectors("trained", path, kept, move |out| {
            trained.write_word2vec(out)
        });
    }

    /// Writes the vectors with a direction removed, as [`ExplorerApp::write_trained`] does.
    pub(super) fn write_debiased(&mut self, path: Option<PathBuf>) {
        let Some(result) = self.lab.debias.vectors() else {
            return;
        };
        let name = self
            .words
            .dataset
            .as_ref()
            .and_then(|d| d.report.path.file_stem())
            .map_or("vectors".to_owned(), |s| s.to_string_lossy().into_owned());
        let kept = window::kept_vectors_path("debiased", &name);
        self.write_vectors("debiased", path, kept, move |out| {
            result.write_word2vec(out)
        });
    }

    /// Writes vectors on a job: to `path` (the user's file), or, with no path, to `kept` (where
    /// the app keeps them), then opens them as the dataset.
    fn write_vectors(
        &mut self,
        what: &str,
        path: Option<PathBuf>,
        kept: PathBuf,
        write: impl FnOnce(&mut output::Output) -> std::io::Result<()> + Send + 'static,
    ) {
        let use_them = path.is_none();
        let path = path.unwrap_or(kept);
        self.jobs.spawn(
            format!("Writing the {what} vectors"),
            false,
            JobOutput::Crashed,
            move |_| {
                let folder = path.parent().map_or(Ok(()), std::fs::create_dir_all);
                let result = folder
                    .map_err(|error| OutputError::Io {
                        path: path.clone(),
                        error,
                    })
                    .and_then(|()| output::write_file(&path, &[], write));
                JobOutput::VectorsWritten {
                    path,
                    result,
                    use_them,
                }
            },
        );
    }
}
