//! The Words side: the dataset on screen and the panels that ask it questions (analogy,
//! similarity, neighbours, odd one out). A panel's question becomes a [`Query`] that runs on a
//! job thread (each scans the vocabulary, or its suggestions do); the answer comes back tagged
//! with the dataset it was computed on and is dropped if another dataset has been loaded since.

mod analogy;
mod axes;
mod jobs;
mod neighbours;
mod numbers;
mod odd_one_out;
mod similarity;

use std::path::PathBuf;

pub use analogy::{AnalogyPanel, AnalogyResult};
pub use axes::{AxesResult, AxesView, WordOnAxes};
pub use neighbours::{NeighboursPanel, NeighboursResult};
pub use numbers::{NumbersView, Steps, WordRows};
pub use odd_one_out::OddOneOutPanel;
pub use similarity::{SimilarityPanel, SimilarityResult};

use super::Action;
use super::floor::ask::Question;
use super::floor::dataset::{Dataset, DatasetId};
use super::floor::marks::Layer;
use super::floor::messages::{AppError, Messages};
use crate::words::{AnalogyMethod, Loaded, Neighbour, WordVectors, WordsError, formats::bundled};

/// A question a panel asks of the word vectors.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Analogy {
        expression: String,
        method: AnalogyMethod,
    },
    Similarity {
        a: String,
        b: String,
    },
    Neighbours(String),
    OddOneOut(String),
    Axes {
        x: String,
        y: String,
        words: String,
    },
    Numbers(String),
}

/// The answer to a [`Query`].
pub enum Answer {
    Analogy(Result<AnalogyResult, WordsError>),
    Similarity(Result<SimilarityResult, WordsError>),
    Neighbours(Result<NeighboursResult, WordsError>),
    OddOneOut(Result<Vec<Neighbour>, WordsError>),
    Axes(Result<AxesResult, WordsError>),
    Numbers(Result<WordRows, WordsError>),
}

/// What the central area of the Words tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum WordsView {
    /// The universal map: PCA of the most frequent words.
    #[default]
    Map,
    /// The words in space, turned with the mouse; or as arrows from the origin.
    Space,
    /// Words placed on two directions named by word pairs.
    Axes,
    /// Vectors as rows of numbers, and the analogy's arithmetic on them.
    Numbers,
}

impl WordsView {
    pub const ALL: [WordsView; 4] = [
        WordsView::Map,
        WordsView::Space,
        WordsView::Axes,
        WordsView::Numbers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WordsView::Map => "Map",
            WordsView::Space => "3-D",
            WordsView::Axes => "Semantic axes",
            WordsView::Numbers => "Vectors as numbers",
        }
    }
}

impl Question for Query {
    type Answer = Answer;

    fn slot(&self) -> &'static str {
        match self {
            Query::Analogy { .. } => "analogy",
            Query::Similarity { .. } => "similarity",
            Query::Neighbours(_) => "neighbours",
            Query::OddOneOut(_) => "odd one out",
            Query::Axes { .. } => "axes",
            Query::Numbers(_) => "numbers",
        }
    }

    fn title(&self) -> String {
        match self {
            Query::Analogy { expression, .. } => format!("Solving {}", expression.trim()),
            Query::Similarity { a, b } => format!("Comparing {} and {}", a.trim(), b.trim()),
            Query::Neighbours(word) => format!("Neighbours of {}", word.trim()),
            Query::OddOneOut(_) => "Odd one out".to_owned(),
            Query::Axes { .. } => "Placing words on the axes".to_owned(),
            Query::Numbers(_) => "Looking up vectors".to_owned(),
        }
    }

    fn run(self, vectors: &WordVectors) -> Answer {
        match self {
            Query::Analogy { expression, method } => {
                Answer::Analogy(analogy::solve(vectors, &expression, method))
            }
            Query::Similarity { a, b } => {
                Answer::Similarity(similarity::compare(vectors, a.trim(), b.trim()))
            }
            Query::Neighbours(word) => Answer::Neighbours(neighbours::find(vectors, word.trim())),
            Query::OddOneOut(list) => Answer::OddOneOut(odd_one_out::rank(vectors, &list)),
            Query::Axes { x, y, words } => Answer::Axes(axes::place(vectors, &x, &y, &words)),
            Query::Numbers(words) => Answer::Numbers(numbers::rows(vectors, &words)),
        }
    }
}

