// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux
package import SystemPackage

extension Netlink {
    /// Where a ``Session``'s requests go and its answers come from: one datagram at a time, in
    /// the order the kernel would deliver them. The kernel's is KataLinux's `NetlinkSocket`; tests
    /// give a session one that records the requests and replays canned answers.
    package protocol Transport: AnyObject {
        /// Sends one request datagram.
        /// - Parameter datagram: an encoded ``Message`` (`nlmsghdr` and payload).
        /// - Throws: the errno of the send; the session names the request in its error.
        func send(_ datagram: [UInt8]) throws(Errno)

        /// Receives the next answer datagram, which may hold several messages; waits for one when
        /// none is queued.
        /// - Returns: the datagram's bytes.
        /// - Throws: the errno of the receive.
        func receive() throws(Errno) -> [UInt8]
    }
}

/// The kernel's transport: a NETLINK_ROUTE socket in the namespace of the thread that opened it.
extension NetlinkSocket: Netlink.Transport {}
