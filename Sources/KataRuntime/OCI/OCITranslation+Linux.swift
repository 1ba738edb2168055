// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension OCITranslation {
    /// Namespace kinds the host never sends: the VM is the network boundary, the agent makes cgroup
    /// namespaces itself, and time namespaces are not supported in the guest.
    package static let droppedNamespaces: Set<Linux.NamespaceType> = [.network, .cgroup, .time]

    /// The agent's `linux` section, constrained as the Go runtime does before CreateContainer (§5.2).
    /// - Parameters:
    ///   - linux: the OCI section.
    ///   - context: the translation context.
    /// - Returns: the agent's section, and whether the container joins the sandbox PID namespace.
    /// - Throws: `OCITranslation.Error` for seccomp the guest cannot enforce or a personality it cannot set.
    package static func linux(_ linux: Linux, context: Context) throws(Error) -> (linux: Grpc_Linux, sandboxPidns: Bool)
    {
        let cid = context.containerID
        var out = Grpc_Linux()
        out.uidmappings = (linux.uidMappings ?? []).map(idMapping)
        out.gidmappings = (linux.gidMappings ?? []).map(idMapping)
        out.sysctl = linux.sysctl ?? [:]
        if let resources = linux.resources {
            out.resources = constrained(Self.resources(resources))
        }
        // The agent converts the path for its own cgroup driver.
        out.cgroupsPath = linux.cgroupsPath ?? ""

        let namespaces = self.namespaces(linux.namespaces ?? [])
        out.namespaces = namespaces.namespaces
        out.devices = (linux.devices ?? []).filter { !isVFIOGroup($0) }.map(device)

        if let seccomp = linux.seccomp {
            if !context.disableGuestSeccomp {
                guard context.agentSupportsSeccomp else {
                    throw Error(
                        containerID: cid,
                        reason: .unsupported(
                            field: "linux.seccomp",
                            problem: "disable_guest_seccomp is false but the guest agent does not support seccomp"))
                }
                out.seccomp = Self.seccomp(seccomp)
            }
        }
        out.rootfsPropagation = linux.rootfsPropagation?.rawValue ?? ""
        out.maskedPaths = linux.maskedPaths ?? []
        out.readonlyPaths = linux.readonlyPaths ?? []
        // The guest runs without SELinux, so mount labels would only make mounts fail.
        out.mountLabel = ""
        if let schema = linux.intelRdt?.l3CacheSchema {
            var rdt = Grpc_LinuxIntelRdt()
            rdt.l3CacheSchema = schema
            out.intelRdt = rdt
        }
        if let personality = linux.personality, personality.domain != .linux || !(personality.flags ?? []).isEmpty {
            throw Error(
                containerID: cid,
                reason: .unsupported(
                    field: "linux.personality", problem: "the agent protocol cannot carry an execution domain"))
        }
        return (out, namespaces.sandboxPidns)
    }

    /// Namespaces without host paths, without the dropped kinds and without `pid`, which the agent
    /// adds back: new, or the sandbox's when the spec named a pid namespace path.
    /// - Parameter namespaces: the OCI namespaces.
    /// - Returns: the agent's namespaces and the `sandbox_pidns` flag.
    package static func namespaces(
        _ namespaces: [Linux.Namespace]
    ) -> (namespaces: [Grpc_LinuxNamespace], sandboxPidns: Bool) {
        var sandboxPidns = false
        var out: [Grpc_LinuxNamespace] = []
        for namespace in namespaces {
            if namespace.type == .pid {
                sandboxPidns = namespace.path != nil
                continue
            }
            if droppedNamespaces.contains(namespace.type) { continue }
            var entry = Grpc_LinuxNamespace()
            entry.type = namespace.type.rawValue
            out.append(entry)
        }
        return (out, sandboxPidns)
    }

    /// The agent's seccomp filter; `defaultErrnoRet`, `listenerPath` and `listenerMetadata` have no
    /// field in the agent protocol and are dropped.
    /// - Parameter seccomp: the OCI filter.
    /// - Returns: the agent's filter.
    package static func seccomp(_ seccomp: Linux.Seccomp) -> Grpc_LinuxSeccomp {
        var out = Grpc_LinuxSeccomp()
        out.defaultAction = seccomp.defaultAction.rawValue
        out.architectures = seccomp.architectures ?? []
        out.flags = seccomp.flags ?? []
        out.syscalls = (seccomp.syscalls ?? []).map { rule in
            var syscall = Grpc_LinuxSyscall()
            syscall.names = rule.names
            syscall.action = rule.action.rawValue
            if let errno = rule.errnoRet {
                syscall.errnoret = errno
            }
            syscall.args = (rule.args ?? []).map { argument in
                var arg = Grpc_LinuxSeccompArg()
                arg.index = UInt64(argument.index)
                arg.value = argument.value
                arg.valueTwo = argument.valueTwo ?? 0
                arg.op = argument.op.rawValue
                return arg
            }
            return syscall
        }
        return out
    }

    /// VFIO group character devices are the host's; in guest-kernel VFIO mode the guest has its own.
    private static func isVFIOGroup(_ device: Linux.Device) -> Bool {
        device.type == .character && device.path.hasPrefix("/dev/vfio/")
    }

    private static func device(_ device: Linux.Device) -> Grpc_LinuxDevice {
        var out = Grpc_LinuxDevice()
        out.path = device.path
        out.type = device.type.rawValue
        out.major = device.major ?? 0
        out.minor = device.minor ?? 0
        out.fileMode = device.fileMode ?? 0
        out.uid = device.uid ?? 0
        out.gid = device.gid ?? 0
        return out
    }

    private static func idMapping(_ mapping: IDMapping) -> Grpc_LinuxIDMapping {
        var out = Grpc_LinuxIDMapping()
        out.containerID = mapping.containerID
        out.hostID = mapping.hostID
        out.size = mapping.size
        return out
    }
}
