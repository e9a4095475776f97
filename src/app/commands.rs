//! What panels ask for by returning [`Action`]s, and carrying them out: every piece of
//! background work the app starts is started here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use burn::tensor::wgpu::WgpuSetup;

use super::drop::{CORPUS_EXTENSIONS, VECTOR_EXTENSIONS};
use super::export;
use super::file_dialog::{FileDialog, Pick};
use super::images::{self as gallery, Images};
use super::lessons;
use super::map::cache::Stop;
use super::map::{Colouring, ColouringKey, LayoutKey, MAX_LISTS, MapColour, WordLists, WordMap};
use super::messages::AppError;
use super::settings::Tab;
use super::training::{self, CorpusChoice, TrainingOutput};
use super::words::{Query, WordsOutput, WordsView};
use super::{ExplorerApp, JobOutput};
use crate::images::{self as engine, ImageEmbedder};
use crate::output::{self, OutputError};
use crate::projection::Method;
use crate::words::{self, LoadOptions, WordVectors};

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
    /// Show the photo of this name as ConSE places it: its classes as spokes on the map.
    FocusPhoto(String),
    /// Refit the words map if a panel marks words it lacks.
    ShowMarkedWords,
    FindOnMap(String),
    Query(Query),
    /// Compare the embedded photos again (they changed).
    AnalyseImages,
    /// Lay the photos out by the images map's projection if that is not done yet.
    LayOutImages,
    DismissError,
    CancelJob(u64),
    ShowTab(Tab),
    ShowWordsView(WordsView),
    /// Switch presentation mode (for a projector) on or off.
    Present(bool),
    /// Read a lesson file and, if it is sound, show its scene.
    OpenLesson(PathBuf),
    /// Put the lesson's notes away.
    CloseLesson,
    /// Train word2vec with the Train tab's settings.
    StartTraining,
    /// Pause (true) or resume (false) the training run.
    PauseTraining(bool),
    /// Train one chunk of the paused run.
    StepTraining,
    /// Show the run's timeline at a frame (`None`: follow it live).
    ScrubTraining(Option<usize>),
    /// Switch the explorer to the vectors just trained.
    UseTrainedVectors,
    /// Ask the Linear algebra tab's question.
    LabQuery(super::lab::LabQuery),
    /// Switch the explorer to the vectors with a direction removed.
    UseDebiasedVectors,
    /// Train on this text file (chosen or dropped on the Train tab).
    ChooseCorpus(PathBuf),
}

/// What a file dialog is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OpenVectors,
    AddImages,
    MapCsv,
    MapPng,
    ImagesTsv,
    OpenLesson,
    SaveLesson,
    OpenCorpus,
    SaveTrainedVectors,
    SaveDebiasedVectors,
}

