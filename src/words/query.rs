//! The queries students type, answered the way gensim's `KeyedVectors` answers them.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt;
use std::ops::Range;

use rayon::prelude::*;

use super::{WordVectors, WordsError};
use crate::vector::{dot, normalised};

/// Whether a word is added or subtracted in an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Sign {
    Plus,
    Minus,
}

/// One signed word of an [`Expression`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    pub sign: Sign,
    pub word: String,
}

/// Word arithmetic as students write it: `king - man + woman`, `paris - france + italy`.
///
/// Operators stand alone (`king - man`) or prefix a word (`king -man`); a word with a hyphen
/// inside (`well-known`) stays one word. Words without an operator between them are added.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Expression {
    pub terms: Vec<Term>,
}

impl Expression {
    pub fn parse(text: &str) -> Result<Self, WordsError> {
        let mut terms = Vec::new();
        let mut pending: Option<Sign> = None;
        for token in text.split_whitespace() {
            let (sign, word) = match token {
                "+" | "-" if pending.is_some() => {
                    return Err(WordsError::BadQuery(format!(
                        "two operators in a row (a second \"{token}\") in \"{text}\""
                    )));
                }
                "+" => {
                    pending = Some(Sign::Plus);
                    continue;
                }
                "-" => {
                    pending = Some(Sign::Minus);
                    continue;
                }
                _ => match (pending.take(), token.strip_prefix(['+', '-'])) {
                    (None, Some(rest)) if !rest.is_empty() => {
                        let sign = if token.starts_with('-') {
                            Sign::Minus
                        } else {
                            Sign::Plus
                        };
                        (sign, rest)
                    }
                    (sign, _) => (sign.unwrap_or(Sign::Plus), token),
                },
            };
            terms.push(Term {
                sign,
                word: word.to_owned(),
            });
        }
        if pending.is_some() {
            return Err(WordsError::BadQuery(format!(
                "\"{text}\" ends with an operator; add a word after it"
            )));
        }
        if !terms.iter().any(|t| t.sign == Sign::Plus) {
            return Err(WordsError::BadQuery(if terms.is_empty() {
                "type a word or an expression such as \"king - man + woman\"".to_owned()
            } else {
                format!("\"{text}\" needs at least one added word")
            }));
        }
        Ok(Self { terms })
    }

    /// The added words, in order.
    pub fn positive(&self) -> Vec<&str> {
        self.words_with(Sign::Plus)
    }

    /// The subtracted words, in order.
    pub fn negative(&self) -> Vec<&str> {
        self.words_with(Sign::Minus)
    }

    fn words_with(&self, sign: Sign) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|t| t.sign == sign)
            .map(|t| t.word.as_str())
            .collect()
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.terms.iter().enumerate() {
            match (i, term.sign) {
                (0, Sign::Plus) => {}
                (0, Sign::Minus) => f.write_str("-")?,
                (_, Sign::Plus) => f.write_str(" + ")?,
                (_, Sign::Minus) => f.write_str(" - ")?,
            }
            f.write_str(&term.word)?;
        }
        Ok(())
    }
}

/// How an analogy is scored: gensim's `most_similar` or `most_similar_cosmul`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum AnalogyMethod {
    /// Cosine with the normalised sum of the (signed) unit vectors.
    #[default]
    CosAdd,
    /// Product of shifted cosines with the added words over those with the subtracted ones.
    CosMul,
}

/// The answers to an expression, and what gensim's exclusion of the input words hides.
#[derive(Debug, Clone, PartialEq)]
pub struct Analogy {
    pub answers: Vec<Neighbour>,
    /// The best-scoring input word and the rank it would have had (1 = first) had the inputs
    /// not been left out.
    pub best_excluded: Option<(Neighbour, usize)>,
}

/// A word and its score for a query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Neighbour {
    pub word: String,
    #[serde(skip)]
    pub index: usize,
    pub score: f32,
}

/// Scores one unit row of the matrix for a query.
type RowScore<'a> = dyn Fn(&[f32]) -> f32 + Sync + 'a;

/// Rows scanned per parallel task.
const ROWS_PER_TASK: usize = 4096;

