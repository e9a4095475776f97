//! Keras' ResNet-50 v1 as burn tensor operations, BatchNorm folded into the convolutions.
//!
//! Differences from torchvision's ResNet-50 that matter for the weights: every conv has a bias,
//! BatchNorm's epsilon is 1e-3, and in each stage's first bottleneck the stride sits on the first
//! 1×1 conv and on the shortcut conv. Stem: zero-pad 3, 7×7/2 conv, BN, ReLU, zero-pad 1,
//! 3×3/2 max-pool (max-pool padding with −∞ is equivalent: its input is ≥ 0 after the ReLU).
//!
//! GPUs run it channels-first through burn's `conv2d` and `max_pool2d`. On the CPU the
//! activations are channels-last and every conv is a few matrix products (see [`Layout`], [`Stem`]
//! and `benches/README.md`): about 1.4× PyTorch's throughput there, where `conv2d` gave 0.8×.

use std::ops::Range;
use std::path::Path;

use burn::tensor::module::{conv2d, max_pool2d};
use burn::tensor::ops::{ConvOptions, MaxPoolOptions, PadMode};
use burn::tensor::{Device, Tensor, TensorData, activation, s};
use rayon::prelude::*;

use super::weights::SafeTensors;
use super::{DeviceKind, EMBEDDING_DIM, ImageFeatures, ImagesError, preprocess::CROP_SIZE};

const BATCH_NORM_EPSILON: f64 = 1e-3;
const CLASSES: usize = 1000;
/// Bottleneck blocks per stage (res2…res5) and each stage's width.
const STAGES: [(usize, usize); 4] = [(3, 64), (4, 128), (6, 256), (3, 512)];

/// Where the activations keep their channels after the stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `N×C×H×W` through burn's `conv2d`: what the GPU kernels are tuned for.
    ChannelsFirst,
    /// `N×H×W×C`, every convolution a few matrix products on views of the input. On the CPU
    /// backend this beats its `conv2d` (per-call weight reshuffles, im2col tiles that leave a core
    /// idle on small feature maps): 3×3 convs run 1.5–4× faster at one image per pass.
    ChannelsLast,
}

impl Layout {
    fn for_device(device: DeviceKind) -> Self {
        match device {
            DeviceKind::Cpu => Self::ChannelsLast,
            DeviceKind::Gpu => Self::ChannelsFirst,
        }
    }
}

/// Reads conv `conv` (`out × in × k × k`) and its BatchNorm `bn`, folds them into the conv's
/// weights and bias: w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β.
fn fold_batch_norm(
    file: &SafeTensors,
    (conv, bn): (&str, &str),
    shape: [usize; 4],
) -> Result<(Vec<f32>, Vec<f32>), ImagesError> {
    let out = shape[0];
    let mut weight = file.tensor(&format!("{conv}/kernel"), &shape)?.values;
    let bias = file.tensor(&format!("{conv}/bias"), &[out])?.values;
    let gamma = file.tensor(&format!("{bn}/gamma"), &[out])?.values;
    let beta = file.tensor(&format!("{bn}/beta"), &[out])?.values;
    let mean = file.tensor(&format!("{bn}/moving_mean"), &[out])?.values;
    let variance = file
        .tensor(&format!("{bn}/moving_variance"), &[out])?
        .values;
    let per_out = weight.len() / out;
    let mut folded_bias = vec![0f32; out];
    for o in 0..out {
        let scale = f64::from(gamma[o]) / (f64::from(variance[o]) + BATCH_NORM_EPSILON).sqrt();
        for w in &mut weight[o * per_out..(o + 1) * per_out] {
            *w = (f64::from(*w) * scale) as f32;
        }
        folded_bias[o] =
            ((f64::from(bias[o]) - f64::from(mean[o])) * scale + f64::from(beta[o])) as f32;
    }
    Ok((weight, folded_bias))
}

/// Kernel rows `rows` of folded `out × in × k × k` weights as one matrix for channels-last
/// products: a row per (kernel row, kernel column, input channel), a column per output channel.
fn weight_matrix(weight: &[f32], shape: [usize; 4], rows: Range<usize>) -> Vec<f32> {
    let [out, inputs, size, _] = shape;
    let mut matrix = vec![0f32; rows.len() * size * inputs * out];
    for (r, i) in rows.enumerate() {
        for j in 0..size {
            for c in 0..inputs {
                for o in 0..out {
                    matrix[((r * size + j) * inputs + c) * out + o] =
                        weight[((o * inputs + c) * size + i) * size + j];
                }
            }
        }
    }
    matrix
}

