// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec

// grpc.Linux, its namespaces and devices (oci.proto), both ways; see Spec+Wire.swift for the rules.

extension Linux {
    /// The Linux section the host sent.
    ///
    /// A `rootfsPropagation` outside the runtime spec's values is nil, the default (rslave), as the
    /// agent has always treated it.
    /// - Throws: `KataError(.invalidArgument)` for an unknown namespace, device or device rule type, or
    ///   seccomp action, comparison or architecture.
    init(_ wire: Grpc_Linux) throws(KataError) {
        self.init(
            sysctl: wire.sysctl.nonEmpty,
            resources: wire.hasResources ? try Resources(wire.resources) : nil,
            cgroupsPath: wire.cgroupsPath.nonEmpty,
            namespaces: try wire.namespaces.map { (entry) throws(KataError) in try Namespace(entry) }.nonEmpty,
            devices: try wire.devices.map { (device) throws(KataError) in try Device(device) }.nonEmpty,
            seccomp: wire.hasSeccomp ? try Seccomp(wire.seccomp) : nil,
            rootfsPropagation: RootfsPropagation(rawValue: wire.rootfsPropagation),
            maskedPaths: wire.maskedPaths.nonEmpty,
            readonlyPaths: wire.readonlyPaths.nonEmpty)
    }
}

extension Grpc_Linux {
    /// The wire form of the Linux section.
    init(_ linux: Linux) {
        self.init()
        sysctl = linux.sysctl ?? [:]
        if let resources = linux.resources { self.resources = Grpc_LinuxResources(resources) }
        cgroupsPath = linux.cgroupsPath ?? ""
        namespaces = (linux.namespaces ?? []).map { namespace in
            .with {
                $0.type = namespace.type.rawValue
                $0.path = namespace.path ?? ""
            }
        }
        devices = (linux.devices ?? []).map(Grpc_LinuxDevice.init)
        if let seccomp = linux.seccomp { self.seccomp = Grpc_LinuxSeccomp(seccomp) }
        rootfsPropagation = linux.rootfsPropagation?.rawValue ?? ""
        maskedPaths = linux.maskedPaths ?? []
        readonlyPaths = linux.readonlyPaths ?? []
    }
}

extension Linux.Namespace {
    /// A namespace entry the host sent: a path to join, or none to create one.
    /// - Throws: `KataError(.invalidArgument)` for a type the runtime spec does not know.
    init(_ wire: Grpc_LinuxNamespace) throws(KataError) {
        guard let type = Linux.NamespaceType(rawValue: wire.type) else {
            let known = Linux.NamespaceType.allCases.map(\.rawValue).joined(separator: ", ")
            throw KataError(
                .invalidArgument, "linux.namespaces: unknown namespace type \"\(wire.type)\" (use one of \(known))")
        }
        self.init(type: type, path: wire.path.nonEmpty)
    }
}

extension Linux.Device {
    /// A device node the host asks for; major and minor are always carried (0 is a number).
    /// - Throws: `KataError(.invalidArgument)` for a type other than c, b, u or p.
    init(_ wire: Grpc_LinuxDevice) throws(KataError) {
        guard let type = Linux.DeviceType(rawValue: wire.type) else {
            throw KataError(
                .invalidArgument,
                "linux.devices: \(wire.path) has unknown device type \"\(wire.type)\" (use c, b, u or p)")
        }
        self.init(
            type: type, path: wire.path, major: wire.major, minor: wire.minor, fileMode: wire.fileMode.nonZero,
            uid: wire.uid.nonZero, gid: wire.gid.nonZero)
    }
}

extension Grpc_LinuxDevice {
    /// The wire form of a device node.
    init(_ device: Linux.Device) {
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
