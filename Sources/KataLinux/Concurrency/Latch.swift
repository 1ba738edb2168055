// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A value that arrives once and is awaited by any number of tasks: before it arrives they
/// suspend, afterwards they return at once. Cancelling a waiter removes only that waiter.
///
/// The one "wait for it to happen" primitive of the runtime, the shim and the agent: a process's
/// exit, a stream's end, a shutdown request. Waiting with a deadline goes through
/// ``wait(until:)``, never a sleep-and-check loop.
package final class Latch<Value: Sendable>: Sendable {
    private enum Waiter {
        /// Cancellation resumes it with `CancellationError`.
        case cancellable(CheckedContinuation<Value, any Error>)
        /// Waits for the value whatever happens to its task.
        case steadfast(CheckedContinuation<Value, Never>)

        func resume(_ value: Value) {
            switch self {
            case .cancellable(let continuation): continuation.resume(returning: value)
            case .steadfast(let continuation): continuation.resume(returning: value)
            }
        }
    }

    private enum State {
        case pending(next: Int, waiters: [Int: Waiter])
        case resolved(Value)
    }

    private let state = Mutex<State>(.pending(next: 0, waiters: [:]))

    /// Creates an unresolved latch.
    package init() {}

    /// The value, if it has arrived.
    package var value: Value? {
        state.withLock { state in
            if case .resolved(let value) = state { value } else { nil }
        }
    }

    /// Stores the value and resumes every waiter.
    /// - Parameter value: the value.
    /// - Returns: whether this call stored it (false when it had arrived already: later calls are ignored).
    @discardableResult
    package func resolve(_ value: Value) -> Bool {
        let waiters: [Waiter]? = state.withLock { state in
            guard case .pending(_, let waiters) = state else { return nil }
            state = .resolved(value)
            return Array(waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(value) }
        return true
    }

    /// Waits for the value.
    /// - Throws: `CancellationError` when the waiting task is cancelled.
    package func wait() async throws -> Value {
        let ticket = Mutex<Int?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                switch enqueue(.cancellable(continuation), ticket: ticket) {
                case .enqueued: break
                case .resolved(let value): continuation.resume(returning: value)
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let removed: Waiter? = state.withLock { state in
                guard case .pending(let next, var waiters) = state, let id = ticket.withLock({ $0 }) else {
                    return nil
                }
                let waiter = waiters.removeValue(forKey: id)
                state = .pending(next: next, waiters: waiters)
                return waiter
            }
            if case .cancellable(let continuation) = removed { continuation.resume(throwing: CancellationError()) }
        }
    }

    /// Waits for the value even when the waiting task is cancelled (teardown that must see the end).
    package func valueIgnoringCancellation() async -> Value {
        let unused = Mutex<Int?>(nil)
        return await withCheckedContinuation { continuation in
            if case .resolved(let value) = enqueue(.steadfast(continuation), ticket: unused) {
                continuation.resume(returning: value)
            }
        }
    }

    /// Waits for the value, but not past `deadline`.
    /// - Parameter deadline: when to stop waiting.
    /// - Returns: the value, or nil when the deadline passed first or the task was cancelled.
    package func wait(until deadline: ContinuousClock.Instant) async -> Value? {
        if let value { return value }
        return await Deadline.run(until: deadline) { try? await self.wait() } ?? nil
    }

    /// Waits for the value; nil when the task is cancelled first, for callers that treat
    /// cancellation as "stop waiting".
    package func waitUnlessCancelled() async -> Value? {
        try? await wait()
    }

    private enum Enqueued {
        case enqueued
        case resolved(Value)
        case cancelled
    }

    /// Adds `waiter` unless the value has arrived or (for a cancellable waiter) its task is
    /// cancelled; under the lock, so a cancellation handler either sees the ticket or the
    /// waiter never went in.
    private func enqueue(_ waiter: Waiter, ticket: borrowing Mutex<Int?>) -> Enqueued {
        state.withLock { state in
            switch state {
            case .resolved(let value):
                return .resolved(value)
            case .pending(let next, var waiters):
                if case .cancellable = waiter, Task.isCancelled { return .cancelled }
                waiters[next] = waiter
                state = .pending(next: next + 1, waiters: waiters)
                ticket.withLock { $0 = next }
                return .enqueued
            }
        }
    }
}
