// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The few file-system questions the loader asks, so tests can answer them from memory.
package protocol ConfigFileSystem: Sendable {
    /// The absolute path with every symlink resolved.
    /// - Throws: `ConfigFileSystemError` when the path or a link target does not exist.
    func resolve(_ path: String) throws(ConfigFileSystemError) -> String
    /// The whole file as UTF-8 text.
    /// - Throws: `ConfigFileSystemError` when it cannot be read or is not UTF-8.
    func read(_ path: String) throws(ConfigFileSystemError) -> String
    /// The names in a directory, or nil when there is no such directory.
    func directoryEntries(_ path: String) -> [String]?
    /// Whether the path (after symlinks) is a regular file.
    func isRegularFile(_ path: String) -> Bool
}

/// Why a file-system question failed; the text follows Go's `ResolvePath` wording.
package struct ConfigFileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The explanation, e.g. `file /x does not exist`.
    package var description: String

    /// An error with the given explanation.
    package init(_ description: String) { self.description = description }

    /// The error for a path that does not exist.
    package static func notFound(_ path: String) -> ConfigFileSystemError {
        ConfigFileSystemError("file \(path) does not exist")
    }
}
