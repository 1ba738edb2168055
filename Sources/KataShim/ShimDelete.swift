// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
import KataRuntime

/// The `delete` action, run by containerd after every task deletion and after a shim crash:
/// idempotent cleanup, then a serialized DeleteResponse on stdout (``response(exitedAt:)``).
package enum ShimDelete {
    /// Undoes a crashed sandbox's host changes from its persisted state.
    package typealias Cleanup = @Sendable (_ sandboxID: String) async throws -> Void

    /// How long a sandbox daemon that got its last Shutdown may take to exit before it is killed.
    static let daemonExitGrace: Duration = .seconds(3)

    /// Runs `delete`: for the sandbox (or single container) undoes what the crashed sandbox left
    /// on the host from its persisted state, stops a daemon that outlived its tasks and removes
    /// its socket; for a pod member it leaves the sandbox and its shared daemon alone.
    /// - Parameters:
    ///   - arguments: the parsed command line.
    ///   - bundle: the bundle (`-bundle`).
    ///   - cleanup: the sandbox's crash cleanup.
    ///   - socketDirectory: where sockets live.
    /// - Returns: cleanup warnings for stderr.
    package static func run(
        _ arguments: ShimArguments, bundle: String,
        cleanup: Cleanup = { try await Sandbox.cleanup(sandboxID: $0) },
        socketDirectory: String = ShimAddress.defaultDirectory
    ) async -> [String] {
        var warnings: [String] = []
        let role = (try? PodRole(bundle: bundle)) ?? .single
        if !role.isMember {
            do {
                try await cleanup(arguments.id)
            } catch {
                warnings.append("runtime cleanup of \(arguments.id): \(error)")
            }
        }
        if !role.isMember {
            await stopDaemon(bundle: bundle, warnings: &warnings)
            let address = ShimAddress(
                containerdAddress: arguments.containerdAddress, namespace: arguments.namespace,
                groupID: arguments.id, directory: socketDirectory)
            if FileSystem.exists(address.path), !UnixSocket.isAccepting(path: address.path) {
                try? FileSystem.remove(address.path)
            }
        }
        return warnings
    }

    private static func stopDaemon(bundle: String, warnings: inout [String]) async {
        guard let text = try? FileSystem.readFile("\(bundle)/shim.pid"), let pid = Int32(text.trimmingWhitespace),
            pid != CurrentProcess.id
        else {
            return
        }
        _ = await KernelWait.processExit(pid, timeout: daemonExitGrace)
        if Spawn.isAlive(pid) {
            do {
                try KataLinux.ProcessControl.kill(pid, .kill)
                warnings.append("killed shim daemon \(pid) that outlived its tasks")
            } catch {
                warnings.append("kill shim daemon \(pid): \(error)")
            }
        }
    }
}
