//! Training a class can watch: a run that publishes what it has learnt as it goes. Ten times a
//! second a [`Snapshot`]: the status, the loss so far, the map of the frequent words (PCA of
//! their vectors, turned onto the previous frame so that it does not flip or spin, or t-SNE and
//! UMAP continued from it), the watch words' neighbours, the language teacher's prediction, the
//! update the trainer would take now, and the timeline: a [`Frame`] at the start and at every
//! 1 % of the run. The Train tab shows these; this module knows no window.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::update::{Update, sgd_update};
use super::{
    Checkpoints, Controls, Corpus, Eras, Peek, Status, TrainConfig, Trained, TrainingError,
};
use crate::progress::{ProgressSink, Silent};
use crate::projection::{Projection, TsneConfig, UmapConfig, align, tsne_from, umap_from};
use crate::vector::{dot, normalise};
use crate::words::lists::WordLists;

/// Words drawn on the training map.
const MAP_WORDS: usize = 300;
/// How often the map and the neighbours are recomputed while training.
const MAP_EVERY: Duration = Duration::from_millis(300);
const WATCH_NEIGHBOURS: usize = 5;
/// How long a run lasts at a class's pace, whatever the text and the machine (a machine that
/// cannot keep up runs at its own speed).
pub const CLASS_RUN_SECONDS: f64 = 45.0;
/// The timeline's frames: the start and every hundredth of the run. A frame holds the map's
/// places and the watch words' neighbours, about 6 KB: the timeline stays under 1 MB.
const TIMELINE_FRAMES: usize = 100;

/// How the training map lays its words out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MapLayout {
    /// Each frame turned onto the last by orthogonal Procrustes.
    #[default]
    Pca,
    /// Each frame continued from the last (warm-started), so that the map does not jump.
    Tsne,
    Umap,
}

impl MapLayout {
    pub fn name(self) -> &'static str {
        match self {
            MapLayout::Pca => "PCA",
            MapLayout::Tsne => "t-SNE",
            MapLayout::Umap => "UMAP",
        }
    }
}

/// Iterations (t-SNE) or epochs (UMAP) of each frame after the first, continued from the last.
const WARM_ITERATIONS: usize = 60;

/// How fast a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Pace {
    /// About [`CLASS_RUN_SECONDS`] a run, for a class to watch.
    Class,
    /// As fast as the machine goes.
    Full,
}

/// One step of training spelled out in words, for the language teacher.
#[derive(Debug, Clone)]
pub struct ExampleStep {
    pub words: Vec<String>,
    pub centre: usize,
    pub context: std::ops::Range<usize>,
    pub negatives: Vec<String>,
}

/// A watch word and its nearest words with their cosines; `None` when the vocabulary lacks it.
pub type Watched = (String, Option<Vec<(String, f32)>>);

/// What the map's words are: their lists' names and colours, for the legend.
#[derive(Debug, Clone, Default)]
pub struct MapLegend {
    /// The lists, by name, when the map shows word lists.
    pub lists: Vec<String>,
    /// For each map word (in the order of [`Snapshot::map`]), its list.
    pub list_of: Vec<Option<usize>>,
    /// Listed words the text's vocabulary lacks.
    pub missing: Vec<String>,
    /// The rank the map starts from, when it shows the most frequent words.
    pub from_rank: Option<usize>,
    pub layout: MapLayout,
}

/// The run as it was at one moment, kept for the timeline.
#[derive(Debug, Clone)]
pub struct Frame {
    pub words_done: u64,
    /// The share of the run done.
    pub fraction: f32,
    /// The map words' places, in the order of [`Snapshot::map`].
    pub map: Vec<[f64; 2]>,
    pub watch: Vec<Watched>,
    /// The teacher's σ(u·v) then.
    pub probability: Option<f64>,
}

/// What the training job publishes while it runs.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub status: Status,
    pub vocabulary: usize,
    /// (words processed, mean loss per pair).
    pub loss: Vec<[f64; 2]>,
    pub map: Vec<(String, [f64; 2])>,
    pub legend: Arc<MapLegend>,
    /// Each watch word and its nearest words now.
    pub watch: Vec<Watched>,
    /// The teacher's pair (word, context), when both are in the vocabulary, and
    /// (words processed, σ(u·v)) through the run.
    pub pair: Option<(String, String)>,
    pub probability: Vec<[f64; 2]>,
    pub example: Option<ExampleStep>,
    /// The timeline so far, in the order of the run.
    pub frames: Arc<Vec<Frame>>,
    /// The update the trainer would take now on each pair of the teacher's example (the
    /// context word, and the step).
    pub updates: Vec<(String, Update)>,
}

