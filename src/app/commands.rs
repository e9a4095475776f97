//! What panels ask for by returning [`Action`]s, and carrying them out: every piece of
//! background work the app starts is started here.

use std::path::PathBuf;

use burn::tensor::wgpu::WgpuSetup;

use super::drop::VECTOR_EXTENSIONS;
use super::export;
use super::images::{self as gallery, Images};
use super::map::WordMap;
use super::messages::AppError;
use super::settings::Tab;
use super::words::{Query, WordsOutput};
use super::{ExplorerApp, JobOutput};
use crate::images::{self as engine, ImageEmbedder};
use crate::words::{self, LoadOptions};

/// Something a panel wants done outside drawing: usually background work.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Ask the user for a file or folder, for this purpose.
    Dialog(Purpose),
    LoadVectors(PathBuf),
    AddImages(Vec<PathBuf>),
    ClearImages,
    /// Refit the words map (the slider moved, another dataset).
    RefreshMap,
    /// Refit the words map if a panel marks words it lacks.
    ShowMarkedWords,
    FindOnMap(String),
    Query(Query),
    /// Compare the embedded photos again (they changed).
    AnalyseImages,
    DismissError,
    CancelJob(u64),
}

/// What a file dialog is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OpenVectors,
    AddImages,
    MapCsv,
    MapPng,
    ImagesTsv,
}

impl Purpose {
    /// Runs the native dialog (blocking, so on a job thread). `None` when the user cancelled.
    fn pick(self) -> Option<Vec<PathBuf>> {
        let dialog = rfd::FileDialog::new();
        match self {
            Purpose::OpenVectors => dialog
                .set_title("Open word vectors")
                .add_filter("word vectors", VECTOR_EXTENSIONS)
                .add_filter("all files", &["*"])
                .pick_file()
                .map(|p| vec![p]),
            Purpose::AddImages => dialog
                .set_title("Add images")
                .add_filter("images", engine::IMAGE_EXTENSIONS)
                .pick_files(),
            Purpose::MapCsv => dialog.set_file_name("map.csv").save_file().map(|p| vec![p]),
            Purpose::MapPng => dialog.set_file_name("map.png").save_file().map(|p| vec![p]),
            Purpose::ImagesTsv => dialog
                .set_title("Folder for vectors.tsv and metadata.tsv")
                .pick_folder()
                .map(|p| vec![p]),
        }
    }
}

