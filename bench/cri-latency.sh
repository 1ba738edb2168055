#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# bench/cri-latency.sh RUNS OUT.json: RunPodSandbox and the first container's create+start through
# the test containerd's CRI plugin (scripts/containerd.sh, already started), RUNS pods per handler,
# runc then kata, in the same run. The driver is Tests/CRITests' CRILatency (a debug test build:
# the client's own cost is microseconds beside a pod's). The kata handler runs the shim that
# containerd finds in its PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:?usage: bench/cri-latency.sh RUNS OUT.json}
out=${2:?usage: bench/cri-latency.sh RUNS OUT.json}
[[ $out == /* ]] || out="$PWD/$out"
swift build --build-tests >/dev/null || { echo "cri-latency.sh: swift build --build-tests failed" >&2; exit 1; }
bin=$(swift build --show-bin-path)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f "$out"
if ! KATA_CRI_BENCH_OUT="$out" KATA_CRI_BENCH_RUNS="$runs" \
    KATA_TEST_CONTAINERD_ADDRESS=/run/kata-test-containerd/containerd.sock \
    "$bin/kata-containers-swiftPackageTests.xctest" --testing-library swift-testing \
    --filter 'CRILatency' >"$log" 2>&1 || [[ ! -s "$out" ]]; then
    tail -20 "$log" >&2
    echo "cri-latency.sh: the CRI latency run failed (output above)" >&2
    exit 1
fi
python3 - "$out" <<'PY'
import json, statistics, sys
figures = json.load(open(sys.argv[1]))
for handler in ("runc", "kata"):
    for key in ("run_pod_sandbox_ms", "first_container_ms"):
        values = figures[handler][key]
        print(f"  {handler:4} {key:20} median {statistics.median(values):8.1f} ms  (min {min(values):.1f}, max {max(values):.1f}, n={len(values)})")
PY
