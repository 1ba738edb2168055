// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import OCISpec
import Testing

@testable import KataRuntime

@Suite struct ResourceTranslationTests {
    static let resources = Linux.Resources(
        devices: [
            .init(allow: false, access: "rwm"),
            .init(allow: true, type: .character, major: 1, minor: 3, access: "rwm"),
        ],
        memory: .init(
            limit: 536_870_912, reservation: 268_435_456, swap: 1_073_741_824, kernel: -1, kernelTCP: 4_194_304,
            swappiness: 60, disableOOMKiller: true, useHierarchy: true),
        cpu: .init(
            shares: 512, quota: 150_000, burst: 10, period: 100_000, realtimeRuntime: 950_000,
            realtimePeriod: 1_000_000,
            cpus: "2-3", mems: "0", idle: 1),
        pids: .init(limit: 1024),
        blockIO: .init(
            weight: 500, leafWeight: 300, weightDevice: [.init(major: 8, minor: 0, weight: 600)],
            throttleReadBpsDevice: [.init(major: 8, minor: 0, rate: 1_048_576)],
            throttleWriteBpsDevice: [.init(major: 8, minor: 16, rate: 2_097_152)],
            throttleReadIOPSDevice: [.init(major: 8, minor: 0, rate: 100)],
            throttleWriteIOPSDevice: [.init(major: 8, minor: 16, rate: 200)]),
        hugepageLimits: [.init(pageSize: "2MB", limit: 4_194_304), .init(pageSize: "1GB", limit: 0)],
        network: .init(classID: 0x10_0001, priorities: [.init(name: "eth0", priority: 7)]),
        rdma: ["mlx5_0": .init(hcaHandles: 2)], unified: ["memory.high": "max"])

    @Test func resourcesConvertFieldByField() {
        let out = OCITranslation.resources(Self.resources)
        #expect(out.devices.count == 2)
        #expect(out.devices[0].allow == false)
        #expect(out.devices[0].type == "")
        #expect(out.devices[0].major == -1)
        #expect(out.devices[0].minor == -1)
        #expect(out.devices[0].access == "rwm")
        #expect(out.devices[1].type == "c")
        #expect(out.devices[1].major == 1)
        #expect(out.devices[1].minor == 3)

        var memory = Grpc_LinuxMemory()
        memory.limit = 536_870_912
        memory.reservation = 268_435_456
        memory.swap = 1_073_741_824
        memory.kernel = -1
        memory.kernelTcp = 4_194_304
        memory.swappiness = 60
        memory.disableOomkiller = true
        #expect(out.memory == memory)

        var cpu = Grpc_LinuxCPU()
        cpu.shares = 512
        cpu.quota = 150_000
        cpu.period = 100_000
        cpu.realtimeRuntime = 950_000
        cpu.realtimePeriod = 1_000_000
        cpu.cpus = "2-3"
        cpu.mems = "0"
        #expect(out.cpu == cpu)

        #expect(out.pids.limit == 1024)

        #expect(out.blockIo.weight == 500)
        #expect(out.blockIo.leafWeight == 300)
        var weight = Grpc_LinuxWeightDevice()
        weight.major = 8
        weight.weight = 600
        #expect(out.blockIo.weightDevice == [weight])
        #expect(out.blockIo.throttleReadBpsDevice.map(\.rate) == [1_048_576])
        #expect(out.blockIo.throttleWriteBpsDevice.map(\.minor) == [16])
        #expect(out.blockIo.throttleReadIopsdevice.map(\.rate) == [100])
        #expect(out.blockIo.throttleWriteIopsdevice.map(\.rate) == [200])

        #expect(out.hugepageLimits.map(\.pagesize) == ["2MB", "1GB"])
        #expect(out.hugepageLimits.map(\.limit) == [4_194_304, 0])
        #expect(out.network.classID == 0x10_0001)
        #expect(out.network.priorities.map(\.name) == ["eth0"])
        #expect(out.network.priorities.map(\.priority) == [7])
    }

    @Test func constrainedKeepsOnlyWhatTheGuestApplies() {
        let out = OCITranslation.constrained(OCITranslation.resources(Self.resources))
        #expect(out.devices.isEmpty)
        #expect(!out.hasPids)
        #expect(!out.hasBlockIo)
        #expect(!out.hasNetwork)
        #expect(out.memory.limit == 536_870_912)
        #expect(out.cpu.shares == 512)
        #expect(out.cpu.quota == 150_000)
        #expect(out.cpu.cpus == "")
        #expect(out.cpu.mems == "")
        #expect(out.hugepageLimits.count == 2)
    }

    @Test func absentResourcesStayAbsent() throws {
        var spec = try busyboxSpec()
        spec.linux?.resources = nil
        let translated = try OCITranslation.translate(spec, context: context())
        #expect(!translated.spec.linux.hasResources)
        #expect(!OCITranslation.resources(Linux.Resources()).hasMemory)
        #expect(!OCITranslation.resources(Linux.Resources()).hasCpu)
    }
}
