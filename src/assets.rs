//! Finding the data the app ships (`assets/`, `models/`), wherever the binary is started from.

use std::path::PathBuf;

/// `assets/<relative>`: see [`shipped_path`].
pub fn asset_path(relative: &str) -> PathBuf {
    shipped_path("assets", relative)
}

/// `models/<relative>`: see [`shipped_path`].
pub fn model_path(relative: &str) -> PathBuf {
    shipped_path("models", relative)
}

/// The checkout this program runs from: `CARGO_MANIFEST_DIR` as cargo sets it when it runs us
/// (`cargo run`, `cargo test`, `cargo bench`), else as it was when this crate was compiled.
/// The run-time value comes first because checkouts that share one target directory (CI's
/// incremental runs) share builds too, with the path of whichever checkout compiled them.
pub fn source_tree() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// `<folder>/<relative>` beside the executable when it is there (an installed app), else in the
/// [`source_tree`].
fn shipped_path(folder: &str, relative: &str) -> PathBuf {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(folder).join(relative)));
    match beside_exe {
        Some(path) if path.exists() => path,
        _ => source_tree().join(folder).join(relative),
    }
}
