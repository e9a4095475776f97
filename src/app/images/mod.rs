//! The Images side: the gallery of photos (each known by its [`PhotoId`]), the network that
//! embeds them, what their embeddings say together, and where they sit among the words. The jobs' work is here too, as plain
//! functions the app runs on job threads: reading thumbnails, embedding (streaming each batch's
//! results as it finishes), and comparing the photos and placing them.

mod layout;
mod panel;

use std::path::PathBuf;
use std::sync::Arc;

use egui::{ColorImage, TextureHandle};
use rayon::prelude::*;

pub use layout::{PhotoLayouts, lay_out};
pub use panel::ImagesPanel;

use super::Action;
use super::dataset::{DatasetId, group_thousands};
use super::jobs::{Publisher, Stream};
use super::map::{At, ImagesMapView, Layer, MapMethod, MapNote, Placed, Thumbnail, axis_labels};
use super::messages::{AppError, Messages};
use crate::conse::{self, ClassNaming, ClassVectors};
use crate::images::{self as engine, ImageEmbedder, ImageFeatures, ImagesError, Label};
use crate::linalg;
use crate::progress::{Progress, ProgressSink};
use crate::projection::{Projection, ProjectionError};
use crate::words::{Neighbour, WordVectors};

/// Words named beside a photo placed among them.
const PHOTO_WORDS: usize = 5;
/// Longest side of a thumbnail, in pixels.
const THUMBNAIL_PIXELS: u32 = 192;
/// Images per network call in the GUI: small, so results appear, progress moves and cancel
/// answers quickly.
const GUI_BATCH: usize = 4;

/// A photo's identity in the gallery, stable while others come and go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhotoId(u64);

/// A photo's features and its most probable ImageNet class.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub features: Arc<ImageFeatures>,
    pub label: Option<Label>,
}

/// One photo in the gallery.
pub struct Photo {
    pub id: PhotoId,
    pub path: PathBuf,
    pub name: String,
    pub thumbnail: Option<TextureHandle>,
    pub embedded: Option<Embedded>,
    pub error: Option<ImagesError>,
}

impl Photo {
    fn new(id: PhotoId, path: PathBuf) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Self {
            id,
            path,
            name,
            thumbnail: None,
            embedded: None,
            error: None,
        }
    }

    pub fn is_pending(&self) -> bool {
        self.embedded.is_none() && self.error.is_none()
    }

    /// The error as the user reads it: naming the file, once.
    pub fn error_text(&self) -> Option<String> {
        self.error.as_ref().map(|error| match error.path() {
            Some(_) => error.to_string(),
            None => format!("{}: {error}", self.name),
        })
    }
}

/// The image network as the app sees it.
pub enum Network {
    Loading,
    Ready(Arc<ImageEmbedder>),
    Failed(ImagesError),
}

/// What the embeddings say about the photos together: computed on a job thread whenever they
/// change (all pairs cost N² cosines of 2048 values, too much to redo every frame).
pub struct ImageAnalysis {
    /// The embedded photos, in gallery order.
    pub photos: Vec<PhotoId>,
    /// Cosine similarity of every pair of them, in that order.
    pub similarity: Vec<Vec<f32>>,
    /// Their positions on the 2-D PCA map; `None` below three photos.
    pub coords: Option<Vec<[f64; 2]>>,
    /// Each PCA axis' share of the variance.
    pub variance: Option<[f64; 2]>,
    /// The same photos placed among the words shown, or why they cannot be; `None` while no
    /// words are loaded.
    pub in_words: Option<Result<InWords, String>>,
}

/// The photos placed in the word space of one dataset (ConSE, [`crate::conse`]).
pub struct InWords {
    pub dataset: DatasetId,
    /// Per photo of the analysis: its unit vector among the words, if any class it shows has a
    /// word.
    pub vectors: Vec<Option<Arc<[f32]>>>,
    /// Per photo: the words it sits nearest to.
    pub nearest: Vec<Vec<Neighbour>>,
}

/// "cat 0.61, kitten 0.55, dog 0.50".
pub fn list_words(words: &[Neighbour]) -> String {
    let listed: Vec<String> = words
        .iter()
        .map(|n| format!("{} {:.2}", n.word, n.score))
        .collect();
    listed.join(", ")
}

impl ImageAnalysis {
    /// The row of `photo` in the matrix.
    pub fn row(&self, photo: PhotoId) -> Option<usize> {
        self.photos.iter().position(|&p| p == photo)
    }
}

/// Photos to embed, with their files.
pub type Batch = Vec<(PhotoId, PathBuf)>;

