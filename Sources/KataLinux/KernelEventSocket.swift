// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// A netlink socket that becomes readable when the kernel announces a change of one kind: a link
/// (rtnetlink's link group) or a device (uevents). What changed is not decoded: whoever waits looks
/// again at what it waits for, so a waiter cannot misread an announcement, only look once more.
///
/// Open it before the first look, so a change in between is not missed. A link socket stays in
/// the network namespace of the thread that opened it. The socket closes its descriptor when it
/// goes away.
package final class KernelEventSocket: Sendable {
    /// What the socket hears about.
    package enum Kind: Sendable {
        /// Links added, removed or changed (RTMGRP_LINK), in the opening thread's network namespace.
        case links
        /// Devices added, removed or changed (kobject uevents): CPUs, memory blocks, virtio ports.
        case devices
    }

    /// Readable once an announcement is queued; ``drain()`` empties it.
    package let descriptor: FileDescriptor

    /// Opens and subscribes a socket.
    /// - Parameter kind: what to hear about.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from socket(2) or bind(2).
    package init(_ kind: Kind) throws(Syscall.Error) {
        let (name, netlinkProtocol): (String, Int32) =
            switch kind {
            case .links: ("socket(NETLINK_ROUTE, RTMGRP_LINK)", 0)
            case .devices: ("socket(NETLINK_KOBJECT_UEVENT)", 15)
            }
        let fd = try Syscall.call(name) { ckl_netlink_event_socket(netlinkProtocol, 1) }
        descriptor = FileDescriptor(rawValue: fd)
    }

    deinit {
        _ = Glibc.close(descriptor.rawValue)
    }

    /// Discards the queued announcements.
    package func drain() {
        EventNotifier.drain(descriptor)
    }
}
