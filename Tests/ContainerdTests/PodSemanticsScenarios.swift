// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataTestSupport
import Testing

/// A pod as CRI lays it out, made with ctr: a sandbox container and a member (the CRI annotations),
/// both binding one host tmpfs on /dev/shm as CRI binds the sandbox's shm, the member with memory
/// and CPU limits and CRI's read-only `cgroup` mount. runc is the oracle for what the member
/// sees: the other container's /dev/shm file, the tmpfs's size, its own limits at the top of
/// /sys/fs/cgroup. Under Kata both containers also share the sandbox's IPC namespace and hostname.
extension ContainerdScenarios {
    /// The member's memory and CPU limits as `memory cfs-quota cfs-period`, on cgroup v2 or v1.
    static let limitsScript =
        "if [ -f /sys/fs/cgroup/memory.max ]; then m=$(cat /sys/fs/cgroup/memory.max); "
        + "set -- $(cat /sys/fs/cgroup/cpu.max); q=$1; p=$2; "
        + "else m=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us); "
        + "p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us); fi; echo $m $q $p; "
        + "mkdir /sys/fs/cgroup/probe 2>/dev/null || echo read-only"

    func podSharesSHMAndShowsLimits() async throws {
        let sandbox = containerID("pod-shm-sandbox")
        let member = containerID("pod-shm-member")
        // A host tmpfs like the one CRI mounts at .../sandboxes/<id>/shm for the pod.
        let shm = "/tmp/kata-test-shm-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: shm, withIntermediateDirectories: true)
        try #require(
            try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m,mode=1777", "shm", shm]) == 0,
            "cannot mount a tmpfs on \(shm)")
        defer {
            _ = try? Self.run("/bin/umount", [shm])
            try? FileManager.default.removeItem(atPath: shm)
        }
        try await withContainers([member, sandbox]) {
            let pod = ["--annotation", "io.kubernetes.cri.sandbox-id=\(sandbox)"]
            let shmBind = ["--mount", "type=bind,src=\(shm),dst=/dev/shm,options=rbind:rw"]
            let first = try await ctr.run(
                runArguments(
                    ["-d", "--annotation", "io.kubernetes.cri.container-type=sandbox"] + pod + shmBind, sandbox,
                    ["sleep", "300"]))
            try #require(first.status == 0, "\(first)")
            // ctr's default spec has no cgroup mount; CRI's has this one.
            let limits = [
                "--memory-limit", "67108864", "--cpu-quota", "50000", "--cpu-period", "100000",
                "--mount", "type=cgroup,src=cgroup,dst=/sys/fs/cgroup,options=nosuid:noexec:nodev:relatime:ro",
            ]
            let second = try await ctr.run(
                runArguments(
                    ["-d", "--annotation", "io.kubernetes.cri.container-type=container"] + pod + shmBind + limits,
                    member, ["sleep", "300"]))
            try #require(second.status == 0, "\(second)")

            let write = try await exec(
                sandbox, "shm-write", ["sh", "-c", "echo from-the-sandbox > /dev/shm/probe"], expecting: "")
            #expect(write.status == 0, "\(write)")
            let read = try await exec(member, "shm-read", ["cat", "/dev/shm/probe"], expecting: "from-the-sandbox\n")
            #expect(read.stdout == "from-the-sandbox\n", "the member must see the sandbox's /dev/shm: \(read)")
            // 16 MiB in 4 KiB blocks.
            let size = try await exec(
                member, "shm-size", ["stat", "-f", "-c", "%b %S", "/dev/shm"], expecting: "4096 4096\n")
            #expect(size.stdout == "4096 4096\n", "/dev/shm must be the size of the pod's shm: \(size)")

            let seen = try await exec(
                member, "limits", ["sh", "-c", Self.limitsScript], expecting: "67108864 50000 100000\nread-only\n")
            #expect(seen.stdout == "67108864 50000 100000\nread-only\n", "the member must see its own limits: \(seen)")

            guard runtime == .kata else { return }
            // Two ctr containers under runc have namespaces of their own; a Kata pod's are the sandbox's.
            let script = "readlink /proc/self/ns/ipc; hostname"
            let inSandbox = try await exec(sandbox, "ns-sandbox", ["sh", "-c", script], expecting: "")
            let inMember = try await exec(member, "ns-member", ["sh", "-c", script], expecting: "")
            #expect(inSandbox.stdout.hasPrefix("ipc:["), "\(inSandbox)")
            #expect(inMember.stdout == inSandbox.stdout, "one IPC namespace and hostname per pod: \(inMember)")
        }
        if runtime == .kata { try await expectNothingLeft(of: sandbox) }
    }

    /// Runs a program to its end, throwing when it fails.
    static func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite(
    "pod semantics with io.containerd.runc.v2",
    .enabled(
        if: ContainerdEnvironment.unavailableReason == nil && getuid() == 0,
        Comment(rawValue: ContainerdEnvironment.unavailableReason ?? "needs root to mount a tmpfs"))
)
struct RuncPodSemanticsTests {
    @Test func podSharesSHMAndShowsLimits() async throws {
        try await ContainerdScenarios(runtime: .runc).podSharesSHMAndShowsLimits()
    }
}

@Suite(
    "pod semantics with io.containerd.kata.v2",
    .serialized, .bootsVM,
    .enabled(
        if: ContainerdEnvironment.kataUnavailableReason == nil && getuid() == 0,
        Comment(rawValue: ContainerdEnvironment.kataUnavailableReason ?? "needs root to mount a tmpfs"))
)
struct KataPodSemanticsTests {
    @Test func podSharesSHMAndShowsLimits() async throws {
        try await ContainerdScenarios(runtime: .kata).podSharesSHMAndShowsLimits()
    }
}
