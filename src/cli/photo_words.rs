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
    self, ClassNaming, ClassVectors, ClassWeight, PlacedPhoto, TOP_CLASSES,
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
    /// `photo<TAB>word` lines, photos relative to the file; default: the bundled
    /// assets/eval/photo-words.tsv.
    file: Option<PathBuf>,
    /// Nearest words shown per photo.
    #[arg(long, default_value_t = 5)]
    topn: usize,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    device: Device,
}

/// A photo placed in word space, with the classes that placed it.
struct Placed {
    photo: PlacedPhoto,
    classes: Vec<ClassWeight>,
    /// The top class and its probability, when the network is unsure.
    unsure: Option<(usize, f32)>,
}

/// The photos under `inputs` placed in word space; unreadable ones reported and left out.
fn place_all(
    embedder: &ImageEmbedder,
    classes: &ClassVectors,
    inputs: &[PathBuf],
) -> anyhow::Result<(Vec<Placed>, anyhow::Result<()>)> {
    let results = embed_all(embedder, inputs)?;
    let mut placed = Vec::with_capacity(results.len());
    for (path, result) in &results {
        match result {
            Ok(features) => {
                let weights = classes.top_classes(&features.probabilities, TOP_CLASSES);
                match classes.place_by(&weights) {
                    Some(vector) => placed.push(Placed {
                        photo: PlacedPhoto {
                            path: path.clone(),
                            vector,
                        },
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
    let placed: Vec<PlacedPhoto> = placed.into_iter().map(|p| p.photo).collect();
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
    for Placed {
        photo,
        classes,
        unsure,
    } in &placed
    {
        let nearest = conse::nearest_words(&words, &photo.vector, args.topn);
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
                "path": photo.path.to_string_lossy(),
                "words": near,
                "classes": weights,
                "unsure": unsure.is_some(),
            }));
        } else {
            let near: Vec<String> = nearest
                .iter()
                .map(|n| format!("{} {:.3}", n.word, n.score))
                .collect();
            writeln!(stdout, "{}: {}", photo.path.display(), near.join(", "))?;
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

pub fn eval_photos(source: &Source, args: &PhotosEvalArgs) -> anyhow::Result<()> {
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| asset_path("eval/photo-words.tsv"));
    let labelled = conse::read_labelled_photos(&file)?;
    if labelled.is_empty() {
        bail!("{}: no labelled photos", file.display());
    }
    let words = source.load()?.vectors;
    let embedder = embedder(args.device)?;
    let paths: Vec<PathBuf> = labelled.iter().map(|p| p.path.clone()).collect();
    let features = embed_all(&embedder, &paths)?;
    let mut photos = Vec::with_capacity(labelled.len());
    for (photo, (_, result)) in labelled.into_iter().zip(features) {
        let features = result.with_context(|| format!("evaluating {}", file.display()))?;
        photos.push((photo, features.probabilities));
    }
    let evaluations = [ClassNaming::Naive, ClassNaming::WordNet]
        .into_iter()
        .map(|naming| {
            let classes = ClassVectors::load(&words, naming)?;
            conse::evaluate(&words, &classes, &photos, args.topn)
                .with_context(|| format!("evaluating {}", file.display()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut stdout = io::stdout().lock();
    if args.output.json {
        serde_json::to_writer_pretty(&mut stdout, &evaluations)?;
        writeln!(stdout)?;
        return Ok(());
    }
    let folder = file.parent().unwrap_or(Path::new("."));
    for evaluation in &evaluations {
        writeln!(
            stdout,
            "{}\n  {} of 1000 classes have a vector; search by word hit@1 {:.0}% ({} words); \
             the photo's word among its {} nearest words: {:.0}% (mean reciprocal rank {:.3})",
            evaluation.naming.label(),
            evaluation.covered_classes,
            100.0 * evaluation.search_hit_at_1(),
            evaluation.queries.len(),
            args.topn,
            100.0 * evaluation.word_hit_at(args.topn),
            evaluation.word_reciprocal_rank(),
        )?;
        for photo in &evaluation.photos {
            let near: Vec<&str> = photo.words.iter().map(|n| n.word.as_str()).collect();
            let name = photo.path.strip_prefix(folder).unwrap_or(&photo.path);
            writeln!(
                stdout,
                "    {:<28} {:<10} rank {:>5}  {}",
                name.display(),
                photo.word,
                photo.word_rank,
                near.join(", ")
            )?;
        }
        let misses: Vec<String> = evaluation
            .queries
            .iter()
            .filter(|q| !q.hit)
            .map(|q| {
                let name = q.best.strip_prefix(folder).unwrap_or(&q.best);
                format!("{} → {}", q.word, name.display())
            })
            .collect();
        if !misses.is_empty() {
            writeln!(stdout, "  searches that missed: {}", misses.join("; "))?;
        }
    }
    Ok(())
}
