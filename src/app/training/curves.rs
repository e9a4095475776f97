//! The run as it went: the timeline over the frames kept, and the loss curve on a log scale of
//! the words processed (the panel in `panel.rs` places them).

use egui_plot::{Line, Plot, VLine};

use super::Run;
use crate::app::Action;
use crate::app::floor::palette::{self, Palette};
use crate::training::live::Snapshot;

/// The timeline: a slider over the frames kept (the start and every 1 % of the run), and
/// what the panels show: that frame, or the run live at the end.
pub(super) fn timeline_ui(ui: &mut egui::Ui, run: &Run, actions: &mut Vec<Action>) {
    let Some(snapshot) = &run.latest else {
        return;
    };
    let Some(last) = snapshot
        .frames
        .len()
        .checked_sub(1)
        .filter(|&last| last > 0)
    else {
        return;
    };
    let mut index = run.scrubbed.unwrap_or(last).min(last);
    ui.horizontal(|ui| {
        let label = ui.label("Timeline");
        let slider = ui
            .add(egui::Slider::new(&mut index, 0..=last).show_value(false))
            .labelled_by(label.id);
        if slider.changed() {
            actions.push(Action::ScrubTraining((index < last).then_some(index)));
        }
        match run.shown_frame() {
            Some(frame) => {
                ui.label(format!("{:.0} % of the run", 100.0 * frame.fraction));
                if ui.button("Live").clicked() {
                    actions.push(Action::ScrubTraining(None));
                }
            }
            None => {
                ui.weak("live: drag back to see the run as it was");
            }
        }
    });
}

/// The marker of the moment the timeline shows, on the curves.
pub(super) fn timeline_marker(palette: &Palette, x: f64) -> VLine {
    VLine::new("shown", x).stroke(egui::Stroke::new(1.5, palette.accent))
}

/// The loss per pair, smoothed (an exponential moving average) over its raw points drawn
/// faint, on a log scale of words processed: most of its fall happens early.
pub(super) fn loss_ui(ui: &mut egui::Ui, snapshot: &Snapshot, shown: Option<u64>) {
    let palette = palette::ui(ui);
    let now = snapshot.loss.last().map_or(f64::NAN, |p| p[1]);
    ui.label(format!(
        "Loss (how wrong the predictions are, lower is better): {now:.3}"
    ));
    let raw: Vec<[f64; 2]> = snapshot
        .loss
        .iter()
        .filter(|p| p[0] >= 1.0)
        .map(|p| [p[0].log10(), p[1]])
        .collect();
    let smoothed = smoothed(&raw, 0.2);
    Plot::new("training loss")
        .height(120.0)
        .include_y(0.0)
        .x_axis_label("words processed (log scale)")
        .x_axis_formatter(|mark, _| short_count(10f64.powf(mark.value)))
        .x_grid_spacer(egui_plot::log_grid_spacer(10))
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            plot.line(Line::new("loss", raw).color(palette.raw));
            plot.line(
                Line::new("loss, smoothed", smoothed)
                    .color(palette.accent)
                    .width(2.0),
            );
            if let Some(words) = shown.filter(|&w| w > 0) {
                plot.vline(timeline_marker(palette, (words as f64).log10()));
            }
        });
}

/// An exponential moving average of the points' heights (`weight` for the newest point).
fn smoothed(points: &[[f64; 2]], weight: f64) -> Vec<[f64; 2]> {
    let mut average = None;
    points
        .iter()
        .map(|&[x, y]| {
            let next = average.map_or(y, |a: f64| a + weight * (y - a));
            average = Some(next);
            [x, next]
        })
        .collect()
}

/// 1234567 → "1.2M", 12000 → "12k": the words axis's labels.
fn short_count(value: f64) -> String {
    match value {
        v if v >= 1e6 => format!("{:.1}M", v / 1e6),
        v if v >= 1e3 => format!("{:.0}k", v / 1e3),
        v => format!("{v:.0}"),
    }
}
