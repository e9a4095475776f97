//! The status bar: dataset, compute device, running jobs with progress and cancel, last message.

use super::Action;
use super::jobs::RunningJob;
use super::state::{AppState, Message};

pub fn ui(ui: &mut egui::Ui, state: &AppState, jobs: &[RunningJob], actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        match &state.dataset {
            Some(dataset) => ui.label(dataset.summary()),
            None => ui.label("no word vectors"),
        };
        ui.separator();
        ui.label(format!("images: {}", state.images.device));
        if state.renderer_notice.is_some() {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, "drawing with OpenGL")
                .on_hover_text(state.renderer_notice.as_deref().unwrap_or_default());
        }
        for job in jobs {
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
        if let Some(message) = state.messages.last() {
            ui.separator();
            match message {
                Message::Info(text) => ui.label(text),
                Message::Error(text) => ui.colored_label(ui.visuals().error_fg_color, text),
            };
        }
    });
}
