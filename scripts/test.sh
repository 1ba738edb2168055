#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# `make test`: installs what the tests need, checks style, layering and generated code, builds the
# guest image, and runs every unit and integration test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
scripts/deps.sh build protos guest vm

step "style and layering (make check)"
make --no-print-directory check

step "generated code matches protos/ (make protos-check)"
scripts/protos.sh --check

step "static agent and guest image (make guest)"
make --no-print-directory guest

step "unit and integration tests"
export KATA_TEST_GUEST_DIR="$PWD/build/guest"
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --skip-build 2>&1 | tee "$log"
passed=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' "$log" | tail -1)
[[ -n "$passed" ]] || { echo "test.sh: no Swift Testing summary found in the swift test output" >&2; exit 1; }

step "nothing of ours is left running"
leftovers=$(pgrep -a -f "qemu-system-x86_64.*kata-test|virtiofsd.*kata-test|\.build/debug/kata-agent" || true)
if [[ -n "$leftovers" ]]; then
    printf 'test.sh: the tests left processes behind:\n%s\n' "$leftovers" >&2
    exit 1
fi
mounts=$(grep -E ' /run/kata-containers| /tmp/kata-' /proc/self/mountinfo || true)
if [[ -n "$mounts" ]]; then
    printf 'test.sh: the tests left mounts behind:\n%s\n' "$mounts" >&2
    exit 1
fi
cgroups=$(compgen -G '/sys/fs/cgroup/*/kata-*' || true)
if [[ -n "$cgroups" ]]; then
    printf 'test.sh: the tests left cgroups behind:\n%s\n' "$cgroups" >&2
    exit 1
fi
echo "none"

# One plain closing line for CI: XCTest's own summary says 0 (all tests use Swift Testing).
echo "$passed passed, 0 failed"
