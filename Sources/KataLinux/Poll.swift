// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// poll(2) on a single descriptor.
package enum Poll {
    /// `poll(2)` event bits.
    package struct Events: OptionSet, Sendable, Hashable, CustomStringConvertible {
        /// The raw `POLL*` bits.
        package var rawValue: Int16

        /// Creates events from raw `POLL*` bits.
        /// - Parameter rawValue: the bits.
        package init(rawValue: Int16) {
            self.rawValue = rawValue
        }

        private init(_ bits: Int32) {
            self.rawValue = Int16(truncatingIfNeeded: bits)
        }

        /// `POLLIN`: data to read.
        package static let readable = Events(POLLIN)
        /// `POLLPRI`: urgent data.
        package static let priority = Events(POLLPRI)
        /// `POLLOUT`: writing will not block.
        package static let writable = Events(POLLOUT)
        /// `POLLERR` (reported only).
        package static let error = Events(POLLERR)
        /// `POLLHUP` (reported only): the peer hung up; for a virtio-serial port, no host is connected.
        package static let hangUp = Events(POLLHUP)
        /// `POLLNVAL` (reported only): the descriptor is not open.
        package static let invalid = Events(POLLNVAL)

        /// The set bits by name, e.g. `[readable, hangUp]`.
        package var description: String {
            let names: [(Events, String)] = [
                (.readable, "readable"), (.priority, "priority"), (.writable, "writable"),
                (.error, "error"), (.hangUp, "hangUp"), (.invalid, "invalid"),
            ]
            return "[" + names.filter { contains($0.0) }.map(\.1).joined(separator: ", ") + "]"
        }
    }

    /// Waits until `fd` reports one of `events` (or an error/hang-up condition) or `timeout` passes.
    /// - Parameters:
    ///   - fd: the descriptor; it is not closed.
    ///   - events: the conditions to wait for.
    ///   - timeout: how long to wait; `.zero` checks without waiting, nil waits indefinitely.
    /// - Returns: the reported events; empty when the timeout passed.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `poll`.
    package static func poll(
        _ fd: FileDescriptor, for events: Events, timeout: Duration?
    ) throws(Syscall.Error) -> Events {
        var entry = pollfd(fd: fd.rawValue, events: events.rawValue, revents: 0)
        let milliseconds = timeout.map(Self.milliseconds) ?? -1
        let ready = try Syscall.call("poll") { Glibc.poll(&entry, 1, milliseconds) }
        return ready == 0 ? [] : Events(rawValue: entry.revents)
    }

    /// Waits until any of `entries` reports one of its events (or an error/hang-up condition) or
    /// `timeout` passes.
    /// - Parameters:
    ///   - entries: the descriptors, none closed, each with the conditions to wait for.
    ///   - timeout: how long to wait; `.zero` checks without waiting, nil waits indefinitely.
    /// - Returns: the reported events of each entry, in order; all empty when the timeout passed.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `poll`.
    package static func poll(
        _ entries: [(FileDescriptor, Events)], timeout: Duration?
    ) throws(Syscall.Error) -> [Events] {
        var table = entries.map { pollfd(fd: $0.0.rawValue, events: $0.1.rawValue, revents: 0) }
        let milliseconds = timeout.map(Self.milliseconds) ?? -1
        let count = nfds_t(table.count)
        _ = try Syscall.call("poll") { Glibc.poll(&table, count, milliseconds) }
        return table.map { Events(rawValue: $0.revents) }
    }

    /// Rounds up, so that a timeout of 0.5 ms waits rather than polls; clamps to what poll accepts.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else {
            return 0
        }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + perMillisecond - 1) / perMillisecond
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? Int32.max : Int32(clamping: product + fraction)
    }
}