/// Results of an embedding job so far (a snapshot) or in all (its output).
pub type EmbeddedBatch = Vec<(PhotoId, Result<Embedded, ImagesError>)>;

/// What the Images side's jobs send back.
pub enum ImagesOutput {
    Network(Box<Result<ImageEmbedder, ImagesError>>),
    Thumbnails {
        files: Vec<(PathBuf, Result<ColorImage, ImagesError>)>,
        error: Option<ImagesError>,
    },
    Embedded(EmbeddedBatch),
    Analysis(Result<ImageAnalysis, ProjectionError>),
    /// The photos laid out by t-SNE or UMAP, or why they could not be.
    Layout {
        photos: Vec<PhotoId>,
        method: MapMethod,
        result: Result<Vec<[f64; 2]>, ProjectionError>,
    },
}

/// The Images side of the app.
pub struct Images {
    pub photos: Vec<Photo>,
    next_id: u64,
    pub network: Network,
    /// Photos waiting for the network or for the running batch to finish.
    queued: Vec<PhotoId>,
    /// The job embedding a batch now, if any.
    embedding: Option<Stream<EmbeddedBatch>>,
    /// The embedded photos compared, as of the last finished analysis.
    pub analysis: Option<ImageAnalysis>,
    /// The photos' t-SNE and UMAP layouts.
    pub layouts: PhotoLayouts,
    pub panel: ImagesPanel,
}

impl Default for Images {
    fn default() -> Self {
        Self {
            photos: Vec::new(),
            next_id: 0,
            network: Network::Loading,
            queued: Vec::new(),
            embedding: None,
            analysis: None,
            layouts: PhotoLayouts::default(),
            panel: ImagesPanel::default(),
        }
    }
}

