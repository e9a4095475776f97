//! Driving the explorer window headless with egui_kittest: shared by the UI tests, the
//! screenshot renderer and the frame-time benchmark. Each of them uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};
use embedding_explorer::app::{ExplorerApp, StartOptions};
use embedding_explorer::assets::source_tree;

/// A sample photo from `assets/photos/`.
pub fn photo(name: &str) -> PathBuf {
    source_tree().join("assets/photos").join(name)
}

/// The window builder every driver uses: a laptop-sized window.
pub fn window() -> HarnessBuilder<ExplorerApp> {
    Harness::<ExplorerApp>::builder().with_size([1400.0, 900.0])
}

/// Options for a reproducible start: no saved settings, images on the CPU, these photos.
pub fn start(photos: Vec<PathBuf>) -> StartOptions {
    StartOptions {
        photos,
        restore_settings: false,
        share_gpu: false,
        ..Default::default()
    }
}

/// The explorer on the bundled words with `photos` added at start.
pub fn explorer(photos: Vec<PathBuf>) -> Harness<'static, ExplorerApp> {
    window().build_eframe(move |cc| ExplorerApp::new(cc, start(photos)))
}

/// Steps frames until every background job has finished, then lets the UI settle.
pub fn settle(harness: &mut Harness<'_, ExplorerApp>) {
    let deadline = Instant::now() + Duration::from_secs(900);
    while !harness.state().is_idle() {
        assert!(Instant::now() < deadline, "background work did not finish");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(3);
}

/// Clicks the widget labelled `label`, lets the next frames take the click, and waits for the
/// work it started.
pub fn click_and_settle(harness: &mut Harness<'_, ExplorerApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    settle(harness);
}

/// Types `text` into the field labelled `label`, replacing what it held.
pub fn replace_text(harness: &mut Harness<'_, ExplorerApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(1);
}

/// A file dropped onto the window, as winit would deliver it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `paths` onto the window and runs the frame that receives them.
pub fn drop_files(harness: &mut Harness<'_, ExplorerApp>, paths: &[PathBuf]) {
    for path in paths {
        harness
            .input_mut()
            .dropped_files
            .push(Arc::new(Dropped(path.clone())));
    }
    harness.step();
}

/// The explorer as on a desktop without the XDG desktop portal: file dialogs are drawn in the
/// window.
pub fn explorer_without_portal() -> Harness<'static, ExplorerApp> {
    window().build_eframe(|cc| {
        ExplorerApp::new(
            cc,
            StartOptions {
                native_dialogs: false,
                ..start(Vec::new())
            },
        )
    })
}

/// On the Train tab: the State of the Union addresses, one era at a time ("Only the years").
pub fn train_on_eras_of_the_addresses(harness: &mut Harness<'_, ExplorerApp>) {
    harness
        .get_by_label("State of the Union addresses, 1790–2021 (1.8 million words)")
        .click();
    harness.run_steps(1);
    harness.get_by_label("Only the years").click();
    harness.run_steps(1);
}

/// Sets the folder the dialogs open in for this kind of file, as if it had been used last.
pub fn remember_folder(harness: &mut Harness<'_, ExplorerApp>, kind: &str, folder: PathBuf) {
    harness
        .state_mut()
        .settings_mut()
        .last_folders
        .insert(kind.to_owned(), folder);
}

/// The pixels of `image` clearly brighter than the map's dark background.
pub fn lit(image: &image::RgbaImage) -> Vec<bool> {
    image
        .pixels()
        .map(|p| p.0[..3].iter().map(|&c| u32::from(c)).sum::<u32>() > 3 * 70)
        .collect()
}

/// How many lit pixels of `a` have no lit pixel of `b` within one pixel.
pub fn unmatched(a: &[bool], b: &[bool], width: usize) -> usize {
    let height = a.len() / width;
    (0..a.len())
        .filter(|&i| a[i])
        .filter(|&i| {
            let (x, y) = (i % width, i / width);
            let near = |dx: isize, dy: isize| {
                let (nx, ny) = (x as isize + dx, y as isize + dy);
                (0..width as isize).contains(&nx)
                    && (0..height as isize).contains(&ny)
                    && b[ny as usize * width + nx as usize]
            };
            !(-1..=1).any(|dx| (-1..=1).any(|dy| near(dx, dy)))
        })
        .count()
}
