//! `train`: word2vec skip-gram on a text file, with a progress line on a terminal and a summary.

use std::io::{IsTerminal, Write};
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::bail;
use clap::Args;
use serde_json::json;

use super::print_json;
use embedding_explorer::output::Output;
use embedding_explorer::progress::Silent;
use embedding_explorer::training::{
    Checkpoints, Controls, Corpus, Eras, Peek, Status, TrainConfig, train_with,
};

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// A plain-text file (UTF-8, optionally gzipped), e.g. assets/corpora/moby-dick.txt.gz.
    corpus: PathBuf,
    /// Where to write the vectors (word2vec text format, which gensim and --vectors read).
    #[arg(long, default_value = "vectors.txt")]
    out: PathBuf,
    /// Size of the vectors.
    #[arg(long, default_value_t = 100)]
    dim: usize,
    /// Largest distance between a word and a context word.
    #[arg(long, default_value_t = 5)]
    window: usize,
    /// Negative samples per (word, context) pair.
    #[arg(long, default_value_t = 5)]
    negative: usize,
    /// Leave out words seen fewer times.
    #[arg(long, default_value_t = 5)]
    min_count: u64,
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Frequent-word subsampling threshold (0 turns it off).
    #[arg(long, default_value_t = 1e-3)]
    sample: f64,
    /// Training threads; default: every core.
    #[arg(long)]
    threads: Option<usize>,
    /// Seed of the random numbers; with --threads 1 a run is reproducible bit for bit.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write how chosen word pairs' cosines change as training goes, as CSV
    /// `words_processed,pair,cosine` at the start and at 50 evenly spread points of the run
    /// (at most one per chunk of 10,000 words), for a spreadsheet to plot.
    #[arg(long, value_name = "FILE.csv", requires = "trace_pairs")]
    trace: Option<PathBuf>,
    /// The word pairs to trace, e.g. "ahab:captain,whale:sea" (lower case, as the corpus is read).
    #[arg(long, value_name = "PAIRS", requires = "trace")]
    trace_pairs: Option<String>,
    /// Train on these lines only, e.g. 1-203 (1-based, blank lines counted): one era of a text
    /// kept in date order, one document per line.
    #[arg(long, value_name = "FROM-TO", conflicts_with = "years")]
    lines: Option<String>,
    /// Train on the documents of these years only, e.g. 1790-1900, for a text with a
    /// NAME-years.tsv beside it (year, name, line), as the bundled State of the Union has.
    #[arg(long, value_name = "FROM-TO")]
    years: Option<String>,
    #[command(flatten)]
    output: super::Output,
}

/// "1790-1900" → (1790, 1900), the first no larger than the second; `what` names the option.
fn parse_range(text: &str, what: &str) -> anyhow::Result<(u64, u64)> {
    let parsed = text
        .split_once('-')
        .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
    match parsed {
        Some((from, to)) if from <= to => Ok((from, to)),
        _ => bail!("{what} \"{text}\": give two whole numbers, the first no larger, as FROM-TO"),
    }
}

/// The lines `--lines` or `--years` asks for, described for the summary; `None`: all.
fn lines_asked(args: &TrainArgs) -> anyhow::Result<Option<(RangeInclusive<u64>, String)>> {
    if let Some(text) = &args.lines {
        let (from, to) = parse_range(text, "--lines")?;
        if from == 0 {
            bail!("--lines counts from 1");
        }
        return Ok(Some((from..=to, format!("lines {from}-{to}"))));
    }
    let Some(text) = &args.years else {
        return Ok(None);
    };
    let (from, to) = parse_range(text, "--years")?;
    let Some(eras) = Eras::beside(&args.corpus)? else {
        bail!(
            "--years needs a years file beside {} (NAME-years.tsv: year, name, line per \
             document); give --lines instead",
            args.corpus.display()
        );
    };
    let year = |y: u64| u32::try_from(y).unwrap_or(u32::MAX);
    let (lines, documents) = eras.lines(year(from), year(to))?;
    Ok(Some((
        lines,
        format!("{documents} documents of {from}-{to}"),
    )))
}