/// What the Words side's jobs send back.
pub enum WordsOutput {
    Loaded {
        path: PathBuf,
        result: Box<Result<Loaded, AppError>>,
    },
    Answer {
        dataset: DatasetId,
        answer: Answer,
    },
}

/// The inputs of the word panels, which survive a restart, and their latest answers.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct WordPanels {
    pub analogy: AnalogyPanel,
    pub similarity: SimilarityPanel,
    pub neighbours: NeighboursPanel,
    pub odd_one_out: OddOneOutPanel,
    pub axes: AxesView,
    pub numbers: NumbersView,
}

impl WordPanels {
    /// Every question the inputs ask, to answer again on other vectors.
    pub fn queries(&self) -> Vec<Query> {
        let mut queries = vec![
            self.analogy.query(),
            self.similarity.query(),
            self.axes.query(),
            self.numbers.query(),
        ];
        if !self.neighbours.word.trim().is_empty() {
            queries.push(Query::Neighbours(self.neighbours.word.clone()));
        }
        if !self.odd_one_out.list.trim().is_empty() {
            queries.push(Query::OddOneOut(self.odd_one_out.list.clone()));
        }
        queries
    }

    /// Forgets the answers, which were about other vectors.
    pub fn forget_answers(&mut self) {
        self.analogy.result.clear();
        self.similarity.result.clear();
        self.neighbours.result.clear();
        self.odd_one_out.result.clear();
        self.axes.result.clear();
        self.numbers.result.clear();
    }
}

/// The Words side of the app.
#[derive(Default)]
pub struct Words {
    pub dataset: Option<Dataset>,
    pub panels: WordPanels,
}

impl Words {
    /// Takes a job's output; returns the work it calls for next.
    pub fn receive(&mut self, output: WordsOutput, messages: &mut Messages) -> Vec<Action> {
        match output {
            WordsOutput::Loaded { path, result } => match *result {
                Ok(loaded) => {
                    let dataset = Dataset::new(loaded.vectors, loaded.report);
                    messages.info(format!("Loaded {}", dataset.summary()));
                    self.dataset = Some(dataset);
                    // Every room hears of it from the app (`ExplorerApp::dataset_changed`).
                    Vec::new()
                }
                Err(error) => {
                    messages.error(error);
                    // A file that fails should not leave the explorer empty: fall back to the
                    // bundled vectors (whatever the environment names as the default).
                    let bundled = bundled::bundled_path();
                    if self.dataset.is_none() && path != bundled {
                        vec![Action::LoadVectors(bundled)]
                    } else {
                        Vec::new()
                    }
                }
            },
            WordsOutput::Answer { dataset, answer } => {
                if self.dataset.as_ref().map(|d| d.id) != Some(dataset) {
                    return Vec::new(); // computed on vectors no longer shown
                }
                let panels = &mut self.panels;
                match answer {
                    Answer::Analogy(result) => panels.analogy.result.set(result),
                    Answer::Similarity(result) => panels.similarity.result.set(result),
                    Answer::Neighbours(result) => panels.neighbours.result.set(result),
                    Answer::OddOneOut(result) => panels.odd_one_out.result.set(result),
                    Answer::Axes(result) => panels.axes.result.set(result),
                    Answer::Numbers(result) => panels.numbers.result.set(result),
                }
                vec![Action::ShowMarkedWords]
            }
        }
    }

    /// What the word panels want drawn on the map of the dataset on screen.
    pub fn layers(&self) -> Vec<Layer> {
        let Some(dataset) = &self.dataset else {
            return Vec::new();
        };
        let vectors = &dataset.vectors;
        let panels = &self.panels;
        let mut layers = panels.analogy.layers(vectors);
        layers.extend(panels.similarity.layers(vectors));
        layers.extend(panels.neighbours.layers(vectors));
        layers
    }

    /// The Words tab's side panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(dataset) = &self.dataset else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading words…");
            });
            return;
        };
        let panels = &mut self.panels;
        panels.analogy.ui(ui, &dataset.vectors, actions);
        ui.separator();
        panels.similarity.ui(ui, actions);
        ui.separator();
        panels.neighbours.ui(ui, actions);
        ui.separator();
        panels.odd_one_out.ui(ui, actions);
    }
}

