// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import KataTestSupport
import Testing

@testable import KataRuntime

/// A pod in one real VM, as CRI lays it out: a pause container and a member, both binding one host
/// tmpfs on /dev/shm (CRI's sandbox shm), the member with memory and CPU limits and containerd's
/// read-only `cgroup` mount. One boot for every check, on the guest's default cgroup v1 and on v2
/// (the kernel parameters upstream ships), where each container has a cgroup namespace.
@Suite(.serialized, .bootsVM, .timeLimit(.minutes(12)), .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct PodVMTests {
    @Test(arguments: [[], ["cgroup_no_v1=all", "systemd.unified_cgroup_hierarchy=1"]])
    func podContainersShareTheSandboxSHMAndNamespacesAndSeeTheirOwnLimits(kernelParams: [String]) async throws {
        let shm = try PodFixture.directory("shm")
        try KataLinux.Mount.mount(source: "shm", target: shm, type: "tmpfs", flags: [], data: "size=16m,mode=1777")
        defer {
            try? KataLinux.Mount.unmount(shm, detach: true)
            try? FileManager.default.removeItem(atPath: shm)
        }
        let shmBind: [String: Any] = [
            "destination": "/dev/shm", "type": "bind", "source": shm, "options": ["rbind", "rw"],
        ]
        let cgroupMount: [String: Any] = [
            "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
            "options": ["nosuid", "noexec", "nodev", "relatime", "ro"],
        ]
        // CRI's per-pod /etc/hosts: a host file every container binds read-write.
        let etc = try PodFixture.directory("etc")
        defer { try? FileManager.default.removeItem(atPath: etc) }
        try "127.0.0.1 localhost\n".write(toFile: etc + "/hosts", atomically: true, encoding: .utf8)
        let hostsBind: [String: Any] = [
            "destination": "/etc/hosts", "type": "bind", "source": etc + "/hosts",
            "options": ["rbind", "rprivate", "rw"],
        ]
        let pauseBundle = try PodFixture.bundle(args: ["sleep", "3000"], extraMounts: [shmBind, hostsBind])
        let memberBundle = try PodFixture.bundle(
            args: ["sleep", "3000"], extraMounts: [shmBind, cgroupMount, hostsBind], memoryLimit: 64 << 20)
        try Self.setCPUQuota(memberBundle, quota: 50_000, period: 100_000)

        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.kernelParams += kernelParams
        let vm = PodFixture.vmSandbox(loaded)
        do {
            try await Self.scenario(
                vm, pauseBundle: pauseBundle, memberBundle: memberBundle, cgroupV2: !kernelParams.isEmpty,
                hostsFile: etc + "/hosts")
        } catch {
            try await vm.tearDown()
            throw error
        }
        try await vm.tearDown()
        #expect(PodFixture.processes(naming: vm.sandboxID).isEmpty)
        #expect(PodFixture.mounts(of: vm.sandboxID).isEmpty)
        #expect(PodFixture.leftovers(of: vm.sandboxID).isEmpty)
    }

    static func scenario(
        _ vm: PodFixture.VMSandbox, pauseBundle: String, memberBundle: String, cgroupV2: Bool, hostsFile: String
    ) async throws {
        let pause = ProcessKey(containerID: "pause")
        let member = ProcessKey(containerID: "member")
        try await vm.create("pause", bundle: pauseBundle)
        _ = try await vm.sandbox.start(pause)
        try await vm.create("member", bundle: memberBundle)
        _ = try await vm.sandbox.start(member)
        #expect(
            !PodFixture.mounts(of: vm.sandboxID).contains { $0.contains("-shm ") },
            "the host's shm must not be shared through virtio-fs")

        func run(_ key: ProcessKey, _ script: String) async throws -> String {
            try await vm.exec(key, SandboxVMTests.processJSON(["sh", "-c", script]))
            _ = try await vm.sandbox.start(key)
            let output = try await vm.io(key).output()
            #expect(try await vm.wait(key).code == 0, "\(key): \(output)")
            _ = try await vm.sandbox.delete(key)
            return output.stdout
        }
        _ = try await run(ProcessKey(containerID: "pause", execID: "write"), "echo from-the-pause > /dev/shm/probe")
        #expect(
            try await run(ProcessKey(containerID: "member", execID: "read"), "cat /dev/shm/probe") == "from-the-pause\n"
        )
        #expect(
            try await run(
                ProcessKey(containerID: "member", execID: "size"), "df -k /dev/shm | tail -n 1 | awk '{print $2}'")
                == "16384\n", "/dev/shm is the size of the host's shm tmpfs")
        // What runc shows on this host for the same spec (ContainerdTests' pod suite compares the two).
        #expect(
            try await run(ProcessKey(containerID: "member", execID: "limits"), ContainerdLimits.script)
                == "67108864 50000 100000\nread-only\n")
        // v2: the member's own cgroup namespace, which an exec joins, roots its cgroup; v1 has none.
        let cgroup = try await run(ProcessKey(containerID: "member", execID: "cgroup"), "cat /proc/self/cgroup")
        if cgroupV2 {
            #expect(cgroup == "0::/\n")
        } else {
            #expect(cgroup.contains(":memory:/kata-test/"), "\(cgroup)")
        }
        let namespaces = "readlink /proc/self/ns/ipc; hostname"
        let inPause = try await run(ProcessKey(containerID: "pause", execID: "ns"), namespaces)
        let inMember = try await run(ProcessKey(containerID: "member", execID: "ns"), namespaces)
        #expect(inPause.hasPrefix("ipc:["), "\(inPause)")
        #expect(inMember == inPause, "one IPC namespace and hostname per pod")

        // The hosts file is the host's, shared read-write as runc binds it: a line the pause adds
        // reaches the host file and the member.
        _ = try await run(ProcessKey(containerID: "pause", execID: "hosts"), "echo '10.0.0.9 peer' >> /etc/hosts")
        #expect(
            try await run(ProcessKey(containerID: "member", execID: "hosts"), "cat /etc/hosts")
                == "127.0.0.1 localhost\n10.0.0.9 peer\n")
        #expect(
            (try? String(contentsOfFile: hostsFile, encoding: .utf8)) == "127.0.0.1 localhost\n10.0.0.9 peer\n")

        try await vm.sandbox.kill(member, signal: 9, all: true)
        _ = try await vm.wait(member)
        _ = try await vm.sandbox.delete(member)
        try await vm.sandbox.kill(pause, signal: 9, all: true)
        _ = try await vm.wait(pause)
    }

    /// Adds `linux.resources.cpu` quota and period to a bundle's config.json.
    static func setCPUQuota(_ bundle: String, quota: Int, period: Int) throws {
        let file = URL(fileURLWithPath: bundle + "/config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        var linux = json["linux"] as? [String: Any] ?? [:]
        var resources = linux["resources"] as? [String: Any] ?? [:]
        resources["cpu"] = ["quota": quota, "period": period]
        linux["resources"] = resources
        json["linux"] = linux
        try JSONSerialization.data(withJSONObject: json).write(to: file)
    }
}

/// The limits a container sees at the top of /sys/fs/cgroup, as `memory cfs-quota cfs-period`, on
/// cgroup v2 or v1, then whether the mount is read-only.
enum ContainerdLimits {
    static let script =
        "if [ -f /sys/fs/cgroup/memory.max ]; then m=$(cat /sys/fs/cgroup/memory.max); "
        + "set -- $(cat /sys/fs/cgroup/cpu.max); q=$1; p=$2; "
        + "else m=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us); "
        + "p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us); fi; echo $m $q $p; "
        + "mkdir /sys/fs/cgroup/probe 2>/dev/null || echo read-only"
}
