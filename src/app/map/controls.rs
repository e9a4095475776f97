//! The rows above the words map: projection, colouring, photos, how many words, Find, and the
//! word lists when the map is coloured by them.

use super::colouring::{DEFAULT_CLUSTERS, MAX_CLUSTERS, MapColour};
use super::picker::{WORD_TERMS, method_picker};
use super::{MapChoices, MapSettings};
use crate::app::Action;
use crate::app::floor::dataset::group_thousands;
use crate::app::floor::widgets;
use crate::projection::KEPT_NEIGHBOURS;
use crate::words::WordsError;
use crate::words::lists::EXAMPLE_LISTS;

/// Fewest words the slider offers.
pub const MIN_MAP_WORDS: usize = 500;

/// What the controls show besides the user's choices.
pub(super) struct Shown<'a> {
    /// Words in the vocabulary: the slider's end.
    pub vocabulary: usize,
    /// Points on the map now, if there is one.
    pub points: Option<usize>,
    /// Whether photos are placed among the words (their toggle is shown only then).
    pub has_photos: bool,
    pub search_error: Option<&'a WordsError>,
}

/// The controls; what they ask for goes to `actions`.
pub(super) fn ui(
    ui: &mut egui::Ui,
    choices: &mut MapChoices<'_>,
    hide_photos: &mut bool,
    search: &mut String,
    shown: &Shown<'_>,
    actions: &mut Vec<Action>,
) {
    let MapSettings {
        words: map_words,
        method,
        spherize,
        colour,
    } = &mut *choices.map;
    let word_lists = &mut *choices.word_lists;
    ui.horizontal(|ui| {
        if method_picker(ui, method, &WORD_TERMS) {
            actions.push(Action::RefreshMap);
        }
        if ui
            .checkbox(spherize, "Spherize")
            .on_hover_text("Centre the words on their mean, then bring each back to unit length (the Embedding Projector's option): the direction all words share is gone, and the map shows how they differ")
            .changed()
        {
            actions.push(Action::RefreshMap);
        }
        ui.separator();
        let before = *colour;
        ui.label("Colour");
        ui.radio_value(colour, MapColour::One, "one")
            .on_hover_text("Every word in grey");
        let k = match before {
            MapColour::Clusters(k) => k,
            _ => DEFAULT_CLUSTERS,
        };
        ui.radio_value(colour, MapColour::Clusters(k), "clusters")
            .on_hover_text("k-means on the words' full vectors: words of one colour are close in the space itself, whatever the map does with them");
        if let MapColour::Clusters(k) = colour {
            ui.add(egui::DragValue::new(k).range(2..=MAX_CLUSTERS).suffix(" clusters"))
                .on_hover_text("How many groups k-means makes");
        }
        ui.radio_value(colour, MapColour::WordLists, "word lists")
            .on_hover_text("Your own groups of words, one list per line, each in its colour: do the words you think of as a group land together on this map?");
        ui.radio_value(colour, MapColour::NeighboursKept, "neighbours kept")
            .on_hover_text(format!("Each word by how many of its {KEPT_NEIGHBOURS} nearest neighbours in the full space are among its {KEPT_NEIGHBOURS} nearest on this map: yellow where the map can be trusted, blue-violet where it misleads. Click a word to see its true neighbours."));
        if *colour != before {
            actions.push(Action::RefreshMap);
        }
        if shown.has_photos {
            ui.separator();
            let mut show = !*hide_photos;
            ui.checkbox(&mut show, "Photos")
                .on_hover_text("The Images tab's photos, each placed among the words it resembles: the mean of the word vectors of the classes the network sees in it, weighted by their probability (ConSE)");
            *hide_photos = !show;
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Words on the map");
        let max = shown.vocabulary.max(MIN_MAP_WORDS);
        let slider = ui
            .add(egui::Slider::new(map_words, MIN_MAP_WORDS.min(max)..=max).logarithmic(true))
            .labelled_by(label.id);
        if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
            actions.push(Action::RefreshMap);
        }
        if let Some(points) = shown.points {
            ui.weak(format!("{} points", group_thousands(points)));
        }
        ui.separator();
        let label = ui.label("Find");
        let search_field = ui
            .add(
                egui::TextEdit::singleline(search)
                    .desired_width(140.0)
                    .hint_text("a word"),
            )
            .labelled_by(label.id);
        if widgets::entered(ui, &search_field) {
            actions.push(Action::FindOnMap(search.trim().to_owned()));
        }
        if let Some(error) = shown.search_error {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
    });
    if *colour == MapColour::WordLists {
        lists_editor_ui(ui, word_lists, actions);
    }
}

/// The lists' text, one list per line; the map takes in words it lacks when the text is left.
fn lists_editor_ui(ui: &mut egui::Ui, text: &mut String, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Word lists");
        let width = (ui.available_width() - 90.0).max(120.0);
        let editor = ui
            .add(
                egui::TextEdit::multiline(text)
                    .desired_rows(3)
                    .desired_width(width)
                    .hint_text("one list per line, e.g.\nanimals: dog cat horse\nfruit: apple pear plum"),
            )
            .labelled_by(label.id)
            .on_hover_text("One list per line: a name, a colon, then its words (spaces or commas between them). Words the map lacks join it when you click outside the lists.");
        if editor.lost_focus() {
            actions.push(Action::ShowMarkedWords);
        }
        if ui
            .button("Examples")
            .on_hover_text("Numbers, countries, animals, colours and months")
            .clicked()
        {
            *text = EXAMPLE_LISTS.to_owned();
            actions.push(Action::ShowMarkedWords);
        }
    });
}