impl Purpose {
    /// Under which name the last folder used for this purpose is remembered.
    pub fn key(self) -> &'static str {
        match self {
            Purpose::OpenVectors => "vectors",
            Purpose::AddImages => "images",
            Purpose::MapCsv => "map csv",
            Purpose::MapPng => "map png",
            Purpose::ImagesTsv => "images tsv",
            Purpose::OpenLesson | Purpose::SaveLesson => "lessons",
            Purpose::OpenCorpus => "corpus",
            Purpose::SaveTrainedVectors => "trained vectors",
            Purpose::SaveDebiasedVectors => "debiased vectors",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Purpose::OpenVectors => "Open word vectors",
            Purpose::AddImages => "Add images",
            Purpose::MapCsv => "Export the map as CSV",
            Purpose::MapPng => "Export the map as PNG",
            Purpose::ImagesTsv => "Folder for vectors.tsv and metadata.tsv",
            Purpose::OpenLesson => "Open a lesson",
            Purpose::SaveLesson => "Save the scene as a lesson",
            Purpose::OpenCorpus => "A text to train on",
            Purpose::SaveTrainedVectors => "Save the trained vectors (word2vec text)",
            Purpose::SaveDebiasedVectors => "Save the vectors with the direction removed",
        }
    }

    /// The file extensions the action takes.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Purpose::OpenVectors => VECTOR_EXTENSIONS,
            Purpose::AddImages => engine::IMAGE_EXTENSIONS,
            Purpose::MapCsv => &["csv"],
            Purpose::MapPng => &["png"],
            Purpose::ImagesTsv => &["tsv"],
            Purpose::OpenLesson | Purpose::SaveLesson => lessons::EXTENSIONS,
            Purpose::OpenCorpus => CORPUS_EXTENSIONS,
            Purpose::SaveTrainedVectors | Purpose::SaveDebiasedVectors => &["txt"],
        }
    }

    pub fn pick(self) -> Pick {
        match self {
            Purpose::OpenVectors | Purpose::OpenLesson | Purpose::OpenCorpus => Pick::File,
            Purpose::AddImages => Pick::Files,
            Purpose::MapCsv => Pick::SaveFile {
                default_name: "map.csv",
            },
            Purpose::MapPng => Pick::SaveFile {
                default_name: "map.png",
            },
            Purpose::ImagesTsv => Pick::Folder,
            Purpose::SaveLesson => Pick::SaveFile {
                default_name: "lesson.eelesson",
            },
            Purpose::SaveTrainedVectors => Pick::SaveFile {
                default_name: "vectors.txt",
            },
            Purpose::SaveDebiasedVectors => Pick::SaveFile {
                default_name: "debiased.txt",
            },
        }
    }

    /// Runs the native dialog (blocking, so on a job thread), opened in `folder`. `None` when
    /// the user cancelled.
    fn pick_natively(self, folder: Option<PathBuf>) -> Option<Vec<PathBuf>> {
        let mut dialog = rfd::FileDialog::new().set_title(self.title());
        if let Some(folder) = folder.filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        match self.pick() {
            Pick::File => dialog
                .add_filter(
                    match self {
                        Purpose::OpenLesson => "lessons",
                        Purpose::OpenCorpus => "text",
                        _ => "word vectors",
                    },
                    self.extensions(),
                )
                .add_filter("all files", &["*"])
                .pick_file()
                .map(|p| vec![p]),
            Pick::Files => dialog.add_filter("images", self.extensions()).pick_files(),
            Pick::SaveFile { default_name } => dialog
                .set_file_name(default_name)
                .save_file()
                .map(|p| vec![p]),
            Pick::Folder => dialog.pick_folder().map(|p| vec![p]),
        }
    }
}

