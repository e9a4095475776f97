//! "One update, drawn": the step the trainer takes on one pair of the language teacher's
//! example, animated on the plane of the context word's vector and the centre word's output
//! vector: that pair pulled together, the negative samples pushed apart, each change's length
//! set by its gradient, σ(u·v) before and after beside it. Then the next pair.

use egui::RichText;
use egui_plot::{Arrows, Plot, PlotPoint, Text};

use crate::app::floor::palette;
use crate::training::live::Snapshot;
use crate::training::update::{Update, on_plane, plane};

/// How long one step takes to play, and the pause before the next pair when playing on.
const PLAY_SECONDS: f64 = 2.0;
const PAUSE_SECONDS: f64 = 1.0;
/// The longest change is drawn at this share of the longest vector.
const CHANGE_SHARE: f64 = 0.3;

/// The panel's state: which pair, and when its step started playing.
#[derive(Default)]
pub struct UpdateView {
    pair: usize,
    started: Option<f64>,
    /// Go on to the next pair after each step.
    play_on: bool,
}

impl UpdateView {
    pub fn ui(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, centre: &str) {
        let updates = &snapshot.updates;
        if updates.is_empty() {
            return;
        }
        ui.label(RichText::new("One update, drawn").strong());
        let now = ui.input(|i| i.time);
        let elapsed = self.started.map(|started| now - started);
        if self.play_on && elapsed.is_some_and(|e| e >= PLAY_SECONDS + PAUSE_SECONDS) {
            self.pair = (self.pair + 1) % updates.len();
            self.started = Some(now);
        }
        let pair = self.pair % updates.len();
        let (context, update) = &updates[pair];
        ui.horizontal(|ui| {
            if ui.button("Play the step").clicked() {
                self.started = Some(now);
            }
            if ui.button("Next pair").clicked() {
                self.pair = (pair + 1) % updates.len();
                self.started = Some(now);
            }
            ui.checkbox(&mut self.play_on, "Play on");
        });
        let progress = self.started.map_or(0.0, |started| {
            ((now - started) / PLAY_SECONDS).clamp(0.0, 1.0)
        });
        if self.started.is_some() && (progress < 1.0 || self.play_on) {
            ui.ctx().request_repaint();
        }
        ui.label(format!(
            "Pair {} of {}: \"{context}\" (its vector v) and \"{centre}\" (the output vector u it \
             should predict), against {} random words. Learning rate α = {:.4}.",
            pair + 1,
            updates.len(),
            update.targets.len() - 1,
            update.alpha
        ));
        let Some(plane) = plane(update) else {
            ui.weak("v and u point the same way: there is no plane to draw them on.");
            return;
        };
        draw(
            ui,
            update,
            &plane,
            progress,
            context,
            centre,
            &snapshot.example_negatives(),
        );
        numbers_ui(ui, update, centre, &snapshot.example_negatives());
    }
}

impl Snapshot {
    /// The negative samples' words, in the order of each update's targets after the first.
    fn example_negatives(&self) -> Vec<String> {
        self.example
            .as_ref()
            .map(|example| example.negatives.clone())
            .unwrap_or_default()
    }
}

