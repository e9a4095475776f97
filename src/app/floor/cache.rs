//! One cache for what the maps compute on job threads: the words map's layouts, the photos'
//! layouts and the clusterings that colour the words. Each is known by a key (what it is of,
//! and how), and is at any moment kept, being computed (settling, with its newest frame),
//! stopped (failed, cancelled or crashed) or never asked for. A request says in one answer what
//! must happen: which job to stop, and whether to start one; [`start_cached`] does what it
//! says.

use std::sync::Arc;

use super::jobs::{Jobs, Publisher, Stream};
use crate::progress::ProgressSink;
use crate::projection::ProjectionError;

/// Why a computation ended without a result.
#[derive(Debug)]
pub enum Stop {
    /// It cannot be done with these inputs: asking again gives the same answer.
    Failed(ProjectionError),
    /// The user cancelled it.
    Cancelled,
    /// Its job panicked (a bug); the title of the job.
    Crashed(String),
}

impl From<ProjectionError> for Stop {
    fn from(error: ProjectionError) -> Self {
        match error {
            ProjectionError::Cancelled => Stop::Cancelled,
            error => Stop::Failed(error),
        }
    }
}

/// What a job computing for the cache delivers.
pub type Outcome<V> = Result<V, Stop>;

/// Where the value of a key stands.
pub enum State<'a, V> {
    Kept(&'a Arc<V>),
    /// Being computed; its newest frame, if it publishes frames.
    Running(Option<&'a Arc<V>>),
    Stopped(&'a Stop),
    /// Never asked for, or forgotten.
    Unknown,
}

/// What the caller must do after a request.
#[must_use]
#[derive(Debug, PartialEq)]
pub struct Todo {
    /// Stop this job: it computes something no longer wanted.
    pub cancel: Option<u64>,
    /// Start a job for the key asked for, then tell [`Cache::started`].
    pub start: bool,
}

/// A job computing for the cache.
struct Running<K, V> {
    key: K,
    job: u64,
    stream: Option<Stream<V>>,
    frame: Option<Arc<V>>,
}

/// Values by key: a few finished ones, the one being computed, and the last that stopped.
pub struct Cache<K, V> {
    /// Newest last; the oldest is forgotten beyond `capacity`.
    kept: Vec<(K, Arc<V>)>,
    capacity: usize,
    running: Option<Running<K, V>>,
    stopped: Option<(K, Stop)>,
}

impl<K: PartialEq + Clone, V> Cache<K, V> {
    /// Keeps up to `capacity` finished values for switching back.
    pub fn new(capacity: usize) -> Self {
        Self {
            kept: Vec::new(),
            capacity,
            running: None,
            stopped: None,
        }
    }

    /// Asks for the value of `key`: kept, running, or failed before (it would fail again)
    /// needs no job; anything else does. A job computing another key is stopped either way;
    /// a cancelled or crashed computation is tried again.
    pub fn request(&mut self, key: &K) -> Todo {
        let running_it = self.running.as_ref().is_some_and(|r| r.key == *key);
        if running_it {
            return Todo {
                cancel: None,
                start: false,
            };
        }
        let cancel = self.running.take().map(|running| running.job);
        let known = self.kept.iter().any(|(k, _)| k == key)
            || matches!(&self.stopped, Some((k, Stop::Failed(_))) if k == key);
        Todo {
            cancel,
            start: !known,
        }
    }

    /// The job computing `key` has started; `stream` hands over its frames, if it has any.
    pub fn started(&mut self, key: K, job: u64, stream: Option<Stream<V>>) {
        if self.stopped.as_ref().is_some_and(|(k, _)| *k == key) {
            self.stopped = None;
        }
        self.running = Some(Running {
            key,
            job,
            stream,
            frame: None,
        });
    }

    /// Takes the newest frame of the running job; true when there was one.
    pub fn take_streamed(&mut self) -> bool {
        let Some(running) = &mut self.running else {
            return false;
        };
        match running.stream.as_ref().and_then(Stream::take_newest) {
            Some(frame) => {
                running.frame = Some(Arc::new(frame));
                true
            }
            None => false,
        }
    }

    /// Takes what `job` computed for `key`. A job stopped meanwhile may still deliver: its
    /// result is kept all the same, for switching back, and its being cancelled (by a later
    /// request) says nothing.
    pub fn receive(&mut self, job: u64, key: K, outcome: Outcome<V>) {
        let current = self.running.as_ref().is_some_and(|r| r.job == job);
        if current {
            self.running = None;
        }
        match outcome {
            Ok(value) => {
                if let Some(found) = self.kept.iter().position(|(k, _)| *k == key) {
                    self.kept.remove(found);
                }
                self.kept.push((key, Arc::new(value)));
                if self.kept.len() > self.capacity {
                    self.kept.remove(0);
                }
            }
            Err(Stop::Cancelled) if !current => {}
            Err(stop) => self.stopped = Some((key, stop)),
        }
    }

    /// Where `key` stands.
    pub fn state(&self, key: &K) -> State<'_, V> {
        if let Some((_, value)) = self.kept.iter().rev().find(|(k, _)| k == key) {
            return State::Kept(value);
        }
        if let Some(running) = self.running.as_ref().filter(|r| r.key == *key) {
            return State::Running(running.frame.as_ref());
        }
        match &self.stopped {
            Some((k, stop)) if k == key => State::Stopped(stop),
            _ => State::Unknown,
        }
    }

    /// The value of `key` as far as it has come: kept, or the newest frame while it settles.
    pub fn latest(&self, key: &K) -> Option<&Arc<V>> {
        match self.state(key) {
            State::Kept(value) | State::Running(Some(value)) => Some(value),
            _ => None,
        }
    }

    /// The newest kept value whose key `matches`.
    pub fn find(&self, matches: impl Fn(&K) -> bool) -> Option<&V> {
        self.kept
            .iter()
            .rev()
            .find(|(key, _)| matches(key))
            .map(|(_, value)| value.as_ref())
    }

    /// The job computing, if any.
    pub fn running_job(&self) -> Option<u64> {
        self.running.as_ref().map(|r| r.job)
    }
}

/// A cache that follows the key asked for last, as a view of layouts does: what it shows is
/// that key's value as far as it has come (its newest frame while it settles), else what it
/// showed before. The words map and the 3-D view each keep one.
pub struct Following<K, V> {
    cache: Cache<K, V>,
    wanted: Option<K>,
    shown: Option<Arc<V>>,
}

impl<K: PartialEq + Clone, V> Following<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            cache: Cache::new(capacity),
            wanted: None,
            shown: None,
        }
    }

    /// Asks for the value of `key` ([`Cache::request`]); a value kept is shown at once.
    pub fn request(&mut self, key: K) -> Todo {
        let todo = self.cache.request(&key);
        self.wanted = Some(key);
        self.follow();
        todo
    }

    /// The job computing `key` has started.
    pub fn started(&mut self, key: K, job: u64, stream: Option<Stream<V>>) {
        self.cache.started(key, job, stream);
    }

    /// Shows the newest frame of the running job.
    pub fn take_streamed(&mut self) {
        if self.cache.take_streamed() {
            self.follow();
        }
    }

    /// Takes what a job delivered; a crash is returned to be reported.
    pub fn receive(&mut self, job: u64, key: K, outcome: Outcome<V>) -> Option<String> {
        let crashed = match &outcome {
            Err(Stop::Crashed(title)) => Some(title.clone()),
            _ => None,
        };
        self.cache.receive(job, key, outcome);
        self.follow();
        crashed
    }

    fn follow(&mut self) {
        if let Some(latest) = self.wanted.as_ref().and_then(|k| self.cache.latest(k)) {
            self.shown = Some(latest.clone());
        }
    }

    /// The value on screen.
    pub fn shown(&self) -> Option<&Arc<V>> {
        self.shown.as_ref()
    }

    /// The key asked for last.
    pub fn wanted(&self) -> Option<&K> {
        self.wanted.as_ref()
    }

    /// Why the key asked for last has no value, when its computation stopped.
    pub fn wanted_stop(&self) -> Option<&Stop> {
        match self.cache.state(self.wanted.as_ref()?) {
            State::Stopped(stop) => Some(stop),
            _ => None,
        }
    }

    /// The job computing now, if any.
    pub fn running_job(&self) -> Option<u64> {
        self.cache.running_job()
    }
}

