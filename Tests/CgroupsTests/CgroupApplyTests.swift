// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Testing

@testable import Cgroups

/// A directory standing in for a cgroup mount: the files a limit writes are plain files here, so
/// what ``Cgroup/apply(_:)`` writes can be read back without root.
final class FakeHierarchy {
    let root: String

    init(_ name: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kata-cgroups-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func read(_ path: String) -> String? {
        try? String(contentsOfFile: "\(root)/\(path)", encoding: .utf8)
    }

    func write(_ text: String, _ path: String) throws {
        let url = URL(fileURLWithPath: "\(root)/\(path)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }
}

@Suite("Cgroup: limits written as runc writes them")
struct CgroupApplyTests {
    static func resources() -> CgroupResources {
        var resources = CgroupResources()
        resources.memory = .init()
        resources.memory?.limit = 64 << 20
        resources.memory?.swap = 96 << 20
        resources.memory?.reservation = 32 << 20
        resources.memory?.swappiness = 10
        resources.cpu = .init()
        resources.cpu?.shares = 512
        resources.cpu?.quota = 50_000
        resources.cpu?.period = 100_000
        resources.cpu?.cpus = "0-1"
        resources.pids = 20
        resources.blockIO = .init()
        resources.blockIO?.weight = 500
        resources.blockIO?.readBPS = [.init(major: 8, minor: 0, rate: 1_048_576)]
        resources.hugepageLimits = [.init(pageSize: "2MB", limit: 4 << 20)]
        return resources
    }

    @Test("v2: OCI values converted to the unified hierarchy's files")
    func v2Files() throws {
        let fake = try FakeHierarchy("v2")
        let cgroup = try Cgroup(
            path: "/pod/ctr",
            hierarchy: .v2(root: fake.root, controllers: ["cpu", "cpuset", "memory", "pids", "io", "hugetlb"]))
        try cgroup.create()
        try cgroup.apply(Self.resources())
        #expect(fake.read("pod/ctr/memory.max") == "67108864")
        #expect(fake.read("pod/ctr/memory.low") == "33554432")
        #expect(fake.read("pod/ctr/memory.swap.max") == "33554432")
        #expect(fake.read("pod/ctr/cpu.weight") == "20")
        #expect(fake.read("pod/ctr/cpu.max") == "50000 100000")
        #expect(fake.read("pod/ctr/cpuset.cpus") == "0-1")
        #expect(fake.read("pod/ctr/pids.max") == "20")
        #expect(fake.read("pod/ctr/io.max") == "8:0 rbps=1048576")
        #expect(fake.read("pod/ctr/hugetlb.2MB.max") == "4194304")
        // Each ancestor hands its controllers down (the last write is what a plain file keeps).
        #expect(fake.read("pod/cgroup.subtree_control")?.hasPrefix("+") == true)
        #expect(fake.read("cgroup.subtree_control")?.hasPrefix("+") == true)
    }

    @Test("v1: OCI values as they are, in each controller's hierarchy")
    func v1Files() throws {
        let fake = try FakeHierarchy("v1")
        let controllers = ["memory", "cpu", "cpuset", "pids", "blkio", "hugetlb", "devices", "freezer"]
        var mounts: [String: String] = [:]
        for controller in controllers { mounts[controller] = "\(fake.root)/\(controller)" }
        try fake.write("0-3\n", "cpuset/cpuset.cpus")
        try fake.write("0\n", "cpuset/cpuset.mems")
        try fake.write("", "cpuset/pod/cpuset.cpus")
        try fake.write("", "cpuset/pod/cpuset.mems")
        try fake.write("", "cpuset/pod/ctr/cpuset.cpus")
        try fake.write("", "cpuset/pod/ctr/cpuset.mems")
        try fake.write("", "blkio/pod/ctr/blkio.weight")
        let cgroup = try Cgroup(path: "/pod/ctr", hierarchy: .v1(mounts))
        try cgroup.create()
        // A new cpuset cgroup inherits its parent's CPUs and nodes before anything joins it.
        #expect(fake.read("cpuset/pod/cpuset.cpus") == "0-3")
        #expect(fake.read("cpuset/pod/ctr/cpuset.mems") == "0")

        var resources = Self.resources()
        resources.devices = [
            .init(allow: false, kind: .all, major: nil, minor: nil, access: "rwm"),
            .init(allow: true, kind: .character, major: 1, minor: 3, access: "rwm"),
        ]
        try cgroup.apply(resources)
        #expect(fake.read("memory/pod/ctr/memory.limit_in_bytes") == "67108864")
        #expect(fake.read("memory/pod/ctr/memory.memsw.limit_in_bytes") == "100663296")
        #expect(fake.read("memory/pod/ctr/memory.soft_limit_in_bytes") == "33554432")
        #expect(fake.read("memory/pod/ctr/memory.swappiness") == "10")
        #expect(fake.read("cpu/pod/ctr/cpu.shares") == "512")
        #expect(fake.read("cpu/pod/ctr/cpu.cfs_quota_us") == "50000")
        #expect(fake.read("cpu/pod/ctr/cpu.cfs_period_us") == "100000")
        #expect(fake.read("cpuset/pod/ctr/cpuset.cpus") == "0-1")
        #expect(fake.read("pids/pod/ctr/pids.max") == "20")
        #expect(fake.read("blkio/pod/ctr/blkio.weight") == "500")
        #expect(fake.read("blkio/pod/ctr/blkio.throttle.read_bps_device") == "8:0 1048576")
        #expect(fake.read("hugetlb/pod/ctr/hugetlb.2MB.limit_in_bytes") == "4194304")
        #expect(fake.read("devices/pod/ctr/devices.deny") == "a *:* rwm")
        #expect(fake.read("devices/pod/ctr/devices.allow") == "c 1:3 rwm")
    }

    @Test("a limit whose controller is missing names the controller and the setting")
    func missingController() throws {
        let fake = try FakeHierarchy("missing")
        let cgroup = try Cgroup(path: "/ctr", hierarchy: .v1(["memory": "\(fake.root)/memory"]))
        try cgroup.create()
        var resources = CgroupResources()
        resources.pids = 5
        #expect(throws: Cgroup.Error.missingController("pids", needed: "pids.limit")) { try cgroup.apply(resources) }
    }

    static let outOfRange: [(CgroupResources, String)] = {
        var shares = CgroupResources()
        shares.cpu = .init()
        shares.cpu?.shares = 1
        var swappiness = CgroupResources()
        swappiness.memory = .init()
        swappiness.memory?.swappiness = 101
        var weight = CgroupResources()
        weight.blockIO = .init()
        weight.blockIO?.weight = 5
        var swap = CgroupResources()
        swap.memory = .init()
        swap.memory?.limit = 100
        swap.memory?.swap = 50
        return [
            (shares, "cpu.shares"), (swappiness, "memory.swappiness"), (weight, "blockIO.weight"),
            (swap, "memory.swap"),
        ]
    }()

    @Test("out-of-range values are refused before anything is written", arguments: outOfRange)
    func invalidValues(resources: CgroupResources, setting: String) throws {
        let fake = try FakeHierarchy("invalid-\(setting)")
        let cgroup = try Cgroup(path: "/ctr", hierarchy: .v2(root: fake.root, controllers: ["cpu", "memory", "io"]))
        let error = #expect(throws: Cgroup.Error.self) { try cgroup.apply(resources) }
        #expect(error?.description.hasPrefix(setting) == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: fake.root).isEmpty)
    }

    @Test(
        "paths with dot components or no name are refused",
        arguments: ["", "/", "relative", "/a/../b", "/a//b", "/a/."])
    func invalidPaths(path: String) {
        #expect(throws: Cgroup.Error.invalidPath(path)) {
            _ = try Cgroup(path: path, hierarchy: .v2(root: "/sys/fs/cgroup", controllers: []))
        }
    }

    @Test(
        "v2 conversions match runc",
        arguments: [(2, 1), (1024, 39), (262_144, 10_000)] as [(UInt64, UInt64)])
    func cpuWeight(shares: UInt64, weight: UInt64) {
        #expect(Cgroup.cpuWeight(shares: shares) == weight)
    }

    @Test("cpu.max, memory.swap.max and io.weight")
    func otherConversions() {
        #expect(Cgroup.cpuMax(quota: nil, period: nil) == nil)
        #expect(Cgroup.cpuMax(quota: -1, period: 50_000) == "max 50000")
        #expect(Cgroup.cpuMax(quota: 20_000, period: nil) == "20000 100000")
        #expect(Cgroup.swapMax(swap: -1, limit: 100) == "max")
        #expect(Cgroup.swapMax(swap: 300, limit: 100) == "200")
        #expect(Cgroup.ioWeight(10) == 1)
        #expect(Cgroup.ioWeight(1000) == 10_000)
    }
}
