// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Something the loader accepted but the user should fix: an unknown key, an obsolete section, a clamped value.
package struct ConfigWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file that holds the key.
    package var file: String
    /// The 1-based line of the key, when it was written in the file.
    package var line: Int?
    /// The full dotted key or section the warning is about.
    package var key: String
    /// The explanation.
    package var message: String

    /// A warning about `key`.
    package init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: warning: message`.
    package var description: String {
        let position = line.map { "\(file):\($0)" } ?? file
        return "\(position): warning: \(message)"
    }
}