impl ExplorerApp {
    pub(super) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Dialog(purpose) => self.open_dialog(purpose),
            Action::LoadVectors(path) => self.load_vectors(path),
            Action::AddImages(paths) => self.add_images(paths, true),
            Action::ClearImages => {
                // The batch being embedded is for photos that are gone.
                if let Some(job) = self.images.embedding_job() {
                    self.jobs.cancel(job);
                }
                self.images.clear();
                self.analyse_images();
            }
            Action::RefreshMap => self.refresh_word_map(),
            Action::FocusPhoto(name) => self.images.focus_photo(&name),
            Action::ShowMarkedWords => {
                if let Some(dataset) = &self.words.dataset
                    && self.map.lacks(dataset.id, &self.marked_words(dataset))
                {
                    self.refresh_word_map();
                }
            }
            Action::FindOnMap(word) => self.find_on_map(word),
            Action::Query(query) => self.run_query(query),
            Action::AnalyseImages => self.analyse_images(),
            Action::LayOutImages => self.lay_out_images(),
            Action::DismissError => self.messages.dismiss_error(),
            Action::CancelJob(id) => self.jobs.cancel(id),
            Action::ShowTab(tab) => self.settings.tab = tab,
            Action::ShowWordsView(view) => {
                self.settings.words_view = view;
                // The 3-D view asks for its layout when it is first shown.
                self.refresh_word_map();
            }
            Action::OpenLesson(path) => self.read_lesson(path),
            Action::CloseLesson => self.lesson = None,
            Action::StartTraining => self.start_training(),
            Action::PauseTraining(pause) => {
                if let Some(run) = &self.training.run {
                    run.steering
                        .paused
                        .store(pause, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Action::StepTraining => {
                if let Some(run) = &self.training.run {
                    run.steering
                        .steps
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Action::ScrubTraining(frame) => {
                if let Some(run) = &mut self.training.run {
                    run.scrubbed = frame;
                }
            }
            Action::UseTrainedVectors => self.write_trained(None),
            Action::LabQuery(query) => self.run_lab_query(query),
            Action::UseDebiasedVectors => self.write_debiased(None),
            Action::ChooseCorpus(path) => {
                self.training.settings.corpus = CorpusChoice::File(path);
                self.settings.tab = Tab::Train;
            }
            Action::Present(on) => {
                self.settings.presentation = on;
                super::theme::show(ctx, on);
            }
        }
        ctx.request_repaint();
    }

    pub(super) fn load_vectors(&mut self, path: PathBuf) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let crash_path = path.clone();
        self.jobs.spawn(
            format!("Loading {name}"),
            true,
            move |title| {
                JobOutput::Words(WordsOutput::Loaded {
                    path: crash_path,
                    result: Box::new(Err(AppError::Crashed(title))),
                })
            },
            move |progress| {
                let options = LoadOptions {
                    progress,
                    ..LoadOptions::default()
                };
                let result = Box::new(words::load(&path, &options).map_err(AppError::from));
                JobOutput::Words(WordsOutput::Loaded { path, result })
            },
        );
    }

    /// Loads ResNet-50 on the window's GPU when it shares one, else where `Auto` chooses.
    pub(super) fn load_network(&mut self, gpu: Option<WgpuSetup>) {
        let crashed = |title| {
            let error = engine::ImagesError::Compute(format!("{title} stopped unexpectedly"));
            JobOutput::Images(gallery::ImagesOutput::Network(Box::new(Err(error))))
        };
        self.jobs
            .spawn("Loading ResNet-50", false, crashed, move |_| {
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
        self.jobs
            .spawn("Reading images", false, JobOutput::Crashed, move |_| {
                JobOutput::Images(gallery::read_thumbnails(&paths))
            });
    }

    /// Starts embedding the queued photos if the network is ready and idle.
    pub(super) fn pump_embedding(&mut self) {
        let Some((network, batch)) = self.images.next_batch() else {
            return;
        };
        let title = format!("Embedding {} images", batch.len());
        let photos = batch.iter().map(|(id, _)| *id).collect();
        let stream = self.jobs.spawn_streaming(
            title,
            true,
            |title| JobOutput::Images(gallery::ImagesOutput::EmbeddingCrashed { photos, title }),
            move |progress, publisher| {
                JobOutput::Images(gallery::embed(&network, batch, progress, publisher))
            },
        );
        self.images.embedding_started(stream);
    }

    /// The words the map must include beside the most frequent: those the panels mark, and the
    /// words of the lists when the map is coloured by them.
    fn marked_words(&self, dataset: &super::dataset::Dataset) -> Vec<usize> {
        let mut marked: Vec<usize> = self.words.layers().iter().flat_map(|l| l.words()).collect();
        if self.settings.map_colour == MapColour::WordLists {
            let lists =
                WordLists::parse(&self.settings.map_word_lists, &dataset.vectors, MAX_LISTS);
            marked.extend(lists.words());
        }
        marked
    }

    /// Lays the words map out on the most frequent words plus every word a panel marks, and
    /// clusters them when the map is coloured by clusters; what is kept is shown at once.
    pub(super) fn refresh_word_map(&mut self) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let marked = self.marked_words(dataset);
        let indices =
            WordMap::choose_words(dataset.vectors.len(), self.settings.map_words, &marked);
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        let words = super::dataset::group_thousands(indices.len());
        if let MapColour::Clusters(k) = self.settings.map_colour {
            let key = ColouringKey {
                dataset: id,
                indices: indices.clone(),
                k,
            };
            let todo = self.map.request_colouring(&key);
            if let Some(job) = todo.cancel {
                self.jobs.cancel(job);
            }
            if todo.start {
                let (vectors, job_key) = (vectors.clone(), key.clone());
                let crash_key = key.clone();
                let job = self.jobs.spawn(
                    format!("Clustering {words} words"),
                    true,
                    move |title| JobOutput::Colouring {
                        key: crash_key,
                        outcome: Box::new(Err(Stop::Crashed(title))),
                    },
                    move |progress| {
                        let outcome = Colouring::compute(job_key.clone(), &vectors, progress);
                        JobOutput::Colouring {
                            key: job_key,
                            outcome: Box::new(outcome.map_err(Stop::from)),
                        }
                    },
                );
                self.map.colouring_started(key, job);
            }
        }
        let key = LayoutKey {
            dataset: id,
            indices,
            method: self.settings.map_method,
            spherize: self.settings.map_spherize,
        };
        if self.settings.words_view == WordsView::Space && !self.settings.space.from_origin {
            self.lay_out_in_space(key.clone(), vectors.clone(), &words);
        }
        let todo = self.map.request(key.clone());
        if let Some(job) = todo.cancel {
            self.jobs.cancel(job);
        }
        if !todo.start {
            return;
        }
        let method = key.method;
        let title = match method {
            Method::Pca => format!("Projecting {words} words"),
            _ => format!("{} of {words} words", method.name()),
        };
        let (job_key, crash_key) = (key.clone(), key.clone());
        // Cancellable whatever the method: the neighbours kept are measured after the layout.
        let stream = self.jobs.spawn_streaming(
            title,
            true,
            move |title| JobOutput::Map {
                key: crash_key,
                outcome: Err(Stop::Crashed(title)),
            },
            move |progress, publisher| {
                let outcome = WordMap::lay_out(job_key.clone(), &vectors, progress, &mut |frame| {
                    publisher.publish(frame)
                });
                JobOutput::Map {
                    key: job_key,
                    outcome: outcome.map_err(Stop::from),
                }
            },
        );
        self.map.started(key, stream.id, stream);
    }

    /// Lays the map's words out in 3-D for the 3-D view (the same words, method and
    /// spherizing as the map), unless that layout is kept or on its way.
    fn lay_out_in_space(&mut self, key: LayoutKey, vectors: Arc<WordVectors>, words: &str) {
        let todo = self.space.request(key.clone());
        if let Some(job) = todo.cancel {
            self.jobs.cancel(job);
        }
        if !todo.start {
            return;
        }
        let title = format!("{} of {words} words in 3-D", key.method.name());
        let (job_key, crash_key) = (key.clone(), key.clone());
        let stream = self.jobs.spawn_streaming(
            title,
            true,
            move |title| JobOutput::Space {
                key: crash_key,
                outcome: Err(Stop::Crashed(title)),
            },
            move |progress, publisher| {
                let outcome =
                    WordMap::<3>::lay_out(job_key.clone(), &vectors, progress, &mut |frame| {
                        publisher.publish(frame)
                    });
                JobOutput::Space {
                    key: job_key,
                    outcome: outcome.map_err(Stop::from),
                }
            },
        );
        self.space.started(key, stream.id, stream);
    }

    pub(super) fn run_query(&mut self, query: Query) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        let (slot, title) = (query.slot(), query.title());
        self.jobs
            .spawn_latest(slot, title, false, JobOutput::Crashed, move |_| {
                JobOutput::Words(WordsOutput::Answer {
                    dataset: id,
                    answer: query.run(&vectors),
                })
            });
    }

    pub(super) fn run_lab_query(&mut self, query: super::lab::LabQuery) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        let (slot, title) = (query.slot(), query.title());
        self.jobs
            .spawn_latest(slot, title, false, JobOutput::Crashed, move |_| {
                JobOutput::Lab {
                    dataset: id,
                    answer: query.run(&vectors),
                }
            });
    }

    /// Looks the word up on a job: a word that is missing gets spelling suggestions, which
    /// scan the vocabulary.
    fn find_on_map(&mut self, word: String) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        let title = format!("Finding {word}");
        self.jobs
            .spawn_latest("find", title, false, JobOutput::Crashed, move |_| {
                JobOutput::Found {
                    dataset: id,
                    result: vectors.lookup(&word),
                }
            });
    }