impl Images {
    /// The Images tab's side panel; `dataset` holds the words photos are searched by.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: Option<&super::dataset::Dataset>,
        actions: &mut Vec<Action>,
    ) {
        panel::ui(ui, self, dataset, actions);
    }

    pub fn photo(&self, id: PhotoId) -> Option<&Photo> {
        self.photos.iter().find(|p| p.id == id)
    }

    fn photo_mut(&mut self, id: PhotoId) -> Option<&mut Photo> {
        self.photos.iter_mut().find(|p| p.id == id)
    }

    /// The photos that have embeddings, in gallery order.
    pub fn embedded(&self) -> impl Iterator<Item = &Photo> {
        self.photos.iter().filter(|p| p.embedded.is_some())
    }

    /// Nothing waiting to be embedded and no batch running.
    pub fn is_idle(&self) -> bool {
        self.queued.is_empty() && self.embedding.is_none()
    }

    /// Where the network runs, for the status bar: read from the network itself.
    pub fn device_label(&self) -> &str {
        match &self.network {
            Network::Loading => "starting…",
            Network::Failed(_) => "unavailable",
            Network::Ready(network) => &network.device().name,
        }
    }

    pub fn clear(&mut self) {
        self.photos.clear();
        self.queued.clear();
        self.panel.pair = [None, None];
    }

    /// The next batch for the network, if it is ready and idle: the network and the photos.
    pub fn next_batch(&mut self) -> Option<(Arc<ImageEmbedder>, Batch)> {
        let Network::Ready(network) = &self.network else {
            return None;
        };
        if self.embedding.is_some() || self.queued.is_empty() {
            return None;
        }
        let network = network.clone();
        let batch = std::mem::take(&mut self.queued)
            .into_iter()
            .filter_map(|id| self.photo(id).map(|p| (id, p.path.clone())))
            .collect();
        Some((network, batch))
    }

    /// Remembers the running embedding job, whose results stream in.
    pub fn embedding_started(&mut self, stream: Stream<EmbeddedBatch>) {
        self.embedding = Some(stream);
    }

    /// The running embedding job, if any.
    pub fn embedding_job(&self) -> Option<u64> {
        self.embedding.as_ref().map(|s| s.id)
    }

    /// Applies the newest results of the running batch (labels appear as batches finish).
    pub fn take_streamed(&mut self) {
        if let Some(batch) = self.embedding.as_ref().and_then(Stream::take_newest) {
            self.apply_embedded(batch);
        }
        self.layouts.take_streamed();
    }

    /// The embedding job crashed: its photos stay without embeddings; new ones may still go.
    pub fn embedding_crashed(&mut self) {
        self.embedding = None;
    }

    fn apply_embedded(&mut self, batch: EmbeddedBatch) {
        for (id, result) in batch {
            let Some(photo) = self.photo_mut(id) else {
                continue; // cleared meanwhile
            };
            match result {
                Ok(embedded) => photo.embedded = Some(embedded),
                Err(error) => photo.error = Some(error),
            }
        }
    }

    /// Takes a job's output; returns the work it calls for next.
    pub fn receive(
        &mut self,
        output: ImagesOutput,
        ctx: &egui::Context,
        messages: &mut Messages,
    ) -> Vec<Action> {
        match output {
            ImagesOutput::Network(result) => match *result {
                Ok(network) => {
                    if let Some(notice) = &network.device().notice {
                        messages.info(notice.clone());
                    }
                    self.network = Network::Ready(Arc::new(network));
                }
                Err(error) => {
                    messages.error(AppError::Network(error.clone()));
                    for id in std::mem::take(&mut self.queued) {
                        if let Some(photo) = self.photo_mut(id) {
                            photo.error = Some(error.clone());
                        }
                    }
                    self.network = Network::Failed(error);
                }
            },
            ImagesOutput::Thumbnails { files, error } => {
                if let Some(error) = error {
                    messages.error(error);
                }
                for (path, thumbnail) in files {
                    let id = PhotoId(self.next_id);
                    self.next_id += 1;
                    let mut photo = Photo::new(id, path);
                    match thumbnail {
                        Ok(image) => {
                            photo.thumbnail = Some(ctx.load_texture(
                                format!("thumbnail {}", id.0),
                                image,
                                egui::TextureOptions::LINEAR,
                            ));
                            match &self.network {
                                Network::Failed(error) => photo.error = Some(error.clone()),
                                _ => self.queued.push(id),
                            }
                        }
                        Err(error) => {
                            messages.error(error.clone());
                            photo.error = Some(error);
                        }
                    }
                    self.photos.push(photo);
                }
            }
            ImagesOutput::Embedded(batch) => {
                self.embedding = None;
                self.apply_embedded(batch);
                return vec![Action::AnalyseImages];
            }
            ImagesOutput::Analysis(result) => match result {
                Ok(analysis) => {
                    self.analysis = Some(analysis);
                    return vec![Action::LayOutImages];
                }
                Err(error) => messages.error(error),
            },
            ImagesOutput::Layout {
                photos,
                method,
                result,
            } => self.layouts.receive(photos, method, result),
        }
        Vec::new()
    }

    /// The embeddings to compare, by photo; `None` when there are none (the analysis is then
    /// cleared at once).
    pub fn to_analyse(&mut self) -> Option<Vec<(PhotoId, Arc<ImageFeatures>)>> {
        let embedded: Vec<_> = self
            .embedded()
            .filter_map(|p| p.embedded.as_ref().map(|e| (p.id, e.features.clone())))
            .collect();
        if embedded.is_empty() {
            self.analysis = None;
            return None;
        }
        Some(embedded)
    }

    /// The photos among the words of `dataset`, for the words map.
    pub fn words_map_layer(&self, dataset: DatasetId) -> Option<Layer> {
        let analysis = self.analysis.as_ref()?;
        let in_words = analysis.in_words.as_ref()?.as_ref().ok()?;
        if in_words.dataset != dataset {
            return None;
        }
        let pictures = analysis
            .photos
            .iter()
            .zip(&in_words.vectors)
            .zip(&in_words.nearest)
            .filter_map(|((&id, vector), nearest)| {
                let photo = self.photo(id)?;
                let texture = photo.thumbnail.as_ref()?;
                Some(Placed {
                    vector: vector.clone()?,
                    texture: texture.id(),
                    aspect: texture.aspect_ratio(),
                    name: photo.name.clone(),
                    note: format!("sits near {}", list_words(nearest)),
                })
            })
            .collect();
        Some(Layer::Placed(pictures))
    }

    /// The embeddings of the analysed photos when they still need laying out by `method`.
    pub fn to_lay_out(&self, method: MapMethod) -> Option<Vec<(PhotoId, Arc<ImageFeatures>)>> {
        let analysis = self.analysis.as_ref()?;
        if !self.layouts.needs(&analysis.photos, method) {
            return None;
        }
        analysis
            .photos
            .iter()
            .map(|&id| {
                let embedded = self.photo(id)?.embedded.as_ref()?;
                Some((id, embedded.features.clone()))
            })
            .collect()
    }

    /// Where each analysed photo goes on the map by `method`, what the axes say, and why the
    /// map shows PCA instead when the layout is not (yet) there.
    fn placed(&self, method: MapMethod) -> Option<Placement<'_>> {
        let analysis = self.analysis.as_ref()?;
        let pca = |note| {
            let labels = axis_labels(MapMethod::Pca, analysis.variance, "photos");
            analysis.coords.as_deref().map(|coords| Placement {
                analysis,
                coords,
                axis_labels: labels,
                note,
            })
        };
        if !method.settles() {
            return pca(None);
        }
        let photos = group_thousands(analysis.photos.len());
        let name = method.name();
        match self.layouts.shown(&analysis.photos, method) {
            layout::Shown::Done(coords) => Some(Placement {
                analysis,
                coords,
                axis_labels: axis_labels(method, None, "photos"),
                note: None,
            }),
            layout::Shown::Settling(coords) => Some(Placement {
                analysis,
                coords,
                axis_labels: axis_labels(method, None, "photos"),
                note: Some(MapNote::Working(format!(
                    "{name} is settling {photos} photos…"
                ))),
            }),
            layout::Shown::Waiting => pca(Some(MapNote::Working(format!(
                "Laying out {photos} photos by {name}; PCA meanwhile…"
            )))),
            layout::Shown::Failed(error) => pca(Some(MapNote::Problem(format!(
                "{name} cannot lay out these photos: {error}. The map shows PCA."
            )))),
            layout::Shown::Stopped => pca(Some(MapNote::Problem(format!(
                "{name} stopped before it finished; the map shows PCA. Switch to PCA and back to try again."
            )))),
        }
    }

    /// The images map for the projection `method`: the photos' thumbnails where it puts them.
    pub fn map_view(&self, method: MapMethod) -> ImagesMapView {
        let Some(Placement {
            analysis,
            coords,
            axis_labels,
            note,
        }) = self.placed(method)
        else {
            return ImagesMapView::default();
        };
        let (min, max) = coords
            .iter()
            .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
                (
                    [lo[0].min(p[0]), lo[1].min(p[1])],
                    [hi[0].max(p[0]), hi[1].max(p[1])],
                )
            });
        let side = ((max[0] - min[0]).max(max[1] - min[1]) * 0.12).max(1e-3);
        let thumbnails = analysis
            .photos
            .iter()
            .zip(coords)
            .filter_map(|(&id, &p)| {
                let photo = self.photo(id)?;
                let texture = photo.thumbnail.as_ref()?;
                Some(Thumbnail {
                    at: At::Point(p),
                    texture: texture.id(),
                    aspect: texture.aspect_ratio(),
                    name: photo.name.clone(),
                })
            })
            .collect();
        ImagesMapView {
            layers: vec![Layer::Thumbnails { thumbnails, side }],
            extent: Some((min, max)),
            axis_labels,
            note,
        }
    }

    /// Each photo's name and place on the map by `method` (as shown), for the CSV export.
    pub fn map_rows(&self, method: MapMethod) -> Vec<(String, [f64; 2])> {
        let Some(Placement {
            analysis, coords, ..
        }) = self.placed(method)
        else {
            return Vec::new();
        };
        analysis
            .photos
            .iter()
            .zip(coords)
            .filter_map(|(&id, &p)| Some((self.photo(id)?.name.clone(), p)))
            .collect()
    }
}

