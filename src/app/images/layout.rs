//! Where the photos go on the Images map when they are laid out by t-SNE or UMAP (PCA comes
//! with the analysis): laid out on a job, shown as the layout settles, and kept, so that going
//! back to a method already seen is instant.

use std::sync::Arc;

use super::{ImagesOutput, PhotoId};
use crate::app::jobs::{Publisher, Stream};
use crate::app::map::MapMethod;
use crate::images::ImageFeatures;
use crate::linalg;
use crate::progress::ProgressSink;
use crate::projection::ProjectionError;

/// Finished layouts kept for switching back.
const KEPT: usize = 6;

/// One finished layout of some photos.
struct Layout {
    photos: Vec<PhotoId>,
    method: MapMethod,
    coords: Vec<[f64; 2]>,
}

/// What the map can show of the layout asked for.
pub enum Shown<'a> {
    /// Finished.
    Done(&'a [[f64; 2]]),
    /// Its newest frame while it settles.
    Settling(&'a [[f64; 2]]),
    /// Nothing yet.
    Waiting,
    /// Cancelled or crashed before it finished.
    Stopped,
    Failed(&'a ProjectionError),
}

/// The photos' t-SNE and UMAP layouts: finished, settling and failed.
#[derive(Default)]
pub struct PhotoLayouts {
    kept: Vec<Layout>,
    /// The layout being computed, its job, and its newest frame.
    pending: Option<(Vec<PhotoId>, MapMethod)>,
    settling: Option<Stream<Vec<[f64; 2]>>>,
    frame: Option<Vec<[f64; 2]>>,
    /// The last layout that could not be made, and why: not asked for again until the photos
    /// or the parameters change.
    failure: Option<(Vec<PhotoId>, MapMethod, ProjectionError)>,
}

impl PhotoLayouts {
    /// Whether a job must lay out `photos` by `method`: none is kept, running or failed.
    pub fn needs(&self, photos: &[PhotoId], method: MapMethod) -> bool {
        let same = |p: &[PhotoId], m: MapMethod| p == photos && m == method;
        method.settles()
            && !self.kept.iter().any(|l| same(&l.photos, l.method))
            && !self.pending.as_ref().is_some_and(|(p, m)| same(p, *m))
            && !self.failure.as_ref().is_some_and(|(p, m, _)| same(p, *m))
    }

    /// The job laying out `photos` by `method` now; it replaces any other.
    pub fn started(
        &mut self,
        photos: Vec<PhotoId>,
        method: MapMethod,
        stream: Stream<Vec<[f64; 2]>>,
    ) {
        self.pending = Some((photos, method));
        self.settling = Some(stream);
        self.frame = None;
    }

    /// The job laying out photos, if one runs.
    pub fn settling_job(&self) -> Option<u64> {
        self.settling.as_ref().map(|stream| stream.id)
    }

    /// Takes the newest frame of the settling layout.
    pub fn take_streamed(&mut self) {
        if let Some(frame) = self.settling.as_ref().and_then(Stream::take_newest) {
            self.frame = Some(frame);
        }
    }

    /// The layout job crashed: nothing is coming.
    pub fn crashed(&mut self) {
        self.pending = None;
        self.settling = None;
        self.frame = None;
    }

    /// Takes a finished layout, or why it failed (a cancelled one changes nothing).
    pub fn receive(
        &mut self,
        photos: Vec<PhotoId>,
        method: MapMethod,
        result: Result<Vec<[f64; 2]>, ProjectionError>,
    ) {
        let current = self
            .pending
            .as_ref()
            .is_some_and(|(p, m)| *p == photos && *m == method);
        if current {
            self.pending = None;
            self.settling = None;
            self.frame = None;
        }
        match result {
            Ok(coords) => {
                self.kept.push(Layout {
                    photos,
                    method,
                    coords,
                });
                if self.kept.len() > KEPT {
                    self.kept.remove(0);
                }
            }
            Err(ProjectionError::Cancelled) => {}
            Err(error) => self.failure = Some((photos, method, error)),
        }
    }

    /// The layout of `photos` by `method` as far as it has come.
    pub fn shown(&self, photos: &[PhotoId], method: MapMethod) -> Shown<'_> {
        if let Some(layout) = self
            .kept
            .iter()
            .rev()
            .find(|l| l.photos == photos && l.method == method)
        {
            return Shown::Done(&layout.coords);
        }
        if let Some((_, _, error)) = self
            .failure
            .as_ref()
            .filter(|(p, m, _)| p == photos && *m == method)
        {
            return Shown::Failed(error);
        }
        match (&self.pending, &self.frame) {
            (Some((p, m)), Some(frame)) if p == photos && *m == method => Shown::Settling(frame),
            (Some((p, m)), None) if p == photos && *m == method => Shown::Waiting,
            _ => Shown::Stopped,
        }
    }
}

/// Job: lays the photos out by `method` on the cosine of their embeddings,
/// publishing the layout as it settles.
pub fn lay_out(
    embedded: Vec<(PhotoId, Arc<ImageFeatures>)>,
    method: MapMethod,
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
    let result = method.lay_out(&rows, dim, progress, &mut frame);
    ImagesOutput::Layout {
        photos: embedded.iter().map(|(id, _)| *id).collect(),
        method,
        result,
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

    type LaidOut = (
        Vec<PhotoId>,
        MapMethod,
        Result<Vec<[f64; 2]>, ProjectionError>,
    );

    fn laid_out(output: ImagesOutput) -> LaidOut {
        match output {
            ImagesOutput::Layout {
                photos,
                method,
                result,
            } => (photos, method, result),
            _ => panic!("not a layout"),
        }
    }

    fn run(method: MapMethod) -> LaidOut {
        let publisher = Publisher::for_tests();
        laid_out(lay_out(two_groups(), method, &Silent, &publisher))
    }

    #[test]
    fn photos_of_a_kind_land_together() {
        for method in [
            MapMethod::Tsne { perplexity: 2.0 },
            MapMethod::Umap {
                neighbors: 3,
                min_dist: 0.1,
            },
        ] {
            let (photos, _, result) = run(method);
            let coords = result.unwrap();
            assert_eq!(photos.len(), coords.len());
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
        let method = MapMethod::Tsne { perplexity: 30.0 };
        let (photos, method, result) = run(method);
        let error = result.as_ref().unwrap_err().to_string();
        assert!(
            error.contains("must be less than the number of points (8)"),
            "{error}"
        );
        let mut layouts = PhotoLayouts::default();
        assert!(layouts.needs(&photos, method));
        layouts.receive(photos.clone(), method, result);
        assert!(matches!(layouts.shown(&photos, method), Shown::Failed(_)));
        assert!(
            !layouts.needs(&photos, method),
            "the same parameters fail again"
        );
        let lower = MapMethod::Tsne { perplexity: 2.0 };
        assert!(layouts.needs(&photos, lower));
        assert!(!layouts.needs(&photos, MapMethod::Pca), "PCA needs no job");
    }

    #[test]
    fn finished_layouts_are_kept_for_switching_back() {
        let mut layouts = PhotoLayouts::default();
        let tsne = MapMethod::Tsne { perplexity: 2.0 };
        let (photos, _, result) = run(tsne);
        layouts.receive(photos.clone(), tsne, result);
        assert!(matches!(layouts.shown(&photos, tsne), Shown::Done(c) if c.len() == 8));
        assert!(!layouts.needs(&photos, tsne));
        assert!(
            layouts.needs(&photos[1..], tsne),
            "other photos: a new layout"
        );
        layouts.receive(photos.clone(), tsne, Err(ProjectionError::Cancelled));
        assert!(matches!(layouts.shown(&photos, tsne), Shown::Done(_)));
    }
}
