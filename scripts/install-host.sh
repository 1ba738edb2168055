#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs the host side into Kata's layout: the host binaries (release builds) in PREFIX/bin and
# the default configuration.toml. On a host without hardware virtualization (no vmx/svm CPU flag)
# it also installs a config.d drop-in selecting QEMU's TCG accelerator, so the shipped file keeps
# Kata's KVM default. Idempotent; every file lands by rename, never half-written.
#   scripts/install-host.sh [--prefix /usr/local] [--defaults /usr/share/defaults/kata-containers]
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'install-host.sh: %s\n' "$*" >&2; exit 1; }

prefix="/usr/local"
defaults="/usr/share/defaults/kata-containers"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --prefix) prefix="${2:-}"; shift 2 ;;
        --defaults) defaults="${2:-}"; shift 2 ;;
        *) die "unknown option '$1'; use [--prefix DIR] [--defaults DIR]" ;;
    esac
done
[[ $(id -u) -eq 0 || -w "$prefix/bin" ]] || die "cannot write $prefix/bin; run as root"

# place SOURCE DEST MODE: copies next to DEST, then renames over it.
place() {
    mkdir -p "$(dirname "$2")"
    install -m "$3" "$1" "$(dirname "$2")/.$(basename "$2").tmp"
    mv -f "$(dirname "$2")/.$(basename "$2").tmp" "$2"
    echo "installed $2"
}

binaries=(kata-runtime containerd-shim-kata-v2)
for binary in "${binaries[@]}"; do
    swift build -c release --product "$binary" >/dev/null || die "release build of $binary failed"
done
bin_dir=$(swift build -c release --show-bin-path)
for binary in "${binaries[@]}"; do
    place "$bin_dir/$binary" "$prefix/bin/$binary" 0755
done

place config/configuration.toml "$defaults/configuration.toml" 0644

scripts/accelerator-dropin.sh "$defaults"
