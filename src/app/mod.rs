//! The explorer window (eframe/egui): state in [`state`], one module per panel, background work
//! in [`jobs`]. Data flows one way: files → core (`words`, `images`, `projection`) → app state →
//! panels; panels ask for work by returning [`Action`]s.

mod analogy;
mod data;
mod explore;
mod images;
mod jobs;
mod map;
mod similarity;
pub mod state;
mod status_bar;
mod widgets;

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

use anyhow::anyhow;
use burn::tensor::wgpu::WgpuSetup;
use eframe::egui_wgpu::{WgpuConfiguration, WgpuSetupCreateNew};
use rayon::prelude::*;

use crate::assets::asset_path;
use crate::images::{self as engine, ImageEmbedder, ImageFeatures, Label};
use crate::projection::Projection;
use crate::words::{self, LoadOptions, Loaded, formats::bundled};
use data::Purpose;
use jobs::Jobs;
use state::{AppState, Dataset, Embedder, ImageAnalysis, ImageItem, Tab, WordMap};

const TITLE: &str = "Embedding Explorer";
/// Longest side of a thumbnail, in pixels.
const THUMBNAIL_PIXELS: u32 = 192;
/// Images per network call in the GUI: small, so progress moves and cancel answers quickly.
const GUI_BATCH: usize = 4;

/// Something a panel wants done outside drawing: usually background work.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    OpenVectorsDialog,
    AddImagesDialog,
    LoadVectors(PathBuf),
    AddImages(Vec<PathBuf>),
    ClearImages,
    RefreshMap,
    FindOnMap(String),
    ExportMapCsv,
    ExportMapPng,
    ExportImagesTsv,
    CancelJob(u64),
}

/// A photo's features and its most probable ImageNet class.
type Embedded = (ImageFeatures, Option<Label>);

/// What background jobs send back.
enum JobOutput {
    Vectors {
        path: PathBuf,
        result: Box<Result<Loaded, String>>,
    },
    WordMap {
        generation: u64,
        result: Result<WordMap, String>,
    },
    Embedder(Box<Result<ImageEmbedder, String>>),
    Thumbnails {
        files: Vec<(PathBuf, Result<egui::ColorImage, String>)>,
        error: Option<String>,
    },
    Features(Vec<(u64, Result<Embedded, String>)>),
    ImageAnalysis {
        generation: u64,
        result: Result<ImageAnalysis, String>,
    },
    Picked {
        purpose: Purpose,
        paths: Option<Vec<PathBuf>>,
    },
    Done(Result<String, String>),
}

/// How the explorer starts.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// Word vectors to open instead of the bundled (or last used) set.
    pub vectors: Option<PathBuf>,
    /// Photos or folders to add at start (the sample gallery by default).
    pub photos: Vec<PathBuf>,
    /// Read the settings saved by the last run.
    pub restore_settings: bool,
    /// Run the image network on the window's wgpu device when it is a real GPU.
    pub share_gpu: bool,
    /// Shown in the status bar from the start (e.g. why the window fell back to OpenGL).
    pub notice: Option<String>,
}

impl Default for StartOptions {
    fn default() -> Self {
        Self {
            vectors: None,
            photos: vec![asset_path("photos")],
            restore_settings: true,
            share_gpu: true,
            notice: None,
        }
    }
}

/// Opens the explorer window: wgpu first, OpenGL if wgpu cannot start.
pub fn run(options: StartOptions) -> anyhow::Result<()> {
    let first = options.clone();
    let wgpu = eframe::run_native(
        TITLE,
        native_options(eframe::Renderer::Wgpu),
        Box::new(move |cc| Ok(Box::new(ExplorerApp::new(cc, first)))),
    );
    let Err(wgpu_error) = wgpu else {
        return Ok(());
    };
    let notice =
        format!("wgpu could not start ({wgpu_error}); drawing with OpenGL, images on the CPU");
    eprintln!("note: {notice}");
    let fallback = StartOptions {
        share_gpu: false,
        notice: Some(notice),
        ..options
    };
    eframe::run_native(
        TITLE,
        native_options(eframe::Renderer::Glow),
        Box::new(move |cc| Ok(Box::new(ExplorerApp::new(cc, fallback)))),
    )
    .map_err(|e| anyhow!("cannot open a window: {e}"))
}

