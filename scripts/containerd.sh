#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# A private containerd for the tests and benchmarks, beside (never instead of) a system one:
#   scripts/containerd.sh start    writes its config, starts it in the background, imports kata-test/busybox:latest
#   scripts/containerd.sh stop     stops it, its shims, and unmounts what it left under its root and state
#   scripts/containerd.sh status   says whether it answers
# Its address is /run/kata-test-containerd/containerd.sock; the images live in the namespace kata-test.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=/var/lib/kata-test-containerd
STATE=/run/kata-test-containerd
ADDRESS="$STATE/containerd.sock"
CONFIG="$STATE/config.toml"
PIDFILE="$STATE/containerd.pid"
LOG=/var/log/kata-test-containerd.log
NAMESPACE=kata-test
IMAGE=kata-test/busybox:latest
CACHE=/var/cache/kata-containers-swift/images
ARCHIVE="$CACHE/kata-test-busybox.oci.tar"
# Bump when the image's contents change, so a cached archive from an older script is rebuilt.
IMAGE_FORMAT=1
START_TIMEOUT=30

say() { printf 'containerd.sh: %s\n' "$*"; }
die() { printf 'containerd.sh: %s\n' "$*" >&2; exit 1; }

CTR=(ctr --address "$ADDRESS" --namespace "$NAMESPACE")
ctr_() { "${CTR[@]}" "$@"; }

running_pid() {
    [[ -f "$PIDFILE" ]] || return 1
    local pid
    pid=$(cat "$PIDFILE")
    [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
    grep -q containerd "/proc/$pid/comm" 2>/dev/null || return 1
    echo "$pid"
}

answers() { timeout 5 ctr --address "$ADDRESS" version >/dev/null 2>&1; }

write_config() {
    mkdir -p "$STATE" "$ROOT"
    cat >"$CONFIG" <<EOF
# Written by scripts/containerd.sh; a private containerd for tests, not the system's.
version = 2
root = "$ROOT"
state = "$STATE"
# The tests drive containerd with ctr; CRI is not needed and slows start-up.
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$ADDRESS"

[ttrpc]
  address = "$ADDRESS.ttrpc"

[debug]
  address = "$STATE/debug.sock"
  level = "info"

[metrics]
  address = ""

# The runtimes, registered as for CRI; ctr --runtime resolves io.containerd.kata.v2 to
# containerd-shim-kata-v2 in PATH itself.
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]
  runtime_type = "io.containerd.kata.v2"
  privileged_without_host_devices = true
EOF
}

