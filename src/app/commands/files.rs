//! Files the user picks: what each dialog is for ([`Purpose`], one row of a table each), the
//! dialog that asks (the desktop's own where its portal answers, else the one drawn in the
//! window), and what is done with the file picked.

use std::path::{Path, PathBuf};

use super::super::drop::{CORPUS_EXTENSIONS, VECTOR_EXTENSIONS};
use super::super::file_dialog::{self, FileDialog, Pick};
use super::super::floor::messages::AppError;
use super::super::lab::OtherSpace;
use super::super::settings::Tab;
use super::super::training::CorpusChoice;
use super::super::words::Words;
use super::super::{ExplorerApp, JobOutput, export};
use crate::images as engine;

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
    OpenOtherSpace,
}

/// Everything a dialog needs to know of its purpose.
struct Row {
    /// Under which name the last folder used is remembered (shared by open and save of one
    /// kind of file).
    folder_key: &'static str,
    title: &'static str,
    /// What the files offered are called, in the desktop's filter.
    kind: &'static str,
    extensions: &'static [&'static str],
    pick: Pick,
}

const fn save(default_name: &'static str) -> Pick {
    Pick::SaveFile { default_name }
}

impl Purpose {
    /// The purpose's row of the table.
    fn row(self) -> Row {
        let row = |folder_key, title, kind, extensions, pick| Row {
            folder_key,
            title,
            kind,
            extensions,
            pick,
        };
        let lessons = crate::lesson::EXTENSIONS;
        match self {
            Purpose::OpenVectors => row(
                "vectors",
                "Open word vectors",
                "word vectors",
                VECTOR_EXTENSIONS,
                Pick::File,
            ),
            Purpose::AddImages => row(
                "images",
                "Add images",
                "images",
                engine::IMAGE_EXTENSIONS,
                Pick::Files,
            ),
            Purpose::MapCsv => row(
                "map csv",
                "Export the map as CSV",
                "CSV",
                &["csv"],
                save("map.csv"),
            ),
            Purpose::MapPng => row(
                "map png",
                "Export the map as PNG",
                "PNG",
                &["png"],
                save("map.png"),
            ),
            Purpose::ImagesTsv => row(
                "images tsv",
                "Folder for vectors.tsv and metadata.tsv",
                "TSV",
                &["tsv"],
                Pick::Folder,
            ),
            Purpose::OpenLesson => row("lessons", "Open a lesson", "lessons", lessons, Pick::File),
            Purpose::SaveLesson => row(
                "lessons",
                "Save the scene as a lesson",
                "lessons",
                lessons,
                save("lesson.eelesson"),
            ),
            Purpose::OpenCorpus => row(
                "corpus",
                "A text to train on",
                "text",
                CORPUS_EXTENSIONS,
                Pick::File,
            ),
            Purpose::SaveTrainedVectors => row(
                "trained vectors",
                "Save the trained vectors (word2vec text)",
                "word2vec text",
                &["txt"],
                save("vectors.txt"),
            ),
            Purpose::SaveDebiasedVectors => row(
                "debiased vectors",
                "Save the vectors with the direction removed",
                "word2vec text",
                &["txt"],
                save("debiased.txt"),
            ),
            Purpose::OpenOtherSpace => row(
                "vectors",
                "Vectors to rotate onto the words on screen",
                "word vectors",
                VECTOR_EXTENSIONS,
                Pick::File,
            ),
        }
    }

    /// Under which name the last folder used for this purpose is remembered.
    pub fn key(self) -> &'static str {
        self.row().folder_key
    }

    pub fn title(self) -> &'static str {
        self.row().title
    }

    /// The file extensions the action takes.
    pub fn extensions(self) -> &'static [&'static str] {
        self.row().extensions
    }

    pub fn pick(self) -> Pick {
        self.row().pick
    }

    /// Runs the native dialog (blocking, so on a job thread), opened in `folder`. `None` when
    /// the user cancelled.
    fn pick_natively(self, folder: Option<PathBuf>) -> Option<Vec<PathBuf>> {
        let row = self.row();
        let mut dialog = rfd::FileDialog::new().set_title(row.title);
        if let Some(folder) = folder.filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        match row.pick {
            Pick::File => dialog
                .add_filter(row.kind, row.extensions)
                .add_filter("all files", &["*"])
                .pick_file()
                .map(|p| vec![p]),
            Pick::Files => dialog.add_filter(row.kind, row.extensions).pick_files(),
            Pick::SaveFile { default_name } => dialog
                .set_file_name(default_name)
                .save_file()
                .map(|p| vec![p]),
            Pick::Folder => dialog.pick_folder().map(|p| vec![p]),
        }
    }
}

impl ExplorerApp {
    /// The one place every file action asks for a file: the native dialog where the desktop
    /// portal answers, else the dialog drawn in the window; both open in the folder used last
    /// for this purpose.
    pub(in crate::app) fn open_dialog(&mut self, purpose: Purpose) {
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
    pub(in crate::app) fn detect_native_dialogs(&mut self) {
        // Should the question crash, the dialog drawn in the window serves.
        self.jobs.spawn(
            "Looking for the desktop's file dialogs",
            false,
            |_| JobOutput::NativeDialogs(false),
            |_| JobOutput::NativeDialogs(file_dialog::portal_answers()),
        );
    }

    /// Does with the files picked what they were picked for, and remembers their folder.
    pub(in crate::app) fn picked(
        &mut self,
        ctx: &egui::Context,
        purpose: Purpose,
        paths: Vec<PathBuf>,
    ) {
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
            Purpose::OpenVectors => Words::load(&mut self.jobs, first),
            Purpose::OpenLesson => self.read_lesson(first),
            Purpose::OpenCorpus => self.training.settings.corpus = CorpusChoice::File(first),
            Purpose::OpenOtherSpace => self.rotate_other_space(OtherSpace::File(first)),
            Purpose::SaveTrainedVectors => self.write_trained(Some(first)),
            Purpose::SaveDebiasedVectors => self.write_debiased(Some(first)),
            Purpose::SaveLesson => {
                let lesson = self.lesson_of_scene(&first);
                self.save("Saving the lesson", move || {
                    lesson
                        .write(&first)
                        .map(|()| format!("Saved the lesson {}", first.display()))
                        .map_err(AppError::from)
                });
            }
            Purpose::AddImages => self.add_images(paths),
            Purpose::MapCsv => {
                let rows = self.map_rows();
                self.save("Saving CSV", move || export::save_map_csv(&first, &rows));
            }
            Purpose::MapPng => self.export.request_png(ctx, first),
            Purpose::ImagesTsv => {
                let rows = self.images.projector_rows();
                self.save("Saving TSV", move || {
                    export::save_projector_tsv(&first, &rows)
                });
            }
        }
    }

    /// Writes a file on a job; the status bar says what was saved, or why not.
    fn save(
        &mut self,
        title: &str,
        write: impl FnOnce() -> Result<String, AppError> + Send + 'static,
    ) {
        self.jobs.spawn(title, false, JobOutput::Crashed, move |_| {
            JobOutput::Saved(write())
        });
    }

    /// Saves the map from a screenshot that arrived for a pending PNG export.
    pub(in crate::app) fn save_screenshot(&mut self, ctx: &egui::Context) {
        if let Some((path, image)) = self.export.take_screenshot(ctx) {
            self.save("Saving PNG", move || export::save_png(&path, &image));
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
