// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// why: SOCK_* come from the socket header CKataLinux also includes; a compiler batch that
// imports CKataLinux first attributes them to it, and a file importing only Glibc then cannot
// find them (Swift 6.3, depending on how files fall into batches).
import CKataLinux
import Glibc
package import SystemPackage

/// One request and its whole answer over a unix stream socket: connect, write, read until the peer
/// closes. Enough for an HTTP/1.1 request with `Connection: close`.
package enum UnixStreamExchange {
    /// Connects to `path`, writes `request` and reads until end of file.
    /// - Parameters:
    ///   - path: the socket's path; it must fit `sun_path` (107 bytes).
    ///   - request: the bytes to send.
    ///   - timeoutSeconds: the send and receive timeout (`SO_SNDTIMEO`/`SO_RCVTIMEO`); a read that
    ///     waits longer fails with `EAGAIN`.
    /// - Returns: everything the peer sent before closing.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: `ENOENT` from `connect` when nothing
    ///   exists at `path`, `ECONNREFUSED` when nobody listens, `ENAMETOOLONG` for a long path.
    package static func exchange(path: String, request: [UInt8], timeoutSeconds: Int) throws(Syscall.Error) -> [UInt8] {
        let fd = try connectedSocket(path: path, timeoutSeconds: timeoutSeconds)
        defer { _ = close(fd) }
        var sent = 0
        while sent < request.count {
            let written = request.withUnsafeBytes { raw in
                // SAFETY: `sent` < `request.count`, so the base plus `sent` stays inside the buffer.
                Syscall.valueOrErrno { write(fd, raw.baseAddress.map { $0 + sent }, raw.count - sent) }
            }
            sent += try Syscall.unwrap(written, "write", path: path)
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let result = buffer.withUnsafeMutableBytes { raw in
                Syscall.valueOrErrno { read(fd, raw.baseAddress, raw.count) }
            }
            let count = try Syscall.unwrap(result, "read", path: path)
            if count == 0 { return answer }
            answer.append(contentsOf: buffer[0..<count])
        }
    }

    /// A unix stream socket connected to `path`, close-on-exec, with send and receive timeouts.
    /// - Parameters:
    ///   - path: the socket's path.
    ///   - timeoutSeconds: `SO_SNDTIMEO`/`SO_RCVTIMEO`; 0 means none.
    /// - Returns: the descriptor; the caller closes it.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `socket`, `setsockopt` or `connect`.
    static func connectedSocket(path: String, timeoutSeconds: Int) throws(Syscall.Error) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try Syscall.call("socket", path: path) { socket(AF_UNIX, type, 0) }
        do {
            try setTimeouts(fd, seconds: timeoutSeconds, path: path)
            try connect(fd, path: path)
        } catch {
            _ = close(fd)
            throw error
        }
        return fd
    }

    /// Sets (or with 0 clears) a socket's send and receive timeouts.
    /// - Parameters:
    ///   - fd: the socket.
    ///   - seconds: the timeout; 0 waits forever.
    ///   - path: what the socket is connected to, for error messages.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `setsockopt`.
    static func setTimeouts(_ fd: Int32, seconds: Int, path: String) throws(Syscall.Error) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        try Syscall.call("setsockopt(SO_RCVTIMEO)", path: path) {
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        }
        try Syscall.call("setsockopt(SO_SNDTIMEO)", path: path) {
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
        }
    }

    private static func connect(_ fd: Int32, path: String) throws(Syscall.Error) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .syscall(name: "connect", path: path, errno: .fileNameTooLong)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            // SAFETY: the guard above keeps the copy and its terminating zero inside `sun_path`.
            raw.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                Syscall.valueOrErrno { Glibc.connect(fd, socketAddress, length) }
            }
        }
        _ = try Syscall.unwrap(result, "connect", path: path)
    }
}
