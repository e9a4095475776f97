//! The linear-algebra commands: `span` (least squares, rank, Gram–Schmidt), `spectrum` (the
//! covariance's eigenvalues) and `debias` (a direction removed, after Bolukbasi et al. 2016).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use super::{Output, Source, print_json};
use embedding_explorer::linear_algebra::{
    Direction, Neutralize, Spectrum, debias, leakage, span_of,
};
use embedding_explorer::output;
use embedding_explorer::words::{AnalogyMethod, Expression, WordVectors};

#[derive(Debug, Args)]
pub struct SpanArgs {
    /// The word to fit.
    target: String,
    /// The words whose span it is fitted in (2 or more).
    #[arg(long, num_args = 1.., required = true, value_name = "WORD")]
    of: Vec<String>,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct SpectrumArgs {
    /// How many of the most frequent words.
    #[arg(long, default_value_t = 5000)]
    words: usize,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct DebiasArgs {
    /// The direction as word arithmetic: "he - she".
    #[arg(
        long,
        allow_hyphen_values = true,
        value_name = "EXPR",
        conflicts_with = "pairs"
    )]
    direction: Option<String>,
    /// Definitional pairs, one per line ("she he"), or debiaswe's JSON list of pairs: the
    /// direction is their first principal component.
    #[arg(long, value_name = "FILE", required_unless_present = "direction")]
    pairs: Option<PathBuf>,
    /// The words that lose the direction (a file of words, or JSON list), or `all`: every word
    /// but those of the pairs.
    #[arg(long, value_name = "FILE|all")]
    neutralize: Option<String>,
    /// Pairs made symmetric about the direction, one per line or a JSON list.
    #[arg(long, value_name = "FILE")]
    equalize: Option<PathBuf>,
    /// Where to write the vectors (word2vec text, every word unit length).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    output: Output,
}

/// Word lists and pair files are a few KB (debiaswe's longest list: 18 KB).
const MAX_LIST_BYTES: u64 = 16 << 20;

pub fn span(source: &Source, args: &SpanArgs) -> anyhow::Result<()> {
    let vectors = source.load()?.vectors;
    let basis: Vec<&str> = args.of.iter().map(String::as_str).collect();
    let fit = span_of(&vectors, &args.target, &basis)?;
    if args.output.json {
        let coefficients: serde_json::Map<String, serde_json::Value> = basis
            .iter()
            .zip(&fit.coefficients)
            .map(|(word, c)| ((*word).to_owned(), json!(c)))
            .collect();
        return print_json(&json!({
            "target": args.target,
            "coefficients": coefficients,
            "residual_norm": fit.residual_norm,
            "cosine": fit.cosine,
            "gram": fit.gram,
            "singular_values": fit.singular_values,
            "rank": fit.rank,
            "tolerance": fit.tolerance,
            "new_parts": fit.new_parts,
        }));
    }
    let mut out = io::stdout().lock();
    let terms: Vec<String> = basis
        .iter()
        .zip(&fit.coefficients)
        .map(|(word, c)| format!("{c:+.4}·{word}"))
        .collect();
    writeln!(out, "{} ≈ {}", args.target, terms.join(" "))?;
    writeln!(
        out,
        "residual {:.4} (of a unit vector), cosine of the fit with {} {:.4}",
        fit.residual_norm, args.target, fit.cosine
    )?;
    let singular: Vec<String> = fit
        .singular_values
        .iter()
        .map(|s| format!("{s:.4}"))
        .collect();
    writeln!(
        out,
        "singular values {}; rank {} (tolerance {:.1e})",
        singular.join(" "),
        fit.rank,
        fit.tolerance
    )?;
    for (word, new) in basis.iter().zip(&fit.new_parts) {
        writeln!(
            out,
            "  {word}: {:.0}% new to the words before it",
            100.0 * new
        )?;
    }
    Ok(())
}

