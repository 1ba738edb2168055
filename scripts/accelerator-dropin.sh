#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Writes DIR/config.d/50-accelerator-tcg.toml on a host whose CPU has no vmx/svm flag, and removes
# it on one that has, so configuration.toml itself keeps Kata's KVM default. Used by `make install`
# (DIR = the installed defaults) and by `make test` (its test configuration). Atomic, idempotent.
#   scripts/accelerator-dropin.sh DIR
set -euo pipefail

dir="${1:?usage: scripts/accelerator-dropin.sh DIR (the directory holding configuration.toml)}"
dropin="$dir/config.d/50-accelerator-tcg.toml"
if grep -qwE 'vmx|svm' /proc/cpuinfo; then
    # Hardware virtualization: Kata's default (kvm) applies; drop what an earlier run wrote.
    rm -f "$dropin"
    exit 0
fi
mkdir -p "$dir/config.d"
cat >"$dropin.tmp" <<'TOML'
# Written by scripts/accelerator-dropin.sh because this host's CPU has no vmx/svm flag: without
# hardware virtualization QEMU must emulate the guest (TCG). Slower, but it runs. Remove this file
# on a host with VT-x/AMD-V; `kata-runtime check` tells which one this is.
[hypervisor.qemu]
accelerator = "tcg"
TOML
chmod 0644 "$dropin.tmp"
mv -f "$dropin.tmp" "$dropin"
echo "installed $dropin"
