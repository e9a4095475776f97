//! The loaded word vectors and their identity. Word indices mean something only in the
//! vocabulary they came from, so everything derived from a vocabulary (the map, a query's
//! answer) carries the [`DatasetId`] it was computed on, and is dropped when it no longer
//! matches the dataset on screen.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::words::{LoadReport, WordVectors, formats::bundled};

/// Which loaded vocabulary something was computed on; never reused within a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatasetId(u64);

impl DatasetId {
    fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    #[cfg(test)]
    pub(crate) fn for_tests(id: u64) -> Self {
        Self(u64::MAX - id)
    }
}

/// The word vectors on screen.
pub struct Dataset {
    pub id: DatasetId,
    pub vectors: Arc<WordVectors>,
    pub report: LoadReport,
}

impl Dataset {
    /// A freshly loaded vocabulary, with an identity of its own.
    pub fn new(vectors: WordVectors, report: LoadReport) -> Self {
        Self {
            id: DatasetId::next(),
            vectors: Arc::new(vectors),
            report,
        }
    }

    /// "glove-6B-100d-50k.f16.bin · 50,000 words × 100 dims".
    pub fn summary(&self) -> String {
        let name = self
            .report
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(
            "{name} · {} words × {} dims",
            group_thousands(self.vectors.len()),
            self.vectors.dim()
        )
    }

    /// The file to open again next time: `None` for the bundled set.
    pub fn remembered_path(&self) -> Option<PathBuf> {
        (self.report.path != bundled::bundled_path()).then(|| self.report.path.clone())
    }
}

/// 50000 → "50,000".
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(50_000), "50,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
