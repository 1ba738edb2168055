// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

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

/// The real file system, through Foundation.
package struct LocalConfigFileSystem: ConfigFileSystem {
    /// The host's file system.
    package init() {}

    /// Resolves symlinks; the result must exist.
    package func resolve(_ path: String) throws(ConfigFileSystemError) -> String {
        guard !path.isEmpty else { throw ConfigFileSystemError("path must be specified") }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        let resolved = absolute.resolvingSymlinksInPath().path
        guard FileManager.default.fileExists(atPath: resolved) else { throw .notFound(absolute.path) }
        return resolved
    }

    /// Reads UTF-8 text.
    package func read(_ path: String) throws(ConfigFileSystemError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigFileSystemError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Lists a directory, nil when it is absent.
    package func directoryEntries(_ path: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: path)
    }

    /// Whether `path` is a regular file after following symlinks.
    package func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
