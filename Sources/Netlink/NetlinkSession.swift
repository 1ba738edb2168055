// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage

extension Netlink {
    /// Sends rtnetlink requests over a ``Transport`` and reads the answers: the kernel's
    /// acknowledgement or refusal of a change, or the messages of a dump. Not thread-safe: one
    /// user at a time.
    ///
    /// The kernel answers rtnetlink requests inside sendmsg, so a request returns at once; the
    /// receive waits only for answers already queued.
    package final class Session {
        private let transport: any Transport
        private var sequence: UInt32 = 0

        /// A session over `transport`.
        /// - Parameter transport: where requests go; the session is its only user from now on.
        package init(transport: any Transport) {
            self.transport = transport
        }

        /// A session on a new NETLINK_ROUTE socket in the calling thread's network namespace.
        /// - Throws: ``Netlink/Error/syscall(_:)`` from socket or bind.
        package convenience init() throws(Netlink.Error) {
            do {
                self.init(transport: try NetlinkSocket())
            } catch {
                throw .syscall(error)
            }
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

        /// Sends a request and reads until its acknowledgement, error or end of dump. Answers to
        /// another sequence number (left over from an earlier request that failed half-way) are
        /// skipped.
        private func exchange(_ message: Message, operation: String) throws(Netlink.Error) -> [Received] {
            sequence &+= 1
            let expected = sequence
            do {
                try transport.send(message.encoded(sequence: expected))
            } catch {
                throw .syscall(.syscall(name: "send(AF_NETLINK)", path: operation, errno: error))
            }
            var collected: [Received] = []
            while true {
                let datagram: [UInt8]
                do {
                    datagram = try transport.receive()
                } catch {
                    throw .syscall(.syscall(name: "recv(AF_NETLINK)", path: operation, errno: error))
                }
                guard let messages = Netlink.split(datagram[...]) else {
                    throw .malformed(operation: operation, reason: "a message length runs past the datagram")
                }
                for received in messages where received.sequence == expected {
                    switch received.type {
                    case Netlink.messageError:
                        // struct nlmsgerr: a negative errno (0 for an acknowledgement), then the request's header.
                        let code = try Self.errorCode(received, operation: operation)
                        if code != 0 { throw .kernel(operation: operation, errno: Errno(rawValue: -code)) }
                        return collected
                    case Netlink.messageDone:
                        // Since Linux 4.15 a dump's end carries the dump's own result: a dump that
                        // failed part-way ends with its negative errno, not with an NLMSG_ERROR.
                        if received.payload.count >= 4 {
                            let code = try Self.errorCode(received, operation: operation)
                            if code < 0 { throw .kernel(operation: operation, errno: Errno(rawValue: -code)) }
                        }
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

        /// The `int` that starts an NLMSG_ERROR or NLMSG_DONE payload.
        private static func errorCode(_ received: Received, operation: String) throws(Netlink.Error) -> Int32 {
            guard received.payload.count >= 4 else {
                throw .malformed(operation: operation, reason: "an error message has no error code")
            }
            return Int32(bitPattern: received.payload.integer(UInt32.self, at: received.payload.startIndex))
        }
    }
}
