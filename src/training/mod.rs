//! How embeddings are made: word2vec's skip-gram with negative sampling trained on a text, with
//! the loss, progress and snapshots of the vectors reported while it runs, so that the app can
//! show the map forming and the CLI a progress line.
//!
//! The defaults and the algorithm follow gensim's `Word2Vec(sg=1)`: vocabulary by `min_count`,
//! frequent-word subsampling by `sample`, a dynamic window, unigram^0.75 negatives, a learning
//! rate decaying linearly from 0.025 to 0.0001 over all epochs, Hogwild threads. With one thread
//! and a seed, a run is reproducible bit for bit.

pub mod corpus;
pub mod eras;
mod error;
pub mod live;
mod sgns;
pub mod update;

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use corpus::{Corpus, tokenize};
pub use eras::Eras;
pub use error::TrainingError;

use crate::progress::{Progress, ProgressSink};
use crate::words::WordVectors;
use sgns::{Shared, Step, Tables, Weights, Worker};

/// Sentences are handed to threads in chunks of about this many words (gensim's batch).
const CHUNK_WORDS: usize = 10_000;
/// Chunks of a paced run: small, so that a map watched at a class's pace moves smoothly.
const PACED_CHUNK_WORDS: usize = 1_000;
/// How often the observer hears how training goes.
const REPORT_EVERY: Duration = Duration::from_millis(100);
/// Largest vector size accepted: published embeddings use at most a few thousand.
const MAX_DIM: usize = 10_000;

/// The parameters of a run, gensim's names and defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// Size of the vectors.
    pub dim: usize,
    /// Largest distance between a word and a context word.
    pub window: usize,
    /// Negative samples per (word, context) pair.
    pub negative: usize,
    /// Words seen fewer times are left out.
    pub min_count: u64,
    pub epochs: usize,
    /// Frequent-word subsampling threshold (0 turns it off).
    pub sample: f64,
    /// Learning rate at the start and at the end.
    pub alpha: f32,
    pub min_alpha: f32,
    pub threads: usize,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            dim: 100,
            window: 5,
            negative: 5,
            min_count: 5,
            epochs: 5,
            sample: 1e-3,
            alpha: 0.025,
            min_alpha: 0.0001,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            seed: 1,
        }
    }
}

impl TrainConfig {
    /// Refuses parameters that cannot train anything, or would take absurd time or memory.
    pub fn check(&self) -> Result<(), TrainingError> {
        let bad = |message: String| Err(TrainingError::BadParameter(message));
        if !(1..=MAX_DIM).contains(&self.dim) {
            return bad(format!(
                "dim must be between 1 and {MAX_DIM} (it is {})",
                self.dim
            ));
        }
        if !(1..=100).contains(&self.window) {
            return bad(format!(
                "window must be between 1 and 100 (it is {})",
                self.window
            ));
        }
        if !(1..=100).contains(&self.negative) {
            return bad(format!(
                "negative must be between 1 and 100 (it is {})",
                self.negative
            ));
        }
        if !(1..=1000).contains(&self.epochs) {
            return bad(format!(
                "epochs must be between 1 and 1000 (it is {})",
                self.epochs
            ));
        }
        if self.min_count == 0 {
            return bad("min-count must be at least 1".into());
        }
        if !(self.sample.is_finite() && (0.0..1.0).contains(&self.sample)) {
            return bad(format!("sample must be in [0, 1) (it is {})", self.sample));
        }
        let rates = self.alpha.is_finite() && self.min_alpha.is_finite();
        if !(rates
            && self.alpha > 0.0
            && self.alpha <= 1.0
            && (0.0..=self.alpha).contains(&self.min_alpha))
        {
            return bad(format!(
                "the learning rate must satisfy 0 ≤ min_alpha ≤ alpha ≤ 1 (alpha {}, min_alpha {})",
                self.alpha, self.min_alpha
            ));
        }
        if !(1..=256).contains(&self.threads) {
            return bad(format!(
                "threads must be between 1 and 256 (it is {})",
                self.threads
            ));
        }
        Ok(())
    }
}

