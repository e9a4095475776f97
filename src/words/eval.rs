//! Standard benchmarks for word vectors, computed as gensim computes them, so that figures can
//! be compared with published ones: Google's analogy questions and word-pair similarity sets.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{WordVectors, WordsError};

/// Correct and incorrect answers in one section of an analogy file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalogySection {
    pub section: String,
    pub correct: usize,
    pub incorrect: usize,
}

impl AnalogySection {
    /// Share of correct answers; 0 for a section with no answered questions (as gensim).
    pub fn accuracy(&self) -> f64 {
        let total = self.correct + self.incorrect;
        if total == 0 {
            0.0
        } else {
            self.correct as f64 / total as f64
        }
    }
}

/// gensim's `evaluate_word_analogies` result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AnalogyReport {
    pub sections: Vec<AnalogySection>,
    pub total: AnalogySection,
    /// Well-formed questions read, and those skipped for a word outside the restricted vocabulary.
    pub questions: usize,
    pub out_of_vocabulary: usize,
}

impl AnalogyReport {
    pub fn accuracy(&self) -> f64 {
        self.total.accuracy()
    }
}

/// The restricted vocabulary gensim evaluates against: the first `restrict` words, keyed by
/// their upper-case form when `case_insensitive` (the first, most frequent, variant wins).
fn restricted_vocabulary(
    vectors: &WordVectors,
    restrict: usize,
    case_insensitive: bool,
) -> HashMap<String, usize> {
    let mut vocab = HashMap::new();
    for (index, word) in vectors.words().iter().take(restrict).enumerate() {
        let key = if case_insensitive {
            word.to_uppercase()
        } else {
            word.clone()
        };
        vocab.entry(key).or_insert(index);
    }
    vocab
}

/// Answers `a : b :: c : ?` questions (`: section` headers, then `a b c expected` lines) with
/// 3CosAdd over the `restrict` most frequent words, exactly as gensim 4.4's
/// `evaluate_word_analogies(restrict_vocab=restrict, case_insensitive=…, dummy4unknown=False)`.
pub fn evaluate_word_analogies(
    vectors: &WordVectors,
    questions: &str,
    restrict: usize,
    case_insensitive: bool,
) -> Result<AnalogyReport, WordsError> {
    let vocab = restricted_vocabulary(vectors, restrict, case_insensitive);
    let normalise = |w: &str| {
        if case_insensitive {
            w.to_uppercase()
        } else {
            w.to_owned()
        }
    };

    struct Question {
        section: usize,
        words: [String; 4],
    }
    let mut names: Vec<String> = Vec::new();
    let mut asked: Vec<Question> = Vec::new();
    let mut questions_read = 0;
    let mut out_of_vocabulary = 0;
    for (line_no, line) in questions.lines().enumerate() {
        if let Some(name) = line.strip_prefix(": ") {
            names.push(name.trim_start_matches([':', ' ']).trim().to_owned());
            continue;
        }
        if names.is_empty() {
            return Err(WordsError::BadQuery(format!(
                "missing section header (\": name\") before line {}",
                line_no + 1
            )));
        }
        let parts: Vec<String> = line.split_whitespace().map(normalise).collect();
        let Ok(words) = <[String; 4]>::try_from(parts) else {
            continue; // gensim skips lines that are not four words
        };
        questions_read += 1;
        if words.iter().any(|w| !vocab.contains_key(w)) {
            out_of_vocabulary += 1;
            continue;
        }
        asked.push(Question {
            section: names.len() - 1,
            words,
        });
    }

    let end = restrict.min(vectors.len());
    let verdicts: Vec<bool> = asked
        .par_iter()
        .map(|q| {
            let [a, b, c, expected] = &q.words;
            let inputs = [(vocab[b], 1.0), (vocab[c], 1.0), (vocab[a], -1.0)];
            let answers = vectors.most_similar_indices(&inputs, 5, end)?;
            // gensim takes the first of the top 5 whose form is not an input word; if all are,
            // the last one examined stands as the prediction.
            let mut predicted = None;
            for answer in &answers {
                let form = normalise(&answer.word);
                let is_input = form == *a || form == *b || form == *c;
                predicted = Some(form);
                if vocab.contains_key(predicted.as_deref().unwrap_or_default()) && !is_input {
                    break;
                }
            }
            Ok(predicted.as_deref() == Some(expected.as_str()))
        })
        .collect::<Result<_, WordsError>>()?;

    let mut sections: Vec<AnalogySection> = names
        .into_iter()
        .map(|section| AnalogySection {
            section,
            correct: 0,
            incorrect: 0,
        })
        .collect();
    for (question, correct) in asked.iter().zip(verdicts) {
        let section = &mut sections[question.section];
        if correct {
            section.correct += 1;
        } else {
            section.incorrect += 1;
        }
    }
    let total = AnalogySection {
        section: "Total accuracy".into(),
        correct: sections.iter().map(|s| s.correct).sum(),
        incorrect: sections.iter().map(|s| s.incorrect).sum(),
    };
    Ok(AnalogyReport {
        sections,
        total,
        questions: questions_read,
        out_of_vocabulary,
    })
}

