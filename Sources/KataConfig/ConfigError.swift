// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import TOML

/// A configuration that cannot be used: a syntax error, a wrong type, a bad value or a missing file.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault, when there is one.
    package var file: String?
    /// The 1-based line, when the error points at a key or a character.
    package var line: Int?
    /// The 1-based column, when the parser knows it.
    package var column: Int?
    /// The full dotted key, e.g. `hypervisor.qemu.default_memory`, when one key is at fault.
    package var key: String?
    /// What is wrong and what is allowed.
    package var message: String

    /// An error with whatever position is known.
    package init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// An error at a parsed location.
    package init(at location: TOMLLocation, key: String? = nil, message: String) {
        self.init(file: location.file, line: location.line, column: location.column, key: key, message: message)
    }

    /// A TOML syntax or redefinition error, at its file, line and column.
    package init(_ error: TOMLParser.Error) {
        self.init(at: error.location, key: error.key, message: error.message)
    }

    /// `file:line:column: message`, with the parts that are known.
    package var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let line {
                prefix += ":\(line)"
                if let column { prefix += ":\(column)" }
            }
            prefix += ": "
        }
        return prefix + message
    }
}
