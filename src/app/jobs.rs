//! Background work over channels. Each job runs on its own thread with a shared progress value
//! the status bar reads and a cancel flag it sets; results come back as messages that the UI
//! thread applies at the start of a frame.
//!
//! Three kinds: a one-shot job ([`Jobs::spawn`]); a job in a *slot* ([`Jobs::spawn_latest`]),
//! where a newer request cancels the older one and only the newest result is delivered (the map
//! for the latest slider value, the answer to the latest query); and a streaming job
//! ([`Jobs::spawn_streaming`]) that publishes snapshots while it runs, of which the UI takes the
//! newest each frame.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use crate::progress::{ProgressSink, SharedProgress};

/// A job the status bar lists.
pub struct RunningJob {
    pub id: u64,
    pub title: String,
    pub progress: Arc<SharedProgress>,
    /// Whether the user may cancel it.
    pub cancellable: bool,
    slot: Option<&'static str>,
}

type Repaint = Arc<dyn Fn() + Send + Sync>;

/// Runs jobs and collects their results of type `T`.
pub struct Jobs<T> {
    /// `None` when the job panicked: it still leaves the running list, and the app says so.
    sender: Sender<(u64, Option<T>)>,
    receiver: Receiver<(u64, Option<T>)>,
    running: Vec<RunningJob>,
    next_id: u64,
    /// The newest job of each slot; results of older ones are dropped.
    latest: HashMap<&'static str, u64>,
    repaint: Repaint,
}

/// What [`Jobs::finished`] hands back.
pub struct Finished<T> {
    pub outputs: Vec<T>,
    /// Jobs that panicked: (id, title).
    pub crashed: Vec<(u64, String)>,
}

