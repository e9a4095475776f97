//! Photos among the words (ConSE): search photos by a typed word, name the words a photo sits
//! near, and the labelled evaluation of both.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::Output;
use super::Source;
use super::images::{Device, embed_all, embedder, fail_if_any_failed};
use embedding_explorer::assets::asset_path;
use embedding_explorer::conse::{
    self, ClassNaming, ClassVectors, ClassWeight, LabelledPhoto, PlacedPhoto, Ranking, Scoring,
    TOP_CLASSES,
};
use embedding_explorer::images::{ClassNames, ImageEmbedder};
use embedding_explorer::words::Expression;

/// What the commands that place photos among the words share: the class naming, `--json`,
/// `--device`.
#[derive(Debug, Clone, Copy, Args)]
pub struct Placing {
    /// How each ImageNet class gets its word vector.
    #[arg(long, value_enum, default_value_t = NamingArg::Wordnet)]
    naming: NamingArg,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    device: Device,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NamingArg {
    /// WordNet's names with the head noun weighted, plus hypernyms and rare GloVe words.
    Wordnet,
    /// The plain mean of the class name's words.
    Naive,
}

impl From<NamingArg> for ClassNaming {
    fn from(naming: NamingArg) -> Self {
        match naming {
            NamingArg::Wordnet => ClassNaming::WordNet,
            NamingArg::Naive => ClassNaming::Naive,
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// A word or word arithmetic: "cat", "dog + snow".
    query: String,
    /// Images or folders (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    placing: Placing,
}

#[derive(Debug, Args)]
pub struct ImageWordsArgs {
    /// Images or folders (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Words per image.
    #[arg(long, default_value_t = 5)]
    topn: usize,
    #[command(flatten)]
    placing: Placing,
}

#[derive(Debug, Args)]
pub struct PhotosEvalArgs {
    /// `photo<TAB>word` lines to choose settings on, photos relative to the file; default: the
    /// bundled assets/eval/photo-words-tuning.tsv.
    #[arg(long)]
    tuning: Option<PathBuf>,
    /// `photo<TAB>word` lines only reported on; default: the bundled
    /// assets/eval/photo-words-held-out.tsv.
    #[arg(long)]
    held_out: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    device: Device,
}

/// A photo placed in word space, with the classes that placed it.
struct PhotoAmongWords {
    path: PathBuf,
    /// Its unit vector among the words (ConSE, T = 10).
    vector: Vec<f32>,
    /// The network's probabilities, for search by word.
    probabilities: Vec<f32>,
    classes: Vec<ClassWeight>,
    /// The top class and its probability, when the network is unsure.
    unsure: Option<(usize, f32)>,
}

/// The photos under `inputs` placed in word space; unreadable ones reported and left out.
fn place_all(
    embedder: &ImageEmbedder,
    classes: &ClassVectors,
    inputs: &[PathBuf],
) -> anyhow::Result<(Vec<PhotoAmongWords>, anyhow::Result<()>)> {
    let results = embed_all(embedder, inputs)?;
    let mut placed = Vec::with_capacity(results.len());
    for (path, result) in &results {
        match result {
            Ok(features) => {
                let probabilities = &features.probabilities;
                let weights = classes.top_classes(probabilities, TOP_CLASSES);
                match classes.place_by(&weights) {
                    Some(vector) => placed.push(PhotoAmongWords {
                        path: path.clone(),
                        vector,
                        probabilities: probabilities.clone(),
                        classes: weights,
                        unsure: conse::unsure(&features.probabilities),
                    }),
                    None => eprintln!("error: {}: no class of it has a word", path.display()),
                }
            }
            Err(error) => eprintln!("error: {error}"),
        }
    }
    Ok((placed, fail_if_any_failed(&results)))
}

pub fn search_images(source: &Source, args: &SearchArgs) -> anyhow::Result<()> {
    let words = source.load()?.vectors;
    // An unknown or malformed query is reported before any photo is read.
    words.direction(&Expression::parse(&args.query)?)?;
    let placing = args.placing;
    let classes = ClassVectors::load(&words, placing.naming.into())?;
    let embedder = embedder(placing.device)?;
    let (placed, failures) = place_all(&embedder, &classes, &args.paths)?;
    let placed: Vec<PlacedPhoto> = placed
        .into_iter()
        .filter_map(|p| {
            let point = classes.search_point(&words, &p.probabilities, &conse::SEARCH)?;
            Some(PlacedPhoto {
                path: p.path,
                point,
            })
        })
        .collect();
    let ranked = conse::search_photos(&words, &args.query, &placed)?;
    let mut stdout = io::stdout().lock();
    if placing.output.json {
        let list: Vec<_> = ranked
            .iter()
            .map(|m| json!({ "path": m.path.to_string_lossy(), "score": m.score }))
            .collect();
        serde_json::to_writer_pretty(&mut stdout, &list)?;
        writeln!(stdout)?;
    } else {
        for m in &ranked {
            writeln!(stdout, "{:>7.4}  {}", m.score, m.path.display())?;
        }
    }
    failures
}

pub fn image_words(source: &Source, args: &ImageWordsArgs) -> anyhow::Result<()> {
    let words = source.load()?.vectors;
    let placing = args.placing;
    let classes = ClassVectors::load(&words, placing.naming.into())?;
    let embedder = embedder(placing.device)?;
    let (placed, failures) = place_all(&embedder, &classes, &args.paths)?;
    let names = ClassNames::read(&asset_path("labels.json"))?;
    let name = |class: usize| names.name(class).unwrap_or_default().to_owned();
    let json = placing.output.json;
    let mut stdout = io::stdout().lock();
    let mut list = Vec::with_capacity(placed.len());
    for PhotoAmongWords {
        path,
        vector,
        classes,
        unsure,
        ..
    } in &placed
    {
        let nearest = conse::nearest_words(&words, vector, args.topn);
        if json {
            let near: Vec<_> = nearest
                .iter()
                .map(|n| json!({ "word": n.word, "score": n.score }))
                .collect();
            // ConSE's convex combination: the classes and their weights that place the photo.
            let weights: Vec<_> = classes
                .iter()
                .map(|c| {
                    json!({
                        "class": c.class,
                        "name": name(c.class),
                        "probability": c.probability,
                        "weight": c.weight,
                    })
                })
                .collect();
            list.push(json!({
                "path": path.to_string_lossy(),
                "words": near,
                "classes": weights,
                "unsure": unsure.is_some(),
            }));
        } else {
            let near: Vec<String> = nearest
                .iter()
                .map(|n| format!("{} {:.3}", n.word, n.score))
                .collect();
            writeln!(stdout, "{}: {}", path.display(), near.join(", "))?;
            if let Some((class, probability)) = unsure {
                writeln!(
                    stdout,
                    "  the network is unsure: its most probable class, {}, has {:.0}%, so this \
                     place averages guesses",
                    name(*class),
                    100.0 * probability
                )?;
            }
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut stdout, &list)?;
        writeln!(stdout)?;
    }
    failures
}

/// Labelled photos from `file` with the network's probabilities for each.
fn labelled_with_probabilities(
    embedder: &ImageEmbedder,
    file: &Path,
) -> anyhow::Result<Vec<(LabelledPhoto, Vec<f32>)>> {
    let labelled = conse::read_labelled_photos(file)?;
    if labelled.is_empty() {
        bail!("{}: no labelled photos", file.display());
    }
    let paths: Vec<PathBuf> = labelled.iter().map(|p| p.path.clone()).collect();
    let features = embed_all(embedder, &paths)?;
    labelled
        .into_iter()
        .zip(features)
        .map(|(photo, (_, result))| {
            let features = result.with_context(|| format!("evaluating {}", file.display()))?;
            Ok((photo, features.probabilities))
        })
        .collect()
}

/// Search by word on the labelled photos, for plain averaging and each idea at the setting the
/// tuning part chooses; the held-out part is only reported.
pub fn eval_photos(source: &Source, args: &PhotosEvalArgs) -> anyhow::Result<()> {
    let tuning_file = args
        .tuning
        .clone()
        .unwrap_or_else(|| asset_path("eval/photo-words-tuning.tsv"));
    let held_out_file = args
        .held_out
        .clone()
        .unwrap_or_else(|| asset_path("eval/photo-words-held-out.tsv"));
    let words = source.load()?.vectors;
    let embedder = embedder(args.device)?;
    let tuning = labelled_with_probabilities(&embedder, &tuning_file)?;
    let held_out = labelled_with_probabilities(&embedder, &held_out_file)?;
    let naive = ClassVectors::load(&words, ClassNaming::Naive)?;
    let wordnet = ClassVectors::load(&words, ClassNaming::WordNet)?;
    let conse_t10 = |naming| Ranking {
        naming,
        scoring: Scoring::Point,
        t: TOP_CLASSES,
        temperature: 1.0,
    };
    let mut methods = vec![
        (&naive, conse_t10(ClassNaming::Naive)),
        (&wordnet, conse_t10(ClassNaming::WordNet)),
    ];
    for scoring in [
        Scoring::Point,
        Scoring::Expected,
        Scoring::Csls,
        Scoring::ClassSide { classes: 1 },
    ] {
        methods.push((&wordnet, conse::tune(&words, &wordnet, &tuning, scoring)?));
    }
    let evaluations = methods
        .into_iter()
        .map(|(classes, method)| conse::evaluate(&words, classes, &tuning, &held_out, method))
        .collect::<Result<Vec<_>, _>>()?;
    let mut stdout = io::stdout().lock();
    if args.output.json {
        serde_json::to_writer_pretty(&mut stdout, &evaluations)?;
        writeln!(stdout)?;
        return Ok(());
    }
    let part = |name: &str, e: &conse::PartEvaluation| {
        format!(
            "{name} part: {} photos, {} query words",
            e.photos,
            e.queries.len()
        )
    };
    writeln!(
        stdout,
        "Search by word: each word ranks its part's photos. {}; {}. Settings (T, τ, classes) are \
         chosen on the tuning part only.\n",
        part("tuning", &evaluations[0].tuning),
        part("held-out", &evaluations[0].held_out),
    )?;
    writeln!(stdout, "{:<68} {:>22}   {:>22}", "", "tuning", "held-out")?;
    writeln!(
        stdout,
        "{:<68} {:>6} {:>6} {:>8}   {:>6} {:>6} {:>8}",
        "method", "hit@1", "R@3", "MRR", "hit@1", "R@3", "MRR"
    )?;
    for evaluation in &evaluations {
        let figures = |p: &conse::PartEvaluation| {
            format!(
                "{:>5.1}% {:>5.1}% {:>8.3}",
                100.0 * p.hit_at_1,
                100.0 * p.recall_at_3,
                p.mean_reciprocal_rank
            )
        };
        writeln!(
            stdout,
            "{:<68} {}   {}",
            evaluation.label,
            figures(&evaluation.tuning),
            figures(&evaluation.held_out)
        )?;
    }
    if let Some(chosen) = evaluations.iter().skip(1).max_by(|a, b| {
        a.tuning
            .ranking()
            .partial_cmp(&b.tuning.ranking())
            .unwrap_or(std::cmp::Ordering::Equal)
    }) {
        let folder = held_out_file.parent().unwrap_or(Path::new("."));
        let misses: Vec<String> = chosen
            .held_out
            .queries
            .iter()
            .filter(|q| q.first_rank != 1)
            .map(|q| {
                let best = q.best.strip_prefix(folder).unwrap_or(&q.best);
                format!("{} → {}", q.word, best.display())
            })
            .collect();
        writeln!(
            stdout,
            "\nBest on the tuning part: {}. Its held-out searches that missed: {}",
            chosen.label,
            misses.join("; ")
        )?;
    }
    Ok(())
}
