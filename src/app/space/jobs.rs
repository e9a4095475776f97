//! The 3-D view's background work: its layouts in space, streamed while they settle.

use std::sync::Arc;

use super::SpaceView;
use crate::app::JobOutput;
use crate::app::floor::jobs::Jobs;
use crate::app::map::{LayoutKey, start_layout};
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
        let title = format!("{} of {words} words in 3-D", key.method.name());
        start_layout(
            &mut self.layouts,
            jobs,
            key,
            vectors,
            title,
            |key, outcome| JobOutput::Space { key, outcome },
        );
    }
}
