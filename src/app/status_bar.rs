//! The status bar: dataset, compute device, running jobs with progress and cancel, and the
//! messages: an error stays until dismissed, otherwise the newest notice.

use super::Action;
use super::floor::dataset::Dataset;
use super::floor::jobs::RunningJob;
use super::floor::messages::Messages;

/// What the status bar shows, gathered by the app.
pub struct Status<'a> {
    pub dataset: Option<&'a Dataset>,
    pub device: &'a str,
    /// Why the window is not drawn the usual way (OpenGL fallback).
    pub renderer_notice: Option<&'a str>,
    pub jobs: &'a [RunningJob],
    pub messages: &'a Messages,
}

pub fn ui(ui: &mut egui::Ui, status: &Status<'_>, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        match status.dataset {
            Some(dataset) => ui.label(dataset.summary()),
            None => ui.label("no word vectors"),
        };
        ui.separator();
        ui.label(format!("images: {}", status.device));
        if let Some(notice) = status.renderer_notice {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, "drawing with OpenGL")
                .on_hover_text(notice);
        }
        for job in status.jobs {
            ui.separator();
            let progress = job.progress.snapshot();
            ui.label(&job.title);
            let bar = egui::ProgressBar::new(progress.fraction()).desired_width(120.0);
            ui.add(if progress.total > 0 {
                bar.show_percentage()
            } else {
                bar.animate(true)
            });
            if job.cancellable && ui.small_button("Cancel").clicked() {
                actions.push(Action::CancelJob(job.id));
            }
        }
        let mut errors = status.messages.pending_errors();
        if let Some(error) = errors.next() {
            ui.separator();
            let more = errors.count();
            let text = if more > 0 {
                format!("{error} (+{more} more)")
            } else {
                error.to_string()
            };
            ui.colored_label(ui.visuals().error_fg_color, text);
            if ui.small_button("Dismiss").clicked() {
                actions.push(Action::DismissError);
            }
        } else if let Some(info) = status.messages.latest_info() {
            ui.separator();
            ui.label(info);
        }
    });
}
