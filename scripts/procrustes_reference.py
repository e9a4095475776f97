#!/usr/bin/env python3
"""Write the orthogonal Procrustes fixture and scipy's answers for it (tests/data/procrustes/).

Two small vector sets in word2vec text: the source, 60 shared words and 5 of its own in 10
dimensions; the target, the same 60 words rotated by a random orthogonal matrix with a little
noise, and 5 words of its own. scipy.linalg.orthogonal_procrustes on the shared words' unit
vectors (as the app normalises them), plain and centred, gives the rotation the Rust tests
(tests/procrustes.rs) must equal within 1e-5. Needs numpy and scipy (`pip install numpy==2.1.3
scipy==1.17.1`).

    python3 scripts/procrustes_reference.py
"""
import json
from pathlib import Path

import numpy as np
from scipy.linalg import orthogonal_procrustes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "procrustes"
SHARED, OWN, DIM, NOISE, SEED = 60, 5, 10, 0.05, 20261208


def write(path, words, rows):
    lines = [f"{len(words)} {rows.shape[1]}"]
    lines += [w + " " + " ".join(f"{v:.6f}" for v in row) for w, row in zip(words, rows)]
    path.write_text("\n".join(lines) + "\n")


def read(path):
    lines = path.read_text().splitlines()[1:]
    words = [line.split(" ")[0] for line in lines]
    rows = np.array([[np.float32(v) for v in line.split(" ")[1:]] for line in lines], np.float32)
    return words, rows


def unit(rows):
    rows = rows.astype(np.float32)
    norms = np.sqrt((rows.astype(np.float64) ** 2).sum(axis=1)).astype(np.float32)
    return (rows / norms[:, None]).astype(np.float64)


def main():
    rng = np.random.default_rng(SEED)
    rotation, _ = np.linalg.qr(rng.normal(size=(DIM, DIM)))
    shared = rng.normal(size=(SHARED, DIM))
    source_rows = np.vstack([shared, rng.normal(size=(OWN, DIM))])
    target_rows = np.vstack([shared @ rotation + NOISE * rng.normal(size=(SHARED, DIM)),
                             rng.normal(size=(OWN, DIM))])
    shared_words = [f"w{i}" for i in range(SHARED)]
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "source.txt", shared_words + [f"s{i}" for i in range(OWN)], source_rows)
    # The target lists the shared words in another order: alignment pairs them by word.
    order = rng.permutation(SHARED)
    write(OUT / "target.txt", [shared_words[i] for i in order] + [f"t{i}" for i in range(OWN)],
          np.vstack([target_rows[:SHARED][order], target_rows[SHARED:]]))

    source_words, source = read(OUT / "source.txt")
    target_words, target = read(OUT / "target.txt")
    x = unit(source[:SHARED])
    by_word = dict(zip(target_words, unit(target)))
    y = np.array([by_word[w] for w in shared_words])
    reference = {}
    for name, centre in [("plain", False), ("centred", True)]:
        xs, ys = (x - x.mean(axis=0), y - y.mean(axis=0)) if centre else (x, y)
        w, scale = orthogonal_procrustes(xs, ys)
        turned = xs @ w
        cos = lambda a, b: (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
        reference[name] = {
            "rotation": w.tolist(),
            "scale": float(scale),
            "residual_before": float(np.linalg.norm(xs - ys)),
            "residual_after": float(np.linalg.norm(turned - ys)),
            "mean_cosine_before": float(cos(xs, ys).mean()),
            "mean_cosine_after": float(cos(turned, ys).mean()),
            "determinant": float(np.linalg.det(w)),
        }
    reference["shared"] = SHARED
    reference["versions"] = {"numpy": np.__version__, "scipy": __import__("scipy").__version__}
    (OUT / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
