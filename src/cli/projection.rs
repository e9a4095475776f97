//! `project`: the 2-D coordinates of the most frequent words, by PCA, t-SNE or UMAP, as CSV.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::words::Source;
use embedding_explorer::progress::{Progress, ProgressSink};
use embedding_explorer::projection::{Projection, TsneConfig, UmapConfig, tsne, umap, write_csv};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Method {
    /// Principal components: the directions of largest variance (instant).
    Pca,
    /// t-SNE: keeps each word's nearest neighbours near it (Barnes-Hut).
    Tsne,
    /// UMAP: keeps neighbourhoods too, and packs groups tighter.
    Umap,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[arg(long, value_enum, default_value_t = Method::Pca)]
    method: Method,
    /// How many of the most frequent words.
    #[arg(long, default_value_t = 5000)]
    words: usize,
    /// t-SNE: about how many neighbours each word attends to.
    #[arg(long, default_value_t = 30.0)]
    perplexity: f64,
    /// t-SNE: optimisation steps.
    #[arg(long, default_value_t = 1000)]
    iterations: usize,
    /// UMAP: how many nearest words (the word itself included) make a word's neighbourhood.
    #[arg(long, default_value_t = 15)]
    neighbors: usize,
    /// UMAP: how close words may pack on the map, 0 to 1.
    #[arg(long, default_value_t = 0.1)]
    min_dist: f64,
    /// UMAP: passes over the neighbour graph (default 500 up to 10,000 words, else 200).
    #[arg(long)]
    epochs: Option<usize>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the CSV here instead of to standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// A progress line on stderr when it is a terminal: what is counted, and how far.
struct Line {
    terminal: bool,
    counting: &'static str,
}

impl Line {
    fn new(counting: &'static str) -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            counting,
        }
    }

    fn clear(&self) {
        if self.terminal {
            eprint!("\r\x1b[K");
        }
    }
}

impl ProgressSink for Line {
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

pub fn project(source: &Source, args: &ProjectArgs) -> anyhow::Result<()> {
    if args.words < 4 {
        anyhow::bail!("--words must be at least 4 (it is {})", args.words);
    }
    let loaded = source.load()?;
    let vectors = loaded.vectors;
    let count = args.words.min(vectors.len());
    let rows: Vec<&[f32]> = (0..count).map(|i| vectors.unit_vector(i)).collect();
    let coords = match args.method {
        Method::Pca => {
            let projection = Projection::fit(rows.iter().copied(), vectors.dim())?;
            rows.iter().map(|r| projection.project(r)).collect()
        }
        Method::Tsne => {
            let config = TsneConfig {
                perplexity: args.perplexity,
                iterations: args.iterations,
                seed: args.seed,
                ..TsneConfig::default()
            };
            let line = Line::new("t-SNE iteration");
            let coords = tsne(&rows, vectors.dim(), &config, &line, &mut |_, _| {});
            line.clear();
            coords?
        }
        Method::Umap => {
            let config = UmapConfig {
                neighbors: args.neighbors,
                min_dist: args.min_dist,
                epochs: args.epochs,
                seed: args.seed,
            };
            let line = Line::new("UMAP epoch");
            let coords = umap(&rows, vectors.dim(), &config, &line, &mut |_, _| {});
            line.clear();
            coords?
        }
    };
    let points: Vec<(String, [f64; 2])> = coords
        .into_iter()
        .enumerate()
        .map(|(i, p)| (vectors.word(i).to_owned(), p))
        .collect();
    match &args.out {
        Some(path) => {
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            );
            write_csv(&mut out, &points)?;
            out.flush()?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_csv(&mut out, &points)?;
            out.flush()?;
        }
    }
    Ok(())
}
