//! Image embeddings: Keras' ResNet-50 (ImageNet) written in burn, on the GPU through wgpu or on
//! the CPU through burn's `flex` backend. A photo's vector is the 2048-d global-average-pooled
//! output of the last stage; `fc1000` + softmax names what the network sees.

mod device;
mod error;
pub mod imagenet;
mod preprocess;
mod resnet;
mod weights;

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use device::{
    ComputeDevice, DeviceChoice, DeviceKind, from_wgpu_setup, select as select_device,
};
pub use error::ImagesError;
pub use imagenet::{ClassNames, Label, Synset, Synsets};
pub use preprocess::{CROP_SIZE, Crop, MAX_SIDE, decode, load_crop};
use resnet::ResNet50;

use crate::assets::{asset_path, model_path};
use crate::progress::{Progress, ProgressSink};

/// File name of the converted weights in `models/`.
pub const WEIGHTS_FILE: &str = "resnet50-keras.safetensors";
/// Length of an image embedding.
pub const EMBEDDING_DIM: usize = 2048;
/// Images the CPU backend runs through the network at once, whatever the batch: a few images'
/// activations stay in cache, where 32 at once spill to memory (measured per image: 4 at a time
/// 8–15% faster than 32 at once, a little faster than one at a time; `benches/README.md`).
pub const CPU_CHUNK: usize = 4;
/// Extensions picked up when a folder is walked.
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"];

/// Where the shipped weights are: `models/` beside the executable, else in the source tree.
pub fn default_weights_path() -> PathBuf {
    model_path(WEIGHTS_FILE)
}

/// What the network makes of one image.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageFeatures {
    /// The 2048-d pooled features: the image's vector.
    pub embedding: Vec<f32>,
    /// Softmax over the 1000 ImageNet classes.
    pub probabilities: Vec<f32>,
}

/// ResNet-50 on a chosen device, with the ImageNet class names.
pub struct ImageEmbedder {
    model: ResNet50,
    device: ComputeDevice,
    classes: ClassNames,
}

impl ImageEmbedder {
    /// Loads the shipped weights and labels onto the device `choice` resolves to.
    pub fn load_default(choice: DeviceChoice) -> Result<Self, ImagesError> {
        Self::load_on(device::select(choice)?)
    }

    /// Loads the shipped weights and labels onto an already chosen device.
    pub fn load_on(device: ComputeDevice) -> Result<Self, ImagesError> {
        Self::load(&default_weights_path(), &asset_path("labels.json"), device)
    }

    /// Loads weights (safetensors from `scripts/make_resnet_weights.py`) and labels onto `device`.
    pub fn load(weights: &Path, labels: &Path, device: ComputeDevice) -> Result<Self, ImagesError> {
        let classes = ClassNames::read(labels)?;
        let model = ResNet50::load(weights, device.kind, &device.device)?;
        Ok(Self {
            model,
            device,
            classes,
        })
    }

    pub fn device(&self) -> &ComputeDevice {
        &self.device
    }

    /// Runs the network on prepared 224×224 crops: all in one batch on a GPU, a few at a time on
    /// the CPU (see [`CPU_CHUNK`]) and from inside rayon's thread pool: burn's CPU backend splits
    /// each matrix product across that pool, and called from any other thread every piece is
    /// handed over between threads (measured up to 6× slower for some products).
    pub fn embed_crops(&self, crops: &[Crop]) -> Result<Vec<ImageFeatures>, ImagesError> {
        match self.device.kind {
            DeviceKind::Cpu => rayon::scope(|_| self.embed_in_chunks(crops, CPU_CHUNK)),
            DeviceKind::Gpu => self.embed_in_chunks(crops, crops.len().max(1)),
        }
    }

    fn embed_in_chunks(
        &self,
        crops: &[Crop],
        chunk: usize,
    ) -> Result<Vec<ImageFeatures>, ImagesError> {
        let mut features = Vec::with_capacity(crops.len());
        for part in crops.chunks(chunk) {
            let input: Vec<f32> = part.iter().flat_map(Crop::network_input).collect();
            let device = &self.device.device;
            features.extend(self.model.features(input, part.len(), device)?);
        }
        Ok(features)
    }

    /// Embeds image files in batches of `batch_size`: decoding in parallel on the CPU, the
    /// network on the device. A file that cannot be read gets its own error; the rest go on.
    /// Progress counts images; cancelling stops between batches (the rest get `Cancelled`).
    pub fn embed_files(
        &self,
        paths: &[PathBuf],
        batch_size: usize,
        progress: &dyn ProgressSink,
    ) -> Vec<Result<ImageFeatures, ImagesError>> {
        let total = paths.len() as u64;
        let mut results = Vec::with_capacity(paths.len());
        for chunk in paths.chunks(batch_size.max(1)) {
            if progress.is_cancelled() {
                break;
            }
            let crops: Vec<Result<Crop, ImagesError>> =
                chunk.par_iter().map(|path| load_crop(path)).collect();
            // The readable crops go to the network; each file keeps its place or its error.
            let mut good = Vec::with_capacity(crops.len());
            let failures: Vec<Option<ImagesError>> = crops
                .into_iter()
                .map(|crop| crop.map(|crop| good.push(crop)).err())
                .collect();
            let mut features = match self.embed_crops(&good) {
                Ok(features) => features.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(error) => good.iter().map(|_| Err(error.clone())).collect(),
            }
            .into_iter();
            for failure in failures {
                results.push(match failure {
                    None => features
                        .next()
                        .unwrap_or_else(|| Err(ImagesError::Compute("missing output".into()))),
                    Some(error) => Err(error),
                });
            }
            progress.report(Progress {
                done: results.len() as u64,
                total,
            });
        }
        while results.len() < paths.len() {
            results.push(Err(ImagesError::Cancelled));
        }
        results
    }

