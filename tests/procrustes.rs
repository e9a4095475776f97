//! Two spaces, one rotation (issue 39): orthogonal Procrustes equals scipy's
//! `orthogonal_procrustes` on a committed fixture (`scripts/procrustes_reference.py`), and the
//! `align` and `changed` commands report it and refuse what does not determine a rotation.

#[path = "support/command.rs"]
mod command;

use std::path::{Path, PathBuf};

use command::{failure, run, stderr};
use embedding_explorer::linear_algebra::procrustes::{self, Preparation};
use embedding_explorer::words::{self, WordVectors};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    embedding_explorer::assets::source_tree()
        .join("tests/data/procrustes")
        .join(name)
}

fn load(path: &Path) -> WordVectors {
    words::load(path, &Default::default()).unwrap().vectors
}

fn reference() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("reference.json")).unwrap()).unwrap()
}

fn close(a: f64, b: &Value, what: &str) {
    let b = b.as_f64().unwrap();
    assert!((a - b).abs() < 1e-5, "{what}: {a} against scipy's {b}");
}

#[test]
fn the_rotation_equals_scipy_plain_and_centred() {
    let (source, target) = (load(&fixture("source.txt")), load(&fixture("target.txt")));
    let reference = reference();
    for (name, centre) in [("plain", false), ("centred", true)] {
        let alignment = procrustes::align(&source, &target, None, Preparation { centre }).unwrap();
        let expected = &reference[name];
        assert_eq!(
            alignment.shared.len() as u64,
            reference["shared"].as_u64().unwrap()
        );
        let fit = &alignment.procrustes;
        for (k, row) in expected["rotation"].as_array().unwrap().iter().enumerate() {
            for (l, value) in row.as_array().unwrap().iter().enumerate() {
                close(
                    fit.rotation[k * fit.dim + l],
                    value,
                    &format!("{name} W[{k}][{l}]"),
                );
            }
        }
        close(fit.scale, &expected["scale"], "scale");
        close(fit.determinant, &expected["determinant"], "det W");
        close(
            alignment.residual_before,
            &expected["residual_before"],
            "residual before",
        );
        close(
            alignment.residual_after,
            &expected["residual_after"],
            "residual after",
        );
        close(
            alignment.mean_cosine_before(),
            &expected["mean_cosine_before"],
            "cos before",
        );
        close(
            alignment.mean_cosine_after(),
            &expected["mean_cosine_after"],
            "cos after",
        );
        assert!(
            fit.orthogonality_error < 1e-12,
            "{}",
            fit.orthogonality_error
        );
        assert!(fit.singular_values.iter().all(|s| (s - 1.0).abs() < 1e-12));
    }
}

