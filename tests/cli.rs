//! The command-line face as scripts use it: JSON out, errors on stderr with a non-zero exit.

use std::process::{Command, Output};

use embedding_explorer::assets::source_tree;
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_embedding-explorer"))
        .args(args)
        .env_remove("EMBEDDING_EXPLORER_VECTORS")
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let output = run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn failure(args: &[&str]) -> String {
    let output = run(args);
    assert!(!output.status.success(), "{args:?} should fail");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert!(output.stdout.is_empty(), "errors go to stderr only");
    stderr
}

#[test]
fn similar_answers_the_classic_analogy_in_json() {
    let answers = json(&["similar", "king - man + woman", "--json"]);
    let answers = answers.as_array().unwrap();
    assert_eq!(answers.len(), 10);
    assert_eq!(answers[0]["word"], "queen");
    assert!(answers[0]["score"].as_f64().unwrap() > 0.7);
    let cosmul = json(&[
        "similar",
        "paris - france + italy",
        "--cosmul",
        "--topn",
        "3",
        "--json",
    ]);
    assert_eq!(cosmul[0]["word"], "rome");
    assert_eq!(cosmul.as_array().unwrap().len(), 3);
}

#[test]
fn similarity_and_odd_one_out_in_json() {
    let score = json(&["similarity", "cat", "dog", "--json"])["score"]
        .as_f64()
        .unwrap();
    assert!((score - 0.8798).abs() < 1e-4, "{score}");
    let odd = json(&[
        "odd-one-out",
        "breakfast",
        "cereal",
        "dinner",
        "lunch",
        "--json",
    ]);
    assert_eq!(odd["odd_one_out"], "cereal");
}

#[test]
fn plain_text_output_reads_well() {
    let output = run(&["similar", "car", "--topn", "3"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("1. vehicle"), "{text}");
    assert_eq!(text.lines().count(), 4);
}

#[test]
fn eval_commands_report_gensim_figures() {
    let report = json(&["eval", "analogies", "--json"]);
    let accuracy = report["total"]["correct"].as_f64().unwrap()
        / (report["total"]["correct"].as_f64().unwrap()
            + report["total"]["incorrect"].as_f64().unwrap());
    assert!((accuracy - 0.6567).abs() < 1e-4, "{accuracy}");
    let wordsim = source_tree().join("assets/eval/wordsim353.tsv");
    let pairs = json(&["eval", "pairs", &wordsim.to_string_lossy(), "--json"]);
    assert!((pairs["spearman"].as_f64().unwrap() - 0.5504).abs() < 1e-4);
}

#[test]
fn unknown_words_fail_with_suggestions() {
    let stderr = failure(&["similar", "kign - man + woman"]);
    assert!(
        stderr.contains("unknown word \"kign\"; did you mean \"king\""),
        "{stderr}"
    );
    let stderr = failure(&["similarity", "cat", "Dgo"]);
    assert!(stderr.contains("\"dog\""), "{stderr}");
}

#[test]
fn bad_files_and_queries_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.vec");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 7, 1, 2, 3, 255, 10, 0]).unwrap();
    let stderr = failure(&["similar", "cat", "--vectors", garbage.to_str().unwrap()]);
    assert!(
        stderr.contains("garbage.vec") && stderr.contains("not a word-vectors file"),
        "{stderr}"
    );
    let stderr = failure(&["similar", "cat", "--vectors", "/nonexistent/v.txt"]);
    assert!(
        stderr.contains("cannot read /nonexistent/v.txt"),
        "{stderr}"
    );
    let stderr = failure(&["similar", "king -"]);
    assert!(stderr.contains("ends with an operator"), "{stderr}");
    let stderr = failure(&["eval", "pairs", "/nonexistent/pairs.tsv"]);
    assert!(stderr.contains("/nonexistent/pairs.tsv"), "{stderr}");
}

#[test]
fn vectors_flag_limit_and_info() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.txt");
    std::fs::write(&path, "alpha 1 0\nbeta 0.9 0.1\ngamma 0 1\ndelta -1 0\n").unwrap();
    let path = path.to_str().unwrap();
    let answers = json(&["similar", "alpha", "--vectors", path, "--json"]);
    let words: Vec<&str> = answers
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["word"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["beta", "gamma", "delta"]);
    let info = json(&["info", "--vectors", path, "--limit", "2", "--json"]);
    assert_eq!(info["words"], 2);
    assert_eq!(info["dimensions"], 2);
    assert_eq!(info["format"], "GloVe text");
    let bundled = json(&["info", "--json"]);
    assert_eq!(bundled["words"], 50_000);
    assert_eq!(bundled["dimensions"], 100);
}

#[test]
fn help_lists_the_commands_and_the_window() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "similar",
        "odd-one-out",
        "embed-images",
        "compare-images",
        "opens the explorer window",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
}

#[test]
fn without_a_display_the_window_fails_cleanly() {
    let output = Command::new(env!("CARGO_BIN_EXE_embedding-explorer"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot open a window"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn photo(name: &str) -> String {
    format!("{}/assets/photos/{name}", source_tree().display())
}

#[test]
fn image_commands_embed_classify_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.jpg");
    std::fs::write(&garbage, b"not an image").unwrap();
    let out = dir.path().join("feats.npy");
    let garbage = garbage.to_str().unwrap();
    let (cat, car) = (photo("cat-chelsea.jpg"), photo("car-1.jpg"));

    // One bad file: the others are still embedded and written, and the exit code says so.
    let output = run(&[
        "embed-images",
        &cat,
        garbage,
        &car,
        "--json",
        "--device",
        "cpu",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["embedding"].as_array().unwrap().len(), 2048);
    assert!(list[1]["error"].as_str().unwrap().contains("garbage.jpg"));
    assert_eq!(list[2]["embedding"].as_array().unwrap().len(), 2048);
    let npy = std::fs::read(&out).unwrap();
    assert!(npy.starts_with(b"\x93NUMPY"));
    assert!(String::from_utf8_lossy(&npy[..128]).contains("'shape': (2, 2048)"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 of 3 images could not be processed"),
        "{stderr}"
    );

    let classes = json(&["classify", &cat, "--top", "3", "--json", "--device", "cpu"]);
    let top = classes[0]["top"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    assert!(
        top[0]["label"].as_str().unwrap().ends_with("cat"),
        "{top:?}"
    );
    assert!(top[0]["probability"].as_f64().unwrap() > 0.3);

    let same_kind = json(&[
        "compare-images",
        &cat,
        &photo("cat-mackerel.jpg"),
        "--json",
        "--device",
        "cpu",
    ]);
    let different = json(&["compare-images", &cat, &car, "--json", "--device", "cpu"]);
    assert!(same_kind["score"].as_f64().unwrap() > different["score"].as_f64().unwrap() + 0.3);

    let stderr = failure(&["compare-images", &cat, garbage, "--device", "cpu"]);
    assert!(stderr.contains("garbage.jpg"), "{stderr}");
}
