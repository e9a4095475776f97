//! Finding the data the app ships (`assets/`), wherever the binary is started from.

use std::path::PathBuf;

/// `assets/<relative>` beside the executable when it is there (an installed app), else in the
/// source tree the binary was built from (`cargo run`, `cargo test`).
pub fn asset_path(relative: &str) -> PathBuf {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("assets").join(relative)));
    match beside_exe {
        Some(path) if path.exists() => path,
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(relative),
    }
}
