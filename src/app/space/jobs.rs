//! The 3-D view's background work: its layouts in space, streamed while they settle.

use std::sync::Arc;

use super::SpaceView;
use crate::app::JobOutput;
use crate::app::floor::cache::start_cached;
use crate::app::floor::jobs::Jobs;
use crate::app::map::{LayoutKey, WordMap};
use crate::words::WordVectors;

impl SpaceView {
    /// Lays the map's words out in 3-D (the same words, method and spherizing as the map;
    /// `words`: their count, for the title), unless that layout is kept or on its way.
    pub(crate) fn lay_out(
        &mut self,
        jobs: &mut Jobs<JobOutput>,
        key: LayoutKey,
        vectors: Arc<WordVectors>,
        words: &str,
    ) {
        let method = key.method;
        start_cached(
            &mut self.layouts,
            jobs,
            key,
            || format!("{} of {words} words in 3-D", method.name()),
            |key, outcome| JobOutput::Space { key, outcome },
            move |key, progress, publisher| {
                WordMap::<3>::lay_out(key.clone(), &vectors, progress, &mut |frame| {
                    publisher.publish(frame)
                })
            },
        );
    }
}