/// The vectors' shadows on the plane, at `progress` (0: before the step, 1: after it), each
/// change magnified by one factor so that it can be seen.
fn draw(
    ui: &mut egui::Ui,
    update: &Update,
    plane: &[Vec<f32>; 2],
    progress: f64,
    context: &str,
    centre: &str,
    negatives: &[String],
) {
    let palette = palette::ui(ui);
    let shadow = |before: &[f32], after: &[f32]| (on_plane(before, plane), on_plane(after, plane));
    let mut vectors = vec![(
        format!("v: {context}"),
        palette.accent,
        shadow(&update.input[0], &update.input[1]),
    )];
    for (k, target) in update.targets.iter().enumerate() {
        let (name, color) = match k {
            0 => (format!("u: {centre}"), palette.partner),
            _ => (
                format!("u: {}", negatives.get(k - 1).map_or("?", String::as_str)),
                palette.dot,
            ),
        };
        vectors.push((name, color, shadow(&target.before, &target.after)));
    }
    let length = |p: [f64; 2]| p[0].hypot(p[1]);
    let longest = vectors
        .iter()
        .map(|(_, _, (b, _))| length(*b))
        .fold(0.0, f64::max);
    let largest_change = vectors
        .iter()
        .map(|(_, _, (b, a))| length([a[0] - b[0], a[1] - b[1]]))
        .fold(0.0, f64::max);
    let magnified = magnification(CHANGE_SHARE * longest, largest_change);
    ui.label(format!(
        "Shadows on the plane of v and u; each change drawn {magnified}× its true length."
    ));
    Plot::new("one update")
        .height(220.0)
        .data_aspect(1.0)
        .show_axes(false)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            for (name, color, (before, after)) in &vectors {
                let step = progress * magnified;
                let now = [
                    before[0] + step * (after[0] - before[0]),
                    before[1] + step * (after[1] - before[1]),
                ];
                if progress > 0.0 {
                    plot.arrows(
                        Arrows::new(format!("{name} before"), vec![[0.0, 0.0]], vec![*before])
                            .color(color.gamma_multiply(0.35)),
                    );
                }
                plot.arrows(
                    Arrows::new(name.clone(), vec![[0.0, 0.0]], vec![now])
                        .color(*color)
                        .tip_length(8.0),
                );
                plot.text(
                    Text::new(name.clone(), PlotPoint::from(now), name.clone())
                        .color(*color)
                        .anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
        });
}

/// A round factor (1, 2 or 5 times a power of ten) that draws `change` at about `target`.
fn magnification(target: f64, change: f64) -> f64 {
    if change <= 0.0 || target <= change {
        return 1.0;
    }
    let exact = target / change;
    let power = 10f64.powf(exact.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&factor| factor <= exact)
        .unwrap_or(power)
}

/// Each target's σ(u·v) before and after, and the gradient that moved it.
fn numbers_ui(ui: &mut egui::Ui, update: &Update, centre: &str, negatives: &[String]) {
    let palette = palette::ui(ui);
    egui::Grid::new("update numbers")
        .striped(true)
        .show(ui, |ui| {
            for heading in ["u", "should be", "σ(u·v) before", "after", "α(label − σ)"] {
                ui.strong(heading);
            }
            ui.end_row();
            for (k, target) in update.targets.iter().enumerate() {
                let word = if k == 0 {
                    centre
                } else {
                    negatives.get(k - 1).map_or("?", String::as_str)
                };
                ui.label(word);
                ui.label(if target.label > 0.0 {
                    "1 (near)"
                } else {
                    "0 (random)"
                });
                ui.label(format!("{:.4}", target.sigma_before));
                ui.label(format!("{:.4}", target.sigma_after));
                let gradient = RichText::new(format!("{:+.5}", target.gradient));
                ui.label(if target.gradient > 0.0 {
                    gradient.color(palette.partner)
                } else {
                    gradient
                });
                ui.end_row();
            }
        });
    let pair = &update.targets[0];
    let pushed = update.targets[1..]
        .iter()
        .filter(|t| t.sigma_after < t.sigma_before)
        .count();
    ui.label(format!(
        "The pair is pulled together: σ rises from {:.4} to {:.4}; {pushed} of {} random words \
         pushed apart.",
        pair.sigma_before,
        pair.sigma_after,
        update.targets.len() - 1
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_magnified_by_round_factors() {
        assert_eq!(magnification(0.3, 0.001), 200.0);
        assert_eq!(magnification(0.3, 0.0005), 500.0);
        assert_eq!(magnification(0.3, 0.01), 20.0);
        assert_eq!(
            magnification(0.3, 0.5),
            1.0,
            "large changes are drawn as they are"
        );
        assert_eq!(magnification(0.3, 0.0), 1.0);
    }
}
