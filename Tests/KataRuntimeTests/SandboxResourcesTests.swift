// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import OCISpec
import Synchronization
import Testing

@testable import KataRuntime

/// What a container asks of the VM, summed as Go's `calculateSandboxCPUs`/`calculateSandboxMemory` do.
@Suite struct ContainerDemandTests {
    static func resources(
        quota: Int64? = nil, period: UInt64? = nil, cpus: String? = nil, memory: Int64? = nil
    )
        -> Linux.Resources
    {
        var resources = Linux.Resources()
        if quota != nil || period != nil || cpus != nil {
            var cpu = Linux.Resources.CPU()
            cpu.quota = quota
            cpu.period = period
            cpu.cpus = cpus
            resources.cpu = cpu
        }
        if let memory {
            var limits = Linux.Resources.Memory()
            limits.limit = memory
            resources.memory = limits
        }
        return resources
    }

    @Test func quotaOverPeriodIsFractionalCPUs() {
        #expect(ContainerDemand(Self.resources(quota: 150_000, period: 100_000)).cpus == 1.5)
        #expect(ContainerDemand(Self.resources(quota: -1, period: 100_000)).cpus == 0, "unlimited")
        #expect(ContainerDemand(nil) == ContainerDemand())
    }

    @Test(arguments: [("0-2,4", 4), ("3", 1), ("", 0), ("1-x", 0), ("4-2", 0)])
    func cpusetListsAreCounted(list: String, count: Int) {
        #expect(ContainerDemand.count(cpuset: list) == count)
    }

    @Test func anUpdateKeepsWhatItDoesNotName() {
        let created = ContainerDemand(Self.resources(quota: 200_000, period: 100_000, memory: 1 << 30))
        let updated = ContainerDemand(Self.resources(memory: 2 << 30), previous: created)
        #expect(updated.cpus == 2)
        #expect(updated.memoryBytes == 2 << 30)
    }

    @Test func theSandboxIsTheDefaultsPlusTheSumRoundedUp() {
        var qemu = QEMUSettings()
        qemu.defaultVCPUs = 1
        qemu.defaultMemoryMiB = 2048
        let demands = [
            ContainerDemand(Self.resources(quota: 150_000, period: 100_000, memory: 1 << 30)),
            ContainerDemand(Self.resources(quota: 60_000, period: 100_000, memory: (512 << 20) + 1)),
        ]
        #expect(SandboxSize.needed(by: demands, qemu) == SandboxSize(vcpus: 4, memoryMiB: 2048 + 1024 + 513))
    }

    @Test func cpusetsCountOnlyWithoutAnyQuota() {
        var qemu = QEMUSettings()
        qemu.defaultVCPUs = 1
        let pinned = ContainerDemand(Self.resources(cpus: "0-1"))
        #expect(SandboxSize.needed(by: [pinned], qemu).vcpus == 3)
        let quota = ContainerDemand(Self.resources(quota: 100_000, period: 100_000))
        #expect(SandboxSize.needed(by: [pinned, quota], qemu).vcpus == 2)
    }
}

