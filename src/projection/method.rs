//! The projection method as one checked value: which map (PCA, t-SNE, UMAP), its parameters,
//! their ranges, and laying points out by it. The CLI's flags, the Words map's picker and the
//! Images map's picker all build a [`Method`], so the same ranges hold everywhere (after
//! ripgrep's `HiArgs`: parse once into one checked value).

use std::ops::RangeInclusive;

use super::{Projection, ProjectionError, TsneConfig, UmapConfig, tsne, umap};
use crate::progress::ProgressSink;

/// t-SNE's perplexity when it is first picked (scikit-learn's default).
pub const DEFAULT_PERPLEXITY: f64 = 30.0;
/// The perplexities offered: below 2 a point attends to hardly anyone; above 100 the search for
/// 3 × perplexity neighbours costs more than the map gains.
pub const PERPLEXITY_RANGE: RangeInclusive<f64> = 2.0..=100.0;
/// UMAP's neighbours and minimum distance when it is first picked (umap-learn's defaults).
pub const DEFAULT_NEIGHBORS: usize = 15;
pub const DEFAULT_MIN_DIST: f64 = 0.1;
/// The neighbourhood sizes offered (umap-learn advises 2 to 100).
pub const NEIGHBORS_RANGE: RangeInclusive<usize> = 2..=100;
/// The minimum distances offered: a distance on a map whose clumps are about 1 across.
pub const MIN_DIST_RANGE: RangeInclusive<f64> = 0.0..=1.0;

/// How points are laid out on a map, with the parameters a user picks.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub enum Method {
    /// Principal components: the directions of largest variance; instant.
    #[default]
    Pca,
    /// t-SNE with this perplexity: keeps each point's neighbours near it; takes seconds.
    Tsne { perplexity: f64 },
    /// UMAP: keeps neighbourhoods too, groups packed as tightly as `min_dist` lets them.
    Umap { neighbors: usize, min_dist: f64 },
}

/// What a run takes beyond the method's parameters: fixed in the app, flags in the CLI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    pub seed: u64,
    /// t-SNE's optimisation steps.
    pub iterations: usize,
    /// UMAP's passes over its graph; `None` takes umap-learn's choice by size.
    pub epochs: Option<usize>,
}

impl Default for Run {
    fn default() -> Self {
        Self {
            seed: 1,
            iterations: TsneConfig::default().iterations,
            epochs: None,
        }
    }
}

/// Points laid out in the plane (`D` = 2) or in space (3), with the PCA fit behind them when
/// there is one (it places any other vector of the space on the same map; t-SNE and UMAP have
/// no such formula).
pub struct Laid<const D: usize = 2> {
    pub coords: Vec<[f64; D]>,
    pub pca: Option<Projection<D>>,
}

impl Method {
    /// The method first offered by the picker, with its default parameters.
    pub const TSNE: Method = Method::Tsne {
        perplexity: DEFAULT_PERPLEXITY,
    };
    pub const UMAP: Method = Method::Umap {
        neighbors: DEFAULT_NEIGHBORS,
        min_dist: DEFAULT_MIN_DIST,
    };

    /// Whether the layout settles over many steps (shown as it goes) rather than appearing at
    /// once.
    pub fn settles(self) -> bool {
        self != Method::Pca
    }

