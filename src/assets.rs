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

/// `<folder>/<relative>` beside the executable when it is there (an installed app), else in the
/// source tree the binary was built from (`cargo run`, `cargo test`).
fn shipped_path(folder: &str, relative: &str) -> PathBuf {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(folder).join(relative)));
    match beside_exe {
        Some(path) if path.exists() => path,
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(folder)
            .join(relative),
    }
}
