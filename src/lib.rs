//! Embedding Explorer: word vectors and photo features on one explorable map.
//!
//! The core — [`words`], [`images`], [`projection`], [`linalg`] — knows nothing of egui, so the CLI, the
//! GUI ([`app`]) and the tests share one engine.

/// mimalloc keeps freed memory for reuse: the network's activations are hundreds of MB per
/// batch, and the system allocator hands such blocks back to the OS after every layer, so each
/// new one costs page faults (measured: ResNet-50 at batch 32 runs ~15% faster).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod app;
pub mod assets;
pub mod conse;
pub mod images;
pub mod linalg;
pub mod linear_algebra;
pub mod npy;
pub mod output;
pub mod progress;
pub mod projection;
pub mod training;
pub mod words;