pub fn spectrum(source: &Source, args: &SpectrumArgs) -> anyhow::Result<()> {
    let vectors = source.load()?.vectors;
    let count = args.words.min(vectors.len());
    if count < 2 {
        bail!(
            "--words must be at least 2 (the vectors hold {})",
            vectors.len()
        );
    }
    let rows: Vec<&[f32]> = (0..count).map(|i| vectors.unit_vector(i)).collect();
    let spectrum = Spectrum::of(&rows, vectors.dim())?;
    let (half, most) = (
        spectrum.dimensions_holding(0.5),
        spectrum.dimensions_holding(0.9),
    );
    if args.output.json {
        return print_json(&json!({
            "words": count,
            "eigenvalues": spectrum.eigenvalues,
            "explained": spectrum.explained,
            "dimensions_for_50_percent": half,
            "dimensions_for_90_percent": most,
        }));
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "covariance of the {count} most frequent words' unit vectors: {half} of {} dimensions \
         hold 50% of the variance, {most} hold 90%",
        vectors.dim()
    )?;
    let mut held = 0.0;
    for (k, (value, share)) in spectrum
        .eigenvalues
        .iter()
        .zip(&spectrum.explained)
        .take(10)
        .enumerate()
    {
        held += share;
        writeln!(
            out,
            "  λ{:<3} {value:.5}  {:5.2}%  (cumulative {:5.1}%)",
            k + 1,
            100.0 * share,
            100.0 * held
        )?;
    }
    Ok(())
}

pub fn debias_command(source: &Source, args: &DebiasArgs) -> anyhow::Result<()> {
    // Checked before the work: never over the vectors or a list, and a folder that takes the
    // file.
    let vectors_path = source.resolved_path();
    let neutralize_list = args.neutralize.as_deref().filter(|&list| list != "all");
    let inputs: Vec<&Path> = [Some(vectors_path.as_path()), neutralize_list.map(Path::new)]
        .into_iter()
        .chain([args.pairs.as_deref(), args.equalize.as_deref()])
        .flatten()
        .collect();
    let out = output::Output::create(&args.out, &inputs)?;
    let definitional = args.pairs.as_deref().map(read_pairs).transpose()?;
    let equalize = args.equalize.as_deref().map(read_pairs).transpose()?;
    let neutralize = match args.neutralize.as_deref() {
        None => Neutralize::Words(Vec::new()),
        Some("all") => Neutralize::All,
        Some(file) => Neutralize::Words(read_words(Path::new(file))?),
    };
    let vectors = source.load()?.vectors;
    let direction = match (&args.direction, &definitional) {
        (Some(text), _) => Direction::typed(&vectors, text)?,
        (None, Some(pairs)) => Direction::from_pairs(&vectors, pairs)?,
        (None, None) => bail!("give --direction or --pairs"),
    };
    let keep: Vec<String> = definitional
        .iter()
        .flatten()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    let result = debias(
        &vectors,
        &direction,
        &neutralize,
        equalize.as_deref().unwrap_or(&[]),
        &keep,
    )?;
    out.commit_with(|out| result.vectors.write_word2vec(out))?;

    let on_axis = |vectors: &WordVectors, word: &str| {
        vectors
            .index_of(word)
            .map(|i| embedding_explorer::vector::dot(vectors.unit_vector(i), &direction.unit))
    };
    let skewed = most_skewed(&vectors, &result, &direction.unit, 8);
    let analogy = |vectors: &WordVectors| -> Option<String> {
        let expression = Expression::parse("programmer - man + woman").ok()?;
        let analogy = vectors
            .analogy(&expression, AnalogyMethod::CosAdd, 1)
            .ok()?;
        analogy.answers.first().map(|n| n.word.clone())
    };
    let check = leakage(&vectors, &direction.unit, 20_000, 500).ok();
    let described = match (&args.direction, direction.share) {
        (Some(text), _) => format!("\"{text}\""),
        (None, Some(share)) => format!(
            "the first principal component of {} pairs ({:.1}% of their variance)",
            definitional.as_ref().map_or(0, Vec::len),
            100.0 * share
        ),
        (None, None) => String::new(),
    };
    if args.output.json {
        let words: Vec<serde_json::Value> = skewed
            .iter()
            .map(|(word, before)| {
                json!({"word": word, "before": before, "after": on_axis(&result.vectors, word)})
            })
            .collect();
        return print_json(&json!({
            "out": args.out,
            "direction": described,
            "share": direction.share,
            "neutralized": result.neutralized,
            "equalized": result.equalized,
            "missing": result.missing,
            "emptied": result.emptied,
            "most_skewed": words,
            "programmer_man_woman": {"before": analogy(&vectors), "after": analogy(&result.vectors)},
            "leakage": check,
        }));
    }
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "removed {described}: {} words neutralized, {} pairs equalized; wrote {}",
        result.neutralized,
        result.equalized,
        args.out.display()
    )?;
    if !result.missing.is_empty() {
        writeln!(
            stdout,
            "not in the vocabulary, left out: {}",
            result.missing.join(", ")
        )?;
    }
    if !result.emptied.is_empty() {
        writeln!(
            stdout,
            "lay along the direction, so nothing is left of them (written as zero vectors, not \
             unit length): {}",
            result.emptied.join(", ")
        )?;
    }
    for (word, before) in &skewed {
        let after = on_axis(&result.vectors, word).unwrap_or(0.0);
        writeln!(
            stdout,
            "  {word:<16} on the axis {before:+.3} → {after:+.3}"
        )?;
    }
    if let (Some(before), Some(after)) = (analogy(&vectors), analogy(&result.vectors)) {
        writeln!(
            stdout,
            "man : programmer :: woman : {before} (before), {after} (after)"
        )?;
    }
    if let Some(check) = check {
        writeln!(
            stdout,
            "a linear classifier tells the {} words leaning furthest each way apart: {:.1}% of \
             {} held-out words before, {:.1}% after. Removing the direction removes that \
             direction, not the information (Gonen & Goldberg 2019).",
            check.per_side,
            100.0 * check.accuracy_before,
            check.held_out,
            100.0 * check.accuracy_after
        )?;
    }
    Ok(())
}

