use std::path::PathBuf;

/// What can go wrong with images and the network. Cloneable so one failed batch can be
/// reported against each of its files.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImagesError {
    #[error("cannot read {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}: not a readable image: {message}")]
    Decode { path: PathBuf, message: String },
    #[error("{path}: {width}×{height} pixels is larger than the {limit}×{limit} this app accepts")]
    TooLarge {
        path: PathBuf,
        width: u32,
        height: u32,
        limit: u32,
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