# Builds the image archive deterministically (fixed mtimes, owners and order) from the host's
# static busybox, so the same busybox always gives the same digests.
build_archive() {
    [[ -x /bin/busybox ]] || die "no /bin/busybox to build $IMAGE from (scripts/deps.sh guest installs busybox-static)"
    [[ "$(ldd /bin/busybox 2>&1 || true)" == *"not a dynamic executable"* ]] ||
        die "/bin/busybox is not statically linked; install busybox-static"
    local key
    key="format=$IMAGE_FORMAT busybox=$(sha256sum /bin/busybox | cut -d' ' -f1)"
    if [[ -f "$ARCHIVE" && -f "$ARCHIVE.key" && "$(cat "$ARCHIVE.key")" == "$key" ]]; then
        say "image archive $ARCHIVE is up to date"
        return
    fi
    mkdir -p "$CACHE"
    python3 - "$ARCHIVE.tmp" "$IMAGE" <<'PYTHON'
import hashlib, io, json, sys, tarfile

out, name = sys.argv[1], sys.argv[2]
APPLETS = ["sh", "echo", "cat", "id", "sleep", "env", "pwd", "ls", "true", "false", "date", "hostname",
           "touch", "mkdir", "rm", "ps", "kill", "grep", "head", "tail", "wc", "uname", "stat", "test",
           "readlink", "printf", "tr", "mount", "cut", "seq", "stty", "tty", "whoami", "sort"]

def info(path, kind=tarfile.REGTYPE, mode=0o644, size=0, link=""):
    entry = tarfile.TarInfo(path)
    entry.type, entry.mode, entry.size, entry.linkname = kind, mode, size, link
    entry.mtime, entry.uid, entry.gid, entry.uname, entry.gname = 0, 0, 0, "", ""
    return entry

def layer():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def directory(path, mode=0o755):
            tar.addfile(info(path, tarfile.DIRTYPE, mode))
        def file(path, data, mode=0o644):
            tar.addfile(info(path, mode=mode, size=len(data)), io.BytesIO(data))
        for path in ["bin", "dev", "etc", "home", "proc", "root", "sys"]:
            directory(path, 0o700 if path == "root" else 0o755)
        with open("/bin/busybox", "rb") as busybox:
            file("bin/busybox", busybox.read(), 0o755)
        for applet in sorted(APPLETS):
            tar.addfile(info(f"bin/{applet}", tarfile.SYMTYPE, 0o777, link="busybox"))
        file("etc/group", b"root:x:0:\ntester:x:1000:\nnogroup:x:65534:\n")
        file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"
                           b"tester:x:1000:1000:tester:/home/tester:/bin/sh\n"
                           b"nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
        directory("home/tester")
        directory("tmp", 0o1777)
    return buffer.getvalue()

def blob(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()

def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()

layer_data = layer()
config = canonical({
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"]},
    "rootfs": {"type": "layers", "diff_ids": [blob(layer_data)]},
})
manifest = canonical({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(config), "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": blob(layer_data),
                "size": len(layer_data)}],
})
index = canonical({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": blob(manifest), "size": len(manifest),
        "platform": {"architecture": "amd64", "os": "linux"},
        "annotations": {"io.containerd.image.name": name, "org.opencontainers.image.ref.name": "latest"},
    }],
})
with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as tar:
    def add(path, data, kind=tarfile.REGTYPE, mode=0o644):
        tar.addfile(info(path, kind, mode, len(data)), io.BytesIO(data) if data else None)
    add("blobs", b"", tarfile.DIRTYPE, 0o755)
    add("blobs/sha256", b"", tarfile.DIRTYPE, 0o755)
    for data in sorted([layer_data, config, manifest], key=blob):
        add("blobs/sha256/" + blob(data).split(":")[1], data)
    add("index.json", index)
    add("oci-layout", canonical({"imageLayoutVersion": "1.0.0"}))
PYTHON
    mv "$ARCHIVE.tmp" "$ARCHIVE"
    echo "$key" >"$ARCHIVE.key"
    say "built image archive $ARCHIVE ($(sha256sum "$ARCHIVE" | cut -c1-12))"
}

import_image() {
    local want have
    want=$(tar -xOf "$ARCHIVE" index.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["manifests"][0]["digest"])')
    have=$(ctr_ image ls 2>/dev/null | awk -v image="$IMAGE" '$1 == image { print $3 }')
    if [[ "$have" == "$want" ]]; then
        say "image $IMAGE is already imported ($want)"
        return
    fi
    ctr_ image import "$ARCHIVE" >/dev/null 2>"$STATE/import.err" ||
        die "ctr image import $ARCHIVE failed: $(tail -3 "$STATE/import.err" | tr '\n' ' ')"
    have=$(ctr_ image ls 2>/dev/null | awk -v image="$IMAGE" '$1 == image { print $3 }')
    [[ "$have" == "$want" ]] || die "ctr image import did not register $IMAGE (want $want, have '${have:-nothing}')"
    say "imported $IMAGE ($want) into namespace $NAMESPACE"
}

