// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataConfig
import OCISpec
import Testing

@testable import KataRuntime

let busyboxBundle = "/run/containerd/io.containerd.runtime.v2.task/default/test"

func busyboxSpec() throws -> Spec {
    try OCISpec.Bundle.decode(Array(busyboxConfigJSON.utf8), bundle: busyboxBundle).spec
}

func context(
    cid: String = "test", sid: String = "test", rootfs: OCITranslation.Rootfs = .sharedDirectory,
    configuration: KataConfiguration = KataConfiguration(), agentSupportsSeccomp: Bool = false,
    sandboxHasSHM: Bool = true, watchableSources: Set<String> = []
) -> OCITranslation.Context {
    OCITranslation.Context(
        containerID: cid, sandboxID: sid, bundlePath: busyboxBundle, rootfs: rootfs, configuration: configuration,
        agentSupportsSeccomp: agentSupportsSeccomp, sandboxHasSHM: sandboxHasSHM, watchableSources: watchableSources)
}

func grpcMount(_ destination: String, _ type: String, _ source: String, _ options: [String]) -> Grpc_Mount {
    var mount = Grpc_Mount()
    mount.destination = destination
    mount.type = type
    mount.source = source
    mount.options = options
    return mount
}

@Suite struct BusyboxTranslationTests {
    static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ]

    /// The Grpc_Spec the Go runtime sends for containerd's busybox spec, built by hand.
    static func golden() -> Grpc_Spec {
        var spec = Grpc_Spec()
        spec.version = "1.0.2-dev"
        var process = Grpc_Process()
        var user = Grpc_User()
        user.additionalGids = [10]
        process.user = user
        process.args = ["sh"]
        process.env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        process.cwd = "/"
        var caps = Grpc_LinuxCapabilities()
        caps.bounding = capabilities
        caps.effective = capabilities
        caps.permitted = capabilities
        process.capabilities = caps
        var nofile = Grpc_POSIXRlimit()
        nofile.type = "RLIMIT_NOFILE"
        nofile.hard = 1024
        nofile.soft = 1024
        process.rlimits = [nofile]
        process.noNewPrivileges = true
        spec.process = process
        var root = Grpc_Root()
        root.path = "/run/kata-containers/shared/containers/test/rootfs"
        spec.root = root
        spec.mounts = [
            grpcMount("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
            grpcMount("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            grpcMount(
                "/dev/pts", "devpts", "devpts",
                ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            grpcMount("/dev/shm", "bind", "/run/kata-containers/sandbox/shm", ["rbind"]),
            grpcMount("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
            grpcMount("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
            grpcMount("/run", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        ]
        var linux = Grpc_Linux()
        linux.resources = Grpc_LinuxResources()
        linux.cgroupsPath = "/default/test"
        linux.namespaces = ["ipc", "uts", "mount"].map { type in
            var namespace = Grpc_LinuxNamespace()
            namespace.type = type
            return namespace
        }
        linux.maskedPaths = [
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
        ]
        linux.readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
        spec.linux = linux
        return spec
    }

    @Test func busyboxMatchesGolden() throws {
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context())
        #expect(translated.spec == Self.golden())
        #expect(!translated.spec.hasHooks)
        #expect(translated.storages.isEmpty)
        #expect(translated.sandboxPidns == false)
        #expect(translated.hostHooks == nil)
        #expect(
            translated.shares == [
                SharedPath(
                    hostSource: busyboxBundle + "/rootfs",
                    hostTarget: "/run/kata-containers/shared/sandboxes/test/mounts/test/rootfs",
                    guestPath: "/run/kata-containers/shared/containers/test/rootfs", readOnly: false)
            ])
    }

    @Test func busyboxGoldenSurvivesTheWire() throws {
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context())
        let request = translated.createContainerRequest(containerID: "test")
        let decoded = try Grpc_CreateContainerRequest(serializedBytes: try request.serializedBytes() as [UInt8])
        #expect(decoded.containerID == "test")
        #expect(decoded.execID == "test")
        #expect(decoded.oci == Self.golden())
        #expect(decoded.storages.isEmpty)
        #expect(decoded.sandboxPidns == false)
    }

    @Test func withoutSandboxSHMDevShmIsAPrivateTmpfs() throws {
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context(sandboxHasSHM: false))
        #expect(
            translated.spec.mounts[3]
                == grpcMount(
                    "/dev/shm", "tmpfs", "shm", ["noexec", "nosuid", "nodev", "mode=1777", "size=67108864"]))
    }

    @Test func blockRootfsBecomesAStorage() throws {
        let device = OCITranslation.BlockDevice(driver: .scsi, source: "0:0", fstype: "xfs")
        let translated = try OCITranslation.translate(
            try busyboxSpec(), context: context(cid: "c1", rootfs: .blockDevice(device)))
        var storage = Grpc_Storage()
        storage.driver = "scsi"
        storage.source = "0:0"
        storage.fstype = "xfs"
        storage.options = ["nouuid"]
        storage.mountPoint = "/run/kata-containers/shared/containers/c1"
        #expect(translated.storages == [storage])
        #expect(translated.spec.root.path == "/run/kata-containers/shared/containers/c1")
        #expect(translated.shares.isEmpty)
        #expect(translated.createContainerRequest(containerID: "c1").storages == [storage])
    }

    @Test func absoluteRootPathIsSharedAsIs() throws {
        var spec = try busyboxSpec()
        spec.root = Root(path: "/var/lib/rootfs/x", readonly: true)
        let translated = try OCITranslation.translate(spec, context: context(cid: "c2", sid: "sb"))
        #expect(translated.spec.root.readonly)
        #expect(translated.spec.root.path == "/run/kata-containers/shared/containers/c2/rootfs")
        #expect(translated.shares.first?.hostSource == "/var/lib/rootfs/x")
        #expect(translated.shares.first?.hostTarget == "/run/kata-containers/shared/sandboxes/sb/mounts/c2/rootfs")
    }

    @Test(arguments: [SharedFS.virtioFS, .virtio9p, .inlineVirtioFS])
    func everySharingFileSystemGivesTheSameSpec(sharedFS: SharedFS) throws {
        var configuration = KataConfiguration()
        configuration.hypervisor.sharedFS = sharedFS
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context(configuration: configuration))
        #expect(translated == (try OCITranslation.translate(try busyboxSpec(), context: context())))
    }
}