/// How training is going.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Status {
    /// Corpus words processed, over all epochs.
    pub words_done: u64,
    pub words_total: u64,
    /// The epoch under way, from 1.
    pub epoch: usize,
    pub alpha: f32,
    /// Mean loss per (word, context) pair since the previous status.
    pub loss: f64,
    pub elapsed: Duration,
}

impl Status {
    pub fn words_per_second(&self) -> f64 {
        self.words_done as f64 / self.elapsed.as_secs_f64().max(1e-6)
    }

    /// Time left at the speed so far.
    pub fn remaining(&self) -> Duration {
        let left = self.words_total.saturating_sub(self.words_done) as f64;
        Duration::from_secs_f64(left / self.words_per_second().max(1e-6))
    }

    pub fn fraction(&self) -> f32 {
        (self.words_done as f64 / self.words_total.max(1) as f64) as f32
    }
}

/// The vectors a run produced.
pub struct Trained {
    pub words: Vec<String>,
    pub counts: Vec<u64>,
    /// Row-major input vectors, `words.len() × dim`.
    pub vectors: Vec<f32>,
    pub dim: usize,
    /// (words processed, mean loss per pair) of each chunk of about 10,000 words.
    pub losses: Vec<(u64, f64)>,
    pub elapsed: Duration,
    /// False when the run was stopped before its last epoch.
    pub complete: bool,
}

impl Trained {
    /// The vectors as the app and the queries use them.
    pub fn word_vectors(&self) -> WordVectors {
        let rows = self.vectors.chunks(self.dim.max(1));
        let pairs = self.words.iter().map(String::as_str).zip(rows);
        WordVectors::from_pairs(self.dim, pairs).expect("every row has dim values")
    }

    /// Writes word2vec's text format (a `count dim` header, then `word v1 v2 …` per line), which
    /// gensim's `KeyedVectors.load_word2vec_format` and this app's loader read.
    pub fn write_word2vec(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "{} {}", self.words.len(), self.dim)?;
        for (word, row) in self.words.iter().zip(self.vectors.chunks(self.dim.max(1))) {
            out.write_all(word.as_bytes())?;
            for value in row {
                write!(out, " {value}")?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// A look at the weights while the threads train them (a row may be caught mid-update).
pub struct Peek<'a> {
    shared: &'a Shared,
}

impl Peek<'_> {
    /// A copy of the embeddings (the input vectors) as they are now, row-major.
    pub fn vectors(&self) -> Vec<f32> {
        self.shared.snapshot()
    }

    /// What the network predicts now for `word` appearing near `context`: σ(u·v), the
    /// context's input vector against the word's output vector.
    pub fn probability(&self, word: u32, context: u32) -> f32 {
        self.shared.probability(word, context)
    }

    /// The cosine of two words' embeddings now.
    pub fn cosine(&self, a: u32, b: u32) -> f32 {
        self.shared.cosine(a, b)
    }

    /// A copy of a word's input vector (its embedding) now.
    pub fn input(&self, word: u32) -> Option<Vec<f32>> {
        self.shared.input_row(word)
    }

    /// A copy of a word's output vector (the one it is predicted by) now.
    pub fn output(&self, word: u32) -> Option<Vec<f32>> {
        self.shared.output_row(word)
    }
}

/// Evenly spread looks at a run, whatever its speed: `at` hears the number of words processed
/// and sees the weights at the start, then once each time the run passes another of `count`
/// equal shares of its words (from the worker that passed it, so at most once per chunk of
/// about 10,000 words: a pass over several shares at once is one look).
pub struct Checkpoints<'a> {
    pub count: usize,
    pub at: &'a (dyn Fn(u64, &Peek) + Sync),
}

