#!/usr/bin/env python3
"""Word maps: this crate's `project` (PCA, t-SNE, UMAP) vs scikit-learn's TSNE and umap-learn's
UMAP, same vectors, same words, same run; wall time and how well each map keeps each word's 10
nearest neighbours.

    pip install scikit-learn umap-learn gensim==4.4.0
    cargo build --release --all-targets
    python3 benches/compare_projection.py [--words 5000 10000] [--threads 2]

The vectors are the bundled GloVe set's N most frequent words (unit length). Quality is kNN
recall at k = 10: the share of each word's 10 nearest words by cosine in 100-d that are among
its 10 nearest on the map, averaged over the words, computed the same way for every map.
umap-learn compiles its loops with numba on first use; a warm-up fit on 4,500 points (enough for
its approximate neighbour search, which it uses from 4,096 points) comes first,
so its times are of compiled code, as ours are. Both UMAPs are seeded (umap-learn then runs its
optimiser on one thread, as ours does).
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.manifold import TSNE
from sklearn.neighbors import NearestNeighbors
import umap

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from gensim_reference import load_bundled  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
    "release",
    "embedding-explorer",
)
BUNDLED = os.path.join(ROOT, "assets", "glove-6B-100d-50k.f16.bin")
K = 10


def recall(high, low):
    """Mean share of the K nearest neighbours (cosine in `high`) kept among the K nearest in `low`."""
    truth = NearestNeighbors(n_neighbors=K + 1, metric="cosine").fit(high)
    found = NearestNeighbors(n_neighbors=K + 1).fit(low)
    a = truth.kneighbors(high, return_distance=False)[:, 1:]
    b = found.kneighbors(low, return_distance=False)[:, 1:]
    return float(np.mean([len(set(x) & set(y)) / K for x, y in zip(a, b)]))


def ours(method, words):
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "map.csv")
        start = time.perf_counter()
        subprocess.run(
            [BINARY, "project", "--method", method, "--words", str(words), "--out", out],
            check=True,
        )
        seconds = time.perf_counter() - start
        # The csv module, not np.loadtxt: words such as "," and '"' are quoted fields.
        with open(out, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
    assert len(rows) == words
    return np.array([[float(r[1]), float(r[2])] for r in rows]), seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--maps", nargs="+", default=["pca", "tsne", "umap", "sklearn", "umap-learn"])
    args = parser.parse_args()
    vectors = load_bundled(__import__("pathlib").Path(BUNDLED))
    warm = vectors.vectors[-4500:] / np.linalg.norm(vectors.vectors[-4500:], axis=1, keepdims=True)
    umap.UMAP(metric="cosine", random_state=1, n_epochs=10).fit_transform(warm)

    print("| words | map | wall time | kNN recall@10 |")
    print("|---|---|---|---|")
    for words in args.words:
        high = vectors.vectors[:words]
        high = high / np.linalg.norm(high, axis=1, keepdims=True)
        for method in [m for m in ["pca", "tsne", "umap"] if m in args.maps]:
            coords, seconds = ours(method, words)
            print(f"| {words:,} | embedding-explorer {method} | {seconds:.1f} s | {recall(high, coords):.3f} |", flush=True)
        peers = {
            "sklearn": ("scikit-learn TSNE", lambda: TSNE(
                perplexity=30, metric="cosine", init="pca", random_state=1, n_jobs=args.threads
            )),
            "umap-learn": ("umap-learn UMAP", lambda: umap.UMAP(
                n_neighbors=15, min_dist=0.1, metric="cosine", random_state=1, n_jobs=args.threads
            )),
        }
        for key, (name, make) in peers.items():
            if key not in args.maps:
                continue
            start = time.perf_counter()
            coords = make().fit_transform(high)
            seconds = time.perf_counter() - start
            print(f"| {words:,} | {name} | {seconds:.1f} s | {recall(high, coords):.3f} |", flush=True)


if __name__ == "__main__":
    main()
