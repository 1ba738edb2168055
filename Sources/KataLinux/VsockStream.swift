// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// why: SOCK_* come from the socket header CKataLinux also includes; a compiler batch that
// imports CKataLinux first attributes them to it, and a file importing only Glibc then cannot
// find them (Swift 6.3, depending on how files fall into batches).
import CKataLinux
import Glibc
package import SystemPackage

/// Stream connections to a guest: AF_VSOCK, or Firecracker/Cloud Hypervisor's hybrid vsock (a unix
/// socket that forwards to a guest port after a `CONNECT <port>` line).
package enum VsockStream {
    /// Why a hybrid-vsock handshake failed.
    package enum HandshakeError: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        /// A system call failed.
        case syscall(Syscall.Error)
        /// The peer answered something other than `OK <port>`.
        case refused(String)

        /// What failed.
        package var description: String {
            switch self {
            case .syscall(let error): error.description
            case .refused(let answer): "HybridVsock trivial handshake failed with malformed response code: \(answer)"
            }
        }
    }

    /// `struct sockaddr_vm` from `<linux/vm_sockets.h>`, which Glibc's module map does not carry.
    private struct VsockAddress {
        var family = sa_family_t(40)  // AF_VSOCK
        var reserved: UInt16 = 0
        var port: UInt32
        var contextID: UInt32
        var zero: UInt32 = 0
    }

    /// Connects an AF_VSOCK stream socket to `contextID:port`.
    /// - Parameters:
    ///   - contextID: the guest's CID.
    ///   - port: the guest port.
    /// - Returns: the connected descriptor, close-on-exec; the caller closes it.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: `EAFNOSUPPORT` without vsock support,
    ///   `ENODEV`, `ECONNRESET` or `ETIMEDOUT` when the guest does not answer.
    package static func connect(contextID: UInt32, port: UInt32) throws(Syscall.Error) -> FileDescriptor {
        let name = "vsock://\(contextID):\(port)"
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try Syscall.call("socket(AF_VSOCK)", path: name) { socket(40, type, 0) }
        var address = VsockAddress(port: port, contextID: contextID)
        let length = socklen_t(MemoryLayout<VsockAddress>.size)
        let result = withUnsafePointer(to: &address) { pointer in
            // SAFETY: VsockAddress has sockaddr_vm's 16-byte layout; the kernel reads `length` bytes.
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                Syscall.valueOrErrno { Glibc.connect(fd, socketAddress, length) }
            }
        }
        do {
            _ = try Syscall.unwrap(result, "connect", path: name)
        } catch {
            _ = close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Connects to a hybrid-vsock unix socket and asks for `port`.
    /// - Parameters:
    ///   - path: the hybrid-vsock socket.
    ///   - port: the guest port.
    ///   - timeoutSeconds: the timeout for connecting and the handshake; cleared afterwards.
    /// - Returns: the connected descriptor; the caller closes it.
    /// - Throws: ``HandshakeError``.
    package static func connectHybrid(
        path: String, port: UInt32, timeoutSeconds: Int
    ) throws(HandshakeError)
        -> FileDescriptor
    {
        let fd: Int32
        do {
            fd = try UnixStreamExchange.connectedSocket(path: path, timeoutSeconds: timeoutSeconds)
        } catch {
            throw .syscall(error)
        }
        do {
            try handshake(FileDescriptor(rawValue: fd), port: port)
            try UnixStreamExchange.setTimeouts(fd, seconds: 0, path: path)
        } catch {
            _ = close(fd)
            if let handshakeError = error as? HandshakeError { throw handshakeError }
            if let syscallError = error as? Syscall.Error { throw .syscall(syscallError) }
            throw .refused("\(error)")
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Sends `CONNECT <port>\n` and expects a line starting with `OK`.
    /// - Parameters:
    ///   - fd: a connected hybrid-vsock socket; it stays open.
    ///   - port: the guest port.
    /// - Throws: ``HandshakeError``.
    package static func handshake(_ fd: FileDescriptor, port: UInt32) throws(HandshakeError) {
        do {
            try fd.writeAll(Array("CONNECT \(port)\n".utf8))
        } catch {
            throw .syscall(.syscall(name: "write", path: nil, errno: (error as? Errno) ?? .ioError))
        }
        var line: [UInt8] = []
        var byte: [UInt8] = [0]
        while line.last != 0x0A {
            let count: Int
            do {
                count = try byte.withUnsafeMutableBytes { raw in try fd.read(into: raw) }
            } catch {
                throw .syscall(.syscall(name: "read", path: nil, errno: (error as? Errno) ?? .ioError))
            }
            if count == 0 { break }
            line.append(byte[0])
        }
        let answer = String(decoding: line, as: UTF8.self).trimmingNewline()
        guard answer.hasPrefix("OK") else { throw .refused(answer) }
    }
}

extension String {
    /// The string without one trailing `\n` or `\r\n`.
    func trimmingNewline() -> String {
        var text = self
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
