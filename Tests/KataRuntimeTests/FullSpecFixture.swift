// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig
import OCISpec

@testable import KataRuntime

/// A Kubernetes secret volume's source, watchable in `fullContext`.
let fullSecretSource = "/var/lib/kubelet/pods/u1/volumes/kubernetes.io~secret/token"

/// Full resources: every field the agent protocol carries, and the ones it drops.
let fullResources = Linux.Resources(
    devices: [
        .init(allow: false, access: "rwm"),
        .init(allow: true, type: .character, major: 1, minor: 3, access: "rwm"),
    ],
    memory: .init(
        limit: 536_870_912, reservation: 268_435_456, swap: 1_073_741_824, kernel: -1, kernelTCP: 4_194_304,
        swappiness: 60, disableOOMKiller: true, useHierarchy: true, checkBeforeUpdate: true),
    cpu: .init(
        shares: 512, quota: 150_000, burst: 10, period: 100_000, realtimeRuntime: 950_000, realtimePeriod: 1_000_000,
        cpus: "2-3", mems: "0", idle: 1),
    pids: .init(limit: 1024),
    blockIO: .init(
        weight: 500, leafWeight: 300, weightDevice: [.init(major: 8, minor: 0, weight: 600, leafWeight: 200)],
        throttleReadBpsDevice: [.init(major: 8, minor: 0, rate: 1_048_576)],
        throttleWriteBpsDevice: [.init(major: 8, minor: 16, rate: 2_097_152)],
        throttleReadIOPSDevice: [.init(major: 8, minor: 0, rate: 100)],
        throttleWriteIOPSDevice: [.init(major: 8, minor: 16, rate: 200)]),
    hugepageLimits: [.init(pageSize: "2MB", limit: 4_194_304), .init(pageSize: "1GB", limit: 0)],
    network: .init(classID: 0x10_0001, priorities: [.init(name: "eth0", priority: 7)]),
    rdma: ["mlx5_0": .init(hcaHandles: 2)], unified: ["memory.high": "max"])

/// A full process: every field the agent protocol carries, and `umask` and `commandLine`, which it drops.
let fullProcess = Process(
    terminal: true, consoleSize: .init(height: 40, width: 120),
    user: .init(uid: 1000, gid: 100, umask: 0o77, additionalGids: [5, 10], username: "app"),
    args: ["/bin/sh", "-c", "exec app"], commandLine: "app.exe", env: ["PATH=/bin", "TERM=xterm"], cwd: "/srv",
    capabilities: .init(
        bounding: ["CAP_KILL", "CAP_CHOWN"], effective: ["CAP_KILL"], inheritable: ["CAP_KILL"],
        permitted: ["CAP_KILL", "CAP_CHOWN"], ambient: ["CAP_NET_BIND_SERVICE"]),
    rlimits: [.init(type: .nofile, hard: 65536, soft: 1024), .init(type: .core, hard: 0, soft: 0)],
    noNewPrivileges: true, apparmorProfile: "cri-containerd.apparmor.d", oomScoreAdj: -997,
    selinuxLabel: "system_u:system_r:container_t:s0")

/// A seccomp filter using every field the host can send: `defaultErrnoRet` only as EPERM, the
/// agent's default (the wire has no field for it), and no `listenerPath` (refused);
/// `listenerMetadata` is dropped.
let fullSeccomp = Linux.Seccomp(
    defaultAction: .errno, defaultErrnoRet: 1, architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
    flags: ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"], listenerMetadata: "meta",
    syscalls: [
        .init(names: ["accept", "read"], action: .allow),
        .init(
            names: ["personality"], action: .errno, errnoRet: 1,
            args: [.init(index: 0, value: 0xffff_ffff, valueTwo: 8, op: .maskedEqual)]),
    ])

/// A spec exercising every translation rule and every field the agent protocol carries. Maps hold one
/// entry each so that the serialized request is the same in every process.
func fullSpec() -> Spec {
    Spec(
        ociVersion: "1.1.0", process: fullProcess, root: Root(path: "rootfs", readonly: true), hostname: "web",
        domainname: "example.org",
        mounts: [
            Mount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            Mount(
                destination: "/etc/hosts", type: "bind", source: "/var/lib/kubelet/pods/u1/etc-hosts",
                options: ["rbind", "rprivate", "rw"]),
            Mount(
                destination: "/var/run/secrets/kubernetes.io/serviceaccount", type: "bind", source: fullSecretSource,
                options: ["rbind", "rprivate", "ro"]),
            Mount(
                destination: "/dev/shm", type: "bind",
                source: "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/sb1/shm", options: ["rbind", "ro"]),
            Mount(destination: "/dev/fuse", type: "bind", source: "/dev/fuse", options: ["rbind"]),
            Mount(destination: "/data", type: "none", source: "/srv/data", options: ["rbind", "ro"]),
            Mount(destination: "/mnt"),
        ],
        hooks: Hooks(
            prestart: [
                Hook(path: "/usr/bin/nvidia-hook", args: ["nvidia-hook", "prestart"], env: ["A=1"], timeout: 5)
            ],
            poststop: [Hook(path: "/bin/cleanup")]),
        annotations: ["io.kubernetes.cri.container-type": "container"],
        linux: Linux(
            uidMappings: [IDMapping(containerID: 0, hostID: 100_000, size: 65536)],
            gidMappings: [IDMapping(containerID: 0, hostID: 200_000, size: 65536)],
            sysctl: ["net.ipv4.ip_unprivileged_port_start": "0"], resources: fullResources,
            cgroupsPath: "kubepods-besteffort.slice:cri-containerd:c1",
            namespaces: [
                .init(type: .pid, path: "/proc/42/ns/pid"), .init(type: .network, path: "/var/run/netns/cni-1"),
                .init(type: .ipc, path: "/proc/42/ns/ipc"), .init(type: .uts), .init(type: .mount),
                .init(type: .user), .init(type: .cgroup), .init(type: .time),
            ],
            devices: [
                .init(type: .character, path: "/dev/vfio/12", major: 243, minor: 0),
                .init(type: .character, path: "/dev/vfio/vfio", major: 10, minor: 196),
                .init(type: .character, path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0),
                .init(type: .block, path: "/dev/vdb", major: 254, minor: 16, fileMode: 0o660, uid: 0, gid: 6),
                .init(type: .fifo, path: "/dev/myfifo"),
            ],
            seccomp: fullSeccomp, rootfsPropagation: .rslave, maskedPaths: ["/proc/kcore"],
            readonlyPaths: ["/proc/sys"], mountLabel: "system_u:object_r:container_file_t:s0:c1,c2",
            intelRdt: .init(closID: "gold", l3CacheSchema: "L3:0=f", memBwSchema: "MB:0=50"),
            personality: .init(domain: .linux)))
}

/// `fullSpec`'s context: guest seccomp wanted and supported, the secret watchable.
func fullContext(
    rootfs: OCITranslation.Rootfs = .sharedDirectory, sandboxHasSHM: Bool = true
) -> OCITranslation.Context {
    var configuration = KataConfiguration()
    configuration.runtime.disableGuestSeccomp = false
    return context(
        cid: "c1", sid: "sb1", rootfs: rootfs, configuration: configuration, agentSupportsSeccomp: true,
        sandboxHasSHM: sandboxHasSHM, watchableSources: [fullSecretSource])
}