    /// Compares the embedded photos (all pairs, the PCA map, their places among the words) on a
    /// job thread.
    fn analyse_images(&mut self) {
        let Some(embedded) = self.images.to_analyse() else {
            return;
        };
        let words = self
            .words
            .dataset
            .as_ref()
            .map(|dataset| (dataset.id, dataset.vectors.clone()));
        self.jobs.spawn_latest(
            "image analysis",
            "Comparing images",
            false,
            JobOutput::Crashed,
            move |_| JobOutput::Images(gallery::analyse(embedded, words)),
        );
    }

    /// Lays the analysed photos out by the images map's t-SNE or UMAP on a streaming job,
    /// unless that layout is kept, running or failed; a layout no longer wanted is stopped.
    fn lay_out_images(&mut self) {
        let method = self.settings.images_map_method;
        let Some(key) = self.images.layout_key(method) else {
            // PCA (or nothing to lay out): no layout job is wanted.
            if let Some(job) = self.images.layouts.running_job() {
                self.jobs.cancel(job);
            }
            return;
        };
        let todo = self.images.layouts.request(&key);
        if let Some(job) = todo.cancel {
            self.jobs.cancel(job);
        }
        let embedded = self.images.embeddings(&key.photos);
        let Some(embedded) = embedded.filter(|_| todo.start) else {
            return;
        };
        let title = format!(
            "{} of {} photos",
            method.name(),
            super::dataset::group_thousands(key.photos.len())
        );
        let crash_key = key.clone();
        let stream = self.jobs.spawn_streaming(
            title,
            true,
            |title| {
                JobOutput::Images(gallery::ImagesOutput::Layout {
                    key: crash_key,
                    outcome: Err(Stop::Crashed(title)),
                })
            },
            move |progress, publisher| {
                JobOutput::Images(gallery::lay_out(embedded, method, progress, publisher))
            },
        );
        self.images.layouts.started(key, stream.id, Some(stream));
    }

