// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataConfig
import OCISpec
import Testing

@testable import KataRuntime

@Suite struct LinuxTranslationTests {
    static let namespaceCases: [(input: [Linux.Namespace], expected: [String], sandboxPidns: Bool)] = [
        (
            [.init(type: .pid), .init(type: .ipc), .init(type: .uts), .init(type: .mount), .init(type: .network)],
            ["ipc", "uts", "mount"], false
        ),
        (
            [
                .init(type: .pid, path: "/proc/42/ns/pid"), .init(type: .network, path: "/var/run/netns/cni-1"),
                .init(type: .ipc, path: "/proc/42/ns/ipc"), .init(type: .uts, path: "/proc/42/ns/uts"),
                .init(type: .mount),
            ], ["ipc", "uts", "mount"], true
        ),
        (
            [.init(type: .user), .init(type: .cgroup), .init(type: .time), .init(type: .mount)], ["user", "mount"],
            false
        ),
        ([], [], false),
    ]

    @Test(arguments: namespaceCases)
    func namespacesAreConstrained(input: [Linux.Namespace], expected: [String], sandboxPidns: Bool) {
        let result = OCITranslation.namespaces(input)
        #expect(result.namespaces.map(\.type) == expected)
        #expect(result.namespaces.allSatisfy { $0.path.isEmpty })
        #expect(result.sandboxPidns == sandboxPidns)
    }

    @Test func sharedPidNamespaceReachesTheRequest() throws {
        var spec = try busyboxSpec()
        spec.linux?.namespaces = [.init(type: .pid, path: "/proc/42/ns/pid"), .init(type: .mount)]
        let translated = try OCITranslation.translate(spec, context: context())
        #expect(translated.sandboxPidns)
        #expect(translated.createContainerRequest(containerID: "test").sandboxPidns)
    }

    static let seccomp = Linux.Seccomp(
        defaultAction: .errno, defaultErrnoRet: 38, architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
        flags: ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"], listenerPath: "/run/notify.sock",
        syscalls: [
            .init(names: ["accept", "read"], action: .allow),
            .init(
                names: ["personality"], action: .errno, errnoRet: 1,
                args: [.init(index: 0, value: 0xffff_ffff, valueTwo: 8, op: .maskedEqual)]),
        ])

    /// (disable_guest_seccomp, agent supports seccomp) → whether the filter is sent.
    @Test(arguments: [(true, false, false), (true, true, false), (false, true, true)])
    func seccompIsSentOnlyWhenWantedAndSupported(disable: Bool, supported: Bool, sent: Bool) throws {
        var spec = try busyboxSpec()
        spec.linux?.seccomp = Self.seccomp
        var configuration = KataConfiguration()
        configuration.runtime.disableGuestSeccomp = disable
        let translated = try OCITranslation.translate(
            spec, context: context(configuration: configuration, agentSupportsSeccomp: supported))
        #expect(translated.spec.linux.hasSeccomp == sent)
    }

    @Test func seccompConvertsFieldByField() {
        let out = OCITranslation.seccomp(Self.seccomp)
        #expect(out.defaultAction == "SCMP_ACT_ERRNO")
        #expect(out.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        #expect(out.flags == ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"])
        #expect(out.syscalls.count == 2)
        #expect(out.syscalls[0].names == ["accept", "read"])
        #expect(out.syscalls[0].action == "SCMP_ACT_ALLOW")
        #expect(out.syscalls[0].errnoRet == nil)
        #expect(out.syscalls[0].args.isEmpty)
        #expect(out.syscalls[1].errnoret == 1)
        var arg = Grpc_LinuxSeccompArg()
        arg.index = 0
        arg.value = 0xffff_ffff
        arg.valueTwo = 8
        arg.op = "SCMP_CMP_MASKED_EQ"
        #expect(out.syscalls[1].args == [arg])
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
        spec.linux?.devices = [
            .init(type: .character, path: "/dev/vfio/12", major: 243, minor: 0),
            .init(type: .character, path: "/dev/vfio/vfio", major: 10, minor: 196),
            .init(type: .character, path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0),
            .init(type: .block, path: "/dev/vdb", major: 254, minor: 16, fileMode: 0o660, uid: 0, gid: 6),
            .init(type: .fifo, path: "/dev/myfifo"),
        ]
        let translated = try OCITranslation.translate(spec, context: context())
        let out = translated.spec
        #expect(out.hostname == "web")
        #expect(out.annotations == ["io.kubernetes.cri.container-type": "container"])
        #expect(!out.hasHooks)
        #expect(translated.hostHooks == spec.hooks)
        #expect(out.process.selinuxLabel == "")
        #expect(out.linux.mountLabel == "")
        #expect(out.linux.sysctl == ["net.ipv4.ip_unprivileged_port_start": "0"])
        #expect(out.linux.cgroupsPath == "kubepods-besteffort.slice:cri-containerd:c1")
        #expect(out.linux.rootfsPropagation == "rslave")
        var mapping = Grpc_LinuxIDMapping()
        mapping.containerID = 0
        mapping.hostID = 100_000
        mapping.size = 65536
        #expect(out.linux.uidmappings == [mapping])
        #expect(out.linux.gidmappings.isEmpty)
        #expect(out.linux.intelRdt.l3CacheSchema == "L3:0=f")
        #expect(out.linux.devices.map(\.path) == ["/dev/fuse", "/dev/vdb", "/dev/myfifo"])
        var fuse = Grpc_LinuxDevice()
        fuse.path = "/dev/fuse"
        fuse.type = "c"
        fuse.major = 10
        fuse.minor = 229
        fuse.fileMode = 0o666
        #expect(out.linux.devices[0] == fuse)
        #expect(out.linux.devices[1].type == "b")
        #expect(out.linux.devices[1].gid == 6)
        #expect(out.linux.devices[2].type == "p")
    }
}
