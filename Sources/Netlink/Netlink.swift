// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux
package import SystemPackage

/// rtnetlink (NETLINK_ROUTE): links, addresses, routes, neighbours, qdiscs and tc filters, in the
/// network namespace of the thread that opens the ``Netlink/Session``.
///
/// Requests are built as ``Netlink/Message`` values (pure, so tests compare their bytes) and sent
/// by a session over a ``Netlink/Transport``, which waits for the kernel's acknowledgement or
/// collects a dump.
package enum Netlink {
    /// A failure of a netlink request, naming the operation and the object it acted on.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable, SyscallErrorConvertible {
        /// A system call failed: on the socket, or (through ``NetworkNamespace``) the thread or
        /// setns(2) around the work.
        case syscall(Syscall.Error)
        /// The kernel refused the request: `operation` is e.g. `add address 10.0.0.5/24 to eth0`.
        case kernel(operation: String, errno: Errno)
        /// The kernel's answer did not parse.
        case malformed(operation: String, reason: String)
        /// No link, address or entry matches, e.g. `link "eth1"`.
        case notFound(String)
        /// A value given by the caller cannot be encoded: a bad IP or MAC text, a name too long.
        case invalidArgument(String)

        /// The errno of a refused request or failed system call, else nil.
        package var errno: Errno? {
            switch self {
            case .syscall(let error): error.errno
            case .kernel(_, let errno): errno
            case .malformed, .notFound, .invalidArgument: nil
            }
        }

        /// `add address 10.0.0.5/24 to eth0: File exists`, `link "eth1" not found`.
        package var description: String {
            switch self {
            case .syscall(let error): error.description
            case .kernel(let operation, let errno): "\(operation): \(errno.description)"
            case .malformed(let operation, let reason): "\(operation): malformed netlink answer: \(reason)"
            case .notFound(let what): "\(what) not found"
            case .invalidArgument(let reason): reason
            }
        }
    }

    // Message types and flags (linux/netlink.h, linux/rtnetlink.h).
    static let messageError: UInt16 = 2
    static let messageDone: UInt16 = 3
    static let flagRequest: UInt16 = 0x1
    static let flagMulti: UInt16 = 0x2
    static let flagAck: UInt16 = 0x4
    static let flagDump: UInt16 = 0x300
    static let flagReplace: UInt16 = 0x100
    static let flagExclusive: UInt16 = 0x200
    static let flagCreate: UInt16 = 0x400

    static let newLink: UInt16 = 16
    static let deleteLinkType: UInt16 = 17
    static let getLink: UInt16 = 18
    static let newAddress: UInt16 = 20
    static let deleteAddressType: UInt16 = 21
    static let getAddress: UInt16 = 22
    static let newRoute: UInt16 = 24
    static let deleteRouteType: UInt16 = 25
    static let getRoute: UInt16 = 26
    static let newNeighbor: UInt16 = 28
    static let getNeighbor: UInt16 = 30
    static let newQdisc: UInt16 = 36
    static let deleteQdiscType: UInt16 = 37
    static let getQdisc: UInt16 = 38
    static let newFilter: UInt16 = 44
    static let deleteFilterType: UInt16 = 45
    static let getFilter: UInt16 = 46

    /// `IFF_UP`.
    package static let interfaceUp: UInt32 = 0x1
    /// `IFF_LOOPBACK`.
    package static let interfaceLoopback: UInt32 = 0x8
    /// `IFF_NOARP`.
    package static let interfaceNoARP: UInt32 = 0x80

    /// `RT_TABLE_MAIN`.
    package static let mainTable: UInt32 = 254
    /// `RTPROT_KERNEL`: routes the kernel made for an address's subnet.
    package static let protocolKernel: UInt8 = 2
    /// `RTPROT_BOOT`: routes added by a configuring agent.
    package static let protocolBoot: UInt8 = 3
    /// `RTN_UNICAST`.
    package static let routeUnicast: UInt8 = 1
    /// `NUD_PERMANENT`.
    package static let neighborPermanent: UInt16 = 0x80
    /// `NUD_REACHABLE`.
    package static let neighborReachable: UInt16 = 0x02

    /// `TC_H_INGRESS`, the parent an ingress qdisc attaches to.
    package static let ingressParent: UInt32 = 0xFFFF_FFF1
    /// `ffff:`, the ingress qdisc's handle and its filters' parent.
    package static let ingressHandle: UInt32 = 0xFFFF_0000
}
