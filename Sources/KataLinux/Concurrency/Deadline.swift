// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Bounding async work by a deadline, in one place: the work races a sleep; whichever ends first
/// wins, the other is cancelled and awaited, so nothing outlives the call.
package enum Deadline {
    /// Runs `operation` until it returns or `deadline` passes.
    /// - Parameters:
    ///   - deadline: when to give up; a deadline already past still lets the operation start.
    ///   - operation: the work; it is cancelled when the deadline wins and must then return promptly.
    /// - Returns: the operation's result, or nil when the deadline passed first.
    package static func run<T: Sendable>(
        until deadline: ContinuousClock.Instant, _ operation: @escaping @Sendable () async -> T
    ) async -> T? {
        await withTaskGroup(of: Outcome<T>.self) { group in
            group.addTask { .finished(await operation()) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .expired
            }
            let first = await group.next()
            group.cancelAll()
            while await group.next() != nil {}
            if case .finished(let value) = first { return value }
            return nil
        }
    }

    /// Runs `operation` for at most `timeout`.
    /// - Parameters:
    ///   - timeout: how long it may take.
    ///   - operation: the work, cancelled when the time is up.
    /// - Returns: the operation's result, or nil when the time ran out first.
    package static func run<T: Sendable>(
        for timeout: Duration, _ operation: @escaping @Sendable () async -> T
    ) async -> T? {
        await run(until: .now + timeout, operation)
    }

    private enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case expired
    }
}
