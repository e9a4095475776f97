//! Reading `models/resnet50-keras.safetensors` (f16 kernels, f32 vectors).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use half::f16;

use super::ImagesError;

/// One tensor from the file, widened to f32.
pub(super) struct HostTensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// A safetensors file held in memory, with its header parsed.
pub(super) struct SafeTensors {
    path: PathBuf,
    bytes: Vec<u8>,
    data_start: usize,
    entries: HashMap<String, Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

impl SafeTensors {
    pub(super) fn open(path: &Path) -> Result<Self, ImagesError> {
        let bad = |message: String| ImagesError::Model {
            path: path.to_owned(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let header_len = bytes
            .get(..8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()) as usize)
            .ok_or_else(|| bad("shorter than a safetensors header".into()))?;
        let header = bytes
            .get(8..8usize.saturating_add(header_len))
            .ok_or_else(|| bad("the header runs past the end of the file".into()))?;
        let mut raw: HashMap<String, serde_json::Value> =
            serde_json::from_slice(header).map_err(|e| bad(format!("bad header: {e}")))?;
        raw.remove("__metadata__");
        let entries = raw
            .into_iter()
            .map(|(name, value)| {
                serde_json::from_value(value)
                    .map(|entry| (name.clone(), entry))
                    .map_err(|e| bad(format!("bad entry {name}: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            path: path.to_owned(),
            bytes,
            data_start: 8 + header_len,
            entries,
        })
    }

    /// The named tensor as f32, checked against the expected shape.
    pub(super) fn tensor(&self, name: &str, shape: &[usize]) -> Result<HostTensor, ImagesError> {
        let bad = |message: String| ImagesError::Model {
            path: self.path.clone(),
            message: format!("{name}: {message}"),
        };
        let entry = self
            .entries
            .get(name)
            .ok_or_else(|| bad("missing".into()))?;
        if entry.shape != shape {
            return Err(bad(format!("shape {:?}, expected {shape:?}", entry.shape)));
        }
        let [start, end] = entry.data_offsets;
        let data = self
            .bytes
            .get(self.data_start + start..self.data_start + end)
            .ok_or_else(|| bad("data runs past the end of the file".into()))?;
        let count: usize = shape.iter().product();
        let values: Vec<f32> = match (entry.dtype.as_str(), data.len()) {
            ("F16", n) if n == 2 * count => data
                .chunks_exact(2)
                .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
            ("F32", n) if n == 4 * count => data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            (dtype, n) => return Err(bad(format!("{dtype} data of {n} bytes for {count} values"))),
        };
        if values.iter().any(|v| !v.is_finite()) {
            return Err(bad("holds NaN or infinity".into()));
        }
        Ok(HostTensor {
            shape: shape.to_vec(),
            values,
        })
    }
}
