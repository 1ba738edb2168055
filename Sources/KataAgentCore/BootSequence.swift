// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import KataLinux
package import Logging
import SystemPackage

/// What the agent does as the VM's init (PID 1) before it serves ttRPC, in Kata's order: the base
/// file systems, then (once the kernel command line is readable) cgroups, the console session, PATH,
/// the host name and the kernel modules.
///
/// Every step logs one debug line. A step that fails throws ``KataError``; the caller powers the VM
/// off, because PID 1 exiting would panic the kernel. Bringing up `lo` is not done here yet; it needs
/// rtnetlink.
package struct BootSequence: Sendable {
    /// A mount the boot sequence makes, and whether the agent can live without it.
    struct MountPoint: Sendable, Equatable {
        /// What happens when the mount fails.
        enum OnFailure: Sendable, Equatable {
            /// The agent cannot run; boot fails.
            case fail
            /// The agent runs on without it, after a warning.
            case warn
        }

        var source: String
        var target: String
        var type: String
        var flags: Mount.Flags
        var data: String?
        var onFailure = OnFailure.fail
    }

    /// Kata's base mounts (`INIT_ROOTFS_MOUNTS`), in order: /proc first, since everything after reads it.
    static let baseMounts: [MountPoint] = [
        MountPoint(source: "proc", target: "/proc", type: "proc", flags: [.noSetUID, .noDevices, .noExec]),
        MountPoint(source: "sysfs", target: "/sys", type: "sysfs", flags: [.noSetUID, .noDevices, .noExec]),
        // A kernel with CONFIG_DEVTMPFS_MOUNT has mounted it already; without devtmpfs the initrd's
        // static /dev nodes still serve.
        MountPoint(source: "dev", target: "/dev", type: "devtmpfs", flags: [.noSetUID], onFailure: .warn),
        MountPoint(source: "tmpfs", target: "/dev/shm", type: "tmpfs", flags: [.noSetUID, .noDevices]),
        MountPoint(source: "devpts", target: "/dev/pts", type: "devpts", flags: [.noSetUID, .noExec]),
        MountPoint(source: "tmpfs", target: "/run", type: "tmpfs", flags: [.noSetUID, .noDevices]),
    ]

    let system: any SystemOperations

    /// Creates the sequence.
    /// - Parameter system: performs the system calls.
    package init(system: any SystemOperations) {
        self.system = system
    }

    /// Mounts /proc, /sys, /dev, /dev/shm, /dev/pts and /run, skipping a target already mounted with
    /// the same type. Needs no configuration: it runs before /proc/cmdline can be read.
    /// - Parameter logger: where each step is logged.
    /// - Throws: ``KataError`` naming the mount that failed (a failed devtmpfs mount is only logged).
    package func mountBaseFileSystems(logger: Logger) throws(KataError) {
        for mountPoint in Self.baseMounts {
            try mount(mountPoint, logger: logger)
        }
    }

    /// The steps that depend on the configuration: cgroups, the console session and PATH, the host
    /// name, then the kernel modules in `/lib/modules/<release>/modules.load`.
    /// - Parameters:
    ///   - configuration: the agent's configuration (for the cgroup version).
    ///   - logger: where each step is logged.
    /// - Throws: ``KataError`` naming the step that failed.
    package func configure(for configuration: AgentConfiguration, logger: Logger) throws(KataError) {
        try mountCgroups(configuration.cgroupVersion, logger: logger)
        try setUpSession(logger: logger)
        try loadKernelModules(logger: logger)
        bringLoopbackUp(logger: logger)
    }

    /// Brings `lo` up, as a container's network namespace has it under runc: the containers share
    /// the guest's namespace, and 127.0.0.1 must answer there. Not fatal: a guest without it still
    /// runs containers, so the failure is logged.
    func bringLoopbackUp(logger: Logger) {
        do {
            try system.setLinkUp("lo")
        } catch {
            logger.warning("cannot bring the loopback interface up", metadata: ["error": "\(error)"])
        }
    }

    /// Mounts `mountPoint` unless something of the same type is mounted there, creating the target.
    func mount(_ mountPoint: MountPoint, logger: Logger) throws(KataError) {
        let metadata: Logger.Metadata = ["target": "\(mountPoint.target)", "type": "\(mountPoint.type)"]
        do {
            if try isMounted(mountPoint) {
                logger.debug("already mounted", metadata: metadata)
                return
            }
            try system.makeDirectories(mountPoint.target)
            try system.mount(
                source: mountPoint.source, target: mountPoint.target, type: mountPoint.type,
                flags: mountPoint.flags, data: mountPoint.data)
            logger.debug("mounted", metadata: metadata)
        } catch {
            let message = "cannot mount \(mountPoint.type) at \(mountPoint.target)"
            guard mountPoint.onFailure == .warn else {
                throw KataError(.internal, message, underlying: error)
            }
            logger.warning(
                "\(message); continuing without it", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    private func isMounted(_ mountPoint: MountPoint) throws(Syscall.Error) -> Bool {
        do {
            return try system.mountTable().isMounted(at: mountPoint.target, fileSystemType: mountPoint.type)
        } catch .syscall(_, _, .noSuchFileOrDirectory) {
            // Before /proc is mounted there is no mount table to read, and nothing of ours is mounted.
            return false
        }
    }
}
