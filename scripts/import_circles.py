#!/usr/bin/env python3
"""Finds import circles between the source files of the crate (issue 35).

Each `.rs` file under src/ is a module. A file depends on every module that a path in it names
(`use` trees, and `crate::`/`super::`/`self::` paths or a locally imported module's name in the
code), resolved to the deepest module file that exists. A child module using an item of one of its
ancestors does not count: that is how a parent shares its items with its parts. Every strongly
connected group of two or more modules is a circle; each is printed with one of its cycles, and the
exit status is 1 if there is any.

Usage: scripts/import_circles.py [SRC_DIR] [--under app]
"""
import re
import sys
from pathlib import Path


def module_of(path: Path, src: Path) -> tuple:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    # String literals hold prose that looks like paths ("crate::x" in a message).
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def expand_use_tree(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> [[a, b], [a, c, d], [a, c, e]] (aliases and globs dropped)."""
    tree = tree.strip()
    if not tree:
        return []
    depth = 0
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                prefix = [p for p in tree[:i].split("::") if p.strip()]
                inner = tree[i + 1 : tree.rindex("}")]
                out = []
                for item in split_top(inner):
                    for rest in expand_use_tree(item):
                        out.append([p.strip() for p in prefix] + rest)
                    if item.strip() == "self":
                        out.append([p.strip() for p in prefix])
                return out
            depth += 1
    path = tree.split(" as ")[0].strip()
    segs = [s.strip() for s in path.split("::") if s.strip()]
    if segs and segs[-1] in ("*", "self"):
        segs = segs[:-1]
    return [segs] if segs else []


def split_top(inner: str) -> list:
    items, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    return [i for i in items if i.strip()]


def absolute(segs: list, here: tuple, modules: set):
    """A path as written in module `here`, made absolute (or None if it leaves the crate)."""
    if not segs:
        return None
    first, rest = segs[0], segs[1:]
    if first == "crate":
        base = ()
    elif first == "self":
        base = here
    elif first == "super":
        base = here
        while segs and segs[0] == "super":
            base = base[:-1]
            segs = segs[1:]
        return tuple(base) + tuple(segs)
    elif here + (first,) in modules:
        base, rest = here + (first,), rest
    else:
        return None
    return tuple(base) + tuple(rest)


def deepest_module(path: tuple, modules: set):
    for n in range(len(path), -1, -1):
        if path[:n] in modules:
            return path[:n]
    return None


def main() -> int:
    args = sys.argv[1:]
    under = None
    if "--under" in args:
        i = args.index("--under")
        under = tuple(args[i + 1].split("/"))
        del args[i : i + 2]
    src = Path(args[0] if args else "src")
    files = {module_of(p, src): p for p in sorted(src.rglob("*.rs"))}
    modules = set(files)
    edges = {m: set() for m in modules}
    for here, path in files.items():
        text = strip_comments(path.read_text(encoding="utf-8"))
        # Names bound by `use` to a module of the crate, so `map::Layer` resolves too.
        local = {}
        paths = []
        for tree in re.findall(r"\buse\s+([^;]+);", text):
            for segs in expand_use_tree(tree):
                target = absolute(segs, here, modules)
                if target is None:
                    continue
                paths.append(target)
                if target in modules:
                    local[segs[-1]] = target
        for match in re.finditer(r"(?<![:\w])((?:crate|super|self|\w+)(?:::\w+)+)", text):
            segs = match.group(1).split("::")
            if segs[0] in local:
                paths.append(local[segs[0]] + tuple(segs[1:]))
            else:
                target = absolute(segs, here, modules)
                if target is not None:
                    paths.append(target)
        for target in paths:
            module = deepest_module(target, modules)
            if module is None or module == here:
                continue
            if here[: len(module)] == module:
                continue  # a child using its ancestor's items
            edges[here].add(module)

    if under:
        keep = {m for m in modules if m[: len(under)] == under}
        edges = {m: {t for t in ts if t in keep} for m, ts in edges.items() if m in keep}

    circles = strongly_connected(edges)
    for group in circles:
        names = sorted("/".join(m) or "crate" for m in group)
        print(f"import circle among {len(group)} files: {', '.join(names)}")
        print("  for example: " + " -> ".join("/".join(m) for m in one_cycle(group, edges)))
    if circles:
        return 1
    print(f"no import circles among {len(edges)} files")
    return 0


def strongly_connected(edges: dict) -> list:
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(group)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def one_cycle(group: list, edges: dict) -> list:
    members = set(group)
    start = min(group)
    # Breadth-first back to the start through the group's own edges.
    previous = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges[v]):
            if w not in members:
                continue
            if w == start:
                path = [v]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path)) + [start]
            if w not in previous:
                previous[w] = v
                queue.append(w)
    return [start]


if __name__ == "__main__":
    sys.exit(main())
