//! The Train tab's background work and its steering: a run started on a streaming job (one at a
//! time), paused, stepped a chunk at a time, and its timeline scrubbed.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::{Training, TrainingOutput};
use crate::app::JobOutput;
use crate::app::floor::jobs::Jobs;
use crate::training::live::{self, Steering};

impl Training {
    /// Trains with the tab's settings on a job that streams snapshots, unless a run is going.
    pub(crate) fn start(&mut self, jobs: &mut Jobs<JobOutput>) {
        if self.running_job().is_some() {
            return;
        }
        let inputs = self.settings.inputs();
        let steering = Arc::new(Steering::default());
        let steered = steering.clone();
        let title = format!("Training on {}", self.settings.corpus.name());
        let stream = jobs.spawn_streaming(
            title,
            true,
            |title| JobOutput::Training(TrainingOutput::Crashed(title)),
            move |progress, publisher| {
                let publish = |snapshot| publisher.publish(snapshot);
                let result = live::run(inputs, &steered, progress, &publish);
                JobOutput::Training(TrainingOutput::Finished(result))
            },
        );
        self.started(stream, steering);
    }

    /// Pauses (true) or resumes (false) the run.
    pub fn pause(&self, pause: bool) {
        if let Some(run) = &self.run {
            run.steering.paused.store(pause, Ordering::Relaxed);
        }
    }

    /// Trains one chunk of the paused run.
    pub fn step(&self) {
        if let Some(run) = &self.run {
            run.steering.steps.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Shows the run's timeline at `frame` (`None`: follow it live).
    pub fn scrub(&mut self, frame: Option<usize>) {
        if let Some(run) = &mut self.run {
            run.scrubbed = frame;
        }
    }
}
