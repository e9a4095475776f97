//! The Images panel: photos as thumbnails with what the network sees in them, photos found by a
//! typed word, two of them compared, the similarity matrix of all, and the nearest photos and
//! words to the one picked.

use egui::{Color32, RichText, Sense, Vec2};

use super::{Images, Network, Photo, PhotoId, list_words};
use crate::app::floor::dataset::{Dataset, DatasetId};
use crate::app::floor::{palette, ui_pool, widgets};
use crate::app::{Action, Purpose};
use crate::vector::cosine;
use crate::words::{Expression, WordsError};

const THUMBNAIL: f32 = 96.0;
/// Up to this many photos the matrix shows its numbers; beyond, colours only.
const MATRIX_WITH_NUMBERS: usize = 16;

/// Photos found per search.
const FOUND_SHOWN: usize = 6;

/// The panel's own state: which two photos are being compared, and the search by word.
#[derive(Default)]
pub struct ImagesPanel {
    pub pair: [Option<PhotoId>; 2],
    /// What the user typed to find photos: "cat", "dog + snow".
    pub search: String,
    found: Option<Search>,
}

/// A search as entered: the direction it points in among the words of one dataset (the photos
/// are ranked against it each frame, so ones embedded later join in), or why it has none.
enum Search {
    Direction {
        dataset: DatasetId,
        direction: Vec<f32>,
    },
    Failed(WordsError),
}

impl ImagesPanel {
    /// Picks a photo: the first of a pair, then the second; a third starts over from the last.
    fn pick(&mut self, id: PhotoId) {
        self.pair = match self.pair {
            [Some(a), None] if a != id => [Some(a), Some(id)],
            [Some(_), Some(b)] if b != id => [Some(b), Some(id)],
            _ => [Some(id), None],
        };
    }
}

pub(super) fn ui(
    ui: &mut egui::Ui,
    images: &mut Images,
    dataset: Option<&Dataset>,
    actions: &mut Vec<Action>,
) {
    ui.heading("Images");
    ui.horizontal(|ui| {
        if ui.button("Add images…").clicked() {
            actions.push(Action::Dialog(Purpose::AddImages));
        }
        if ui.button("Clear").clicked() {
            actions.push(Action::ClearImages);
        }
    });
    ui.small("Drop photos or folders anywhere on the window. Click two photos to compare them.");
    match &images.network {
        Network::Loading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading ResNet-50…");
            });
        }
        Network::Failed(error) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The image network is unavailable: {error}"),
            );
        }
        Network::Ready(_) => {}
    }
    thumbnails_ui(ui, images);
    errors_ui(ui, images);
    ui.separator();
    search_ui(ui, images, dataset);
    ui.separator();
    pair_ui(ui, images);
    ui.separator();
    matrix_ui(ui, images);
    nearest_ui(ui, images);
}

fn thumbnails_ui(ui: &mut egui::Ui, images: &mut Images) {
    let mut clicked = None;
    let shown: Vec<&Photo> = images.photos.iter().filter(|p| p.error.is_none()).collect();
    let per_row = ((ui.available_width() / (THUMBNAIL + 18.0)) as usize).max(1);
    let pair = images.panel.pair;
    egui::ScrollArea::vertical()
        .id_salt("thumbnails")
        .max_height(320.0)
        .show(ui, |ui| {
            for row in shown.chunks(per_row) {
                ui.horizontal(|ui| {
                    for photo in row {
                        if thumbnail_ui(ui, photo, pair.contains(&Some(photo.id))).clicked() {
                            clicked = Some(photo.id);
                        }
                    }
                });
            }
        });
    if let Some(id) = clicked {
        images.panel.pick(id);
    }
}

