// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import Synchronization

/// The queue behind GetOOMEvent: watchers post container ids, callers wait for the next one.
///
/// Each id goes to exactly one caller (Kata hosts keep one GetOOMEvent call outstanding). A
/// caller that is cancelled (its connection closed) leaves the queue without taking an event.
final class OOMEvents: Sendable {
    private struct State {
        var pending: [String] = []
        var waiters: [UInt64: CheckedContinuation<String, any Error>] = [:]
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// Records that a container hit its memory limit.
    func post(_ containerID: String) {
        let waiter: CheckedContinuation<String, any Error>? = state.withLock { state in
            guard !state.closed else { return nil }
            if let first = state.waiters.keys.min(), let waiter = state.waiters.removeValue(forKey: first) {
                return waiter
            }
            state.pending.append(containerID)
            return nil
        }
        waiter?.resume(returning: containerID)
    }

    /// The next container that hit OOM, waiting for one if none is pending.
    /// - Throws: ``KataError`` `unavailable` once the sandbox is destroyed; `CancellationError`.
    func next() async throws -> String {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enum Outcome {
                    case event(String)
                    case failure(any Error)
                    case waiting
                }
                let outcome: Outcome = state.withLock { state in
                    if state.closed { return .failure(KataError(.unavailable, "the sandbox is being destroyed")) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if !state.pending.isEmpty { return .event(state.pending.removeFirst()) }
                    state.waiters[id] = continuation
                    return .waiting
                }
                switch outcome {
                case .event(let containerID): continuation.resume(returning: containerID)
                case .failure(let error): continuation.resume(throwing: error)
                case .waiting: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Ends the queue: waiting and later callers get `unavailable`, as when Kata's channel closes.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(throwing: KataError(.unavailable, "the sandbox is being destroyed"))
        }
    }
}
