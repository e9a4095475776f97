//! Clusters of unit vectors for colouring a map: spherical k-means (Dhillon & Modha 2001: each
//! centroid is the unit mean of its members, each vector joins the centroid of highest cosine)
//! seeded by k-means++ (Arthur & Vassilvitskii 2007). Each cluster is named by its most central
//! members, the words nearest its centroid.

use rayon::prelude::*;

use super::ProjectionError;
use crate::progress::{Progress, ProgressSink};
use crate::random::SplitMix64;
use crate::vector::{dot, normalised};

/// Members named per cluster.
const CENTRAL: usize = 5;

/// How many clusters, and how to find them reproducibly.
#[derive(Debug, Clone, PartialEq)]
pub struct KmeansConfig {
    pub k: usize,
    /// Most assignment rounds; it stops earlier once no vector changes cluster.
    pub iterations: usize,
    pub seed: u64,
}

impl Default for KmeansConfig {
    fn default() -> Self {
        Self {
            k: 12,
            iterations: 50,
            seed: 1,
        }
    }
}

/// The clusters found: one per vector, and each cluster's most central members.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    /// The cluster of each row, in row order.
    pub assignment: Vec<usize>,
    /// Per cluster, the rows nearest its centroid, most central first.
    pub central: Vec<Vec<usize>>,
    /// Rows per cluster.
    pub sizes: Vec<usize>,
}

/// Clusters `rows` (unit vectors of one length) into `config.k` groups.
pub fn kmeans(
    rows: &[&[f32]],
    config: &KmeansConfig,
    progress: &dyn ProgressSink,
) -> Result<Clusters, ProjectionError> {
    let n = rows.len();
    if config.k < 2 || config.k > n {
        return Err(ProjectionError::BadParameter(format!(
            "{} clusters of {n} points: choose between 2 and the number of points",
            config.k
        )));
    }
    let mut random = SplitMix(SplitMix64(config.seed));
    let mut centroids = seed_centroids(rows, config.k, &mut random);
    let mut assignment = vec![usize::MAX; n];
    for round in 0..config.iterations.max(1) {
        if progress.is_cancelled() {
            return Err(ProjectionError::Cancelled);
        }
        let nearest: Vec<(usize, f32)> = rows
            .par_iter()
            .map(|row| nearest_centroid(row, &centroids))
            .collect();
        let changed = nearest
            .iter()
            .zip(&assignment)
            .filter(|((c, _), a)| c != *a)
            .count();
        assignment = nearest.iter().map(|&(c, _)| c).collect();
        centroids = update_centroids(rows, &assignment, &nearest, config.k);
        progress.report(Progress {
            done: round as u64 + 1,
            total: config.iterations as u64,
        });
        if changed == 0 {
            break;
        }
    }
    let mut members: Vec<Vec<(f32, usize)>> = vec![Vec::new(); config.k];
    for (row, &cluster) in assignment.iter().enumerate() {
        members[cluster].push((dot(rows[row], &centroids[cluster]), row));
    }
    let sizes = members.iter().map(Vec::len).collect();
    let central = members
        .into_iter()
        .map(|mut m| {
            m.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            m.into_iter().take(CENTRAL).map(|(_, row)| row).collect()
        })
        .collect();
    Ok(Clusters {
        assignment,
        central,
        sizes,
    })
}

/// k-means++: the first centroid at random, each next one drawn with probability proportional to
/// the squared distance (2 − 2·cos on the unit sphere) to the nearest centroid so far.
fn seed_centroids(rows: &[&[f32]], k: usize, random: &mut SplitMix) -> Vec<Vec<f32>> {
    let n = rows.len();
    let mut centroids = vec![rows[random.below(n)].to_vec()];
    let mut distance: Vec<f64> = rows
        .par_iter()
        .map(|row| squared_distance(row, &centroids[0]))
        .collect();
    while centroids.len() < k {
        let total: f64 = distance.iter().sum();
        let chosen = if total > 0.0 {
            let mut target = random.unit() * total;
            distance
                .iter()
                .position(|&d| {
                    target -= d;
                    target <= 0.0
                })
                .unwrap_or(n - 1)
        } else {
            random.below(n) // every row equal to a centroid: any will do
        };
        let centroid = rows[chosen].to_vec();
        distance
            .par_iter_mut()
            .zip(rows.par_iter())
            .for_each(|(d, row)| *d = d.min(squared_distance(row, &centroid)));
        centroids.push(centroid);
    }
    centroids
}

