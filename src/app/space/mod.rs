//! The Words tab's 3-D view: the words laid out in space by PCA (three components, each axis
//! with its share of the variance), t-SNE or UMAP (three output dimensions, animated while they
//! settle, kept like the map's layouts), turned with an orbit camera; or, with *Vectors from the
//! origin*, the marked words as arrows with an angle, a plane and a projection ([`origin`]).
//!
//! This file holds the view's state and dispatch: the layouts are computed on jobs and kept in a
//! [`Cache`]; each frame a [`Scene`] is prepared and then drawn ([`draw`]).

mod camera;
mod draw;
mod jobs;
mod origin;
pub mod renderer;
mod scene;

use std::sync::Arc;

use super::Action;
use super::floor::cache::{Following, Outcome, Stop};
use super::floor::dataset::{Dataset, DatasetId};
use super::floor::marks::{At, Layer};
use super::floor::messages::AppError;
use super::floor::palette::{self, Palette};
use super::floor::pointer;
use super::map::{LayoutKey, WORD_TERMS, WordMap, method_picker};
use crate::projection::{KEPT_NEIGHBOURS, Method};
use crate::words::{Expression, Neighbour, WordVectors};

pub use camera::Camera;
pub use origin::Construction;
pub use scene::{Dot, Label, Mark, Scene};

/// Layouts kept for switching back.
const KEPT_LAYOUTS: usize = 3;
/// The dots' size at the centre's depth.
const DOT_RADIUS: f32 = 1.6;
/// Labels offered beyond the marked words: the most frequent, in order.
const LABEL_CANDIDATES: usize = 2_000;
/// Neighbours shown on hover and joined to the clicked word.
const HOVER_NEIGHBOURS: usize = 5;
const SELECTED_NEIGHBOURS: usize = 10;

/// The 3-D view's choices, which the settings and lessons keep.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SpaceSettings {
    pub camera: Camera,
    /// Turn slowly by itself, for a projector.
    pub turning: bool,
    /// Show the marked words as arrows from the origin instead of the cloud.
    pub from_origin: bool,
    /// What the arrows show.
    pub construction: Construction,
    /// The two words of the angle.
    pub angle: [String; 2],
    /// The plane's two words and the word dropped onto it.
    pub plane: [String; 3],
    /// Colour the cloud by the neighbours each word keeps.
    pub colour_kept: bool,
}

impl Default for SpaceSettings {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            turning: false,
            from_origin: false,
            construction: Construction::Marked,
            angle: ["king".into(), "queen".into()],
            plane: ["king".into(), "woman".into(), "queen".into()],
            colour_kept: false,
        }
    }
}

impl SpaceSettings {
    /// The settings with the camera repaired into range (they may come from any file).
    pub fn validated(self) -> Self {
        Self {
            camera: self.camera.validated(),
            ..self
        }
    }
}

/// What the view draws beside the panels' layers.
pub struct SpaceInputs<'a> {
    pub dataset: &'a Dataset,
    pub layers: &'a [Layer],
    /// The analogy's expression and its best answer, for the parallelogram.
    pub analogy: Option<(&'a Expression, Option<&'a str>)>,
}

/// The 3-D view: its layouts, and the user's interaction with it.
pub struct SpaceView {
    /// The 3-D layouts made or being made, the one asked for last and the one on screen.
    layouts: Following<LayoutKey, WordMap<3>>,
    /// The dataset the interaction below refers to.
    shown: Option<DatasetId>,
    selected: Option<usize>,
    hovered: Option<(usize, Vec<Neighbour>)>,
    selected_neighbours: Option<(usize, Vec<Neighbour>)>,
    /// Draw the cloud's dots with the GPU ([`renderer`]); set when the renderer is wgpu.
    gpu: bool,
    /// The dots as the GPU draws them, for the layout and colouring on screen.
    gpu_dots: Option<renderer::GpuDots>,
    /// The dots and frequent labels of the layout and colouring on screen.
    cloud: Option<Cloud>,
    /// The last frame's scene, numbers and place (for tests, through `inspect`).
    scene: Scene,
    numbers: Vec<String>,
    drawn: Option<egui::Rect>,
}

