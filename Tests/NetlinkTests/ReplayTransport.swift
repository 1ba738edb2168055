// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Netlink
import SystemPackage
import Testing

/// A transport that records every request a session sends and answers from a script of canned
/// datagrams, in order, as the kernel would have queued them.
final class ReplayTransport: Netlink.Transport {
    /// The datagrams sent so far.
    private(set) var sent: [[UInt8]] = []
    /// The datagrams still to be received.
    private(set) var answers: [[UInt8]]
    /// When set, every send fails with it (the kernel refusing the datagram itself).
    var sendFailure: Errno?

    init(answers: [[UInt8]] = []) {
        self.answers = answers
    }

    func send(_ datagram: [UInt8]) throws(Errno) {
        if let sendFailure { throw sendFailure }
        sent.append(datagram)
    }

    /// The next canned datagram. An empty script is a test mistake: the kernel's socket would block
    /// for ever, a nonblocking one would say EAGAIN, and that is what the session gets here.
    func receive() throws(Errno) -> [UInt8] {
        guard !answers.isEmpty else {
            Issue.record("the session waits for an answer the script does not have")
            throw .resourceTemporarilyUnavailable
        }
        return answers.removeFirst()
    }
}

/// Kernel answers, built as the kernel builds them: `nlmsghdr` with the port id the kernel gave
/// the socket (which sessions ignore), then the payload.
enum Answer {
    /// The port id of the answers; the session sends 0 and never looks at it.
    static let portID: UInt32 = 0x0000_2A2A

    /// One message: `nlmsghdr` (length, type, flags, sequence, port id) and `payload`, padded to 4.
    static func message(type: UInt16, flags: UInt16 = 0, sequence: UInt32, payload: [UInt8]) -> [UInt8] {
        var bytes = le(UInt32(16 + payload.count)) + le(type) + le(flags) + le(sequence) + le(portID) + payload
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }

    /// An NLMSG_ERROR acknowledgement (error 0) of `request`: the kernel echoes only its header.
    static func ack(of request: [UInt8], sequence: UInt32) -> [UInt8] {
        message(type: 2, flags: 0x100, sequence: sequence, payload: le(Int32(0)) + request.prefix(16))
    }

    /// An NLMSG_ERROR refusing `request` with `errno`: the kernel echoes the whole request.
    static func refusal(_ errno: Errno, of request: [UInt8], sequence: UInt32) -> [UInt8] {
        message(type: 2, sequence: sequence, payload: le(-errno.rawValue) + request)
    }

    /// The NLMSG_DONE that ends a dump, carrying the dump's result (0, or a negative errno).
    static func done(sequence: UInt32, result: Int32 = 0) -> [UInt8] {
        message(type: 3, flags: 0x2, sequence: sequence, payload: le(result))
    }

    /// A netlink attribute, padded to 4.
    static func attribute(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
        var bytes = le(UInt16(4 + value.count)) + le(type) + value
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }

    /// The bytes of `value`, little-endian (the host order netlink uses on x86_64 and arm64).
    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
