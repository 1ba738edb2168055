// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Hex text for golden bytes.
package enum Hex {
    /// Bytes from hex text; whitespace between the digits is ignored.
    package static func bytes(_ text: String) -> [UInt8] {
        let digits = text.compactMap(\.hexDigitValue)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    /// Lower-case hex of `bytes`, no separators (also what fixes a generic `serializedBytes()`).
    package static func string(_ bytes: [UInt8]) -> String {
        string(sequence: bytes)
    }

    /// Lower-case hex of `bytes`, no separators.
    package static func string(_ bytes: some Sequence<UInt8>) -> String {
        string(sequence: bytes)
    }

    private static func string(sequence bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }

    /// The hex of `text`'s UTF-8 bytes, so string fields read as text in expectations.
    package static func ascii(_ text: String) -> String {
        string(text.utf8)
    }
}

extension [UInt8] {
    /// Bytes from hex text; whitespace between the digits is ignored.
    package init(hex text: String) {
        self = Hex.bytes(text)
    }
}
