// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Cgroups

// A cgroup's statistics as StatsContainer answers with them (agent.proto's CgroupStats).

extension Grpc_CgroupStats {
    /// The wire form of a cgroup's statistics.
    init(_ stats: CgroupStats) {
        self.init()
        cpuStats = .with {
            $0.cpuUsage = .with { usage in
                usage.totalUsage = stats.cpu.totalUsage
                usage.percpuUsage = stats.cpu.perCPUUsage
                usage.usageInKernelmode = stats.cpu.kernelUsage
                usage.usageInUsermode = stats.cpu.userUsage
            }
            $0.throttlingData = .with { throttling in
                throttling.periods = stats.cpu.periods
                throttling.throttledPeriods = stats.cpu.throttledPeriods
                throttling.throttledTime = stats.cpu.throttledTime
            }
        }
        func data(_ data: CgroupStats.MemoryData) -> Grpc_MemoryData {
            .with {
                $0.usage = data.usage
                $0.maxUsage = data.maxUsage
                $0.failcnt = data.failcnt
                $0.limit = data.limit
            }
        }
        memoryStats = .with {
            $0.cache = stats.memory.cache
            $0.usage = data(stats.memory.usage)
            $0.swapUsage = data(stats.memory.swapUsage)
            $0.kernelUsage = data(stats.memory.kernelUsage)
            $0.useHierarchy = stats.memory.useHierarchy
            $0.stats = stats.memory.stats
        }
        pidsStats = .with {
            $0.current = stats.pids.current
            $0.limit = stats.pids.limit
        }
        func entries(_ entries: [CgroupStats.BlockIOEntry]) -> [Grpc_BlkioStatsEntry] {
            entries.map { entry in
                .with {
                    $0.major = entry.major
                    $0.minor = entry.minor
                    $0.op = entry.op
                    $0.value = entry.value
                }
            }
        }
        blkioStats = .with {
            $0.ioServiceBytesRecursive = entries(stats.blockIO.serviceBytes)
            $0.ioServicedRecursive = entries(stats.blockIO.serviced)
            $0.ioQueuedRecursive = entries(stats.blockIO.queued)
            $0.ioServiceTimeRecursive = entries(stats.blockIO.serviceTime)
            $0.ioWaitTimeRecursive = entries(stats.blockIO.waitTime)
            $0.ioMergedRecursive = entries(stats.blockIO.merged)
            $0.ioTimeRecursive = entries(stats.blockIO.time)
            $0.sectorsRecursive = entries(stats.blockIO.sectors)
        }
        hugetlbStats = stats.hugetlb.mapValues { usage in
            .with {
                $0.usage = usage.usage
                $0.maxUsage = usage.maxUsage
                $0.failcnt = usage.failcnt
            }
        }
    }
}
