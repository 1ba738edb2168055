// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The agent's run/stop switch: `DestroySandbox` flips it; the server loop waits on it, as often and
/// from as many tasks as it likes.
final class AgentLifecycle: Sendable {
    private struct State {
        var stopping = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Whether shutdown was requested.
    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Asks the agent to stop serving; safe to call more than once.
    func requestShutdown() {
        let waiters = state.withLock { state in
            state.stopping = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once shutdown was requested, or when the waiting task is cancelled.
    func waitForShutdown() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.stopping || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
