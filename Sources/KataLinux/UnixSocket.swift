// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// Unix stream sockets by path: the listening socket a shim's `start` hands to its daemon, and the
/// probe that tells whether a daemon already listens on a path.
package enum UnixSocket {
    /// Creates a close-on-exec unix stream socket bound to `path` and listening.
    /// - Parameters:
    ///   - path: the socket file; it must not exist. At most 107 bytes.
    ///   - backlog: the listen backlog.
    /// - Returns: the listening descriptor, which the caller owns.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from socket, bind or listen (`EADDRINUSE`
    ///   when the path exists, `ENAMETOOLONG` when it is too long for `sun_path`).
    package static func listen(path: String, backlog: Int32 = 128) throws(Syscall.Error) -> FileDescriptor {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try Syscall.call("socket") { socket(AF_UNIX, type, 0) }
        do throws(Syscall.Error) {
            try withAddress(path) { (address, length) throws(Syscall.Error) in
                try Syscall.call("bind", path: path) { bind(fd, address, length) }
            }
            try Syscall.call("listen", path: path) { Glibc.listen(fd, backlog) }
        } catch {
            close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Whether something accepts connections on `path` (connects and closes at once).
    /// - Parameter path: the socket file.
    /// - Returns: true when the connect succeeded.
    package static func isAccepting(path: String) -> Bool {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard let fd = try? Syscall.call("socket", { socket(AF_UNIX, type, 0) }) else {
            return false
        }
        defer { close(fd) }
        let connected = try? withAddress(path) { (address, length) throws(Syscall.Error) in
            try Syscall.call("connect", path: path) { connect(fd, address, length) }
        }
        return connected != nil
    }

    private static func withAddress<Value>(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(Syscall.Error) -> Value
    ) throws(Syscall.Error) -> Value {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw .syscall(name: "bind", path: path, errno: .fileNameTooLong)
        }
        // SAFETY: sun_path is a fixed-size C array of `capacity` bytes; at most capacity - 1 are
        // written, and the struct was zeroed, so the path stays NUL-terminated.
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafePointer(to: &address) { pointer in
            // SAFETY: sockaddr_un is layout-compatible with the sockaddr header the kernel reads.
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                Swift.Result { () throws(Syscall.Error) -> Value in try body(socketAddress, length) }
            }
        }
        return try result.get()
    }
}
