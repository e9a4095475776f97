//! Embedding Explorer: word vectors and photo features on one explorable map.
//!
//! The core knows nothing of egui, so the CLI, the GUI ([`app`]) and the tests share one engine:
//! [`words`] (vectors, formats, queries), [`images`] (ResNet-50 in burn), [`conse`] (photos among
//! the words), [`training`] (word2vec, and a run a class can watch), [`projection`] (PCA, t-SNE,
//! UMAP, clusters, neighbours kept), [`linear_algebra`] (projection, span, spectrum, debiasing,
//! arrows from the origin) on [`vector`] (dot products, norms, cosines), [`lesson`] (the lesson
//! file's envelope), and the plumbing: [`assets`], [`npy`], [`output`] (writing without loss),
//! [`progress`].

/// mimalloc keeps freed memory for reuse: the network's activations are hundreds of MB per
/// batch, and the system allocator hands such blocks back to the OS after every layer, so each
/// new one costs page faults (measured: ResNet-50 at batch 32 runs ~15% faster).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod app;
pub mod assets;
pub mod conse;
pub mod images;
pub mod lesson;
pub mod linear_algebra;
pub mod npy;
pub mod output;
pub mod progress;
pub mod projection;
pub mod random;
pub mod training;
pub mod vector;
pub mod words;