    /// The method as the user reads it, in titles and notes.
    pub fn name(self) -> &'static str {
        match self {
            Method::Pca => "PCA",
            Method::Tsne { .. } => "t-SNE",
            Method::Umap { .. } => "UMAP",
        }
    }

    /// The method itself when its parameters are in the offered ranges, else an error naming
    /// the parameter, its value and its range (for input the user typed: the CLI's flags).
    pub fn checked(self) -> Result<Self, ProjectionError> {
        let outside = |name: &str, value: String, range: String| {
            Err(ProjectionError::BadParameter(format!(
                "the {name} must be between {range} (it is {value})"
            )))
        };
        match self {
            Method::Pca => Ok(self),
            Method::Tsne { perplexity } if !PERPLEXITY_RANGE.contains(&perplexity) => outside(
                "perplexity",
                perplexity.to_string(),
                range_text(&PERPLEXITY_RANGE),
            ),
            Method::Umap { neighbors, .. } if !NEIGHBORS_RANGE.contains(&neighbors) => outside(
                "number of neighbours",
                neighbors.to_string(),
                range_text(&NEIGHBORS_RANGE),
            ),
            Method::Umap { min_dist, .. } if !MIN_DIST_RANGE.contains(&min_dist) => outside(
                "minimum distance",
                min_dist.to_string(),
                range_text(&MIN_DIST_RANGE),
            ),
            Method::Tsne { .. } | Method::Umap { .. } => Ok(self),
        }
    }

    /// The method with its parameters brought into the offered ranges (for what was read back
    /// from disk, which may hold anything: settings, lessons); a value that is not a number
    /// takes the default.
    pub fn clamped(self) -> Self {
        let clamp = |value: f64, range: &RangeInclusive<f64>, default: f64| {
            if value.is_finite() {
                value.clamp(*range.start(), *range.end())
            } else {
                default
            }
        };
        match self {
            Method::Pca => Method::Pca,
            Method::Tsne { perplexity } => Method::Tsne {
                perplexity: clamp(perplexity, &PERPLEXITY_RANGE, DEFAULT_PERPLEXITY),
            },
            Method::Umap {
                neighbors,
                min_dist,
            } => Method::Umap {
                neighbors: neighbors.clamp(*NEIGHBORS_RANGE.start(), *NEIGHBORS_RANGE.end()),
                min_dist: clamp(min_dist, &MIN_DIST_RANGE, DEFAULT_MIN_DIST),
            },
        }
    }

    /// Lays unit vectors `rows` (each `dim` long) out in `D` dimensions (2 or 3); `observe`
    /// sees a t-SNE or UMAP layout as it settles (a PCA comes at once and is not observed).
    pub fn lay_out<const D: usize>(
        self,
        rows: &[&[f32]],
        dim: usize,
        run: &Run,
        progress: &dyn ProgressSink,
        observe: &mut dyn FnMut(usize, &[[f64; D]]),
    ) -> Result<Laid<D>, ProjectionError> {
        let coords = match self {
            Method::Pca => {
                let pca = Projection::<D>::fit(rows.iter().copied(), dim)?;
                let coords = rows.iter().map(|row| pca.project(row)).collect();
                return Ok(Laid {
                    coords,
                    pca: Some(pca),
                });
            }
            Method::Tsne { perplexity } => {
                let config = TsneConfig {
                    perplexity,
                    iterations: run.iterations,
                    seed: run.seed,
                    ..TsneConfig::default()
                };
                tsne(rows, dim, &config, progress, observe)?
            }
            Method::Umap {
                neighbors,
                min_dist,
            } => {
                let config = UmapConfig {
                    neighbors,
                    min_dist,
                    epochs: run.epochs,
                    seed: run.seed,
                };
                umap(rows, dim, &config, progress, observe)?
            }
        };
        Ok(Laid { coords, pca: None })
    }

    /// What the axes of a map laid out by this method are, for their labels: a PCA's axes
    /// with their share of the variance, or (on the first axis) a note that a t-SNE or UMAP
    /// map's axes mean nothing. `many` names the points ("words").
    pub fn axis_labels<const D: usize>(
        self,
        variance: Option<[f64; D]>,
        many: &str,
    ) -> [String; D] {
        let caveat = format!("near {many} are similar; distances between groups mean little");
        let first = |text: String| {
            std::array::from_fn(|c| if c == 0 { text.clone() } else { String::new() })
        };
        match (self, variance) {
            (Method::Pca, Some(variance)) => {
                std::array::from_fn(|c| variance_label(c, variance[c]))
            }
            (Method::Pca, None) => std::array::from_fn(|c| format!("PC{}", c + 1)),
            (Method::Tsne { perplexity }, _) => {
                first(format!("t-SNE, perplexity {perplexity}: {caveat}"))
            }
            (
                Method::Umap {
                    neighbors,
                    min_dist,
                },
                _,
            ) => first(format!(
                "UMAP, {neighbors} neighbours, minimum distance {min_dist}: {caveat}"
            )),
        }
    }
}

fn range_text<T: std::fmt::Display>(range: &RangeInclusive<T>) -> String {
    format!("{} and {}", range.start(), range.end())
}

fn variance_label(axis: usize, ratio: f64) -> String {
    format!("PC{} ({:.1}% of variance)", axis + 1, 100.0 * ratio)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn parameters_outside_the_offered_ranges_are_named_when_checked_and_clamped_when_read() {
        let tsne = Method::Tsne { perplexity: 500.0 };
        let error = tsne.checked().unwrap_err().to_string();
        assert_eq!(
            error,
            "the perplexity must be between 2 and 100 (it is 500)"
        );
        assert_eq!(tsne.clamped(), Method::Tsne { perplexity: 100.0 });
        let umap = Method::Umap {
            neighbors: 1,
            min_dist: 0.1,
        };
        assert!(
            umap.checked()
                .unwrap_err()
                .to_string()
                .contains("number of neighbours must be between 2 and 100 (it is 1)")
        );
        let far = Method::Umap {
            neighbors: 15,
            min_dist: f64::NAN,
        };
        assert!(
            far.checked()
                .unwrap_err()
                .to_string()
                .contains("minimum distance")
        );
        assert_eq!(far.clamped(), Method::UMAP, "not a number: the default");
        for fine in [Method::Pca, Method::TSNE, Method::UMAP] {
            assert_eq!(fine.checked().unwrap(), fine);
            assert_eq!(fine.clamped(), fine);
        }
    }

    #[test]
    fn every_method_lays_out_every_point_and_only_pca_keeps_its_fit() {
        let points = super::super::test_points::clusters();
        let rows: Vec<&[f32]> = points.iter().map(Vec::as_slice).collect();
        for method in [Method::Pca, Method::Tsne { perplexity: 10.0 }, Method::UMAP] {
            let run = Run {
                iterations: 300,
                epochs: Some(100),
                ..Run::default()
            };
            let laid: Laid = method
                .lay_out(&rows, 12, &run, &Silent, &mut |_, _| {})
                .unwrap();
            assert_eq!(laid.coords.len(), rows.len(), "{method:?}");
            assert_eq!(laid.pca.is_some(), method == Method::Pca);
            let space: Laid<3> = method
                .lay_out(&rows, 12, &run, &Silent, &mut |_, _| {})
                .unwrap();
            assert_eq!(space.coords.len(), rows.len(), "{method:?}");
            assert_eq!(space.pca.is_some(), method == Method::Pca);
        }
    }
}
