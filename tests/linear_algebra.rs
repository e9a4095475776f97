//! The linear-algebra commands against numpy and scikit-learn on the bundled vectors
//! (`tests/data/linear_algebra_reference.json`, written by `scripts/linear_algebra_reference.py`),
//! and their bad input through the built binary.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

use embedding_explorer::assets::{asset_path, source_tree};
use embedding_explorer::linear_algebra::{Direction, Spectrum, span_of};
use embedding_explorer::vector::dot;
use embedding_explorer::words::{self, LoadOptions, WordVectors, formats::bundled};
use serde_json::Value;

const TOLERANCE: f64 = 1e-5;

fn vectors() -> &'static WordVectors {
    static VECTORS: OnceLock<WordVectors> = OnceLock::new();
    VECTORS.get_or_init(|| {
        words::load(&asset_path(bundled::FILE_NAME), &LoadOptions::default())
            .expect("the bundled vectors load")
            .vectors
    })
}

fn reference() -> Value {
    let path = source_tree().join("tests/data/linear_algebra_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn assert_close(ours: &[f64], theirs: &[f64], what: &str) {
    assert_eq!(ours.len(), theirs.len(), "{what}");
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        assert!((a - b).abs() < TOLERANCE, "{what}[{i}]: {a} against {b}");
    }
}

