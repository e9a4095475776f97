//! The menu, file dialogs and exports: map coordinates as CSV, the map as PNG, image
//! embeddings as TensorFlow Projector TSV (`vectors.tsv` + `metadata.tsv`).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Action;
use super::state::{AppState, Tab};

pub fn menu_ui(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::O)) {
        actions.push(Action::OpenVectorsDialog);
    }
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let items = [
                ("Open vectors… (Ctrl+O)", Action::OpenVectorsDialog),
                ("Add images…", Action::AddImagesDialog),
                ("Export map as CSV…", Action::ExportMapCsv),
                ("Export map as PNG…", Action::ExportMapPng),
                (
                    "Export image embeddings (TF Projector TSV)…",
                    Action::ExportImagesTsv,
                ),
            ];
            for (label, action) in items {
                if ui.button(label).clicked() {
                    actions.push(action);
                }
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.separator();
        ui.selectable_value(&mut state.settings.tab, Tab::Words, "Words");
        ui.selectable_value(&mut state.settings.tab, Tab::Images, "Images");
    });
}

/// Extensions taken for word-vector files (GloVe/fastText text, word2vec binary, gzipped),
/// in the Open dialog's filter and among dropped files.
pub const VECTOR_EXTENSIONS: &[&str] = &["txt", "vec", "bin", "gz"];

/// What a file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OpenVectors,
    AddImages,
    MapCsv,
    MapPng,
    ImagesTsv,
}

/// Runs the native dialog (blocking, so on a job thread). `None` when the user cancelled or no
/// dialog service answered.
pub fn pick(purpose: Purpose) -> Option<Vec<PathBuf>> {
    let dialog = rfd::FileDialog::new();
    match purpose {
        Purpose::OpenVectors => dialog
            .set_title("Open word vectors")
            .add_filter("word vectors", VECTOR_EXTENSIONS)
            .add_filter("all files", &["*"])
            .pick_file()
            .map(|p| vec![p]),
        Purpose::AddImages => dialog
            .set_title("Add images")
            .add_filter("images", crate::images::IMAGE_EXTENSIONS)
            .pick_files(),
        Purpose::MapCsv => dialog.set_file_name("map.csv").save_file().map(|p| vec![p]),
        Purpose::MapPng => dialog.set_file_name("map.png").save_file().map(|p| vec![p]),
        Purpose::ImagesTsv => dialog
            .set_title("Folder for vectors.tsv and metadata.tsv")
            .pick_folder()
            .map(|p| vec![p]),
    }
}

/// Native dialogs on Linux go through the XDG desktop portal, reached over the session D-Bus.
pub fn dialogs_available() -> bool {
    !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// `word,x,y` for every point of the words map.
pub fn write_map_csv(path: &Path, rows: &[(String, [f64; 2])]) -> io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "word,x,y")?;
    for (word, [x, y]) in rows {
        writeln!(out, "{},{x},{y}", csv_field(word))?;
    }
    out.flush()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// TensorFlow Projector files: `vectors.tsv` (one embedding per line) and `metadata.tsv`
/// (a header, then file name and top label per line).
pub fn write_projector_tsv(dir: &Path, rows: &[(String, String, Vec<f32>)]) -> io::Result<()> {
    let mut vectors = BufWriter::new(std::fs::File::create(dir.join("vectors.tsv"))?);
    let mut metadata = BufWriter::new(std::fs::File::create(dir.join("metadata.tsv"))?);
    writeln!(metadata, "file\tlabel")?;
    for (name, label, embedding) in rows {
        let values: Vec<String> = embedding.iter().map(|v| v.to_string()).collect();
        writeln!(vectors, "{}", values.join("\t"))?;
        writeln!(
            metadata,
            "{}\t{}",
            name.replace(['\t', '\n'], " "),
            label.replace(['\t', '\n'], " ")
        )?;
    }
    vectors.flush()?;
    metadata.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_write_what_the_tools_read() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("map.csv");
        write_map_csv(
            &csv,
            &[("king".into(), [1.0, -2.5]), ("a,b".into(), [0.0, 0.0])],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&csv).unwrap(),
            "word,x,y\nking,1,-2.5\n\"a,b\",0,0\n"
        );
        write_projector_tsv(
            dir.path(),
            &[("cat.jpg".into(), "tabby cat".into(), vec![0.5, 1.0])],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("vectors.tsv")).unwrap(),
            "0.5\t1\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("metadata.tsv")).unwrap(),
            "file\tlabel\ncat.jpg\ttabby cat\n"
        );
    }
}
