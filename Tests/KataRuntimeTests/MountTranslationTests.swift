// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig
import OCISpec
import Testing

@testable import KataRuntime

private let sharedPrefix = "/run/kata-containers/shared/containers/"
private let hostPrefix = "/run/kata-containers/shared/sandboxes/sb1/mounts/"

@Suite struct MountTranslationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var mount: Mount
        var expected: Mount
        var share: SharedPath?
        var testDescription: String { name }
    }

    /// Each mount alone at index 0 of the spec, except `/data`, which sits at index 1 behind `/etc/hosts`.
    static let cases: [Case] = [
        Case(
            name: "kubelet /etc/hosts bind is shared",
            mount: Mount(
                destination: "/etc/hosts", type: "bind", source: "/var/lib/kubelet/pods/u1/etc-hosts",
                options: ["rbind", "rprivate", "rw"]),
            expected: Mount(
                destination: "/etc/hosts", type: "bind", source: sharedPrefix + "c1-65c4cfb5948197b2-hosts",
                options: ["rbind", "rprivate", "rw"]),
            share: SharedPath(
                hostSource: "/var/lib/kubelet/pods/u1/etc-hosts", hostTarget: hostPrefix + "c1-65c4cfb5948197b2-hosts",
                guestPath: sharedPrefix + "c1-65c4cfb5948197b2-hosts", readOnly: false)),
        Case(
            name: "type none with rbind,ro is a read-only share",
            mount: Mount(destination: "/data", type: "none", source: "/srv/data", options: ["rbind", "ro"]),
            expected: Mount(
                destination: "/data", type: "bind", source: sharedPrefix + "c1-ff2ff9252a00e1da-data",
                options: ["rbind", "ro"]),
            share: SharedPath(
                hostSource: "/srv/data", hostTarget: hostPrefix + "c1-ff2ff9252a00e1da-data",
                guestPath: sharedPrefix + "c1-ff2ff9252a00e1da-data", readOnly: true)),
        Case(
            name: "cgroup mount passes through",
            mount: Mount(
                destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
                options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
            expected: Mount(
                destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
                options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
            share: nil),
        Case(
            name: "bind of a /dev node passes through",
            mount: Mount(destination: "/dev/fuse", type: "bind", source: "/dev/fuse", options: ["rbind"]),
            expected: Mount(destination: "/dev/fuse", type: "bind", source: "/dev/fuse", options: ["rbind"]), share: nil
        ),
        Case(
            name: "bind of a /proc file passes through",
            mount: Mount(destination: "/proc/cpuinfo", type: "bind", source: "/proc/cpuinfo", options: ["bind", "ro"]),
            expected: Mount(
                destination: "/proc/cpuinfo", type: "bind", source: "/proc/cpuinfo", options: ["bind", "ro"]),
            share: nil),
        Case(
            name: "bind of /sys passes through",
            mount: Mount(destination: "/sys", type: "bind", source: "/sys", options: ["rbind", "ro"]),
            expected: Mount(destination: "/sys", type: "bind", source: "/sys", options: ["rbind", "ro"]), share: nil),
        Case(
            name: "CRI /dev/shm bind becomes the sandbox shm",
            mount: Mount(
                destination: "/dev/shm", type: "bind",
                source: "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/sb1/shm", options: ["rbind", "ro"]),
            expected: Mount(
                destination: "/dev/shm", type: "bind", source: "/run/kata-containers/sandbox/shm", options: ["rbind"]),
            share: nil),
        Case(
            name: "tmpfs passes through",
            mount: Mount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "size=1g"]),
            expected: Mount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "size=1g"]),
            share: nil),
        Case(
            name: "missing type and source stay absent",
            mount: Mount(destination: "/mnt"), expected: Mount(destination: "/mnt"), share: nil),
        Case(
            name: "an rslave volume (HostToContainer) propagates host mounts",
            mount: Mount(destination: "/disks", type: "bind", source: "/mnt/disks", options: ["rbind", "rslave"]),
            expected: Mount(
                destination: "/disks", type: "bind", source: sharedPrefix + "c1-caf8dff605e2b9cf-disks",
                options: ["rbind", "rslave"]),
            share: SharedPath(
                hostSource: "/mnt/disks", hostTarget: hostPrefix + "c1-caf8dff605e2b9cf-disks",
                guestPath: sharedPrefix + "c1-caf8dff605e2b9cf-disks", readOnly: false, propagation: .hostToContainer)),
        Case(
            name: "an rshared volume (Bidirectional) is bidirectional, read-only too",
            mount: Mount(
                destination: "/plugins", type: "bind", source: "/var/lib/kubelet/plugins",
                options: ["rbind", "rprivate", "rshared", "ro"]),
            expected: Mount(
                destination: "/plugins", type: "bind", source: sharedPrefix + "c1-72c8e36c3f4d3714-plugins",
                options: ["rbind", "rprivate", "rshared", "ro"]),
            share: SharedPath(
                hostSource: "/var/lib/kubelet/plugins", hostTarget: hostPrefix + "c1-72c8e36c3f4d3714-plugins",
                guestPath: sharedPrefix + "c1-72c8e36c3f4d3714-plugins", readOnly: true, propagation: .bidirectional)),
    ]

    @Test(arguments: cases)
    func mountIsTranslated(_ testCase: Case) throws {
        var mounts = [testCase.mount]
        if testCase.mount.destination == "/data" {
            mounts.insert(Self.cases[0].mount, at: 0)
        }
        let result = try OCITranslation.mounts(mounts, context: context(cid: "c1", sid: "sb1"))
        #expect(result.mounts.last == testCase.expected)
        #expect(result.shares.last == testCase.share)
        #expect(result.mounts.count == mounts.count)
    }

    @Test func sharesFollowTheRootfsInMountOrder() throws {
        var spec = try busyboxSpec()
        spec.mounts = [Self.cases[0].mount, Self.cases[1].mount, Self.cases[2].mount]
        let translated = try OCITranslation.translate(spec, context: context(cid: "c1", sid: "sb1"))
        #expect(
            translated.shares.map(\.guestPath) == [
                sharedPrefix + "c1/rootfs", sharedPrefix + "c1-65c4cfb5948197b2-hosts",
                sharedPrefix + "c1-ff2ff9252a00e1da-data",
            ])
        #expect(translated.container.spec.mounts?.map(\.destination) == ["/etc/hosts", "/data", "/sys/fs/cgroup"])
    }

    @Test func translatingTwiceGivesTheSamePaths() throws {
        let mounts = [Self.cases[0].mount, Self.cases[1].mount]
        let first = try OCITranslation.mounts(mounts, context: context(cid: "c1", sid: "sb1"))
        let second = try OCITranslation.mounts(mounts, context: context(cid: "c1", sid: "sb1"))
        #expect(first.shares == second.shares)
        #expect(Set(first.shares.map(\.guestPath)).count == 2)
    }

    @Test func secretVolumeGetsAWatchableBindStorage() throws {
        let source = "/var/lib/kubelet/pods/u1/volumes/kubernetes.io~secret/token"
        var spec = try busyboxSpec()
        spec.mounts = [
            Mount(
                destination: "/var/run/secrets/kubernetes.io/serviceaccount", type: "bind", source: source,
                options: ["rbind", "rprivate", "ro"])
        ]
        let translated = try OCITranslation.translate(
            spec, context: context(cid: "c1", sid: "sb1", watchableSources: [source]))
        let name = try #require(translated.shares.last?.guestPath.split(separator: "/").last.map(String.init))
        #expect(name.hasPrefix("c1-") && name.hasSuffix("-serviceaccount"))
        let storage = GuestStorage(
            driver: "watchable-bind", source: sharedPrefix + name, fstype: "bind",
            options: ["rbind", "rprivate", "ro"],
            mountPoint: sharedPrefix + "watchable/" + name)
        #expect(translated.container.storages == [storage])
        #expect(
            translated.container.spec.mounts?[0]
                == Mount(
                    destination: "/var/run/secrets/kubernetes.io/serviceaccount", type: "bind",
                    source: sharedPrefix + "watchable/" + name, options: ["rbind", "rprivate", "ro"]))
        #expect(translated.shares.last?.readOnly == true)
        #expect(translated.shares.last?.hostSource == source)
    }
}
