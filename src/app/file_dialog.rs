//! The file dialog drawn in the window, for desktops without the XDG desktop portal (lab
//! machines, minimal window managers, WSLg), where the native dialog cannot open: browse
//! folders, only the files the action takes, type a name, confirm overwriting. Esc cancels.

use std::path::{Path, PathBuf};

use egui::Key;

use super::Purpose;

/// What the dialog asks the user to pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// One existing file.
    File,
    /// One or more existing files (or folders, to be walked).
    Files,
    /// A file name to write, new or to be replaced.
    SaveFile { default_name: &'static str },
    /// A folder to write into.
    Folder,
}

/// One line of the listing.
struct Entry {
    name: String,
    path: PathBuf,
    is_folder: bool,
}

/// What the user did with the dialog this frame.
pub enum DialogState {
    Open,
    Cancelled,
    Chosen(Vec<PathBuf>),
}

/// The dialog's state, from opening to choosing.
pub struct FileDialog {
    pub purpose: Purpose,
    folder: PathBuf,
    /// The folder field, as typed.
    folder_text: String,
    listing: Result<Vec<Entry>, String>,
    /// The file name field (saving) or the picked files' names (opening).
    name: String,
    picked: Vec<PathBuf>,
    show_all: bool,
    /// A file that exists, waiting for "Replace" before it is written over.
    replacing: Option<PathBuf>,
    problem: Option<String>,
}

impl FileDialog {
    /// A dialog for `purpose`, opened in `folder` (the home folder if that is gone).
    pub fn new(purpose: Purpose, folder: Option<PathBuf>) -> Self {
        let folder = folder
            .filter(|f| f.is_dir())
            .or_else(std::env::home_dir)
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = match purpose.pick() {
            Pick::SaveFile { default_name } => default_name.to_owned(),
            _ => String::new(),
        };
        let mut dialog = Self {
            purpose,
            folder_text: String::new(),
            folder: PathBuf::new(),
            listing: Ok(Vec::new()),
            name,
            picked: Vec::new(),
            show_all: false,
            replacing: None,
            problem: None,
        };
        dialog.enter(folder);
        dialog
    }

    /// Lists `folder`: sub-folders first, then the files the action takes, by name.
    fn enter(&mut self, folder: PathBuf) {
        self.folder_text = folder.display().to_string();
        self.picked.clear();
        if !matches!(self.purpose.pick(), Pick::SaveFile { .. }) {
            self.name.clear();
        }
        self.listing = std::fs::read_dir(&folder)
            .and_then(|entries| {
                let mut listing = Vec::new();
                for entry in entries {
                    let entry = entry?;
                    let path = entry.path();
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let is_folder = path.is_dir();
                    if name.starts_with('.') || !(is_folder || self.shows(&path)) {
                        continue;
                    }
                    listing.push(Entry {
                        name,
                        path,
                        is_folder,
                    });
                }
                listing.sort_by(|a, b| {
                    b.is_folder
                        .cmp(&a.is_folder)
                        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
                Ok(listing)
            })
            .map_err(|e| format!("cannot list {}: {e}", folder.display()));
        self.folder = folder;
    }

    fn shows(&self, path: &Path) -> bool {
        self.show_all
            || self.purpose.pick() == Pick::Folder
            || path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                self.purpose
                    .extensions()
                    .contains(&e.to_ascii_lowercase().as_str())
            })
    }

