// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError

/// Where a sandbox's host processes are accounted, as Kata's host-cgroups design has it: a sandbox
/// cgroup `kata_<name>` beside the sandbox container's own cgroup (so inside the pod's cgroup that
/// kubelet sizes with the RuntimeClass overhead), and, unless `sandbox_cgroup_only`, an overhead
/// cgroup `/kata_overhead/<sandbox id>` outside it.
///
/// With `sandbox_cgroup_only = true` the shim, QEMU and virtiofsd all run in the sandbox cgroup,
/// so the pod's limits cover them. With `false` (the default) they run in the overhead cgroup,
/// unconstrained, and the sandbox cgroup is created empty for the pod's accounting.
package struct SandboxCgroupPlan: Sendable, Equatable, Codable {
    /// The sandbox cgroup, below the hierarchy root.
    package var sandbox: String
    /// The overhead cgroup, when `sandbox_cgroup_only` is off.
    package var overhead: String?

    /// The cgroup the shim joins before it starts QEMU and virtiofsd, which inherit it.
    package var processes: String { overhead ?? sandbox }
    /// The cgroups to create, parents first, and remove in reverse.
    package var all: [String] { [sandbox] + (overhead.map { [$0] } ?? []) }

    /// The overhead cgroups' parent, shared by every sandbox.
    package static let overheadRoot = "/kata_overhead"

    /// The plan for a sandbox whose sandbox container asked for `cgroupsPath`.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - cgroupsPath: the sandbox container's `linux.cgroupsPath`: a cgroupfs path
    ///     (`/kubepods/besteffort/pod<uid>/<id>`), systemd's `slice:prefix:name`, or nil.
    ///   - sandboxCgroupOnly: `[runtime] sandbox_cgroup_only`.
    /// - Returns: the plan.
    /// - Throws: `KataError(.invalidArgument)` naming `linux.cgroupsPath` when it is not a path.
    package static func make(
        sandboxID: String, cgroupsPath: String?, sandboxCgroupOnly: Bool
    ) throws(KataError) -> SandboxCgroupPlan {
        let sandbox = try sandboxPath(sandboxID: sandboxID, cgroupsPath: cgroupsPath ?? "")
        return SandboxCgroupPlan(
            sandbox: sandbox, overhead: sandboxCgroupOnly ? nil : "\(overheadRoot)/\(sandboxID)")
    }

    /// `kata_<name>` in the directory of the sandbox container's cgroup (Go's RenameCgroupPath).
    private static func sandboxPath(sandboxID: String, cgroupsPath: String) throws(KataError) -> String {
        let invalid = KataError(
            .invalidArgument,
            "sandbox \(sandboxID): linux.cgroupsPath \"\(cgroupsPath)\" is neither a cgroup path nor systemd's "
                + "slice:prefix:name")
        if cgroupsPath.isEmpty { return "/kata_\(sandboxID)" }
        let parts = cgroupsPath.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 {
            // systemd: the container's scope lives in the pod's slice, so the sandbox cgroup does too.
            guard parts[0].isEmpty || parts[0].hasSuffix(".slice"), isName(parts[2]) else { throw invalid }
            return try slicePath(String(parts[0]), invalid: invalid) + "/kata_\(parts[2])"
        }
        guard parts.count == 1 else { throw invalid }
        let components = cgroupsPath.split(separator: "/")
        guard let last = components.last, components.allSatisfy(isName) else { throw invalid }
        return "/" + (components.dropLast().map(String.init) + ["kata_\(last)"]).joined(separator: "/")
    }

    /// `a-b-c.slice` → `/a.slice/a-b.slice/a-b-c.slice`, as systemd lays slices out; `-.slice` and
    /// no slice are the root (systemd's default for a scope without one is system.slice).
    private static func slicePath(_ slice: String, invalid: KataError) throws(KataError) -> String {
        if slice.isEmpty { return "/system.slice" }
        let name = slice.dropLast(".slice".count)
        if name == "-" { return "" }
        let words = name.split(separator: "-", omittingEmptySubsequences: false)
        guard !words.contains(where: \.isEmpty) else { throw invalid }
        var path = ""
        for index in words.indices {
            path += "/" + words[...index].joined(separator: "-") + ".slice"
        }
        return path
    }

    private static func isName(_ component: Substring) -> Bool {
        !component.isEmpty && component != "." && component != ".." && !component.contains("/")
    }
}

/// The host cgroup operations a sandbox needs, behind a seam: the production one moves the shim
/// itself, which a unit test must not do to its test runner.
package protocol HostCgroups: Sendable {
    /// Creates the cgroup `path` (below the hierarchy root) and its missing parents.
    func create(_ path: String) throws(KataError)
    /// Moves the calling process (and so the children it starts afterwards) into `path`.
    /// - Returns: where it was, for ``leave(to:)``.
    func join(_ path: String) throws(KataError) -> HostCgroupMembership
    /// Moves the calling process back to where ``join(_:)`` found it.
    func leave(to membership: HostCgroupMembership) throws(KataError)
    /// Moves threads (not their whole processes) into `path`.
    /// - Throws: `KataError(.unimplemented)` on cgroup v2, where a process's threads share one
    ///   domain cgroup; otherwise `KataError` naming the file.
    func addThreads(_ threads: [Int32], to path: String) throws(KataError)
    /// Removes the cgroup `path`, once its processes have exited; a missing one is fine.
    func remove(_ path: String) async throws(KataError)
}

/// The cgroups a process was in, per hierarchy (`/proc/self/cgroup`).
package struct HostCgroupMembership: Sendable, Equatable, Codable {
    /// Controller list ("memory", "cpu,cpuacct", "" for v2) → path below that hierarchy's root.
    package var paths: [String: String]

    /// A membership.
    /// - Parameter paths: controller list → path.
    package init(paths: [String: String]) {
        self.paths = paths
    }
}
