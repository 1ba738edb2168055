#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Start latency of one runtime through the test containerd (scripts/containerd.sh, already running):
#   bench/start-latency.sh LABEL RUNTIME N OUT.json
# RUNTIME is what `ctr run --runtime` takes (io.containerd.runc.v2, or a shim's absolute path).
# After one untimed warm-up run it does, N times each:
#   * `ctr run --rm RUNTIME busybox true`: host wall time around ctr (the start latency);
#   * `ctr run --rm ... sh -c ': > /stamp/t; date +%s'` with a host directory bind-mounted at /stamp:
#     "to-workload" = the host clock's mtime of the file the workload creates first (virtiofsd creates
#     it on the host, so it is the host's clock) minus a host timestamp taken right before `ctr run`.
#     The guest's own `date +%s` is recorded too: busybox date has no %N, so it is whole seconds of
#     the guest's clock, which the shim does not set (no SetGuestDateTime).
# For a kata shim, each `true` run's phases are read from the shim's "sandbox stopped" log line
# (or, from an older shim, "container created") in containerd's log (timings="config=…ms …").
# Writes one JSON object with the raw samples; bench/report.py computes medians and p90s.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'start-latency.sh: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 4 ]] || die "usage: $0 LABEL RUNTIME N OUT.json"
label=$1
runtime=$2
count=$3
out=$4
[[ "$count" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, not '$count'"

address=/run/kata-test-containerd/containerd.sock
log=/var/log/kata-test-containerd.log
image=kata-test/busybox:latest
ctr_=(ctr --address "$address" --namespace kata-test)
RUN_TIMEOUT=180

prefix="kata-bench-$$-$label"
work=$(mktemp -d /tmp/kata-bench-start.XXXXXX)
samples="$work/samples.tsv"
: >"$samples"

cleanup() {
    local id
    for id in $("${ctr_[@]}" container ls -q 2>/dev/null | grep "^$prefix-" || true); do
        timeout 20 "${ctr_[@]}" task kill -s SIGKILL "$id" >/dev/null 2>&1 || true
        timeout 30 "${ctr_[@]}" task delete -f "$id" >/dev/null 2>&1 || true
        timeout 20 "${ctr_[@]}" container delete "$id" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

timeout "$RUN_TIMEOUT" "${ctr_[@]}" run --rm --runtime "$runtime" "$image" "$prefix-warm" true ||
    die "warm-up ctr run --runtime $runtime $image true failed"

for ((i = 1; i <= count; i++)); do
    id="$prefix-true-$i"
    begin=$(now_ns)
    timeout "$RUN_TIMEOUT" "${ctr_[@]}" run --rm --runtime "$runtime" "$image" "$id" true ||
        die "run $i of $count (ctr run --runtime $runtime ... true) failed"
    end=$(now_ns)
    timings=""
    if [[ "$runtime" == *kata* ]]; then
        # The shim's line reaches containerd's log when it is written; allow a moment for the flush.
        for _ in $(seq 20); do
            # "sandbox stopped" carries every phase, teardown included; older shims log only at create.
            timings=$(grep -m1 -e "msg=\"sandbox stopped\" cid=$id " "$log" | sed -n 's/.*timings="\([^"]*\)".*/\1/p' || true)
            [[ -n "$timings" ]] ||
                timings=$(grep -m1 "msg=\"container created\" cid=$id " "$log" | sed -n 's/.*timings="\([^"]*\)".*/\1/p' || true)
            [[ -n "$timings" ]] && break
            sleep 0.1
        done
        [[ -n "$timings" ]] || printf 'start-latency.sh: no "container created" timings for %s in %s\n' "$id" "$log" >&2
    fi
    printf 'true\t%s\t%s\t%s\n' "$begin" "$end" "$timings" >>"$samples"
    printf '  %s true %d/%d: %d ms\n' "$label" "$i" "$count" $(((end - begin) / 1000000)) >&2
done

for ((i = 1; i <= count; i++)); do
    id="$prefix-stamp-$i"
    stamp="$work/stamp-$i"
    mkdir -p "$stamp"
    begin=$(now_ns)
    guest_date=$(timeout "$RUN_TIMEOUT" "${ctr_[@]}" run --rm --runtime "$runtime" \
        --mount "type=bind,src=$stamp,dst=/stamp,options=rbind:rw" "$image" "$id" \
        sh -c ': > /stamp/t; date +%s') || die "run $i of $count (ctr run --runtime $runtime ... sh -c 'date') failed"
    end=$(now_ns)
    [[ -f "$stamp/t" ]] || die "the workload of run $i did not create $stamp/t"
    mtime=$(stat -c %.9Y "$stamp/t")
    printf 'stamp\t%s\t%s\t%s\t%s\n' "$begin" "$end" "$mtime" "$(echo "$guest_date" | head -1 | tr -dc 0-9)" >>"$samples"
    printf '  %s to-workload %d/%d: %d ms\n' "$label" "$i" "$count" $(((end - begin) / 1000000)) >&2
done

python3 - "$samples" "$label" "$runtime" "$count" "$out" <<'PY'
import json, sys
path, label, runtime, count, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
true_runs, stamp_runs = [], []
for line in open(path):
    fields = line.rstrip("\n").split("\t")
    if fields[0] == "true":
        begin, end, timings = int(fields[1]), int(fields[2]), fields[3]
        phases = {}
        for word in timings.split():
            name, _, value = word.partition("=")
            if value.endswith("ms"):
                phases[name] = float(value[:-2])
        true_runs.append({"total_ms": (end - begin) / 1e6, "phases_ms": phases})
    else:
        begin, end = int(fields[1]), int(fields[2])
        mtime_ns = round(float(fields[3]) * 1e9)
        guest_s = int(fields[4]) if fields[4] else None
        stamp_runs.append({
            "total_ms": (end - begin) / 1e6,
            "to_workload_host_clock_ms": (mtime_ns - begin) / 1e6,
            # whole seconds of the guest clock minus the host's begin: ±1000 ms by resolution alone
            "to_workload_guest_clock_ms": (guest_s * 1e9 - begin) / 1e6 if guest_s is not None else None,
        })
json.dump({"label": label, "runtime": runtime, "runs": count, "true": true_runs, "stamp": stamp_runs},
          open(out, "w"), indent=1)
PY
printf 'start-latency.sh: %s: %d runs each written to %s\n' "$label" "$count" "$out" >&2
