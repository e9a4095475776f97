//! The Images side: the gallery of photos (each known by its [`PhotoId`]), the network that
//! embeds them, what their embeddings say together, and where they sit among the words. The
//! jobs' work is in [`work`].

mod focus;
mod jobs;
mod layout;
mod panel;
mod work;

use std::path::PathBuf;
use std::sync::Arc;

use egui::{ColorImage, TextureHandle};

pub use layout::{PhotoLayouts, PhotosKey};
pub use panel::ImagesPanel;

use layout::lay_out;
use work::{analyse, embed, read_thumbnails};

use super::Action;
use super::floor::cache::{Outcome, Stop};
use super::floor::dataset::DatasetId;
use super::floor::jobs::Stream;
use super::floor::marks::{Layer, Placed, Spoke};
use super::floor::messages::{AppError, Messages};
use crate::images::{ImageEmbedder, ImageFeatures, ImagesError, Label};
use crate::projection::{Method, ProjectionError};
use crate::words::Neighbour;

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
    /// Per photo: its place for search by word ([`crate::conse::SEARCH`]).
    pub search: Vec<Option<crate::conse::SearchPoint>>,
    /// Per photo: the words it sits nearest to.
    pub nearest: Vec<Vec<Neighbour>>,
    /// The class vectors that placed them, and the classes' names, for the photo in focus.
    pub classes: Arc<crate::conse::ClassVectors>,
    pub names: Arc<crate::images::ClassNames>,
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
    /// Each image file found with its thumbnail, and the paths that could not be looked at.
    Thumbnails {
        files: Vec<(PathBuf, Result<ColorImage, ImagesError>)>,
        problems: Vec<ImagesError>,
    },
    Embedded(EmbeddedBatch),
    /// The embedding job crashed (its title): its photos get no embeddings; new ones may still
    /// go.
    EmbeddingCrashed {
        photos: Vec<PhotoId>,
        title: String,
    },
    Analysis(Result<ImageAnalysis, ProjectionError>),
    /// The photos laid out by t-SNE or UMAP, or why they could not be.
    Layout {
        key: PhotosKey,
        outcome: Outcome<Vec<[f64; 2]>>,
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
    pub(crate) layouts: PhotoLayouts,
    pub panel: ImagesPanel,
    /// The photo clicked on the Words map, shown as ConSE places it.
    pub focus: Option<focus::PhotoFocus>,
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
            layouts: PhotoLayouts::new(layout::KEPT),
            panel: ImagesPanel::default(),
            focus: None,
        }
    }
}

impl Images {
    /// The Images tab's side panel; `dataset` holds the words photos are searched by.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: Option<&super::floor::dataset::Dataset>,
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

    fn forget_photos(&mut self) {
        self.photos.clear();
        self.queued.clear();
        self.panel.pair = [None, None];
    }