/// What the window changes in a running job.
#[derive(Default)]
pub struct Steering {
    pub paused: AtomicBool,
    /// Chunks asked for by Step while paused, not yet trained.
    pub steps: AtomicUsize,
}

/// The inputs a run takes, copied for the job thread.
pub struct RunInputs {
    pub path: PathBuf,
    pub config: TrainConfig,
    pub watch: Vec<String>,
    pub pair: (String, String),
    pub pace: Pace,
    /// The map's word lists, when it shows lists; else its first rank.
    pub map_lists: Option<String>,
    pub map_from_rank: usize,
    pub map_layout: MapLayout,
    /// Most word lists the map tells apart (as many as it has colours).
    pub map_most_lists: usize,
    /// Only the documents of these years (a text with a years file beside it, see [`Eras`]).
    pub years: Option<(u32, u32)>,
}

/// Reads the corpus, or the era of it `years` asks for.
fn read_corpus(inputs: &RunInputs, progress: &dyn ProgressSink) -> Result<Corpus, TrainingError> {
    let min_count = inputs.config.min_count;
    let Some((from, to)) = inputs.years else {
        return Corpus::read(&inputs.path, min_count, progress);
    };
    let eras = Eras::beside(&inputs.path)?.ok_or_else(|| TrainingError::Eras {
        path: inputs.path.clone(),
        reason: "has no years file beside it, so it cannot be split by years".into(),
    })?;
    let (lines, _) = eras.lines(from, to)?;
    Corpus::read_lines(&inputs.path, min_count, progress, lines)
}

/// A run as a class watches it: reads the corpus, trains, and publishes snapshots as it goes.
pub fn run(
    inputs: RunInputs,
    steering: &Steering,
    progress: &dyn ProgressSink,
    publish: &(dyn Fn(Snapshot) + Sync),
) -> Result<Trained, TrainingError> {
    read_corpus(&inputs, progress).and_then(|corpus| {
        let words_total = corpus.trained_words() * inputs.config.epochs as u64;
        // Looked at from the workers (the timeline's frames) and from this thread (snapshots).
        let observer = Mutex::new(Observer::new(&corpus, &inputs));
        let frame = |words_done: u64, peek: &Peek| {
            if let Ok(mut observer) = observer.lock() {
                observer.keep_frame(words_done, words_total, peek);
            }
        };
        let controls = Controls {
            steps: Some(&steering.steps),
            words_per_second: (inputs.pace == Pace::Class)
                .then(|| words_total as f64 / CLASS_RUN_SECONDS),
            checkpoints: Some(Checkpoints {
                count: TIMELINE_FRAMES,
                at: &frame,
            }),
            ..Controls::new(&steering.paused)
        };
        super::train_with(
            &corpus,
            &inputs.config,
            progress,
            &mut |status, peek| {
                if let Ok(mut observer) = observer.lock() {
                    observer.observe(status, peek, publish);
                }
            },
            &controls,
        )
    })
}

/// The map's words and their legend: the listed words found in the text (when lists are
/// asked for and at least three are found), else [`MAP_WORDS`] of the most frequent from the
/// chosen rank (or as far past the commonest as a small text allows).
fn map_words(corpus: &Corpus, inputs: &RunInputs) -> (Vec<usize>, MapLegend) {
    if let Some(text) = &inputs.map_lists {
        let lists = WordLists::parse_with(
            text,
            |word| corpus.index_of(word).map(|i| i as usize),
            inputs.map_most_lists,
        );
        let words = lists.words();
        let mut seen = std::collections::HashSet::new();
        let words: Vec<usize> = words.into_iter().filter(|w| seen.insert(*w)).collect();
        if words.len() >= 3 {
            return (
                words.clone(),
                MapLegend {
                    lists: lists.lists.iter().map(|l| l.name.clone()).collect(),
                    list_of: words.iter().map(|&w| lists.list_of(w)).collect(),
                    missing: lists
                        .lists
                        .iter()
                        .flat_map(|l| l.missing.iter().cloned())
                        .collect(),
                    from_rank: None,
                    layout: inputs.map_layout,
                },
            );
        }
    }
    let vocabulary = corpus.words.len();
    let from = if vocabulary >= inputs.map_from_rank + MAP_WORDS {
        inputs.map_from_rank
    } else {
        vocabulary.saturating_sub(MAP_WORDS)
    };
    let words: Vec<usize> = (from..(from + MAP_WORDS).min(vocabulary)).collect();
    let legend = MapLegend {
        list_of: vec![None; words.len()],
        from_rank: Some(from),
        layout: inputs.map_layout,
        ..MapLegend::default()
    };
    (words, legend)
}