/// Looks at the run that `--trace` writes: the start, then every fiftieth of the words.
const TRACE_POINTS: usize = 50;

/// `--trace-pairs` as typed: "ahab:captain, whale:sea" → [("ahab", "captain"), ("whale", "sea")].
fn parse_pairs(text: &str) -> anyhow::Result<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> = text
        .split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split(':').map(str::trim).collect::<Vec<_>>()[..] {
            [a, b] if !a.is_empty() && !b.is_empty() => {
                Ok((a.to_lowercase(), b.to_lowercase()))
            }
            _ => Err(anyhow::anyhow!(
                "--trace-pairs: \"{pair}\" is not a pair; write them as word:word, separated by commas"
            )),
        })
        .collect::<anyhow::Result<_>>()?;
    if pairs.is_empty() {
        bail!("--trace-pairs names no pair; write them as word:word, separated by commas");
    }
    Ok(pairs)
}

/// The trace's pairs as vocabulary indices, naming every word the corpus's vocabulary lacks
/// before any training.
fn pair_indices(
    pairs: &[(String, String)],
    corpus: &Corpus,
    min_count: u64,
) -> anyhow::Result<Vec<(u32, u32)>> {
    let missing: Vec<&str> = pairs
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .filter(|word| corpus.index_of(word).is_none())
        .collect();
    if !missing.is_empty() {
        bail!(
            "--trace-pairs: {} not in the vocabulary of {} (words seen at least {min_count} times)",
            missing.join(", "),
            corpus.path.display()
        );
    }
    Ok(pairs
        .iter()
        .filter_map(|(a, b)| Some((corpus.index_of(a)?, corpus.index_of(b)?)))
        .collect())
}

impl TrainArgs {
    fn config(&self) -> TrainConfig {
        let defaults = TrainConfig::default();
        TrainConfig {
            dim: self.dim,
            window: self.window,
            negative: self.negative,
            min_count: self.min_count,
            epochs: self.epochs,
            sample: self.sample,
            threads: self.threads.unwrap_or(defaults.threads),
            seed: self.seed,
            ..defaults
        }
    }
}

