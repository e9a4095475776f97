//! Eras of a text kept in date order, one document per line: a `NAME-years.tsv` beside
//! `NAME.txt.gz` gives each document's year, name and line (the bundled State of the Union
//! addresses have one, made by `scripts/make_corpora.sh`). Training on two eras and rotating one
//! run onto the other shows which words changed meaning (Hamilton, Leskovec & Jurafsky 2016).

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use super::TrainingError;

/// Most bytes read of a years file: a few thousand documents.
const MAX_BYTES: u64 = 1 << 20;

/// The documents of a text, in its order.
#[derive(Debug, Clone, PartialEq)]
pub struct Eras {
    pub path: PathBuf,
    /// Year, name and 1-based line of each document.
    pub documents: Vec<(u32, String, u64)>,
}

impl Eras {
    /// The years file beside `corpus` (`sotu.txt.gz` → `sotu-years.tsv`), if there is one.
    pub fn beside(corpus: &Path) -> Result<Option<Self>, TrainingError> {
        let name = corpus.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(stem) = name.as_deref().and_then(|n| n.split('.').next()) else {
            return Ok(None);
        };
        let path = corpus.with_file_name(format!("{stem}-years.tsv"));
        if !path.is_file() {
            return Ok(None);
        }
        let bad = |reason: String| TrainingError::Eras {
            path: path.clone(),
            reason,
        };
        let text = crate::output::read_text(&path, MAX_BYTES, "a years file")
            .map_err(|e| bad(e.to_string()))?;
        let mut documents = Vec::new();
        for (number, line) in text.lines().enumerate().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let parsed = match fields[..] {
                [year, name, line] => year
                    .parse()
                    .ok()
                    .zip(line.parse().ok())
                    .map(|(y, l)| (y, name, l)),
                _ => None,
            };
            let Some((year, name, at)) = parsed else {
                return Err(bad(format!(
                    "line {}: expected a year, a name and a line number, tab-separated",
                    number + 1
                )));
            };
            if documents
                .last()
                .is_some_and(|&(y, _, l)| year < y || at <= l)
            {
                return Err(bad(format!(
                    "line {}: the documents must go forward in years and lines",
                    number + 1
                )));
            }
            documents.push((year, name.to_owned(), at));
        }
        if documents.is_empty() {
            return Err(bad("lists no documents".into()));
        }
        Ok(Some(Self { path, documents }))
    }

    /// The first and last years.
    pub fn span(&self) -> (u32, u32) {
        let first = self.documents.first().map_or(0, |d| d.0);
        let last = self.documents.last().map_or(0, |d| d.0);
        (first, last)
    }

    /// The lines of the documents from year `from` to year `to` (both included), and how many
    /// documents that is.
    pub fn lines(&self, from: u32, to: u32) -> Result<(RangeInclusive<u64>, usize), TrainingError> {
        let inside: Vec<usize> = (0..self.documents.len())
            .filter(|&i| (from..=to).contains(&self.documents[i].0))
            .collect();
        let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
            let (start, end) = self.span();
            return Err(TrainingError::Eras {
                path: self.path.clone(),
                reason: format!(
                    "no document from {from} to {to} (the text runs from {start} to {end})"
                ),
            });
        };
        // A document runs to the line before the next one starts.
        let end = self
            .documents
            .get(last + 1)
            .map_or(u64::MAX, |next| next.2 - 1);
        Ok((self.documents[first].2..=end, inside.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_addresses_split_into_eras() {
        let corpus = crate::assets::asset_path("corpora/sotu.txt.gz");
        let eras = Eras::beside(&corpus)
            .unwrap()
            .expect("the bundled years file");
        assert_eq!(eras.documents.len(), 233);
        assert_eq!(eras.span(), (1790, 2021));
        let (lines, count) = eras.lines(1790, 1900).unwrap();
        assert_eq!(
            (*lines.start(), count),
            (1, eras.documents.iter().filter(|d| d.0 <= 1900).count())
        );
        let (later, _) = eras.lines(1945, 2021).unwrap();
        assert!(later.start() > lines.end());
        let error = eras.lines(1600, 1700).unwrap_err().to_string();
        assert!(
            error.contains("no document from 1600 to 1700 (the text runs from 1790 to 2021)"),
            "{error}"
        );
        assert!(
            Eras::beside(&crate::assets::asset_path("corpora/moby-dick.txt.gz"))
                .unwrap()
                .is_none()
        );
    }
}