impl WordVectors {
    /// gensim's `most_similar` (3CosAdd): the cosine of every word with the normalised mean of
    /// the unit vectors of `positive` minus those of `negative`; the input words are left out.
    /// `restrict_vocab` searches only the first N (most frequent) words.
    pub fn most_similar(
        &self,
        positive: &[&str],
        negative: &[&str],
        topn: usize,
        restrict_vocab: Option<usize>,
    ) -> Result<Vec<Neighbour>, WordsError> {
        let inputs = self.lookup_all(positive, negative)?;
        let (mean, exclude) = self.mean_direction(&inputs)?;
        let end = restrict_vocab.map_or(self.len(), |r| r.min(self.len()));
        Ok(self.neighbours(self.top_by_direction(0..end, topn, &exclude, &mean)))
    }

    /// [`most_similar`](Self::most_similar) with indices already looked up (positive weight +1,
    /// negative −1): the analogy evaluation calls this in a loop.
    pub(crate) fn most_similar_indices(
        &self,
        inputs: &[(usize, f32)],
        topn: usize,
        end: usize,
    ) -> Result<Vec<Neighbour>, WordsError> {
        let (mean, exclude) = self.mean_direction(inputs)?;
        Ok(self.neighbours(self.top_by_direction(0..end.min(self.len()), topn, &exclude, &mean)))
    }

    /// gensim's `most_similar_cosmul` (3CosMul, Levy & Goldberg): the product of the shifted
    /// cosines `(1 + cos) / 2` with the positive words over that with the negative words.
    pub fn most_similar_cosmul(
        &self,
        positive: &[&str],
        negative: &[&str],
        topn: usize,
    ) -> Result<Vec<Neighbour>, WordsError> {
        if positive.is_empty() {
            return Err(WordsError::BadQuery(
                "3CosMul needs at least one added word".into(),
            ));
        }
        let inputs = self.lookup_all(positive, negative)?;
        let exclude: Vec<usize> = inputs.iter().map(|&(i, _)| i).collect();
        let scored = self.top_scores(0..self.len(), topn, &exclude, self.cosmul_score(&inputs));
        Ok(self.neighbours(scored))
    }

