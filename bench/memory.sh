#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Host memory of idle pods through the test containerd (scripts/containerd.sh, already running):
#   bench/memory.sh SHIM PODS OUT.json
# Starts pods one after the other (`ctr run -d --runtime SHIM busybox sleep 3600`), measures after
# the first and after the last, then kills and deletes them all (also on failure). Per pod it reads
# Pss, Rss and USS (private) from /proc/PID/smaps_rollup of the shim, QEMU and virtiofsd (both of its processes).
# PSS splits pages shared between pods (QEMU's binary, libraries) among them; RSS counts them in
# each. Guest pages QEMU never touched are in neither.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'memory.sh: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 3 ]] || die "usage: $0 SHIM PODS OUT.json"
shim=$1
pods=$2
out=$3
[[ "$pods" =~ ^[1-9][0-9]*$ ]] || die "PODS must be a positive integer, not '$pods'"

address=/run/kata-test-containerd/containerd.sock
image=kata-test/busybox:latest
ctr_=(ctr --address "$address" --namespace kata-test)
prefix="kata-bench-$$-mem"
# Time for a pod to settle after `ctr run -d` returns, before it counts as idle.
SETTLE=5

work=$(mktemp -d /tmp/kata-bench-mem.XXXXXX)
cleanup() {
    local id
    for id in $("${ctr_[@]}" container ls -q 2>/dev/null | grep "^$prefix-" || true); do
        timeout 20 "${ctr_[@]}" task kill -s SIGKILL "$id" >/dev/null 2>&1 || true
        timeout 60 "${ctr_[@]}" task delete -f "$id" >/dev/null 2>&1 || true
        timeout 20 "${ctr_[@]}" container delete "$id" >/dev/null 2>&1 ||
            printf 'memory.sh: could not delete container %s\n' "$id" >&2
    done
    rm -rf "$work"
}
trap cleanup EXIT

# One line per process of pod $1: "pod role pid pss_kib rss_kib".
measure_pod() {
    local id=$1 shim_pid pid role
    shim_pid=$(pgrep -f -- "-id $id( |$)" | while read -r p; do
        [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == containerd-shim* ]] && echo "$p"; done | head -1)
    [[ -n "$shim_pid" ]] || die "no shim process for pod $id"
    for pid in "$shim_pid" $(pgrep -f -- "-name sandbox-$id( |,|$)" || true) \
        $(pgrep -f -- "virtiofsd.*/run/vc/vm/$id/" || true); do
        case "$(cat "/proc/$pid/comm")" in
        containerd-shim*) role=shim ;;
        qemu-system*) role=qemu ;;
        virtiofsd) role=virtiofsd ;;
        *) continue ;;
        esac
        # USS = Private_Clean + Private_Dirty. For QEMU, also where its Rss lies (smaps): the guest's
        # RAM (the memory-backend memfd), anonymous rwx mappings (TCG's translated-code buffer) and
        # file mappings (the binary, libraries, and the initrd it reads).
        awk -v pod="$id" -v role="$role" -v pid="$pid" \
            '/^Pss:/ { pss = $2 } /^Rss:/ { rss = $2 } /^Private_(Clean|Dirty):/ { uss += $2 }
             END { printf "%s %s %s %d %d %d", pod, role, pid, pss, rss, uss }' "/proc/$pid/smaps_rollup"
        if [[ $role == qemu ]]; then
            awk '/^[0-9a-f]+-[0-9a-f]+ / { kind = ($6 ~ /memory-backend/) ? "ram" : ($2 ~ /x/ && $6 == "") ? "rwx" : ($6 ~ /^\//) ? "file" : "other" }
                 /^Rss:/ { kib[kind] += $2 }
                 END { printf " %d %d %d %d", kib["ram"], kib["rwx"], kib["file"], kib["other"] }' "/proc/$pid/smaps"
        fi
        echo
    done
}

snapshot() { # $1 = label, $2 = number of pods running
    local i
    for ((i = 1; i <= $2; i++)); do measure_pod "$prefix-$i"; done | sed "s/^/$1 /" >>"$work/samples"
}

: >"$work/samples"
for ((i = 1; i <= pods; i++)); do
    begin=$(date +%s%N)
    timeout 180 "${ctr_[@]}" run -d --runtime "$shim" "$image" "$prefix-$i" sleep 3600 >/dev/null ||
        die "pod $i of $pods (ctr run -d --runtime $shim ... sleep 3600) failed"
    printf '  pod %d/%d started in %d ms\n' "$i" "$pods" $((($(date +%s%N) - begin) / 1000000)) >&2
    if ((i == 1)); then
        sleep "$SETTLE"
        snapshot one 1
    fi
done
sleep "$SETTLE"
snapshot all "$pods"

python3 - "$work/samples" "$pods" "$out" <<'PY'
import json, sys, collections
path, pods, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
result = {"pods": pods, "snapshots": {}}
for label in ("one", "all"):
    per_pod = collections.defaultdict(lambda: collections.defaultdict(lambda: {"pss_kib": 0, "rss_kib": 0, "processes": 0}))
    for line in open(path):
        fields = line.split()
        snap, pod, role, pid = fields[:4]
        if snap != label:
            continue
        entry = per_pod[pod][role]
        entry["pss_kib"] += int(fields[4])
        entry["rss_kib"] += int(fields[5])
        entry["uss_kib"] = entry.get("uss_kib", 0) + int(fields[6])
        entry["processes"] += 1
        if role == "qemu" and len(fields) >= 11:
            for name, value in zip(("guest_ram", "anon_rwx", "file", "other"), fields[7:11]):
                entry[f"rss_{name}_kib"] = int(value)
    result["snapshots"][label] = {"pods": len(per_pod), "per_pod": {p: dict(r) for p, r in per_pod.items()}}
json.dump(result, open(out, "w"), indent=1)
PY
printf 'memory.sh: %d pods measured, written to %s\n' "$pods" "$out" >&2
