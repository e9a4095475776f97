//! The explorer window (eframe/egui). Data flows one way: files → core (`words`, `images`,
//! `projection`, `training`, `linear_algebra`) → the app's rooms ([`words`], [`images`], the
//! [`map`], the 3-D [`space`], [`training`], the [`lab`]) → what they draw. Rooms stand on the
//! [`floor`] (palette, marks, cache, jobs, messages), which imports no room. Panels ask for work
//! by returning [`Action`]s, which [`commands`] routes to the room that owns the state; the
//! rooms start their own jobs and take the outputs back in their own `receive`.
//!
//! This file holds the eframe `App`: its state, the layout, and dispatch.

mod commands;
mod drop;
mod export;
mod file_dialog;
pub mod floor;
pub mod images;
mod inspect;
pub mod lab;
pub mod lessons;
pub mod map;
mod menu;
pub mod settings;
pub mod space;
mod status_bar;
pub mod training;
mod window;
pub mod words;

use std::path::PathBuf;

use burn::tensor::wgpu::WgpuSetup;

pub use commands::{Action, Purpose};
pub use window::{StartOptions, run};

use floor::cache::Outcome;
use floor::dataset::DatasetId;
use floor::jobs::Jobs;
use floor::messages::{AppError, Messages};
use images::{Images, ImagesOutput};
use map::{LayoutKey, WordMap, WordsMap};
use settings::{Settings, Tab};
use words::{WordPanels, Words, WordsOutput, WordsView};

use crate::words::{WordsError, formats::bundled};

/// Where the word panels' inputs are stored, beside the settings (eframe's `APP_KEY`).
const WORD_PANELS_KEY: &str = "word panels";
/// Where the Train tab's inputs are stored.
const TRAINING_KEY: &str = "training";
/// Where the Linear algebra tab's inputs are stored.
const LAB_KEY: &str = "lab";

/// What background jobs send back, by domain.
pub(crate) enum JobOutput {
    Words(WordsOutput),
    Images(ImagesOutput),
    Map {
        key: LayoutKey,
        outcome: Outcome<WordMap>,
    },
    Colouring {
        key: map::ColouringKey,
        outcome: Box<Outcome<map::Colouring>>,
    },
    /// A 3-D layout for the 3-D view.
    Space {
        key: LayoutKey,
        outcome: Outcome<WordMap<3>>,
    },
    Found {
        dataset: DatasetId,
        result: Result<usize, WordsError>,
    },
    Picked {
        purpose: Purpose,
        paths: Option<Vec<PathBuf>>,
    },
    Saved(Result<String, AppError>),
    Lesson(Result<Box<lessons::Lesson>, crate::lesson::LessonError>),
    Training(training::TrainingOutput),
    Lab {
        dataset: DatasetId,
        answer: lab::LabAnswer,
    },
    /// Vectors were written (to use them in the app, or where the user asked).
    VectorsWritten {
        path: PathBuf,
        result: Result<(), crate::output::OutputError>,
        use_them: bool,
    },
    /// Whether the desktop's own file dialogs can open.
    NativeDialogs(bool),
    /// A job whose result nobody waits for crashed: its title, to say so.
    Crashed(String),
}

/// The explorer window. Its parts are crate-private: scripts and tests read what it shows
/// through [`inspect`]'s methods.
pub struct ExplorerApp {
    pub(crate) settings: Settings,
    pub(crate) words: Words,
    pub(crate) map: WordsMap,
    pub(crate) space: space::SpaceView,
    pub(crate) images: Images,
    pub(crate) training: training::Training,
    pub(crate) lab: lab::Lab,
    pub(crate) messages: Messages,
    jobs: Jobs<JobOutput>,
    export: export::Export,
    /// The file dialog drawn in the window, while it is open.
    file_dialog: Option<file_dialog::FileDialog>,
    /// Whether the desktop's own dialogs can open; `None` until that is known.
    native_dialogs: Option<bool>,
    /// Why the window is not drawn the usual way (OpenGL fallback), kept in the status bar.
    renderer_notice: Option<String>,
    /// The lesson open, if any: its title and notes.
    pub(crate) lesson: Option<lessons::LessonNotes>,
}

