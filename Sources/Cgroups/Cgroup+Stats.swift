// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

extension Cgroup {
    /// Reads the cgroup's usage. A controller or file the kernel does not provide (no swap
    /// accounting, no BFQ) leaves its fields zero rather than failing the whole call.
    /// - Throws: ``Error`` when the cgroup does not exist.
    package func stats() throws(Error) -> CgroupStats {
        guard let first = directories.first, FileSystem.fileType(first) == .directory else {
            throw .system(
                "reading the statistics of cgroup \(path)",
                .syscall(name: "stat", path: directories.first, errno: .noSuchFileOrDirectory))
        }
        var stats = CgroupStats()
        switch hierarchy {
        case .v1: readV1(into: &stats)
        case .v2: readV2(into: &stats)
        }
        return stats
    }

    // MARK: v1

    private func readV1(into stats: inout CgroupStats) {
        if let cpuacct = directory("cpuacct") {
            stats.cpu.totalUsage = number("\(cpuacct)/cpuacct.usage")
            stats.cpu.perCPUUsage = text("\(cpuacct)/cpuacct.usage_percpu").split(separator: " ").compactMap {
                UInt64($0)
            }
            // cpuacct.stat counts USER_HZ (100 Hz) ticks.
            let ticks = Self.keyedCounters(text("\(cpuacct)/cpuacct.stat"))
            stats.cpu.userUsage = (ticks["user"] ?? 0) * 10_000_000
            stats.cpu.kernelUsage = (ticks["system"] ?? 0) * 10_000_000
        }
        if let cpu = directory("cpu") {
            let throttling = Self.keyedCounters(text("\(cpu)/cpu.stat"))
            stats.cpu.periods = throttling["nr_periods"] ?? 0
            stats.cpu.throttledPeriods = throttling["nr_throttled"] ?? 0
            stats.cpu.throttledTime = throttling["throttled_time"] ?? 0
        }
        if let memory = directory("memory") {
            func data(_ prefix: String) -> CgroupStats.MemoryData {
                let limit = number("\(memory)/\(prefix).limit_in_bytes")
                return CgroupStats.MemoryData(
                    usage: number("\(memory)/\(prefix).usage_in_bytes"),
                    maxUsage: number("\(memory)/\(prefix).max_usage_in_bytes"),
                    failcnt: number("\(memory)/\(prefix).failcnt"),
                    // The kernel's "unlimited" is PAGE_COUNTER_MAX pages in bytes.
                    limit: limit >= 0x7FFF_FFFF_FFFF_F000 ? 0 : limit)
            }
            stats.memory.usage = data("memory")
            stats.memory.swapUsage = data("memory.memsw")
            stats.memory.kernelUsage = data("memory.kmem")
            stats.memory.useHierarchy = number("\(memory)/memory.use_hierarchy") == 1
            stats.memory.stats = Self.keyedCounters(text("\(memory)/memory.stat"))
            stats.memory.cache = stats.memory.stats["total_cache"] ?? stats.memory.stats["cache"] ?? 0
        }
        if let pids = directory("pids") {
            stats.pids.current = number("\(pids)/pids.current")
            stats.pids.limit = number("\(pids)/pids.max")
        }
        if let blkio = directory("blkio") {
            func entries(_ name: String) -> [CgroupStats.BlockIOEntry] {
                let own = text("\(blkio)/blkio.\(name)")
                return Self.blockIOEntries(own.isEmpty ? text("\(blkio)/blkio.bfq.\(name)") : own)
            }
            let throttleBytes = Self.blockIOEntries(text("\(blkio)/blkio.throttle.io_service_bytes_recursive"))
            let throttleOps = Self.blockIOEntries(text("\(blkio)/blkio.throttle.io_serviced_recursive"))
            let scheduledBytes = entries("io_service_bytes_recursive")
            stats.blockIO.serviceBytes = scheduledBytes.isEmpty ? throttleBytes : scheduledBytes
            let scheduledOps = entries("io_serviced_recursive")
            stats.blockIO.serviced = scheduledOps.isEmpty ? throttleOps : scheduledOps
            stats.blockIO.queued = entries("io_queued_recursive")
            stats.blockIO.serviceTime = entries("io_service_time_recursive")
            stats.blockIO.waitTime = entries("io_wait_time_recursive")
            stats.blockIO.merged = entries("io_merged_recursive")
            stats.blockIO.time = entries("time_recursive")
            stats.blockIO.sectors = entries("sectors_recursive")
        }
        if let hugetlb = directory("hugetlb") {
            for size in Self.hugePageSizes() {
                stats.hugetlb[size] = CgroupStats.Hugetlb(
                    usage: number("\(hugetlb)/hugetlb.\(size).usage_in_bytes"),
                    maxUsage: number("\(hugetlb)/hugetlb.\(size).max_usage_in_bytes"),
                    failcnt: number("\(hugetlb)/hugetlb.\(size).failcnt"))
            }
        }
    }

    // MARK: v2

