// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataError
import KataLinux

/// Reads and writes a sandbox's `SandboxState` as JSON, atomically (write a temporary file, then
/// rename it over the old one), so that a crash never leaves a half-written file.
package struct StateStore: Sendable {
    /// The state file.
    package var path: String

    /// A store at `path`.
    /// - Parameter path: the JSON file (its directory must exist to save).
    package init(path: String) { self.path = path }

    /// Writes `state`.
    /// - Parameter state: the state.
    /// - Throws: `KataError` naming the file.
    package func save(_ state: SandboxState) throws(KataError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp"
        do {
            let data = try encoder.encode(state)
            try FileSystem.writeFile(String(decoding: data, as: UTF8.self), to: temporary)
            try FileSystem.rename(temporary, to: path)
        } catch {
            try? FileSystem.remove(temporary)
            throw KataError(.internal, "cannot write sandbox \(state.sandboxID) state \(path)", underlying: error)
        }
    }

    /// Reads the state.
    /// - Returns: the state, or nil when the file does not exist.
    /// - Throws: `KataError` when it exists but cannot be read or decoded.
    package func load() throws(KataError) -> SandboxState? {
        guard FileSystem.exists(path) else { return nil }
        do {
            let text = try FileSystem.readFile(path, limit: 16 << 20)
            return try JSONDecoder().decode(SandboxState.self, from: Data(text.utf8))
        } catch {
            throw KataError(.internal, "cannot read sandbox state \(path)", underlying: error)
        }
    }
}