/// Turns the trainer's reports into snapshots.
struct Observer<'c> {
    corpus: &'c Corpus,
    dim: usize,
    map_words: Vec<usize>,
    layout: MapLayout,
    legend: Arc<MapLegend>,
    watch: Vec<(String, Option<usize>)>,
    pair: Option<(u32, u32)>,
    example: Option<ExampleStep>,
    /// The teacher's example as vocabulary indices, for the update drawn.
    step: Option<super::Example>,
    loss: Vec<[f64; 2]>,
    probability: Vec<[f64; 2]>,
    map: Vec<[f64; 2]>,
    last_map: Option<Instant>,
    watched: Vec<Watched>,
    frames: Arc<Vec<Frame>>,
}

impl<'c> Observer<'c> {
    fn new(corpus: &'c Corpus, inputs: &RunInputs) -> Self {
        let index = |word: &str| corpus.index_of(word).map(|i| i as usize);
        let (map_words, legend) = map_words(corpus, inputs);
        let step = super::example(corpus, &inputs.config, inputs.config.seed);
        let example = step.as_ref().map(|step| {
            let word = |i: &u32| corpus.words[*i as usize].clone();
            ExampleStep {
                words: step.words.iter().map(word).collect(),
                centre: step.centre,
                context: step.context.clone(),
                negatives: step.negatives.iter().map(word).collect(),
            }
        });
        Self {
            corpus,
            dim: inputs.config.dim,
            map_words,
            layout: inputs.map_layout,
            legend: Arc::new(legend),
            watch: inputs.watch.iter().map(|w| (w.clone(), index(w))).collect(),
            pair: index(&inputs.pair.0)
                .zip(index(&inputs.pair.1))
                .map(|(w, c)| (w as u32, c as u32)),
            example,
            step,
            loss: Vec::new(),
            probability: Vec::new(),
            map: Vec::new(),
            last_map: None,
            watched: Vec::new(),
            frames: Arc::default(),
        }
    }

    /// Recomputes the map and the watch words' neighbours from the weights now.
    fn look(&mut self, peek: &Peek) {
        let mut vectors = peek.vectors();
        for row in vectors.chunks_mut(self.dim) {
            normalise(row);
        }
        self.update_map(&vectors);
        self.update_watch(&vectors);
    }

    /// A frame of the timeline: the map, the neighbours and the teacher's σ now.
    fn keep_frame(&mut self, words_done: u64, words_total: u64, peek: &Peek) {
        self.look(peek);
        let frame = Frame {
            words_done,
            fraction: (words_done as f64 / words_total.max(1) as f64).min(1.0) as f32,
            map: self.map.clone(),
            watch: self.watched.clone(),
            probability: self
                .pair
                .map(|(word, context)| f64::from(peek.probability(word, context))),
        };
        Arc::make_mut(&mut self.frames).push(frame);
    }

    fn observe(&mut self, status: &Status, peek: &Peek, publish: &dyn Fn(Snapshot)) {
        let words = status.words_done as f64;
        if status.loss.is_finite() {
            self.loss.push([words, status.loss]);
        }
        if let Some((word, context)) = self.pair {
            self.probability
                .push([words, f64::from(peek.probability(word, context))]);
        }
        let finished = status.words_done >= status.words_total;
        if finished || self.last_map.is_none_or(|t| t.elapsed() >= MAP_EVERY) {
            self.last_map = Some(Instant::now());
            self.look(peek);
        }
        publish(Snapshot {
            status: *status,
            vocabulary: self.corpus.words.len(),
            loss: self.loss.clone(),
            map: self
                .map_words
                .iter()
                .zip(&self.map)
                .map(|(&i, &p)| (self.corpus.words[i].clone(), p))
                .collect(),
            legend: self.legend.clone(),
            watch: self.watched.clone(),
            pair: self.pair.map(|(w, c)| {
                let word = |i: u32| self.corpus.words[i as usize].clone();
                (word(w), word(c))
            }),
            probability: self.probability.clone(),
            example: self.example.clone(),
            frames: self.frames.clone(),
            updates: self.updates(peek, status.alpha),
        });
    }

