// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Synchronization
package import SystemPackage

/// Tells when the kernel's OOM killer acts in a cgroup: on v1 an eventfd registered on
/// `memory.oom_control`, on v2 an inotify watch of `memory.events` and its `oom_kill` counter.
///
/// Wait until ``descriptor`` is readable, then call ``consume()``. The owner closes it.
package final class OOMWatcher: Sendable {
    /// What happened since the last ``consume()``.
    package enum Event: Sendable, Equatable {
        /// Nothing (a spurious wakeup, or a v2 event other than an OOM kill).
        case none
        /// The OOM killer acted.
        case oom
        /// The cgroup was removed; stop watching.
        case gone
    }

    /// Readable when there is something to consume.
    package let descriptor: FileDescriptor
    private let cgroupDirectory: String
    private let eventsFile: String?
    private let oomControl: FileDescriptor?
    private let lastCount: Mutex<UInt64>

    /// Starts watching the cgroup's memory controller.
    /// - Throws: ``Cgroup/Error`` when there is no memory controller or registration fails.
    package init(_ cgroup: Cgroup) throws(Cgroup.Error) {
        guard let directory = cgroup.directory("memory") else {
            throw .missingController("memory", needed: "OOM notification")
        }
        cgroupDirectory = directory
        switch cgroup.hierarchy {
        case .v1:
            let control = "\(directory)/memory.oom_control"
            let eventFD: FileDescriptor
            do {
                eventFD = try EventNotifier.eventFD()
            } catch {
                throw .system("creating an eventfd for OOM events", error)
            }
            guard let controlFD = try? FileDescriptor.open(control, .readOnly, options: .closeOnExec) else {
                try? eventFD.close()
                throw .system(
                    "opening \(control)", .syscall(name: "open", path: control, errno: .noSuchFileOrDirectory))
            }
            do {
                try FileSystem.writeFile(
                    "\(eventFD.rawValue) \(controlFD.rawValue)", to: "\(directory)/cgroup.event_control")
            } catch {
                try? eventFD.close()
                try? controlFD.close()
                throw .system("registering for OOM events on \(control)", error)
            }
            descriptor = eventFD
            oomControl = controlFD
            eventsFile = nil
            lastCount = Mutex(0)
        case .v2:
            let events = "\(directory)/memory.events"
            do {
                descriptor = try EventNotifier.watchModifications(of: events)
            } catch {
                throw .system("watching \(events)", error)
            }
            eventsFile = events
            oomControl = nil
            lastCount = Mutex(Self.oomKills(events))
        }
    }

    /// Reads what woke the descriptor.
    package func consume() -> Event {
        EventNotifier.drain(descriptor)
        guard FileSystem.fileType(cgroupDirectory) == .directory else { return .gone }
        guard let eventsFile else {
            // v1 signals the eventfd only for OOM, and once more when the cgroup goes.
            return .oom
        }
        let count = Self.oomKills(eventsFile)
        return lastCount.withLock { last in
            defer { last = count }
            return count > last ? .oom : .none
        }
    }

    /// Closes the descriptors.
    package func close() {
        try? descriptor.close()
        try? oomControl?.close()
    }

    private static func oomKills(_ file: String) -> UInt64 {
        Cgroup.keyedCounters((try? FileSystem.readFile(file)) ?? "")["oom_kill"] ?? 0
    }
}
