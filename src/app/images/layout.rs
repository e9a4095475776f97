//! Where the photos go on the Images map: by PCA (which comes with the analysis), or by t-SNE or
//! UMAP, laid out on a job, shown as the layout settles, and kept in the maps' [`Cache`], so
//! that going back to a method already seen is instant; the map's view and its rows for export.

use std::sync::Arc;

use super::{ImageAnalysis, Images, PhotoId};
use crate::app::floor::cache::Cache;
use crate::app::floor::cache::{State, Stop};
use crate::app::floor::dataset::group_thousands;
use crate::app::floor::jobs::Publisher;
use crate::app::floor::marks::{At, Layer, Thumbnail};
use crate::app::map::{ImagesMapView, MapNote};
use crate::images::ImageFeatures;
use crate::progress::ProgressSink;
use crate::projection::{Method, ProjectionError, Run};
use crate::vector;

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

/// Job: lays the photos out by `method` on the cosine of their embeddings, publishing the
/// layout as it settles.
pub fn lay_out(
    embedded: &[Arc<ImageFeatures>],
    method: Method,
    progress: &dyn ProgressSink,
    publisher: &Publisher<Vec<[f64; 2]>>,
) -> Result<Vec<[f64; 2]>, ProjectionError> {
    let units: Vec<Vec<f32>> = embedded
        .iter()
        .map(|features| vector::normalised(features.embedding.clone()))
        .collect();
    let rows: Vec<&[f32]> = units.iter().map(Vec::as_slice).collect();
    let dim = rows.first().map_or(0, |row| row.len());
    let mut frame = |_: usize, layout: &[[f64; 2]]| publisher.publish(layout.to_vec());
    method
        .lay_out(&rows, dim, &Run::default(), progress, &mut frame)
        .map(|laid| laid.coords)
}

impl Images {
    /// Where each analysed photo goes on the map by `method`, what the axes say, and why the
    /// map shows PCA instead when the layout is not (yet) there.
    fn placed(&self, method: Method) -> Option<Placement<'_>> {
        let analysis = self.analysis.as_ref()?;
        let pca = |note| {
            let labels = Method::Pca.axis_labels(analysis.variance, "photos");
            analysis.coords.as_deref().map(|coords| Placement {
                analysis,
                coords,
                axis_labels: labels,
                note,
            })
        };
        let Some(key) = self.layout_key(method) else {
            return pca(None);
        };
        let photos = group_thousands(analysis.photos.len());
        let name = method.name();
        let laid_out = |coords, note| {
            Some(Placement {
                analysis,
                coords,
                axis_labels: method.axis_labels(None, "photos"),
                note,
            })
        };
        match self.layouts.state(&key) {
            State::Kept(coords) => laid_out(coords, None),
            State::Running(Some(coords)) => laid_out(
                coords,
                Some(MapNote::Working(format!(
                    "{name} is settling {photos} photos…"
                ))),
            ),
            State::Running(None) => pca(Some(MapNote::Working(format!(
                "Laying out {photos} photos by {name}; PCA meanwhile…"
            )))),
            State::Stopped(Stop::Failed(error)) => pca(Some(MapNote::Problem(format!(
                "{name} cannot lay out these photos: {error}. The map shows PCA."
            )))),
            State::Stopped(Stop::Cancelled | Stop::Crashed(_)) | State::Unknown => {
                pca(Some(MapNote::Problem(format!(
                    "{name} stopped before it finished; the map shows PCA. Switch to PCA and back to try again."
                ))))
            }
        }
    }

    /// The images map for the projection `method`: the photos' thumbnails where it puts them.
    pub fn map_view(&self, method: Method) -> ImagesMapView {
        let Some(Placement {
            analysis,
            coords,
            axis_labels,
            note,
        }) = self.placed(method)
        else {
            return ImagesMapView::default();
        };
        let (min, max) = coords
            .iter()
            .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
                (
                    [lo[0].min(p[0]), lo[1].min(p[1])],
                    [hi[0].max(p[0]), hi[1].max(p[1])],
                )
            });
        let side = ((max[0] - min[0]).max(max[1] - min[1]) * 0.12).max(1e-3);
        let thumbnails = analysis
            .photos
            .iter()
            .zip(coords)
            .filter_map(|(&id, &p)| {
                let photo = self.photo(id)?;
                let texture = photo.thumbnail.as_ref()?;
                Some(Thumbnail {
                    at: At::Point(p),
                    texture: texture.id(),
                    aspect: texture.aspect_ratio(),
                    name: photo.name.clone(),
                })
            })
            .collect();
        ImagesMapView {
            layers: vec![Layer::Thumbnails { thumbnails, side }],
            extent: Some((min, max)),
            axis_labels,
            note,
        }
    }

    /// Each photo's name and place on the map by `method` (as shown), for the CSV export.
    pub fn map_rows(&self, method: Method) -> Vec<(String, [f64; 2])> {
        let Some(Placement {
            analysis, coords, ..
        }) = self.placed(method)
        else {
            return Vec::new();
        };
        analysis
            .photos
            .iter()
            .zip(coords)
            .filter_map(|(&id, &p)| Some((self.photo(id)?.name.clone(), p)))
            .collect()
    }

    /// File name, top label and embedding of every embedded photo, for the Projector's TSV.
    pub fn projector_rows(&self) -> Vec<(String, String, Vec<f32>)> {
        self.embedded()
            .filter_map(|photo| {
                let embedded = photo.embedded.as_ref()?;
                let label = embedded
                    .label
                    .as_ref()
                    .map(|l| l.label.clone())
                    .unwrap_or_default();
                Some((
                    photo.name.clone(),
                    label,
                    embedded.features.embedding.clone(),
                ))
            })
            .collect()
    }
}

/// Where the analysed photos go on the map shown, what its axes say, and why it is not the
/// layout picked, if it is not.
struct Placement<'a> {
    analysis: &'a ImageAnalysis,
    coords: &'a [[f64; 2]],
    axis_labels: [String; 2],
    note: Option<MapNote>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::floor::cache::Stop;
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

    fn run(method: Method) -> LaidOut {
        let publisher = Publisher::for_tests();
        let photos = two_groups();
        let features: Vec<_> = photos.iter().map(|(_, f)| f.clone()).collect();
        let key = PhotosKey {
            photos: photos.iter().map(|(id, _)| *id).collect(),
            method,
        };
        let outcome = lay_out(&features, method, &Silent, &publisher).map_err(Stop::from);
        (key, outcome)
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
