// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import OCISpec
import Testing

@testable import KataAgentCore

/// Which namespaces a container's init helper creates and joins: the sandbox holds the pod's IPC
/// and UTS namespaces, the PID namespace is the sandbox's only when shared, and a cgroup v2 guest
/// gives each container a cgroup namespace of its own.
@Suite struct PodNamespacesTests {
    static let pod = PodNamespaces(
        ipc: "/run/kata-containers/sandbox/ns/ipc", uts: "/run/kata-containers/sandbox/ns/uts")

    @Test("containers join the sandbox's IPC and UTS namespaces, not a container's")
    func sandboxHoldsIPCAndUTS() {
        let namespaces = Sandbox.namespaces(
            spec: Spec(ociVersion: "1.1.0"), pod: Self.pod, sandboxPID: nil, cgroupV2: false)
        #expect(
            namespaces == [
                Linux.Namespace(type: .mount),
                Linux.Namespace(type: .ipc, path: "/run/kata-containers/sandbox/ns/ipc"),
                Linux.Namespace(type: .uts, path: "/run/kata-containers/sandbox/ns/uts"),
                Linux.Namespace(type: .pid),
            ])
    }

    @Test("a shared PID namespace is joined; cgroup v2 adds a new cgroup namespace; user only when asked")
    func pidCgroupAndUser() {
        var spec = Spec(ociVersion: "1.1.0")
        spec.linux = Linux(namespaces: [Linux.Namespace(type: .user), Linux.Namespace(type: .cgroup)])
        let namespaces = Sandbox.namespaces(spec: spec, pod: Self.pod, sandboxPID: "/proc/7/ns/pid", cgroupV2: true)
        #expect(namespaces.map(\.type) == [.mount, .ipc, .uts, .pid, .cgroup, .user])
        #expect(namespaces.first { $0.type == .pid }?.path == "/proc/7/ns/pid")
        #expect(namespaces.first { $0.type == .cgroup }?.path == nil)
    }

    @Test("before CreateSandbox each container gets IPC and UTS namespaces of its own")
    func withoutSandbox() {
        let namespaces = Sandbox.namespaces(spec: Spec(ociVersion: "1.1.0"), pod: nil, sandboxPID: nil, cgroupV2: false)
        #expect(namespaces.allSatisfy { $0.path == nil })
        #expect(namespaces.map(\.type) == [.mount, .ipc, .uts, .pid])
    }

    @Test("the helper is told to wait for its cgroup with one byte, as for start")
    func placedIsOneByte() {
        #expect(InitChannel.Kind.placed.rawValue == UInt8(ascii: "C"))
        #expect(InitChannel.Kind.placed.description == "C")
    }
}