/// The changed words that leaned furthest along the direction before: (word, cosine).
fn most_skewed(
    original: &WordVectors,
    result: &embedding_explorer::linear_algebra::Debiased,
    direction: &[f32],
    count: usize,
) -> Vec<(String, f32)> {
    let mut changed: Vec<(String, f32)> = result
        .changed
        .iter()
        .map(|&i| {
            let lean = embedding_explorer::vector::dot(original.unit_vector(i), direction);
            (original.word(i).to_owned(), lean)
        })
        .collect();
    changed.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    changed.truncate(count);
    changed
}

fn read_list(path: &Path) -> anyhow::Result<String> {
    let text = output::read_text(path, MAX_LIST_BYTES, "a word list")
        .with_context(|| format!("cannot read {}", path.display()))?;
    if text.trim_start().starts_with('{') {
        bail!(
            "{}: a JSON object is not a list; give words (or pairs) one per line, or a JSON \
             list such as [\"she\", \"he\"] or [[\"she\", \"he\"], [\"woman\", \"man\"]]",
            path.display()
        );
    }
    Ok(text)
}

/// Words, separated by spaces, commas or lines (`#` starts a comment), or a JSON list.
pub(super) fn read_words(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = read_list(path)?;
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(&text)
            .with_context(|| format!("{}: not a JSON list of words", path.display()));
    }
    Ok(text
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(|line| line.split([' ', '\t', ',']))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect())
}

/// One pair per line (two words; `#` starts a comment), or a JSON list of pairs.
fn read_pairs(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text = read_list(path)?;
    if text.trim_start().starts_with('[') {
        let pairs: Vec<(String, String)> = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a JSON list of word pairs", path.display()))?;
        return Ok(pairs);
    }
    let mut pairs = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let words: Vec<&str> = line
            .split('#')
            .next()
            .unwrap_or("")
            .split([' ', '\t', ','])
            .filter(|word| !word.is_empty())
            .collect();
        match words[..] {
            [] => {}
            [a, b] => pairs.push((a.to_owned(), b.to_owned())),
            _ => bail!(
                "{}, line {}: a pair is two words, this line has {}",
                path.display(),
                number + 1,
                words.len()
            ),
        }
    }
    if pairs.is_empty() {
        bail!("{}: holds no word pairs", path.display());
    }
    Ok(pairs)
}
