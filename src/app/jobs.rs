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
    sender: Sender<(u64, T)>,
    receiver: Receiver<(u64, T)>,
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
            let result = work(progress.as_ref());
            // The receiver only disappears when the app closes; nothing is left to tell then.
            let _ = sender.send((id, result));
            repaint();
        });
        id
    }

    /// Results that have arrived since the last call; their jobs leave the running list.
    pub fn finished(&mut self) -> Vec<T> {
        let mut done = Vec::new();
        while let Ok((id, result)) = self.receiver.try_recv() {
            self.running.retain(|job| job.id != id);
            done.push(result);
        }
        done
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