fn native_options(renderer: eframe::Renderer) -> eframe::NativeOptions {
    // burn's kernels want everything the adapter offers, not wgpu's conservative defaults.
    let setup = WgpuSetupCreateNew {
        device_descriptor: Arc::new(|adapter| eframe::wgpu::DeviceDescriptor {
            label: Some("embedding explorer"),
            required_features: adapter.features(),
            required_limits: adapter.limits(),
            ..Default::default()
        }),
        ..WgpuSetupCreateNew::without_display_handle()
    };
    eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        wgpu_options: WgpuConfiguration {
            wgpu_setup: setup.into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

pub struct ExplorerApp {
    state: AppState,
    jobs: Jobs<JobOutput>,
    /// A PNG export waiting for its screenshot.
    pending_png: Option<(PathBuf, Receiver<Arc<egui::ColorImage>>)>,
}

impl ExplorerApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
        let ctx = cc.egui_ctx.clone();
        let mut state = AppState::default();
        if options.restore_settings
            && let Some(storage) = cc.storage
        {
            state.settings = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
        }
        if let Some(notice) = options.notice {
            state.renderer_notice = Some(notice.clone());
            state.info(notice);
        }
        let gpu = options
            .share_gpu
            .then_some(cc.wgpu_render_state.as_ref())
            .flatten()
            .map(|render| WgpuSetup {
                instance: render.instance.clone(),
                adapter: render.adapter.clone(),
                device: render.device.clone(),
                queue: render.queue.clone(),
                backend: render.adapter.get_info().backend,
            });
        let mut app = Self {
            state,
            jobs: Jobs::new(Arc::new(move || ctx.request_repaint())),
            pending_png: None,
        };
        let vectors = options
            .vectors
            .or_else(|| app.state.settings.vectors_path.clone())
            .unwrap_or_else(bundled::default_path);
        app.load_vectors(vectors);
        app.load_embedder(gpu);
        if !options.photos.is_empty() {
            app.add_images(options.photos, false);
        }
        app
    }

    /// The state the panels show (for tests and tools).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The state, to change from outside the panels (tests, tools).
    pub fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    /// Shows the `count` most frequent words on the map (the slider's job), re-projecting.
    pub fn set_map_words(&mut self, count: usize) {
        self.state.settings.map_words = count;
        self.refresh_word_map();
    }

    /// True when no background work is running or waiting.
    pub fn is_idle(&self) -> bool {
        self.jobs.is_idle() && self.state.images.queued.is_empty()
    }

    fn load_vectors(&mut self, path: PathBuf) {
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
                let result = Box::new(words::load(&path, &options).map_err(|e| e.to_string()));
                JobOutput::Vectors { path, result }
            });
    }

    fn load_embedder(&mut self, gpu: Option<WgpuSetup>) {
        self.jobs.spawn("Loading ResNet-50", false, move |_| {
            let device = match gpu.map(engine::from_wgpu_setup) {
                Some(Ok(device)) => Ok(device),
                Some(Err(_)) | None => engine::select_device(engine::DeviceChoice::Auto),
            };
            JobOutput::Embedder(Box::new(
                device
                    .and_then(ImageEmbedder::load_on)
                    .map_err(|e| e.to_string()),
            ))
        });
    }

    /// Reads thumbnails and queues the photos for embedding; `show` switches to the Images tab.
    fn add_images(&mut self, paths: Vec<PathBuf>, show: bool) {
        if show {
            self.state.settings.tab = Tab::Images;
        }
        self.jobs.spawn("Reading images", false, move |_| {
            let (found, error) = match engine::collect_image_paths(&paths) {
                Ok(found) => (found, None),
                Err(error) => (Vec::new(), Some(error.to_string())),
            };
            let files = found
                .into_par_iter()
                .map(|path| {
                    let thumbnail = engine::decode(&path)
                        .map(|rgb| thumbnail(&rgb))
                        .map_err(|e| e.to_string());
                    (path, thumbnail)
                })
                .collect();
            JobOutput::Thumbnails { files, error }
        });
    }

    /// Starts embedding the queued photos if the network is ready and idle.
    fn pump_embedding(&mut self) {
        let images = &mut self.state.images;
        let Embedder::Ready(embedder) = &images.embedder else {
            return;
        };
        if images.embedding.is_some() || images.queued.is_empty() {
            return;
        }
        let batch: Vec<(u64, PathBuf)> = images
            .queued
            .drain(..)
            .filter_map(|id| {
                images
                    .items
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| (id, i.path.clone()))
            })
            .collect();
        let embedder = embedder.clone();
        let title = format!("Embedding {} images", batch.len());
        let job = self.jobs.spawn(title, true, move |progress| {
            let Ok(embedder) = embedder.lock() else {
                return JobOutput::Features(
                    batch
                        .into_iter()
                        .map(|(id, _)| (id, Err("the network crashed earlier".into())))
                        .collect(),
                );
            };
            let paths: Vec<PathBuf> = batch.iter().map(|(_, p)| p.clone()).collect();
            let results = embedder.embed_files(&paths, GUI_BATCH, progress);
            let labelled = batch
                .into_iter()
                .zip(results)
                .map(|((id, _), result)| {
                    let result = result
                        .map(|features| {
                            let label = embedder.top_labels(&features, 1).into_iter().next();
                            (features, label)
                        })
                        .map_err(|e| e.to_string());
                    (id, result)
                })
                .collect();
            JobOutput::Features(labelled)
        });
        self.state.images.embedding = Some(job);
    }

    fn refresh_word_map(&mut self) {
        let Some(dataset) = &self.state.dataset else {
            return;
        };
        let vectors = dataset.vectors.clone();
        let mut indices: Vec<usize> =
            (0..self.state.settings.map_words.min(vectors.len())).collect();
        for word in self.state.queried_words() {
            if let Some(index) = vectors.index_of(&word)
                && !indices.contains(&index)
            {
                indices.push(index);
            }
        }
        self.state.map_view.generation += 1;
        let generation = self.state.map_view.generation;
        let title = format!("Projecting {} words", state::group_thousands(indices.len()));
        self.jobs.spawn(title, false, move |_| {
            let rows = indices.iter().map(|&i| vectors.unit_vector(i));
            let result = Projection::fit(rows, vectors.dim())
                .map(|projection| WordMap::new(indices, projection, &vectors))
                .map_err(|e| e.to_string());
            JobOutput::WordMap { generation, result }
        });
    }

    /// Compares the embedded photos (all pairs, and the PCA map) on a job thread.
    fn refresh_image_analysis(&mut self) {
        let images = &mut self.state.images;
        let embedded = images.embedded();
        let embeddings: Vec<Vec<f32>> = embedded
            .iter()
            .filter_map(|&i| {
                images.items[i]
                    .features
                    .as_ref()
                    .map(|f| f.embedding.clone())
            })
            .collect();
        images.analysis_generation += 1;
        if embedded.is_empty() {
            images.analysis = None;
            return;
        }
        let generation = images.analysis_generation;
        self.jobs.spawn("Comparing images", false, move |_| {
            let rows: Vec<&[f32]> = embeddings.iter().map(Vec::as_slice).collect();
            let similarity = engine::similarity_matrix(&rows);
            let coords = if rows.len() < 3 {
                Ok(None)
            } else {
                Projection::fit(rows.iter().copied(), engine::EMBEDDING_DIM)
                    .map(|projection| Some(rows.iter().map(|e| projection.project(e)).collect()))
            };
            let result = coords
                .map(|coords| ImageAnalysis {
                    embedded,
                    similarity,
                    coords,
                })
                .map_err(|e| e.to_string());
            JobOutput::ImageAnalysis { generation, result }
        });
    }

    fn open_dialog(&mut self, purpose: Purpose) {
        if !data::dialogs_available() {
            self.state.error("No file dialog is available here (it needs the XDG desktop portal on D-Bus): drop files onto the window instead.");
            return;
        }
        self.jobs
            .spawn("Waiting for the file dialog", false, move |_| {
                JobOutput::Picked {
                    purpose,
                    paths: data::pick(purpose),
                }
            });
    }

    fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::OpenVectorsDialog => self.open_dialog(Purpose::OpenVectors),
            Action::AddImagesDialog => self.open_dialog(Purpose::AddImages),
            Action::ExportMapCsv => self.open_dialog(Purpose::MapCsv),
            Action::ExportMapPng => self.open_dialog(Purpose::MapPng),
            Action::ExportImagesTsv => self.open_dialog(Purpose::ImagesTsv),
            Action::LoadVectors(path) => self.load_vectors(path),
            Action::AddImages(paths) => self.add_images(paths, true),
            Action::ClearImages => {
                let images = &mut self.state.images;
                images.items.clear();
                images.queued.clear();
                images.pair = [None, None];
                self.refresh_image_analysis();
            }
            Action::RefreshMap => self.refresh_word_map(),
            Action::FindOnMap(word) => self.find_on_map(&word),
            Action::CancelJob(id) => self.jobs.cancel(id),
        }
        ctx.request_repaint();
    }

    fn find_on_map(&mut self, word: &str) {
        let Some(dataset) = &self.state.dataset else {
            return;
        };
        match dataset.vectors.lookup(word) {
            Ok(index) => {
                let view = &mut self.state.map_view;
                view.search_error = None;
                view.selected = Some(index);
                view.zoom_to = Some(index);
                let on_map = self
                    .state
                    .word_map
                    .as_ref()
                    .is_some_and(|m| m.indices.contains(&index));
                if !on_map {
                    self.refresh_word_map();
                }
            }
            Err(error) => self.state.map_view.search_error = Some(error.to_string()),
        }
    }

    fn receive(&mut self, ctx: &egui::Context) {
        let (outputs, crashed) = self.jobs.finished();
        for output in outputs {
            self.handle(ctx, output);
        }
        for (id, title) in crashed {
            self.state
                .error(format!("{title} failed unexpectedly; please report this"));
            if self.state.images.embedding == Some(id) {
                // Its photos stay without embeddings; new ones may still go through.
                self.state.images.embedding = None;
            }
        }
        self.pump_embedding();
    }

    fn handle(&mut self, ctx: &egui::Context, output: JobOutput) {
        let state = &mut self.state;
        match output {
            JobOutput::Vectors { path, result } => {
                match *result {
                    Ok(loaded) => {
                        let bundled = path == bundled::default_path();
                        state.settings.vectors_path = (!bundled).then_some(path);
                        let dataset = Dataset {
                            vectors: Arc::new(loaded.vectors),
                            report: loaded.report,
                        };
                        state.info(format!("Loaded {}", dataset.summary()));
                        let vectors = dataset.vectors.clone();
                        state.dataset = Some(dataset);
                        // Indices into the old vocabulary mean nothing in the new one.
                        state.word_map = None;
                        state.map_view = state::MapView {
                            generation: state.map_view.generation,
                            ..Default::default()
                        };
                        state.analogy.result = Some(analogy::solve(
                            &vectors,
                            &state.settings.expression,
                            state.settings.method,
                        ));
                        let (a, b) = (
                            state.similarity.a.trim().to_owned(),
                            state.similarity.b.trim().to_owned(),
                        );
                        state.similarity.result = Some(similarity::compare(&vectors, &a, &b));
                        state.explore.neighbours = None;
                        state.explore.odd_one_out = None;
                        self.refresh_word_map();
                    }
                    Err(error) => {
                        state.error(error);
                        // A remembered file that has gone missing should not leave the
                        // explorer empty: fall back to the bundled vectors.
                        let bundled = bundled::default_path();
                        if state.dataset.is_none() && path != bundled {
                            state.settings.vectors_path = None;
                            self.load_vectors(bundled);
                        }
                    }
                }
            }
            JobOutput::WordMap { generation, result } => {
                if generation == state.map_view.generation {
                    match result {
                        Ok(map) => state.word_map = Some(map),
                        Err(error) => state.error(format!("The map could not be drawn: {error}")),
                    }
                }
            }
            JobOutput::Embedder(result) => match *result {
                Ok(embedder) => {
                    state.images.device = embedder.device().name.clone();
                    if let Some(notice) = &embedder.device().notice {
                        state.info(notice.clone());
                    }
                    state.images.embedder = Embedder::Ready(Arc::new(Mutex::new(embedder)));
                }
                Err(error) => {
                    state.images.device = "unavailable".into();
                    state.error(format!("The image network could not load: {error}"));
                    state.images.embedder = Embedder::Failed(error);
                    for id in std::mem::take(&mut state.images.queued) {
                        if let Some(i) = state.images.position(id) {
                            state.images.items[i].mark_network_unavailable();
                        }
                    }
                }
            },
            JobOutput::Thumbnails { files, error } => {
                if let Some(error) = error {
                    state.error(error);
                }
                let images = &mut state.images;
                for (path, thumbnail) in files {
                    let mut item = ImageItem::new(images.next_id, path);
                    images.next_id += 1;
                    match thumbnail {
                        Ok(image) => {
                            item.thumbnail = Some(ctx.load_texture(
                                format!("thumbnail {}", item.id),
                                image,
                                egui::TextureOptions::LINEAR,
                            ));
                            if matches!(images.embedder, Embedder::Failed(_)) {
                                item.mark_network_unavailable();
                            } else {
                                images.queued.push(item.id);
                            }
                        }
                        Err(error) => {
                            state.messages.push(state::Message::Error(error.clone()));
                            item.error = Some(error);
                        }
                    }
                    images.items.push(item);
                }
            }
            JobOutput::Features(results) => {
                state.images.embedding = None;
                for (id, result) in results {
                    let Some(i) = state.images.position(id) else {
                        continue; // cleared meanwhile
                    };
                    let item = &mut state.images.items[i];
                    match result {
                        Ok((features, label)) => {
                            item.features = Some(features);
                            item.top_label = label;
                        }
                        Err(error) => {
                            item.error = Some(if error.contains(&item.name) {
                                error
                            } else {
                                format!("{}: {error}", item.name)
                            });
                        }
                    }
                }
                self.refresh_image_analysis();
            }
            JobOutput::ImageAnalysis { generation, result } => {
                if generation == state.images.analysis_generation {
                    match result {
                        Ok(analysis) => state.images.analysis = Some(analysis),
                        Err(error) => {
                            state.error(format!("The images map could not be drawn: {error}"))
                        }
                    }
                }
            }
            JobOutput::Picked { purpose, paths } => {
                let Some(paths) = paths else {
                    return;
                };
                self.picked(ctx, purpose, paths);
            }
            JobOutput::Done(result) => match result {
                Ok(message) => state.info(message),
                Err(error) => state.error(error),
            },
        }
    }

    fn picked(&mut self, ctx: &egui::Context, purpose: Purpose, mut paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::OpenVectors => self.load_vectors(first),
            Purpose::AddImages => self.add_images(std::mem::take(&mut paths), true),
            Purpose::MapCsv => {
                let rows: Vec<(String, [f64; 2])> =
                    match (&self.state.dataset, &self.state.word_map) {
                        (Some(dataset), Some(map)) => map
                            .indices
                            .iter()
                            .zip(&map.coords)
                            .map(|(&i, &p)| (dataset.vectors.word(i).to_owned(), p))
                            .collect(),
                        _ => Vec::new(),
                    };
                self.jobs.spawn("Saving CSV", false, move |_| {
                    JobOutput::Done(
                        data::write_map_csv(&first, &rows)
                            .map(|()| format!("Saved {} points to {}", rows.len(), first.display()))
                            .map_err(|e| format!("Cannot write {}: {e}", first.display())),
                    )
                });
            }
            Purpose::MapPng => {
                let (sender, receiver) = mpsc::channel();
                let repaint = ctx.clone();
                self.pending_png = Some((first, receiver));
                let callback = egui::ScreenshotCallback::new(move |image| {
                    let _ = sender.send(image);
                    repaint.request_repaint();
                });
                ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
            }
            Purpose::ImagesTsv => {
                let rows: Vec<(String, String, Vec<f32>)> = self
                    .state
                    .images
                    .items
                    .iter()
                    .filter_map(|item| {
                        let label = item
                            .top_label
                            .as_ref()
                            .map(|l| l.label.clone())
                            .unwrap_or_default();
                        item.features
                            .as_ref()
                            .map(|f| (item.name.clone(), label, f.embedding.clone()))
                    })
                    .collect();
                self.jobs.spawn("Saving TSV", false, move |_| {
                    JobOutput::Done(
                        data::write_projector_tsv(&first, &rows)
                            .map(|()| {
                                format!("Saved {} embeddings to {}", rows.len(), first.display())
                            })
                            .map_err(|e| format!("Cannot write to {}: {e}", first.display())),
                    )
                });
            }
        }
    }

    /// Saves the map region of a screenshot that arrived for a pending PNG export.
    fn save_screenshot(&mut self, ctx: &egui::Context) {
        let Some((_, receiver)) = &self.pending_png else {
            return;
        };
        let Ok(image) = receiver.try_recv() else {
            return;
        };
        let Some((path, _)) = self.pending_png.take() else {
            return;
        };
        let region = self.state.map_rect.unwrap_or(ctx.content_rect());
        let cropped = image.region(&region, Some(ctx.pixels_per_point()));
        self.jobs.spawn("Saving PNG", false, move |_| {
            let [width, height] = cropped.size;
            let bytes: Vec<u8> = cropped.pixels.iter().flat_map(|c| c.to_array()).collect();
            let result = image::RgbaImage::from_raw(width as u32, height as u32, bytes)
                .ok_or_else(|| "the screenshot has an unexpected size".to_owned())
                .and_then(|png| png.save(&path).map_err(|e| e.to_string()))
                .map(|()| format!("Saved the map to {}", path.display()))
                .map_err(|e| format!("Cannot write {}: {e}", path.display()));
            JobOutput::Done(result)
        });
    }
}

