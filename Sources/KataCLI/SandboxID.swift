// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Sandbox and container id validation, as upstream's `VerifyContainerID`.
package enum SandboxID {
    /// The pattern ids must match.
    package static let pattern = "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$"

    /// Checks `id` against ``pattern``.
    /// - Parameter id: the id from the command line.
    /// - Throws: ``CLIError`` "ID cannot be blank" or `invalid container/sandbox ID (should match "…")`.
    package static func validate(_ id: String) throws(CLIError) {
        guard !id.isEmpty else { throw CLIError("ID cannot be blank") }
        let bytes = Array(id.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        let valid =
            bytes.count >= 2 && alphanumeric(bytes[0])
            && bytes.dropFirst().allSatisfy { alphanumeric($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
        guard valid else {
            throw CLIError("invalid container/sandbox ID (should match \"\(pattern)\")")
        }
    }
}