/// How a run is steered while it trains, beyond its parameters.
pub struct Controls<'a> {
    /// While set, the workers wait between chunks.
    pub paused: &'a AtomicBool,
    /// Chunks to train while paused, one each (a class's "Step"); taken as they are trained.
    pub steps: Option<&'a AtomicUsize>,
    /// At most this many words a second (time paused not counted), in chunks of 1,000 words
    /// so that a watched map moves smoothly; `None`: as fast as the machine goes.
    pub words_per_second: Option<f64>,
    pub checkpoints: Option<Checkpoints<'a>>,
}

impl<'a> Controls<'a> {
    /// Full speed, no steps, no checkpoints.
    pub fn new(paused: &'a AtomicBool) -> Self {
        Self {
            paused,
            steps: None,
            words_per_second: None,
            checkpoints: None,
        }
    }

    /// Whether a step was asked for, taking it.
    fn take_step(&self) -> bool {
        self.steps.is_some_and(|steps| {
            steps
                .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
        })
    }
}

/// [`train_with`] at full speed, without steps or checkpoints.
pub fn train(
    corpus: &Corpus,
    config: &TrainConfig,
    progress: &dyn ProgressSink,
    paused: &AtomicBool,
    observe: &mut dyn FnMut(&Status, &Peek),
) -> Result<Trained, TrainingError> {
    train_with(corpus, config, progress, observe, &Controls::new(paused))
}

