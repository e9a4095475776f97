//! Argument parsing and dispatch; each command's work lives in the library. Every subcommand's
//! arguments are one clap struct, handed whole to the function that runs it.

mod images;
mod photo_words;
mod projection;
mod training;
mod words;

use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Parser, Subcommand};
use embedding_explorer::app::lessons::Lesson;

/// `--json`, shared by every command that can print machine-readable output.
#[derive(Debug, Clone, Copy, Args)]
pub struct Output {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
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
    vectors: words::Source,
    /// Open the explorer on a lesson saved from it (its vectors, questions, views and notes).
    #[arg(long, value_name = "LESSON.json")]
    open: Option<PathBuf>,
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
        which: words::EvalCommand,
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
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let source = cli.vectors;
    let Some(command) = cli.command else {
        // A lesson that cannot be opened is reported here, before any window opens.
        if let Some(lesson) = &cli.open {
            Lesson::read(lesson)?;
        }
        return embedding_explorer::app::run(embedding_explorer::app::StartOptions {
            vectors: source.path,
            lesson: cli.open,
            ..Default::default()
        });
    };
    if cli.open.is_some() {
        bail!("--open opens a lesson in the window; it does not go with a command");
    }
    match command {
        Command::Similar(args) => words::similar(&source, &args),
        Command::Similarity(args) => words::similarity(&source, &args),
        Command::OddOneOut(args) => words::odd_one_out(&source, &args),
        Command::Axes(args) => words::axes(&source, &args),
        Command::Eval { which } => match which {
            words::EvalCommand::Analogies(args) => words::eval_analogies(&source, &args),
            words::EvalCommand::Pairs(args) => words::eval_pairs(&source, &args),
            words::EvalCommand::Photos(args) => photo_words::eval_photos(&source, &args),
        },
        Command::Info(output) => words::info(&source, output),
        Command::EmbedImages(args) => images::embed(&args),
        Command::Classify(args) => images::classify(&args),
        Command::CompareImages(args) => images::compare(&args),
        Command::SearchImages(args) => photo_words::search_images(&source, &args),
        Command::ImageWords(args) => photo_words::image_words(&source, &args),
        Command::Train(args) => training::train_command(&args),
        Command::Project(args) => projection::project(&source, &args),
    }
}