    /// The one place every file action asks for a file: the native dialog where the desktop
    /// portal answers, else the dialog drawn in the window; both open in the folder used last
    /// for this purpose.
    fn open_dialog(&mut self, purpose: Purpose) {
        let folder = self.settings.last_folders.get(purpose.key()).cloned();
        if self.native_dialogs == Some(true) {
            self.jobs.spawn(
                "Waiting for the file dialog",
                false,
                JobOutput::Crashed,
                move |_| JobOutput::Picked {
                    purpose,
                    paths: purpose.pick_natively(folder),
                },
            );
        } else {
            self.file_dialog = Some(FileDialog::new(purpose, folder));
        }
    }

    /// Looks once, off the UI thread, for the desktop portal the native dialogs need.
    pub(super) fn detect_native_dialogs(&mut self) {
        // Should the question crash, the dialog drawn in the window serves.
        self.jobs.spawn(
            "Looking for the desktop's file dialogs",
            false,
            |_| JobOutput::NativeDialogs(false),
            |_| JobOutput::NativeDialogs(super::file_dialog::portal_answers()),
        );
    }

    pub(super) fn picked(&mut self, ctx: &egui::Context, purpose: Purpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        let folder = match purpose.pick() {
            Pick::Folder => Some(first.clone()),
            _ => first.parent().map(Path::to_owned),
        };
        if let Some(folder) = folder {
            self.settings
                .last_folders
                .insert(purpose.key().to_owned(), folder);
        }
        match purpose {
            Purpose::OpenVectors => self.load_vectors(first),
            Purpose::OpenLesson => self.read_lesson(first),
            Purpose::OpenCorpus => self.training.settings.corpus = CorpusChoice::File(first),
            Purpose::SaveTrainedVectors => self.write_trained(Some(first)),
            Purpose::SaveDebiasedVectors => self.write_debiased(Some(first)),
            Purpose::SaveLesson => {
                let lesson = self.lesson_of_scene(&first);
                self.jobs
                    .spawn("Saving the lesson", false, JobOutput::Crashed, move |_| {
                        JobOutput::Saved(
                            lesson
                                .write(&first)
                                .map(|()| format!("Saved the lesson {}", first.display()))
                                .map_err(AppError::from),
                        )
                    });
            }
            Purpose::AddImages => self.add_images(paths, true),
            Purpose::MapCsv => {
                let rows = self.map_rows();
                self.jobs
                    .spawn("Saving CSV", false, JobOutput::Crashed, move |_| {
                        JobOutput::Saved(export::save_map_csv(&first, &rows))
                    });
            }
            Purpose::MapPng => self.export.request_png(ctx, first),
            Purpose::ImagesTsv => {
                let rows = projector_rows(&self.images);
                self.jobs
                    .spawn("Saving TSV", false, JobOutput::Crashed, move |_| {
                        JobOutput::Saved(export::save_projector_tsv(&first, &rows))
                    });
            }
        }
    }

