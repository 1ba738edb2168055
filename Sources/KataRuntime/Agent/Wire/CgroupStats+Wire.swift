// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Cgroups

extension CgroupStats {
    /// The agent's StatsContainer cgroup statistics, field by field; a section the agent left out
    /// stays zero.
    /// - Parameter stats: `StatsContainerResponse.cgroup_stats`.
    init(_ stats: Grpc_CgroupStats) {
        self.init()
        let usage = stats.cpuStats.cpuUsage
        cpu.totalUsage = usage.totalUsage
        cpu.perCPUUsage = usage.percpuUsage
        cpu.kernelUsage = usage.usageInKernelmode
        cpu.userUsage = usage.usageInUsermode
        let throttling = stats.cpuStats.throttlingData
        cpu.periods = throttling.periods
        cpu.throttledPeriods = throttling.throttledPeriods
        cpu.throttledTime = throttling.throttledTime
        func data(_ data: Grpc_MemoryData) -> MemoryData {
            MemoryData(usage: data.usage, maxUsage: data.maxUsage, failcnt: data.failcnt, limit: data.limit)
        }
        let memoryStats = stats.memoryStats
        memory.cache = memoryStats.cache
        memory.usage = data(memoryStats.usage)
        memory.swapUsage = data(memoryStats.swapUsage)
        memory.kernelUsage = data(memoryStats.kernelUsage)
        memory.useHierarchy = memoryStats.useHierarchy
        memory.stats = memoryStats.stats
        pids.current = stats.pidsStats.current
        pids.limit = stats.pidsStats.limit
        func entries(_ entries: [Grpc_BlkioStatsEntry]) -> [BlockIOEntry] {
            entries.map { BlockIOEntry(major: $0.major, minor: $0.minor, op: $0.op, value: $0.value) }
        }
        let blkio = stats.blkioStats
        blockIO.serviceBytes = entries(blkio.ioServiceBytesRecursive)
        blockIO.serviced = entries(blkio.ioServicedRecursive)
        blockIO.queued = entries(blkio.ioQueuedRecursive)
        blockIO.serviceTime = entries(blkio.ioServiceTimeRecursive)
        blockIO.waitTime = entries(blkio.ioWaitTimeRecursive)
        blockIO.merged = entries(blkio.ioMergedRecursive)
        blockIO.time = entries(blkio.ioTimeRecursive)
        blockIO.sectors = entries(blkio.sectorsRecursive)
        hugetlb = stats.hugetlbStats.mapValues {
            Hugetlb(usage: $0.usage, maxUsage: $0.maxUsage, failcnt: $0.failcnt)
        }
    }
}