    /// gensim's 3CosMul score of a unit row for weighted inputs (+1 added, −1 subtracted).
    fn cosmul_score<'a>(&'a self, inputs: &[(usize, f32)]) -> impl Fn(&[f32]) -> f32 + Sync + 'a {
        let terms = |sign: f32| -> Vec<&'a [f32]> {
            inputs
                .iter()
                .filter(|t| t.1 * sign > 0.0)
                .map(|t| self.unit_vector(t.0))
                .collect()
        };
        let (pos, neg) = (terms(1.0), terms(-1.0));
        move |row| {
            let shifted = |term: &&[f32]| (1.0 + dot(row, term)) / 2.0;
            let numerator: f32 = pos.iter().map(shifted).product();
            let denominator: f32 = neg.iter().map(shifted).product();
            numerator / (denominator + 0.000_001)
        }
    }

    /// Answers an expression with `method`, like gensim, and reports the best input word that
    /// the answers leave out (students often wonder why `king` is not the answer to `king + …`).
    pub fn analogy(
        &self,
        expression: &Expression,
        method: AnalogyMethod,
        topn: usize,
    ) -> Result<Analogy, WordsError> {
        let (positive, negative) = (expression.positive(), expression.negative());
        let answers = match method {
            AnalogyMethod::CosAdd => self.most_similar(&positive, &negative, topn, None)?,
            AnalogyMethod::CosMul => self.most_similar_cosmul(&positive, &negative, topn)?,
        };
        let inputs = self.lookup_all(&positive, &negative)?;
        let score: Box<RowScore<'_>> = match method {
            AnalogyMethod::CosAdd => {
                let (mean, _) = self.mean_direction(&inputs)?;
                Box::new(move |row| dot(row, &mean))
            }
            AnalogyMethod::CosMul => Box::new(self.cosmul_score(&inputs)),
        };
        let best_input = inputs
            .iter()
            .map(|&(index, _)| (index, score(self.unit_vector(index))))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let best_excluded = best_input.map(|(index, best)| {
            let above = self
                .unit_matrix()
                .par_chunks(self.dim().max(1))
                .enumerate()
                .filter(|&(i, row)| i != index && score(row) > best)
                .count();
            let neighbour = Neighbour {
                word: self.word(index).to_owned(),
                index,
                score: best,
            };
            (neighbour, above + 1)
        });
        Ok(Analogy {
            answers,
            best_excluded,
        })
    }

    /// The words closest to an arbitrary direction (need not be unit length), leaving out
    /// `exclude`: hover neighbours and points on the map that are not words.
    pub fn nearest_to_vector(
        &self,
        vector: &[f32],
        topn: usize,
        exclude: &[usize],
    ) -> Vec<Neighbour> {
        let unit = normalised(vector.to_vec());
        self.neighbours(self.top_by_direction(0..self.len(), topn, exclude, &unit))
    }

    /// The unit direction an expression points in (3CosAdd's mean of its signed unit vectors):
    /// what a typed query is compared with when the things searched are not words.
    pub fn direction(&self, expression: &Expression) -> Result<Vec<f32>, WordsError> {
        let inputs = self.lookup_all(&expression.positive(), &expression.negative())?;
        Ok(self.mean_direction(&inputs)?.0)
    }

    /// Cosine similarity of two words (gensim's `similarity`).
    pub fn similarity(&self, a: &str, b: &str) -> Result<f32, WordsError> {
        let (a, b) = (self.lookup(a)?, self.lookup(b)?);
        Ok(self.similarity_of(a, b))
    }

    pub(crate) fn similarity_of(&self, a: usize, b: usize) -> f32 {
        dot(self.unit_vector(a), self.unit_vector(b))
    }

    /// gensim's `rank_by_centrality`: the words ordered by cosine with the mean of their unit
    /// vectors, most central first.
    pub fn rank_by_centrality(&self, words: &[&str]) -> Result<Vec<Neighbour>, WordsError> {
        if words.len() < 2 {
            return Err(WordsError::BadQuery(
                "give at least two words to compare".into(),
            ));
        }
        let indices = words
            .iter()
            .map(|w| self.lookup(w))
            .collect::<Result<Vec<_>, _>>()?;
        let mut mean = vec![0f32; self.dim()];
        for &i in &indices {
            for (m, v) in mean.iter_mut().zip(self.unit_vector(i)) {
                *m += v;
            }
        }
        let mean = normalised(mean);
        let mut ranked: Vec<Neighbour> = indices
            .iter()
            .map(|&index| Neighbour {
                word: self.word(index).to_owned(),
                index,
                score: dot(self.unit_vector(index), &mean),
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.word.cmp(&a.word))
        });
        Ok(ranked)
    }

    /// gensim's `doesnt_match`: the word furthest from the mean of all of them.
    pub fn doesnt_match(&self, words: &[&str]) -> Result<String, WordsError> {
        let ranked = self.rank_by_centrality(words)?;
        Ok(ranked.last().map(|n| n.word.clone()).unwrap_or_default())
    }

    pub(crate) fn lookup_all(
        &self,
        positive: &[&str],
        negative: &[&str],
    ) -> Result<Vec<(usize, f32)>, WordsError> {
        let signed = positive
            .iter()
            .map(|w| (w, 1.0))
            .chain(negative.iter().map(|w| (w, -1.0)));
        signed
            .map(|(w, weight)| Ok((self.lookup(w)?, weight)))
            .collect()
    }

    /// The unit mean of the weighted unit vectors (gensim's `get_mean_vector` with pre- and
    /// post-normalisation) and the input indices to leave out of the answers.
    pub(crate) fn mean_direction(
        &self,
        inputs: &[(usize, f32)],
    ) -> Result<(Vec<f32>, Vec<usize>), WordsError> {
        if inputs.is_empty() {
            return Err(WordsError::BadQuery(
                "cannot compute a mean of no words".into(),
            ));
        }
        let mut mean = vec![0f32; self.dim()];
        for &(index, weight) in inputs {
            for (m, v) in mean.iter_mut().zip(self.unit_vector(index)) {
                *m += weight * v;
            }
        }
        let total: f32 = inputs.iter().map(|(_, w)| w.abs()).sum();
        mean.iter_mut().for_each(|m| *m /= total);
        let mean = normalised(mean);
        if mean.iter().all(|&m| m == 0.0) {
            return Err(WordsError::BadQuery(
                "the words cancel out: their sum is the zero vector, which points nowhere".into(),
            ));
        }
        Ok((mean, inputs.iter().map(|&(i, _)| i).collect()))
    }

    /// The `topn` rows in `range` outside `exclude` with the highest cosine to the unit vector
    /// `direction`: the int8 first pass picks candidates, the f32 rows score them, so the answer
    /// equals the full scan's.
    fn top_by_direction(
        &self,
        range: Range<usize>,
        topn: usize,
        exclude: &[usize],
        direction: &[f32],
    ) -> Vec<(usize, f32)> {
        // There are no more answers than rows: a huge `topn` must not size any allocation.
        let topn = topn.min(range.len());
        match self
            .quantized()
            .candidates(direction, range.clone(), topn, exclude)
        {
            Some(rows) => {
                let mut scored: Vec<Scored> = rows
                    .into_iter()
                    .map(|index| Scored(dot(self.unit_vector(index), direction), index))
                    .collect();
                scored.sort_unstable();
                scored.truncate(topn);
                scored.into_iter().map(|Scored(s, i)| (i, s)).collect()
            }
            None => self.top_scores(range, topn, exclude, |row| dot(row, direction)),
        }
    }

    /// The `topn` best-scoring rows in `range` outside `exclude`, best first (ties: earlier word
    /// first), scanned in parallel with one small heap per task.
    fn top_scores(
        &self,
        range: Range<usize>,
        topn: usize,
        exclude: &[usize],
        score: impl Fn(&[f32]) -> f32 + Sync,
    ) -> Vec<(usize, f32)> {
        let topn = topn.min(range.len());
        if topn == 0 {
            return Vec::new();
        }
        let dim = self.dim().max(1);
        let rows = &self.unit_matrix()[range.start * dim..range.end * dim];
        let merged = rows
            .par_chunks(ROWS_PER_TASK * dim)
            .enumerate()
            .map(|(task, chunk)| {
                let first = range.start + task * ROWS_PER_TASK;
                let mut heap = BinaryHeap::with_capacity(topn + 1);
                for (offset, row) in chunk.chunks_exact(dim).enumerate() {
                    let index = first + offset;
                    let candidate = Scored(score(row), index);
                    if heap.len() == topn
                        && heap
                            .peek()
                            .is_some_and(|worst: &Scored| *worst <= candidate)
                    {
                        continue;
                    }
                    if exclude.contains(&index) {
                        continue;
                    }
                    heap.push(candidate);
                    if heap.len() > topn {
                        heap.pop();
                    }
                }
                heap.into_vec()
            })
            .reduce(Vec::new, |mut a, b| {
                a.extend(b);
                a
            });
        let mut merged = merged;
        merged.sort_unstable();
        merged.truncate(topn);
        merged.into_iter().map(|Scored(s, i)| (i, s)).collect()
    }

    fn neighbours(&self, scored: Vec<(usize, f32)>) -> Vec<Neighbour> {
        scored
            .into_iter()
            .map(|(index, score)| Neighbour {
                word: self.word(index).to_owned(),
                index,
                score,
            })
            .collect()
    }
}

