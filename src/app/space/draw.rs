//! Draws a prepared [`Scene`] through the camera, and turns the pointer and keys into camera
//! moves. The dots are drawn by the GPU with a depth buffer ([`super::renderer`]) on wgpu; on the
//! OpenGL fallback they are projected on the CPU, sorted far to near and drawn as one mesh (one
//! quad each), so nearer dots cover farther ones without a depth buffer; size and brightness fall
//! with distance either way. Labels are placed in the scene's order where they do not
//! overlap one already placed. Also finds the dot under the pointer.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};

use super::camera::{Camera, FAR_DIMMING, OnScreen, Projector, SLOW_TURN, TURN_PER_KEY};
use super::renderer::GpuDots;
use super::scene::{Mark, Scene};
use crate::app::floor::palette;

/// How near the pointer a dot must be to be hovered, in points.
const PICK_DISTANCE: f32 = 10.0;
/// Most labels drawn in one frame.
const MAX_LABELS: usize = 220;
/// Side of a photo at the centre's depth, in points.
const PICTURE_SIDE: f32 = 44.0;

/// What the pointer did over the view.
pub struct Interaction {
    pub response: egui::Response,
    /// The word of the dot under the pointer.
    pub hovered: Option<usize>,
    pub clicked: bool,
}

/// Handles the camera's input, then draws `scene` filling the space left: its dots by the GPU
/// when `gpu` holds them, else as a depth-sorted mesh. `turning` turns the view slowly by itself
/// (and keeps frames coming).
pub fn draw(
    ui: &mut egui::Ui,
    scene: &Scene,
    gpu: Option<&GpuDots>,
    camera: &mut Camera,
    turning: bool,
) -> Interaction {
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    steer(ui, &response, camera, rect, turning);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let projector = camera.projector(rect);

    // Every dot's place on the screen: for the mesh, and for the pointer.
    let pointer = response.hover_pos();
    let projected: Vec<Option<OnScreen>> = if gpu.is_none() || pointer.is_some() {
        scene
            .dots
            .iter()
            .map(|dot| projector.project(dot.at).filter(|p| rect.contains(p.pos)))
            .collect()
    } else {
        Vec::new()
    };
    match gpu {
        Some(gpu) => {
            painter.add(gpu.callback(camera, rect));
        }
        None => {
            let mut order: Vec<usize> = (0..scene.dots.len())
                .filter(|&i| projected[i].is_some())
                .collect();
            order.sort_unstable_by(|&a, &b| {
                let depth = |i: usize| projected[i].map_or(0.0, |p| p.depth);
                depth(b).total_cmp(&depth(a))
            });
            let mut mesh = Mesh::default();
            for &i in &order {
                let (dot, at) = (
                    &scene.dots[i],
                    projected[i].expect("kept only projected dots"),
                );
                add_quad(
                    &mut mesh,
                    at.pos,
                    dot.radius * at.scale,
                    dimmed(dot.colour, at.far),
                );
            }
            painter.add(Shape::mesh(mesh));
        }
    }

    draw_axes(&painter, scene, &projector, ui.visuals().weak_text_color());
    for mark in &scene.marks {
        draw_mark(&painter, mark, &projector, ui.visuals().text_color());
    }
    for picture in &scene.pictures {
        let Some(at) = projector.project(picture.at) else {
            continue;
        };
        let side = PICTURE_SIDE * at.scale;
        let size = if picture.aspect >= 1.0 {
            Vec2::new(side, side / picture.aspect)
        } else {
            Vec2::new(side * picture.aspect, side)
        };
        let frame = Rect::from_center_size(at.pos, size);
        painter.image(
            picture.texture,
            frame,
            Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        painter.rect_stroke(
            frame,
            2.0,
            Stroke::new(1.0, Color32::WHITE),
            egui::StrokeKind::Outside,
        );
        if picture.unsure {
            // As on the words map: this place averages the network's guesses.
            painter.text(
                frame.right_top() + Vec2::new(-6.0, 6.0),
                egui::Align2::CENTER_CENTER,
                "?",
                egui::FontId::proportional(14.0),
                palette::ui(ui).unsure,
            );
        }
    }
    draw_labels(ui, &painter, scene, &projector, rect);

    // The nearest dot to the pointer; of two as near, the one nearer the eye.
    let hovered = pointer.and_then(|pointer| {
        projected
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let p = (*p)?;
                let distance = p.pos.distance(pointer);
                (distance <= PICK_DISTANCE).then_some((i, distance, p.depth))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)))
            .map(|(i, _, _)| scene.dots[i].word)
    });
    Interaction {
        clicked: response.clicked(),
        response,
        hovered,
    }
}

/// The camera follows the pointer and keys: drag turns, Shift-drag or right-drag pans, scroll
/// zooms, double-click resets, the arrow keys turn; turning slowly moves it by the frame's time.
fn steer(ui: &egui::Ui, response: &egui::Response, camera: &mut Camera, rect: Rect, turning: bool) {
    let shift = ui.input(|i| i.modifiers.shift);
    if response.dragged_by(egui::PointerButton::Secondary)
        || (response.dragged_by(egui::PointerButton::Primary) && shift)
    {
        camera.pan_by(response.drag_delta(), rect);
    } else if response.dragged_by(egui::PointerButton::Primary) {
        camera.orbit(response.drag_delta());
    }
    if response.double_clicked() {
        *camera = Camera::default();
    }
    if response.hovered() {
        let (scroll, keys) = ui.input(|i| {
            let key = |k: egui::Key| if i.key_pressed(k) { 1.0 } else { 0.0 };
            (
                i.smooth_scroll_delta.y,
                [
                    key(egui::Key::ArrowRight) - key(egui::Key::ArrowLeft),
                    key(egui::Key::ArrowDown) - key(egui::Key::ArrowUp),
                ],
            )
        });
        if scroll != 0.0 {
            camera.scroll(scroll);
        }
        if keys != [0.0, 0.0] {
            camera.turn(keys[0] * TURN_PER_KEY, keys[1] * TURN_PER_KEY);
        }
    }
    if turning {
        let seconds = ui.input(|i| i.stable_dt).min(0.1);
        camera.turn(SLOW_TURN * seconds, 0.0);
        ui.ctx().request_repaint();
    }
}

