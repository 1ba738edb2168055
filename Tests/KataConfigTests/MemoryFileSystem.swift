// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

@testable import KataConfig

/// An in-memory file system: files with contents, directories implied by paths, and symlinks.
struct MemoryFileSystem: ConfigFileSystem {
    var files: [String: String] = [:]
    var symlinks: [String: String] = [:]

    init(files: [String: String] = [:], symlinks: [String: String] = [:]) {
        self.files = files
        self.symlinks = symlinks
    }

    /// Resolves links component by component, like realpath.
    func resolve(_ path: String) throws(ConfigFileSystemError) -> String {
        guard !path.isEmpty else { throw ConfigFileSystemError("path must be specified") }
        var resolved = ""
        var remaining = path.split(separator: "/").map(String.init)
        var hops = 0
        while !remaining.isEmpty {
            let component = remaining.removeFirst()
            let candidate = resolved + "/" + component
            if let target = symlinks[candidate], hops < 40 {
                hops += 1
                let targetParts = target.split(separator: "/").map(String.init)
                if target.hasPrefix("/") { resolved = "" }
                remaining = targetParts + remaining
            } else {
                resolved = candidate
            }
        }
        guard exists(resolved) else { throw .notFound(path) }
        return resolved
    }

    func read(_ path: String) throws(ConfigFileSystemError) -> String {
        let resolved = try resolve(path)
        guard let text = files[resolved] else { throw ConfigFileSystemError("cannot read \(path): is a directory") }
        return text
    }

    func directoryEntries(_ path: String) -> [String]? {
        guard let resolved = try? resolve(path), files[resolved] == nil else { return nil }
        let prefix = resolved + "/"
        var names: Set<String> = []
        for candidate in Array(files.keys) + Array(symlinks.keys) where candidate.hasPrefix(prefix) {
            if let name = candidate.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
        }
        return names.sorted()
    }

    func isRegularFile(_ path: String) -> Bool {
        guard let resolved = try? resolve(path) else { return false }
        return files[resolved] != nil
    }

    private func exists(_ path: String) -> Bool {
        if files[path] != nil { return true }
        let prefix = path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } || symlinks.keys.contains { $0.hasPrefix(prefix) }
    }
}
