#!/usr/bin/env bash
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# `make protos`: regenerates the committed Swift code from protos/.
#   protos/ttrpc       -> Sources/TTRPC/Generated     (internal; the ttRPC envelope)
#   protos/containerd  -> Sources/ShimAPI/Generated   (public; + ttRPC stubs)
#   protos/kata        -> Sources/AgentAPI/Generated  (public; + ttRPC stubs)
#   protos/cri         -> Tests/CRITestSupport/Generated  (package; messages only: the CRI test
#                         client calls them through grpc-swift with hand-written method descriptors)
# `scripts/protos.sh --check` regenerates into a temporary tree and fails, naming the files, when
# the committed code differs. The generators are built from the pinned swift-protobuf release.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'protos.sh: %s\n' "$*" >&2; exit 1; }

check=no
case "${1:-}" in
    "") ;;
    --check) check=yes ;;
    *) die "unknown option '$1'; use no option to regenerate, --check to verify" ;;
esac

# protoc and the well-known types (any.proto, empty.proto, timestamp.proto) come from Debian;
# deps.sh installs protobuf-compiler and libprotobuf-dev, and fails in one line without root or apt.
wkt=/usr/include/google/protobuf/any.proto
if ! command -v protoc >/dev/null || [[ ! -f $wkt ]]; then
    scripts/deps.sh protos
fi
command -v protoc >/dev/null || die "protoc not found although protobuf-compiler is installed; check PATH"
[[ -f $wkt ]] || die "$wkt not found although libprotobuf-dev is installed"

# Both generators come from the pinned swift-protobuf, so the output does not depend on what
# happens to be installed.
tools=tools/protoc-gen-ttrpc-swift
for product in protoc-gen-swift protoc-gen-ttrpc-swift; do
    if ! log=$(swift build -c release --package-path "$tools" --product "$product" 2>&1); then
        printf '%s\n' "$log" | tail -30 >&2
        die "building $product failed (output above)"
    fi
done
bin="$tools/.build/release"

generate() {  # generate OUTROOT
    local root=$1
    local -a common=(--plugin="protoc-gen-swift=$bin/protoc-gen-swift"
        --plugin="protoc-gen-ttrpc-swift=$bin/protoc-gen-ttrpc-swift" -I protos -I /usr/include)
    local target dir visibility stubs
    for spec in "Sources/TTRPC ttrpc Internal no" "Sources/ShimAPI containerd Public yes" \
        "Sources/AgentAPI kata Public yes" "Tests/CRITestSupport cri Package no"; do
        read -r target dir visibility stubs <<<"$spec"
        local out="$root/$target/Generated"
        rm -rf "$out"
        mkdir -p "$out"
        mapfile -t files < <(find "protos/$dir" -name '*.proto' 2>/dev/null | LC_ALL=C sort)
        [[ ${#files[@]} -gt 0 ]] || continue
        local -a args=("${common[@]}"
            --swift_opt="Visibility=$visibility,FileNaming=PathToUnderscores,UseAccessLevelOnImports=$([[ $visibility == Internal ]] && echo false || echo true)"
            --swift_out="$out")
        if [[ $stubs == yes ]]; then
            args+=(--ttrpc-swift_opt="Visibility=$visibility,FileNaming=PathToUnderscores" --ttrpc-swift_out="$out")
        fi
        protoc "${args[@]}" "${files[@]}"
    done
}

if [[ $check == no ]]; then
    generate .
    echo "protos.sh: regenerated Sources/{TTRPC,ShimAPI,AgentAPI}/Generated and Tests/CRITestSupport/Generated"
    exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
generate "$scratch"
stale=()
for target in Sources/TTRPC Sources/ShimAPI Sources/AgentAPI Tests/CRITestSupport; do
    committed="$target/Generated"
    fresh="$scratch/$target/Generated"
    mapfile -t names < <({ ls -A "$committed" 2>/dev/null || true; ls -A "$fresh"; } | LC_ALL=C sort -u)
    for name in "${names[@]}"; do
        if [[ ! -e $committed/$name ]]; then
            stale+=("missing:   $committed/$name")
        elif [[ ! -e $fresh/$name ]]; then
            stale+=("leftover:  $committed/$name (no proto generates it)")
        elif ! cmp -s "$committed/$name" "$fresh/$name"; then
            stale+=("differs:   $committed/$name")
        fi
    done
done
if [[ ${#stale[@]} -gt 0 ]]; then
    printf 'protos.sh: generated code is out of date with protos/ (run make protos and commit):\n' >&2
    printf '  %s\n' "${stale[@]}" >&2
    exit 1
fi
echo "protos.sh: generated code matches protos/"
