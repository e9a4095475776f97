//! The hot loop: skip-gram with negative sampling (Mikolov et al. 2013, "Distributed
//! Representations of Words and Phrases and their Compositionality"), as word2vec.c and gensim's
//! `Word2Vec(sg=1)` run it. For each word of a sentence, each word within a randomly shrunk
//! window predicts it: the context word's input vector (a row of the hidden layer, which becomes
//! its embedding) is pulled towards the word's output vector and pushed away from `negative`
//! words drawn from the unigram distribution raised to the 3/4.
//!
//! Threads update the shared weights without locks (Hogwild, Recht et al. 2011): two threads
//! rarely touch the same row at once, and a lost update is noise SGD absorbs; word2vec.c and
//! gensim train the same way.

use super::corpus::Corpus;
use crate::vector::dot;

/// word2vec.c's sigmoid table: σ(x) for x in [-MAX_EXP, MAX_EXP] in EXP_TABLE steps; beyond,
/// the gradient is taken as 0 or 1 exactly.
const MAX_EXP: f32 = 6.0;
const EXP_TABLE: usize = 1000;

/// word2vec.c's linear congruential generator: fast, and the same sequence for the same seed.
#[derive(Clone)]
pub(super) struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(25_214_903_917).wrapping_add(11);
        self.0
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f32 {
        ((self.next() >> 16) & 0xFFFF) as f32 / 65536.0
    }
}

/// What is fixed for a training run: sampling tables and the precomputed sigmoid.
pub(super) struct Tables {
    /// Probability of keeping each vocabulary word (frequent-word subsampling).
    pub keep: Vec<f32>,
    /// Negative samples: unigram^0.75, drawn in constant time.
    negatives: AliasTable,
    sigmoid: Vec<f32>,
    log_sigmoid: Vec<f32>,
}

impl Tables {
    pub fn new(corpus: &Corpus, sample: f64) -> Self {
        // gensim's `prepare_vocab`: keep a word with probability (√(c/t) + 1)·t/c, t = sample·N.
        let total: u64 = corpus.counts.iter().sum();
        let threshold = sample * total as f64;
        let keep = corpus
            .counts
            .iter()
            .map(|&count| {
                if sample <= 0.0 {
                    return 1.0;
                }
                let count = count as f64;
                (((count / threshold).sqrt() + 1.0) * threshold / count).min(1.0) as f32
            })
            .collect();
        let powered: Vec<f64> = corpus
            .counts
            .iter()
            .map(|&c| (c as f64).powf(0.75))
            .collect();
        let negatives = AliasTable::new(&powered);
        let sigmoid = (0..EXP_TABLE)
            .map(|i| {
                let x = (i as f32 / EXP_TABLE as f32 * 2.0 - 1.0) * MAX_EXP;
                1.0 / (1.0 + (-x).exp())
            })
            .collect::<Vec<f32>>();
        let log_sigmoid = sigmoid.iter().map(|s| s.ln()).collect();
        Self {
            keep,
            negatives,
            sigmoid,
            log_sigmoid,
        }
    }

    /// The share of the corpus's words subsampling keeps, on average.
    pub fn kept_share(&self, corpus: &Corpus) -> f64 {
        let total: u64 = corpus.counts.iter().sum();
        let kept: f64 = corpus
            .counts
            .iter()
            .zip(&self.keep)
            .map(|(&count, &keep)| count as f64 * f64::from(keep))
            .sum();
        kept / total.max(1) as f64
    }

    /// A word drawn from the unigram^0.75 distribution.
    pub fn negative(&self, rng: &mut Lcg) -> u32 {
        self.negatives.draw(rng)
    }

    fn slot(x: f32) -> usize {
        (((x + MAX_EXP) * (EXP_TABLE as f32 / MAX_EXP / 2.0)) as usize).min(EXP_TABLE - 1)
    }
}

/// Walker's alias method: draws from a discrete distribution in constant time, where
/// word2vec.c keeps a 100-million-entry table and gensim bisects a cumulative one.
struct AliasTable {
    /// The chance of keeping the drawn slot rather than taking its alias.
    keep: Vec<f32>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// The table for drawing index i with probability `weights[i] / Σ weights`.
    fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let sum: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / sum).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left is 1 up to rounding.
        for i in small.into_iter().chain(large) {
            scaled[i] = 1.0;
        }
        Self {
            keep: scaled.iter().map(|&p| p as f32).collect(),
            alias,
        }
    }

    fn draw(&self, rng: &mut Lcg) -> u32 {
        let slot = ((rng.next() >> 16) % self.keep.len() as u64) as usize;
        if rng.unit() < self.keep[slot] {
            slot as u32
        } else {
            self.alias[slot]
        }
    }
}