impl Default for SpaceView {
    fn default() -> Self {
        Self {
            layouts: Following::new(KEPT_LAYOUTS),
            shown: None,
            selected: None,
            hovered: None,
            selected_neighbours: None,
            gpu: false,
            gpu_dots: None,
            cloud: None,
            scene: Scene::default(),
            numbers: Vec::new(),
            drawn: None,
        }
    }
}

impl SpaceView {
    /// A view that draws its dots with the GPU when `gpu` (the renderer is wgpu and the
    /// pipeline is installed).
    pub fn new(gpu: bool) -> Self {
        Self {
            gpu,
            ..Self::default()
        }
    }

    /// Whether the GPU draws the dots.
    pub fn gpu(&self) -> bool {
        self.gpu
    }

    /// Draws the dots with the GPU (true) or with egui's painter.
    pub fn set_gpu(&mut self, gpu: bool) {
        self.gpu = gpu;
        self.gpu_dots = None;
    }

    /// Shows the newest frame of a settling layout.
    pub fn take_streamed(&mut self) {
        self.layouts.take_streamed();
    }

    /// Takes what a layout job delivered; a crash is returned to be reported.
    pub fn receive(
        &mut self,
        job: u64,
        key: LayoutKey,
        outcome: Outcome<WordMap<3>>,
    ) -> Option<AppError> {
        self.layouts
            .receive(job, key, outcome)
            .map(AppError::Crashed)
    }

    /// The 3-D layout on screen for `dataset`.
    pub fn current(&self, dataset: DatasetId) -> Option<&WordMap<3>> {
        self.layouts
            .shown()
            .map(|map| map.as_ref())
            .filter(|map| map.dataset() == dataset)
    }

    /// The scene the last frame drew.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The numbers beside the last frame's arrows.
    pub fn numbers(&self) -> &[String] {
        &self.numbers
    }

    /// The word selected in the view.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The word under the pointer at the last frame.
    pub fn hovered(&self) -> Option<usize> {
        self.hovered.as_ref().map(|(index, _)| *index)
    }

    /// Where the dot of `word` was on the screen at the last frame, seen by `camera`.
    pub fn on_screen(&self, camera: &Camera, word: usize) -> Option<egui::Pos2> {
        let dot = self.scene.dots.iter().find(|dot| dot.word == word)?;
        Some(camera.project(dot.at, self.drawn?)?.pos)
    }