pub fn train_command(args: &TrainArgs) -> anyhow::Result<()> {
    let config = args.config();
    config.check()?;
    let pairs = args.trace_pairs.as_deref().map(parse_pairs).transpose()?;
    let asked = lines_asked(args)?;
    // Checked before the work: never over the corpus, and a folder that takes the file.
    let out = Output::create(&args.out, &[&args.corpus])?;
    let trace_out = args
        .trace
        .as_ref()
        .map(|path| {
            if embedding_explorer::output::same_destination(path, &args.out) {
                bail!(
                    "--trace {} and --out {} are the same file: the vectors would replace the \
                     trace",
                    path.display(),
                    args.out.display()
                );
            }
            Ok(Output::create(path, &[&args.corpus])?)
        })
        .transpose()?;
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        eprint!("reading {}…", args.corpus.display());
    }
    let corpus = match &asked {
        Some((lines, _)) => {
            Corpus::read_lines(&args.corpus, config.min_count, &Silent, lines.clone())?
        }
        None => Corpus::read(&args.corpus, config.min_count, &Silent)?,
    };
    if terminal {
        eprint!("\r\x1b[K");
    }
    if corpus.replaced > 0 {
        eprintln!(
            "note: {}: {} invalid UTF-8 sequences were read as \u{FFFD} (is it another encoding?)",
            args.corpus.display(),
            corpus.replaced
        );
    }
    let traced = match &pairs {
        Some(pairs) => pair_indices(pairs, &corpus, config.min_count)?,
        None => Vec::new(),
    };
    let mut line = ProgressLine::new(terminal, config.epochs);
    let paused = AtomicBool::new(false);
    let looks = Mutex::new(Vec::new());
    let look = |words: u64, peek: &Peek| {
        let cosines: Vec<f32> = traced.iter().map(|&(a, b)| peek.cosine(a, b)).collect();
        if let Ok(mut looks) = looks.lock() {
            looks.push((words, cosines));
        }
    };
    let controls = Controls {
        checkpoints: trace_out.is_some().then_some(Checkpoints {
            count: TRACE_POINTS,
            at: &look,
        }),
        ..Controls::new(&paused)
    };
    let trained = train_with(
        &corpus,
        &config,
        &Silent,
        &mut |status, _| line.show(status),
        &controls,
    )?;
    line.finish();
    if let (Some(trace), Some(pairs)) = (trace_out, &pairs) {
        let mut looks = looks.into_inner().unwrap_or_default();
        looks.sort_by_key(|(words, _)| *words);
        let path = trace.path().to_owned();
        trace.commit_with(|out| write_trace(out, pairs, &looks))?;
        eprintln!(
            "wrote {}: {} pair{} at {} points of the run",
            path.display(),
            pairs.len(),
            if pairs.len() == 1 { "" } else { "s" },
            looks.len()
        );
    }
    out.commit_with(|out| trained.write_word2vec(out))?;

    let seconds = trained.elapsed.as_secs_f64();
    let words_per_second = corpus.trained_words() as f64 * config.epochs as f64 / seconds.max(1e-9);
    let final_loss = trained.losses.last().map(|(_, loss)| *loss);
    if args.output.json {
        return print_json(&json!({
            "corpus": args.corpus,
            "part": asked.as_ref().map(|(_, part)| part.clone()),
            "out": args.out,
            "vocabulary": corpus.words.len(),
            "corpus_words": corpus.raw_words,
            "replaced_invalid_utf8": corpus.replaced,
            "trained_words_per_epoch": corpus.trained_words(),
            "epochs": config.epochs,
            "dim": config.dim,
            "threads": config.threads,
            "seconds": seconds,
            "words_per_second": words_per_second,
            "final_loss": final_loss,
        }));
    }
    let mut out = std::io::stdout().lock();
    let part = asked.map_or(String::new(), |(_, part)| format!(" ({part})"));
    writeln!(
        out,
        "trained {} epochs on {}{part}: {} words in the vocabulary (seen at least {} times) of {} \
         distinct in {} words",
        config.epochs,
        args.corpus.display(),
        corpus.words.len(),
        config.min_count,
        corpus.distinct_words,
        corpus.raw_words,
    )?;
    writeln!(
        out,
        "{} dims, {} threads, {:.1} s ({:.0} words/s), final loss {}",
        config.dim,
        config.threads,
        seconds,
        words_per_second,
        final_loss.map_or("n/a".to_owned(), |l| format!("{l:.3}")),
    )?;
    writeln!(out, "wrote {}", args.out.display())?;
    Ok(())
}

/// The trace as CSV: one row per look and pair, the pair written `a:b`.
fn write_trace(
    out: &mut impl Write,
    pairs: &[(String, String)],
    looks: &[(u64, Vec<f32>)],
) -> std::io::Result<()> {
    writeln!(out, "words_processed,pair,cosine")?;
    for (words, cosines) in looks {
        for ((a, b), cosine) in pairs.iter().zip(cosines) {
            writeln!(out, "{words},{a}:{b},{cosine:.6}")?;
        }
    }
    Ok(())
}

/// One line on stderr, redrawn in place, when stderr is a terminal; nothing when piped.
struct ProgressLine {
    terminal: bool,
    epochs: usize,
}

impl ProgressLine {
    fn new(terminal: bool, epochs: usize) -> Self {
        Self { terminal, epochs }
    }

    fn show(&mut self, status: &Status) {
        if !self.terminal {
            return;
        }
        let loss = if status.loss.is_finite() {
            format!("{:.3}", status.loss)
        } else {
            "…".to_owned()
        };
        eprint!(
            "\r\x1b[Kepoch {}/{}  {:>3.0}%  {:.0} words/s  loss {loss}  ETA {}",
            status.epoch,
            self.epochs,
            100.0 * status.fraction(),
            status.words_per_second(),
            clock(status.remaining()),
        );
    }

    fn finish(&self) {
        if self.terminal {
            eprint!("\r\x1b[K");
        }
    }
}

/// 83 s → "1:23".
fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
