// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A process's exit, awaited by any number of `Wait` calls.
package typealias ExitLatch = Latch<ExitStatus>

/// A value that arrives once and is awaited by any number of tasks: before it arrives they
/// suspend, afterwards they return at once. Cancelling a waiter (its connection closed) removes
/// only that waiter.
package final class Latch<Value: Sendable>: Sendable {
    private enum State {
        case pending(next: Int, waiters: [Int: CheckedContinuation<Value, any Error>])
        case resolved(Value)
    }

    private let state = Mutex<State>(.pending(next: 0, waiters: [:]))

    /// Creates an unresolved latch.
    package init() {}

    /// The value, if it has arrived.
    package var value: Value? {
        state.withLock { state in
            if case .resolved(let status) = state { status } else { nil }
        }
    }

    /// Stores the value and resumes every waiter; later calls are ignored.
    package func resolve(_ status: Value) {
        let waiters: [CheckedContinuation<Value, any Error>] = state.withLock { state in
            guard case .pending(_, let waiters) = state else {
                return []
            }
            state = .resolved(status)
            return Array(waiters.values)
        }
        for waiter in waiters {
            waiter.resume(returning: status)
        }
    }

    /// Waits for the value.
    /// - Throws: `CancellationError` when the waiting task is cancelled.
    package func wait() async throws -> Value {
        let ticket = Mutex<Int?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<Value, any Error>? = state.withLock { state in
                    switch state {
                    case .resolved(let status):
                        return .success(status)
                    case .pending(let next, var waiters):
                        if Task.isCancelled {
                            return .failure(CancellationError())
                        }
                        waiters[next] = continuation
                        state = .pending(next: next + 1, waiters: waiters)
                        ticket.withLock { $0 = next }
                        return nil
                    }
                }
                if let immediate {
                    continuation.resume(with: immediate)
                }
            }
        } onCancel: {
            let removed: CheckedContinuation<Value, any Error>? = state.withLock { state in
                guard case .pending(let next, var waiters) = state, let id = ticket.withLock({ $0 }) else {
                    return nil
                }
                let waiter = waiters.removeValue(forKey: id)
                state = .pending(next: next, waiters: waiters)
                return waiter
            }
            removed?.resume(throwing: CancellationError())
        }
    }
}