/// A convolution with BatchNorm folded in.
struct Conv {
    kernel: Kernel,
    bias: Tensor<1>,
    size: usize,
    stride: usize,
}

/// The folded weights in the shape the activations' layout needs.
enum Kernel {
    /// `out × in × k × k`, for `conv2d` (boxed: a tensor handle is ten times a `Vec`'s size).
    Conv2d(Box<Tensor<4>>),
    /// One `(k·in) × out` matrix per kernel row, its rows ordered (kernel column, input channel).
    Rows(Vec<Tensor<2>>),
}

impl Conv {
    /// Reads `conv` and its BatchNorm `bn` and folds them (see [`fold_batch_norm`]).
    fn load(
        file: &SafeTensors,
        names: (&str, &str),
        shape: [usize; 4],
        stride: usize,
        layout: Layout,
        device: &Device,
    ) -> Result<Self, ImagesError> {
        let (weight, bias) = fold_batch_norm(file, names, shape)?;
        Ok(Self::new(weight, bias, shape, stride, layout, device))
    }

    /// A conv from `out × in × k × k` weights, its weights arranged for `layout`.
    fn new(
        weight: Vec<f32>,
        bias: Vec<f32>,
        shape: [usize; 4],
        stride: usize,
        layout: Layout,
        device: &Device,
    ) -> Self {
        let [out, inputs, size, _] = shape;
        let kernel = match layout {
            Layout::ChannelsFirst => Kernel::Conv2d(Box::new(Tensor::from_data(
                TensorData::new(weight, shape),
                device,
            ))),
            Layout::ChannelsLast => Kernel::Rows(
                (0..size)
                    .map(|i| {
                        let matrix = weight_matrix(&weight, shape, i..i + 1);
                        Tensor::from_data(TensorData::new(matrix, [size * inputs, out]), device)
                    })
                    .collect(),
            ),
        };
        Self {
            kernel,
            bias: Tensor::from_data(TensorData::new(bias, [out]), device),
            size,
            stride,
        }
    }

    /// "Same" zero padding: ResNet's convs all keep the map size at stride 1.
    fn padding(&self) -> usize {
        self.size / 2
    }

    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        match &self.kernel {
            Kernel::Conv2d(weight) => self.forward_channels_first(x, weight),
            Kernel::Rows(rows) => self.forward_channels_last(x, rows),
        }
    }

    fn forward_channels_first(&self, x: Tensor<4>, weight: &Tensor<4>) -> Tensor<4> {
        if self.size == 1 && self.stride > 1 {
            // A strided 1×1 conv reads every stride-th pixel: take those first and run the
            // unstrided 1×1 conv (the same arithmetic, so the same result; burn's general strided
            // path is several times slower on the CPU).
            let step = self.stride as isize;
            let x = x.slice_dim(2, s![..;step]).slice_dim(3, s![..;step]);
            let options = ConvOptions::new([1, 1], [0, 0], [1, 1], 1);
            return conv2d(x, weight.clone(), Some(self.bias.clone()), options);
        }
        let options = ConvOptions::new([self.stride; 2], [self.padding(); 2], [1, 1], 1);
        conv2d(x, weight.clone(), Some(self.bias.clone()), options)
    }

    /// On `N×H×W×C`. A 1×1 conv is one matrix product. A k×k conv (stride 1, "same" padding)
    /// pads the image and flattens it to one axis of `(h+k)·(w+k−1)` pixels × channels. Windows
    /// of k consecutive pixels (a zero-copy `unfold`, k·C values each) hold one kernel row's k
    /// taps, and kernel row i of every output pixel is the contiguous run of `h·(w+k−1)` windows
    /// starting at `i·(w+k−1)`: the conv is k matrix products on views, no im2col copy. The k−1
    /// extra columns per image row are computed and dropped.
    fn forward_channels_last(&self, x: Tensor<4>, rows: &[Tensor<2>]) -> Tensor<4> {
        let out = self.bias.dims()[0];
        if self.size == 1 {
            let step = self.stride as isize;
            let x = x.slice_dim(1, s![..;step]).slice_dim(2, s![..;step]);
            let [n, h, w, c] = x.dims();
            let y =
                x.reshape([n * h * w, c]).matmul(rows[0].clone()) + self.bias.clone().unsqueeze();
            return y.reshape([n, h, w, out]);
        }
        debug_assert_eq!(
            self.stride, 1,
            "only 1×1 convs are strided in ResNet-50's blocks"
        );
        let [n, h, w, c] = x.dims();
        let (k, p) = (self.size, self.padding());
        let width = w + 2 * p;
        let pixels = h * width;
        // One extra image row at the bottom keeps the last kernel row's windows in the buffer.
        let windows: Tensor<3> = x
            .pad([(p, p + 1), (p, p), (0, 0)], PadMode::Constant(0.0))
            .reshape([n, (h + 2 * p + 1) * width * c])
            .unfold(1, k * c, c);
        let product = |i: usize| {
            windows
                .clone()
                .slice_dim(1, i * width..i * width + pixels)
                .matmul(rows[i].clone().unsqueeze())
        };
        let y = (1..k).fold(product(0), |sum, i| sum + product(i));
        (y + self.bias.clone().unsqueeze())
            .reshape([n, h, width, out])
            .slice_dim(2, 0..w)
    }
}

