// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux

/// Where `check` and `env` read the host: files under /proc, /sys, /dev and /etc, the user and the
/// CPU count. Tests pass a fixture tree instead of the real root.
package protocol HostFacts: Sendable {
    /// The contents of a host file, or nil when it cannot be read.
    /// - Parameter path: an absolute host path such as `/proc/cpuinfo`.
    /// - Returns: the text, or nil.
    func contents(of path: String) -> String?
    /// Whether a host path exists (file, directory or device).
    /// - Parameter path: an absolute host path such as `/sys/module/kvm`.
    /// - Returns: true when it exists.
    func exists(_ path: String) -> Bool
    /// The effective user id; 0 is root.
    var effectiveUserID: UInt32 { get }
    /// The CPUs this process may run on (Go's `runtime.NumCPU`).
    var cpuCount: Int { get }
}

/// Host facts read from files below a root directory: `/` on a real host, a fixture tree in tests.
package struct RootedHostFacts: HostFacts {
    /// The directory that stands for `/`.
    package let root: String
    /// The effective user id to report.
    package let effectiveUserID: UInt32
    /// The CPU count to report.
    package let cpuCount: Int

    /// Facts read below `root`, reporting the given user and CPU count.
    /// - Parameters:
    ///   - root: the directory that stands for `/`.
    ///   - effectiveUserID: the user to report.
    ///   - cpuCount: the CPU count to report.
    package init(root: String, effectiveUserID: UInt32, cpuCount: Int) {
        self.root = root
        self.effectiveUserID = effectiveUserID
        self.cpuCount = cpuCount
    }

    /// The real host: the root directory, this process's user and its CPU count.
    package static func current() -> RootedHostFacts {
        RootedHostFacts(
            root: "/", effectiveUserID: UserIdentity.effectiveUserID,
            cpuCount: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Reads `path` below the root, or nil when it is missing or unreadable.
    /// - Parameter path: an absolute host path.
    /// - Returns: the text, or nil.
    package func contents(of path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: resolved(path)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether `path` exists below the root.
    /// - Parameter path: an absolute host path.
    /// - Returns: true when it exists.
    package func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: resolved(path))
    }

    private func resolved(_ path: String) -> String {
        root == "/" ? path : root + path
    }
}
