// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux

extension VirtioSerialPort {
    /// Why a port cannot be used.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// No port of that name appeared within the timeout; `available` lists the names there are.
        case notFound(name: String, timeout: Duration, available: [String])
        /// poll(2) reported an error condition instead of readiness or hang-up.
        case unusable(devicePath: String, events: Poll.Events)

        /// A sentence naming the port and what to check.
        package var description: String {
            switch self {
            case .notFound(let name, let timeout, let available):
                "no virtio-serial port named '\(name)' appeared within \(timeout) (ports: "
                    + (available.isEmpty ? "none" : available.joined(separator: ", "))
                    + "); check that QEMU has -device virtserialport,name=\(name) and the guest loaded virtio_console"
            case .unusable(let devicePath, let events):
                "virtio-serial port \(devicePath) reports \(events) instead of a host connection"
            }
        }
    }
}
