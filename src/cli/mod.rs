//! Argument parsing and dispatch; each command's work lives in the library. Every subcommand's
//! arguments are one clap struct, handed whole to the function that runs it.

mod align;
mod desktop;
mod images;
mod linear_algebra;
mod photo_words;
mod projection;
mod training;
mod words;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Parser, Subcommand, ValueEnum};
use embedding_explorer::app::lessons::Lesson;
use embedding_explorer::progress::{Progress, ProgressSink};
use embedding_explorer::words::{
    self as word_files, Format, LoadOptions, Loaded, formats::bundled,
};

/// `--json`, shared by every command that can print machine-readable output.
#[derive(Debug, Clone, Copy, Args)]
pub struct Output {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Which vectors the user asked for: options every command takes.
#[derive(Debug, Args)]
pub struct Source {
    /// Word vectors to use (GloVe, word2vec text or binary, fastText .vec, optionally .gz);
    /// default: the bundled GloVe 6B 100d top-50k set, or $EMBEDDING_EXPLORER_VECTORS.
    #[arg(long = "vectors", global = true, value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Read only the first N vectors of the file (like gensim's `limit`).
    #[arg(long, global = true, value_name = "N")]
    pub limit: Option<usize>,
    /// Read the vectors file as this format instead of detecting it.
    #[arg(long, global = true, value_enum)]
    pub format: Option<FormatArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Bundled,
    Glove,
    Word2vecText,
    Word2vecBin,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Bundled => Format::Bundled,
            FormatArg::Glove => Format::Glove,
            FormatArg::Word2vecText => Format::Word2VecText,
            FormatArg::Word2vecBin => Format::Word2VecBinary,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Google's analogy questions (a : b :: c : ?), scored as gensim does.
    Analogies(words::AnalogiesArgs),
    /// Correlation with human similarity scores (`word1<TAB>word2<TAB>score` lines).
    Pairs(words::PairsArgs),
    /// Photos placed among the words (ConSE) against the word a student would type for each:
    /// search by word and each photo's nearest words, naive class names vs WordNet's.
    Photos(photo_words::PhotosEvalArgs),
}

impl Source {
    /// The file the vectors are read from, whatever named it: `--vectors`, else
    /// `$EMBEDDING_EXPLORER_VECTORS`, else the bundled set. Outputs are checked against it.
    fn resolved_path(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(bundled::default_path)
    }

    /// Refuses the vectors options that `what` ("train", "the window") would ignore, saying
    /// `why`, rather than accepting them and doing nothing with them.
    fn refuse_ignored(&self, what: &str, why: &str, vectors_read: bool) -> anyhow::Result<()> {
        let given: Vec<&str> = [
            ("--vectors", self.path.is_some() && !vectors_read),
            ("--limit", self.limit.is_some()),
            ("--format", self.format.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect();
        if !given.is_empty() {
            bail!("{} would be ignored by {what}: {why}", given.join(" and "));
        }
        Ok(())
    }

    fn load(&self) -> anyhow::Result<Loaded> {
        let path = self.resolved_path();
        let options = LoadOptions {
            limit: self.limit,
            format: self.format.map(Format::from),
            ..LoadOptions::default()
        };
        let loaded = word_files::load(&path, &options)?;
        let report = &loaded.report;
        if report.duplicates > 0 {
            eprintln!(
                "note: {}: {} repeated words ignored (the first occurrence is kept)",
                path.display(),
                report.duplicates
            );
        }
        if report.lossy_words > 0 {
            eprintln!(
                "note: {}: {} words had invalid UTF-8 bytes, which were dropped",
                path.display(),
                report.lossy_words
            );
        }
        Ok(loaded)
    }
}

/// Prints `value` as pretty JSON on standard output: what every command's `--json` writes.
fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A progress line on stderr when it is a terminal (nothing when piped): what is counted, and
/// how far.
pub struct ProgressLine {
    terminal: bool,
    counting: &'static str,
}

impl ProgressLine {
    pub fn new(counting: &'static str) -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            counting,
        }
    }

    /// Removes the line, before the command prints its result.
    pub fn clear(&self) {
        if self.terminal {
            eprint!("\r\x1b[K");
        }
    }
}

impl ProgressSink for ProgressLine {
    fn report(&self, progress: Progress) {
        if self.terminal && progress.total > 0 {
            eprint!(
                "\r\x1b[K{} {}/{}",
                self.counting, progress.done, progress.total
            );
        }
    }

