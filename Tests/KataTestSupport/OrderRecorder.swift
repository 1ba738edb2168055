// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Cgroups
import Synchronization

/// Strings appended from any task, in order.
package final class OrderRecorder: Sendable {
    private let items = Mutex<[String]>([])

    /// An empty record.
    package init() {}

    /// Appends `item`.
    package func append(_ item: String) { items.withLock { $0.append(item) } }

    /// Everything appended, in order.
    package var all: [String] { items.withLock { $0 } }
}

/// Cgroup statistics with a value in every section.
package enum CgroupStatsFixture {
    /// A sample.
    package static var sample: CgroupStats {
        var stats = CgroupStats()
        stats.cpu.totalUsage = 1_000
        stats.cpu.perCPUUsage = [600, 400]
        stats.memory.usage = CgroupStats.MemoryData(usage: 4096, maxUsage: 8192, failcnt: 1, limit: 65536)
        stats.memory.stats = ["rss": 2048, "cache": 1024]
        stats.pids.current = 2
        stats.pids.limit = 100
        stats.blockIO.serviceBytes = [CgroupStats.BlockIOEntry(major: 8, minor: 0, op: "Read", value: 512)]
        stats.hugetlb = ["2MB": CgroupStats.Hugetlb(usage: 0, maxUsage: 0, failcnt: 0)]
        return stats
    }
}
