//! How well typing a word finds the photos that show it, measured on labelled photos split once
//! into a tuning part and a held-out part, for ConSE's point and the alternatives to it.
//!
//! Each distinct word of a part is a query; the part's photos are ranked for it, and a photo
//! labelled with the word is relevant. Per query: hit@1 (the first photo is relevant), recall@3
//! (the share of its relevant photos among the first 3, out of at most 3) and the reciprocal rank
//! of its first relevant photo; each averaged over the queries.

use std::path::{Path, PathBuf};

use super::{ClassVectors, ClassWeight, SearchPoint};
use crate::images::ImagesError;
use crate::vector::dot;
use crate::words::{WordVectors, WordsError};

/// A photo and the word a student would type to find it, from a labelled list.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledPhoto {
    pub path: PathBuf,
    pub word: String,
}

/// Labelled lists name a few hundred photos: a few KB.
const MAX_LIST_BYTES: u64 = 16 << 20;

/// Reads `path<TAB>word` lines (paths relative to the list's folder; `#` starts a comment).
/// Each line names one photo file: a folder or an empty path would add another number of photos
/// than of labels and shift every later label onto another photo, so it is refused.
pub fn read_labelled_photos(list: &Path) -> Result<Vec<LabelledPhoto>, ImagesError> {
    let bad = |message: String| ImagesError::Io {
        path: list.to_owned(),
        message,
    };
    let text = crate::output::read_text(list, MAX_LIST_BYTES, "a labelled photo list")
        .map_err(|e| bad(e.to_string()))?;
    let folder = list.parent().unwrap_or(Path::new("."));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(number, line)| match line.split_once('\t') {
            Some((path, word)) if !path.trim().is_empty() && !word.trim().is_empty() => {
                let path = folder.join(path.trim());
                if !path.is_file() {
                    return Err(bad(format!(
                        "line {}: {} is not a photo file (a folder, or missing)",
                        number + 1,
                        path.display()
                    )));
                }
                Ok(LabelledPhoto {
                    path,
                    word: word.trim().to_owned(),
                })
            }
            _ => Err(bad(format!(
                "line {}: expected a path, a tab and a word",
                number + 1
            ))),
        })
        .collect()
}

/// How a photo is scored against a query word.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub enum Scoring {
    /// cos(w, f(x)): the cosine to the photo's point, ConSE's convex combination.
    Point,
    /// Σₜ wₜ·cos(w, s(yₜ)): the expected similarity of the word to the photo's classes.
    Expected,
    /// Cross-domain similarity local scaling (Conneau et al. 2018, "Word Translation Without
    /// Parallel Data"): 2·cos(w, f(x)) − r(f(x)) − r(w), r the mean cosine to the 10 nearest of the
    /// other side. r(w) is the same for every photo of a search, so it drops out of the ranking;
    /// r(f(x)), a photo's hubness, is its mean cosine to its 10 nearest words.
    Csls,
    /// Class-side retrieval: Σ p(y|x) over the `classes` classes whose vectors are nearest w.
    ClassSide { classes: usize },
}

impl Scoring {
    pub fn label(self) -> String {
        match self {
            Self::Point => "cosine to the photo's point".into(),
            Self::Expected => "expected similarity to its classes".into(),
            Self::Csls => "CSLS (hubness corrected)".into(),
            Self::ClassSide { classes: 1 } => "class side (the nearest class)".into(),
            Self::ClassSide { classes } => format!("class side ({classes} nearest classes)"),
        }
    }
}

/// A way to rank photos for a word: the class vectors, the scoring, how many classes place a
/// photo (ConSE's T), and a temperature on the network's probabilities (p^(1/τ), renormalised:
/// above 1 flattens them, below 1 sharpens them).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Ranking {
    pub naming: super::ClassNaming,
    pub scoring: Scoring,
    pub t: usize,
    pub temperature: f32,
}

impl Ranking {
    pub fn label(&self) -> String {
        let naming = match self.naming {
            super::ClassNaming::Naive => "naive names",
            super::ClassNaming::WordNet => "WordNet names",
        };
        match self.scoring {
            Scoring::ClassSide { .. } => format!(
                "{}, {naming}, τ = {}",
                self.scoring.label(),
                self.temperature
            ),
            _ => format!(
                "{}, {naming}, T = {}, τ = {}",
                self.scoring.label(),
                self.t,
                self.temperature
            ),
        }
    }
}

