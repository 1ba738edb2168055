#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# `make bench`: runs the benchmarks and writes their JSON under bench/results/, plus a Markdown
# table. Every figure is measured in this run on this host; nothing is copied from earlier runs.
set -euo pipefail
cd "$(dirname "$0")/.."

results=bench/results
mkdir -p "$results"
host="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"

printf '==> ttRPC round trip (unix socket, release build)\n'
swift build -c release --product ttrpc-bench >/dev/null
.build/release/ttrpc-bench | tee "$results/ttrpc.json"

printf '==> bare guest VM floor (QEMU + kernel + initrd until the agent answers)\n'
scripts/deps.sh vm
make --no-print-directory guest >/dev/null
swift build -c release --product kata-guest-probe >/dev/null
.build/release/kata-guest-probe --containers 10 --json | tee "$results/guest-floor.json"
agent_size=$(stat -c %s .build-static/release/kata-agent)
stripped=$(mktemp)
strip -o "$stripped" .build-static/release/kata-agent
agent_stripped=$(stat -c %s "$stripped")
rm -f "$stripped"
printf '{"agent_binary_bytes":%s,"agent_stripped_bytes":%s,"budget_stripped_bytes":%s}\n' \
    "$agent_size" "$agent_stripped" $((20 * 1024 * 1024)) | tee "$results/agent-size.json"

python3 - "$results" "$host" <<'PY'
import json, sys, pathlib
results, host = pathlib.Path(sys.argv[1]), sys.argv[2]
t = json.loads((results / "ttrpc.json").read_text())
g = json.loads((results / "guest-floor.json").read_text())
a = json.loads((results / "agent-size.json").read_text())
def verdict(ok): return "met" if ok else "**missed**"
rows = [
    ("ttRPC unary round trip, median", f'{t["median_us"]} µs', "≤ 50 µs", verdict(t["median_us"] <= 50)),
    ("ttRPC unary round trip, p99", f'{t["p99_us"]} µs', "—", ""),
    (f'ttRPC calls/s, {t["concurrent_callers"]} callers', f'{t["calls_per_second"]}', "≥ 30000", verdict(t["calls_per_second"] >= 30000)),
    ("bare VM: QEMU spawn → agent answers (TCG)", f'{g["boot_to_agent_ms"]} ms', "—", ""),
    ("kata-agent RSS at idle (guest, after boot)", f'{g["agent_rss_idle_bytes"] / 1048576:.1f} MiB', "≤ 10 MiB", verdict(0 < g["agent_rss_idle_bytes"] <= 10 * 1048576)),
    (f'CreateContainer+StartContainer, busybox true, median of {g["create_start_runs"]} (TCG)', f'{g["create_start_ms_median"]} ms', "≤ 50 ms", verdict(g["create_start_ms_median"] <= 50)),
    ("CreateContainer+StartContainer, p90 (TCG)", f'{g["create_start_ms_p90"]} ms', "—", ""),
    ("kata-agent static binary, stripped", f'{a["agent_stripped_bytes"] / 1048576:.1f} MiB', "≤ 20 MiB", verdict(a["agent_stripped_bytes"] <= a["budget_stripped_bytes"])),
]
lines = [f"Host: {host}; accelerator: TCG (no usable hardware virtualization here).", "",
         "| measure | result | budget | |", "|---|---|---|---|"]
lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
(results / "summary.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
PY

# The README's performance section is this run's table, between its markers.
python3 - "$results/summary.md" README.md <<'PY'
import sys, pathlib, re
table = pathlib.Path(sys.argv[1]).read_text().strip()
readme = pathlib.Path(sys.argv[2])
text = readme.read_text()
new = re.sub(r"<!-- bench:begin -->.*?<!-- bench:end -->",
             "<!-- bench:begin -->\n" + table + "\n<!-- bench:end -->", text, flags=re.S)
readme.write_text(new)
PY
echo "README.md performance section updated from $results/summary.md"
