// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataConfig
import KataTestSupport
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

@Suite struct BusyboxTranslationTests {
    static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ]

    /// The spec the guest must see for containerd's busybox spec (what the Go runtime sends), built by hand.
    static func golden() -> Spec {
        Spec(
            ociVersion: "1.0.2-dev",
            process: OCISpec.Process(
                user: .init(additionalGids: [10]), args: ["sh"],
                env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cwd: "/",
                capabilities: .init(bounding: capabilities, effective: capabilities, permitted: capabilities),
                rlimits: [.init(type: .nofile, hard: 1024, soft: 1024)], noNewPrivileges: true),
            root: Root(path: "/run/kata-containers/shared/containers/test/rootfs"),
            mounts: [
                Mount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
                Mount(
                    destination: "/dev", type: "tmpfs", source: "tmpfs",
                    options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
                Mount(
                    destination: "/dev/pts", type: "devpts", source: "devpts",
                    options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
                Mount(
                    destination: "/dev/shm", type: "bind", source: "/run/kata-containers/sandbox/shm",
                    options: ["rbind"]),
                Mount(
                    destination: "/dev/mqueue", type: "mqueue", source: "mqueue",
                    options: ["nosuid", "noexec", "nodev"]),
                Mount(
                    destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
                Mount(
                    destination: "/run", type: "tmpfs", source: "tmpfs",
                    options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            ],
            linux: Linux(
                resources: Linux.Resources(), cgroupsPath: "/default/test",
                namespaces: [.init(type: .ipc), .init(type: .uts), .init(type: .mount)],
                maskedPaths: [
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
                ],
                readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]))
    }

    @Test func busyboxMatchesGolden() throws {
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context())
        #expect(translated.container.spec == Self.golden())
        #expect(translated.container.spec.hooks == nil)
        #expect(translated.container.id == "test")
        #expect(translated.container.storages.isEmpty)
        #expect(translated.container.sandboxPidns == false)
        #expect(translated.hostHooks == nil)
        #expect(
            translated.shares == [
                SharedPath(
                    hostSource: busyboxBundle + "/rootfs",
                    hostTarget: "/run/kata-containers/shared/sandboxes/test/mounts/test/rootfs",
                    guestPath: "/run/kata-containers/shared/containers/test/rootfs", readOnly: false)
            ])
    }

    /// End to end: the request is byte for byte what the translation sent before it produced OCI values.
    @Test func busyboxRequestIsUnchangedOnTheWire() throws {
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context())
        let request = Grpc_CreateContainerRequest(translated.container)
        let bytes: [UInt8] = try request.serializedBytes()
        #expect(bytes == TranslationGoldenBytes.busybox)
        let decoded = try Grpc_CreateContainerRequest(serializedBytes: bytes)
        #expect(decoded.containerID == "test")
        #expect(decoded.execID == "test")
        #expect(decoded.oci == Grpc_Spec(Self.golden()))
        #expect(decoded.storages.isEmpty)
        #expect(decoded.sandboxPidns == false)
    }

    @Test func withoutSandboxSHMDevShmIsAPrivateTmpfs() throws {
        let translated = try OCITranslation.translate(try busyboxSpec(), context: context(sandboxHasSHM: false))
        #expect(
            translated.container.spec.mounts?[3]
                == Mount(
                    destination: "/dev/shm", type: "tmpfs", source: "shm",
                    options: ["noexec", "nosuid", "nodev", "mode=1777", "size=67108864"]))
    }

    @Test func blockRootfsBecomesAStorage() throws {
        let device = OCITranslation.BlockDevice(driver: .scsi, source: "0:0", fstype: "xfs")
        let translated = try OCITranslation.translate(
            try busyboxSpec(), context: context(cid: "c1", rootfs: .blockDevice(device)))
        let storage = GuestStorage(
            driver: "scsi", source: "0:0", fstype: "xfs", options: ["nouuid"],
            mountPoint: "/run/kata-containers/shared/containers/c1")
        #expect(translated.container.storages == [storage])
        #expect(translated.container.spec.root == Root(path: "/run/kata-containers/shared/containers/c1"))
        #expect(translated.shares.isEmpty)
    }

    @Test func absoluteRootPathIsSharedAsIs() throws {
        var spec = try busyboxSpec()
        spec.root = Root(path: "/var/lib/rootfs/x", readonly: true)
        let translated = try OCITranslation.translate(spec, context: context(cid: "c2", sid: "sb"))
        #expect(
            translated.container.spec.root
                == Root(path: "/run/kata-containers/shared/containers/c2/rootfs", readonly: true))
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
