// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import QEMU
import Synchronization

extension QEMUProcess {
    /// Waits for the process to end, but returns nil as soon as the calling task is cancelled
    /// (`wait()` itself cannot be cancelled, which would pin a task group's child forever).
    ///
    /// why: the pod watches QEMU and virtiofsd for their whole life; polling `wait(timeout:)`
    /// woke the shim 100 times a second while idle. Here the wait sleeps on the process's own
    /// exit waiter, in a task that ends when the process does (it always does: shutdown kills it).
    /// - Returns: how it ended, or nil when cancelled first.
    package func waitUnlessCancelled() async -> Termination? {
        let outcome = FirstOutcome()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                outcome.install(continuation)
                Task { [self] in outcome.deliver(await self.wait()) }
            }
        } onCancel: {
            outcome.deliver(nil)
        }
    }
}

/// Resumes one continuation with whichever outcome comes first: the exit, or nil on cancellation
/// (which may come before the continuation is installed).
private final class FirstOutcome: Sendable {
    private struct State {
        var continuation: CheckedContinuation<QEMUProcess.Termination?, Never>?
        var early: QEMUProcess.Termination??
        var done = false
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<QEMUProcess.Termination?, Never>) {
        let early: QEMUProcess.Termination?? = state.withLock { state in
            if let early = state.early {
                state.done = true
                return early
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func deliver(_ outcome: QEMUProcess.Termination?) {
        let continuation = state.withLock { state -> CheckedContinuation<QEMUProcess.Termination?, Never>? in
            guard !state.done else { return nil }
            guard let continuation = state.continuation else {
                if state.early == nil { state.early = .some(outcome) }
                return nil
            }
            state.done = true
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: outcome)
    }
}
