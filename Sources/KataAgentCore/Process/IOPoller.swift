// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import NIOPosix
import Synchronization
import SystemPackage

/// Waits for readiness of many non-blocking descriptors (process pipes, pty masters, sync sockets)
/// on one thread of its own.
///
/// Blocking reads would each hold a thread, and a process's stdout waits indefinitely; the
/// cooperative pool has as few threads as the guest has vCPUs (often one), so a few idle containers
/// would stall every RPC. Descriptors here are owned by their callers; a waiter only borrows one.
final class IOPoller: Sendable {
    private struct Waiter {
        var fd: FileDescriptor
        var events: Poll.Events
        var deadline: ContinuousClock.Instant?
        var continuation: CheckedContinuation<Poll.Events, any Error>
    }

    private struct State {
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let wake: WakeupPipe
    private let thread: NIOThreadPool

    /// Starts the polling thread.
    /// - Throws: ``Syscall/Error`` when the wake-up pipe cannot be made.
    init() throws(Syscall.Error) {
        wake = try WakeupPipe()
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        thread.submit { [self] _ in run() }
    }

    /// Returns once `fd` reports one of `events` (or an error or hang-up), or empty events once
    /// `deadline` has passed.
    /// - Parameters:
    ///   - events: what to wait for.
    ///   - fd: the descriptor; it must stay open until this returns.
    ///   - deadline: when to give up waiting; nil waits indefinitely.
    /// - Returns: the reported events, empty at the deadline.
    /// - Throws: `CancellationError` when the task is cancelled; ``KataError`` after ``stop()``.
    func wait(
        for events: Poll.Events, on fd: FileDescriptor, until deadline: ContinuousClock.Instant? = nil
    ) async throws -> Poll.Events {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let failure: (any Error)? = state.withLock { state in
                    if state.stopped { return KataError(.unavailable, "the agent is shutting down") }
                    if Task.isCancelled { return CancellationError() }
                    state.waiters[id] = Waiter(
                        fd: fd, events: events, deadline: deadline, continuation: continuation)
                    return nil
                }
                if let failure {
                    continuation.resume(throwing: failure)
                } else {
                    poke()
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
            poke()
        }
    }

    /// Returns empty events to everyone waiting on `fd` now, so they look again at why they wait
    /// (a process that ended changes how long its output is worth waiting for).
    func interrupt(_ fd: FileDescriptor) {
        let woken = state.withLock { state in
            let ids = state.waiters.filter { $0.value.fd == fd }.map(\.key)
            return ids.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in woken { continuation.resume(returning: []) }
        if !woken.isEmpty { poke() }
    }

    /// Fails every waiter and stops the thread.
    func stop() {
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: KataError(.unavailable, "the agent is shutting down"))
        }
        poke()
        thread.shutdownGracefully { _ in }
    }

    private func poke() {
        wake.poke()
    }

    private func run() {
        while true {
            let snapshot = state.withLock { state in
                state.stopped ? nil : state.waiters.map { ($0.key, $0.value.fd, $0.value.events, $0.value.deadline) }
            }
            guard let snapshot else { return }
            let now = ContinuousClock.now
            let nearest = snapshot.compactMap(\.3).min()
            let timeout: Duration? = nearest.map { $0 > now ? $0 - now : .zero }
            let entries = [(wake.read, Poll.Events.readable)] + snapshot.map { ($0.1, $0.2) }
            guard let ready = try? Poll.poll(entries, timeout: timeout) else {
                // Only EINVAL/ENOMEM can fail here; do not spin.
                _ = try? Poll.poll([], timeout: .milliseconds(10))
                continue
            }
            if !ready[0].isEmpty {
                wake.drain()
            }
            let after = ContinuousClock.now
            var resumed: [(CheckedContinuation<Poll.Events, any Error>, Poll.Events)] = []
            state.withLock { state in
                for (index, entry) in snapshot.enumerated() {
                    let events = ready[index + 1]
                    let expired = entry.3.map { $0 <= after } ?? false
                    guard !events.isEmpty || expired, let waiter = state.waiters.removeValue(forKey: entry.0) else {
                        continue
                    }
                    resumed.append((waiter.continuation, events))
                }
            }
            for (continuation, events) in resumed {
                continuation.resume(returning: events)
            }
        }
    }
}