struct Bottleneck {
    reduce: Conv,
    spatial: Conv,
    expand: Conv,
    shortcut: Option<Conv>,
}

impl Bottleneck {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let shortcut = match &self.shortcut {
            Some(conv) => conv.forward(x.clone()),
            None => x.clone(),
        };
        let y = activation::relu(self.reduce.forward(x));
        let y = activation::relu(self.spatial.forward(y));
        activation::relu(self.expand.forward(y) + shortcut)
    }
}

/// The stem's 7×7 stride-2 conv (3 → 64 channels, zero padding 3) with its BatchNorm.
enum Stem {
    /// burn's `conv2d` on the channels-first input.
    Conv2d(Conv),
    /// On the CPU: each output pixel's 7×7×3 input patch is gathered in plain Rust across rayon's
    /// pool ([`stem_patches`]) and one matrix product with the `(7·7·3) × 64` weights does the
    /// conv, channels-last. 3× faster than flex's `conv2d`, which gathers the same patches itself
    /// one value at a time.
    Patches { weight: Tensor<2>, bias: Tensor<1> },
}

const STEM_SHAPE: [usize; 4] = [64, 3, 7, 7];
const STEM_PATCH: usize = 7 * 7 * 3;

impl Stem {
    fn load(file: &SafeTensors, layout: Layout, device: &Device) -> Result<Self, ImagesError> {
        let (weight, bias) = fold_batch_norm(file, ("conv1", "bn_conv1"), STEM_SHAPE)?;
        Ok(Self::new(weight, bias, layout, device))
    }

    /// The stem from folded `64 × 3 × 7 × 7` weights, arranged for `layout`.
    fn new(weight: Vec<f32>, bias: Vec<f32>, layout: Layout, device: &Device) -> Self {
        let [out, _, size, _] = STEM_SHAPE;
        match layout {
            Layout::ChannelsFirst => {
                Self::Conv2d(Conv::new(weight, bias, STEM_SHAPE, 2, layout, device))
            }
            Layout::ChannelsLast => {
                let matrix = weight_matrix(&weight, STEM_SHAPE, 0..size);
                Self::Patches {
                    weight: Tensor::from_data(TensorData::new(matrix, [STEM_PATCH, out]), device),
                    bias: Tensor::from_data(TensorData::new(bias, [out]), device),
                }
            }
        }
    }

    /// The conv on `count × 3 × 224 × 224` input values, in the stem's layout.
    fn forward(&self, input: Vec<f32>, count: usize, device: &Device) -> Tensor<4> {
        let side = CROP_SIZE as usize;
        match self {
            Self::Conv2d(conv) => {
                let shape = [count, STEM_SHAPE[1], side, side];
                conv.forward(Tensor::from_data(TensorData::new(input, shape), device))
            }
            Self::Patches { weight, bias } => {
                let out = side / 2;
                let patches = stem_patches(&input, count);
                let rows: Tensor<2> = Tensor::from_data(
                    TensorData::new(patches, [count * out * out, STEM_PATCH]),
                    device,
                );
                (rows.matmul(weight.clone()) + bias.clone().unsqueeze()).reshape([
                    count,
                    out,
                    out,
                    STEM_SHAPE[0],
                ])
            }
        }
    }
}

