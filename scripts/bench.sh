#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# `make bench` (after `make demo`): runs the benchmarks and writes their JSON under bench/results/,
# the Markdown table bench/results/summary.md, the chart bench/results/start-latency.png and the
# README's performance section. Every figure is measured in this run on this host; nothing is
# copied from earlier runs.
#   BENCH_RUNS=10 (start-latency runs per runtime, and floor boots)   BENCH_PODS=10 (idle pods)
# The kata runtime is this tree's release shim, given to ctr by its absolute path, so a test
# containerd started elsewhere (with another PATH) still runs this build; the guest kernel, initrd
# and configuration are the installed ones (/usr/share/kata-containers, /usr/share/defaults/...).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'bench.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

runs=${BENCH_RUNS:-10}
pods=${BENCH_PODS:-10}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$runs'"
[[ "$pods" =~ ^[1-9][0-9]*$ ]] || die "BENCH_PODS must be a positive integer, not '$pods'"
[[ $(id -u) -eq 0 ]] || die "needs root (containerd, QEMU); run: sudo make bench"

defaults=/usr/share/defaults/kata-containers
share=/usr/share/kata-containers
kernel="$share/vmlinuz.container"
initrd="$share/kata-containers-initrd.img"
for path in "$defaults/configuration.toml" "$kernel" "$initrd"; do
    [[ -e "$path" ]] || die "$path is missing; run make demo first"
