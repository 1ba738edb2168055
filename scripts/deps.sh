#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs the Debian packages a step needs, by group, and only those that are missing:
#   scripts/deps.sh build guest vm protos containerd cri net bench
# Prints one line for what it installs and nothing when everything is present.
set -euo pipefail

declare -A PACKAGE_GROUPS=(
    [build]=""
    [guest]="busybox-static cpio kmod gzip binutils"
    [vm]="qemu-system-x86"
    [protos]="protobuf-compiler libprotobuf-dev"
    [containerd]="containerd runc"
    # containerd's CRI plugin: the CNI plugins of its pod network (bridge, host-local, loopback in
    # /usr/lib/cni) and a static C toolchain for the pause image.
    [cri]="containernetworking-plugins gcc libc6-dev"
    [net]="iproute2"
    [bench]="hyperfine python3-matplotlib"
)

die() { printf 'deps.sh: %s\n' "$*" >&2; exit 1; }

wanted=()
for group in "$@"; do
    [[ -v "PACKAGE_GROUPS[$group]" ]] || die "unknown group '$group' (known: ${!PACKAGE_GROUPS[*]})"
    for package in ${PACKAGE_GROUPS[$group]}; do wanted+=("$package"); done
done

missing=()
for package in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get here; install them with this system's package manager"
[[ $(id -u) -eq 0 ]] || die "missing ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})"

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# An old or absent package list makes apt-get install fail for packages it has never heard of.
apt-get update -qq >/dev/null || die "apt-get update failed: no route to the Debian mirror? (needed for ${missing[*]})"
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/deps-install.log 2>&1; then
    tail -5 /tmp/deps-install.log >&2
    die "apt-get install ${missing[*]} failed (full log: /tmp/deps-install.log)"
fi