/// A score and its row, ordered best first: higher score, then lower index. A max-heap of these
/// keeps the worst kept candidate on top.
#[derive(Debug, Clone, Copy)]
struct Scored(f32, usize);

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scored {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::fixtures::royals;

    fn parse(text: &str) -> (Vec<String>, Vec<String>) {
        let e = Expression::parse(text).unwrap();
        let own = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect();
        (own(e.positive()), own(e.negative()))
    }

    #[test]
    fn expressions_parse_as_students_type_them() {
        assert_eq!(
            parse("king - man + woman"),
            (vec!["king".into(), "woman".into()], vec!["man".into()])
        );
        assert_eq!(
            parse("king -man +woman"),
            (vec!["king".into(), "woman".into()], vec!["man".into()])
        );
        assert_eq!(parse("  car "), (vec!["car".into()], vec![]));
        assert_eq!(parse("well-known"), (vec!["well-known".into()], vec![]));
        assert_eq!(
            parse("paris france"),
            (vec!["paris".into(), "france".into()], vec![])
        );
        assert_eq!(
            Expression::parse("king -  man+woman").unwrap().to_string(),
            "king - man+woman"
        );
    }

    #[test]
    fn an_absurd_topn_returns_every_word_without_allocating_for_it() {
        let v = royals();
        assert_eq!(
            v.most_similar(&["king"], &[], usize::MAX, None)
                .unwrap()
                .len(),
            4
        );
        assert_eq!(
            v.most_similar_cosmul(&["king"], &[], usize::MAX)
                .unwrap()
                .len(),
            4
        );
        assert_eq!(
            v.most_similar(&["king"], &[], 10_000_000_000_000, Some(2))
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn words_in_any_script_parse() {
        assert_eq!(parse("été"), (vec!["été".into()], vec![]));
        assert_eq!(parse("日本"), (vec!["日本".into()], vec![]));
        assert_eq!(
            parse("king - été +ünter -日本"),
            (
                vec!["king".into(), "ünter".into()],
                vec!["été".into(), "日本".into()]
            )
        );
        assert!(matches!(
            Expression::parse("-été"),
            Err(WordsError::BadQuery(_))
        ));
    }

    #[test]
    fn malformed_expressions_are_explained() {
        for bad in ["", "king -", "- man", "king + - man", "+"] {
            assert!(
                matches!(Expression::parse(bad), Err(WordsError::BadQuery(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn most_similar_leaves_out_inputs_and_ranks_by_cosine() {
        let v = royals();
        let answers = v.most_similar(&["king"], &[], 10, None).unwrap();
        let words: Vec<&str> = answers.iter().map(|n| n.word.as_str()).collect();
        assert_eq!(words, ["queen", "woman", "man", "apple"]);
        assert!((answers[0].score - 0.948_683_3).abs() < 1e-6);
        assert_eq!(v.most_similar(&["king"], &[], 2, Some(2)).unwrap().len(), 1);
        assert!(v.most_similar(&["king"], &["king"], 3, None).is_err());
    }

    #[test]
    fn quantised_first_pass_returns_exactly_the_full_scan() {
        // Deterministic pseudo-random vectors, with near-duplicates to make close calls.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        let dim = 37;
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let mut rows: Vec<Vec<f32>> = (0..words.len())
            .map(|_| (0..dim).map(|_| next()).collect())
            .collect();
        for i in (0..rows.len()).step_by(97) {
            let mut twin = rows[i].clone();
            twin[0] += 1e-4;
            rows[i + 1] = twin;
        }
        let v = WordVectors::from_pairs(
            dim,
            words
                .iter()
                .map(String::as_str)
                .zip(rows.iter().map(Vec::as_slice)),
        )
        .unwrap();
        for q in 0..40 {
            let direction = normalised((0..dim).map(|_| next()).collect());
            let exclude = [q * 7, q * 11 + 1];
            for (topn, end) in [(1, v.len()), (10, v.len()), (25, 15_000)] {
                let fast = v.top_by_direction(0..end, topn, &exclude, &direction);
                let full = v.top_scores(0..end, topn, &exclude, |row| dot(row, &direction));
                assert_eq!(fast, full, "query {q}, top {topn} of {end}");
            }
        }
    }

    #[test]
    fn analogy_reports_the_best_excluded_input() {
        let v = royals();
        let expression = Expression::parse("king - man + woman").unwrap();
        let analogy = v.analogy(&expression, AnalogyMethod::CosAdd, 2).unwrap();
        assert_eq!(analogy.answers[0].word, "queen");
        let (best, rank) = analogy.best_excluded.unwrap();
        assert!(["king", "woman"].contains(&best.word.as_str()));
        assert!(rank >= 1);
        let cosmul = v.analogy(&expression, AnalogyMethod::CosMul, 2).unwrap();
        assert_eq!(
            cosmul.answers,
            v.most_similar_cosmul(&["king", "woman"], &["man"], 2)
                .unwrap()
        );
    }

    #[test]
    fn odd_one_out_is_the_least_central() {
        assert_eq!(
            royals()
                .doesnt_match(&["king", "queen", "woman", "apple"])
                .unwrap(),
            "apple"
        );
    }
}
