// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// File and directory operations the agent needs without Foundation: small files under /proc,
/// /sys and /etc, directory creation, symlinks.
package enum FileSystem {
    /// Reads a whole file as UTF-8 text (invalid bytes are replaced).
    ///
    /// Reads until end of file rather than trusting `st_size`, which is 0 for /proc and /sys files.
    /// - Parameters:
    ///   - path: the file to read.
    ///   - limit: the most bytes to read; a longer file is cut there.
    /// - Returns: the file's text.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `open` or `read`.
    package static func readFile(_ path: String, limit: Int = 1 << 20) throws(Syscall.Error) -> String {
        let fd = try Syscall.call("open", path: path) { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let result = chunk.withUnsafeMutableBytes { buffer in
                Syscall.valueOrErrno { read(fd, buffer.baseAddress, buffer.count) }
            }
            let count = try Syscall.unwrap(result, "read", path: path)
            if count == 0 {
                break
            }
            bytes.append(contentsOf: chunk[..<min(count, limit - bytes.count)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `contents` to a file, creating it (mode 0644) or truncating it.
    ///
    /// One `write` call for short contents, which is what cgroup and sysfs attribute files expect.
    /// - Parameters:
    ///   - contents: the text to write.
    ///   - path: the file to write.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `open` or `write`.
    package static func writeFile(_ contents: String, to path: String) throws(Syscall.Error) {
        let fd = try Syscall.call("open", path: path) {
            Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                // SAFETY: written < buffer.count, so the slice stays inside the buffer.
                let rest = UnsafeRawBufferPointer(rebasing: buffer[written...])
                return Syscall.valueOrErrno { Glibc.write(fd, rest.baseAddress, rest.count) }
            }
            written += try Syscall.unwrap(result, "write", path: path)
        }
    }

    /// Creates a directory and any missing parents, like `mkdir -p`; an existing directory is fine.
    /// - Parameters:
    ///   - path: the directory to create.
    ///   - mode: the permissions of each directory created (subject to the umask).
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `mkdir`, with `EEXIST` when a
    ///   component exists but is not a directory.
    package static func mkdirAll(
        _ path: String, mode: FilePermissions = FilePermissions(rawValue: 0o755)
    ) throws(Syscall.Error) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if fileType(prefix) == .directory {
                continue
            }
            let current = prefix
            let result = Syscall.valueOrErrno { mkdir(current, mode.rawValue) }
            switch result {
            case .success:
                continue
            case .failure(.fileExists) where fileType(current) == .directory:
                // Another process created it between the check and mkdir.
                continue
            case .failure(let errno):
                throw .syscall(name: "mkdir", path: current, errno: errno)
            }
        }
    }

    /// Whether this process may execute the file at `path` (access(2) with X_OK).
    /// - Parameter path: the file to look at.
    /// - Returns: true when it may.
    package static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// The type of the file at `path` without following a final symlink, or nil when there is none.
    /// - Parameter path: the file to look at.
    /// - Returns: the file's type, or nil when nothing is there.
    package static func fileType(_ path: String) -> FileType? {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            return nil
        }
        return FileMode(rawValue: status.st_mode).type
    }

    /// Whether `path`, after following symlinks, is a regular file.
    /// - Parameter path: the file to look at.
    /// - Returns: true when stat(2) finds a regular file.
    package static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && FileMode(rawValue: status.st_mode).type == .regular
    }

    /// Whether `path` matches the shell glob `pattern` where `*` and `?` never match `/`
    /// (fnmatch(3) with FNM_PATHNAME, the rule of Go's `filepath.Match`).
    /// - Parameters:
    ///   - path: the path to test.
    ///   - pattern: the glob.
    /// - Returns: whether it matches.
    package static func matches(_ path: String, glob pattern: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME) == 0
    }

    /// Whether anything (including a dangling symlink) exists at `path`.
    /// - Parameter path: the file to look for.
    /// - Returns: true when lstat(2) finds something.
    package static func exists(_ path: String) -> Bool {
        fileType(path) != nil
    }

    /// Removes a file or symlink (not a directory).
    /// - Parameter path: the file to remove.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `unlink`.
    package static func remove(_ path: String) throws(Syscall.Error) {
        try Syscall.call("unlink", path: path) { unlink(path) }
    }

    /// The target of the symbolic link at `path`.
    /// - Parameter path: the link.
    /// - Returns: its contents, as written when it was made.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `readlink` (`EINVAL` if not a link).
    package static func readLink(_ path: String) throws(Syscall.Error) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = try Syscall.call("readlink", path: path) { readlink(path, &buffer, buffer.count) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates an empty regular file at `path` unless something is there already (a bind-mount
    /// target for a file).
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `open`.
    package static func touch(_ path: String) throws(Syscall.Error) {
        guard !exists(path) else { return }
        let fd = try Syscall.call("open", path: path) { Glibc.open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644) }
        close(fd)
    }

    /// Writes `bytes` at `offset` of the file at `path`, creating it with `mode` when missing.
    /// - Parameters:
    ///   - bytes: the data.
    ///   - path: the file; a final symlink is refused (`ELOOP`).
    ///   - offset: where to write; 0 truncates the file first.
    ///   - mode: the permissions of a new file.
    /// - Returns: the file's size afterwards.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from open, pwrite or fstat.
    package static func write(
        _ bytes: [UInt8], to path: String, at offset: Int64, mode: UInt16
    ) throws(Syscall.Error) -> Int64 {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (offset == 0 ? O_TRUNC : 0)
        let fd = try Syscall.call("open", path: path) { Glibc.open(path, flags, mode_t(mode)) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                // SAFETY: written < buffer.count, so the slice stays inside the buffer.
                let rest = UnsafeRawBufferPointer(rebasing: buffer[written...])
                return Syscall.valueOrErrno { pwrite(fd, rest.baseAddress, rest.count, off_t(offset) + off_t(written)) }
            }
            written += try Syscall.unwrap(result, "pwrite", path: path)
        }
        var status = stat()
        try Syscall.call("fstat", path: path) { fstat(fd, &status) }
        return Int64(status.st_size)
    }

    /// Renames `source` to `destination`, replacing it.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `rename`.
    package static func rename(_ source: String, to destination: String) throws(Syscall.Error) {
        try Syscall.call("rename", path: destination) { Glibc.rename(source, destination) }
    }

    /// Removes an empty directory.
    /// - Parameter path: the directory.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `rmdir` (`ENOTEMPTY`, `EBUSY` for a
    ///   mount point).
    package static func removeDirectory(_ path: String) throws(Syscall.Error) {
        try Syscall.call("rmdir", path: path) { rmdir(path) }
    }

    /// Sets the permission bits of `path` (chmod(2)).
    /// - Parameters:
    ///   - path: the file.
    ///   - mode: the bits, e.g. `0o777`; set-id and sticky bits included.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `chmod`.
    package static func setPermissions(_ path: String, _ mode: UInt16) throws(Syscall.Error) {
        try Syscall.call("chmod", path: path) { chmod(path, mode_t(mode)) }
    }

    /// Creates a symbolic link at `path` pointing to `target`.
    /// - Parameters:
    ///   - path: where the link is created; it must not exist.
    ///   - target: the link's contents, relative to the link's directory unless absolute.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `symlink`, `EEXIST` if `path` exists.
    package static func symlink(at path: String, to target: String) throws(Syscall.Error) {
        try Syscall.call("symlink", path: path) { Glibc.symlink(target, path) }
    }

    /// The names in a directory, without `.` and `..`, in the order the kernel returns them.
    /// - Parameter path: the directory to list.
    /// - Returns: the entry names.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `opendir` or `readdir`.
    package static func directoryEntries(_ path: String) throws(Syscall.Error) -> [String] {
        guard let directory = opendir(path) else {
            throw .syscall(name: "opendir", path: path, errno: Errno(rawValue: errno))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            // readdir signals end and failure both by nil; only errno tells them apart.
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 {
                    throw .syscall(name: "readdir", path: path, errno: Errno(rawValue: errno))
                }
                return names
            }
            // SAFETY: d_name is a NUL-terminated array inside the dirent readdir returned, valid until
            // the next readdir call; String(cString:) copies it before then.
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." {
                names.append(name)
            }
        }
    }

    /// Opens a file and returns the descriptor, which the caller owns and must close.
    /// - Parameters:
    ///   - path: the file to open.
    ///   - mode: read, write or both.
    ///   - options: further `open(2)` flags; `O_CLOEXEC` is always added.
    /// - Returns: the open descriptor.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `open`.
    package static func open(
        _ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = []
    ) throws(Syscall.Error) -> FileDescriptor {
        let flags = mode.rawValue | options.rawValue | O_CLOEXEC
        let raw = try Syscall.call("open", path: path) { Glibc.open(path, flags) }
        return FileDescriptor(rawValue: raw)
    }
}
