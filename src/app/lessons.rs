//! Lessons: a scene a teacher sets up (the vectors, the tab and view, every panel's question,
//! the semantic axes and word lists, the map's words, layout, colouring, selection and zoom,
//! and notes for the class) saved as a small JSON file (`.eelesson`, a file type of its own so
//! that a double-click opens it here) and opened again in class, from the menu, by dropping it
//! on the window, or with `embedding-explorer lesson.eelesson`.
//!
//! A file is checked whole before anything changes: a malformed lesson, one written by a newer
//! version, or one whose vectors file is missing leaves the explorer as it was.

use std::path::{Path, PathBuf};

use super::lab::Lab;
use super::map::MapSettings;
use super::settings::Tab;
use super::space::SpaceSettings;
use super::words::{WordPanels, Words, WordsView};
use super::{Action, ExplorerApp};
use crate::lesson;
pub use crate::lesson::{FORMAT, LessonError, VERSION};
use crate::words::formats::bundled;

/// The map part of a scene: the map's choices (written as `words`, `method`, `spherize`,
/// `colour` beside the rest), its selection and zoom, and the lists it is coloured by.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MapScene {
    #[serde(flatten)]
    pub choices: MapSettings,
    /// The clicked word, with its neighbours joined to it.
    pub selected: Option<String>,
    /// The part of the map in view, `[[min x, min y], [max x, max y]]`; `None`: all of it.
    pub bounds: Option<[[f64; 2]; 2]>,
    /// The lists the words are coloured by, one per line; `None`: the ones the user has.
    pub word_lists: Option<String>,
}

/// A saved scene.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Lesson {
    pub format: String,
    pub version: u32,
    pub title: String,
    /// What the teacher wants the class to look at, shown above the panels.
    #[serde(default)]
    pub notes: String,
    /// The vectors file, relative to the lesson's folder where it lies inside it; `None`: the
    /// bundled vectors.
    #[serde(default)]
    pub vectors: Option<PathBuf>,
    #[serde(default)]
    pub tab: Tab,
    #[serde(default)]
    pub words_view: WordsView,
    /// The questions of every panel and view (their answers are computed again).
    #[serde(default)]
    pub panels: WordPanels,
    #[serde(default)]
    pub map: MapScene,
    /// The Linear algebra tab's view and questions.
    #[serde(default)]
    pub lab: Lab,
    /// The 3-D view's camera, arrows and their words.
    #[serde(default)]
    pub space: SpaceSettings,
}

impl Lesson {
    /// Reads and checks a lesson; its vectors path comes back resolved against its folder and
    /// known to exist.
    pub fn read(path: &Path) -> Result<Self, LessonError> {
        let mut lesson = Self::parse(&lesson::read_bytes(path)?, path)?;
        if let Some(vectors) = &lesson.vectors {
            let folder = path.parent().unwrap_or(Path::new("."));
            let resolved = folder.join(vectors);
            lesson::check_vectors(path, &resolved)?;
            lesson.vectors = Some(resolved);
        }
        Ok(lesson)
    }

    /// Reads the bytes (of the file at `path`) as a lesson, once the envelope says they are one,
    /// and brings every setting into the range the window shows.
    fn parse(bytes: &[u8], path: &Path) -> Result<Self, LessonError> {
        let value = lesson::parse_envelope(bytes, path)?;
        let mut lesson: Self =
            serde_json::from_value(value).map_err(|error| LessonError::Malformed {
                path: path.to_owned(),
                error,
            })?;
        if let Some(bounds) = lesson.map.bounds
            && !sane_bounds(bounds)
        {
            return Err(LessonError::NotALesson {
                path: path.to_owned(),
                reason: format!(
                    "its map bounds {bounds:?} are not a part of the plane the map can show \
                     (finite, lower corner below the upper, within ±1,000,000)"
                ),
            });
        }
        lesson.map.choices = lesson.map.choices.validated();
        lesson.space = lesson.space.validated();
        Ok(lesson)
    }

    /// Writes the lesson as indented JSON, with the vectors path relative to the lesson's
    /// folder where the file lies inside it (so a folder of lessons and vectors can be copied).
    pub fn write(mut self, path: &Path) -> Result<(), LessonError> {
        let vectors_file = self.vectors.clone();
        if let (Some(vectors), Some(folder)) = (&self.vectors, path.parent())
            && let Ok(relative) = vectors.strip_prefix(folder)
        {
            self.vectors = Some(relative.to_owned());
        }
        lesson::write_json(path, &self, vectors_file.as_deref())
    }
}