    /// Draws the view; returns where it was drawn.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        settings: &mut SpaceSettings,
        method: &mut Method,
        inputs: &SpaceInputs<'_>,
        actions: &mut Vec<Action>,
    ) -> Option<egui::Rect> {
        let dataset = inputs.dataset;
        if self.shown != Some(dataset.id) {
            self.shown = Some(dataset.id);
            self.selected = None;
            self.hovered = None;
            self.selected_neighbours = None;
        }
        controls_ui(ui, settings, method, actions);
        let palette = palette::ui(ui);
        let vectors = dataset.vectors.clone();
        let marked: Vec<usize> = inputs.layers.iter().flat_map(Layer::words).collect();
        let mut dots_key = None;
        let (scene, caption) = if settings.from_origin {
            let built = origin::origin_scene(&origin::OriginInputs {
                vectors: &vectors,
                construction: settings.construction,
                marked: &marked,
                analogy: inputs.analogy,
                angle: &settings.angle,
                plane: &settings.plane,
                palette,
            });
            if let Some(problem) = &built.problem {
                ui.colored_label(ui.visuals().warn_fg_color, problem);
            }
            (built.scene, built.numbers)
        } else {
            let Some(map) = self
                .layouts
                .shown()
                .cloned()
                .filter(|m| m.dataset() == dataset.id)
            else {
                ui.centered_and_justified(|ui| ui.label(self.missing()));
                return None;
            };
            let selection = self.selected.filter(|&s| map.position(s).is_some());
            let neighbours = selection.map(|s| {
                pointer::neighbours_of(
                    &mut self.selected_neighbours,
                    &vectors,
                    s,
                    SELECTED_NEIGHBOURS,
                )
                .to_vec()
            });
            // The colours follow the theme: a cloud is made for one.
            let key = (
                map.generation,
                u64::from(settings.colour_kept) | u64::from(!ui.visuals().dark_mode) << 1,
            );
            if self.cloud.as_ref().is_none_or(|cloud| cloud.key != key) {
                self.cloud = Some(Cloud::new(palette, &map, &vectors, settings.colour_kept));
            }
            let cloud = self.cloud.as_ref().expect("made above");
            let scene = cloud_scene(
                palette,
                &map,
                cloud,
                &vectors,
                inputs.layers,
                selection.zip(neighbours),
            );
            dots_key = Some(key);
            (scene, map_caption(&map, self.note()))
        };
        // The GPU's copy of the dots, uploaded when the layout or its colouring changes.
        let gpu_dots = match dots_key.filter(|_| self.gpu) {
            Some(key) => {
                if self.gpu_dots.as_ref().is_none_or(|dots| dots.key != key) {
                    self.gpu_dots = Some(renderer::GpuDots::new(key, &scene.dots));
                }
                self.gpu_dots.as_ref()
            }
            None => None,
        };
        for line in &caption {
            ui.weak(line);
        }
        if settings.colour_kept && !settings.from_origin {
            kept_legend(ui, palette);
        }
        let top = ui.cursor().min.y;
        let interaction = draw::draw(ui, &scene, gpu_dots, &mut settings.camera, settings.turning);
        self.drawn = Some(interaction.response.rect);
        self.scene = scene;
        self.numbers = caption;
        match interaction.hovered {
            Some(index) => {
                pointer::hover_ui(
                    &interaction.response,
                    &mut self.hovered,
                    &vectors,
                    index,
                    HOVER_NEIGHBOURS,
                );
                if interaction.clicked {
                    self.selected = Some(index);
                }
            }
            None => {
                self.hovered = None;
                if interaction.clicked {
                    self.selected = None;
                }
            }
        }
        let used = ui.min_rect();
        Some(egui::Rect::from_min_max(
            egui::pos2(used.min.x, top),
            used.max,
        ))
    }

    /// Why the layout asked for is not shown, when it stopped.
    fn note(&self) -> Option<String> {
        let name = self.layouts.wanted()?.method.name();
        match self.layouts.wanted_stop()? {
            Stop::Failed(error) => Some(format!(
                "{name} cannot lay out these words in 3-D: {error}. The view shows the last \
                 layout."
            )),
            _ => Some(format!(
                "{name} stopped; the view shows the last layout. Switch to another projection \
                 and back to try again."
            )),
        }
    }

    /// What the view says while there is no layout.
    fn missing(&self) -> String {
        match self.note() {
            Some(note) => note,
            None => "Laying the words out in 3-D…".to_owned(),
        }
    }
}

/// The view's controls in one row, and the construction's inputs in a second when the arrows
/// are shown.
fn controls_ui(
    ui: &mut egui::Ui,
    settings: &mut SpaceSettings,
    method: &mut Method,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        if !settings.from_origin {
            if method_picker(ui, method, &WORD_TERMS) {
                actions.push(Action::RefreshMap);
            }
            ui.separator();
            ui.checkbox(&mut settings.colour_kept, "Colour: neighbours kept")
                .on_hover_text(format!(
                    "Each word by how many of its {KEPT_NEIGHBOURS} nearest neighbours in the \
                     full space are among its {KEPT_NEIGHBOURS} nearest in this 3-D layout"
                ));
        }
        if ui
            .checkbox(&mut settings.from_origin, "Vectors from the origin")
            .on_hover_text("The marked words as arrows from the origin, in the three directions that hold them (fitted on just these words, without centring)")
            .changed()
        {
            actions.push(Action::RefreshMap);
        }
        ui.checkbox(&mut settings.turning, "Turn slowly")
            .on_hover_text("The view turns by itself, a full turn in 40 s: for a projector");
        if ui
            .button("Reset view")
            .on_hover_text("Or double-click the view. Drag to turn, scroll to zoom, Shift-drag or right-drag to pan, arrow keys to turn.")
            .clicked()
        {
            settings.camera = Camera::default();
        }
    });
    if settings.from_origin {
        ui.horizontal_wrapped(|ui| {
            ui.label("Show");
            ui.radio_value(
                &mut settings.construction,
                Construction::Marked,
                "marked words",
            )
            .on_hover_text("The words the panels mark, and the analogy's parallelogram");
            ui.radio_value(&mut settings.construction, Construction::Angle, "an angle");
            ui.radio_value(&mut settings.construction, Construction::Plane, "a plane");
            match settings.construction {
                Construction::Marked => {}
                Construction::Angle => {
                    for (word, name) in settings.angle.iter_mut().zip(["Angle between", "and"]) {
                        word_field(ui, name, word);
                    }
                }
                Construction::Plane => {
                    for (word, name) in
                        settings
                            .plane
                            .iter_mut()
                            .zip(["Plane of", "and", "drop onto it"])
                    {
                        word_field(ui, name, word);
                    }
                }
            }
        });
    }
}