/// gensim's `evaluate_word_pairs` result (correlations without p-values).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PairsReport {
    pub pearson: f64,
    pub spearman: f64,
    pub pairs: usize,
    pub out_of_vocabulary: usize,
    /// Percentage of pairs skipped for unknown words.
    pub oov_ratio: f64,
}

/// Correlates the cosine of each `word1<TAB>word2<TAB>score` pair with the human score, as
/// gensim 4.4's `evaluate_word_pairs(restrict_vocab=restrict, case_insensitive=…)`.
pub fn evaluate_word_pairs(
    vectors: &WordVectors,
    pairs: &str,
    restrict: usize,
    case_insensitive: bool,
) -> Result<PairsReport, WordsError> {
    let vocab = restricted_vocabulary(vectors, restrict, case_insensitive);
    let normalise = |w: &str| {
        if case_insensitive {
            w.to_uppercase()
        } else {
            w.to_owned()
        }
    };
    let mut gold = Vec::new();
    let mut model = Vec::new();
    let mut out_of_vocabulary = 0;
    for (line_no, line) in pairs.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        let [a, b, score] = parts[..] else { continue };
        let Ok(score) = score.trim().parse::<f64>() else {
            continue;
        };
        if !score.is_finite() {
            // A correlation with it would be NaN, or meaningless.
            return Err(WordsError::BadQuery(format!(
                "line {}: the score of {a} and {b} is {score}, not a finite number",
                line_no + 1
            )));
        }
        match (vocab.get(&normalise(a)), vocab.get(&normalise(b))) {
            (Some(&a), Some(&b)) => {
                gold.push(score);
                model.push(f64::from(vectors.similarity_of(a, b)));
            }
            _ => out_of_vocabulary += 1,
        }
    }
    if gold.len() < 2 {
        return Err(WordsError::BadQuery(
            "fewer than two usable word pairs: is the file tab-separated `word1 word2 score`, and are the words in the vocabulary?".into(),
        ));
    }
    let (pearson, spearman) = (
        pearson(&gold, &model),
        pearson(&ranks(&gold), &ranks(&model)),
    );
    if !(pearson.is_finite() && spearman.is_finite()) {
        return Err(WordsError::BadQuery(
            "the correlation is undefined: every usable pair has the same score (or the same similarity)".into(),
        ));
    }
    Ok(PairsReport {
        pearson,
        spearman,
        pairs: gold.len(),
        out_of_vocabulary,
        oov_ratio: 100.0 * out_of_vocabulary as f64 / (gold.len() + out_of_vocabulary) as f64,
    })
}

/// Pearson's correlation coefficient.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    sxy / (sxx * syy).sqrt()
}

/// 1-based ranks, ties sharing their average rank (as `scipy.stats.rankdata`).
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let average = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = average;
        }
        start = end;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_that_are_not_numbers_or_all_alike_are_errors_not_nan() {
        let vectors =
            WordVectors::from_pairs(2, [("cat", &[1.0f32, 0.0][..]), ("dog", &[0.8, 0.6][..])])
                .unwrap();
        for (pairs, expected) in [
            (
                "cat\tdog\tNaN\ndog\tcat\t5\n",
                "line 1: the score of cat and dog is NaN",
            ),
            (
                "cat\tdog\t5\ndog\tcat\tinf\n",
                "line 2: the score of dog and cat is inf",
            ),
            ("cat\tdog\t5\ndog\tcat\t5\n", "the correlation is undefined"),
        ] {
            let error = evaluate_word_pairs(&vectors, pairs, 10, true).unwrap_err();
            assert!(error.to_string().starts_with(expected), "{error}");
        }
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 30.0]), vec![1.5, 3.0, 1.5, 4.0]);
    }

    #[test]
    fn pearson_of_a_line_is_one() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 5.0, 7.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    }
}
