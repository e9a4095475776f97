//! The odd one out of a list of words: the one least like the mean of all of them.

use super::{Query, list_ui};
use crate::app::Action;
use crate::app::floor::ask::{LatestAnswer, answer_ui};
use crate::app::floor::widgets::query_row;
use crate::words::{Neighbour, WordVectors, WordsError};

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct OddOneOutPanel {
    pub list: String,
    /// Every word with its cosine to the mean, most central first.
    #[serde(skip)]
    pub result: LatestAnswer<Result<Vec<Neighbour>, WordsError>>,
}

impl Default for OddOneOutPanel {
    fn default() -> Self {
        Self {
            list: "breakfast cereal dinner lunch".into(),
            result: LatestAnswer::default(),
        }
    }
}

impl OddOneOutPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.heading("Odd one out");
        if query_row(ui, "Words", &mut self.list, 220.0, "Which?") {
            actions.push(Action::Query(Query::OddOneOut(self.list.clone())));
        }
        answer_ui(ui, self.result.as_ref(), None, |ui, ranking| {
            if let Some(odd) = ranking.last() {
                ui.label(egui::RichText::new(format!("\"{}\" does not belong", odd.word)).strong());
            }
            ui.small("cosine of each word with the mean of all of them:");
            list_ui(ui, "odd one out", ranking);
        });
    }
}

pub(super) fn rank(vectors: &WordVectors, list: &str) -> Result<Vec<Neighbour>, WordsError> {
    let words: Vec<&str> = crate::words::split_list(list).collect();
    vectors.rank_by_centrality(&words)
}