/// The stem's im2col: for each output pixel (row-major, image by image), its 7×7×3 patch of the
/// `count × 3 × 224 × 224` input, ordered (kernel row, kernel column, channel), zero outside.
fn stem_patches(input: &[f32], count: usize) -> Vec<f32> {
    let [_, channels, size, _] = STEM_SHAPE;
    let (side, stride, padding) = (CROP_SIZE as usize, 2, 3);
    let out = side / stride;
    // The input row (or column) that kernel tap `tap` of output row (or column) `at` reads.
    let source = |at: usize, tap: usize| {
        (stride * at + tap)
            .checked_sub(padding)
            .filter(|&index| index < side)
    };
    let mut patches = vec![0f32; count * out * out * STEM_PATCH];
    patches
        .par_chunks_mut(out * STEM_PATCH)
        .enumerate()
        .for_each(|(row_index, row)| {
            let (image, oy) = (row_index / out, row_index % out);
            let image = &input[image * channels * side * side..][..channels * side * side];
            for (ox, patch) in row.chunks_exact_mut(STEM_PATCH).enumerate() {
                for ki in 0..size {
                    let Some(y) = source(oy, ki) else { continue };
                    for kj in 0..size {
                        let Some(x) = source(ox, kj) else { continue };
                        for c in 0..channels {
                            patch[(ki * size + kj) * channels + c] =
                                image[(c * side + y) * side + x];
                        }
                    }
                }
            }
        });
    patches
}

/// The stem's 3×3 stride-2 max-pool with padding 1, on a ReLU output in `layout`. Channels-last
/// it is nine strided views and eight elementwise maxima, ~1.6× faster on the CPU backend than its
/// `max_pool2d` (scalar code that also records argmax indices). Zero padding equals −∞ padding
/// here because the input is ≥ 0.
fn stem_max_pool(x: Tensor<4>, layout: Layout) -> Tensor<4> {
    match layout {
        Layout::ChannelsFirst => max_pool2d(
            x,
            MaxPoolOptions::new([3, 3])
                .with_stride([2, 2])
                .with_padding([1, 1]),
        ),
        Layout::ChannelsLast => {
            let [_, h, w, _] = x.dims();
            let (rows, columns) = (h.div_ceil(2), w.div_ceil(2));
            let padded = x.pad([(1, 1), (1, 1), (0, 0)], PadMode::Constant(0.0));
            let tap = |t: usize| {
                let (i, j) = (t / 3, t % 3);
                padded
                    .clone()
                    .slice_dim(1, s![i..i + 2 * rows - 1;2])
                    .slice_dim(2, s![j..j + 2 * columns - 1;2])
            };
            (1..9).fold(tap(0), |max, t| max.max_pair(tap(t)))
        }
    }
}

pub(super) struct ResNet50 {
    layout: Layout,
    stem: Stem,
    blocks: Vec<Bottleneck>,
    classifier_weight: Tensor<2>,
    classifier_bias: Tensor<1>,
}

impl ResNet50 {
    pub(super) fn load(
        path: &Path,
        device_kind: DeviceKind,
        device: &Device,
    ) -> Result<Self, ImagesError> {
        let file = SafeTensors::open(path)?;
        let layout = Layout::for_device(device_kind);
        let stem = Stem::load(&file, layout, device)?;
        let mut blocks = Vec::new();
        let mut channels = STEM_SHAPE[0];
        for (stage_index, &(count, width)) in STAGES.iter().enumerate() {
            let stage = stage_index + 2;
            for block in 0..count {
                let letter = char::from(b'a' + block as u8);
                let stride = if block == 0 && stage > 2 { 2 } else { 1 };
                let name = |branch: &str| {
                    (
                        format!("res{stage}{letter}_branch{branch}"),
                        format!("bn{stage}{letter}_branch{branch}"),
                    )
                };
                let conv = |branch: &str, shape: [usize; 4], stride: usize| {
                    let (conv, bn) = name(branch);
                    Conv::load(&file, (&conv, &bn), shape, stride, layout, device)
                };
                blocks.push(Bottleneck {
                    reduce: conv("2a", [width, channels, 1, 1], stride)?,
                    spatial: conv("2b", [width, width, 3, 3], 1)?,
                    expand: conv("2c", [4 * width, width, 1, 1], 1)?,
                    shortcut: if block == 0 {
                        Some(conv("1", [4 * width, channels, 1, 1], stride)?)
                    } else {
                        None
                    },
                });
                channels = 4 * width;
            }
        }
        let weight = file.tensor("fc1000/kernel", &[EMBEDDING_DIM, CLASSES])?;
        let bias = file.tensor("fc1000/bias", &[CLASSES])?;
        Ok(Self {
            layout,
            stem,
            blocks,
            classifier_weight: Tensor::from_data(
                TensorData::new(weight.values, weight.shape),
                device,
            ),
            classifier_bias: Tensor::from_data(TensorData::new(bias.values, bias.shape), device),
        })
    }

