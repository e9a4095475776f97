//! "Did you mean …?" for words that are not in the vocabulary.

use rayon::prelude::*;

use super::WordVectors;

/// Up to `max` vocabulary words spelled like `word`: other capitalisations first, then words
/// within a small edit distance (typos, swapped letters), more frequent words first.
pub(crate) fn close_words(vectors: &WordVectors, word: &str, max: usize) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let lower = word.to_lowercase();
    let mut title = String::new();
    let mut chars = lower.chars();
    if let Some(first) = chars.next() {
        title.extend(first.to_uppercase());
        title.push_str(chars.as_str());
    }
    for variant in [lower.clone(), word.to_uppercase(), title] {
        if variant != word && vectors.index_of(&variant).is_some() && !found.contains(&variant) {
            found.push(variant);
        }
    }

    let target: Vec<char> = lower.chars().collect();
    let limit = if target.len() <= 4 { 1 } else { 2 };
    let mut near: Vec<(usize, usize)> = vectors
        .words()
        .par_iter()
        .enumerate()
        .filter_map(|(index, candidate)| {
            let candidate: Vec<char> = candidate.to_lowercase().chars().collect();
            if candidate.len().abs_diff(target.len()) > limit {
                return None;
            }
            let distance = edit_distance(&target, &candidate);
            (distance <= limit).then_some((distance, index))
        })
        .collect();
    near.sort_unstable();
    for (_, index) in near {
        if found.len() >= max {
            break;
        }
        let candidate = vectors.word(index);
        if candidate != word && !found.iter().any(|f| f == candidate) {
            found.push(candidate.to_owned());
        }
    }
    found.truncate(max);
    found
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters each cost one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance(&chars("kign"), &chars("king")), 1);
        assert_eq!(edit_distance(&chars("queen"), &chars("queens")), 1);
        assert_eq!(edit_distance(&chars("cat"), &chars("dog")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("ab")), 2);
    }

    #[test]
    fn suggestions_prefer_case_variants_then_frequent_words() {
        let one = [1.0f32];
        let vectors = WordVectors::from_pairs(
            1,
            ["the", "king", "kings", "kin", "queen", "paris"].map(|w| (w, &one[..])),
        )
        .unwrap();
        assert_eq!(close_words(&vectors, "Paris", 5), vec!["paris"]);
        assert_eq!(
            close_words(&vectors, "kingg", 5),
            vec!["king", "kings", "kin"]
        );
        assert!(close_words(&vectors, "zebra", 5).is_empty());
    }
}
