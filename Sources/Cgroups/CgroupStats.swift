// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// What a cgroup has used, in the shape of the agent protocol's `CgroupStats` (times in
/// nanoseconds, sizes in bytes).
package struct CgroupStats: Sendable, Equatable {
    /// CPU time and throttling.
    package struct CPU: Sendable, Equatable {
        /// All zero.
        package init() {}

        /// Total CPU time.
        package var totalUsage: UInt64 = 0
        /// CPU time per CPU (v1 only).
        package var perCPUUsage: [UInt64] = []
        /// Time in the kernel.
        package var kernelUsage: UInt64 = 0
        /// Time in user space.
        package var userUsage: UInt64 = 0
        /// Enforcement periods elapsed.
        package var periods: UInt64 = 0
        /// Periods in which the cgroup was throttled.
        package var throttledPeriods: UInt64 = 0
        /// Total time throttled.
        package var throttledTime: UInt64 = 0
    }

    /// One memory counter group.
    package struct MemoryData: Sendable, Equatable {
        /// Usage figures, zero unless given.
        package init(usage: UInt64 = 0, maxUsage: UInt64 = 0, failcnt: UInt64 = 0, limit: UInt64 = 0) {
            self.usage = usage
            self.maxUsage = maxUsage
            self.failcnt = failcnt
            self.limit = limit
        }

        /// Current usage.
        package var usage: UInt64 = 0
        /// Peak usage.
        package var maxUsage: UInt64 = 0
        /// Times the limit was hit.
        package var failcnt: UInt64 = 0
        /// The limit (0 when unlimited).
        package var limit: UInt64 = 0
    }

    /// Memory usage.
    package struct Memory: Sendable, Equatable {
        /// All zero.
        package init() {}

        /// Page cache.
        package var cache: UInt64 = 0
        /// Memory.
        package var usage = MemoryData()
        /// Memory plus swap (v1), or swap (v2).
        package var swapUsage = MemoryData()
        /// Kernel memory (v1 only).
        package var kernelUsage = MemoryData()
        /// Whether usage includes children (always on v2).
        package var useHierarchy = false
        /// The `memory.stat` counters.
        package var stats: [String: UInt64] = [:]
    }

    /// Process counts.
    package struct Pids: Sendable, Equatable {
        /// Counts, zero unless given.
        package init(current: UInt64 = 0, limit: UInt64 = 0) {
            self.current = current
            self.limit = limit
        }

        /// Processes now.
        package var current: UInt64 = 0
        /// The limit (0 when unlimited).
        package var limit: UInt64 = 0
    }

    /// One block I/O counter of one device.
    package struct BlockIOEntry: Sendable, Equatable {
        /// An entry.
        package init(major: UInt64, minor: UInt64, op: String, value: UInt64) {
            self.major = major
            self.minor = minor
            self.op = op
            self.value = value
        }

        /// The device number.
        package var major: UInt64
        /// The device number.
        package var minor: UInt64
        /// "Read", "Write", "Sync", "Async", "Discard" or "Total"; "" for single-valued files.
        package var op: String
        /// The counter.
        package var value: UInt64
    }

    /// Block I/O counters, as the v1 `blkio.*_recursive` files name them.
    package struct BlockIO: Sendable, Equatable {
        /// All zero.
        package init() {}

        /// Bytes transferred.
        package var serviceBytes: [BlockIOEntry] = []
        /// Operations done.
        package var serviced: [BlockIOEntry] = []
        /// Operations queued (CFQ/BFQ only).
        package var queued: [BlockIOEntry] = []
        /// Time servicing (CFQ/BFQ only).
        package var serviceTime: [BlockIOEntry] = []
        /// Time waiting (CFQ/BFQ only).
        package var waitTime: [BlockIOEntry] = []
        /// Merged operations (CFQ/BFQ only).
        package var merged: [BlockIOEntry] = []
        /// Device time (CFQ/BFQ only).
        package var time: [BlockIOEntry] = []
        /// Sectors (CFQ/BFQ only).
        package var sectors: [BlockIOEntry] = []
    }

    /// One huge page size's usage.
    package struct Hugetlb: Sendable, Equatable {
        /// Usage figures, zero unless given.
        package init(usage: UInt64 = 0, maxUsage: UInt64 = 0, failcnt: UInt64 = 0) {
            self.usage = usage
            self.maxUsage = maxUsage
            self.failcnt = failcnt
        }

        /// Current usage.
        package var usage: UInt64 = 0
        /// Peak usage (v1 only).
        package var maxUsage: UInt64 = 0
        /// Allocations that hit the limit.
        package var failcnt: UInt64 = 0
    }

    /// CPU.
    package var cpu = CPU()
    /// Memory.
    package var memory = Memory()
    /// Processes.
    package var pids = Pids()
    /// Block I/O.
    package var blockIO = BlockIO()
    /// Huge pages by size ("2MB").
    package var hugetlb: [String: Hugetlb] = [:]

    /// Empty statistics.
    package init() {}
}
