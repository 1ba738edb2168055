// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

extension Netlink {
    /// An IPv4 or IPv6 address: 4 or 16 bytes in network order.
    package struct IPAddress: Sendable, Hashable, CustomStringConvertible {
        /// The address family.
        package enum Family: UInt8, Sendable, Hashable {
            /// `AF_INET`.
            case v4 = 2
            /// `AF_INET6`.
            case v6 = 10
        }

        /// The address bytes, network order.
        package let bytes: [UInt8]

        /// The family, from the length.
        package var family: Family { bytes.count == 4 ? .v4 : .v6 }

        /// Parses `10.0.0.5` or `fe80::1`.
        /// - Parameter text: the address text, without a prefix.
        package init?(_ text: String) {
            var v4 = in_addr()
            if inet_pton(AF_INET, text, &v4) == 1 {
                bytes = withUnsafeBytes(of: v4) { Array($0) }
                return
            }
            var v6 = in6_addr()
            if inet_pton(AF_INET6, text, &v6) == 1 {
                bytes = withUnsafeBytes(of: v6) { Array($0) }
                return
            }
            return nil
        }

        /// An address from its bytes.
        /// - Parameter bytes: 4 or 16 bytes; anything else is nil.
        package init?(bytes: some Collection<UInt8>) {
            guard bytes.count == 4 || bytes.count == 16 else { return nil }
            self.bytes = Array(bytes)
        }

        /// The all-zero address of `family` (`0.0.0.0`, `::`).
        /// - Parameter family: the family.
        /// - Returns: the address.
        package static func zero(_ family: Family) -> IPAddress {
            switch family {
            case .v4: IPAddress(uncheckedBytes: [0, 0, 0, 0])
            case .v6: IPAddress(uncheckedBytes: [UInt8](repeating: 0, count: 16))
            }
        }

        private init(uncheckedBytes: [UInt8]) {
            self.bytes = uncheckedBytes
        }

        /// `10.0.0.5`, `fe80::1`.
        package var description: String {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let domain = family == .v4 ? AF_INET : AF_INET6
            let written = bytes.withUnsafeBytes { raw in
                inet_ntop(domain, raw.baseAddress, &buffer, socklen_t(buffer.count))
            }
            guard written != nil else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// An Ethernet MAC address.
    package struct MACAddress: Sendable, Hashable, CustomStringConvertible {
        /// The six bytes.
        package let bytes: [UInt8]

        /// Parses `aa:bb:cc:dd:ee:ff` (case-insensitive).
        /// - Parameter text: the text.
        package init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6 else { return nil }
            var bytes: [UInt8] = []
            for part in parts {
                guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
                bytes.append(byte)
            }
            self.bytes = bytes
        }

        /// A MAC from its bytes.
        /// - Parameter bytes: six bytes; anything else is nil.
        package init?(bytes: some Collection<UInt8>) {
            guard bytes.count == 6 else { return nil }
            self.bytes = Array(bytes)
        }

        /// `aa:bb:cc:dd:ee:ff`, lower case.
        package var description: String {
            bytes.map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined(separator: ":")
        }
    }
}
