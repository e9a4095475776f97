#!/usr/bin/env bash
# Regenerate assets/eval/ (analogy and word-pair test sets) from the gensim 4.4.0 wheel on PyPI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: gensim==4.4.0 -d "$work"
wheel=$(ls "$work"/gensim-4.4.0-*.whl | head -n 1)
mkdir -p "$root/assets/eval"
for name in questions-words.txt wordsim353.tsv simlex999.txt; do
  unzip -p "$wheel" "gensim/test/test_data/$name" > "$root/assets/eval/$name"
done
(cd "$root/assets/eval" && sha256sum questions-words.txt wordsim353.tsv simlex999.txt)