#[test]
fn align_reports_the_fit_and_writes_every_source_word_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let (source, target) = (fixture("source.txt"), fixture("target.txt"));
    let output = run(
        &[
            "align",
            source.to_str().unwrap(),
            target.to_str().unwrap(),
            "--out",
            "aligned.txt",
            "--json",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    let reference = reference();
    assert_eq!(answer["shared"], reference["shared"]);
    close(
        answer["mean_cosine_after"].as_f64().unwrap(),
        &reference["plain"]["mean_cosine_after"],
        "mean cosine after",
    );
    assert!(
        answer["mean_cosine_before"].as_f64().unwrap() < 0.5,
        "{answer}"
    );
    assert!(
        answer["mean_cosine_after"].as_f64().unwrap() > 0.99,
        "{answer}"
    );
    // Every source word, its own words too, now near its target self.
    let aligned = load(&dir.path().join("aligned.txt"));
    let target = load(&target);
    assert_eq!(aligned.len(), 65);
    assert!(aligned.index_of("s0").is_some());
    let cosine = embedding_explorer::vector::dot(
        aligned.unit_vector(aligned.lookup("w7").unwrap()),
        target.unit_vector(target.lookup("w7").unwrap()),
    );
    assert!(cosine > 0.99, "{cosine}");
}

#[test]
fn changed_lists_the_least_like_themselves_with_neighbours_in_each_space() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        &[
            "changed",
            fixture("source.txt").to_str().unwrap(),
            fixture("target.txt").to_str().unwrap(),
            "--top",
            "3",
            "--json",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = answer["changed"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let cosines: Vec<f64> = rows
        .iter()
        .map(|row| row["cosine_after"].as_f64().unwrap())
        .collect();
    assert!(cosines.windows(2).all(|w| w[0] <= w[1]), "lowest first");
    assert_eq!(rows[0]["neighbours_in_source"].as_array().unwrap().len(), 5);
    let said = failure(
        &[
            "changed",
            fixture("source.txt").to_str().unwrap(),
            fixture("target.txt").to_str().unwrap(),
            "--min-count",
            "3",
        ],
        dir.path(),
    );
    assert!(said.contains("--corpora"), "{said}");
}

#[test]
fn what_does_not_determine_a_rotation_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap();
        name.to_owned()
    };
    let two = write("two.txt", "a 1 0\nb 0 1\n");
    let three = write("three.txt", "a 1 0 0\nb 0 1 0\n");
    let other = write("other.txt", "x 1 0\ny 0 1\n");
    let few = write("few.txt", "a 1 0 0\nb 0 1 0\nc 0 0 1\n");
    let few_target = write("few-target.txt", "a 0 1 0\nb 1 0 0\nd 0 0 1\n");
    for (args, said) in [
        (
            vec!["align", two.as_str(), three.as_str()],
            "the source has 2 dimensions and the target 3",
        ),
        (
            vec!["align", two.as_str(), other.as_str()],
            "the two vector sets share no word",
        ),
        (
            vec!["align", few.as_str(), few_target.as_str()],
            "2 shared words cannot fix a rotation of 3 dimensions: it is not determined",
        ),
        (
            vec![
                "align",
                few.as_str(),
                few_target.as_str(),
                "--out",
                few.as_str(),
            ],
            "refusing to write over it",
        ),
        (
            vec![
                "align",
                few.as_str(),
                few_target.as_str(),
                "--vectors",
                few.as_str(),
            ],
            "--vectors would be ignored here",
        ),
    ] {
        let stderr = failure(&args, dir.path());
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("few.txt")).unwrap(),
        "a 1 0 0\nb 0 1 0\nc 0 0 1\n"
    );
}

#[test]
fn two_eras_of_the_addresses_train_apart_and_align() {
    let dir = tempfile::tempdir().unwrap();
    let sotu = embedding_explorer::assets::asset_path("corpora/sotu.txt.gz");
    let sotu = sotu.to_str().unwrap();
    let quick = ["--dim", "20", "--epochs", "1", "--min-count", "20"];
    let mut words = Vec::new();
    for (years, out) in [("1790-1900", "early.txt"), ("1945-2021", "late.txt")] {
        let mut args = vec!["train", sotu, "--years", years, "--out", out, "--json"];
        args.extend(quick);
        let output = run(&args, dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(
            answer["part"]
                .as_str()
                .unwrap()
                .ends_with(&format!("documents of {years}")),
            "{answer}"
        );
        words.push(answer["corpus_words"].as_u64().unwrap());
    }
    // Each era is a part of the 1.8 million words.
    assert!(
        words.iter().all(|&w| w > 100_000 && w < 1_500_000),
        "{words:?}"
    );
    let output = run(
        &["changed", "early.txt", "late.txt", "--top", "5", "--json"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(answer["shared"].as_u64().unwrap() > 1_000, "{answer}");

    for (args, said) in [
        (
            vec!["train", sotu, "--years", "1600-1700"],
            "no document from 1600 to 1700 (the text runs from 1790 to 2021)",
        ),
        (
            vec!["train", sotu, "--years", "1900-1800"],
            "the first no larger",
        ),
        (
            vec!["train", sotu, "--lines", "0-3"],
            "--lines counts from 1",
        ),
        (
            vec![
                "train",
                fixture("source.txt").to_str().unwrap(),
                "--years",
                "1790-1800",
            ],
            "--years needs a years file beside",
        ),
    ] {
        let stderr = failure(&args, dir.path());
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}
