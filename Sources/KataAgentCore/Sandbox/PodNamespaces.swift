// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import OCISpec

/// The pod's IPC and UTS namespaces, bound on files so that they belong to the sandbox and outlive
/// every container (the upstream agent's persistent namespaces): each container joins them, so a
/// pod whose first container ends keeps one IPC namespace and one hostname.
struct PodNamespaces: Sendable, Equatable {
    /// Where the namespace files are bound.
    static let directory = "/run/kata-containers/sandbox/ns"

    /// The IPC namespace file.
    let ipc: String
    /// The UTS namespace file; the pod's hostname is set in it.
    let uts: String

    /// The namespaces a container is given: the pod's IPC and UTS by path.
    var shared: [Linux.Namespace] { [Linux.Namespace(type: .ipc, path: ipc), Linux.Namespace(type: .uts, path: uts)] }

    /// Makes the namespaces. A fresh init helper creates them (the agent is multithreaded, so
    /// unshare here would move one thread only) and sets the hostname; held before exec, its
    /// namespaces are bound on files and it is killed.
    /// - Parameters:
    ///   - hostname: the pod's hostname; empty keeps the guest's.
    ///   - launcher: starts the helper.
    ///   - reaper: absorbs the helper's exit.
    ///   - directory: where the files go.
    /// - Returns: the bound namespaces.
    /// - Throws: ``KataError`` naming the step that failed; nothing stays bound then.
    static func make(
        hostname: String, launcher: ProcessLauncher, reaper: Reaper, directory: String = Self.directory
    ) async throws -> PodNamespaces {
        let spec = Spec(
            ociVersion: "1.1.0", process: Process(args: ["/proc/self/exe"], cwd: "/"),
            hostname: hostname.isEmpty ? nil : hostname,
            linux: Linux(namespaces: [Linux.Namespace(type: .ipc), Linux.Namespace(type: .uts)]))
        let held: ProcessLauncher.Held
        do {
            held = try await launcher.prepare(spec, mode: .exec) { _ in }
        } catch {
            throw KataError(.internal, "creating the pod's IPC and UTS namespaces failed: \(error)")
        }
        defer {
            reaper.watch(held.pid) { _ in }
            try? ProcessControl.kill(held.pid, .kill)
            held.io.close()
            try? held.sync.close()
        }
        let namespaces = PodNamespaces(ipc: "\(directory)/ipc", uts: "\(directory)/uts")
        var bound: [String] = []
        do {
            try FileSystem.mkdirAll(directory)
            for (file, kind) in [(namespaces.ipc, "ipc"), (namespaces.uts, "uts")] {
                try FileSystem.touch(file)
                try Mount.mount(source: "/proc/\(held.pid)/ns/\(kind)", target: file, type: nil, flags: .bind)
                bound.append(file)
            }
        } catch {
            for file in bound { try? Mount.unmount(file, detach: true) }
            throw KataError(.internal, "binding the pod's namespaces under \(directory) failed", underlying: error)
        }
        return namespaces
    }

    /// Unbinds the files (the namespaces end with their last process) and removes them.
    func release() {
        for file in [ipc, uts] {
            try? Mount.unmount(file, detach: true)
            try? FileSystem.remove(file)
        }
    }
}