/// Where the analysed photos go on the map shown, what its axes say, and why it is not the
/// layout picked, if it is not.
struct Placement<'a> {
    analysis: &'a ImageAnalysis,
    coords: &'a [[f64; 2]],
    axis_labels: [String; 2],
    note: Option<MapNote>,
}

/// Job: finds the image files under `paths` and reads a thumbnail of each.
pub fn read_thumbnails(paths: &[PathBuf]) -> ImagesOutput {
    let (found, error) = match engine::collect_image_paths(paths) {
        Ok(found) => (found, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    let files = found
        .into_par_iter()
        .map(|path| {
            let thumbnail = engine::decode(&path).map(|rgb| thumbnail(&rgb));
            (path, thumbnail)
        })
        .collect();
    ImagesOutput::Thumbnails { files, error }
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
    let similarity = linalg::cosine_matrix(&rows);
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
    let nearest = vectors
        .par_iter()
        .map(|vector| {
            vector.as_ref().map_or_else(Vec::new, |vector| {
                conse::nearest_words(words, vector, PHOTO_WORDS)
            })
        })
        .collect();
    Ok(InWords {
        dataset,
        vectors,
        nearest,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn features(values: [f32; 2]) -> Embedded {
        Embedded {
            features: Arc::new(ImageFeatures {
                embedding: values.to_vec(),
                probabilities: vec![1.0],
            }),
            label: None,
        }
    }

    fn gallery(ctx: &egui::Context, names: &[&str]) -> (Images, Messages) {
        let (mut images, mut messages) = (Images::default(), Messages::default());
        let files = names
            .iter()
            .map(|n| {
                (
                    PathBuf::from(n),
                    Ok(ColorImage::filled([2, 2], egui::Color32::RED)),
                )
            })
            .collect();
        images.receive(
            ImagesOutput::Thumbnails { files, error: None },
            ctx,
            &mut messages,
        );
        (images, messages)
    }

    #[test]
    fn results_find_their_photo_by_id_after_others_are_cleared() {
        let ctx = egui::Context::default();
        let (mut images, mut messages) = gallery(&ctx, &["a.jpg", "b.jpg"]);
        let ids: Vec<PhotoId> = images.photos.iter().map(|p| p.id).collect();
        assert_eq!(images.queued, ids, "both wait for the network");

        images.photos.remove(0);
        let follow = images.receive(
            ImagesOutput::Embedded(vec![
                (ids[0], Ok(features([1.0, 0.0]))),
                (
                    ids[1],
                    Err(ImagesError::Decode {
                        path: "b.jpg".into(),
                        message: "broken".into(),
                    }),
                ),
            ]),
            &ctx,
            &mut messages,
        );
        assert_eq!(follow, vec![Action::AnalyseImages]);
        assert_eq!(images.photos.len(), 1);
        assert_eq!(
            images.photos[0].error_text().as_deref(),
            Some("b.jpg: not a readable image: broken"),
            "the name appears once"
        );
    }

    #[test]
    fn a_failed_network_marks_waiting_and_later_photos() {
        let ctx = egui::Context::default();
        let (mut images, mut messages) = gallery(&ctx, &["a.jpg"]);
        images.receive(
            ImagesOutput::Network(Box::new(Err(ImagesError::NoGpu("none".into())))),
            &ctx,
            &mut messages,
        );
        assert!(images.is_idle());
        assert_eq!(
            images.photos[0].error_text().as_deref(),
            Some("a.jpg: no usable GPU: none")
        );
        assert_eq!(messages.pending_errors().count(), 1);
        images.receive(read_thumbnails(&[]), &ctx, &mut messages);
        assert_eq!(images.device_label(), "unavailable");
    }

    #[test]
    fn the_analysis_compares_by_photo_id() {
        let ctx = egui::Context::default();
        let (mut images, mut messages) = gallery(&ctx, &["a.jpg", "b.jpg", "c.jpg"]);
        let ids: Vec<PhotoId> = images.photos.iter().map(|p| p.id).collect();
        let batch = vec![
            (ids[0], Ok(features([1.0, 0.0]))),
            (ids[1], Ok(features([1.0, 0.1]))),
            (ids[2], Ok(features([0.0, 1.0]))),
        ];
        images.receive(ImagesOutput::Embedded(batch), &ctx, &mut messages);
        let embedded = images.to_analyse().unwrap();
        let follow = images.receive(analyse(embedded, None), &ctx, &mut messages);
        assert_eq!(follow, vec![Action::LayOutImages]);
        let analysis = images.analysis.as_ref().unwrap();
        let (a, c) = (analysis.row(ids[0]).unwrap(), analysis.row(ids[2]).unwrap());
        assert_eq!(analysis.similarity[a][c], 0.0);
        assert_eq!(analysis.coords.as_ref().unwrap().len(), 3);
        let view = images.map_view(MapMethod::Pca);
        assert!(view.extent.is_some());
        assert!(
            matches!(&view.layers[0], Layer::Thumbnails { thumbnails, .. } if thumbnails.len() == 3)
        );
        assert!(
            view.axis_labels[0].starts_with("PC1 ("),
            "{:?}",
            view.axis_labels
        );
        let tsne = MapMethod::Tsne { perplexity: 2.0 };
        let view = images.map_view(tsne);
        assert!(view.note.is_some(), "no t-SNE job: said so");
        assert!(view.axis_labels[0].starts_with("PC1 ("), "PCA meanwhile");
        assert!(view.extent.is_some());
        let photos = images.analysis.as_ref().unwrap().photos.clone();
        images.receive(
            ImagesOutput::Layout {
                photos,
                method: tsne,
                result: Err(ProjectionError::TooFewPoints { needed: 4, got: 3 }),
            },
            &ctx,
            &mut messages,
        );
        let view = images.map_view(tsne);
        assert!(
            matches!(&view.note, Some(MapNote::Problem(text)) if text.contains("at least 4 points")),
            "the reason, over the PCA map"
        );
        assert_eq!(images.map_rows(tsne).len(), 3);
    }
}
