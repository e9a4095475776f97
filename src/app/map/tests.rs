//! The words map's state: layouts asked for, shown, kept and retried; marked words; crashes.

use super::*;
use crate::projection::Method;

fn key(dataset: DatasetId, indices: &[usize], method: Method) -> LayoutKey {
    LayoutKey {
        dataset,
        indices: indices.to_vec(),
        method,
        spherize: false,
    }
}

fn laid_out(key: &LayoutKey) -> WordMap {
    WordMap::new(key.clone(), vec![[0.0, 0.0]; key.indices.len()], None)
}

#[test]
fn marked_words_are_checked_against_the_layout_asked_for() {
    let (mut map, dataset) = (WordsMap::default(), DatasetId::for_tests(1));
    assert!(
        !map.lacks(dataset, &[7]),
        "no map, nothing asked: the first layout will come"
    );
    let _ = map.layouts.request(key(dataset, &[0, 1, 2], Method::Pca));
    assert!(
        map.lacks(dataset, &[7]),
        "the layout on its way does not have it"
    );
    assert!(!map.lacks(dataset, &[2]));
    assert!(
        !map.lacks(DatasetId::for_tests(2), &[7]),
        "another dataset's layout"
    );
}

#[test]
fn a_late_layout_waits_in_the_cache_and_switching_back_is_instant() {
    let (mut map, dataset) = (WordsMap::default(), DatasetId::for_tests(1));
    let indices = [0, 1, 2, 3];
    let pca = key(dataset, &indices, Method::Pca);
    let tsne = key(dataset, &indices, Method::Tsne { perplexity: 2.0 });
    assert!(map.layouts.request(pca.clone()).start);
    map.layouts.started(pca.clone(), 1, Some(fake_stream(1)));
    assert!(map.receive(1, pca.clone(), Ok(laid_out(&pca))).is_none());
    assert_eq!(map.current(dataset).unwrap().method(), Method::Pca);

    assert!(map.layouts.request(tsne.clone()).start);
    map.layouts.started(tsne.clone(), 2, Some(fake_stream(2)));
    assert_eq!(
        map.current(dataset).unwrap().method(),
        Method::Pca,
        "the last layout stays while t-SNE settles"
    );
    map.receive(2, tsne.clone(), Err(Stop::Cancelled));
    assert!(
        map.lacks(dataset, &[9]),
        "a cancelled layout leaves the request standing"
    );
    assert!(
        map.layouts.request(tsne.clone()).start,
        "and asking again retries it"
    );
    map.layouts.started(tsne.clone(), 3, Some(fake_stream(3)));
    map.receive(3, tsne.clone(), Ok(laid_out(&tsne)));
    assert_eq!(map.current(dataset).unwrap().method(), tsne.method);

    let back = map.layouts.request(pca.clone());
    assert!(!back.start, "PCA again, at once");
    assert_eq!(map.current(dataset).unwrap().method(), Method::Pca);
    assert!(
        !map.layouts.request(tsne.clone()).start,
        "and back to t-SNE"
    );
    assert!(
        map.layouts
            .request(key(dataset, &[0, 1], tsne.method))
            .start,
        "other words: a new layout"
    );
}

#[test]
fn a_crashed_layout_or_clustering_is_reported_keeps_the_last_map_and_is_retried() {
    let (mut map, dataset) = (WordsMap::default(), DatasetId::for_tests(1));
    let pca = key(dataset, &[0, 1, 2, 3], Method::Pca);
    let _ = map.layouts.request(pca.clone());
    map.layouts.started(pca.clone(), 0, Some(fake_stream(0)));
    map.receive(0, pca.clone(), Ok(laid_out(&pca)));
    let umap = key(dataset, &[0, 1, 2, 3], Method::UMAP);
    let _ = map.layouts.request(umap.clone());
    map.layouts.started(umap.clone(), 1, Some(fake_stream(1)));
    let reported = map.receive(
        1,
        umap.clone(),
        Err(Stop::Crashed("UMAP of 4 words".into())),
    );
    assert!(
        matches!(reported, Some(AppError::Crashed(title)) if title == "UMAP of 4 words"),
        "the crash is reported"
    );
    assert_eq!(
        map.current(dataset).unwrap().method(),
        Method::Pca,
        "the last layout stays"
    );
    let note = map.note(map.current(dataset));
    assert!(
        matches!(&note, Some(MapNote::Problem(text)) if text.contains("UMAP stopped unexpectedly")),
        "{note:?}"
    );
    assert!(
        map.layouts.request(umap.clone()).start,
        "the same request runs again"
    );
    map.layouts.started(umap.clone(), 2, Some(fake_stream(2)));
    map.receive(2, umap.clone(), Ok(laid_out(&umap)));
    assert_eq!(map.current(dataset).unwrap().method(), Method::UMAP);

    let clusters = ColouringKey {
        dataset,
        indices: vec![0, 1, 2, 3],
        k: 2,
    };
    assert!(map.colourings.request(&clusters).start);
    map.colourings.started(clusters.clone(), 3, None);
    let reported =
        map.receive_colouring(3, clusters.clone(), Err(Stop::Crashed("Clustering".into())));
    assert!(matches!(reported, Some(AppError::Crashed(_))));
    assert!(
        map.colourings.request(&clusters).start,
        "the clustering is asked for again, not left waiting"
    );
}

/// A stream whose job publishes nothing, for driving the map without jobs.
fn fake_stream(id: u64) -> crate::app::floor::jobs::Stream<WordMap> {
    crate::app::floor::jobs::Stream::for_tests(id)
}