/// Whether a lesson's zoom `[[min x, min y], [max x, max y]]` can be shown: finite, each side
/// longer than nothing, and within a range maps use (their coordinates are at most hundreds).
fn sane_bounds([min, max]: [[f64; 2]; 2]) -> bool {
    const FAR: f64 = 1e6;
    (0..2).all(|axis| {
        let (low, high) = (min[axis], max[axis]);
        low.is_finite()
            && high.is_finite()
            && low.abs() <= FAR
            && high.abs() <= FAR
            && high - low > 1e-9
    })
}

/// The open lesson's title and notes, shown above the panels.
pub struct LessonNotes {
    pub title: String,
    pub notes: String,
    /// The notes are being edited.
    editing: bool,
}

impl LessonNotes {
    pub fn new(title: String, notes: String) -> Self {
        Self {
            title,
            notes,
            editing: false,
        }
    }

    /// The lesson's card: title and notes, editable for the next save.
    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                if self.editing {
                    let label = ui.label("Lesson title");
                    ui.text_edit_singleline(&mut self.title)
                        .labelled_by(label.id);
                } else {
                    ui.heading(format!("Lesson: {}", self.title));
                }
            });
            if self.editing {
                let label = ui.label("Notes for the class");
                ui.add(
                    egui::TextEdit::multiline(&mut self.notes)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            } else if !self.notes.is_empty() {
                ui.label(&self.notes);
            }
            ui.horizontal(|ui| {
                let edit = if self.editing { "Done" } else { "Edit notes" };
                if ui.small_button(edit).clicked() {
                    self.editing = !self.editing;
                }
                if ui.small_button("Close lesson").clicked() {
                    actions.push(Action::CloseLesson);
                }
            });
        });
        ui.add_space(4.0);
    }
}

impl ExplorerApp {
    /// Reads a lesson on a job; a sound one replaces the scene when it arrives.
    pub(super) fn read_lesson(&mut self, path: PathBuf) {
        self.jobs.spawn(
            "Reading the lesson",
            false,
            super::JobOutput::Crashed,
            move |_| super::JobOutput::Lesson(Lesson::read(&path).map(Box::new)),
        );
    }

    /// Shows a lesson's scene: its vectors (loaded if another set is on screen), tab, view,
    /// questions, map and notes.
    pub(super) fn show_lesson(&mut self, lesson: Lesson) {
        let vectors = lesson.vectors.unwrap_or_else(bundled::bundled_path);
        self.settings.tab = lesson.tab;
        self.settings.words_view = lesson.words_view;
        self.settings.map = lesson.map.choices;
        if let Some(lists) = lesson.map.word_lists {
            self.settings.map_word_lists = lists;
        }
        self.words.panels = lesson.panels;
        self.lab = lesson.lab;
        self.settings.space = lesson.space;
        self.map
            .restore(vectors.clone(), lesson.map.selected, lesson.map.bounds);
        self.lesson = Some(LessonNotes::new(lesson.title, lesson.notes));
        self.messages.info(format!(
            "Opened the lesson \"{}\"",
            self.lesson.as_ref().map_or("", |l| l.title.as_str())
        ));
        let shown = self.words.dataset.as_ref().map(|d| d.report.path.clone());
        if shown.as_ref() == Some(&vectors) {
            self.refresh_word_map();
            for query in self.words.panels.queries() {
                self.words.ask(&mut self.jobs, query);
            }
            self.ask_lab(self.lab.current_query());
        } else {
            Words::load(&mut self.jobs, vectors);
        }
    }

