//! Background work over channels: each job runs on its own thread with a shared progress
//! value the status bar reads and a cancel flag it sets; results come back as messages that
//! the UI thread applies at the start of a frame. Nothing slow ever runs inside `ui()`.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use crate::progress::{ProgressSink, SharedProgress};

/// A job the status bar lists.
pub struct RunningJob {
    pub id: u64,
    pub title: String,
    pub progress: Arc<SharedProgress>,
    /// Whether the user may cancel it.
    pub cancellable: bool,
}

/// Runs jobs and collects their results of type `T`.
pub struct Jobs<T> {
    /// `None` when the job panicked: it still leaves the running list, and the app says so.
    sender: Sender<(u64, Option<T>)>,
    receiver: Receiver<(u64, Option<T>)>,
    running: Vec<RunningJob>,
    next_id: u64,
    repaint: Arc<dyn Fn() + Send + Sync>,
}

impl<T: Send + 'static> Jobs<T> {
    /// `repaint` wakes the UI when a result arrives (egui's `request_repaint`).
    pub fn new(repaint: Arc<dyn Fn() + Send + Sync>) -> Self {
        let (sender, receiver) = mpsc::channel();
        Self {
            sender,
            receiver,
            running: Vec::new(),
            next_id: 0,
            repaint,
        }
    }

    /// Starts `work` on a new thread; it reports through the progress it is given.
    pub fn spawn(
        &mut self,
        title: impl Into<String>,
        cancellable: bool,
        work: impl FnOnce(&dyn ProgressSink) -> T + Send + 'static,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let progress = Arc::new(SharedProgress::default());
        self.running.push(RunningJob {
            id,
            title: title.into(),
            progress: progress.clone(),
            cancellable,
        });
        let sender = self.sender.clone();
        let repaint = self.repaint.clone();
        std::thread::spawn(move || {
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(progress.as_ref())));
            // The receiver only disappears when the app closes; nothing is left to tell then.
            let _ = sender.send((id, result.ok()));
            repaint();
        });
        id
    }

    /// Results that have arrived since the last call, and the jobs that crashed (id, title);
    /// both leave the running list.
    pub fn finished(&mut self) -> (Vec<T>, Vec<(u64, String)>) {
        let (mut done, mut crashed) = (Vec::new(), Vec::new());
        while let Ok((id, result)) = self.receiver.try_recv() {
            if let Some(position) = self.running.iter().position(|job| job.id == id) {
                let job = self.running.remove(position);
                if result.is_none() {
                    crashed.push((job.id, job.title));
                }
            }
            done.extend(result);
        }
        (done, crashed)
    }

    pub fn running(&self) -> &[RunningJob] {
        &self.running
    }

    pub fn cancel(&self, id: u64) {
        if let Some(job) = self.running.iter().find(|job| job.id == id) {
            job.progress.cancel();
        }
    }

    pub fn is_idle(&self) -> bool {
        self.running.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish<T: Send + 'static>(jobs: &mut Jobs<T>) -> (Vec<T>, Vec<(u64, String)>) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut all = (Vec::new(), Vec::new());
        while !jobs.is_idle() && std::time::Instant::now() < deadline {
            let (done, crashed) = jobs.finished();
            all.0.extend(done);
            all.1.extend(crashed);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        all
    }

    #[test]
    fn results_arrive_and_a_crashed_job_is_reported_not_lost() {
        let mut jobs: Jobs<u32> = Jobs::new(Arc::new(|| {}));
        jobs.spawn("adds", false, |_| 1 + 1);
        let crashing = jobs.spawn("crashes", true, |_| panic!("a bug in a job"));
        assert_eq!(jobs.running().len(), 2);
        let (done, crashed) = finish(&mut jobs);
        assert_eq!(done, vec![2]);
        assert_eq!(crashed, vec![(crashing, "crashes".to_owned())]);
        assert!(jobs.is_idle());
    }
}
