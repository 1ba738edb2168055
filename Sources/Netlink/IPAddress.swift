// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// An IPv4 or IPv6 address: 4 or 16 bytes in network order.
    ///
    /// Text is parsed and printed here rather than by inet_pton(3)/inet_ntop(3): the forms are
    /// glibc's (dotted quads without leading zeros; IPv6 with one `::` and an optional dotted
    /// tail; inet_ntop's compressed output), so the text is what `ip` shows, without libc.
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
            let utf8 = Array(text.utf8)
            guard let bytes = Self.parseV4(utf8[...]) ?? Self.parseV6(utf8[...]) else { return nil }
            self.bytes = bytes
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

        /// `10.0.0.5`, `fe80::1`, `::ffff:10.0.0.5`.
        package var description: String {
            family == .v4 ? Self.dottedQuad(bytes[...]) : Self.formatV6(bytes)
        }
    }
}

extension Netlink.IPAddress {
    /// Four decimal octets of 0-255 without leading zeros, as inet_pton(AF_INET) takes them.
    private static func parseV4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(Self.isDecimal) else { return nil }
            guard part.count == 1 || part.first != UInt8(ascii: "0") else { return nil }
            let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    /// Up to eight groups of 1-4 hex digits, at most one `::` standing for one or more zero
    /// groups, and an optional dotted quad as the last 32 bits, as inet_pton(AF_INET6) takes them.
    private static func parseV6(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let colon = UInt8(ascii: ":")
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var rest = text
        var compressed = false
        if rest.starts(with: [colon, colon]) {
            compressed = true
            rest = rest.dropFirst(2)
        } else if rest.first == colon {
            return nil
        }
        while !rest.isEmpty {
            let end = rest.firstIndex(of: colon) ?? rest.endIndex
            let token = rest[rest.startIndex..<end]
            if end == rest.endIndex, token.contains(UInt8(ascii: ".")) {
                guard let quad = parseV4(token) else { return nil }
                let groups = [UInt16(quad[0]) << 8 | UInt16(quad[1]), UInt16(quad[2]) << 8 | UInt16(quad[3])]
                if compressed { tail += groups } else { head += groups }
                rest = rest[end...]
                break
            }
            // The digit check comes first: UInt16(_:radix:) would also take a sign.
            guard (1...4).contains(token.count), token.allSatisfy(Self.isHex),
                let group = UInt16(String(decoding: token, as: UTF8.self), radix: 16)
            else { return nil }
            if compressed { tail.append(group) } else { head.append(group) }
            rest = rest[end...]
            guard rest.first == colon else { break }
            rest = rest.dropFirst()
            if rest.first == colon {
                guard !compressed else { return nil }
                compressed = true
                rest = rest.dropFirst()
            } else if rest.isEmpty {
                return nil  // a single trailing colon
            }
        }
        let count = head.count + tail.count
        guard compressed ? count < 8 : count == 8 else { return nil }
        let groups = head + [UInt16](repeating: 0, count: 8 - count) + tail
        return groups.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }

    private static func isDecimal(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDecimal(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    private static func dottedQuad(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map(String.init).joined(separator: ".")
    }

    /// inet_ntop(AF_INET6)'s text: lower-case groups without leading zeros, the first longest run
    /// of two or more zero groups as `::`, and a dotted tail for IPv4-mapped (`::ffff:a.b.c.d`)
    /// and IPv4-compatible (`::a.b.c.d`) addresses.
    private static func formatV6(_ bytes: [UInt8]) -> String {
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var best: Range<Int>?
        var start: Int?
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if start == nil { start = index }
                continue
            }
            if let first = start, index - first >= 2, index - first > (best?.count ?? 0) { best = first..<index }
            start = nil
        }
        if let best, best.lowerBound == 0, best.count == 6 || (best.count == 5 && groups[5] == 0xFFFF) {
            return (best.count == 6 ? "::" : "::ffff:") + dottedQuad(bytes[12...])
        }
        guard let best else { return groups.map { String($0, radix: 16) }.joined(separator: ":") }
        let before = groups[..<best.lowerBound].map { String($0, radix: 16) }.joined(separator: ":")
        let after = groups[best.upperBound...].map { String($0, radix: 16) }.joined(separator: ":")
        return before + "::" + after
    }
}

extension Netlink {
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
