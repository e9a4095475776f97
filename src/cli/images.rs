//! The image commands: embed, classify and compare photos with ResNet-50.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde_json::json;

use embedding_explorer::images::{
    self, DeviceChoice, ImageEmbedder, ImageFeatures, ImagesError, cosine,
};
use embedding_explorer::npy;
use embedding_explorer::progress::Silent;

/// Images per network call.
const BATCH: usize = 16;

fn embedder(device: DeviceChoice) -> anyhow::Result<ImageEmbedder> {
    let embedder = ImageEmbedder::load_default(device)?;
    if let Some(notice) = &embedder.device().notice {
        eprintln!("note: {notice}");
    }
    Ok(embedder)
}

/// Embeds every image under `inputs`, pairing each path with its result.
fn embed_all(
    embedder: &ImageEmbedder,
    inputs: &[PathBuf],
) -> anyhow::Result<Vec<(PathBuf, Result<ImageFeatures, ImagesError>)>> {
    let paths = images::collect_image_paths(inputs)?;
    if paths.is_empty() {
        bail!("no images found in {}", display_list(inputs));
    }
    let results = embedder.embed_files(&paths, BATCH, &Silent);
    Ok(paths.into_iter().zip(results).collect())
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fails (after all output is written) when any image could not be processed.
fn fail_if_any_failed(
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

pub fn embed(
    inputs: &[PathBuf],
    out: Option<&Path>,
    json: bool,
    device: DeviceChoice,
) -> anyhow::Result<()> {
    let embedder = embedder(device)?;
    let results = embed_all(&embedder, inputs)?;
    for (path, result) in &results {
        match result {
            Err(error) => eprintln!("error: {error}"),
            Ok(features) if !json && out.is_none() => {
                let Some(top) = embedder.top_labels(features, 1).into_iter().next() else {
                    continue;
                };
                println!(
                    "{}  {:.0}%  {}",
                    path.display(),
                    100.0 * top.probability,
                    top.label
                );
            }
            Ok(_) => {}
        }
    }
    if let Some(out) = out {
        let rows: Vec<&[f32]> = results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|f| f.embedding.as_slice()))
            .collect();
        let file = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        let mut writer = BufWriter::new(file);
        npy::write_f32_matrix(&mut writer, &rows, images::EMBEDDING_DIM)?;
        writer.flush()?;
        eprintln!(
            "wrote {} × {} embeddings to {}",
            rows.len(),
            images::EMBEDDING_DIM,
            out.display()
        );
    }
    if json {
        let list: Vec<serde_json::Value> = results
            .iter()
            .map(|(path, result)| match result {
                Ok(features) => json!({ "path": path, "embedding": features.embedding }),
                Err(error) => json!({ "path": path, "error": error.to_string() }),
            })
            .collect();
        let mut stdout = io::stdout().lock();
        serde_json::to_writer(&mut stdout, &list)?;
        writeln!(stdout)?;
    }
    fail_if_any_failed(&results)
}

pub fn classify(
    inputs: &[PathBuf],
    top: usize,
    json: bool,
    device: DeviceChoice,
) -> anyhow::Result<()> {
    let embedder = embedder(device)?;
    let results = embed_all(&embedder, inputs)?;
    let mut list = Vec::new();
    let mut stdout = io::stdout().lock();
    for (path, result) in &results {
        match result {
            Ok(features) => {
                let labels = embedder.top_labels(features, top);
                if json {
                    list.push(json!({ "path": path, "top": labels }));
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
                    list.push(json!({ "path": path, "error": error.to_string() }));
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

pub fn compare(a: &Path, b: &Path, json: bool, device: DeviceChoice) -> anyhow::Result<()> {
    let embedder = embedder(device)?;
    let paths = [a.to_owned(), b.to_owned()];
    let mut results = embedder.embed_files(&paths, 2, &Silent).into_iter();
    let (Some(first), Some(second)) = (results.next(), results.next()) else {
        bail!("expected two results");
    };
    let score = cosine(&first?.embedding, &second?.embedding);
    if json {
        println!("{}", json!({ "a": a, "b": b, "score": score }));
    } else {
        println!(
            "{score:.4}  (cosine of the ResNet-50 embeddings of {} and {})",
            a.display(),
            b.display()
        );
    }
    Ok(())
}
