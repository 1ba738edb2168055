// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec

// grpc.Process and its parts (oci.proto), both ways; see Spec+Wire.swift for the rules.

extension Process {
    /// The process the host sent (a container's init or an exec).
    /// - Throws: `KataError(.invalidArgument)` for an unknown rlimit type.
    init(_ wire: Grpc_Process) throws(KataError) {
        let user = wire.user
        self.init(
            terminal: wire.terminal.trueOrNil,
            user: User(
                uid: user.uid, gid: user.gid, additionalGids: user.additionalGids.nonEmpty,
                username: user.username.nonEmpty),
            args: wire.args.nonEmpty, env: wire.env.nonEmpty, cwd: wire.cwd,
            capabilities: wire.hasCapabilities ? Capabilities(wire.capabilities) : nil,
            rlimits: try wire.rlimits.map { (limit) throws(KataError) in try Rlimit(limit) }.nonEmpty,
            noNewPrivileges: wire.noNewPrivileges.trueOrNil,
            oomScoreAdj: wire.oomscoreAdj.nonZero.map { Int(clamping: $0) })
    }
}

extension Grpc_Process {
    /// The wire form of a process.
    init(_ process: Process) {
        self.init()
        terminal = process.terminal ?? false
        user = .with {
            $0.uid = process.user.uid
            $0.gid = process.user.gid
            $0.additionalGids = process.user.additionalGids ?? []
            $0.username = process.user.username ?? ""
        }
        args = process.args ?? []
        env = process.env ?? []
        cwd = process.cwd
        if let capabilities = process.capabilities { self.capabilities = Grpc_LinuxCapabilities(capabilities) }
        rlimits = (process.rlimits ?? []).map { limit in
            .with {
                $0.type = limit.type.rawValue
                $0.hard = limit.hard
                $0.soft = limit.soft
            }
        }
        noNewPrivileges = process.noNewPrivileges ?? false
        oomscoreAdj = Int64(process.oomScoreAdj ?? 0)
    }
}

extension Process.Capabilities {
    /// The capability sets the host sent.
    init(_ wire: Grpc_LinuxCapabilities) {
        self.init(
            bounding: wire.bounding.nonEmpty, effective: wire.effective.nonEmpty,
            inheritable: wire.inheritable.nonEmpty, permitted: wire.permitted.nonEmpty, ambient: wire.ambient.nonEmpty)
    }
}

extension Grpc_LinuxCapabilities {
    /// The wire form of the capability sets.
    init(_ capabilities: Process.Capabilities) {
        self.init()
        bounding = capabilities.bounding ?? []
        effective = capabilities.effective ?? []
        inheritable = capabilities.inheritable ?? []
        permitted = capabilities.permitted ?? []
        ambient = capabilities.ambient ?? []
    }
}

extension Process.Rlimit {
    /// A resource limit the host sent.
    /// - Throws: `KataError(.invalidArgument)` for a type getrlimit(2) does not know.
    init(_ wire: Grpc_POSIXRlimit) throws(KataError) {
        guard let type = Process.RlimitType(rawValue: wire.type) else {
            throw KataError(.invalidArgument, "unknown rlimit type \"\(wire.type)\"")
        }
        self.init(type: type, hard: wire.hard, soft: wire.soft)
    }
}
