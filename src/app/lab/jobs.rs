//! The Linear algebra tab's background work: each view's question answered on a job whose
//! answer comes back to [`Lab::receive`].

use std::sync::Arc;

use super::{Lab, LabQuery};
use crate::app::JobOutput;
use crate::app::floor::ask::{self, Delivery};
use crate::app::floor::dataset::DatasetId;
use crate::app::floor::jobs::Jobs;
use crate::words::WordVectors;

impl Lab {
    /// Answers `query` about `words` (the dataset shown), on the job of its view's slot.
    pub(crate) fn ask(
        jobs: &mut Jobs<JobOutput>,
        words: Option<(DatasetId, Arc<WordVectors>)>,
        query: LabQuery,
    ) {
        let delivery = Delivery {
            answer: |dataset, answer| JobOutput::Lab { dataset, answer },
            crashed: JobOutput::Crashed,
        };
        ask::ask(jobs, words, query, delivery);
    }
}
