// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// Blocking unix stream sockets bound to a path, with descriptor passing (`SCM_RIGHTS`).
package enum UnixSocket {
    /// Creates a socket bound to `path` and listening.
    /// - Parameters:
    ///   - path: the socket file (at most 107 bytes).
    ///   - backlog: the pending-connection queue length.
    ///   - replacingExisting: whether an existing file at `path` is removed first; without it an
    ///     existing path fails with `EADDRINUSE`, which is how a shim's `start` learns that another
    ///     one got there first.
    /// - Returns: the listening descriptor, close-on-exec; the caller owns it.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from socket, bind or listen.
    package static func listen(
        path: String, backlog: Int32 = 16, replacingExisting: Bool = true
    ) throws(Syscall.Error) -> FileDescriptor {
        let fd = try makeSocket(path)
        do {
            if replacingExisting { _ = unlink(path) }
            try withAddress(path) { (address, length) throws(Syscall.Error) in
                _ = try Syscall.call("bind", path: path) { Glibc.bind(fd.rawValue, address, length) }
            }
            _ = try Syscall.call("listen", path: path) { Glibc.listen(fd.rawValue, backlog) }
            return fd
        } catch {
            _ = Glibc.close(fd.rawValue)
            throw error
        }
    }

    /// Connects a new socket to the listener at `path`.
    /// - Parameter path: the socket file.
    /// - Returns: the connected descriptor, close-on-exec; the caller owns it.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from socket or connect (`ENOENT`,
    ///   `ECONNREFUSED` when nothing listens).
    package static func connect(path: String) throws(Syscall.Error) -> FileDescriptor {
        let fd = try makeSocket(path)
        do {
            try withAddress(path) { (address, length) throws(Syscall.Error) in
                _ = try Syscall.call("connect", path: path) { Glibc.connect(fd.rawValue, address, length) }
            }
            return fd
        } catch {
            _ = Glibc.close(fd.rawValue)
            throw error
        }
    }

    /// Accepts one connection on a listening socket, blocking until one arrives.
    /// - Parameter fd: the listening descriptor.
    /// - Returns: the connected descriptor, close-on-exec; the caller owns it.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from accept4.
    package static func accept(_ fd: FileDescriptor) throws(Syscall.Error) -> FileDescriptor {
        let raw = try Syscall.call("accept4") { ckl_accept_cloexec(fd.rawValue) }
        return FileDescriptor(rawValue: raw)
    }

    /// Writes all of `bytes`, attaching `descriptors` (at most 64) to the first write; a closed peer
    /// is `EPIPE`, never SIGPIPE.
    /// - Parameters:
    ///   - fd: a connected socket.
    ///   - bytes: the data.
    ///   - descriptors: descriptors to pass; the caller keeps its copies.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from sendmsg.
    package static func send(
        _ fd: FileDescriptor, _ bytes: [UInt8], descriptors: [FileDescriptor] = []
    ) throws(Syscall.Error) {
        var fds = descriptors.map(\.rawValue)
        var offset = 0
        repeat {
            let result = bytes.withUnsafeBytes { buffer in
                // SAFETY: offset < buffer.count (or both 0), so the pointer stays inside `bytes`.
                let start = buffer.baseAddress.map { $0 + offset }
                let count = buffer.count - offset
                return Syscall.valueOrErrno { ckl_send_with_fds(fd.rawValue, start, count, fds, Int32(fds.count)) }
            }
            let sent = try Syscall.unwrap(result, "sendmsg")
            fds = []
            offset += sent
        } while offset < bytes.count
    }

    /// Reads what is available, blocking until at least one byte arrives or the peer closes.
    /// - Parameters:
    ///   - fd: a connected socket.
    ///   - maximum: the most bytes to return.
    /// - Returns: the bytes read and any descriptors that came with them (close-on-exec, owned by
    ///   the caller); no bytes at end of stream.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from recvmsg (`ECONNRESET` when a
    ///   listener closed before accepting this connection).
    package static func receive(
        _ fd: FileDescriptor, maximum: Int = 65536
    ) throws(Syscall.Error) -> (bytes: [UInt8], descriptors: [FileDescriptor]) {
        var buffer = [UInt8](repeating: 0, count: maximum)
        var fds = [Int32](repeating: -1, count: 16)
        var count: Int32 = 0
        let result = buffer.withUnsafeMutableBytes { raw in
            Syscall.valueOrErrno { ckl_receive_with_fds(fd.rawValue, raw.baseAddress, raw.count, &fds, 16, &count) }
        }
        let read = try Syscall.unwrap(result, "recvmsg")
        return (Array(buffer[0..<read]), fds[0..<Int(count)].map { FileDescriptor(rawValue: $0) })
    }

    /// Whether something accepts connections on `path` (connects and closes at once).
    /// - Parameter path: the socket file.
    /// - Returns: true when the connect succeeded.
    package static func isAccepting(path: String) -> Bool {
        guard let fd = try? connect(path: path) else { return false }
        _ = Glibc.close(fd.rawValue)
        return true
    }

    /// Shuts down both directions, waking a thread blocked in ``receive(_:maximum:)`` with end of
    /// stream; the descriptor stays open.
    /// - Parameter fd: a connected socket.
    package static func shutdown(_ fd: FileDescriptor) {
        _ = Glibc.shutdown(fd.rawValue, Int32(SHUT_RDWR))
    }

    private static func makeSocket(_ path: String) throws(Syscall.Error) -> FileDescriptor {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let raw = try Syscall.call("socket", path: path) { socket(AF_UNIX, type, 0) }
        return FileDescriptor(rawValue: raw)
    }

    private static func withAddress(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(Syscall.Error) -> Void
    ) throws(Syscall.Error) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw .syscall(name: "bind", path: path, errno: .fileNameTooLong)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            // SAFETY: bytes.count < capacity, the size of sun_path; the rest stays zero (the NUL).
            raw.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2) + socklen_t(bytes.count + 1)
        let result = withUnsafePointer(to: &address) { pointer in
            // SAFETY: sockaddr_un starts with the sockaddr header; the kernel reads `length` bytes.
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { rebound in
                Result<Void, Syscall.Error> { () throws(Syscall.Error) in try body(rebound, length) }
            }
        }
        try result.get()
    }
}