/// Trains on `corpus`. `observe` hears the status about every 100 ms, from the calling thread,
/// with a [`Peek`] at the weights (for a live map); while `paused` is set the workers wait
/// between chunks; cancelling through `progress` stops the run early and returns what it has
/// learnt, marked incomplete. `controls` pace the run, step it while paused, and look at the
/// weights at evenly spread points of it.
pub fn train_with(
    corpus: &Corpus,
    config: &TrainConfig,
    progress: &dyn ProgressSink,
    observe: &mut dyn FnMut(&Status, &Peek),
    controls: &Controls,
) -> Result<Trained, TrainingError> {
    let paused = controls.paused;
    let checkpoints = controls.checkpoints.as_ref();
    config.check()?;
    let vocabulary = corpus.words.len();
    let bytes = (vocabulary as u64)
        .saturating_mul(config.dim as u64)
        .saturating_mul(8);
    if crate::words::formats::memory_budget().is_some_and(|budget| bytes > budget) {
        return Err(TrainingError::BadParameter(format!(
            "{vocabulary} words × {} dimensions need {} MB, more than the memory available: \
             lower dim or raise min-count",
            config.dim,
            bytes >> 20
        )));
    }
    let tables = Tables::new(corpus, config.sample);
    let mut weights = Weights::new(vocabulary, config.dim, config.seed);
    let shared = Shared::new(&mut weights);
    let chunks = chunks(
        corpus,
        if controls.words_per_second.is_some() {
            PACED_CHUNK_WORDS
        } else {
            CHUNK_WORDS
        },
    );
    let words_total = corpus.trained_words() * config.epochs as u64;
    let jobs = chunks.len() * config.epochs;

    let done = AtomicU64::new(0);
    let next_job = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let loss = Mutex::new(LossLog::default());
    // The next share of the run a checkpoint looks at (the start, share 0, is looked at here).
    let next_checkpoint = AtomicUsize::new(1);
    // Words the pace allows so far; grown by this thread while the run is not paused.
    let allowed = AtomicU64::new(if controls.words_per_second.is_some() {
        0
    } else {
        u64::MAX
    });
    if let Some(checkpoints) = checkpoints {
        (checkpoints.at)(0, &Peek { shared: &shared });
    }
    let start = Instant::now();
    let alpha_at = |done: u64| {
        let progress = done as f64 / words_total.max(1) as f64;
        (config.alpha - (config.alpha - config.min_alpha) * progress as f32).max(config.min_alpha)
    };

    std::thread::scope(|scope| {
        for thread in 0..config.threads {
            let (tables, chunks, done, next_job, finished, stop, loss, next_checkpoint, allowed) = (
                &tables,
                &chunks,
                &done,
                &next_job,
                &finished,
                &stop,
                &loss,
                &next_checkpoint,
                &allowed,
            );
            scope.spawn(move || {
                let seed = config
                    .seed
                    .wrapping_add(thread as u64 * 0x9E37_79B9_7F4A_7C15);
                let mut worker = Worker::new(seed, config.dim);
                while !stop.load(Ordering::Relaxed) {
                    let waiting = if paused.load(Ordering::Relaxed) {
                        !controls.take_step()
                    } else {
                        done.load(Ordering::Relaxed) >= allowed.load(Ordering::Relaxed)
                    };
                    if waiting {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                    let job = next_job.fetch_add(1, Ordering::Relaxed);
                    if job >= jobs {
                        break;
                    }
                    let chunk = &chunks[job % chunks.len()];
                    let alpha = alpha_at(done.load(Ordering::Relaxed));
                    let (mut chunk_loss, mut pairs) = (0.0, 0);
                    let step = Step {
                        tables,
                        shared: &shared,
                        window: config.window,
                        negative: config.negative,
                        alpha,
                    };
                    for sentence in chunk.sentences(corpus) {
                        let (l, p) = worker.train_sentence(sentence, &step);
                        chunk_loss += l;
                        pairs += p;
                    }
                    let words_done = done.fetch_add(chunk.words, Ordering::Relaxed) + chunk.words;
                    if let Ok(mut log) = loss.lock() {
                        log.add(words_done, chunk_loss, pairs);
                    }
                    if let Some(checkpoints) = checkpoints {
                        let passed = (u128::from(words_done.min(words_total))
                            * checkpoints.count as u128
                            / u128::from(words_total.max(1)))
                            as usize;
                        let next = next_checkpoint.load(Ordering::Relaxed);
                        // One look for every share passed since the last, by whichever worker
                        // claims them.
                        if next <= passed
                            && next_checkpoint
                                .compare_exchange(
                                    next,
                                    passed + 1,
                                    Ordering::AcqRel,
                                    Ordering::Relaxed,
                                )
                                .is_ok()
                        {
                            (checkpoints.at)(words_done, &Peek { shared: &shared });
                        }
                    }
                }
                finished.fetch_add(1, Ordering::Relaxed);
            });
        }

        // This thread paces, reports and listens for cancel while the workers train.
        let mut last_report = Instant::now();
        let mut last_pace = Instant::now();
        loop {
            if let Some(rate) = controls.words_per_second {
                let now = Instant::now();
                if !paused.load(Ordering::Relaxed) {
                    let grant = (rate * (now - last_pace).as_secs_f64()).round() as u64;
                    allowed.fetch_add(grant.max(1), Ordering::Relaxed);
                }
                last_pace = now;
            }
            let all_done = finished.load(Ordering::Relaxed) == config.threads;
            if !all_done && last_report.elapsed() < REPORT_EVERY {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            last_report = Instant::now();
            if progress.is_cancelled() {
                stop.store(true, Ordering::Relaxed);
            }
            let words_done = done.load(Ordering::Relaxed);
            let (loss_sum, pairs) = loss
                .lock()
                .map(|mut log| std::mem::take(&mut log.since_report))
                .unwrap_or_default();
            let status = Status {
                words_done,
                words_total,
                epoch: (words_done * config.epochs as u64 / words_total.max(1)) as usize + 1,
                alpha: alpha_at(words_done),
                loss: if pairs > 0 {
                    loss_sum / pairs as f64
                } else {
                    f64::NAN
                },
                elapsed: start.elapsed(),
            };
            let status = Status {
                epoch: status.epoch.min(config.epochs),
                ..status
            };
            progress.report(Progress {
                done: words_done,
                total: words_total,
            });
            observe(&status, &Peek { shared: &shared });
            if all_done {
                break;
            }
        }
    });

    let complete = done.load(Ordering::Relaxed) >= words_total;
    if !complete && done.load(Ordering::Relaxed) == 0 {
        return Err(TrainingError::Cancelled);
    }
    let losses = loss.into_inner().map(|log| log.history).unwrap_or_default();
    if losses.is_empty() {
        return Err(TrainingError::NothingTrained {
            subsampled: tables.kept_share(corpus) < 0.01,
        });
    }
    if !weights.input.iter().all(|v| v.is_finite()) {
        return Err(TrainingError::Diverged);
    }
    Ok(Trained {
        words: corpus.words.clone(),
        counts: corpus.counts.clone(),
        vectors: weights.input,
        dim: config.dim,
        losses,
        elapsed: start.elapsed(),
        complete,
    })
}

/// The loss as the workers report it, chunk by chunk.
#[derive(Default)]
struct LossLog {
    /// Loss summed over pairs, and pairs, since the observer last looked.
    since_report: (f64, u64),
    /// (words processed, mean loss per pair) of every chunk.
    history: Vec<(u64, f64)>,
}

impl LossLog {
    fn add(&mut self, words_done: u64, loss: f64, pairs: u64) {
        self.since_report.0 += loss;
        self.since_report.1 += pairs;
        if pairs > 0 {
            self.history.push((words_done, loss / pairs as f64));
        }
    }
}

/// One step of training, laid out for the language teacher: a stretch of a sentence, its
/// centre word, the context window around it, and negative samples drawn for it.
pub struct Example {
    /// Vocabulary indices of the words shown.
    pub words: Vec<u32>,
    pub centre: usize,
    /// Positions in `words` of the context, the centre excluded.
    pub context: std::ops::Range<usize>,
    pub negatives: Vec<u32>,
}

/// A step as training would take it from a sentence picked by `seed`, with `config`'s window
/// (at its widest) and negatives.
pub fn example(corpus: &Corpus, config: &TrainConfig, seed: u64) -> Option<Example> {
    const SHOWN: usize = 16;
    let mut rng = sgns::Lcg::new(seed);
    let sentences: Vec<&[u32]> = corpus.sentences().filter(|s| s.len() >= 3).collect();
    let sentence = sentences.get((rng.next() % sentences.len().max(1) as u64) as usize)?;
    let centre = (rng.next() % sentence.len() as u64) as usize;
    let start = centre
        .saturating_sub(SHOWN / 2)
        .min(sentence.len().saturating_sub(SHOWN));
    let words = sentence[start..(start + SHOWN).min(sentence.len())].to_vec();
    let centre = centre - start;
    let context =
        centre.saturating_sub(config.window)..(centre + config.window + 1).min(words.len());
    let tables = Tables::new(corpus, config.sample);
    let negatives = (0..config.negative)
        .map(|_| tables.negative(&mut rng))
        .collect();
    Some(Example {
        words,
        centre,
        context,
        negatives,
    })
}

/// Consecutive sentences holding about a chunk's words ([`CHUNK_WORDS`], or
/// [`PACED_CHUNK_WORDS`] in a paced run).
struct Chunk {
    sentences: std::ops::Range<usize>,
    words: u64,
}

impl Chunk {
    fn sentences<'c>(&self, corpus: &'c Corpus) -> impl Iterator<Item = &'c [u32]> {
        self.sentences.clone().map(|k| {
            let start = if k == 0 {
                0
            } else {
                corpus.sentence_ends[k - 1]
            };
            &corpus.tokens[start..corpus.sentence_ends[k]]
        })
    }
}

fn chunks(corpus: &Corpus, chunk_words: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let (mut first, mut start_token) = (0, 0);
    for (k, &end) in corpus.sentence_ends.iter().enumerate() {
        if end - start_token >= chunk_words || k + 1 == corpus.sentence_ends.len() {
            chunks.push(Chunk {
                sentences: first..k + 1,
                words: (end - start_token) as u64,
            });
            (first, start_token) = (k + 1, end);
        }
    }
    chunks
}

#[cfg(test)]
mod tests;
