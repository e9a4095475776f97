//! ResNet-50 throughput for `benches/compare_images.py`, which runs PyTorch on the same network
//! in the same run. Prints one JSON object per device.
//!
//!     cargo bench --bench images -- [cpu] [gpu] [--batch 32] [--repeats N]

use std::time::Instant;

use embedding_explorer::assets::source_tree;
use embedding_explorer::images::{
    self, ComputeDevice, Crop, DeviceChoice, ImageEmbedder, ImagesError,
};

fn throughput(embedder: &ImageEmbedder, crops: &[Crop], repeats: usize) -> anyhow::Result<f64> {
    embedder.embed_crops(crops)?; // warm-up: kernel compilation, autotuning, allocation
    let started = Instant::now();
    for _ in 0..repeats {
        std::hint::black_box(embedder.embed_crops(crops)?);
    }
    Ok((repeats * crops.len()) as f64 / started.elapsed().as_secs_f64())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let value_of = |flag: &str, default: usize| -> anyhow::Result<usize> {
        match args.iter().position(|a| a == flag) {
            Some(i) => Ok(args
                .get(i + 1)
                .map(|v| v.parse())
                .transpose()?
                .unwrap_or(default)),
            None => Ok(default),
        }
    };
    let batch = value_of("--batch", 32)?;
    let repeats = value_of("--repeats", 3)?;
    let want = |name: &str| {
        args.iter().any(|a| a == name) || !args.iter().any(|a| a == "cpu" || a == "gpu")
    };

    let root = source_tree();
    let photos = images::collect_image_paths(&[root.join("assets/photos")]).paths;
    let crops: Vec<Crop> = photos
        .iter()
        .cycle()
        .take(batch)
        .map(|p| images::load_crop(p))
        .collect::<Result<_, _>>()?;
    let labels = root.join("assets/labels.json");

    let mut devices = Vec::new();
    if want("cpu") {
        devices.push(ComputeDevice::cpu(None));
    }
    if want("gpu") {
        match images::ImageEmbedder::load_default(DeviceChoice::Gpu) {
            Ok(embedder) => devices.push(embedder.device().clone()),
            Err(ImagesError::NoGpu(reason)) => eprintln!("no GPU: {reason}"),
            Err(other) => return Err(other.into()),
        }
    }
    for device in devices {
        let name = device.name.clone();
        let embedder = ImageEmbedder::load(&images::default_weights_path(), &labels, device)?;
        let single = throughput(&embedder, &crops[..1], repeats * 4)?;
        let batched = throughput(&embedder, &crops, repeats)?;
        println!(
            "{}",
            serde_json::json!({ "device": name, "batch1_images_per_s": single, "batch_images_per_s": batched, "batch": batch })
        );
    }
    Ok(())
}