impl ExplorerApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
        let ctx = cc.egui_ctx.clone();
        let mut app = Self {
            settings: Settings::default(),
            words: Words::default(),
            map: WordsMap::default(),
            space: space::SpaceView::default(),
            images: Images::default(),
            training: training::Training::default(),
            lab: lab::Lab::default(),
            messages: Messages::default(),
            jobs: Jobs::new(std::sync::Arc::new(move || ctx.request_repaint())),
            export: export::Export::default(),
            file_dialog: None,
            native_dialogs: (!options.native_dialogs).then_some(false),
            renderer_notice: options.notice.clone(),
            lesson: None,
        };
        app.map = WordsMap::new(map::point_cloud::install(cc.wgpu_render_state.as_ref()));
        app.space = space::SpaceView::new(space::renderer::install(cc.wgpu_render_state.as_ref()));
        if options.restore_settings
            && let Some(storage) = cc.storage
        {
            app.settings = eframe::get_value::<Settings>(storage, eframe::APP_KEY)
                .unwrap_or_default()
                .validated();
            app.words.panels =
                eframe::get_value::<WordPanels>(storage, WORD_PANELS_KEY).unwrap_or_default();
            app.training.settings = eframe::get_value(storage, TRAINING_KEY).unwrap_or_default();
            app.lab = eframe::get_value(storage, LAB_KEY).unwrap_or_default();
        }
        if let Some(notice) = options.notice {
            app.messages.info(notice);
        }
        floor::theme::install(&cc.egui_ctx);
        floor::theme::show(&cc.egui_ctx, app.settings.presentation);
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
        // A lesson brings its own vectors; one that cannot be read leaves the usual start.
        let lesson = options.lesson.as_deref().map(lessons::Lesson::read);
        match lesson {
            Some(Ok(lesson)) => app.show_lesson(lesson),
            Some(Err(error)) => {
                app.messages.error(error);
                Words::load(&mut app.jobs, start_vectors(options.vectors, &app.settings));
            }
            None => Words::load(&mut app.jobs, start_vectors(options.vectors, &app.settings)),
        }
        Images::load_network(&mut app.jobs, gpu);
        if app.native_dialogs.is_none() {
            app.detect_native_dialogs();
        }
        if !options.photos.is_empty() {
            Images::read(&mut app.jobs, options.photos);
        }
        app
    }

    /// Shows the `count` most frequent words on the map (the slider's job), re-projecting.
    pub fn set_map_words(&mut self, count: usize) {
        self.settings.map.words = count;
        self.refresh_word_map();
    }

    /// True when no background work is running or waiting.
    pub fn is_idle(&self) -> bool {
        self.jobs.is_idle() && self.images.is_idle() && self.training.is_idle()
    }

    /// Takes the jobs' outputs and hands each to its domain; starts what they call for next.
    fn receive(&mut self, ctx: &egui::Context) {
        self.images.take_streamed();
        self.training.take_streamed();
        self.map.take_streamed();
        self.space.take_streamed();
        for (job, output) in self.jobs.finished() {
            let follow_ups = match output {
                JobOutput::Words(output) => {
                    let new_dataset =
                        matches!(&output, WordsOutput::Loaded { result, .. } if result.is_ok());
                    let mut follow_ups = self.words.receive(output, &mut self.messages);
                    if new_dataset {
                        follow_ups.extend(self.dataset_changed());
                    }
                    follow_ups
                }
                JobOutput::Lab { dataset, answer } => {
                    let shown = self.words.dataset.as_ref().map(|d| d.id);
                    self.lab.receive(dataset, shown, answer);
                    Vec::new()
                }
                JobOutput::VectorsWritten {
                    path,
                    result,
                    use_them,
                } => match result {
                    Ok(()) if use_them => {
                        vec![Action::ShowTab(Tab::Words), Action::LoadVectors(path)]
                    }
                    Ok(()) => {
                        self.messages.info(format!("Saved {}", path.display()));
                        Vec::new()
                    }
                    Err(error) => {
                        self.messages.error(error);
                        Vec::new()
                    }
                },
                JobOutput::Images(output) => {
                    self.images.receive(job, output, ctx, &mut self.messages)
                }
                JobOutput::Map { key, outcome } => {
                    if let Some(error) = self.map.receive(job, key, outcome) {
                        self.messages.error(error);
                    }
                    Vec::new()
                }
                JobOutput::Space { key, outcome } => {
                    if let Some(error) = self.space.receive(job, key, outcome) {
                        self.messages.error(error);
                    }
                    Vec::new()
                }
                JobOutput::Colouring { key, outcome } => {
                    if let Some(error) = self.map.receive_colouring(job, key, *outcome) {
                        self.messages.error(error);
                    }
                    Vec::new()
                }
                JobOutput::Found { dataset, result } => {
                    let shown = self.words.dataset.as_ref().map(|d| d.id);
                    if self.map.receive_found(dataset, shown, result) {
                        vec![Action::RefreshMap]
                    } else {
                        Vec::new()
                    }
                }
                JobOutput::Picked { purpose, paths } => {
                    if let Some(paths) = paths {
                        self.picked(ctx, purpose, paths);
                    }
                    Vec::new()
                }
                JobOutput::Saved(Ok(message)) => {
                    self.messages.info(message);
                    Vec::new()
                }
                JobOutput::Training(output) => self.training.receive(output, &mut self.messages),
                JobOutput::Lesson(Ok(lesson)) => {
                    self.show_lesson(*lesson);
                    Vec::new()
                }
                JobOutput::Lesson(Err(error)) => {
                    self.messages.error(error);
                    Vec::new()
                }
                JobOutput::Saved(Err(error)) => {
                    self.messages.error(error);
                    Vec::new()
                }
                JobOutput::NativeDialogs(answers) => {
                    self.native_dialogs = Some(answers);
                    Vec::new()
                }
                JobOutput::Crashed(title) => {
                    self.messages.error(AppError::Crashed(title));
                    Vec::new()
                }
            };
            for action in follow_ups {
                self.apply(ctx, action);
            }
        }
        self.images.pump_embedding(&mut self.jobs);
    }

    /// The one place every room hears that other vectors are shown: the answers about the old
    /// ones are forgotten, and every question is asked again; the maps lay the new words out
    /// and the photos are placed among them. (The maps and the 3-D view also drop their
    /// pointer's state when they first draw the new dataset.)
    fn dataset_changed(&mut self) -> Vec<Action> {
        self.words.panels.forget_answers();
        self.lab.forget_answers();
        let questions = self.words.panels.queries().into_iter().map(Action::Query);
        [Action::RefreshMap, Action::AnalyseImages]
            .into_iter()
            .chain(questions)
            .chain([Action::LabQuery(self.lab.current_query())])
            .collect()
    }
}

