//! Embedding Explorer's core: word vectors (and, later, image features and projections)
//! with no GUI types, so the CLI, the GUI and the tests share one engine.

pub mod assets;
pub mod progress;
pub mod words;
