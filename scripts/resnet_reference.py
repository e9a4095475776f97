#!/usr/bin/env python3
"""Write the ResNet-50 parity fixture: tests/data/resnet/*.png and tests/data/resnet_reference.json.

    /usr/bin/python3 scripts/resnet_reference.py    # Debian: python3-torch python3-pil python3-numpy

An independent implementation of Keras' ResNet-50 v1 in PyTorch, in float64, straight from
models/resnet50-keras.safetensors (f16 kernels widened, BatchNorm applied as its own step, not
folded; Keras' explicit zero padding before the stem conv and the max-pool). For each photo:
EXIF orientation, RGB, shorter side to 256 (PIL bilinear), centre crop 224, saved as PNG; then
caffe preprocessing (BGR, minus the ImageNet means). The Rust test feeds the same PNG to the
burn model and must reach cosine >= 0.9999 with these features and the same top-1 class.
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "models" / "resnet50-keras.safetensors"
LABELS = ROOT / "assets" / "labels.json"
PHOTOS = ["cat-chelsea.jpg", "cat-mackerel.jpg", "cat-kitten.jpg", "car-1.jpg", "car-2.jpg"]
FIXTURE_DIR = ROOT / "tests" / "data" / "resnet"
FIXTURE = ROOT / "tests" / "data" / "resnet_reference.json"
EPSILON = 1e-3
MEAN_BGR = np.array([103.939, 116.779, 123.68])


def read_safetensors(path: Path) -> dict:
    blob = path.read_bytes()
    (length,) = struct.unpack_from("<Q", blob)
    header = json.loads(blob[8 : 8 + length])
    header.pop("__metadata__", None)
    tensors = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        dtype = {"F16": "<f2", "F32": "<f4"}[entry["dtype"]]
        values = np.frombuffer(blob, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize, offset=8 + length + start)
        tensors[name] = torch.from_numpy(values.astype(np.float64).reshape(entry["shape"]))
    return tensors


def batch_norm(x, w: dict, bn: str):
    shape = (1, -1, 1, 1)
    mean, var = w[f"{bn}/moving_mean"].view(shape), w[f"{bn}/moving_variance"].view(shape)
    return (x - mean) / torch.sqrt(var + EPSILON) * w[f"{bn}/gamma"].view(shape) + w[f"{bn}/beta"].view(shape)


class KerasResNet50:
    """Keras' ResNet-50 v1 from the safetensors weights. With `fold=True` each BatchNorm is folded
    into its conv first (what a speed-minded PyTorch user would do; used by the benchmark)."""

    def __init__(self, w: dict, dtype=torch.float64, fold=False):
        self.w = {name: t.to(dtype) for name, t in w.items()}
        self.folded = set()
        if fold:
            for name in [n[: -len("/kernel")] for n in w if n.endswith("/kernel") and n != "fc1000/kernel"]:
                bn = "bn_conv1" if name == "conv1" else "bn" + name[len("res"):]
                scale = self.w[f"{bn}/gamma"] / torch.sqrt(self.w[f"{bn}/moving_variance"] + EPSILON)
                self.w[f"{name}/kernel"] = self.w[f"{name}/kernel"] * scale.view(-1, 1, 1, 1)
                self.w[f"{name}/bias"] = (self.w[f"{name}/bias"] - self.w[f"{bn}/moving_mean"]) * scale + self.w[f"{bn}/beta"]
                self.folded.add(bn)

    def conv_bn(self, x, conv, bn, stride, relu, padding=None):
        kernel = self.w[f"{conv}/kernel"]
        if padding is None:
            padding = kernel.shape[-1] // 2  # 'same' for 3x3 stride 1; 1x1 convs have none
        x = F.conv2d(x, kernel, self.w[f"{conv}/bias"], stride=stride, padding=padding)
        if bn not in self.folded:
            x = batch_norm(x, self.w, bn)
        return F.relu(x) if relu else x

    def block(self, x, stage, letter, stride, shortcut_conv):
        name = lambda branch: (f"res{stage}{letter}_branch{branch}", f"bn{stage}{letter}_branch{branch}")
        shortcut = self.conv_bn(x, *name("1"), stride, False) if shortcut_conv else x
        y = self.conv_bn(x, *name("2a"), stride, True)
        y = self.conv_bn(y, *name("2b"), 1, True)
        y = self.conv_bn(y, *name("2c"), 1, False)
        return F.relu(y + shortcut)

    def __call__(self, x):
        x = self.conv_bn(F.pad(x, (3, 3, 3, 3)), "conv1", "bn_conv1", 2, True, padding=0)
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, stride=2)
        for stage, blocks in [(2, 3), (3, 4), (4, 6), (5, 3)]:
            for i in range(blocks):
                stride = 2 if i == 0 and stage > 2 else 1
                x = self.block(x, stage, "abcdef"[i], stride, i == 0)
        features = x.mean(dim=(2, 3))
        logits = features @ self.w["fc1000/kernel"] + self.w["fc1000/bias"]
        return features, torch.softmax(logits, dim=1)


def crop_224(path: Path) -> Image.Image:
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    scale = 256 / min(image.size)
    image = image.resize((max(224, round(image.width * scale)), max(224, round(image.height * scale))), Image.BILINEAR)
    left, top = (image.width - 224) // 2, (image.height - 224) // 2
    return image.crop((left, top, left + 224, top + 224))


def main() -> int:
    torch.set_num_threads(max(1, torch.get_num_threads()))
    model = KerasResNet50(read_safetensors(WEIGHTS))
    labels = json.loads(LABELS.read_text())
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    images = []
    for name in PHOTOS:
        crop = crop_224(ROOT / "assets" / "photos" / name)
        png = FIXTURE_DIR / (Path(name).stem + ".png")
        crop.save(png)
        rgb = np.asarray(Image.open(png).convert("RGB"), dtype=np.float64)
        x = torch.from_numpy((rgb[:, :, ::-1] - MEAN_BGR).transpose(2, 0, 1).copy()).unsqueeze(0)
        with torch.no_grad():
            features, probabilities = model(x)
        top = torch.topk(probabilities[0], 5)
        images.append({
            "crop": png.relative_to(ROOT).as_posix(),
            "embedding": [float(f"{v:.8g}") for v in features[0].tolist()],
            "top5": [{"class": int(i), "label": labels[str(int(i))], "probability": float(p)} for p, i in zip(top.values, top.indices)],
        })
        print(f"{name}: top-1 {images[-1]['top5'][0]['label']} ({images[-1]['top5'][0]['probability']:.3f})")
    embeddings = np.array([i["embedding"] for i in images])
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    print("cosine matrix:\n" + np.array2string(unit @ unit.T, precision=3))
    FIXTURE.write_text(json.dumps({"generator": "scripts/resnet_reference.py", "torch": torch.__version__, "images": images}) + "\n")
    print(f"{FIXTURE}: {len(images)} images")
    return 0


if __name__ == "__main__":
    sys.exit(main())
