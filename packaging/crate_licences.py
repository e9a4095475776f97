"""Writes the package's copyright file: packaging/copyright (argv[1]) with a paragraph for the
executable inserted before the standalone licence texts, listing each crate compiled into it
(normal dependencies, not dev or build ones) with its licence, read from `cargo metadata` on
stdin."""

import json
import sys

metadata = json.load(sys.stdin)
packages = {package["id"]: package for package in metadata["packages"]}
nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
root = metadata["resolve"]["root"]
linked, todo = set(), [root]
while todo:
    crate = todo.pop()
    if crate in linked:
        continue
    linked.add(crate)
    for dependency in nodes[crate]["deps"]:
        if any(kind["kind"] is None for kind in dependency["dep_kinds"]):
            todo.append(dependency["pkg"])
linked.discard(root)

executable = [
    "Files: usr/bin/embedding-explorer",
    "Copyright: the Embedding Explorer developers, and the authors of the crates listed below",
    "License: MIT or Apache-2.0",
    "Comment: The executable is statically linked with these Rust crates (name version: licence):",
]
for crate in sorted(linked, key=lambda c: (packages[c]["name"], packages[c]["version"])):
    package = packages[crate]
    licence = package["license"] or f"see its {package['license_file'] or 'licence file'}"
    executable.append(f" {package['name']} {package['version']}: {licence}")

paragraphs = open(sys.argv[1], encoding="utf-8").read().strip().split("\n\n")
first_licence = next(
    i for i, paragraph in enumerate(paragraphs) if paragraph.startswith("License:")
)
paragraphs.insert(first_licence, "\n".join(executable))
print("\n\n".join(paragraphs))