    /// The step the trainer would take now on each pair of the teacher's example: the
    /// context word's input vector against the centre word's output vector and the negatives'.
    fn updates(&self, peek: &Peek, alpha: f32) -> Vec<(String, Update)> {
        let Some(step) = &self.step else {
            return Vec::new();
        };
        let centre = step.words[step.centre];
        let Some(centre_output) = peek.output(centre) else {
            return Vec::new();
        };
        let negatives: Vec<Vec<f32>> = step
            .negatives
            .iter()
            .filter_map(|&n| peek.output(n))
            .collect();
        let mut targets: Vec<(&[f32], f32)> = vec![(&centre_output, 1.0)];
        targets.extend(negatives.iter().map(|n| (n.as_slice(), 0.0)));
        step.context
            .clone()
            .filter(|&position| position != step.centre)
            .filter_map(|position| {
                let word = step.words[position];
                let input = peek.input(word)?;
                Some((
                    self.corpus.words[word as usize].clone(),
                    sgd_update(&input, &targets, alpha),
                ))
            })
            .collect()
    }

    /// PCA of the map words' unit vectors, turned onto the previous layout.
    /// Lays the map words out again: PCA turned onto the last layout, or t-SNE or UMAP
    /// continued from it (a layout that fails keeps the last one).
    fn update_map(&mut self, unit: &[f32]) {
        let rows: Vec<&[f32]> = self
            .map_words
            .iter()
            .map(|&i| &unit[i * self.dim..(i + 1) * self.dim])
            .collect();
        let warm = (self.map.len() == rows.len()).then_some(self.map.as_slice());
        let n = rows.len();
        let layout = match self.layout {
            MapLayout::Pca => Projection::fit(rows.iter().copied(), self.dim).map(|projection| {
                let layout: Vec<[f64; 2]> =
                    rows.iter().map(|row| projection.project(row)).collect();
                match warm {
                    Some(last) => align(last, &layout),
                    None => layout,
                }
            }),
            MapLayout::Tsne => {
                let config = TsneConfig {
                    perplexity: (n as f64 / 4.0).clamp(2.0, 30.0),
                    iterations: if warm.is_some() { WARM_ITERATIONS } else { 500 },
                    ..TsneConfig::default()
                };
                tsne_from(&rows, self.dim, &config, warm, &Silent, &mut |_, _| {})
            }
            MapLayout::Umap => {
                let config = UmapConfig {
                    neighbors: 15.min(n.saturating_sub(1)).max(2),
                    epochs: Some(if warm.is_some() { WARM_ITERATIONS } else { 200 }),
                    ..UmapConfig::default()
                };
                umap_from(&rows, self.dim, &config, warm, &Silent, &mut |_, _| {})
            }
        };
        if let Ok(layout) = layout {
            self.map = layout;
        }
    }

    fn update_watch(&mut self, unit: &[f32]) {
        let dim = self.dim;
        self.watched = self
            .watch
            .iter()
            .map(|(word, index)| {
                let neighbours = index.map(|index| {
                    let query = &unit[index * dim..(index + 1) * dim];
                    let mut scored: Vec<(usize, f32)> = unit
                        .chunks(dim)
                        .enumerate()
                        .filter(|(i, _)| *i != index)
                        .map(|(i, row)| (i, dot(query, row)))
                        .collect();
                    let top = WATCH_NEIGHBOURS.min(scored.len());
                    if top > 0 {
                        scored.select_nth_unstable_by(top - 1, |a, b| b.1.total_cmp(&a.1));
                    }
                    scored.truncate(top);
                    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
                    scored
                        .into_iter()
                        .map(|(i, score)| (self.corpus.words[i].clone(), score))
                        .collect()
                });
                (word.clone(), neighbours)
            })
            .collect();
    }
}
