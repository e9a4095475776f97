//! Keras' ResNet-50 v1 as burn tensor operations, BatchNorm folded into the convolutions.
//!
//! Differences from torchvision's ResNet-50 that matter for the weights: every conv has a bias,
//! BatchNorm's epsilon is 1e-3, and in each stage's first bottleneck the stride sits on the first
//! 1×1 conv and on the shortcut conv. Stem: zero-pad 3, 7×7/2 conv, BN, ReLU, zero-pad 1,
//! 3×3/2 max-pool (max-pool padding with −∞ is equivalent: its input is ≥ 0 after the ReLU).

use std::path::Path;

use burn::tensor::module::{conv2d, max_pool2d};
use burn::tensor::ops::{ConvOptions, MaxPoolOptions};
use burn::tensor::{Device, Tensor, TensorData, activation, s};

use super::weights::SafeTensors;
use super::{EMBEDDING_DIM, ImageFeatures, ImagesError, preprocess::CROP_SIZE};

const BATCH_NORM_EPSILON: f64 = 1e-3;
const CLASSES: usize = 1000;
/// Bottleneck blocks per stage (res2…res5) and each stage's width.
const STAGES: [(usize, usize); 4] = [(3, 64), (4, 128), (6, 256), (3, 512)];

/// A convolution with BatchNorm folded in.
struct Conv {
    weight: Tensor<4>,
    bias: Tensor<1>,
    stride: usize,
    padding: usize,
}

impl Conv {
    /// Reads `conv` and its BatchNorm `bn`, folds them: w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β.
    fn load(
        file: &SafeTensors,
        conv: &str,
        bn: &str,
        shape: [usize; 4],
        stride: usize,
        device: &Device,
    ) -> Result<Self, ImagesError> {
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
        Ok(Self {
            weight: Tensor::from_data(TensorData::new(weight, shape), device),
            bias: Tensor::from_data(TensorData::new(folded_bias, [out]), device),
            stride,
            padding: shape[2] / 2,
        })
    }

    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let pointwise = self.padding == 0 && self.weight.dims()[2..] == [1, 1];
        if pointwise && self.stride > 1 {
            // A strided 1×1 conv reads every stride-th pixel: take those first and run the
            // unstrided 1×1 conv, which burn's CPU backend does as one matrix product (7× faster
            // than its general strided path; the same arithmetic, so the same result).
            let step = self.stride as isize;
            let x = x.slice_dim(2, s![..;step]).slice_dim(3, s![..;step]);
            let options = ConvOptions::new([1, 1], [0, 0], [1, 1], 1);
            return conv2d(x, self.weight.clone(), Some(self.bias.clone()), options);
        }
        let options = ConvOptions::new([self.stride; 2], [self.padding; 2], [1, 1], 1);
        conv2d(x, self.weight.clone(), Some(self.bias.clone()), options)
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

pub(super) struct ResNet50 {
    stem: Conv,
    blocks: Vec<Bottleneck>,
    classifier_weight: Tensor<2>,
    classifier_bias: Tensor<1>,
}

impl ResNet50 {
    pub(super) fn load(path: &Path, device: &Device) -> Result<Self, ImagesError> {
        let file = SafeTensors::open(path)?;
        let stem = Conv::load(&file, "conv1", "bn_conv1", [64, 3, 7, 7], 2, device)?;
        let mut blocks = Vec::new();
        let mut channels = 64;
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
                    Conv::load(&file, &conv, &bn, shape, stride, device)
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
        let side = CROP_SIZE as usize;
        let x: Tensor<4> =
            Tensor::from_data(TensorData::new(input, [count, 3, side, side]), device);
        let x = activation::relu(self.stem.forward(x));
        let mut x = max_pool2d(
            x,
            MaxPoolOptions::new([3, 3])
                .with_stride([2, 2])
                .with_padding([1, 1]),
        );
        for block in &self.blocks {
            x = block.forward(x);
        }
        let pooled: Tensor<2> = x.mean_dims(&[2, 3]).reshape([count, EMBEDDING_DIM]);
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
