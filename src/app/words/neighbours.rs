//! Nearest neighbours of a word: the list, and the word with its neighbours marked on the map.

use super::{Query, list_ui};
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::marks::{At, Layer, Tone};
use crate::app::floor::widgets::query_row;
use crate::words::{Neighbour, WordVectors, WordsError};

/// How many neighbours are listed.
const NEIGHBOURS: usize = 10;

/// A word and its nearest words.
pub struct NeighboursResult {
    pub word: String,
    pub neighbours: Vec<Neighbour>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NeighboursPanel {
    pub word: String,
    #[serde(skip)]
    pub result: LatestAnswer<Result<NeighboursResult, WordsError>>,
}

impl Default for NeighboursPanel {
    fn default() -> Self {
        Self {
            word: "paris".into(),
            result: LatestAnswer::default(),
        }
    }
}

impl NeighboursPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.heading("Neighbours");
        if query_row(ui, "Word", &mut self.word, 160.0, "Find") {
            actions.push(Action::Query(Query::Neighbours(self.word.clone())));
        }
        answer_ui(ui, self.result.as_ref(), None, |ui, result| {
            list_ui(ui, "neighbours", &result.neighbours);
        });
    }

    /// The word and its neighbours, marked on the map.
    pub fn layers(&self, vectors: &WordVectors) -> Vec<Layer> {
        let Some(Ok(result)) = self.result.as_ref() else {
            return Vec::new();
        };
        let at = vectors
            .index_of(&result.word)
            .into_iter()
            .chain(result.neighbours.iter().map(|n| n.index))
            .map(At::Word)
            .collect();
        vec![Layer::Points {
            name: "neighbours".into(),
            at,
            color: Tone::Accent,
            radius: 4.0,
        }]
    }
}

pub(super) fn find(vectors: &WordVectors, word: &str) -> Result<NeighboursResult, WordsError> {
    Ok(NeighboursResult {
        word: word.to_owned(),
        neighbours: vectors.most_similar(&[word], &[], NEIGHBOURS, None)?,
    })
}
