#!/usr/bin/env python3
"""Write tests/data/linear_algebra_reference.json: numpy's and scikit-learn's answers for the
linear-algebra commands on the bundled vectors (their unit vectors, as the app uses them).

The Rust tests (tests/linear_algebra.rs) must give the same numbers within 1e-5. Needs numpy and
scikit-learn (`pip install numpy==2.1.3 scikit-learn==1.9.1`).

    python3 scripts/linear_algebra_reference.py
"""
import json
import struct
from pathlib import Path

import numpy as np
from sklearn.decomposition import PCA

ROOT = Path(__file__).resolve().parent.parent
ASSET = ROOT / "assets" / "glove-6B-100d-50k.f16.bin"
OUT = ROOT / "tests" / "data" / "linear_algebra_reference.json"

SPANS = [
    ("queen", ["king", "woman", "man"]),
    ("paris", ["france", "italy", "rome"]),
    ("computer", ["software", "hardware"]),
    ("doctor", ["nurse", "hospital", "surgeon", "patient", "medicine"]),
]
SPECTRUM_WORDS = 1000
# `project --dims 3 --words 200`: scikit-learn's PCA(3) on the 200 most frequent unit vectors.
PCA3_WORDS = 200
# debiaswe's definitional pairs (data/definitional_pairs.json).
PAIRS = [
    ("woman", "man"), ("girl", "boy"), ("she", "he"), ("mother", "father"),
    ("daughter", "son"), ("gal", "guy"), ("female", "male"), ("her", "his"),
    ("herself", "himself"), ("mary", "john"),
]


def load_unit():
    blob = ASSET.read_bytes()
    assert blob[:8] == b"EEWORDS1"
    count, dim, vocab_len = struct.unpack_from("<III", blob, 8)
    vocab = blob[20 : 20 + vocab_len].decode("utf-8").split("\n")[:count]
    matrix = np.frombuffer(blob, dtype="<f2", offset=20 + vocab_len, count=count * dim)
    matrix = matrix.reshape(count, dim).astype(np.float64)
    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return vocab, {word: i for i, word in enumerate(vocab)}, unit.astype(np.float32)


def main():
    vocab, index, unit = load_unit()
    spans = []
    for target, basis in SPANS:
        a = unit[[index[w] for w in basis]].astype(np.float64)
        t = unit[index[target]].astype(np.float64)
        coefficients, *_ = np.linalg.lstsq(a.T, t, rcond=None)
        fit = a.T @ coefficients
        singular = np.linalg.svd(a, compute_uv=False)
        spans.append({
            "target": target,
            "basis": basis,
            "coefficients": coefficients.tolist(),
            "residual_norm": float(np.linalg.norm(t - fit)),
            "cosine": float(fit @ t / np.linalg.norm(fit) / np.linalg.norm(t)),
            "singular_values": singular.tolist(),
            "rank": int(np.linalg.matrix_rank(unit[[index[w] for w in basis]])),
        })
    pca = PCA().fit(unit[:SPECTRUM_WORDS].astype(np.float64))
    pairs = []
    for a, b in PAIRS:
        centre = (unit[index[a]].astype(np.float64) + unit[index[b]]) / 2
        pairs.append(unit[index[a]] - centre)
        pairs.append(unit[index[b]] - centre)
    pairs_pca = PCA(n_components=10).fit(np.array(pairs))
    direction = pairs_pca.components_[0]
    if direction @ unit[index[PAIRS[0][0]]] < 0:
        direction = -direction
    pca3 = PCA(n_components=3)
    coords = pca3.fit_transform(unit[:PCA3_WORDS].astype(np.float64))
    OUT.write_text(json.dumps({
        "source": "numpy " + np.__version__ + ", scikit-learn PCA, on " + ASSET.name,
        "spans": spans,
        "spectrum": {
            "words": SPECTRUM_WORDS,
            "eigenvalues": pca.explained_variance_.tolist(),
            "explained": pca.explained_variance_ratio_.tolist(),
        },
        "pca3": {
            "words": vocab[:PCA3_WORDS],
            "coords": coords.tolist(),
            "explained": pca3.explained_variance_ratio_.tolist(),
        },
        "definitional_pairs": {
            "pairs": PAIRS,
            "direction": direction.tolist(),
            "share": float(pairs_pca.explained_variance_ratio_[0]),
        },
    }, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
