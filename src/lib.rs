//! Embedding Explorer: word vectors and photo features on one explorable map.
//!
//! The core — [`words`], [`images`], [`projection`] — knows nothing of egui, so the CLI, the
//! GUI ([`app`]) and the tests share one engine.

pub mod app;
pub mod assets;
pub mod images;
pub mod npy;
pub mod progress;
pub mod projection;
pub mod words;
