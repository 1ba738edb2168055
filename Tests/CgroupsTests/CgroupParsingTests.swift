// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Testing

@testable import Cgroups

@Suite("Cgroup: hierarchy detection and statistics parsing")
struct CgroupParsingTests {
    static func mount(_ type: String, at point: String, options: [String]) -> MountInfo {
        MountInfo(
            mountID: 1, parentID: 0, device: "0:1", root: "/", mountPoint: point, mountOptions: ["rw"],
            optionalFields: [], fileSystemType: type, source: type, superOptions: options)
    }

    @Test("v1 controllers map to their mount points, shared mounts included; hybrid hosts count as v1")
    func detectV1() {
        let table = MountTable(entries: [
            Self.mount("cgroup", at: "/sys/fs/cgroup/cpu,cpuacct", options: ["rw", "cpu", "cpuacct"]),
            Self.mount("cgroup", at: "/sys/fs/cgroup/memory", options: ["rw", "memory"]),
            Self.mount("cgroup", at: "/sys/fs/cgroup/systemd", options: ["rw", "name=systemd"]),
            Self.mount("cgroup2", at: "/sys/fs/cgroup/unified", options: ["rw"]),
        ])
        #expect(
            CgroupHierarchy.detect(mounts: table)
                == .v1([
                    "cpu": "/sys/fs/cgroup/cpu,cpuacct", "cpuacct": "/sys/fs/cgroup/cpu,cpuacct",
                    "memory": "/sys/fs/cgroup/memory",
                ]))
    }

    @Test("v2 reads the root's controllers; no cgroup mount means no hierarchy")
    func detectV2() {
        let table = MountTable(entries: [Self.mount("cgroup2", at: "/sys/fs/cgroup", options: ["rw", "nsdelegate"])])
        let hierarchy = CgroupHierarchy.detect(mounts: table) { path in
            #expect(path == "/sys/fs/cgroup/cgroup.controllers")
            return "cpuset cpu io memory pids\n"
        }
        #expect(hierarchy == .v2(root: "/sys/fs/cgroup", controllers: ["cpuset", "cpu", "io", "memory", "pids"]))
        #expect(CgroupHierarchy.detect(mounts: MountTable(entries: [])) == nil)
    }

    @Test("key-value counter files")
    func keyedCounters() {
        let counters = Cgroup.keyedCounters("cache 4096\nrss 8192\nbad line here\nhierarchical_memory_limit x\n")
        #expect(counters == ["cache": 4096, "rss": 8192])
    }

    @Test("blkio lines keep device, operation and value; the Total line is dropped")
    func blockIO() {
        let entries = Cgroup.blockIOEntries("8:0 Read 4096\n8:0 Write 512\n8:16 100\nTotal 4608\n")
        #expect(
            entries == [
                .init(major: 8, minor: 0, op: "Read", value: 4096), .init(major: 8, minor: 0, op: "Write", value: 512),
                .init(major: 8, minor: 16, op: "", value: 100),
            ])
    }

    @Test("v2 statistics from the unified hierarchy's files")
    func v2Stats() throws {
        let fake = try FakeHierarchy("v2-stats")
        try fake.write(
            "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 7\n",
            "ctr/cpu.stat")
        try fake.write("1048576\n", "ctr/memory.current")
        try fake.write("max\n", "ctr/memory.max")
        try fake.write("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n", "ctr/memory.events")
        try fake.write("anon 4096\nfile 8192\n", "ctr/memory.stat")
        try fake.write("2\n", "ctr/pids.current")
        try fake.write("20\n", "ctr/pids.max")
        try fake.write("8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n", "ctr/io.stat")
        let cgroup = try Cgroup(
            path: "/ctr", hierarchy: .v2(root: fake.root, controllers: ["cpu", "memory", "pids", "io"]))
        let stats = try cgroup.stats()
        #expect(stats.cpu.totalUsage == 1_500_000)
        #expect(stats.cpu.userUsage == 1_000_000)
        #expect(stats.cpu.throttledTime == 7000)
        #expect(stats.memory.usage == .init(usage: 1_048_576, maxUsage: 0, failcnt: 3, limit: 0))
        #expect(stats.memory.cache == 8192)
        #expect(stats.pids == .init(current: 2, limit: 20))
        #expect(
            stats.blockIO.serviceBytes == [
                .init(major: 8, minor: 0, op: "Read", value: 100), .init(major: 8, minor: 0, op: "Write", value: 200),
            ])
    }

    @Test("statistics of a cgroup that does not exist name it")
    func missingCgroupStats() throws {
        let fake = try FakeHierarchy("v2-missing")
        let cgroup = try Cgroup(path: "/gone", hierarchy: .v2(root: fake.root, controllers: []))
        let error = #expect(throws: Cgroup.Error.self) { try cgroup.stats() }
        #expect(error?.description.contains("/gone") == true)
    }
}
