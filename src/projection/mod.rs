//! The "universal map": principal component analysis (linfa-reduction) down to two or three
//! dimensions, keeping the fitted axes so that later points (an analogy's answer) land on the
//! same map; and
//! semantic axes, directions named by word pairs ([`SemanticAxis`]); [`tsne`], which keeps
//! neighbourhoods where PCA keeps variance, and [`umap`], which does too and packs groups
//! tighter; [`Method`], the choice among them as one checked value; [`align`], which keeps a
//! refitted map turned the way the last one was; [`kmeans`], the clusters a map is coloured
//! by; and [`neighbours_kept`], where a map keeps each point's neighbours and where it misleads.
//! Every layout is made in the plane or in space (`D` = 2 or 3).

mod align;
mod axes;
mod kept;
mod kmeans;
mod method;
mod neighbours;
mod tsne;
mod umap;

pub use align::align;
pub use axes::SemanticAxis;
pub use kept::{KEPT_NEIGHBOURS, NeighboursKept, neighbours_kept};
pub use kmeans::{Clusters, KmeansConfig, kmeans};
pub use method::{
    DEFAULT_MIN_DIST, DEFAULT_NEIGHBORS, DEFAULT_PERPLEXITY, Laid, MIN_DIST_RANGE, Method,
    NEIGHBORS_RANGE, PERPLEXITY_RANGE, Run,
};
pub use tsne::{TsneConfig, tsne, tsne_from};
pub use umap::{UmapConfig, umap, umap_from};

use linfa::DatasetBase;
use linfa::traits::Fit;
use linfa_reduction::Pca;
use ndarray::{Array1, Array2};

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("a map needs at least {needed} points, got {got}")]
    TooFewPoints { needed: usize, got: usize },
    #[error("the points have {dim} dimensions; a {map}-D map needs at least {map}")]
    TooFewDimensions { dim: usize, map: usize },
    #[error("principal component analysis failed: {0}")]
    Pca(String),
    #[error("{0}")]
    BadParameter(String),
    #[error("the projection was cancelled")]
    Cancelled,
}

/// The map dimensions offered: the plane and space.
pub const MAP_DIMENSIONS: std::ops::RangeInclusive<usize> = 2..=3;

/// A map is drawn in 2 or 3 dimensions; any other count is a caller's mistake, said plainly.
fn check_dimensions(map: usize) -> Result<(), ProjectionError> {
    if MAP_DIMENSIONS.contains(&map) {
        Ok(())
    } else {
        Err(ProjectionError::BadParameter(format!(
            "a map has 2 or 3 dimensions, not {map}"
        )))
    }
}

/// A warm start must place every point, finitely.
fn check_start<const D: usize>(
    start: Option<&[[f64; D]]>,
    n: usize,
) -> Result<(), ProjectionError> {
    match start {
        Some(start) if start.len() != n => Err(ProjectionError::BadParameter(format!(
            "the starting layout has {} places for {n} points",
            start.len()
        ))),
        Some(start) if !start.iter().flatten().all(|c| c.is_finite()) => {
            Err(ProjectionError::BadParameter(
                "the starting layout has a place that is not a number".into(),
            ))
        }
        _ => Ok(()),
    }
}