/// Native dialogs on Linux go through the XDG desktop portal, reached over the session D-Bus.
fn dialogs_available() -> bool {
    !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

impl ExplorerApp {
    pub(super) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Dialog(purpose) => self.open_dialog(purpose),
            Action::LoadVectors(path) => self.load_vectors(path),
            Action::AddImages(paths) => self.add_images(paths, true),
            Action::ClearImages => {
                self.images.clear();
                self.analyse_images();
            }
            Action::RefreshMap => self.refresh_word_map(),
            Action::ShowMarkedWords => {
                if let Some(dataset) = &self.words.dataset {
                    let marked: Vec<usize> =
                        self.words.layers().iter().flat_map(|l| l.words()).collect();
                    if self.map.lacks(dataset.id, &marked) {
                        self.refresh_word_map();
                    }
                }
            }
            Action::FindOnMap(word) => self.find_on_map(word),
            Action::Query(query) => self.run_query(query),
            Action::AnalyseImages => self.analyse_images(),
            Action::DismissError => self.messages.dismiss_error(),
            Action::CancelJob(id) => self.jobs.cancel(id),
        }
        ctx.request_repaint();
    }

    pub(super) fn load_vectors(&mut self, path: PathBuf) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.jobs
            .spawn(format!("Loading {name}"), true, move |progress| {
                let options = LoadOptions {
                    progress,
                    ..LoadOptions::default()
                };
                let result = Box::new(words::load(&path, &options));
                JobOutput::Words(WordsOutput::Loaded { path, result })
            });
    }

    /// Loads ResNet-50 on the window's GPU when it shares one, else where `Auto` chooses.
    pub(super) fn load_network(&mut self, gpu: Option<WgpuSetup>) {
        self.jobs.spawn("Loading ResNet-50", false, move |_| {
            let device = match gpu.map(engine::from_wgpu_setup) {
                Some(Ok(device)) => Ok(device),
                Some(Err(_)) | None => engine::select_device(engine::DeviceChoice::Auto),
            };
            let network = device.and_then(ImageEmbedder::load_on);
            JobOutput::Images(gallery::ImagesOutput::Network(Box::new(network)))
        });
    }

    /// Reads thumbnails and queues the photos for embedding; `show` switches to the Images tab.
    pub(super) fn add_images(&mut self, paths: Vec<PathBuf>, show: bool) {
        if show {
            self.settings.tab = Tab::Images;
        }
        self.jobs.spawn("Reading images", false, move |_| {
            JobOutput::Images(gallery::read_thumbnails(&paths))
        });
    }

    /// Starts embedding the queued photos if the network is ready and idle.
    pub(super) fn pump_embedding(&mut self) {
        let Some((network, batch)) = self.images.next_batch() else {
            return;
        };
        let title = format!("Embedding {} images", batch.len());
        let stream = self
            .jobs
            .spawn_streaming(title, move |progress, publisher| {
                JobOutput::Images(gallery::embed(&network, batch, progress, publisher))
            });
        self.images.embedding_started(stream);
    }

    /// Fits the words map on the most frequent words plus every word a panel marks.
    pub(super) fn refresh_word_map(&mut self) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let marked: Vec<usize> = self.words.layers().iter().flat_map(|l| l.words()).collect();
        let indices =
            WordMap::choose_words(dataset.vectors.len(), self.settings.map_words, &marked);
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        self.map.requested(id, &indices);
        let title = format!(
            "Projecting {} words",
            super::dataset::group_thousands(indices.len())
        );
        self.jobs
            .spawn_latest("word map", title, move |_| JobOutput::Map {
                dataset: id,
                result: WordMap::fit(id, &vectors, indices),
            });
    }

    fn run_query(&mut self, query: Query) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        self.jobs
            .spawn_latest(query.slot(), query.title(), move |_| {
                JobOutput::Words(WordsOutput::Answer {
                    dataset: id,
                    answer: query.run(&vectors),
                })
            });
    }

    /// Looks the word up on a job: a word that is missing gets spelling suggestions, which
    /// scan the vocabulary.
    fn find_on_map(&mut self, word: String) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        self.jobs
            .spawn_latest("find", format!("Finding {word}"), move |_| {
                JobOutput::Found {
                    dataset: id,
                    result: vectors.lookup(&word),
                }
            });
    }

    /// Compares the embedded photos (all pairs, and the PCA map) on a job thread.
    fn analyse_images(&mut self) {
        let Some(embedded) = self.images.to_analyse() else {
            return;
        };
        self.jobs
            .spawn_latest("image analysis", "Comparing images", move |_| {
                JobOutput::Images(gallery::analyse(embedded))
            });
    }

    fn open_dialog(&mut self, purpose: Purpose) {
        if !dialogs_available() {
            self.messages.error(AppError::NoFileDialog);
            return;
        }
        self.jobs
            .spawn("Waiting for the file dialog", false, move |_| {
                JobOutput::Picked {
                    purpose,
                    paths: purpose.pick(),
                }
            });
    }

    pub(super) fn picked(&mut self, ctx: &egui::Context, purpose: Purpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::OpenVectors => self.load_vectors(first),
            Purpose::AddImages => self.add_images(paths, true),
            Purpose::MapCsv => {
                let rows = self.map_rows();
                self.jobs.spawn("Saving CSV", false, move |_| {
                    JobOutput::Saved(export::save_map_csv(&first, &rows))
                });
            }
            Purpose::MapPng => self.export.request_png(ctx, first),
            Purpose::ImagesTsv => {
                let rows = projector_rows(&self.images);
                self.jobs.spawn("Saving TSV", false, move |_| {
                    JobOutput::Saved(export::save_projector_tsv(&first, &rows))
                });
            }
        }
    }

    /// Saves the map from a screenshot that arrived for a pending PNG export.
    pub(super) fn save_screenshot(&mut self, ctx: &egui::Context) {
        if let Some((path, image)) = self.export.take_screenshot(ctx) {
            self.jobs.spawn("Saving PNG", false, move |_| {
                JobOutput::Saved(export::save_png(&path, &image))
            });
        }
    }

    /// Every point of the words map of the dataset on screen: word and coordinates.
    fn map_rows(&self) -> Vec<(String, [f64; 2])> {
        let Some(dataset) = &self.words.dataset else {
            return Vec::new();
        };
        self.map.current(dataset.id).map_or_else(Vec::new, |map| {
            map.indices
                .iter()
                .zip(&map.coords)
                .map(|(&i, &p)| (dataset.vectors.word(i).to_owned(), p))
                .collect()
        })
    }
}

/// File name, top label and embedding of every embedded photo.
fn projector_rows(images: &Images) -> Vec<(String, String, Vec<f32>)> {
    images
        .embedded()
        .filter_map(|photo| {
            let embedded = photo.embedded.as_ref()?;
            let label = embedded
                .label
                .as_ref()
                .map(|l| l.label.clone())
                .unwrap_or_default();
            Some((
                photo.name.clone(),
                label,
                embedded.features.embedding.clone(),
            ))
        })
        .collect()
}
