//! The words map's background work: its layouts (streamed while they settle), the clusters that
//! colour its words, and the search for a word, each started here and taken back in the map's
//! `receive`s.

use std::sync::Arc;

use super::{Colouring, ColouringKey, LayoutKey, WordMap, WordsMap};
use crate::app::JobOutput;
use crate::app::floor::cache::{Following, Outcome, start_cached};
use crate::app::floor::dataset::DatasetId;
use crate::app::floor::jobs::Jobs;
use crate::projection::Method;
use crate::words::WordVectors;

impl WordsMap {
    /// Lays out `key`'s words (`words`: their count, for the job's title) unless that layout is
    /// kept or on its way; a layout no longer wanted is stopped.
    pub(crate) fn lay_out(
        &mut self,
        jobs: &mut Jobs<JobOutput>,
        key: LayoutKey,
        vectors: Arc<WordVectors>,
        words: &str,
    ) {
        let title = match key.method {
            Method::Pca => format!("Projecting {words} words"),
            method => format!("{} of {words} words", method.name()),
        };
        start_layout(
            &mut self.layouts,
            jobs,
            key,
            vectors,
            title,
            |key, outcome| JobOutput::Map { key, outcome },
        );
    }

    /// Clusters `key`'s words for the colouring by clusters, as [`WordsMap::lay_out`] lays
    /// them out.
    pub(crate) fn cluster(
        &mut self,
        jobs: &mut Jobs<JobOutput>,
        key: ColouringKey,
        vectors: Arc<WordVectors>,
        words: &str,
    ) {
        start_cached(
            &mut self.colourings,
            jobs,
            key,
            || format!("Clustering {words} words"),
            |key, outcome| JobOutput::Colouring {
                key,
                outcome: Box::new(outcome),
            },
            move |key, progress, _| Colouring::compute(key.clone(), &vectors, progress),
        );
    }

    /// Looks `word` up on a job: a word that is missing gets spelling suggestions, which scan
    /// the vocabulary. The answer comes back to [`WordsMap::receive_found`].
    pub(crate) fn find(
        jobs: &mut Jobs<JobOutput>,
        dataset: DatasetId,
        vectors: Arc<WordVectors>,
        word: String,
    ) {
        let title = format!("Finding {word}");
        jobs.spawn_latest("find", title, false, JobOutput::Crashed, move |_| {
            JobOutput::Found {
                dataset,
                result: vectors.lookup(&word),
            }
        });
    }
}

/// Starts the layout of `key`'s words in `D` dimensions for a view that follows `layouts` (the
/// words map, the 3-D view), streamed while it settles. Cancellable whatever the method: the
/// neighbours kept are measured after the layout.
pub(crate) fn start_layout<const D: usize>(
    layouts: &mut Following<LayoutKey, WordMap<D>>,
    jobs: &mut Jobs<JobOutput>,
    key: LayoutKey,
    vectors: Arc<WordVectors>,
    title: String,
    deliver: fn(LayoutKey, Outcome<WordMap<D>>) -> JobOutput,
) {
    start_cached(
        layouts,
        jobs,
        key,
        || title,
        deliver,
        move |key, progress, publisher| {
            WordMap::<D>::lay_out(key.clone(), &vectors, progress, &mut |frame| {
                publisher.publish(frame)
            })
        },
    );
}
