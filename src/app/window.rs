//! Opening the window: wgpu first (sharing its device with the image network), OpenGL if wgpu
//! cannot start.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::anyhow;
use eframe::egui_wgpu::{WgpuConfiguration, WgpuSetupCreateNew};

use super::ExplorerApp;
use crate::assets::asset_path;

const TITLE: &str = "Embedding Explorer";
/// The Wayland app id and X11 window class: the desktop entry's name
/// (`embedding-explorer.desktop`), so that the desktop matches the window to its entry and icon.
pub const APP_ID: &str = "embedding-explorer";
/// The window's icon, rendered from `packaging/icons/embedding-explorer.svg`.
const ICON_PNG: &[u8] = include_bytes!("../../packaging/icons/128.png");
/// Zoom factors taken from saved state; egui's own Ctrl +/− stays well inside.
const SANE_ZOOM: RangeInclusive<f32> = 0.2..=5.0;
/// eframe's key for egui's memory (which holds the zoom factor) in its saved state.
const EGUI_MEMORY_KEY: &str = "egui";

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
    /// A lesson to open at start (`--open`); its vectors replace `vectors`.
    pub lesson: Option<PathBuf>,
    /// Use the desktop's own file dialogs where its portal answers; `false`: always the
    /// dialog drawn in the window.
    pub native_dialogs: bool,
}

impl Default for StartOptions {
    fn default() -> Self {
        Self {
            vectors: None,
            photos: vec![asset_path("photos")],
            restore_settings: true,
            share_gpu: true,
            notice: None,
            lesson: None,
            native_dialogs: true,
        }
    }
}

/// Where "Use these vectors" keeps vectors the app made (`kind`: "trained", "debiased") from
/// `name` (the corpus, the vectors file): beside the settings, so that they open again at the
/// next start.
pub fn kept_vectors_path(kind: &str, name: &str) -> PathBuf {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    eframe::storage_dir(TITLE)
        .unwrap_or_else(std::env::temp_dir)
        .join(kind)
        .join(format!("{name}.vectors.txt"))
}

/// Opens the explorer window: wgpu first, OpenGL if wgpu cannot start.
pub fn run(options: StartOptions) -> anyhow::Result<()> {
    if let Some(file) = saved_state_file() {
        match repair_saved_state(&file) {
            Ok(false) => {}
            Ok(true) => eprintln!(
                "note: {}: the saved zoom factor was out of range; it is reset to 100%",
                file.display()
            ),
            Err(error) => eprintln!("note: cannot repair {}: {error}", file.display()),
        }
    }
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

/// eframe's saved state (settings, egui's memory) in the folder named after the title.
fn saved_state_file() -> Option<PathBuf> {
    eframe::storage_dir(TITLE).map(|dir| dir.join("app.ron"))
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
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id(APP_ID)
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([900.0, 600.0])
        .with_drag_and_drop(true);
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => eprintln!("note: the window's icon cannot be read: {error}"),
    }
    eframe::NativeOptions {
        renderer,
        viewport,
        // The app id would name eframe's folder by default; saved state stays where it has
        // always been, in the folder named after the title.
        persistence_path: saved_state_file(),
        wgpu_options: WgpuConfiguration {
            wgpu_setup: setup.into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Repairs what eframe restores before the app exists: a zoom factor of 0 or 1000 in egui's
/// saved memory makes the window's creation panic (inside winit), at every start. Returns
/// whether anything was repaired; files eframe cannot read at all it ignores by itself.
fn repair_saved_state(file: &Path) -> anyhow::Result<bool> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Ok(false);
    };
    let Ok(mut state) = ron::from_str::<HashMap<String, String>>(&text) else {
        return Ok(false);
    };
    let sane = state
        .get(EGUI_MEMORY_KEY)
        .and_then(|memory| ron::from_str::<egui::Memory>(memory).ok())
        .is_none_or(|memory| SANE_ZOOM.contains(&memory.options.zoom_factor));
    if sane {
        return Ok(false);
    }
    // egui's memory holds only view state (zoom, open windows); starting afresh loses nothing.
    state.remove(EGUI_MEMORY_KEY);
    let repaired = ron::ser::to_string_pretty(&state, ron::ser::PrettyConfig::default())?;
    std::fs::write(file, repaired)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved_state(zoom: f32) -> String {
        let mut memory = egui::Memory::default();
        memory.options.zoom_factor = zoom;
        let state = HashMap::from([
            (
                EGUI_MEMORY_KEY.to_owned(),
                ron::ser::to_string(&memory).unwrap(),
            ),
            ("app".to_owned(), "(tab: Images)".to_owned()),
        ]);
        ron::ser::to_string_pretty(&state, ron::ser::PrettyConfig::default()).unwrap()
    }

    #[test]
    fn a_zoom_factor_out_of_range_is_removed_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app.ron");
        for zoom in [0.0, 1000.0, f32::NAN, -1.0] {
            std::fs::write(&file, saved_state(zoom)).unwrap();
            assert!(repair_saved_state(&file).unwrap(), "zoom {zoom}");
            let state: HashMap<String, String> =
                ron::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            assert!(!state.contains_key(EGUI_MEMORY_KEY));
            assert_eq!(state["app"], "(tab: Images)");
        }
        std::fs::write(&file, saved_state(1.5)).unwrap();
        assert!(!repair_saved_state(&file).unwrap(), "a sane zoom stays");
        std::fs::write(&file, "garbage (").unwrap();
        assert!(
            !repair_saved_state(&file).unwrap(),
            "unreadable files are left to eframe"
        );
        assert!(!repair_saved_state(&dir.path().join("missing.ron")).unwrap());
    }
}