/// `colour` darkened by the depth cue.
fn dimmed(colour: Color32, far: f32) -> Color32 {
    colour.gamma_multiply(1.0 - FAR_DIMMING * far)
}

/// A square dot of half-side `radius` at `centre`, as two triangles.
fn add_quad(mesh: &mut Mesh, centre: Pos2, radius: f32, colour: Color32) {
    let first = mesh.vertices.len() as u32;
    let radius = radius.max(0.5);
    for offset in [
        Vec2::new(-radius, -radius),
        Vec2::new(radius, -radius),
        Vec2::new(radius, radius),
        Vec2::new(-radius, radius),
    ] {
        mesh.vertices.push(Vertex {
            pos: centre + offset,
            uv: WHITE_UV,
            color: colour,
        });
    }
    mesh.indices
        .extend([first, first + 1, first + 2, first, first + 2, first + 3]);
}

/// The three axes through the centre, from −1 to 1, named at their positive ends.
fn draw_axes(painter: &egui::Painter, scene: &Scene, projector: &Projector, colour: Color32) {
    if scene.axes.iter().all(String::is_empty) {
        return;
    }
    for (c, name) in scene.axes.iter().enumerate() {
        let mut end = [0.0f32; 3];
        end[c] = 1.0;
        let start = end.map(|x| -x);
        let (Some(a), Some(b)) = (projector.project(start), projector.project(end)) else {
            continue;
        };
        painter.line_segment([a.pos, b.pos], Stroke::new(1.0, colour.gamma_multiply(0.5)));
        painter.text(
            b.pos,
            egui::Align2::LEFT_BOTTOM,
            name,
            egui::FontId::proportional(12.0),
            colour,
        );
    }
}

fn draw_mark(painter: &egui::Painter, mark: &Mark, projector: &Projector, text: Color32) {
    match mark {
        Mark::Segment {
            from,
            to,
            colour,
            width,
            arrow,
        } => {
            let (Some(a), Some(b)) = (projector.project(*from), projector.project(*to)) else {
                return;
            };
            let stroke = Stroke::new(*width, *colour);
            painter.line_segment([a.pos, b.pos], stroke);
            let along = b.pos - a.pos;
            if *arrow && along.length() > 4.0 {
                let back = -along.normalized() * 11.0;
                let side = back.rot90() * 0.45;
                painter.add(Shape::convex_polygon(
                    vec![b.pos, b.pos + back + side, b.pos + back - side],
                    *colour,
                    Stroke::NONE,
                ));
            }
        }
        Mark::Triangle { corners, colour } => {
            let projected: Option<Vec<Pos2>> = corners
                .iter()
                .map(|c| projector.project(*c).map(|p| p.pos))
                .collect();
            if let Some(points) = projected {
                let mut mesh = Mesh::default();
                for point in points {
                    mesh.colored_vertex(point, *colour);
                }
                mesh.add_triangle(0, 1, 2);
                painter.add(Shape::mesh(mesh));
            }
        }
        Mark::Point { at, colour, radius } => {
            if let Some(p) = projector.project(*at) {
                painter.circle_filled(p.pos, radius * p.scale.sqrt(), *colour);
            }
        }
        Mark::Text {
            at,
            text: words,
            colour,
        } => {
            if let Some(p) = projector.project(*at) {
                let colour = if *colour == Color32::PLACEHOLDER {
                    text
                } else {
                    *colour
                };
                painter.text(
                    p.pos + Vec2::new(6.0, 0.0),
                    egui::Align2::LEFT_CENTER,
                    words,
                    egui::FontId::proportional(13.0),
                    colour,
                );
            }
        }
    }
}

/// Places the scene's labels in order where they fit, each just right of its place.
fn draw_labels(
    ui: &egui::Ui,
    painter: &egui::Painter,
    scene: &Scene,
    projector: &Projector,
    rect: Rect,
) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let text_colour = ui.visuals().text_color();
    let mut placed: Vec<Rect> = Vec::new();
    for label in scene.labels.iter().chain(scene.frequent.iter()) {
        if placed.len() >= MAX_LABELS {
            break;
        }
        let Some(at) = projector.project(label.at) else {
            continue;
        };
        if !rect.contains(at.pos) {
            continue;
        }
        let colour = dimmed(label.colour.unwrap_or(text_colour), at.far);
        let galley = painter.layout_no_wrap(label.text.clone(), font.clone(), colour);
        let area = Rect::from_min_size(at.pos + Vec2::new(3.0, -galley.size().y), galley.size());
        if placed.iter().any(|other| other.intersects(area)) {
            continue;
        }
        placed.push(area);
        painter.galley(area.min, galley, colour);
    }
}
