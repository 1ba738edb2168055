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
scripts/deps.sh build protos guest vm containerd cri

step "style and layering (make check)"
make --no-print-directory check

step "generated code matches protos/ (make protos-check)"
scripts/protos.sh --check

step "static agent and guest image (make guest)"
make --no-print-directory guest

step "unit and integration tests"
export KATA_TEST_GUEST_DIR="$PWD/build/guest"
swift build --build-tests
# containerd (started below) finds containerd-shim-kata-v2 in its PATH: this build's.
export PATH="$PWD/.build/debug:$PATH"
# The shipped configuration.toml with this build's guest image, and on a host without hardware
# virtualization the same TCG drop-in `make install` writes; ctr hands the file to the shim as
# the runtime's ConfigPath option.
mkdir -p build/test
sed -e "s|^kernel = .*|kernel = \"$KATA_TEST_GUEST_DIR/vmlinuz.container\"|" \
    -e "s|^initrd = .*|initrd = \"$KATA_TEST_GUEST_DIR/kata-containers-initrd.img\"|" \
    config/configuration.toml >build/test/configuration.toml
rm -f build/test/config.d/*.toml
scripts/accelerator-dropin.sh build/test
export KATA_TEST_RUNTIME_CONFIG="$PWD/build/test/configuration.toml"
log=$(mktemp)
trap 'rm -f "$log"; scripts/containerd.sh stop >/dev/null || echo "test.sh: scripts/containerd.sh stop failed" >&2' EXIT
# A private containerd for ContainerdTests and CRITests (its CRI plugin hands the kata handler
# KATA_TEST_RUNTIME_CONFIG); the trap above stops it however the run ends.
scripts/containerd.sh start
export KATA_TEST_CONTAINERD_ADDRESS=/run/kata-test-containerd/containerd.sock
# A crash prints the crashed thread only: with every thread's stack and the image list, CI's
# excerpt of the log ended before the frame that crashed.
export SWIFT_BACKTRACE="enable=yes,interactive=no,threads=crashed,registers=crashed,images=mentioned"
swift test --skip-build 2>&1 | tee "$log"
passed=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' "$log" | tail -1)
[[ -n "$passed" ]] || { echo "test.sh: no Swift Testing summary found in the swift test output" >&2; exit 1; }

step "nothing of ours is left running"
# ours PATTERN: the processes whose command line matches PATTERN and that are QEMU, virtiofsd, a
# shim or an agent by name, so a wrapper whose arguments merely mention one (flock, bash -c) is not.
ours() {
    local pid comm
    for pid in $(pgrep -f "$1" || true); do
        comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
        case "$comm" in
            qemu-system*|virtiofsd|containerd-shim*|kata-agent) echo "$pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" ;;
        esac
    done
}
leftovers=$(ours "qemu-system-x86_64.*kata-test|virtiofsd.*kata-test|qemu-system-x86_64.*/run/vc/vm/|virtiofsd.*/run/vc/vm/|containerd-shim-kata-v2|\.build/debug/kata-agent")
if [[ -n "$leftovers" ]]; then
    printf 'test.sh: the tests left processes behind:\n%s\n' "$leftovers" >&2
    exit 1
fi
mounts=$(grep -E ' /run/kata-containers| /tmp/kata-' /proc/self/mountinfo || true)
if [[ -n "$mounts" ]]; then
    printf 'test.sh: the tests left mounts behind:\n%s\n' "$mounts" >&2
    exit 1
fi
state=$(compgen -G '/run/vc/sbs/*' ; compgen -G '/run/vc/vm/*' ; compgen -G '/run/kata-containers/shared/sandboxes/*') || true
if [[ -n "$state" ]]; then
    printf 'test.sh: the tests left sandbox state behind:\n%s\n' "$state" >&2
    exit 1