    /// The scene on screen as a lesson to save at `path` (named after the file if no lesson
    /// is open).
    pub(super) fn lesson_of_scene(&mut self, path: &Path) -> Lesson {
        let notes = self.lesson.get_or_insert_with(|| {
            let title = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            LessonNotes::new(title, String::new())
        });
        let (selected, bounds) = self.map.view(self.words.dataset.as_ref());
        Lesson {
            format: FORMAT.to_owned(),
            version: VERSION,
            title: notes.title.clone(),
            notes: notes.notes.clone(),
            vectors: self
                .words
                .dataset
                .as_ref()
                .and_then(|d| d.remembered_path()),
            tab: self.settings.tab,
            words_view: self.settings.words_view,
            panels: self.words.panels.clone(),
            map: MapScene {
                choices: self.settings.map,
                selected,
                bounds,
                word_lists: Some(self.settings.map_word_lists.clone()),
            },
            lab: self.lab.clone(),
            space: self.settings.space.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::map::MapColour;
    use crate::app::space::Camera;
    use crate::projection::Method;

    fn lesson_json(extra: &str) -> String {
        format!(r#"{{"format": "{FORMAT}", "version": 1, "title": "t"{extra}}}"#)
    }

    #[test]
    fn a_minimal_lesson_takes_defaults() {
        let lesson = Lesson::parse(lesson_json("").as_bytes(), Path::new("x.json")).unwrap();
        assert_eq!(lesson.title, "t");
        assert_eq!(lesson.map, MapScene::default());
        assert_eq!(lesson.words_view, WordsView::Map);
    }

    #[test]
    fn other_json_newer_and_malformed_lessons_are_refused() {
        let refused = |text: &str| {
            Lesson::parse(text.as_bytes(), Path::new("x.json"))
                .err()
                .map(|e| e.to_string())
        };
        assert!(
            refused(r#"{"title": "x"}"#)
                .unwrap()
                .contains("not a lesson")
        );
        assert!(refused("not json at all").unwrap().contains("malformed"));
        assert!(refused("").unwrap().contains("malformed"));
        let newer = lesson_json("").replace("\"version\": 1", "\"version\": 7");
        assert!(refused(&newer).unwrap().contains("newer"));
        let wrong_type = lesson_json(r#", "map": {"words": "many"}"#);
        assert!(refused(&wrong_type).unwrap().contains("malformed"));
        let no_version = format!(r#"{{"format": "{FORMAT}", "title": "t"}}"#);
        assert!(refused(&no_version).unwrap().contains("version"));
    }

    #[test]
    fn a_saved_lesson_reads_back_with_its_vectors_beside_it() {
        let folder = std::env::temp_dir().join(format!("lesson-test-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let vectors = folder.join("vectors.txt");
        std::fs::write(&vectors, "a 1 2\n").unwrap();
        let mut panels = WordPanels::default();
        panels.analogy.expression = "paris - france + italy".into();
        let lesson = Lesson {
            format: FORMAT.into(),
            version: VERSION,
            title: "Capitals".into(),
            notes: "Look at the arrows.".into(),
            vectors: Some(vectors.clone()),
            tab: Tab::Words,
            words_view: WordsView::Axes,
            panels,
            map: MapScene {
                choices: MapSettings {
                    words: 2_000,
                    // Out of the picker's range: read back within it.
                    method: Method::Tsne { perplexity: 500.0 },
                    spherize: true,
                    colour: MapColour::WordLists,
                },
                selected: Some("paris".into()),
                bounds: Some([[-1.0, -0.5], [1.0, 0.5]]),
                word_lists: Some("capitals: paris rome\ncountries: france italy".into()),
            },
            lab: Lab {
                view: crate::app::lab::LabView::Span,
                ..Lab::default()
            },
            space: SpaceSettings {
                // Out of range: read back within it.
                camera: Camera {
                    yaw: 1.0,
                    pitch: 3.0,
                    zoom: 0.0,
                    pan: [0.1, 9.0],
                },
                from_origin: true,
                ..SpaceSettings::default()
            },
        };
        let path = folder.join("capitals.json");
        lesson.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"vectors\": \"vectors.txt\""), "{text}");
        let back = Lesson::read(&path).unwrap();
        assert_eq!(back.vectors, Some(vectors.clone()));
        assert_eq!(back.panels.analogy.expression, "paris - france + italy");
        assert_eq!(back.lab.view, crate::app::lab::LabView::Span);
        assert_eq!(back.words_view, WordsView::Axes);
        assert!(back.space.from_origin);
        assert_eq!(
            back.space.camera,
            Camera {
                yaw: 1.0,
                pitch: 1.55,
                zoom: 0.2,
                pan: [0.1, 5.0],
            }
        );
        assert_eq!(back.map.selected.as_deref(), Some("paris"));
        assert_eq!(back.map.choices.method, Method::Tsne { perplexity: 100.0 });
        assert_eq!(back.map.choices.colour, MapColour::WordLists);
        assert_eq!(
            back.map.word_lists.as_deref(),
            Some("capitals: paris rome\ncountries: france italy")
        );

        std::fs::remove_file(&vectors).unwrap();
        let missing = Lesson::read(&path).err().unwrap().to_string();
        assert!(missing.contains("vectors file"), "{missing}");
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
