// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import FoundationEssentials
import KataLinux
package import ShimAPI
import SwiftProtobuf

/// The `delete` action, run by containerd after every task deletion and after a shim crash:
/// idempotent cleanup, then a serialized DeleteResponse on stdout.
package enum ShimDelete {
    /// How long a sandbox daemon that got its last Shutdown may take to exit before it is killed.
    static let daemonExitGrace: Duration = .seconds(3)

    /// Runs `delete`: lets the runtime remove persisted state, then for the sandbox (or single
    /// container) stops a daemon that outlived its tasks and removes its socket; for a pod member
    /// it leaves the shared daemon alone.
    /// - Parameters:
    ///   - arguments: the parsed command line.
    ///   - bundle: the bundle (`-bundle`).
    ///   - cleanup: the runtime's crash cleanup.
    ///   - socketDirectory: where sockets live.
    ///   - now: the exit time to report.
    /// - Returns: the response to print (exit status 137, pid 0) and cleanup warnings for stderr.
    package static func run(
        _ arguments: ShimArguments, bundle: String, cleanup: any CrashCleanup,
        socketDirectory: String = ShimAddress.defaultDirectory, now: Date = Date()
    ) async -> (response: Containerd_Task_V2_DeleteResponse, warnings: [String]) {
        var warnings: [String] = []
        let role = (try? PodRole(bundle: bundle)) ?? .single
        do {
            try await cleanup.cleanup(containerID: arguments.id, bundle: bundle, role: role)
        } catch {
            warnings.append("runtime cleanup of \(arguments.id): \(error)")
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
        var response = Containerd_Task_V2_DeleteResponse()
        response.pid = 0
        response.exitStatus = 128 + UInt32(Signal.kill.rawValue)
        response.exitedAt = Google_Protobuf_Timestamp(date: now)
        return (response, warnings)
    }

    private static func stopDaemon(bundle: String, warnings: inout [String]) async {
        guard let text = try? FileSystem.readFile("\(bundle)/shim.pid"), let pid = Int32(text.trimmingWhitespace),
            pid != CurrentProcess.id
        else {
            return
        }
        let deadline = ContinuousClock.now + daemonExitGrace
        while Spawn.isAlive(pid), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
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
