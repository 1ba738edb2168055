// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// A NETLINK_ROUTE datagram socket, bound with a port id the kernel picks, in the network namespace
/// of the thread that opened it; it stays in that namespace whatever the thread does later.
///
/// Only the system calls live here: what the datagrams mean is the `Netlink` target's business.
/// The socket owns its descriptor and closes it when it goes away. Not thread-safe: one user at a
/// time.
package final class NetlinkSocket {
    /// Large enough for any rtnetlink answer: the kernel makes dump datagrams of at most 32 KiB
    /// (more only for a link whose attributes alone are larger), and recv(2) into a smaller
    /// buffer would cut one silently.
    private static let datagramCapacity = 65_536

    private let fd: Int32

    /// Opens and binds a socket in the calling thread's network namespace.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from socket(2) or bind(2).
    package init() throws(Syscall.Error) {
        // SOCK_RAW | SOCK_CLOEXEC as numbers: see ckl_netlink_send.
        let type: Int32 = 3 | 0o2_000_000
        fd = try Syscall.call("socket(AF_NETLINK)") { ckl_netlink_route_socket(type) }
    }

    deinit {
        _ = close(fd)
    }

    /// Sends one request datagram; the kernel handles an rtnetlink request inside this call and
    /// queues its answers before it returns.
    /// - Parameter datagram: the request's bytes.
    /// - Throws: the errno of send(2) (`EINTR` is retried); the caller names the request in its error.
    package func send(_ datagram: [UInt8]) throws(Errno) {
        let result = datagram.withUnsafeBytes { raw in
            Syscall.valueOrErrno { ckl_netlink_send(fd, raw.baseAddress, UInt(raw.count)) }
        }
        if case .failure(let errno) = result { throw errno }
    }

    /// Receives the next answer datagram, waiting until the kernel has queued one.
    /// - Returns: the datagram's bytes.
    /// - Throws: the errno of recv(2) (`EINTR` is retried).
    package func receive() throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Self.datagramCapacity)
        let result = buffer.withUnsafeMutableBytes { raw in
            Syscall.valueOrErrno { ckl_netlink_recv(fd, raw.baseAddress, UInt(raw.count)) }
        }
        switch result {
        case .success(let count):
            buffer.removeSubrange(count...)
            return buffer
        case .failure(let errno):
            throw errno
        }
    }
}
