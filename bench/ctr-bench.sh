#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Wall-clock cost of a whole container lifecycle through containerd:
#   bench/ctr-bench.sh RUNTIME N     e.g. bench/ctr-bench.sh io.containerd.runc.v2 20
# runs `ctr run --rm --runtime RUNTIME kata-test/busybox:latest ID true` N times against the test
# containerd (scripts/containerd.sh; started here, and stopped again, when it is not running) and
# prints one JSON object with the median and p90 in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'ctr-bench.sh: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 RUNTIME N (e.g. io.containerd.runc.v2 20)"
runtime=$1
count=$2
[[ "$count" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, not '$count'"

address=/run/kata-test-containerd/containerd.sock
image=kata-test/busybox:latest
ctr_=(ctr --address "$address" --namespace kata-test)

started_here=false
if ! scripts/containerd.sh status >/dev/null 2>&1; then
    scripts/containerd.sh start >&2
    started_here=true
fi
cleanup() { if $started_here; then scripts/containerd.sh stop >&2; fi; }
trap cleanup EXIT

# One untimed run first: the first container after start-up pays for loading the snapshot and shim.
"${ctr_[@]}" run --rm --runtime "$runtime" "$image" "kata-test-bench-$$-warm" true ||
    die "ctr run --runtime $runtime $image true failed (is the shim for $runtime in PATH?)"

samples=()
for ((i = 1; i <= count; i++)); do
    id="kata-test-bench-$$-$i"
    begin=$(date +%s%N)
    timeout 120 "${ctr_[@]}" run --rm --runtime "$runtime" "$image" "$id" true ||
        die "run $i of $count (ctr run --runtime $runtime ... $id true) failed"
    end=$(date +%s%N)
    samples+=("$(((end - begin) / 1000))")
done

printf '%s\n' "${samples[@]}" | sort -n | awk -v runtime="$runtime" -v n="$count" '
    { us[NR] = $1 }
    END {
        median = (n % 2) ? us[(n + 1) / 2] : (us[n / 2] + us[n / 2 + 1]) / 2
        rank = int(0.9 * n); if (rank < 0.9 * n) rank++
        printf "{\"benchmark\":\"ctr run --rm true\",\"runtime\":\"%s\",\"runs\":%d,", runtime, n
        printf "\"median_ms\":%.1f,\"p90_ms\":%.1f,\"min_ms\":%.1f,\"max_ms\":%.1f}\n",
            median / 1000, us[rank] / 1000, us[1] / 1000, us[n] / 1000
    }'
