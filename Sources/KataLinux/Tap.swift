// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// Tap devices (`ip tuntap add NAME mode tap vnet_hdr`), created by opening their queues.
package enum Tap {
    /// Opens `queues` queue descriptors of the tap `name` (TAP | NO_PI | VNET_HDR, and MULTI_QUEUE
    /// when `queues` > 1), creating it in the calling thread's network namespace. The tap is not
    /// persistent: it disappears when the last descriptor closes (for a VM, when QEMU exits).
    /// - Parameters:
    ///   - name: the tap's name (at most 15 bytes).
    ///   - queues: how many queues, at least 1.
    /// - Returns: the queue descriptors, close-on-exec; the caller owns them.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from open or TUNSETIFF (`EBUSY` when a
    ///   tap of that name exists with other flags).
    package static func open(name: String, queues: Int = 1) throws(Syscall.Error) -> [FileDescriptor] {
        let flags = ckl_tap_flags(queues > 1 ? 1 : 0)
        var descriptors: [FileDescriptor] = []
        do throws(Syscall.Error) {
            for _ in 0..<max(1, queues) {
                let fd = try FileSystem.open("/dev/net/tun", .readWrite)
                descriptors.append(fd)
                try Syscall.call("ioctl(TUNSETIFF)", path: name) { ckl_tap_attach(fd.rawValue, name, flags) }
            }
        } catch {
            for descriptor in descriptors { try? descriptor.close() }
            throw error
        }
        return descriptors
    }
}
