# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
#
# Two commands set up a fresh Debian 12 machine: `make demo` and `make test` (see README.md).
# Everything else here is a step those two use, or a developer convenience.

SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
KATA_SHARE ?= /usr/share/kata-containers
KATA_DEFAULTS ?= /usr/share/defaults/kata-containers
CONTAINERD_CONFIG ?= /etc/containerd/config.toml
# Static binaries get their own build folder: their flags differ from the debug/test build's.
STATIC_BUILD ?= .build-static
GUEST_OUT ?= build/guest
STATIC_FLAGS := -c release --scratch-path $(STATIC_BUILD) -Xswiftc -static-executable

.PHONY: all build agent guest install containerd-config demo test check format protos protos-check bench clean

all: build

build:
	@scripts/deps.sh build
	$(SWIFT) build

## The guest agent: one fully static binary, PID 1 of the initrd.
agent:
	@scripts/deps.sh build
	$(SWIFT) build $(STATIC_FLAGS) --product kata-agent

## Guest kernel + initrd carrying the agent, in build/guest.
guest: agent
	@scripts/deps.sh guest
	guest/build-image.sh --agent $(STATIC_BUILD)/release/kata-agent --out $(GUEST_OUT)

## Installs into Kata's standard layout: guest assets, host binaries, default configuration.
install: guest
	guest/install.sh --from $(GUEST_OUT) --prefix $(KATA_SHARE)
	scripts/install-host.sh --prefix $(PREFIX) --defaults $(KATA_DEFAULTS)

## Adds the `kata` runtime handler for Kubernetes to containerd's configuration (idempotent).
containerd-config:
	scripts/containerd-config.py --config $(CONTAINERD_CONFIG) --runtime-config $(KATA_DEFAULTS)/configuration.toml

demo:
	scripts/demo.sh

test:
	scripts/test.sh

## Style and layering: swift-format lint with the config that formats, and DESIGN.md's rules (the
## layering checker's own tests first, so a broken checker cannot pass the tree).
check:
	python3 -B -m unittest discover --verbose --start-directory scripts/tests --pattern 'test_*.py'
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests bench
	$(SWIFT) package describe --type json | python3 scripts/check-layers.py

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests bench

## Regenerates the committed protobuf and ttRPC code.
protos:
	scripts/protos.sh

protos-check:
	scripts/protos.sh --check

bench:
	scripts/bench.sh

clean:
	rm -rf .build $(STATIC_BUILD) build