start() {
    scripts/deps.sh containerd guest
    command -v containerd >/dev/null || die "no containerd in PATH (scripts/deps.sh containerd installs it)"
    command -v ctr >/dev/null || die "no ctr in PATH (scripts/deps.sh containerd installs it)"
    [[ $(id -u) -eq 0 ]] || die "containerd needs root"
    if pid=$(running_pid) && answers; then
        say "already running (pid $pid, $ADDRESS)"
    else
        [[ -n "${pid:-}" ]] && die "containerd pid $pid from $PIDFILE does not answer on $ADDRESS; run: $0 stop"
        write_config
        say "starting containerd (config $CONFIG, log $LOG)"
        # setsid: the daemon must not die with the caller's terminal or process group.
        setsid containerd --config "$CONFIG" </dev/null >>"$LOG" 2>&1 &
        echo $! >"$PIDFILE"
        local waited=0
        until answers; do
            if ! [[ -d "/proc/$(cat "$PIDFILE")" ]]; then
                tail -15 "$LOG" >&2
                die "containerd exited during start-up (log above, full log: $LOG)"
            fi
            if ((waited >= START_TIMEOUT * 10)); then
                tail -15 "$LOG" >&2
                die "containerd did not answer on $ADDRESS within ${START_TIMEOUT}s (log above, full log: $LOG)"
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        say "containerd answers on $ADDRESS (pid $(cat "$PIDFILE"))"
    fi
    build_archive
    import_image
}

# Mount points under our root and state, deepest first (mountinfo escapes spaces as \040).
our_mounts() {
    awk -v root="$ROOT" -v state="$STATE" \
        'index($5, root "/") == 1 || $5 == root || index($5, state "/") == 1 || $5 == state { print $5 }' \
        /proc/self/mountinfo | sort -r
}

# Tasks and containers a failed test run left in our namespace, removed while containerd still
# answers: killing a shim instead would orphan its container's processes.
remove_leftovers() {
    local ids id
    ids=$(ctr_ task ls -q 2>/dev/null || true)
    for id in $ids; do
        timeout 10 "${CTR[@]}" task kill -s SIGKILL "$id" >/dev/null 2>&1 || true
        timeout 10 "${CTR[@]}" task delete -f "$id" >/dev/null 2>&1 || say "could not delete task $id"
    done
    ids=$(ctr_ container ls -q 2>/dev/null || true)
    for id in $ids; do
        timeout 10 "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || say "could not delete container $id"
    done
    [[ -z "${ids}" ]] || say "removed leftover containers: $(echo "$ids" | tr '\n' ' ')"
}

stop() {
    local pid
    if pid=$(running_pid); then
        answers && remove_leftovers
        kill -TERM "$pid"
        for _ in $(seq 100); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
        if [[ -d "/proc/$pid" ]]; then
            say "containerd pid $pid ignored SIGTERM for 10s; killing it"
            kill -KILL "$pid"
            for _ in $(seq 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
        fi
        say "stopped containerd (pid $pid)"
    else
        say "containerd is not running"
    fi
    rm -f "$PIDFILE"
    # Shims outlive containerd by design; ours are the ones that name our address.
    local shims
    shims=$(pgrep -f "containerd-shim.*-address $ADDRESS( |$)" || true)
    if [[ -n "$shims" ]]; then
        say "killing leftover shims: $(echo "$shims" | tr '\n' ' ')"
        # shellcheck disable=SC2086
        kill -KILL $shims 2>/dev/null || true
    fi
    local mounts mount
    mounts=$(our_mounts)
    if [[ -n "$mounts" ]]; then
        while IFS= read -r mount; do
            umount -l "$(printf '%b' "$mount")" 2>/dev/null || say "could not unmount $mount"
        done <<<"$mounts"
        say "unmounted $(echo "$mounts" | wc -l) mount(s) under $ROOT and $STATE"
    fi
    [[ -z "$(our_mounts)" ]] || die "mounts remain under $ROOT or $STATE: $(our_mounts | tr '\n' ' ')"
    # containerd puts each container's cgroup under /NAMESPACE/ID and removes only the ID level;
    # rmdir removes the namespace level only when nothing is left in it.
    local cgroup
    for cgroup in /sys/fs/cgroup/*/"$NAMESPACE" /sys/fs/cgroup/"$NAMESPACE"; do
        [[ -d "$cgroup" ]] || continue
        rmdir "$cgroup" 2>/dev/null || say "cgroup $cgroup is not empty; left in place"
    done
}

status() {
    if pid=$(running_pid) && answers; then
        say "running (pid $pid, $ADDRESS, namespace $NAMESPACE)"
    else
        say "not running"
        return 1
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*) die "usage: $0 start|stop|status" ;;
esac
