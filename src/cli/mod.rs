//! Argument parsing and dispatch; each command's work lives in the library.

mod images;
mod words;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use embedding_explorer::images::DeviceChoice;
use embedding_explorer::words::Format;

#[derive(Debug, Parser)]
#[command(
    name = "embedding-explorer",
    version,
    about = "See vector embeddings: word analogies, similarities and maps",
    after_help = "With no command, opens the explorer window on the bundled data."
)]
pub struct Cli {
    /// Word vectors to use (GloVe, word2vec text or binary, fastText .vec, optionally .gz);
    /// default: the bundled GloVe 6B 100d top-50k set, or $EMBEDDING_EXPLORER_VECTORS.
    #[arg(long, global = true, value_name = "PATH")]
    vectors: Option<PathBuf>,
    /// Read only the first N vectors of the file (like gensim's `limit`).
    #[arg(long, global = true, value_name = "N")]
    limit: Option<usize>,
    /// Read the vectors file as this format instead of detecting it.
    #[arg(long, global = true, value_enum)]
    format: Option<FormatArg>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Nearest words to a word or to word arithmetic: "king - man + woman".
    Similar {
        /// A word or an expression such as "king - man + woman" (quote it).
        #[arg(allow_hyphen_values = true)]
        expression: String,
        /// How many answers.
        #[arg(long, default_value_t = 10)]
        topn: usize,
        /// Use 3CosMul (Levy & Goldberg) instead of 3CosAdd.
        #[arg(long)]
        cosmul: bool,
        /// Search only the N most frequent words (3CosAdd only).
        #[arg(long, value_name = "N", conflicts_with = "cosmul")]
        restrict: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Cosine similarity of two words.
    Similarity {
        a: String,
        b: String,
        #[arg(long)]
        json: bool,
    },
    /// The word that does not belong with the others.
    OddOneOut {
        #[arg(required = true, num_args = 2..)]
        words: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Standard benchmarks: analogy questions and word-pair similarity.
    Eval {
        #[command(subcommand)]
        which: EvalCommand,
    },
    /// Size, format and load time of the vectors.
    Info {
        #[arg(long)]
        json: bool,
    },
    /// ResNet-50 embeddings (2048-d) of images; folders are walked recursively.
    EmbedImages {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the embeddings of the readable images as an N×2048 f32 .npy matrix.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = DeviceArg::Auto)]
        device: DeviceArg,
    },
    /// The most probable ImageNet classes of images.
    Classify {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value_t = 5)]
        top: usize,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = DeviceArg::Auto)]
        device: DeviceArg,
    },
    /// Cosine similarity of the embeddings of two images.
    CompareImages {
        a: PathBuf,
        b: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = DeviceArg::Auto)]
        device: DeviceArg,
    },
}

/// Where the image network runs.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum DeviceArg {
    /// A hardware GPU if there is one, else the CPU.
    Auto,
    /// The GPU through wgpu (an error if there is none).
    Gpu,
    Cpu,
}

impl From<DeviceArg> for DeviceChoice {
    fn from(device: DeviceArg) -> Self {
        match device {
            DeviceArg::Auto => DeviceChoice::Auto,
            DeviceArg::Gpu => DeviceChoice::Gpu,
            DeviceArg::Cpu => DeviceChoice::Cpu,
        }
    }
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// Google's analogy questions (a : b :: c : ?), scored as gensim does.
    Analogies {
        /// `: section` headers then `a b c expected` lines; default: the bundled
        /// questions-words.txt.
        file: Option<PathBuf>,
        /// Answer from, and only ask questions within, the N most frequent words.
        #[arg(long, default_value_t = 30_000)]
        restrict: usize,
        /// Match words exactly instead of ignoring case.
        #[arg(long)]
        case_sensitive: bool,
        #[arg(long)]
        json: bool,
    },
    /// Correlation with human similarity scores (`word1<TAB>word2<TAB>score` lines).
    Pairs {
        file: PathBuf,
        #[arg(long, default_value_t = 300_000)]
        restrict: usize,
        #[arg(long)]
        case_sensitive: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
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

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let source = words::Source {
        path: cli.vectors,
        limit: cli.limit,
        format: cli.format.map(Format::from),
    };
    let Some(command) = cli.command else {
        return embedding_explorer::app::run(embedding_explorer::app::StartOptions {
            vectors: source.path,
            ..Default::default()
        });
    };
    match command {
        Command::Similar {
            expression,
            topn,
            cosmul,
            restrict,
            json,
        } => words::similar(&source, &expression, topn, cosmul, restrict, json),
        Command::Similarity { a, b, json } => words::similarity(&source, &a, &b, json),
        Command::OddOneOut { words: list, json } => words::odd_one_out(&source, &list, json),
        Command::Eval { which } => match which {
            EvalCommand::Analogies {
                file,
                restrict,
                case_sensitive,
                json,
            } => words::eval_analogies(&source, file, restrict, !case_sensitive, json),
            EvalCommand::Pairs {
                file,
                restrict,
                case_sensitive,
                json,
            } => words::eval_pairs(&source, &file, restrict, !case_sensitive, json),
        },
        Command::Info { json } => words::info(&source, json),
        Command::EmbedImages {
            paths,
            out,
            json,
            device,
        } => images::embed(&paths, out.as_deref(), json, device.into()),
        Command::Classify {
            paths,
            top,
            json,
            device,
        } => images::classify(&paths, top, json, device.into()),
        Command::CompareImages { a, b, json, device } => {
            images::compare(&a, &b, json, device.into())
        }
    }
}
