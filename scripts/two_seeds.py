#!/usr/bin/env python3
"""Two word2vec runs on one text, seeds 1 and 2: how much of their difference is a rotation.

For each bundled corpus, trains twice with `embedding-explorer train` and twice with gensim's
Word2Vec (the same settings: skip-gram, 100 dimensions, window 5, 5 negatives, min_count 5,
5 epochs, sample 1e-3, the app's tokenisation), then aligns each pair on the 1,000 most frequent
words with orthogonal Procrustes: `embedding-explorer align --anchors` for the app's runs,
scipy's `orthogonal_procrustes` for gensim's (and for the app's, as a check). Prints the mean
cosine of a word with itself before and after. Needs gensim and scipy.

    python3 scripts/two_seeds.py [path/to/embedding-explorer]
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from gensim.models import Word2Vec
from scipy.linalg import orthogonal_procrustes

ROOT = Path(__file__).resolve().parent.parent
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "CARGO_TARGET_DIR", "/var/tmp/embedding-explorer-target") + "/release/embedding-explorer"
CORPORA = ["moby-dick", "sotu"]
TOP = 1000
WORD = re.compile(r"[^\W_]+")


def read_vectors(path):
    lines = Path(path).read_text().splitlines()[1:]
    words = [line.split(" ")[0] for line in lines]
    rows = np.array([[float(v) for v in line.split(" ")[1:]] for line in lines])
    return words, rows / np.linalg.norm(rows, axis=1, keepdims=True)


def procrustes(a, b):
    (wa, xa), (wb, xb) = read_vectors(a), read_vectors(b)
    index = {w: i for i, w in enumerate(wb)}
    top = [w for w in wa if w in index][:TOP]
    x = xa[[wa.index(w) for w in top]]
    y = xb[[index[w] for w in top]]
    r, _ = orthogonal_procrustes(x, y)
    turned = x @ r
    cos = lambda p, q: float(((p * q).sum(1) / np.linalg.norm(p, axis=1) / np.linalg.norm(q, axis=1)).mean())
    return cos(x, y), cos(turned, y), top


def main():
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        print(f"| corpus | vectors | mean cosine before | after | (scipy on the app's runs) |")
        print("|---|---|---|---|---|")
        for name in CORPORA:
            corpus = ROOT / "assets" / "corpora" / f"{name}.txt.gz"
            ours = []
            for seed in (1, 2):
                out = work / f"{name}-ours-{seed}.txt"
                subprocess.run([BINARY, "train", str(corpus), "--seed", str(seed), "--out", str(out)],
                               check=True, capture_output=True)
                ours.append(out)
            (work / "top.txt").write_text("\n".join(read_vectors(ours[0])[0][:TOP]) + "\n")
            aligned = json.loads(subprocess.run(
                [BINARY, "align", str(ours[0]), str(ours[1]), "--anchors", str(work / "top.txt"),
                 "--json"], check=True, capture_output=True, text=True).stdout)
            check = procrustes(*ours)
            print(f"| {name} | embedding-explorer | {aligned['mean_cosine_before']:+.3f} | "
                  f"{aligned['mean_cosine_after']:.3f} | {check[0]:+.3f} → {check[1]:.3f} |")
            with gzip.open(corpus, "rt", encoding="utf-8") as text:
                sentences = [WORD.findall(line.lower()) for line in text]
            sentences = [s for s in sentences if s]
            theirs = []
            for seed in (1, 2):
                model = Word2Vec(sentences, vector_size=100, window=5, negative=5, min_count=5,
                                 epochs=5, sample=1e-3, sg=1, seed=seed, workers=2)
                out = work / f"{name}-gensim-{seed}.txt"
                model.wv.save_word2vec_format(str(out))
                theirs.append(out)
            before, after, _ = procrustes(*theirs)
            print(f"| {name} | gensim 4.4 | {before:+.3f} | {after:.3f} | |")


if __name__ == "__main__":
    main()