/// The network's two weight matrices, shared by the training threads without locks.
pub(super) struct Weights {
    /// Input vectors (the hidden layer): the embeddings.
    pub input: Vec<f32>,
    /// Output vectors, one per word, for the negative-sampling classifier.
    pub output: Vec<f32>,
    pub dim: usize,
}

impl Weights {
    /// word2vec.c's initialisation: inputs uniform in ±0.5/dim, outputs zero.
    pub fn new(words: usize, dim: usize, seed: u64) -> Self {
        let mut rng = Lcg::new(seed);
        let input = (0..words * dim)
            .map(|_| (rng.unit() - 0.5) / dim as f32)
            .collect();
        Self {
            input,
            output: vec![0.0; words * dim],
            dim,
        }
    }
}

/// Raw access to the weights for the Hogwild threads.
#[derive(Clone, Copy)]
pub(super) struct Shared {
    input: *mut f32,
    output: *mut f32,
    dim: usize,
    words: usize,
}

// SAFETY: the threads write rows of these matrices without synchronisation, by design
// (Hogwild, see the module docs); the matrices outlive the scoped threads that use them.
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

impl Shared {
    pub fn new(weights: &mut Weights) -> Self {
        Self {
            input: weights.input.as_mut_ptr(),
            output: weights.output.as_mut_ptr(),
            dim: weights.dim,
            words: weights.input.len() / weights.dim.max(1),
        }
    }

    /// A row of one matrix.
    ///
    /// SAFETY: `index < words`; other threads may write the same row meanwhile (Hogwild).
    #[allow(clippy::mut_from_ref)]
    unsafe fn row(&self, matrix: *mut f32, index: u32) -> &mut [f32] {
        debug_assert!((index as usize) < self.words);
        unsafe { std::slice::from_raw_parts_mut(matrix.add(index as usize * self.dim), self.dim) }
    }

    /// σ(input[context] · output[word]): the predicted chance that `word` occurs near `context`.
    pub fn probability(&self, word: u32, context: u32) -> f32 {
        if word as usize >= self.words || context as usize >= self.words {
            return 0.0;
        }
        // SAFETY: both indices were checked against the row count just above.
        let (input, output) =
            unsafe { (self.row(self.input, context), self.row(self.output, word)) };
        1.0 / (1.0 + (-dot(input, output)).exp())
    }

    /// The cosine of two words' input vectors as they are now (0 where one is zero or an index
    /// is out of range).
    pub fn cosine(&self, a: u32, b: u32) -> f32 {
        if a as usize >= self.words || b as usize >= self.words {
            return 0.0;
        }
        // SAFETY: both indices were checked against the row count just above.
        let (a, b) = unsafe { (self.row(self.input, a), self.row(self.input, b)) };
        let norms = (dot(a, a) * dot(b, b)).sqrt();
        if norms > 0.0 { dot(a, b) / norms } else { 0.0 }
    }

    /// A copy of one row of the input vectors; `None` out of range.
    pub fn input_row(&self, index: u32) -> Option<Vec<f32>> {
        // SAFETY: the index is checked against the row count first.
        ((index as usize) < self.words).then(|| unsafe { self.row(self.input, index) }.to_vec())
    }

    /// A copy of one row of the output vectors; `None` out of range.
    pub fn output_row(&self, index: u32) -> Option<Vec<f32>> {
        // SAFETY: the index is checked against the row count first.
        ((index as usize) < self.words).then(|| unsafe { self.row(self.output, index) }.to_vec())
    }

    /// A copy of the input vectors as they are now.
    pub fn snapshot(&self) -> Vec<f32> {
        // SAFETY: the matrix holds words·dim values; rows may be mid-update (Hogwild).
        unsafe { std::slice::from_raw_parts(self.input, self.words * self.dim).to_vec() }
    }
}

/// What one chunk of training works with: the tables, the weights, the window, the number of
/// negatives and the learning rate of the moment.
pub(super) struct Step<'a> {
    pub tables: &'a Tables,
    pub shared: &'a Shared,
    pub window: usize,
    pub negative: usize,
    pub alpha: f32,
}

/// A thread's scratch space.
pub(super) struct Worker {
    rng: Lcg,
    hidden_error: Vec<f32>,
    sentence: Vec<u32>,
}

impl Worker {
    pub fn new(seed: u64, dim: usize) -> Self {
        Self {
            rng: Lcg::new(seed),
            hidden_error: vec![0.0; dim],
            sentence: Vec::new(),
        }
    }