    /// The next batch for the network, if it is ready and idle: the network and the photos.
    fn next_batch(&mut self) -> Option<(Arc<ImageEmbedder>, Batch)> {
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
    fn embedding_started(&mut self, stream: Stream<EmbeddedBatch>) {
        self.embedding = Some(stream);
    }

    /// The running embedding job, if any.
    fn embedding_job(&self) -> Option<u64> {
        self.embedding.as_ref().map(|s| s.id)
    }

    /// Applies the newest results of the running batch (labels appear as batches finish).
    pub fn take_streamed(&mut self) {
        if let Some(batch) = self.embedding.as_ref().and_then(Stream::take_newest) {
            self.apply_embedded(batch);
        }
        let _ = self.layouts.take_streamed();
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

    /// Takes a job's output (`job`: which job sent it); returns the work it calls for next.
    pub fn receive(
        &mut self,
        job: u64,
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
            ImagesOutput::Thumbnails { files, problems } => {
                for problem in problems {
                    messages.error(problem);
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
            ImagesOutput::EmbeddingCrashed { photos, title } => {
                self.embedding = None;
                let error = ImagesError::Compute(format!("{title} stopped unexpectedly"));
                for id in photos {
                    if let Some(photo) = self.photo_mut(id).filter(|p| p.is_pending()) {
                        photo.error = Some(error.clone());
                    }
                }
                messages.error(AppError::Crashed(title));
                return vec![Action::AnalyseImages];
            }
            ImagesOutput::Analysis(result) => match result {
                Ok(analysis) => {
                    self.analysis = Some(analysis);
                    return vec![Action::LayOutImages];
                }
                Err(error) => messages.error(error),
            },
            ImagesOutput::Layout { key, outcome } => {
                if let Err(Stop::Crashed(title)) = &outcome {
                    messages.error(AppError::Crashed(title.clone()));
                }
                self.layouts.receive(job, key, outcome);
            }
        }
        Vec::new()
    }

    /// The embeddings to compare, by photo; `None` when there are none (the analysis is then
    /// cleared at once).
    fn analysis_inputs(&mut self) -> Option<Vec<(PhotoId, Arc<ImageFeatures>)>> {
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

    /// The photos' places among the words of `dataset`, if they are made.
    fn in_words_of(&self, dataset: DatasetId) -> Option<&InWords> {
        let in_words = self.analysis.as_ref()?.in_words.as_ref()?.as_ref().ok()?;
        (in_words.dataset == dataset).then_some(in_words)
    }

    /// The photos among the words of `dataset`, for the words map.
    pub fn words_map_layer(&self, dataset: DatasetId) -> Option<Layer> {
        let in_words = self.in_words_of(dataset)?;
        let analysis = self.analysis.as_ref()?;
        let pictures = analysis
            .photos
            .iter()
            .zip(&in_words.vectors)
            .zip(&in_words.nearest)
            .filter_map(|((&id, vector), nearest)| {
                let photo = self.photo(id)?;
                let texture = photo.thumbnail.as_ref()?;
                // A top class below the threshold: the place averages guesses, and says so.
                let unsure = photo
                    .embedded
                    .as_ref()
                    .and_then(|e| e.label.as_ref())
                    .filter(|label| label.probability < crate::conse::UNSURE_BELOW);
                let mut note = format!("sits near {}", list_words(nearest));
                if let Some(label) = unsure {
                    note = format!(
                        "the network is unsure: its most probable class, {}, has only {:.0}%, so \
                         this place averages guesses. {note}",
                        label.label,
                        100.0 * label.probability
                    );
                }
                // The photo in focus sits where its T classes put it, with a spoke to each.
                let focused = self
                    .focus
                    .as_ref()
                    .filter(|f| f.photo == id)
                    .and_then(focus::PhotoFocus::view);
                let (vector, spokes) = match focused {
                    Some(view) => (
                        view.vector.clone(),
                        view.classes
                            .iter()
                            .map(|(weight, name, vector)| Spoke {
                                vector: vector.clone(),
                                weight: weight.weight,
                                name: name.clone(),
                            })
                            .collect(),
                    ),
                    None => (vector.clone()?, Vec::new()),
                };
                Some(Placed {
                    vector,
                    texture: texture.id(),
                    aspect: texture.aspect_ratio(),
                    name: photo.name.clone(),
                    note,
                    unsure: unsure.is_some(),
                    spokes,
                })
            })
            .collect();
        Some(Layer::Placed(pictures))
    }

    /// What a layout of the analysed photos by `method` is of; `None` for PCA (it comes with
    /// the analysis) or before there is an analysis.
    pub fn layout_key(&self, method: Method) -> Option<PhotosKey> {
        let analysis = self.analysis.as_ref().filter(|_| method.settles())?;
        Some(PhotosKey {
            photos: analysis.photos.clone(),
            method,
        })
    }

    /// The embeddings of `photos`, in their order, if all are still here.
    fn embeddings(&self, photos: &[PhotoId]) -> Option<Vec<Arc<ImageFeatures>>> {
        photos
            .iter()
            .map(|&id| Some(self.photo(id)?.embedded.as_ref()?.features.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::map::MapNote;

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
            0,
            ImagesOutput::Thumbnails {
                files,
                problems: Vec::new(),
            },
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
            0,
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
            0,
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
        images.receive(0, read_thumbnails(&[]), &ctx, &mut messages);
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
        images.receive(0, ImagesOutput::Embedded(batch), &ctx, &mut messages);
        let embedded = images.analysis_inputs().unwrap();
        let follow = images.receive(0, analyse(embedded, None), &ctx, &mut messages);
        assert_eq!(follow, vec![Action::LayOutImages]);
        let analysis = images.analysis.as_ref().unwrap();
        let (a, c) = (analysis.row(ids[0]).unwrap(), analysis.row(ids[2]).unwrap());
        assert_eq!(analysis.similarity[a][c], 0.0);
        assert_eq!(analysis.coords.as_ref().unwrap().len(), 3);
        let view = images.map_view(Method::Pca);
        assert!(view.extent.is_some());
        assert!(
            matches!(&view.layers[0], Layer::Thumbnails { thumbnails, .. } if thumbnails.len() == 3)
        );
        assert!(
            view.axis_labels[0].starts_with("PC1 ("),
            "{:?}",
            view.axis_labels
        );
        let tsne = Method::Tsne { perplexity: 2.0 };
        let view = images.map_view(tsne);
        assert!(view.note.is_some(), "no t-SNE job: said so");
        assert!(view.axis_labels[0].starts_with("PC1 ("), "PCA meanwhile");
        assert!(view.extent.is_some());
        let key = images.layout_key(tsne).unwrap();
        assert!(images.layouts.request(&key).start);
        images.layouts.started(key.clone(), 1, None);
        let view = images.map_view(tsne);
        assert!(
            matches!(&view.note, Some(MapNote::Working(text)) if text.contains("PCA meanwhile")),
            "{:?}",
            view.note
        );
        let failure = ProjectionError::TooFewPoints { needed: 4, got: 3 };
        images.receive(
            1,
            ImagesOutput::Layout {
                key,
                outcome: Err(failure.into()),
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
