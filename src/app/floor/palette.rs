//! One colour per meaning, per theme (as rerun's design tokens are): every room draws with these
//! names, so a meaning looks the same in every view, and a colour that fails on the projector's
//! near-white is mended once, here. The desk theme is dark; the presentation theme is light.

use egui::Color32;

/// The semantic colours of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// The user's own words, arrows and curves: what was asked about.
    pub accent: Color32,
    /// A photo the network is unsure of, and the spokes to its classes.
    pub unsure: Color32,
    /// A clicked word's neighbours, and its true neighbours a layout kept near it.
    pub selected: Color32,
    /// A clicked word's true neighbours a layout put far away; a vector's perpendicular part.
    pub lost: Color32,
    /// The words a view of its own places (the semantic axes' words).
    pub plotted: Color32,
    /// The words nothing colours, on the map.
    pub word: Color32,
    /// The dots of the 3-D view, and other plain marks (negative samples, unlisted words).
    pub dot: Color32,
    /// Guide lines (axes through zero, pairs joined): present, never in the way.
    pub faint: Color32,
    /// The raw, unsmoothed loss behind its smoothed curve.
    pub raw: Color32,
    /// Vectors before a change, beside [`Palette::after`].
    pub before: Color32,
    pub after: Color32,
    /// A vector's part along a direction, and across it (projection and rejection).
    pub along: Color32,
    pub across: Color32,
    /// A direction's own arrow.
    pub direction: Color32,
    /// Arrows from the origin in the 3-D view.
    pub arrow: Color32,
    /// An angle's arc and its size.
    pub angle: Color32,
    /// A plane spanned by two vectors (translucent).
    pub plane: Color32,
    /// The foot of a projection onto a plane.
    pub foot: Color32,
    /// The other vector of a training pair (the context word's, and the centre word's output).
    pub partner: Color32,
    /// Positive and negative numbers of a vector or a matrix, at full strength.
    pub positive: Color32,
    pub negative: Color32,
    /// A signed scale's ends (−1 and +1) around white at 0, for a matrix of dot products.
    pub diverging_low: Color32,
    pub diverging_high: Color32,
    /// The low and high ends of a similarity scale (dissimilar to similar).
    pub dissimilar: Color32,
    pub similar: Color32,
    /// Categories (clusters, word lists, watched pairs): Tableau's 12, told apart by most eyes.
    pub categories: [Color32; 12],
    /// The neighbours kept by a layout, from none to all: viridis (perceptually even and
    /// readable with any colour vision), sampled at 0, 1/8, …, 1; the scale starts a quarter
    /// along ([`KEPT_SCALE_START`]).
    pub kept_scale: [Color32; 9],
}

/// Tableau's category colours (matplotlib's `tab10` and two of `tab20`).
const CATEGORIES: [Color32; 12] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(227, 119, 194),
    Color32::from_rgb(127, 127, 127),
    Color32::from_rgb(188, 189, 34),
    Color32::from_rgb(23, 190, 207),
    Color32::from_rgb(174, 199, 232),
    Color32::from_rgb(152, 223, 138),
    Color32::from_rgb(255, 127, 14),
];

/// Where on viridis the neighbours-kept scale starts: its darkest quarter would vanish on the
/// dark map, and the words kept least are the ones to see.
const KEPT_SCALE_START: f64 = 0.25;

/// Viridis, sampled at 0, 1/8, …, 1.
const KEPT_SCALE: [Color32; 9] = [
    Color32::from_rgb(68, 1, 84),
    Color32::from_rgb(71, 44, 122),
    Color32::from_rgb(59, 81, 139),
    Color32::from_rgb(44, 113, 142),
    Color32::from_rgb(33, 144, 141),
    Color32::from_rgb(39, 173, 129),
    Color32::from_rgb(92, 200, 99),
    Color32::from_rgb(170, 220, 50),
    Color32::from_rgb(253, 231, 37),
];

/// The desk theme (dark).
pub const DESK: Palette = Palette {
    accent: Color32::from_rgb(230, 120, 20),
    unsure: Color32::from_rgb(255, 190, 40),
    selected: Color32::from_rgb(173, 216, 230),
    lost: Color32::from_rgb(240, 80, 80),
    plotted: Color32::from_rgb(173, 216, 230),
    word: Color32::from_gray(140),
    dot: Color32::from_gray(150),
    faint: Color32::from_gray(120),
    raw: Color32::from_gray(90),
    before: Color32::from_gray(150),
    after: Color32::from_rgb(255, 127, 14),
    along: Color32::from_rgb(44, 160, 44),
    across: Color32::from_rgb(214, 39, 40),
    direction: Color32::from_rgb(120, 160, 220),
    arrow: Color32::from_rgb(120, 170, 230),
    angle: Color32::from_rgb(255, 255, 0),
    plane: Color32::from_rgba_premultiplied(20, 45, 30, 60),
    foot: Color32::from_rgb(110, 210, 120),
    partner: Color32::from_rgb(90, 160, 240),
    positive: Color32::from_rgb(220, 50, 40),
    negative: Color32::from_rgb(40, 110, 230),
    diverging_low: Color32::from_rgb(60, 110, 255),
    diverging_high: Color32::from_rgb(255, 60, 60),
    dissimilar: Color32::from_rgb(40, 70, 160),
    similar: Color32::from_rgb(235, 130, 30),
    categories: CATEGORIES,
    kept_scale: KEPT_SCALE,
};

