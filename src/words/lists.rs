//! Word lists the user types, one per line (`animals: dog cat horse`): do the words a student
//! thinks of as one group land together on a map? The words map colours each list's words and
//! labels them first; the training map follows them while the vectors are learnt. Words the
//! vocabulary lacks are named, not dropped silently.

use std::collections::HashMap;

use crate::words::{WordVectors, split_list};

/// The lists shown when colouring by word lists is first picked.
pub const EXAMPLE_LISTS: &str = "\
numbers: one two three four five six seven eight nine ten
countries: france germany italy spain china japan india brazil canada egypt
animals: dog cat horse cow sheep pig lion tiger elephant monkey
colours: red blue green yellow black white orange purple pink brown
months: january february march april june july august september october november december";

/// The typed lists, resolved against one vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct WordLists {
    pub lists: Vec<WordList>,
    /// Lines past the last colour that stays apart, which are not coloured.
    pub lines_left_out: usize,
    /// Word index → the list it is coloured by (the first that names it).
    list_of: HashMap<usize, usize>,
}

/// One line of the lists.
#[derive(Debug, Clone, PartialEq)]
pub struct WordList {
    /// The name before the colon, or the first words when there is none.
    pub name: String,
    /// The words found in the vocabulary, in the order typed, each once.
    pub indices: Vec<usize>,
    /// The words the vocabulary does not have.
    pub missing: Vec<String>,
}

impl WordLists {
    /// Reads one list per non-empty line, `name: words` or just words, looking each word up as
    /// typed and then in lower case (GloVe's words are lower case). At most `most` lists.
    pub fn parse(text: &str, vectors: &WordVectors, most: usize) -> Self {
        Self::parse_with(text, |word| vectors.index_of(word), most)
    }

    /// [`WordLists::parse`] against any vocabulary: `index_of` finds a word's index.
    pub fn parse_with(text: &str, index_of: impl Fn(&str) -> Option<usize>, most: usize) -> Self {
        let mut lists = Vec::new();
        let mut list_of = HashMap::new();
        let mut lines_left_out = 0;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if lists.len() == most {
                lines_left_out += 1;
                continue;
            }
            let (name, words) = match line.split_once(':') {
                Some((name, words)) if !name.trim().is_empty() => (Some(name.trim()), words),
                Some((_, words)) => (None, words),
                None => (None, line),
            };
            let words: Vec<&str> = split_list(words).collect();
            let name = name.map_or_else(|| first_words(&words), str::to_owned);
            let mut list = WordList {
                name,
                indices: Vec::new(),
                missing: Vec::new(),
            };
            for word in words {
                let found = index_of(word).or_else(|| index_of(&word.to_lowercase()));
                match found {
                    Some(index) if !list.indices.contains(&index) => {
                        list.indices.push(index);
                        list_of.entry(index).or_insert(lists.len());
                    }
                    Some(_) => {}
                    None => list.missing.push(word.to_owned()),
                }
            }
            lists.push(list);
        }
        Self {
            lists,
            lines_left_out,
            list_of,
        }
    }

    /// Every word of every list, for the map to include.
    pub fn words(&self) -> Vec<usize> {
        self.lists
            .iter()
            .flat_map(|list| list.indices.iter().copied())
            .collect()
    }

    /// The list the word with this index is coloured by, if any.
    pub fn list_of(&self, index: usize) -> Option<usize> {
        self.list_of.get(&index).copied()
    }
}

/// A nameless list is named by its first three words.
fn first_words(words: &[&str]) -> String {
    let mut name = words.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if words.len() > 3 {
        name.push_str(", …");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::fixtures;

    #[test]
    fn lines_become_named_lists_with_their_missing_words() {
        let vectors = fixtures::royals();
        let id = |word| vectors.index_of(word).unwrap();
        let text = "royals: King, queen queen zzqx\n\n  man woman apple king  \n: apple\nfruit:\n";
        let lists = WordLists::parse(text, &vectors, 12);
        let names: Vec<&str> = lists.lists.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["royals", "man, woman, apple, …", "apple", "fruit"]);
        let royals = &lists.lists[0];
        assert_eq!(
            royals.indices,
            [id("king"), id("queen")],
            "King found as king, once"
        );
        assert_eq!(royals.missing, ["zzqx"]);
        assert_eq!(lists.lists[1].indices.len(), 4);
        assert_eq!(lists.list_of(id("man")), Some(1));
        assert_eq!(lists.words().len(), 2 + 4 + 1);
        assert!(lists.lists[3].indices.is_empty() && lists.lists[3].missing.is_empty());
    }

    #[test]
    fn a_word_in_two_lists_keeps_the_first_colour_and_extra_lines_are_counted() {
        let vectors = fixtures::royals();
        let king = vectors.index_of("king").unwrap();
        let lists = WordLists::parse("a: king man\nb: king\nc: queen\nd: woman", &vectors, 2);
        assert_eq!(lists.lists.len(), 2);
        assert_eq!(lists.lines_left_out, 2);
        assert_eq!(lists.list_of(king), Some(0));
        assert_eq!(lists.lists[1].indices, [king], "b still lists king");
    }
}
