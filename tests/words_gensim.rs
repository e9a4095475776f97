//! The word engine against gensim 4.4 on the same vectors (fixture written by
//! `scripts/gensim_reference.py` from the bundled asset).

use std::sync::OnceLock;

use embedding_explorer::assets::{asset_path, source_tree};
use embedding_explorer::words::{
    self, LoadOptions, Neighbour, WordVectors, eval, formats::bundled,
};
use serde_json::Value;

/// Largest score difference allowed: f32 sums in another order.
const SCORE_TOLERANCE: f64 = 2e-6;

fn vectors() -> &'static WordVectors {
    static VECTORS: OnceLock<WordVectors> = OnceLock::new();
    VECTORS.get_or_init(|| {
        words::load(&asset_path(bundled::FILE_NAME), &LoadOptions::default())
            .expect("the bundled vectors load")
            .vectors
    })
}

fn reference() -> &'static Value {
    static REFERENCE: OnceLock<Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let path = source_tree().join("tests/data/gensim_reference.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture exists"))
            .expect("fixture is JSON")
    })
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// Same words in the same order with the same scores; two words may swap only where gensim's
/// own scores tie within the tolerance.
fn assert_same_answers(ours: &[Neighbour], expected: &Value, what: &str) {
    let expected: Vec<(&str, f64)> = expected
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_f64().unwrap()))
        .collect();
    assert_eq!(ours.len(), expected.len(), "{what}: answer count");
    for (rank, (mine, (word, score))) in ours.iter().zip(&expected).enumerate() {
        let gensim_score_of_mine = expected
            .iter()
            .find(|(w, _)| *w == mine.word)
            .map(|(_, s)| *s);
        let Some(gensim_score_of_mine) = gensim_score_of_mine else {
            panic!(
                "{what}: rank {} is {:?}, which gensim does not list (gensim: {word})",
                rank + 1,
                mine.word
            );
        };
        if mine.word != *word {
            assert!(
                (gensim_score_of_mine - score).abs() <= SCORE_TOLERANCE,
                "{what}: rank {} is {:?}, gensim has {word:?} with a clearly different score",
                rank + 1,
                mine.word
            );
        }
        assert!(
            (f64::from(mine.score) - gensim_score_of_mine).abs() <= SCORE_TOLERANCE,
            "{what}: {:?} scores {} here, {gensim_score_of_mine} in gensim",
            mine.word,
            mine.score
        );
    }
}

#[test]
fn most_similar_matches_gensim_for_words_and_analogies() {
    let cases = reference()["most_similar"].as_array().unwrap();
    assert!(cases.len() >= 60);
    for case in cases {
        let (positive, negative) = (strings(&case["positive"]), strings(&case["negative"]));
        let ours = vectors()
            .most_similar(&positive, &negative, 10, None)
            .unwrap();
        assert_same_answers(
            &ours,
            &case["result"],
            &format!("most_similar({positive:?}, {negative:?})"),
        );
    }
}

#[test]
fn restricted_most_similar_matches_gensim() {
    for case in reference()["most_similar_restricted"].as_array().unwrap() {
        let positive = strings(&case["positive"]);
        let restrict = case["restrict_vocab"].as_u64().unwrap() as usize;
        let ours = vectors()
            .most_similar(&positive, &[], 10, Some(restrict))
            .unwrap();
        assert!(ours.iter().all(|n| n.index < restrict));
        assert_same_answers(
            &ours,
            &case["result"],
            &format!("most_similar({positive:?}, restrict {restrict})"),
        );
    }
}

#[test]
fn cosmul_matches_gensim() {
    for case in reference()["most_similar_cosmul"].as_array().unwrap() {
        let (positive, negative) = (strings(&case["positive"]), strings(&case["negative"]));
        let ours = vectors()
            .most_similar_cosmul(&positive, &negative, 10)
            .unwrap();
        assert_same_answers(
            &ours,
            &case["result"],
            &format!("cosmul({positive:?}, {negative:?})"),
        );
    }
}

#[test]
fn king_minus_man_plus_woman_is_queen() {
    let answers = vectors()
        .most_similar(&["king", "woman"], &["man"], 1, None)
        .unwrap();
    assert_eq!(answers[0].word, "queen");
}

#[test]
fn similarity_and_odd_one_out_match_gensim() {
    for case in reference()["similarity"].as_array().unwrap() {
        let (a, b) = (case["a"].as_str().unwrap(), case["b"].as_str().unwrap());
        let ours = f64::from(vectors().similarity(a, b).unwrap());
        let theirs = case["score"].as_f64().unwrap();
        assert!(
            (ours - theirs).abs() <= SCORE_TOLERANCE,
            "similarity({a}, {b}): {ours} vs {theirs}"
        );
    }
    for case in reference()["doesnt_match"].as_array().unwrap() {
        let list = strings(&case["words"]);
        assert_eq!(
            vectors().doesnt_match(&list).unwrap(),
            case["result"].as_str().unwrap(),
            "{list:?}"
        );
    }
}

#[test]
fn analogy_accuracy_matches_gensim_section_by_section() {
    let expected = &reference()["analogies"];
    let questions = std::fs::read_to_string(asset_path("eval/questions-words.txt")).unwrap();
    let report = eval::evaluate_word_analogies(vectors(), &questions, 30_000, true).unwrap();
    let sections = expected["sections"].as_array().unwrap();
    assert_eq!(report.sections.len() + 1, sections.len());
    for (ours, theirs) in report.sections.iter().chain([&report.total]).zip(sections) {
        assert_eq!(ours.section, theirs["section"].as_str().unwrap());
        assert_eq!(
            ours.correct as u64,
            theirs["correct"].as_u64().unwrap(),
            "{}",
            ours.section
        );
        assert_eq!(
            ours.incorrect as u64,
            theirs["incorrect"].as_u64().unwrap(),
            "{}",
            ours.section
        );
    }
    assert_eq!(report.accuracy(), expected["accuracy"].as_f64().unwrap());
    // The published figure for GloVe 6B 100d restricted to 30k words is 65.7%.
    assert!(
        (report.accuracy() - 0.657).abs() < 0.0005,
        "{}",
        report.accuracy()
    );
}

#[test]
fn word_pair_correlations_match_gensim() {
    for case in reference()["word_pairs"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let pairs = std::fs::read_to_string(asset_path(&format!("eval/{file}"))).unwrap();
        let report = eval::evaluate_word_pairs(vectors(), &pairs, 300_000, true).unwrap();
        for (ours, key) in [
            (report.pearson, "pearson"),
            (report.spearman, "spearman"),
            (report.oov_ratio, "oov_ratio"),
        ] {
            let theirs = case[key].as_f64().unwrap();
            assert!(
                (ours - theirs).abs() < 1e-6,
                "{file} {key}: {ours} vs {theirs}"
            );
        }
    }
}
