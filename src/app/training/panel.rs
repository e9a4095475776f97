//! The Train tab's panels: the corpus and parameters, the controls and progress, the loss curve,
//! the watch words, the language teacher (side); the map of the frequent words forming (centre).

use egui::{Color32, RichText};
use egui_plot::{Line, Plot, PlotPoint, Points, Text};

use super::{CorpusChoice, Outcome, Run, Snapshot, Training};
use crate::app::map::ACCENT;
use crate::app::{Action, Purpose};
use crate::training::Status;

/// Labels drawn on the training map: the most frequent of its words.
const MAP_LABELS: usize = 120;
const CONTEXT_COLOR: Color32 = Color32::from_rgb(90, 160, 240);

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
        if let Some(Outcome::Failed(error)) = &run.outcome {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
        let Some(snapshot) = &run.latest else {
            return;
        };
        loss_ui(ui, snapshot);
        ui.separator();
        watch_ui(ui, snapshot);
        ui.separator();
        Self::teacher_ui(ui, snapshot);
    }

    fn inputs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let settings = &mut self.settings;
        ui.label("Text to learn from:");
        for (choice, text) in [
            (CorpusChoice::MobyDick, "Moby-Dick (212,000 words: seconds)"),
            (
                CorpusChoice::StateOfTheUnion,
                "State of the Union addresses, 1790–2021 (1.8 million words)",
            ),
        ] {
            ui.radio_value(&mut settings.corpus, choice, text);
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
                let paused = run.paused.load(std::sync::atomic::Ordering::Relaxed);
                if ui.button(if paused { "Resume" } else { "Pause" }).clicked() {
                    actions.push(Action::PauseTraining(!paused));
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
        }
    }

    /// The language teacher: one step of training in words, and a prediction being learnt.
    fn teacher_ui(ui: &mut egui::Ui, snapshot: &Snapshot) {
        ui.heading("The language teacher");
        if let Some(step) = &snapshot.example {
            ui.label("One step: the centre word, and the context words it is asked to predict.");
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for (i, word) in step.words.iter().enumerate() {
                    let text = RichText::new(word);
                    let text = if i == step.centre {
                        text.strong().color(ACCENT)
                    } else if step.context.contains(&i) {
                        text.color(CONTEXT_COLOR)
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
        match (&snapshot.pair, snapshot.probability.last()) {
            (Some((word, context)), Some(&[_, p])) => {
                ui.label(format!(
                    "How likely is \"{word}\" near \"{context}\"? σ(u·v) = {p:.3} \
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
                        plot.line(Line::new("σ(u·v)", snapshot.probability.clone()).color(ACCENT));
                    });
            }
            _ => {
                ui.weak("The teacher's pair is not in this run's vocabulary.");
            }
        }
    }

    /// The central map of the frequent words as they move. Returns where it was drawn.
    pub fn map_ui(&self, ui: &mut egui::Ui) -> Option<egui::Rect> {
        let Some(snapshot) = self.run.as_ref().and_then(|run| run.latest.as_ref()) else {
            ui.centered_and_justified(|ui| {
                ui.label("Press Start training: the map of the text's frequent words forms here.");
            });
            return None;
        };
        ui.label(format!(
            "The {} most frequent words after the commonest, by PCA of their vectors, as training \
             moves them (turned to match the last frame).",
            snapshot.map.len()
        ));
        let top = ui.cursor().min.y;
        Plot::new("training map")
            .data_aspect(1.0)
            .show_axes(false)
            .show(ui, |plot| {
                let points: Vec<[f64; 2]> = snapshot.map.iter().map(|(_, p)| *p).collect();
                plot.points(
                    Points::new("words", points)
                        .radius(2.5)
                        .color(Color32::from_gray(150)),
                );
                for (word, p) in snapshot.map.iter().take(MAP_LABELS) {
                    plot.text(
                        Text::new("word", PlotPoint::from(*p), word.clone())
                            .anchor(egui::Align2::LEFT_BOTTOM),
                    );
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
        if run.outcome.is_none() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Reading {}…", run.corpus));
            });
        }
        return;
    };
    let status = &snapshot.status;
    let paused = run.paused.load(std::sync::atomic::Ordering::Relaxed);
    let text = match (&run.outcome, paused) {
        (Some(Outcome::Trained(trained)), _) if !trained.complete => format!(
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

fn loss_ui(ui: &mut egui::Ui, snapshot: &Snapshot) {
    let now = snapshot.loss.last().map_or(f64::NAN, |p| p[1]);
    ui.label(format!(
        "Loss (how wrong the predictions are, lower is better): {now:.3}"
    ));
    Plot::new("training loss")
        .height(120.0)
        .include_y(0.0)
        .x_axis_label("words processed")
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            plot.line(Line::new("loss", snapshot.loss.clone()));
        });
}

fn watch_ui(ui: &mut egui::Ui, snapshot: &Snapshot) {
    ui.label("Watch words and their nearest words now:");
    egui::Grid::new("watch words").striped(true).show(ui, |ui| {
        for (word, neighbours) in &snapshot.watch {
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