/// Words and their scores, one per row.
fn list_ui(ui: &mut egui::Ui, id: &str, list: &[Neighbour]) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for item in list {
            ui.label(&item.word);
            ui.label(format!("{:.4}", item.score));
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{Format, LoadReport};

    fn loaded(words: &[(&str, [f32; 2])]) -> Loaded {
        let pairs = words.iter().map(|(w, v)| (*w, &v[..]));
        Loaded {
            vectors: WordVectors::from_pairs(2, pairs).unwrap(),
            report: LoadReport {
                path: PathBuf::from("toy.txt"),
                format: Format::Glove,
                gzip: false,
                duplicates: 0,
                lossy_words: 0,
            },
        }
    }

    fn toy() -> Loaded {
        loaded(&[
            ("king", [1.0, 1.0]),
            ("queen", [1.0, 2.0]),
            ("man", [1.0, -1.0]),
            ("woman", [1.0, 0.2]),
        ])
    }

    fn load(words: &mut Words, messages: &mut Messages, vectors: Loaded) -> Vec<Action> {
        words.receive(
            WordsOutput::Loaded {
                path: PathBuf::from("toy.txt"),
                result: Box::new(Ok(vectors)),
            },
            messages,
        )
    }

    #[test]
    fn a_loaded_dataset_is_shown_and_named() {
        let (mut words, mut messages) = (Words::default(), Messages::default());
        let actions = load(&mut words, &mut messages, toy());
        assert!(actions.is_empty(), "the app tells every room, not this one");
        assert_eq!(words.dataset.as_ref().unwrap().vectors.len(), 4);
        assert_eq!(
            messages.latest_info(),
            Some("Loaded toy.txt · 4 words × 2 dims")
        );
    }

    #[test]
    fn an_answer_for_an_old_dataset_is_dropped() {
        let (mut words, mut messages) = (Words::default(), Messages::default());
        load(&mut words, &mut messages, toy());
        let old = words.dataset.as_ref().unwrap().id;
        let query = Query::Similarity {
            a: "king".into(),
            b: "queen".into(),
        };
        let old_answer = query.clone().run(&words.dataset.as_ref().unwrap().vectors);

        // The user opens other vectors, where index 1 is another word.
        load(
            &mut words,
            &mut messages,
            loaded(&[
                ("apple", [1.0, 0.0]),
                ("king", [0.0, 1.0]),
                ("queen", [0.0, 2.0]),
            ]),
        );
        let actions = words.receive(
            WordsOutput::Answer {
                dataset: old,
                answer: old_answer,
            },
            &mut messages,
        );
        assert!(actions.is_empty());
        assert!(
            words.panels.similarity.result.is_none(),
            "the stale answer is not shown"
        );

        let current = words.dataset.as_ref().unwrap();
        let answer = query.run(&current.vectors);
        let actions = words.receive(
            WordsOutput::Answer {
                dataset: current.id,
                answer,
            },
            &mut messages,
        );
        assert_eq!(actions, vec![Action::ShowMarkedWords]);
        let result = words
            .panels
            .similarity
            .result
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap();
        assert!(
            (result.cosine - 1.0).abs() < 1e-6,
            "king ∥ queen in the new vectors"
        );
    }

    #[test]
    fn a_failed_load_falls_back_to_the_bundled_vectors_once() {
        let (mut words, mut messages) = (Words::default(), Messages::default());
        let failed = |path: &str| WordsOutput::Loaded {
            path: PathBuf::from(path),
            result: Box::new(Err(WordsError::Empty {
                path: PathBuf::from(path),
            }
            .into())),
        };
        let actions = words.receive(failed("/dev/urandom"), &mut messages);
        assert_eq!(
            actions,
            vec![Action::LoadVectors(bundled::bundled_path())],
            "falls back even when the environment names the failing file as the default"
        );
        assert_eq!(messages.pending_errors().count(), 1);
        let bundled = bundled::bundled_path();
        let actions = words.receive(failed(&bundled.to_string_lossy()), &mut messages);
        assert!(
            actions.is_empty(),
            "no loop when the bundled file fails too"
        );
    }
}
