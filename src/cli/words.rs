//! The word commands: load the vectors, ask the library, print text or JSON.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use serde_json::json;

use embedding_explorer::assets::asset_path;
use embedding_explorer::words::{
    self, Expression, Format, LoadOptions, Loaded, Neighbour, eval, formats::bundled,
};

/// Which vectors the user asked for.
pub struct Source {
    pub path: Option<PathBuf>,
    pub limit: Option<usize>,
    pub format: Option<Format>,
}

impl Source {
    fn load(&self) -> anyhow::Result<Loaded> {
        let path = self.path.clone().unwrap_or_else(bundled::default_path);
        let options = LoadOptions {
            limit: self.limit,
            format: self.format,
            ..LoadOptions::default()
        };
        let loaded = words::load(&path, &options)?;
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

fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
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

pub fn similar(
    source: &Source,
    text: &str,
    topn: usize,
    cosmul: bool,
    restrict: Option<usize>,
    json: bool,
) -> anyhow::Result<()> {
    let expression = Expression::parse(text)?;
    let vectors = source.load()?.vectors;
    let (positive, negative) = (expression.positive(), expression.negative());
    let answers = if cosmul {
        vectors.most_similar_cosmul(&positive, &negative, topn)?
    } else {
        vectors.most_similar(&positive, &negative, topn, restrict)?
    };
    if json {
        return print_json(&serde_json::to_value(&answers)?);
    }
    let mut out = io::stdout().lock();
    let method = if cosmul { "3CosMul" } else { "3CosAdd" };
    writeln!(
        out,
        "{expression}  ({method}, {} words; the input words are left out, as in gensim)",
        vectors.len()
    )?;
    print_neighbours(&mut out, &answers)?;
    Ok(())
}

pub fn similarity(source: &Source, a: &str, b: &str, json: bool) -> anyhow::Result<()> {
    let vectors = source.load()?.vectors;
    let score = vectors.similarity(a, b)?;
    if json {
        return print_json(&json!({ "a": a, "b": b, "score": score }));
    }
    let degrees = f64::from(score).clamp(-1.0, 1.0).acos().to_degrees();
    writeln!(
        io::stdout().lock(),
        "{score:.4}  (cosine of {a} and {b}; angle {degrees:.1}°)"
    )?;
    Ok(())
}

pub fn odd_one_out(source: &Source, list: &[String], json: bool) -> anyhow::Result<()> {
    let vectors = source.load()?.vectors;
    let list: Vec<&str> = list.iter().map(String::as_str).collect();
    let ranking = vectors.rank_by_centrality(&list)?;
    let odd = ranking.last().map(|n| n.word.clone()).unwrap_or_default();
    if json {
        return print_json(&json!({ "odd_one_out": odd, "ranking": ranking }));
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{odd}")?;
    writeln!(out, "cosine with the mean of all the words:")?;
    print_neighbours(&mut out, &ranking)?;
    Ok(())
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn eval_analogies(
    source: &Source,
    file: Option<PathBuf>,
    restrict: usize,
    case_insensitive: bool,
    json: bool,
) -> anyhow::Result<()> {
    let file = file.unwrap_or_else(|| asset_path("eval/questions-words.txt"));
    let questions = read_text(&file)?;
    let vectors = source.load()?.vectors;
    let report = eval::evaluate_word_analogies(&vectors, &questions, restrict, case_insensitive)
        .with_context(|| format!("evaluating {}", file.display()))?;
    if json {
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

pub fn eval_pairs(
    source: &Source,
    file: &Path,
    restrict: usize,
    case_insensitive: bool,
    json: bool,
) -> anyhow::Result<()> {
    let pairs = read_text(file)?;
    let vectors = source.load()?.vectors;
    let report = eval::evaluate_word_pairs(&vectors, &pairs, restrict, case_insensitive)
        .with_context(|| format!("evaluating {}", file.display()))?;
    if json {
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

pub fn info(source: &Source, json: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let loaded = source.load()?;
    let seconds = started.elapsed().as_secs_f64();
    let (vectors, report) = (&loaded.vectors, &loaded.report);
    if json {
        return print_json(&json!({
            "path": report.path,
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