fn squared_distance(row: &[f32], centroid: &[f32]) -> f64 {
    (2.0 - 2.0 * f64::from(dot(row, centroid))).max(0.0)
}

/// The centroid of highest cosine with `row`, and that cosine.
fn nearest_centroid(row: &[f32], centroids: &[Vec<f32>]) -> (usize, f32) {
    centroids
        .iter()
        .enumerate()
        .map(|(c, centroid)| (c, dot(row, centroid)))
        .fold(
            (0, f32::MIN),
            |best, next| {
                if next.1 > best.1 { next } else { best }
            },
        )
}

/// Each centroid the unit mean of its members; a cluster left empty takes the row farthest from
/// its own centroid, so that k clusters remain.
fn update_centroids(
    rows: &[&[f32]],
    assignment: &[usize],
    nearest: &[(usize, f32)],
    k: usize,
) -> Vec<Vec<f32>> {
    let dim = rows.first().map_or(0, |r| r.len());
    let mut sums = vec![vec![0f32; dim]; k];
    for (row, &cluster) in rows.iter().zip(assignment) {
        for (s, v) in sums[cluster].iter_mut().zip(row.iter()) {
            *s += v;
        }
    }
    let mut taken = vec![false; rows.len()];
    sums.into_iter()
        .map(|sum| {
            let centroid = normalised(sum);
            if centroid.iter().any(|&x| x != 0.0) {
                return centroid;
            }
            let farthest = (0..rows.len())
                .filter(|&r| !taken[r])
                .min_by(|&a, &b| nearest[a].1.total_cmp(&nearest[b].1))
                .unwrap_or(0);
            taken[farthest] = true;
            rows[farthest].to_vec()
        })
        .collect()
}

/// The seeded generator, enough to pick seeds reproducibly.
struct SplitMix(SplitMix64);

impl SplitMix {
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// `per` noisy unit vectors around each of `centres` axes of a 10-d space.
    fn planted(centres: usize, per: usize) -> Vec<Vec<f32>> {
        let mut random = SplitMix(SplitMix64(7));
        (0..centres * per)
            .map(|i| {
                let mut v: Vec<f32> = (0..10).map(|_| 0.2 * random.unit() as f32).collect();
                v[i / per] += 1.0;
                normalised(v)
            })
            .collect()
    }

    #[test]
    fn planted_groups_are_found_and_named_by_their_central_members() {
        let data = planted(4, 50);
        let rows: Vec<&[f32]> = data.iter().map(Vec::as_slice).collect();
        let config = KmeansConfig {
            k: 4,
            ..KmeansConfig::default()
        };
        let clusters = kmeans(&rows, &config, &Silent).unwrap();
        for group in 0..4 {
            let first = clusters.assignment[group * 50];
            assert!(
                clusters.assignment[group * 50..(group + 1) * 50]
                    .iter()
                    .all(|&c| c == first),
                "group {group} is one cluster"
            );
            assert_eq!(clusters.sizes[first], 50);
            assert!(clusters.central[first].iter().all(|&r| r / 50 == group));
        }
        assert_eq!(kmeans(&rows, &config, &Silent).unwrap(), clusters, "seeded");
    }

    #[test]
    fn impossible_counts_are_explained() {
        let data = planted(2, 3);
        let rows: Vec<&[f32]> = data.iter().map(Vec::as_slice).collect();
        for k in [0, 1, 7] {
            let config = KmeansConfig {
                k,
                ..KmeansConfig::default()
            };
            let error = kmeans(&rows, &config, &Silent).unwrap_err();
            assert!(error.to_string().contains("between 2 and"), "{error}");
        }
    }
}
