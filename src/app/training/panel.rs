//! The Train tab's panels: the corpus and parameters, the controls and progress, the loss curve
//! and timeline (drawn by `curves.rs`), the watch words, the language teacher (side); the map
//! of the frequent words forming (centre).

use egui::{Color32, RichText};
use egui_plot::{Line, Plot, PlotPoint, Points, Text};

use super::curves::{loss_ui, timeline_marker, timeline_ui};
use super::{
    CorpusChoice, MOBY_DICK_LISTS, Run, RunEnd, STATE_OF_THE_UNION_LISTS, Training,
    TrainingSettings,
};
use crate::app::floor::dataset::group_thousands;
use crate::app::floor::palette;
use crate::app::{Action, Purpose};
use crate::training::Status;
use crate::training::live::{CLASS_RUN_SECONDS, MapLayout, Pace, Snapshot, Watched};

/// Labels drawn on the training map: the most frequent of its words.
const MAP_LABELS: usize = 120;

impl Training {
    /// The side panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.heading("Train word2vec");
        ui.label(
            "A small network reads the text and learns to predict the words around each word. \
             The weights of its hidden layer become the word vectors: words used in similar \
             contexts drift together on the map.",
        );
        ui.add_space(4.0);
        let running = !self.is_idle();
        ui.add_enabled_ui(!running, |ui| self.inputs_ui(ui, actions));
        ui.separator();
        self.controls_ui(ui, actions);
        let Some(run) = &self.run else {
            return;
        };
        if let Some(RunEnd::Failed(error)) = &run.end {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
        let Some(snapshot) = &run.latest else {
            return;
        };
        let frame = run.shown_frame();
        loss_ui(ui, snapshot, frame.map(|f| f.words_done));
        ui.separator();
        watch_ui(
            ui,
            frame.map_or(&snapshot.watch, |f| &f.watch),
            frame.is_some(),
        );
        ui.separator();
        Self::teacher_ui(ui, run, snapshot);
        if let Some(step) = &snapshot.example {
            ui.separator();
            self.update_view.ui(ui, snapshot, &step.words[step.centre]);
        }
    }

    fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let settings = &mut self.settings;
        ui.label("Text to learn from:");
        for (choice, text) in [
            (CorpusChoice::MobyDick, "Moby-Dick (212,000 words)"),
            (
                CorpusChoice::StateOfTheUnion,
                "State of the Union addresses, 1790–2021 (1.8 million words)",
            ),
        ] {
            ui.radio_value(&mut settings.corpus, choice, text);
        }
        if settings.corpus == CorpusChoice::StateOfTheUnion {
            years_ui(ui, &mut settings.years);
        }
        ui.horizontal(|ui| {
            if let CorpusChoice::File(_) = &settings.corpus {
                let _ = ui.radio(true, settings.corpus.name());
            }
            if ui
                .button("Your own text…")
                .on_hover_text("A plain-text file (.txt, or gzipped); or drop one on this tab")
                .clicked()
            {
                actions.push(Action::Dialog(Purpose::OpenCorpus));
            }
        });
        ui.horizontal(|ui| {
            ui.label("Pace:");
            ui.radio_value(
                &mut settings.pace,
                Pace::Class,
                format!("Class (about {CLASS_RUN_SECONDS:.0} s a run)"),
            )
            .on_hover_text("Slowed down so that a class can watch the words move");
            ui.radio_value(&mut settings.pace, Pace::Full, "Full speed");
        });
        map_words_ui(ui, settings);
        ui.horizontal(|ui| {
            let label = ui.label("Watch words");
            ui.add(egui::TextEdit::singleline(&mut settings.watch).desired_width(f32::INFINITY))
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            ui.label("Teacher's pair: how likely is");
            ui.add(egui::TextEdit::singleline(&mut settings.word).desired_width(70.0));
            ui.label("near");
            ui.add(egui::TextEdit::singleline(&mut settings.context).desired_width(70.0));
        });
        let config = &mut settings.config;
        egui::Grid::new("training parameters")
            .num_columns(2)
            .show(ui, |ui| {
                let row = |ui: &mut egui::Ui, name: &str, hint: &str, widget: egui::DragValue| {
                    ui.label(name).on_hover_text(hint);
                    ui.add(widget);
                    ui.end_row();
                };
                row(
                    ui,
                    "Dimensions",
                    "size of each word vector",
                    egui::DragValue::new(&mut config.dim).range(2..=300),
                );
                row(
                    ui,
                    "Window",
                    "how far a context word may be from its word",
                    egui::DragValue::new(&mut config.window).range(1..=10),
                );
                row(
                    ui,
                    "Negative samples",
                    "random words the network learns to tell apart from the real context",
                    egui::DragValue::new(&mut config.negative).range(1..=20),
                );
                row(
                    ui,
                    "Minimum count",
                    "words seen fewer times are left out",
                    egui::DragValue::new(&mut config.min_count).range(1..=100),
                );
                row(
                    ui,
                    "Epochs",
                    "passes over the text",
                    egui::DragValue::new(&mut config.epochs).range(1..=50),
                );
                row(
                    ui,
                    "Threads",
                    "training threads",
                    egui::DragValue::new(&mut config.threads).range(1..=64),
                );
                row(
                    ui,
                    "Seed",
                    "with one thread, the same seed gives the same vectors",
                    egui::DragValue::new(&mut config.seed),
                );
            });
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let run = self.run.as_ref();
        let training = self.running_job().is_some();
        ui.horizontal(|ui| {
            if !training {
                if ui
                    .button(RichText::new("Start training").strong())
                    .clicked()
                {
                    actions.push(Action::StartTraining);
                }
            } else if let Some(run) = run {
                let paused = run.is_paused();
                if ui.button(if paused { "Resume" } else { "Pause" }).clicked() {
                    actions.push(Action::PauseTraining(!paused));
                }
                if paused
                    && ui
                        .button("Step")
                        .on_hover_text("Train on the next 1,000 words (10,000 at full speed)")
                        .clicked()
                {
                    actions.push(Action::StepTraining);
                }
                if ui.button("Stop").clicked() {
                    actions.push(Action::CancelJob(run.stream.id));
                }
            }
            if !training && self.trained().is_some() {
                if ui
                    .button("Use these vectors")
                    .on_hover_text("Switch the whole explorer to the vectors just trained")
                    .clicked()
                {
                    actions.push(Action::UseTrainedVectors);
                }
                if ui.button("Save…").clicked() {
                    actions.push(Action::Dialog(Purpose::SaveTrainedVectors));
                }
            }
        });
        if let Some(run) = run {
            progress_ui(ui, run);
            timeline_ui(ui, run, actions);
        }
    }

    /// The language teacher: one step of training in words, and a prediction being learnt.
    fn teacher_ui(ui: &mut egui::Ui, run: &Run, snapshot: &Snapshot) {
        let palette = palette::ui(ui);
        ui.heading("The language teacher");
        if let Some(step) = &snapshot.example {
            ui.label("One step: the centre word, and the context words it is asked to predict.");
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for (i, word) in step.words.iter().enumerate() {
                    let text = RichText::new(word);
                    let text = if i == step.centre {
                        text.strong().color(palette.accent)
                    } else if step.context.contains(&i) {
                        text.color(palette.partner)
                    } else {
                        text.weak()
                    };
                    ui.label(text);
                }
            });
            let centre = &step.words[step.centre];
            let pairs: Vec<String> = step
                .context
                .clone()
                .filter(|&i| i != step.centre)
                .map(|i| format!("({centre}, {})", step.words[i]))
                .collect();
            ui.label(format!("Pairs to learn (say yes): {}", pairs.join(" ")));
            ui.label(format!(
                "Negative samples, random words (say no): {}",
                step.negatives.join(", ")
            ));
        }
        let frame = run.shown_frame();
        let now = match frame {
            Some(frame) => frame.probability,
            None => snapshot.probability.last().map(|p| p[1]),
        };
        match (&snapshot.pair, now) {
            (Some((word, context)), Some(p)) => {
                let when = if frame.is_some() { "then" } else { "now" };
                ui.label(format!(
                    "How likely is \"{word}\" near \"{context}\"? σ(u·v) = {p:.3} {when} \
                     (0.5 before training)"
                ));
                Plot::new("teacher probability")
                    .height(90.0)
                    .include_y(0.0)
                    .include_y(1.0)
                    .show_axes([false, true])
                    .allow_scroll(false)
                    .allow_drag(false)
                    .show(ui, |plot| {
                        plot.line(
                            Line::new("σ(u·v)", snapshot.probability.clone()).color(palette.accent),
                        );
                        if let Some(frame) = frame {
                            plot.vline(timeline_marker(palette, frame.words_done as f64));
                        }
                    });
            }
            _ => {
                ui.weak("The teacher's pair is not in this run's vocabulary.");
            }
        }
    }

    /// The central map of the frequent words as they move. Returns where it was drawn.
    pub fn map_ui(&self, ui: &mut egui::Ui) -> Option<egui::Rect> {
        let palette = palette::ui(ui);
        let Some(snapshot) = self.run.as_ref().and_then(|run| run.latest.as_ref()) else {
            ui.centered_and_justified(|ui| {
                ui.label("Press Start training: the map of the text's frequent words forms here.");
            });
            return None;
        };
        let run = self.run.as_ref()?;
        let frame = run.shown_frame();
        let when = match frame {
            Some(frame) => format!(
                "as they were at {:.0} % of the run ({} words processed)",
                100.0 * frame.fraction,
                group_thousands(frame.words_done as usize)
            ),
            None => "as training moves them".to_owned(),
        };
        let legend = &snapshot.legend;
        let which = match legend.from_rank {
            Some(rank) => format!(
                "The {} most frequent words from rank {rank}",
                snapshot.map.len()
            ),
            None => format!("The {} words of the lists", snapshot.map.len()),
        };
        let how = match legend.layout {
            MapLayout::Pca => {
                format!("by PCA of their vectors, {when} (turned to match the frame before)")
            }
            layout => format!(
                "laid out by {} of their vectors, {when} (each frame continued from the one before)",
                layout.name()
            ),
        };
        ui.label(format!("{which}, {how}."));
        if !legend.lists.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (k, name) in legend.lists.iter().enumerate() {
                    ui.label(RichText::new(name).strong().color(palette.category(k)));
                }
                if !legend.missing.is_empty() {
                    ui.weak(format!("not in this text: {}", legend.missing.join(", ")));
                }
            });
        }
        let places: Vec<[f64; 2]> = match frame {
            Some(frame) => frame.map.clone(),
            None => snapshot.map.iter().map(|(_, p)| *p).collect(),
        };
        let top = ui.cursor().min.y;
        Plot::new("training map")
            .data_aspect(1.0)
            .show_axes(false)
            .show(ui, |plot| {
                let colour_of = |k: usize| match legend.list_of.get(k).copied().flatten() {
                    Some(list) => palette.category(list),
                    None => palette.dot,
                };
                for (k, ((word, _), p)) in snapshot
                    .map
                    .iter()
                    .zip(&places)
                    .enumerate()
                    .take(MAP_LABELS)
                {
                    plot.text(
                        Text::new("word", PlotPoint::from(*p), word.clone())
                            .color(colour_of(k))
                            .anchor(egui::Align2::LEFT_BOTTOM),
                    );
                }
                // One layer of points per colour.
                let mut by_colour: Vec<(Color32, Vec<[f64; 2]>)> = Vec::new();
                for (k, p) in places.iter().enumerate() {
                    let colour = colour_of(k);
                    match by_colour.iter_mut().find(|(c, _)| *c == colour) {
                        Some((_, points)) => points.push(*p),
                        None => by_colour.push((colour, vec![*p])),
                    }
                }
                for (colour, points) in by_colour {
                    plot.points(Points::new("words", points).radius(3.0).color(colour));
                }
            });
        let used = ui.min_rect();
        Some(egui::Rect::from_min_max(
            egui::pos2(used.min.x, top),
            used.max,
        ))
    }
}

