// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Netlink
import Testing

/// `IPAddress` parses and prints without libc; these compare it with glibc's inet_pton(3) and
/// inet_ntop(3), which the agent and `ip` use, on the forms people write and on their edge cases.
@Suite("IP address text matches glibc")
struct IPAddressTextTests {
    private static func libcParse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }

    private static func libcText(_ bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let domain = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in
            inet_ntop(domain, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard written != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static let texts = [
        "0.0.0.0", "10.0.0.5", "255.255.255.255", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3",
        "01.2.3.4", "1.2.3.00", "1.2.3.0", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "0x1.2.3.4", "1.2.3.1000", "+1.2.3.4",
        "::", "::1", "1::", ":::", "1:::2", ":1::", "1::2::3", "fe80::1", "FE80::1", "fe80::1%eth0",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::",
        "1:2:3:4:5:6:7:", ":2:3:4:5:6:7:8", "12345::", "0000::", "00000::", "1:0:0:1:0:0:0:1", "::ffff:10.0.0.5",
        "::10.0.0.5", "::ffff:1.2.3", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4",
        "1:2:3:4:5:6::1.2.3.4", "::1.2.3.4:5", "::01.2.3.4", "::a.2.3.4", "::-1", "::+1", "::g", "2001:db8::/64",
        "", ":", ".", "1", "a", "::ffff:0:0", "64:ff9b::1.2.3.4",
    ]

    @Test("parsing accepts and rejects what inet_pton does", arguments: texts)
    func parse(_ text: String) {
        #expect(Netlink.IPAddress(text)?.bytes == Self.libcParse(text))
    }

    /// Addresses whose groups are mostly zero (where `::` placement and the dotted tails matter),
    /// from a fixed-seed generator so a failure repeats.
    static let generated: [[UInt8]] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var addresses: [[UInt8]] = [
            [UInt8](repeating: 0, count: 16), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 5],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 5], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0],
        ]
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                let group = next() % 3 == 0 ? UInt16(truncatingIfNeeded: next()) : 0
                bytes += [UInt8(truncatingIfNeeded: group >> 8), UInt8(truncatingIfNeeded: group)]
            }
            addresses.append(bytes)
        }
        addresses.append([192, 168, 1, 1])
        addresses.append([0, 0, 0, 0])
        return addresses
    }()

    @Test("printing matches inet_ntop, and the text parses back to the same bytes")
    func print() throws {
        for bytes in Self.generated {
            let address = try #require(Netlink.IPAddress(bytes: bytes))
            #expect(address.description == Self.libcText(bytes), "\(bytes)")
            #expect(Netlink.IPAddress(address.description) == address)
        }
    }
}
