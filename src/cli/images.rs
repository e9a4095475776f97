//! The image commands: embed, classify and compare photos with ResNet-50.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::{Args, ValueEnum};
use serde_json::json;

use super::{Output, ProgressLine};
use embedding_explorer::images::{self, DeviceChoice, ImageEmbedder, ImageFeatures, ImagesError};
use embedding_explorer::npy;
use embedding_explorer::output;
use embedding_explorer::progress::Silent;
use embedding_explorer::vector::cosine;

/// `--device`, shared by every command that runs the network.
#[derive(Debug, Clone, Copy, Args)]
pub struct Device {
    /// Where the network runs.
    #[arg(long, value_enum, default_value_t = DeviceArg::Auto)]
    device: DeviceArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DeviceArg {
    /// A hardware GPU if there is one, else the CPU.
    Auto,
    /// The GPU through wgpu (an error if there is none).
    Gpu,
    Cpu,
}

impl From<Device> for DeviceChoice {
    fn from(device: Device) -> Self {
        match device.device {
            DeviceArg::Auto => DeviceChoice::Auto,
            DeviceArg::Gpu => DeviceChoice::Gpu,
            DeviceArg::Cpu => DeviceChoice::Cpu,
        }
    }
}

#[derive(Debug, Args)]
pub struct EmbedArgs {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write the embeddings of the readable images as an N×2048 f32 .npy matrix.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    device: Device,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// How many classes per image.
    #[arg(long, default_value_t = 5)]
    top: usize,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    device: Device,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    a: PathBuf,
    b: PathBuf,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    device: Device,
}

/// Images per network call.
const BATCH: usize = 16;

pub(super) fn embedder(device: Device) -> anyhow::Result<ImageEmbedder> {
    let embedder = ImageEmbedder::load_default(device.into())?;
    if let Some(notice) = &embedder.device().notice {
        eprintln!("note: {notice}");
    }
    Ok(embedder)
}

/// Embeds every image under `inputs`, pairing each path with its result.
pub(super) fn embed_all(
    embedder: &ImageEmbedder,
    inputs: &[PathBuf],
) -> anyhow::Result<Vec<(PathBuf, Result<ImageFeatures, ImagesError>)>> {
    embed_found(embedder, images::collect_image_paths(inputs), inputs)
}

/// Embeds the images `found` under `inputs`, pairing each path with its result.
fn embed_found(
    embedder: &ImageEmbedder,
    found: images::Found,
    inputs: &[PathBuf],
) -> anyhow::Result<Vec<(PathBuf, Result<ImageFeatures, ImagesError>)>> {
    if found.paths.is_empty() && found.problems.is_empty() {
        bail!("no images found in {}", display_list(inputs));
    }
    let line = ProgressLine::new("images");
    let results = embedder.embed_files(&found.paths, BATCH, &line);
    line.clear();
    // What could not be looked at fails like an image that could not be read, in its place.
    let unreadable = found.problems.into_iter().map(|problem| {
        let path = problem.path().map(Path::to_owned).unwrap_or_default();
        (path, Err(problem))
    });
    Ok(unreadable
        .chain(found.paths.into_iter().zip(results))
        .collect())
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fails (after all output is written) when any image could not be processed.
pub(super) fn fail_if_any_failed(
    results: &[(PathBuf, Result<ImageFeatures, ImagesError>)],
) -> anyhow::Result<()> {
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    if failed > 0 {
        bail!(
            "{failed} of {} images could not be processed",
            results.len()
        );
    }
    Ok(())
}

pub fn embed(args: &EmbedArgs) -> anyhow::Result<()> {
    let json = args.output.json;
    // Checked before the work: never over an image given or found in a folder given, and a
    // folder that takes the file.
    let found = images::collect_image_paths(&args.paths);
    let inputs: Vec<&Path> = args
        .paths
        .iter()
        .chain(&found.paths)
        .map(PathBuf::as_path)
        .collect();
    let out = args
        .out
        .as_deref()
        .map(|path| output::Output::create(path, &inputs))
        .transpose()?;
    let embedder = embedder(args.device)?;
    let results = embed_found(&embedder, found, &args.paths)?;
    let mut stdout = io::stdout().lock();
    for (path, result) in &results {
        match result {
            Err(error) => eprintln!("error: {error}"),
            Ok(features) if !json && out.is_none() => {
                let Some(top) = embedder.top_labels(features, 1).into_iter().next() else {
                    continue;
                };
                writeln!(
                    stdout,
                    "{}  {:.0}%  {}",
                    path.display(),
                    100.0 * top.probability,
                    top.label
                )?;
            }
            Ok(_) => {}
        }
    }
    if let Some(out) = out {
        let rows: Vec<&[f32]> = results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|f| f.embedding.as_slice()))
            .collect();
        let path = out.path().to_owned();
        out.commit_with(|out| npy::write_f32_matrix(out, &rows, images::EMBEDDING_DIM))?;
        eprintln!(
            "wrote {} × {} embeddings to {}",
            rows.len(),
            images::EMBEDDING_DIM,
            path.display()
        );
    }
    if json {
        let list: Vec<serde_json::Value> = results
            .iter()
            .map(|(path, result)| match result {
                Ok(features) => {
                    json!({ "path": path.to_string_lossy(), "embedding": features.embedding })
                }
                Err(error) => json!({ "path": path.to_string_lossy(), "error": error.to_string() }),
            })
            .collect();
        serde_json::to_writer(&mut stdout, &list)?;
        writeln!(stdout)?;
    }
    fail_if_any_failed(&results)
}

pub fn classify(args: &ClassifyArgs) -> anyhow::Result<()> {
    let json = args.output.json;
    let embedder = embedder(args.device)?;
    let results = embed_all(&embedder, &args.paths)?;
    let mut list = Vec::new();
    let mut stdout = io::stdout().lock();
    for (path, result) in &results {
        match result {
            Ok(features) => {
                let labels = embedder.top_labels(features, args.top);
                if json {
                    list.push(json!({ "path": path.to_string_lossy(), "top": labels }));
                } else {
                    writeln!(stdout, "{}", path.display())?;
                    for label in labels {
                        writeln!(
                            stdout,
                            "  {:>5.1}%  {}",
                            100.0 * label.probability,
                            label.label
                        )?;
                    }
                }
            }
            Err(error) => {
                eprintln!("error: {error}");
                if json {
                    list.push(
                        json!({ "path": path.to_string_lossy(), "error": error.to_string() }),
                    );
                }
            }
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut stdout, &list)?;
        writeln!(stdout)?;
    }
    fail_if_any_failed(&results)
}

pub fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let (a, b) = (&args.a, &args.b);
    let embedder = embedder(args.device)?;
    let paths = [a.to_owned(), b.to_owned()];
    let mut results = embedder.embed_files(&paths, 2, &Silent).into_iter();
    let (Some(first), Some(second)) = (results.next(), results.next()) else {
        bail!("expected two results");
    };
    let score = cosine(&first?.embedding, &second?.embedding);
    let mut stdout = io::stdout().lock();
    if args.output.json {
        let value = json!({ "a": a.to_string_lossy(), "b": b.to_string_lossy(), "score": score });
        writeln!(stdout, "{value}")?;
    } else {
        writeln!(
            stdout,
            "{score:.4}  (cosine of the ResNet-50 embeddings of {} and {})",
            a.display(),
            b.display()
        )?;
    }
    Ok(())
}
