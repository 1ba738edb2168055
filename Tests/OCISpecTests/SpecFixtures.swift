// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

@testable import OCISpec

extension Spec {
    /// A spec with every field this model knows set, for round trips.
    static let everything = Spec(
        ociVersion: "1.1.0",
        process: Process(
            terminal: true, consoleSize: .init(height: 24, width: 80),
            user: .init(uid: 1000, gid: 1000, umask: 0o22, additionalGids: [5, 10], username: "app"),
            args: ["/bin/app", "--serve"], env: ["PATH=/bin", "HOME=/home/app"], cwd: "/home/app",
            capabilities: .init(
                bounding: ["CAP_KILL"], effective: ["CAP_KILL"], inheritable: [], permitted: ["CAP_KILL"],
                ambient: ["CAP_NET_BIND_SERVICE"]),
            rlimits: [.init(type: .nofile, hard: 4096, soft: 1024)], noNewPrivileges: true,
            apparmorProfile: "cri-containerd.apparmor.d", oomScoreAdj: -998, selinuxLabel: "system_u:system_r:c_t:s0"),
        root: Root(path: "/rootfs", readonly: true),
        hostname: "web", domainname: "example.com",
        mounts: [
            Mount(
                destination: "/data", type: "bind", source: "/srv/data", options: ["rbind", "ro"],
                uidMappings: [IDMapping(containerID: 0, hostID: 100_000, size: 65536)],
                gidMappings: [IDMapping(containerID: 0, hostID: 100_000, size: 65536)])
        ],
        hooks: Hooks(
            prestart: [Hook(path: "/bin/pre")], createRuntime: [Hook(path: "/bin/cr", args: ["cr"], env: ["A=1"])],
            createContainer: [Hook(path: "/bin/cc")], startContainer: [Hook(path: "/bin/sc", timeout: 5)],
            poststart: [Hook(path: "/bin/ps")], poststop: [Hook(path: "/bin/pst")]),
        annotations: ["io.kubernetes.cri.container-type": "container"],
        linux: Linux(
            uidMappings: [IDMapping(containerID: 0, hostID: 1000, size: 1)],
            gidMappings: [IDMapping(containerID: 0, hostID: 1000, size: 1)],
            sysctl: ["net.ipv4.ip_forward": "1"],
            resources: .init(
                devices: [.init(allow: true, type: .character, major: 1, minor: 3, access: "rwm")],
                memory: .init(
                    limit: 1 << 30, reservation: 1 << 29, swap: 1 << 31, kernel: -1, kernelTCP: -1, swappiness: 60,
                    disableOOMKiller: false, useHierarchy: true, checkBeforeUpdate: true),
                cpu: .init(
                    shares: 1024, quota: 50000, burst: 1000, period: 100_000, realtimeRuntime: 950_000,
                    realtimePeriod: 1_000_000, cpus: "0-1", mems: "0", idle: 0),
                pids: .init(limit: 100),
                blockIO: .init(
                    weight: 500, leafWeight: 300,
                    weightDevice: [.init(major: 8, minor: 0, weight: 600, leafWeight: 200)],
                    throttleReadBpsDevice: [.init(major: 8, minor: 0, rate: 1_048_576)],
                    throttleWriteBpsDevice: [.init(major: 8, minor: 0, rate: 2_097_152)],
                    throttleReadIOPSDevice: [.init(major: 8, minor: 0, rate: 100)],
                    throttleWriteIOPSDevice: [.init(major: 8, minor: 0, rate: 200)]),
                hugepageLimits: [.init(pageSize: "2MB", limit: 1 << 21)],
                network: .init(classID: 42, priorities: [.init(name: "eth0", priority: 5)]),
                rdma: ["mlx5_1": .init(hcaHandles: 3, hcaObjects: 10000)],
                unified: ["memory.high": "1073741824"]),
            cgroupsPath: "/kubepods/pod1/c1",
            namespaces: [.init(type: .pid), .init(type: .network, path: "/var/run/netns/cni-1")],
            devices: [
                .init(type: .character, path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0)
            ],
            seccomp: .init(
                defaultAction: .errno, defaultErrnoRet: 1, architectures: ["SCMP_ARCH_X86_64"],
                flags: ["SECCOMP_FILTER_FLAG_LOG"], listenerPath: "/run/seccomp.sock", listenerMetadata: "m",
                syscalls: [
                    .init(
                        names: ["personality"], action: .allow, errnoRet: 1,
                        args: [.init(index: 0, value: 8, valueTwo: 0, op: .equal)])
                ]),
            rootfsPropagation: .rprivate, maskedPaths: ["/proc/kcore"], readonlyPaths: ["/proc/sys"],
            mountLabel: "system_u:object_r:c_file_t:s0",
            intelRdt: .init(closID: "guaranteed", l3CacheSchema: "L3:0=ff", memBwSchema: "MB:0=50"),
            personality: .init(domain: .linux32, flags: [])))
}
