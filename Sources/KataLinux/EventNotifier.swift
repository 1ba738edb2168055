// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// Kernel event descriptors that become readable when something happens: eventfd(2) and
/// inotify(7). Both are non-blocking and close-on-exec; the caller owns them.
package enum EventNotifier {
    /// A new eventfd with counter 0.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `eventfd`.
    package static func eventFD() throws(Syscall.Error) -> FileDescriptor {
        FileDescriptor(rawValue: try Syscall.call("eventfd") { ckl_eventfd() })
    }

    /// A new inotify instance watching `path` for modification.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `inotify_init1` or
    ///   `inotify_add_watch`.
    package static func watchModifications(of path: String) throws(Syscall.Error) -> FileDescriptor {
        let fd = try Syscall.call("inotify_init1") { ckl_inotify() }
        do {
            try Syscall.call("inotify_add_watch", path: path) { ckl_inotify_watch_modify(fd, path) }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Reads and discards whatever is pending on a non-blocking descriptor.
    /// - Returns: the number of bytes drained; 0 when nothing was pending.
    @discardableResult
    package static func drain(_ fd: FileDescriptor) -> Int {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd.rawValue, $0.baseAddress, $0.count) }
            guard count > 0 else { return total }
            total += count
        }
    }
}
