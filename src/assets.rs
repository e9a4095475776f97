//! Finding the data the app ships (`assets/`, `models/`), wherever the binary is started from:
//! an installed package, a folder unpacked beside the executable, or the source tree.

use std::path::{Path, PathBuf};

/// The package's data folder relative to the executable's folder: `/usr/bin/embedding-explorer`
/// reads `/usr/share/embedding-explorer/`.
const SHARE_FROM_BIN: &str = "../share/embedding-explorer";

/// `assets/<relative>`: see [`data_folder`].
pub fn asset_path(relative: &str) -> PathBuf {
    data_folder("assets").join(relative)
}

/// `models/<relative>`: see [`data_folder`].
pub fn model_path(relative: &str) -> PathBuf {
    data_folder("models").join(relative)
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

/// Where `folder` ("assets", "models") is read from: the first of the places it is searched
/// that has it, in [`search_order`]; the source tree's when none has (its errors then name a
/// path a developer recognises).
pub fn data_folder(folder: &str) -> PathBuf {
    let exe = std::env::current_exe().ok();
    let mut candidates = search_order(exe.as_deref(), &source_tree(), folder);
    match candidates.iter().position(|path| path.is_dir()) {
        // Without the `..`, for the paths that messages show.
        Some(found) => {
            let path = candidates.swap_remove(found);
            path.canonicalize().unwrap_or(path)
        }
        None => candidates
            .pop()
            .unwrap_or_else(|| source_tree().join(folder)),
    }
}

/// The places `folder` is looked for, first to last: beside the executable (a folder unpacked
/// whole), the installed package's `../share/embedding-explorer` relative to it, then the
/// source tree. A whole folder is chosen, never file by file, so that an installed binary
/// never mixes in files from the checkout it was built in.
fn search_order(exe: Option<&Path>, source_tree: &Path, folder: &str) -> Vec<PathBuf> {
    let mut order = Vec::with_capacity(3);
    if let Some(bin) = exe.and_then(Path::parent) {
        order.push(bin.join(folder));
        order.push(bin.join(SHARE_FROM_BIN).join(folder));
    }
    order.push(source_tree.join(folder));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_installed_binary_reads_the_share_folder_before_the_source_tree() {
        let order = search_order(
            Some(Path::new("/usr/bin/embedding-explorer")),
            Path::new("/home/me/src/embedding-explorer"),
            "assets",
        );
        assert_eq!(
            order,
            [
                PathBuf::from("/usr/bin/assets"),
                PathBuf::from("/usr/bin/../share/embedding-explorer/assets"),
                PathBuf::from("/home/me/src/embedding-explorer/assets"),
            ]
        );
        assert_eq!(
            search_order(None, Path::new("/src"), "models"),
            [PathBuf::from("/src/models")]
        );
    }

    #[test]
    fn the_first_place_that_has_the_folder_wins() {
        let root = tempfile::tempdir().unwrap();
        let exe = root.path().join("usr/bin/embedding-explorer");
        let share = root.path().join("usr/share/embedding-explorer/assets");
        std::fs::create_dir_all(&share).unwrap();
        std::fs::create_dir_all(exe.parent().unwrap()).unwrap();
        let order = search_order(Some(&exe), &source_tree(), "assets");
        let chosen = order.iter().find(|p| p.is_dir()).unwrap();
        assert_eq!(
            chosen.canonicalize().unwrap(),
            share.canonicalize().unwrap()
        );
    }
}