    /// Trains on a job that streams snapshots (one run at a time).
    fn start_training(&mut self) {
        if self.training.running_job().is_some() {
            return;
        }
        let inputs = self.training.settings.inputs();
        let steering = Arc::new(training::Steering::default());
        let steered = steering.clone();
        let title = format!("Training on {}", self.training.settings.corpus.name());
        let stream = self.jobs.spawn_streaming(
            title,
            true,
            |title| JobOutput::Training(TrainingOutput::Crashed(title)),
            move |progress, publisher| {
                JobOutput::Training(training::run(inputs, &steered, progress, publisher))
            },
        );
        self.training.started(stream, steering);
    }

    /// Writes the trained vectors: to `path`, or (no path) where the app keeps them, then
    /// opens them as the dataset.
    fn write_trained(&mut self, path: Option<PathBuf>) {
        let Some(trained) = self.training.trained() else {
            return;
        };
        let corpus = self.training.run.as_ref().map(|run| run.corpus.clone());
        let kept =
            super::window::kept_vectors_path("trained", corpus.as_deref().unwrap_or("corpus"));
        self.write_vectors("trained", path, kept, move |out| {
            trained.write_word2vec(out)
        });
    }

    /// Writes the vectors with a direction removed, as [`ExplorerApp::write_trained`] does.
    fn write_debiased(&mut self, path: Option<PathBuf>) {
        let Some(result) = self.lab.debias.vectors() else {
            return;
        };
        let name = self
            .words
            .dataset
            .as_ref()
            .map_or("vectors".to_owned(), |d| {
                d.report
                    .path
                    .file_stem()
                    .map_or("vectors".to_owned(), |s| s.to_string_lossy().into_owned())
            });
        let kept = super::window::kept_vectors_path("debiased", &name);
        self.write_vectors("debiased", path, kept, move |out| {
            result.write_word2vec(out)
        });
    }

    /// Writes vectors on a job: to `path` (the user's file), or, with no path, to `kept` (where
    /// the app keeps them), then opens them as the dataset.
    fn write_vectors(
        &mut self,
        what: &str,
        path: Option<PathBuf>,
        kept: PathBuf,
        write: impl FnOnce(&mut output::Output) -> std::io::Result<()> + Send + 'static,
    ) {
        let use_them = path.is_none();
        let path = path.unwrap_or(kept);
        self.jobs.spawn(
            format!("Writing the {what} vectors"),
            false,
            JobOutput::Crashed,
            move |_| {
                let folder = path.parent().map_or(Ok(()), std::fs::create_dir_all);
                let result = folder
                    .map_err(|error| OutputError::Io {
                        path: path.clone(),
                        error,
                    })
                    .and_then(|()| output::write_file(&path, &[], write));
                JobOutput::VectorsWritten {
                    path,
                    result,
                    use_them,
                }
            },
        );
    }

    /// Saves the map from a screenshot that arrived for a pending PNG export.
    pub(super) fn save_screenshot(&mut self, ctx: &egui::Context) {
        if let Some((path, image)) = self.export.take_screenshot(ctx) {
            self.jobs
                .spawn("Saving PNG", false, JobOutput::Crashed, move |_| {
                    JobOutput::Saved(export::save_png(&path, &image))
                });
        }
    }

    /// The map on screen as rows of name and place: the photos on the Images tab, else the
    /// words.
    fn map_rows(&self) -> Vec<(String, [f64; 2])> {
        if self.settings.tab == Tab::Images {
            return self.images.map_rows(self.settings.images_map_method);
        }
        let Some(dataset) = &self.words.dataset else {
            return Vec::new();
        };
        self.map.current(dataset.id).map_or_else(Vec::new, |map| {
            map.indices()
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
