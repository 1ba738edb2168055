// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Synchronization
package import SystemPackage

/// Lets async code wait until a non-blocking descriptor is readable or writable, with one poll(2)
/// thread for the whole process.
///
/// why: the shim's stdio FIFOs are non-blocking; retrying them every few milliseconds kept an idle
/// shim at 5% of a core (200 wake-ups a second per open stdin). Blocking reads would park a thread
/// per stream, and the cooperative pool has two. One thread polling every waited descriptor, woken
/// by an eventfd when the set changes, costs nothing while nothing happens. Make one per process
/// and hand it to whoever waits (its thread lives as long as the process).
package final class ReadinessMonitor: Sendable {
    private struct Waiter {
        let fd: FileDescriptor
        let events: Poll.Events
        let continuation: CheckedContinuation<Poll.Events, Never>
    }

    private struct State {
        var nextID: UInt64 = 0
        /// Ids handed out whose continuation is not registered yet.
        var pending: Set<UInt64> = []
        /// Pending ids cancelled before their continuation was registered.
        var cancelledEarly: Set<UInt64> = []
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())
    private let wakeUp: FileDescriptor

    /// Creates a monitor and its polling thread (which lives as long as the process).
    /// - Throws: `Syscall.Error` from eventfd, or `Errno` from pthread_create.
    package init() throws {
        wakeUp = try EventNotifier.eventFD()
        do {
            try OSThread.start(name: "fd-readiness") { [self] in self.run() }
        } catch {
            try? wakeUp.close()
            throw error
        }
    }

    /// Waits until `fd` reports one of `events`, or an error or hang-up.
    /// - Parameters:
    ///   - fd: an open descriptor; the caller keeps it open until this returns.
    ///   - events: what to wait for (`.readable`, `.writable`).
    /// - Returns: the reported events (including `.hangUp`, `.error`, `.invalid`); empty when the
    ///   task was cancelled.
    package func wait(_ fd: FileDescriptor, for events: Poll.Events) async -> Poll.Events {
        let id = state.withLock { state in
            state.nextID += 1
            state.pending.insert(state.nextID)
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = state.withLock { state in
                    state.pending.remove(id)
                    if state.cancelledEarly.remove(id) != nil { return true }
                    state.waiters[id] = Waiter(fd: fd, events: events, continuation: continuation)
                    return false
                }
                if cancelled {
                    continuation.resume(returning: [])
                } else {
                    signal()
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                if state.pending.contains(id) { state.cancelledEarly.insert(id) }
                return nil
            }
            waiter?.continuation.resume(returning: [])
            signal()
        }
    }

    private func signal() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { try? wakeUp.write($0) }
    }

    private func run() {
        while true {
            let snapshot = state.withLock { state in state.waiters.map { (id: $0.key, waiter: $0.value) } }
            let table = [(wakeUp, Poll.Events.readable)] + snapshot.map { ($0.waiter.fd, $0.waiter.events) }
            guard let ready = try? Poll.poll(table, timeout: nil) else {
                // EINTR, or ENOMEM under pressure: poll again, after a pause so that an error
                // that persists cannot spin a core.
                usleep(1000)
                continue
            }
            if !ready[0].isEmpty { _ = EventNotifier.drain(wakeUp) }
            for (index, entry) in snapshot.enumerated() where !ready[index + 1].isEmpty {
                let waiter = state.withLock { $0.waiters.removeValue(forKey: entry.id) }
                waiter?.continuation.resume(returning: ready[index + 1])
            }
        }
    }
}
