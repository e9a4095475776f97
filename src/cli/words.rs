//! The word commands: load the vectors, ask the library, print text or JSON.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use serde_json::json;

use super::{Output, Source, print_json};
use embedding_explorer::assets::asset_path;
use embedding_explorer::projection::SemanticAxis;
use embedding_explorer::words::{Expression, Neighbour, eval};

#[derive(Debug, Args)]
pub struct SimilarArgs {
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
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct SimilarityArgs {
    a: String,
    b: String,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct OddOneOutArgs {
    #[arg(required = true, num_args = 2..)]
    words: Vec<String>,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct AxesArgs {
    /// The X axis as word arithmetic: "he - she", or pairs added up
    /// ("he - she + man - woman").
    #[arg(long, allow_hyphen_values = true, value_name = "EXPR")]
    x: String,
    /// An optional Y axis, the same way: "poor - rich".
    #[arg(long, allow_hyphen_values = true, value_name = "EXPR")]
    y: Option<String>,
    /// The words to place.
    #[arg(required = true)]
    words: Vec<String>,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct AnalogiesArgs {
    /// `: section` headers then `a b c expected` lines; default: the bundled
    /// questions-words.txt.
    file: Option<PathBuf>,
    /// Answer from, and only ask questions within, the N most frequent words.
    #[arg(long, default_value_t = 30_000)]
    restrict: usize,
    /// Match words exactly instead of ignoring case.
    #[arg(long)]
    case_sensitive: bool,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct PairsArgs {
    file: PathBuf,
    #[arg(long, default_value_t = 300_000)]
    restrict: usize,
    /// Match words exactly instead of ignoring case.
    #[arg(long)]
    case_sensitive: bool,
    #[command(flatten)]
    output: Output,
}

fn print_neighbours(out: &mut impl Write, neighbours: &[Neighbour]) -> io::Result<()> {
    let width = neighbours
        .iter()
        .map(|n| n.word.chars().count())
        .max()
        .unwrap_or(0);
    for (rank, n) in neighbours.iter().enumerate() {
        writeln!(out, "{:>3}. {:<width$}  {:.4}", rank + 1, n.word, n.score)?;
    }
    Ok(())
}

pub fn similar(source: &Source, args: &SimilarArgs) -> anyhow::Result<()> {
    let expression = Expression::parse(&args.expression)?;
    let vectors = source.load()?.vectors;
    let (positive, negative) = (expression.positive(), expression.negative());
    let answers = if args.cosmul {
        vectors.most_similar_cosmul(&positive, &negative, args.topn)?
    } else {
        vectors.most_similar(&positive, &negative, args.topn, args.restrict)?
    };
    if args.output.json {
        return print_json(&serde_json::to_value(&answers)?);
    }
    let mut out = io::stdout().lock();
    let method = if args.cosmul { "3CosMul" } else { "3CosAdd" };
    writeln!(
        out,
        "{expression}  ({method}, {} words; the input words are left out, as in gensim)",
        vectors.len()
    )?;
    print_neighbours(&mut out, &answers)?;
    Ok(())
}

pub fn similarity(source: &Source, args: &SimilarityArgs) -> anyhow::Result<()> {
    let (a, b) = (&args.a, &args.b);
    let vectors = source.load()?.vectors;
    let score = vectors.similarity(a, b)?;
    if args.output.json {
        return print_json(&json!({ "a": a, "b": b, "score": score }));
    }
    let degrees = f64::from(score).clamp(-1.0, 1.0).acos().to_degrees();
    writeln!(
        io::stdout().lock(),
        "{score:.4}  (cosine of {a} and {b}; angle {degrees:.1}°)"
    )?;
    Ok(())
}

pub fn odd_one_out(source: &Source, args: &OddOneOutArgs) -> anyhow::Result<()> {
    let vectors = source.load()?.vectors;
    let list: Vec<&str> = args.words.iter().map(String::as_str).collect();
    let ranking = vectors.rank_by_centrality(&list)?;
    let odd = ranking.last().map(|n| n.word.clone()).unwrap_or_default();
    if args.output.json {
        return print_json(&json!({ "odd_one_out": odd, "ranking": ranking }));
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{odd}")?;
    writeln!(out, "cosine with the mean of all the words:")?;
    print_neighbours(&mut out, &ranking)?;
    Ok(())
}

/// Evaluation sets are a few MB at most (Google's analogies: 0.6 MB).
const MAX_EVAL_BYTES: u64 = 64 << 20;

fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = embedding_explorer::output::read_at_most(path, MAX_EVAL_BYTES, "an evaluation set")
        .with_context(|| format!("cannot read {}", path.display()))?;
    let text = embedding_explorer::output::without_byte_order_mark(&bytes);
    Ok(String::from_utf8_lossy(text).into_owned())
}

pub fn eval_analogies(source: &Source, args: &AnalogiesArgs) -> anyhow::Result<()> {
    let restrict = args.restrict;
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| asset_path("eval/questions-words.txt"));
    let questions = read_text(&file)?;
    let vectors = source.load()?.vectors;
    let report =
        eval::evaluate_word_analogies(&vectors, &questions, restrict, !args.case_sensitive)
            .with_context(|| format!("evaluating {}", file.display()))?;
    if args.output.json {
        return print_json(&serde_json::to_value(&report)?);
    }
    let mut out = io::stdout().lock();
    for section in report.sections.iter().chain([&report.total]) {
        writeln!(
            out,
            "{:<28} {:>6.1}%  ({}/{})",
            section.section,
            100.0 * section.accuracy(),
            section.correct,
            section.correct + section.incorrect
        )?;
    }
    writeln!(
        out,
        "{} of {} questions skipped: a word outside the {restrict} most frequent",
        report.out_of_vocabulary, report.questions
    )?;
    Ok(())
}

pub fn eval_pairs(source: &Source, args: &PairsArgs) -> anyhow::Result<()> {
    let file = &args.file;
    let pairs = read_text(file)?;
    let vectors = source.load()?.vectors;
    let report = eval::evaluate_word_pairs(&vectors, &pairs, args.restrict, !args.case_sensitive)
        .with_context(|| format!("evaluating {}", file.display()))?;
    if args.output.json {
        return print_json(&serde_json::to_value(&report)?);
    }
    writeln!(
        io::stdout().lock(),
        "Pearson {:.4}  Spearman {:.4}  ({} pairs, {:.1}% skipped for unknown words)",
        report.pearson,
        report.spearman,
        report.pairs,
        report.oov_ratio
    )?;
    Ok(())
}

pub fn info(source: &Source, output: Output) -> anyhow::Result<()> {
    let started = Instant::now();
    let loaded = source.load()?;
    let seconds = started.elapsed().as_secs_f64();
    let (vectors, report) = (&loaded.vectors, &loaded.report);
    if output.json {
        return print_json(&json!({
            "path": report.path.to_string_lossy(),
            "format": report.format.to_string(),
            "gzip": report.gzip,
            "words": vectors.len(),
            "dimensions": vectors.dim(),
            "duplicates": report.duplicates,
            "lossy_words": report.lossy_words,
            "load_seconds": seconds,
        }));
    }
    writeln!(
        io::stdout().lock(),
        "{}\n{} words × {} dimensions, {}{}, loaded in {:.3} s",
        report.path.display(),
        vectors.len(),
        vectors.dim(),
        report.format,
        if report.gzip { " (gzip)" } else { "" },
        seconds
    )?;
    Ok(())
}

/// Each word's coordinates on one or two semantic axes: the projection of its unit vector on
/// each axis' unit direction.
pub fn axes(source: &Source, args: &AxesArgs) -> anyhow::Result<()> {
    let vectors = source.load()?.vectors;
    let x = SemanticAxis::new(&vectors, &args.x)?;
    let y = args
        .y
        .as_deref()
        .map(|text| SemanticAxis::new(&vectors, text))
        .transpose()?;
    let mut rows = Vec::with_capacity(args.words.len());
    for word in &args.words {
        let at_x = x.coordinate(&vectors, word)?;
        let at_y = y
            .as_ref()
            .map(|y| y.coordinate(&vectors, word))
            .transpose()?;
        rows.push((word, at_x, at_y));
    }
    if args.output.json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(word, x, y)| match y {
                Some(y) => json!({ "word": word, "x": x, "y": y }),
                None => json!({ "word": word, "x": x }),
            })
            .collect();
        return print_json(&serde_json::Value::Array(list));
    }
    let mut out = io::stdout().lock();
    let ends = |axis: &SemanticAxis| {
        let (negative, positive) = axis.ends();
        format!("{} ← → {}", negative.join(", "), positive.join(", "))
    };
    writeln!(out, "x: {}", ends(&x))?;
    if let Some(y) = &y {
        writeln!(
            out,
            "y: {}   (cosine between the axes {:.3})",
            ends(y),
            x.cosine_with(y)
        )?;
    }
    let width = rows
        .iter()
        .map(|(w, ..)| w.chars().count())
        .max()
        .unwrap_or(0);
    for (word, at_x, at_y) in &rows {
        match at_y {
            Some(at_y) => writeln!(out, "{word:<width$}  x {at_x:+.4}  y {at_y:+.4}")?,
            None => writeln!(out, "{word:<width$}  x {at_x:+.4}")?,
        }
    }
    Ok(())
}
