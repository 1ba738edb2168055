// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
import FoundationEssentials
import ShimAPI
import SwiftProtobuf

/// The agent's cgroup statistics in containerd's cgroup v1 metrics shape, which `ctr task metrics`
/// and the CRI decode; Kata's shim sends the same type.
enum ContainerMetrics {
    /// The statistics as the `Any` a Stats answer carries. containerd's typeurl names protobuf
    /// messages by their bare full name, without the type.googleapis.com/ prefix swift-protobuf
    /// would add.
    /// - Parameter stats: the container's statistics.
    /// - Returns: `io.containerd.cgroups.v1.Metrics` packed.
    /// - Throws: when the message cannot be serialized.
    static func packed(_ stats: CgroupStats) throws -> Google_Protobuf_Any {
        var any = Google_Protobuf_Any()
        any.typeURL = "io.containerd.cgroups.v1.Metrics"
        any.value = Data(try v1(stats).serializedBytes() as [UInt8])
        return any
    }

    /// Converts the agent's statistics, field by field; what the agent does not report stays zero.
    /// - Parameter stats: the container's statistics.
    /// - Returns: `io.containerd.cgroups.v1.Metrics`.
    static func v1(_ stats: CgroupStats) -> Io_Containerd_Cgroups_V1_Metrics {
        var metrics = Io_Containerd_Cgroups_V1_Metrics()
        do {
            let cpu = stats.cpu
            metrics.cpu.usage = .with {
                $0.total = cpu.totalUsage
                $0.kernel = cpu.kernelUsage
                $0.user = cpu.userUsage
                $0.perCpu = cpu.perCPUUsage
            }
            metrics.cpu.throttling = .with {
                $0.periods = cpu.periods
                $0.throttledPeriods = cpu.throttledPeriods
                $0.throttledTime = cpu.throttledTime
            }
        }
        do {
            let memory = stats.memory
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
        metrics.pids = .with {
            $0.current = stats.pids.current
            $0.limit = stats.pids.limit
        }
        let blkio = stats.blockIO
        metrics.blkio = .with {
            $0.ioServiceBytesRecursive = blkio.serviceBytes.map(entry)
            $0.ioServicedRecursive = blkio.serviced.map(entry)
            $0.ioQueuedRecursive = blkio.queued.map(entry)
            $0.ioServiceTimeRecursive = blkio.serviceTime.map(entry)
            $0.ioWaitTimeRecursive = blkio.waitTime.map(entry)
            $0.ioMergedRecursive = blkio.merged.map(entry)
            $0.ioTimeRecursive = blkio.time.map(entry)
            $0.sectorsRecursive = blkio.sectors.map(entry)
        }
        metrics.hugetlb = stats.hugetlb.sorted { $0.key < $1.key }.map { size, stat in
            .with {
                $0.pagesize = size
                $0.usage = stat.usage
                $0.max = stat.maxUsage
                $0.failcnt = stat.failcnt
            }
        }
        return metrics
    }

    private static func entry(_ data: CgroupStats.MemoryData) -> Io_Containerd_Cgroups_V1_MemoryEntry {
        .with {
            $0.usage = data.usage
            $0.max = data.maxUsage
            $0.failcnt = data.failcnt
            $0.limit = data.limit
        }
    }

    private static func entry(_ data: CgroupStats.BlockIOEntry) -> Io_Containerd_Cgroups_V1_BlkIOEntry {
        .with {
            $0.op = data.op
            $0.major = data.major
            $0.minor = data.minor
            $0.value = data.value
        }
    }
}
