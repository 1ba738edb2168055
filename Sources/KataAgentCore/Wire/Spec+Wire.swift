// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec

// grpc.Spec (oci.proto) and the OCI runtime-spec types, both ways. A zero value on the wire is nil
// here (Presence.swift); closed sets (namespace, device and rlimit types) become enums, and a value
// the runtime spec does not know is INVALID_ARGUMENT naming the field.
//
// Carried: what the agent acts on. Not carried, as no agent code reads them: Solaris, Windows,
// process.consoleSize (TtyWinResize sizes the terminal), apparmorProfile, selinuxLabel,
// linux.uidMappings/gidMappings (no user namespaces yet), mountLabel, intelRdt,
// resources.network, memory.kernel and the block I/O leaf weights.

extension Spec {
    /// The spec the host sent.
    /// - Throws: `KataError(.invalidArgument)` for a closed-set value the runtime spec does not know.
    init(_ wire: Grpc_Spec) throws(KataError) {
        self.init(
            ociVersion: wire.version,
            process: wire.hasProcess ? try Process(wire.process) : nil,
            root: wire.hasRoot ? Root(path: wire.root.path, readonly: wire.root.readonly.trueOrNil) : nil,
            hostname: wire.hostname.nonEmpty,
            mounts: wire.mounts.map(Mount.init).nonEmpty,
            hooks: wire.hasHooks ? OCISpec.Hooks(wire.hooks) : nil,
            annotations: wire.annotations.nonEmpty,
            linux: wire.hasLinux ? try Linux(wire.linux) : nil)
    }
}

extension Grpc_Spec {
    /// The wire form of a spec.
    init(_ spec: Spec) {
        self.init()
        version = spec.ociVersion
        if let process = spec.process { self.process = Grpc_Process(process) }
        if let root = spec.root {
            self.root = .with {
                $0.path = root.path
                $0.readonly = root.readonly ?? false
            }
        }
        hostname = spec.hostname ?? ""
        mounts = (spec.mounts ?? []).map(Grpc_Mount.init)
        if let hooks = spec.hooks { self.hooks = Grpc_Hooks(hooks) }
        annotations = spec.annotations ?? [:]
        if let linux = spec.linux { self.linux = Grpc_Linux(linux) }
    }
}

extension Mount {
    /// A mount the host sent.
    init(_ wire: Grpc_Mount) {
        self.init(
            destination: wire.destination, type: wire.type.nonEmpty, source: wire.source.nonEmpty,
            options: wire.options.nonEmpty)
    }
}

extension Grpc_Mount {
    /// The wire form of a mount.
    init(_ mount: Mount) {
        self.init()
        destination = mount.destination
        source = mount.source ?? ""
        type = mount.type ?? ""
        options = mount.options ?? []
    }
}

extension OCISpec.Hooks {
    /// The hooks the host sent.
    init(_ wire: Grpc_Hooks) {
        self.init(
            prestart: wire.prestart.map(Hook.init).nonEmpty,
            createRuntime: wire.createRuntime.map(Hook.init).nonEmpty,
            createContainer: wire.createContainer.map(Hook.init).nonEmpty,
            startContainer: wire.startContainer.map(Hook.init).nonEmpty,
            poststart: wire.poststart.map(Hook.init).nonEmpty,
            poststop: wire.poststop.map(Hook.init).nonEmpty)
    }
}

extension Grpc_Hooks {
    /// The wire form of the hooks.
    init(_ hooks: OCISpec.Hooks) {
        self.init()
        prestart = (hooks.prestart ?? []).map(Grpc_Hook.init)
        createRuntime = (hooks.createRuntime ?? []).map(Grpc_Hook.init)
        createContainer = (hooks.createContainer ?? []).map(Grpc_Hook.init)
        startContainer = (hooks.startContainer ?? []).map(Grpc_Hook.init)
        poststart = (hooks.poststart ?? []).map(Grpc_Hook.init)
        poststop = (hooks.poststop ?? []).map(Grpc_Hook.init)
    }
}

extension Hook {
    /// A hook the host sent; timeout 0 means none.
    init(_ wire: Grpc_Hook) {
        self.init(
            path: wire.path, args: wire.args.nonEmpty, env: wire.env.nonEmpty,
            timeout: wire.timeout.nonZero.map { Int(clamping: $0) })
    }
}

extension Grpc_Hook {
    /// The wire form of a hook.
    init(_ hook: Hook) {
        self.init()
        path = hook.path
        args = hook.args ?? []
        env = hook.env ?? []
        timeout = Int64(hook.timeout ?? 0)
    }
}
