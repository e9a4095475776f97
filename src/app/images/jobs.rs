//! The Images room's background work: the network loaded, photos read and embedded in batches,
//! what they say together, and their t-SNE and UMAP layouts; each started here and taken back
//! in [`Images::receive`].

use std::path::PathBuf;
use std::sync::Arc;

use burn::tensor::wgpu::WgpuSetup;

use super::{Images, ImagesOutput, analyse, embed, lay_out, read_thumbnails};
use crate::app::JobOutput;
use crate::app::floor::cache::start_cached;
use crate::app::floor::dataset::{DatasetId, group_thousands};
use crate::app::floor::jobs::Jobs;
use crate::images::{self as engine, ImageEmbedder};
use crate::projection::Method;
use crate::words::WordVectors;

/// The words photos are placed among: the dataset shown and its vectors.
pub type ShownWords = Option<(DatasetId, Arc<WordVectors>)>;

impl Images {
    /// Loads ResNet-50 on the window's GPU when it shares one, else where `Auto` chooses.
    pub(crate) fn load_network(jobs: &mut Jobs<JobOutput>, gpu: Option<WgpuSetup>) {
        let crashed = |title| {
            let error = engine::ImagesError::Compute(format!("{title} stopped unexpectedly"));
            JobOutput::Images(ImagesOutput::Network(Box::new(Err(error))))
        };
        jobs.spawn("Loading ResNet-50", false, crashed, move |_| {
            let device = match gpu.map(engine::from_wgpu_setup) {
                Some(Ok(device)) => Ok(device),
                Some(Err(_)) | None => engine::select_device(engine::DeviceChoice::Auto),
            };
            let network = device.and_then(ImageEmbedder::load_on);
            JobOutput::Images(ImagesOutput::Network(Box::new(network)))
        });
    }

    /// Reads the photos' thumbnails on a job; they join the gallery, queued for embedding.
    pub(crate) fn read(jobs: &mut Jobs<JobOutput>, paths: Vec<PathBuf>) {
        jobs.spawn("Reading images", false, JobOutput::Crashed, move |_| {
            JobOutput::Images(read_thumbnails(&paths))
        });
    }

    /// Removes every photo (the batch being embedded is for photos that are gone) and what was
    /// said of them.
    pub(crate) fn clear(&mut self, jobs: &mut Jobs<JobOutput>, words: ShownWords) {
        if let Some(job) = self.embedding_job() {
            jobs.cancel(job);
        }
        self.forget_photos();
        self.analyse(jobs, words);
    }

    /// Starts embedding the queued photos if the network is ready and idle.
    pub(crate) fn pump_embedding(&mut self, jobs: &mut Jobs<JobOutput>) {
        let Some((network, batch)) = self.next_batch() else {
            return;
        };
        let title = format!("Embedding {} images", batch.len());
        let photos = batch.iter().map(|(id, _)| *id).collect();
        let stream = jobs.spawn_streaming(
            title,
            true,
            |title| JobOutput::Images(ImagesOutput::EmbeddingCrashed { photos, title }),
            move |progress, publisher| {
                JobOutput::Images(embed(&network, batch, progress, publisher))
            },
        );
        self.embedding_started(stream);
    }

    /// Compares the embedded photos (all pairs, the PCA map, their places among `words`) on a
    /// job.
    pub(crate) fn analyse(&mut self, jobs: &mut Jobs<JobOutput>, words: ShownWords) {
        let Some(embedded) = self.analysis_inputs() else {
            return;
        };
        jobs.spawn_latest(
            "image analysis",
            "Comparing images",
            false,
            JobOutput::Crashed,
            move |_| JobOutput::Images(analyse(embedded, words)),
        );
    }

    /// Lays the analysed photos out by the images map's t-SNE or UMAP on a streaming job,
    /// unless that layout is kept, running or failed; a layout no longer wanted is stopped.
    pub(crate) fn lay_out(&mut self, jobs: &mut Jobs<JobOutput>, method: Method) {
        let Some(key) = self.layout_key(method) else {
            // PCA (or nothing to lay out): no layout job is wanted.
            if let Some(job) = self.layouts.running_job() {
                jobs.cancel(job);
            }
            return;
        };
        // Photos removed meanwhile: the analysis that named them is on its way out.
        let Some(embedded) = self.embeddings(&key.photos) else {
            return;
        };
        let photos = group_thousands(key.photos.len());
        start_cached(
            &mut self.layouts,
            jobs,
            key,
            || format!("{} of {photos} photos", method.name()),
            |key, outcome| JobOutput::Images(ImagesOutput::Layout { key, outcome }),
            move |key, progress, publisher| lay_out(&embedded, key.method, progress, publisher),
        );
    }
}
