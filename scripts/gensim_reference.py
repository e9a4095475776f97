#!/usr/bin/env python3
"""Write tests/data/gensim_reference.json: gensim's answers on the bundled vectors.

The Rust tests load the same file (assets/glove-6B-100d-50k.f16.bin) and must give the same
words in the same order and the same scores. Needs gensim 4.4 (`pip install gensim==4.4.0`).

    python3 scripts/gensim_reference.py
"""
import json
import struct
import sys
from pathlib import Path

import gensim
import numpy as np
from gensim.models import KeyedVectors

ROOT = Path(__file__).resolve().parent.parent
ASSET = ROOT / "assets" / "glove-6B-100d-50k.f16.bin"
EVAL = ROOT / "assets" / "eval"
OUT = ROOT / "tests" / "data" / "gensim_reference.json"

NEIGHBOUR_WORDS = [
    "car", "king", "cat", "dog", "paris", "computer", "music", "water", "happy", "run",
    "science", "university", "apple", "river", "money", "war", "doctor", "teacher", "blue", "london",
    "germany", "football", "rain", "bread", "mountain", "guitar", "physics", "ocean", "quickly", "beautiful",
    "the", "january", "einstein", "virus", "democracy", "chess", "coffee", "moon", "france", "language",
]
ANALOGIES = [
    (["king", "woman"], ["man"]),
    (["paris", "italy"], ["france"]),
    (["berlin", "france"], ["germany"]),
    (["walking", "swam"], ["walked"]),
    (["bigger", "cold"], ["big"]),
    (["queen", "man"], ["woman"]),
    (["japan", "paris"], ["tokyo"]),
    (["sister", "brother"], ["boy"]),
    (["einstein", "painter"], ["scientist"]),
    (["good", "bad"], []),
    (["london", "england", "france"], []),
    (["computer"], ["keyboard"]),
    (["actor", "woman"], ["man"]),
    (["mice", "dog"], ["mouse"]),
    (["slow", "fast", "faster"], ["quick"]),
    (["microsoft", "ipod"], ["windows"]),
    (["spain", "euro"], ["dollar"]),
    (["uncle", "woman"], ["man"]),
    (["going", "ran"], ["run"]),
    (["france", "wine"], ["beer"]),
]
COSMUL = [
    (["king", "woman"], ["man"]),
    (["paris", "italy"], ["france"]),
    (["walking", "swam"], ["walked"]),
    (["queen", "man"], ["woman"]),
    (["car"], []),
    (["good", "bad"], []),
    (["london", "germany"], ["england", "berlin"]),
]
PAIRS = [
    ("cat", "dog"), ("king", "queen"), ("man", "woman"), ("car", "bicycle"), ("car", "banana"),
    ("paris", "france"), ("coffee", "tea"), ("happy", "sad"), ("computer", "keyboard"), ("sun", "moon"),
    ("good", "bad"), ("teacher", "student"), ("river", "ocean"), ("physics", "chemistry"), ("war", "peace"),
    ("the", "of"), ("apple", "microsoft"), ("love", "hate"), ("big", "large"), ("music", "mathematics"),
]
ODD_ONE_OUT = [
    ["breakfast", "cereal", "dinner", "lunch"],
    ["cat", "dog", "mouse", "car"],
    ["paris", "london", "berlin", "banana"],
    ["red", "green", "blue", "table"],
    ["piano", "guitar", "violin", "hammer"],
    ["january", "march", "monday", "june"],
    ["king", "queen", "prince", "tractor"],
    ["physics", "chemistry", "biology", "football"],
]
RESTRICTED = [("king", 1000), ("computer", 5000), ("paris", 2000)]


def load_bundled(path: Path) -> KeyedVectors:
    blob = path.read_bytes()
    assert blob[:8] == b"EEWORDS1"
    count, dim, vocab_len = struct.unpack_from("<III", blob, 8)
    vocab = blob[20 : 20 + vocab_len].decode("utf-8").split("\n")[:count]
    matrix = np.frombuffer(blob, dtype="<f2", offset=20 + vocab_len, count=count * dim)
    kv = KeyedVectors(dim, dtype=np.float32)
    kv.add_vectors(vocab, matrix.reshape(count, dim).astype(np.float32))
    return kv


def pairs_of(result):
    return [[word, float(score)] for word, score in result]


def main() -> int:
    kv = load_bundled(ASSET)
    ref = {
        "generator": "scripts/gensim_reference.py",
        "gensim": gensim.__version__,
        "numpy": np.__version__,
        "vectors": ASSET.name,
        "most_similar": [
            {"positive": [w], "negative": [], "topn": 10, "result": pairs_of(kv.most_similar(w, topn=10))}
            for w in NEIGHBOUR_WORDS
        ]
        + [
            {"positive": pos, "negative": neg, "topn": 10, "result": pairs_of(kv.most_similar(positive=pos, negative=neg, topn=10))}
            for pos, neg in ANALOGIES
        ],
        "most_similar_restricted": [
            {"positive": [w], "restrict_vocab": r, "result": pairs_of(kv.most_similar(w, topn=10, restrict_vocab=r))}
            for w, r in RESTRICTED
        ],
        "most_similar_cosmul": [
            {"positive": pos, "negative": neg, "result": pairs_of(kv.most_similar_cosmul(positive=pos, negative=neg, topn=10))}
            for pos, neg in COSMUL
        ],
        "similarity": [{"a": a, "b": b, "score": float(kv.similarity(a, b))} for a, b in PAIRS],
        "doesnt_match": [{"words": words, "result": kv.doesnt_match(words)} for words in ODD_ONE_OUT],
    }

    score, sections = kv.evaluate_word_analogies(str(EVAL / "questions-words.txt"), restrict_vocab=30000)
    ref["analogies"] = {
        "file": "questions-words.txt",
        "restrict_vocab": 30000,
        "accuracy": score,
        "sections": [{"section": s["section"], "correct": len(s["correct"]), "incorrect": len(s["incorrect"])} for s in sections],
    }
    ref["word_pairs"] = []
    for name in ["wordsim353.tsv", "simlex999.txt"]:
        pearson, spearman, oov = kv.evaluate_word_pairs(str(EVAL / name))
        ref["word_pairs"].append({"file": name, "pearson": float(pearson[0]), "spearman": float(spearman.statistic), "oov_ratio": float(oov)})

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(ref, indent=1) + "\n")
    print(f"{OUT}: analogy accuracy {score:.4f}; " + "; ".join(f"{p['file']} spearman {p['spearman']:.4f}" for p in ref["word_pairs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
