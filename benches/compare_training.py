#!/usr/bin/env python3
"""word2vec skip-gram: this crate's `train` command vs gensim 4.4 `Word2Vec(sg=1)`, same corpus,
same parameters, same thread count, in one run.

    pip install gensim==4.4.0
    cargo build --release --all-targets
    python3 benches/compare_training.py [CORPUS...] [--threads 2]

Both sides see the same sentences: the text is split into lines, each line into lower-cased runs
of letters and digits, lines over 10,000 words cut (as the crate's corpus reader does). Reported
per corpus: training wall time (tokenising excluded on both sides; gensim's includes building its
vocabulary), vocabulary size, WordSim-353 Spearman (gensim's `evaluate_word_pairs` on both sets of
vectors), and agreement of the top-10 neighbours of the 1,000 most frequent words with gensim's,
beside gensim's agreement with itself under another seed.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from gensim.models import KeyedVectors, Word2Vec

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
    "release",
    "embedding-explorer",
)
WORDSIM = os.path.join(ROOT, "assets", "eval", "wordsim353.tsv")
TOKEN = re.compile(r"[^\W_]+")
MAX_SENTENCE = 10_000
TOP_WORDS = 1_000


def sentences(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as raw:
        text = raw.read().decode("utf-8", errors="replace").lstrip("\ufeff")
    out = []
    for line in text.splitlines():
        words = [w.lower() for w in TOKEN.findall(line)]
        for start in range(0, len(words), MAX_SENTENCE):
            out.append(words[start : start + MAX_SENTENCE])
    return out


def neighbours(vectors, words):
    return {w: {n for n, _ in vectors.most_similar(w, topn=10)} for w in words}


def agreement(a, b):
    shared = [len(a[w] & b[w]) / 10 for w in a if w in b]
    return sum(shared) / len(shared)


def wordsim(vectors):
    (_, _), (rho, _), oov = vectors.evaluate_word_pairs(WORDSIM, delimiter="\t")
    return rho, oov


def gensim_run(corpus, threads, seed):
    start = time.perf_counter()
    model = Word2Vec(
        corpus,
        sg=1,
        vector_size=100,
        window=5,
        negative=5,
        min_count=5,
        epochs=5,
        sample=1e-3,
        workers=threads,
        seed=seed,
    )
    return model.wv, time.perf_counter() - start


def ours_run(path, threads, out):
    start = time.perf_counter()
    result = subprocess.run(
        [BINARY, "train", path, "--out", out, "--threads", str(threads), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    summary = json.loads(result.stdout)
    return KeyedVectors.load_word2vec_format(out), summary["seconds"], wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "corpora",
        nargs="*",
        default=[
            os.path.join(ROOT, "assets", "corpora", "moby-dick.txt.gz"),
            os.path.join(ROOT, "assets", "corpora", "sotu.txt.gz"),
        ],
    )
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    rows = []
    for path in args.corpora:
        name = os.path.basename(path)
        corpus = sentences(path)
        words = sum(len(s) for s in corpus)
        print(f"{name}: {words:,} words, {len(corpus):,} sentences", file=sys.stderr)
        with tempfile.TemporaryDirectory() as scratch:
            ours, ours_seconds, ours_wall = ours_run(
                path, args.threads, os.path.join(scratch, "vectors.txt")
            )
        theirs, theirs_seconds = gensim_run(corpus, args.threads, seed=1)
        other_seed, _ = gensim_run(corpus, args.threads, seed=2)
        top = theirs.index_to_key[:TOP_WORDS]
        reference = neighbours(theirs, top)
        rows.append(
            {
                "corpus": name,
                "words": words,
                "ours_seconds": ours_seconds,
                "ours_wall": ours_wall,
                "gensim_seconds": theirs_seconds,
                "speedup": theirs_seconds / ours_seconds,
                "ours_vocabulary": len(ours),
                "gensim_vocabulary": len(theirs),
                "ours_wordsim": wordsim(ours),
                "gensim_wordsim": wordsim(theirs),
                "agreement_ours_gensim": agreement(neighbours(ours, top), reference),
                "agreement_gensim_seeds": agreement(neighbours(other_seed, top), reference),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)

    print(f"\n{args.threads} threads; training time (tokenising excluded)\n")
    print(
        "| corpus | words | ours | gensim 4.4 | gensim / ours | vocabulary (ours / gensim) "
        "| WordSim-353 ρ (ours / gensim) | top-10 agreement with gensim seed 1: ours / gensim seed 2 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['corpus']} | {r['words']:,} | {r['ours_seconds']:.2f} s "
            f"| {r['gensim_seconds']:.2f} s | {r['speedup']:.2f}× "
            f"| {r['ours_vocabulary']:,} / {r['gensim_vocabulary']:,} "
            f"| {r['ours_wordsim'][0]:.3f} / {r['gensim_wordsim'][0]:.3f} "
            f"| {100 * r['agreement_ours_gensim']:.0f} % / {100 * r['agreement_gensim_seeds']:.0f} % |"
        )


if __name__ == "__main__":
    main()
