//! Where the photos go on the Images map when they are laid out by t-SNE or UMAP (PCA comes
//! with the analysis): laid out on a job, shown as the layout settles, and kept in the maps'
//! [`Cache`], so that going back to a method already seen is instant.

use std::sync::Arc;

use super::{ImagesOutput, PhotoId};
use crate::app::jobs::Publisher;
use crate::app::map::cache::{Cache, Stop};
use crate::images::ImageFeatures;
use crate::linalg;
use crate::progress::ProgressSink;
use crate::projection::{Method, Run};

/// Finished layouts kept for switching back.
pub const KEPT: usize = 6;

/// What a layout of the photos is of: these photos, laid out by this method.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotosKey {
    pub photos: Vec<PhotoId>,
    pub method: Method,
}

/// The photos' t-SNE and UMAP layouts: finished, settling and stopped.
pub type PhotoLayouts = Cache<PhotosKey, Vec<[f64; 2]>>;

/// Job: lays the photos out by `method` on the cosine of their embeddings,
/// publishing the layout as it settles.
pub fn lay_out(
    embedded: Vec<(PhotoId, Arc<ImageFeatures>)>,
    method: Method,
    progress: &dyn ProgressSink,
    publisher: &Publisher<Vec<[f64; 2]>>,
) -> ImagesOutput {
    let units: Vec<Vec<f32>> = embedded
        .iter()
        .map(|(_, features)| linalg::normalised(features.embedding.clone()))
        .collect();
    let rows: Vec<&[f32]> = units.iter().map(Vec::as_slice).collect();
    let dim = rows.first().map_or(0, |row| row.len());
    let mut frame = |_: usize, layout: &[[f64; 2]]| publisher.publish(layout.to_vec());
    let outcome = method
        .lay_out(&rows, dim, &Run::default(), progress, &mut frame)
        .map(|laid| laid.coords)
        .map_err(Stop::from);
    ImagesOutput::Layout {
        key: PhotosKey {
            photos: embedded.iter().map(|(id, _)| *id).collect(),
            method,
        },
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// Eight photos in two groups of four, by their embeddings.
    fn two_groups() -> Vec<(PhotoId, Arc<ImageFeatures>)> {
        (0..8u64)
            .map(|i| {
                let mut embedding = vec![0.05 * i as f32; 16];
                embedding[(i % 2) as usize] += 3.0;
                let features = ImageFeatures {
                    embedding,
                    probabilities: vec![1.0],
                };
                (PhotoId(i), Arc::new(features))
            })
            .collect()
    }

    type LaidOut = (PhotosKey, Result<Vec<[f64; 2]>, Stop>);

    fn laid_out(output: ImagesOutput) -> LaidOut {
        match output {
            ImagesOutput::Layout { key, outcome } => (key, outcome),
            _ => panic!("not a layout"),
        }
    }

    fn run(method: Method) -> LaidOut {
        let publisher = Publisher::for_tests();
        laid_out(lay_out(two_groups(), method, &Silent, &publisher))
    }

    #[test]
    fn photos_of_a_kind_land_together() {
        for method in [
            Method::Tsne { perplexity: 2.0 },
            Method::Umap {
                neighbors: 3,
                min_dist: 0.1,
            },
        ] {
            let (key, result) = run(method);
            let coords = result.unwrap();
            assert_eq!(key.photos.len(), coords.len());
            let distance = |a: usize, b: usize| {
                (coords[a][0] - coords[b][0]).hypot(coords[a][1] - coords[b][1])
            };
            // Every photo is nearer each of its own group than any of the other.
            for a in 0..8 {
                let own = (0..8)
                    .filter(|&b| b != a && b % 2 == a % 2)
                    .map(|b| distance(a, b));
                let other = (0..8).filter(|&b| b % 2 != a % 2).map(|b| distance(a, b));
                let farthest_own = own.fold(0.0, f64::max);
                let nearest_other = other.fold(f64::MAX, f64::min);
                assert!(
                    farthest_own < nearest_other,
                    "{method:?}, photo {a}: {coords:?}"
                );
            }
        }
    }

    #[test]
    fn a_perplexity_too_large_for_the_photos_is_explained_and_not_retried() {
        let (key, result) = run(Method::Tsne { perplexity: 30.0 });
        let Err(Stop::Failed(error)) = &result else {
            panic!("{result:?}");
        };
        assert!(
            error
                .to_string()
                .contains("must be less than the number of points (8)"),
            "{error}"
        );
        let mut layouts = PhotoLayouts::new(KEPT);
        assert!(layouts.request(&key).start);
        layouts.started(key.clone(), 1, None);
        layouts.receive(1, key.clone(), result);
        assert!(
            !layouts.request(&key).start,
            "the same parameters fail again"
        );
        let lower = PhotosKey {
            method: Method::Tsne { perplexity: 2.0 },
            ..key
        };
        assert!(layouts.request(&lower).start);
    }
}