fn word_field(ui: &mut egui::Ui, name: &str, word: &mut String) {
    let label = ui.label(name);
    ui.add(egui::TextEdit::singleline(word).desired_width(90.0))
        .labelled_by(label.id);
}

/// What the cloud of one layout in one colouring draws every frame, made once: the fit into
/// the unit ball, the dots, and the labels of the most frequent words.
struct Cloud {
    key: (u64, u64),
    colour_kept: bool,
    fit: scene::Fit,
    dots: Arc<[Dot]>,
    frequent: Arc<[Label]>,
}

impl Cloud {
    fn new(palette: &Palette, map: &WordMap<3>, vectors: &WordVectors, colour_kept: bool) -> Self {
        let fit = scene::Fit::of(&map.coords, false);
        let kept = map.kept.as_ref().filter(|_| colour_kept);
        let dots = map
            .indices()
            .iter()
            .zip(&map.coords)
            .enumerate()
            .filter_map(|(p, (&word, &at))| {
                Some(Dot {
                    at: fit.place(at)?,
                    colour: kept.map_or(palette.dot, |kept| palette.kept(kept.share(p))),
                    radius: DOT_RADIUS,
                    word,
                })
            })
            .collect();
        let frequent = map
            .indices()
            .iter()
            .zip(&map.coords)
            .take(LABEL_CANDIDATES)
            .filter_map(|(&index, &at)| {
                Some(Label {
                    at: fit.place(at)?,
                    text: vectors.word(index).to_owned(),
                    colour: None,
                })
            })
            .collect();
        Self {
            key: (map.generation, u64::from(colour_kept)),
            colour_kept,
            fit,
            dots,
            frequent,
        }
    }
}