#[test]
fn least_squares_singular_values_and_rank_match_numpy() {
    for case in reference()["spans"].as_array().unwrap() {
        let target = case["target"].as_str().unwrap();
        let basis: Vec<&str> = case["basis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let fit = span_of(vectors(), target, &basis).unwrap();
        assert_close(&fit.coefficients, &numbers(&case["coefficients"]), target);
        assert_close(
            &[fit.residual_norm, fit.cosine],
            &[
                case["residual_norm"].as_f64().unwrap(),
                case["cosine"].as_f64().unwrap(),
            ],
            target,
        );
        assert_close(
            &fit.singular_values,
            &numbers(&case["singular_values"]),
            target,
        );
        assert_eq!(fit.rank as u64, case["rank"].as_u64().unwrap(), "{target}");
        // Gram–Schmidt: the first word is all new; the new parts' product is the volume the
        // words span, the product of the singular values.
        assert!((fit.new_parts[0] - 1.0).abs() < TOLERANCE);
        let volume: f64 = fit.new_parts.iter().product();
        let singular: f64 = fit.singular_values.iter().product();
        assert!((volume - singular).abs() < TOLERANCE, "{target}");
    }
}

#[test]
fn the_spectrum_matches_scikit_learns_pca() {
    let reference = reference();
    let expected = &reference["spectrum"];
    let words = expected["words"].as_u64().unwrap() as usize;
    let rows: Vec<&[f32]> = (0..words).map(|i| vectors().unit_vector(i)).collect();
    let spectrum = Spectrum::of(&rows, vectors().dim()).unwrap();
    assert_close(
        &spectrum.eigenvalues,
        &numbers(&expected["eigenvalues"]),
        "eigenvalues",
    );
    assert_close(
        &spectrum.explained,
        &numbers(&expected["explained"]),
        "explained",
    );
}

#[test]
fn the_direction_of_definitional_pairs_matches_debiaswes_pca() {
    let reference = reference();
    let expected = &reference["definitional_pairs"];
    let pairs: Vec<(String, String)> = serde_json::from_value(expected["pairs"].clone()).unwrap();
    let direction = Direction::from_pairs(vectors(), &pairs).unwrap();
    let ours: Vec<f64> = direction.unit.iter().map(|&x| f64::from(x)).collect();
    assert_close(&ours, &numbers(&expected["direction"]), "direction");
    assert!((direction.share.unwrap() - expected["share"].as_f64().unwrap()).abs() < TOLERANCE);
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_embedding-explorer"))
        .args(args)
        .env_remove("EMBEDDING_EXPLORER_VECTORS")
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn failure(args: &[&str]) -> String {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{args:?} should fail");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    stderr
}

#[test]
fn three_principal_components_match_scikit_learns_pca_up_to_sign() {
    let expected = &reference()["pca3"];
    let words = expected["words"].as_array().unwrap();
    let output = run(&[
        "project",
        "--dims",
        "3",
        "--words",
        &words.len().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("word,x,y,z"));
    let ours: Vec<[f64; 3]> = lines
        .map(|line| {
            // The last three fields: a word may be a quoted comma.
            let fields: Vec<&str> = line.rsplitn(4, ',').collect();
            [fields[2], fields[1], fields[0]].map(|f| f.parse().unwrap())
        })
        .collect();
    let theirs: Vec<Vec<f64>> = expected["coords"]
        .as_array()
        .unwrap()
        .iter()
        .map(numbers)
        .collect();
    assert_eq!(ours.len(), theirs.len());
    for axis in 0..3 {
        // A principal axis is a line: either of its directions is right.
        let sign = if ours[0][axis] * theirs[0][axis] < 0.0 {
            -1.0
        } else {
            1.0
        };
        let column: Vec<f64> = ours.iter().map(|p| sign * p[axis]).collect();
        let reference: Vec<f64> = theirs.iter().map(|p| p[axis]).collect();
        assert_close(&column, &reference, &format!("PC{}", axis + 1));
    }
}

#[test]
fn span_and_spectrum_answer_in_json() {
    let span = json(&["span", "queen", "--of", "king", "woman", "man", "--json"]);
    let king = span["coefficients"]["king"].as_f64().unwrap();
    assert!((king - 0.73086).abs() < 1e-4, "{span}");
    assert_eq!(span["rank"], 3);
    let spectrum = json(&["spectrum", "--words", "1000", "--json"]);
    assert_eq!(spectrum["eigenvalues"].as_array().unwrap().len(), 100);
    let half = spectrum["dimensions_for_50_percent"].as_u64().unwrap();
    let most = spectrum["dimensions_for_90_percent"].as_u64().unwrap();
    assert!(1 < half && half < most && most < 100, "{half} {most}");
}

#[test]
fn bad_questions_get_clear_answers() {
    for (args, says) in [
        (
            &["span", "queen", "--of", "king", "wman"][..],
            "unknown word \"wman\"; did you mean",
        ),
        (&["span", "queen", "--of", "king"], "at least 2 words"),
        (
            &["span", "queen", "--of", "king", "queen"],
            "the target \"queen\" is among the words",
        ),
        (
            &["span", "queen", "--of", "king", "king"],
            "\"king\" is given twice",
        ),
        (&["spectrum", "--words", "1"], "--words must be at least 2"),
    ] {
        let stderr = failure(args);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let dir = tempfile::tempdir().unwrap();
    let tiny = dir.path().join("tiny.txt");
    std::fs::write(&tiny, "a 1 0\nb 0 1\nc 1 1\nd 1 -1\n").unwrap();
    let stderr = failure(&[
        "span",
        "d",
        "--of",
        "a",
        "b",
        "c",
        "--vectors",
        tiny.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("3 words in a space of 2 dimensions"),
        "{stderr}"
    );
}

#[test]
fn debias_neutralizes_the_listed_words_and_writes_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let listed = dir.path().join("jobs.txt");
    std::fs::write(&listed, "# jobs\nnurse doctor, engineer\nprogrammer zzqx\n").unwrap();
    let out = dir.path().join("debiased.txt");
    let report = json(&[
        "debias",
        "--direction",
        "he - she",
        "--neutralize",
        listed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--limit",
        "20000",
        "--json",
    ]);
    assert_eq!(report["neutralized"], 4, "{report}");
    assert_eq!(report["missing"], serde_json::json!(["zzqx"]));
    for entry in report["most_skewed"].as_array().unwrap() {
        assert!(entry["after"].as_f64().unwrap().abs() < 1e-6, "{entry}");
    }
    let leakage = &report["leakage"];
    assert!(
        leakage["accuracy_before"].as_f64().unwrap() > 0.9,
        "{leakage}"
    );
    let written = words::load(&out, &LoadOptions::default()).unwrap().vectors;
    assert_eq!(written.len(), 20_000, "every word is written");
    let direction = Direction::typed(&written, "he - she").unwrap();
    let (original, nurse) = (
        vectors().index_of("nurse").unwrap(),
        written.index_of("nurse").unwrap(),
    );
    assert!(dot(written.unit_vector(nurse), &direction.unit).abs() < 0.01);
    assert!(
        dot(vectors().unit_vector(original), &direction.unit) < -0.05,
        "nurse leaned to she"
    );
    let untouched = written.index_of("car").unwrap();
    assert!(
        dot(
            written.unit_vector(untouched),
            vectors().unit_vector(vectors().index_of("car").unwrap())
        ) > 0.9999
    );
}

#[test]
fn debias_refuses_bad_pairs_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let pairs = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let odd = pairs("odd.txt", "she he\nwoman man girl\n");
    let unknown = pairs("unknown.txt", "she he\nwoman zzqx\n");
    for (file, says) in [
        (&odd, "line 2: a pair is two words, this line has 3"),
        (&unknown, "unknown word \"zzqx\""),
    ] {
        let stderr = failure(&[
            "debias",
            "--pairs",
            file.to_str().unwrap(),
            "--neutralize",
            "all",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(stderr.contains(says), "{stderr}");
        assert!(!out.exists(), "nothing is written");
    }
    let stderr = failure(&[
        "debias",
        "--direction",
        "king - king",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stderr.contains("cancel"), "{stderr}");
    assert!(!Path::new(&out).exists());
}
