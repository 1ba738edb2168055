// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
import SystemPackage

/// The real file system, through FoundationEssentials and KataLinux.
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
            throw ConfigFileSystemError("cannot read \(path): \(Self.reason(error))")
        }
    }

    /// Lists a directory, nil when it is absent.
    package func directoryEntries(_ path: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: path)
    }

    /// Whether `path` is a regular file after following symlinks.
    package func isRegularFile(_ path: String) -> Bool {
        FileSystem.isRegularFile(path)
    }

    /// The errno's text when a read failed in the kernel, else the error itself.
    private static func reason(_ error: any Error) -> String {
        guard let posix = (error as? CocoaError)?.underlying as? POSIXError else { return "\(error)" }
        return Errno(rawValue: posix.code.rawValue).description
    }
}
