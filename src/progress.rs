//! Progress reporting and cancellation for long jobs (loading vectors, embedding images).
//!
//! The core reports through [`ProgressSink`] so that the CLI can stay silent, the GUI can drive a
//! progress bar from another thread, and a cancel button can stop the work between chunks.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// How far a job has come, in units the job chooses (bytes for loading, images for embedding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

impl Progress {
    /// The completed fraction in `0.0..=1.0` (0 when the total is unknown).
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0) as f32
        }
    }
}

/// Receives progress from a job and tells it whether to stop.
pub trait ProgressSink: Sync {
    fn report(&self, progress: Progress);
    fn is_cancelled(&self) -> bool;
}

/// A sink that ignores progress and never cancels: for scripts and tests.
pub struct Silent;

impl ProgressSink for Silent {
    fn report(&self, _progress: Progress) {}
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// A thread-safe sink a UI can poll: the job writes, the UI reads and may cancel.
#[derive(Debug, Default)]
pub struct SharedProgress {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl SharedProgress {
    pub fn snapshot(&self) -> Progress {
        Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

impl ProgressSink for SharedProgress {
    fn report(&self, progress: Progress) {
        self.total.store(progress.total, Ordering::Relaxed);
        self.done.store(progress.done, Ordering::Relaxed);
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_handles_unknown_and_overfull_totals() {
        assert_eq!(Progress { done: 5, total: 0 }.fraction(), 0.0);
        assert_eq!(Progress { done: 5, total: 10 }.fraction(), 0.5);
        assert_eq!(
            Progress {
                done: 15,
                total: 10
            }
            .fraction(),
            1.0
        );
    }

    #[test]
    fn shared_progress_round_trips_and_cancels() {
        let shared = SharedProgress::default();
        shared.report(Progress { done: 3, total: 9 });
        assert_eq!(shared.snapshot(), Progress { done: 3, total: 9 });
        assert!(!shared.is_cancelled());
        shared.cancel();
        assert!(shared.is_cancelled());
    }
}
