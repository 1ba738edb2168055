// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// What a multi-step operation has set up so far, undone in reverse when a later step fails: the
/// one rollback mechanism of the sandbox's boot.
///
/// Only live resources go here (processes, connections, descriptors). What must survive a crash of
/// the shim is recorded in the persisted `SandboxState` instead and undone by `SandboxCleanup`.
struct UndoStack: Sendable {
    private var steps: [(name: String, undo: @Sendable () async -> Void)] = []

    /// Records how to undo a step that just succeeded.
    /// - Parameters:
    ///   - name: the step, for tests and logs.
    ///   - undo: its undo.
    mutating func push(_ name: String, _ undo: @escaping @Sendable () async -> Void) {
        steps.append((name, undo))
    }

    /// The steps recorded, oldest first.
    var names: [String] { steps.map(\.name) }

    /// Undoes every step, newest first, and forgets them.
    mutating func unwind() async {
        while let step = steps.popLast() { await step.undo() }
    }
}