/// The sandbox grows its VM by hot-plug before the agent applies a container's limits, on a fake
/// hypervisor and agent. The sandbox makes its real share mounts, so these need root.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree"))
struct SandboxResourcesTests {
    /// A harness with 1 vCPU and 2048 MiB at boot, at most 5 vCPUs and 8192 MiB.
    static func withHarness(
        adjust: @escaping @Sendable (inout KataConfiguration) -> Void = { _ in },
        _ body: (SandboxHarness) async throws -> Void
    ) async throws {
        let harness = try SandboxHarness.make(adjust: { configuration in
            configuration.hypervisor.defaultVCPUs = 1
            configuration.hypervisor.defaultMaxVCPUs = 5
            configuration.hypervisor.defaultMemoryMiB = 2048
            configuration.hypervisor.defaultMaxMemoryMiB = 8192
            adjust(&configuration)
        })
        do {
            try await body(harness)
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
        #expect(harness.leftovers.isEmpty, "\(harness.leftovers)")
    }

    /// Create's request for `id` whose spec asks `cpus` (quota/period) and `memoryMiB`.
    static func creation(
        _ harness: SandboxHarness, _ id: String, cpus: Double? = nil, memoryMiB: Int64? = nil, cpuset: String? = nil
    ) throws -> ContainerCreation {
        let bundle = try harness.bundle(id)
        let file = URL(fileURLWithPath: bundle + "/config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        var linux = json["linux"] as? [String: Any] ?? [:]
        var resources = linux["resources"] as? [String: Any] ?? [:]
        var cpu: [String: Any] = [:]
        if let cpus { cpu = ["quota": Int(cpus * 100_000), "period": 100_000] }
        if let cpuset { cpu["cpus"] = cpuset }
        if !cpu.isEmpty { resources["cpu"] = cpu }
        if let memoryMiB { resources["memory"] = ["limit": memoryMiB << 20] }
        linux["resources"] = resources
        json["linux"] = linux
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        return ContainerCreation(
            id: id, bundle: bundle, rootfs: [],
            stdio: ProcessStdio(stdin: "", stdout: "/fifo/\(id)-out", stderr: "/fifo/\(id)-err", terminal: false),
            configPath: nil)
    }

    static func update(cpus: Double, memoryMiB: Int64) -> [UInt8] {
        Array(#"{"cpu":{"quota":\#(Int(cpus * 100_000)),"period":100000},"memory":{"limit":\#(memoryMiB << 20)}}"#.utf8)
    }

    @Test func aContainerWithoutLimitsPlugsNothing() async throws {
        try await Self.withHarness { h in
            _ = try await h.sandbox.create(try Self.creation(h, "c1"))
            let vm = try #require(h.hypervisor.machines.first)
            #expect(!vm.log.contains { $0.hasPrefix("add") })
            #expect(!h.agent.rpcs.contains("OnlineCPUMem"))
            #expect(await h.sandbox.hotplugged == (0, 0))
        }
    }

    @Test func createPlugsWhatTheContainerAsksBeforeTheAgentCreatesIt() async throws {
        try await Self.withHarness { h in
            let agentCallsAtHotplug = Mutex<[String: [String]]>([:])
            let agent = h.agent
            h.hypervisor.observeHotplug { call in agentCallsAtHotplug.withLock { $0[call] = agent.rpcs } }
            _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 3, memoryMiB: 3072))
            let vm = try #require(h.hypervisor.machines.first)
            // 1 + 3 vCPUs, 2048 + 3072 MiB: 3072 is 24 blocks of 128 MiB, one DIMM.
            #expect(vm.log.filter { $0.hasPrefix("add") } == ["addVCPUs 3", "addMemory 3072"])
            #expect(await h.sandbox.hotplugged == (3, 3072))
            let seen = agentCallsAtHotplug.withLock { $0 }
            #expect(seen["addVCPUs 3"] == ["CreateSandbox", "GetGuestDetails"])
            #expect(seen["addMemory 3072"] == ["CreateSandbox", "GetGuestDetails", "OnlineCPUMem"])
            #expect(
                Array(h.agent.calls.dropFirst(2)) == [
                    "OnlineCPUMem 4 cpu_only", "OnlineCPUMem 0", "CreateContainer c1",
                ])
        }
    }

