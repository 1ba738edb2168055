// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension Grpc_Linux {
    /// The agent's `linux` section, field by field.
    ///
    /// Absent strings, lists and maps become empty; absent resources and seccomp stay unset.
    /// `intelRdt` carries only `l3CacheSchema` (sent when present); `closID`, `memBwSchema`,
    /// `enableCMT`, `enableMBM` and `personality` have no field in the agent protocol and are dropped.
    /// - Parameter linux: the OCI section as the guest must see it.
    package init(_ linux: Linux) {
        self.init()
        uidmappings = (linux.uidMappings ?? []).map(Grpc_LinuxIDMapping.init)
        gidmappings = (linux.gidMappings ?? []).map(Grpc_LinuxIDMapping.init)
        sysctl = linux.sysctl ?? [:]
        if let resources = linux.resources {
            self.resources = Grpc_LinuxResources(resources)
        }
        // The agent converts the path for its own cgroup driver.
        cgroupsPath = linux.cgroupsPath ?? ""
        namespaces = (linux.namespaces ?? []).map(Grpc_LinuxNamespace.init)
        devices = (linux.devices ?? []).map(Grpc_LinuxDevice.init)
        if let seccomp = linux.seccomp {
            self.seccomp = Grpc_LinuxSeccomp(seccomp)
        }
        rootfsPropagation = linux.rootfsPropagation?.rawValue ?? ""
        maskedPaths = linux.maskedPaths ?? []
        readonlyPaths = linux.readonlyPaths ?? []
        mountLabel = linux.mountLabel ?? ""
        if let schema = linux.intelRdt?.l3CacheSchema {
            var rdt = Grpc_LinuxIntelRdt()
            rdt.l3CacheSchema = schema
            intelRdt = rdt
        }
    }
}

extension Grpc_LinuxIDMapping {
    /// The agent's id mapping.
    /// - Parameter mapping: the OCI mapping.
    package init(_ mapping: IDMapping) {
        self.init()
        containerID = mapping.containerID
        hostID = mapping.hostID
        size = mapping.size
    }
}

extension Grpc_LinuxNamespace {
    /// The agent's namespace; an absent path (create a new one) is "".
    /// - Parameter namespace: the OCI namespace.
    package init(_ namespace: Linux.Namespace) {
        self.init()
        type = namespace.type.rawValue
        path = namespace.path ?? ""
    }
}

extension Grpc_LinuxDevice {
    /// The agent's device node; absent numbers, mode and owner are 0 (a FIFO has no major or minor).
    /// - Parameter device: the OCI device.
    package init(_ device: Linux.Device) {
        self.init()
        path = device.path
        type = device.type.rawValue
        major = device.major ?? 0
        minor = device.minor ?? 0
        fileMode = device.fileMode ?? 0
        uid = device.uid ?? 0
        gid = device.gid ?? 0
    }
}

extension Grpc_LinuxSeccomp {
    /// The agent's seccomp filter; an absent rule errno stays unset, an absent `valueTwo` is 0.
    /// `defaultErrnoRet`, `listenerPath` and `listenerMetadata` have no field in the agent protocol
    /// and are dropped here; translation has already refused a default errno other than EPERM (the
    /// agent's default) and a listener.
    /// - Parameter seccomp: the OCI filter.
    package init(_ seccomp: Linux.Seccomp) {
        self.init()
        defaultAction = seccomp.defaultAction.rawValue
        architectures = seccomp.architectures ?? []
        flags = seccomp.flags ?? []
        syscalls = (seccomp.syscalls ?? []).map { rule in
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
    }
}
