// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataError
import KataLinux
import SystemPackage

/// Undoes what a sandbox did on the host, from its persisted `SandboxState` alone: kills its
/// QEMU and virtiofsd (only if pid and start time still match), unmounts in reverse, removes the
/// files and directories made, then the state. Every step tolerates what is already gone, so it
/// can run again.
package enum SandboxCleanup {
    /// Undoes `state`.
    /// - Parameters:
    ///   - state: what was done.
    ///   - paths: the sandbox's VM and state paths.
    ///   - layout: the sandbox's shared-fs tree.
    ///   - cgroups: the host's cgroups, where `state.cgroups` are removed.
    /// - Returns: the mount points that could not be unmounted, and the directories and cgroups not removed.
    @discardableResult
    package static func undo(
        _ state: SandboxState, paths: VMPaths, layout: SharedFSLayout,
        cgroups: any HostCgroups = CgroupfsHostCgroups()
    ) async -> [String] {
        for process in [state.qemu, state.virtioFSDaemon].compactMap({ $0 }) {
            process.killIfAlive()
        }
        // They are not our children (the shim that spawned them died): a pidfd tells their exit.
        for process in [state.qemu, state.virtioFSDaemon].compactMap({ $0 }) where process.isAlive {
            _ = await KernelWait.processExit(process.pid, timeout: .seconds(5))
        }
        var left: [String] = []
        // Empty once QEMU and virtiofsd have exited (the shim left, or it died).
        for path in state.cgroups.reversed() {
            do throws(KataError) {
                try await cgroups.remove(path)
            } catch {
                left.append("host cgroup \(path)")
            }
        }
        // QEMU is gone, so are the taps' queues; the veths' tc state is what remains.
        if let network = state.network {
            left += await PodNetwork.disconnect(network)
        }
        // Recorded mounts first (reverse order), then anything still mounted in the tree.
        for target in state.mounts.reversed() where !HostMount.unmount(target) { left.append(target) }
        for target in HostMount.mountPoints(under: layout.root) where !HostMount.unmount(target) {
            left.append(target)
        }
        for path in state.files.reversed() {
            if FileSystem.fileType(path) == .directory {
                try? FileSystem.removeDirectory(path)
            } else {
                try? FileSystem.remove(path)
            }
        }
        // The VM directory holds only sockets, the console log and the pid file.
        removeFlatDirectory(paths.vmDirectory)
        // A staging point outlives its share only if the shim died between its bind and its move.
        for entry in (try? FileSystem.directoryEntries(layout.staging)) ?? [] {
            let path = layout.staging + "/" + entry
            if FileSystem.fileType(path) == .directory {
                try? FileSystem.removeDirectory(path)
            } else {
                try? FileSystem.remove(path)
            }
        }
        for directory in state.directories.reversed() where directory != paths.stateDirectory {
            try? FileSystem.removeDirectory(directory)
        }
        try? FileSystem.removeDirectory(layout.root)
        try? FileSystem.remove(paths.stateFile)
        try? FileSystem.remove(paths.stateFile + ".tmp")
        try? FileSystem.removeDirectory(paths.stateDirectory)
        for directory in [layout.root, paths.vmDirectory, paths.stateDirectory] where FileSystem.exists(directory) {
            left.append(directory)
        }
        return left
    }

    /// Removes a directory's non-directory entries, then the directory.
    private static func removeFlatDirectory(_ directory: String) {
        guard let entries = try? FileSystem.directoryEntries(directory) else { return }
        for entry in entries where FileSystem.fileType(directory + "/" + entry) != .directory {
            try? FileSystem.remove(directory + "/" + entry)
        }
        try? FileSystem.removeDirectory(directory)
    }
}