fi
ctr_test=(ctr --address "$KATA_TEST_CONTAINERD_ADDRESS" --namespace kata-test)
containers=$("${ctr_test[@]}" task ls -q && "${ctr_test[@]}" container ls -q) ||
    { echo "test.sh: ctr could not list namespace kata-test on $KATA_TEST_CONTAINERD_ADDRESS" >&2; exit 1; }
if [[ -n "$containers" ]]; then
    printf 'test.sh: the tests left containerd tasks or containers behind (namespace kata-test):\n%s\n' "$containers" >&2
    exit 1
fi
# CRI keeps its pods and their containers as containerd containers in k8s.io.
ctr_cri=(ctr --address "$KATA_TEST_CONTAINERD_ADDRESS" --namespace k8s.io)
containers=$("${ctr_cri[@]}" task ls -q && "${ctr_cri[@]}" container ls -q) ||
    { echo "test.sh: ctr could not list namespace k8s.io on $KATA_TEST_CONTAINERD_ADDRESS" >&2; exit 1; }
if [[ -n "$containers" ]]; then
    printf 'test.sh: the tests left CRI pod sandboxes or containers behind (namespace k8s.io):\n%s\n' "$containers" >&2
    exit 1
fi
# What RemovePodSandbox's CNI DEL releases: the pod's netns, its veth on the bridge, its address.
cni=$(compgen -G '/var/run/netns/cni-*' || true)
cni+=$(ip -o link show master kata-test-cni0 2>/dev/null | grep veth || true)
cni+=$(find /var/lib/cni/networks/kata-test-cni -maxdepth 1 -type f ! -name lock ! -name 'last_reserved_ip*' 2>/dev/null || true)
if [[ -n "$cni" ]]; then
    printf 'test.sh: the tests left CNI network namespaces, veths or address reservations behind:\n%s\n' "$cni" >&2
    exit 1
fi
shims=$(ours 'containerd-shim.*(kata-test|k8s.io)')
if [[ -n "$shims" ]]; then
    printf 'test.sh: the tests left shims behind:\n%s\n' "$shims" >&2
    exit 1
fi
taps=$(ip -o link show 2>/dev/null | grep -E 'tap[0-9]+_kata' || true)
netns=$(ip netns list 2>/dev/null | grep -E '^kata-(test-net|nl-test|agent-test|rt-test)-' || true)
if [[ -n "$taps$netns" ]]; then
    printf 'test.sh: the tests left network devices or namespaces behind:\n%s\n%s\n' "$taps" "$netns" >&2
    exit 1
fi
mounts=$(grep -E ' /run/kata-test-containerd/| /var/lib/kata-test-containerd/' /proc/self/mountinfo || true)
if [[ -n "$mounts" ]]; then
    printf 'test.sh: the tests left containerd mounts behind:\n%s\n' "$mounts" >&2
    exit 1
fi
# Stopped here, before the cgroup check: stop removes the namespace's now empty parent cgroups.
scripts/containerd.sh stop
# Also the sandboxes' host cgroups (the overhead ones; sandbox ones sit in the namespaces' kata-*).
cgroups=$(compgen -G '/sys/fs/cgroup/*/kata-*' ; compgen -G '/sys/fs/cgroup/*/kata_overhead/*/' ;
    compgen -G '/sys/fs/cgroup/kata_overhead/*/' ; compgen -G '/sys/fs/cgroup/*/kata_*/' ; compgen -G '/sys/fs/cgroup/kata_*/') || true
cgroups=$(grep -v '/kata_overhead/$' <<<"$cgroups" || true)
if [[ -n "$cgroups" ]]; then
    printf 'test.sh: the tests left cgroups behind:\n%s\n' "$cgroups" >&2
    exit 1
fi
echo "none"

# One plain closing line for CI: XCTest's own summary says 0 (all tests use Swift Testing), and
# Swift Testing's own count includes the skipped tests, whose reasons the log shows above.
skipped=$(grep -c '^➜ Test .* skipped' "$log" || true)
echo "$((passed - skipped)) passed, 0 failed, $skipped skipped"
