//! `project`: the 2-D or 3-D coordinates of the most frequent words, by PCA, t-SNE or UMAP, as
//! CSV, with each word's neighbours kept by the map when asked.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{ProgressLine, Source};
use embedding_explorer::output::Output;
use embedding_explorer::projection::{
    DEFAULT_MIN_DIST, DEFAULT_NEIGHBORS, DEFAULT_PERPLEXITY, KEPT_NEIGHBOURS, MAP_DIMENSIONS,
    Method, ProjectionError, Run, neighbours_kept, write_csv,
};
use embedding_explorer::words::WordVectors;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodArg {
    /// Principal components: the directions of largest variance (instant).
    Pca,
    /// t-SNE: keeps each word's nearest neighbours near it (Barnes-Hut).
    Tsne,
    /// UMAP: keeps neighbourhoods too, and packs groups tighter.
    Umap,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[arg(long, value_enum, default_value_t = MethodArg::Pca)]
    method: MethodArg,
    /// How many of the most frequent words.
    #[arg(long, default_value_t = 5000)]
    words: usize,
    /// The map's dimensions: 2 (columns x,y) or 3 (x,y,z).
    #[arg(long, default_value_t = 2)]
    dims: usize,
    /// Add a column `kept`: the share of each word's 10 nearest neighbours (by cosine) that are
    /// among its 10 nearest on the map (ties broken by index); the mean goes to standard error.
    #[arg(long)]
    kept: bool,
    /// t-SNE: about how many neighbours each word attends to, 2 to 100.
    #[arg(long, default_value_t = DEFAULT_PERPLEXITY)]
    perplexity: f64,
    /// t-SNE: optimisation steps.
    #[arg(long, default_value_t = 1000)]
    iterations: usize,
    /// UMAP: how many nearest words (the word itself included) make a word's neighbourhood,
    /// 2 to 100.
    #[arg(long, default_value_t = DEFAULT_NEIGHBORS)]
    neighbors: usize,
    /// UMAP: how close words may pack on the map, 0 to 1.
    #[arg(long, default_value_t = DEFAULT_MIN_DIST)]
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

impl ProjectArgs {
    /// The method the flags describe, checked against the ranges the app's picker offers.
    fn method(&self) -> Result<Method, ProjectionError> {
        match self.method {
            MethodArg::Pca => Method::Pca,
            MethodArg::Tsne => Method::Tsne {
                perplexity: self.perplexity,
            },
            MethodArg::Umap => Method::Umap {
                neighbors: self.neighbors,
                min_dist: self.min_dist,
            },
        }
        .checked()
    }
}

pub fn project(source: &Source, args: &ProjectArgs) -> anyhow::Result<()> {
    if args.words < 4 {
        anyhow::bail!("--words must be at least 4 (it is {})", args.words);
    }
    if !MAP_DIMENSIONS.contains(&args.dims) {
        anyhow::bail!("--dims must be 2 or 3 (it is {})", args.dims);
    }
    if args.kept && args.words <= KEPT_NEIGHBOURS {
        anyhow::bail!(
            "--kept compares each word's {KEPT_NEIGHBOURS} nearest neighbours, so it needs \
             --words of at least {} (it is {})",
            KEPT_NEIGHBOURS + 1,
            args.words
        );
    }
    let method = args.method()?;
    // Checked before the work: never over the vectors, and a folder that takes the file.
    let vectors_path = source.resolved_path();
    let out = args
        .out
        .as_deref()
        .map(|path| Output::create(path, &[&vectors_path]))
        .transpose()?;
    let loaded = source.load()?;
    let vectors = loaded.vectors;
    if args.dims == 3 {
        lay_out_and_write::<3>(&vectors, method, args, out)
    } else {
        lay_out_and_write::<2>(&vectors, method, args, out)
    }
}

/// Lays the most frequent words out in `D` dimensions, measures the neighbours kept when asked,
/// and writes the CSV.
fn lay_out_and_write<const D: usize>(
    vectors: &WordVectors,
    method: Method,
    args: &ProjectArgs,
    out: Option<Output>,
) -> anyhow::Result<()> {
    let run = Run {
        seed: args.seed,
        iterations: args.iterations,
        epochs: args.epochs,
    };
    let count = args.words.min(vectors.len());
    let rows: Vec<&[f32]> = (0..count).map(|i| vectors.unit_vector(i)).collect();
    let line = ProgressLine::new(match method {
        Method::Umap { .. } => "UMAP epoch",
        _ => "t-SNE iteration",
    });
    let laid = method.lay_out::<D>(&rows, vectors.dim(), &run, &line, &mut |_, _| {});
    line.clear();
    let coords = laid?.coords;
    let kept = if args.kept {
        let line = ProgressLine::new("neighbours kept, part");
        let kept = neighbours_kept(&rows, &coords, &line);
        line.clear();
        let kept = kept?;
        eprintln!(
            "this map keeps {:.1}% of each word's {KEPT_NEIGHBOURS} nearest neighbours \
             (mean over {count} words)",
            100.0 * kept.mean()
        );
        Some(kept.shares())
    } else {
        None
    };
    let points: Vec<(String, [f64; D])> = coords
        .into_iter()
        .enumerate()
        .map(|(i, p)| (vectors.word(i).to_owned(), p))
        .collect();
    match out {
        Some(out) => out.commit_with(|out| write_csv(out, &points, kept.as_deref()))?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_csv(&mut out, &points, kept.as_deref())?;
            out.flush()?;
        }
    }
    Ok(())
}
