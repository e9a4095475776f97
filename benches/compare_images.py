#!/usr/bin/env python3
"""ResNet-50 images/second: this crate (burn flex on the CPU, wgpu where a GPU exists) vs
PyTorch on the CPU running the same network from the same weights, in one run.

    /usr/bin/python3 benches/compare_images.py [--batch 32] [--repeats 3] [--gpu]

Needs Debian's python3-torch, python3-pil and python3-numpy. PyTorch gets the same crops, the
same float32 weights with BatchNorm folded (as ours), torch.no_grad and every core.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from resnet_reference import MEAN_BGR, WEIGHTS, KerasResNet50, crop_224, read_safetensors  # noqa: E402


def torch_throughput(model, batch: torch.Tensor, repeats: int) -> float:
    with torch.no_grad():
        model(batch)  # warm-up
        started = time.perf_counter()
        for _ in range(repeats):
            model(batch)
        return repeats * batch.shape[0] / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--gpu", action="store_true", help="also measure this crate on wgpu")
    args = parser.parse_args()

    devices = ["cpu", "gpu"] if args.gpu else ["cpu"]
    rust = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "images", "--", *devices, "--batch", str(args.batch), "--repeats", str(args.repeats)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    ours = [json.loads(line) for line in rust.splitlines() if line.startswith("{")]

    torch.set_num_threads(os.cpu_count())
    model = KerasResNet50(read_safetensors(WEIGHTS), dtype=torch.float32, fold=True)
    photos = sorted((ROOT / "assets" / "photos").glob("*.jpg"))
    crops = [np.asarray(crop_224(photos[i % len(photos)]), dtype=np.float32) for i in range(args.batch)]
    inputs = torch.from_numpy(np.stack([(c[:, :, ::-1] - MEAN_BGR).transpose(2, 0, 1) for c in crops]).astype(np.float32))
    torch_single = torch_throughput(model, inputs[:1], args.repeats * 4)
    torch_batched = torch_throughput(model, inputs, args.repeats)

    print(f"ResNet-50 at 224x224, {os.cpu_count()} cores; PyTorch {torch.__version__} with {torch.get_num_threads()} threads\n")
    print(f"| engine | batch 1 (images/s) | batch {args.batch} (images/s) | ours / PyTorch at batch 1 | at batch {args.batch} |")
    print("|---|---|---|---|---|")
    print(f"| PyTorch CPU (float32, folded BN) | {torch_single:.2f} | {torch_batched:.2f} | 1.00x | 1.00x |")
    for row in ours:
        single, batched = row["batch1_images_per_s"], row["batch_images_per_s"]
        print(f"| embedding-explorer: {row['device']} | {single:.2f} | {batched:.2f} | {single / torch_single:.2f}x | {batched / torch_batched:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
