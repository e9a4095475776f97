//! The Images side's work, as plain functions the app runs on job threads: reading thumbnails,
//! embedding (streaming each batch's results as it finishes), and comparing the photos and
//! placing them among the words.

use std::path::PathBuf;
use std::sync::Arc;

use egui::ColorImage;
use rayon::prelude::*;

use super::{Batch, Embedded, EmbeddedBatch, ImageAnalysis, ImagesOutput, InWords, PhotoId};
use crate::app::floor::dataset::DatasetId;
use crate::app::floor::jobs::Publisher;
use crate::conse::{self, ClassNaming, ClassVectors};
use crate::images::{self as engine, ImageEmbedder, ImageFeatures, ImagesError};
use crate::progress::{Progress, ProgressSink};
use crate::projection::Projection;
use crate::vector;
use crate::words::WordVectors;

/// Words named beside a photo placed among them.
const PHOTO_WORDS: usize = 5;
/// Longest side of a thumbnail, in pixels.
const THUMBNAIL_PIXELS: u32 = 192;
/// Images per network call in the GUI: small, so results appear, progress moves and cancel
/// answers quickly.
const GUI_BATCH: usize = 4;

/// Job: finds the image files under `paths` and reads a thumbnail of each.
pub fn read_thumbnails(paths: &[PathBuf]) -> ImagesOutput {
    let found = engine::collect_image_paths(paths);
    let files = found
        .paths
        .into_par_iter()
        .map(|path| {
            let thumbnail = engine::decode(&path).map(|rgb| thumbnail(&rgb));
            (path, thumbnail)
        })
        .collect();
    ImagesOutput::Thumbnails {
        files,
        problems: found.problems,
    }
}

/// Job: embeds `batch` a few photos at a time, publishing the results so far after each.
pub fn embed(
    network: &ImageEmbedder,
    batch: Batch,
    progress: &dyn ProgressSink,
    publisher: &Publisher<EmbeddedBatch>,
) -> ImagesOutput {
    let total = batch.len() as u64;
    let mut done: EmbeddedBatch = Vec::with_capacity(batch.len());
    for chunk in batch.chunks(GUI_BATCH) {
        if progress.is_cancelled() {
            done.extend(chunk_ids(chunk).map(|id| (id, Err(ImagesError::Cancelled))));
            continue;
        }
        let paths: Vec<PathBuf> = chunk.iter().map(|(_, p)| p.clone()).collect();
        let results = network.embed_files(&paths, GUI_BATCH, &crate::progress::Silent);
        for (id, result) in chunk_ids(chunk).zip(results) {
            let embedded = result.map(|features| Embedded {
                label: network.top_labels(&features, 1).into_iter().next(),
                features: Arc::new(features),
            });
            done.push((id, embedded));
        }
        progress.report(Progress {
            done: done.len() as u64,
            total,
        });
        publisher.publish(done.clone());
    }
    ImagesOutput::Embedded(done)
}

fn chunk_ids(chunk: &[(PhotoId, PathBuf)]) -> impl Iterator<Item = PhotoId> + '_ {
    chunk.iter().map(|(id, _)| *id)
}

/// Job: every pair's cosine and the PCA map of the embedded photos, and, given the words shown,
/// the photos placed among them.
pub fn analyse(
    embedded: Vec<(PhotoId, Arc<ImageFeatures>)>,
    words: Option<(DatasetId, Arc<WordVectors>)>,
) -> ImagesOutput {
    let rows: Vec<&[f32]> = embedded
        .iter()
        .map(|(_, f)| f.embedding.as_slice())
        .collect();
    let similarity = vector::cosine_matrix(&rows);
    let dim = rows.first().map_or(0, |row| row.len());
    let projection = if rows.len() < 3 {
        Ok(None)
    } else {
        Projection::fit(rows.iter().copied(), dim).map(Some)
    };
    let in_words = words.map(|(dataset, vectors)| place_among_words(&embedded, dataset, &vectors));
    ImagesOutput::Analysis(projection.map(|projection| {
        ImageAnalysis {
            photos: embedded.iter().map(|(id, _)| *id).collect(),
            similarity,
            coords: projection
                .as_ref()
                .map(|p| rows.iter().map(|e| p.project(e)).collect()),
            variance: projection.map(|p| p.explained_variance_ratio),
            in_words,
        }
    }))
}

/// Places each photo among the words by ConSE, with WordNet's class names.
fn place_among_words(
    embedded: &[(PhotoId, Arc<ImageFeatures>)],
    dataset: DatasetId,
    words: &WordVectors,
) -> Result<InWords, String> {
    let classes =
        ClassVectors::load(words, ClassNaming::WordNet).map_err(|error| error.to_string())?;
    let vectors: Vec<Option<Arc<[f32]>>> = embedded
        .par_iter()
        .map(|(_, features)| classes.place(&features.probabilities).map(Arc::from))
        .collect();
    let search = embedded
        .par_iter()
        .map(|(_, features)| classes.search_point(words, &features.probabilities, &conse::SEARCH))
        .collect();
    let nearest = vectors
        .par_iter()
        .map(|vector| {
            vector.as_ref().map_or_else(Vec::new, |vector| {
                conse::nearest_words(words, vector, PHOTO_WORDS)
            })
        })
        .collect();
    let names = crate::images::ClassNames::read(&crate::assets::asset_path("labels.json"))
        .map_err(|error| error.to_string())?;
    Ok(InWords {
        dataset,
        vectors,
        search,
        nearest,
        classes: Arc::new(classes),
        names: Arc::new(names),
    })
}

/// A small RGBA copy for the panel and the images map.
fn thumbnail(rgb: &image::RgbImage) -> ColorImage {
    let small = image::imageops::thumbnail(
        rgb,
        THUMBNAIL_PIXELS,
        THUMBNAIL_PIXELS * rgb.height() / rgb.width().max(1),
    );
    let fitted = if small.height() > THUMBNAIL_PIXELS {
        image::imageops::thumbnail(
            rgb,
            THUMBNAIL_PIXELS * rgb.width() / rgb.height().max(1),
            THUMBNAIL_PIXELS,
        )
    } else {
        small
    };
    ColorImage::from_rgb(
        [fitted.width() as usize, fitted.height() as usize],
        fitted.as_raw(),
    )
}