    /// The `k` most probable ImageNet classes.
    pub fn top_labels(&self, features: &ImageFeatures, k: usize) -> Vec<Label> {
        self.classes.top(&features.probabilities, k)
    }
}

/// Expands the user's paths: files stay as given (so a bad file is reported, not skipped),
/// folders are walked recursively for image files, in name order. Every folder is entered once
/// and every file found in them listed once, however many links lead there (a link to `.` or
/// two links to each other would otherwise loop for ever).
/// A path or folder that cannot be read (missing, unreadable, nested beyond the path limit) is
/// one of the `problems`; the walk goes on with the others.
pub fn collect_image_paths(inputs: &[PathBuf]) -> Found {
    let mut walk = Walk::default();
    for input in inputs {
        match std::fs::metadata(input) {
            Ok(metadata) if metadata.is_dir() => walk.folder(input),
            Ok(_) => walk.found.paths.push(input.clone()),
            Err(source) => walk.found.problems.push(ImagesError::Io {
                path: input.clone(),
                message: source.to_string(),
            }),
        }
    }
    walk.found
}

/// The image files found under some paths, and what could not be looked at.
#[derive(Debug, Default)]
pub struct Found {
    pub paths: Vec<PathBuf>,
    pub problems: Vec<ImagesError>,
}

/// Linux's "too many levels of symbolic links": a link loop, left alone like a dangling link.
const ELOOP: i32 = 40;

/// A folder walk that remembers where it has been, by canonical path.
#[derive(Default)]
struct Walk {
    found: Found,
    visited_folders: HashSet<PathBuf>,
    listed_files: HashSet<PathBuf>,
}

impl Walk {
    fn folder(&mut self, dir: &Path) {
        let io_error = |source: std::io::Error| ImagesError::Io {
            path: dir.to_owned(),
            message: source.to_string(),
        };
        let canonical = match std::fs::canonicalize(dir) {
            Ok(canonical) => canonical,
            Err(error) => return self.found.problems.push(io_error(error)),
        };
        if !self.visited_folders.insert(canonical) {
            return;
        }
        let entries: Result<Vec<PathBuf>, _> = std::fs::read_dir(dir)
            .and_then(|entries| entries.map(|entry| entry.map(|e| e.path())).collect());
        let mut entries = match entries {
            Ok(entries) => entries,
            Err(error) => return self.found.problems.push(io_error(error)),
        };
        entries.sort();
        for path in entries {
            let image = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => self.folder(&path),
                // Nested past the path limit, or unreadable: said, and the walk goes on.
                Err(error)
                    if !image
                        && error.kind() != ErrorKind::NotFound
                        && error.raw_os_error() != Some(ELOOP) =>
                {
                    self.found.problems.push(ImagesError::Io {
                        path,
                        message: error.to_string(),
                    });
                }
                _ if image => {
                    // A dangling or looping link cannot be canonicalised: list it, to be
                    // reported.
                    let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    if self.listed_files.insert(canonical) {
                        self.found.paths.push(path);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_that_loop_are_followed_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.jpg"), b"x").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/b.png"), b"x").unwrap();
        std::os::unix::fs::symlink(".", root.join("loop")).unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("one.jpg", root.join("two.jpg")).unwrap();
        std::os::unix::fs::symlink("two.jpg", root.join("one.jpg")).unwrap();
        std::os::unix::fs::symlink("a.jpg", root.join("same.jpg")).unwrap();
        let found = collect_image_paths(&[root.to_owned()]);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        let names: Vec<String> = found
            .paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.jpg", "one.jpg", "sub/b.png", "two.jpg"]);
    }

    #[test]
    fn a_tree_deeper_than_the_path_limit_is_a_problem_and_the_rest_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.jpg"), b"x").unwrap();
        // Nested until the last folder's path is past PATH_MAX (4096), each made from inside
        // its parent, as the kernel refuses the whole path.
        let name = "d".repeat(200);
        let mut deep = root.join("deep");
        std::fs::create_dir(&deep).unwrap();
        while deep.as_os_str().len() < 4096 {
            let made = std::process::Command::new("mkdir")
                .arg(&name)
                .current_dir(&deep)
                .status();
            assert!(made.is_ok_and(|status| status.success()));
            deep = deep.join(&name);
        }
        std::fs::write(root.join("z.png"), b"x").unwrap();
        let missing = root.join("missing.jpg");
        let found = collect_image_paths(&[root.to_owned(), missing.clone()]);
        let names: Vec<_> = found.paths.iter().map(|p| p.file_name().unwrap()).collect();
        assert_eq!(names, ["a.jpg", "z.png"], "the readable images are found");
        assert!(
            found
                .problems
                .iter()
                .any(|p| p.path() == Some(missing.as_path())),
            "{:?}",
            found.problems
        );
        assert!(
            found
                .problems
                .iter()
                .any(|p| p.to_string().contains("too long")),
            "{:?}",
            found.problems
        );
        // Left for the temporary folder's removal, which walks it by relative steps.
    }
}
