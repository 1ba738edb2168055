// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The mounts a process sees, as listed by `/proc/<pid>/mountinfo`, in the kernel's order (a mount
/// stacked on top of another comes after it).
package struct MountTable: Sendable, Equatable {
    /// The entries, one per mountinfo line.
    package var entries: [MountInfo]

    /// Creates a table from entries.
    /// - Parameter entries: the mounts, parents before children.
    package init(entries: [MountInfo] = []) {
        self.entries = entries
    }

    /// Parses the text of a mountinfo file; blank lines are skipped.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - path: the file the text came from, for error messages.
    /// - Throws: ``Syscall/Error/malformed(path:line:reason:)`` naming the first bad line.
    package init(parsing text: String, path: String = MountTable.currentProcessPath) throws(Syscall.Error) {
        var entries: [MountInfo] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            entries.append(try MountInfo(parsing: line, path: path, lineNumber: index + 1))
        }
        self.entries = entries
    }

    /// The mountinfo file of the calling process.
    package static let currentProcessPath = "/proc/self/mountinfo"

    /// Reads and parses the calling process's mount table.
    /// - Parameter path: the mountinfo file to read.
    /// - Returns: the mount table.
    /// - Throws: ``Syscall/Error`` from reading the file (`ENOENT` before /proc is mounted) or parsing it.
    package static func read(from path: String = currentProcessPath) throws(Syscall.Error) -> MountTable {
        try MountTable(parsing: try FileSystem.readFile(path, limit: 16 << 20), path: path)
    }

    /// Whether something is mounted at `mountPoint`, optionally with a given file system type.
    ///
    /// Trailing slashes are ignored, so `/dev/pts/` matches `/dev/pts`.
    /// - Parameters:
    ///   - mountPoint: the absolute directory to look for.
    ///   - fileSystemType: when set, only a mount of this type counts (`"proc"`, `"cgroup2"`).
    /// - Returns: true when a matching entry exists.
    package func isMounted(at mountPoint: String, fileSystemType: String? = nil) -> Bool {
        let target = Self.normalize(mountPoint)
        return entries.contains { entry in
            Self.normalize(entry.mountPoint) == target
                && (fileSystemType.map { $0 == entry.fileSystemType } ?? true)
        }
    }

    private static func normalize(_ path: String) -> Substring {
        var path = Substring(path)
        while path.count > 1 && path.hasSuffix("/") {
            path = path.dropLast()
        }
        return path
    }
}
