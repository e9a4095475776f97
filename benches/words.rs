//! Word-engine timings for `benches/compare_words.py`, which runs gensim on the same files in
//! the same run and reports the ratios. Prints one JSON object.
//!
//!     cargo bench --bench words -- GLOVE_TEXT_FILE [QUERY_WORD...]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use embedding_explorer::assets::asset_path;
use embedding_explorer::words::{self, LoadOptions, formats::bundled};

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some((file, query_words)) = args.split_first() else {
        anyhow::bail!("usage: cargo bench --bench words -- GLOVE_TEXT_FILE [QUERY_WORD...]");
    };
    let query_words: Vec<&str> = if query_words.is_empty() {
        vec![
            "car", "king", "cat", "paris", "computer", "music", "water", "happy", "science",
            "river",
        ]
    } else {
        query_words.iter().map(String::as_str).collect()
    };

    let bundled_path = asset_path(bundled::FILE_NAME);
    let bundled_load = median(
        (0..5)
            .map(|_| {
                let started = Instant::now();
                words::load(&bundled_path, &LoadOptions::default()).map(|_| started.elapsed())
            })
            .collect::<Result<_, _>>()?,
    );

    let path = PathBuf::from(file);
    let mut loads = Vec::new();
    let mut vectors = None;
    for _ in 0..3 {
        let started = Instant::now();
        let loaded = words::load(&path, &LoadOptions::default())?;
        loads.push(started.elapsed());
        vectors = Some(loaded.vectors);
    }
    let vectors = vectors.expect("loaded at least once");

    let mut queries = Vec::new();
    for _ in 0..5 {
        for word in &query_words {
            let started = Instant::now();
            std::hint::black_box(vectors.most_similar(&[word], &[], 10, None)?);
            queries.push(started.elapsed());
        }
    }
    let mut analogies = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        std::hint::black_box(vectors.most_similar(&["king", "woman"], &["man"], 10, None)?);
        analogies.push(started.elapsed());
    }

    println!(
        "{}",
        serde_json::json!({
            "words": vectors.len(),
            "dimensions": vectors.dim(),
            "threads": rayon::current_num_threads(),
            "bundled_load_s": bundled_load,
            "load_s": median(loads),
            "most_similar_s": median(queries),
            "analogy_s": median(analogies),
        })
    );
    Ok(())
}
