// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
import KataError
import KataLinux
import OCISpec

/// One container in the sandbox: its spec, bundle, storages and processes.
struct Container: Sendable {
    /// Where the container is in its life.
    enum State: Sendable {
        /// Set up; the init process holds before exec until StartContainer.
        case created(ProcessLauncher.Held)
        /// The init process runs (or has ended; its exit is on the process).
        case running
        /// Frozen by PauseContainer.
        case paused
    }

    /// The container id.
    let id: String
    /// The spec as run: root path rewritten to the bundle, namespaces as joined.
    let spec: Spec
    /// `/run/kata-containers/<id>`.
    let bundle: String
    /// The mount points of the container's own storages, for release on removal.
    let storages: [String]
    /// Its cgroup; nil when the guest has no cgroup hierarchy.
    let cgroup: Cgroup?
    /// The init process.
    let initProcess: ContainerProcess
    /// Where it is in its life.
    var state: State
    /// Exec'd processes by exec id.
    var execs: [String: ContainerProcess] = [:]
    /// Hooks run after StartContainer (the spec's, then the guest's prestart and poststart).
    var poststart: [Hook] = []
    /// Hooks run when the container is removed.
    var poststop: [Hook] = []
    /// Posts the container's OOM kills to GetOOMEvent; cancelled on removal.
    var oomWatch: Task<Void, Never>?

    /// The rootfs mount in the bundle.
    var rootfs: String { "\(bundle)/rootfs" }

    /// The process for `execID`: the init process for "" or the container id (Go and Rust hosts
    /// differ), else an exec.
    /// - Throws: ``KataError`` `notFound` naming both ids.
    func process(_ execID: String) throws -> ContainerProcess {
        if execID.isEmpty || execID == id { return initProcess }
        guard let process = execs[execID] else {
            throw KataError(.notFound, "container \(id) has no process with exec id \(execID)")
        }
        return process
    }

    /// The namespaces of the running init process, for an exec to join: its cgroup namespace too
    /// when it has one of its own.
    func namespacesToJoin() -> [Linux.Namespace] {
        var types: [Linux.NamespaceType] = [.ipc, .uts, .mount, .pid]
        if (spec.linux?.namespaces ?? []).contains(where: { $0.type == .cgroup }) { types.append(.cgroup) }
        return types.map { type in
            Linux.Namespace(type: type, path: "/proc/\(initProcess.pid)/ns/\(type == .mount ? "mnt" : type.rawValue)")
        }
    }
}