    /// Trains on one sentence at learning rate `alpha`; returns (loss, pairs). Runs the loop
    /// compiled for AVX2 where the CPU has it (checked once per process): the same arithmetic in
    /// wider registers, so the same vectors.
    pub fn train_sentence(&mut self, sentence: &[u32], step: &Step) -> (f64, u64) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.train_sentence_avx2(sentence, step) };
        }
        self.train_sentence_portable(sentence, step)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn train_sentence_avx2(&mut self, sentence: &[u32], step: &Step) -> (f64, u64) {
        self.train_sentence_portable(sentence, step)
    }

    #[inline(always)]
    fn train_sentence_portable(&mut self, sentence: &[u32], step: &Step) -> (f64, u64) {
        self.sentence.clear();
        for &word in sentence {
            let keep = step.tables.keep[word as usize];
            if keep >= 1.0 || keep > self.rng.unit() {
                self.sentence.push(word);
            }
        }
        let (mut loss, mut pairs) = (0.0f64, 0u64);
        let words = std::mem::take(&mut self.sentence);
        for (position, &word) in words.iter().enumerate() {
            let shrink = (self.rng.next() % step.window as u64) as usize;
            let reach = step.window - shrink;
            let start = position.saturating_sub(reach);
            let end = (position + reach + 1).min(words.len());
            for (other, &context) in words.iter().enumerate().take(end).skip(start) {
                if other != position {
                    loss += f64::from(self.train_pair(word, context, step));
                    pairs += 1;
                }
            }
        }
        self.sentence = words;
        (loss, pairs)
    }

    /// One (word, context) pair: the context's input vector predicts the word against
    /// `negative` sampled words. Returns the pair's loss.
    #[inline(always)]
    fn train_pair(&mut self, word: u32, context: u32, step: &Step) -> f32 {
        let (tables, shared, alpha) = (step.tables, step.shared, step.alpha);
        // SAFETY: indices come from the corpus' vocabulary, the matrices' row count.
        let input = unsafe { shared.row(shared.input, context) };
        self.hidden_error.fill(0.0);
        let mut loss = 0.0;
        for d in 0..=step.negative {
            let (target, label) = if d == 0 {
                (word, 1.0)
            } else {
                let target = tables.negative(&mut self.rng);
                if target == word {
                    continue;
                }
                (target, 0.0)
            };
            // SAFETY: as above.
            let output = unsafe { shared.row(shared.output, target) };
            let f = dot(input, output);
            let (gradient, pair_loss) = if f > MAX_EXP {
                (label - 1.0, if label > 0.0 { 0.0 } else { f })
            } else if f < -MAX_EXP {
                (label, if label > 0.0 { -f } else { 0.0 })
            } else {
                let slot = Tables::slot(f);
                let loss = if label > 0.0 {
                    -tables.log_sigmoid[slot]
                } else {
                    -tables.log_sigmoid[Tables::slot(-f)]
                };
                (label - tables.sigmoid[slot], loss)
            };
            loss += pair_loss;
            let g = gradient * alpha;
            add_scaled(&mut self.hidden_error, g, output);
            add_scaled(output, g, input);
        }
        add_scaled(input, 1.0, &self.hidden_error);
        loss
    }
}

/// y += a·x.
#[inline(always)]
fn add_scaled(y: &mut [f32], a: f32, x: &[f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sigmoid_table_matches_the_function() {
        let corpus_counts = Corpus {
            path: Default::default(),
            words: vec!["a".into(), "b".into()],
            counts: vec![3, 1],
            tokens: vec![0, 1, 0, 0],
            sentence_ends: vec![4],
            raw_words: 4,
            distinct_words: 2,
            replaced: 0,
            ids: [("a".into(), 0), ("b".into(), 1)].into(),
        };
        let tables = Tables::new(&corpus_counts, 0.0);
        for x in [-5.9f32, -1.0, 0.0, 0.5, 3.0] {
            let exact = 1.0 / (1.0 + (-x).exp());
            assert!(
                (tables.sigmoid[Tables::slot(x)] - exact).abs() < 0.01,
                "{x}"
            );
        }
        assert_eq!(tables.keep, [1.0, 1.0], "no subsampling with sample 0");
        // Unigram^0.75: 3^0.75 / (3^0.75 + 1) ≈ 0.695 of the draws are "a" (alias method).
        let mut rng = Lcg::new(1);
        let draws = 10_000;
        let a = (0..draws)
            .filter(|_| tables.negative(&mut rng) == 0)
            .count();
        assert!((a as f64 / draws as f64 - 0.695).abs() < 0.02, "{a}");

        let alias = AliasTable::new(&[1.0, 0.0, 2.0, 5.0]);
        let mut seen = [0usize; 4];
        for _ in 0..80_000 {
            seen[alias.draw(&mut rng) as usize] += 1;
        }
        for (count, expected) in seen.iter().zip([0.125, 0.0, 0.25, 0.625]) {
            assert!(
                (*count as f64 / 80_000.0 - expected).abs() < 0.01,
                "{seen:?}"
            );
        }
    }
}
