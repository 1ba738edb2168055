# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Turns one `make bench` run's JSON under bench/results/ into bench/results/summary.json, the
# Markdown table bench/results/summary.md, the chart bench/results/start-latency.png and the README's
# performance section. Every figure comes from this run's files; a missing one is an error.
#   python3 bench/report.py RESULTS_DIR README.md "HOST DESCRIPTION" ACCELERATOR
import json
import pathlib
import re
import statistics
import sys

results, readme, host, accel = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]


def load(name):
    return json.loads((results / name).read_text())


def median(values):
    return statistics.median(values) if values else float("nan")


def p90(values):
    """The 90th percentile by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = -(-9 * len(ordered) // 10)
    return ordered[rank - 1]


def verdict(ok):
    return "met" if ok else "**missed**"


ttrpc = load("ttrpc.json")
floor = load("floor.json")
agent_size = load("agent-size.json")
runc = load("start-runc.json")
kata = load("start-kata.json")
memory = load("memory.json")
cri = load("cri-latency.json")

MIB = 1024.0
summary = {"host": host, "accelerator": accel}

# 1. Start latency.
runc_total = [r["total_ms"] for r in runc["true"]]
kata_total = [r["total_ms"] for r in kata["true"]]
floor_boot = [r["boot_to_agent_ms"] for r in floor["runs"]]
start = {
    "runs": kata["runs"],
    "runc": {"median_ms": median(runc_total), "p90_ms": p90(runc_total)},
    "kata": {"median_ms": median(kata_total), "p90_ms": p90(kata_total)},
    "floor": {"median_ms": median(floor_boot), "p90_ms": p90(floor_boot), "runs": len(floor_boot)},
}
start["kata_over_runc"] = start["kata"]["median_ms"] / start["runc"]["median_ms"]
start["kata_over_floor"] = start["kata"]["median_ms"] / start["floor"]["median_ms"]
start["kata_minus_floor_ms"] = start["kata"]["median_ms"] - start["floor"]["median_ms"]
for name, data in (("runc", runc), ("kata", kata)):
    host_clock = [r["to_workload_host_clock_ms"] for r in data["stamp"]]
    guest_clock = [r["to_workload_guest_clock_ms"] for r in data["stamp"] if r["to_workload_guest_clock_ms"] is not None]
    start[name]["to_workload_median_ms"] = median(host_clock)
    start[name]["to_workload_p90_ms"] = p90(host_clock)
    start[name]["to_workload_guest_clock_median_ms"] = median(guest_clock)
summary["start"] = start

# 1b. Through containerd's CRI, as kubelet drives it.
summary["cri"] = {
    handler: {key: {"median_ms": median(cri[handler][key]), "p90_ms": p90(cri[handler][key]), "runs": len(cri[handler][key])}
              for key in ("run_pod_sandbox_ms", "first_container_ms")}
    for handler in ("runc", "kata")
}

# 2. Phases from the shim's log.
PHASES = ["config", "virtiofsd", "qemu_spawn", "guest_boot", "create_sandbox", "create_container", "start_container",
          "teardown"]
# The start path: everything before the workload runs. Teardown is timed but not part of it.
START_PATH = [name for name in PHASES if name != "teardown"]
logged = [r["phases_ms"] for r in kata["true"] if r["phases_ms"]]
phases = {}
for name in PHASES:
    values = [p[name] for p in logged if name in p]
    if values:
        phases[name] = median(values)
# The rest of each run the shim does not time: StartContainer (when not logged), the workload,
# its exit, teardown (DestroySandbox, QEMU exit, cleanup), plus ctr and containerd.
rest = [r["total_ms"] - sum(r["phases_ms"].values()) for r in kata["true"] if r["phases_ms"]]
shim_own = [sum(v for k, v in r["phases_ms"].items() if k in START_PATH and k != "guest_boot")
            for r in kata["true"] if r["phases_ms"]]
summary["phases"] = {
    "runs_with_timings": len(logged),
    "median_ms": phases,
    "missing": [name for name in PHASES + ["first_output"] if name not in phases],
    "untimed_rest_median_ms": median(rest),
    "shim_own_work_median_ms": median(shim_own),
    "total_minus_guest_boot_median_ms": median([r["total_ms"] - r["phases_ms"].get("guest_boot", 0) for r in kata["true"] if r["phases_ms"]]),
}

# 3. Memory.
def snapshot(label):
    snap = memory["snapshots"][label]
    pods = snap["per_pod"].values()
    roles = {}
    for role in ("shim", "qemu", "virtiofsd"):
        roles[role] = {
            "pss_mib": median([p[role]["pss_kib"] / MIB for p in pods if role in p]),
            "rss_mib": median([p[role]["rss_kib"] / MIB for p in pods if role in p]),
            "uss_mib": median([p[role].get("uss_kib", 0) / MIB for p in pods if role in p]),
        }
    for part in ("guest_ram", "anon_rwx", "file", "other"):
        roles["qemu"][f"rss_{part}_mib"] = median([p["qemu"].get(f"rss_{part}_kib", 0) / MIB for p in pods if "qemu" in p])
    totals_pss = [sum(r["pss_kib"] for r in p.values()) / MIB for p in pods]
    totals_rss = [sum(r["rss_kib"] for r in p.values()) / MIB for p in pods]
    return {
        "pods": snap["pods"],
        "per_process_median": roles,
        "pod_pss_mib_mean": sum(totals_pss) / len(totals_pss),
        "pod_rss_mib_mean": sum(totals_rss) / len(totals_rss),
        "all_pods_pss_mib": sum(totals_pss),
        "all_pods_rss_mib": sum(totals_rss),
    }


summary["memory"] = {"one": snapshot("one"), "all": snapshot("all")}
summary["agent"] = {
    "rss_idle_mib": floor["agent_rss_idle_bytes"] / 1048576,
    "rss_after_containers_mib": floor["agent_rss_after_containers_bytes"] / 1048576,
}
(results / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")

# The table.
s, ph, m1, mn = start, summary["phases"], summary["memory"]["one"], summary["memory"]["all"]
n = s["runs"]
shim_rss_max = max(mn["per_process_median"]["shim"]["rss_mib"], m1["per_process_median"]["shim"]["rss_mib"])
rows = [
    ("**Start latency** (`ctr run --rm` busybox `true`)", "", "", ""),
    (f"runc, median / p90 of {n}", f'{s["runc"]["median_ms"]:.0f} / {s["runc"]["p90_ms"]:.0f} ms', "—", ""),
    (f"this runtime (kata shim), median / p90 of {n}", f'{s["kata"]["median_ms"]:.0f} / {s["kata"]["p90_ms"]:.0f} ms', "—", ""),
    (f'bare VM floor: QEMU spawn → agent answers Health.Check, median / p90 of {s["floor"]["runs"]}',
     f'{s["floor"]["median_ms"]:.0f} / {s["floor"]["p90_ms"]:.0f} ms', "—", ""),
    ("bare VM boots that failed and were retried (TCG guest on a loaded host)", f'{floor.get("failed_boots", 0)}', "—", ""),
    ("runtime / runc (medians)", f'{s["kata_over_runc"]:.1f}×', "—", ""),
    ("runtime / floor (medians)", f'{s["kata_over_floor"]:.2f}×', "—", ""),
    ("runtime − floor (medians; whole `ctr run --rm` incl. teardown)", f'{s["kata_minus_floor_ms"]:.0f} ms', "≤ 100 ms",
     verdict(s["kata_minus_floor_ms"] <= 100)),
    (f"to-workload, runc (host clock), median / p90 of {n}",
     f'{s["runc"]["to_workload_median_ms"]:.0f} / {s["runc"]["to_workload_p90_ms"]:.0f} ms', "—", ""),
    (f"to-workload, this runtime (host clock), median / p90 of {n}",
     f'{s["kata"]["to_workload_median_ms"]:.0f} / {s["kata"]["to_workload_p90_ms"]:.0f} ms', "Kata reference: QEMU 710 ms (KVM)", ""),
    ("to-workload, this runtime, by the guest's own `date +%s` (whole seconds, unsynced guest clock)",
     f'{s["kata"]["to_workload_guest_clock_median_ms"]:.0f} ms', "—", ""),
    ("**Through CRI** (containerd's CRI plugin, CNI bridge, busybox)", "", "", ""),
]
for handler, label in (("runc", "runc"), ("kata", "this runtime (kata handler)")):
    for key, what in (("run_pod_sandbox_ms", "RunPodSandbox"), ("first_container_ms", "first container (Create + Start)")):
        figure = summary["cri"][handler][key]
        rows.append((f'{what}, {label}, median / p90 of {figure["runs"]}',
                     f'{figure["median_ms"]:.0f} / {figure["p90_ms"]:.0f} ms', "—", ""))
rows += [
    (f'**Shim phases** (medians of {ph["runs_with_timings"]} runs, shim log)', "", "", ""),
]
for name, value in ph["median_ms"].items():
    rows.append((f"phase `{name}`", f"{value:.1f} ms", "—", ""))
rows += [
    ("untimed rest: the workload, its exit and output, ctr and containerd", f'{ph["untimed_rest_median_ms"]:.0f} ms', "—", ""),
    ("shim's own work on the start path (logged phases except guest_boot and teardown)", f'{ph["shim_own_work_median_ms"]:.1f} ms', "≤ 100 ms",
     verdict(ph["shim_own_work_median_ms"] <= 100)),
    ("total − guest_boot (whole run)", f'{ph["total_minus_guest_boot_median_ms"]:.0f} ms', "≤ 100 ms",
     verdict(ph["total_minus_guest_boot_median_ms"] <= 100)),
    ("**Memory** (idle pods, `sleep 3600`, default_memory kept)", "", "", ""),
]
for label, snap in (("1 pod", m1), (f'{mn["pods"]} pods', mn)):
    per = snap["per_process_median"]
    rows += [
        (f"{label}: shim PSS / RSS (private)", f'{per["shim"]["pss_mib"]:.1f} / {per["shim"]["rss_mib"]:.1f} ({per["shim"]["uss_mib"]:.1f}) MiB',
         "RSS ≤ 15 MiB", verdict(per["shim"]["rss_mib"] <= 15)),
        (f"{label}: QEMU PSS / RSS", f'{per["qemu"]["pss_mib"]:.1f} / {per["qemu"]["rss_mib"]:.1f} MiB', "—", ""),
        (f"{label}: QEMU RSS = guest RAM touched + TCG code buffer (anon rwx) + files + other",
         f'{per["qemu"]["rss_guest_ram_mib"]:.0f} + {per["qemu"]["rss_anon_rwx_mib"]:.0f} + {per["qemu"]["rss_file_mib"]:.0f} + {per["qemu"]["rss_other_mib"]:.0f} MiB', "—", ""),
        (f"{label}: virtiofsd (2 processes) PSS / RSS", f'{per["virtiofsd"]["pss_mib"]:.1f} / {per["virtiofsd"]["rss_mib"]:.1f} MiB', "—", ""),
        (f"{label}: host memory per pod, PSS (RSS)", f'{snap["pod_pss_mib_mean"]:.1f} ({snap["pod_rss_mib_mean"]:.1f}) MiB', "≤ 100 MiB",
         verdict(snap["pod_pss_mib_mean"] <= 100)),
    ]
rows += [
    (f'{mn["pods"]} pods: all together, PSS (RSS)', f'{mn["all_pods_pss_mib"]:.0f} ({mn["all_pods_rss_mib"]:.0f}) MiB', "—", ""),
    ("kata-agent RSS in the guest, idle after boot (bare VM, GetMetrics)", f'{summary["agent"]["rss_idle_mib"]:.1f} MiB', "≤ 10 MiB",
     verdict(summary["agent"]["rss_idle_mib"] <= 10)),
    (f'kata-agent RSS after {floor["create_start_runs"]} containers', f'{summary["agent"]["rss_after_containers_mib"]:.1f} MiB', "—", ""),
    ("**Agent and ttRPC budgets**", "", "", ""),
    ("ttRPC unary round trip, median", f'{ttrpc["median_us"]} µs', "≤ 50 µs", verdict(ttrpc["median_us"] <= 50)),
    ("ttRPC unary round trip, p99", f'{ttrpc["p99_us"]} µs', "—", ""),
    (f'ttRPC calls/s, {ttrpc["concurrent_callers"]} callers', f'{ttrpc["calls_per_second"]}', "≥ 30000", verdict(ttrpc["calls_per_second"] >= 30000)),
    (f'agent CreateContainer+StartContainer, busybox true, median / p90 of {floor["create_start_runs"]}',
     f'{floor["create_start_ms_median"]} / {floor["create_start_ms_p90"]} ms', "≤ 50 ms", verdict(floor["create_start_ms_median"] <= 50)),
    ("kata-agent static binary in the installed initrd, stripped", f'{agent_size["agent_stripped_bytes"] / 1048576:.1f} MiB', "≤ 20 MiB",
     verdict(agent_size["agent_stripped_bytes"] <= agent_size["budget_stripped_bytes"])),
]
lines = [
    f"Host: {host}; accelerator: **{accel}** — every figure below was measured in one `make bench` run on this host "
    "with this accelerator.",
    "",
    "| measure | result | budget | |",
    "|---|---|---|---|",
]
lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
lines += [
    "",
    "How: start latency is host wall time around `ctr run --rm` after one warm-up run. To-workload is the host-clock "
    "mtime of a file the workload creates first on a bind-mounted host directory, minus a host timestamp taken right "
    "before `ctr run` (the guest clock is not set by the shim, and busybox `date` has whole seconds only). Phases are "
    "the shim's `timings=` on its \"sandbox stopped\" log line; "
    + (f'not timed by the shim: {", ".join(ph["missing"])}. ' if ph["missing"] else "")
    + "The floor is `bench/kata-guest-probe` booting the installed kernel and initrd with virtio-fs, the same "
    "default_memory and the shim's x86_64 kernel parameters (serial console on ttyS0, fewer devices than the shim's "
    "QEMU). The shim's `guest_boot` starts at QMP ready, the floor at QEMU spawn. Memory is /proc/PID/smaps_rollup "
    "(and smaps for QEMU's split) of each pod's shim, QEMU and virtiofsd processes; the agent's RSS comes from its "
    "GetMetrics in the bare VM (the shim does not expose it).",
    "",
    "![start latency](bench/results/start-latency.png)",
]
table = "\n".join(lines) + "\n"
(results / "summary.md").write_text(table.replace("](bench/results/", "]("))
print(table)

text = readme.read_text()
new, count = re.subn(r"<!-- bench:begin -->.*?<!-- bench:end -->",
                     lambda _: "<!-- bench:begin -->\n" + table + "<!-- bench:end -->", text, flags=re.S)
if count != 1:
    sys.exit("report.py: README.md has no <!-- bench:begin --> … <!-- bench:end --> section")
readme.write_text(new)

# The chart: runc total; the kata run as its phases stacked, then the untimed rest; the floor.
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(10, 3.6))
colors = plt.get_cmap("tab10").colors
ax.barh(2, s["runc"]["median_ms"], color="gray", label="runc: whole `ctr run --rm`")
left = 0.0
for i, (name, value) in enumerate(ph["median_ms"].items()):
    ax.barh(1, value, left=left, color=colors[i % 10], label=f"kata {name}")
    left += value
ax.barh(1, ph["untimed_rest_median_ms"], left=left, color="lightgray", hatch="//",
        label="kata untimed: workload, exit, ctr")
ax.barh(0, s["floor"]["median_ms"], color="black", label="floor: QEMU → agent answers")
ax.set_yticks([2, 1, 0], [f'runc {s["runc"]["median_ms"]:.0f} ms', f'kata {s["kata"]["median_ms"]:.0f} ms',
                          f'floor {s["floor"]["median_ms"]:.0f} ms'])
ax.set_xlabel("milliseconds (medians)")
ax.set_title(f"ctr run --rm busybox true: start latency (medians), {accel.split(' (')[0]}, {host.split(' (')[0]}", fontsize=9)
ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
fig.tight_layout()
fig.savefig(results / "start-latency.png", dpi=110)
print(f"report.py: wrote {results}/summary.json, summary.md, start-latency.png and {readme}'s section")
