//! The semantic axes view, after word2viz and Touretzky's Word Embedding Demo: X and Y are
//! directions typed as word pairs (`he - she`, or several added up), the user's words are placed
//! by their projections on them, pairs are joined by lines, and the panels' layers (the
//! analogy's arrows) are drawn in the same plane.

use egui::{Align2, RichText};
use egui_plot::{HLine, Line, Plot, PlotPoint, Points, Text, VLine};

use super::Query;
use crate::app::Action;
use crate::app::floor::ask::LatestAnswer;
use crate::app::floor::marks::{self, At, Layer};
use crate::app::floor::palette;
use crate::app::floor::widgets;
use crate::projection::SemanticAxis;
use crate::words::{WordVectors, WordsError};

/// How close (in points) the pointer must be to a word for its coordinates to show.
const PICK_RADIUS: f32 = 10.0;

/// A ready-made scene: two axes and the words that show them off.
struct Preset {
    name: &'static str,
    x: &'static str,
    y: &'static str,
    words: &'static str,
}

const PRESETS: &[Preset] = &[
    Preset {
        name: "Male / female words",
        x: "he - she + man - woman + king - queen",
        y: "king - man + queen - woman",
        words: "man/woman king/queen boy/girl father/mother brother/sister uncle/aunt \
                husband/wife actor/actress prince/princess he/she",
    },
    Preset {
        name: "Countries and capitals",
        x: "paris - france + berlin - germany + rome - italy + tokyo - japan",
        y: "europe - asia",
        words: "france/paris germany/berlin italy/rome spain/madrid russia/moscow \
                japan/tokyo china/beijing egypt/cairo canada/ottawa greece/athens",
    },
    Preset {
        name: "Comparatives",
        x: "bigger - big + smaller - small + faster - fast",
        y: "big - small",
        words: "big/bigger small/smaller fast/faster slow/slower strong/stronger \
                weak/weaker old/older young/younger tall/taller short/shorter",
    },
    Preset {
        name: "Jobs",
        x: "he - she",
        y: "rich - poor",
        words: "nurse doctor engineer teacher programmer secretary surgeon homemaker \
                carpenter librarian receptionist pilot dancer manager",
    },
];

/// A word placed on the axes.
#[derive(Debug, Clone)]
pub struct WordOnAxes {
    pub word: String,
    pub index: usize,
    pub at: [f64; 2],
}

/// The words placed on the two axes.
pub struct AxesResult {
    pub x: SemanticAxis,
    /// Without a Y axis the words are stacked in list order.
    pub y: Option<SemanticAxis>,
    pub points: Vec<WordOnAxes>,
    /// Pairs typed `man/woman`, as positions in `points`.
    pub pairs: Vec<(usize, usize)>,
    /// Listed words the vocabulary lacks; the others are placed anyway.
    pub unknown: Vec<String>,
}

/// The axes and the word list the user typed, and where the words fell.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AxesView {
    pub x: String,
    pub y: String,
    /// Words separated by spaces or commas; `man/woman` is a pair joined by a line.
    pub words: String,
    #[serde(skip)]
    pub result: LatestAnswer<Result<AxesResult, WordsError>>,
}

impl Default for AxesView {
    fn default() -> Self {
        let preset = &PRESETS[0];
        Self {
            x: preset.x.to_owned(),
            y: preset.y.to_owned(),
            words: preset.words.to_owned(),
            result: LatestAnswer::default(),
        }
    }
}

impl AxesView {
    /// The question the view's inputs ask.
    pub fn query(&self) -> Query {
        Query::Axes {
            x: self.x.clone(),
            y: self.y.clone(),
            words: self.words.clone(),
        }
    }

    /// The inputs above the plot: the two axes, the words, the presets.
    fn controls_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let mut run = false;
        egui::Grid::new("axes inputs")
            .num_columns(2)
            .show(ui, |ui| {
                for (name, text, hint) in [
                    ("X axis", &mut self.x, "he - she"),
                    ("Y axis", &mut self.y, "poor - rich (optional)"),
                    (
                        "Words to place",
                        &mut self.words,
                        "man/woman king/queen nurse",
                    ),
                ] {
                    let label = ui.label(name);
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(text)
                                .hint_text(hint)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    run |= widgets::entered(ui, &response);
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            run |= ui.button("Place").clicked();
            ui.weak("Preset:");
            for preset in PRESETS {
                if ui.small_button(preset.name).clicked() {
                    self.x = preset.x.to_owned();
                    self.y = preset.y.to_owned();
                    self.words = preset.words.to_owned();
                    run = true;
                }
            }
        });
        if run {
            actions.push(Action::Query(self.query()));
        }
    }

