//! Work that spans rooms: the words map and the 3-D view laid out on the words the panels mark,
//! a word looked for on the map, photos added from anywhere, the view or theme switched, a lab
//! question that needs the Train tab's last run.

use std::path::PathBuf;

use super::super::ExplorerApp;
use super::super::floor::dataset::{Dataset, group_thousands};
use super::super::floor::theme;
use super::super::images::Images;
use super::super::lab::{Lab, LabQuery, LabView, OtherSpace, TrainedRun};
use super::super::map::{ColouringKey, LayoutKey, MAX_LISTS, MapColour, WordMap, WordsMap};
use super::super::settings::Tab;
use super::super::training::CorpusChoice;
use super::super::words::WordsView;
use crate::words::lists::WordLists;

impl ExplorerApp {
    /// Asks the lab `query` about the words on screen, handing it the Train tab's last run when
    /// it rotates that run (the lab knows only that it wants it).
    pub(in crate::app) fn ask_lab(&mut self, query: LabQuery) {
        let query = match query {
            LabQuery::TwoSpaces(mut two) if two.other == Some(OtherSpace::LastTrained) => {
                two.trained = self.training.trained().map(TrainedRun);
                LabQuery::TwoSpaces(two)
            }
            other => other,
        };
        Lab::ask(&mut self.jobs, self.words.shown(), query);
    }

    /// Shows `other` rotated onto the words on screen, in the lab's "Two spaces" view.
    pub(in crate::app) fn rotate_other_space(&mut self, other: OtherSpace) {
        self.settings.tab = Tab::Lab;
        self.lab.view = LabView::TwoSpaces;
        self.lab.two_spaces.other = Some(other);
        self.ask_lab(self.lab.current_query());
    }

    /// Reads photos (picked, dropped or given at start) into the gallery, and shows it.
    pub(in crate::app) fn add_images(&mut self, paths: Vec<PathBuf>) {
        self.settings.tab = Tab::Images;
        Images::read(&mut self.jobs, paths);
    }

    /// The words the map must include beside the most frequent: those the panels mark, and the
    /// words of the lists when the map is coloured by them.
    fn marked_words(&self, dataset: &Dataset) -> Vec<usize> {
        let mut marked: Vec<usize> = self.words.layers().iter().flat_map(|l| l.words()).collect();
        if self.settings.map.colour == MapColour::WordLists {
            let lists =
                WordLists::parse(&self.settings.map_word_lists, &dataset.vectors, MAX_LISTS);
            marked.extend(lists.words());
        }
        marked
    }

    /// Lays the words map out on the most frequent words plus every word a panel marks (in
    /// 3-D too while the 3-D view shows them), and clusters them when the map is coloured by
    /// clusters; what is kept is shown at once.
    pub(in crate::app) fn refresh_word_map(&mut self) {
        let Some(dataset) = &self.words.dataset else {
            return;
        };
        let marked = self.marked_words(dataset);
        let indices =
            WordMap::choose_words(dataset.vectors.len(), self.settings.map.words, &marked);
        let (id, vectors) = (dataset.id, dataset.vectors.clone());
        let words = group_thousands(indices.len());
        if let MapColour::Clusters(k) = self.settings.map.colour {
            let key = ColouringKey {
                dataset: id,
                indices: indices.clone(),
                k,
            };
            self.map
                .cluster(&mut self.jobs, key, vectors.clone(), &words);
        }
        let key = LayoutKey {
            dataset: id,
            indices,
            method: self.settings.map.method,
            spherize: self.settings.map.spherize,
        };
        if self.settings.words_view == WordsView::Space && !self.settings.space.from_origin {
            self.space
                .lay_out(&mut self.jobs, key.clone(), vectors.clone(), &words);
        }
        self.map.lay_out(&mut self.jobs, key, vectors, &words);
    }

    /// Refits the words map when a panel marks words it lacks.
    pub(super) fn show_marked_words(&mut self) {
        if let Some(dataset) = &self.words.dataset
            && self.map.lacks(dataset.id, &self.marked_words(dataset))
        {
            self.refresh_word_map();
        }
    }

    /// Looks a word up for the map's Find.
    pub(super) fn find_on_map(&mut self, word: String) {
        if let Some((dataset, vectors)) = self.words.shown() {
            WordsMap::find(&mut self.jobs, dataset, vectors, word);
        }
    }

    /// Shows a view of the Words tab; the 3-D view asks for its layout when it is first shown.
    pub(super) fn show_words_view(&mut self, view: WordsView) {
        self.settings.words_view = view;
        self.refresh_word_map();
    }

    /// Trains on a text file, chosen or dropped on the Train tab.
    pub(super) fn choose_corpus(&mut self, path: PathBuf) {
        self.training.settings.corpus = CorpusChoice::File(path);
        self.settings.tab = Tab::Train;
    }

    /// Switches presentation mode (for a projector) on or off.
    pub(super) fn present(&mut self, ctx: &egui::Context, on: bool) {
        self.settings.presentation = on;
        theme::show(ctx, on);
    }
}
