// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import ShimAPI

/// The agent's cgroup statistics in containerd's cgroup v1 metrics shape, which `ctr task metrics`
/// and the CRI decode; Kata's shim sends the same type.
enum ContainerMetrics {
    /// Converts the agent's statistics, field by field; what the agent does not report stays zero.
    /// - Parameter stats: `StatsContainerResponse.cgroup_stats`.
    /// - Returns: `io.containerd.cgroups.v1.Metrics`.
    static func v1(_ stats: Grpc_CgroupStats) -> Io_Containerd_Cgroups_V1_Metrics {
        var metrics = Io_Containerd_Cgroups_V1_Metrics()
        if stats.hasCpuStats {
            let cpu = stats.cpuStats
            metrics.cpu.usage = .with {
                $0.total = cpu.cpuUsage.totalUsage
                $0.kernel = cpu.cpuUsage.usageInKernelmode
                $0.user = cpu.cpuUsage.usageInUsermode
                $0.perCpu = cpu.cpuUsage.percpuUsage
            }
            metrics.cpu.throttling = .with {
                $0.periods = cpu.throttlingData.periods
                $0.throttledPeriods = cpu.throttlingData.throttledPeriods
                $0.throttledTime = cpu.throttlingData.throttledTime
            }
        }
        if stats.hasMemoryStats {
            let memory = stats.memoryStats
            metrics.memory.cache = memory.cache
            metrics.memory.usage = entry(memory.usage)
            metrics.memory.swap = entry(memory.swapUsage)
            metrics.memory.kernel = entry(memory.kernelUsage)
            let counters = memory.stats
            metrics.memory.rss = counters["rss"] ?? 0
            metrics.memory.rssHuge = counters["rss_huge"] ?? 0
            metrics.memory.mappedFile = counters["mapped_file"] ?? 0
            metrics.memory.dirty = counters["dirty"] ?? 0
            metrics.memory.writeback = counters["writeback"] ?? 0
            metrics.memory.pgPgIn = counters["pgpgin"] ?? 0
            metrics.memory.pgPgOut = counters["pgpgout"] ?? 0
            metrics.memory.pgFault = counters["pgfault"] ?? 0
            metrics.memory.pgMajFault = counters["pgmajfault"] ?? 0
            metrics.memory.inactiveAnon = counters["inactive_anon"] ?? 0
            metrics.memory.activeAnon = counters["active_anon"] ?? 0
            metrics.memory.inactiveFile = counters["inactive_file"] ?? 0
            metrics.memory.activeFile = counters["active_file"] ?? 0
            metrics.memory.unevictable = counters["unevictable"] ?? 0
            metrics.memory.hierarchicalMemoryLimit = counters["hierarchical_memory_limit"] ?? 0
            metrics.memory.hierarchicalSwapLimit = counters["hierarchical_memsw_limit"] ?? 0
            metrics.memory.totalCache = counters["total_cache"] ?? 0
            metrics.memory.totalRss = counters["total_rss"] ?? 0
        }
        if stats.hasPidsStats {
            metrics.pids = .with {
                $0.current = stats.pidsStats.current
                $0.limit = stats.pidsStats.limit
            }
        }
        if stats.hasBlkioStats {
            let blkio = stats.blkioStats
            metrics.blkio = .with {
                $0.ioServiceBytesRecursive = blkio.ioServiceBytesRecursive.map(entry)
                $0.ioServicedRecursive = blkio.ioServicedRecursive.map(entry)
                $0.ioQueuedRecursive = blkio.ioQueuedRecursive.map(entry)
                $0.ioServiceTimeRecursive = blkio.ioServiceTimeRecursive.map(entry)
                $0.ioWaitTimeRecursive = blkio.ioWaitTimeRecursive.map(entry)
                $0.ioMergedRecursive = blkio.ioMergedRecursive.map(entry)
                $0.ioTimeRecursive = blkio.ioTimeRecursive.map(entry)
                $0.sectorsRecursive = blkio.sectorsRecursive.map(entry)
            }
        }
        metrics.hugetlb = stats.hugetlbStats.sorted { $0.key < $1.key }.map { size, stat in
            .with {
                $0.pagesize = size
                $0.usage = stat.usage
                $0.max = stat.maxUsage
                $0.failcnt = stat.failcnt
            }
        }
        return metrics
    }

    private static func entry(_ data: Grpc_MemoryData) -> Io_Containerd_Cgroups_V1_MemoryEntry {
        .with {
            $0.usage = data.usage
            $0.max = data.maxUsage
            $0.failcnt = data.failcnt
            $0.limit = data.limit
        }
    }

    private static func entry(_ data: Grpc_BlkioStatsEntry) -> Io_Containerd_Cgroups_V1_BlkIOEntry {
        .with {
            $0.op = data.op
            $0.major = data.major
            $0.minor = data.minor
            $0.value = data.value
        }
    }
}
