use std::path::{Path, PathBuf};

/// What can go wrong with images and the network. Cloneable so one failed batch can be
/// reported against each of its files.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImagesError {
    #[error("cannot read {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}: not a readable image: {message}")]
    Decode { path: PathBuf, message: String },
    #[error(
        "{path}: {width}×{height} pixels is more than this app accepts \
         (at most {max_side} pixels a side and {max_megapixels} megapixels)"
    )]
    TooLarge {
        path: PathBuf,
        width: u32,
        height: u32,
        max_side: u32,
        max_megapixels: u64,
    },
    #[error("{path}: the model file is unusable: {message}")]
    Model { path: PathBuf, message: String },
    #[error("no usable GPU: {0}")]
    NoGpu(String),
    #[error("the network failed: {0}")]
    Compute(String),
    #[error("cancelled")]
    Cancelled,
}

impl ImagesError {
    /// The file the error is about, when it is about one: a message shown beside that file
    /// need not repeat its name, and one shown elsewhere can add it.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Io { path, .. }
            | Self::Decode { path, .. }
            | Self::TooLarge { path, .. }
            | Self::Model { path, .. } => Some(path),
            Self::NoGpu(_) | Self::Compute(_) | Self::Cancelled => None,
        }
    }
}
