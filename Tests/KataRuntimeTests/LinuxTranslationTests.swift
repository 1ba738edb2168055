// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataConfig
import OCISpec
import Testing

@testable import KataRuntime

@Suite struct LinuxTranslationTests {
    static let namespaceCases: [(input: [Linux.Namespace], expected: [Linux.NamespaceType], sandboxPidns: Bool)] = [
        (
            [.init(type: .pid), .init(type: .ipc), .init(type: .uts), .init(type: .mount), .init(type: .network)],
            [.ipc, .uts, .mount], false
        ),
        (
            [
                .init(type: .pid, path: "/proc/42/ns/pid"), .init(type: .network, path: "/var/run/netns/cni-1"),
                .init(type: .ipc, path: "/proc/42/ns/ipc"), .init(type: .uts, path: "/proc/42/ns/uts"),
                .init(type: .mount),
            ], [.ipc, .uts, .mount], true
        ),
        ([.init(type: .user), .init(type: .cgroup), .init(type: .time), .init(type: .mount)], [.user, .mount], false),
        ([], [], false),
    ]

    @Test(arguments: namespaceCases)
    func namespacesAreConstrained(input: [Linux.Namespace], expected: [Linux.NamespaceType], sandboxPidns: Bool) {
        let result = OCITranslation.namespaces(input)
        #expect(result.namespaces.map(\.type) == expected)
        #expect(result.namespaces.allSatisfy { $0.path == nil })
        #expect(result.sandboxPidns == sandboxPidns)
    }

    @Test func sharedPidNamespaceReachesTheRequest() throws {
        var spec = try busyboxSpec()
        spec.linux?.namespaces = [.init(type: .pid, path: "/proc/42/ns/pid"), .init(type: .mount)]
        let translated = try OCITranslation.translate(spec, context: context())
        #expect(translated.container.sandboxPidns)
        #expect(translated.container.spec.linux?.namespaces == [.init(type: .mount)])
        #expect(Grpc_CreateContainerRequest(translated.container).sandboxPidns)
    }

    /// (disable_guest_seccomp, agent supports seccomp) → whether the filter is sent.
    @Test(arguments: [(true, false, false), (true, true, false), (false, true, true)])
    func seccompIsSentOnlyWhenWantedAndSupported(disable: Bool, supported: Bool, sent: Bool) throws {
        var spec = try busyboxSpec()
        spec.linux?.seccomp = fullSeccomp
        var configuration = KataConfiguration()
        configuration.runtime.disableGuestSeccomp = disable
        let translated = try OCITranslation.translate(
            spec, context: context(configuration: configuration, agentSupportsSeccomp: supported))
        #expect(translated.container.spec.linux?.seccomp == (sent ? fullSeccomp : nil))
    }

    /// A default errno the wire cannot carry is refused only when the filter would be sent; EPERM,
    /// the agent's own default, passes.
    @Test func seccompDefaultErrno() throws {
        var spec = try busyboxSpec()
        spec.linux?.seccomp = Linux.Seccomp(defaultAction: .errno, defaultErrnoRet: 38, listenerPath: "/run/n.sock")
        var configuration = KataConfiguration()
        let dropped = try OCITranslation.translate(
            spec, context: context(configuration: configuration, agentSupportsSeccomp: true))
        #expect(dropped.container.spec.linux?.seccomp == nil)
        configuration.runtime.disableGuestSeccomp = false
        spec.linux?.seccomp = Linux.Seccomp(defaultAction: .errno, defaultErrnoRet: 1)
        let sent = try OCITranslation.translate(
            spec, context: context(configuration: configuration, agentSupportsSeccomp: true))
        #expect(sent.container.spec.linux?.seccomp == spec.linux?.seccomp)
        spec.linux?.seccomp?.defaultErrnoRet = 38
        #expect(throws: OCITranslation.Error.self) {
            try OCITranslation.translate(
                spec, context: context(configuration: configuration, agentSupportsSeccomp: true))
        }
    }

    @Test func linuxFieldsPassOrAreCleared() throws {
        var spec = try busyboxSpec()
        spec.hostname = "web"
        spec.annotations = ["io.kubernetes.cri.container-type": "container"]
        spec.hooks = Hooks(prestart: [Hook(path: "/usr/bin/nvidia-hook")], startContainer: [Hook(path: "/bin/x")])
        spec.process?.selinuxLabel = "system_u:system_r:container_t:s0:c1,c2"
        spec.linux?.mountLabel = "system_u:object_r:container_file_t:s0:c1,c2"
        spec.linux?.sysctl = ["net.ipv4.ip_unprivileged_port_start": "0"]
        spec.linux?.cgroupsPath = "kubepods-besteffort.slice:cri-containerd:c1"
        spec.linux?.rootfsPropagation = .rslave
        spec.linux?.uidMappings = [IDMapping(containerID: 0, hostID: 100_000, size: 65536)]
        spec.linux?.intelRdt = Linux.IntelRdt(closID: "gold", l3CacheSchema: "L3:0=f")
        let fuse = Linux.Device(
            type: .character, path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0)
        let vdb = Linux.Device(type: .block, path: "/dev/vdb", major: 254, minor: 16, fileMode: 0o660, uid: 0, gid: 6)
        let fifo = Linux.Device(type: .fifo, path: "/dev/myfifo")
        spec.linux?.devices = [
            .init(type: .character, path: "/dev/vfio/12", major: 243, minor: 0),
            .init(type: .character, path: "/dev/vfio/vfio", major: 10, minor: 196), fuse, vdb, fifo,
        ]
        let translated = try OCITranslation.translate(spec, context: context())
        let out = translated.container.spec
        #expect(out.hostname == "web")
        #expect(out.annotations == ["io.kubernetes.cri.container-type": "container"])
        #expect(out.hooks == nil)
        #expect(translated.hostHooks == spec.hooks)
        #expect(out.process?.selinuxLabel == nil)
        let linux = try #require(out.linux)
        #expect(linux.mountLabel == nil)
        #expect(linux.sysctl == ["net.ipv4.ip_unprivileged_port_start": "0"])
        #expect(linux.cgroupsPath == "kubepods-besteffort.slice:cri-containerd:c1")
        #expect(linux.rootfsPropagation == .rslave)
        #expect(linux.uidMappings == [IDMapping(containerID: 0, hostID: 100_000, size: 65536)])
        #expect(linux.gidMappings == nil)
        // Kept whole: the wire carries only l3CacheSchema.
        #expect(linux.intelRdt == Linux.IntelRdt(closID: "gold", l3CacheSchema: "L3:0=f"))
        // Host VFIO groups go; the rest pass unchanged, a FIFO without numbers among them.
        #expect(linux.devices == [fuse, vdb, fifo])
    }
}