    @Test func containersAddUpAndAnUpdateGrowsBeforeTheAgentUpdates() async throws {
        try await Self.withHarness { h in
            _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 1.5, memoryMiB: 100))
            _ = try await h.sandbox.create(try Self.creation(h, "c2", cpus: 0.5, memoryMiB: 100))
            let vm = try #require(h.hypervisor.machines.first)
            // 1 + 1.5 = 2.5 → 3; then 1 + 2 = 3: nothing more. 100 MiB rounds up to a 128 MiB block,
            // and 2048 + 200 fits in 2048 + 256.
            #expect(vm.log.filter { $0.hasPrefix("add") } == ["addVCPUs 2", "addMemory 128", "addMemory 128"])
            let agentCallsAtHotplug = Mutex<[String]>([])
            let agent = h.agent
            h.hypervisor.observeHotplug { _ in agentCallsAtHotplug.withLock { $0 = agent.rpcs } }
            try await h.sandbox.update("c2", resourcesJSON: Self.update(cpus: 2.5, memoryMiB: 1024))
            // 1 + 1.5 + 2.5 = 5 vCPUs: 2 more; 2048 + 100 + 1024 = 3172 → 3200, 896 more than 2304.
            #expect(vm.log.filter { $0.hasPrefix("add") }.suffix(2) == ["addVCPUs 2", "addMemory 896"])
            #expect(!agentCallsAtHotplug.withLock { $0 }.contains("UpdateContainer"))
            #expect(
                Array(h.agent.calls.suffix(3)) == ["OnlineCPUMem 5 cpu_only", "OnlineCPUMem 0", "UpdateContainer c2"])
            #expect(await h.sandbox.hotplugged == (4, 1152))
        }
    }

    @Test func anExitedContainerNoLongerCounts() async throws {
        try await Self.withHarness { h in
            let c1 = ProcessKey(containerID: "c1")
            _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 2))
            _ = try await h.sandbox.start(c1)
            h.agent.exit(c1, code: 0)
            _ = try await h.sandbox.exitLatch(c1).wait()
            // 1 + 2 (c1, exited) + 2 would be 5; without c1, the 3 already there suffice.
            _ = try await h.sandbox.create(try Self.creation(h, "c2", cpus: 2))
            let vm = try #require(h.hypervisor.machines.first)
            #expect(vm.log.filter { $0.hasPrefix("add") } == ["addVCPUs 2"])
        }
    }

    @Test func theVMNeverShrinks() async throws {
        try await Self.withHarness { h in
            _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 2, memoryMiB: 1024))
            try await h.sandbox.update("c1", resourcesJSON: Self.update(cpus: 0.5, memoryMiB: 128))
            let vm = try #require(h.hypervisor.machines.first)
            #expect(vm.log.filter { $0.hasPrefix("add") } == ["addVCPUs 2", "addMemory 1024"])
            #expect(h.agent.rpcs.last == "UpdateContainer")
            #expect(await h.sandbox.hotplugged == (2, 1024))
        }
    }

    @Test func vCPUsBeyondTheMaximumAreCappedAsGoDoes() async throws {
        try await Self.withHarness { h in
            // 1 + 5 = 6 vCPUs wanted, 5 allowed.
            _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 5))
            let vm = try #require(h.hypervisor.machines.first)
            #expect(vm.log.filter { $0.hasPrefix("add") } == ["addVCPUs 4"])
            #expect(h.agent.rpcs.last == "CreateContainer")
        }
    }

    @Test func memoryBeyondTheMaximumFailsNamingTheKeyAndPlugsNothing() async throws {
        try await Self.withHarness { h in
            let memoryError = await SandboxLifecycleTests.kataError {
                _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 1, memoryMiB: 7000))
            }
            #expect(memoryError?.code == .resourceExhausted)
            #expect(memoryError?.message.contains("default_maxmemory") == true, "\(String(describing: memoryError))")
            let vm = try #require(h.hypervisor.machines.first)
            #expect(!vm.log.contains { $0.hasPrefix("add") }, "the vCPUs are not plugged either")
            #expect(!h.agent.rpcs.contains("CreateContainer"))
            // The refused container no longer counts: a small one fits.
            _ = try await h.sandbox.create(try Self.creation(h, "c2", cpus: 1))
            #expect(vm.log.filter { $0.hasPrefix("add") } == ["addVCPUs 1"])
        }
    }

    @Test func aFailedHotplugFailsTheCreateBeforeTheAgentHearsOfIt() async throws {
        try await Self.withHarness { h in
            h.hypervisor.failNextHotplug(KataError(.internal, "qmp device_add: GenericError: no slot"))
            let error = await SandboxLifecycleTests.kataError {
                _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 2))
            }
            #expect(error?.message.contains("no slot") == true)
            #expect(!h.agent.rpcs.contains("CreateContainer"))
            #expect(!h.agent.rpcs.contains("OnlineCPUMem"))
            let gone = await SandboxLifecycleTests.kataError {
                _ = try await h.sandbox.snapshot(ProcessKey(containerID: "c1"))
            }
            #expect(gone?.code == .notFound)
        }
    }

    @Test func memoryBeyondTheSlotsFailsNamingMemorySlots() async throws {
        let oneSlot: @Sendable (inout KataConfiguration) -> Void = { $0.hypervisor.memorySlots = 1 }
        try await Self.withHarness(adjust: oneSlot) { h in
            _ = try await h.sandbox.create(try Self.creation(h, "c1", memoryMiB: 128))
            let error = await SandboxLifecycleTests.kataError {
                try await h.sandbox.update("c1", resourcesJSON: Self.update(cpus: 0, memoryMiB: 512))
            }
            #expect(error?.message.contains("memory_slots") == true, "\(String(describing: error))")
            #expect(h.agent.rpcs.last != "UpdateContainer")
        }
    }

    @Test func staticResourceManagementPlugsNothing() async throws {
        let staticSizing: @Sendable (inout KataConfiguration) -> Void = { $0.runtime.staticSandboxResourceMgmt = true }
        try await Self.withHarness(adjust: staticSizing) { h in
            _ = try await h.sandbox.create(try Self.creation(h, "c1", cpus: 3, memoryMiB: 3072))
            let vm = try #require(h.hypervisor.machines.first)
            #expect(!vm.log.contains { $0.hasPrefix("add") })
            #expect(!h.agent.rpcs.contains("OnlineCPUMem"))
        }
    }
}