/// The vectors to open at start: those asked for, else the last used, else the default.
fn start_vectors(asked: Option<PathBuf>, settings: &Settings) -> PathBuf {
    asked
        .or_else(|| settings.vectors_path.clone())
        .unwrap_or_else(bundled::default_path)
}

impl ExplorerApp {
    /// The Words tab's central area: the view picker and the view chosen. Returns where a
    /// plot was drawn, for a PNG export.
    fn words_view_ui(
        &mut self,
        ui: &mut egui::Ui,
        actions: &mut Vec<Action>,
    ) -> Option<egui::Rect> {
        ui.horizontal(|ui| {
            for view in WordsView::ALL {
                if ui
                    .selectable_label(self.settings.words_view == view, view.name())
                    .clicked()
                {
                    actions.push(Action::ShowWordsView(view));
                }
            }
        });
        ui.separator();
        let Some(dataset) = &self.words.dataset else {
            ui.centered_and_justified(|ui| ui.spinner());
            return None;
        };
        match self.settings.words_view {
            WordsView::Map => self.map.ui(
                ui,
                dataset,
                map::MapChoices {
                    map: &mut self.settings.map,
                    word_lists: &mut self.settings.map_word_lists,
                },
                // The panels' marks are gathered only for the view that draws them all, with
                // the photos placed among the words.
                &self
                    .words
                    .layers()
                    .into_iter()
                    .chain(self.images.words_map_layer(dataset.id))
                    .collect::<Vec<_>>(),
                actions,
            ),
            WordsView::Space => {
                let layers: Vec<_> = self
                    .words
                    .layers()
                    .into_iter()
                    .chain(self.images.words_map_layer(dataset.id))
                    .collect();
                let analogy = self
                    .words
                    .panels
                    .analogy
                    .result
                    .as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .map(|r| {
                        (
                            &r.expression,
                            r.analogy.answers.first().map(|a| a.word.as_str()),
                        )
                    });
                self.space.ui(
                    ui,
                    &mut self.settings.space,
                    &mut self.settings.map.method,
                    &space::SpaceInputs {
                        dataset,
                        layers: &layers,
                        analogy,
                    },
                    actions,
                )
            }
            WordsView::Axes => {
                let panels = &mut self.words.panels;
                // The analogy's arithmetic, drawn on the axes as on the map.
                let arithmetic = panels.analogy.layers(&dataset.vectors);
                panels.axes.ui(ui, &dataset.vectors, &arithmetic, actions)
            }
            WordsView::Numbers => {
                let panels = &mut self.words.panels;
                let steps = panels
                    .analogy
                    .result
                    .as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .and_then(|r| r.steps.as_ref());
                let axis = panels
                    .axes
                    .result
                    .as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .map(|r| &r.x);
                panels.numbers.ui(ui, steps, axis, actions);
                None
            }
        }
    }
}