/// Writes a map's points as CSV, `word,x,y` or `word,x,y,z` (words quoted where CSV needs it),
/// with a last column `kept` when `kept` is given (each word's neighbours kept, see
/// [`neighbours_kept`]): the format the map's export and the `project` command share.
pub fn write_csv<const D: usize>(
    out: &mut impl std::io::Write,
    rows: &[(String, [f64; D])],
    kept: Option<&[f64]>,
) -> std::io::Result<()> {
    let axes = ["x", "y", "z"];
    write!(out, "word,{}", axes[..D.min(3)].join(","))?;
    writeln!(out, "{}", if kept.is_some() { ",kept" } else { "" })?;
    for (index, (word, point)) in rows.iter().enumerate() {
        let word = if word.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", word.replace('"', "\"\""))
        } else {
            word.clone()
        };
        write!(out, "{word}")?;
        for c in point {
            write!(out, ",{c}")?;
        }
        match kept.and_then(|kept| kept.get(index)) {
            Some(share) => writeln!(out, ",{share}")?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

/// A fitted PCA onto `D` axes (2 for the map, 3 for space): the centre and the principal axes
/// of the points it was fitted on.
#[derive(Debug, Clone)]
pub struct Projection<const D: usize = 2> {
    mean: Array1<f64>,
    /// D × dim, one unit axis per row.
    axes: Array2<f64>,
    /// Share of the total variance along each axis (for axis labels).
    pub explained_variance_ratio: [f64; D],
}

impl<const D: usize> Projection<D> {
    /// Fits the `D` principal axes of `vectors` (each of length `dim`).
    pub fn fit<'a>(
        vectors: impl IntoIterator<Item = &'a [f32]>,
        dim: usize,
    ) -> Result<Self, ProjectionError> {
        check_dimensions(D)?;
        if dim < D {
            return Err(ProjectionError::TooFewDimensions { dim, map: D });
        }
        let values: Vec<f64> = vectors
            .into_iter()
            .flatten()
            .map(|&v| f64::from(v))
            .collect();
        let rows = values.len() / dim;
        if rows < D + 1 {
            return Err(ProjectionError::TooFewPoints {
                needed: D + 1,
                got: rows,
            });
        }
        let records = Array2::from_shape_vec((rows, dim), values)
            .map_err(|e| ProjectionError::Pca(e.to_string()))?;
        let mean = records
            .mean_axis(ndarray::Axis(0))
            .unwrap_or_else(|| Array1::zeros(dim));
        // Total variance (the covariance's trace), so each axis's share is of all of it; linfa's
        // own ratio is relative to the kept components only.
        let squared_deviations: f64 = records
            .rows()
            .into_iter()
            .map(|row| {
                row.iter()
                    .zip(&mean)
                    .map(|(x, m)| (x - m) * (x - m))
                    .sum::<f64>()
            })
            .sum();
        let total_variance = squared_deviations / (rows - 1) as f64;
        let pca = Pca::params(D)
            .fit(&DatasetBase::from(records))
            .map_err(|e| ProjectionError::Pca(e.to_string()))?;
        // Variance along an axis is σ²/(n−1) of its singular value σ (linfa's own
        // `explained_variance` divides by the number of components instead).
        let sigma = pca.singular_values();
        let share = |i: usize| {
            sigma.get(i).map_or(0.0, |s| {
                if total_variance > 0.0 {
                    s * s / (rows - 1) as f64 / total_variance
                } else {
                    0.0
                }
            })
        };
        Ok(Self {
            mean: pca.mean().clone(),
            axes: pca.components().clone(),
            explained_variance_ratio: std::array::from_fn(share),
        })
    }

    /// Where `vector` lands on the map.
    pub fn project(&self, vector: &[f32]) -> [f64; D] {
        let mut point = [0.0; D];
        for (axis, out) in self.axes.rows().into_iter().zip(point.iter_mut()) {
            *out = vector
                .iter()
                .zip(self.mean.iter())
                .zip(axis.iter())
                .map(|((&v, m), a)| (f64::from(v) - m) * a)
                .sum();
        }
        point
    }
}

/// Points with a known grouping, for the neighbourhood-keeping maps' tests.
#[cfg(test)]
mod test_points {
    /// Three clusters of 40 points in 12 dimensions, unit length; point i is in cluster i % 3.
    pub fn clusters() -> Vec<Vec<f32>> {
        let mut state = 7u64;
        let mut noise = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        (0..120)
            .map(|i| {
                let mut row: Vec<f32> = (0..12).map(|_| 0.3 * noise()).collect();
                row[i % 3] += 1.0;
                let length = row.iter().map(|x| x * x).sum::<f32>().sqrt();
                row.iter().map(|x| x / length).collect()
            })
            .collect()
    }

    /// The share of each point's 5 nearest on the map that are of its own cluster.
    pub fn same_cluster_share<const D: usize>(layout: &[[f64; D]]) -> f64 {
        let mut same = 0;
        for i in 0..layout.len() {
            let mut others: Vec<(usize, f64)> = (0..layout.len())
                .filter(|&j| j != i)
                .map(|j| {
                    let d2 = (0..D).map(|c| (layout[i][c] - layout[j][c]).powi(2)).sum();
                    (j, d2)
                })
                .collect();
            others.sort_by(|a, b| a.1.total_cmp(&b.1));
            same += others[..5].iter().filter(|(j, _)| j % 3 == i % 3).count();
        }
        same as f64 / (5 * layout.len()) as f64
    }

    /// Checks a layout's warm start, `lay_out(None)` settling the [`clusters`] and
    /// `lay_out(Some(start))` continuing from a layout for a few steps: it moves the settled map
    /// by less than a tenth of its extent and keeps the clusters; a start of the wrong length or
    /// with a NaN place is refused.
    pub fn a_warm_start_continues_the_map(
        lay_out: impl Fn(Option<&[[f64; 2]]>) -> Result<Vec<[f64; 2]>, super::ProjectionError>,
    ) {
        let settled = lay_out(None).unwrap();
        let warm = lay_out(Some(&settled)).unwrap();
        let extent = settled
            .iter()
            .flat_map(|p| p.iter().map(|c| c.abs()))
            .fold(0.0, f64::max);
        let moved = settled
            .iter()
            .zip(&warm)
            .map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1]))
            .sum::<f64>()
            / settled.len() as f64;
        assert!(
            moved < 0.1 * extent,
            "moved {moved} on a map {extent} across"
        );
        assert!(same_cluster_share(&warm) > 0.95);
        assert!(lay_out(Some(&settled[1..])).is_err());
        let mut broken = settled.clone();
        broken[0][1] = f64::NAN;
        assert!(lay_out(Some(&broken)).is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_along_a_line_land_on_the_first_axis() {
        let points: Vec<Vec<f32>> = (0..10)
            .map(|i| vec![i as f32, 2.0 * i as f32, 0.5 + (i % 2) as f32 * 0.01])
            .collect();
        let projection: Projection = Projection::fit(points.iter().map(Vec::as_slice), 3).unwrap();
        assert!(projection.explained_variance_ratio[0] > 0.99);
        assert!(projection.explained_variance_ratio.iter().sum::<f64>() <= 1.0 + 1e-9);
        let a = projection.project(&points[0]);
        let b = projection.project(&points[9]);
        let expected = (9.0f64.powi(2) + 18.0f64.powi(2)).sqrt();
        assert!(((a[0] - b[0]).abs() - expected).abs() < 1e-3, "{a:?} {b:?}");
        assert!((a[1] - b[1]).abs() < 0.1);
    }

    #[test]
    fn explained_variance_is_a_share_of_all_of_it() {
        // Equal spread along four axes: each of the two kept axes explains a quarter.
        let mut points = Vec::new();
        for axis in 0..4 {
            for sign in [-1.0f32, 1.0] {
                let mut p = vec![0.0f32; 4];
                p[axis] = sign;
                points.push(p);
            }
        }
        let projection: Projection = Projection::fit(points.iter().map(Vec::as_slice), 4).unwrap();
        for share in projection.explained_variance_ratio {
            assert!((share - 0.25).abs() < 1e-6, "{share}");
        }
        let space: Projection<3> = Projection::fit(points.iter().map(Vec::as_slice), 4).unwrap();
        for share in space.explained_variance_ratio {
            assert!((share - 0.25).abs() < 1e-6, "{share}");
        }
    }

    #[test]
    fn too_few_points_or_dimensions_are_errors() {
        let two = [vec![1.0f32, 2.0], vec![3.0, 4.0]];
        assert!(matches!(
            Projection::<2>::fit(two.iter().map(Vec::as_slice), 2),
            Err(ProjectionError::TooFewPoints { .. })
        ));
        assert!(matches!(
            Projection::<2>::fit([&[1.0f32][..]; 5], 1),
            Err(ProjectionError::TooFewDimensions { .. })
        ));
        assert_eq!(
            Projection::<3>::fit([&[1.0f32, 2.0][..]; 5], 2)
                .unwrap_err()
                .to_string(),
            "the points have 2 dimensions; a 3-D map needs at least 3"
        );
        assert!(Projection::<4>::fit([&[1.0f32; 5][..]; 6], 5).is_err());
    }
}
