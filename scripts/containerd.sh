#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# A private containerd for the tests and benchmarks, beside (never instead of) a system one:
#   scripts/containerd.sh start    writes its config, starts it in the background, imports the images
#   scripts/containerd.sh stop     stops it, its shims and pods, and unmounts what it left under its root
#                                  and state
#   scripts/containerd.sh status   says whether it answers
# Its address is /run/kata-test-containerd/containerd.sock. ctr's images live in the namespace
# kata-test; the CRI plugin (runtime handlers `runc` and `kata`, a CNI bridge network, a locally
# built pause image) uses the namespace k8s.io, where the same busybox image is imported as
# localhost/kata-test/busybox:latest.
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
# The same image named for CRI, which reads a name as a Docker reference (kata-test/busybox would
# be docker.io/kata-test/busybox). Imported under its final name: importing under the short name,
# tagging and removing that name raced with the CRI plugin's image events, which kept the removed
# name for the image and failed CreateContainer with "image docker.io/kata-test/busybox: not found".
CRI_ARCHIVE="$CACHE/kata-test-busybox-cri.oci.tar"
# Bump when the image's contents change, so a cached archive from an older script is rebuilt.
IMAGE_FORMAT=3
# CRI resolves image names as Docker references: a name without a domain would become docker.io/...,
# so the CRI copies carry the domain `localhost` (never pulled: they are imported below).
CRI_NAMESPACE=k8s.io
CRI_IMAGE=localhost/kata-test/busybox:latest
PAUSE_IMAGE=localhost/kata-test/pause:1
# Tests/CRITests puts its pods' cgroups under this parent (CRIEnvironment.cgroupParent).
CRI_CGROUP_PARENT=kata-test-cri
# ... and its pods' log directories under this one (CRIEnvironment.logRoot).
CRI_LOG_ROOT=/var/log/kata-test-cri
PAUSE_SOURCE=tools/pause/pause.c
PAUSE_ARCHIVE="$CACHE/kata-test-pause.oci.tar"
PAUSE_FORMAT=1
# The CNI network of the CRI pods: a bridge and subnet no distribution or CNI default uses.
CNI_NETWORK=kata-test-cni
CNI_BRIDGE=kata-test-cni0
CNI_SUBNET=10.234.0.0/16
CNI_CONF_DIR="$STATE/cni/net.d"
CNI_BIN_DIR=/usr/lib/cni
CNI_IPAM_DIR="/var/lib/cni/networks/$CNI_NETWORK"
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
    mkdir -p "$STATE" "$ROOT" "$CNI_CONF_DIR"
    # The kata handler hands the shim the test configuration the way a Kubernetes node's
    # containerd config does (runtimeoptions' ConfigPath); without KATA_TEST_RUNTIME_CONFIG the
    # shim reads its default configuration.
    local kata_options=""
    if [[ -n "${KATA_TEST_RUNTIME_CONFIG:-}" ]]; then
        kata_options="[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.kata.options]
  ConfigPath = \"$KATA_TEST_RUNTIME_CONFIG\""
    fi
    cat >"$CONFIG" <<EOF
# Written by scripts/containerd.sh; a private containerd for tests, not the system's.
version = 2
root = "$ROOT"
state = "$STATE"
# Snapshotters and services the tests never use: each costs start-up time or logs an error.
disabled_plugins = [
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]

[grpc]
  address = "$ADDRESS"

[ttrpc]
  address = "$ADDRESS.ttrpc"

[debug]
  address = "$STATE/debug.sock"
  level = "info"

[metrics]
  address = ""

# CRI as a Kubernetes node runs it: runc and kata handlers, a CNI bridge, a local pause image.
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # The streaming server (exec/attach/port-forward URLs) stays on loopback, on a free port.
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  # CRI gives sandboxes oom_score_adj -998, and lowering it needs CAP_SYS_RESOURCE, which this
  # host's root may lack (runc then fails with "failed to update /proc/self/oom_score_adj");
  # restricted, CRI keeps it no lower than containerd's own.
  restrict_oom_score_adj = true