    private func readV2(into stats: inout CgroupStats) {
        let directory = directories[0]
        let cpu = Self.keyedCounters(text("\(directory)/cpu.stat"))
        stats.cpu.totalUsage = (cpu["usage_usec"] ?? 0) * 1000
        stats.cpu.userUsage = (cpu["user_usec"] ?? 0) * 1000
        stats.cpu.kernelUsage = (cpu["system_usec"] ?? 0) * 1000
        stats.cpu.periods = cpu["nr_periods"] ?? 0
        stats.cpu.throttledPeriods = cpu["nr_throttled"] ?? 0
        stats.cpu.throttledTime = (cpu["throttled_usec"] ?? 0) * 1000

        let events = Self.keyedCounters(text("\(directory)/memory.events"))
        stats.memory.usage = CgroupStats.MemoryData(
            usage: number("\(directory)/memory.current"), maxUsage: number("\(directory)/memory.peak"),
            failcnt: events["max"] ?? 0, limit: number("\(directory)/memory.max"))
        stats.memory.swapUsage = CgroupStats.MemoryData(
            usage: number("\(directory)/memory.swap.current"), maxUsage: number("\(directory)/memory.swap.peak"),
            failcnt: 0, limit: number("\(directory)/memory.swap.max"))
        stats.memory.useHierarchy = true
        stats.memory.stats = Self.keyedCounters(text("\(directory)/memory.stat"))
        stats.memory.cache = stats.memory.stats["file"] ?? 0

        stats.pids.current = number("\(directory)/pids.current")
        stats.pids.limit = number("\(directory)/pids.max")

        for line in text("\(directory)/io.stat").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let device = fields.first, let (major, minor) = Self.deviceNumber(device) else { continue }
            var counters: [String: UInt64] = [:]
            for field in fields.dropFirst() {
                let pair = field.split(separator: "=", maxSplits: 1)
                if pair.count == 2, let value = UInt64(pair[1]) { counters[String(pair[0])] = value }
            }
            func entry(_ op: String, _ key: String) -> CgroupStats.BlockIOEntry {
                CgroupStats.BlockIOEntry(major: major, minor: minor, op: op, value: counters[key] ?? 0)
            }
            stats.blockIO.serviceBytes += [entry("Read", "rbytes"), entry("Write", "wbytes")]
            stats.blockIO.serviced += [entry("Read", "rios"), entry("Write", "wios")]
        }
        for size in Self.hugePageSizes() {
            let hugeEvents = Self.keyedCounters(text("\(directory)/hugetlb.\(size).events"))
            stats.hugetlb[size] = CgroupStats.Hugetlb(
                usage: number("\(directory)/hugetlb.\(size).current"), maxUsage: 0, failcnt: hugeEvents["max"] ?? 0)
        }
    }

    // MARK: Parsing

    private func text(_ file: String) -> String {
        (try? FileSystem.readFile(file)) ?? ""
    }

    /// A single-number file; "max" (unlimited) and a missing file read as 0.
    private func number(_ file: String) -> UInt64 {
        UInt64(text(file).trimmingWhitespace) ?? 0
    }

    /// "key value" lines (`memory.stat`, `cpu.stat`, `cpuacct.stat`, `memory.events`).
    package static func keyedCounters(_ text: String) -> [String: UInt64] {
        var counters: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let value = UInt64(fields[1]) { counters[String(fields[0])] = value }
        }
        return counters
    }

    /// v1 blkio lines: "8:0 Read 4096", "8:0 4096"; the closing "Total 123" line is dropped.
    package static func blockIOEntries(_ text: String) -> [CgroupStats.BlockIOEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard let device = fields.first, let (major, minor) = deviceNumber(device), let last = fields.last,
                let value = UInt64(last), fields.count <= 3
            else { return nil }
            return CgroupStats.BlockIOEntry(
                major: major, minor: minor, op: fields.count == 3 ? String(fields[1]) : "", value: value)
        }
    }

    private static func deviceNumber(_ text: Substring) -> (UInt64, UInt64)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let major = UInt64(parts[0]), let minor = UInt64(parts[1]) else { return nil }
        return (major, minor)
    }

    /// The huge page sizes the kernel offers, as cgroup file names spell them ("2MB", "1GB").
    private static func hugePageSizes() -> [String] {
        let entries = (try? FileSystem.directoryEntries("/sys/kernel/mm/hugepages")) ?? []
        return entries.compactMap { entry in
            // "hugepages-2048kB"
            guard entry.hasPrefix("hugepages-"), entry.hasSuffix("kB"),
                let kilobytes = UInt64(entry.dropFirst("hugepages-".count).dropLast(2))
            else { return nil }
            if kilobytes >= 1 << 20, kilobytes % (1 << 20) == 0 { return "\(kilobytes >> 20)GB" }
            if kilobytes >= 1 << 10, kilobytes % (1 << 10) == 0 { return "\(kilobytes >> 10)MB" }
            return "\(kilobytes)KB"
        }.sorted()
    }
}
