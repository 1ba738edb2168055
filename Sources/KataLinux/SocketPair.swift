// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// why: SOCK_* come from the socket header CKataLinux also includes; a compiler batch that
// imports CKataLinux first attributes them to it, and a file importing only Glibc then cannot
// find them (Swift 6.3, depending on how files fall into batches).
import CKataLinux
import Glibc
package import SystemPackage

/// A connected pair of unix stream sockets (socketpair(2)).
package enum SocketPair {
    /// Creates a connected pair of unix stream sockets, both close-on-exec; the caller owns both.
    /// - Returns: the two ends; bytes written to one are read from the other.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `socketpair`.
    package static func stream() throws(Syscall.Error) -> (FileDescriptor, FileDescriptor) {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        _ = try Syscall.call("socketpair") { socketpair(AF_UNIX, type, 0, &fds) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Switches `fd` to non-blocking mode, so that read and write answer `EAGAIN` instead of waiting.
    /// - Parameter fd: the descriptor; it stays open.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `fcntl`.
    package static func setNonBlocking(_ fd: FileDescriptor) throws(Syscall.Error) {
        let flags = try Syscall.call("fcntl") { fcntl(fd.rawValue, F_GETFL) }
        _ = try Syscall.call("fcntl") { fcntl(fd.rawValue, F_SETFL, flags | O_NONBLOCK) }
    }
}