/// The presentation theme (near-white, for a projector): the desk's colours where they read on
/// white, darker where they would vanish. The desk's light blue for selected neighbours stands at
/// about 1.5:1 on the plot's near-white; this blue at 6:1.
pub const PRESENTATION: Palette = Palette {
    selected: Color32::from_rgb(0, 90, 190),
    plotted: Color32::from_rgb(0, 90, 190),
    ..DESK
};

/// A mark's colour by what it means, turned into a colour by the theme in force when it is
/// drawn: rooms say what they put on a map before they know which theme will show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tone {
    Accent,
    Selected,
    Lost,
    /// Category `k` (a word list's, a cluster's).
    Category(usize),
}

/// The palette of the theme in force.
pub fn of(visuals: &egui::Visuals) -> &'static Palette {
    if visuals.dark_mode {
        &DESK
    } else {
        &PRESENTATION
    }
}

/// The palette of the theme a [`egui::Ui`] draws with.
pub fn ui(ui: &egui::Ui) -> &'static Palette {
    of(ui.visuals())
}

impl Palette {
    /// The colour of a [`Tone`] in this theme.
    pub fn tone(&self, tone: Tone) -> Color32 {
        match tone {
            Tone::Accent => self.accent,
            Tone::Selected => self.selected,
            Tone::Lost => self.lost,
            Tone::Category(k) => self.category(k),
        }
    }

    /// The colour of category `k` (clusters and lists wrap around the 12).
    pub fn category(&self, k: usize) -> Color32 {
        self.categories[k % self.categories.len()]
    }

    /// The colour of a share of neighbours kept, 0 to 1, on [`Palette::kept_scale`] from
    /// [`KEPT_SCALE_START`], interpolated linearly.
    pub fn kept(&self, share: f64) -> Color32 {
        let scale = &self.kept_scale;
        let along = KEPT_SCALE_START + (1.0 - KEPT_SCALE_START) * share.clamp(0.0, 1.0);
        let at = along * (scale.len() - 1) as f64;
        let low = (at.floor() as usize).min(scale.len() - 2);
        let t = (at - low as f64) as f32;
        scale[low].lerp_to_gamma(scale[low + 1], t)
    }

    /// A value from −1 to 1 on the diverging scale: white at 0, fading into
    /// [`Palette::diverging_low`] below and [`Palette::diverging_high`] above.
    pub fn diverging(&self, value: f64) -> Color32 {
        let v = value.clamp(-1.0, 1.0) as f32;
        let end = if v >= 0.0 {
            self.diverging_high
        } else {
            self.diverging_low
        };
        let fade = |full: u8| (255.0 - (255.0 - f32::from(full)) * v.abs()) as u8;
        Color32::from_rgb(fade(end.r()), fade(end.g()), fade(end.b()))
    }

    /// A similarity from 0 to 1 on the scale from [`Palette::dissimilar`] to
    /// [`Palette::similar`].
    pub fn similarity(&self, value: f32) -> Color32 {
        let t = value.clamp(0.0, 1.0);
        let lerp = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t) as u8;
        let (low, high) = (self.dissimilar, self.similar);
        Color32::from_rgb(
            lerp(low.r(), high.r()),
            lerp(low.g(), high.g()),
            lerp(low.b(), high.b()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contrast ratio of two opaque colours (WCAG 2): 1 (none) to 21 (black on white).
    pub fn contrast(a: Color32, b: Color32) -> f32 {
        let luminance = |c: Color32| {
            let channel = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.040_45 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_theme_in_force_chooses_the_palette() {
        assert_eq!(of(&egui::Visuals::dark()), &DESK);
        assert_eq!(of(&egui::Visuals::light()), &PRESENTATION);
    }

    #[test]
    fn selected_lines_read_on_the_presentation_background() {
        let ctx = egui::Context::default();
        super::super::theme::install(&ctx);
        super::super::theme::show(&ctx, true);
        let visuals = ctx.global_style().visuals.clone();
        let palette = of(&visuals);
        // The map is drawn on the plot's background, the panels on the panel fill.
        for background in [visuals.extreme_bg_color, visuals.panel_fill] {
            let ratio = contrast(palette.selected, background);
            assert!(
                ratio >= 4.5,
                "selected lines at {ratio:.2}:1 on {background:?}"
            );
        }
        // The desk's light blue would not: this is what the presentation palette mends.
        assert!(contrast(DESK.selected, visuals.extreme_bg_color) < 2.0);
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-3);
        assert!((contrast(DESK.accent, DESK.accent) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn scales_run_from_their_first_colour_to_their_last() {
        assert_eq!(DESK.kept(0.0), DESK.kept_scale[2], "a quarter along");
        assert_eq!(DESK.kept(1.0), DESK.kept_scale[8]);
        assert_eq!(DESK.kept(7.0), DESK.kept_scale[8], "clamped");
        assert_eq!(DESK.diverging(0.0), Color32::WHITE);
        assert_eq!(DESK.diverging(1.0), DESK.diverging_high);
        assert_eq!(DESK.diverging(-3.0), DESK.diverging_low);
        assert_eq!(DESK.similarity(0.0), DESK.dissimilar);
        assert_eq!(DESK.similarity(1.0), DESK.similar);
        assert_eq!(DESK.category(13), DESK.categories[1]);
    }
}
