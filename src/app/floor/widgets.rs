//! Small widgets the panels share.

/// Whether the user pressed Enter in this text field (egui reports it as losing focus).
pub fn entered(ui: &egui::Ui, response: &egui::Response) -> bool {
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// A labelled text field and a button on one row: true when Enter is pressed in the field or
/// the button is clicked. The label names the field for screen readers and UI tests.
pub fn query_row(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    width: f32,
    button: &str,
) -> bool {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let response = ui
            .add(egui::TextEdit::singleline(text).desired_width(width))
            .labelled_by(label.id);
        entered(ui, &response) | ui.button(button).clicked()
    })
    .inner
}
