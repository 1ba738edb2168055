// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

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
