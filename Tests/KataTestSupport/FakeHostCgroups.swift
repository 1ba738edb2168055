// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
package import KataRuntime
import Synchronization

/// Host cgroups that only record: the real ones would move the test runner itself.
package final class FakeHostCgroups: HostCgroups {
    private struct State {
        var operations: [String] = []
        var existing: Set<String> = []
        var failures: [String: KataError] = [:]
    }
    private let state = Mutex(State())

    /// An empty record.
    package init() {}

    /// Every operation, in order: `create P`, `join P`, `threads [T…] P`, `leave`, `remove P`.
    package var operations: [String] { state.withLock { $0.operations } }
    /// The cgroups created and not removed.
    package var existing: Set<String> { state.withLock { $0.existing } }

    /// Makes the next `operation` ("create", "join", "leave", "remove") fail with `error`.
    package func fail(_ operation: String, with error: KataError) {
        state.withLock { $0.failures[operation] = error }
    }

    package func create(_ path: String) throws(KataError) {
        try record("create", path) { $0.existing.insert(path) }
    }

    package func join(_ path: String) throws(KataError) -> HostCgroupMembership {
        try record("join", path) { _ in }
        return HostCgroupMembership(paths: ["": "/before"])
    }

    package func leave(to membership: HostCgroupMembership) throws(KataError) {
        try record("leave", nil) { _ in }
    }

    package func addThreads(_ threads: [Int32], to path: String) throws(KataError) {
        try record("threads", "\(threads) \(path)") { _ in }
    }

    package func remove(_ path: String) async throws(KataError) {
        try record("remove", path) { $0.existing.remove(path) }
    }

    private func record(_ operation: String, _ path: String?, _ effect: (inout State) -> Void) throws(KataError) {
        let failure: KataError? = state.withLock { state in
            state.operations.append(path.map { "\(operation) \($0)" } ?? operation)
            if let failure = state.failures.removeValue(forKey: operation) { return failure }
            effect(&state)
            return nil
        }
        if let failure { throw failure }
    }
}
