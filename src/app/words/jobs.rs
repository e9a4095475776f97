//! The Words room's background work: vectors loaded, and the panels' questions answered, each on
//! a job whose answer comes back to [`Words::receive`].

use std::path::PathBuf;
use std::sync::Arc;

use super::{Query, Words, WordsOutput};
use crate::app::JobOutput;
use crate::app::floor::ask::{self, Delivery};
use crate::app::floor::dataset::DatasetId;
use crate::app::floor::jobs::Jobs;
use crate::app::floor::messages::AppError;
use crate::words::{self, LoadOptions, WordVectors};

impl Words {
    /// Loads the vectors at `path` on a cancellable job; they replace the dataset when they
    /// arrive.
    pub(crate) fn load(jobs: &mut Jobs<JobOutput>, path: PathBuf) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let crash_path = path.clone();
        jobs.spawn(
            format!("Loading {name}"),
            true,
            move |title| {
                JobOutput::Words(WordsOutput::Loaded {
                    path: crash_path,
                    result: Box::new(Err(AppError::Crashed(title))),
                })
            },
            move |progress| {
                let options = LoadOptions {
                    progress,
                    ..LoadOptions::default()
                };
                let result = Box::new(words::load(&path, &options).map_err(AppError::from));
                JobOutput::Words(WordsOutput::Loaded { path, result })
            },
        );
    }

    /// Answers a panel's question about the dataset shown, on the job of its panel's slot (a
    /// newer question replaces an older one).
    pub(crate) fn ask(&self, jobs: &mut Jobs<JobOutput>, query: Query) {
        let delivery = Delivery {
            answer: |dataset, answer| JobOutput::Words(WordsOutput::Answer { dataset, answer }),
            crashed: JobOutput::Crashed,
        };
        ask::ask(jobs, self.shown(), query, delivery);
    }

    /// The dataset shown and its vectors, for work about them.
    pub fn shown(&self) -> Option<(DatasetId, Arc<WordVectors>)> {
        self.dataset
            .as_ref()
            .map(|dataset| (dataset.id, dataset.vectors.clone()))
    }
}
