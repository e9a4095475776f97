//! Exports: map coordinates as CSV, the map as PNG (from a screenshot of the next frame, which
//! this module waits for), image embeddings as TensorFlow Projector TSV (`vectors.tsv` +
//! `metadata.tsv`). Writing runs on job threads, through [`output`] (a temporary file renamed
//! when complete); each save reports what it wrote or why not.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use super::floor::messages::AppError;
use crate::output::{self, OutputError};

/// The PNG export waiting for its screenshot, and where the map was last drawn.
#[derive(Default)]
pub struct Export {
    pending_png: Option<(PathBuf, Receiver<Arc<egui::ColorImage>>)>,
    /// Where the map was drawn last frame: the part of the screenshot the PNG keeps.
    pub map_rect: Option<egui::Rect>,
}

impl Export {
    /// Asks for a screenshot of the next frame, to save the map from it to `path`.
    pub fn request_png(&mut self, ctx: &egui::Context, path: PathBuf) {
        let (sender, receiver) = mpsc::channel();
        let repaint = ctx.clone();
        self.pending_png = Some((path, receiver));
        let callback = egui::ScreenshotCallback::new(move |image| {
            let _ = sender.send(image);
            repaint.request_repaint();
        });
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
    }

    /// The map's part of a screenshot that has arrived for a pending PNG, and where it goes.
    pub fn take_screenshot(&mut self, ctx: &egui::Context) -> Option<(PathBuf, egui::ColorImage)> {
        let image = self.pending_png.as_ref()?.1.try_recv().ok()?;
        let (path, _) = self.pending_png.take()?;
        let region = self.map_rect.unwrap_or(ctx.content_rect());
        Some((path, image.region(&region, Some(ctx.pixels_per_point()))))
    }
}

/// Job: saves the map's screenshot as PNG.
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<String, AppError> {
    let [width, height] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let bad = |message: String| AppError::Write {
        path: path.to_owned(),
        message,
    };
    let png = image::RgbaImage::from_raw(width as u32, height as u32, bytes)
        .ok_or_else(|| bad("the screenshot has an unexpected size".into()))?;
    let mut encoded = io::Cursor::new(Vec::new());
    png.write_to(&mut encoded, image::ImageFormat::Png)
        .map_err(|e| bad(e.to_string()))?;
    output::write_file(path, &[], |out| out.write_all(encoded.get_ref()))?;
    Ok(format!("Saved the map to {}", path.display()))
}

/// Job: saves the map's words and coordinates as CSV.
pub fn save_map_csv(path: &Path, rows: &[(String, [f64; 2])]) -> Result<String, AppError> {
    write_map_csv(path, rows)?;
    Ok(format!("Saved {} points to {}", rows.len(), path.display()))
}

/// Job: saves the image embeddings for TensorFlow's Embedding Projector into folder `dir`.
pub fn save_projector_tsv(
    dir: &Path,
    rows: &[(String, String, Vec<f32>)],
) -> Result<String, AppError> {
    write_projector_tsv(dir, rows)?;
    Ok(format!(
        "Saved {} embeddings to {}",
        rows.len(),
        dir.display()
    ))
}

/// `word,x,y` for every point of the words map.
pub fn write_map_csv(path: &Path, rows: &[(String, [f64; 2])]) -> Result<(), OutputError> {
    output::write_file(path, &[], |out| {
        crate::projection::write_csv(out, rows, None)
    })
}

/// TensorFlow Projector files: `vectors.tsv` (one embedding per line) and `metadata.tsv`
/// (a header, then file name and top label per line).
pub fn write_projector_tsv(
    dir: &Path,
    rows: &[(String, String, Vec<f32>)],
) -> Result<(), OutputError> {
    output::write_file(&dir.join("vectors.tsv"), &[], |vectors| {
        for (_, _, embedding) in rows {
            let values: Vec<String> = embedding.iter().map(|v| v.to_string()).collect();
            writeln!(vectors, "{}", values.join("\t"))?;
        }
        Ok(())
    })?;
    output::write_file(&dir.join("metadata.tsv"), &[], |metadata| {
        writeln!(metadata, "file\tlabel")?;
        for (name, label, _) in rows {
            writeln!(
                metadata,
                "{}\t{}",
                name.replace(['\t', '\n'], " "),
                label.replace(['\t', '\n'], " ")
            )?;
        }
        Ok(())
    })
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
