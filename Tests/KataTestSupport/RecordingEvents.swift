// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
package import KataRuntime
import Synchronization

/// Keeps every lifecycle event the sandbox publishes, in order.
package final class RecordingEvents: TaskEventSink {
    private struct Waiter {
        let matches: @Sendable (TaskEvent) -> Bool
        let latch: Latch<TaskEvent>
    }

    private let events = Mutex<[TaskEvent]>([])
    private let waiters = Mutex<[Waiter]>([])

    /// An empty record.
    package init() {}

    /// Records `event` and wakes who waits for one like it.
    package func publish(_ event: TaskEvent) {
        events.withLock { $0.append(event) }
        for waiter in waiters.withLock({ $0 }) where waiter.matches(event) { waiter.latch.resolve(event) }
    }

    /// Waits until an event that `matches` has been published (returns at once for a past one).
    package func first(where matches: @escaping @Sendable (TaskEvent) -> Bool) async -> TaskEvent {
        let latch = Latch<TaskEvent>()
        waiters.withLock { $0.append(Waiter(matches: matches, latch: latch)) }
        if let past = all.first(where: matches) { latch.resolve(past) }
        return await latch.valueIgnoringCancellation()
    }

    /// The events so far.
    package var all: [TaskEvent] { events.withLock { $0 } }

    /// containerd's topic of each event so far (`/tasks/create` …).
    package var topics: [String] { all.map(\.topic) }
}

extension TaskEvent {
    /// containerd's topic for the event.
    package var topic: String {
        switch self {
        case .created: "/tasks/create"
        case .started: "/tasks/start"
        case .execAdded: "/tasks/exec-added"
        case .execStarted: "/tasks/exec-started"
        case .exited: "/tasks/exit"
        case .deleted: "/tasks/delete"
        case .paused: "/tasks/paused"
        case .resumed: "/tasks/resumed"
        case .oom: "/tasks/oom"
        }
    }
}
