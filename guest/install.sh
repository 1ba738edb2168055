#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs the guest kernel and initrd into Kata's layout, with versioned names and the two links
# Kata's configuration points at. Idempotent; each file lands by rename, never half-written.
#   guest/install.sh --from build/guest [--prefix /usr/share/kata-containers]
set -euo pipefail

die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

from=""
prefix="/usr/share/kata-containers"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --from) from="${2:-}"; shift 2 ;;
        --prefix) prefix="${2:-}"; shift 2 ;;
        *) die "unknown option '$1'; use --from DIR [--prefix DIR]" ;;
    esac
done
[[ -n "$from" ]] || die "--from DIR is required (the output of guest/build-image.sh)"
for link in vmlinuz.container kata-containers-initrd.img; do
    [[ -e "$from/$link" ]] || die "$from/$link is missing; run 'make guest' first"
done
[[ -w "$(dirname "$prefix")" || $(id -u) -eq 0 ]] || die "cannot write $prefix; run as root"
mkdir -p "$prefix"
for link in vmlinuz.container kata-containers-initrd.img; do
    target=$(readlink "$from/$link")
    cp "$from/$target" "$prefix/.$target.tmp"
    mv -f "$prefix/.$target.tmp" "$prefix/$target"
    ln -sfn "$target" "$prefix/.$link.tmp"
    mv -Tf "$prefix/.$link.tmp" "$prefix/$link"
    echo "installed $prefix/$link -> $target"
done