    /// The view: inputs, what the axes are, and the plot with the panels' `layers`. Returns
    /// where the plot was drawn.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        vectors: &WordVectors,
        panel_layers: &[Layer],
        actions: &mut Vec<Action>,
    ) -> Option<egui::Rect> {
        self.controls_ui(ui, actions);
        let result = match self.result.as_ref() {
            None => {
                ui.centered_and_justified(|ui| ui.spinner());
                return None;
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                return None;
            }
            Some(Ok(result)) => result,
        };
        summary_ui(ui, result);
        let top = ui.cursor().min.y;
        plot_ui(ui, result, vectors, panel_layers);
        let used = ui.min_rect();
        Some(egui::Rect::from_min_max(
            egui::pos2(used.min.x, top),
            used.max,
        ))
    }
}

/// Says what the axes are, whether they are independent, and which words are missing.
fn summary_ui(ui: &mut egui::Ui, result: &AxesResult) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Each word sits at the cosine of its vector with each axis direction.");
        if let Some(y) = &result.y {
            let cosine = result.x.cosine_with(y);
            let verdict = match cosine.abs() {
                c if c < 0.2 => "nearly independent directions",
                c if c < 0.5 => "partly the same direction",
                _ => "largely the same direction: the axes overlap",
            };
            ui.label(RichText::new(format!("cos(X, Y) = {cosine:.2}: {verdict}.")).strong());
        }
    });
    if !result.unknown.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Not in the vocabulary: {}", result.unknown.join(", ")),
        );
    }
}

/// "she ← X → he" style name of an axis: its subtracted and added words.
fn ends(axis: &SemanticAxis) -> (String, String) {
    let (negative, positive) = axis.ends();
    (negative.join(", "), positive.join(", "))
}

fn plot_ui(ui: &mut egui::Ui, result: &AxesResult, vectors: &WordVectors, panel_layers: &[Layer]) {
    // Centred on the origin, so which side of each axis a word falls on is plain to see.
    let half = |axis: usize| {
        result
            .points
            .iter()
            .map(|p| p.at[axis].abs())
            .fold(0.05, f64::max)
            * 1.25
    };
    let mut plot = Plot::new("semantic axes")
        .x_axis_label(format!("X: {}", result.x.expression))
        .include_x(-half(0))
        .include_x(half(0))
        .show_crosshair(false);
    plot = match &result.y {
        Some(y) => plot
            .y_axis_label(format!("Y: {}", y.expression))
            .include_y(-half(1))
            .include_y(half(1)),
        None => plot
            .y_axis_label("no Y axis: the words in list order")
            .show_y(false),
    };
    let place = |at: At| match at {
        At::Point(p) => Some(p),
        At::Word(index) => {
            let y = result.y.as_ref()?;
            Some([
                f64::from(result.x.coordinate_at(vectors, index)),
                f64::from(y.coordinate_at(vectors, index)),
            ])
        }
    };
    let palette = palette::ui(ui);
    let response = plot.show(ui, |plot| {
        let faint = palette.faint;
        plot.vline(VLine::new("x = 0", 0.0).color(faint));
        plot.hline(HLine::new("y = 0", 0.0).color(faint));
        for &(a, b) in &result.pairs {
            let (a, b) = (result.points[a].at, result.points[b].at);
            plot.line(Line::new("pair", vec![a, b]).color(palette.dot));
        }
        let points: Vec<[f64; 2]> = result.points.iter().map(|p| p.at).collect();
        plot.points(
            Points::new("words", points)
                .radius(4.0)
                .color(palette.plotted)
                .allow_hover(false),
        );
        let layer_words = panel_layers.iter().flat_map(Layer::labelled_words);
        let labels =
            result
                .points
                .iter()
                .map(|p| (p.at, p.word.clone()))
                .chain(layer_words.filter_map(|index| {
                    let at = place(At::Word(index))?;
                    let word = vectors.word(index);
                    result.placed(word).is_none().then(|| (at, word.to_owned()))
                }));
        for (at, word) in labels {
            plot.text(Text::new("word", PlotPoint::from(at), word).anchor(Align2::LEFT_BOTTOM));
        }
        marks::draw(plot, palette, panel_layers, place);
        let pointer = plot
            .pointer_coordinate()
            .filter(|_| plot.response().hovered())?;
        let pointer = plot.screen_from_plot(pointer);
        result
            .points
            .iter()
            .map(|p| {
                let at = plot.screen_from_plot(PlotPoint::from(p.at));
                (p, at.distance(pointer))
            })
            .filter(|(_, distance)| *distance < PICK_RADIUS)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| p.clone())
    });
    ends_ui(ui, result, *response.transform.frame());
    if let Some(placed) = response.inner {
        response.response.on_hover_ui_at_pointer(|ui| {
            ui.strong(&placed.word);
            ui.label(format!("X ({}): {:+.3}", result.x.expression, placed.at[0]));
            if let Some(y) = &result.y {
                ui.label(format!("Y ({}): {:+.3}", y.expression, placed.at[1]));
            }
        });
    }
}