/// The cloud of a 3-D layout: its dots (grey, or by the neighbours kept), the panels' layers
/// at their words, the selected word's lines to its neighbours, labels marked words first.
fn cloud_scene(
    palette: &Palette,
    map: &WordMap<3>,
    cloud: &Cloud,
    vectors: &WordVectors,
    layers: &[Layer],
    selection: Option<(usize, Vec<Neighbour>)>,
) -> Scene {
    let fit = cloud.fit;
    let place = |index: usize| fit.place(map.coords_of(index)?);
    let kept = map.kept.as_ref().filter(|_| cloud.colour_kept);
    let mut marks = Vec::new();
    let mut labels = Vec::new();
    let mut pictures = Vec::new();
    let at = |a: At| match a {
        At::Word(index) => place(index),
        At::Point(_) => None,
    };
    for layer in layers {
        match layer {
            Layer::Points {
                at: places,
                color,
                radius,
                ..
            } => {
                for &a in places {
                    if let Some(p) = at(a) {
                        marks.push(Mark::Point {
                            at: p,
                            colour: palette.tone(*color),
                            radius: *radius,
                        });
                        if let At::Word(index) = a {
                            labels.push(Label {
                                at: p,
                                text: vectors.word(index).to_owned(),
                                colour: Some(palette.tone(*color)),
                            });
                        }
                    }
                }
            }
            Layer::Arrows {
                arrows: pairs,
                color,
            }
            | Layer::Lines {
                lines: pairs,
                color,
            } => {
                let arrow = matches!(layer, Layer::Arrows { .. });
                for &(a, b) in pairs {
                    if let (Some(from), Some(to)) = (at(a), at(b)) {
                        marks.push(Mark::Segment {
                            from,
                            to,
                            colour: palette.tone(*color),
                            width: 1.5,
                            arrow,
                        });
                    }
                }
            }
            Layer::Labels {
                labels: texts,
                color,
            } => {
                for (a, text) in texts {
                    if let Some(p) = at(*a) {
                        labels.push(Label {
                            at: p,
                            text: text.clone(),
                            colour: Some(palette.tone(*color)),
                        });
                    }
                }
            }
            Layer::Thumbnails { thumbnails, .. } => {
                for thumbnail in thumbnails {
                    if let Some(p) = at(thumbnail.at) {
                        pictures.push(scene::Picture {
                            at: p,
                            texture: thumbnail.texture,
                            aspect: thumbnail.aspect,
                            name: thumbnail.name.clone(),
                            unsure: false,
                        });
                    }
                }
            }
            Layer::Placed(placed) => {
                for picture in placed {
                    if let Some(p) = map
                        .place_vector(vectors, &picture.vector)
                        .and_then(|p| fit.place(p))
                    {
                        pictures.push(scene::Picture {
                            at: p,
                            texture: picture.texture,
                            aspect: picture.aspect,
                            name: picture.name.clone(),
                            unsure: picture.unsure,
                        });
                    }
                }
            }
        }
    }
    if let Some((selected, neighbours)) = selection
        && let Some(from) = place(selected)
    {
        // With the neighbours kept shown: the true neighbours among the map's words, blue when
        // kept near, red when put far away; else the vocabulary's nearest.
        let kept = kept.zip(map.position(selected));
        let lines = pointer::selection_lines(kept, map.indices(), &neighbours);
        for (neighbour, tone) in lines {
            let colour = palette.tone(tone);
            if let Some(to) = place(neighbour) {
                marks.push(Mark::Segment {
                    from,
                    to,
                    colour,
                    width: 1.2,
                    arrow: false,
                });
                labels.push(Label {
                    at: to,
                    text: vectors.word(neighbour).to_owned(),
                    colour: Some(colour),
                });
            }
        }
        marks.push(Mark::Point {
            at: from,
            colour: palette.selected,
            radius: 6.0,
        });
        labels.insert(
            0,
            Label {
                at: from,
                text: vectors.word(selected).to_owned(),
                colour: Some(palette.selected),
            },
        );
    }
    let axes = match map.method() {
        Method::Pca => map.axis_labels(),
        _ => [String::new(), String::new(), String::new()],
    };
    Scene {
        dots: cloud.dots.clone(),
        marks,
        labels,
        frequent: cloud.frequent.clone(),
        pictures,
        axes,
    }
}

/// The lines above the cloud: what its axes mean, how much it keeps, and any problem.
fn map_caption(map: &WordMap<3>, note: Option<String>) -> Vec<String> {
    let mut lines: Vec<String> = note.into_iter().collect();
    match map.method() {
        Method::Pca => {}
        _ => lines.push(map.axis_labels()[0].clone()),
    }
    if let Some(kept) = &map.kept {
        lines.push(format!(
            "This 3-D map keeps {:.0}% of each word's {KEPT_NEIGHBOURS} nearest neighbours in the \
             full space (by cosine) among its {KEPT_NEIGHBOURS} nearest in the view. Drag to \
             turn, scroll to zoom, Shift-drag to pan, double-click to reset.",
            100.0 * kept.mean()
        ));
    }
    lines
}

/// The neighbours-kept scale, as on the map: none kept to all kept.
fn kept_legend(ui: &mut egui::Ui, palette: &Palette) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 8.0;
        for (colour, text) in pointer::kept_legend_entries(palette) {
            let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect.shrink(1.0), 1.0, colour);
            ui.label(text);
        }
        ui.weak(pointer::KEPT_LINES_NOTE);
    });
}