    /// Draws the dialog over the window; says whether the user chose, cancelled or goes on.
    pub fn ui(&mut self, ctx: &egui::Context) -> DialogState {
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            return if self.replacing.take().is_some() {
                DialogState::Open
            } else {
                DialogState::Cancelled
            };
        }
        // Enter presses the default button (Save, Open, Choose this folder) unless a text field
        // takes it (the file name's Enter saves by itself); a replace prompt waits for a click.
        let enter = self.replacing.is_none()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input(|i| i.key_pressed(Key::Enter));
        let mut outcome = DialogState::Open;
        if enter && let Some(chosen) = self.confirm() {
            outcome = chosen;
        }
        egui::Modal::new(egui::Id::unique("file dialog")).show(ctx, |ui| {
            ui.set_width(640.0);
            ui.heading(self.purpose.title());
            if let Some(path) = self.replacing.clone() {
                outcome = self.replace_ui(ui, path);
                return;
            }
            self.folder_ui(ui);
            self.listing_ui(ui, &mut outcome);
            ui.separator();
            if let Some(chosen) = self.choice_ui(ui) {
                outcome = chosen;
            }
        });
        outcome
    }

    fn folder_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let up = self.folder.parent().map(Path::to_owned);
            if ui
                .add_enabled(up.is_some(), egui::Button::new("Up"))
                .clicked()
                && let Some(up) = up
            {
                self.enter(up);
            }
            if ui.button("Home").clicked()
                && let Some(home) = std::env::home_dir()
            {
                self.enter(home);
            }
            let label = ui.label("Folder");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.folder_text).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if super::floor::widgets::entered(ui, &field) {
                let typed = PathBuf::from(self.folder_text.trim());
                if typed.is_dir() {
                    self.enter(typed);
                } else {
                    self.problem = Some(format!("{} is not a folder", typed.display()));
                }
            }
        });
    }

    fn listing_ui(&mut self, ui: &mut egui::Ui, outcome: &mut DialogState) {
        let mut enter = None;
        let mut confirm = false;
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .min_scrolled_height(300.0)
            .auto_shrink([false, false])
            .show(ui, |ui| match &self.listing {
                Err(error) => {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                Ok(entries) if entries.is_empty() => {
                    ui.weak("Nothing here to pick.");
                }
                Ok(entries) => {
                    for entry in entries {
                        let text = if entry.is_folder {
                            egui::RichText::new(format!("{}/", entry.name)).strong()
                        } else {
                            egui::RichText::new(&entry.name)
                        };
                        let selected = self.picked.contains(&entry.path);
                        let response = ui.selectable_label(selected, text);
                        if entry.is_folder {
                            if response.clicked() {
                                enter = Some(entry.path.clone());
                            }
                        } else if response.double_clicked() {
                            self.picked = vec![entry.path.clone()];
                            confirm = true;
                        } else if response.clicked() {
                            let add = self.purpose.pick() == Pick::Files
                                && ui.input(|i| i.modifiers.command || i.modifiers.shift);
                            if !add {
                                self.picked.clear();
                            }
                            if !self.picked.contains(&entry.path) {
                                self.picked.push(entry.path.clone());
                            }
                        }
                    }
                }
            });
        if let Some(folder) = enter {
            self.enter(folder);
        }
        if !self.picked.is_empty() {
            self.name = self
                .picked
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(", ");
        }
        if confirm && let Some(chosen) = self.confirm() {
            *outcome = chosen;
        }
    }

    fn choice_ui(&mut self, ui: &mut egui::Ui) -> Option<DialogState> {
        let mut chosen = None;
        if let Pick::SaveFile { .. } = self.purpose.pick() {
            ui.horizontal(|ui| {
                let label = ui.label("File name");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(300.0))
                    .labelled_by(label.id);
                if super::floor::widgets::entered(ui, &field) {
                    chosen = self.confirm();
                }
            });
        } else if self.purpose.pick() != Pick::Folder {
            ui.label(if self.name.is_empty() {
                "Click a file to pick it.".to_owned()
            } else {
                format!("Picked: {}", self.name)
            });
        }
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.horizontal(|ui| {
            if self.purpose.pick() != Pick::Folder {
                let before = self.show_all;
                ui.checkbox(&mut self.show_all, "Show all files")
                    .on_hover_text(format!(
                        "Otherwise only .{}",
                        self.purpose.extensions().join(", .")
                    ));
                if before != self.show_all {
                    self.enter(self.folder.clone());
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let verb = match self.purpose.pick() {
                    Pick::SaveFile { .. } => "Save",
                    Pick::Folder => "Choose this folder",
                    Pick::File | Pick::Files => "Open",
                };
                if ui.button(verb).clicked() {
                    chosen = self.confirm();
                }
                if ui.button("Cancel").clicked() {
                    chosen = Some(DialogState::Cancelled);
                }
            });
        });
        chosen
    }

    fn replace_ui(&mut self, ui: &mut egui::Ui, path: PathBuf) -> DialogState {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        ui.label(format!(
            "{name} already exists in {}.",
            self.folder.display()
        ));
        ui.label("Replace it?");
        let mut outcome = DialogState::Open;
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                outcome = DialogState::Chosen(vec![path.clone()]);
            }
            if ui.button("Keep it").clicked() {
                self.replacing = None;
            }
        });
        outcome
    }

    /// The choice the fields hold, if it is a valid one; otherwise says why not.
    fn confirm(&mut self) -> Option<DialogState> {
        self.problem = None;
        match self.purpose.pick() {
            Pick::Folder => Some(DialogState::Chosen(vec![self.folder.clone()])),
            Pick::File | Pick::Files if self.picked.is_empty() => {
                self.problem = Some("Pick a file first.".to_owned());
                None
            }
            Pick::File | Pick::Files => Some(DialogState::Chosen(self.picked.clone())),
            Pick::SaveFile { default_name } => {
                let name = self.name.trim();
                if name.is_empty() || name.contains('/') {
                    self.problem = Some("Type a file name (without folders).".to_owned());
                    return None;
                }
                let mut path = self.folder.join(name);
                if path.is_dir() {
                    // A folder typed as the name: go into it, as other dialogs do.
                    self.enter(path);
                    return None;
                }
                // A name typed without an extension gets the default name's ("capitals" is
                // saved as capitals.eelesson), before asking whether that file may be replaced.
                if path.extension().is_none()
                    && let Some(extension) = Path::new(default_name).extension()
                {
                    path.set_extension(extension);
                }
                if path.exists() {
                    self.replacing = Some(path);
                    return None;
                }
                Some(DialogState::Chosen(vec![path]))
            }
        }
    }
}

