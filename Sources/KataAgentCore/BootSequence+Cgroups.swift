// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Logging

extension BootSequence {
    /// The v1 controllers Kata mounts, each at `/sys/fs/cgroup/<name>`.
    static let v1Controllers: Set<String> = [
        "cpu", "cpuacct", "blkio", "cpuset", "memory", "devices", "freezer", "net_cls", "perf_event", "net_prio",
        "hugetlb", "pids", "rdma",
    ]

    static let cgroupRoot = "/sys/fs/cgroup"

    /// The enabled v1 controllers Kata mounts, in `/proc/cgroups` order.
    ///
    /// `/proc/cgroups` has a `#subsys_name hierarchy num_cgroups enabled` header, then one line per
    /// controller; `enabled` is 0 for a controller disabled with `cgroup_disable=`.
    /// - Parameter procCgroups: the contents of `/proc/cgroups`.
    /// - Returns: the controller names.
    static func enabledV1Controllers(_ procCgroups: String) -> [String] {
        procCgroups.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 4, !fields[0].hasPrefix("#"), fields[3] != "0",
                v1Controllers.contains(String(fields[0]))
            else {
                return nil
            }
            return String(fields[0])
        }
    }

    /// Mounts the cgroup hierarchy the configuration selects.
    func mountCgroups(_ version: AgentConfiguration.CgroupVersion, logger: Logger) throws(KataError) {
        let flags: Mount.Flags = [.noSetUID, .noDevices, .noExec, .relativeAccessTime]
        switch version {
        case .v2:
            try mount(
                MountPoint(
                    source: "cgroup2", target: Self.cgroupRoot, type: "cgroup2", flags: flags, data: "nsdelegate"),
                logger: logger)
        case .v1:
            try mountCgroupsV1(flags: flags, logger: logger)
        }
    }

    private func mountCgroupsV1(flags: Mount.Flags, logger: Logger) throws(KataError) {
        let controllers: [String]
        do {
            controllers = Self.enabledV1Controllers(try system.readFile("/proc/cgroups"))
        } catch {
            throw KataError(.internal, "cannot list the cgroup controllers", underlying: error)
        }
        // Kata's rule: container cgroups need the devices controller; without it the agent runs
        // without cgroups rather than with a partial hierarchy.
        guard controllers.contains("devices") else {
            logger.warning("no cgroup v1 devices controller; running without cgroups")
            return
        }
        let rootFlags: Mount.Flags = [.noSetUID, .noDevices, .noExec]
        try mount(
            MountPoint(source: "tmpfs", target: Self.cgroupRoot, type: "tmpfs", flags: rootFlags, data: "mode=755"),
            logger: logger)
        for controller in controllers {
            let target = "\(Self.cgroupRoot)/\(controller)"
            try mount(
                MountPoint(source: "cgroup", target: target, type: "cgroup", flags: flags, data: controller),
                logger: logger)
        }
        do {
            // Read-only so that nothing creates stray directories next to the controllers.
            try system.mount(
                source: "tmpfs", target: Self.cgroupRoot, type: "tmpfs", flags: rootFlags.union([.remount, .readOnly]),
                data: "mode=755")
            logger.debug("remounted read-only", metadata: ["target": "\(Self.cgroupRoot)"])
        } catch {
            throw KataError(.internal, "cannot remount \(Self.cgroupRoot) read-only", underlying: error)
        }
        guard controllers.contains("memory") else {
            return
        }
        let useHierarchy = "\(Self.cgroupRoot)/memory/memory.use_hierarchy"
        do {
            try system.writeFile("1", to: useHierarchy)
            logger.debug("enabled hierarchical memory accounting", metadata: ["file": "\(useHierarchy)"])
        } catch {
            // Kernels since 5.16 always account hierarchically and may drop the file.
            logger.warning("cannot enable hierarchical memory accounting", metadata: ["error": "\(error)"])
        }
    }
}
