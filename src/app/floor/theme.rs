//! Presentation mode, for projecting in class: a light, high-contrast theme with text about a
//! third larger (map labels too). egui's own Ctrl +/−/0 zoom scales everything on top, and is
//! remembered between runs.

use egui::{Color32, FontId, Style, Theme};

/// How much larger text is when presenting.
const PRESENTATION_TEXT: f32 = 1.35;

/// Sets up both looks once: the dark one for the desk, the presentation one for the projector.
pub fn install(ctx: &egui::Context) {
    ctx.set_style_of(Theme::Light, presentation_style());
}

/// Switches between the desk look and the presentation look.
pub fn show(ctx: &egui::Context, presentation: bool) {
    ctx.set_theme(of(presentation));
}

/// Keeps the look the settings ask for, should anything else have set the theme (a desktop's
/// own light or dark preference, followed by the windowing layer).
pub fn keep(ctx: &egui::Context, presentation: bool) {
    if ctx.theme() != of(presentation) {
        show(ctx, presentation);
    }
}

/// The egui theme of each look.
fn of(presentation: bool) -> Theme {
    if presentation {
        Theme::Light
    } else {
        Theme::Dark
    }
}

fn presentation_style() -> Style {
    let mut style = Style {
        visuals: egui::Visuals::light(),
        ..Style::default()
    };
    for font in style.text_styles.values_mut() {
        *font = FontId::new(font.size * PRESENTATION_TEXT, font.family.clone());
    }
    let visuals = &mut style.visuals;
    visuals.override_text_color = Some(Color32::BLACK);
    visuals.panel_fill = Color32::WHITE;
    visuals.window_fill = Color32::WHITE;
    visuals.extreme_bg_color = Color32::from_gray(248);
    visuals.faint_bg_color = Color32::from_gray(235);
    visuals.widgets.noninteractive.bg_stroke.color = Color32::from_gray(120);
    visuals.widgets.noninteractive.fg_stroke.color = Color32::BLACK;
    visuals.widgets.inactive.fg_stroke.color = Color32::BLACK;
    style
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::TextStyle;

    #[test]
    fn presenting_is_light_with_larger_text_and_the_desk_look_stays() {
        let ctx = egui::Context::default();
        install(&ctx);
        let small = |ctx: &egui::Context| ctx.global_style().text_styles[&TextStyle::Small].size;
        show(&ctx, false);
        let desk = small(&ctx);
        assert!(ctx.global_style().visuals.dark_mode);
        show(&ctx, true);
        assert!(!ctx.global_style().visuals.dark_mode);
        assert!((small(&ctx) - desk * PRESENTATION_TEXT).abs() < 1e-3);
        assert_eq!(
            ctx.global_style().visuals.override_text_color,
            Some(Color32::BLACK)
        );
        show(&ctx, false);
        assert_eq!(small(&ctx), desk);
    }
}
