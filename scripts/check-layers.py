#!/usr/bin/env python3
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
"""Enforces DESIGN.md's module layout on the package graph and the source tree.

Reads `swift package describe --type json` on stdin and the `| layer | target | side | holds |` table
of DESIGN.md (the authority; this script keeps no copy of it). Fails, naming the offending target or
file, when
- a target of the package (other than tests and bench/ targets) has no row, or a row names a target
  the package lacks (so a new target gets a conscious layer, and a rule cannot pass vacuously),
- a target depends on one of the same or a higher layer (a layer-0 Swift target may use a layer-0 C
  target), on a target of the other side (host/guest, over the transitive closure), on test support
  without being a test, or, from Sources/, on a bench/ target,
- a Swift file in Sources/ outside KataLinux imports Glibc/Musl (libc stays behind KataLinux's wrappers),
- a target the shim or the agent links imports Foundation rather than FoundationEssentials
  (Foundation brings ICU: 12 MiB of the shim's resident memory),
- a generated identifier appears in a layer-2+ target outside Generated/, Wire/ and *Service files.

Usage: swift package describe --type json | scripts/check-layers.py [--root DIR] [--design FILE]
"""
import argparse
import json
import pathlib
import re
import sys
from collections import deque

TABLE_HEADER = ["layer", "target", "side", "holds"]
TEST_SUPPORT = "test support"
SIDES = {"host", "guest", "both", "tests"}
# Names the rules below need; each must have a row in DESIGN.md's table.
LIBC_OWNER = "KataLinux"
LEAN_PRODUCTS = ("containerd-shim-kata-v2", "kata-agent")
# Generated names stop at the service edge of the domain and product targets.
GENERATED_FROM_LAYER = 2
# Prefixes of generated identifiers always checked; the prefixes of every type declared under a
# Generated/ folder (`Types_`, `Io_`…) are added at run time, so a new .proto cannot slip past.
GENERATED_PREFIXES = {"Grpc_", "Containerd_", "Runtimeoptions_", "Google_Protobuf_"}
GENERATED_DECLARATION = re.compile(
    r"^(?:(?:public|package|internal|fileprivate|private|final)\s+)*(?:struct|enum|class|protocol)\s+([A-Z][A-Za-z0-9]*_)\w*")
EDGE_FOLDERS = {"Generated", "Wire"}
SERVICE_FILE = re.compile(r"^\w+Service(\+\w+)?\.swift$")
IMPORT_PREFIX = r"^\s*(@\w+\s+)*((public|package|internal|private|fileprivate)\s+)?import\s+"
FOUNDATION_IMPORT = re.compile(IMPORT_PREFIX + r"Foundation\s*$")
LIBC_IMPORT = re.compile(IMPORT_PREFIX + r"(Glibc|Musl)\b")
STRING_START = re.compile(r'(#*)("""|")')


class Row:
    """One target's row of the layer table."""

    def __init__(self, name, layer, side, line):
        self.name, self.layer, self.side, self.line = name, layer, side, line

    @property
    def layered(self):
        return isinstance(self.layer, int)


def read_table(design, problems):
    """Returns {target: Row} from DESIGN.md's layer table, or None when there is no table."""
    lines = design.read_text().splitlines()
    cells = lambda line: [cell.strip() for cell in line.strip().strip("|").split("|")]
    start = next((i for i, line in enumerate(lines)
                  if line.lstrip().startswith("|") and [c.lower() for c in cells(line)] == TABLE_HEADER), None)
    if start is None:
        return None
    rows = {}
    for index in range(start + 2, len(lines)):
        line = lines[index]
        if not line.lstrip().startswith("|"):
            break
        number = index + 1
        parts = [cell.strip() for cell in line.strip()[1:].split("|", 3)]
        if len(parts) < 4:
            problems.append(f"{design.name}:{number}: layer table row has fewer than 4 columns; "
                            "write | layer | target | side | holds |")
            continue
        layer_cell, target_cell, side = parts[0], parts[1], parts[2].lower()
        if re.fullmatch(r"\d+", layer_cell):
            layer = int(layer_cell)
        elif layer_cell.lower() == TEST_SUPPORT:
            layer = TEST_SUPPORT
        else:
            problems.append(f"{design.name}:{number}: layer {layer_cell!r} is neither a number nor "
                            f"'{TEST_SUPPORT}'; give the target a layer")
            continue
        if side not in SIDES or (side == "tests") != (layer == TEST_SUPPORT):
            problems.append(f"{design.name}:{number}: side {parts[2]!r} is not one of host, guest, both "
                            f"(or tests, for exactly the '{TEST_SUPPORT}' rows); name who links the target")
            continue
        for name in (n.strip().strip("`").strip() for n in target_cell.split(",")):
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
                problems.append(f"{design.name}:{number}: {name!r} is not a target name; "
                                "write one target per row, in backticks")
            elif name in rows:
                problems.append(f"{design.name}:{number}: target {name} already has a row "
                                f"(line {rows[name].line}); keep one row per target")
            else:
                rows[name] = Row(name, layer, side, number)
    return rows