fn progress_ui(ui: &mut egui::Ui, run: &Run) {
    let Some(snapshot) = &run.latest else {
        if run.end.is_none() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Reading {}…", run.corpus));
            });
        }
        return;
    };
    let status = &snapshot.status;
    let text = match (&run.end, run.is_paused()) {
        (Some(RunEnd::Trained(trained)), _) if !trained.complete => format!(
            "Stopped at {:.0}% · {} words in the vocabulary",
            100.0 * status.fraction(),
            snapshot.vocabulary
        ),
        (Some(_), _) => format!(
            "Done: {} epochs in {:.1} s · {} words in the vocabulary",
            status.epoch,
            status.elapsed.as_secs_f64(),
            snapshot.vocabulary
        ),
        (None, true) => format!("Paused at {:.0}%", 100.0 * status.fraction()),
        (None, false) => running_text(status),
    };
    ui.add(egui::ProgressBar::new(status.fraction()).text(text));
}

fn running_text(status: &Status) -> String {
    let left = status.remaining().as_secs();
    format!(
        "epoch {} · {:.0}% · {:.0} words/s · {}:{:02} left",
        status.epoch,
        100.0 * status.fraction(),
        status.words_per_second(),
        left / 60,
        left % 60
    )
}

/// Which words the map shows: the most frequent from a rank, or word lists, coloured.
fn map_words_ui(ui: &mut egui::Ui, settings: &mut TrainingSettings) {
    ui.horizontal(|ui| {
        ui.label("Map:");
        ui.radio_value(
            &mut settings.map_by_lists,
            false,
            "the most frequent words from rank",
        );
        ui.add(egui::DragValue::new(&mut settings.map_from_rank).range(0..=100_000))
            .on_hover_text("The commonest words (the, of, and…) say little: skip them");
    });
    ui.horizontal(|ui| {
        ui.radio_value(&mut settings.map_by_lists, true, "word lists, coloured");
        if ui
            .button("Example lists")
            .on_hover_text("Lists of words that training should bring together in this text")
            .clicked()
        {
            settings.map_by_lists = true;
            settings.map_lists = match settings.corpus {
                CorpusChoice::StateOfTheUnion => STATE_OF_THE_UNION_LISTS,
                _ => MOBY_DICK_LISTS,
            }
            .to_owned();
        }
    });
    ui.horizontal(|ui| {
        ui.label("Layout:");
        for layout in [MapLayout::Pca, MapLayout::Tsne, MapLayout::Umap] {
            ui.radio_value(&mut settings.map_layout, layout, layout.name());
        }
    })
    .response
    .on_hover_text(
        "t-SNE and UMAP continue each frame from the last, so that the map does not jump",
    );
    if settings.map_by_lists {
        ui.add(
            egui::TextEdit::multiline(&mut settings.map_lists)
                .desired_rows(4)
                .desired_width(f32::INFINITY)
                .hint_text("one list per line: name: word word word"),
        )
        .on_hover_text("One list per line, \"name: words\" or just words");
    }
}

