#!/usr/bin/env python3
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
"""Enforces DESIGN.md's layering on the package graph and the source tree.

Reads `swift package describe --type json` on stdin. Fails, naming the offending target or file, when
- a target depends on a target of the same or a higher layer,
- kata-agent (transitively) depends on a host-only target,
- a Swift file outside Sources/KataLinux imports Glibc/Musl (libc stays behind KataLinux's wrappers),
- a target is missing from the layer table (so a new target gets a conscious layer),
- a target the shim or the agent links imports Foundation rather than FoundationEssentials
  (Foundation brings ICU: 12 MiB of the shim's resident memory).
"""
import json
import pathlib
import re
import sys

LAYERS = {
    "CKataLinux": 0, "KataLinux": 0, "TTRPC": 0, "OCISpec": 0, "TOML": 0,
    "ShimAPI": 1, "AgentAPI": 1, "KataError": 1, "KataTestSupport": 5, "Netlink": 1, "Cgroups": 1, "KataConfig": 1, "QEMU": 1,
    "KataRuntime": 2, "KataAgentCore": 2,
    "KataShim": 3, "KataCLI": 3, "KataMonitor": 3,
    "containerd-shim-kata-v2": 4, "kata-agent": 4, "kata-runtime": 4, "kata-monitor": 4,
}
HOST_ONLY = {"KataRuntime", "QEMU", "KataConfig", "KataShim", "KataCLI", "KataMonitor"}
FOUNDATION_IMPORT = re.compile(r"^\s*(@\w+\s+)*((public|package|internal|private|fileprivate)\s+)?import\s+Foundation\s*$")
LEAN_PRODUCTS = ("containerd-shim-kata-v2", "kata-agent")
LIBC_IMPORT = re.compile(r"^\s*(@\w+\s+)*((public|package|internal|private|fileprivate)\s+)?import\s+(Glibc|Musl)\b")


def main() -> int:
    package = json.load(sys.stdin)
    targets = {t["name"]: t for t in package["targets"]}
    problems = []
    for name, target in sorted(targets.items()):
        if target.get("type") == "test" or target.get("path", "").startswith("bench/"):
            continue
        if name not in LAYERS:
            problems.append(f"target {name} has no layer in scripts/check-layers.py; add it as DESIGN.md places it")
            continue
        for dep in target.get("target_dependencies") or []:
            if dep in LAYERS and LAYERS[dep] >= LAYERS[name] and not (LAYERS[name] == 0 and dep.startswith("C")):
                problems.append(f"{name} (layer {LAYERS[name]}) depends on {dep} (layer {LAYERS[dep]}); "
                                "a target may depend only on lower layers")

    def closure(name, seen):
        for dep in targets.get(name, {}).get("target_dependencies") or []:
            if dep not in seen:
                seen.add(dep)
                closure(dep, seen)
        return seen

    if "kata-agent" in targets:
        for dep in sorted(closure("kata-agent", set()) & HOST_ONLY):
            problems.append(f"kata-agent depends on host-only target {dep}; the guest meets the host only at AgentAPI")

    for path in sorted(pathlib.Path("Sources").rglob("*.swift")):
        if path.parts[1] == "KataLinux":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if LIBC_IMPORT.match(line):
                problems.append(f"{path}:{number}: imports libc; only KataLinux may (add a wrapper there)")

    lean = set()
    for product in LEAN_PRODUCTS:
        if product in targets:
            lean |= closure(product, {product})
    for path in sorted(pathlib.Path("Sources").rglob("*.swift")):
        if path.parts[1] not in lean:
            continue
        previous = ""
        for number, line in enumerate(path.read_text().splitlines(), 1):
            # `#if canImport(FoundationEssentials) … #else import Foundation` (generated code) is fine.
            if FOUNDATION_IMPORT.match(line) and previous != "#else":
                problems.append(f"{path}:{number}: imports Foundation, which the shim and agent do not link; "
                                "import FoundationEssentials (and KataLinux for what it lacks)")
            if line.strip():
                previous = line.strip()

    for problem in problems:
        print(f"check-layers: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
