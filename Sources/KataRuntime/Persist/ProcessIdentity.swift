// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

/// A process as recorded for a later cleanup: its pid and its start time (field 22 of
/// `/proc/<pid>/stat`, in clock ticks since boot), so that a recycled pid is never signalled.
package struct ProcessIdentity: Sendable, Equatable, Codable {
    /// The pid.
    package var pid: Int32
    /// The start time in clock ticks since boot.
    package var startTime: UInt64

    /// A recorded process.
    /// - Parameters:
    ///   - pid: the pid.
    ///   - startTime: its start time.
    package init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// Reads the start time of the live process `pid`.
    /// - Parameter pid: the process.
    /// - Returns: its identity, or nil when it does not exist.
    package static func current(pid: Int32) -> ProcessIdentity? {
        guard let text = try? FileSystem.readFile("/proc/\(pid)/stat"), let start = startTime(stat: text) else {
            return nil
        }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// Field 22 of a `/proc/<pid>/stat` line; the command name (field 2) may hold spaces and
    /// parentheses, so the fields are counted after its last `)`.
    /// - Parameter stat: the file's text.
    /// - Returns: the start time, or nil when the text is malformed.
    package static func startTime(stat: String) -> UInt64? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether this very process (same pid, same start time) still runs; a zombie does not.
    package var isAlive: Bool {
        guard let text = try? FileSystem.readFile("/proc/\(pid)/stat"), Self.startTime(stat: text) == startTime,
            let close = text.lastIndex(of: ")")
        else { return false }
        return text[text.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// Sends SIGKILL if this very process still exists.
    /// - Returns: true when a signal was sent.
    @discardableResult
    package func killIfAlive() -> Bool {
        guard isAlive else { return false }
        return (try? ProcessControl.kill(pid, .kill)) != nil
    }
}
