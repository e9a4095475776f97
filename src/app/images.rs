//! The Images panel: photos as thumbnails with what the network sees in them, two of them
//! compared, the similarity matrix of all, and the nearest photos to the one picked.

use egui::{Color32, RichText, Sense, Vec2};

use super::Action;
use super::state::{AppState, Embedder, ImageAnalysis, ImagesView};
use crate::images::cosine;

const THUMBNAIL: f32 = 96.0;
/// Up to this many photos the matrix shows its numbers; beyond, colours only.
const MATRIX_WITH_NUMBERS: usize = 16;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.heading("Images");
    ui.horizontal(|ui| {
        if ui.button("Add images…").clicked() {
            actions.push(Action::AddImagesDialog);
        }
        if ui.button("Clear").clicked() {
            actions.push(Action::ClearImages);
        }
    });
    ui.small("Drop photos or folders anywhere on the window. Click two photos to compare them.");
    let images = &mut state.images;
    match &images.embedder {
        Embedder::Loading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading ResNet-50…");
            });
        }
        Embedder::Failed(message) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The image network is unavailable: {message}"),
            );
        }
        Embedder::Ready(_) => {}
    }
    thumbnails_ui(ui, images);
    errors_ui(ui, images);
    ui.separator();
    pair_ui(ui, images);
    ui.separator();
    matrix_ui(ui, images);
    nearest_ui(ui, images);
}

fn thumbnails_ui(ui: &mut egui::Ui, images: &mut ImagesView) {
    let mut clicked = None;
    let shown: Vec<usize> = (0..images.items.len())
        .filter(|&i| images.items[i].error.is_none())
        .collect();
    let per_row = ((ui.available_width() / (THUMBNAIL + 18.0)) as usize).max(1);
    egui::ScrollArea::vertical()
        .id_salt("thumbnails")
        .max_height(320.0)
        .show(ui, |ui| {
            for row in shown.chunks(per_row) {
                ui.horizontal(|ui| {
                    for &index in row {
                        if thumbnail_ui(ui, images, index).clicked() {
                            clicked = Some(index);
                        }
                    }
                });
            }
        });
    if let Some(index) = clicked {
        images.pair = match images.pair {
            [Some(a), None] if a != index => [Some(a), Some(index)],
            [Some(_), Some(b)] if b != index => [Some(b), Some(index)],
            _ => [Some(index), None],
        };
    }
}

/// One photo: its thumbnail (or a spinner), name and top ImageNet label; outlined when picked.
fn thumbnail_ui(ui: &mut egui::Ui, images: &ImagesView, index: usize) -> egui::Response {
    let item = &images.items[index];
    let picked = images.pair.contains(&Some(index));
    let frame = egui::Frame::group(ui.style()).stroke(if picked {
        egui::Stroke::new(2.0, Color32::from_rgb(230, 120, 20))
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    });
    frame
        .show(ui, |ui| {
            ui.set_width(THUMBNAIL);
            ui.vertical_centered(|ui| {
                match &item.thumbnail {
                    Some(texture) => {
                        ui.add(egui::Image::new(texture).max_size(Vec2::splat(THUMBNAIL)));
                    }
                    None => {
                        ui.add_sized(Vec2::splat(THUMBNAIL), egui::Spinner::new());
                    }
                }
                ui.add(egui::Label::new(RichText::new(&item.name).small()).truncate());
                match (&item.top_label, item.is_pending()) {
                    (Some(label), _) => {
                        let text = format!("{} {:.0}%", label.label, 100.0 * label.probability);
                        ui.add(egui::Label::new(RichText::new(text).small().weak()).truncate());
                    }
                    (None, true) => {
                        ui.small("embedding…");
                    }
                    (None, false) => {}
                }
            });
        })
        .response
        .interact(Sense::click())
}

fn errors_ui(ui: &mut egui::Ui, images: &ImagesView) {
    for item in images.items.iter().filter(|i| i.error.is_some()) {
        if let Some(error) = &item.error {
            ui.colored_label(ui.visuals().error_fg_color, error.as_str());
        }
    }
}

