// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// The host facts the clamping rules depend on, injected so tests can pick them.
package struct HostResources: Sendable, Equatable {
    /// Number of `processor` lines in /proc/cpuinfo.
    package var cpuCount: Int
    /// `MemTotal` from /proc/meminfo, in MiB.
    package var memoryMiB: UInt64

    /// Host facts given explicitly.
    package init(cpuCount: Int, memoryMiB: UInt64) {
        self.cpuCount = cpuCount
        self.memoryMiB = memoryMiB
    }

    /// Reads /proc/cpuinfo and /proc/meminfo; a file that cannot be read counts as one CPU or 0 MiB.
    package static func current() -> HostResources {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        return HostResources(cpuCount: max(1, cpuCount(cpuinfo: cpuinfo)), memoryMiB: memoryMiB(meminfo: meminfo))
    }

    /// Counts `processor` lines the way Go's `getHostCPUs` does.
    package static func cpuCount(cpuinfo: String) -> Int {
        cpuinfo.split(separator: "\n").filter { line in
            line.split(separator: ":", maxSplits: 1).first?.trimmingBlanks == "processor"
        }.count
    }

    /// `MemTotal` in MiB from /proc/meminfo text (which gives kB).
    package static func memoryMiB(meminfo: String) -> UInt64 {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = UInt64(fields[1]) { return kib / 1024 }
        }
        return 0
    }
}
