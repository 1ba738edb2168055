#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Builds the guest assets (Kata's osbuilder, for initrd images): the kernel of Debian's
# linux-image-cloud-amd64 and a gzip cpio initrd whose /init is the static kata-agent, with the
# kernel modules the guest needs and, for debugging only, busybox.
#
#   guest/build-image.sh --agent PATH [--out DIR] [--kernel-package NAME] [--busybox|--no-busybox]
#
# Reproducible: same inputs, byte-identical initrd (sorted entries, fixed mtimes, uid/gid 0,
# gzip -n). Writes vmlinuz-<kver>, kata-containers-initrd-<kver>.img, the symlinks
# vmlinuz.container and kata-containers-initrd.img, and guest-image.txt into DIR.
set -euo pipefail

die() { printf 'build-image.sh: %s\n' "$*" >&2; exit 1; }

agent=""
out="build/guest"
kernel_package="linux-image-cloud-amd64"
busybox=yes
while [[ $# -gt 0 ]]; do
    case "$1" in
        --agent) agent="${2:-}"; shift 2 ;;
        --out) out="${2:-}"; shift 2 ;;
        --kernel-package) kernel_package="${2:-}"; shift 2 ;;
        --busybox) busybox=yes; shift ;;
        --no-busybox) busybox=no; shift ;;
        *) die "unknown option '$1' (see the usage at the top of $0)" ;;
    esac
done
[[ -n "$agent" ]] || die "--agent PATH is required (the static kata-agent; 'make agent' builds it)"
[[ -f "$agent" && -x "$agent" ]] || die "agent binary '$agent' does not exist or is not executable; run 'make agent'"
if ldd "$agent" >/dev/null 2>&1; then
    die "'$agent' is dynamically linked; the initrd has no libc: build it with -static-executable ('make agent')"
fi
for tool in apt-get apt-cache dpkg-deb depmod cpio gzip strip; do
    command -v "$tool" >/dev/null || die "'$tool' is missing; run 'scripts/deps.sh guest'"
done
if [[ $busybox == yes && ! -x /bin/busybox ]]; then
    die "/bin/busybox is missing; run 'scripts/deps.sh guest' or pass --no-busybox"
fi

# Modules the guest needs, by name; dependencies are added from modules.dep. A module built into
# this kernel needs nothing; one that is neither built in nor shipped is an error.
MODULES=(
    virtio_pci virtio_mmio virtio_console virtio_blk virtio_net
    vmw_vsock_virtio_transport fuse virtiofs overlay virtio_balloon
)
# Shipped but not loaded at boot: what a host may ask for in CreateSandbox's kernel_modules
# (configuration.toml [agent.kata] kernel_modules). dummy is small and takes a parameter, which
# the integration tests use to prove loading by name with parameters.
ON_DEMAND_MODULES=(dummy)