fn watch_ui(ui: &mut egui::Ui, watch: &[Watched], then: bool) {
    ui.label(if then {
        "Watch words and their nearest words then:"
    } else {
        "Watch words and their nearest words now:"
    });
    egui::Grid::new("watch words").striped(true).show(ui, |ui| {
        for (word, neighbours) in watch {
            ui.strong(word);
            match neighbours {
                Some(list) => {
                    let names: Vec<String> =
                        list.iter().map(|(w, s)| format!("{w} {s:.2}")).collect();
                    ui.label(names.join(", "));
                }
                None => {
                    ui.weak("not in this text's vocabulary");
                }
            }
            ui.end_row();
        }
    });
}

/// One era of the addresses: "only the years" and the first and last year.
fn years_ui(ui: &mut egui::Ui, years: &mut Option<(u32, u32)>) {
    const FIRST: u32 = 1790;
    const LAST: u32 = 2021;
    ui.horizontal(|ui| {
        let mut some = years.is_some();
        if ui
            .checkbox(&mut some, "Only the years")
            .on_hover_text("Train on one era, then another, and rotate one onto the other (Linear algebra → Two spaces) to see which words changed")
            .changed()
        {
            *years = some.then_some((FIRST, 1900));
        }
        if let Some((from, to)) = years {
            let label = ui.label("from");
            ui.add(egui::DragValue::new(from).range(FIRST..=LAST))
                .labelled_by(label.id);
            let label = ui.label("to");
            ui.add(egui::DragValue::new(to).range(FIRST..=LAST))
                .labelled_by(label.id);
            *to = (*to).max(*from);
        }
    });
}
