//! The menu bar: file actions (with their shortcuts) and the tabs.

use super::settings::{Settings, Tab};
use super::{Action, Purpose};

/// Ctrl+O opens vectors; Ctrl+S exports the map on screen as PNG (the words map or the
/// images map, whichever tab shows).
pub fn shortcuts(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    let command = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key));
    if command(egui::Key::O) {
        actions.push(Action::Dialog(Purpose::OpenVectors));
    }
    if command(egui::Key::S) {
        actions.push(Action::Dialog(Purpose::MapPng));
    }
}

pub fn ui(ui: &mut egui::Ui, settings: &Settings, actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let items = [
                ("Open vectors… (Ctrl+O)", Purpose::OpenVectors),
                ("Add images…", Purpose::AddImages),
                ("Open lesson…", Purpose::OpenLesson),
                ("Save lesson…", Purpose::SaveLesson),
                ("Export map as CSV…", Purpose::MapCsv),
                ("Export map as PNG… (Ctrl+S)", Purpose::MapPng),
                (
                    "Export image embeddings (TF Projector TSV)…",
                    Purpose::ImagesTsv,
                ),
            ];
            for (label, purpose) in items {
                if ui.button(label).clicked() {
                    actions.push(Action::Dialog(purpose));
                }
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("View", |ui| {
            let mut presenting = settings.presentation;
            if ui
                .checkbox(&mut presenting, "Presentation mode")
                .on_hover_text("Light, high contrast and larger text, for a projector")
                .changed()
            {
                actions.push(Action::Present(presenting));
            }
            ui.weak("Zoom: Ctrl + / Ctrl − / Ctrl 0");
        });
        ui.separator();
        for (tab, name) in [
            (Tab::Words, "Words"),
            (Tab::Images, "Images"),
            (Tab::Train, "Train"),
            (Tab::Lab, "Linear algebra"),
        ] {
            if ui.selectable_label(settings.tab == tab, name).clicked() {
                actions.push(Action::ShowTab(tab));
            }
        }
    });
}
