// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux

extension FileSystem {
    /// The size of the file system holding `path`: block size times block count, as statfs(2)
    /// reports them (for a tmpfs, its `size=`).
    /// - Parameter path: any path on the file system.
    /// - Returns: the size in bytes.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `statfs`.
    package static func fileSystemSize(_ path: String) throws(Syscall.Error) -> UInt64 {
        var bytes: UInt64 = 0
        _ = try Syscall.call("statfs", path: path) { ckl_filesystem_size(path, &bytes) }
        return bytes
    }
}
