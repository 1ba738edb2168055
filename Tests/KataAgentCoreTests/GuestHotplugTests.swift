// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import Testing

@testable import KataAgentCore

/// OnlineCPUMem and MemHotplugByProbe on a fake sysfs tree.
@Suite struct GuestHotplugTests {
    /// A sysfs with cpu0 (no `online` file, as on x86), the given CPUs and memory blocks, each
    /// `true` when online.
    static func sysfs(cpus: [Bool], memory: [Bool], probe: Bool = false) throws -> String {
        let root = NSTemporaryDirectory() + "guest-hotplug-" + UUID().uuidString.prefix(8)
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(root)/devices/system/cpu/cpu0", withIntermediateDirectories: true)
        for (index, online) in cpus.enumerated() {
            let directory = "\(root)/devices/system/cpu/cpu\(index + 1)"
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try (online ? "1\n" : "0\n").write(toFile: "\(directory)/online", atomically: false, encoding: .utf8)
        }
        try "0-\(cpus.count)\n".write(
            toFile: "\(root)/devices/system/cpu/possible", atomically: false, encoding: .utf8)
        for (index, online) in memory.enumerated() {
            let directory = "\(root)/devices/system/memory/memory\(index)"
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try (online ? "1\n" : "0\n").write(toFile: "\(directory)/online", atomically: false, encoding: .utf8)
        }
        try manager.createDirectory(atPath: "\(root)/devices/system/memory", withIntermediateDirectories: true)
        try "offline\n".write(
            toFile: "\(root)/devices/system/memory/auto_online_blocks", atomically: false, encoding: .utf8)
        if probe {
            try "".write(toFile: "\(root)/devices/system/memory/probe", atomically: false, encoding: .utf8)
        }
        return root
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func offlineCPUsAndMemoryBlocksAreOnlined() async throws {
        let root = try Self.sysfs(cpus: [true, false, false], memory: [true, false, false])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let onlined = try await GuestHotplug(sysfs: root, cpusetRoot: root + "/cgroup-cpuset").online(
            cpus: 4, cpuOnly: false)
        #expect(onlined.cpus == 2)
        #expect(onlined.memoryBlocks == 2)
        for cpu in 1...3 { #expect(try Self.read("\(root)/devices/system/cpu/cpu\(cpu)/online") == "1") }
        for block in 0...2 { #expect(try Self.read("\(root)/devices/system/memory/memory\(block)/online") == "1") }
        #expect(
            try Self.read("\(root)/devices/system/memory/auto_online_blocks") == "online",
            "blocks the kernel adds after the scan come online by themselves")
    }

    @Test func cpuOnlyLeavesMemoryAlone() async throws {
        let root = try Self.sysfs(cpus: [false], memory: [false])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let onlined = try await GuestHotplug(sysfs: root, cpusetRoot: root + "/cgroup-cpuset").online(
            cpus: 2, cpuOnly: true)
        #expect(onlined == (1, 0))
        #expect(try Self.read("\(root)/devices/system/memory/memory0/online") == "0")
        #expect(try Self.read("\(root)/devices/system/memory/auto_online_blocks") == "offline")
    }

    @Test func zeroCPUsTouchesNoCPU() async throws {
        let root = try Self.sysfs(cpus: [false], memory: [false])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let onlined = try await GuestHotplug(sysfs: root, cpusetRoot: root + "/cgroup-cpuset").online(
            cpus: 0, cpuOnly: false)
        #expect(onlined == (0, 1))
        #expect(try Self.read("\(root)/devices/system/cpu/cpu1/online") == "0")
    }

    @Test func cpusThatNeverAppearFailNamingTheCount() async throws {
        let root = try Self.sysfs(cpus: [false], memory: [])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hotplug = GuestHotplug(
            sysfs: root, cpusetRoot: root + "/cgroup-cpuset", timeout: .milliseconds(3), interval: .milliseconds(1))
        var caught: KataError?
        do {
            _ = try await hotplug.online(cpus: 4, cpuOnly: true)
        } catch {
            caught = error
        }
        let error = try #require(caught, "4 CPUs cannot be online with 2")
        #expect(error.code == .deadlineExceeded)
        #expect(error.message.contains("2 CPUs are online, 4 were asked for"))
        #expect(try Self.read("\(root)/devices/system/cpu/cpu1/online") == "1", "those that appeared are online")
    }

    @Test(arguments: [("0-3,5", [0, 1, 2, 3, 5]), ("7", [7]), ("", []), ("0-1-2", nil), ("3-1", nil)])
    func cpuListsParse(text: String, cpus: [Int]?) {
        #expect(CPUList.parse(text) == cpus.map(Set.init))
    }

    @Test func cpuListsRenderWithMergedRanges() {
        #expect(CPUList.render([0, 1, 2, 5, 7, 8]) == "0-2,5,7-8")
        #expect(CPUList.render([]) == "")
    }

    @Test func cpusetsThatHadEveryOldCPUGetTheNewOnesParentsFirst() async throws {
        let root = NSTemporaryDirectory() + "guest-cpuset-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cpusets = ["": "0-4", "/kata": "0-3", "/kata/c1": "0-3", "/kata/pinned": "1"]
        for (path, cpus) in cpusets {
            try FileManager.default.createDirectory(atPath: root + path, withIntermediateDirectories: true)
            try "\(cpus)\n".write(toFile: root + path + "/cpuset.cpus", atomically: false, encoding: .utf8)
        }
        let hotplug = GuestHotplug(cpusetRoot: root, timeout: .milliseconds(2), interval: .milliseconds(1))
        try await hotplug.widenCpusets(from: [0, 1, 2, 3], to: [0, 1, 2, 3, 4])
        #expect(try Self.read(root + "/kata/cpuset.cpus") == "0-4")
        #expect(try Self.read(root + "/kata/c1/cpuset.cpus") == "0-4")
        #expect(try Self.read(root + "/kata/pinned/cpuset.cpus") == "1", "a pinned container keeps its CPUs")
    }

    @Test func aCpusetRootWithoutTheNewCPUsFails() async throws {
        let root = NSTemporaryDirectory() + "guest-cpuset-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "0-3\n".write(toFile: root + "/cpuset.cpus", atomically: false, encoding: .utf8)
        let hotplug = GuestHotplug(cpusetRoot: root, timeout: .milliseconds(2), interval: .milliseconds(1))
        var caught: KataError?
        do {
            try await hotplug.widenCpusets(from: [0, 1, 2, 3], to: [0, 1, 2, 3, 4])
        } catch {
            caught = error
        }
        #expect(caught?.code == .deadlineExceeded)
    }

    @Test func probeWritesEachAddressInHexadecimal() throws {
        let root = try Self.sysfs(cpus: [], memory: [], probe: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try GuestHotplug(sysfs: root, cpusetRoot: root + "/cgroup-cpuset").probe(addresses: [0x1_4000_0000])
        #expect(try Self.read("\(root)/devices/system/memory/probe") == "0x140000000")
    }

    @Test func probeWithoutTheProbeFileIsAFailedPrecondition() throws {
        let root = try Self.sysfs(cpus: [], memory: [])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: KataError.self) {
            try GuestHotplug(sysfs: root, cpusetRoot: root + "/cgroup-cpuset").probe(addresses: [0x1000])
        }
    }
}
