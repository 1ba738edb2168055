// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
import SystemPackage

extension Netlink {
    /// A NETLINK_ROUTE socket in the network namespace of the thread that opened it; it stays in
    /// that namespace whatever the thread does later. Not thread-safe: one user at a time.
    ///
    /// The kernel answers rtnetlink requests inside sendmsg, so a request returns at once; recv
    /// waits only for answers already queued.
    package final class Socket {
        private let fd: Int32
        private var sequence: UInt32 = 0

        /// Opens and binds a socket.
        /// - Throws: ``Netlink/Error/syscall(_:)`` from socket or bind.
        package init() throws(Netlink.Error) {
            do {
                // SOCK_RAW | SOCK_CLOEXEC as numbers: see ckl_netlink_send.
                let type: Int32 = 3 | 0o2_000_000
                fd = try Syscall.call("socket(AF_NETLINK)") { ckl_netlink_route_socket(type) }
            } catch {
                throw .syscall(error)
            }
        }

        deinit {
            _ = close(fd)
        }

        /// Sends `message` with NLM_F_ACK and waits for the kernel's acknowledgement.
        /// - Parameters:
        ///   - message: the request.
        ///   - operation: what it does, for the error (`set eth0 up`).
        /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` when the kernel refuses it.
        package func execute(_ message: Message, operation: String) throws(Netlink.Error) {
            var message = message
            message.flags |= Netlink.flagAck
            _ = try exchange(message, operation: operation)
        }

        /// Sends a dump request (NLM_F_DUMP) and collects the answers' payloads of type `type`.
        /// - Parameters:
        ///   - message: the request; its flags are replaced by NLM_F_DUMP.
        ///   - type: the answers' message type (RTM_NEWLINK for a link dump).
        ///   - operation: what it lists, for the error.
        /// - Returns: each answer's payload (family header and attributes).
        /// - Throws: ``Netlink/Error``.
        func dump(_ message: Message, type: UInt16, operation: String) throws(Netlink.Error) -> [ArraySlice<UInt8>] {
            var message = message
            message.flags = Netlink.flagDump
            return try exchange(message, operation: operation).filter { $0.type == type }.map(\.payload)
        }

        /// Sends a request and reads until its acknowledgement, error or end of dump.
        private func exchange(_ message: Message, operation: String) throws(Netlink.Error) -> [Received] {
            sequence &+= 1
            let expected = sequence
            let bytes = message.encoded(sequence: expected)
            let sent = bytes.withUnsafeBytes { raw in
                Syscall.valueOrErrno { ckl_netlink_send(fd, raw.baseAddress, UInt(raw.count)) }
            }
            if case .failure(let errno) = sent {
                throw .syscall(.syscall(name: "send(AF_NETLINK)", path: operation, errno: errno))
            }
            var collected: [Received] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { raw in
                    Syscall.valueOrErrno { ckl_netlink_recv(fd, raw.baseAddress, UInt(raw.count)) }
                }
                let length: Int
                switch count {
                case .success(let value): length = value
                case .failure(let errno):
                    throw .syscall(.syscall(name: "recv(AF_NETLINK)", path: operation, errno: errno))
                }
                guard let messages = Netlink.split(buffer[0..<length]) else {
                    throw .malformed(operation: operation, reason: "a message length runs past the datagram")
                }
                for received in messages where received.sequence == expected {
                    switch received.type {
                    case Netlink.messageError:
                        let code = Int32(
                            bitPattern: received.payload.integer(UInt32.self, at: received.payload.startIndex))
                        if code != 0 { throw .kernel(operation: operation, errno: Errno(rawValue: -code)) }
                        return collected
                    case Netlink.messageDone:
                        return collected
                    default:
                        collected.append(received)
                        if received.flags & Netlink.flagMulti == 0, message.flags & Netlink.flagAck == 0 {
                            return collected
                        }
                    }
                }
            }
        }
    }
}
