//! Nearest neighbours of a word, and the odd one out of a list.

use super::Action;
use super::state::AppState;
use super::widgets::query_row;
use crate::words::Neighbour;

const NEIGHBOURS: usize = 10;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    let Some(dataset) = &state.dataset else {
        return;
    };
    let vectors = dataset.vectors.clone();
    let view = &mut state.explore;

    ui.heading("Neighbours");
    if query_row(ui, "Word", &mut view.word, 160.0, "Find") {
        view.neighbours = Some(
            vectors
                .most_similar(&[view.word.trim()], &[], NEIGHBOURS, None)
                .map_err(|e| e.to_string()),
        );
        actions.push(Action::RefreshMap);
    }
    list_ui(ui, "neighbours", &view.neighbours);

    ui.separator();
    ui.heading("Odd one out");
    if query_row(ui, "Words", &mut view.list, 220.0, "Which?") {
        let words: Vec<&str> = view
            .list
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .collect();
        view.odd_one_out = Some(
            vectors
                .rank_by_centrality(&words)
                .map_err(|e| e.to_string()),
        );
    }
    if let Some(Ok(ranking)) = &view.odd_one_out {
        if let Some(odd) = ranking.last() {
            ui.label(egui::RichText::new(format!("\"{}\" does not belong", odd.word)).strong());
        }
        ui.small("cosine of each word with the mean of all of them:");
    }
    list_ui(ui, "odd one out", &view.odd_one_out);
}

fn list_ui(ui: &mut egui::Ui, id: &str, list: &Option<Result<Vec<Neighbour>, String>>) {
    match list {
        None => {}
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        Some(Ok(items)) => {
            egui::Grid::new(id).striped(true).show(ui, |ui| {
                for item in items {
                    ui.label(&item.word);
                    ui.label(format!("{:.4}", item.score));
                    ui.end_row();
                }
            });
        }
    }
}