/// The D-Bus name of the XDG desktop portal, through which rfd opens native dialogs on Linux.
#[cfg(target_os = "linux")]
const PORTAL: &str = "org.freedesktop.portal.Desktop";

/// How long the session bus may take to say whether the portal is there; a bus that does not
/// answer by then is taken as no portal.
#[cfg(target_os = "linux")]
const PORTAL_QUESTION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Whether native file dialogs can open: on Linux, whether the desktop portal runs or can be
/// started on the session bus (asked once, on a job thread: a missing bus answers at once, a
/// silent one within three seconds). Other systems always have their own dialogs.
pub fn portal_answers() -> bool {
    #[cfg(target_os = "linux")]
    {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            return false;
        }
        let ask = async {
            let connection = zbus::Connection::session().await?;
            let bus = zbus::fdo::DBusProxy::new(&connection).await?;
            let name = zbus::names::BusName::try_from(PORTAL)?;
            if bus.name_has_owner(name).await? {
                return Ok(true);
            }
            let activatable = bus.list_activatable_names().await?;
            Ok::<bool, zbus::Error>(activatable.iter().any(|n| n.as_str() == PORTAL))
        };
        let give_up = async {
            async_io::Timer::after(PORTAL_QUESTION_TIMEOUT).await;
            Ok(false)
        };
        futures_lite::future::block_on(futures_lite::future::or(ask, give_up)).unwrap_or(false)
    }
    #[cfg(not(target_os = "linux"))]
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_shows_folders_then_the_files_the_action_takes() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.csv", "A.CSV", "notes.txt", ".hidden.csv"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        let mut dialog = FileDialog::new(Purpose::MapCsv, Some(dir.path().to_owned()));
        let names = |d: &FileDialog| -> Vec<String> {
            d.listing
                .as_ref()
                .unwrap()
                .iter()
                .map(|e| e.name.clone())
                .collect()
        };
        assert_eq!(names(&dialog), ["zeta", "A.CSV", "b.csv"]);
        dialog.show_all = true;
        dialog.enter(dir.path().to_owned());
        assert_eq!(names(&dialog), ["zeta", "A.CSV", "b.csv", "notes.txt"]);
    }

    #[test]
    fn saving_asks_before_replacing_and_goes_into_a_folder_typed_as_the_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("map.csv"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let mut dialog = FileDialog::new(Purpose::MapCsv, Some(dir.path().to_owned()));
        assert_eq!(dialog.name, "map.csv");
        assert!(dialog.confirm().is_none(), "the file exists");
        assert_eq!(dialog.replacing, Some(dir.path().join("map.csv")));
        dialog.replacing = None;
        dialog.name = "sub".into();
        assert!(dialog.confirm().is_none());
        assert_eq!(dialog.folder, dir.path().join("sub"));
        dialog.name = "new.csv".into();
        assert!(matches!(
            dialog.confirm(),
            Some(DialogState::Chosen(paths)) if paths == [dir.path().join("sub/new.csv")]
        ));
        dialog.name = "a/b.csv".into();
        assert!(dialog.confirm().is_none());
        assert!(dialog.problem.is_some());
        // Without an extension, the default's is added, and replacing it is asked about too.
        dialog.name = "counts".into();
        assert!(matches!(
            dialog.confirm(),
            Some(DialogState::Chosen(paths)) if paths == [dir.path().join("sub/counts.csv")]
        ));
        std::fs::write(dir.path().join("sub/counts.csv"), b"x").unwrap();
        assert!(dialog.confirm().is_none(), "counts.csv exists");
        assert_eq!(dialog.replacing, Some(dir.path().join("sub/counts.csv")));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn without_a_session_bus_there_is_no_portal() {
        // CI machines have no session bus; a desktop may have one, with or without a portal.
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            assert!(!portal_answers());
        }
    }

    #[test]
    fn a_folder_that_is_gone_opens_the_home_folder() {
        let dialog = FileDialog::new(Purpose::OpenVectors, Some(PathBuf::from("/nonexistent/x")));
        assert_ne!(dialog.folder, PathBuf::from("/nonexistent/x"));
        assert!(dialog.folder.is_dir());
    }
}
