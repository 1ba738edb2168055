// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux

/// Where the cgroup controllers are mounted: one v1 hierarchy per controller, or the v2 unified
/// hierarchy.
package enum CgroupHierarchy: Sendable, Equatable {
    /// cgroup v1: each controller's mount point ("memory" → "/sys/fs/cgroup/memory"). Controllers
    /// mounted together ("cpu,cpuacct") share one.
    case v1([String: String])
    /// cgroup v2: the unified hierarchy's mount point and the controllers its root offers.
    case v2(root: String, controllers: Set<String>)

    /// The controllers this code uses; a v1 mount of another controller is left alone.
    static let knownControllers: Set<String> = [
        "cpu", "cpuacct", "cpuset", "memory", "pids", "blkio", "freezer", "devices", "hugetlb",
    ]

    /// Finds the hierarchy from a mount table: v1 when any v1 controller this code knows is
    /// mounted (hybrid hosts keep a controller-less v2 at /sys/fs/cgroup/unified), else a `cgroup2`
    /// mount, preferring /sys/fs/cgroup.
    /// - Parameters:
    ///   - mounts: the mount table, normally `/proc/self/mountinfo`.
    ///   - readFile: reads the v2 root's `cgroup.controllers`.
    /// - Returns: the hierarchy, or nil when no cgroup file system is mounted.
    package static func detect(
        mounts: MountTable, readFile: (String) throws -> String = { try FileSystem.readFile($0) }
    ) -> CgroupHierarchy? {
        var controllers: [String: String] = [:]
        var unified: [String] = []
        for entry in mounts.entries {
            switch entry.fileSystemType {
            case "cgroup":
                for option in entry.superOptions where knownControllers.contains(option) {
                    controllers[option] = controllers[option] ?? entry.mountPoint
                }
            case "cgroup2":
                unified.append(entry.mountPoint)
            default:
                continue
            }
        }
        if !controllers.isEmpty { return .v1(controllers) }
        guard let root = unified.first(where: { $0 == "/sys/fs/cgroup" }) ?? unified.first else { return nil }
        let offered = (try? readFile("\(root)/cgroup.controllers")) ?? ""
        return .v2(
            root: root, controllers: Set(offered.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)))
    }

    /// The hierarchy of the running system.
    /// - Throws: ``Cgroup/Error`` when the mount table cannot be read or has no cgroup mount.
    package static func current() throws(Cgroup.Error) -> CgroupHierarchy {
        let mounts: MountTable
        do {
            mounts = try MountTable.read()
        } catch {
            throw .system("reading the mount table", error)
        }
        guard let hierarchy = detect(mounts: mounts) else {
            throw .noHierarchy
        }
        return hierarchy
    }
}
