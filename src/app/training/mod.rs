//! The Train tab: word2vec trained live on a text ([`crate::training::live`]), as a streaming
//! job started in [`jobs`]: at a class's pace (about 45 s a run) or at full speed; paused,
//! stepped a chunk at a time, resumed; its snapshots shown as they come, and its timeline
//! scrubbed back by the panel ([`panel`]).

mod curves;
mod jobs;
mod panel;
mod update_view;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::Action;
use super::floor::jobs::Stream;
use super::floor::messages::{AppError, Messages};
use super::map::MAX_LISTS;
use crate::assets::asset_path;
use crate::training::live::{Frame, MapLayout, Pace, RunInputs, Snapshot, Steering};
use crate::training::{TrainConfig, Trained, TrainingError};

/// The commonest words (the, of, and…) say little on a map: by default it starts after them.
const SKIPPED_COMMONEST: usize = 50;
/// Example word lists for the map of each bundled text: words used in like contexts that
/// training should bring together.
pub const MOBY_DICK_LISTS: &str = "\
crew: ahab starbuck stubb flask queequeg tashtego daggoo ishmael pip bildad peleg
the whale's body: head jaw teeth flukes tail spout blubber fin hump eye
the sea: sea ocean waves water deep tide waters
numbers: one two three four five six seven eight ten hundred thousand";
pub const STATE_OF_THE_UNION_LISTS: &str = "\
war: war army navy military forces troops soldiers
money: tax taxes revenue budget debt dollars treasury
nations: mexico spain france britain china japan russia germany
numbers: one two three four five six seven eight ten hundred thousand";

/// Which text to train on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CorpusChoice {
    MobyDick,
    StateOfTheUnion,
    File(PathBuf),
}

impl CorpusChoice {
    pub fn path(&self) -> PathBuf {
        match self {
            CorpusChoice::MobyDick => asset_path("corpora/moby-dick.txt.gz"),
            CorpusChoice::StateOfTheUnion => asset_path("corpora/sotu.txt.gz"),
            CorpusChoice::File(path) => path.clone(),
        }
    }

    pub fn name(&self) -> String {
        match self {
            CorpusChoice::MobyDick => "Moby-Dick".to_owned(),
            CorpusChoice::StateOfTheUnion => "State of the Union addresses".to_owned(),
            CorpusChoice::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            ),
        }
    }
}

/// The Train tab's inputs, which survive a restart.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TrainingSettings {
    pub corpus: CorpusChoice,
    pub config: TrainConfig,
    /// Words whose nearest neighbours are shown as they change.
    pub watch: String,
    /// The language teacher's pair: how likely the model finds `word` near `context`.
    pub word: String,
    pub context: String,
    pub pace: Pace,
    /// The map's words: the word lists (one per line, coloured) when set, else the most
    /// frequent words from this rank on.
    pub map_by_lists: bool,
    pub map_lists: String,
    pub map_from_rank: usize,
    pub map_layout: MapLayout,
    /// Only the addresses of these years, when the State of the Union is chosen: one era.
    pub years: Option<(u32, u32)>,
}

impl Default for TrainingSettings {
    fn default() -> Self {
        Self {
            corpus: CorpusChoice::MobyDick,
            config: TrainConfig::default(),
            pace: Pace::Class,
            map_by_lists: false,
            map_lists: MOBY_DICK_LISTS.to_owned(),
            map_from_rank: SKIPPED_COMMONEST,
            map_layout: MapLayout::default(),
            watch: "whale ship sea captain".into(),
            word: "sperm".into(),
            context: "whale".into(),
            years: None,
        }
    }
}

/// How a run ended.
pub enum RunEnd {
    /// Finished, or stopped with what it had learnt.
    Trained(Arc<Trained>),
    Failed(Arc<TrainingError>),
    /// The job died; the status bar says so.
    Crashed,
}

/// What the training job sends back at the end.
pub enum TrainingOutput {
    Finished(Result<Trained, TrainingError>),
    /// The training job crashed (its title).
    Crashed(String),
}