impl eframe::App for ExplorerApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        floor::theme::keep(ctx, self.settings.presentation);
        self.receive(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // Job results were taken in `logic`, which eframe calls before every `ui`.
        let ctx = ui.ctx().clone();
        self.save_screenshot(&ctx);
        let mut actions = drop::dropped_actions(&ctx, self.settings.tab);
        if self.file_dialog.is_none() {
            menu::shortcuts(ui, &mut actions);
        }

        egui::Panel::top("menu").show(ui, |ui| menu::ui(ui, &self.settings, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| {
            let status = status_bar::Status {
                dataset: self.words.dataset.as_ref(),
                device: self.images.device_label(),
                renderer_notice: self.renderer_notice.as_deref(),
                jobs: self.jobs.running(),
                messages: &self.messages,
            };
            status_bar::ui(ui, &status, &mut actions)
        });
        egui::Panel::left("side")
            .resizable(true)
            .default_size(420.0)
            .min_size(320.0)
            .max_size(640.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if let Some(lesson) = &mut self.lesson {
                        lesson.ui(ui, &mut actions);
                    }
                    match self.settings.tab {
                        Tab::Words => {
                            // A photo just clicked on the map shows first, where it is seen.
                            let words = self.words.dataset.as_ref().map(|d| (d.id, &*d.vectors));
                            self.images.focus_ui(ui, words);
                            self.words.ui(ui, &mut actions);
                        }
                        Tab::Images => {
                            self.images
                                .ui(ui, self.words.dataset.as_ref(), &mut actions)
                        }
                        Tab::Train => self.training.ui(ui, &mut actions),
                        Tab::Lab => self.lab.ui(ui, &mut actions),
                    }
                });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            self.export.map_rect = match self.settings.tab {
                Tab::Words => self.words_view_ui(ui, &mut actions),
                Tab::Images => {
                    let view = self.images.map_view(self.settings.images_map_method);
                    map::images_ui(
                        ui,
                        &view,
                        &mut self.settings.images_map_method,
                        &mut actions,
                    )
                }
                Tab::Train => self.training.map_ui(ui),
                Tab::Lab => {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        self.lab
                            .view_ui(ui, self.words.dataset.as_ref(), &mut actions);
                    });
                    None
                }
            };
        });
        drop::drop_hint(&ctx);
        if let Some(dialog) = &mut self.file_dialog {
            match dialog.ui(&ctx) {
                file_dialog::DialogState::Open => {}
                file_dialog::DialogState::Cancelled => self.file_dialog = None,
                file_dialog::DialogState::Chosen(paths) => {
                    let purpose = dialog.purpose;
                    self.file_dialog = None;
                    self.picked(&ctx, purpose, paths);
                }
            }
        }
        for action in actions {
            self.apply(&ctx, action);
        }
        if !self.jobs.is_idle() {
            // Keep progress bars moving while work runs.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // While a file is still loading, the one remembered from before stays remembered.
        if let Some(dataset) = &self.words.dataset {
            self.settings.vectors_path = dataset.remembered_path();
        }
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
        eframe::set_value(storage, WORD_PANELS_KEY, &self.words.panels);
        eframe::set_value(storage, TRAINING_KEY, &self.training.settings);
        eframe::set_value(storage, LAB_KEY, &self.lab);
    }
}