done
# The effective accelerator and guest memory: the last setting wins (drop-ins after the base file).
setting() {
    cat "$defaults/configuration.toml" "$defaults"/config.d/*.toml 2>/dev/null |
        sed -n "s/^$1 *= *\"\{0,1\}\([^\"]*\)\"\{0,1\} *$/\1/p" | tail -1
}
accel=$(setting accelerator)
memory_mib=$(setting default_memory)
[[ -n "$accel" && "$memory_mib" =~ ^[0-9]+$ ]] || die "cannot read accelerator/default_memory from $defaults"
accel_name=$([[ "$accel" == tcg ]] && echo "TCG (software emulation; no usable hardware virtualization here)" || echo "$accel")

results=bench/results
mkdir -p "$results"
host="$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r)"
started=$(date +%s)

scripts/deps.sh vm containerd cri bench
# Debian's python3, which the python3-matplotlib package serves (a pyenv python3 in PATH does not see it).
py=/usr/bin/python3
"$py" -c 'import matplotlib' 2>/dev/null || die "$py cannot import matplotlib (scripts/deps.sh bench installs python3-matplotlib)"

say "release builds: ttrpc-bench, kata-guest-probe, containerd-shim-kata-v2"
for product in ttrpc-bench kata-guest-probe containerd-shim-kata-v2; do
    swift build -c release --product "$product" >/dev/null || die "release build of $product failed"
done
bin=$(swift build -c release --show-bin-path)
shim="$(realpath "$bin")/containerd-shim-kata-v2"

containerd_here=false
cleanup() {
    local rc=$?
    if $containerd_here; then scripts/containerd.sh stop || true; fi
    exit "$rc"
}
trap cleanup EXIT
if ! scripts/containerd.sh status >/dev/null 2>&1; then
    # CRI's kata handler runs the containerd-shim-kata-v2 in containerd's PATH: this release build.
    PATH="$(dirname "$shim"):$PATH" scripts/containerd.sh start
    containerd_here=true
else
    say "containerd already runs: CRI's kata handler runs the containerd-shim-kata-v2 in its PATH, not necessarily $shim"
fi

say "ttRPC round trip (unix socket, release build)"
"$bin/ttrpc-bench" | tee "$results/ttrpc.json"

say "bare VM floor: $runs boots of the installed kernel + initrd (virtio-fs, ${memory_mib} MiB, $accel) until the agent answers"
# The shim's x86_64 kernel parameters (KernelParameters.archBase, then quiet): the floor boots the
# same way, or it pays for a verbose serial console and timer checks the shim skips.
floor_params=(tsc=reliable no_timer_check rcupdate.rcu_expedited=1 i8042.direct=1 i8042.dumbkbd=1 i8042.nopnp=1
    i8042.noaux=1 noreplace-smp reboot=k cryptomgr.notests net.ifnames=0 pci=lastbus=0 quiet)
floor_args=()
for param in "${floor_params[@]}"; do floor_args+=(--kernel-param "$param"); done
floor_runs=$(mktemp)
floor_failures=0
for ((i = 1; i <= runs; i++)); do
    # The first boot also measures the agent's budgets: its RSS and CreateContainer+StartContainer.
    containers=$([[ $i -eq 1 ]] && echo 10 || echo 1)
    # A TCG guest on a loaded host sometimes fails its own boot; each failure is counted, and a
    # boot is given three attempts at most.
    for attempt in 1 2 3; do
        if timeout 300 "$bin/kata-guest-probe" --kernel "$kernel" --initrd "$initrd" --accel "$accel" \
            --memory "$memory_mib" "${floor_args[@]}" --containers "$containers" --json \
            >"$floor_runs.one" 2>"$floor_runs.err"; then
            cat "$floor_runs.one" >>"$floor_runs"
            break
        fi
        floor_failures=$((floor_failures + 1))
        printf '  floor %d/%d attempt %d failed: %s\n' "$i" "$runs" "$attempt" \
            "$(grep -m1 -e 'kata-guest-probe:' -e 'Kernel panic' "$floor_runs.err" | cut -c1-160)"
        ((attempt < 3)) || { rm -f "$floor_runs" "$floor_runs.one" "$floor_runs.err"; die "kata-guest-probe boot $i of $runs failed 3 times"; }
    done
    printf '  floor %d/%d: %s ms\n' "$i" "$runs" "$(tail -1 "$floor_runs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["boot_to_agent_ms"])')"
done
rm -f "$floor_runs.one" "$floor_runs.err"
python3 - "$floor_runs" "$results/floor.json" "$floor_failures" "${floor_params[*]}" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
first = runs[0]
json.dump({"runs": runs, "failed_boots": int(sys.argv[3]), "kernel_params": sys.argv[4], **{k: v for k, v in first.items() if k.startswith(("agent_rss", "create_start"))},
           "guest_kernel": first["guest_kernel"]}, open(sys.argv[2], "w"), indent=1)
PY
rm -f "$floor_runs"

say "kata-agent binary in the installed initrd"
agent=$(mktemp)
zcat "$initrd" | cpio -i --quiet --to-stdout usr/bin/kata-agent >"$agent" ||
    { rm -f "$agent"; die "no usr/bin/kata-agent in $initrd"; }
agent_size=$(stat -c %s "$agent")
strip -o "$agent.stripped" "$agent"
agent_stripped=$(stat -c %s "$agent.stripped")
rm -f "$agent" "$agent.stripped"
printf '{"agent_binary_bytes":%s,"agent_stripped_bytes":%s,"budget_stripped_bytes":%s}\n' \
    "$agent_size" "$agent_stripped" $((20 * 1024 * 1024)) | tee "$results/agent-size.json"

say "start latency: runc, $runs runs (+ $runs to-workload runs)"
bench/start-latency.sh runc io.containerd.runc.v2 "$runs" "$results/start-runc.json"
say "start latency: this runtime ($shim), $runs runs (+ $runs to-workload runs)"
bench/start-latency.sh kata "$shim" "$runs" "$results/start-kata.json"

say "CRI: RunPodSandbox and first container (create+start), runc and kata, $runs pods each"
bench/cri-latency.sh "$runs" "$results/cri-latency.json"

say "memory: 1 and $pods idle pods"
bench/memory.sh "$shim" "$pods" "$results/memory.json"

say "report"
"$py" bench/report.py "$results" README.md "$host" "$accel_name"
printf 'bench.sh: done in %d s\n' $(($(date +%s) - started))