    /// Pooled features and class probabilities for `count` inputs laid out as
    /// `count × 3 × 224 × 224` caffe-preprocessed values.
    pub(super) fn features(
        &self,
        input: Vec<f32>,
        count: usize,
        device: &Device,
    ) -> Result<Vec<ImageFeatures>, ImagesError> {
        let x = activation::relu(self.stem.forward(input, count, device));
        let mut x = stem_max_pool(x, self.layout);
        for block in &self.blocks {
            x = block.forward(x);
        }
        let spatial_dims = match self.layout {
            Layout::ChannelsFirst => [2, 3],
            Layout::ChannelsLast => [1, 2],
        };
        let pooled: Tensor<2> = x.mean_dims(&spatial_dims).reshape([count, EMBEDDING_DIM]);
        let logits = pooled.clone().matmul(self.classifier_weight.clone())
            + self.classifier_bias.clone().unsqueeze();
        let probabilities = activation::softmax(logits, 1);
        let read = |t: Tensor<2>| -> Result<Vec<f32>, ImagesError> {
            t.try_into_data()
                .map_err(|e| ImagesError::Compute(format!("{e:?}")))?
                .try_into_vec::<f32>()
                .map_err(|e| ImagesError::Compute(format!("{e:?}")))
        };
        let embeddings = read(pooled)?;
        let probabilities = read(probabilities)?;
        Ok(embeddings
            .chunks_exact(EMBEDDING_DIM)
            .zip(probabilities.chunks_exact(CLASSES))
            .map(|(e, p)| ImageFeatures {
                embedding: e.to_vec(),
                probabilities: p.to_vec(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repeatable values in [−1, 1) from a linear congruential generator.
    fn values(count: usize, seed: u32) -> Vec<f32> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 8) as f32 / (1u32 << 23) as f32 - 1.0
            })
            .collect()
    }

    fn tensor(shape: [usize; 4], seed: u32) -> Tensor<4> {
        let data = values(shape.iter().product(), seed);
        Tensor::from_data(TensorData::new(data, shape), &Device::flex())
    }

    fn max_difference(a: Tensor<4>, b: Tensor<4>) -> f32 {
        assert_eq!(a.dims(), b.dims());
        (a - b).abs().max().into_scalar::<f32>()
    }

    #[test]
    fn channels_last_convolutions_match_conv2d() {
        let device = Device::flex();
        // (weight shape, stride, input side): a 3×3 "same" conv and 1×1 convs with and without
        // stride, on odd and even sides, two images per batch.
        for (shape, stride, side) in [
            ([8, 5, 3, 3], 1, 7),
            ([8, 5, 3, 3], 1, 6),
            ([6, 4, 1, 1], 2, 9),
            ([6, 4, 1, 1], 1, 5),
        ] {
            let weight = values(shape.iter().product(), 1);
            let bias = values(shape[0], 2);
            let first = Conv::new(
                weight.clone(),
                bias.clone(),
                shape,
                stride,
                Layout::ChannelsFirst,
                &device,
            );
            let last = Conv::new(weight, bias, shape, stride, Layout::ChannelsLast, &device);
            let x = tensor([2, shape[1], side, side], 3);
            let expected = first.forward(x.clone());
            let ours = last.forward(x.permute([0, 2, 3, 1])).permute([0, 3, 1, 2]);
            let difference = max_difference(expected, ours);
            assert!(
                difference < 1e-5,
                "{shape:?} stride {stride} side {side}: {difference}"
            );
        }
    }

    #[test]
    fn stem_from_gathered_patches_matches_conv2d() {
        let device = Device::flex();
        let weight = values(STEM_SHAPE.iter().product(), 5);
        let bias = values(STEM_SHAPE[0], 6);
        let side = CROP_SIZE as usize;
        let input = values(2 * 3 * side * side, 7);
        let conv = Stem::new(weight.clone(), bias.clone(), Layout::ChannelsFirst, &device);
        let patches = Stem::new(weight, bias, Layout::ChannelsLast, &device);
        let expected = conv.forward(input.clone(), 2, &device);
        let ours = patches.forward(input, 2, &device).permute([0, 3, 1, 2]);
        let difference = max_difference(expected, ours);
        assert!(difference < 1e-4, "{difference}");
    }

    #[test]
    fn channels_last_stem_pool_matches_max_pool2d() {
        for side in [8, 9] {
            let x = activation::relu(tensor([2, 3, side, side], 4));
            let expected = stem_max_pool(x.clone(), Layout::ChannelsFirst);
            let ours =
                stem_max_pool(x.permute([0, 2, 3, 1]), Layout::ChannelsLast).permute([0, 3, 1, 2]);
            assert_eq!(max_difference(expected, ours), 0.0, "side {side}");
        }
    }
}