    fn is_cancelled(&self) -> bool {
        false
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "embedding-explorer",
    version,
    about = "See vector embeddings: word analogies, similarities and maps",
    after_help = "With no command, opens the explorer window on the bundled data."
)]
pub struct Cli {
    #[command(flatten)]
    vectors: Source,
    /// Open the explorer on a lesson saved from it (its vectors, questions, views and notes).
    #[arg(long, value_name = "LESSON")]
    open: Option<PathBuf>,
    /// A lesson (.eelesson, or .json as saved before) or a vectors file to open in the window,
    /// as a desktop launcher passes it.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Nearest words to a word or to word arithmetic: "king - man + woman".
    Similar(words::SimilarArgs),
    /// Cosine similarity of two words.
    Similarity(words::SimilarityArgs),
    /// The word that does not belong with the others.
    OddOneOut(words::OddOneOutArgs),
    /// Words placed on semantic axes: --x "he - she" [--y "poor - rich"] WORD...
    Axes(words::AxesArgs),
    /// Standard benchmarks: analogy questions and word-pair similarity.
    Eval {
        #[command(subcommand)]
        which: EvalCommand,
    },
    /// Size, format and load time of the vectors.
    Info(Output),
    /// ResNet-50 embeddings (2048-d) of images; folders are walked recursively.
    EmbedImages(images::EmbedArgs),
    /// The most probable ImageNet classes of images.
    Classify(images::ClassifyArgs),
    /// Cosine similarity of the embeddings of two images.
    CompareImages(images::CompareArgs),
    /// Photos ranked by how well they match a word or expression ("cat", "dog + snow").
    SearchImages(photo_words::SearchArgs),
    /// The words each photo sits nearest to, once placed among the words.
    ImageWords(photo_words::ImageWordsArgs),
    /// Train word2vec (skip-gram, negative sampling) on a text file; writes word2vec text.
    Train(training::TrainArgs),
    /// 2-D coordinates of the most frequent words (PCA or t-SNE) as CSV: word,x,y.
    Project(projection::ProjectArgs),
    /// Least squares of a word by others: TARGET ≈ Σ cᵢ·Wᵢ, with the rank and Gram–Schmidt.
    Span(linear_algebra::SpanArgs),
    /// Eigenvalues of the covariance of the most frequent words' unit vectors.
    Spectrum(linear_algebra::SpectrumArgs),
    /// Remove a direction (neutralize words, equalize pairs) and write the vectors.
    Debias(linear_algebra::DebiasArgs),
    /// Rotate one vector set into another's space (orthogonal Procrustes on their shared
    /// words): how well a rotation explains the difference.
    Align(align::AlignArgs),
    /// The shared words least like themselves once one set is rotated into the other's space,
    /// with their nearest words in each.
    Changed(align::ChangedArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell.
    Completions(desktop::CompletionsArgs),
    /// Write the manual pages, one per command, into a folder (as the package installs them).
    ManPages(desktop::ManPagesArgs),
}

impl Command {
    /// The command's name when it reads no word vectors (the global `--vectors`, `--limit` and
    /// `--format` mean nothing to it).
    fn reads_no_vectors(&self) -> Option<&'static str> {
        match self {
            Command::Train(_) => Some("train"),
            Command::EmbedImages(_) => Some("embed-images"),
            Command::Classify(_) => Some("classify"),
            Command::CompareImages(_) => Some("compare-images"),
            Command::Completions(_) => Some("completions"),
            Command::ManPages(_) => Some("man-pages"),
            _ => None,
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let source = cli.vectors;
    let Some(command) = cli.command else {
        // The window reads whole files and detects their format itself.
        source.refuse_ignored(
            "the window",
            "it reads the whole vectors file and detects its format (they go with a command)",
            true,
        )?;
        let (mut vectors, mut lesson) = (source.path, cli.open);
        match cli.file.map(desktop::opened_file).transpose()? {
            None => {}
            Some(_) if lesson.is_some() => bail!("give one lesson: FILE or --open, not both"),
            Some(desktop::Opened::Lesson(file)) => lesson = Some(file),
            Some(desktop::Opened::Vectors(_)) if vectors.is_some() => {
                bail!("give one vectors file: FILE or --vectors, not both")
            }
            Some(desktop::Opened::Vectors(file)) => vectors = Some(file),
        }
        // A lesson or vectors that cannot be opened are reported here, before any window.
        if let Some(lesson) = &lesson {
            Lesson::read(lesson)?;
        } else if let Some(vectors) = &vectors {
            desktop::check_vectors(vectors)?;
        }
        return embedding_explorer::app::run(embedding_explorer::app::StartOptions {
            vectors,
            lesson,
            ..Default::default()
        });
    };
    if cli.open.is_some() {
        bail!("--open opens a lesson in the window; it does not go with a command");
    }
    if let Some(file) = cli.file {
        bail!(
            "{}: a file to open goes alone (embedding-explorer FILE), not with a command",
            file.display()
        );
    }
    if let Some(name) = command.reads_no_vectors() {
        source.refuse_ignored(name, "it reads no word vectors", false)?;
    }
    match command {
        Command::Similar(args) => words::similar(&source, &args),
        Command::Similarity(args) => words::similarity(&source, &args),
        Command::OddOneOut(args) => words::odd_one_out(&source, &args),
        Command::Axes(args) => words::axes(&source, &args),
        Command::Eval { which } => match which {
            EvalCommand::Analogies(args) => words::eval_analogies(&source, &args),
            EvalCommand::Pairs(args) => words::eval_pairs(&source, &args),
            EvalCommand::Photos(args) => photo_words::eval_photos(&source, &args),
        },
        Command::Info(output) => words::info(&source, output),
        Command::EmbedImages(args) => images::embed(&args),
        Command::Classify(args) => images::classify(&args),
        Command::CompareImages(args) => images::compare(&args),
        Command::SearchImages(args) => photo_words::search_images(&source, &args),
        Command::ImageWords(args) => photo_words::image_words(&source, &args),
        Command::Train(args) => training::train_command(&args),
        Command::Project(args) => projection::project(&source, &args),
        Command::Span(args) => linear_algebra::span(&source, &args),
        Command::Spectrum(args) => linear_algebra::spectrum(&source, &args),
        Command::Debias(args) => linear_algebra::debias_command(&source, &args),
        Command::Align(args) => align::align(&source, &args),
        Command::Changed(args) => align::changed(&source, &args),
        Command::Completions(args) => desktop::completions(&args),
        Command::ManPages(args) => desktop::man_pages(&args),
    }
}