def code_only(text):
    """Blanks out comments and string literals (keeping interpolated code and every newline), so that
    identifiers can be matched by line without prose or log text counting."""
    out = []
    i, n = 0, len(text)
    # A stack of contexts: ["code", open parentheses] or ["string", pound count, multi-line].
    stack = [["code", 0]]
    blank = lambda s: "".join(c if c == "\n" else " " for c in s)
    while i < n:
        top = stack[-1]
        if top[0] == "code":
            if text.startswith("//", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                out.append(" " * (end - i))
                i = end
                continue
            if text.startswith("/*", i):
                depth, end = 0, i
                while end < n:
                    if text.startswith("/*", end):
                        depth, end = depth + 1, end + 2
                    elif text.startswith("*/", end):
                        depth, end = depth - 1, end + 2
                        if depth == 0:
                            break
                    else:
                        end += 1
                out.append(blank(text[i:end]))
                i = end
                continue
            match = STRING_START.match(text, i)
            if match:
                out.append(" " * (match.end() - i))
                stack.append(["string", len(match.group(1)), match.group(2) == '"""'])
                i = match.end()
                continue
            char = text[i]
            if char == "(":
                top[1] += 1
            elif char == ")":
                if len(stack) > 1 and top[1] == 0:
                    stack.pop()  # the end of an interpolation: back into its string
                    out.append(" ")
                    i += 1
                    continue
                top[1] -= 1
            out.append(char)
            i += 1
        else:
            _, pounds, multiline = top
            close = ('"""' if multiline else '"') + "#" * pounds
            escape = "\\" + "#" * pounds
            if text.startswith(close, i):
                out.append(" " * len(close))
                stack.pop()
                i += len(close)
            elif text.startswith(escape, i):
                after = i + len(escape)
                if text.startswith("(", after):
                    out.append(" " * (after + 1 - i))
                    stack.append(["code", 0])
                    i = after + 1
                else:
                    out.append(blank(text[i:after + 1]))
                    i = after + 1
            else:
                if text[i] == "\n" and not multiline:
                    stack.pop()  # an unterminated literal ends with its line
                out.append(blank(text[i]))
                i += 1
    return "".join(out)


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--root", default=".", help="package root holding Sources/ (default: .)")
    arguments.add_argument("--design", help="the design document (default: ROOT/DESIGN.md)")
    options = arguments.parse_args()
    root = pathlib.Path(options.root)
    design = pathlib.Path(options.design) if options.design else root / "DESIGN.md"

    problems = []
    package = json.load(sys.stdin)
    targets = {t["name"]: t for t in package["targets"]}
    path_of = lambda name: targets[name].get("path", f"Sources/{name}")
    is_test = lambda name: targets[name].get("type") == "test"
    is_bench = lambda name: path_of(name).startswith("bench/")
    in_sources = lambda name: path_of(name).startswith("Sources/")
    is_c = lambda name: targets[name].get("module_type") == "ClangTarget"
    deps_of = lambda name: [d for d in targets[name].get("target_dependencies") or [] if d in targets]

    if not design.is_file():
        return report([f"{design} not found; it holds the layer table this script checks against"])
    table = read_table(design, problems)
    if table is None:
        return report(problems + [f"{design.name} has no `| {' | '.join(TABLE_HEADER)} |` table; "
                                  "it is what this script checks the package against"])

    for name in (LIBC_OWNER, *LEAN_PRODUCTS):
        if name not in table:
            problems.append(f"scripts/check-layers.py names {name}, which {design.name}'s table lacks; "
                            "update the rule along with the table so that it does not pass vacuously")
    for name, row in sorted(table.items(), key=lambda item: item[1].line):
        if name not in targets:
            problems.append(f"{design.name}:{row.line}: target {name} is not in Package.swift; remove the row "
                            "or add the target (planned targets are prose until they exist)")
        elif is_test(name) or is_bench(name):
            kind = "a test" if is_test(name) else "a bench/"
            problems.append(f"{design.name}:{row.line}: {name} is {kind} target; tests and bench/ tooling "
                            "have no row, remove it")

    rows = {}
    for name in sorted(targets):
        if is_test(name) or is_bench(name):
            continue
        if name not in table:
            problems.append(f"target {name} has no row in {design.name}'s layer table; add it as the design "
                            "places it")
        else:
            rows[name] = table[name]

    for name in sorted(targets):
        for dep in deps_of(name):
            if is_bench(dep) and not is_test(name) and (in_sources(name) or name in rows and rows[name].layered):
                problems.append(f"{name} depends on bench target {dep}; bench/ is tooling, nothing in Sources "
                                "may depend on it")
            elif dep in rows and rows[dep].layer == TEST_SUPPORT and not is_test(name):
                problems.append(f"{name} depends on test-support target {dep}; only test targets may "
                                "(move what it needs into a layered target)")
            elif name in rows and rows[name].layer == TEST_SUPPORT and targets[dep].get("type") != "library":
                problems.append(f"{name} depends on {targets[dep].get('type')} target {dep}; test support "
                                "may depend only on library targets")
            elif name in rows and dep in rows and rows[name].layered and rows[dep].layered:
                layer, dep_layer = rows[name].layer, rows[dep].layer
                c_exception = layer == 0 and dep_layer == 0 and not is_c(name) and is_c(dep)
                if dep_layer >= layer and not c_exception:
                    problems.append(f"{name} (layer {layer}) depends on {dep} (layer {dep_layer}); "
                                    "a target may depend only on lower layers")

    def reach(start):
        """{target: path from start} over target dependencies, start excluded."""
        paths, queue = {start: [start]}, deque([start])
        while queue:
            current = queue.popleft()
            for dep in deps_of(current):
                if dep not in paths:
                    paths[dep] = paths[current] + [dep]
                    queue.append(dep)
        del paths[start]
        return paths

    for name, row in sorted(rows.items()):
        if row.side == "tests":
            continue
        for dep, path in sorted(reach(name).items()):
            other = rows.get(dep)
            if other is None or other.side not in ("host", "guest") or other.side == row.side:
                continue
            via = " -> ".join(path)
            if row.side == "both":
                problems.append(f"{name} (side both) depends on {other.side}-only target {dep} ({via}); "
                                "a target both sides link may depend only on targets of side both")
            else:
                meet = "the guest meets the host" if row.side == "guest" else "the host meets the guest"
                problems.append(f"{name} depends on {other.side}-only target {dep} ({via}); {meet} only at AgentAPI")

    def swift_files(name):
        return sorted((root / path_of(name)).rglob("*.swift"))

    def shown(path):
        return path.relative_to(root).as_posix()

    libc_home = root / path_of(LIBC_OWNER) if LIBC_OWNER in targets else None
    for path in sorted((root / "Sources").rglob("*.swift")):
        if libc_home is not None and path.is_relative_to(libc_home):
            continue
        for number, line in enumerate(code_only(path.read_text()).splitlines(), 1):
            if LIBC_IMPORT.match(line):
                problems.append(f"{shown(path)}:{number}: imports libc; only {LIBC_OWNER} may (add a wrapper there)")

    lean = set()
    for product in LEAN_PRODUCTS:
        if product in targets:
            lean |= {product, *reach(product)}
    for name in sorted(lean):
        for path in swift_files(name):
            previous = ""
            for number, line in enumerate(code_only(path.read_text()).splitlines(), 1):
                # `#if canImport(FoundationEssentials) … #else import Foundation` (generated code) is fine.
                if FOUNDATION_IMPORT.match(line) and previous != "#else":
                    problems.append(f"{shown(path)}:{number}: imports Foundation, which the shim and agent do not "
                                    "link; import FoundationEssentials (and KataLinux for what it lacks)")
                if line.strip():
                    previous = line.strip()

    prefixes = set(GENERATED_PREFIXES)
    for path in sorted((root / "Sources").glob("*/Generated/**/*.swift")):
        for line in path.read_text().splitlines():
            match = GENERATED_DECLARATION.match(line)
            if match:
                prefixes.add(match.group(1))
    generated_name = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, prefixes))) + r")\w*")
    for name, row in sorted(rows.items()):
        if not row.layered or row.layer < GENERATED_FROM_LAYER:
            continue
        home = root / path_of(name)
        for path in swift_files(name):
            relative = path.relative_to(home)
            if EDGE_FOLDERS & set(relative.parts[:-1]) or SERVICE_FILE.match(path.name):
                continue
            uses = [(number, match.group(0))
                    for number, line in enumerate(code_only(path.read_text()).splitlines(), 1)
                    for match in generated_name.finditer(line)]
            if uses:
                number, identifier = uses[0]
                more = f" (and {len(uses) - 1} more)" if len(uses) > 1 else ""
                problems.append(f"{shown(path)}:{number}: uses generated name {identifier}{more}; generated names "
                                "stop at the service edge: convert in a Wire/ adapter or the *Service.swift handler")

    return report(problems)


def report(problems):
    for problem in problems:
        print(f"check-layers: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
