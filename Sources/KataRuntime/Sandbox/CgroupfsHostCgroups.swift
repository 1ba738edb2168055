// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
package import KataError
import KataLinux

/// ``HostCgroups`` on the host's cgroup file systems (v1 or v2), for the shim itself.
package struct CgroupfsHostCgroups: HostCgroups {
    /// The host's cgroups.
    package init() {}

    package func create(_ path: String) throws(KataError) {
        try perform("create host cgroup \(path)") { () throws(Cgroup.Error) in try cgroup(path).create() }
    }

    package func join(_ path: String) throws(KataError) -> HostCgroupMembership {
        let membership = try Self.membership()
        try perform("move the shim into host cgroup \(path)") { () throws(Cgroup.Error) in
            try cgroup(path).add(CurrentProcess.id)
        }
        return membership
    }

    package func leave(to membership: HostCgroupMembership) throws(KataError) {
        let hierarchy = try perform("find the host's cgroups") { () throws(Cgroup.Error) in
            try CgroupHierarchy.current()
        }
        var mounts: [String] = []
        switch hierarchy {
        case .v1(let controllers):
            // One write per mounted hierarchy ("cpu,cpuacct" is one), at the path the shim had there.
            for (controller, mount) in controllers where !mounts.contains(mount) {
                guard
                    let path = membership.paths.first(where: {
                        $0.key.split(separator: ",").contains(Substring(controller))
                    })?.value
                else { continue }
                mounts.append(mount)
                try write(CurrentProcess.id, to: "\(mount)\(path == "/" ? "" : path)/cgroup.procs")
            }
        case .v2(let root, _):
            guard let path = membership.paths[""] else { return }
            try write(CurrentProcess.id, to: "\(root)\(path == "/" ? "" : path)/cgroup.procs")
        }
    }

    package func addThreads(_ threads: [Int32], to path: String) throws(KataError) {
        let cgroup: Cgroup = try perform("name host cgroup \(path)") { () throws(Cgroup.Error) -> Cgroup in
            try self.cgroup(path)
        }
        guard case .v1 = cgroup.hierarchy else {
            throw KataError(
                .unimplemented,
                "cgroup v2 keeps all threads of a process in one cgroup, so QEMU's vCPU threads cannot join \(path) "
                    + "alone; set sandbox_cgroup_only = true to account all of the VM to the pod")
        }
        for directory in cgroup.directories {
            for thread in threads {
                do {
                    try FileSystem.writeFile("\(thread)", to: "\(directory)/tasks")
                } catch {
                    // A vCPU thread that ended (the VM is going) has nothing left to account.
                    if error.errno == .noSuchProcess { continue }
                    throw KataError(.internal, "cannot move thread \(thread) into \(directory): \(error)")
                }
            }
        }
    }

    package func remove(_ path: String) async throws(KataError) {
        let cgroup: Cgroup = try perform("name host cgroup \(path)") { () throws(Cgroup.Error) -> Cgroup in
            try self.cgroup(path)
        }
        do {
            try await cgroup.remove()
        } catch {
            throw KataError(.internal, "cannot remove host cgroup \(path): \(error)")
        }
    }

    /// The calling process's cgroups, from `/proc/self/cgroup` (`id:controllers:path` lines).
    static func membership() throws(KataError) -> HostCgroupMembership {
        let text: String
        do {
            text = try FileSystem.readFile("/proc/self/cgroup")
        } catch {
            throw KataError(.internal, "cannot read /proc/self/cgroup: \(error)")
        }
        var paths: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[1].hasPrefix("name=") else { continue }
            paths[String(fields[1])] = String(fields[2])
        }
        return HostCgroupMembership(paths: paths)
    }

    private func cgroup(_ path: String) throws(Cgroup.Error) -> Cgroup {
        try Cgroup(path: path, hierarchy: try CgroupHierarchy.current())
    }

    private func write(_ pid: Int32, to file: String) throws(KataError) {
        do {
            try FileSystem.writeFile("\(pid)", to: file)
        } catch {
            throw KataError(.internal, "cannot move the shim back to \(file): \(error)")
        }
    }

    private func perform<T>(_ what: String, _ body: () throws(Cgroup.Error) -> T) throws(KataError) -> T {
        do {
            return try body()
        } catch {
            throw KataError(.internal, "cannot \(what): \(error)")
        }
    }
}