[plugins."io.containerd.grpc.v1.cri".containerd]
  default_runtime_name = "runc"
  snapshotter = "overlayfs"

# The runtimes by handler name. ctr --runtime resolves io.containerd.kata.v2 to
# containerd-shim-kata-v2 in PATH itself, without this table.
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]
  runtime_type = "io.containerd.kata.v2"
  privileged_without_host_devices = true
  pod_annotations = ["io.katacontainers.*"]
  container_annotations = ["io.katacontainers.*"]

$kata_options

[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "$CNI_BIN_DIR"
  conf_dir = "$CNI_CONF_DIR"
  max_conf_num = 1
EOF
    # CRI adds the loopback network itself; this is the pods' one interface, eth0.
    cat >"$CNI_CONF_DIR/10-$CNI_NETWORK.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "$CNI_NETWORK",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$CNI_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$CNI_SUBNET" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    }
  ]
}
EOF
}

# Writes an OCI image archive deterministically (fixed mtimes, owners and order), so the same
# inputs always give the same digests:
#   write_archive OUT NAME busybox   the test image: the host's static busybox and some applets
#   write_archive OUT NAME pause     the pod sandbox image: build/pause (tools/pause/pause.c)
write_archive() {
    python3 - "$@" <<'PYTHON'
import hashlib, io, json, sys, tarfile

out, name, kind = sys.argv[1], sys.argv[2], sys.argv[3]
APPLETS = ["sh", "echo", "cat", "id", "sleep", "env", "pwd", "ls", "true", "false", "date", "hostname",
           "touch", "mkdir", "rm", "ps", "kill", "grep", "head", "tail", "wc", "uname", "stat", "test",
           "readlink", "printf", "tr", "mount", "cut", "seq", "stty", "tty", "whoami", "sort",
           # Format 2, for the CRI suite: a pod's web server, its clients, its addresses.
           "httpd", "wget", "nc", "ip", "sed", "awk", "dd", "timeout",
           # Format 3, for the security-context scenarios: a call seccomp profiles tell apart.
           "unshare"]

def info(path, kind=tarfile.REGTYPE, mode=0o644, size=0, link=""):
    entry = tarfile.TarInfo(path)
    entry.type, entry.mode, entry.size, entry.linkname = kind, mode, size, link
    entry.mtime, entry.uid, entry.gid, entry.uname, entry.gname = 0, 0, 0, "", ""
    return entry

def busybox_layer():
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

def pause_layer():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        with open("build/pause", "rb") as pause:  # build_pause_archive compiled it
            data = pause.read()
        tar.addfile(info("pause", mode=0o755, size=len(data)), io.BytesIO(data))
    return buffer.getvalue()

def blob(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()

def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()

layer_data = busybox_layer() if kind == "busybox" else pause_layer()
config = canonical({
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"]}
    if kind == "busybox" else {"Entrypoint": ["/pause"]},
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
        "annotations": {"io.containerd.image.name": name, "org.opencontainers.image.ref.name": name.rsplit(":", 1)[1]},
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
}

# The busybox test image, rebuilt when busybox or the image format changes.
build_archive() {
    [[ -x /bin/busybox ]] || die "no /bin/busybox to build $IMAGE from (scripts/deps.sh guest installs busybox-static)"
    [[ "$(ldd /bin/busybox 2>&1 || true)" == *"not a dynamic executable"* ]] ||
        die "/bin/busybox is not statically linked; install busybox-static"
    local key
    key="format=$IMAGE_FORMAT busybox=$(sha256sum /bin/busybox | cut -d' ' -f1)"
    if [[ -f "$ARCHIVE" && -f "$CRI_ARCHIVE" && -f "$ARCHIVE.key" && "$(cat "$ARCHIVE.key")" == "$key" ]]; then
        say "image archives $ARCHIVE and $CRI_ARCHIVE are up to date"
        return
    fi
    mkdir -p "$CACHE"
    write_archive "$ARCHIVE.tmp" "$IMAGE" busybox
    write_archive "$CRI_ARCHIVE.tmp" "$CRI_IMAGE" busybox
    mv "$ARCHIVE.tmp" "$ARCHIVE"
    mv "$CRI_ARCHIVE.tmp" "$CRI_ARCHIVE"
    echo "$key" >"$ARCHIVE.key"
    say "built image archives $ARCHIVE ($(sha256sum "$ARCHIVE" | cut -c1-12)) and $CRI_ARCHIVE"
}

# The pod sandbox image: tools/pause/pause.c built static, rebuilt when the source, the compiler or
# the static libc changes.
build_pause_archive() {
    command -v gcc >/dev/null || die "no gcc to build the pause image (scripts/deps.sh cri installs it)"
    local libc key
    libc=$(gcc -print-file-name=libc.a)
    [[ -f "$libc" ]] || die "no static libc ($libc) to build the pause image (scripts/deps.sh cri installs libc6-dev)"
    key="format=$PAUSE_FORMAT source=$(sha256sum "$PAUSE_SOURCE" | cut -d' ' -f1)"
    key+=" gcc=$(gcc -dumpfullversion) libc=$(sha256sum "$libc" | cut -d' ' -f1)"
    if [[ -f "$PAUSE_ARCHIVE" && -f "$PAUSE_ARCHIVE.key" && "$(cat "$PAUSE_ARCHIVE.key")" == "$key" ]]; then
        say "image archive $PAUSE_ARCHIVE is up to date"
        return
    fi
    mkdir -p "$CACHE" build
    gcc -static -Os -s -Wall -Wextra -Werror -o build/pause "$PAUSE_SOURCE" ||
        die "gcc could not build $PAUSE_SOURCE"
    write_archive "$PAUSE_ARCHIVE.tmp" "$PAUSE_IMAGE" pause
    mv "$PAUSE_ARCHIVE.tmp" "$PAUSE_ARCHIVE"
    echo "$key" >"$PAUSE_ARCHIVE.key"
    say "built image archive $PAUSE_ARCHIVE ($(sha256sum "$PAUSE_ARCHIVE" | cut -c1-12))"
}

# import_image ARCHIVE NAMESPACE NAME: imports the archive (whose image is NAME) into the
# namespace unless the same digest is there already.
import_image() {
    local archive=$1 namespace=$2 image=$3 want have
    local -a ctr=(ctr --address "$ADDRESS" --namespace "$namespace")
    want=$(tar -xOf "$archive" index.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["manifests"][0]["digest"])')
    digest_of() { "${ctr[@]}" image ls 2>/dev/null | awk -v image="$1" '$1 == image { print $3 }'; }
    have=$(digest_of "$image")
    if [[ "$have" == "$want" ]]; then
        say "image $image is already imported into namespace $namespace ($want)"
        return
    fi
    "${ctr[@]}" image import "$archive" >/dev/null 2>"$STATE/import.err" ||
        die "ctr image import $archive failed: $(tail -3 "$STATE/import.err" | tr '\n' ' ')"
    have=$(digest_of "$image")
    [[ "$have" == "$want" ]] || die "ctr image import did not register $image (want $want, have '${have:-nothing}')"
    say "imported $image ($want) into namespace $namespace"
}

start() {
    scripts/deps.sh containerd cri guest
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
    build_pause_archive
    import_image "$ARCHIVE" "$NAMESPACE" "$IMAGE"
    # An earlier version of this script left the short name in the CRI namespace for a moment.
    ctr --address "$ADDRESS" --namespace "$CRI_NAMESPACE" image rm "$IMAGE" >/dev/null 2>&1 || true
    import_image "$CRI_ARCHIVE" "$CRI_NAMESPACE" "$CRI_IMAGE"
    import_image "$PAUSE_ARCHIVE" "$CRI_NAMESPACE" "$PAUSE_IMAGE"
}

# Mount points under our root and state, deepest first (mountinfo escapes spaces as \040).
our_mounts() {
    awk -v root="$ROOT" -v state="$STATE" \
        'index($5, root "/") == 1 || $5 == root || index($5, state "/") == 1 || $5 == state { print $5 }' \
        /proc/self/mountinfo | sort -r
}

# Tasks and containers a failed test run left in a namespace, removed while containerd still
# answers: killing a shim instead would orphan its container's processes. In k8s.io these are the
# CRI pods' containers and sandboxes (CRI keeps its pod records as containerd containers).
remove_leftovers() {
    local namespace=$1 ids id
    local -a ctr=(timeout 10 ctr --address "$ADDRESS" --namespace "$namespace")
    ids=$("${ctr[@]}" task ls -q 2>/dev/null || true)
    for id in $ids; do
        "${ctr[@]}" task kill -s SIGKILL "$id" >/dev/null 2>&1 || true
        "${ctr[@]}" task delete -f "$id" >/dev/null 2>&1 || say "could not delete task $id ($namespace)"
    done
    ids=$("${ctr[@]}" container ls -q 2>/dev/null || true)
    for id in $ids; do
        "${ctr[@]}" container delete "$id" >/dev/null 2>&1 || say "could not delete container $id ($namespace)"
    done
    [[ -z "${ids}" ]] || say "removed leftover containers from $namespace: $(echo "$ids" | tr '\n' ' ')"
}

# What CRI's CNI calls would have released had the pods been removed through CRI: their network
# namespaces (and with them the veths' pod ends), the IPs host-local reserved, and the bridge.
remove_cni_leftovers() {
    local netns name
    for netns in /var/run/netns/cni-*; do
        [[ -e "$netns" ]] || continue
        name=${netns##*/}
        ip netns delete "$name" 2>/dev/null || { umount -l "$netns" 2>/dev/null; rm -f "$netns"; }
        say "removed leftover network namespace $name"
    done
    if [[ -d "$CNI_IPAM_DIR" ]]; then
        local reserved
        reserved=$(find "$CNI_IPAM_DIR" -maxdepth 1 -type f ! -name lock ! -name 'last_reserved_ip*' -printf '%f ')
        if [[ -n "$reserved" ]]; then
            find "$CNI_IPAM_DIR" -maxdepth 1 -type f ! -name lock ! -name 'last_reserved_ip*' -delete
            say "released leftover CNI addresses: $reserved"
        fi
    fi
    if ip link show "$CNI_BRIDGE" >/dev/null 2>&1; then
        ip link delete "$CNI_BRIDGE" && say "removed bridge $CNI_BRIDGE"
    fi
}

stop() {
    local pid
    if pid=$(running_pid); then
        if answers; then
            remove_leftovers "$CRI_NAMESPACE"
            remove_leftovers "$NAMESPACE"
        fi
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
    remove_cni_leftovers
    # The CRI suite's pod log directories (kubelet's job, not the runtime's, to remove them).
    rm -rf "$CRI_LOG_ROOT"
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
    # containerd puts each ctr container's cgroup under /NAMESPACE/ID, and each CRI one under its
    # pod's cgroup parent (the CRI suite's is CRI_CGROUP_PARENT), and removes only the ID level;
    # rmdir removes the parent level only when nothing is left in it.
    local cgroup
    for cgroup in /sys/fs/cgroup/*/"$NAMESPACE" /sys/fs/cgroup/"$NAMESPACE" \
        /sys/fs/cgroup/*/"$CRI_CGROUP_PARENT" /sys/fs/cgroup/"$CRI_CGROUP_PARENT"; do
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
