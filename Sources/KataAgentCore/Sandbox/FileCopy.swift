// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux

/// CopyFile: files pushed by a host without a shared file system, confined to the shared
/// containers directory.
enum FileCopy {
    /// The only tree CopyFile may write in.
    static let root = "/run/kata-containers/shared/containers/"

    /// One CopyFile request: a piece of a regular file, or a whole directory or symbolic link.
    struct Chunk: Sendable, Equatable {
        /// The absolute guest path.
        var path: String
        /// The whole file's size; the file goes into place once this much is written.
        var fileSize: Int64
        /// st_mode: the type bits say file, directory or link; the rest are permissions.
        var fileMode: UInt32
        /// Permissions for parent directories that do not exist yet.
        var dirMode: UInt32
        /// The owner.
        var uid: Int32
        /// The group.
        var gid: Int32
        /// Where in the file `data` goes.
        var offset: Int64
        /// File content, or a link's target.
        var data: [UInt8]
    }

    /// Writes one chunk (or a directory or symlink) as the request says.
    /// - Throws: ``KataError`` `invalidArgument` for a path outside ``root``, with `..`, or through a
    ///   symbolic link; `internal` for a failed write.
    static func apply(_ request: Chunk) throws {
        let path = request.path
        let components = path.split(separator: "/")
        guard path.hasPrefix(root), path.count > root.count, !components.contains(".."), !components.contains(".")
        else {
            throw KataError(.invalidArgument, "CopyFile: path \"\(path)\" must be a plain path under \(root)")
        }
        // Every directory on the way must be a real directory: a symlink planted by a container
        // would otherwise send the write elsewhere in the guest.
        var parent = ""
        for component in components.dropLast() {
            parent += "/\(component)"
            switch FileSystem.fileType(parent) {
            case nil:
                try perform("create \(parent)") {
                    try FileSystem.mkdirAll(parent, mode: .init(rawValue: request.dirMode & 0o777))
                }
            case .directory?:
                continue
            default:
                throw KataError(.invalidArgument, "CopyFile: \(parent) on the way to \(path) is not a directory")
            }
        }
        try perform("set the owner of \(parent)") {
            try ContainerSyscalls.changeOwner(
                parent, uid: UInt32(bitPattern: request.uid), gid: UInt32(bitPattern: request.gid))
        }
        let type = request.fileMode & 0o170000
        let permissions = UInt16(request.fileMode & 0o7777)
        switch type {
        case 0o040000:
            if let existing = FileSystem.fileType(path), existing != .directory {
                try perform("replace \(path)") { try FileSystem.remove(path) }
            }
            try perform("create directory \(path)") {
                try FileSystem.mkdirAll(path)
                try FileSystem.setPermissions(path, permissions)
                try ContainerSyscalls.changeOwner(
                    path, uid: UInt32(bitPattern: request.uid), gid: UInt32(bitPattern: request.gid))
            }
        case 0o120000:
            let target = String(decoding: request.data, as: UTF8.self)
            try perform("create symlink \(path)") {
                if request.offset == 0, FileSystem.fileType(path) != nil, FileSystem.fileType(path) != .directory {
                    try FileSystem.remove(path)
                }
                try FileSystem.symlink(at: path, to: target)
                try ContainerSyscalls.changeOwner(
                    path, uid: UInt32(bitPattern: request.uid), gid: UInt32(bitPattern: request.gid))
            }
        default:
            // Chunks go to a temporary file renamed into place once complete, so a reader never
            // sees half a file.
            let temporary = path + ".kata-copy.tmp"
            try perform("write \(path)") {
                if request.offset == 0, FileSystem.fileType(temporary) == .symbolicLink {
                    try FileSystem.remove(temporary)
                }
                let size = try FileSystem.write(
                    request.data, to: temporary, at: request.offset, mode: permissions)
                if size >= request.fileSize {
                    try FileSystem.setPermissions(temporary, permissions)
                    try ContainerSyscalls.changeOwner(
                        temporary, uid: UInt32(bitPattern: request.uid), gid: UInt32(bitPattern: request.gid))
                    try FileSystem.rename(temporary, to: path)
                }
            }
        }
    }

    private static func perform(_ what: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw KataError(.internal, "CopyFile: \(what) failed", underlying: error)
        }
    }
}