/// Names both ends of each axis at the edges of the plot `frame` (in screen space, so the
/// labels never move the plot's bounds).
fn ends_ui(ui: &egui::Ui, result: &AxesResult, frame: egui::Rect) {
    let painter = ui.painter_at(frame);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = palette::ui(ui).accent;
    let margin = 6.0;
    let (low, high) = ends(&result.x);
    let mut labels = vec![
        (
            egui::pos2(frame.min.x + margin, frame.center().y - margin),
            Align2::LEFT_BOTTOM,
            format!("‹ {low}"),
        ),
        (
            egui::pos2(frame.max.x - margin, frame.center().y - margin),
            Align2::RIGHT_BOTTOM,
            format!("{high} ›"),
        ),
    ];
    if let Some(y) = &result.y {
        let (low, high) = ends(y);
        labels.push((
            egui::pos2(frame.center().x + margin, frame.min.y + margin),
            Align2::LEFT_TOP,
            high,
        ));
        labels.push((
            egui::pos2(frame.center().x + margin, frame.max.y - margin),
            Align2::LEFT_BOTTOM,
            low,
        ));
    }
    for (at, anchor, text) in labels {
        let galley = painter.layout_no_wrap(text, font.clone(), color);
        let rect = anchor.anchor_size(at, galley.size()).expand(3.0);
        painter.rect_filled(
            rect,
            3.0,
            ui.visuals().extreme_bg_color.gamma_multiply(0.85),
        );
        painter.galley(rect.min + egui::vec2(3.0, 3.0), galley, color);
    }
}

/// Builds the axes and places the listed words on them.
pub(super) fn place(
    vectors: &WordVectors,
    x: &str,
    y: &str,
    words: &str,
) -> Result<AxesResult, WordsError> {
    let x = SemanticAxis::new(vectors, x)?;
    let y = if y.trim().is_empty() {
        None
    } else {
        Some(SemanticAxis::new(vectors, y)?)
    };
    let mut result = AxesResult {
        x,
        y,
        points: Vec::new(),
        pairs: Vec::new(),
        unknown: Vec::new(),
    };
    for token in crate::words::split_list(words) {
        let placed: Vec<Option<usize>> = token
            .split('/')
            .filter(|w| !w.is_empty())
            .map(|word| result.add(vectors, word))
            .collect();
        if let [Some(a), Some(b)] = placed[..] {
            result.pairs.push((a, b));
        }
    }
    if result.points.is_empty() && result.unknown.is_empty() {
        return Err(WordsError::BadQuery(
            "list some words to place, e.g. \"man/woman king/queen nurse\"".into(),
        ));
    }
    Ok(result)
}

impl AxesResult {
    /// Places `word` (once), returning its position in `points`; `None` if it is unknown.
    fn add(&mut self, vectors: &WordVectors, word: &str) -> Option<usize> {
        if let Some(position) = self.points.iter().position(|p| p.word == word) {
            return Some(position);
        }
        let Some(index) = vectors.index_of(word) else {
            if !self.unknown.iter().any(|w| w == word) {
                self.unknown.push(word.to_owned());
            }
            return None;
        };
        let x = f64::from(self.x.coordinate_at(vectors, index));
        let y = match &self.y {
            Some(y) => f64::from(y.coordinate_at(vectors, index)),
            None => -(self.points.len() as f64) * 0.05,
        };
        self.points.push(WordOnAxes {
            word: word.to_owned(),
            index,
            at: [x, y],
        });
        Some(self.points.len() - 1)
    }

    /// Where `word` was placed.
    pub fn placed(&self, word: &str) -> Option<&WordOnAxes> {
        self.points.iter().find(|p| p.word == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::fixtures::gender_and_wealth;

    #[test]
    fn pairs_are_joined_and_unknown_words_listed() {
        let v = gender_and_wealth();
        let result = place(
            &v,
            "he - she",
            "rich - poor",
            "king/queen, rich nobody king",
        )
        .unwrap();
        let words: Vec<&str> = result.points.iter().map(|p| p.word.as_str()).collect();
        assert_eq!(words, ["king", "queen", "rich"]);
        assert_eq!(result.pairs, [(0, 1)]);
        assert_eq!(result.unknown, ["nobody"]);
        assert!(result.placed("queen").unwrap().at[0] < 0.0);
        assert!(result.placed("rich").unwrap().at[1] > 0.9);
    }

    #[test]
    fn without_a_y_axis_words_stack_in_list_order() {
        let v = gender_and_wealth();
        let result = place(&v, "he - she", " ", "he she").unwrap();
        assert!(result.y.is_none());
        assert!(result.placed("she").unwrap().at[1] < result.placed("he").unwrap().at[1]);
    }

    #[test]
    fn bad_axes_or_no_words_are_errors() {
        let v = gender_and_wealth();
        assert!(place(&v, "he", "", "king").is_err());
        assert!(place(&v, "he - she", "rich", "king").is_err());
        assert!(place(&v, "he - she", "", " , ").is_err());
    }
}
