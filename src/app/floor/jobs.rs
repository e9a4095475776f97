//! Background work over channels. Each job runs on its own thread with a shared progress value
//! the status bar reads and a cancel flag it sets; results come back as messages that the UI
//! thread applies at the start of a frame.
//!
//! Three kinds: a one-shot job ([`Jobs::spawn`]); a job in a *slot* ([`Jobs::spawn_latest`]),
//! where a newer request cancels the older one and only the newest result is delivered (the
//! answer to the latest query); and a streaming job ([`Jobs::spawn_streaming`]) that publishes
//! snapshots while it runs, of which the UI takes the newest each frame.
//!
//! Every job names, when it starts, what it delivers if it panics (made from its title): its
//! domain then learns of the failure the way it learns of any other result, and no state waits
//! for a result that will never come.

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
    sender: Sender<(u64, T)>,
    receiver: Receiver<(u64, T)>,
    running: Vec<RunningJob>,
    next_id: u64,
    /// The newest job of each slot; results of older ones are dropped.
    latest: HashMap<&'static str, u64>,
    repaint: Repaint,
}

/// What a job delivers if it panics, made from its title.
type IfCrashed<T> = Box<dyn FnOnce(String) -> T + Send>;

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

    /// Starts `work` on a new thread; it reports through the progress it is given, and
    /// `crashed` (given the title) is delivered instead of its output if it panics.
    pub fn spawn(
        &mut self,
        title: impl Into<String>,
        cancellable: bool,
        crashed: impl FnOnce(String) -> T + Send + 'static,
        work: impl FnOnce(&dyn ProgressSink) -> T + Send + 'static,
    ) -> u64 {
        self.start(title.into(), cancellable, None, Box::new(crashed), work)
    }

    /// Starts `work` as the newest job of `slot`: a job still running there is told to stop
    /// (if it checks), and only this one's result will be delivered. `cancellable`: whether the
    /// user gets a Cancel button, for work that checks the flag.
    pub fn spawn_latest(
        &mut self,
        slot: &'static str,
        title: impl Into<String>,
        cancellable: bool,
        crashed: impl FnOnce(String) -> T + Send + 'static,
        work: impl FnOnce(&dyn ProgressSink) -> T + Send + 'static,
    ) -> u64 {
        if let Some(&previous) = self.latest.get(slot) {
            self.cancel(previous);
        }
        let id = self.start(
            title.into(),
            cancellable,
            Some(slot),
            Box::new(crashed),
            work,
        );
        self.latest.insert(slot, id);
        id
    }

    /// Starts `work`, which may publish snapshots of type `S` while it runs; the returned
    /// [`Stream`] hands the UI the newest one. The final result arrives as for any job.
    pub fn spawn_streaming<S: Send + 'static>(
        &mut self,
        title: impl Into<String>,
        cancellable: bool,
        crashed: impl FnOnce(String) -> T + Send + 'static,
        work: impl FnOnce(&dyn ProgressSink, &Publisher<S>) -> T + Send + 'static,
    ) -> Stream<S> {
        let newest = Arc::new(Mutex::new(None));
        let publisher = Publisher {
            newest: newest.clone(),
            repaint: self.repaint.clone(),
        };
        let id = self.start(
            title.into(),
            cancellable,
            None,
            Box::new(crashed),
            move |progress| work(progress, &publisher),
        );
        Stream { id, newest }
    }

    fn start(
        &mut self,
        title: String,
        cancellable: bool,
        slot: Option<&'static str>,
        crashed: IfCrashed<T>,
        work: impl FnOnce(&dyn ProgressSink) -> T + Send + 'static,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let progress = Arc::new(SharedProgress::default());
        self.running.push(RunningJob {
            id,
            title: title.clone(),
            progress: progress.clone(),
            cancellable,
            slot,
        });
        let sender = self.sender.clone();
        let repaint = self.repaint.clone();
        std::thread::spawn(move || {
            let output =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(progress.as_ref())))
                    .unwrap_or_else(|_| crashed(title));
            // The receiver only disappears when the app closes; nothing is left to tell then.
            let _ = sender.send((id, output));
            repaint();
        });
        id
    }

    /// Results that have arrived since the last call, each with its job's id (a crashed job's
    /// is what it named when it started); their jobs leave the running list. Results of a job
    /// superseded in its slot are dropped.
    pub fn finished(&mut self) -> Vec<(u64, T)> {
        let mut finished = Vec::new();
        while let Ok((id, output)) = self.receiver.try_recv() {
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
            finished.push((id, output));
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

#[cfg(test)]
impl<S> Stream<S> {
    /// The stream of a job `id` that publishes nothing, for driving state without jobs.
    pub fn for_tests(id: u64) -> Self {
        Self {
            id,
            newest: Arc::new(Mutex::new(None)),
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

    /// Every output until the jobs are idle (or 10 s have passed).
    fn finish<T: Send + 'static>(jobs: &mut Jobs<T>) -> Vec<T> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut all = Vec::new();
        while !jobs.is_idle() && Instant::now() < deadline {
            all.extend(jobs.finished().into_iter().map(|(_, output)| output));
            std::thread::sleep(Duration::from_millis(1));
        }
        all
    }

    fn never_crashes(title: String) -> String {
        unreachable!("{title} crashed")
    }

    #[test]
    fn results_arrive_and_a_crashed_job_delivers_what_it_named() {
        let mut jobs: Jobs<String> = Jobs::new(Arc::new(|| {}));
        jobs.spawn("adds", false, never_crashes, |_| (1 + 1).to_string());
        jobs.spawn(
            "crashes",
            true,
            |title| format!("{title} failed"),
            |_| panic!("a bug in a job"),
        );
        assert_eq!(jobs.running().len(), 2);
        let mut finished = finish(&mut jobs);
        finished.sort();
        assert_eq!(finished, vec!["2", "crashes failed"]);
        assert!(jobs.is_idle());
    }

    #[test]
    fn only_the_newest_job_of_a_slot_is_delivered_and_older_ones_are_cancelled() {
        let mut jobs: Jobs<u32> = Jobs::new(Arc::new(|| {}));
        let (release, gate) = mpsc::channel::<()>();
        let saw_cancel = Arc::new(AtomicBool::new(false));
        let saw = saw_cancel.clone();
        let crashed = |_| 0;
        jobs.spawn_latest("map", "old map", false, crashed, move |progress| {
            let _ = gate.recv();
            saw.store(progress.is_cancelled(), Ordering::Relaxed);
            1
        });
        jobs.spawn_latest("map", "new map", false, crashed, |_| 2);
        jobs.spawn_latest("other", "other slot", false, crashed, |_| 3);
        release.send(()).unwrap();
        let mut outputs = finish(&mut jobs);
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
        let crashed = |_| "crashed";
        let stream = jobs.spawn_streaming("counts", true, crashed, move |progress, publisher| {
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
        assert_eq!(finish(&mut jobs), vec!["cancelled"]);
        assert!(jobs.is_idle());
    }
}