/// A cache a job can be started for: [`Cache`] and [`Following`].
pub trait Requests<K, V> {
    /// Asks for the value of `key` (see [`Cache::request`]).
    fn request_key(&mut self, key: &K) -> Todo;
    /// The job computing `key` has started, publishing its frames on `stream`.
    fn started_key(&mut self, key: K, job: u64, stream: Stream<V>);
}

impl<K: PartialEq + Clone, V> Requests<K, V> for Cache<K, V> {
    fn request_key(&mut self, key: &K) -> Todo {
        self.request(key)
    }
    fn started_key(&mut self, key: K, job: u64, stream: Stream<V>) {
        self.started(key, job, Some(stream));
    }
}

impl<K: PartialEq + Clone, V> Requests<K, V> for Following<K, V> {
    fn request_key(&mut self, key: &K) -> Todo {
        self.request(key.clone())
    }
    fn started_key(&mut self, key: K, job: u64, stream: Stream<V>) {
        self.started(key, job, Some(stream));
    }
}

/// Asks `cache` for `key`, stops the job it no longer wants, and, when the key must be
/// computed, starts `work` on a cancellable streaming job titled `title()` and records it.
/// `deliver` wraps what the job ends with (its value, or why it stopped; a crash too) into the
/// jobs' output, which the owner of `cache` takes back in its `receive`. Returns whether a job
/// was started.
pub fn start_cached<K, V, T, W>(
    cache: &mut impl Requests<K, V>,
    jobs: &mut Jobs<T>,
    key: K,
    title: impl FnOnce() -> String,
    deliver: fn(K, Outcome<V>) -> T,
    work: W,
) -> bool
where
    K: Clone + Send + 'static,
    V: Send + 'static,
    T: Send + 'static,
    W: FnOnce(&K, &dyn ProgressSink, &Publisher<V>) -> Result<V, ProjectionError> + Send + 'static,
{
    let todo = cache.request_key(&key);
    if let Some(job) = todo.cancel {
        jobs.cancel(job);
    }
    if !todo.start {
        return false;
    }
    let (job_key, crash_key) = (key.clone(), key.clone());
    let stream = jobs.spawn_streaming(
        title(),
        true,
        move |title| deliver(crash_key, Err(Stop::Crashed(title))),
        move |progress, publisher| {
            let outcome = work(&job_key, progress, publisher);
            deliver(job_key, outcome.map_err(Stop::from))
        },
    );
    cache.started_key(key, stream.id, stream);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    type Layouts = Cache<&'static str, Vec<f64>>;

    fn start(cache: &mut Layouts, key: &'static str, job: u64) {
        let todo = cache.request(&key);
        assert!(todo.start, "{key} needs a job");
        cache.started(key, job, None);
    }

    #[test]
    fn a_kept_value_needs_no_job_and_a_new_request_stops_the_running_one() {
        let mut cache = Layouts::new(2);
        assert!(matches!(cache.state(&"pca"), State::Unknown));
        start(&mut cache, "pca", 1);
        assert!(matches!(cache.state(&"pca"), State::Running(None)));
        assert_eq!(
            cache.request(&"pca"),
            Todo {
                cancel: None,
                start: false
            },
            "already running"
        );
        cache.receive(1, "pca", Ok(vec![1.0]));
        assert!(matches!(cache.state(&"pca"), State::Kept(v) if **v == [1.0]));

        start(&mut cache, "tsne", 2);
        assert_eq!(
            cache.request(&"pca"),
            Todo {
                cancel: Some(2),
                start: false
            },
            "back to the kept PCA: t-SNE is stopped"
        );
        assert!(cache.running_job().is_none());
        cache.receive(2, "tsne", Err(Stop::Cancelled));
        assert!(
            matches!(cache.state(&"tsne"), State::Unknown),
            "stopped by a later request: nothing to say"
        );
        start(&mut cache, "tsne", 3);
        cache.receive(3, "tsne", Err(Stop::Cancelled));
        assert!(matches!(
            cache.state(&"tsne"),
            State::Stopped(Stop::Cancelled)
        ));
        assert!(
            cache.request(&"tsne").start,
            "a cancelled layout is tried again"
        );
    }

    #[test]
    fn a_job_asked_for_again_is_not_mistaken_for_the_one_it_replaced() {
        let mut cache = Layouts::new(2);
        start(&mut cache, "a", 1);
        start(&mut cache, "b", 2);
        start(&mut cache, "a", 3);
        cache.receive(1, "a", Err(Stop::Cancelled));
        assert!(
            matches!(cache.state(&"a"), State::Running(None)),
            "job 3 still lays a out"
        );
        assert_eq!(cache.running_job(), Some(3));
    }

    #[test]
    fn frames_of_the_running_job_are_shown_while_it_settles() {
        use crate::app::floor::jobs::Jobs;
        let mut jobs: Jobs<Vec<f64>> = Jobs::new(Arc::new(|| {}));
        let mut cache = Layouts::new(2);
        assert!(cache.request(&"tsne").start);
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let stream = jobs.spawn_streaming(
            "t-SNE",
            true,
            |_| Vec::new(),
            move |_, publisher| {
                publisher.publish(vec![0.5]);
                let _ = gate.recv();
                vec![1.0]
            },
        );
        cache.started("tsne", stream.id, Some(stream));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !cache.take_streamed() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(matches!(cache.state(&"tsne"), State::Running(Some(frame)) if **frame == [0.5]));
        assert!(!cache.take_streamed(), "each frame is taken once");
        release.send(()).unwrap();
        let mut delivered = Vec::new();
        while delivered.is_empty() && std::time::Instant::now() < deadline {
            delivered = jobs.finished();
        }
        let (job, layout) = delivered.pop().expect("the job finished");
        cache.receive(job, "tsne", Ok(layout));
        assert!(matches!(cache.state(&"tsne"), State::Kept(v) if **v == [1.0]));
    }

    #[test]
    fn a_failure_is_not_retried_but_a_crash_is() {
        let mut cache = Layouts::new(2);
        start(&mut cache, "tsne 500", 1);
        let failure = ProjectionError::BadParameter("perplexity too large".into());
        cache.receive(1, "tsne 500", Err(failure.into()));
        assert!(matches!(
            cache.state(&"tsne 500"),
            State::Stopped(Stop::Failed(_))
        ));
        assert!(!cache.request(&"tsne 500").start, "it would fail again");

        start(&mut cache, "umap", 2);
        cache.receive(2, "umap", Err(Stop::Crashed("UMAP of 5 words".into())));
        assert!(matches!(
            cache.state(&"umap"),
            State::Stopped(Stop::Crashed(_))
        ));
        start(&mut cache, "umap", 3);
        assert!(matches!(cache.state(&"umap"), State::Running(None)));
        cache.receive(3, "umap", Ok(vec![2.0]));
        assert!(
            matches!(cache.state(&"umap"), State::Kept(_)),
            "and succeeds"
        );
    }

    #[test]
    fn only_a_few_values_are_kept_and_a_late_one_waits_for_switching_back() {
        let mut cache = Layouts::new(2);
        start(&mut cache, "a", 1);
        start(&mut cache, "b", 2);
        // "a" was stopped when "b" was asked for, but its result arrives anyway.
        cache.receive(1, "a", Ok(vec![1.0]));
        assert!(
            matches!(cache.state(&"b"), State::Running(None)),
            "b still runs"
        );
        assert!(matches!(cache.state(&"a"), State::Kept(_)));
        cache.receive(2, "b", Ok(vec![2.0]));
        start(&mut cache, "c", 3);
        cache.receive(3, "c", Ok(vec![3.0]));
        assert!(
            matches!(cache.state(&"a"), State::Unknown),
            "the oldest is forgotten"
        );
        assert!(cache.latest(&"b").is_some() && cache.latest(&"c").is_some());
    }

    #[test]
    fn start_cached_starts_once_stops_what_is_no_longer_wanted_and_delivers_crashes() {
        use crate::app::floor::jobs::Jobs;
        type Delivered = (&'static str, Result<Vec<f64>, String>);
        let deliver: fn(&'static str, Outcome<Vec<f64>>) -> Delivered = |key, outcome| {
            let outcome = outcome.map_err(|stop| match stop {
                Stop::Crashed(title) => format!("crashed: {title}"),
                other => format!("{other:?}"),
            });
            (key, outcome)
        };
        let mut jobs: Jobs<Delivered> = Jobs::new(Arc::new(|| {}));
        let mut cache = Layouts::new(2);
        // A layout that runs until it is cancelled (or gives up after 10 s).
        let started = start_cached(
            &mut cache,
            &mut jobs,
            "tsne",
            || "t-SNE".to_owned(),
            deliver,
            |_, progress, _| {
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
                while std::time::Instant::now() < deadline {
                    if progress.is_cancelled() {
                        return Err(ProjectionError::Cancelled);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Ok(vec![1.0])
            },
        );
        assert!(started);
        assert_eq!(cache.running_job(), Some(jobs.running()[0].id));
        let again = start_cached(
            &mut cache,
            &mut jobs,
            "tsne",
            String::new,
            deliver,
            |_, _, _| panic!("a key on its way gets no second job"),
        );
        assert!(!again);
        assert_eq!(jobs.running().len(), 1);

        // Another key stops the first job, which then says it was cancelled.
        let crashed = start_cached(
            &mut cache,
            &mut jobs,
            "umap",
            || "UMAP".into(),
            deliver,
            |_, _, _| panic!("a bug in the layout"),
        );
        assert!(crashed);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut delivered = Vec::new();
        while delivered.len() < 2 && std::time::Instant::now() < deadline {
            delivered.extend(jobs.finished().into_iter().map(|(_, output)| output));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        delivered.sort_by_key(|(key, _)| *key);
        assert_eq!(
            delivered,
            vec![
                ("tsne", Err("Cancelled".to_owned())),
                ("umap", Err("crashed: UMAP".to_owned())),
            ]
        );
    }
}