cache="${KATA_GUEST_CACHE:-/var/cache/kata-containers-swift/guest}"
work=$(mktemp -d /tmp/kata-guest-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"

# The metapackage names the concrete kernel package; download that one into the cache.
concrete=$(apt-cache depends "$kernel_package" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
[[ -n "$concrete" ]] || concrete="$kernel_package"
version=$(apt-cache policy "$concrete" 2>/dev/null | awk '/Candidate:/ {print $2}')
[[ -n "$version" && "$version" != "(none)" ]] || die "package '$concrete' is unknown to apt; run 'apt-get update' (is the Debian mirror reachable?)"
deb="$cache/${concrete}_${version}_amd64.deb"
if [[ ! -s "$deb" ]]; then
    (cd "$work" && apt-get download "$concrete=$version" >/dev/null 2>"$work/download.log") \
        || die "cannot download $concrete $version: $(tail -1 "$work/download.log")"
    mv "$work/${concrete}_"*"_amd64.deb" "$deb"
fi
dpkg-deb -x "$deb" "$work/kernel"
kver=$(basename "$(ls -d "$work"/kernel/lib/modules/*)")
vmlinuz="$work/kernel/boot/vmlinuz-$kver"
[[ -f "$vmlinuz" ]] || die "$deb has no boot/vmlinuz-$kver"

# Resolve the closure in load order: dependencies before the modules that need them.
depmod -b "$work/kernel" "$kver"
moddir="$work/kernel/lib/modules/$kver"
declare -A module_path=()
while IFS=: read -r path _; do
    name=$(basename "$path" .ko)
    module_path[${name//-/_}]="$path"
done <"$moddir/modules.dep"
declare -A seen=()
order=()
visit() {
    local name=${1//-/_}
    [[ -n "${seen[$name]:-}" ]] && return
    seen[$name]=1
    if [[ -z "${module_path[$name]:-}" ]]; then
        grep -q "/$name.ko$" "$moddir/modules.builtin" 2>/dev/null && return
        grep -q "/${name//_/-}.ko$" "$moddir/modules.builtin" 2>/dev/null && return
        die "kernel module '$name' is neither built into $kver nor shipped in $concrete"
    fi
    local dep
    for dep in $(awk -F': ' -v m="${module_path[$name]}" '$1 == m {print $2}' "$moddir/modules.dep"); do
        visit "$(basename "$dep" .ko)"
    done
    order+=("${module_path[$name]}")
}
for module in "${MODULES[@]}"; do visit "$module"; done
boot_count=${#order[@]}
for module in "${ON_DEMAND_MODULES[@]}"; do visit "$module"; done

# The initrd tree: Kata's AGENT_INIT=yes layout, the agent as /init and /sbin/init.
root="$work/root"
mkdir -p "$root"/{proc,sys,dev,run,tmp,etc,var,sbin,bin,usr/bin,lib,mnt,run/kata-containers}
# Stripped: the symbols are 60% of the binary, and every byte of the initrd is guest RAM (its
# tmpfs copy) and boot time (unpacking under TCG) in every pod. The unstripped build stays in
# .build-static for debugging.
strip --strip-all -o "$root/usr/bin/kata-agent" "$agent"
chmod 0755 "$root/usr/bin/kata-agent"
ln -s usr/bin/kata-agent "$root/init"
ln -s ../usr/bin/kata-agent "$root/sbin/init"
: >"$root/etc/resolv.conf"
echo "kata-container" >"$root/etc/hostname"
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
chmod 1777 "$root/tmp"
mkdir -p "$root/lib/modules/$kver"
for path in "${order[@]}"; do
    mkdir -p "$root/lib/modules/$kver/$(dirname "$path")"
    cp "$moddir/$path" "$root/lib/modules/$kver/$path"
done
printf '%s\n' "${order[@]:0:$boot_count}" >"$root/lib/modules/$kver/modules.load"
# The agent loads CreateSandbox's kernel_modules by name: it needs the index of what the image
# ships (the closure above, so every dependency listed is present) and of what is built in.
printf '%s\n' "${order[@]}" | awk -F':' 'NR == FNR { shipped[$0] = 1; next } ($1 in shipped)' \
    - "$moddir/modules.dep" >"$root/lib/modules/$kver/modules.dep"
if [[ -f "$moddir/modules.builtin" ]]; then
    cp "$moddir/modules.builtin" "$root/lib/modules/$kver/modules.builtin"
fi
if [[ $busybox == yes ]]; then
    cp /bin/busybox "$root/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
    done
fi

# Fixed mtimes and a sorted, owner-less archive make the initrd reproducible.
epoch="${SOURCE_DATE_EPOCH:-$(stat -c %Y "$deb")}"
find "$root" -exec touch -h -d "@$epoch" {} +
initrd="$work/initrd.img"
(cd "$root" && find . -print0 | LC_ALL=C sort -z \
    | cpio --null --create --format=newc --owner=0:0 --reproducible --quiet) | gzip -9 -n >"$initrd"

# Publish atomically: temp names in the output dir, then rename; never a half-written image.
mkdir -p "$out"
cp "$vmlinuz" "$out/.vmlinuz-$kver.tmp"
cp "$initrd" "$out/.kata-containers-initrd-$kver.img.tmp"
mv -f "$out/.vmlinuz-$kver.tmp" "$out/vmlinuz-$kver"
mv -f "$out/.kata-containers-initrd-$kver.img.tmp" "$out/kata-containers-initrd-$kver.img"
ln -sfn "vmlinuz-$kver" "$out/vmlinuz.container"
ln -sfn "kata-containers-initrd-$kver.img" "$out/kata-containers-initrd.img"

agent_sha=$(sha256sum "$agent" | cut -d' ' -f1)
initrd_size=$(stat -c %s "$out/kata-containers-initrd-$kver.img")
{
    echo "kernel: $kver ($concrete $version)"
    echo "agent: /usr/bin/kata-agent sha256=$agent_sha bytes=$(stat -c %s "$agent") stripped=$(stat -c %s "$root/usr/bin/kata-agent")"
    echo "busybox: $busybox"
    echo "initrd: kata-containers-initrd-$kver.img bytes=$initrd_size sha256=$(sha256sum "$out/kata-containers-initrd-$kver.img" | cut -d' ' -f1)"
    echo "modules (load order):"
    printf '  %s\n' "${order[@]}"
} >"$out/guest-image.txt"
printf 'guest image: kernel %s, %d modules, agent %s bytes (stripped), busybox %s, initrd %s KiB -> %s\n' \
    "$kver" "${#order[@]}" "$(stat -c %s "$root/usr/bin/kata-agent")" "$busybox" "$((initrd_size / 1024))" "$out"
