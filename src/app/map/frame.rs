//! Preparing one frame of the words map: the points and their colours, the layers in the order
//! they are drawn, which words are labelled first, the pictures' places, the legend and the
//! notes. [`super::draw`] draws what is prepared here and nothing else.

use egui::Color32;

use super::colouring::Tint;
use super::legend::Legend;
use super::placed::SpokeLine;
use super::point_cloud::PointCloud;
use super::word_map::KEPT_MEASURED_UP_TO;
use super::{MapNote, WordMap};
use crate::app::floor::dataset::group_thousands;
use crate::app::floor::marks::{At, Layer, Placed, Tone};
use crate::app::floor::palette::Palette;
use crate::projection::KEPT_NEIGHBOURS;
use crate::words::WordVectors;

/// Size of a listed word's dot, larger than the others' so that a few stand out among 5,000.
const LISTED_RADIUS: f32 = 3.5;

/// Everything one frame of the words map draws.
pub(super) struct Frame<'a> {
    pub legend: Option<Legend>,
    pub note: Option<MapNote>,
    /// How far the map can be trusted: the neighbours it keeps, once measured.
    pub caption: Option<String>,
    /// The map itself, or why there is none yet.
    pub plot: Result<PlotFrame<'a>, String>,
}

/// The plot of one frame.
pub(super) struct PlotFrame<'a> {
    pub map: &'a WordMap,
    pub vectors: &'a WordVectors,
    pub dots: Dots<'a>,
    pub radius: f32,
    /// Drawn in this order: the word lists' dots, the panels' layers, the selection.
    pub list_layers: Vec<Layer>,
    pub panel_layers: &'a [Layer],
    pub selection: Vec<Layer>,
    /// Words labelled before the most frequent: those the layers mark.
    pub labelled_first: Vec<usize>,
    pub pictures: Vec<(&'a Placed, [f64; 2])>,
    /// Spokes from the pictures to their parts (a focused photo's classes).
    pub spokes: Vec<SpokeLine>,
    pub axis_labels: [String; 2],
    /// Show this part of the plane (a lesson's zoom, or a word found).
    pub set_bounds: Option<[[f64; 2]; 2]>,
    tint: Tint<'a>,
    pub palette: &'static Palette,
}

impl PlotFrame<'_> {
    /// The colour a word's label takes, when it is not the text colour.
    pub fn label_colour(&self, index: usize) -> Option<Color32> {
        self.tint.label_colour(self.palette, index)
    }
}

/// How the words' dots are drawn.
pub(super) enum Dots<'a> {
    /// By the GPU, from the buffer uploaded for this layout and colouring.
    Gpu(&'a PointCloud),
    /// By egui_plot: each colour's points.
    Plot(Vec<(Color32, Vec<[f64; 2]>)>),
}

/// What a frame is prepared from.
pub(super) struct Inputs<'a> {
    pub map: Option<&'a WordMap>,
    pub vectors: &'a WordVectors,
    pub tint: Tint<'a>,
    /// The theme's colours.
    pub palette: &'static Palette,
    /// The GPU's copy of the points, when the GPU draws them.
    pub cloud: Option<&'a PointCloud>,
    pub panel_layers: &'a [Layer],
    pub selection: Vec<Layer>,
    pub pictures: Vec<(&'a Placed, [f64; 2])>,
    pub spokes: Vec<SpokeLine>,
    pub set_bounds: Option<[[f64; 2]; 2]>,
    /// What the map says about the layout asked for, when it is not the one shown.
    pub note: Option<MapNote>,
    /// Why there is no map, when there is none.
    pub missing: String,
    /// A map that may take in more words is being made.
    pub refitting: bool,
}

/// Prepares the frame.
pub(super) fn prepare(inputs: Inputs<'_>) -> Frame<'_> {
    let Inputs {
        map,
        vectors,
        tint,
        palette,
        cloud,
        panel_layers,
        selection,
        pictures,
        spokes,
        set_bounds,
        note,
        missing,
        refitting,
    } = inputs;
    let legend = match tint {
        Tint::Grey => None,
        Tint::Clusters(colouring) => Some(Legend::of_clusters(palette, colouring)),
        Tint::Lists(shown) => Some(Legend::of_lists(palette, &shown.lists, map, refitting)),
        Tint::Kept(..) => Some(Legend::of_kept(palette)),
    };
    let Some(map) = map else {
        return Frame {
            legend,
            note: None,
            caption: None,
            plot: Err(missing),
        };
    };
    let caption = match &map.kept {
        Some(kept) => Some(format!(
            "This map keeps {:.0}% of each word's {KEPT_NEIGHBOURS} nearest neighbours in the \
             full space (by cosine) among its {KEPT_NEIGHBOURS} nearest on the map.",
            100.0 * kept.mean()
        )),
        None if map.indices().len() > KEPT_MEASURED_UP_TO => Some(format!(
            "The neighbours a map keeps are measured on maps of up to {} words.",
            group_thousands(KEPT_MEASURED_UP_TO)
        )),
        None => None,
    };
    let list_layers = match tint {
        Tint::Lists(shown) => shown
            .lists
            .lists
            .iter()
            .enumerate()
            .map(|(k, list)| Layer::Points {
                name: list.name.clone(),
                at: list.indices.iter().map(|&i| At::Word(i)).collect(),
                color: Tone::Category(k),
                radius: LISTED_RADIUS,
            })
            .collect(),
        _ => Vec::new(),
    };
    let labelled_first = panel_layers
        .iter()
        .chain(&list_layers)
        .flat_map(Layer::labelled_words)
        .collect();
    let dots = match cloud {
        Some(cloud) => Dots::Gpu(cloud),
        None => Dots::Plot(dots_by_colour(palette, map, tint)),
    };
    Frame {
        legend,
        note,
        caption,
        plot: Ok(PlotFrame {
            map,
            vectors,
            dots,
            radius: match tint {
                Tint::Clusters(_) => 1.8,
                Tint::Kept(..) => 2.2,
                _ => 1.5,
            },
            list_layers,
            panel_layers,
            selection,
            labelled_first,
            pictures,
            spokes,
            axis_labels: map.axis_labels(),
            set_bounds,
            tint,
            palette,
        }),
    }
}

/// The map's points grouped by colour, for egui_plot: one group per cluster, or all in one
/// grey (faded under the lists' dots, which are drawn over them as layers).
fn dots_by_colour(
    palette: &Palette,
    map: &WordMap,
    tint: Tint<'_>,
) -> Vec<(Color32, Vec<[f64; 2]>)> {
    match tint {
        Tint::Clusters(colouring) => (0..colouring.key.k)
            .map(|cluster| {
                let points = map
                    .coords
                    .iter()
                    .zip(&colouring.assignment)
                    .filter(|&(_, &c)| c == cluster)
                    .map(|(&p, _)| p)
                    .collect();
                (palette.category(cluster), points)
            })
            .collect(),
        tint => vec![(tint.unlisted(palette), map.coords.clone())],
    }
}
