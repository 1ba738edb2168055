// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A command failure the user sees: the message goes to stderr and the exit code is 1, as upstream's
/// `fatal` does.
package struct CLIError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text printed on stderr.
    package var message: String

    /// A failure with its message.
    /// - Parameter message: the text printed on stderr.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