fn pair_ui(ui: &mut egui::Ui, images: &ImagesView) {
    let [Some(a), Some(b)] = images.pair else {
        ui.weak("Pick two photos to see their cosine similarity.");
        return;
    };
    let (a, b) = (&images.items[a], &images.items[b]);
    let (Some(fa), Some(fb)) = (&a.features, &b.features) else {
        ui.weak("Waiting for both embeddings…");
        return;
    };
    let score = cosine(&fa.embedding, &fb.embedding);
    ui.horizontal(|ui| {
        for (item, side) in [(a, 0), (b, 1)] {
            if let Some(texture) = &item.thumbnail {
                ui.add(egui::Image::new(texture).max_size(Vec2::splat(110.0)));
            }
            if side == 0 {
                ui.vertical(|ui| {
                    ui.label(RichText::new(format!("{score:.3}")).size(34.0).strong());
                    ui.small("cosine similarity");
                });
            }
        }
    });
    ui.small(format!("{} vs {}", a.name, b.name));
}

/// Blue (dissimilar) to orange (similar).
fn heat(value: f32) -> Color32 {
    let t = value.clamp(0.0, 1.0);
    let lerp = |a: f32, b: f32| (a + (b - a) * t) as u8;
    Color32::from_rgb(lerp(40.0, 235.0), lerp(70.0, 130.0), lerp(160.0, 30.0))
}

fn matrix_ui(ui: &mut egui::Ui, images: &ImagesView) {
    let Some(ImageAnalysis {
        embedded,
        similarity: matrix,
        ..
    }) = &images.analysis
    else {
        return;
    };
    if embedded.len() < 2 {
        return;
    }
    ui.strong(format!("Similarity matrix ({n}×{n})", n = embedded.len()));
    if embedded.len() <= MATRIX_WITH_NUMBERS {
        egui::Grid::new("similarity matrix")
            .spacing([2.0, 2.0])
            .show(ui, |ui| {
                ui.label("");
                for column in 1..=embedded.len() {
                    ui.small(column.to_string());
                }
                ui.end_row();
                for (number, (row, &a)) in matrix.iter().zip(embedded).enumerate() {
                    let name: String = images.items[a].name.chars().take(14).collect();
                    ui.small(format!("{} {name}", number + 1));
                    for (&value, &b) in row.iter().zip(embedded) {
                        let text = RichText::new(format!("{value:.2}"))
                            .small()
                            .color(Color32::WHITE);
                        egui::Frame::new()
                            .fill(heat(value))
                            .inner_margin(2.0)
                            .show(ui, |ui| {
                                ui.label(text).on_hover_text(format!(
                                    "{} · {}",
                                    images.items[a].name, images.items[b].name
                                ));
                            });
                    }
                    ui.end_row();
                }
            });
    } else {
        let cell = (ui.available_width() / embedded.len() as f32).clamp(3.0, 14.0);
        let (rect, response) =
            ui.allocate_exact_size(Vec2::splat(cell * embedded.len() as f32), Sense::hover());
        let painter = ui.painter_at(rect);
        for (r, row) in matrix.iter().enumerate() {
            for (c, &value) in row.iter().enumerate() {
                let min = rect.min + Vec2::new(c as f32 * cell, r as f32 * cell);
                painter.rect_filled(
                    egui::Rect::from_min_size(min, Vec2::splat(cell)),
                    0.0,
                    heat(value),
                );
            }
        }
        if let Some(pointer) = response.hover_pos() {
            let (c, r) = (
                ((pointer.x - rect.min.x) / cell) as usize,
                ((pointer.y - rect.min.y) / cell) as usize,
            );
            if let (Some(&a), Some(&b)) = (embedded.get(r), embedded.get(c)) {
                response.on_hover_text(format!(
                    "{} · {}: {:.3}",
                    images.items[a].name, images.items[b].name, matrix[r][c]
                ));
            }
        }
    }
}

fn nearest_ui(ui: &mut egui::Ui, images: &ImagesView) {
    let Some(selected) = images.pair[1].or(images.pair[0]) else {
        return;
    };
    let Some(analysis) = &images.analysis else {
        return;
    };
    let Some(row) = analysis.embedded.iter().position(|&i| i == selected) else {
        return;
    };
    let mut nearest: Vec<(usize, f32)> = analysis
        .embedded
        .iter()
        .zip(&analysis.similarity[row])
        .filter(|&(&i, _)| i != selected)
        .map(|(&i, &score)| (i, score))
        .collect();
    nearest.sort_by(|a, b| b.1.total_cmp(&a.1));
    ui.separator();
    ui.strong(format!("Nearest to {}", images.items[selected].name));
    for (i, score) in nearest.into_iter().take(5) {
        ui.label(format!("{score:.3}  {}", images.items[i].name));
    }
}