/// How one query word fares.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QueryOutcome {
    pub word: String,
    /// Photos labelled with the word.
    pub relevant: usize,
    /// The rank of the first of them (1 = first).
    pub first_rank: usize,
    /// How many of them are among the first 3.
    pub in_top_3: usize,
    /// The photo ranked first.
    pub best: PathBuf,
}

/// One part's figures for one method.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PartEvaluation {
    pub photos: usize,
    pub hit_at_1: f64,
    pub recall_at_3: f64,
    pub mean_reciprocal_rank: f64,
    pub queries: Vec<QueryOutcome>,
}

impl PartEvaluation {
    /// What tuning maximises, in order: mean reciprocal rank, then hit@1.
    pub fn ranking(&self) -> (f64, f64) {
        (self.mean_reciprocal_rank, self.hit_at_1)
    }
}

/// A method's figures on the tuning and the held-out part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Evaluation {
    pub method: Ranking,
    pub label: String,
    pub tuning: PartEvaluation,
    pub held_out: PartEvaluation,
}

/// A labelled photo with the network's probabilities for it.
type Photo = (LabelledPhoto, Vec<f32>);

/// One photo of a part as a method sees it.
struct Scored {
    path: PathBuf,
    probabilities: Vec<f32>,
    classes: Vec<ClassWeight>,
    point: SearchPoint,
}

/// p^(1/τ), renormalised.
pub(super) fn tempered(probabilities: &[f32], temperature: f32) -> Vec<f32> {
    if temperature == 1.0 {
        return probabilities.to_vec();
    }
    let powered: Vec<f32> = probabilities
        .iter()
        .map(|&p| {
            if p > 0.0 {
                p.powf(1.0 / temperature)
            } else {
                0.0
            }
        })
        .collect();
    let total: f32 = powered.iter().sum();
    powered
        .iter()
        .map(|p| p / total.max(f32::MIN_POSITIVE))
        .collect()
}

/// The part's photos (each once, however many words it has) as `method` places them.
fn score_photos(
    words: &WordVectors,
    classes: &ClassVectors,
    photos: &[Photo],
    method: &Ranking,
) -> Result<Vec<Scored>, WordsError> {
    let mut scored: Vec<Scored> = Vec::new();
    for (photo, probabilities) in photos {
        if scored.iter().any(|s| s.path == photo.path) {
            continue;
        }
        let probabilities = tempered(probabilities, method.temperature);
        let top = classes.top_classes(&probabilities, method.t);
        let point = classes
            .search_point_by(words, &top, method.scoring)
            .ok_or_else(|| {
                WordsError::BadQuery(format!("{} cannot be placed", photo.path.display()))
            })?;
        scored.push(Scored {
            path: photo.path.clone(),
            classes: top,
            probabilities,
            point,
        });
    }
    Ok(scored)
}

/// The score of each photo for the unit word vector `query`.
fn scores(classes: &ClassVectors, photos: &[Scored], query: &[f32], scoring: Scoring) -> Vec<f32> {
    let class_cosine = |class: usize| classes.class(class).map_or(0.0, |s| dot(s, query));
    match scoring {
        Scoring::Point => photos.iter().map(|p| dot(&p.point.vector, query)).collect(),
        Scoring::Csls => photos.iter().map(|p| p.point.score(query)).collect(),
        Scoring::Expected => photos
            .iter()
            .map(|p| {
                p.classes
                    .iter()
                    .map(|c| c.weight * class_cosine(c.class))
                    .sum()
            })
            .collect(),
        Scoring::ClassSide { classes: k } => {
            let mut nearest: Vec<(usize, f32)> = (0..classes.rows.len())
                .filter(|&c| classes.class(c).is_some())
                .map(|c| (c, class_cosine(c)))
                .collect();
            nearest.sort_by(|a, b| b.1.total_cmp(&a.1));
            nearest.truncate(k);
            photos
                .iter()
                .map(|p| nearest.iter().map(|&(c, _)| p.probabilities[c]).sum())
                .collect()
        }
    }
}