impl<T: Send + 'static> Jobs<T> {
    /// `repaint` wakes the UI when a result arrives (egui's `request_repaint`).
    pub fn new(repaint: Repaint) -> Self {
        let (sender, receiver) = mpsc::channel();
        Self {
            sender,
            receiver,
            running: Vec::new(),
            next_id: 0,
            latest: HashMap::new(),
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
        self.start(title.into(), cancellable, None, work)
    }

    /// Starts `work` as the newest job of `slot`: a job still running there is told to stop
    /// (if it checks), and only this one's result will be delivered. `cancellable`: whether the
    /// user gets a Cancel button, for work that checks the flag.
    pub fn spawn_latest(
        &mut self,
        slot: &'static str,
        title: impl Into<String>,
        cancellable: bool,
        work: impl FnOnce(&dyn ProgressSink) -> T + Send + 'static,
    ) -> u64 {
        if let Some(&previous) = self.latest.get(slot) {
            self.cancel(previous);
        }
        let id = self.start(title.into(), cancellable, Some(slot), work);
        self.latest.insert(slot, id);
        id
    }

    /// Starts `work`, which may publish snapshots of type `S` while it runs; the returned
    /// [`Stream`] hands the UI the newest one. The final result arrives as for any job.
    pub fn spawn_streaming<S: Send + 'static>(
        &mut self,
        title: impl Into<String>,
        work: impl FnOnce(&dyn ProgressSink, &Publisher<S>) -> T + Send + 'static,
    ) -> Stream<S> {
        let newest = Arc::new(Mutex::new(None));
        let publisher = Publisher {
            newest: newest.clone(),
            repaint: self.repaint.clone(),
        };
        let id = self.start(title.into(), true, None, move |progress| {
            work(progress, &publisher)
        });
        Stream { id, newest }
    }

    fn start(
        &mut self,
        title: String,
        cancellable: bool,
        slot: Option<&'static str>,
        work: impl FnOnce(&dyn ProgressSink) -> T + Send + 'static,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let progress = Arc::new(SharedProgress::default());
        self.running.push(RunningJob {
            id,
            title,
            progress: progress.clone(),
            cancellable,
            slot,
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

    /// Results that have arrived since the last call, and the jobs that crashed; both leave the
    /// running list. Results of a job superseded in its slot are dropped.
    pub fn finished(&mut self) -> Finished<T> {
        let mut finished = Finished {
            outputs: Vec::new(),
            crashed: Vec::new(),
        };
        while let Ok((id, result)) = self.receiver.try_recv() {
            let Some(position) = self.running.iter().position(|job| job.id == id) else {
                continue;
            };
            let job = self.running.remove(position);
            if let Some(slot) = job.slot {
                if self.latest.get(slot) != Some(&id) {
                    continue;
                }
                self.latest.remove(slot);
            }
            match result {
                Some(output) => finished.outputs.push(output),
                None => finished.crashed.push((job.id, job.title)),
            }
        }
        finished
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

/// The worker's end of a streaming job: each snapshot replaces the one not yet taken.
pub struct Publisher<S> {
    newest: Arc<Mutex<Option<S>>>,
    repaint: Repaint,
}

impl<S> Publisher<S> {
    pub fn publish(&self, snapshot: S) {
        *self.newest.lock().unwrap_or_else(PoisonError::into_inner) = Some(snapshot);
        (self.repaint)();
    }
}

#[cfg(test)]
impl<S> Publisher<S> {
    /// A publisher whose snapshots nobody reads, for calling a job's work directly.
    pub fn for_tests() -> Self {
        Self {
            newest: Arc::new(Mutex::new(None)),
            repaint: Arc::new(|| {}),
        }
    }
}

/// The UI's end of a streaming job.
pub struct Stream<S> {
    /// The job's id, to cancel it or to recognise its final result.
    pub id: u64,
    newest: Arc<Mutex<Option<S>>>,
}

impl<S> Stream<S> {
    /// The newest snapshot published since the last call, if any.
    pub fn take_newest(&self) -> Option<S> {
        self.newest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    use super::*;

    fn finish<T: Send + 'static>(jobs: &mut Jobs<T>) -> Finished<T> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut all = Finished {
            outputs: Vec::new(),
            crashed: Vec::new(),
        };
        while !jobs.is_idle() && Instant::now() < deadline {
            let finished = jobs.finished();
            all.outputs.extend(finished.outputs);
            all.crashed.extend(finished.crashed);
            std::thread::sleep(Duration::from_millis(1));
        }
        all
    }

    #[test]
    fn results_arrive_and_a_crashed_job_is_reported_not_lost() {
        let mut jobs: Jobs<u32> = Jobs::new(Arc::new(|| {}));
        jobs.spawn("adds", false, |_| 1 + 1);
        let crashing = jobs.spawn("crashes", true, |_| panic!("a bug in a job"));
        assert_eq!(jobs.running().len(), 2);
        let finished = finish(&mut jobs);
        assert_eq!(finished.outputs, vec![2]);
        assert_eq!(finished.crashed, vec![(crashing, "crashes".to_owned())]);
        assert!(jobs.is_idle());
    }

    #[test]
    fn only_the_newest_job_of_a_slot_is_delivered_and_older_ones_are_cancelled() {
        let mut jobs: Jobs<u32> = Jobs::new(Arc::new(|| {}));
        let (release, gate) = mpsc::channel::<()>();
        let saw_cancel = Arc::new(AtomicBool::new(false));
        let saw = saw_cancel.clone();
        jobs.spawn_latest("map", "old map", false, move |progress| {
            let _ = gate.recv();
            saw.store(progress.is_cancelled(), Ordering::Relaxed);
            1
        });
        jobs.spawn_latest("map", "new map", false, |_| 2);
        jobs.spawn_latest("other", "other slot", false, |_| 3);
        release.send(()).unwrap();
        let mut outputs = finish(&mut jobs).outputs;
        outputs.sort();
        assert_eq!(outputs, vec![2, 3], "the superseded result is dropped");
        assert!(
            saw_cancel.load(Ordering::Relaxed),
            "the old job was cancelled"
        );
    }

    #[test]
    fn a_stream_hands_over_the_newest_snapshot_and_stops_when_cancelled() {
        let mut jobs: Jobs<&'static str> = Jobs::new(Arc::new(|| {}));
        let (step, steps) = mpsc::channel::<()>();
        let (published, wait_published) = mpsc::channel::<()>();
        let stream = jobs.spawn_streaming("counts", move |progress, publisher| {
            for round in 0u32.. {
                if progress.is_cancelled() {
                    return "cancelled";
                }
                if steps.recv().is_err() {
                    return "abandoned";
                }
                for snapshot in 3 * round..3 * round + 3 {
                    publisher.publish(snapshot);
                }
                let _ = published.send(());
            }
            "unreachable"
        });
        assert_eq!(stream.take_newest(), None, "nothing published yet");
        step.send(()).unwrap();
        wait_published.recv().unwrap();
        assert_eq!(stream.take_newest(), Some(2), "the newest of 0, 1, 2 wins");
        assert_eq!(stream.take_newest(), None, "each snapshot is taken once");
        step.send(()).unwrap();
        wait_published.recv().unwrap();
        assert_eq!(stream.take_newest(), Some(5));

        jobs.cancel(stream.id);
        // The worker may be past its check already: let it finish that round.
        let _ = step.send(());
        let finished = finish(&mut jobs);
        assert_eq!(finished.outputs, vec!["cancelled"]);
        assert!(jobs.is_idle());
    }
}