/// A small RGBA copy for the panel and the images map.
fn thumbnail(rgb: &image::RgbImage) -> egui::ColorImage {
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
    egui::ColorImage::from_rgb(
        [fitted.width() as usize, fitted.height() as usize],
        fitted.as_raw(),
    )
}

/// Files dropped on the window: vectors files open as the dataset, the rest are images.
fn dropped_actions(ctx: &egui::Context) -> Vec<Action> {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_owned())
            .collect()
    });
    let (vectors, images): (Vec<PathBuf>, Vec<PathBuf>) = dropped.into_iter().partition(|path| {
        path.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| data::VECTOR_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
    });
    let mut actions: Vec<Action> = vectors.into_iter().map(Action::LoadVectors).collect();
    if !images.is_empty() {
        actions.push(Action::AddImages(images));
    }
    actions
}

fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop hint"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop photos, folders or a vectors file",
        egui::FontId::proportional(28.0),
        egui::Color32::WHITE,
    );
}

impl eframe::App for ExplorerApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.receive(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // Job results were taken in `logic`, which eframe calls before every `ui`.
        let ctx = ui.ctx().clone();
        self.save_screenshot(&ctx);
        let mut actions = dropped_actions(&ctx);
        let running = self.jobs.running();

        egui::Panel::top("menu").show(ui, |ui| data::menu_ui(ui, &mut self.state, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar::ui(ui, &self.state, running, &mut actions)
        });
        egui::Panel::left("side")
            .resizable(true)
            .default_size(420.0)
            .min_size(320.0)
            .max_size(640.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| match self.state.settings.tab {
                    Tab::Words => {
                        analogy::ui(ui, &mut self.state, &mut actions);
                        ui.separator();
                        similarity::ui(ui, &mut self.state, &mut actions);
                        ui.separator();
                        explore::ui(ui, &mut self.state, &mut actions);
                    }
                    Tab::Images => images::ui(ui, &mut self.state, &mut actions),
                });
            });
        egui::CentralPanel::default().show(ui, |ui| match self.state.settings.tab {
            Tab::Words => map::words_ui(ui, &mut self.state, &mut actions),
            Tab::Images => map::images_ui(ui, &mut self.state),
        });
        drop_hint(&ctx);
        for action in actions {
            self.apply(&ctx, action);
        }
        if !self.jobs.is_idle() {
            // Keep progress bars moving while work runs.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state.settings);
    }
}