/// `method`'s figures on one part.
fn evaluate_part(
    words: &WordVectors,
    classes: &ClassVectors,
    photos: &[Photo],
    method: &Ranking,
) -> Result<PartEvaluation, WordsError> {
    let scored = score_photos(words, classes, photos, method)?;
    let mut distinct: Vec<&str> = photos.iter().map(|(p, _)| p.word.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut queries = Vec::with_capacity(distinct.len());
    for word in distinct {
        let query = words.unit_vector(words.lookup(word)?);
        let scores = scores(classes, &scored, query, method.scoring);
        let mut order: Vec<usize> = (0..scored.len()).collect();
        order.sort_by(|&a, &b| {
            scores[b]
                .total_cmp(&scores[a])
                .then_with(|| scored[a].path.cmp(&scored[b].path))
        });
        let relevant = |i: usize| {
            photos
                .iter()
                .any(|(p, _)| p.path == scored[i].path && p.word == word)
        };
        let ranks: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|&(_, &i)| relevant(i))
            .map(|(rank, _)| rank + 1)
            .collect();
        queries.push(QueryOutcome {
            word: word.to_owned(),
            relevant: ranks.len(),
            first_rank: ranks.first().copied().unwrap_or(usize::MAX),
            in_top_3: ranks.iter().filter(|&&r| r <= 3).count(),
            best: scored[order[0]].path.clone(),
        });
    }
    let mean = |f: &dyn Fn(&QueryOutcome) -> f64| {
        queries.iter().map(f).sum::<f64>() / queries.len().max(1) as f64
    };
    Ok(PartEvaluation {
        photos: scored.len(),
        hit_at_1: mean(&|q| f64::from(u8::from(q.first_rank == 1))),
        recall_at_3: mean(&|q| q.in_top_3 as f64 / q.relevant.clamp(1, 3) as f64),
        mean_reciprocal_rank: mean(&|q| 1.0 / q.first_rank as f64),
        queries,
    })
}

/// `method`'s figures on both parts. Photos the classes cannot place and words the vectors lack
/// are errors: an evaluation must not silently shrink.
pub fn evaluate(
    words: &WordVectors,
    classes: &ClassVectors,
    tuning: &[Photo],
    held_out: &[Photo],
    method: Ranking,
) -> Result<Evaluation, WordsError> {
    Ok(Evaluation {
        method,
        label: method.label(),
        tuning: evaluate_part(words, classes, tuning, &method)?,
        held_out: evaluate_part(words, classes, held_out, &method)?,
    })
}

/// The classes per photo tried when tuning.
const T_GRID: [usize; 5] = [10, 1, 3, 5, 20];
/// The temperatures tried when tuning.
const TEMPERATURE_GRID: [f32; 3] = [1.0, 0.5, 2.0];
/// The nearest classes tried by class-side retrieval.
const CLASS_SIDE_GRID: [usize; 4] = [1, 3, 5, 10];

/// The setting of `scoring` (T, τ, and for class-side retrieval the classes) that ranks the
/// tuning photos best, by mean reciprocal rank and then hit@1; ConSE's T = 10, τ = 1 wins ties.
/// Only the tuning part is looked at.
pub fn tune(
    words: &WordVectors,
    classes: &ClassVectors,
    tuning: &[Photo],
    scoring: Scoring,
) -> Result<Ranking, WordsError> {
    let mut candidates = Vec::new();
    for temperature in TEMPERATURE_GRID {
        match scoring {
            Scoring::ClassSide { .. } => {
                for k in CLASS_SIDE_GRID {
                    candidates.push(Ranking {
                        naming: classes.naming(),
                        scoring: Scoring::ClassSide { classes: k },
                        t: super::TOP_CLASSES,
                        temperature,
                    });
                }
            }
            _ => {
                for t in T_GRID {
                    candidates.push(Ranking {
                        naming: classes.naming(),
                        scoring,
                        t,
                        temperature,
                    });
                }
            }
        }
    }
    // The grids are never empty; a tie keeps the earlier candidate (T = 10, τ = 1 come first).
    let score = |method: &Ranking| -> Result<(f64, f64), WordsError> {
        Ok(evaluate_part(words, classes, tuning, method)?.ranking())
    };
    let mut best = (candidates[0], score(&candidates[0])?);
    for method in &candidates[1..] {
        let figures = score(method)?;
        if figures > best.1 {
            best = (*method, figures);
        }
    }
    Ok(best.0)
}