/// A run in progress or finished.
pub struct Run {
    pub corpus: String,
    pub stream: Stream<Snapshot>,
    pub steering: Arc<Steering>,
    pub latest: Option<Snapshot>,
    pub end: Option<RunEnd>,
    /// The timeline frame shown instead of the newest; `None`: follow the run live.
    pub scrubbed: Option<usize>,
}

impl Run {
    pub fn is_paused(&self) -> bool {
        self.steering.paused.load(Ordering::Relaxed)
    }

    /// The frame the timeline shows, when it is scrubbed back.
    pub fn shown_frame(&self) -> Option<&Frame> {
        self.latest.as_ref()?.frames.get(self.scrubbed?)
    }
}

/// The Train side of the app.
#[derive(Default)]
pub struct Training {
    pub settings: TrainingSettings,
    pub run: Option<Run>,
    /// The language teacher's update drawn.
    update_view: update_view::UpdateView,
}

impl Training {
    /// The job's id while it trains.
    pub fn running_job(&self) -> Option<u64> {
        self.run
            .as_ref()
            .filter(|run| run.end.is_none())
            .map(|run| run.stream.id)
    }

    /// A run has started.
    fn started(&mut self, stream: Stream<Snapshot>, steering: Arc<Steering>) {
        self.run = Some(Run {
            corpus: self.settings.corpus.name(),
            stream,
            steering,
            latest: None,
            end: None,
            scrubbed: None,
        });
    }

    /// Takes the newest snapshot of the running job.
    pub fn take_streamed(&mut self) {
        if let Some(run) = &mut self.run
            && let Some(snapshot) = run.stream.take_newest()
        {
            run.latest = Some(snapshot);
        }
    }

    /// Takes what a training job sends back; returns the work it calls for next.
    pub fn receive(&mut self, output: TrainingOutput, messages: &mut Messages) -> Vec<Action> {
        match output {
            TrainingOutput::Finished(result) => {
                let end = match result {
                    Ok(trained) => {
                        messages.info(if trained.complete {
                            format!(
                                "Trained {} words in {:.1} s",
                                trained.words.len(),
                                trained.elapsed.as_secs_f64()
                            )
                        } else {
                            "Training stopped; the vectors learnt so far are kept".to_owned()
                        });
                        RunEnd::Trained(Arc::new(trained))
                    }
                    Err(TrainingError::Cancelled) => {
                        messages.info("Training cancelled");
                        RunEnd::Failed(Arc::new(TrainingError::Cancelled))
                    }
                    Err(error) => {
                        let error = Arc::new(error);
                        messages.error(AppError::Training(error.clone()));
                        RunEnd::Failed(error)
                    }
                };
                self.finished(end);
                Vec::new()
            }
            TrainingOutput::Crashed(title) => {
                messages.error(AppError::Crashed(title));
                self.finished(RunEnd::Crashed);
                Vec::new()
            }
        }
    }

    /// The run ended (finished, stopped, failed or crashed).
    fn finished(&mut self, end: RunEnd) {
        self.take_streamed();
        if let Some(run) = &mut self.run {
            run.steering.paused.store(false, Ordering::Relaxed);
            run.end = Some(end);
        }
    }

    /// The vectors of the last run, if it produced any.
    pub fn trained(&self) -> Option<Arc<Trained>> {
        match self.run.as_ref()?.end.as_ref()? {
            RunEnd::Trained(trained) => Some(trained.clone()),
            RunEnd::Failed(_) | RunEnd::Crashed => None,
        }
    }

    /// True when no run is training.
    pub fn is_idle(&self) -> bool {
        self.running_job().is_none()
    }
}

impl TrainingSettings {
    pub fn inputs(&self) -> RunInputs {
        RunInputs {
            path: self.corpus.path(),
            config: self.config.clone(),
            watch: crate::words::split_list(&self.watch)
                .map(str::to_lowercase)
                .collect(),
            pair: (
                self.word.trim().to_lowercase(),
                self.context.trim().to_lowercase(),
            ),
            pace: self.pace,
            map_lists: self.map_by_lists.then(|| self.map_lists.clone()),
            map_from_rank: self.map_from_rank,
            map_layout: self.map_layout,
            map_most_lists: MAX_LISTS,
            years: self
                .years
                .filter(|_| self.corpus == CorpusChoice::StateOfTheUnion),
        }
    }
}
