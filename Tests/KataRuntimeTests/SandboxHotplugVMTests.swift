// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataTestSupport
import Testing

@testable import KataRuntime

/// A real TCG VM grows by CPU and memory hot-plug as its containers ask, measured in the guest.
@Suite(.serialized, .bootsVM, .timeLimit(.minutes(15)), .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct SandboxHotplugVMTests {
    /// What the guest reports: online CPUs, `nproc` in the container, and MemTotal in KiB.
    struct GuestSize {
        var onlineCPUs: Int
        var nproc: Int
        var memTotalKiB: Int
    }

    /// The host has 2 CPUs, but TCG runs more vCPUs than that: 1 at boot and at most 5, 512 MiB at
    /// boot and at most 8 GiB (memfd RAM is only allocated when the guest touches it).
    static func configuration() -> LoadedConfiguration {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.defaultVCPUs = 1
        loaded.configuration.hypervisor.defaultMaxVCPUs = 5
        loaded.configuration.hypervisor.defaultMaxMemoryMiB = 8192
        // Five TCG vCPUs on two busy host cores make every guest-wide IPI slow: CreateContainer
        // gets more than the shipped minute.
        loaded.configuration.runtime.createContainerTimeoutSeconds = 300
        return loaded
    }

    /// A sleeping container whose spec asks for `cpus` (quota/period) and `memoryMiB`.
    static func bundle(cpus: Double, memoryMiB: Int) throws -> String {
        let bundle = try PodFixture.bundle(args: ["sleep", "3000"], memoryLimit: memoryMiB << 20)
        let file = URL(fileURLWithPath: bundle + "/config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        var linux = json["linux"] as? [String: Any] ?? [:]
        var resources = linux["resources"] as? [String: Any] ?? [:]
        resources["cpu"] = ["quota": Int(cpus * 100_000), "period": 100_000]
        linux["resources"] = resources
        json["linux"] = linux
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        return bundle
    }

    /// Runs an exec in `container` that prints what the guest has.
    static func measure(_ vm: PodFixture.VMSandbox, in container: String, exec: String) async throws -> GuestSize {
        let key = ProcessKey(containerID: container, execID: exec)
        let script = "cat /sys/devices/system/cpu/online; nproc; grep MemTotal /proc/meminfo"
        try await vm.exec(key, SandboxVMTests.processJSON(["sh", "-c", script]))
        _ = try await vm.sandbox.start(key)
        let output = try await vm.io(key).output().stdout
        #expect(try await vm.wait(key).code == 0)
        _ = try await vm.sandbox.delete(key)
        print("guest after \(exec): \(output.split(separator: "\n").joined(separator: " | "))")
        let lines = output.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "\(output)")
        let memory = lines[2].split(separator: " ").compactMap { Int($0) }.first
        return GuestSize(
            onlineCPUs: Self.count(cpuList: lines[0]), nproc: try #require(Int(lines[1])),
            memTotalKiB: try #require(memory))
    }

    /// CPUs in a sysfs list such as `0-3` or `0,2-4`.
    static func count(cpuList: String) -> Int {
        cpuList.split(separator: ",").reduce(0) { total, part in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            return total + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : 1)
        }
    }

    @Test func aPodAskingThreeCPUsAndThreeGiBGetsThemAndAnUpdateGrowsItAgain() async throws {
        let vm = PodFixture.vmSandbox(Self.configuration())
        do {
            // 3 CPUs and 3 GiB: 1 + 3 = 4 vCPUs, 512 + 3072 MiB.
            try await vm.create("big", bundle: try Self.bundle(cpus: 3, memoryMiB: 3072))
            _ = try await vm.sandbox.start(ProcessKey(containerID: "big"))
            #expect(await vm.sandbox.hotplugged == (3, 3072))
            let first = try await Self.measure(vm, in: "big", exec: "create")
            #expect(first.onlineCPUs >= 4)
            #expect(first.nproc >= 3, "the container sees the new CPUs")
            #expect(first.memTotalKiB >= 3 << 20, "at least the 3 GiB the pod asked for")

            // 4 CPUs and 3.5 GiB: 5 vCPUs, 512 + 3584 MiB.
            let update = #"{"cpu":{"quota":400000,"period":100000},"memory":{"limit":\#(3584 << 20)}}"#
            try await vm.sandbox.update("big", resourcesJSON: Array(update.utf8))
            #expect(await vm.sandbox.hotplugged == (4, 3584))
            let second = try await Self.measure(vm, in: "big", exec: "update")
            #expect(second.onlineCPUs >= 5)
            #expect(second.nproc >= 5, "the container made before the growth runs on the new CPU too")
            #expect(second.memTotalKiB >= first.memTotalKiB + (512 << 10) - (16 << 10), "the 512 MiB more")
        } catch {
            try await vm.tearDown()
            throw error
        }
        try await vm.tearDown()
        #expect(PodFixture.processes(naming: vm.sandboxID).isEmpty)
    }
}
