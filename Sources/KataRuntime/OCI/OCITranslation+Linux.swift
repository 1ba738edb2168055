// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

extension OCITranslation {
    /// Namespace kinds the host never sends, as Go's constrainGRPCSpec: the VM is the network
    /// boundary; the agent gives every container a cgroup namespace of its own on a cgroup v2 guest
    /// (made once the process is in its cgroup, whatever the host's cgroup version made CRI ask); and
    /// time namespaces are not supported in the guest.
    package static let droppedNamespaces: Set<Linux.NamespaceType> = [.network, .cgroup, .time]

    /// The guest's `linux` section, constrained as the Go runtime does before CreateContainer (§5.2).
    /// - Parameters:
    ///   - linux: the OCI section.
    ///   - context: the translation context.
    /// - Returns: the guest's section (resources constrained, namespaces without paths, host VFIO groups
    ///   removed, seccomp only where the guest enforces it, no mount label), and whether the container
    ///   joins the sandbox PID namespace.
    /// - Throws: `OCITranslation.Error` for seccomp the guest cannot enforce (or the protocol cannot
    ///   carry) or a personality it cannot set.
    package static func linux(_ linux: Linux, context: Context) throws(Error) -> (linux: Linux, sandboxPidns: Bool) {
        let cid = context.containerID
        var out = linux
        out.resources = linux.resources.map(constrained)

        let namespaces = self.namespaces(linux.namespaces ?? [])
        if linux.namespaces != nil {
            out.namespaces = namespaces.namespaces
        }
        out.devices = linux.devices?.filter { !isVFIOGroup($0) }

        if let seccomp = linux.seccomp {
            if context.disableGuestSeccomp {
                out.seccomp = nil
            } else if !context.agentSupportsSeccomp {
                throw Error(
                    containerID: cid,
                    reason: .unsupported(
                        field: "linux.seccomp",
                        problem: "disable_guest_seccomp is false but the guest agent does not support seccomp"))
            } else {
                try checkCarried(seccomp, containerID: cid)
            }
        }
        // The guest runs without SELinux, so mount labels would only make mounts fail.
        out.mountLabel = nil
        if let personality = linux.personality, personality.domain != .linux || !(personality.flags ?? []).isEmpty {
            throw Error(
                containerID: cid,
                reason: .unsupported(
                    field: "linux.personality", problem: "the agent protocol cannot carry an execution domain"))
        }
        return (out, namespaces.sandboxPidns)
    }

    /// Refuses what the agent protocol's LinuxSeccomp cannot carry, rather than enforce a filter
    /// other than the one asked for: a `defaultErrnoRet` other than EPERM (the agent's default, and
    /// containerd's RuntimeDefault's), and a notify listener, which cannot reach the host.
    private static func checkCarried(_ seccomp: Linux.Seccomp, containerID: String) throws(Error) {
        if let errno = seccomp.defaultErrnoRet, errno != 1 {
            throw Error(
                containerID: containerID,
                reason: .unsupported(
                    field: "linux.seccomp.defaultErrnoRet",
                    problem:
                        "the agent protocol cannot carry a default errno other than 1 (EPERM), not \(errno); "
                        + "give the rules an errnoRet instead"))
        }
        if seccomp.listenerPath != nil {
            throw Error(
                containerID: containerID,
                reason: .unsupported(
                    field: "linux.seccomp.listenerPath",
                    problem: "seccomp notify listeners (SCMP_ACT_NOTIFY) are not supported by this runtime"))
        }
    }

    /// Namespaces without host paths, without the dropped kinds and without `pid`, which the agent
    /// adds back: new, or the sandbox's when the spec named a pid namespace path.
    /// - Parameter namespaces: the OCI namespaces.
    /// - Returns: the guest's namespaces, in order, and the `sandbox_pidns` flag.
    package static func namespaces(
        _ namespaces: [Linux.Namespace]
    ) -> (namespaces: [Linux.Namespace], sandboxPidns: Bool) {
        var sandboxPidns = false
        var out: [Linux.Namespace] = []
        for namespace in namespaces {
            if namespace.type == .pid {
                sandboxPidns = namespace.path != nil
                continue
            }
            if droppedNamespaces.contains(namespace.type) { continue }
            out.append(Linux.Namespace(type: namespace.type))
        }
        return (out, sandboxPidns)
    }

    /// VFIO group character devices are the host's; in guest-kernel VFIO mode the guest has its own.
    private static func isVFIOGroup(_ device: Linux.Device) -> Bool {
        device.type == .character && device.path.hasPrefix("/dev/vfio/")
    }
}