/// One photo: its thumbnail (or a spinner), name and top ImageNet label; outlined when picked.
fn thumbnail_ui(ui: &mut egui::Ui, photo: &Photo, picked: bool) -> egui::Response {
    let frame = egui::Frame::group(ui.style()).stroke(if picked {
        egui::Stroke::new(2.0, palette::ui(ui).accent)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    });
    frame
        .show(ui, |ui| {
            ui.set_width(THUMBNAIL);
            ui.vertical_centered(|ui| {
                match &photo.thumbnail {
                    Some(texture) => {
                        ui.add(egui::Image::new(texture).max_size(Vec2::splat(THUMBNAIL)));
                    }
                    None => {
                        ui.add_sized(Vec2::splat(THUMBNAIL), egui::Spinner::new());
                    }
                }
                ui.add(egui::Label::new(RichText::new(&photo.name).small()).truncate());
                match (
                    photo.embedded.as_ref().and_then(|e| e.label.as_ref()),
                    photo.is_pending(),
                ) {
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

/// Find photos by a word or an expression: each photo is placed among the words (the Words
/// map shows where), so a typed word ranks them by cosine.
fn search_ui(ui: &mut egui::Ui, images: &mut Images, dataset: Option<&Dataset>) {
    let label = ui.strong("Find photos by word");
    let entered = ui
        .horizontal(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut images.panel.search)
                        .desired_width(180.0)
                        .hint_text("cat, or dog + snow"),
                )
                .labelled_by(label.id);
            let entered = widgets::entered(ui, &edit);
            ui.button("Find").clicked() || entered
        })
        .inner;
    if let (true, Some(dataset)) = (entered, dataset) {
        let query = images.panel.search.trim();
        // On the UI's own pool: an unknown word's spelling suggestions scan the vocabulary in
        // parallel, which must not wait behind a job.
        let direction =
            ui_pool::run(|| Expression::parse(query).and_then(|e| dataset.vectors.direction(&e)));
        images.panel.found = Some(match direction {
            Ok(direction) => Search::Direction {
                dataset: dataset.id,
                direction,
            },
            Err(error) => Search::Failed(error),
        });
    }
    let in_words = images
        .analysis
        .as_ref()
        .and_then(|a| a.in_words.as_ref().map(|w| (a, w)));
    match (&images.panel.found, in_words) {
        (Some(Search::Failed(error)), _) => {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
        (_, Some((_, Err(error)))) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Photos cannot be placed among these words: {error}"),
            );
        }
        (
            Some(Search::Direction {
                dataset: searched,
                direction,
            }),
            Some((analysis, Ok(in_words))),
        ) if in_words.dataset == *searched => {
            let mut ranked: Vec<(PhotoId, f32)> = analysis
                .photos
                .iter()
                .zip(&in_words.search)
                .filter_map(|(&id, point)| Some((id, point.as_ref()?.score(direction))))
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            ui.horizontal_wrapped(|ui| {
                for (rank, (id, score)) in ranked.into_iter().take(FOUND_SHOWN).enumerate() {
                    let Some(photo) = images.photo(id) else {
                        continue;
                    };
                    ui.vertical(|ui| {
                        if let Some(texture) = &photo.thumbnail {
                            let image = egui::Image::new(texture)
                                .max_size(Vec2::splat(64.0))
                                .alt_text(format!("match {}: {}", rank + 1, photo.name));
                            ui.add(image).on_hover_text(&photo.name);
                        }
                        ui.small(format!("{score:.3}"));
                    });
                }
            });
            ui.small(
                "Best first, by twice the cosine of the words with each photo's place among them \
                 (by its 3 most probable classes), less the photo's mean cosine to its 10 \
                 nearest words: a photo near everything is marked down (CSLS).",
            );
        }
        _ => {
            ui.weak("Type a word to rank the photos by it.");
        }
    }
}

fn errors_ui(ui: &mut egui::Ui, images: &Images) {
    for text in images.photos.iter().filter_map(Photo::error_text) {
        ui.colored_label(ui.visuals().error_fg_color, text);
    }
}

fn pair_ui(ui: &mut egui::Ui, images: &Images) {
    let [Some(a), Some(b)] = images.panel.pair else {
        ui.weak("Pick two photos to see their cosine similarity.");
        return;
    };
    let (Some(a), Some(b)) = (images.photo(a), images.photo(b)) else {
        return;
    };
    let (Some(ea), Some(eb)) = (&a.embedded, &b.embedded) else {
        ui.weak("Waiting for both embeddings…");
        return;
    };
    let score = cosine(&ea.features.embedding, &eb.features.embedding);
    ui.horizontal(|ui| {
        for (photo, side) in [(a, 0), (b, 1)] {
            if let Some(texture) = &photo.thumbnail {
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

fn matrix_ui(ui: &mut egui::Ui, images: &Images) {
    let Some(analysis) = &images.analysis else {
        return;
    };
    let (photos, matrix) = (&analysis.photos, &analysis.similarity);
    if photos.len() < 2 {
        return;
    }
    let name = |id: PhotoId| images.photo(id).map_or("", |p| p.name.as_str());
    // Blue (dissimilar) to orange (similar).
    let palette = palette::ui(ui);
    ui.strong(format!("Similarity matrix ({n}×{n})", n = photos.len()));
    if photos.len() <= MATRIX_WITH_NUMBERS {
        egui::Grid::new("similarity matrix")
            .spacing([2.0, 2.0])
            .show(ui, |ui| {
                ui.label("");
                for column in 1..=photos.len() {
                    ui.small(column.to_string());
                }
                ui.end_row();
                for (number, (row, &a)) in matrix.iter().zip(photos).enumerate() {
                    let short: String = name(a).chars().take(14).collect();
                    ui.small(format!("{} {short}", number + 1));
                    for (&value, &b) in row.iter().zip(photos) {
                        let text = RichText::new(format!("{value:.2}"))
                            .small()
                            .color(Color32::WHITE);
                        egui::Frame::new()
                            .fill(palette.similarity(value))
                            .inner_margin(2.0)
                            .show(ui, |ui| {
                                ui.label(text)
                                    .on_hover_text(format!("{} · {}", name(a), name(b)));
                            });
                    }
                    ui.end_row();
                }
            });
    } else {
        let cell = (ui.available_width() / photos.len() as f32).clamp(3.0, 14.0);
        let (rect, response) =
            ui.allocate_exact_size(Vec2::splat(cell * photos.len() as f32), Sense::hover());
        let painter = ui.painter_at(rect);
        for (r, row) in matrix.iter().enumerate() {
            for (c, &value) in row.iter().enumerate() {
                let min = rect.min + Vec2::new(c as f32 * cell, r as f32 * cell);
                painter.rect_filled(
                    egui::Rect::from_min_size(min, Vec2::splat(cell)),
                    0.0,
                    palette.similarity(value),
                );
            }
        }
        if let Some(pointer) = response.hover_pos() {
            let (c, r) = (
                ((pointer.x - rect.min.x) / cell) as usize,
                ((pointer.y - rect.min.y) / cell) as usize,
            );
            if let (Some(&a), Some(&b)) = (photos.get(r), photos.get(c)) {
                response.on_hover_text(format!("{} · {}: {:.3}", name(a), name(b), matrix[r][c]));
            }
        }
    }
}

fn nearest_ui(ui: &mut egui::Ui, images: &Images) {
    let Some(selected) = images.panel.pair[1].or(images.panel.pair[0]) else {
        return;
    };
    let Some(analysis) = &images.analysis else {
        return;
    };
    let (Some(row), Some(photo)) = (analysis.row(selected), images.photo(selected)) else {
        return;
    };
    let mut nearest: Vec<(PhotoId, f32)> = analysis
        .photos
        .iter()
        .zip(&analysis.similarity[row])
        .filter(|&(&id, _)| id != selected)
        .map(|(&id, &score)| (id, score))
        .collect();
    nearest.sort_by(|a, b| b.1.total_cmp(&a.1));
    ui.separator();
    ui.strong(format!("Nearest to {}", photo.name));
    for (id, score) in nearest.into_iter().take(5) {
        if let Some(other) = images.photo(id) {
            ui.label(format!("{score:.3}  {}", other.name));
        }
    }
    if let Some(Ok(in_words)) = &analysis.in_words
        && let Some(words) = in_words.nearest.get(row).filter(|w| !w.is_empty())
    {
        ui.label(format!(
            "Among the words it sits near {}",
            list_words(words)
        ));
    }
}
